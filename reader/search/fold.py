"""Search folding: one form of a text for matching, whatever its script, width or case.

:func:`fold` maps every character on its own, through three steps:

1. NFKC, so full-width forms become half-width (``ＡＢＣ`` → ``ABC``,
   ``（`` → ``(``) and compatibility characters are spelled out
   (``㈱`` → ``(株)``, ``ﬁ`` → ``fi``);
2. case folding (``ABC`` → ``abc``, ``ß`` → ``ss``);
3. OpenCC ``t2s`` applied to each character alone, so traditional characters
   become simplified ones (``黨`` → ``党``, ``臺`` → ``台``, ``裏``/``裡`` → ``里``),
   and corner brackets become curly quotes (``「`` → ``“``, ``『`` → ``‘``).
   Character by character, never by phrase: the same character always folds the
   same way, in the index and in a query alike.

Because each character is folded alone, the folded text is the concatenation
of the folded characters. Nearly always each character folds to exactly one,
so offsets in the folded text are offsets in the original; where one folds to
several (``㈱``, ``ß``), :func:`fold_map` gives the map back to the original.

Speed: the per-character results are kept in a table that ``str.translate``
reads, so after the first sight of a character folding runs at C speed
(tens of millions of characters a second). OpenCC is imported and built only
when a character outside ASCII is first seen, never when this module is
imported.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FOLD_VERSION", "Folded", "fold", "fold_map", "fold_version"]

# Bump when the folding rules change: stored folded text is then rebuilt.
FOLD_VERSION = 2  # 2: corner brackets fold to curly quotes
# Taiwan and Hong Kong print 「」『』 where simplified text prints “”‘’ (reader.quotes):
# a query quoted either way finds both.
_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}

_MAX_ROUNDS = 4  # fold(fold(x)) == fold(x): re-fold until stable, a few rounds at most


class _FoldTable(dict[int, str]):
    """Code point → folded text, filled in on first sight (``str.translate`` reads it)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _fold_char(ch)
        self[code] = folded
        return folded


_table = _FoldTable()
_t2s: Callable[[str], str] | None = None
_simplified: dict[str, str] = {}  # character → its t2s form, filled a batch at a time
_BATCH_BELOW = 8192  # while the table is this small, unseen characters are folded in one batch
_t2s_lock = threading.Lock()


def fold(text: str) -> str:
    """``text`` folded for search: NFKC, case-folded, traditional → simplified, per character."""
    if len(_table) < _BATCH_BELOW and not text.isascii():
        _prefill(text)
    return text.translate(_table)


def _prefill(text: str) -> None:
    """Fold ``text``'s unseen characters through OpenCC in one call rather than one call each
    (a process's first snippet: ~400 calls, 10 ms, became a few). Still character by
    character: each is converted alone, a line apart from the next, so no phrase spans two."""
    table = _table
    pending = {c for c in set(text) if ord(c) not in table}
    if len(pending) < 2:
        return
    convert = _t2s or _build_t2s()
    for _ in range(_MAX_ROUNDS):  # as _fold_char's rounds: what a conversion gives is folded too
        wanted: set[str] = set()
        quoted: set[str] = set()  # corner brackets become quotes, which are folded in turn
        for ch in pending:
            for c in unicodedata.normalize("NFKC", ch).casefold():
                if c in _QUOTES:
                    quoted.add(_QUOTES[c])
                elif _needs_t2s(c) and c not in _simplified:
                    wanted.add(c)
        wanted.update(c for c in quoted if _needs_t2s(c) and c not in _simplified)
        if not wanted:
            return
        chars = sorted(wanted)
        try:
            converted = convert("\n".join(chars)).split("\n")
        except Exception:  # OpenCC refuses one of them: each goes on its own, as before
            return
        if len(converted) != len(chars):
            return
        pending = set()
        for ch, result in zip(chars, converted, strict=True):
            _simplified[ch] = shown = result if len(result) == 1 else ch
            if shown != ch:
                pending.add(shown)


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and the way back to the text it came from.

    ``owners`` is None when every character folded to exactly one (offsets are
    then the same in both); otherwise ``owners[i]`` is the index of the
    original character that folded character ``i`` came from.
    """

    text: str
    original_length: int
    owners: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded ``[start, end)`` came from.

        A span that starts or ends inside the expansion of one character
        (``株`` inside ``(株)`` from ``㈱``) widens to that whole character.
        """
        if self.owners is None:
            return start, end
        if end <= start:
            at = self.owners[start] if start < len(self.owners) else self.original_length
            return at, at
        first = self.owners[start] if start < len(self.owners) else self.original_length
        last = self.owners[end - 1] + 1 if end - 1 < len(self.owners) else self.original_length
        return first, last


def fold_map(text: str) -> Folded:
    """``text`` folded, with the map from folded offsets back to ``text``'s."""
    if len(_table) < _BATCH_BELOW and not text.isascii():
        _prefill(text)
    folded = text.translate(_table)
    if len(folded) == len(text):  # no character folds to nothing, so all folded 1:1
        return Folded(folded, len(text))
    owners: list[int] = []
    table = _table
    for index, ch in enumerate(text):
        owners.extend([index] * len(table[ord(ch)]))
    return Folded(folded, len(text), tuple(owners))


def fold_version() -> str:
    """What the folding depends on, as one string: stored folds are stale when it changes."""
    opencc_version = _opencc_version()
    t2s = "t2s" if _build_t2s() is not _identity else "no-t2s"
    return f"{FOLD_VERSION}/unicode {unicodedata.unidata_version}/opencc {opencc_version} {t2s}"


def _opencc_version() -> str:
    """OpenCC's version: its ``__version__`` (importlib.metadata costs ~25 ms a process)."""
    try:
        import opencc

        found = getattr(opencc, "__version__", None)
        if isinstance(found, str) and found:
            return found
        from importlib.metadata import version

        return version("opencc")
    except Exception:  # not installed, or broken: folding still works without t2s
        return "unknown"


def _fold_char(ch: str) -> str:
    """One character folded; never empty (a character that would vanish is kept)."""
    current = ch
    for _ in range(_MAX_ROUNDS):
        step = unicodedata.normalize("NFKC", current).casefold()
        if not step.isascii():
            step = "".join(_QUOTES.get(c) or _simplify(c) for c in step)
        if step == current:
            break
        current = step
    return current or ch


def _needs_t2s(ch: str) -> bool:
    return not (ch.isascii() or not ch.isprintable() or "\ud800" <= ch <= "\udfff")


def _simplify(ch: str) -> str:
    """One character through OpenCC t2s on its own; itself when OpenCC cannot help."""
    if not _needs_t2s(ch):
        return ch
    known = _simplified.get(ch)
    if known is not None:
        return known
    convert = _t2s or _build_t2s()
    try:
        result = convert(ch)
    except Exception:  # OpenCC refuses the character: leave it as it is
        return ch
    return result if len(result) == 1 else ch


def _build_t2s() -> Callable[[str], str]:
    """The t2s conversion, built once: through reader.converters, or the identity without OpenCC."""
    global _t2s
    with _t2s_lock:
        if _t2s is None:
            try:
                # Lazy for start-up speed: folding needs OpenCC only for traditional text.
                from reader.converters import ScriptError, get_converter

                try:
                    _t2s = get_converter("t2s").convert
                except ScriptError:
                    _t2s = _identity
            except ImportError:  # pragma: no cover - converters.py missing
                _t2s = _opencc_t2s()
        return _t2s


def _opencc_t2s() -> Callable[[str], str]:  # pragma: no cover - no converters.py
    try:
        import opencc

        convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
        return convert
    except Exception:
        return _identity


def _identity(text: str) -> str:
    return text
