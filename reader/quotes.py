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
    if not any(mark in text for mark in table):
        return text
    opening = {outer[0]: outer[1], inner[0]: inner[1]}
    closing = {outer[1], inner[1]}
    chars = list(text)
    stack: list[tuple[str, int]] = []  # (the closing mark awaited, where it opened)
    for at, char in enumerate(chars):
        if char == "\n":
            stack.clear()  # a pair never spans lines: texts are converted line by line
        elif char in opening:
            stack.append((opening[char], at))
        elif char in closing:
            # Close the nearest open mark this one closes; marks opened after it and
            # never closed are left as they were.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    start = stack[depth][1]
                    chars[start] = table[chars[start]]
                    chars[at] = table[char]
                    del stack[depth:]
                    break
    return "".join(chars)
