"""One issue on screen: status line, section tree, story, message line, footer.

What is open and where ``n``/``p``/``]``/``[`` lead is the
:class:`reader.session.ReadingSession`'s business; script modes are a
:class:`reader.tui.reading.scripts.ScriptSwitcher`'s, reading state a
:class:`reader.reading_state.ReadingState`'s. This screen wires them to the
widgets; :class:`reader.tui.screens.reader.ReaderScreen` adds the keys and the
trips to the other screens (search, library, bookmarks).
"""

from __future__ import annotations

import gc

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from reader.issue.clean import clean_inline
from reader.issue.deferred import release_writes
from reader.issue.model import Article, Issue, Section
from reader.library.files import Entry, Library
from reader.reading_state import PLACE_SAVE_SECONDS, ReadingState
from reader.reading_time import Length, article_length
from reader.session import Marks, ReadingSession
from reader.tui.host import ReaderHost, host
from reader.tui.reading.flow import ReadingFlow, position_variants
from reader.tui.reading.library_check import (
    READING,
    LibraryCheck,
    LibraryChecked,
    LibraryRead,
    LibraryReading,
    reading_text,
)
from reader.tui.reading.scripts import (
    ConversionDone,
    ConversionFailed,
    ConversionStarted,
    ScriptSwitcher,
)
from reader.tui.widgets.message_line import ANSWER_SECONDS, Kind, MessageLine, fit
from reader.tui.widgets.section_tree import SectionTree
from reader.tui.widgets.status_line import StatusLine
from reader.tui.widgets.story import StoryView

WARM_UP_AFTER = 1.5  # seconds after start: build the OpenCC converter for t while idle


class IssueScreen(Screen[None]):
    """Reads one issue of a library at a time (the reader screen without its keys)."""

    # The story has the keys from the start: focused first, not after the tree.
    AUTO_FOCUS = ""

    def __init__(
        self,
        library: Library,
        start: int,
        measure: int,
        *,
        mode: str = "original",
        regional_phrases: bool = False,
        traditional: str = "tw",
        article: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(classes=self._width_class())
        self.session = ReadingSession(library, start)
        self.scripts = ScriptSwitcher(
            self,
            self.session,
            self.script_changed,
            say=self.say,
            mode=mode,
            regional_phrases=regional_phrases,
            traditional=traditional,
        )
        self.state = ReadingState(lambda: self.host.store, self.notify)
        self.library_check = LibraryCheck(self)
        self.flow = ReadingFlow(self)
        self._length: tuple[Article, Length] | None = None  # the open article's, counted once
        self.measure = measure
        self.start_article = article  # open here rather than where the issue was left
        self._script_chosen = False  # set by t and the palette until the mode is shown

    def _width_class(self) -> str | None:
        """The width class (``HORIZONTAL_BREAKPOINTS``) Textual would give the screen at
        the first resize, to make the screen with: a class changed after the first
        styling restyles every widget and its component classes again (3-4 ms of the
        first frame)."""
        try:
            width = self.app.size.width
        except Exception:  # made outside a running app (a test): Textual sets it at resize
            return None
        for floor, name in sorted(self.HORIZONTAL_BREAKPOINTS or [], reverse=True):
            if width >= floor:
                return name
        return None

    def compose(self) -> ComposeResult:
        """Status line on top, tree beside story, the message line and footer below."""
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield SectionTree(id="tree")
            yield StoryView(id="story")
        yield MessageLine(id="message")
        yield Footer(show_command_palette=False)

    # --- what is shown ----------------------------------------------------

    @property
    def host(self) -> ReaderHost:
        """The app, as far as this screen needs it."""
        return host(self.app)

    @property
    def section_tree(self) -> SectionTree:
        """The section tree."""
        return self.query_one(SectionTree)

    @property
    def story(self) -> StoryView:
        """The story pane."""
        return self.query_one(StoryView)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def message_line(self) -> MessageLine:
        """The line that answers keys, above the footer."""
        return self.query_one(MessageLine)

    def say(
        self, text: str, *, timeout: float | None = ANSWER_SECONDS, kind: Kind = "info"
    ) -> None:
        """Answer a key in the message line (plain text; ``timeout=None``: until replaced)."""
        self.message_line.say(text, timeout=timeout, kind=kind)

    @property
    def library_reading(self) -> tuple[int, int] | None:
        """(done, total) while a first start's files are still being read, else None."""
        return self.library_check.reading

    @property
    def library(self) -> Library:
        """The library being read."""
        return self.session.library

    @property
    def entry_index(self) -> int:
        """Where the open entry is in the library."""
        return self.session.entry_index

    @property
    def entry(self) -> Entry | None:
        """The library entry being read."""
        return self.session.entry

    @property
    def issue(self) -> Issue | None:
        """The issue being read, if it loaded."""
        return self.session.issue

    @property
    def section(self) -> Section | None:
        """The section being read."""
        return self.session.section

    @property
    def article(self) -> Article | None:
        """The article being read (in the original script)."""
        return self.session.article

    @property
    def mode(self) -> str:
        """The script mode shown."""
        return self.scripts.mode

    @property
    def display_issue(self) -> Issue | None:
        """The issue as shown, in the current script mode."""
        issue = self.issue
        return None if issue is None else self.scripts.shown_issue(issue)

    def marks_for(self, issue: Issue | None) -> Marks:
        """Read and bookmarked article ids of ``issue``."""
        return self.state.marks_for(issue)

    # --- start ----------------------------------------------------------------

    def on_mount(self) -> None:
        """Fill the tree and open the first article."""
        self.story.measure = self.measure
        self.section_tree.marks = self.marks_for(self.issue)
        self.fill_tree()
        if self.start_article is not None and self.issue is not None:
            self.open_article(*self.start_article)
        else:
            self.open_entry(self.entry_index)
        self.set_interval(PLACE_SAVE_SECONDS, self.save_current_place)
        self.watch(self.story, "scroll_y", self._story_scrolled, init=False)
        self.watch(self.story, "virtual_size", self._story_scrolled, init=False)  # typeset
        self.story.focus()
        self.call_after_refresh(self._after_first_frame)
        if self.mode != "original":
            self.scripts.apply(self.mode)  # the configured or remembered mode: not a new choice
        gc.freeze()  # the loaded library lives on: keep full collections from rescanning it
        self.set_timer(WARM_UP_AFTER, self.scripts.warm_up)

    def fill_tree(self) -> None:
        """(Re)build the tree, labelling the open issue in the current script."""
        shown = self.display_issue
        self.section_tree.fill(
            self.library,
            self.entry_index,
            {self.entry_index: shown} if shown else {},
            self.marks_for(self.issue),
        )

    def reveal_current(self) -> None:
        """Point the tree at the article being read."""
        self.section_tree.reveal(self.entry_index, *self.session.position)

    def _after_first_frame(self) -> None:
        release_writes()  # the issues parsed to get here go to the cache now, in a thread
        if self.library.verified:
            self.library_checked()
        else:
            self.library_check.start(self.library)
            self._show_reading()

    def _show_reading(self) -> None:
        """While a first start's files are read: the progress in the message line."""
        reading = self.library_check.reading
        if reading is not None:
            self.message_line.stand(reading_text(*reading))

    @on(LibraryReading)
    def _library_reading(self, message: LibraryReading) -> None:
        if self.library_check.reading is None:
            return  # the check's result came first
        self.library_check.reading = (message.done, message.total)
        if not self.story.match_count():  # a search's match count stands meanwhile
            self._show_reading()
        for screen in self.app.screen_stack:
            if screen is not self:
                screen.post_message(LibraryReading(message.done, message.total))

    async def library_ready(self) -> None:
        """Wait until the library has been checked against the files."""
        await self.library_check.ready(self.library)

    @on(LibraryChecked)
    def _library_checked(self, message: LibraryChecked) -> None:
        fresh = message.library
        if fresh is None:  # as it was: only known to be right now
            old = self.library
            fresh = Library(old.entries, old.messages, old.roots, True, old.catalogue)
        self.replace_library(fresh)
        if self.library_check.reading is not None:  # a first start's files are all read
            if self.message_line.standing.startswith(READING):
                self.message_line.clear_standing()
            issues = len(self.library.issues)
            self.say(f"Library read: {issues:,} issue{'' if issues == 1 else 's'}")
            for screen in self.app.screen_stack:
                if screen is not self:
                    screen.post_message(LibraryRead(self.library, self.entry_index))
        self.library_check.taken()
        self.library_checked()

    def replace_library(self, library: Library) -> None:
        """Read from ``library`` from now on, keeping the open entry open."""
        moved = self.session.replace_library(library)
        self.host.library = self.library
        if moved:
            self.fill_tree()
            self.reveal_current()
        else:
            self.section_tree.use_library(self.library)

    def library_checked(self) -> None:
        """The library is known to be as the files are: say what could not be read, index it."""
        self._announce_broken()
        self.host.index_library(self.library)

    def _announce_broken(self) -> None:
        """Say which files of the library could not be opened (after the first frame)."""
        for notice in self.session.notices():
            self.notify(notice, severity="warning", markup=False, timeout=8)

    # --- opening things -------------------------------------------------

    def open_entry(self, index: int) -> None:
        """Open an issue at its first article, or show why its file is broken."""
        if not self.library.entries:
            self.story.show_error("No issue files found.", ())
            self.status.show(["paperread"], "")
            return
        self.switch_entry(index)
        entry = self.library.entries[index]
        if entry.issue is None:
            details = tuple(str(p) for p in entry.error.problems) if entry.error else ()
            self.story.show_error(f"{clean_inline(str(entry.path))} could not be opened:", details)
            self.status.show([entry.label, "not opened"], "")
            self.section_tree.reveal_entry(index)
            return
        resume = self.state.resume_point(entry.issue)
        if resume is not None:
            self.open_article(*resume)
        else:
            self.open_article(0, 0)

    def switch_entry(self, index: int) -> None:
        """Make another library entry the open one (saving the place in the old one)."""
        if index == self.entry_index:
            return
        self.save_current_place()
        self.session.open_entry(index)
        self.fill_tree()

    def open_article(
        self, section: int, article: int, place: tuple[int, int] | None = None
    ) -> None:
        """Show an article of the current issue (at ``place``) and point the tree at it."""
        issue = self.issue
        if issue is None:
            return
        self.save_current_place()
        self.session.open_article(section, article)
        shown = self.scripts.shown_article(issue, (section, article))
        self.story.show_article(shown, place=place)
        self.matches_changed()
        original = issue.sections[section].articles[article]
        self.state.record_open(issue, original)
        if place is not None:
            self.state.save_place(issue, original, place)
        self.section_tree.refresh_article(self.marks_for(issue), self.entry_index, section, article)
        self.section_tree.reveal(self.entry_index, section, article)
        self.update_status()

    def open_in_script(self, index: int, position: tuple[int, int] | None) -> None:
        """Open entry ``index`` (at ``position``, else where it was left), in the current mode."""
        if position is None:
            self.open_entry(index)
        else:
            self.switch_entry(index)
            self.open_article(*position)
        self.scripts.reapply()

    def save_current_place(self) -> None:
        """Save where the reader is in the current story (timer, switching, quitting)."""
        issue, article = self.issue, self.article
        if issue is None or article is None or not self.story.lines:
            return
        if self.story.article is None or article.id != self.story.article.id:
            return
        self.state.save_place(issue, article, self.story.place())

    def update_status(self) -> None:
        """Paper, date, section, script mode; the article's number, how far into the story
        the reader is, its length and reading time."""
        issue, article = self.display_issue, self.article
        if issue is None or article is None:
            return
        section = issue.sections[self.session.section_index]
        date = issue.date.isoformat() if issue.date else ""
        parts = [issue.paper, date, issue.edition or "", section.title, self.scripts.label()]
        if self._length is None or self._length[0] is not article:
            self._length = (article, article_length(article))
        position = position_variants(
            self.session.reading_order(), self.story.progress(), self._length[1]
        )
        self.status.show(parts, position)

    def _story_scrolled(self) -> None:
        if self.article is not None and self.story.article is not None:
            self.update_status()

    def _match_step(self, step: int) -> None:
        number = self.story.go_to_match(step)
        total = self.story.match_count()
        if total:
            self.say(match_message(number, total, self.story.search_query), timeout=None)

    def matches_changed(self) -> None:
        """The story's search matches came or went: the match count and the footer follow."""
        if not self.story.match_count():
            self.message_line.clear_standing()
            self._show_reading()
        self.refresh_bindings()

    # --- script modes ---------------------------------------------------------

    def action_toggle_script(self) -> None:
        """Switch between the original script and the other one (remembered: a choice)."""
        self._script_chosen = True
        self.scripts.toggle()

    def apply_mode(self, mode: str | None) -> None:
        """Show the issue in ``mode`` (None: the other script of the issue); the reader's
        choice, remembered for later starts (see :mod:`reader.choices`)."""
        self._script_chosen = True
        self.scripts.apply(mode)

    @on(ConversionStarted)
    def _conversion_started(self, message: ConversionStarted) -> None:
        self.scripts.started(message)

    @on(ConversionDone)
    def _conversion_done(self, message: ConversionDone) -> None:
        self.scripts.done(message)

    @on(ConversionFailed)
    def _conversion_failed(self, message: ConversionFailed) -> None:
        self.scripts.failed(message)

    def script_changed(self, what: str | None) -> None:
        """Redraw after a mode change: None status only, "story", or "all"."""
        issue = self.issue
        if what and issue is not None:
            article = self.scripts.shown_article(issue, self.session.position)
            self.story.show_article(article, place=self.story.place())
            if what == "all":
                # The story first; the tree's labels follow in the next frame.
                self.call_after_refresh(self._relabel_tree)
        self.update_status()
        if self.scripts.converting is None and self._script_chosen:
            self._script_chosen = False
            self.host.remember("script", self.mode)

    def _relabel_tree(self) -> None:
        self.fill_tree()
        self.reveal_current()

    # --- tree events ----------------------------------------------------

    @on(events.DescendantFocus)
    def _story_focused(self, event: events.DescendantFocus) -> None:
        """Back in the story without opening anything (tab, escape, a click): the tree's
        cursor returns to the article being read, so it never points elsewhere."""
        if event.widget is self.story:
            self.reveal_current()

    @on(SectionTree.ArticleSelected)
    def _article_selected(self, message: SectionTree.ArticleSelected) -> None:
        """Enter on an article opens it (in the current script)."""
        target = message.target
        assert target.section is not None and target.article is not None
        if target.entry != self.entry_index:
            self.switch_entry(target.entry)
            self.scripts.reapply()
        self.open_article(target.section, target.article)
        if self.has_class("-narrow"):
            self.remove_class("-tree-shown")
        self.story.focus()

    @on(SectionTree.IssueSelected)
    def _issue_selected(self, message: SectionTree.IssueSelected) -> None:
        """Enter on a broken file shows its error; on another issue opens it."""
        index = message.target.entry
        entry = self.library.entries[index]
        if entry.issue is None or index != self.entry_index:
            self.open_entry(index)

    # --- moving ---------------------------------------------------------

    def action_next_article(self) -> None:
        """Next article, crossing sections and, after the last, into the next issue
        (after a search: the next match)."""
        if self.story.match_count():
            self._match_step(1)
            return
        if self.issue is not None:
            self.flow.next_article()

    def action_previous_article(self) -> None:
        """Previous article, crossing sections and, before the first, issues."""
        if self.issue is not None:
            self.flow.previous_article()

    @on(StoryView.Reshaped)
    def _story_reshaped(self, message: StoryView.Reshaped) -> None:
        """A taller or shorter pane shows more or less of the story: the percent follows."""
        self._story_scrolled()

    @on(StoryView.Finished)
    def _story_finished(self, message: StoryView.Finished) -> None:
        """``space`` at a story's end: the next story (across sections and issues)."""
        if self.issue is not None:
            self.flow.next_article()

    def refresh_tree_marks(self) -> None:
        """Show the open issue's bookmarks and read marks as the store has them now."""
        self.section_tree.update_marks(self.marks_for(self.issue))

    def action_next_section(self) -> None:
        """First article of the next section."""
        self._go(self.session.section_step(1), "No more sections")

    def action_previous_section(self) -> None:
        """First article of this section, or of the previous one."""
        self._go(self.session.section_step(-1), "This is the first section")

    def _go(self, position: tuple[int, int] | None, at_the_end: str) -> None:
        if self.issue is None:
            return
        if position is None:
            self.say(at_the_end)
        else:
            self.open_article(*position)


QUERY_CELLS = 24  # at most this much of the query is repeated in the match count


def match_message(number: int, total: int, query: str) -> str:
    """ "Match k of n for “query”" with the keys that go on; a long query is shortened."""
    shown = fit(Text(" ".join(query.split())), QUERY_CELLS).plain
    return f"Match {number} of {total} for “{shown}” — n/N next/previous, esc clear"
