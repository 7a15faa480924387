"""``paperread cat PATH [ARTICLE_ID]``: print an issue or one article, as text or JSON.

The text is typeset as in the reader (colour on a terminal unless NO_COLOR is
set); ``--json`` prints the normalised issue. Exit status: 0 printed, 1 the
file is invalid or the article is not in it, 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TYPE_CHECKING

from reader.cli.common import EXIT_FAILED, EXIT_OK, CommandError, require_utf8_output
from reader.cli.options import add_script_option

if TYPE_CHECKING:
    from reader.issue.model import Issue

CAT_STYLES = {
    "column": "bold cyan",
    "kicker": "dim",
    "headline": "bold",
    "deck": "italic",
    "dateline": "bold cyan",
    "byline": "dim",
    "subhead": "bold",
    "caption": "italic dim",
    "photo-credit": "dim",
    "note-label": "bold yellow",
    "credits": "dim",
    "rule": "dim",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread cat PATH [ARTICLE_ID] [--width N] [--json] [--script MODE]``."""
    parser = argparse.ArgumentParser(
        prog="paperread cat",
        description="Print an issue, or one article, typeset as in the reader.",
    )
    parser.add_argument("path", metavar="PATH", help="an issue file")
    parser.add_argument("article", nargs="?", metavar="ARTICLE_ID", help="print only this article")
    parser.add_argument("--width", type=int, metavar="N", help="line width in columns")
    parser.add_argument(
        "--json", action="store_true", help="print the normalised issue as one JSON object"
    )
    add_script_option(parser)
    return parser


def run(ns: argparse.Namespace) -> int:
    """Print what the parsed command line asks for."""
    return run_cat(ns.path, ns.article, ns.width, ns.json, ns.script)


def run_cat(
    path: str,
    article_id: str | None,
    width: int | None,
    as_json: bool,
    script: str | None = None,
) -> int:
    """Print an issue or one article, as text or JSON."""
    from reader.issue.dump import article_to_dict, issue_to_dict
    from reader.issue.load import IssueFileError, load_issue

    if width is not None and width < 1:
        raise CommandError("--width must be at least 1")
    if os.path.isdir(path):
        raise CommandError(f"{path}: is a folder; cat prints one issue file")
    try:
        issue = load_issue(path)
    except IssueFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED
    if script and script != "original":
        issue = _convert(issue, script)
    found = None
    if article_id is not None:
        found = issue.find_article(article_id)
        if found is None:
            ids = ", ".join(a.id for _, a in issue.articles())
            raise CommandError(f"{path}: no article {article_id!r}; its articles: {ids}")
    require_utf8_output()

    if as_json:
        from reader.cli.jsonout import dumps

        data = article_to_dict(found[1]) if found is not None else issue_to_dict(issue)
        sys.stdout.write(dumps(data) + "\n")  # controls escaped, in case any got through
        return EXIT_OK

    from reader.typeset.plain import issue_lines

    is_tty = sys.stdout.isatty()
    if width is None:
        from reader.typeset.measure import DEFAULT_MEASURE

        # shutil, not os: it honours COLUMNS and falls back to 80 columns when the
        # terminal reports a size of 0 (a pty nobody sized, some serial consoles).
        columns = shutil.get_terminal_size().columns if is_tty else DEFAULT_MEASURE
        width = max(1, min(columns, DEFAULT_MEASURE))
    lines = issue_lines(issue, width, only=found[1] if found else None)
    if is_tty and not os.environ.get("NO_COLOR"):
        from rich.console import Console

        from reader.typeset.article import to_rich_text

        console = Console(highlight=False, soft_wrap=True)
        console.print(to_rich_text(lines, CAT_STYLES))
    else:
        from reader.typeset.article import render_plain

        sys.stdout.write(render_plain(lines) + "\n")
    return EXIT_OK


def _convert(issue: Issue, mode: str) -> Issue:
    from reader.config import load_settings
    from reader.script import ScriptError, convert_issue

    settings = load_settings()
    try:
        return convert_issue(issue, mode, settings.regional_phrases)
    except ScriptError as error:
        raise CommandError(str(error)) from None
