"""``paperread search QUERY [PATH] [--json]``: full-text search from the command line.

The library is PATH when given, else the reader's default library (configured
folders, the data dir's ``issues/``, the bundled sample). The catalogue and
the search index are brought up to date first, with a progress bar on stderr
when that takes more than half a second. Each hit prints paper, date, section
and headline, then a snippet with the match highlighted (plain text when
stdout is not a terminal). Exit status: 0 with hits, 1 with none (or when the
search cannot run); :mod:`reader.cli.main` owns the wiring.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli import jsonout

if TYPE_CHECKING:  # imported when the command runs, keeping `paperread` light
    from rich.console import Console
    from rich.progress import Progress, TaskID
    from rich.text import Text

    from reader.search.index import SearchHit

EXIT_OK, EXIT_FAILED = 0, 1
PROGRESS_DELAY = 0.5  # seconds of work before a progress bar appears
DEFAULT_LIMIT = 50
STYLES = {
    "paper": "dim",
    "date": "cyan",
    "section": "dim",
    "headline": "bold",
    "match": "bold black on yellow",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread search QUERY [PATH] [--json] [--limit N]``."""
    parser = argparse.ArgumentParser(
        prog="paperread search",
        description=(
            "Search the library's stories. 简体 and 繁體, full- and half-width forms and "
            "upper and lower case all match each other; the query is literal text."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help="the text to find (any length)")
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="an issue file or a folder of them (default: your library and the sample)",
    )
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N hits (default {DEFAULT_LIMIT})",
    )
    return parser


def run(ns: argparse.Namespace) -> int:
    """Search and print the hits; 0 when something matched, 1 otherwise."""
    from reader.cli.main import encoding_problem, output_is_utf8
    from reader.search.text import normalise_query

    if not output_is_utf8(sys.stdout):
        return _fail(encoding_problem(sys.stdout))
    if ns.limit < 1:
        return _fail("--limit must be at least 1")
    if not normalise_query(ns.query):
        return _fail("nothing to search for: the query is empty")
    roots = _roots(ns.path)
    if roots is None:
        return _fail(f"{ns.path}: no such file or folder")
    hits = _search(ns.query, roots, ns.limit)
    if ns.json:
        sys.stdout.write(jsonout.dumps([hit_json(h) for h in hits]) + "\n")
    elif hits:
        _print_hits(hits)
    if not hits:
        print(f"paperread: no matches for {ns.query!r}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"paperread: {message}", file=sys.stderr)
    return EXIT_FAILED


def _roots(path: str | None) -> list[Path] | None:
    """PATH, or the default library; None when PATH does not exist."""
    if path is not None:
        root = Path(path)
        return [root] if os.path.lexists(root) else None
    from reader.cli.main import default_library_roots
    from reader.config import load_settings

    settings = load_settings()
    for warning in settings.warnings:
        print(f"paperread: {warning}", file=sys.stderr)
    return default_library_roots(settings.library)


def _search(query: str, roots: list[Path], limit: int) -> list[SearchHit]:
    """Bring catalogue and index up to date (with progress), then search."""
    from reader.library.catalogue import Catalogue
    from reader.library.files import catalogue_library
    from reader.search.index import SearchIndex

    catalogue = Catalogue()
    reading = LazyProgress("Reading the library")
    try:
        library = catalogue_library(roots, catalogue, reading)
    finally:
        reading.close()
        catalogue.close()
    index = SearchIndex()
    indexing = LazyProgress("Indexing")
    try:
        index.update(library.entries, indexing)
    finally:
        indexing.close()
    try:
        hits = index.search(query, limit=limit)
    finally:
        index.close()
    for message in (*catalogue.messages, *index.messages):
        print(f"paperread: {message}", file=sys.stderr)
    return hits


class LazyProgress:
    """A ``progress(done, total)`` callback that shows a rich progress bar on stderr.

    Nothing appears for work that ends within :data:`PROGRESS_DELAY` seconds,
    nor when stderr is not a terminal.
    """

    def __init__(self, label: str, console: Console | None = None) -> None:
        self.label = label
        self.started = time.monotonic()
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        """Note that ``done`` of ``total`` items are finished."""
        if self._progress is None:
            if done >= total or time.monotonic() - self.started < PROGRESS_DELAY:
                return
            if not self._start(total):
                return
        assert self._progress is not None and self._task is not None
        self._progress.update(self._task, completed=done, total=total)

    def _start(self, total: int) -> bool:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        console = self._console or Console(stderr=True)
        if not console.is_terminal:
            self.started = float("inf")  # never start
            return False
        self._progress = Progress(
            f"[bold]{self.label}[/]",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=total)
        return True

    def close(self) -> None:
        """Take the bar away, if it was shown."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def hit_json(hit: SearchHit) -> dict[str, object]:
    """One hit as plain JSON data."""
    return {
        "paper": hit.paper,
        "date": hit.date.isoformat() if hit.date else None,
        "section": hit.section,
        "headline": hit.headline,
        "issue_key": hit.issue_key,
        "article_id": hit.article_id,
        "path": str(hit.path),
        "snippet": hit.snippet,
        "matches": [list(span) for span in hit.spans],
    }


def hit_text(hit: SearchHit) -> Text:
    """One hit as two lines of rich Text: where it is, then the snippet (no markup parsed)."""
    from rich.text import Text

    text = Text()
    text.append(hit.paper, STYLES["paper"])
    if hit.date is not None:
        text.append(" " + hit.date.isoformat(), STYLES["date"])
    if hit.section:
        text.append(" · " + hit.section, STYLES["section"])
    text.append(" · ")
    text.append(hit.headline, STYLES["headline"])
    text.append("\n  ")
    offset = len(text.plain)
    text.append(hit.snippet)
    for start, end in hit.spans:
        text.stylize(STYLES["match"], offset + start, offset + end)
    return text


def _print_hits(hits: Sequence[SearchHit]) -> None:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        for hit in hits:
            console.print(hit_text(hit))
    else:
        sys.stdout.write("".join(hit_text(hit).plain + "\n" for hit in hits))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``paperread search`` alone (the lead wires it into :mod:`reader.cli.main`)."""
    ns = build_parser().parse_args(argv)
    return run(ns)


if __name__ == "__main__":
    sys.exit(main())
