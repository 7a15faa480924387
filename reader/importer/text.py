"""Raw page text: bytes to text, lines, blanks, and the shape of a line.

Everything here is about characters, not about newspapers: which encoding a
file is in, what counts as a blank, whether a line ends a sentence, whether it
is short enough to be a headline. Both scripts and both widths of punctuation
are handled alike.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from reader.issue.clean import clean_text

__all__ = [
    "CJK",
    "ImportFailed",
    "RawLine",
    "decode_page",
    "ends_sentence",
    "is_headish",
    "is_label_like",
    "join_text",
    "split_lines",
]

# Han ideographs (BMP blocks and the astral extensions), for character classes.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

HEAD_MAX = 40  # a headline, kicker or deck is rarely longer than this
SUBHEAD_MAX = 30
LABEL_MAX = 12  # a column label dropped into the text

# Blanks: ASCII spaces and tabs, U+3000, U+00A0 and the other Unicode spaces.
_BLANKS = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INDENT = re.compile("^[ \t\u00a0\u3000]{2,}|^\u3000")
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Characters YAML refuses even after cleaning (non-characters).
_NOT_YAML = re.compile("[\ufffe\uffff]")

_CLOSERS = "”’」』）)】》〉］]〕\"'"
_SENTENCE_END = frozenset("。．.！!？?…；;")
_PUNCT = re.compile(r"[，,、。．.！!？?…；;：:“”‘’「」『』《》〈〉（）()【】\[\]—－~～/／|｜\"']")
_EDITOR_SIGNED = re.compile(r"[—─－-]{1,2}\s*[编編]\s*者$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


class ImportFailed(Exception):
    """The page could not be imported; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class RawLine:
    """One non-blank input line: blanks collapsed, with its 1-based line number."""

    number: int
    text: str
    indented: bool
    blanks_before: int


# -- bytes to text ---------------------------------------------------------------------

_LEGACY = (("gb18030", "GB18030"), ("big5", "Big5"), ("cp950", "Big5 (cp950)"))


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, str, str | None]:
    """Decode a raw page: returns (text, encoding used, a note about the guess or None).

    With ``encoding`` given, only that is tried. Otherwise a BOM decides, then
    UTF-8, then GB18030 and Big5 (the usual legacy encodings of Chinese text);
    which of those two is meant is told from the bytes, because almost any
    Big5 text also decodes, as nonsense, as GB18030. Raises
    :class:`ImportFailed` for binary data and for text in no known encoding.
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise ImportFailed(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as err:
            raise ImportFailed(
                f"the input is not valid {encoding} (bad byte at offset {err.start})"
            ) from None
        if "\x00" in text:
            raise ImportFailed("the input holds NUL characters: it looks binary, not text")
        return _checked(text.lstrip("\ufeff")), codecs.lookup(encoding).name, None
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(name)), name, None
            except UnicodeDecodeError:
                raise ImportFailed(
                    f"the input starts with a {name} mark but is not valid"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        wide = _utf16_without_bom(data)
        if wide is not None:
            text, wide_codec = wide
            note = f"the input is {wide_codec.upper()} without a byte-order mark"
            return _checked(text), wide_codec, note
        raise ImportFailed(
            f"the input holds NUL bytes (the first at byte {nul}): it is binary, not text"
        )
    try:
        return _checked(data.decode("utf-8")), "utf-8", None
    except UnicodeDecodeError as err:
        bad = err.start
    decoded: dict[str, str] = {}
    for codec, _ in _LEGACY:
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise ImportFailed(
            f"the input is not UTF-8 (bad byte at offset {bad}), nor GB18030 nor Big5;"
            " give its encoding with --encoding"
        )
    big5 = _looks_big5(data)
    if big5 and "big5" in decoded:
        codec = "big5"
    elif big5 and "cp950" in decoded:
        codec = "cp950"
    else:
        codec = "gb18030" if "gb18030" in decoded else next(iter(decoded))
    label = dict(_LEGACY)[codec]
    others = [dict(_LEGACY)[c] for c in decoded if c != codec and dict(_LEGACY)[c] != label]
    note = f"the input is not UTF-8: decoded it as {label}"
    if others:
        note += f" (it also decodes as {others[0]}; if the text looks wrong, give --encoding)"
    return _checked(decoded[codec]), codec, note


_BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _checked(text: str) -> str:
    """The text, unless control characters show it to be binary data."""
    sample = text[:100_000]
    controls = len(_BINARY.findall(sample))
    if controls > 8 and controls * 100 > len(sample):
        raise ImportFailed(
            f"the input looks binary, not text ({controls} control characters in its first "
            f"{len(sample):,}); if it is text, give its encoding with --encoding"
        )
    return text


def _looks_big5(data: bytes) -> bool:
    """True when double-byte pairs look like Big5 rather than GB.

    GB2312 text, the bulk of GB18030 in practice, has both bytes of a pair in
    0xA1–0xFE; about a third of Big5's common characters have a second byte
    in 0x40–0x7E, which GB text hardly ever has.
    """
    pairs = low = 0
    i, n = 0, min(len(data), 200_000)
    while i < n - 1:
        if data[i] < 0x81:
            i += 1
            continue
        pairs += 1
        if 0x40 <= data[i + 1] <= 0x7E:
            low += 1
        i += 2
    return pairs > 0 and low * 10 > pairs


_COMMON = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: the byte order whose text is mostly common characters."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:20_000]
        if "\x00" not in text and len(_COMMON.findall(sample)) * 10 >= len(sample) * 9:
            return text, codec
    return None


# -- text to lines ---------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The blank-separated words of a word list written as one string."""
    return text.split()


def split_lines(text: str) -> list[RawLine]:
    """The non-blank lines of ``text``, blanks collapsed, with their line numbers.

    CRLF, CR and LF (and the Unicode line separators) all end a line. Control
    and invisible format characters are removed first (:func:`clean_text`),
    so nothing from the page can reach a terminal as a control sequence.
    """
    pieces = _LINE_BREAK.split(text)
    lines: list[RawLine] = []
    blanks = 0
    for number, piece in enumerate(pieces, 1):
        piece = _NOT_YAML.sub("", clean_text(piece)).replace("\n", " ")
        indented = _INDENT.match(piece) is not None
        stripped = _BLANKS.sub(" ", piece).strip()
        if not stripped:
            blanks += 1
            continue
        lines.append(RawLine(number, stripped, indented, blanks))
        blanks = 0
    return lines


# -- the shape of a line ---------------------------------------------------------------


def strip_closers(text: str) -> str:
    """The text without closing quotes and brackets at its end."""
    return text.rstrip(_CLOSERS + " ")


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (。！？…； or an editor's signature ——编者)."""
    if _EDITOR_SIGNED.search(text[-8:]):
        return True
    core = strip_closers(text)
    if core and core[-1] in _SENTENCE_END:
        return True
    # 第一段。（李平） or 他说。(见图): a bracketed aside after the full stop
    if text.endswith(("）", ")")):
        opening = max(text.rfind("（", -60), text.rfind("(", -60))
        if opening > 0:
            before = strip_closers(text[:opening])
            return bool(before) and before[-1] in _SENTENCE_END
    return False


_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("《", "》"))


def opens_unclosed(text: str) -> bool:
    """True when the text opens a quotation or bracket it does not close: it goes on."""
    return any(text.count(o) > text.count(c) for o, c in _PAIRS)


def is_headish(text: str, *, lead: bool = True, limit: int = HEAD_MAX) -> bool:
    """True when a line could be a headline, kicker, deck, label or subhead.

    Short, no full stop inside, and not ending a sentence (a closing ？ or ！
    is allowed in a short line). With ``lead`` a line may end in ： or ——, as
    a kicker does; without it such a line leads on into a paragraph. A line
    opening a quotation it does not close (“以前找工作要……) goes on: no heading.
    """
    if not text or len(text) > limit or "。" in text or opens_unclosed(text):
        return False
    core = strip_closers(text)
    if not core:
        return False
    last = core[-1]
    if last in "？?！!":
        return len(text) <= SUBHEAD_MAX
    if last in _SENTENCE_END:
        return False
    if last in "，,、；;":
        return False
    return lead or last not in "：:—－-"


def is_label_like(text: str) -> bool:
    """True for a short label without punctuation: 人大代表风采, （在现场）, 深阅读."""
    inner = text
    if len(inner) >= 3 and inner[0] in "（(【[［〔" and inner[-1] in "）)】]］〕":
        inner = inner[1:-1]
    if not inner or len(inner) > LABEL_MAX or " " in inner:
        return False
    return _PUNCT.search(inner.replace("·", "")) is None and not inner.isdigit()


def join_text(before: str, after: str) -> str:
    """Join two pieces of one paragraph: nothing between Chinese, a blank between words."""
    if before and after and _ASCII_WORD.match(before[-1]) and _ASCII_WORD.match(after[0]):
        return f"{before} {after}"
    return before + after
