"""A first look at a library the catalogue does not know yet: its newest issue, found
without parsing every file.

On a first start (or after files were added) the catalogue cannot answer from its
rows alone (:meth:`reader.library.catalogue.Catalogue.quick_scan`), and a full scan
parses every new file: 28 s for ten years of a daily paper. The reader needs one
issue to show. So: list the files (a walk and a stat each, as a scan does), take what
the catalogue knows of the unchanged ones, and *guess* the others' dates from the top
of each file, where the format puts ``paper:`` and ``date:`` (its first
:data:`HEAD_BYTES`; else a date in the file name). The best guesses are parsed, in
order, until the newest issue is one actually parsed (or known to the catalogue):
a wrong guess costs a parse, never a wrong answer about a parsed file. What is parsed
here is stored in the catalogue, so the full scan that follows (in the reader, after
its first frame) does not parse it again.
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.issue.problems import IssueFileError

if TYPE_CHECKING:
    from reader.issue.model import Issue
    from reader.library.catalogue import Catalogue, CatalogueEntry

__all__ = ["HEAD_BYTES", "MAX_PARSED", "FirstLook", "first_look", "guess_head"]

HEAD_BYTES = 4096  # how much of each file is read for its paper and date
MAX_PARSED = 8  # parses to confirm a guess before the full scan is left to decide

_DATE_VALUE = re.compile(rb"""[ \t]*["']?(\d{4}-\d{2}-\d{2})["']?[ \t]*(?:#.*)?\r?$""")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")

Rank = tuple[int, str, str]
Guess = tuple[str, str]  # a file to parse: path as found, key
Known = tuple["CatalogueEntry", "Issue | None"]  # an entry, with its issue if parsed here


@dataclass(frozen=True, slots=True)
class FirstLook:
    """The newest issue of a library not yet catalogued, and how much is left to read."""

    meta: CatalogueEntry
    """What the catalogue now knows of it."""
    issue: Issue | None
    """The issue, when it was parsed here (None: a file the catalogue knew; parsed on opening)."""
    pending: int
    """How many files the full scan will still parse."""


def first_look(cat: Catalogue, roots: Iterable[Path]) -> FirstLook | None:
    """The newest issue under ``roots`` with as few files parsed as the guesses allow.

    None when a full scan is as good: nothing to parse (the scan is a walk), the
    catalogue cannot be read, or :data:`MAX_PARSED` guesses did not settle on an
    issue that loads.
    """
    survey = cat.survey(roots)
    if survey is None or not survey[0]:
        return None
    new, known = survey
    # (rank, tie-break, a file to parse, or an entry with its issue if parsed here)
    heap: list[tuple[Rank, int, Guess | None, Known | None]] = []
    if known is not None:
        heap.append((rank(known.date, known.paper, known.path_text), -1, None, (known, None)))
    for number, found in enumerate(new):
        heap.append((rank(*guess_head(found[0]), found[0]), number, found, None))
    heapq.heapify(heap)
    pending, parsed = len(new), 0
    while heap:
        _, number, guess, chosen = heapq.heappop(heap)
        if chosen is not None:
            return FirstLook(chosen[0], chosen[1], pending)
        if guess is None or parsed == MAX_PARSED:
            break
        meta, issue = _parse(cat, *guess)
        parsed, pending = parsed + 1, pending - 1
        if issue is not None:  # ranked again by what it holds
            again = rank(issue.date, issue.paper, guess[0])
            heapq.heappush(heap, (again, number, None, (meta, issue)))
    return None


def rank(date: dt.date | None, paper: str | None, path: str) -> Rank:
    """The library's order (:func:`reader.library.files.sort_entries`) as a sort key:
    newest first, undated last, then by paper and path."""
    return (-date.toordinal() if date else 0, paper or "", path)


def guess_head(path: str) -> tuple[dt.date | None, str | None]:
    """The date and paper a file seems to hold, from its first :data:`HEAD_BYTES` (the
    top-level ``date:`` and ``paper:`` lines), else a date in its name. A guess: only
    parsing tells."""
    head = b""
    try:
        handle = os.open(path, os.O_RDONLY)
        try:
            head = os.read(handle, HEAD_BYTES)
        finally:
            os.close(handle)
    except OSError:
        pass
    date = None
    found = _DATE_VALUE.match(_top_level(head, b"date:"))
    if found is not None:
        date = _date(found.group(1).decode("ascii"))
    if date is None:
        named = _NAME_DATE.search(os.path.basename(path))
        if named is not None:
            date = _date("-".join(named.groups()))
    value = _top_level(head, b"paper:").split(b" #", 1)[0].strip().strip(b"\"'")
    paper = value.decode("utf-8", "replace") if value else None
    return date, paper


def _top_level(head: bytes, key: bytes) -> bytes:
    """The rest of the line that starts with ``key`` (at column 0) in ``head``, or b""."""
    start = 0 if head.startswith(key) else head.find(b"\n" + key) + 1
    if start == 0 and not head.startswith(key):
        return b""
    start += len(key)
    end = head.find(b"\n", start)
    return head[start : len(head) if end < 0 else end]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse(cat: Catalogue, path: str, key: str) -> tuple[CatalogueEntry, Issue | None]:
    """Parse one file and store what it holds in the catalogue; its entry and issue.

    Through the cache of parsed issues, written too: the issue confirmed here is the one
    the reader opens (and at most a few other candidates are parsed), so the next start
    reads it back without PyYAML even while the catalogue is not complete yet."""
    from reader.library.catalogue import load_issue

    try:
        info = os.stat(path)
    except OSError:  # gone since the walk: the scan will say
        info = None
    try:
        issue: Issue | None = load_issue(path, store=True)
    except IssueFileError as error:
        return cat.remember(path, key, info, error), None
    assert issue is not None
    return cat.remember(path, key, info, issue), issue
