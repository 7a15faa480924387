"""``paperread update [NAME…]``: bring the subscriptions of ``sources:`` (config.yaml) up to date.

Each source (or each one named) is fetched with the importers ``paperread import``
uses — a feed (:func:`reader.sources.feed_issue.feed_issue`), an e-paper from one of
its pages (:func:`reader.sources.epaper_web.import_epaper_response`), a calibre
recipe run through ``ebook-convert`` and read as an EPUB — and its issue goes into the
library's ``issues/`` folder under the name ``paperread import`` would give it. The
issue is compared with the file the library already holds for it, by the articles'
addresses (or ids): when nothing is new the file is left untouched, so a second run
adds nothing. One line per source on standard output::

    人民日报: 5 new articles (2026-12-05)
    Example feed: unchanged
    Broken: failed: http://…/feed.xml: HTTP 404 Not Found

Exit 0 when every source was updated, 1 when any failed (the others are still
done), 2 a usage error (an unknown NAME, with the known ones listed).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_error
from reader.sources.update import DEFAULT_TIMEOUT

__all__ = ["build_parser", "run"]


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread update``."""
    parser = argparse.ArgumentParser(
        prog="paperread update",
        description="Fetch what is new from the sources listed in config.yaml into the "
        "library (see the README's 'Subscriptions').",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these sources")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"network timeout (default {DEFAULT_TIMEOUT:g})",
    )
    return parser


def run(ns: argparse.Namespace) -> int:
    """Update the sources ``ns.names`` (default: all); returns the exit code."""
    from reader.config import load_settings

    settings = load_settings()
    for warning in settings.warnings:
        print_error(warning)
    sources = settings.sources
    if not ns.names and not sources:
        print_error("update: no sources in config.yaml (see the README's 'Subscriptions')")
        return EXIT_FAILED
    known = {s.name: s for s in sources}
    unknown = [n for n in ns.names if n not in known]
    if unknown:
        listed = ", ".join(repr(n) for n in known) or "none"
        print_error(f"update: unknown source {unknown[0]!r}; known sources: {listed}")
        return EXIT_USAGE
    if not ns.timeout > 0:
        print_error("update: --timeout: expected a number of seconds above 0")
        return EXIT_USAGE
    chosen = [known[n] for n in dict.fromkeys(ns.names)] if ns.names else list(sources)
    from reader.cli.progress import LazyProgress
    from reader.sources.update import update_sources

    progress = LazyProgress("updating")
    try:
        results = update_sources(chosen, timeout=ns.timeout, progress=progress)
    finally:
        progress.close()
    for result in results:
        _print(result.line)
        for note in result.notes:
            print_error(note)
    return EXIT_FAILED if any(r.failed for r in results) else EXIT_OK


def _print(line: str) -> None:
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    safe = line.encode(encoding, "backslashreplace").decode(encoding, "replace")
    with contextlib.suppress(OSError, ValueError):
        stream.write(safe + "\n")
        stream.flush()
