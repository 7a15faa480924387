"""``paperread import PAGE.html|FOLDER [--pages 1-4]``: a Chinese e-paper issue into an issue file.

:mod:`reader.cli.import_page` hands over here when its input is a folder or an HTML
page (told by its first bytes, not its name). The work itself is
:mod:`reader.sources.epaper`; the layout is told by the page's content and said on
stderr (``人民日报 e-paper (2025 layout), 4 pages, 23 articles``). An HTML page of no
known layout is one line naming the layouts paperread reads. Exit codes as for every
import: 0 written, 1 failed (one line on stderr), 2 a usage error. Pictures saved
beside the pages are written beside the ``-o`` file in ``OUT-images/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from reader.cli.import_epub import _error, _say
from reader.cli.import_output import to_stdout
from reader.sources.output import write_atomically, write_images

if TYPE_CHECKING:
    from reader.sources.epaper_issue import EpaperImport
    from reader.sources.http import Client, Response

__all__ = ["is_epaper_input", "parse_pages", "run"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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
    date = None
    if ns.date is not None:
        try:
            if not _ISO_DATE.fullmatch(ns.date):
                raise ValueError
            date = dt.date.fromisoformat(ns.date)
        except ValueError:
            return None, None, f"--date: expected a date as YYYY-MM-DD, got {ns.date!r}"
    pages = None
    if getattr(ns, "pages", None) is not None:
        pages = parse_pages(ns.pages)
        if pages is None:
            return None, None, f"--pages: expected page numbers like 1-4 or 1,3,5, got {ns.pages!r}"
    for option in ("encoding", "section", "recipe"):
        if getattr(ns, option, None) is not None:
            return None, None, f"--{option} does not apply to an e-paper page"
    if ns.paper is not None and not ns.paper.strip():
        return None, None, "--paper: must not be empty"
    if ns.output is not None and not ns.output.strip():
        return None, None, "-o: must name a file"
    return date, pages, None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(ns: argparse.Namespace, name: str) -> int:
    """Import the e-paper issue ``name`` (a page or a folder) belongs to; the exit code."""
    date, pages, problem = _usage(ns)
    if problem is not None:
        _error(problem)
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


def run_response(ns: argparse.Namespace, client: Client, response: Response) -> int:
    """Import the e-paper issue whose page was fetched as ``response`` (the rest is fetched
    through ``client``, each document once however often it is read); the exit code."""
    date, pages, problem = _usage(ns)
    if problem is not None:
        _error(problem)
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

    _say(sys.stderr, f"{response.url}: an e-paper page; fetching its issue")
    return _run_with(ns, response.url, importer)


def _run_with(
    ns: argparse.Namespace, name: str, importer: Callable[[str | None], EpaperImport]
) -> int:
    """Import with ``importer`` (given the picture folder) and write where ``-o`` says."""
    if ns.output and os.path.isdir(ns.output):
        _error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED
    from reader.cli.import_output import STDOUT, library_file
    from reader.sources.epaper import EpaperError

    if ns.output is None:  # into the library, named for the issue: read it once to know
        try:
            ns.output = str(library_file(importer(None).issue))
        except EpaperError as err:
            _error(f"{name}: {err}")
            return EXIT_FAILED
        except OSError as err:
            _error(f"the library's issues folder: cannot write: {err.strerror or err}")
            return EXIT_FAILED
        except Exception as err:  # a bug must still end in one line, not a traceback
            _error(f"{name}: unexpected error: {type(err).__name__}: {err}")
            return EXIT_FAILED
    elif ns.output == STDOUT:
        ns.output = None
    folder = None
    if ns.output:
        stem = os.path.basename(ns.output)
        stem = stem.rsplit(".", 1)[0] if "." in stem[1:] else stem
        folder = f"{stem}-images"
    try:
        result = importer(folder)
    except EpaperError as err:
        _error(f"{name}: {err}")
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        _error(f"{name}: unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    issue = result.issue
    _say(
        sys.stderr,
        f"{name}: {result.kind}, {_plural(result.pages, 'page')}, "
        f"{_plural(issue.article_count(), 'article')}: {issue.paper}"
        + (f", {issue.date.isoformat()}" if issue.date else ""),
    )
    for note in result.notes:
        _say(sys.stderr, f"note: {note}")
    try:
        if ns.output:
            if folder is not None and result.images:
                write_images(os.path.join(os.path.dirname(ns.output), folder), result.images)
            write_atomically(ns.output, result.yaml_text)
        else:
            to_stdout(result.yaml_text)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else ns.output or "standard output"
        _error(f"{where}: cannot write: {err.strerror or err}")
        return EXIT_FAILED
    if ns.output:
        if result.images:
            _say(sys.stderr, f"wrote {_plural(len(result.images), 'picture')} in {folder}/")
        _say(sys.stderr, f"wrote {ns.output}")
    return EXIT_OK
