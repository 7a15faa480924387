"""The story view: one typeset article in a scrolling pane (Textual's Line API).

The article is typeset to lines once per width (see :mod:`reader.typeset`); the
pane paints only the rows on screen, so a 50,000-character story opens and
pages as fast as a short one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import Article
from reader.typeset import (
    DEFAULT_MEASURE,
    ROLES,
    Line,
    Span,
    line_index_for,
    typeset_article,
    wrap_text,
)


class StoryView(ScrollView, can_focus=True):
    """Shows one article, typeset to the pane's width, or an error panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="story.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="story.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="story.page_down"),
        Binding("shift+space,pageup", "page_up", "Page up", show=False, id="story.page_up"),
        Binding("g,home", "scroll_home", "Top of story", show=False, id="story.top"),
        Binding("G,end", "scroll_end", "End of story", show=False, id="story.end"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"story--{role}" for role in ROLES} | {
        "story--error-title",
        "story--error",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.measure = DEFAULT_MEASURE
        self.lines: list[Line] = []
        self._typeset_width = 0
        self._error: tuple[str, tuple[str, ...]] | None = None
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._pending_place: tuple[int, int] = (-1, 0)

    # --- what to show --------------------------------------------------

    def show_article(self, article: Article, place: tuple[int, int] | None = None) -> None:
        """Show ``article`` from its top, or from ``place`` (block, offset)."""
        self.article = article
        self._error = None
        self._retypeset(place=place or (-1, 0))

    def show_error(self, title: str, details: tuple[str, ...]) -> None:
        """Show an error panel instead of a story (a file that did not load)."""
        self.article = None
        self._error = (title, details)
        self._retypeset(place=(-1, 0))

    def set_measure(self, measure: int) -> None:
        """Change the line length and re-set the story, keeping the place."""
        self.measure = measure
        self._retypeset(place=self.place())

    def place(self) -> tuple[int, int]:
        """The (block, offset) of the first line shown: the reader's place."""
        if not self.lines:
            return (-1, 0)
        index = min(max(0, round(self.scroll_y)), len(self.lines) - 1)
        line = self.lines[index]
        return (line.block, line.offset)

    def go_to_place(self, block: int, offset: int) -> None:
        """Scroll so that the line holding (block, offset) is at the top."""
        if self.lines:
            self.scroll_to(y=line_index_for(self.lines, block, offset), animate=False)

    def plain_text(self) -> str:
        """What the pane shows, as plain text (used by tests and copying)."""
        return "\n".join(line.plain for line in self.lines)

    # --- typesetting ---------------------------------------------------

    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def on_resize(self, event: Resize) -> None:
        """Re-wrap when the pane changes width, keeping the reader's place."""
        if self._text_width() != self._typeset_width:
            self._retypeset(place=self.place() if self.lines else self._pending_place)

    def notify_style_update(self) -> None:
        """The theme or stylesheet changed: restyle the lines when next painted."""
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    def _load_styles(self) -> None:
        names = [*ROLES, "error-title", "error"]
        self._styles = {name: self.get_component_rich_style(f"story--{name}") for name in names}

    def _retypeset(self, place: tuple[int, int]) -> None:
        width = self._text_width()
        self._typeset_width = width
        self._strips.clear()
        if width <= 0:
            # Not laid out yet: typeset once the pane has a size (on_resize).
            self.lines = []
            self._pending_place = place
            self.virtual_size = Size(0, 0)
            return
        if self._error is not None:
            self.lines = self._error_lines(width)
        elif self.article is not None:
            self.lines = typeset_article(self.article, width, self.measure)
        else:
            self.lines = []
        self.virtual_size = Size(width, len(self.lines))
        self.refresh()
        target = line_index_for(self.lines, *place) if self.lines else 0
        self.scroll_to(y=target, animate=False, immediate=True)
        if target:
            # The new height is only known after the next layout; scroll again then.
            self.call_after_refresh(self.scroll_to, y=target, animate=False, immediate=True)

    def _error_lines(self, width: int) -> list[Line]:
        title, details = self._error or ("", ())
        lines = [
            Line(spans=(Span(chunk, "error-title"),), block=-1, offset=offset)
            for offset, chunk in wrap_text(title, width)
        ]
        for detail in details:
            lines += [
                Line(spans=(Span(chunk, "error"),), block=-1, offset=offset)
                for offset, chunk in wrap_text(detail, width, indent="  ")
            ]
        return lines

    # --- scrolling: instant, which reads better (and costs fewer frames over SSH) ---

    def action_page_down(self) -> None:
        """One page down."""
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """One page up."""
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        """Top of the story."""
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """End of the story."""
        self.scroll_end(animate=False)

    # --- painting -------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Paint one row of the pane."""
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= index < len(self.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            if not self._styles:
                self._load_styles()
            segments = [
                Segment(span.text, base + self._styles.get(span.role, Style()))
                for span in self.lines[index].spans
                if span.text
            ]
            strip = Strip(segments).adjust_cell_length(width, base)
            self._strips[index] = strip
        return strip
