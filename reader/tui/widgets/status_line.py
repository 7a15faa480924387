"""The status line above the story: paper, date, section, script; position on the right."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Paper, date, section, script mode on the left; article k of n on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._parts: list[str] = []
        self._position = ""

    def show(self, parts: list[str], position: str) -> None:
        """Set the line; ``parts`` come from the issue, never parsed as markup."""
        self._parts = [p for p in parts if p]
        self._position = position
        self.refresh()

    def render(self) -> Text:
        """Fit the line to the width, keeping the position whole."""
        width = max(1, self.content_region.width or self.size.width)
        right = Text(self._position)
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
