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
from itertools import compress, islice, repeat
from operator import ne, or_

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
    has_outer, has_inner = outer[0] in text, inner[0] in text  # two scans in C
    if not has_outer and not has_inner:  # no mark opens, so nothing pairs
        return text
    # Most lines hold pairs of one kind, each closed before the next opens: there
    # every mark of that kind turns, and C's str.replace turns them. The lines where
    # that does not hold (found by a few more calls in C) go through the rule itself.
    # Visiting every mark and line end in Python instead took 14 ms of a 1,000-article
    # issue (OpenCC's s2tw: about 165 ms); this takes about 5 ms.
    pair = outer if has_outer else inner
    opening, closing = pair[0], pair[1]
    found = _odd_lines(text, opening, closing)
    if has_outer and has_inner:  # the lines where the other kind opens too
        found += _lines_holding(text, inner[0])
    if not found:
        return text.replace(opening, table[opening]).replace(closing, table[closing])
    found.sort()
    parts: list[str] = []
    done = 0
    for start, end in found:
        if end <= done:  # within a span already done
            continue
        start = max(start, done)  # overlapping spans: carry on from the line end reached
        parts.append(
            text[done:start].replace(opening, table[opening]).replace(closing, table[closing])
        )
        parts.append(_rule(text[start:end], outer, inner, table))
        done = end
    parts.append(text[done:].replace(opening, table[opening]).replace(closing, table[closing]))
    return "".join(parts)


def _odd_lines(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Spans of whole lines outside which ``opening`` and ``closing`` alternate in each line.

    Outside them, each of these marks pairs with its neighbour when no other kind of
    mark opens. The pieces between opening marks are checked in C: a piece must hold
    exactly one closing mark with no line end before it (the first piece: none). A
    piece that fails gives the lines from its opening mark to its end.
    """
    pieces = text.split(opening)
    counts = list(map(str.count, pieces, repeat(closing)))
    closes = map(str.find, islice(pieces, 1, None), repeat(closing))
    breaks = map(str.count, islice(pieces, 1, None), repeat("\n"), repeat(0), closes)
    odd = list(
        compress(
            range(1, len(pieces)), map(or_, map(ne, islice(counts, 1, None), repeat(1)), breaks)
        )
    )
    if counts[0]:
        odd.insert(0, 0)
    if not odd:
        return []
    rfind, find, size = text.rfind, text.find, len(text)
    spans: list[tuple[int, int]] = []
    start = before = 0  # pieces[before] starts at start (one mark after the one before)
    for index in odd:
        start += sum(map(len, pieces[before:index])) + index - before
        before = index
        end = find("\n", max(start + len(pieces[index]) - 1, start))
        spans.append((rfind("\n", 0, start) + 1, size if end < 0 else end))
    return spans


def _lines_holding(text: str, mark: str) -> list[tuple[int, int]]:
    """The spans of the lines holding ``mark``."""
    rfind, find, size = text.rfind, text.find, len(text)
    spans: list[tuple[int, int]] = []
    at = find(mark)
    while at >= 0:
        end = find("\n", at)
        if end < 0:
            end = size
        spans.append((rfind("\n", 0, at) + 1, end))
        at = find(mark, end)
    return spans


def _rule(text: str, outer: str, inner: str, table: dict[str, str]) -> str:
    """The rule itself: the marks of the pairs that close in their line turned."""
    opening = {outer[0]: outer[1], inner[0]: inner[1]}
    stack: list[tuple[str, int]] = []  # (the closing mark awaited, where it opened)
    turned: list[int] = []  # where a mark of a closed pair stands
    # Only the marks and line ends are visited (the regular expression skips the rest
    # of the text in C): a Python loop over every character cost twice OpenCC's time.
    for found in _pattern(outer + inner + "\n").finditer(text):
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
