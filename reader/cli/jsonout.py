"""JSON for a terminal: ``--json`` output with no control character left raw.

Python's :func:`json.dumps` with ``ensure_ascii=False`` escapes only the C0
controls (U+0000–U+001F). Text from issue files, file names and the store can
hold others that a terminal acts on: DEL, the C1 controls (U+009B is CSI, the
8-bit escape), bidi overrides and isolates that reorder what follows them. The
:func:`dumps` here escapes those too, as ``\\uXXXX``, so the output stays valid
JSON that decodes to exactly the same strings (unlike :mod:`reader.issue.clean`,
nothing is lost), while Chinese and every other printable character stays
readable as itself.

Escaped, outside ASCII:

* DEL (U+007F) and the C1 controls (U+0080–U+009F);
* Unicode format characters (category Cf: bidi embeddings, overrides and
  isolates, LRM/RLM/ALM, zero-width space, BOM, soft hyphen, tag characters
  and the rest), except ZWNJ and ZWJ (U+200C/U+200D), which emoji and several
  scripts need and which no terminal acts on;
* U+2028 and U+2029, which some programs take for line breaks;
* lone surrogates (a file name that is not UTF-8 decodes to them), which
  could not be written to a UTF-8 stream at all.

Astral characters are escaped as a UTF-16 surrogate pair, as JSON requires.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["dumps", "escape_controls"]

_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_KEPT = frozenset("\u200c\u200d")  # ZWNJ, ZWJ

# Characters that might need escaping: everything except printable ASCII, the
# JSON whitespace (raw only between tokens, since json escapes it in strings)
# and large ranges holding no character of an escaped category (Latin to
# Hebrew bar the soft hyphen; CJK, kana and Hangul; private use to Arabic
# presentation forms). The rest is checked with unicodedata, character by
# character; a unit test checks the skipped ranges against unicodedata.
_SKIPPED = "\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u05ff\u3000-\ud7ff\ue000-\ufefe"
_candidate: re.Pattern[str] | None = None  # compiled on first use: most commands print no JSON


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _KEPT or unicodedata.category(ch) not in _ESCAPED_CATEGORIES:
        return ch
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_controls(text: str) -> str:
    """JSON text from :func:`json.dumps` with the characters above escaped.

    Safe on JSON text only: there every character outside ASCII is inside a
    string literal, where ``\\uXXXX`` means the same character.
    """
    global _candidate
    if _candidate is None:
        _candidate = re.compile(f"[^{_SKIPPED}]")
    return _candidate.sub(_escape, text)


def dumps(data: object, *, indent: int | None = 2) -> str:
    """``data`` as JSON (UTF-8 characters kept, controls escaped), without a final newline."""
    import json  # only a --json output needs it

    return escape_controls(json.dumps(data, ensure_ascii=False, indent=indent))
