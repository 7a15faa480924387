"""A SQLite file in the cache dir that may be thrown away: the catalogue's and the index's.

:class:`CacheDB` opens (or creates) the file with its schema and a version
stamp. What is in it can always be rebuilt from the issue files, so nothing
here ever stops paperread:

- a file from another version (another stamp) is deleted and started afresh;
- a damaged file is deleted and rebuilt, with a message;
- a cache dir that cannot be created or written, or a file another process
  keeps locked, gives a database in memory for this run, with a message.

Messages collect in :attr:`CacheDB.messages` for the caller to show.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["MEMORY", "CacheDB", "cannot_write", "is_busy"]

MEMORY = ":memory:"
T = TypeVar("T")


class CacheDB:
    """One cache database: its connection, where it is, and what happened to it.

    ``what`` names it in messages ("the catalogue", "the search index");
    ``schema`` is run on every open (``CREATE … IF NOT EXISTS``); ``stamp``
    is kept in a ``meta`` table and a file with another stamp is replaced.
    The connection may be used from several threads under :attr:`lock`.
    """

    def __init__(self, path: Path | str, what: str, schema: str, stamp: str) -> None:
        self.path = str(path)
        self.what = what
        self.messages: list[str] = []
        self.lock = threading.RLock()
        self._schema = schema
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
        except sqlite3.DatabaseError as error:
            if cannot_write(error) or is_busy(error):
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
        db = _connection(path)
        try:
            has_meta = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            stamp = None
            if has_meta:
                row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                stamp = row[0] if row else None
            if has_meta and stamp != self._stamp:
                # Written by another version, which may have read or folded differently.
                db.close()
                delete_files(path)
                db = _connection(path)
                stamp = None
            db.executescript(
                self._schema
                + "\nCREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            )
            if stamp is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self._stamp,))
        except BaseException:
            db.close()
            raise
        return db

    # -- using ---------------------------------------------------------------------------

    def recover(self, error: sqlite3.DatabaseError) -> None:
        """After an error while in use: rebuild a damaged file, or go on in memory."""
        with self.lock:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            if self.path == MEMORY or cannot_write(error) or is_busy(error):
                self.db = self._in_memory(f"cannot use {self.what} {self.path} ({error})")
            else:
                self.db = self._rebuild(error)

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


def _connection(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=5.0, check_same_thread=False, isolation_level=None)
    if path != MEMORY:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            db.close()
            raise
    return db


def delete_files(path: str) -> None:
    """Delete a database file and the files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path + suffix)


def is_busy(error: sqlite3.Error) -> bool:
    """True for "database is locked" and the like: another process holds it."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def cannot_write(error: sqlite3.Error) -> bool:
    """True when the file or its folder cannot be written."""
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


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
