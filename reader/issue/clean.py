"""The text sanitizer: nothing read from a file may reach the terminal as a control.

Rich and Textual pass escape sequences, C1 controls and bidi overrides straight
through to the terminal (design notes, pitfalls §2). Every text read from an
issue file therefore goes through :func:`clean_text` or :func:`clean_inline`
before it enters the model.

What is removed:

* 7-bit escape sequences: CSI (``ESC [ … final``), OSC (``ESC ] … BEL`` or
  ``ESC ] … ESC \\``), DCS, SOS, PM and APC strings (``ESC P/X/^/_ … ST``),
  unterminated strings up to the end of the text, and every other ``ESC x``
  sequence or lone ESC;
* the same sequences in their 8-bit C1 form (``U+009B`` CSI, ``U+009D`` OSC,
  ``U+0090`` DCS, ``U+0098`` SOS, ``U+009E`` PM, ``U+009F`` APC);
* every C0 and C1 control character except newline and tab, and DEL;
* Unicode format characters (category Cf): bidi embeddings, overrides and
  isolates, LRM/RLM/ALM, zero-width space, word joiner, BOM, tag characters and
  the rest, except ZWNJ (U+200C) and ZWJ (U+200D), which emoji and several
  scripts need;
* lone surrogates.

CRLF, lone CR, U+2028 and U+2029 become ``"\\n"``. Both functions are
idempotent, and a text with nothing to clean comes back as the same object.
"""

from __future__ import annotations

import re

__all__ = ["clean_inline", "clean_text", "is_utf8", "spell_bytes"]

# Unicode format characters (Cf) as of Unicode 15.1, minus ZWNJ/ZWJ
# (U+200C/U+200D). Literal ranges, because deriving them from unicodedata
# would scan 1.1 M code points at every start-up; a unit test checks them
# against the running Python's unicodedata. BMP and astral parts are kept
# apart: a class with astral ranges is several times slower for ``re`` to scan.
_FORMAT_BMP = (
    "\u00ad"
    "\u0600-\u0605"
    "\u061c"
    "\u06dd"
    "\u070f"
    "\u0890-\u0891"
    "\u08e2"
    "\u180e"
    "\u200b"
    "\u200e-\u200f"
    "\u202a-\u202e"
    "\u2060-\u206f"
    "\ufeff"
    "\ufff9-\ufffb"
)
_FORMAT_ASTRAL = (
    "\U000110bd"
    "\U000110cd"
    "\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"
)
# C0 except tab and newline (CR is converted before this class applies), DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
_LINE_SEPARATORS = "\u2028\u2029"

# The expressions are compiled on first use rather than at import: a text that
# is printable (most of an issue) needs none of them, and compiling them all
# costs about 2 ms of every start-up.
# Fast path: anything in the BMP that clean_text might change, or any astral
# character at all (rare in news text; such texts get the precise check).
_MAYBE_SUSPECT = f"[{_CONTROLS}{_FORMAT_BMP}{_SURROGATES}{_LINE_SEPARATORS}\U00010000-\U0010ffff]"
_ANY_ASTRAL = "[\U00010000-\U0010ffff]"
_BMP_SUSPECT = f"[{_CONTROLS}{_FORMAT_BMP}{_SURROGATES}{_LINE_SEPARATORS}]"
_ASTRAL_SUSPECT = f"[{_FORMAT_ASTRAL}]"

# Single characters dropped once sequences and line breaks are dealt with.
_DROP_BMP = f"[{_CONTROLS}{_FORMAT_BMP}{_SURROGATES}]+"
_DROP_ASTRAL = f"[{_FORMAT_ASTRAL}]+"

# Introducers of multi-character sequences: ESC and the 8-bit DCS, SOS, CSI,
# OSC, PM and APC.
_INTRODUCERS = "\x1b\x90\x98\x9b\x9d\x9e\x9f"
_HAS_INTRODUCER = f"[{_INTRODUCERS}]"
_CSI_BODY = r"[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # parameters, intermediates, final
_STRING_BODY = r"[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # payload, then BEL or ST if present
# The introducer comes first so that ``re`` can skip ahead to it quickly;
# a look-behind at it then picks the shape of the rest.
_SEQUENCE = (
    f"[{_INTRODUCERS}]"
    "(?:"
    rf"(?<=\x1b)(?:\[{_CSI_BODY}|[\]PX^_]{_STRING_BODY}|[\x20-\x2f]*[\x30-\x7e]?)"
    rf"|(?<=\x9b){_CSI_BODY}"
    rf"|(?<=[\x90\x98\x9d\x9e\x9f]){_STRING_BODY}"
    ")"
)

_INLINE_BREAK = "[\t\n]"


class _Patterns:
    """The compiled expressions above."""

    def __init__(self) -> None:
        self.maybe_suspect = re.compile(_MAYBE_SUSPECT)
        self.any_astral = re.compile(_ANY_ASTRAL)
        self.bmp_suspect = re.compile(_BMP_SUSPECT)
        self.astral_suspect = re.compile(_ASTRAL_SUSPECT)
        self.drop_bmp = re.compile(_DROP_BMP)
        self.drop_astral = re.compile(_DROP_ASTRAL)
        self.has_introducer = re.compile(_HAS_INTRODUCER)
        self.sequence = re.compile(_SEQUENCE)
        self.inline_break = re.compile(_INLINE_BREAK)


_compiled: list[_Patterns] = []


def _patterns() -> _Patterns:
    """The compiled expressions, compiled on the first call."""
    if not _compiled:
        _compiled.append(_Patterns())
    return _compiled[0]


def clean_text(text: str) -> str:
    """Remove terminal control and escape sequences and invisible format characters.

    Newlines and tabs are kept; CRLF, CR, U+2028 and U+2029 become newlines;
    ZWJ and ZWNJ are kept. The result never holds ESC, a C0/C1 control other
    than newline and tab, a bidi control or a lone surrogate, and
    ``clean_text(clean_text(t)) == clean_text(t)``.
    """
    if text.isprintable():
        return text
    p = _patterns()
    if p.maybe_suspect.search(text) is None:
        return text
    astral = p.any_astral.search(text) is not None
    if p.bmp_suspect.search(text) is None and not (
        astral and p.astral_suspect.search(text) is not None
    ):
        return text
    if p.has_introducer.search(text) is not None:
        text = p.sequence.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text:
        text = text.replace("\u2028", "\n")
    if "\u2029" in text:
        text = text.replace("\u2029", "\n")
    text = p.drop_bmp.sub("", text)
    if astral:
        text = p.drop_astral.sub("", text)
    return text


def clean_inline(text: str) -> str:
    """Clean text for a one-line field (headline, name, title).

    As :func:`clean_text`; then each newline or tab, with the spaces around
    it, becomes a single space, and the ends are stripped.
    """
    text = clean_text(text)
    if "\n" in text or "\t" in text:
        parts = (part.strip(" ") for part in _patterns().inline_break.split(text))
        text = " ".join(part for part in parts if part)
    return text.strip()


def is_utf8(text: str) -> bool:
    """True when ``text`` encodes as UTF-8: not so for a file name that is not UTF-8,
    which Python decodes to lone surrogates (SQLite and UTF-8 streams refuse them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def spell_bytes(name: str) -> str:
    """A file name with the bytes that are not UTF-8 spelled as ``\\xff`` (lossless, storable)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
