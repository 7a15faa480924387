"""``paperread import PAGE.html`` for a saved ordinary web page: one article into an issue.

:mod:`reader.cli.import_epaper` hands over here when a single saved page is of no known
e-paper layout (a folder stays the e-paper import's). The work is
:mod:`reader.sources.web_page`; what was found is said first on stderr
(``page.html: a web page (no e-paper layout), 1 article: PAPER, DATE``). Output as for
every whole-issue import: ``-o FILE``, ``-o -``, or the library. A page with no story
text is one line, exit 1, nothing written. :mod:`reader.cli.import_feed` hands over an
address that answered with an HTML page of no feed and no e-paper layout the same way
(nothing more is fetched: its lead picture is kept as a caption).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_USAGE
from reader.cli.import_output import blank_option, date_option, error, run_whole_issue

if TYPE_CHECKING:
    from reader.sources.web_page import WebPageImport

__all__ = ["run"]


def _usage(ns: argparse.Namespace) -> tuple[dt.date | None, str | None]:
    date, problem = date_option(ns.date)
    if problem is not None:
        return None, problem
    if getattr(ns, "pages", None) is not None:
        return None, "--pages applies only to an e-paper page or folder"
    blank = blank_option(ns, "paper", "section")
    if blank is not None:
        return None, blank
    return date, None


def run(
    ns: argparse.Namespace,
    name: str,
    data: bytes,
    no_story: str,
    *,
    charset: str | None = None,
    address: str | None = None,
) -> int:
    """Import the page ``name`` (its bytes ``data``; a saved file, or fetched from
    ``address`` with the server's ``charset``) as an issue of one article; ``no_story`` is
    the error when it holds no story. Returns the exit code."""
    date, problem = _usage(ns)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    if ns.output and ns.output != "-" and os.path.exists(ns.output):
        from reader.cli.import_output import same_file

        if same_file(name, ns.output):
            error(f"{ns.output}: is the input file; give another name with -o")
            return EXIT_FAILED
    from reader.sources.web_page import KIND, WebPageError, import_web_page

    def importer(_folder: str | None) -> WebPageImport:
        return import_web_page(
            data,
            name,
            encoding=getattr(ns, "encoding", None) or charset,
            address=address,
            paper=ns.paper.strip() if ns.paper else None,
            date=date,
            section=ns.section.strip() if getattr(ns, "section", None) else None,
            no_story=no_story,
        )

    def describe(result: WebPageImport) -> str:
        issue = result.issue
        return f"{name}: {KIND}, 1 article: {issue.paper}" + (
            f", {issue.date.isoformat()}" if issue.date else ""
        )

    return run_whole_issue(ns, name, importer, (WebPageError,), describe)
