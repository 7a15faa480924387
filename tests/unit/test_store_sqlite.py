"""reader.store.sqlite: connections opened alike, and SQLite's errors told apart.

The errors are SQLite's own, raised by the situations they name (a lock held
by another connection, a file of garbage, a read-only file...), not made up.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.store.sqlite import (
    MEMORY,
    Trouble,
    classify,
    connect,
    connect_read_only,
    stored_date,
)

needs_a_user = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anything"
)


def raised(work: Callable[[], object]) -> sqlite3.Error:
    """The SQLite error ``work`` raises."""
    with pytest.raises(sqlite3.Error) as caught:
        work()
    return caught.value


def made(path: Path) -> Path:
    """A small database at ``path``: a table ``t`` with a few rows."""
    db = connect(path)
    db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT UNIQUE)")
    db.executemany("INSERT INTO t (y) VALUES (?)", [(str(n) * 50,) for n in range(200)])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


# -- busy -----------------------------------------------------------------------------------


def test_a_lock_held_by_another_connection_is_busy(tmp_path: Path) -> None:
    path = made(tmp_path / "a.db")
    holder = connect(path)
    holder.execute("BEGIN IMMEDIATE")
    waiter = connect(path, timeout=0)
    error = raised(lambda: waiter.execute("BEGIN IMMEDIATE"))
    assert classify(error) is Trouble.BUSY
    holder.execute("ROLLBACK")
    waiter.execute("BEGIN IMMEDIATE")  # and it passes
    waiter.execute("ROLLBACK")


def test_a_table_locked_by_a_statement_under_way_is_busy(tmp_path: Path) -> None:
    db = connect(made(tmp_path / "a.db"))
    reading = db.execute("SELECT * FROM t")
    reading.fetchone()
    error = raised(lambda: db.execute("DROP TABLE t"))
    assert "locked" in str(error) and classify(error) is Trouble.BUSY


# -- damaged --------------------------------------------------------------------------------


def test_a_file_of_garbage_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"not SQLite at all " * 500)
    error = raised(lambda: connect(path))  # switching to WAL reads the header
    assert classify(error) is Trouble.DAMAGED


def test_a_page_overwritten_is_damaged(tmp_path: Path) -> None:
    path = made(tmp_path / "a.db")
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()
    db.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\x07" * page_size)
    db = connect(path)
    error = raised(lambda: db.execute("SELECT count(*) FROM t").fetchone())
    assert classify(error) is Trouble.DAMAGED


def test_rows_that_clash_are_never_damage(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    db.execute("CREATE TABLE corrupt_malformed (name TEXT UNIQUE)")  # words of damage
    db.execute("INSERT INTO corrupt_malformed VALUES ('x')")
    error = raised(lambda: db.execute("INSERT INTO corrupt_malformed VALUES ('x')"))
    assert isinstance(error, sqlite3.IntegrityError) and "corrupt" in str(error)
    assert classify(error) is Trouble.OTHER


# -- read-only, full, cannot open ----------------------------------------------------------


def test_writing_through_a_read_only_connection_is_read_only(tmp_path: Path) -> None:
    db = connect_read_only(made(tmp_path / "a.db"))
    assert db.execute("SELECT count(*) FROM t").fetchone() == (200,)
    error = raised(lambda: db.execute("INSERT INTO t (y) VALUES ('new')"))
    assert classify(error) is Trouble.READ_ONLY


@needs_a_user
def test_a_read_only_file_is_read_only(tmp_path: Path) -> None:
    path = made(tmp_path / "a.db")
    path.chmod(0o444)
    db = sqlite3.connect(path, isolation_level=None)  # no WAL: the journal's folder is fine
    error = raised(lambda: db.execute("INSERT INTO t (y) VALUES ('new')"))
    assert classify(error) is Trouble.READ_ONLY


@needs_a_user
def test_a_file_in_a_read_only_folder_cannot_be_opened(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        error = raised(lambda: connect(folder / "new.db"))
    finally:
        folder.chmod(0o755)
    assert classify(error) in (Trouble.CANNOT_OPEN, Trouble.READ_ONLY)
    assert classify(error) is not Trouble.DAMAGED


def test_a_full_disk_is_full(tmp_path: Path) -> None:
    db = connect(made(tmp_path / "a.db"))
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # no page more: as a full disk
    error = raised(
        lambda: db.executemany("INSERT INTO t (y) VALUES (?)", [(str(n) * 900,) for n in range(50)])
    )
    assert classify(error) is Trouble.FULL


def test_a_folder_in_the_files_place_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "a.db").mkdir()
    error = raised(lambda: connect(tmp_path / "a.db"))
    assert classify(error) is Trouble.CANNOT_OPEN


def test_a_mistake_in_a_statement_is_other(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    assert classify(raised(lambda: db.execute("SELECT * FROM nowhere"))) is Trouble.OTHER


# -- without error codes (Python 3.10) ----------------------------------------------------


@pytest.mark.parametrize(
    ("message", "trouble"),
    [
        ("database table is locked", Trouble.BUSY),
        ("database is busy", Trouble.BUSY),
        ("vtable constructor failed: fts5: corrupt structure", Trouble.DAMAGED),
        ("the file is read-only", Trouble.READ_ONLY),
        ("unable to open database file", Trouble.CANNOT_OPEN),
        ("disk I/O error", Trouble.OTHER),
        ("interrupted", Trouble.OTHER),
    ],
)
def test_without_a_code_the_message_decides(message: str, trouble: Trouble) -> None:
    assert classify(sqlite3.OperationalError(message)) is trouble


def test_a_code_decides_before_the_message() -> None:
    error = sqlite3.OperationalError("a message that says corrupt")
    error.sqlite_errorcode = 5  # type: ignore[attr-defined]  # SQLITE_BUSY
    assert classify(error) is Trouble.BUSY
    error.sqlite_errorcode = 1544  # type: ignore[attr-defined]  # SQLITE_READONLY_DIRECTORY
    assert classify(error) is Trouble.READ_ONLY


# -- connections ----------------------------------------------------------------------------


def pragma(db: sqlite3.Connection, name: str) -> object:
    return db.execute(f"PRAGMA {name}").fetchone()[0]


def test_a_file_is_opened_with_a_write_ahead_log_and_the_level_asked(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    assert pragma(db, "journal_mode") == "wal" and pragma(db, "synchronous") == 1  # NORMAL
    assert db.isolation_level is None and pragma(db, "busy_timeout") == 5000
    left = connect(tmp_path / "a.db", synchronous=None, timeout=0.25)
    assert pragma(left, "synchronous") == 2  # SQLite's own (FULL), for the caller to set
    assert pragma(left, "busy_timeout") == 250


def test_memory_is_memory(tmp_path: Path) -> None:
    db = connect(MEMORY)
    assert pragma(db, "journal_mode") == "memory"
    assert not list(tmp_path.iterdir())


def test_many_connections_creating_one_file_at_once_all_get_it(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "new.db"
    ready = threading.Barrier(6)
    modes: list[object] = []
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            ready.wait(timeout=60)
            db = connect(path)
            modes.append(pragma(db, "journal_mode"))
            db.close()
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures and modes == ["wal"] * 6


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "date"),
    [("2024-03-05", dt.date(2024, 3, 5)), (None, None), ("someday", None), (20240305, None)],
)
def test_a_stored_date_read_back(value: object, date: dt.date | None) -> None:
    assert stored_date(value) == date
