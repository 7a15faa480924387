"""The status line above the story: paper, date, section, script; position on the right."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

LEFT_AT_LEAST = 16  # cells kept for paper and date before the right side is shortened


class StatusLine(Static):
    """Paper, date, section, script mode on the left; where the reader is on the right.

    The right side comes as variants, fullest first (e.g. with and without the story's
    length); the first that leaves the left side :data:`LEFT_AT_LEAST` cells is shown,
    else the shortest, and the left side is cut to what is left.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._parts: list[str] = []
        self._position: tuple[str, ...] = ("",)

    def show(self, parts: list[str], position: str | Sequence[str]) -> None:
        """Set the line; ``parts`` come from the issue, never parsed as markup;
        ``position``: one text, or variants fullest first."""
        shown = [p for p in parts if p]
        variants = (position,) if isinstance(position, str) else tuple(position) or ("",)
        if shown == self._parts and variants == self._position:
            return  # the same line: no repaint (scrolling asks on every line)
        self._parts, self._position = shown, variants
        self.refresh()

    @property
    def position_text(self) -> str:
        """The right side as it fits the line's width now (tests read it)."""
        return self._right(max(1, self.content_region.width or self.size.width)).plain

    def _right(self, width: int) -> Text:
        for variant in self._position:
            right = Text(variant)
            if width - right.cell_len - 2 >= LEFT_AT_LEAST:
                return right
        return Text(self._position[-1])

    def render(self) -> Text:
        """Fit the line to the width, keeping the position whole."""
        width = max(1, self.content_region.width or self.size.width)
        right = self._right(width)
        left = Text("  ·  ".join(self._parts), no_wrap=True, overflow="ellipsis")
        room = width - right.cell_len - (2 if right else 0)
        if room < 4:
            left = Text()
            room = 0
        left.truncate(room, overflow="ellipsis", pad=True)
        if right:
            left.append("  " if room else "")
            left.append_text(right)
        left.truncate(width, overflow="ellipsis")
        return left
