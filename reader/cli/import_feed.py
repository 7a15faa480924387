"""``paperread import FEED.xml|URL``: a feed (file or address) becomes an issue file.

:func:`claims` tells :mod:`reader.cli.import_page` whether the input is one
for this module: an ``http(s)://`` address, or a file whose root element is
``<rss``, ``<rdf:RDF`` or ``<feed``. :func:`run` fetches (through the one
HTTP client, :mod:`reader.sources.http`), says on stderr which kind of feed
it detected, builds the newest day's issue (or ``--date``'s), fetches the
stories of items that carry only a short summary (``--max-pages``), and
writes the file with ``-o``, to standard output (``-o -``) or into the library.
Pictures (enclosures, Media RSS, the story page's lead picture) are downloaded
through the same client into ``OUT-images/`` beside the file; a picture that fails
is one line and the issue is still written; standard output gets no pictures, and
says so. Every failure of the feed itself is one line on stderr and nothing is
written. Nothing heavy is imported until ``run``.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import os
import re
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_USAGE
from reader.cli.import_output import (
    STDOUT,
    blank_option,
    date_option,
    error,
    library_file,
    picture_folder,
    say,
    write_out,
)
from reader.issue.clean import clean_inline

if TYPE_CHECKING:
    from reader.sources.feed_issue import FeedDraft

__all__ = ["claims", "is_url", "run"]

SNIFF_BYTES = 4096
DEFAULT_TIMEOUT = 20.0
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|RDF|feed)[\s>/]")


def is_url(name: str) -> bool:
    """True for ``scheme://…`` (any scheme: the client refuses all but http and https)."""
    return bool(_URL.match(name))


def claims(name: str) -> bool:
    """True when ``name`` is an address, or a file that starts like a feed."""
    if is_url(name):
        return True
    if name == "-" or not os.path.isfile(name):
        return False  # a pipe or a device is read once, by the raw-text import
    try:
        with open(name, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    if _ROOT.search(head) is None:
        return False
    from reader.sources.feeds import detect_feed

    return detect_feed(head) is not None


def _options(ns: argparse.Namespace) -> tuple[dt.date | None, str | None]:
    date, problem = date_option(ns.date)
    if problem is not None:
        return None, problem
    encoding = getattr(ns, "encoding", None)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            return None, f"--encoding: unknown encoding {encoding!r} (try gb18030, big5, utf-8)"
    timeout = getattr(ns, "timeout", None)
    if timeout is not None and not timeout > 0:
        return None, "--timeout: expected a number of seconds above 0"
    max_pages = getattr(ns, "max_pages", None)
    if max_pages is not None and max_pages < 0:
        return None, "--max-pages: expected 0 or more"
    blank = blank_option(ns, "paper", "section")
    if blank is not None:
        return None, blank
    if ns.output and os.path.isdir(ns.output):
        return None, f"{ns.output}: is a folder; give a file name with -o"
    return date, None


def _read_file(name: str) -> bytes:
    from reader.sources.feed_issue import MAX_FEED_BYTES

    if os.path.isdir(name):
        raise OSError("is a folder, not a feed file")
    with open(name, "rb") as file:
        data = file.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise OSError(f"the file is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB")
    return data


def run(ns: argparse.Namespace) -> int:
    """Import the feed ``ns.raw`` (a file or an address); returns the exit code."""
    day, problem = _options(ns)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    name = ns.raw
    shown = clean_inline(name)
    # Lazy: httpx, feedparser, lxml and trafilatura load only for a feed import.
    from reader.sources.feed_issue import (
        DEFAULT_MAX_PAGES,
        MAX_FEED_BYTES,
        feed_draft,
        page_fetcher,
    )
    from reader.sources.feed_pictures import picture_fetcher
    from reader.sources.feeds import FeedError, detect_feed, not_a_feed, parse_feed
    from reader.sources.http import Client, FetchError

    timeout = getattr(ns, "timeout", None) or DEFAULT_TIMEOUT
    max_pages = getattr(ns, "max_pages", None)
    max_pages = DEFAULT_MAX_PAGES if max_pages is None else max_pages
    try:
        with Client(timeout=timeout, connect_timeout=timeout, deadline=timeout * 6) as client:
            charset = address = None
            if is_url(name):
                response = client.get(name, max_bytes=MAX_FEED_BYTES)
                data, charset, address = response.content, response.charset, response.url
            else:
                data = _read_file(name)
            kind = detect_feed(data)
            if kind is None and is_url(name):
                from reader.cli import import_epaper, import_webpage
                from reader.sources.epaper_web import is_epaper_page

                if is_epaper_page(data):  # an e-paper's page: its whole issue
                    return import_epaper.run_response(ns, client, response)

                if import_epaper.is_html(data):  # an ordinary article page: one article
                    no_story = f"{not_a_feed(data)}, and no article text found on it"
                    return import_webpage.run(
                        ns, response.url, data, no_story, charset=charset, address=response.url
                    )
            if kind is None:
                raise FeedError(not_a_feed(data))
            if getattr(ns, "pages", None) is not None:
                error("--pages applies only to an e-paper page or folder")
                return EXIT_USAGE
            say(f"paperread import: {shown}: detected an {kind} feed")
            feed = parse_feed(data, getattr(ns, "encoding", None) or charset, address)
            fetch = page_fetcher(client) if max_pages > 0 else None
            draft = feed_draft(
                feed,
                source=name,
                day=day,
                paper=clean_inline(ns.paper).strip() if ns.paper else None,
                section=clean_inline(ns.section).strip() if ns.section else None,
                fetch=fetch,
                max_pages=max_pages,
            )
            try:
                output = _output_for(ns.output, draft)
            except OSError as err:
                error(f"the library's issues folder: cannot write: {err.strerror or err}")
                return EXIT_FAILED
            folder = picture_folder(output)
            result = draft.finish(folder, picture_fetcher(client) if folder else None)
    except FetchError as err:
        error(str(err))
        return EXIT_FAILED
    except FeedError as err:
        error(f"{shown}: {err}")
        return EXIT_FAILED
    except FileNotFoundError:
        error(f"{shown}: no such file")
        return EXIT_FAILED
    except PermissionError:
        error(f"{shown}: cannot read the file: permission denied")
        return EXIT_FAILED
    except OSError as err:
        error(f"{shown}: cannot read: {err.strerror or err}")
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        error(f"{shown}: unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    issue = result.issue
    say(
        f"{issue.paper}: {issue.article_count()} article(s) in {len(issue.sections)} section(s)"
        + (f", {issue.date.isoformat()}" if issue.date else "")
    )
    for note in result.notes:
        say(note)
    named = draft.picture_count()
    if not output and named:
        say(
            f"{named} picture(s) not downloaded: standard output holds only the issue "
            "(give -o FILE to save them beside it)"
        )
    ns.output = output
    return write_out(output, result.yaml_text, folder, result.images)


def _output_for(option: str | None, draft: FeedDraft) -> str | None:
    """The file to write (None: standard output); by default the library's file for the
    issue (read once without pictures to know its paper and date)."""
    if option is None:
        return str(library_file(draft.finish().issue))
    return None if option == STDOUT else option
