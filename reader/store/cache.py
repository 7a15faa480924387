"""A SQLite file in the cache dir that may be thrown away: the catalogue's and the index's.

:class:`CacheDB` opens (or creates) the file with its schema and a version
stamp. What is in it can always be rebuilt from the issue files, so nothing
here ever stops paperread:

- a file from another version (one whose ``meta`` table holds another stamp)
  is emptied and started afresh;
- a damaged file is deleted and rebuilt, with a message;
- a cache dir that cannot be created or written, or a file another process
  keeps locked, gives a database in memory for this run, with a message.

Several processes open the same file at once (the reader, its indexing child,
``paperread search``), so opening never destroys what another process made:

- A new file is created in one write transaction: its tables, the ``meta``
  table and the stamp are committed together, so no other process ever sees
  a ``meta`` table without a stamp in a file this version made. Whoever takes
  the write lock second finds the stamp and uses the file as it is.
- A file with another stamp is emptied inside a write transaction (every
  table dropped, then the schema and the stamp written), after reading the
  stamp again under the lock: two openers of this version replace it once,
  and nothing is unlinked under a process that has the file open. Only when
  that fails (say, a table of a module this SQLite does not have) is the file
  deleted and created again.
- A ``meta`` table without a stamp is a file someone is still creating (an
  older paperread made the tables first and the stamp after): the stamp is
  waited for, up to :data:`STAMP_WAIT` seconds. If none comes, the file is
  looked at under the write lock: when its tables (``meta`` and the shadow
  tables of virtual tables aside) hold no rows, its creator died half-way and
  it is taken over (emptied and stamped like another version's); when they
  hold rows, nobody can tell whose they are, so the file is left alone and
  the database is kept in memory for this run, with a message.

Messages collect in :attr:`CacheDB.messages` for the caller to show.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.store.sqlite import MEMORY, Trouble, classify, connect

__all__ = ["MEMORY", "CacheDB", "CacheFile"]

STAMP_WAIT = 2.0  # seconds to wait for the stamp of a file another process is creating
POLL = 0.05  # seconds between looks while waiting
T = TypeVar("T")

_pause = time.sleep  # the tests replace it
# Errors at opening for which a file is used in memory for the run rather than rebuilt: it
# may be sound, and another process may be using it. Any other error at opening rebuilds it.
_NOT_THE_FILES_FAULT = frozenset({Trouble.BUSY, Trouble.READ_ONLY, Trouble.CANNOT_OPEN})
_UNSTAMPED = ""  # what _stamp_of says of a meta table without a stamp


class _Unclaimed(sqlite3.DatabaseError):
    """A file with a ``meta`` table, no stamp and rows in its tables: not ours to empty."""


class CacheDB:
    """One cache database: its connection, where it is, and what happened to it.

    ``what`` names it in messages ("the catalogue", "the search index");
    ``schema`` is run on every open (``CREATE … IF NOT EXISTS``); ``stamp``
    is kept in a ``meta`` table and a file with another stamp is replaced
    (see the module's notes for files being created by another process).
    The connection may be used from several threads under :attr:`lock`.
    """

    def __init__(self, path: Path | str, what: str, schema: str, stamp: str) -> None:
        self.path = str(path)
        self.what = what
        self.messages: list[str] = []
        self.lock = threading.RLock()
        self._script = (
            schema
            + "\nCREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        )
        self._stamp = stamp
        self.db = self._open()

    # -- opening -----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path == MEMORY:
            return self._connect(MEMORY)
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            return self._connect(self.path)
        except OSError as error:
            reason = error.strerror or str(error)
            return self._in_memory(f"cannot create the cache dir for {self.path} ({reason})")
        except _Unclaimed as error:
            return self._in_memory(f"{self.what} {self.path} was left alone ({error})")
        except sqlite3.DatabaseError as error:
            if classify(error) in _NOT_THE_FILES_FAULT:
                return self._in_memory(f"cannot use {self.what} {self.path} ({error})")
            return self._rebuild(error)

    def _rebuild(self, error: sqlite3.Error) -> sqlite3.Connection:
        delete_files(self.path)
        self.messages.append(f"{self.what} {self.path} was damaged ({error}); it is being rebuilt")
        try:
            return self._connect(self.path)
        except sqlite3.DatabaseError as again:
            return self._in_memory(f"cannot rebuild {self.what} {self.path} ({again})")

    def _in_memory(self, why: str) -> sqlite3.Connection:
        self.messages.append(f"{why}; using {self.what} in memory for this run")
        self.path = MEMORY
        return self._connect(MEMORY)

    def _connect(self, path: str) -> sqlite3.Connection:
        db = connect(path)
        try:
            if not self._prepare(db):
                # Another version's file that could not be emptied in place: start afresh.
                db.close()
                delete_files(path)
                db = connect(path)
                self._prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self, db: sqlite3.Connection) -> bool:
        """Give ``db`` the schema and the stamp; False if another version's file must go."""
        stamp = _stamp_of(db)
        waited = 0.0
        while stamp == _UNSTAMPED and waited < STAMP_WAIT:  # another process is creating it
            _pause(POLL)
            waited += POLL
            stamp = _stamp_of(db)
        if stamp == self._stamp:
            db.executescript(self._script)  # nothing to do unless a table is missing
            return True
        # New, another version's, or unstamped: decided again under the write lock, as
        # another process may have created or replaced the file since we looked.
        db.execute("BEGIN IMMEDIATE")
        try:
            stamp = _stamp_of(db)
            if stamp == _UNSTAMPED and _holds_rows(db):
                raise _Unclaimed(
                    "it has no version stamp but holds data; delete it to start afresh"
                )
            emptied = False
            if stamp is not None and stamp != self._stamp:
                try:
                    _drop_everything(db)
                except sqlite3.DatabaseError as error:
                    if classify(error) is Trouble.BUSY:
                        raise
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    return False
                emptied = True
            if stamp != self._stamp:
                for statement in _statements(self._script):
                    db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self._stamp,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        if emptied:
            with contextlib.suppress(sqlite3.Error):  # give the space back: best effort
                db.execute("VACUUM")
        return True

    # -- using ---------------------------------------------------------------------------

    def recover(self, error: sqlite3.DatabaseError) -> None:
        """After an error while in use: rebuild a damaged file, or go on in memory.

        Only damage rebuilds: after any other error (busy, read-only, full, a
        constraint that failed) the file may be sound and in use by another
        process, so it is left as it is.
        """
        with self.lock:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            if self.path != MEMORY and classify(error) is Trouble.DAMAGED:
                self.db = self._rebuild(error)
            else:
                self.db = self._in_memory(f"cannot use {self.what} {self.path} ({error})")

    def write(self, work: Callable[[], T]) -> T:
        """Run ``work`` in one write transaction (rolled back if it raises)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = work()
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            return result

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.db.close()

    def size(self) -> int:
        """Bytes the database takes on disk (with its write-ahead log); 0 in memory."""
        if self.path == MEMORY:
            return 0
        total = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                total += os.path.getsize(self.path + suffix)
        return total


def _stamp_of(db: sqlite3.Connection) -> str | None:
    """The file's stamp; None without a ``meta`` table, ``_UNSTAMPED`` for one without a stamp."""
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    return _UNSTAMPED if row is None else str(row[0])


def _holds_rows(db: sqlite3.Connection) -> bool:
    """True when a table other than ``meta`` (and virtual tables' shadows) has a row."""
    tables = db.execute(
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
    for name, _ in tables:
        if name == "meta" or any(name == v or name.startswith(v + "_") for v in virtual):
            continue
        if db.execute(f"SELECT 1 FROM {_quote(name)} LIMIT 1").fetchone():
            return True
    return False


def _drop_everything(db: sqlite3.Connection) -> None:
    """Drop every table and view (with their indexes and triggers) in ``db``."""

    def names(where: str) -> list[str]:
        query = (
            f"SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' AND {where}"
        )
        return [row[0] for row in db.execute(query).fetchall()]

    for name in names("type = 'view'"):
        db.execute(f"DROP VIEW IF EXISTS {_quote(name)}")
    # Virtual tables first: dropping one drops its shadow tables.
    for name in names("type = 'table' AND upper(sql) LIKE 'CREATE VIRTUAL%'"):
        db.execute(f"DROP TABLE IF EXISTS {_quote(name)}")
    for name in names("type = 'table'"):
        db.execute(f"DROP TABLE IF EXISTS {_quote(name)}")


def _statements(script: str) -> list[str]:
    """The statements of ``script`` one by one (``executescript`` would commit first)."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def delete_files(path: str) -> None:
    """Delete a database file and the files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path + suffix)


class CacheFile:
    """What the catalogue and the search index share: a :class:`CacheDB` in ``_cache``."""

    _cache: CacheDB

    @property
    def path(self) -> str:
        """Where the file is: a path, or ``":memory:"``."""
        return self._cache.path

    @property
    def messages(self) -> list[str]:
        """What went wrong with the file (damaged and rebuilt, kept in memory, busy), to show."""
        return self._cache.messages

    @property
    def _db(self) -> sqlite3.Connection:
        return self._cache.db

    def close(self) -> None:
        """Close the file."""
        self._cache.close()
