"""The child process that brings the search index up to date while the reader runs.

Started by :class:`reader.search.background.BackgroundIndex`, never by hand::

    python -m reader.search.worker --index PATH --catalogue PATH ROOT...

It lowers its own priority, reads the library under the roots from the
catalogue, and indexes what changed, newest issues first (the library's
order), committing as it goes so searches see each batch at once. It reports
on stdout, one JSON object per line:

- ``{"progress": [done, total]}`` while issues are indexed (at most ten a
  second; ``total`` is what this attempt has to index, so it may start again
  lower after a retry);
- ``{"message": text}`` for what went wrong with the catalogue or the index,
  all of them at the end;
- ``{"message": text, "busy": true}``, last, when another process kept the
  index locked through every attempt: the index is not up to date, and a
  later run may do better;
- ``{"done": issues}``, last, when the index is up to date: ``issues`` is how
  many it indexed. A run that ends without it did not bring the index up to
  date: when it exits with status 0 its messages say why (the index stayed
  busy, or could only be kept in memory); otherwise it failed (stderr).

When another process keeps the index locked (SQLite's "busy"), the update is
tried again after a pause, :data:`ATTEMPTS` times in all, before the busy
message is reported. The child stops on its own, with status 0 and no more
output, when the reader that started it is gone: it looks while the catalogue
parses changed files, after each issue it indexes, between the stages and
while it pauses before a retry.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.library.files import Entry
    from reader.search.index import SearchIndex

REPORT_EVERY = 0.1  # seconds between progress lines
ATTEMPTS = 5  # updates tried while the index is busy
RETRY_AFTER = (1.0, 2.0, 3.0, 5.0)  # seconds to wait before the 2nd, 3rd… attempt
LOOK_EVERY = 0.25  # seconds between looks for the reader while waiting

_pause = time.sleep  # the tests replace it


class _ReaderGone(BaseException):
    """The reader that started us is gone: stop (a BaseException, so nothing swallows it)."""


def _say(**what: object) -> None:
    sys.stdout.write(json.dumps(what, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def _wait(seconds: float, look: Callable[[], None]) -> None:
    """Pause ``seconds``, calling ``look`` (which raises when the reader is gone) now and then."""
    left = seconds
    while left > 0:
        look()
        step = min(LOOK_EVERY, left)
        _pause(step)
        left -= step
    look()


def main(argv: Sequence[str] | None = None) -> int:
    """Index the library under the given roots; 0 (what went wrong is reported, or raised)."""
    parser = argparse.ArgumentParser(prog="python -m reader.search.worker")
    parser.add_argument("--index", required=True, help="the search index file")
    parser.add_argument("--catalogue", required=True, help="the catalogue file")
    parser.add_argument("roots", nargs="*", type=Path)
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError, AttributeError):  # no nice() on some systems
        os.nice(10)  # the reader comes first
    parent = os.getppid()

    def look() -> None:
        if os.getppid() != parent:  # the reader quit or died: stop (what is committed stays)
            raise _ReaderGone

    try:
        _run(args, look)
    except (_ReaderGone, BrokenPipeError):  # the reader is gone, or stopped listening
        return 0
    return 0


def _run(args: argparse.Namespace, look: Callable[[], None]) -> None:
    from reader.library.catalogue import Catalogue
    from reader.library.files import catalogue_library
    from reader.search.index import SearchIndex
    from reader.store.cache import MEMORY

    look()
    catalogue = Catalogue(args.catalogue)
    try:
        # A first run parses every file: minutes for a big library, so look meanwhile too.
        library = catalogue_library(args.roots, catalogue, lambda done, total: look())
        look()
        index = SearchIndex(args.index)
        try:
            if index.path == MEMORY and args.index != MEMORY:
                # Busy or unwritable: indexing into memory would help nobody.
                _tell(catalogue.messages, index.messages)
                return
            changed, busy = _update(index, library.entries, look)
            _tell(catalogue.messages, [m for m in index.messages if m is not busy])
            if busy is not None:
                _say(message=busy, busy=True)
            else:
                _say(done=changed)
        finally:
            index.close()
    finally:
        catalogue.close()


def _update(
    index: SearchIndex, entries: Sequence[Entry], look: Callable[[], None]
) -> tuple[int, str | None]:
    """Update ``index`` with ``entries``, again while it is busy.

    Returns the issues indexed, and the last attempt's busy message
    (:attr:`SearchIndex.busy`) if it was busy too, else None. The busy
    messages of attempts that are tried again are taken back.
    """
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        look()
        now = time.monotonic()
        if done >= total or now - last >= REPORT_EVERY:
            last = now
            _say(progress=[done, total])

    changed = 0
    for attempt in range(ATTEMPTS):
        changed += index.update(entries, progress)
        busy = index.busy
        if busy is None or attempt + 1 == ATTEMPTS:
            return changed, busy
        index.messages[:] = [m for m in index.messages if m is not busy]
        _wait(RETRY_AFTER[min(attempt, len(RETRY_AFTER) - 1)], look)
    return changed, None  # pragma: no cover


def _tell(*messages: list[str]) -> None:
    for group in messages:
        for message in group:
            _say(message=message)


if __name__ == "__main__":
    sys.exit(main())
