"""Partial screen updates that never cut a double-width character in two.

Why (Textual 8.2, its issue #6357): an overlay (a toast, a tooltip, anything on a
layer above the story) splits each line it covers into "chops" at its edges, and a
Chinese character straddling an edge is replaced by a space on each side
(``Strip.divide``: half a character cannot be shown). The terminal agrees: writing the
overlay over one half of a wide character blanks the other half. When the overlay
goes, the compositor marks only the overlay's own region dirty, and
``ChopsUpdate.render_segments`` writes each chop crossing the dirty span from its
start up to the span's right edge ``x2`` with ``strip.crop(0, x2 - x)``. A wide
character in cells ``x2 - 1`` and ``x2`` is cut again by that crop, so its left half
is written as a space and cell ``x2``, outside the dirty region, is never written: the
character stays blank until something else repaints that line. (The left edge only
escapes because the chop is written from its own start rather than from ``x1``.)

The fix: before an update is written, each dirty span whose end (or start) falls
inside a wide character is widened by the one cell that holds the character's other
half, so the character is written whole. That cell belongs to the same chop, so
what is written there is exactly what the screen should show. Nothing else changes:
updates stay partial and cost one cell more at most per edge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len, get_character_cell_size
from rich.console import RenderableType
from textual._compositor import ChopsUpdate
from textual.app import App, ReturnType
from textual.screen import Screen
from textual.strip import Strip

Span = tuple[int, int, int]  # (y, x1, x2): cells x1 to x2 - 1 of line y need writing


def wide_character_at(strip: Strip, cell: int) -> bool:
    """True if a double-width character of ``strip`` fills cells ``cell`` and ``cell + 1``."""
    position = 0
    for text, _style, control in strip:
        if control:
            continue
        length = cell_len(text)
        if position + length <= cell:
            position += length
            continue
        for character in text:
            width = get_character_cell_size(character)
            if position + width > cell:
                return width == 2 and position == cell
            position += width
        return False
    return False


def whole_character_spans(
    chops: Sequence[Mapping[int, Strip | None]],
    spans: Sequence[Span],
    chop_ends: Sequence[Sequence[int]],
) -> list[Span]:
    """``spans`` widened so that no span starts or ends inside a double-width character.

    ``chops[y]`` maps the first cell of each chop of line ``y`` to its strip and
    ``chop_ends[y]`` lists where those chops end, as in Textual's ``ChopsUpdate``.
    """
    widened: list[Span] = []
    for y, x1, x2 in spans:
        start, end = x1, x2
        for chop_end, (x, strip) in zip(chop_ends[y], chops[y].items(), strict=False):
            if strip is None:
                continue
            if x < x1 < chop_end and wide_character_at(strip, x1 - 1 - x):
                start = x1 - 1
            if x < x2 < chop_end and wide_character_at(strip, x2 - 1 - x):
                end = x2 + 1
        if widened and widened[-1][0] == y and start <= widened[-1][2]:
            widened[-1] = (y, widened[-1][1], max(end, widened[-1][2]))
        else:
            widened.append((y, start, end))
    return widened


class WholeCharacterApp(App[ReturnType]):
    """An App whose partial screen updates write double-width characters whole.

    Subclass it instead of ``App``; every screen's updates pass through here.
    """

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if isinstance(renderable, ChopsUpdate):
            renderable.spans = whole_character_spans(
                renderable.chops, renderable.spans, renderable.chop_ends
            )
        super()._display(screen, renderable)
