"""``paperread import``: the command line around :mod:`reader.importer`.

``build_parser`` and ``run`` are what :mod:`reader.cli.main` calls. Exit codes: 0 the
issue was written, 1 the import failed (no article found, unreadable input,
unwritable output), 2 a usage error (a bad ``--date``, an unknown
``--encoding``). Errors are one line on stderr; the report of what was found
and guessed also goes to stderr, so standard output carries only the YAML.
This module imports nothing heavy until ``run`` is called.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from reader.cli.import_output import blank_option, date_option, error, same_file, say, write_out

if TYPE_CHECKING:
    from reader.importer import ImportResult

__all__ = ["build_parser", "run"]

MAX_INPUT_BYTES = 64 * 1024 * 1024


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``paperread import``."""
    parser = argparse.ArgumentParser(
        prog="paperread import",
        description=(
            "Turn the raw text of a newspaper page (as copied from an e-paper or a PDF) "
            "into a paperread issue file. What was found, and every guess the importer "
            "was unsure of, is reported on standard error with its input line number. "
            "A feed (RSS 2.0, RSS 1.0/RDF, Atom; a file or an http(s) address) becomes "
            "the issue of its newest day."
        ),
    )
    parser.add_argument(
        "raw",
        metavar="SOURCE",
        nargs="*",
        help=(
            "the page text (RAW.txt; - reads standard input; several pages, or a folder of "
            "page texts in name order, make one issue with a section per page), an EPUB (a "
            "calibre news EPUB or a book), an RSS/Atom feed file or URL, or a saved e-paper "
            "page or folder (人民日报, Founder/方正), or any other saved article page (one article)"
        ),
    )
    parser.add_argument(
        "--recipe",
        metavar="NAME",
        help="run calibre's ebook-convert NAME.recipe (calibre must be installed) and import it",
    )
    parser.add_argument(
        "--pages",
        metavar="LIST",
        help="e-paper only: import these pages (1-4, or 1,3,5; default: every page)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.yaml",
        help=(
            "write the issue file here; - is standard output (default: standard output for "
            "page texts; for an EPUB, a feed or an e-paper, the library's issues/ folder "
            "under the paper's name and date)"
        ),
    )
    parser.add_argument(
        "--paper",
        metavar="NAME",
        help="the paper's name (default: the printed masthead, else the input file's name)",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the issue date (default: a date printed on the page; for a feed, its newest day)",
    )
    parser.add_argument(
        "--section",
        metavar="TITLE",
        help="put every article into one section with this title (default: by printed page)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the input's encoding (default: UTF-8, or GB18030 / Big5 when detected; "
        "for a feed, its XML declaration)",
    )
    feeds = parser.add_argument_group("feeds and addresses")
    feeds.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        help="give up on a server that does not answer within this time (default: 20)",
    )
    feeds.add_argument(
        "--max-pages",
        metavar="N",
        type=int,
        help="fetch at most N story pages for items that carry only a summary "
        "(default: 30; 0 fetches none)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also report, per article, which input lines became which field",
    )
    return parser


def _usage(ns: argparse.Namespace) -> tuple[dt.date | None, str | None]:
    """The checked --date, or an error message for a usage problem."""
    date, problem = date_option(ns.date)
    if problem is not None:
        return None, problem
    if ns.encoding is not None:
        try:
            codecs.lookup(ns.encoding)
        except LookupError:
            return None, f"--encoding: unknown encoding {ns.encoding!r} (try gb18030, big5, utf-8)"
    blank = blank_option(ns, "paper", "section")
    if blank is not None:
        return None, blank
    return date, None


def _read(name: str) -> bytes:
    if name == "-":
        stream = sys.stdin
        if stream is None:
            raise OSError("there is no standard input")
        return stream.buffer.read(MAX_INPUT_BYTES + 1)
    if os.path.isdir(name):
        raise OSError("is a folder, not a text file")
    with open(name, "rb") as file:
        return file.read(MAX_INPUT_BYTES + 1)


def _read_page(name: str, output: str | None, what: str) -> bytes | None:
    """The bytes of the page ``name`` (``-``: standard input); None, the error said, when
    it cannot be read, is too large, or is the ``-o`` file (``what`` names it then)."""
    try:
        data = _read(name)
    except FileNotFoundError:
        error(f"{name}: no such file")
        return None
    except PermissionError:
        error(f"{name}: cannot read the file: permission denied")
        return None
    except OSError as err:
        error(f"{name}: cannot read: {err.strerror or err}")
        return None
    if len(data) > MAX_INPUT_BYTES:
        error(f"{name}: the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
        return None
    if output and name != "-" and same_file(name, output):
        error(f"{output}: is {what}; give another name with -o")
        return None
    return data


def run(ns: argparse.Namespace) -> int:
    """Import ``ns.raw`` and write the issue file; returns the exit code."""
    from reader.cli import import_epaper, import_epub, import_feed  # each in its own module

    sources = list(ns.raw or [])
    one = sources[0] if len(sources) == 1 else None
    if ns.recipe is not None or (one is not None and import_epub.is_epub_input(one)):
        if getattr(ns, "pages", None) is not None:
            error("--pages applies only to an e-paper page or folder")
            return EXIT_USAGE
        ns.raw = one  # an EPUB or a recipe is one source
        return import_epub.run(ns, one)
    if not sources:
        error("give a file to import (RAW.txt, BOOK.epub, a feed, or - for standard input)")
        return EXIT_USAGE
    if one is not None and import_feed.claims(one):
        # An address may turn out to be an e-paper page: --pages is checked once it has.
        if getattr(ns, "pages", None) is not None and not import_feed.is_url(one):
            error("--pages applies only to an e-paper page or folder")
            return EXIT_USAGE
        ns.raw = one
        return import_feed.run(ns)
    if one is not None and import_epaper.is_epaper_input(one):
        ns.raw = one
        return import_epaper.run(ns, one)
    if getattr(ns, "pages", None) is not None:
        error("--pages applies only to an e-paper page or folder")
        return EXIT_USAGE
    ns.raw = sources
    date, problem = _usage(ns)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    if len(ns.raw) > 1 or os.path.isdir(ns.raw[0]):
        return _run_pages(ns, date)
    name = ns.raw[0]
    data = _read_page(name, ns.output, "the input file")
    if data is None:
        return EXIT_FAILED
    if ns.output and os.path.isdir(ns.output):
        error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED

    from reader.importer import ImportFailed, import_bytes

    try:
        result = import_bytes(
            data,
            name,
            encoding=ns.encoding,
            paper=ns.paper.strip() if ns.paper else None,
            date=date,
            section=ns.section.strip() if ns.section else None,
        )
    except ImportFailed as err:
        error(f"{'standard input' if name == '-' else name}: {err}")
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        error(f"{name}: unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    return _output(ns, result, name)


def _output(ns: argparse.Namespace, result: ImportResult, name: str) -> int:
    """Write the issue file (or standard output), then the report; returns the exit code."""
    from reader.importer import format_explain, format_report

    code = write_out(ns.output or None, result.yaml_text, announce=False)
    if code != EXIT_OK:
        return code
    for line in format_report(result, name):
        say(line)
    if getattr(ns, "explain", False):
        for line in format_explain(result):
            say(line)
    if ns.output:
        say(f"wrote {ns.output}")
    return EXIT_OK


def _page_names(names: list[str]) -> tuple[list[str], str | None]:
    """The page files: each name as given, a folder as its .txt files in name order."""
    found: list[str] = []
    for name in names:
        if name == "-":
            return [], "-: standard input cannot be one of several pages"
        if os.path.isdir(name):
            try:
                entries = sorted(os.listdir(name))
            except OSError as err:
                return [], f"{name}: cannot read the folder: {err.strerror or err}"
            texts = [
                os.path.join(name, e)
                for e in entries
                if e.lower().endswith(".txt")
                and not e.startswith(".")
                and os.path.isfile(os.path.join(name, e))
            ]
            if not texts:
                return (
                    [],
                    f"{name}: a folder with no page texts (.txt) and no saved e-paper pages "
                    "(.html) in it",
                )
            found.extend(texts)
        else:
            found.append(name)
    return found, None


def _run_pages(ns: argparse.Namespace, date: dt.date | None) -> int:
    """Import several pages (or a folder of them) as one issue."""
    names, problem = _page_names(ns.raw)
    if problem is not None:
        error(problem)
        return EXIT_FAILED
    pages: list[tuple[str, bytes]] = []
    for name in names:
        data = _read_page(name, ns.output, "an input file")
        if data is None:
            return EXIT_FAILED
        pages.append((name, data))
    if ns.output and os.path.isdir(ns.output):
        error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED

    from reader.importer import ImportFailed, import_pages

    try:
        result = import_pages(
            pages,
            encoding=ns.encoding,
            paper=ns.paper.strip() if ns.paper else None,
            date=date,
            section=ns.section.strip() if ns.section else None,
        )
    except ImportFailed as err:
        error(str(err))
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        error(f"unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    return _output(ns, result, f"{len(pages)} pages")
