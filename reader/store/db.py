"""The file side of :mod:`reader.store.state`: opening, recovery, transactions, error messages.

:class:`Database` owns the one connection to ``paperread.db``. Opening never
raises: a file that is visibly damaged (checked cheaply: its header and size)
is moved aside as ``paperread.db.broken-<time>`` with its ``-wal`` and ``-shm``
and a fresh one is made; damage that a later query runs into is handled the
same way; a folder that cannot be written leaves the store readable but not
writable. Every SQLite error on a write becomes a one-line :class:`StoreError`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from reader.store import schema
from reader.store.sqlite import BUSY_TIMEOUT, Trouble, classify, connect, connect_read_only

SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file
HEADER = b"SQLite format 3\x00"


_Self = TypeVar("_Self", bound="Database")


class StoreError(Exception):
    """A change could not be saved; the message is one line for the reader."""


def os_reason(error: OSError, path: Path) -> str:
    """Why a file operation on ``path`` failed, in a few words."""
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path} is read-only"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return f"{error.filename or path}: {error.strerror or error}"


def cannot_create(folder: Path) -> str | None:
    """Why a file could not be created in ``folder`` (made if missing), or None."""
    probe = folder
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is read-only"
    return None


def damage(path: Path) -> str | None:
    """What is visibly wrong with the database file at ``path``, or None.

    Cheap: a stat and the 100-byte header. An empty file is fine (SQLite takes
    it for a new database). The size check is skipped while a ``-wal`` file
    exists, because pages may then still live there.
    """
    if path.is_dir():
        return "a folder is in its place"
    if not path.is_file():
        return "it is not a regular file"
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        return None if error.errno in (errno.EACCES, errno.EPERM) else str(error)
    if size == 0:
        return None
    if len(header) < 100 or not header.startswith(HEADER):
        return "it is not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    if os.path.exists(f"{path}-wal"):
        return None
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]
    if size % page_size or (header_size_valid and size < pages * page_size):
        return f"it is truncated: {size} bytes, {pages * page_size} expected"
    return None


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its side files) to ``<name>.broken-<time>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while any(os.path.lexists(f"{target}{suffix}") for suffix in ("", *SIDE_FILES)):
        number += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{number}")
    os.rename(path, target)
    for suffix in SIDE_FILES:
        if os.path.lexists(f"{path}{suffix}"):
            os.rename(f"{path}{suffix}", f"{target}{suffix}")
    return target


class Database:
    """One connection to ``paperread.db``, thread-safe; see the module's docstring."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        self.notices: list[str] = []
        self.writable = True
        self.why_not_writable: str | None = None
        self._timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._version = 0
        self._durable: bool | None = None
        self._lock = threading.RLock()
        try:
            self._open()
        except Exception as error:  # opening must never stop the reader
            self._disable(f"cannot use {self.path}: {error}")

    # --- housekeeping --------------------------------------------------------

    def take_notices(self) -> list[str]:
        """The notices gathered so far, which are then forgotten."""
        with self._lock:
            taken, self.notices = self.notices, []
            return taken

    def verify(self) -> bool:
        """Run SQLite's full ``quick_check``; a damaged file is moved aside. True if intact."""
        with self._lock:
            before = len(self.notices)
            rows = self._rows("PRAGMA quick_check")
            if rows and rows[0][0] != "ok":
                self._recover(f"quick_check: {rows[0][0]}")
            return len(self.notices) == before

    def close(self) -> None:
        """Close the connection (SQLite then folds the WAL back into the file)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- opening and recovery ------------------------------------------------

    def _open(self) -> None:
        """Attach to the file if there is one; never raises."""
        try:
            self._attach()
        except sqlite3.Error as error:
            trouble = classify(error)
            if trouble is Trouble.DAMAGED:
                self._recover(str(error))
            elif trouble is Trouble.BUSY:
                self._notice(f"paperread.db is locked by another program ({error})")
            elif self.writable:
                self._disable(f"cannot save bookmarks: {self.path}: {error}")
            else:
                self._notice(f"cannot read paperread.db: {error}")

    def _attach(self) -> None:
        """Attach to the file if there is one, otherwise note whether one can be made.

        Raises what SQLite raises; a lock held by another paperread is not a
        reason to stop saving, so the caller decides what an error means.
        """
        if not os.path.lexists(self.path):
            reason = cannot_create(self.path.parent)
            if reason is not None:
                self._disable(f"cannot save bookmarks: {reason}")
            return
        problem = damage(self.path)
        if problem is not None:
            self._recover(problem)
            return
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK | os.X_OK)
        if not writable:
            where = self.path if not os.access(self.path, os.W_OK) else self.path.parent
            self._disable(f"cannot save bookmarks: {where} is read-only")
        self._conn = self._connect(read_only=not writable)
        # Reading the schema here finds a damaged first page before the reader relies on it.
        self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        if self._version > len(schema.MIGRATIONS):
            self._disable(
                f"cannot save bookmarks: paperread.db is from a newer paperread "
                f"(schema {self._version}, this one knows {len(schema.MIGRATIONS)})"
            )
        elif writable and self._version < len(schema.MIGRATIONS):
            self._version = schema.migrate(self._conn)

    def _connect(self, read_only: bool = False) -> sqlite3.Connection:
        self._durable = None
        if read_only:
            conn = connect_read_only(self.path, timeout=self._timeout)
        else:
            # synchronous is set by each change (_change): FULL or NORMAL.
            conn = connect(self.path, synchronous=None, timeout=self._timeout)
        conn.row_factory = sqlite3.Row  # the store's few rows are read by column name
        return conn

    def _create(self) -> None:
        """Make the folder and a fresh, current file (on the first write).

        A folder that cannot be made disables saving; SQLite's errors are
        raised for the caller to report.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._disable(f"cannot save bookmarks: {os_reason(error, self.path.parent)}")
            return
        self._conn = self._connect()
        self._version = schema.migrate(self._conn)

    def _recover(self, problem: str) -> str:
        """Move a damaged file aside, start a fresh one, and say so; returns the notice."""
        self.close()
        try:
            moved = move_aside(self.path)
        except OSError as error:
            message = (
                f"paperread.db is damaged ({problem}) and could not be moved aside "
                f"({os_reason(error, self.path)}); bookmarks cannot be saved"
            )
            self._disable(message)
            self._notice(message)
            return message
        self._version = 0
        try:
            self._create()
            outcome = "a fresh store was created" if self.writable else str(self.why_not_writable)
        except sqlite3.Error as error:
            outcome = f"a fresh store will be created on the next save ({error})"
        message = f"paperread.db was damaged ({problem}); moved aside as {moved.name}; {outcome}"
        self._notice(message)
        return message

    def _disable(self, reason: str) -> None:
        self.writable = False
        self.why_not_writable = reason

    def _notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    # --- reading and writing -------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a query; any trouble gives no rows (and a notice), never an exception."""
        with self._lock:
            if self._conn is None and self.writable and os.path.lexists(self.path):
                self._open()  # another paperread has created the file since we opened
            if self._conn is None:
                return []
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                if classify(error) is Trouble.DAMAGED:
                    self._recover(str(error))
                elif not (self._version == 0 and "no such table" in str(error)):
                    self._notice(f"cannot read paperread.db: {error}")
                return []

    def _writer(self) -> sqlite3.Connection:
        if self.writable and self._conn is None:
            if os.path.lexists(self.path):
                self._attach()
            else:
                self._create()
        if not self.writable or self._conn is None:
            raise StoreError(self.why_not_writable or f"cannot open {self.path}")
        if self._version < len(schema.MIGRATIONS):
            self._version = schema.migrate(self._conn)
        return self._conn

    @contextmanager
    def _change(self, what: str, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite errors become a one-line :class:`StoreError`."""
        with self._lock:
            try:
                conn = self._writer()
                if durable is not self._durable:
                    conn.execute("PRAGMA synchronous = " + ("FULL" if durable else "NORMAL"))
                    self._durable = durable
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise StoreError(self._explain(error, what)) from error

    def _explain(self, error: sqlite3.Error, what: str) -> str:
        trouble = classify(error)
        if trouble is Trouble.FULL:
            return f"disk full: {what}"
        if trouble is Trouble.BUSY:
            return f"paperread.db is locked by another program: {what}; try again"
        if trouble is Trouble.READ_ONLY:
            self._disable(f"cannot save bookmarks: {self.path} is read-only")
            return f"{self.path} is read-only: {what}"
        if trouble is Trouble.DAMAGED:
            return f"{what}: {self._recover(str(error))}"
        return f"{what}: {error}"
