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
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_error
from reader.issue.clean import clean_inline

if TYPE_CHECKING:
    from reader.config import Source
    from reader.issue.model import Issue
    from reader.sources.http import Client

__all__ = ["UpdateResult", "build_parser", "run", "update_sources"]

DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What became of one source: its line for the user, and whether it failed."""

    name: str
    line: str
    failed: bool = False
    path: Path | None = None  # the library file written, if any


@dataclass(frozen=True, slots=True)
class _Made:
    issue: Issue
    yaml_text: str
    images: tuple[tuple[str, bytes], ...] = ()


Maker = Callable[[str | None], _Made]  # picture folder (beside the file) -> the issue


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

    progress = LazyProgress("updating")
    try:
        results = update_sources(chosen, timeout=ns.timeout, progress=progress)
    finally:
        progress.close()
    for result in results:
        _print(result.line)
    return EXIT_FAILED if any(r.failed for r in results) else EXIT_OK


def update_sources(
    sources: Sequence[Source],
    *,
    folder: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
) -> list[UpdateResult]:
    """Update each of ``sources`` into ``folder`` (default: the library's ``issues/``), one
    after another; a failure is a result, never an exception."""
    from reader.sources.http import Client

    results = []
    with Client(timeout=timeout, connect_timeout=timeout, deadline=timeout * 6) as client:
        for done, source in enumerate(sources):
            if progress is not None:
                progress(done, len(sources))
            results.append(_update_one(source, client, folder))
        if progress is not None:
            progress(len(sources), len(sources))
    return results


def _update_one(source: Source, client: Client, folder: Path | None) -> UpdateResult:
    from reader.cli.import_epub import RecipeError
    from reader.sources.epaper_site import EpaperError
    from reader.sources.epub import EpubError
    from reader.sources.feeds import FeedError
    from reader.sources.http import FetchError

    name = clean_inline(source.name)
    try:
        with contextlib.ExitStack() as stack:
            make = _maker(source, client, stack)
            return _store(name, make, source.section, folder)
    except (FetchError, FeedError, EpaperError, EpubError, RecipeError) as err:
        return UpdateResult(name, f"{name}: failed: {clean_inline(str(err))}", failed=True)
    except OSError as err:
        why = f"{err.filename}: {err.strerror}" if err.filename else (err.strerror or str(err))
        return UpdateResult(name, f"{name}: failed: {clean_inline(why)}", failed=True)
    except Exception as err:  # a bug must still end in one line, not a traceback
        why = clean_inline(f"unexpected error: {type(err).__name__}: {err}")
        return UpdateResult(name, f"{name}: failed: {why}", failed=True)


def _maker(source: Source, client: Client, stack: contextlib.ExitStack) -> Maker:
    """Fetch ``source`` and return how to build its issue (given the picture folder)."""
    if source.kind == "feed":
        from reader.cli.import_feed import DEFAULT_MAX_PAGES, MAX_FEED_BYTES, _page_fetcher
        from reader.sources.feed_issue import feed_issue
        from reader.sources.feeds import FeedError, detect_feed, not_a_feed, parse_feed

        response = client.get(source.target, max_bytes=MAX_FEED_BYTES)
        if detect_feed(response.content) is None:
            raise FeedError(f"{source.target}: {not_a_feed(response.content)}")
        feed = parse_feed(response.content, response.charset)
        made = feed_issue(
            feed,
            source=source.target,
            section=source.section,
            fetch=_page_fetcher(client),
            max_pages=DEFAULT_MAX_PAGES,
        )
        return lambda _folder: _Made(made.issue, made.yaml_text)
    if source.kind == "epaper":
        from reader.cli.import_epaper import _CachingClient
        from reader.sources.epaper_site import MAX_DOCUMENT_BYTES
        from reader.sources.epaper_web import import_epaper_response

        cached = _CachingClient(client)  # the issue is read twice; the network asked once
        response = cached.get(source.target, max_bytes=MAX_DOCUMENT_BYTES)

        def epaper(image_folder: str | None) -> _Made:
            got = import_epaper_response(cached, response, image_folder=image_folder)  # type: ignore[arg-type]
            return _Made(got.issue, got.yaml_text, got.images)

        return epaper
    from reader.cli.import_epub import convert_recipe, recipe_file
    from reader.sources.epub import import_epub

    work = stack.enter_context(tempfile.TemporaryDirectory(prefix="paperread-recipe-"))
    epub = os.path.join(work, "issue.epub")
    convert_recipe(recipe_file(source.target), epub)

    def book(image_folder: str | None) -> _Made:
        got = import_epub(epub, image_folder=image_folder)
        return _Made(got.issue, got.yaml_text, got.images)

    return book


def _store(name: str, make: Maker, section: str | None, folder: Path | None) -> UpdateResult:
    """Write the issue into the library unless the file there already has all it holds."""
    from reader.cli.import_epub import _write_atomically, _write_images
    from reader.cli.import_output import library_file

    made = _one_section(make(None), section)
    target = library_file(made.issue, folder)
    when = f" ({made.issue.date.isoformat()})" if made.issue.date else ""
    held = _held_keys(target)
    new = len(_keys(made.issue) - held)
    if target.exists() and new == 0:
        return UpdateResult(name, f"{name}: unchanged", path=target)
    pictures = f"{target.stem}-images"
    made = _one_section(make(pictures), section)
    if made.images:
        _write_images(str(target.parent / pictures), made.images)
    _write_atomically(str(target), made.yaml_text)
    return UpdateResult(
        name, f"{name}: {new} new article{'' if new == 1 else 's'}{when}", path=target
    )


def _keys(issue: Issue) -> set[str]:
    """What tells the issue's articles apart across runs: each one's address, else its id."""
    return {article.url or f"id:{article.id}" for _, article in issue.articles()}


def _held_keys(path: Path) -> set[str]:
    """The keys of the issue in ``path``; none when there is no such file or it does not load."""
    from reader.issue.load import IssueFileError, load_issue

    if not path.exists():
        return set()
    try:
        return _keys(load_issue(path))
    except (IssueFileError, OSError, ValueError):
        return set()


def _one_section(made: _Made, section: str | None) -> _Made:
    """``made`` with every article in one section called ``section`` (when given)."""
    if section is None or [s.title for s in made.issue.sections] == [section]:
        return made
    import dataclasses

    from reader.importer.emit import dump_issue
    from reader.issue.load import parse_issue
    from reader.issue.model import Section

    articles = tuple(article for _, article in made.issue.articles())
    issue = dataclasses.replace(made.issue, sections=(Section(section, articles),))
    text = dump_issue(issue, header=["paperread issue file (format 1) made by paperread update"])
    return _Made(parse_issue(text, "update.yaml"), text, made.images)


def _print(line: str) -> None:
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    safe = line.encode(encoding, "backslashreplace").decode(encoding, "replace")
    with contextlib.suppress(OSError, ValueError):
        stream.write(safe + "\n")
        stream.flush()
