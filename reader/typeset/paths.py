"""Wrapping text that holds file paths: long paths fold after a ``/``.

:func:`reader.typeset.article.wrap_text` knows nothing of paths: a path longer than
the line has no legal break, so it is split wherever the line is full, and the file
name at its end, the part a reader looks for, is often cut in two. Here the same
wrapper sets each line, and a line that would end inside a path ends just after the
path's last ``/`` on it instead, so every path component that fits on a line is
shown whole (a component wider than the line is still split by force).

Pure: no I/O, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from reader.typeset.article import Line, Span, wrap_text


def _word_bounds(text: str, at: int) -> tuple[int, int]:
    """Start and end of the space-free run around position ``at``."""
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _one_line(text: str, width: int, pad: str) -> str | None:
    """``text`` set as one line after ``pad``, or None when it does not fit on one."""
    lines = wrap_text(text, width, first_indent=pad, indent=pad)
    return lines[0][1] if len(lines) == 1 else None


def _fold_cut(text: str, start: int, end: int, width: int, pad: str, avail: int) -> int:
    """Where to end a line set from ``text[start:]`` that :func:`wrap_text` ends at ``end``.

    Returns a better end (mostly just after a ``/``), or -1 to keep the wrapper's choice.
    """
    if end > 0 and not text[end - 1].isspace() and not text[end].isspace():
        # The line ends inside a word. In a path, fill the line (the wrapper may have
        # chosen a break between two Chinese characters), then end it after the last
        # "/" on it, if any.
        word_start, word_end = _word_bounds(text, end)
        if "/" not in text[word_start:word_end]:
            return -1
        low, high = end, word_end  # the longest prefix that still fits, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if _one_line(text[start:middle], width, pad) is not None:
                low = middle
            else:
                high = middle - 1
        slash = text.rfind("/", max(word_start, start), low)
        if slash >= start:
            return slash + 1
        return low if low > end else -1
    # The line ends at a space. When the next word is a path too wide for any line,
    # the room left here takes its first components rather than going to waste.
    word_start = end
    while word_start < len(text) and text[word_start].isspace():
        word_start += 1
    _, word_end = _word_bounds(text, word_start)
    word = text[word_start:word_end]
    if "/" not in word or cell_len(word) <= avail:
        return -1
    slash = text.rfind("/", word_start, word_end)
    while slash >= word_start:
        if _one_line(text[start : slash + 1], width, pad) is not None:
            return slash + 1
        slash = text.rfind("/", word_start, slash)
    return -1


def wrap_paths(text: str, width: int, indent: str = "") -> list[tuple[int, str]]:
    """Wrap ``text`` as :func:`wrap_text` does, folding file paths at ``/``.

    Returns ``(offset, line)`` pairs like :func:`wrap_text`; lines after the first
    start with ``indent`` (dropped when it leaves fewer than four cells). A path
    component that fits on a line is never split, so the file name at the end of a
    path stays whole whenever the width allows.
    """
    width = max(1, width)
    lines: list[tuple[int, str]] = []
    pos = 0
    while True:
        rest = text[pos:]
        pad = indent if lines else ""
        wrapped = wrap_text(rest, width, first_indent=pad, indent=indent)
        if len(wrapped) <= 1:
            lines += [(pos + offset, line) for offset, line in wrapped]
            return lines
        (start, line), (end, _) = wrapped[0], wrapped[1]
        avail = width - cell_len(indent) if cell_len(indent) + 4 <= width else width
        cut = _fold_cut(text, pos + start, pos + end, width, pad, avail)
        if cut > pos + start:
            refolded = _one_line(text[pos + start : cut], width, pad)
            if refolded is not None:
                line, end = refolded, cut - pos
        lines.append((pos + start, line))
        pos += end
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return lines


def error_lines(title: str, details: Sequence[str], width: int) -> list[Line]:
    """An error panel (a file that did not load): the title, then each detail set in.

    Paths in the text fold at ``/`` (see :func:`wrap_paths`).
    """
    lines = [
        Line(spans=(Span(chunk, "error-title"),), block=-1, offset=offset)
        for offset, chunk in wrap_paths(title, width)
    ]
    for detail in details:
        lines += [
            Line(spans=(Span(chunk, "error"),), block=-1, offset=offset)
            for offset, chunk in wrap_paths(detail, width, indent="  ")
        ]
    return lines
