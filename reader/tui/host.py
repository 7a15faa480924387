"""What the screens need from the app, as a type (the app module imports the screens,
so they cannot import it back)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from reader.library.files import Library
    from reader.search.index import SearchIndex
    from reader.store.state import Store


class ReaderHost(Protocol):
    """The paperread app as its screens see it (:class:`reader.tui.app.PaperreadApp`)."""

    library: Library
    search_indexed: bool
    index_progress: tuple[int, int] | None

    @property
    def store(self) -> Store | None:
        """The reading-state store, or None when it cannot be opened."""

    @property
    def indexing(self) -> bool:
        """True while the library is being indexed in the background."""

    def search_index(self) -> tuple[SearchIndex, bool]:
        """The search index and whether it is up to date."""

    async def open_search_index(self) -> tuple[SearchIndex, bool]:
        """The search index, opened off the UI thread, and whether it is up to date."""

    def index_library(self, library: Library) -> None:
        """Bring the search index up to date with ``library`` in the background."""

    def remember(self, name: str, value: str) -> None:
        """Keep a choice for the next start."""


def host(app: App[Any]) -> ReaderHost:
    """The running app, typed as what screens may ask of it."""
    return cast("ReaderHost", app)
