"""Finding issue files and loading a library of them.

A library is every issue file under some folders. A broken file does not
stop the others: it is kept as an :class:`Entry` with its error.
:func:`load_library` parses every file; :func:`catalogue_library` answers from
the catalogue (:mod:`reader.library.catalogue`) and parses an issue only when it is
opened.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.issue.clean import clean_inline
from reader.issue.collector import collector_paused
from reader.issue.problems import IssueFileError, Problem
from reader.library.walk import iter_issue_files
from reader.record import Record, set_field

if TYPE_CHECKING:
    from reader.issue.model import Issue
    from reader.library.catalogue import ArticleHead, Catalogue, CatalogueEntry, Progress


def load_issue(path: str | os.PathLike[str]) -> Issue:
    """:func:`reader.issue.load.load_issue` through the cache of parsed issues
    (:mod:`reader.issue.cache`): an unchanged file is rebuilt from the cache, and the
    loader (and PyYAML) is imported only to parse a file the cache does not hold."""
    from reader.issue.cache import load_issue as load  # lazy: a warm search parses nothing

    return load(path)


class Entry:
    """One issue file of a library: loaded, with the reason it is not, or not read yet.

    An entry built from the catalogue (``meta``) is not parsed until its issue
    is asked for: :attr:`issue` and :meth:`load` parse the file then, once.
    :attr:`paper`, :attr:`date`, :attr:`article_count`, :attr:`broken` and
    :meth:`headlines` answer from the catalogue without parsing. (If the file
    changed since the scan, the parsed issue is what it holds now.)
    """

    __slots__ = ("_error", "_issue", "_loaded", "_path", "meta")

    def __init__(
        self,
        path: Path | str,
        issue: Issue | None = None,
        error: IssueFileError | None = None,
        meta: CatalogueEntry | None = None,
    ) -> None:
        self._path = path  # a Path is made when first asked for: thousands cost time at start
        self.meta = meta
        self._issue = issue
        self._error = error
        self._loaded = issue is not None or error is not None or meta is None

    def __repr__(self) -> str:
        state = "loaded" if self._loaded else "not loaded"
        return f"Entry({os.fspath(self._path)!r}, {state}, broken={self.broken})"

    @property
    def path(self) -> Path:
        """The issue file, as found."""
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def path_text(self) -> str:
        """The issue file as a string (no Path is made)."""
        return os.fspath(self._path)

    @property
    def label(self) -> str:
        """A short name for the file: its name, safe to show (a name may hold escape sequences)."""
        return clean_inline(os.path.basename(self._path))

    @property
    def loaded(self) -> bool:
        """True once the file has been parsed (or was given parsed)."""
        return self._loaded

    def load(self) -> Issue | None:
        """The issue, parsing the file on first use; None when it does not load."""
        if not self._loaded:
            try:
                self._issue = load_issue(self.path)
            except IssueFileError as error:
                self._error = error
            self._loaded = True
        return self._issue

    @property
    def issue(self) -> Issue | None:
        """The issue (parsed on first use), or None when the file does not load."""
        return self.load()

    @property
    def error(self) -> IssueFileError | None:
        """Why the file does not load, or None; from the catalogue until parsed."""
        if self._loaded:
            return self._error
        return self.meta.error if self.meta is not None else None

    @property
    def broken(self) -> bool:
        """True when the file does not load (known from the catalogue without parsing)."""
        if self._loaded:
            return self._issue is None
        return self.meta is not None and self.meta.broken

    @property
    def paper(self) -> str | None:
        """The paper's name."""
        if self._loaded:
            return self._issue.paper if self._issue else None
        return self.meta.paper if self.meta else None

    @property
    def date(self) -> _dt.date | None:
        """The issue's date, if it has one."""
        if self._loaded:
            return self._issue.date if self._issue else None
        return self.meta.date if self.meta else None

    @property
    def edition(self) -> str | None:
        """The issue's edition, if it has one."""
        if self._loaded:
            return self._issue.edition if self._issue else None
        return self.meta.edition if self.meta else None

    @property
    def language(self) -> str | None:
        """The issue's ``language`` tag, if it has one."""
        if self._loaded:
            return self._issue.language if self._issue else None
        return self.meta.language if self.meta else None

    @property
    def identity(self) -> str | None:
        """The issue's identity (:attr:`reader.issue.model.Issue.identity`)."""
        if self._loaded:
            return self._issue.identity if self._issue else None
        return self.meta.identity if self.meta else None

    @property
    def article_count(self) -> int:
        """How many articles the issue holds (0 for a broken file)."""
        if self._loaded:
            return self._issue.article_count() if self._issue else 0
        return self.meta.article_count if self.meta else 0

    def headlines(self) -> tuple[ArticleHead, ...]:
        """Each article's section title, id and headline, in reading order."""
        if not self._loaded and self.meta is not None:
            heads = self.meta.articles()
            if heads or not self.meta.article_count:
                return heads
        issue = self.load()
        if issue is None:
            return ()
        # Lazy for start-up speed: the catalogue (sqlite3, json) is not needed to open a
        # named file.
        from reader.library.catalogue import ArticleHead

        return tuple(ArticleHead(s.title, a.id, a.headline) for s, a in issue.articles())


class Library(Record):
    """The issues found, newest first, and the files that failed.

    ``messages`` are notices to show the reader, such as a damaged catalogue
    that was rebuilt. A library made by a quick scan (``verified`` False)
    trusts the catalogue's rows; :func:`verify_library` checks them against
    the files under ``roots``. ``pending`` files are not read yet (a first
    start: the library holds only the newest issue, and the check parses them).
    The ``catalogue`` takes no part in equality.
    """

    _fields = ("entries", "messages", "roots", "verified", "catalogue", "pending")
    _compared = ("entries", "messages", "roots", "verified", "pending")
    __slots__ = _fields
    entries: tuple[Entry, ...]
    messages: tuple[str, ...]
    roots: tuple[Path, ...]
    verified: bool
    catalogue: Catalogue | None
    pending: int

    def __init__(
        self,
        entries: tuple[Entry, ...],
        messages: tuple[str, ...] = (),
        roots: tuple[Path, ...] = (),
        verified: bool = True,
        catalogue: Catalogue | None = None,
        pending: int = 0,
    ) -> None:
        set_field(self, "entries", entries)
        set_field(self, "messages", messages)
        set_field(self, "roots", roots)
        set_field(self, "verified", verified)
        set_field(self, "catalogue", catalogue)
        set_field(self, "pending", pending)

    def __repr__(self) -> str:
        return (
            f"Library(entries={self.entries!r}, messages={self.messages!r}, "
            f"roots={self.roots!r}, verified={self.verified!r}, pending={self.pending!r})"
        )

    @property
    def issues(self) -> tuple[Entry, ...]:
        """Entries that load (as far as known without parsing them)."""
        return tuple(e for e in self.entries if not e.broken)

    @property
    def broken(self) -> tuple[Entry, ...]:
        """Entries that do not load."""
        return tuple(e for e in self.entries if e.broken)


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
    """Newest first by date; undated issues after dated ones; broken files last.

    Decided from what is known without parsing (the catalogue, for lazy entries).
    """
    return _newest_first((e, e.broken, e.date, e.paper, e.path_text) for e in entries)


def _newest_first(
    rows: Iterable[tuple[Entry, bool, _dt.date | None, str | None, str]],
) -> list[Entry]:
    """The order of :func:`sort_entries`, from each entry's (broken, date, paper, path).

    Ties keep the order found. The objects made are acyclic: the collector's
    passes over thousands of them would only cost time, so it is paused.
    """
    good: list[tuple[int, str, str, int, Entry]] = []
    bad: list[Entry] = []
    with collector_paused():
        for index, (entry, broken, date, paper, path) in enumerate(rows):
            if broken:
                bad.append(entry)
            else:
                good.append((-date.toordinal() if date else 0, paper or "", path, index, entry))
        good.sort()
    return [item[-1] for item in good] + bad


def catalogue_library(
    roots: Iterable[Path],
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
    quick: bool = False,
) -> Library:
    """The library under ``roots`` from the catalogue, parsing only files that changed.

    Entries are not parsed (see :class:`Entry`); their order is that of
    :func:`load_library`. ``catalogue`` defaults to the one in the cache dir;
    the library's ``messages`` say when it had to be rebuilt or kept in
    memory. ``progress(done, total)`` follows the parsing of changed files.

    ``quick`` is for start-up, which shows the newest issue: the library
    holds that issue alone and is not ``verified`` (see :func:`verify_library`).
    It trusts the catalogue's rows without stat'ing every file
    (:meth:`reader.library.catalogue.Catalogue.quick_scan`); when the catalogue
    does not know every file (a first start, files added), it takes a first
    look (:func:`reader.library.first_look.first_look`), and the library's
    ``pending`` files are left to the check. A full scan when neither answers.
    """
    # Lazy for start-up speed, as in Entry.headlines.
    from reader.library.catalogue import Catalogue

    roots = tuple(roots)
    # The catalogue stays open: entries read their headlines from it on demand.
    cat = Catalogue() if catalogue is None else catalogue
    if quick:
        found = cat.quick_scan(roots)
        if found is not None:
            return _sorted_library(found, cat, roots, False)
        from reader.library.first_look import first_look

        look = first_look(cat, roots)
        if look is not None:
            entry = Entry(look.meta.path_text, look.issue, None, look.meta)
            return Library((entry,), tuple(cat.messages), roots, False, cat, look.pending)
    return _sorted_library(cat.scan(roots, progress), cat, roots, True)


def _sorted_library(
    found: list[CatalogueEntry], cat: Catalogue, roots: tuple[Path, ...], verified: bool
) -> Library:
    # The sort keys from the catalogue's fields directly, not through each
    # Entry's properties: there may be thousands of entries.
    entries = _newest_first(
        (
            Entry(meta.path_text, None, None, meta),
            meta.broken,
            meta.date,
            meta.paper,
            meta.path_text,
        )
        for meta in found
    )
    return Library(tuple(entries), tuple(cat.messages), roots, verified, cat)


def entry_key(entry: Entry) -> str:
    """The entry's file as an absolute path: the same file gives the same key."""
    meta = entry.meta
    return meta.key if meta is not None else os.path.abspath(entry.path_text)


def verify_library(library: Library, progress: Progress | None = None) -> Library | None:
    """After a quick start: the library as the files are now, or None when nothing changed.

    Runs a full catalogue scan of the library's roots (a stat per file; files
    changed since the catalogue saw them are parsed again). Entries that did
    not change are carried over as they are, and so is every entry already
    parsed (it holds the file as it was read), so a reader can keep them.
    """
    cat = library.catalogue
    if library.verified or cat is None:
        return None
    fresh = _sorted_library(cat.scan(library.roots, progress), cat, library.roots, True)
    old = {entry_key(entry): entry for entry in library.entries}
    entries = []
    for entry in fresh.entries:
        before = old.get(entry_key(entry))
        if before is not None and (before.loaded or _same_file(before, entry)):
            entry = before
        entries.append(entry)
    if len(entries) == len(library.entries) and all(
        a is b for a, b in zip(entries, library.entries, strict=True)
    ):
        return None
    return Library(tuple(entries), fresh.messages, library.roots, True, cat)


def rescan_library(library: Library) -> Library | None:
    """The library as its files are now, after something wrote into its roots (as
    :func:`verify_library`, for a library already checked); None when nothing changed or
    the library has no catalogue and roots to scan."""
    if library.catalogue is None or not library.roots:
        return None
    unchecked = Library(library.entries, library.messages, library.roots, False, library.catalogue)
    return verify_library(unchecked)


def _same_file(before: Entry, now: Entry) -> bool:
    a, b = before.meta, now.meta
    return a is not None and b is not None and (a.size, a.mtime_ns) == (b.size, b.mtime_ns)


def missing_path_error(path: Path) -> IssueFileError:
    """The error for a path that does not exist."""
    return IssueFileError((Problem(str(path), None, None, "", "no such file or folder"),))
