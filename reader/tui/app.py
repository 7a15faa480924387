"""The paperread application: owns the library and settings, app-wide keys."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.filter import Monochrome, NoColor
from textual.message import Message

from reader.config import Settings

if TYPE_CHECKING:
    from textual.worker import Worker

    from reader.choices import Saved
    from reader.search.background import BackgroundIndex
    from reader.search.index import SearchIndex
    from reader.store.state import Store
from reader.library.files import Library
from reader.tui.messages import IndexFinished, IndexProgressed
from reader.tui.screens.reader import DEFAULT_TREE_SHARE, TREE_SHARES, ReaderScreen
from reader.tui.wide_repaint import WholeCharacterApp
from reader.tui.widgets.section_tree import SectionTree
from reader.tui.widgets.story import StoryView


def no_colour_wanted(environ: Mapping[str, str]) -> bool:
    """True when ``NO_COLOR`` is set and not empty (https://no-color.org), or the terminal
    is ``TERM=dumb`` (which by convention takes no colour or attributes it cannot show)."""
    return bool(environ.get("NO_COLOR")) or environ.get("TERM", "") == "dumb"


class IndexReport(Message):
    """From the indexing thread: progress, or the end of a run (``progress`` None)."""

    def __init__(
        self,
        indexer: object,
        progress: tuple[int, int] | None = None,
        ok: bool = False,
        messages: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.indexer = indexer
        self.progress = progress
        self.ok = ok
        self.messages = messages or []


def _open_index() -> SearchIndex:
    """Open the search index (in a worker thread)."""
    from reader.search.index import SearchIndex

    return SearchIndex()


class PaperreadApp(WholeCharacterApp[None]):
    """A terminal newspaper reader."""

    CSS_PATH = "paperread.tcss"
    TITLE = "paperread"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        library: Library,
        settings: Settings | None = None,
        start: int = 0,
        mode: str | None = None,
        article: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.article = article  # (section, article) of the start issue to open, if asked
        self._honour_no_colour(os.environ)
        self.library = library
        self.settings = settings or Settings()
        self.start = start
        self.mode = mode  # from --script; None: remembered or configured
        self._store: Store | None = None
        self._store_failed = False
        self._saved: Saved | None = None  # the remembered choices, read once at start
        self._search_index: SearchIndex | None = None
        self._index_opening: Worker[SearchIndex] | None = None
        self._index_starting = False  # index_library is waiting for the index to open
        self.search_indexed = False
        self._indexer: BackgroundIndex | None = None
        self.index_progress: tuple[int, int] | None = None  # (issues done, of) while indexing
        if self.settings.theme:
            self._wanted_theme: str | None = self.settings.theme
        else:
            self._wanted_theme = None

    def _honour_no_colour(self, environ: Mapping[str, str]) -> None:
        """No colour at all where the terminal or the user asks for none.

        Textual turns colours to greys when ``NO_COLOR`` is set at all (its ``Monochrome``
        filter: 256-colour or 24-bit greys, still colour sequences), and ignores
        ``TERM=dumb``. Here both mean what their conventions say: ``NO_COLOR`` set to a
        non-empty value (no-color.org) or ``TERM=dumb`` leave every colour to the
        terminal's own (``NoColor``: SGR 39/49 only); bold, reverse and underline stay,
        and ``:nocolor`` rules in paperread.tcss draw cursors and highlights with them.
        Textual keeps its filters in the private ``_filters`` list: there is no public
        way to choose one.
        """
        self.no_color = no_colour_wanted(environ)
        self._filters = [f for f in self._filters if not isinstance(f, (Monochrome, NoColor))]
        if self.no_color:
            self._filters.append(NoColor())

    @property
    def store(self) -> Store | None:
        """The bookmarks and reading-state store, opened on first use."""
        if self._store is None and not self._store_failed:
            from reader.store.state import Store

            try:
                self._store = Store()
            except Exception as error:  # the reader must read without a store
                self._store_failed = True
                self.notify(
                    f"Bookmarks and reading state are off: {error}",
                    severity="error",
                    markup=False,
                )
        return self._store

    def search_index(self) -> tuple[SearchIndex, bool]:
        """The search index (opened on first use, here) and whether it is up to date.

        The reader's own paths use :meth:`open_search_index`, which opens it in a thread:
        opening reads and checks the file and builds the folding (~30 ms).
        """
        if self._search_index is None:
            from reader.search.index import SearchIndex

            self._search_index = SearchIndex()
        return self._search_index, self.search_indexed

    async def open_search_index(self) -> tuple[SearchIndex, bool]:
        """The search index, opened in a worker thread the first time (never on this one),
        and whether it is up to date."""
        if self._search_index is None:
            if self._index_opening is None:
                self._index_opening = self.run_worker(
                    _open_index, name="open the search index", group="open-index", thread=True
                )
            index = await self._index_opening.wait()
            if self._search_index is None:
                self._search_index = index
        return self._search_index, self.search_indexed

    @property
    def indexing(self) -> bool:
        """True while the library is being indexed in the background (until its end is handled)."""
        return self._indexer is not None

    def index_library(self, library: Library) -> None:
        """Bring the search index up to date with ``library`` in a child process.

        Only for a library read from folders through the catalogue file (the
        child reads the same files); otherwise the search box indexes in a
        thread when it is opened.
        """
        if self.indexing or self.search_indexed or self._index_starting:
            return
        catalogue = library.catalogue
        if not library.roots or catalogue is None or catalogue.path == ":memory:":
            return
        self._index_starting = True
        self.run_worker(self._start_indexing(library), name="start indexing", group="index-start")

    async def _start_indexing(self, library: Library) -> None:
        """:meth:`index_library` once the index is open (in a thread): start the child."""
        try:
            index, _ = await self.open_search_index()
        finally:
            self._index_starting = False
        catalogue = library.catalogue
        if self.indexing or self.search_indexed or catalogue is None or index.path == ":memory:":
            return
        from reader.search.background import BackgroundIndex

        indexer: BackgroundIndex

        # From the indexing thread. post_message is thread-safe and does not wait for the
        # app to handle the message, so stopping the child never waits on a callback; the
        # run it came from travels with it, and a stopped run's messages are dropped.
        def some(done: int, total: int) -> None:
            self.post_message(IndexReport(indexer, progress=(done, total)))

        def all_(ok: bool, messages: list[str]) -> None:
            self.post_message(IndexReport(indexer, ok=ok, messages=messages))

        indexer = BackgroundIndex(library.roots, index.path, catalogue.path, some, all_)
        self._indexer = indexer
        self.index_progress = (0, 0)
        indexer.start()

    def on_index_report(self, report: IndexReport) -> None:
        """Progress or the end of the background indexing."""
        if report.indexer is not self._indexer:
            return  # from a run that was stopped
        if report.progress is not None:
            self._index_progressed(*report.progress)
        else:
            self._index_finished(report.ok, report.messages)

    def _index_progressed(self, done: int, total: int) -> None:
        self.index_progress = (done, total)
        for screen in self.screen_stack:
            screen.post_message(IndexProgressed(done, total))

    def _index_finished(self, ok: bool, messages: list[str]) -> None:
        self._indexer = None
        self.index_progress = None
        self.search_indexed = ok
        for message in messages:
            self.notify(message, severity="warning", markup=False, timeout=8)
        for screen in self.screen_stack:
            screen.post_message(IndexFinished(ok))

    def stop_indexing(self) -> None:
        """Stop the background indexing (what it committed stays)."""
        if self._indexer is not None:
            self._indexer.stop()
            self._indexer = None
            self.index_progress = None

    def on_unmount(self) -> None:
        """However the app ends: no indexing child is left behind."""
        self.stop_indexing()

    def configured(self, name: str) -> str:
        """What ``config.yaml`` sets for one of :data:`reader.choices.CHOICES`, as text."""
        value = {
            "script": self.settings.script,
            "measure": self.settings.measure,
            "theme": self.settings.theme,
            "tree": None,  # config.yaml has no key for the tree's width
        }[name]
        return "" if value is None else str(value)

    def saved_choices(self) -> Saved | None:
        """Every remembered choice, read from the store in one query the first time
        (the start's only read of them); None without a store."""
        if self._saved is None:
            from reader.choices import Saved

            store = self.store
            if store is None:
                return None
            self._saved = Saved(store.settings())
        return self._saved

    def remembered_choices(self) -> tuple[str, int, int]:
        """Script mode, measure and the tree's share of the window (percent) by the rule
        of :mod:`reader.choices`: the command line for this run, else the reader's last
        choice, else config.yaml. A value that is not one paperread offers is ignored."""
        from reader.choices import remembered
        from reader.config import SCRIPT_MODES
        from reader.typeset.measure import MAX_MEASURE, MIN_MEASURE

        mode, measure = self.settings.script, self.settings.measure
        saved = self.saved_choices()
        last_mode = remembered(saved, "script", self.configured("script"))
        if last_mode in SCRIPT_MODES:
            mode = last_mode
        last_measure = remembered(saved, "measure", self.configured("measure"))
        if last_measure and last_measure.isdigit():
            measure = max(MIN_MEASURE, min(MAX_MEASURE, int(last_measure)))
        tree = TREE_SHARES[DEFAULT_TREE_SHARE]
        last_tree = remembered(saved, "tree", self.configured("tree"))
        if last_tree is not None and last_tree in [str(share) for share in TREE_SHARES]:
            tree = int(last_tree)
        return (self.mode or mode), measure, tree

    def remember(self, name: str, value: str) -> None:
        """Keep a choice the reader made for later starts (quietly: it is a convenience)."""
        from contextlib import suppress

        from reader.choices import remember
        from reader.store.state import StoreError

        store = self.store
        if store is None or not store.writable:
            return
        with suppress(StoreError):  # quietly: remembering is a convenience
            remember(store, name, value, self.configured(name))

    async def action_quit(self) -> None:
        """Save the place in the story, close the store, quit."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, ReaderScreen):
            screen.save_current_place()
        self.stop_indexing()
        if self._store is not None:
            self._store.close()
            self._store = None
            self._store_failed = True
        self.exit()

    def get_default_screen(self) -> ReaderScreen:
        """The reader screen on the chosen issue."""
        mode, measure, tree = self.remembered_choices()
        return ReaderScreen(
            self.library,
            self.start,
            measure,
            tree=tree,
            mode=mode,
            regional_phrases=self.settings.regional_phrases,
            traditional=self.settings.traditional,
            article=self.article,
        )

    def on_mount(self) -> None:
        """Apply the theme and report settings problems."""
        from reader.choices import remembered

        chosen = remembered(self.saved_choices(), "theme", self.configured("theme"))
        if chosen and chosen in self.available_themes:
            self.theme = chosen
        elif self._wanted_theme:
            if self._wanted_theme in self.available_themes:
                self.theme = self._wanted_theme
            else:
                self.notify(
                    f"Unknown theme {self._wanted_theme!r} in config.yaml",
                    severity="warning",
                    markup=False,
                )
        # From now on a theme picked in the palette is the reader's choice.
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        for warning in self.settings.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=8)

    def _theme_chosen(self, theme: object) -> None:
        self.remember("theme", self.theme)

    def action_help(self) -> None:
        """Show every key with its description."""
        from reader.tui.screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            return
        groups = [
            ("Reading", ReaderScreen.BINDINGS),
            ("Story", StoryView.BINDINGS),
            ("Tree", [*SectionTree.BINDINGS, Binding("enter", "", "Open the article")]),
            ("Anywhere", [*self.BINDINGS, Binding("ctrl+p", "", "Command palette")]),
        ]
        self.push_screen(HelpScreen(help_rows(groups)))
