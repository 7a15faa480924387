"""简/繁 conversion with OpenCC: script modes, detection, the mode → configuration table.

A *mode* is what the reader asks for (``original``, ``hans``, ``hant``, ``tw``,
``hk``); a *source* is the script an issue is written in (``hans``, ``hant``,
``tw``, ``hk``, or ``other`` for text that is not Chinese). Together they pick
an OpenCC configuration (:func:`opencc_config`), or a chain of two written
``"hk2t+t2tw"``: OpenCC has no direct Hong Kong ↔ Taiwan configuration, so
the text goes through OpenCC standard traditional, which is what ``hk2t`` and
``t2tw`` are defined against.

The converters themselves (OpenCC imported on first use, each built once)
are in :mod:`reader.converters`; they are importable from here too.
:func:`convert_issue` converts an issue's distinct texts as the lines of one
text, so a whole issue costs little more than OpenCC's own time on the same
text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.converters import (
    CHAIN_SEPARATOR,
    Converter,
    ScriptError,
    built_converter,
    clear_converters,
    get_converter,
    warm_up,
)
from reader.issue.clean import clean_text
from reader.issue.model import Issue, block_texts

__all__ = [
    "MODES",
    "MODE_LABELS",
    "PHRASES_WARNING",
    "SOURCES",
    "TRADITIONAL_MODES",
    "Converter",
    "ScriptError",
    "built_converter",
    "check_mode",
    "clear_converters",
    "convert_issue",
    "convert_text",
    "get_converter",
    "language_source",
    "opencc_config",
    "source_script",
    "text_source",
    "toggle_target",
    "traditional_variant",
    "warm_up",
]

MODES = ("original", "hans", "hant", "tw", "hk")
MODE_LABELS = {
    "original": "original",
    "hans": "简体",
    "hant": "繁體",
    "tw": "臺灣正體",
    "hk": "香港繁體",
}
SOURCES = ("hans", "hant", "tw", "hk", "other")
TRADITIONAL_MODES = ("hant", "tw", "hk")
PHRASES_WARNING = (
    "Regional phrase conversion (e.g. 软件→軟體) can be wrong: OpenCC swaps whole words from a "
    "fixed list and sometimes swaps ones it should not (勇敢的士兵 → 勇敢計程車兵)."
)


def check_mode(mode: str) -> str:
    """Return ``mode`` when it is a script mode; else raise ScriptError listing the valid ones."""
    if mode not in MODES:
        raise ScriptError(f"unknown script mode {mode!r}; valid modes: {', '.join(MODES)}")
    return mode


# --- which script an issue is written in -------------------------------------

_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
_CHINESE_LANGUAGES = ("zh", "cmn", "yue")
_HK_REGIONS = ("hk", "mo")
_HANS_REGIONS = ("cn", "sg", "my")
SAMPLE_CHARS = 4_000
SAMPLE_SHARE = 120  # at least this many characters from each article sampled

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA_HANGUL = re.compile("[\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]")
_OTHER_LETTERS = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def source_script(issue: Issue) -> tuple[str, str, bool]:
    """The script ``issue`` is written in: ``(source, how it was decided, detected)``.

    ``source`` is one of :data:`SOURCES`. The issue's ``language`` decides
    when it is a language tag (``"language zh-Hant-TW"``); without one the
    text decides (``"detected from the text: traditional"``, ``detected`` is
    True). Detection builds the ``t2s`` and ``s2t`` converters, so it raises
    ScriptError when OpenCC is missing; call it off the start-up path.
    """
    tag = (issue.language or "").strip()
    if tag and _TAG.fullmatch(tag):
        return _script_from_language(tag), f"language {tag}", False
    source, found = _detect(_sample(issue))
    how = f"detected from the text: {found}"
    if tag:
        how += f" (language {tag!r} is not a language tag)"
    return source, how, True


def language_source(tag: str | None) -> str | None:
    """The script a language tag names (``zh-Hant-TW`` → tw, ``en`` → other); None when
    ``tag`` is missing or not a language tag, so the text has to decide."""
    tag = (tag or "").strip()
    if tag and _TAG.fullmatch(tag):
        return _script_from_language(tag)
    return None


def text_source(text: str) -> str:
    """The script ``text`` alone is written in: hans, hant or other (detected, never a region).

    For short texts whose issue is not at hand (a bookmark, a search hit). Builds the
    ``t2s`` and ``s2t`` converters on first use; raises ScriptError without OpenCC.
    """
    return _detect(text)[0]


def _script_from_language(tag: str) -> str:
    """The source script a BCP 47 tag names: zh-Hans → hans, zh-TW → tw, en → other."""
    parts = re.split(r"[-_]", tag.lower())
    language = parts[0]
    if language == "zh" and len(parts) > 1 and len(parts[1]) == 3 and parts[1].isalpha():
        language = parts[1]  # an extended language subtag: zh-yue, zh-cmn
    if language not in _CHINESE_LANGUAGES:
        return "other"
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if script == "hans":
        return "hans"
    if script not in (None, "hant"):
        return "other"  # zh-Latn (pinyin), zh-Bopo and the like
    if region == "tw":
        return "tw"
    if region in _HK_REGIONS:
        return "hk"
    if script == "hant":
        return "hant"
    if region in _HANS_REGIONS or language != "yue":
        return "hans"
    return "hk"  # written Cantonese without a region is Hong Kong usage


def _sample(issue: Issue, limit: int = SAMPLE_CHARS) -> str:
    """About ``limit`` characters of the issue's text, an equal share from articles all
    through the issue (one long English article must not decide a Chinese paper)."""
    articles = list(issue.articles())
    share = max(limit // max(1, len(articles)), SAMPLE_SHARE)
    step = max(1, -(-len(articles) * share // limit))  # every article, or every step-th
    texts = [issue.paper[:share]]
    for section, article in articles[::step]:
        budget = share
        pieces = [section.title, article.headline, article.kicker, article.subheadline]
        pieces.extend(text for block in article.body for text in block_texts(block))
        for text in pieces:
            if text:
                texts.append(text[:budget])
                budget -= len(texts[-1])
            if budget <= 0:
                break
    return "\n".join(texts)


def _detect(text: str) -> tuple[str, str]:
    """Decide simplified or traditional by what t2s and s2t change in ``text``."""
    han = len(_HAN.findall(text))
    if han == 0:
        return "other", "not Chinese (no Chinese characters)"
    if len(_KANA_HANGUL.findall(text)) * 10 > han or len(_OTHER_LETTERS.findall(text)) > 3 * han:
        return "other", "not Chinese (mostly other letters)"
    text = clean_text(text)
    traditional = _changed(text, get_converter("t2s").convert(text))
    simplified = _changed(text, get_converter("s2t").convert(text))
    if traditional > simplified:
        return "hant", "traditional"
    if simplified > traditional:
        return "hans", "simplified"
    return "hans", "simplified (no character tells the two apart)"


def traditional_variant(text: str) -> str:
    """Which traditional Chinese ``text`` is written in: ``tw`` (Taiwan's forms: 裡 著
    為), ``hk`` (Hong Kong's: 裏 着 綫), or ``hant`` when nothing tells them apart
    or the text keeps neither (OpenCC's own standard forms such as 爲 羣).

    Text already in a variant's forms is left as it is by OpenCC's ``t2tw`` or
    ``t2hk``: the variant whose conversion changes clearly fewer characters wins,
    provided it changes almost none (2% of the Chinese characters at most).
    Raises ScriptError when OpenCC is not available.
    """
    text = clean_text(text[: SAMPLE_CHARS * 10])
    han = len(_HAN.findall(text))
    if han == 0:
        return "hant"
    tw = _changed(text, get_converter("t2tw").convert(text))
    hk = _changed(text, get_converter("t2hk").convert(text))
    if tw == hk:
        return "hant"
    best, changes = ("tw", tw) if tw < hk else ("hk", hk)
    return best if changes * 50 <= han else "hant"


def _changed(before: str, after: str) -> int:
    """How many characters differ, line by line (OpenCC keeps the lines)."""
    count = 0
    for old, new in zip(before.split("\n"), after.split("\n"), strict=False):
        count += sum(a != b for a, b in zip(old, new, strict=False)) + abs(len(old) - len(new))
    return count


# --- mode and source → OpenCC configuration ------------------------------------

# (mode, source) → configuration. Pairs not listed need no conversion: the mode
# equals the source, or the source is not Chinese.
_CONFIGS: dict[tuple[str, str], str] = {
    ("hans", "hant"): "t2s",
    ("hans", "tw"): "tw2s",
    ("hans", "hk"): "hk2s",
    ("hant", "hans"): "s2t",
    ("hant", "tw"): "tw2t",
    ("hant", "hk"): "hk2t",
    ("tw", "hans"): "s2tw",
    ("tw", "hant"): "t2tw",
    ("tw", "hk"): "hk2t+t2tw",
    ("hk", "hans"): "s2hk",
    ("hk", "hant"): "t2hk",
    ("hk", "tw"): "tw2t+t2hk",
}
# With regional phrases. OpenCC has phrase tables only between simplified and
# the Taiwan / Hong Kong variants; every other pair stays as above.
_PHRASE_CONFIGS: dict[tuple[str, str], str] = {
    ("hans", "tw"): "tw2sp",
    ("hans", "hk"): "hk2sp",
    ("tw", "hans"): "s2twp",
    ("hk", "hans"): "s2hkp",
}


# The quotation-mark stage that ends a chain into a mode: 「」 for Taiwan and Hong Kong,
# “” for simplified; hant (OpenCC's standard forms) keeps the marks it is given.
_QUOTE_STAGE = {"tw": "corner", "hk": "corner", "hans": "curly"}


def opencc_config(mode: str, source: str, regional_phrases: bool = False) -> str | None:
    """The OpenCC configuration (or ``a+b`` chain) that turns ``source`` text into ``mode``.

    None when nothing is to be converted: mode ``original``, a mode equal to
    the source, or a source that is not Chinese.
    """
    check_mode(mode)
    if source not in SOURCES:
        raise ScriptError(f"unknown source script {source!r}; valid: {', '.join(SOURCES)}")
    key = (mode, source)
    config: str | None = _CONFIGS.get(key)
    if regional_phrases and key in _PHRASE_CONFIGS:
        config = _PHRASE_CONFIGS[key]
    if config is None:
        return None
    # Quotation marks as the target's papers print them (see reader.quotes).
    quotes = _QUOTE_STAGE.get(mode)
    return config if quotes is None else f"{config}{CHAIN_SEPARATOR}{quotes}"


def toggle_target(source: str, traditional: str = "tw") -> str:
    """The mode key ``t`` switches to from the original.

    A simplified issue turns traditional (``traditional``: hant, tw or hk, from
    the settings); a traditional one turns simplified. A source that is not
    Chinese gives ``original``: there is nothing to switch to.
    """
    if traditional not in TRADITIONAL_MODES:
        valid = ", ".join(TRADITIONAL_MODES)
        raise ScriptError(f"unknown traditional variant {traditional!r}; valid: {valid}")
    if source == "hans":
        return traditional
    if source in TRADITIONAL_MODES:
        return "hans"
    if source == "other":
        return "original"
    raise ScriptError(f"unknown source script {source!r}; valid: {', '.join(SOURCES)}")


# --- whole texts and issues ----------------------------------------------------


def convert_text(text: str, config: str) -> str:
    """Clean ``text`` (:func:`reader.issue.clean.clean_text`) and convert it with ``config``.

    Safe on any string: control and escape sequences are removed as on
    loading, NUL and lone surrogates dropped, and the rest converted.
    """
    return get_converter(config).convert(clean_text(text))


def convert_issue(issue: Issue, mode: str, regional_phrases: bool = False) -> Issue:
    """``issue`` with every text a reader sees converted to ``mode``.

    Returns the same object when nothing changes (mode ``original``, the
    issue's own script, or text that is not Chinese). Ids, the language and
    photo file names are kept, but :attr:`Issue.identity` is built from the
    paper's name and so changes: key bookmarks and reading positions on the
    original issue. Raises ScriptError for an unknown mode or when OpenCC is
    not available.
    """
    check_mode(mode)
    if mode == "original":
        return issue
    config = opencc_config(mode, source_script(issue)[0], regional_phrases)
    if config is None:
        return issue
    table = _Table(get_converter(config), _issue_texts(issue))
    return issue.map_text(table.__getitem__)


class _Table(dict[str, str]):
    """Texts and their conversions; a text not in the table is converted when asked for.

    ``map_text(table.__getitem__)`` then looks each text up without a Python
    function call of its own.
    """

    __slots__ = ("_converter",)

    def __init__(self, converter: Converter, texts: Iterable[str]) -> None:
        super().__init__(converter.convert_many(texts))
        self._converter = converter

    def __missing__(self, text: str) -> str:
        return self._converter.convert(text)


def _issue_texts(issue: Issue) -> list[str]:
    """The texts :meth:`Issue.map_text` converts (any it misses are converted on their own)."""
    texts = [issue.paper, issue.edition, issue.source]
    add, extend = texts.append, texts.extend
    for section in issue.sections:
        extend((section.title, section.page))
        for a in section.articles:
            extend((a.headline, a.kicker, a.subheadline, a.column, a.dateline))
            for credit in (*a.byline, *a.credits):
                add(credit.role)
                extend(credit.names)
            for block in a.body:
                extend(block_texts(block))
    return [text for text in texts if text]
