"""SQLite for every file paperread keeps: how a connection is opened, what an error means.

The reader's state (``paperread.db``, :mod:`reader.store.db`), the catalogue
and the search index (cache files, :mod:`reader.store.cache`) are all opened
by :func:`connect` (or :func:`connect_read_only`): autocommit (each user begins
its own transactions), usable from any thread (each user serialises its
calls), waiting up to :data:`BUSY_TIMEOUT` seconds for another process's lock,
in write-ahead-log mode. What differs between the users is a parameter: the
``synchronous`` level, and opening read-only.

:func:`classify` says what an SQLite error means, in the few words every user
decides by (:class:`Trouble`): the file is busy, damaged, read-only, full,
cannot be opened, or something else. Only :attr:`Trouble.DAMAGED` ever makes a
user move a file aside or rebuild it; a constraint that failed
(:class:`sqlite3.IntegrityError`) is never damage, whatever its message says.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
import time
from pathlib import Path

__all__ = [
    "BUSY_TIMEOUT",
    "MEMORY",
    "Trouble",
    "classify",
    "connect",
    "connect_read_only",
    "stored_date",
]

MEMORY = ":memory:"
BUSY_TIMEOUT = 5.0  # seconds a statement waits for another process's lock
WAL_POLL = 0.005  # seconds between tries to switch a new file to the write-ahead log


class Trouble(enum.Enum):
    """What an SQLite error means for the file it came from."""

    BUSY = "busy"
    """Another connection holds a lock (busy, locked): it may pass; the file is fine."""
    DAMAGED = "damaged"
    """The file is not a database, or is malformed or corrupt (SQLite's or FTS5's)."""
    READ_ONLY = "read-only"
    """Cannot write: a read-only file or database, no permission, a read-only file system."""
    FULL = "full"
    """The disk is full (or the user's quota, or the file's page limit, is reached)."""
    CANNOT_OPEN = "cannot open"
    """The file cannot be opened at all: a folder in its place or one that cannot be
    written, too many open files. Neither damage nor proof of a read-only file."""
    OTHER = "other"
    """Anything else: a constraint that failed, an I/O error, an interruption, misuse."""


# SQLite's primary result codes (the low byte of an extended code).
_BY_CODE = {
    3: Trouble.READ_ONLY,  # SQLITE_PERM
    5: Trouble.BUSY,  # SQLITE_BUSY
    6: Trouble.BUSY,  # SQLITE_LOCKED
    8: Trouble.READ_ONLY,  # SQLITE_READONLY (and its extended codes)
    11: Trouble.DAMAGED,  # SQLITE_CORRUPT (and SQLITE_CORRUPT_VTAB: FTS5's)
    13: Trouble.FULL,  # SQLITE_FULL
    14: Trouble.CANNOT_OPEN,  # SQLITE_CANTOPEN
    26: Trouble.DAMAGED,  # SQLITE_NOTADB
}
# Python before 3.11 gives no code: the message decides (and for a code not above).
_BY_MESSAGE = (
    ("not a database", Trouble.DAMAGED),
    ("malformed", Trouble.DAMAGED),
    ("corrupt", Trouble.DAMAGED),
    ("locked", Trouble.BUSY),
    ("busy", Trouble.BUSY),
    ("readonly", Trouble.READ_ONLY),
    ("read-only", Trouble.READ_ONLY),
    ("disk is full", Trouble.FULL),
    ("unable to open", Trouble.CANNOT_OPEN),
)


def classify(error: sqlite3.Error) -> Trouble:
    """What ``error`` means: told by SQLite's error code where Python gives it, else its message."""
    if isinstance(error, sqlite3.IntegrityError):
        # Rows that clash (say, with another writer's) are no damage, whatever names the
        # message holds: a file was once deleted for one.
        return Trouble.OTHER
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int) and code & 0xFF in _BY_CODE:
        return _BY_CODE[code & 0xFF]
    text = str(error).lower()
    for needle, trouble in _BY_MESSAGE:
        if needle in text:
            return trouble
    return Trouble.OTHER


def connect(
    path: Path | str, *, synchronous: str | None = "NORMAL", timeout: float | None = None
) -> sqlite3.Connection:
    """A connection to ``path`` (or ``":memory:"``), a file put in write-ahead-log mode.

    ``synchronous`` is the level set at once (``None`` leaves SQLite's own,
    for a user that sets it per transaction); ``timeout`` how long a statement
    waits for another process's lock (:data:`BUSY_TIMEOUT` when None). Raises
    what SQLite raises.
    """
    wait = BUSY_TIMEOUT if timeout is None else timeout
    db = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    if str(path) == MEMORY:
        return db
    try:
        _write_ahead(db, wait)
        if synchronous is not None:
            db.execute(f"PRAGMA synchronous = {synchronous}")
    except BaseException:
        db.close()
        raise
    return db


def connect_read_only(path: Path, *, timeout: float | None = None) -> sqlite3.Connection:
    """A read-only connection to the file at ``path`` (which must exist).

    A reader of a write-ahead log needs its ``-shm`` file: where the folder
    cannot hold one, the file is read as immutable (what a killed writer left
    in the ``-wal`` is then unseen). Raises what SQLite raises.
    """
    wait = BUSY_TIMEOUT if timeout is None else timeout
    uri = path.resolve().as_uri() + "?mode=ro"
    for options in ("", "&immutable=1"):
        db = sqlite3.connect(
            uri + options, uri=True, timeout=wait, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if options:
                raise
    raise AssertionError("unreachable")


def _write_ahead(db: sqlite3.Connection, timeout: float) -> None:
    """Put the file in WAL mode (a no-op when it is already).

    Switching a new file needs it to itself for a moment, and two processes
    creating it at once can deadlock over the switch, which SQLite then
    reports at once as busy rather than wait: so it is tried again for up to
    ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.Error as error:
            if classify(error) is not Trouble.BUSY or time.monotonic() > deadline:
                raise
        time.sleep(WAL_POLL)


def stored_date(value: object) -> dt.date | None:
    """A date column read back: the ISO text stored for it, or None (NULL, or not a date)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
