"""Full-text search over a library: SQLite FTS5 with the trigram tokenizer, script-folded.

:class:`SearchIndex` is the index file (:mod:`reader.search.index_file`: what
it holds), brought up to date with a library by :meth:`SearchIndex.update`
(:mod:`reader.search.updating`) and searched by :meth:`SearchIndex.search`
(:mod:`reader.search.querying`). Searches look in the library's files only
(:meth:`SearchIndex.set_library`, which ``update`` calls): the scope is the
files' absolute paths, so issues another process indexes into the same file
are found as soon as they are committed.

The index is a cache: a damaged file is started afresh with a message in
:attr:`SearchIndex.messages`, and where the cache dir cannot be written an
in-memory index serves the run. A search that finds the file damaged starts
it afresh, empty, finds nothing and sets :attr:`SearchIndex.rebuilt`: filling
it again is an update's work, never a search's. Any other error of a search
(busy, I/O) finds nothing, with a message, and leaves the file alone: another
process may be writing it. An update that finds the file kept locked by
another process gives up with a message and says so in :attr:`SearchIndex.busy`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.files import entry_key
from reader.search.fold import fold_version
from reader.search.index_file import SCHEMA, SCHEMA_VERSION
from reader.search.querying import IndexQueries, SearchHit
from reader.search.text import match_positions, normalise_query
from reader.search.updating import IndexUpdates, Progress
from reader.store.cache import CacheDB
from reader.store.sqlite import Trouble, classify

if TYPE_CHECKING:
    from reader.library.files import Entry

__all__ = ["INDEX_FILE", "SearchHit", "SearchIndex", "match_positions"]

INDEX_FILE = "search.db"
HASH_SIZE = 8 << 20  # bytes of terms FTS5 may hold in memory before it writes a segment
AUTOMERGE = 8  # FTS5 merges segments when a level has this many (4 by default)
# What an update recovers from, once: a damaged file is started afresh, one that cannot
# be written (or opened) is kept in memory for the run.
_RECOVERABLE = frozenset({Trouble.DAMAGED, Trouble.READ_ONLY, Trouble.CANNOT_OPEN})


class SearchIndex(IndexUpdates, IndexQueries):
    """The search index file (or an in-memory one).

    ``path`` defaults to ``search.db`` in :func:`reader.paths.cache_dir`. Safe
    to share between threads: a search waits at most for one write transaction
    of this object (about :data:`reader.search.updating.COMMIT_SECONDS`, then
    its rows written), not for a whole :meth:`update`. Other processes may
    update the same file meanwhile; a search sees what they have committed.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from reader.paths import cache_dir

            path = cache_dir() / INDEX_FILE
        stamp = f"{SCHEMA_VERSION}/{fold_version()}"  # stored folds must match the folding
        self._cache = CacheDB(path, "the search index", SCHEMA, stamp)
        with contextlib.suppress(sqlite3.Error):  # a read-only index needs no setting
            self._configure()
        self._lock = self._cache.lock
        self._keys = None
        self._zdict = None
        self._packer = None
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
