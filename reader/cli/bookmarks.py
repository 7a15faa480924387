"""``paperread bookmarks``: list the bookmarks as a table, JSON, or a Markdown clipping list.

``--script MODE`` shows the text that came from the issues (paper, section,
headline, byline) in a script mode, as the reader does; the default is
config.yaml's ``script``. Notes are the reader's own words and stay as typed;
keys, ids and paths stay as they are.

:func:`run` returns 0 when the bookmarks were listed (none is fine) and 1 when
they could not be read.
Problems with the store (a damaged file moved aside, a read-only data dir) go
to stderr as ``paperread: …`` lines; the listing goes to stdout.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.cli import jsonout
from reader.cli.common import EXIT_FAILED, EXIT_OK, encoding_problem, output_is_utf8, print_error
from reader.cli.options import add_script_option
from reader.issue.clean import clean_inline

if TYPE_CHECKING:  # the store is imported when the command runs, keeping `paperread` light
    from reader.store.state import Bookmark

NO_BOOKMARKS = "No bookmarks yet: in the reader, press b on an article to bookmark it."
MISSING = "(file missing)"
COLUMNS = ("saved", "paper", "date", "section", "headline", "note")


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread bookmarks [--json | --markdown]``."""
    parser = argparse.ArgumentParser(
        prog="paperread bookmarks",
        description="List your bookmarks across all issues, newest first.",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print them as a JSON list")
    form.add_argument(
        "--markdown",
        action="store_true",
        help="print them as a Markdown clipping list with citations",
    )
    add_script_option(parser)
    parser.epilog = (
        "--script converts paper, section, headline and byline (in every form; notes, keys, "
        "ids and paths stay as they are). Default: the script setting of config.yaml; "
        "original prints them as saved."
    )
    return parser


def run(ns: argparse.Namespace) -> int:
    """List the bookmarks in the form asked for; 0 when listed, 1 when they cannot be read."""
    from reader.store.state import Store

    if not output_is_utf8(sys.stdout):
        print_error(encoding_problem(sys.stdout))
        return EXIT_FAILED
    with Store() as store:
        opening = store.take_notices()
        marks = store.bookmarks()
        reading = store.take_notices()
    for notice in (*opening, *reading):
        print_error(notice)
    if reading:
        return EXIT_FAILED
    marks = shown_marks(marks, ns.script)
    if ns.json:
        sys.stdout.write(jsonout.dumps([as_json(mark) for mark in marks]) + "\n")
    elif not marks:
        print(NO_BOOKMARKS, file=sys.stderr if ns.markdown else sys.stdout)
    elif ns.markdown:
        sys.stdout.write("".join(f"{as_markdown(mark)}\n" for mark in marks))
    else:
        sys.stdout.write(as_table(marks))
    return EXIT_OK


def shown_marks(marks: list[Bookmark], mode: str | None) -> list[Bookmark]:
    """``marks`` with their issue text in script ``mode`` (None: config.yaml's setting).

    Without OpenCC: said on stderr, and the bookmarks as they are.
    """
    if not marks:
        return marks
    from reader.config import load_settings

    settings = load_settings()
    for warning in settings.warnings:
        print_error(warning)
    mode = mode or settings.script
    if mode == "original":
        return marks
    from reader.record import replace
    from reader.script import ScriptError
    from reader.script_text import ScriptText

    script = ScriptText(mode, settings.regional_phrases)
    shown = []
    try:
        for mark in marks:
            texts = [mark.paper, mark.section, mark.headline, mark.byline]
            paper, section, headline, byline = script.convert(texts, mark.issue_key)
            shown.append(
                replace(mark, paper=paper, section=section, headline=headline, byline=byline)
            )
    except ScriptError as error:
        print_error(f"--script {mode}: {error}")
        return marks
    return shown


# --- forms ------------------------------------------------------------------------


def is_missing(mark: Bookmark) -> bool:
    """True when the bookmark's issue file is no longer where it was last seen."""
    return mark.path is not None and not os.path.exists(mark.path)


def saved_at(mark: Bookmark) -> str:
    """When the bookmark was saved, in local time to the minute."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(mark.created))


def as_json(mark: Bookmark) -> dict[str, Any]:
    """One bookmark as a JSON object (``saved`` is ISO 8601 local time, ``created`` epoch)."""
    return {
        "paper": mark.paper,
        "date": mark.date,
        "section": mark.section,
        "headline": mark.headline,
        "byline": mark.byline,
        "note": mark.note,
        "saved": datetime.fromtimestamp(mark.created).astimezone().isoformat(timespec="seconds"),
        "created": mark.created,
        "article_id": mark.article_id,
        "article_key": mark.article_key,
        "issue_key": mark.issue_key,
        "path": mark.path,
        "missing": is_missing(mark),
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")


def escape_markdown(text: str) -> str:
    """Text on one line with Markdown's special characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))


def as_markdown(mark: Bookmark) -> str:
    """One clipping: ``- **headline** — byline. *paper*, date, section. Note: …``."""
    parts = [f"- **{escape_markdown(mark.headline)}**"]
    if mark.byline.strip():
        parts.append(f" — {escape_markdown(mark.byline)}")
    citation = [f"*{escape_markdown(mark.paper)}*" if mark.paper.strip() else ""]
    citation += [escape_markdown(v) for v in (mark.date or "", mark.section) if v.strip()]
    parts.append(". " + ", ".join(c for c in citation if c) + ".")
    if mark.note.strip():
        parts.append(f" Note: {escape_markdown(mark.note)}")
    return "".join(parts)


def as_table(marks: Sequence[Bookmark]) -> str:
    """The bookmarks as a plain table aligned by terminal cells, one line each."""
    rows = [list(COLUMNS)]
    for mark in marks:
        headline = _one_line(mark.headline)
        if is_missing(mark):
            headline = f"{headline} {MISSING}"
        fields = (mark.paper, mark.date or "-", mark.section, headline, mark.note)
        rows.append([saved_at(mark), *(_one_line(f) for f in fields)])
    widths = [max(cells(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for row in rows:
        padded = [
            text + " " * (width - cells(text)) for text, width in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


def cells(text: str) -> int:
    """How many terminal cells the text takes (CJK characters take two)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _one_line(text: str) -> str:
    """Cleaned text on one line: the store is a file anyone could have edited."""
    return " ".join(clean_inline(text).split())
