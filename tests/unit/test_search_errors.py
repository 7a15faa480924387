"""The search index when SQLite fails: a damaged file is started afresh, anything else is kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.library.files import Entry, load_library
from reader.search.index import SearchIndex
from reader.store.sqlite import Trouble, classify


@pytest.fixture
def root(tmp_path: Path, write_ferry_library: Callable[[Path, int], list[Path]]) -> Path:
    root = tmp_path / "lib"
    write_ferry_library(root, 3)
    return root


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "search.db"


def entries(root: Path) -> list[Entry]:
    return list(load_library([root]).entries)


def built(root: Path, db_path: Path) -> SearchIndex:
    index = SearchIndex(db_path)
    index.update(entries(root))
    assert len(index.search("河口")) == 3
    return index


def damage(db_path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` (all of it, in a small index) with garbage."""
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (root_page,) = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()
    db.close()
    with open(db_path, "r+b") as file:
        file.seek((root_page - 1) * page_size)
        file.write(b"\x07" * page_size)


def no_update(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def update(*args: Any, **kwargs: Any) -> int:
        raise AssertionError("a search must not update the index")

    monkeypatch.setattr(index, "update", update)


def fail_once(index: SearchIndex, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """The next search meets ``error`` (SQLite's, as a search would)."""
    original = index._snapshot_search
    raised: list[bool] = []

    def search(*args: Any) -> Any:
        if not raised:
            raised.append(True)
            raise error
        return original(*args)

    monkeypatch.setattr(index, "_snapshot_search", search)


# -- a search ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["issues", "fts_data"])
def test_a_search_in_a_damaged_file_starts_it_afresh_and_does_not_index(
    root: Path, db_path: Path, table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    built(root, db_path).close()
    damage(db_path, table)
    searcher = SearchIndex(db_path)
    searcher.set_library(entries(root))
    no_update(searcher, monkeypatch)
    assert searcher.search("河口") == []
    assert any("damaged" in m and "being rebuilt" in m for m in searcher.messages)
    assert searcher.rebuilt
    assert searcher.stats()["issues"] == 0  # empty, as found: filling it is an update's work
    monkeypatch.undo()
    assert searcher.update(entries(root)) == 3  # whoever indexes the library fills it again
    assert not searcher.rebuilt
    assert len(searcher.search("河口")) == 3
    assert len(searcher.search("河")) == 3  # one character: the grams are there too
    fts = sqlite3.connect(db_path).execute("SELECT v FROM fts_config WHERE k = 'automerge'")
    assert fts.fetchone() is not None  # the fresh file has the index's settings


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("disk I/O error"),
        sqlite3.OperationalError("unable to open database file"),
        sqlite3.OperationalError("database is locked"),
        sqlite3.DatabaseError("no such table: issues"),
    ],
)
def test_any_other_search_error_leaves_the_file_alone(
    root: Path, db_path: Path, error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = built(root, db_path)
    other = SearchIndex(db_path)  # another process's view of the same file
    fail_once(index, monkeypatch, error)
    no_update(index, monkeypatch)
    assert index.search("河口") == []
    assert [m for m in index.messages if "search failed" in m and str(error) in m]
    assert not any("damaged" in m for m in index.messages)
    assert not index.rebuilt
    assert index.path == str(db_path)  # not swapped for an index in memory
    assert other.stats()["issues"] == 3  # nothing deleted under another reader or writer
    assert len(index.search("河口")) == 3  # and the next search works as before


def test_fts5_damage_is_told_by_its_error_code(
    root: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = built(root, db_path)
    error = sqlite3.DatabaseError("vtable constructor failed: fts")
    error.sqlite_errorcode = 267  # type: ignore[attr-defined]  # SQLITE_CORRUPT_VTAB
    fail_once(index, monkeypatch, error)
    no_update(index, monkeypatch)
    assert index.search("河口") == []
    assert index.rebuilt and index.stats()["issues"] == 0


# -- what counts as damaged ---------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"garbage, not SQLite" * 500)
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        db.execute("SELECT * FROM sqlite_master").fetchall()
    db.close()
    assert classify(raised.value) is Trouble.DAMAGED


@pytest.mark.parametrize(
    ("message", "code", "damaged"),
    [
        ("database disk image is malformed", 11, True),  # SQLITE_CORRUPT
        ("vtable constructor failed: fts", 267, True),  # SQLITE_CORRUPT_VTAB
        ("file is not a database", 26, True),  # SQLITE_NOTADB
        ("database disk image is malformed", None, True),  # no code (Python 3.10)
        ("file is not a database", None, True),
        ("disk I/O error", 10, False),  # SQLITE_IOERR
        ("database is locked", 5, False),  # SQLITE_BUSY
        ("database or disk is full", 13, False),  # SQLITE_FULL
        ("unable to open database file", 14, False),  # SQLITE_CANTOPEN
        ("interrupted", None, False),
        ("no such table: issues", 1, False),
    ],
)
def test_what_is_damaged(message: str, code: int | None, damaged: bool) -> None:
    error = sqlite3.DatabaseError(message)
    if code is not None:
        error.sqlite_errorcode = code  # type: ignore[attr-defined]
    assert (classify(error) is Trouble.DAMAGED) is damaged


# -- an update ------------------------------------------------------------------------------


def test_an_update_in_a_damaged_file_starts_it_afresh_and_indexes(
    root: Path, db_path: Path
) -> None:
    built(root, db_path).close()
    index = SearchIndex(db_path)
    damage(db_path, "issues")
    assert index.update(entries(root)) == 3
    assert any("damaged" in m for m in index.messages)
    assert len(index.search("河口")) == 3


def test_an_update_error_that_is_not_damage_keeps_the_file(
    root: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = built(root, db_path)
    other = SearchIndex(db_path)

    def fail(*args: Any) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(index, "_update", fail)
    with pytest.raises(sqlite3.OperationalError):
        index.update(entries(root))
    assert not any("damaged" in m for m in index.messages)
    assert other.stats()["issues"] == 3
    assert index.path == str(db_path)
