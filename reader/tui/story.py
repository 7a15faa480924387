"""The story view: one typeset article in a scrolling pane."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from reader.model import Article
from reader.typeset import (
    DEFAULT_MEASURE,
    ROLES,
    Line,
    line_index_for,
    to_rich_text,
    typeset_article,
)


class StoryView(VerticalScroll, can_focus=True):
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
        self._body = Static(id="story-text", markup=False)

    def compose(self):  # type: ignore[no-untyped-def]
        """The pane holds a single text widget; the story is set into it as lines."""
        yield self._body

    def show_article(self, article: Article) -> None:
        """Show ``article`` from its top."""
        self.article = article
        self._error = None
        self._typeset_width = 0
        self._refresh_text(keep_place=False)
        self.scroll_home(animate=False)

    def show_error(self, title: str, details: tuple[str, ...]) -> None:
        """Show an error panel instead of a story (a file that did not load)."""
        self.article = None
        self._error = (title, details)
        self._typeset_width = 0
        self._refresh_text(keep_place=False)
        self.scroll_home(animate=False)

    def set_measure(self, measure: int) -> None:
        """Change the line length and re-set the story, keeping the place."""
        self.measure = measure
        self._typeset_width = 0
        self._refresh_text(keep_place=True)

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

    def _text_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def on_resize(self, event: Resize) -> None:
        """Re-wrap when the pane changes width."""
        if self._text_width() != self._typeset_width:
            self._refresh_text(keep_place=True)

    def _refresh_text(self, *, keep_place: bool) -> None:
        width = self._text_width()
        place = self.place() if keep_place else None
        self._typeset_width = width
        if self._error is not None:
            self.lines = []
            self._body.update(self._error_text(width))
            return
        if self.article is None:
            self.lines = []
            self._body.update(Text(""))
            return
        self.lines = typeset_article(self.article, width, self.measure)
        styles = {role: self.get_component_rich_style(f"story--{role}") for role in ROLES}
        text = to_rich_text(self.lines, styles)
        text.no_wrap = True
        text.overflow = "crop"
        self._body.update(text)
        if place is not None:
            self.call_after_refresh(self.go_to_place, *place)

    def _error_text(self, width: int) -> Text:
        title, details = self._error or ("", ())
        text = Text(no_wrap=False, overflow="fold")
        text.append(title, self.get_component_rich_style("story--error-title"))
        for line in details:
            text.append("\n")
            text.append(line, self.get_component_rich_style("story--error"))
        return text
