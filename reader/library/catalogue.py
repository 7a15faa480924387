"""The catalogue: what each issue file holds, remembered so start-up need not parse them.

One SQLite file in the cache dir (``catalogue.db``) keeps, for every issue file
seen, its identity, paper, date, edition, article count, the ids, headlines
and section titles of its articles, or the problems that stop it loading.
Rows are keyed by the file's absolute path and trusted while its size and
modification time (in nanoseconds) are unchanged; :meth:`Catalogue.scan`
re-reads only the files that changed and forgets the ones that are gone.

It is a cache and nothing more: deleting it loses nothing but time. A damaged
file is deleted and rebuilt with a message in :attr:`Catalogue.messages`; a
cache dir that cannot be written, or a catalogue another process keeps
locked, gives an in-memory catalogue for this run, again with a message
(see :mod:`reader.store.cache`). Nothing here raises for a bad file or a bad cache.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.issue.clean import is_utf8
from reader.issue.collector import collector_paused
from reader.issue.problems import IssueFileError
from reader.library.catalogue_entry import ArticleHead, CatalogueEntry, issue_row
from reader.library.walk import find_files, find_paths, key_prefixes
from reader.store.cache import CacheDB, CacheFile

if TYPE_CHECKING:
    from reader.issue.model import Issue

__all__ = ["CATALOGUE_FILE", "ArticleHead", "Catalogue", "CatalogueEntry", "Progress", "Survey"]

CATALOGUE_FILE = "catalogue.db"
SCHEMA_VERSION = 2
RACY_NS = 2_000_000_000  # a folder's time this close to a scan is not trusted (see _remember_roots)
BATCH = 200  # commit after this many parsed files, so an interrupted first scan keeps its work

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while changed files are parsed."""

Survey = tuple["list[tuple[str, str]]", "CatalogueEntry | None"]
"""What :meth:`Catalogue.survey` finds: files without a row, the newest with one."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    identity TEXT,
    paper TEXT,
    date TEXT,
    edition TEXT,
    language TEXT,
    article_count INTEGER NOT NULL DEFAULT 0,
    problems TEXT
);
CREATE TABLE IF NOT EXISTS heads (path TEXT PRIMARY KEY, articles TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_newest ON files (date DESC, paper, path)
    WHERE problems IS NULL;
CREATE TABLE IF NOT EXISTS roots (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS dirs (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
"""
# ``roots``: folders a full scan has walked; ``dirs``: every folder it walked under
# them, with its modification time. While no folder's time changed, no file was added,
# removed or renamed under the roots, and :meth:`Catalogue.quick_scan` trusts the rows.
# The headlines live in a table of their own: the scan at start-up reads every row
# of ``files``, and small rows make that a few milliseconds for thousands of files.
_COLUMNS = "path, size, mtime_ns, identity, paper, date, edition, language, article_count, problems"


def load_issue(path: str | os.PathLike[str], *, store: bool = False) -> Issue:
    """:func:`reader.issue.load.load_issue`, through the cache of parsed issues: a file
    the reader has opened before is not parsed again. A scan does not write to that cache
    (a first scan of a big library would fill it with files nobody opened) unless
    ``store``; the loader (and PyYAML) is imported on the first file it must parse."""
    from reader.issue.cache import load_issue as load

    return load(path, store=store)


class Catalogue(CacheFile):
    """The catalogue file (or an in-memory one), ready to scan folders.

    ``path`` defaults to ``catalogue.db`` in :func:`reader.paths.cache_dir`;
    ``":memory:"`` keeps nothing between runs. One catalogue may be used from
    several threads; calls are serialised.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from reader.paths import cache_dir

            path = cache_dir() / CATALOGUE_FILE
        stamp = f"{SCHEMA_VERSION}/{__version__}"  # another version may read files differently
        self._cache = CacheDB(path, "the catalogue", _SCHEMA, stamp)

    # -- scanning ---------------------------------------------------------------------

    def scan(self, roots: Iterable[Path], progress: Progress | None = None) -> list[CatalogueEntry]:
        """Every issue file under ``roots``, from the catalogue where unchanged.

        Files whose size or modification time changed, and new ones, are
        parsed and remembered; rows for files under ``roots`` that are gone
        are dropped. Order: as found (see :func:`reader.library.files.iter_issue_files`),
        the same file reached twice (links, overlapping roots) listed once.
        """
        roots = list(roots)
        with self._cache.lock:
            for _ in range(2):
                try:
                    return self._scan(roots, progress)
                except sqlite3.DatabaseError as error:
                    self._cache.recover(error)
            return self._scan(roots, progress)  # in memory by now

    def _scan(self, roots: list[Path], progress: Progress | None) -> list[CatalogueEntry]:
        with collector_paused():  # thousands of acyclic objects: the collector's passes cost
            found, folders = find_files(roots)
            known = self._known(roots, len(found))
            entries, stale = self._match(found, known)
        if stale:
            self._parse_stale(stale, entries, progress)
        seen = {key for _, key, _ in found}
        gone = [(key,) for key in known if key not in seen]
        if gone:
            self._forget(gone)
        named = all(is_utf8(key) for key in seen) and all(is_utf8(p) for p, _ in folders)
        self._remember_roots(roots, folders if named else None)
        return entries

    def quick_scan(self, roots: Iterable[Path]) -> list[CatalogueEntry] | None:
        """The newest issue under ``roots`` as the catalogue last saw it, or None.

        For start-up, which shows the newest issue and nothing else: one
        stat per folder, no file stat'ed, one row read. It answers only when
        every root is a folder a full :meth:`scan` walked and no folder under
        them changed since (so no file was added, removed or renamed); a file
        changed in place is noticed by the full scan the caller runs next.
        The list holds that issue (or, when every file is broken, the first
        broken one), or nothing when the roots hold no issue files.
        """
        roots = list(roots)
        with self._cache.lock:
            try:
                return self._quick(roots)
            except sqlite3.DatabaseError:
                return None  # the full scan repairs or replaces the catalogue

    def _quick(self, roots: list[Path]) -> list[CatalogueEntry] | None:
        existing = [root for root in roots if os.path.lexists(root)]
        if not all(os.path.isdir(root) for root in existing):
            return None
        prefixes = key_prefixes(existing)
        keys = sorted({exact for exact, _ in prefixes})
        if not all(is_utf8(key) for key in keys):
            return None
        marks = ",".join("?" * len(keys))
        known = self._db.execute(f"SELECT count(*) FROM roots WHERE path IN ({marks})", keys)
        if known.fetchone()[0] != len(keys):
            return None
        bounds: list[str] = []
        for exact, prefix in prefixes:
            bounds += [exact, prefix[:-1] + chr(ord(prefix[-1]) + 1)]  # the root and under it
        folders = " UNION ALL ".join(
            ["SELECT path, mtime_ns FROM dirs WHERE path >= ? AND path < ?"] * len(prefixes)
        )
        for path, mtime_ns in self._db.execute(folders, bounds) if prefixes else ():
            try:
                if os.stat(path).st_mtime_ns != mtime_ns:
                    return None
            except OSError:
                return None
        # The unary + keeps the path index out: the planner then walks files_newest from
        # the newest date and stops at the first row under a root.
        under = " OR ".join(["+path >= ? AND +path < ?"] * len(prefixes)) or "0"
        newest = self._db.execute(
            f"SELECT {_COLUMNS} FROM files WHERE problems IS NULL AND ({under})"
            " ORDER BY date DESC, paper, path LIMIT 1",
            bounds,
        ).fetchone()
        if newest is None:
            newest = self._db.execute(
                f"SELECT {_COLUMNS} FROM files WHERE {under} ORDER BY path LIMIT 1", bounds
            ).fetchone()
        return [] if newest is None else [self._from_row(newest[0], newest)]

    def survey(self, roots: Iterable[Path]) -> Survey | None:
        """For a first look: the files under ``roots`` the catalogue has no row for, as
        (path as found, key), and the newest issue it has a row for that is still there.

        Cheaper than a :meth:`scan`: a walk without a stat per file, the rows' keys, and
        the newest rows read until one is of a file found. Like :meth:`quick_scan` it
        trusts the rows of files it knows (a file changed in place is the next scan's
        business). None when the catalogue cannot be read (the scan repairs it).
        """
        roots = list(roots)
        with self._cache.lock:
            try:
                with collector_paused():
                    found = find_paths(roots)
                    prefixes = [(e, p) for e, p in key_prefixes(roots) if is_utf8(e)]
                    known = self._known_keys(prefixes)
                    new = [(path, key) for path, key in found if key not in known]
                    return new, self._newest_of(prefixes, {key: path for path, key in found})
            except sqlite3.DatabaseError:
                return None

    def _known_keys(self, prefixes: list[tuple[str, str]]) -> set[str]:
        keys: set[str] = set()
        for exact, prefix in prefixes:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = self._db.execute(
                "SELECT path FROM files WHERE +path >= ? AND +path < ?"
                " UNION ALL SELECT path FROM files WHERE path = ?",
                (prefix, upper, exact),
            )
            keys.update(row[0] for row in rows)
        return keys

    def _newest_of(
        self, prefixes: list[tuple[str, str]], there: dict[str, str]
    ) -> CatalogueEntry | None:
        """The newest issue (a file that loads) with a row, of a file ``there`` (by key:
        the path as found)."""
        if not prefixes:
            return None
        bounds: list[str] = []
        for exact, prefix in prefixes:
            bounds += [exact, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
        under = " OR ".join(["+path >= ? AND +path < ?"] * len(prefixes))
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM files WHERE problems IS NULL AND ({under})"
            " ORDER BY date DESC, paper, path",
            bounds,
        )
        for row in rows:
            path = there.get(row[0])
            if path is not None:
                return self._from_row(path, row)
        return None

    def remember(
        self, path: str, key: str, info: os.stat_result | None, issue: Issue | IssueFileError
    ) -> CatalogueEntry:
        """Store what one file of a :meth:`survey` holds (parsed by the caller after
        ``info``, its stat) as a scan would, so the next scan need not parse it again (a
        file that could not be stat'ed is parsed again); its entry."""
        size, mtime_ns = (info.st_size, info.st_mtime_ns) if info is not None else (-1, -1)
        row = issue_row(key, size, mtime_ns, issue)
        # On a damaged file: the scan that follows parses it again, and repairs the file.
        with self._cache.lock, contextlib.suppress(sqlite3.DatabaseError):
            self._store([row])
        return self._from_row(path, row)

    def _remember_roots(self, roots: list[Path], folders: list[tuple[str, int]] | None) -> None:
        """Note the roots as scanned in full, with the folders walked under them.

        ``folders`` None: something under the roots has a name SQLite cannot hold (not
        UTF-8), so the roots are forgotten and every start scans them in full.
        """
        prefixes = key_prefixes([root for root in roots if os.path.isdir(root)])
        prefixes = [(exact, prefix) for exact, prefix in prefixes if is_utf8(exact)]
        keys = {exact for exact, _ in prefixes}
        if folders is None:
            if keys:
                self._cache.write(
                    lambda: self._db.executemany(
                        "DELETE FROM roots WHERE path = ?", [(k,) for k in keys]
                    )
                )
            return
        known_roots = {row[0] for row in self._db.execute("SELECT path FROM roots")}
        stored: set[tuple[str, int]] = set()
        for exact, prefix in prefixes:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = self._db.execute(
                "SELECT path, mtime_ns FROM dirs WHERE path >= ? AND path < ?", (exact, upper)
            )
            stored.update(rows)
        # A folder changed within RACY_NS of now may change again within the same clock
        # tick (file times are coarse): its time proves nothing, so store one that never
        # matches, and the next start scans in full (as git treats "racily clean" files).
        racy = time.time_ns() - RACY_NS
        wanted = {(path, mtime if mtime < racy else -1) for path, mtime in folders}
        if keys <= known_roots and stored == wanted:
            return  # the usual case: nothing to write

        def remember() -> None:
            self._db.executemany("INSERT OR IGNORE INTO roots VALUES (?)", [(k,) for k in keys])
            self._db.executemany(
                "DELETE FROM dirs WHERE path = ?", [(p,) for p, _ in stored - wanted]
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO dirs VALUES (?, ?)", sorted(wanted - stored)
            )

        self._cache.write(remember)

    def _match(
        self,
        found: list[tuple[str, str, os.stat_result | None]],
        known: dict[str, tuple[Any, ...]],
    ) -> tuple[list[CatalogueEntry], list[tuple[int, str, str, os.stat_result]]]:
        """Entries for the files whose rows are current; the others, to parse (placeholders)."""
        entries: list[CatalogueEntry] = []
        append = entries.append
        stale: list[tuple[int, str, str, os.stat_result]] = []
        for path, key, info in found:
            if info is None:  # listed but cannot be stat'ed: a dangling link, say
                append(self._from_row(path, _parse_row(path, key, None)))
                continue
            row = known.get(key)
            if row is not None:
                # As _from_row, inline: this runs for every file at start-up.
                _, size, mtime_ns, identity, paper, date, edition, language, count, problems = row
                if size == info.st_size and mtime_ns == info.st_mtime_ns:
                    append(
                        CatalogueEntry(
                            path,
                            size,
                            mtime_ns,
                            identity,
                            paper,
                            date,
                            edition,
                            language,
                            count or 0,
                            problems or (),
                            None,
                            self,
                            key,
                        )
                    )
                    continue
            stale.append((len(entries), path, key, info))
            append(CatalogueEntry(path, -1, -1))  # replaced by _parse_stale
        return entries, stale

    def _known(self, roots: list[Path], found: int) -> dict[str, tuple[Any, ...]]:
        """The rows of the files under ``roots`` (or that are a root), by key.

        ``found`` is how many files the walk found: for a few, the rows are looked up
        in the primary key's index; for many, a pass over the table that skips the
        others in SQLite is cheaper than an index lookup per row.
        """
        column = "path" if found < 256 else "+path"  # a unary + keeps the index out
        known: dict[str, tuple[Any, ...]] = {}
        for exact, prefix in key_prefixes(roots):
            if not is_utf8(exact):
                continue  # a root whose name is not UTF-8 has no rows
            # Every key under the root starts with ``prefix`` (the root and os.sep), and
            # so sorts between it and the same with os.sep's successor: a range of keys,
            # not every file the catalogue knows.
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM files WHERE {column} >= ? AND {column} < ?"
                f" UNION ALL SELECT {_COLUMNS} FROM files WHERE path = ?",
                (prefix, upper, exact),
            )
            known.update({row[0]: row for row in rows})
        return known

    def _parse_stale(
        self,
        stale: list[tuple[int, str, str, os.stat_result]],
        entries: list[CatalogueEntry],
        progress: Progress | None,
    ) -> None:
        rows: list[tuple[object, ...]] = []
        total = len(stale)
        for done, (index, path, key, info) in enumerate(stale, 1):
            row = _parse_row(path, key, info)
            rows.append(row)
            entries[index] = self._from_row(path, row)
            if len(rows) >= BATCH:
                self._store(rows)
                rows = []
            if progress is not None:
                progress(done, total)
        self._store(rows)

    def _store(self, rows: list[tuple[object, ...]]) -> None:
        def store() -> None:
            self._db.executemany(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, identity, paper, date,"
                " edition, language, article_count, problems)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [row[:10] for row in rows],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO heads (path, articles) VALUES (?, ?)",
                [(row[0], row[10]) for row in rows],
            )

        # A name that is not UTF-8 cannot be a key: such a file is parsed at every scan.
        rows = [row for row in rows if isinstance(row[0], str) and is_utf8(row[0])]
        if rows:
            self._cache.write(store)

    def _forget(self, gone: list[tuple[str]]) -> None:
        """Drop the rows of these keys (files that are gone)."""

        def forget() -> None:
            self._db.executemany("DELETE FROM files WHERE path = ?", gone)
            self._db.executemany("DELETE FROM heads WHERE path = ?", gone)

        self._cache.write(forget)

    def _from_row(self, path: str, row: tuple[Any, ...]) -> CatalogueEntry:
        key, size, mtime_ns, identity, paper, date, edition, language, count, problems = row[:10]
        return CatalogueEntry(
            path,
            size,
            mtime_ns,
            identity,
            paper,
            date,
            edition,
            language,
            count or 0,
            problems or (),
            heads=row[10] if len(row) > 10 else None,
            source=self,
            key=key,
        )

    def stored_heads(self, key: str) -> str | None:
        """The stored articles of the file with this key (for :meth:`CatalogueEntry.articles`)."""
        with self._cache.lock:
            try:
                row = self._db.execute("SELECT articles FROM heads WHERE path = ?", (key,))
                found = row.fetchone()
            except sqlite3.Error:
                return None
        return found[0] if found and isinstance(found[0], str) else None


def _parse_row(path: str, key: str, info: os.stat_result | None) -> tuple[object, ...]:
    """The catalogue row of one file, parsed now (size and time -1 when unknown)."""
    size, mtime_ns = (info.st_size, info.st_mtime_ns) if info is not None else (-1, -1)
    try:
        issue: Issue | IssueFileError = load_issue(path)
    except IssueFileError as error:
        issue = error
    return issue_row(key, size, mtime_ns, issue)
