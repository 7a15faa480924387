"""Finding issue files and loading a library of them.

A library is every issue file under some folders. A broken file does not
stop the others: it is kept as an :class:`Entry` with its error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.issuefile import IssueFileError, Problem, load_issue
from reader.model import Issue

ISSUE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Entry:
    """One issue file of a library: loaded, or with the reason it is not."""

    path: Path
    issue: Issue | None = None
    error: IssueFileError | None = None

    @property
    def label(self) -> str:
        """A short name for the file: its name."""
        return self.path.name


@dataclass(frozen=True, slots=True)
class Library:
    """The issues found, newest first, and the files that failed."""

    entries: tuple[Entry, ...]

    @property
    def issues(self) -> tuple[Entry, ...]:
        """Entries that loaded."""
        return tuple(e for e in self.entries if e.issue is not None)

    @property
    def broken(self) -> tuple[Entry, ...]:
        """Entries that did not load."""
        return tuple(e for e in self.entries if e.error is not None)


def iter_issue_files(root: Path) -> Iterator[Path]:
    """Issue files under ``root`` (or ``root`` itself), sorted, without following loops."""
    if not root.is_dir():
        yield root
        return
    seen: set[tuple[int, int]] = set()
    found: list[Path] = []

    def walk(folder: Path) -> None:
        try:
            stat = folder.stat()
        except OSError:
            return
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError:
            return
        for item in items:
            if item.name.startswith("."):
                continue
            try:
                is_dir = item.is_dir()
            except OSError:
                continue
            path = Path(item.path)
            if is_dir:
                walk(path)
            elif item.name.lower().endswith(ISSUE_SUFFIXES):
                found.append(path)

    walk(root)
    yield from found


def load_entry(path: Path) -> Entry:
    """Load one file into an entry, keeping the error if it fails."""
    try:
        return Entry(path=path, issue=load_issue(path))
    except IssueFileError as error:
        return Entry(path=path, error=error)


def load_library(roots: Iterable[Path]) -> Library:
    """Load every issue file under ``roots``; newest issue first, broken files last."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            continue
        for path in iter_issue_files(root):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            entries.append(load_entry(path))
    return Library(entries=tuple(sort_entries(entries)))


def sort_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Newest first by date; undated issues after dated ones; broken files last."""
    good = [e for e in entries if e.issue is not None]
    bad = [e for e in entries if e.issue is None]
    good.sort(key=lambda e: (e.issue.paper if e.issue else "", str(e.path)))
    good.sort(
        key=lambda e: e.issue.date.toordinal() if e.issue and e.issue.date else 0, reverse=True
    )
    return good + bad


def missing_path_error(path: Path) -> IssueFileError:
    """The error for a path that does not exist."""
    return IssueFileError((Problem(str(path), None, None, "", "no such file or folder"),))
