"""``paperread import PAGE.html|FOLDER [--pages 1-4]``: a Chinese e-paper issue into an issue file.

:mod:`reader.cli.import_page` hands over here when its input is a folder or an HTML
page (told by its first bytes, not its name). The work itself is
:mod:`reader.sources.epaper`; the layout is told by the page's content and said on
stderr (``人民日报 e-paper (2025 layout), 4 pages, 23 articles``). An HTML page of no
known layout is read as one ordinary article (:mod:`reader.cli.import_webpage`); a
folder always stays an e-paper. Exit codes as for every
import: 0 written, 1 failed (one line on stderr), 2 a usage error. Pictures saved
beside the pages are written beside the ``-o`` file in ``OUT-images/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_USAGE
from reader.cli.import_output import blank_option, date_option, error, plural, run_whole_issue, say

if TYPE_CHECKING:
    from reader.sources.epaper_issue import EpaperImport
    from reader.sources.http import Client, Response

__all__ = ["is_epaper_input", "is_html", "parse_pages", "run", "run_response"]

_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|table|div)\b", re.I)
_NOT_HTML = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_RANGE = re.compile(r"(\d{1,3})(?:\s*-\s*(\d{1,3}))?")


def is_epaper_input(name: str | None) -> bool:
    """True for a folder of saved web pages (and no page texts), or a file whose first bytes
    are an HTML page (not a feed). A folder of ``.txt`` page texts is the raw-page import's."""
    if not name or name == "-":
        return False
    if os.path.isdir(name):
        try:
            names = [entry.name.lower() for entry in os.scandir(name)]
        except OSError:
            return False
        if any(n.endswith(".txt") for n in names):
            return False
        return any(n.endswith((".htm", ".html")) for n in names) or any(
            os.path.isdir(os.path.join(name, n)) for n in names
        )
    try:
        with open(name, "rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return is_html(head)


def is_html(data: bytes) -> bool:
    """True when the first bytes of ``data`` are an HTML page (not a feed)."""
    head = data[:4096]
    return bool(_HTML.search(head)) and not _NOT_HTML.search(head)


def parse_pages(text: str) -> frozenset[int] | None:
    """``1-4``, ``1,3,5-6`` → the page numbers; None when the text is not such a list."""
    numbers: set[int] = set()
    for part in text.split(","):
        match = _RANGE.fullmatch(part.strip())
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            return None
        numbers.update(range(first, last + 1))
    return frozenset(numbers) or None


def _usage(ns: argparse.Namespace) -> tuple[dt.date | None, frozenset[int] | None, str | None]:
    date, problem = date_option(ns.date)
    if problem is not None:
        return None, None, problem
    pages = None
    if getattr(ns, "pages", None) is not None:
        pages = parse_pages(ns.pages)
        if pages is None:
            return None, None, f"--pages: expected page numbers like 1-4 or 1,3,5, got {ns.pages!r}"
    for option in ("encoding", "section", "recipe"):
        if getattr(ns, option, None) is not None:
            return None, None, f"--{option} does not apply to an e-paper page"
    blank = blank_option(ns, "paper")
    if blank is not None:
        return None, None, blank
    return date, pages, None


def run(ns: argparse.Namespace, name: str) -> int:
    """Import the e-paper issue ``name`` (a page or a folder) belongs to; the exit code.
    A single page of no known layout is read as one ordinary article instead
    (:mod:`reader.cli.import_webpage`)."""
    ordinary = _ordinary_page(name)
    if ordinary is not None:
        from reader.cli import import_webpage
        from reader.sources.epaper import SUPPORTED

        no_story = (
            f"not a known e-paper layout (paperread reads {SUPPORTED}), "
            "and no article text found on the page"
        )
        return import_webpage.run(ns, name, ordinary, no_story)
    date, pages, problem = _usage(ns)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    from reader.sources.epaper import import_epaper

    def importer(folder: str | None) -> EpaperImport:
        return import_epaper(
            name,
            pages=pages,
            image_folder=folder,
            paper=ns.paper.strip() if ns.paper else None,
            date=date,
        )

    return _run_with(ns, name, importer)


def _ordinary_page(name: str) -> bytes | None:
    """The bytes of ``name`` when it is one saved page of no known e-paper layout; None for
    a folder, an e-paper page, or a file the e-paper import must report on (unreadable,
    too large)."""
    if os.path.isdir(name):
        return None
    from reader.sources.epaper_site import EpaperError, read_capped
    from reader.sources.epaper_web import is_epaper_page

    try:
        data = read_capped(name, name)
    except EpaperError:
        return None
    return None if is_epaper_page(data) else data


def run_response(ns: argparse.Namespace, client: Client, response: Response) -> int:
    """Import the e-paper issue whose page was fetched as ``response`` (the rest is fetched
    through ``client``, each document once however often it is read); the exit code."""
    date, pages, problem = _usage(ns)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    from reader.sources.epaper_web import CachingClient, import_epaper_response

    cached = CachingClient(client)

    def importer(folder: str | None) -> EpaperImport:
        return import_epaper_response(
            cached,
            response,
            pages=pages,
            image_folder=folder,
            paper=ns.paper.strip() if ns.paper else None,
            date=date,
        )

    say(f"{response.url}: an e-paper page; fetching its issue")
    return _run_with(ns, response.url, importer)


def _run_with(
    ns: argparse.Namespace, name: str, importer: Callable[[str | None], EpaperImport]
) -> int:
    """Import with ``importer`` (given the picture folder) and write where ``-o`` says."""
    from reader.sources.epaper import EpaperError

    def describe(result: EpaperImport) -> str:
        issue = result.issue
        return (
            f"{name}: {result.kind}, {plural(result.pages, 'page')}, "
            f"{plural(issue.article_count(), 'article')}: {issue.paper}"
            + (f", {issue.date.isoformat()}" if issue.date else "")
        )

    return run_whole_issue(ns, name, importer, (EpaperError,), describe)
