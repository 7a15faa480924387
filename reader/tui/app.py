"""The paperread application: owns the library and settings, app-wide keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from reader.config import Settings

if TYPE_CHECKING:
    from reader.store import Store
from reader.library import Library
from reader.tui.reader_screen import ReaderScreen
from reader.tui.section_tree import SectionTree
from reader.tui.story import StoryView


class PaperreadApp(App[None]):
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
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.start = start
        self.mode = mode or self.settings.script
        self._store: Store | None = None
        self._store_failed = False
        if self.settings.theme:
            self._wanted_theme: str | None = self.settings.theme
        else:
            self._wanted_theme = None

    @property
    def store(self) -> Store | None:
        """The bookmarks and reading-state store, opened on first use."""
        if self._store is None and not self._store_failed:
            from reader.store import Store

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

    async def action_quit(self) -> None:
        """Save the place in the story, close the store, quit."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, ReaderScreen):
            screen.save_current_place()
        if self._store is not None:
            self._store.close()
            self._store = None
            self._store_failed = True
        self.exit()

    def get_default_screen(self) -> ReaderScreen:
        """The reader screen on the chosen issue."""
        return ReaderScreen(
            self.library,
            self.start,
            self.settings.measure,
            mode=self.mode,
            regional_phrases=self.settings.regional_phrases,
            traditional=self.settings.traditional,
        )

    def on_mount(self) -> None:
        """Apply the theme and report settings problems."""
        if self._wanted_theme:
            if self._wanted_theme in self.available_themes:
                self.theme = self._wanted_theme
            else:
                self.notify(
                    f"Unknown theme {self._wanted_theme!r} in config.yaml",
                    severity="warning",
                    markup=False,
                )
        for warning in self.settings.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=8)

    def action_help(self) -> None:
        """Show every key with its description."""
        from reader.tui.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            return
        groups = [
            ("Reading", ReaderScreen.BINDINGS),
            ("Story", StoryView.BINDINGS),
            ("Tree", [*SectionTree.BINDINGS, Binding("enter", "", "Open the article")]),
            ("Anywhere", [*self.BINDINGS, Binding("ctrl+p", "", "Command palette")]),
        ]
        self.push_screen(HelpScreen(help_rows(groups)))
