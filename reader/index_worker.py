"""The child process that brings the search index up to date while the reader runs.

Started by :class:`reader.background_index.BackgroundIndex`, never by hand::

    python -m reader.index_worker --index PATH --catalogue PATH ROOT...

It lowers its own priority, reads the library under the roots from the
catalogue, and indexes what changed, newest issues first (the library's
order), committing as it goes so searches see each batch at once. It reports
on stdout, one JSON object per line: ``{"progress": [done, total]}`` (at
most ten a second), ``{"message": text}`` and, last, ``{"done": issues}``.
It stops on its own when the reader that started it is gone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPORT_EVERY = 0.1  # seconds between progress lines


def _say(**what: object) -> None:
    sys.stdout.write(json.dumps(what, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Index the library under the given roots; 0 when the index is up to date."""
    parser = argparse.ArgumentParser(prog="python -m reader.index_worker")
    parser.add_argument("--index", required=True, help="the search index file")
    parser.add_argument("--catalogue", required=True, help="the catalogue file")
    parser.add_argument("roots", nargs="*", type=Path)
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError, AttributeError):  # no nice() on some systems
        os.nice(10)  # the reader comes first
    parent = os.getppid()

    from reader.catalogue import Catalogue
    from reader.library import catalogue_library
    from reader.search import SearchIndex

    catalogue = Catalogue(args.catalogue)
    library = catalogue_library(args.roots, catalogue)
    index = SearchIndex(args.index)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if os.getppid() != parent:  # the reader quit or died: stop (what is committed stays)
            raise SystemExit(0)
        now = time.monotonic()
        if done >= total or now - last >= REPORT_EVERY:
            last = now
            _say(progress=[done, total])

    try:
        changed = index.update(library.entries, progress)
        for message in (*catalogue.messages, *index.messages):
            _say(message=message)
        _say(done=changed)
    except BrokenPipeError:  # the reader stopped listening
        return 0
    finally:
        index.close()
        catalogue.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
