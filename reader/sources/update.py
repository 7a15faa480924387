"""Bringing subscriptions up to date: each source of ``sources:`` (config.yaml) fetched
with the importers ``paperread import`` uses — a feed
(:func:`reader.sources.feed_issue.feed_issue`), an e-paper from one of its pages
(:func:`reader.sources.epaper_web.import_epaper_response`), a calibre recipe run
through ``ebook-convert`` and read as an EPUB — and its issue written into the
library's ``issues/`` folder under the name :func:`reader.sources.output.library_file`
gives it. The issue is compared with the file the library already holds for it, by
the articles' addresses (or ids): when nothing is new the file is left untouched, so
a second run adds nothing. A failure is a result with its one-line reason, never an
exception. Used by ``paperread update`` and by ``U`` in the library screen.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.issue.clean import clean_inline

if TYPE_CHECKING:
    from reader.config import Source
    from reader.issue.model import Issue
    from reader.sources.http import Client

__all__ = ["DEFAULT_TIMEOUT", "UpdateResult", "update_sources"]

DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What became of one source: its line for the user, and whether it failed."""

    name: str
    line: str
    failed: bool = False
    path: Path | None = None  # the library file written, if any
    notes: tuple[str, ...] = ()  # what went wrong on the way (pictures skipped), one line each


@dataclass(frozen=True, slots=True)
class _Made:
    issue: Issue
    yaml_text: str
    images: tuple[tuple[str, bytes], ...] = ()
    notes: tuple[str, ...] = ()


Maker = Callable[[str | None], _Made]  # picture folder (beside the file) -> the issue


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
    from reader.sources.epaper_site import EpaperError
    from reader.sources.epub import EpubError
    from reader.sources.feeds import FeedError
    from reader.sources.http import FetchError
    from reader.sources.recipe import RecipeError

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
        from reader.sources.feed_issue import (
            DEFAULT_MAX_PAGES,
            MAX_FEED_BYTES,
            feed_draft,
            page_fetcher,
        )
        from reader.sources.feed_pictures import picture_fetcher
        from reader.sources.feeds import FeedError, detect_feed, not_a_feed, parse_feed

        response = client.get(source.target, max_bytes=MAX_FEED_BYTES)
        if detect_feed(response.content) is None:
            raise FeedError(f"{source.target}: {not_a_feed(response.content)}")
        feed = parse_feed(response.content, response.charset, response.url)
        draft = feed_draft(
            feed,
            source=source.target,
            section=source.section,
            fetch=page_fetcher(client),
            max_pages=DEFAULT_MAX_PAGES,
        )

        def feed_made(image_folder: str | None) -> _Made:
            fetch = picture_fetcher(client) if image_folder is not None else None
            got = draft.finish(image_folder, fetch)
            return _Made(got.issue, got.yaml_text, got.images, got.picture_notes)

        return feed_made
    if source.kind == "epaper":
        from reader.sources.epaper_site import MAX_DOCUMENT_BYTES
        from reader.sources.epaper_web import CachingClient, import_epaper_response

        cached = CachingClient(client)  # the issue is read twice; the network asked once
        response = cached.get(source.target, max_bytes=MAX_DOCUMENT_BYTES)

        def epaper(image_folder: str | None) -> _Made:
            got = import_epaper_response(cached, response, image_folder=image_folder)
            return _Made(got.issue, got.yaml_text, got.images)

        return epaper
    from reader.sources.epub import import_epub
    from reader.sources.recipe import convert_recipe, recipe_file

    work = stack.enter_context(tempfile.TemporaryDirectory(prefix="paperread-recipe-"))
    epub = os.path.join(work, "issue.epub")
    convert_recipe(recipe_file(source.target), epub)

    def book(image_folder: str | None) -> _Made:
        got = import_epub(epub, image_folder=image_folder)
        return _Made(got.issue, got.yaml_text, got.images)

    return book


def _store(name: str, make: Maker, section: str | None, folder: Path | None) -> UpdateResult:
    """Write the issue into the library unless the file there already has all it holds."""
    from reader.sources.output import (
        library_file,
        remove_pictures,
        write_atomically,
        write_images,
    )

    made = _one_section(make(None), section)
    target = library_file(made.issue, folder)
    when = f" ({made.issue.date.isoformat()})" if made.issue.date else ""
    held = _held(target)
    new = len(_keys(made.issue) - (_keys(held) if held is not None else set()))
    if target.exists() and new == 0:
        return UpdateResult(name, f"{name}: unchanged", path=target)
    pictures = f"{target.stem}-images"
    made = _one_section(make(pictures), section)
    if made.images:
        write_images(str(target.parent / pictures), made.images)
    write_atomically(str(target), made.yaml_text)
    if held is not None:
        # Only now that the new issue is in place: the pictures the old one named (ours
        # by their names) that the new one does not.
        stale = _pictures(held, pictures) - _pictures(made.issue, pictures)
        remove_pictures(str(target.parent / pictures), stale)
    return UpdateResult(
        name,
        f"{name}: {new} new article{'' if new == 1 else 's'}{when}",
        path=target,
        notes=tuple(f"{name}: {note}" for note in made.notes),
    )


def _keys(issue: Issue) -> set[str]:
    """What tells the issue's articles apart across runs: each one's address, else its id."""
    return {article.url or f"id:{article.id}" for _, article in issue.articles()}


def _pictures(issue: Issue, folder: str) -> set[str]:
    """The names of the files inside ``folder`` (relative to the issue) its photos name."""
    from reader.issue.model import Photo

    names = set()
    for _, article in issue.articles():
        for block in article.body:
            if isinstance(block, Photo) and block.file and block.file.startswith(folder + "/"):
                name = block.file[len(folder) + 1 :]
                if name and "/" not in name:
                    names.add(name)
    return names


def _held(path: Path) -> Issue | None:
    """The issue in ``path``; None when there is no such file or it does not load."""
    from reader.issue.load import IssueFileError, load_issue

    if not path.exists():
        return None
    try:
        return load_issue(path)
    except (IssueFileError, OSError, ValueError):
        return None


def _one_section(made: _Made, section: str | None) -> _Made:
    """``made`` with every article in one section called ``section`` (when given)."""
    if section is None or [s.title for s in made.issue.sections] == [section]:
        return made
    from reader.importer.emit import dump_issue
    from reader.issue.load import parse_issue
    from reader.issue.model import Section, replace

    articles = tuple(article for _, article in made.issue.articles())
    issue = replace(made.issue, sections=(Section(section, articles),))
    text = dump_issue(issue, header=["paperread issue file (format 1) made by paperread update"])
    return _Made(parse_issue(text, "update.yaml"), text, made.images, made.notes)
