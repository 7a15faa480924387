"""The message line above the footer: what a key did, in one row that never covers the story.

Answers to keys (match k of n, bookmarked, measure, script, no more articles,
copied) go here rather than into toasts: a new message replaces the old one in
place, a timed one clears itself, and the row is always laid out, so the story
never moves when a message appears. A *standing* message (no timeout: the match
count while a search is active) stays until it is replaced or cleared; a timed
message shown meanwhile covers it only for its timeout, then the standing one
returns. Toasts stay for rare events (errors, a finished background job).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.cells import get_character_cell_size
from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

Kind = Literal["info", "warning"]

ANSWER_SECONDS = 2.5  # how long the answer to a key stays
LONG_SECONDS = 6.0  # a message with advice in it (copying)
ELLIPSIS = "…"


def fit(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells with an ellipsis, never through a wide character."""
    if text.cell_len <= width:
        return text
    if width <= 0:
        return Text()
    room = width - 1  # the ellipsis takes one cell
    used = 0
    end = 0
    for end, character in enumerate(text.plain):  # noqa: B007 - end is used after the loop
        size = get_character_cell_size(character)
        if used + size > room:
            break
        used += size
    cut = text[:end]
    cut.append(ELLIPSIS)
    return cut


class MessageLine(Widget):
    """One row of plain text that answers the reader's keys and updates in place."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"message-line--warning"}

    pace = 1.0
    """How long messages stay, as a multiple of their timeouts (tests shorten it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._shown: tuple[str, Kind] | None = None
        self._standing: tuple[str, Kind] | None = None
        self._timer: Timer | None = None

    @property
    def text(self) -> str:
        """The message shown now ("" when the line is empty)."""
        return self._shown[0] if self._shown else ""

    @property
    def kind(self) -> Kind | None:
        """The kind of the message shown now, None when the line is empty."""
        return self._shown[1] if self._shown else None

    @property
    def standing(self) -> str:
        """The standing message (shown when no timed one covers it), or ""."""
        return self._standing[0] if self._standing else ""

    def say(
        self, text: str, *, timeout: float | None = ANSWER_SECONDS, kind: Kind = "info"
    ) -> None:
        """Show ``text`` (plain, never markup) in place of the message before it.

        With a ``timeout`` (seconds) it clears itself, giving the line back to the
        standing message if there is one; with ``timeout=None`` it becomes the
        standing message and stays until replaced or cleared.
        """
        self._stop_timer()
        self._shown = (text, kind)
        if timeout is None:
            self._standing = self._shown
        else:
            self._timer = self.set_timer(timeout * self.pace, self._expire, name="message")
        self.refresh()

    def stand(self, text: str, *, kind: Kind = "info") -> None:
        """Make ``text`` the standing message, shown at once unless a timed message covers
        it (then when that one's time is up): for progress that updates in place."""
        self._standing = (text, kind)
        if self._timer is None:
            self._shown = self._standing
            self.refresh()

    def clear(self) -> None:
        """Empty the line, the standing message too."""
        self._stop_timer()
        self._shown = self._standing = None
        self.refresh()

    def clear_standing(self) -> None:
        """Drop the standing message (a timed message on show stays until its timeout)."""
        if self._standing is None:
            return
        if self._shown is self._standing:
            self._shown = None
            self.refresh()
        self._standing = None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        self._shown = self._standing
        self.refresh()

    def render(self) -> Text:
        """The message, cut to the width with an ellipsis."""
        if self._shown is None:
            return Text()
        text, kind = self._shown
        line = Text(text, no_wrap=True, end="")
        if kind == "warning":
            line.stylize(self.get_component_rich_style("message-line--warning"))
        return fit(line, max(1, self.content_region.width or self.size.width))
