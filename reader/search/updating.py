"""Bringing the search index up to date with a library: what :meth:`SearchIndex.update` does.

Only issues whose file changed (path, size, modification time) are indexed
again, and those whose file is gone are dropped.

Several processes (or objects) may update one index file at once: each
decides per issue, inside its write transaction, whether that issue still
needs indexing, so none indexes an issue twice, and work another has done is
skipped. A transaction holds about :data:`COMMIT_SECONDS` of issues; their
FTS rows are written at its end in row id order, since FTS5 writes what it
holds in memory out as a new segment whenever a row id comes lower than the
last (and issues come newest first). Many issues at once, or more than the
index held, are a bulk run: their trigrams go into ``grams`` at the end,
read from the index, which is then merged into one segment. The pages that
merging frees are given back to the file system (``auto_vacuum``, set on a
new file) rather than kept as free space in the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.issue.problems import IssueFileError
from reader.library.files import entry_key
from reader.search.fold import fold
from reader.search.index_file import ROWID_SHIFT, SENTINEL, IndexFile, db_path, from_db
from reader.search.text import story_text

if TYPE_CHECKING:
    from reader.issue.model import Issue
    from reader.library.files import Entry

__all__ = ["BULK", "BULK_SMALL", "COMMIT_SECONDS", "IndexUpdates", "Progress"]

BULK = 200  # re-indexing more issues than this reads new trigrams from the index at the end,
BULK_SMALL = 20  # and so does re-indexing more than this and than the index holds
COMMIT_SECONDS = 0.5  # hold a write transaction (and the lock) about this long at most

Progress = Callable[[int, int], None]

_TRIGRAMS = re.compile("(?=(...))", re.DOTALL)  # every three characters, overlapping


@dataclass(slots=True)
class _Writes:
    """One transaction's FTS rows to delete and to insert, and its trigrams (None: none kept)."""

    deletes: list[tuple[int, str]] = field(default_factory=list)
    inserts: list[tuple[int, str]] = field(default_factory=list)
    grams: set[str] | None = None


class IndexUpdates(IndexFile):
    """The index's updating (see the module's notes); :class:`SearchIndex` is one."""

    indexed: dict[str, int]

    def _update(self, entries: list[Entry], progress: Progress | None) -> int:
        self.indexed = dict.fromkeys(self.indexed, 0)
        with self._lock:
            indexed = {
                from_db(path): (issue_id, size, mtime_ns)
                for path, issue_id, size, mtime_ns in self._db.execute(
                    "SELECT path, id, size, mtime_ns FROM issues"
                )
            }
        wanted: dict[str, tuple[Entry, int, int]] = {}
        broken: set[str] = set()
        for entry in entries:
            key = entry_key(entry)
            if entry.broken:
                broken.add(key)
            if key in wanted or entry.broken:
                continue
            size, mtime_ns = _identity(entry)
            if size >= 0:
                wanted[key] = (entry, size, mtime_ns)
        stale = [
            (key, entry, size, mtime_ns)
            for key, (entry, size, mtime_ns) in wanted.items()
            if indexed.get(key, (0, -1, -1))[1:] != (size, mtime_ns)
        ]
        gone = [
            (key, row)
            for key, row in indexed.items()
            if key not in wanted and (key in broken or not os.path.exists(key))
        ]
        # Stale rows are replaced issue by issue (_index_all), each as it is indexed again.
        if gone:
            self._cache.write(lambda: self._remove_gone(gone))
        changed = self._index_all(stale, progress, held=len(indexed))
        if gone or changed:
            self._give_back()
        return changed

    def _index_all(
        self, stale: list[tuple[str, Entry, int, int]], progress: Progress | None, held: int
    ) -> int:
        """Index the ``stale`` issues that still need it, in transactions; how many did.

        ``held`` is how many issues the index held before. Many issues, or
        more than it held (a library indexed anew), are a bulk run: their
        trigrams are read from the index once at the end (:meth:`_after_bulk`),
        which takes time in proportion to the whole index; otherwise each
        issue's are recorded as it is indexed, which takes longer per issue.
        """
        bulk = len(stale) > BULK or len(stale) > max(BULK_SMALL, held)
        db = self._db
        done = changed = 0
        recorded: set[str] = set()  # trigrams this run has put in grams already
        while done < len(stale):
            with self._lock:
                started = time.monotonic()
                db.execute("BEGIN IMMEDIATE")
                try:
                    writes = _Writes(grams=None if bulk else set())
                    batch_end = done + 1  # at least one issue per transaction
                    marked = False
                    while done < len(stale) and (
                        done < batch_end or time.monotonic() - started < COMMIT_SECONDS
                    ):
                        key, entry, size, mtime_ns = stale[done]
                        # Looked at again inside the transaction: another writer may have
                        # indexed this file (or another version of it) since we looked.
                        row = db.execute(
                            "SELECT id, size, mtime_ns FROM issues WHERE path = ?", (db_path(key),)
                        ).fetchone()
                        seen_id, seen_size, seen_mtime_ns = row or (None, -1, -1)
                        if seen_id is None or (seen_size, seen_mtime_ns) != (size, mtime_ns):
                            issue = _parsed(entry)
                            if seen_id is not None:
                                self._remove(seen_id, writes)
                            if issue is not None:
                                if bulk and not marked:
                                    # Every bulk transaction marks grams pending (until
                                    # _after_bulk): its rows have no grams yet, even if
                                    # another writer's _after_bulk has just cleared the mark.
                                    db.execute(
                                        "INSERT OR REPLACE INTO meta VALUES ('grams', 'pending')"
                                    )
                                    marked = True
                                self._insert(key, size, mtime_ns, issue, writes)
                            changed += 1
                        done += 1
                        if progress is not None:
                            progress(done, len(stale))
                    self._write(writes, recorded)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    # The dictionary may have been made in this transaction, and is gone with
                    # it: what is stored from now on must be compressed with the file's own.
                    self._zdict = self._packer = None
                    raise
        # Also finishes a bulk run cut short, or another process's (it marks again if it goes on).
        with self._lock:
            if self._grams_pending():
                self._cache.write(self._after_bulk)
        return changed

    def _after_bulk(self) -> None:
        """After many issues: record their trigrams from the index at once, and merge it."""
        self._db.execute("INSERT OR IGNORE INTO grams SELECT term FROM fts_terms")
        self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self._db.execute("DELETE FROM meta WHERE key = 'grams'")

    def _give_back(self) -> None:
        """Give the file's free pages back to the file system, in a transaction of its own.

        FTS5 frees pages as it merges segments (and 'optimize' merges them all),
        but a file keeps its size unless ``auto_vacuum`` lets it shrink: a file
        made before that was set keeps its free pages for rows to come.
        """
        with self._lock, contextlib.suppress(sqlite3.Error):  # busy: given back another time
            # executescript: each step of this pragma frees one page, and execute() takes one.
            self._db.executescript("PRAGMA incremental_vacuum;")

    def _insert(self, key: str, size: int, mtime_ns: int, issue: Issue, writes: _Writes) -> None:
        """Store ``issue``'s rows; its FTS rows (and trigrams) go to ``writes``, for later."""
        db = self._db
        base = (issue.date.toordinal() if issue.date else 0) << ROWID_SHIFT
        top = db.execute(
            "SELECT max(rowid) FROM docs WHERE rowid BETWEEN ? AND ?",
            (base, base + (1 << ROWID_SHIFT) - 1),
        ).fetchone()[0]
        first = base if top is None else top + 1
        count = issue.article_count()
        if first + count > base + (1 << ROWID_SHIFT):  # pragma: no cover - a million a day
            self.messages.append(f"{key}: too many articles on one date to index")
            return
        cursor = db.execute(
            "INSERT INTO issues (path, size, mtime_ns, issue_key, paper, date, lo, hi)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                db_path(key),
                size,
                mtime_ns,
                issue.identity,
                issue.paper,
                issue.date.isoformat() if issue.date else None,
                first,
                first + count - 1,
            ),
        )
        issue_id = cursor.lastrowid
        docs = []
        grams = writes.grams
        chars = folded_bytes = 0
        stories = [(section, article, story_text(article)) for section, article in issue.articles()]
        if self._zdict is None:
            self._dictionary("\n".join(text for _, _, text in stories))
        for number, (section, article, text) in enumerate(stories):
            rowid = first + number
            folded = fold(text) + SENTINEL
            docs.append(
                (
                    rowid,
                    issue_id,
                    article.id,
                    section.title,
                    article.headline,
                    self._compress(text),
                )
            )
            writes.inserts.append((rowid, folded))
            if grams is not None:
                grams.update(_TRIGRAMS.findall(folded))
            chars += len(text)
            folded_bytes += len(folded.encode("utf-8"))
        counts = self.indexed
        counts["issues"] += 1
        counts["articles"] += len(docs)
        counts["chars"] += chars
        counts["folded_bytes"] += folded_bytes
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", docs)

    def _write(self, writes: _Writes, recorded: set[str]) -> None:
        """Write a transaction's FTS rows in row id order, then the trigrams not yet ``recorded``.

        FTS5 writes out the terms it holds in memory as a new segment whenever a
        row id comes lower than the one before, and issues come newest first
        (highest row ids first): written as they came, each issue would make a
        segment of its own, and the index would spend most of its time merging
        them. In order, a transaction makes one.
        """
        db = self._db
        if writes.deletes:
            # A contentless FTS table forgets a row when given exactly what it indexed.
            writes.deletes.sort()
            db.executemany(
                "INSERT INTO fts (fts, rowid, text) VALUES ('delete', ?, ?)", writes.deletes
            )
        if writes.inserts:
            writes.inserts.sort()
            db.executemany("INSERT INTO fts (rowid, text) VALUES (?, ?)", writes.inserts)
        if writes.grams:
            new = writes.grams - recorded
            db.executemany("INSERT OR IGNORE INTO grams VALUES (?)", [(g,) for g in new])
            recorded |= new

    def _remove_gone(self, gone: Iterable[tuple[str, tuple[int, int, int]]]) -> None:
        """Remove the issues of files that are gone, as they were seen: (path, (id, size, mtime)).

        A row another writer has removed meanwhile, or indexed again (the file
        came back), is left as it now is.
        """
        writes = _Writes()
        for key, seen in gone:
            row = self._db.execute(
                "SELECT id, size, mtime_ns FROM issues WHERE path = ?", (db_path(key),)
            ).fetchone()
            if row is not None and tuple(row) == seen:
                self._remove(seen[0], writes)
        self._write(writes, set())

    def _remove(self, issue_id: int, writes: _Writes) -> None:
        """Remove an issue's rows; its FTS rows go to ``writes``, to be deleted there."""
        db = self._db
        rows = db.execute("SELECT rowid, text FROM docs WHERE issue = ?", (issue_id,)).fetchall()
        writes.deletes.extend(
            (rowid, fold(self._decompress(blob)) + SENTINEL) for rowid, blob in rows
        )
        db.execute("DELETE FROM docs WHERE issue = ?", (issue_id,))
        db.execute("DELETE FROM issues WHERE id = ?", (issue_id,))


def _identity(entry: Entry) -> tuple[int, int]:
    """(size, mtime_ns) of an entry's file: from the catalogue, or stat'ed; -1 when unreadable."""
    meta = entry.meta
    if meta is not None and meta.size >= 0 and not entry.loaded:
        return meta.size, meta.mtime_ns
    try:
        info = os.stat(entry.path)
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


def _parsed(entry: Entry) -> Issue | None:
    """The entry's issue without keeping it in the entry (a library's issues do not all fit)."""
    if entry.loaded:
        return entry.issue
    try:
        from reader.issue.load import load_issue  # PyYAML: only when a file changed

        return load_issue(entry.path)
    except IssueFileError:
        return None
