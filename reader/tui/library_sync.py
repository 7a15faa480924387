"""Keeping the reader's library current after a quick start.

paperread starts on the newest issue as the catalogue last saw it, without
stat'ing every file (:func:`reader.library.files.catalogue_library` with
``quick``). Once the first frame is on screen, a worker runs the full check
(:func:`reader.library.files.verify_library`) and the reader takes the result: the
entry being read stays open whatever its new place in the library, and caches
keyed by entry objects (script conversions) carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker

from reader.library.files import Entry, Library

if TYPE_CHECKING:
    from reader.tui.widgets.section_tree import SectionTree


class LibrarySync:
    """Mixin for the reader screen: verify the library after start, swap it in."""

    library: Library
    entry_index: int
    _verifying: Worker[None] | None = None

    def start_library_check(self) -> None:
        """After the first frame: check a quickly-started library against the files."""
        if not self.library.verified and self._verifying is None:
            self._verifying = self._verify_library()

    async def library_ready(self) -> None:
        """Wait until the library has been checked (at once when it has)."""
        self.start_library_check()  # asked for before the first frame: start it now
        worker = self._verifying
        if worker is not None and not worker.is_finished:
            await worker.wait()

    @work(thread=True, exclusive=True, group="library", description="library check")
    def _verify_library(self) -> None:
        from reader.library.files import verify_library

        try:
            fresh = verify_library(self.library)
        except Exception as error:  # a bug, or a disk gone bad: keep what the reader has
            self.app.call_from_thread(  # type: ignore[attr-defined]
                self.notify,  # type: ignore[attr-defined]
                f"Checking the library failed: {type(error).__name__}: {error}",
                severity="error",
                markup=False,
            )
            fresh = None
        self.app.call_from_thread(self._library_checked, fresh)  # type: ignore[attr-defined]

    def _library_checked(self, fresh: Library | None) -> None:
        if fresh is None:  # as it was: only known to be right now
            old = self.library
            fresh = Library(old.entries, old.messages, old.roots, True, old.catalogue)
        self.replace_library(fresh)
        self.library_checked()

    def replace_library(self, library: Library) -> None:
        """Read from ``library`` from now on, keeping the open entry open."""
        current = self.entry
        entries = library.entries
        index = next((i for i, e in enumerate(entries) if e is current), None)
        if current is not None and index is None:  # its file is gone: keep reading it
            entries = (*entries, current)
            index = len(entries) - 1
            library = Library(
                entries, library.messages, library.roots, library.verified, library.catalogue
            )
        self.library = library
        self.app.library = library  # type: ignore[attr-defined]
        if index is None:
            return
        if index != self.entry_index:
            self.entry_index = index
            self.fill_tree()
            self.reveal_current()
        else:
            self.section_tree.use_library(library)

    def index_of(self, entry: Entry) -> int | None:
        """Where ``entry`` (or its file) is in the current library."""
        from reader.library.files import entry_key

        entries = self.library.entries
        for i, e in enumerate(entries):
            if e is entry:
                return i
        key = entry_key(entry)
        return next((i for i, e in enumerate(entries) if entry_key(e) == key), None)

    # --- hooks the screen provides ---------------------------------------

    @property
    def entry(self) -> Entry | None:
        """The entry being read."""
        raise NotImplementedError

    @property
    def section_tree(self) -> SectionTree:
        """The section tree."""
        raise NotImplementedError

    def fill_tree(self) -> None:
        """Rebuild the tree for the open entry."""
        raise NotImplementedError

    def reveal_current(self) -> None:
        """Point the tree at the article being read."""
        raise NotImplementedError

    def library_checked(self) -> None:
        """The library is now as the files are (announce broken files, and so on)."""
        raise NotImplementedError
