"""Quotation marks as each script's papers print them.

Simplified Chinese papers quote with ``“ ”`` and, inside them, ``‘ ’``; papers in
Taiwan and Hong Kong print ``「 」`` and, inside them, ``『 』``. OpenCC leaves
quotation marks alone, so the reader's ``tw`` and ``hk`` modes turn curly quotes
into corner brackets (:func:`to_corner`) and ``hans`` turns them back
(:func:`to_curly`). One mark becomes one mark, so offsets in a text hold.

Only marks that pair up within a line are turned: a ``’`` with no ``‘`` before it
is an apostrophe (``don’t``) and stays, as does any mark left open. Nesting is
kept because the outer and inner pairs map to the outer and inner pairs.
"""

from __future__ import annotations

import re

__all__ = ["to_corner", "to_curly"]

_CORNER = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_CURLY = {"「": "“", "」": "”", "『": "‘", "』": "’"}


def to_corner(text: str) -> str:
    """``“ ”`` → ``「 」`` and ``‘ ’`` → ``『 』``, for the pairs that close in their line."""
    return _paired(text, "“”", "‘’", _CORNER)


def to_curly(text: str) -> str:
    """``「 」`` → ``“ ”`` and ``『 』`` → ``‘ ’``, for the pairs that close in their line."""
    return _paired(text, "「」", "『』", _CURLY)


def _paired(text: str, outer: str, inner: str, table: dict[str, str]) -> str:
    marks = outer + inner
    if _pattern(marks).search(text) is None:  # one scan in C rejects most texts
        return text
    opening = {outer[0]: outer[1], inner[0]: inner[1]}
    stack: list[tuple[str, int]] = []  # (the closing mark awaited, where it opened)
    turned: list[int] = []  # where a mark of a closed pair stands
    # Only the marks and line ends are visited (the regular expression skips the rest
    # of the text in C): a Python loop over every character cost twice OpenCC's time.
    for found in _pattern(marks + "\n").finditer(text):
        at = found.start()
        char = text[at]
        if char == "\n":
            stack.clear()  # a pair never spans lines: texts are converted line by line
        elif char in opening:
            stack.append((opening[char], at))
        else:
            # Close the nearest open mark this one closes; marks opened after it and
            # never closed are left as they were.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    turned.append(stack[depth][1])
                    turned.append(at)
                    del stack[depth:]
                    break
    if not turned:
        return text
    parts: list[str] = []
    done = 0
    for at in sorted(turned):
        parts.append(text[done:at])
        parts.append(table[text[at]])
        done = at + 1
    parts.append(text[done:])
    return "".join(parts)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(chars: str) -> re.Pattern[str]:
    """The expression finding any of ``chars``, compiled once."""
    pattern = _PATTERNS.get(chars)
    if pattern is None:
        pattern = _PATTERNS[chars] = re.compile(f"[{re.escape(chars)}]")
    return pattern
