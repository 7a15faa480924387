"""Reading on: ``n``/``p`` and ``space`` across issues, next unread, read marks.

Where each key leads is the :class:`reader.session.ReadingSession`'s decision
(tested without a screen); what is read is the
:class:`reader.reading_state.ReadingState`'s. :class:`ReadingFlow` carries the
decisions out on the reader screen and says what happened in the message line.

"The next issue" is the next entry of the library list, newest first: an older
issue of the same paper, then the next paper (see
:meth:`reader.session.ReadingSession.issue_step`).
"""

from __future__ import annotations

from typing import Protocol

from reader.issue.model import Issue
from reader.library.files import Entry
from reader.reading_state import ReadingState
from reader.reading_time import Length
from reader.session import Jump, Marks, ReadingSession
from reader.tui.reading.library_check import reading_text
from reader.tui.widgets.message_line import Kind


class FlowScreen(Protocol):
    """What :class:`ReadingFlow` asks of the reader screen."""

    session: ReadingSession
    state: ReadingState

    @property
    def display_issue(self) -> Issue | None:
        """The open issue as shown."""

    def say(self, text: str, *, kind: Kind = "info") -> None:
        """Answer a key in the message line."""

    @property
    def library_reading(self) -> tuple[int, int] | None:
        """(done, total) while a first start's files are still being read, else None."""

    def open_article(self, section: int, article: int) -> None:
        """Open an article of the open issue."""

    def open_in_script(self, index: int, position: tuple[int, int] | None) -> None:
        """Open another issue of the library at ``position``."""

    def marks_for(self, issue: Issue | None) -> Marks:
        """Read and bookmarked article ids of ``issue``."""

    def refresh_tree_marks(self) -> None:
        """Show the open issue's marks as the store has them now."""


def position_variants(order: tuple[int, int], percent: int, length: Length) -> list[str]:
    """The status line's right side, fullest first: article k of n, how far into the
    story (percent), its length in characters, its reading time. Where the line is
    short the length goes first, then "article k of n" becomes "k/n", then the time."""
    k, n = order
    minutes = f"~{length.minutes} min"
    return [
        f"article {k} of {n} · {percent}% · {length.characters:,} chars · {minutes}",
        f"article {k} of {n} · {percent}% · {minutes}",
        f"{k}/{n} · {percent}% · {minutes}",
        f"{k}/{n} · {percent}%",
    ]


def issue_name(issue: Issue | None) -> str:
    """An issue as the message line names it: paper and date."""
    if issue is None:
        return "the issue"
    date = issue.date.isoformat() if issue.date else ""
    return " ".join(part for part in (issue.paper, date, issue.edition or "") if part)


class ReadingFlow:
    """The reader screen's keys that read on: n/p past an issue's ends, space at a
    story's end, next unread, and the read marks (m, M)."""

    def __init__(self, screen: FlowScreen) -> None:
        self.screen = screen
        self._before_issue_read: tuple[str, set[str]] | None = None  # for M again

    @property
    def session(self) -> ReadingSession:
        """The screen's reading session."""
        return self.screen.session

    # --- moving on ---------------------------------------------------------------

    def next_article(self) -> None:
        """The next article; after an issue's last, the next issue's first (said so)."""
        position = self.session.article_step(1)
        if position is not None:
            self.screen.open_article(*position)
            return
        jump = self.session.issue_step(1)
        if jump is None:
            if self._still_reading("the next issues follow when they are read"):
                return
            alone = len(self.session.library.entries) == 1
            self.screen.say("No more articles" + ("" if alone else ": this is the last issue"))
            return
        self._open(jump)
        self.screen.say(f"End of the issue: on to {issue_name(self.screen.display_issue)}")

    def previous_article(self) -> None:
        """The previous article; before an issue's first, the previous issue's last."""
        position = self.session.article_step(-1)
        if position is not None:
            self.screen.open_article(*position)
            return
        jump = self.session.issue_step(-1)
        if jump is None:
            alone = len(self.session.library.entries) == 1
            self.screen.say("This is the first article" + ("" if alone else " of the first issue"))
            return
        self._open(jump)
        self.screen.say(f"Back to the last article of {issue_name(self.screen.display_issue)}")

    def next_unread(self) -> None:
        """The next unread article, in this issue or the next ones (wrapping round)."""
        if not self.screen.marks_for(self.session.issue).tracking:
            self.screen.say("Read marks are not kept (no data folder): nothing is unread")
            return
        before = self.session.entry_index
        jump = self.session.next_unread(self._read_ids)
        if jump is None:
            if self._still_reading("the other issues follow when they are read"):
                return
            self.screen.say("No unread articles left in the library")
            return
        self._open(jump)
        if jump.index != before:
            self.screen.say(f"Next unread, in {issue_name(self.screen.display_issue)}")

    def _still_reading(self, then: str) -> bool:
        """While a first start's files are read, the library holds only what is read so
        far: say so, rather than "no more" about issues not yet read. True when said."""
        reading = self.screen.library_reading
        if reading is None:
            return False
        self.screen.say(f"{reading_text(*reading)} — {then}", kind="warning")
        return True

    def _read_ids(self, entry: Entry) -> set[str]:
        return self.screen.state.read_ids(entry.identity)

    def _open(self, jump: Jump) -> None:
        assert jump.index is not None and jump.position is not None
        if jump.index == self.session.entry_index:
            self.screen.open_article(*jump.position)
        else:
            self.screen.open_in_script(jump.index, jump.position)

    # --- read marks --------------------------------------------------------------

    def toggle_read(self) -> None:
        """Mark the open article unread, or read again."""
        issue, article = self.session.issue, self.session.article
        if issue is None or article is None:
            return
        now_read = article.id not in self.screen.marks_for(issue).read
        if self.screen.state.set_read(issue, [article.id], now_read):
            self.screen.refresh_tree_marks()
            if now_read:
                self.screen.say("Marked read")
            else:
                self.screen.say("Marked unread (m again: read)")

    def mark_issue_read(self) -> None:
        """Mark every article of the open issue read; again, straight after: undo."""
        issue = self.session.issue
        if issue is None:
            return
        read = self.screen.marks_for(issue).read
        unread = {a.id for _s, a in issue.articles() if a.id not in read}
        if not unread:
            before = self._before_issue_read
            if before is not None and before[0] == issue.identity:
                if self.screen.state.set_read(issue, before[1], False):
                    self._before_issue_read = None
                    self.screen.refresh_tree_marks()
                    self.screen.say(f"Undone: {len(before[1])} article(s) unread again")
                return
            self.screen.say("Every article of this issue is read (m marks one unread)")
            return
        if self.screen.state.set_read(issue, unread, True):
            self._before_issue_read = (issue.identity, unread)
            self.screen.refresh_tree_marks()
            self.screen.say(f"Issue marked read ({len(unread)} were unread) — M again to undo")
