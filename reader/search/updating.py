"""Full-text search over a library: SQLite FTS5 with the trigram tokenizer, script-folded.

The index lives in ``search.db`` in the cache dir. Each article is one row:
its searchable text (:func:`reader.search.text.story_text`) is folded
(:mod:`reader.search.fold`: width, case, traditional → simplified) and indexed by
trigrams, and kept, compressed, in its original form for snippets. The FTS
table is contentless, so the folded text is not stored twice.

Row ids encode the issue's date (``ordinal << 20 | n``, 0 for undated), so
"newest first" is simply descending row id, which FTS5 gives without sorting.

Queries are folded like the text and searched as literal text: quoted as one
FTS5 string, so ``"``, ``*``, ``AND``, ``NEAR``, ``-`` and the rest mean
themselves. Three characters or more are a trigram phrase (an exact substring
match). One or two characters (Chinese words are often two) cannot be a
trigram: they are answered by every indexed trigram that starts with them,
looked up in a small side table of the index's trigrams (``grams``), ORed
together. (While a bulk update has not filled ``grams`` yet, marked by
``grams`` = ``pending`` in ``meta``, they are looked up in the index's own
vocabulary instead: slower, as complete.) Every text is indexed with two
newlines after it, so each of its characters starts a trigram. Very long
queries are matched by their first :data:`PROBE` characters and checked
against the text.

:meth:`SearchIndex.update` re-indexes only issues whose file changed (path,
size, modification time) and drops those whose file is gone. Searches look in
the library's files only (:meth:`SearchIndex.set_library`, which ``update``
calls): the scope is the files' absolute paths, so issues another process
indexes into the same file are found as soon as they are committed.

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

The index is a cache: a damaged file is started afresh with a message in
:attr:`SearchIndex.messages`, and where the cache dir cannot be written an
in-memory index serves the run. A search that finds the file damaged starts
it afresh, empty, finds nothing and sets :attr:`SearchIndex.rebuilt`: filling
it again is an update's work, never a search's. Any other error of a search
(busy, I/O) finds nothing, with a message, and leaves the file alone: another
process may be writing it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.issue.clean import is_utf8
from reader.issue.load import IssueFileError, load_issue
from reader.issue.model import Issue
from reader.library.files import entry_key
from reader.search.fold import fold, fold_version
from reader.search.text import match_positions, normalise_query, snippet, story_text
from reader.store.cache import CacheDB, CacheFile
from reader.store.sqlite import Trouble, classify, stored_date

if TYPE_CHECKING:
    from reader.library.files import Entry

__all__ = ["INDEX_FILE", "SearchHit", "SearchIndex", "match_positions"]

INDEX_FILE = "search.db"
SCHEMA_VERSION = 1
ROWID_SHIFT = 20  # up to ~1 M articles a day
PROBE = 64  # a longer query is matched by this many characters, then checked in full
BULK = 200  # re-indexing more issues than this reads new trigrams from the index at the end,
BULK_SMALL = 20  # and so does re-indexing more than this and than the index holds
COMMIT_SECONDS = 0.5  # hold a write transaction (and the lock) about this long at most
SENTINEL = "\n\n"
HASH_SIZE = 8 << 20  # bytes of terms FTS5 may hold in memory before it writes a segment
AUTOMERGE = 8  # FTS5 merges segments when a level has this many (4 by default)
ZDICT_BYTES = 32 * 1024  # zlib's window: a longer dictionary is not used
ZLEVEL = 6  # zlib's compression level for the stored text

Progress = Callable[[int, int], None]
# What an update recovers from, once: a damaged file is started afresh, one that cannot
# be written (or opened) is kept in memory for the run.
_RECOVERABLE = frozenset({Trouble.DAMAGED, Trouble.READ_ONLY, Trouble.CANNOT_OPEN})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    issue_key TEXT NOT NULL,
    paper TEXT NOT NULL,
    date TEXT,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS issues_key ON issues (issue_key);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    issue INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    section TEXT NOT NULL,
    headline TEXT NOT NULL,
    text BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_issue ON docs (issue);
CREATE TABLE IF NOT EXISTS grams (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, content='', tokenize='trigram case_sensitive 1'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, 'row');
"""


_TRIGRAMS = re.compile("(?=(...))", re.DOTALL)  # every three characters, overlapping


@dataclass(slots=True)
class _Writes:
    """One transaction's FTS rows to delete and to insert, and its trigrams (None: none kept)."""

    deletes: list[tuple[int, str]] = field(default_factory=list)
    inserts: list[tuple[int, str]] = field(default_factory=list)
    grams: set[str] | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article that matched: where it is, and a snippet of original text around the match.

    ``spans`` are the matches inside ``snippet`` as (start, end) offsets, for
    highlighting.
    """

    issue_key: str
    article_id: str
    path: Path
    paper: str
    date: dt.date | None
    section: str
    headline: str
    snippet: str
    spans: tuple[tuple[int, int], ...]


class SearchIndex(CacheFile):
    """The search index file (or an in-memory one).

    ``path`` defaults to ``search.db`` in :func:`reader.paths.cache_dir`. Safe
    to share between threads: a search waits at most for one write transaction
    of this object (about :data:`COMMIT_SECONDS`, then its rows written), not
    for a whole :meth:`update`. Other processes may update the same file
    meanwhile; a search sees what they have committed.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from reader.paths import cache_dir

            path = cache_dir() / INDEX_FILE
        stamp = f"{SCHEMA_VERSION}/{fold_version()}"  # stored folds must match the folding
        self._cache = CacheDB(path, "the search index", _SCHEMA, stamp)
        with contextlib.suppress(sqlite3.Error):  # a read-only index needs no setting
            self._configure()
        self._lock = self._cache.lock
        self._keys: frozenset[str] | None = None  # the library's files; None: every file
        self._entries: list[Entry] | None = None
        self._zdict: bytes | None = None
        self._packer: zlib._Compress | None = None  # compresses with _zdict (copied for each use)
        # True once a search found the file damaged and started it afresh, empty: it needs an
        # update (which clears this).
        self.rebuilt = False
        # Why the last update() stopped when another process kept the file locked (that
        # message, also in messages), or None: a caller may try again later.
        self.busy: str | None = None
        # What the last update() indexed: for progress reports and the benchmarks.
        self.indexed = {"issues": 0, "articles": 0, "chars": 0, "folded_bytes": 0}

    def _configure(self) -> None:
        """Give FTS5 this index's settings, where the file has other ones (or none yet).

        ``hashsize``: FTS5 gathers this much in memory before it writes a
        segment (1 MB by default): a transaction's rows mostly fit, so it makes
        one segment, and memory stays bounded when they do not. ``automerge``:
        it merges segments when this many are on one level (4 by default), so
        each row is written again fewer times while a library is indexed; a
        search reads a few more segments meanwhile.

        A new, empty file is also made able to give back the pages its merges
        free (``auto_vacuum``, see :meth:`_give_back`): otherwise it stays as
        big as it was at its biggest, part way through a merge.
        """
        db = self._db
        have = dict(db.execute("SELECT k, v FROM fts_config").fetchall())
        for name, value in (("hashsize", HASH_SIZE), ("automerge", AUTOMERGE)):
            if have.get(name) != value:
                db.execute("INSERT INTO fts (fts, rank) VALUES (?, ?)", (name, value))
        if (
            self.path != ":memory:"
            and db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
            and db.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None
        ):
            # Takes effect on an existing file only through VACUUM: quick while it is empty.
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            db.execute("VACUUM")

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Start the file afresh (or go on in memory): see :meth:`CacheDB.recover`."""
        self._zdict = None
        self._packer = None
        self._cache.recover(error)
        with contextlib.suppress(sqlite3.Error):
            self._configure()

    # -- indexing -----------------------------------------------------------------------

    def update(self, entries: Iterable[Entry], progress: Progress | None = None) -> int:
        """Bring the index up to date with ``entries`` (a library's); returns issues re-indexed.

        Only issues whose file changed are parsed and indexed again; issues
        of broken files and of files that are gone are dropped. Searches
        then look in these entries' issues only (:meth:`set_library`).
        ``progress(done, total)`` is called after each changed issue.

        Another process (or object) may be updating the same file: an issue
        it has indexed meanwhile is skipped here, and not counted.
        """
        entries = list(entries)
        self.set_library(entries)
        self.busy = None
        for attempt in range(2):
            try:
                changed = self._update(entries, progress)
                self.rebuilt = False
                return changed
            except sqlite3.IntegrityError as error:
                # Not a damaged file: rows another writer made clash with ours. Look again once.
                if attempt:
                    self.messages.append(
                        f"the search index could not be updated ({error}); results may be"
                        " incomplete"
                    )
                    return 0
            except sqlite3.DatabaseError as error:
                trouble = classify(error)
                if trouble is Trouble.BUSY:
                    self.busy = f"the search index is busy ({error}); results may be incomplete"
                    self.messages.append(self.busy)
                    return 0
                # Only a damaged file is rebuilt (or one that cannot be written: kept in
                # memory), and only once: another error may be passing, and other processes
                # may be reading or writing the file.
                if attempt or trouble not in _RECOVERABLE:
                    raise
                self._recover(error)
        return 0  # pragma: no cover

    def set_library(self, entries: Iterable[Entry]) -> None:
        """Search the issues of ``entries`` (a library's) only, as they are indexed.

        The scope is the entries' files (broken ones left out), not what is
        indexed now: an issue of theirs indexed later, by this object or by
        another process updating the same file, is found once committed.
        Until a library is set, searches look in everything indexed.
        """
        entries = list(entries)
        self._keys = frozenset(entry_key(entry) for entry in entries if not entry.broken)
        self._entries = entries

    def _update(self, entries: list[Entry], progress: Progress | None) -> int:
        self.indexed = dict.fromkeys(self.indexed, 0)
        with self._lock:
            indexed = {
                _from_db(row[0]): (row[1], row[2], row[3])
                for row in self._db.execute("SELECT path, id, size, mtime_ns FROM issues")
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
                            "SELECT id, size, mtime_ns FROM issues WHERE path = ?", (_db_path(key),)
                        ).fetchone()
                        if row is None or (row[1], row[2]) != (size, mtime_ns):
                            issue = _parsed(entry)
                            if row is not None:
                                self._remove(row[0], writes)
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

    def _grams_pending(self) -> bool:
        """True while ``grams`` lacks the trigrams of some indexed rows (a bulk run's)."""
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'grams'").fetchone() is not None

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
                _db_path(key),
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

    def _compress(self, text: str) -> bytes:
        """``text`` compressed with the index's preset dictionary."""
        if self._packer is None:
            # Loading the dictionary into a fresh compressor costs more than compressing an
            # article: load it once, and copy that compressor (the same output).
            self._packer = zlib.compressobj(ZLEVEL, zdict=self._dictionary())
            if self._zdict is None:  # no dictionary yet: not kept
                packer, self._packer = self._packer, None
                return packer.compress(text.encode("utf-8")) + packer.flush()
        packer = self._packer.copy()
        return packer.compress(text.encode("utf-8")) + packer.flush()

    def _decompress(self, blob: bytes) -> str:
        unpacker = zlib.decompressobj(zdict=self._dictionary())
        return (unpacker.decompress(blob) + unpacker.flush()).decode("utf-8")

    def _dictionary(self, sample: str | None = None) -> bytes:
        """zlib's preset dictionary, kept in the index: made once, from the first issue stored.

        Articles are short, and zlib alone finds little to reuse inside one;
        a dictionary of the library's own wording makes what is stored much
        smaller. Without a dictionary yet, ``sample`` becomes it.
        """
        if self._zdict is None:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
            if row is not None:
                self._zdict = bytes.fromhex(row[0])
            elif sample is not None:
                self._zdict = sample.encode("utf-8")[-ZDICT_BYTES:]
                self._db.execute("INSERT INTO meta VALUES ('zdict', ?)", (self._zdict.hex(),))
            else:
                return b""
        return self._zdict

    def _remove_gone(self, gone: Iterable[tuple[str, tuple[int, int, int]]]) -> None:
        """Remove the issues of files that are gone, as they were seen: (path, (id, size, mtime)).

        A row another writer has removed meanwhile, or indexed again (the file
        came back), is left as it now is.
        """
        writes = _Writes()
        for key, seen in gone:
            row = self._db.execute(
                "SELECT id, size, mtime_ns FROM issues WHERE path = ?", (_db_path(key),)
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

    # -- searching ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, issue_key: str | None = None) -> list[SearchHit]:
        """Articles matching ``query``, at most ``limit``: the ``issue_key`` issue first.

        The current issue's matches come in reading order, then the rest of
        the library newest first. Empty and blank queries find nothing; no
        query is an error.
        """
        folded = normalise_query(query)
        if not folded or limit <= 0:
            return []
        try:
            with self._lock:
                return self._snapshot_search(folded, limit, issue_key)
        except sqlite3.DatabaseError as error:
            if classify(error) is Trouble.DAMAGED:
                # Started afresh, empty (with a message); filling it is an update's work, for
                # whoever indexes the library: not a search's, which must answer at once.
                self._recover(error)
                self.rebuilt = True
            else:
                # Perhaps passing (busy, I/O), and another process may be writing the file:
                # it is left as it is.
                self.messages.append(f"search failed: {error}")
            return []

    def _snapshot_search(self, folded: str, limit: int, issue_key: str | None) -> list[SearchHit]:
        """:meth:`_search` in one read transaction: what other writers commit meanwhile waits."""
        db = self._db
        db.execute("BEGIN")
        try:
            return self._search(folded, limit, issue_key)
        finally:
            if db.in_transaction:  # it only read: rolling back ends it as well
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")

    def _search(self, folded: str, limit: int, issue_key: str | None) -> list[SearchHit]:
        match = self._match_expression(folded[:PROBE])
        if match is None:
            return []
        check = len(folded) > PROBE
        keys = self._keys
        found: list[tuple[int, SearchHit]] = []
        current: set[int] = set()
        if issue_key is not None:
            for issue_id, lo, hi, path in self._db.execute(
                "SELECT id, lo, hi, path FROM issues WHERE issue_key = ? ORDER BY id", (issue_key,)
            ).fetchall():
                if keys is not None and _from_db(path) not in keys:
                    continue
                current.add(issue_id)
                rowids = self._db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?"
                    " ORDER BY rowid",
                    (match, lo, hi),
                ).fetchall()
                found += self._hits([r[0] for r in rowids], folded, check, limit - len(found), keys)
                if len(found) >= limit:
                    return [hit for _, hit in found[:limit]]
        cursor: int | None = None
        batch = max(limit * 2, 64)
        while len(found) < limit:
            sql = "SELECT rowid FROM fts WHERE fts MATCH ?"
            args: list[object] = [match]
            if cursor is not None:
                sql += " AND rowid < ?"
                args.append(cursor)
            sql += " ORDER BY rowid DESC LIMIT ?"
            args.append(batch)
            rowids = [row[0] for row in self._db.execute(sql, args)]
            if not rowids:
                break
            cursor = rowids[-1]
            found += self._hits(rowids, folded, check, limit - len(found), keys, skip=current)
            batch = min(batch * 4, 4096)
        return [hit for _, hit in found[:limit]]

    def _match_expression(self, probe: str) -> str | None:
        """The FTS5 query for ``probe``: a quoted phrase, or for 1–2 characters trigrams ORed.

        The trigrams come from ``grams``, or while a bulk update has not
        filled it (see :meth:`_index_all`) from the index's vocabulary.
        """
        if len(probe) >= 3:
            return _quote(probe)
        upper = probe + "\U0010ffff"
        table = "fts_terms" if self._grams_pending() else "grams"
        terms = [
            row[0]
            for row in self._db.execute(
                f"SELECT term FROM {table} WHERE term >= ? AND term < ?", (probe, upper)
            )
        ]
        if not terms:
            return None
        return " OR ".join(_quote(term) for term in terms)

    def _hits(
        self,
        rowids: Sequence[int],
        folded: str,
        check: bool,
        wanted: int,
        keys: frozenset[str] | None,
        skip: set[int] | None = None,
    ) -> list[tuple[int, SearchHit]]:
        """Hits for matched row ids, in that order: files in ``keys`` (None: any), not skipped.

        With ``check``, the text must hold all of ``folded`` (longer than the probe).
        """
        hits: list[tuple[int, SearchHit]] = []
        for start in range(0, len(rowids), 256):
            chunk = rowids[start : start + 256]
            marks = ",".join("?" * len(chunk))
            rows = {
                row[0]: row
                for row in self._db.execute(
                    "SELECT d.rowid, d.issue, d.article_id, d.section, d.headline, d.text,"
                    " i.issue_key, i.path, i.paper, i.date"
                    f" FROM docs d JOIN issues i ON i.id = d.issue WHERE d.rowid IN ({marks})",
                    chunk,
                )
            }
            for rowid in chunk:
                row = rows.get(rowid)
                if row is None:
                    continue
                issue_id = row[1]
                if keys is not None and _from_db(row[7]) not in keys:
                    continue
                if skip and issue_id in skip:
                    continue
                text = self._decompress(row[5])
                if check and folded not in fold(text):
                    continue
                found = snippet(text, folded)
                hits.append(
                    (
                        rowid,
                        SearchHit(
                            issue_key=row[6],
                            article_id=row[2],
                            path=Path(_from_db(row[7])),
                            paper=row[8],
                            date=stored_date(row[9]),
                            section=row[3],
                            headline=row[4],
                            snippet=found.text,
                            spans=found.spans,
                        ),
                    )
                )
                if len(hits) >= wanted:
                    return hits
        return hits

    # -- figures ----------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Issues and articles indexed, and the index file's size in bytes (0 in memory)."""
        with self._lock:
            issues = self._db.execute("SELECT count(*) FROM issues").fetchone()[0]
            articles = self._db.execute("SELECT count(*) FROM docs").fetchone()[0]
        return {"issues": int(issues), "articles": int(articles), "bytes": self._cache.size()}

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the index file (for measuring its size)."""
        with self._lock:
            if self.path != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- helpers --------------------------------------------------------------------------


def _db_path(key: str) -> str | bytes:
    """A file's key as the index stores it: the path, or for a name that is not
    UTF-8 (lone surrogates, which SQLite refuses) its bytes, kept as a BLOB."""
    return key if is_utf8(key) else os.fsencode(key)


def _from_db(value: str | bytes) -> str:
    """The key back from what :func:`_db_path` stored."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


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
        return load_issue(entry.path)
    except IssueFileError:
        return None


def _quote(text: str) -> str:
    """``text`` as one FTS5 string: every character literal."""
    return '"' + text.replace('"', '""') + '"'
