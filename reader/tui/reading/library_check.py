"""Keeping the reader's library current after a quick start.

paperread starts on the newest issue as the catalogue last saw it, without
stat'ing every file (:func:`reader.library.files.catalogue_library` with
``quick``). Once the first frame is on screen, a worker runs the full check
(:func:`reader.library.files.verify_library`) and posts :class:`LibraryChecked`
to the screen, which swaps the result in through
:meth:`reader.session.ReadingSession.replace_library`: the entry being read
stays open wherever it now sorts, and caches keyed by entry objects (script
conversions) carry over.

On a first start the library holds only the newest issue and ``pending`` files
are still to be read: the check then takes a while, and reports its progress
(:class:`LibraryReading`) for the message line and an open library screen.
"""

from __future__ import annotations

import asyncio
import time
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


class LibraryReading(Message):
    """Progress of a check that reads files: ``done`` of ``total`` read."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class LibraryRead(Message):
    """To other screens: the reader's library after the check, and the open entry's index."""

    def __init__(self, library: Library, current: int) -> None:
        super().__init__()
        self.library = library
        self.current = current


REPORT_EVERY = 0.1  # seconds between progress reports from the check


READING = "Reading the library"


def reading_text(done: int, total: int) -> str:
    """The progress line: "Reading the library: 1,234 of 3,650 files"."""
    return f"{READING}: {done:,} of {total:,} file{'' if total == 1 else 's'}"


class LibraryCheck:
    """Runs the full library check once for a screen, and lets others wait for it."""

    def __init__(self, host: Screen[Any]) -> None:
        self.host = host
        self._worker: Worker[None] | None = None
        self._taken = asyncio.Event()  # the screen has swapped the result in
        self.reading: tuple[int, int] | None = None
        """(done, total) while a check reads the files a first start left (see ``pending``)."""

    def taken(self) -> None:
        """The screen has handled :class:`LibraryChecked`."""
        self.reading = None
        self._taken.set()

    def start(self, library: Library) -> None:
        """Check a quickly-started library against the files (once)."""
        if not library.verified and self._worker is None:
            if library.pending:
                self.reading = (0, library.pending)
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
        from textual.worker import get_current_worker

        from reader.library.files import verify_library

        worker = get_current_worker()
        last = time.monotonic()

        def progress(done: int, total: int) -> None:  # in the worker's thread
            nonlocal last
            if worker.is_cancelled:  # the reader is quitting: the next start goes on from here
                raise _Stopped
            if library.pending and (done == total or time.monotonic() - last >= REPORT_EVERY):
                last = time.monotonic()
                self.host.post_message(LibraryReading(done, total))

        try:
            fresh: Library | None = verify_library(library, progress)
        except _Stopped:
            return
        except Exception as error:  # a bug, or a disk gone bad: keep what the reader has
            self.host.app.call_from_thread(
                self.host.notify,
                f"Checking the library failed: {type(error).__name__}: {error}",
                severity="error",
                markup=False,
            )
            fresh = None
        self.host.post_message(LibraryChecked(fresh))


class _Stopped(Exception):
    """The check was cancelled (the app is closing): a thread cannot be stopped otherwise,
    and the interpreter waits for it before the process ends."""
