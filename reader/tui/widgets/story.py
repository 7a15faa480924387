"""The story view: one typeset article in a scrolling pane (Textual's Line API).

The article is typeset to lines once per width (see :mod:`reader.typeset.article`); the
pane paints only the rows on screen, so a 50,000-character story opens and
pages as fast as a short one.
"""

from __future__ import annotations

from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.issue.model import Article
from reader.typeset.article import (
    ROLES,
    Line,
    line_index_for,
    typeset_article,
)
from reader.typeset.measure import DEFAULT_MEASURE


class StoryView(ScrollView, can_focus=True):
    """Shows one article, typeset to the pane's width, or an error panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="story.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="story.up"),
        Binding(
            "space,pagedown",
            "page_down",
            "Page down; at the story's end, the next story",
            show=False,
            id="story.page_down",
        ),
        # shift+space reaches an application only where the terminal tells it from space
        # (the kitty keyboard protocol); elsewhere it arrives as space and pages down.
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="story.page_up"),
        Binding(
            "shift+space",
            "page_up",
            "Page up, where the terminal tells shift+space from space",
            show=False,
            id="story.shift_space",
        ),
        Binding(
            "ctrl+f",
            "full_page_down",
            "Page down, stopping at the end",
            show=False,
            id="story.full_page_down",
        ),
        Binding(
            "ctrl+d", "half_page('down')", "Half a page down", show=False, id="story.half_down"
        ),
        Binding("ctrl+u", "half_page('up')", "Half a page up", show=False, id="story.half_up"),
        Binding("g,home", "scroll_home", "Top of story", show=False, id="story.top"),
        Binding("G,end", "scroll_end", "End of story", show=False, id="story.end"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"story--{role}" for role in ROLES} | {
        "story--error-title",
        "story--error",
        "story--match",
        "story--match-current",
    }

    class Finished(Message):
        """The reader paged on at the end of the story: the screen opens the next one."""

    class Reshaped(Message):
        """The pane changed height: how far into the story the reader is may have changed."""

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
        self.search_query = ""
        self.matches: list[tuple[int, int, int]] = []  # (line, start, end) in line.plain
        self._match_starts: list[int] = []  # index into matches where each match begins
        self.current_match = -1
        self._height = 0  # the pane's height when Reshaped was last posted

    # --- what to show --------------------------------------------------

    def show_article(self, article: Article, place: tuple[int, int] | None = None) -> None:
        """Show ``article`` from its top, or from ``place`` (block, offset)."""
        if self.lines and self._error is None and article == self.article:
            # The same text (e.g. the whole-issue conversion after the early one): keep the lines.
            self.article = article
            if place is not None:
                self.go_to_place(*place)
            return
        if article is not self.article and (self.article is None or article.id != self.article.id):
            self.search_query, self.matches, self._match_starts = "", [], []
            self.current_match = -1
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

    # --- search matches ---------------------------------------------------

    def set_query(self, query: str) -> int:
        """Highlight every match of ``query`` (folded: 党建 finds 黨建); returns the count."""
        self.search_query = query
        self.current_match = -1
        self._find_matches()
        return self.match_count()

    def _find_matches(self) -> None:
        from reader.search.text import matches_in, normalise_query

        self.matches = []
        self._match_starts = []
        self._strips.clear()
        self.refresh()
        wanted = normalise_query(self.search_query) if self.search_query else ""
        if not wanted:
            return
        from reader.search.fold import fold_map

        # Consecutive lines of one block (or one header field) are searched as one
        # text, so a match broken across lines is found; positions map back per line.
        groups: list[list[int]] = []
        last_key: tuple[int, str] | None = None
        for index, line in enumerate(self.lines):
            content = [span for span in line.spans if span.role != "margin"]
            if not content:
                last_key = None
                continue
            key = (line.block, content[0].role)
            if key != last_key:
                groups.append([])
                last_key = key
            groups[-1].append(index)
        for group in groups:
            owners: list[tuple[int, int]] = []
            text_parts: list[str] = []
            for index in group:
                column = 0
                for span in self.lines[index].spans:
                    if span.role != "margin":
                        text_parts.append(span.text)
                        owners.extend((index, column + i) for i in range(len(span.text)))
                    column += len(span.text)
            for start, end in matches_in(fold_map("".join(text_parts)), wanted):
                pieces: list[tuple[int, int, int]] = []
                for line_index, column in owners[start:end]:
                    if pieces and pieces[-1][0] == line_index and pieces[-1][2] == column:
                        pieces[-1] = (line_index, pieces[-1][1], column + 1)
                    else:
                        pieces.append((line_index, column, column + 1))
                if pieces:
                    self._match_starts.append(len(self.matches))
                    self.matches.extend(pieces)

    def match_count(self) -> int:
        """How many matches the story holds."""
        return len(self._match_starts)

    def go_to_match(self, step: int) -> int:
        """Move to the next (``step`` 1) or previous (-1) match; returns its number (1-based)."""
        if not self.matches:
            return 0
        starts = [self.matches[i][0] for i in self._match_starts]
        self.current_match = (self.current_match + step) % len(starts)
        line = starts[self.current_match]
        self.scroll_to(y=max(0, line - 2), animate=False)
        self._strips.clear()
        self.refresh()
        return self.current_match + 1

    def plain_text(self) -> str:
        """What the pane shows, as plain text (used by tests and copying)."""
        return "\n".join(line.plain for line in self.lines)

    # --- typesetting ---------------------------------------------------

    def text_width(self) -> int:
        """The cells a line can take in the pane (0 before layout)."""
        return self.scrollable_content_region.width

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Typeset as soon as layout gives the pane its first width, so the very first
        frame already shows the story (waiting for the Resize event costs frames)."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if (
            not self.lines
            and (self.article is not None or self._error is not None)
            and self.text_width() > 0
        ):
            self._retypeset(place=self._pending_place)
        return changed

    def on_resize(self, event: Resize) -> None:
        """Re-wrap when the pane changes width, keeping the reader's place."""
        if self.text_width() != self._typeset_width:
            self._retypeset(place=self.place() if self.lines else self._pending_place)
        if event.size.height != self._height:
            self._height = event.size.height
            self.post_message(self.Reshaped())

    def notify_style_update(self) -> None:
        """The theme or stylesheet changed: restyle the lines when next painted."""
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    def _load_styles(self) -> None:
        names = [*ROLES, "error-title", "error", "match", "match-current"]
        self._styles = {name: self.get_component_rich_style(f"story--{name}") for name in names}

    def _retypeset(self, place: tuple[int, int]) -> None:
        width = self.text_width()
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
        if self.search_query:
            self._find_matches()
        self.refresh()
        target = line_index_for(self.lines, *place) if self.lines else 0
        self.scroll_to(y=target, animate=False, immediate=True)
        if target:
            # The new height is only known after the next layout; scroll again then.
            self.call_after_refresh(self.scroll_to, y=target, animate=False, immediate=True)

    def _error_lines(self, width: int) -> list[Line]:
        # Lazy for start-up speed: an error panel is rare, and the first frame shows a story.
        from reader.typeset.paths import error_lines

        title, details = self._error or ("", ())
        return error_lines(title, details, width)

    # --- scrolling: instant, which reads better (and costs fewer frames over SSH) ---

    def at_end(self) -> bool:
        """True when the story's last line is on screen."""
        return round(self.scroll_y) >= self.max_scroll_y

    def progress(self) -> int:
        """How far into the story the reader is, in percent: its lines down to the last
        one on screen, as a pager counts (100 when the whole story is shown)."""
        total = len(self.lines)
        if not total or self.at_end():
            return 100
        seen = round(self.scroll_y) + self.scrollable_content_region.height
        return max(0, min(100, seen * 100 // total))

    def action_page_down(self) -> None:
        """One page down; at the end of a story, post :class:`Finished` (the next story)."""
        if self.article is not None and self.lines and self.at_end():
            self.post_message(self.Finished())
            return
        self.scroll_page_down(animate=False)

    def action_full_page_down(self) -> None:
        """One page down, stopping at the story's end."""
        self.scroll_page_down(animate=False)

    def action_half_page(self, direction: str) -> None:
        """Half a page down or up."""
        half = max(1, self.scrollable_content_region.height // 2)
        self.scroll_relative(y=half if direction == "down" else -half, animate=False)

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
            strip = Strip(self._segments(index, base)).adjust_cell_length(width, base)
            self._strips[index] = strip
        return strip

    def _role_style(self, role: str) -> Style:
        """A role's style; the link line also links to the article's whole address (OSC 8)."""
        style = self._styles.get(role, Style())
        if role == "link" and self.article is not None and self.article.url:
            style += Style(link=self.article.url)
        return style

    def _segments(self, index: int, base: Style) -> list[Segment]:
        """One line's segments, with search matches highlighted."""
        spans = self.lines[index].spans
        marks = [(start, end) for line, start, end in self.matches if line == index]
        if not marks:
            return [
                Segment(span.text, base + self._role_style(span.role))
                for span in spans
                if span.text
            ]
        current_line = -1
        if 0 <= self.current_match < len(self._match_starts):
            current_line = self.matches[self._match_starts[self.current_match]][0]
        match_style = self._styles["match-current" if index == current_line else "match"]
        segments: list[Segment] = []
        column = 0
        for span in spans:
            style = base + self._role_style(span.role)
            cuts = {0, len(span.text)}
            for start, end in marks:
                for cut in (start - column, end - column):
                    if 0 < cut < len(span.text):
                        cuts.add(cut)
            edges = sorted(cuts)
            for left, right in pairwise(edges):
                piece = span.text[left:right]
                if not piece:
                    continue
                at = column + left
                inside = any(start <= at < end for start, end in marks)
                segments.append(Segment(piece, style + match_style if inside else style))
            column += len(span.text)
        return segments
