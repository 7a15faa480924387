"""Keeping the reader's library current after a quick start.

paperread starts on the newest issue as the catalogue last saw it, without
stat'ing every file (:func:`reader.library.files.catalogue_library` with
``quick``). Once the first frame is on screen, a worker runs the full check
(:func:`reader.library.files.verify_library`) and posts :class:`LibraryChecked`
to the screen, which swaps the result in through
:meth:`reader.session.ReadingSession.replace_library`: the entry being read
stays open wherever it now sorts, and caches keyed by entry objects (script
conversions) carry over.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker

from reader.library.files import Library

if TYPE_CHECKING:
    from textual.screen import Screen


class LibraryChecked(Message):
    """The library as the files are now (None: the check failed; keep what there is)."""

    def __init__(self, library: Library | None) -> None:
        super().__init__()
        self.library = library


class LibraryCheck:
    """Runs the full library check once for a screen, and lets others wait for it."""

    def __init__(self, host: Screen[Any]) -> None:
        self.host = host
        self._worker: Worker[None] | None = None
        self._taken = asyncio.Event()  # the screen has swapped the result in

    def taken(self) -> None:
        """The screen has handled :class:`LibraryChecked`."""
        self._taken.set()

    def start(self, library: Library) -> None:
        """Check a quickly-started library against the files (once)."""
        if not library.verified and self._worker is None:
            self._worker = self.host.run_worker(
                lambda: self._check(library),
                thread=True,
                exclusive=True,
                group="library",
                description="library check",
            )

    async def ready(self, library: Library) -> None:
        """Wait until the library has been checked (at once when it has)."""
        self.start(library)  # asked for before the first frame: start it now
        worker = self._worker
        if worker is not None:
            await worker.wait()
            await self._taken.wait()

    def _check(self, library: Library) -> None:
        from reader.library.files import verify_library

        try:
            fresh: Library | None = verify_library(library)
        except Exception as error:  # a bug, or a disk gone bad: keep what the reader has
            self.host.app.call_from_thread(
                self.host.notify,
                f"Checking the library failed: {type(error).__name__}: {error}",
                severity="error",
                markup=False,
            )
            fresh = None
        self.host.post_message(LibraryChecked(fresh))
