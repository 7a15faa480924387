"""Opening a cache database (reader.store.cache): the stamp, and several processes at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.store import cache as cachedb
from reader.store.cache import MEMORY, CacheDB

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (who TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log (line TEXT);
CREATE TRIGGER IF NOT EXISTS noted AFTER INSERT ON notes BEGIN
    INSERT INTO log VALUES ('noted; ' || new.who);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text);
"""


def cache(path: Path, stamp: str = "v1") -> CacheDB:
    return CacheDB(path, "the test cache", SCHEMA, stamp)


def note(db: CacheDB, who: str) -> None:
    db.write(lambda: db.db.execute("INSERT INTO notes VALUES (?)", (who,)))


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def notes(path: Path) -> list[str]:
    with raw(path) as db:
        return sorted(row[0] for row in db.execute("SELECT who FROM notes"))


def stamp(path: Path) -> str | None:
    with raw(path) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return None if row is None else str(row[0])


def half_made(path: Path, rows: list[str]) -> None:
    """A file as a creator leaves it between its tables and its stamp: meta has no version."""
    with raw(path) as db:
        db.executescript(SCHEMA + "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        db.executemany("INSERT INTO notes VALUES (?)", [(row,) for row in rows])


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits for a stamp, recorded and not slept."""
    pauses: list[float] = []
    monkeypatch.setattr(cachedb, "_pause", pauses.append)
    return pauses


def test_a_new_file_is_created_with_its_stamp_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.db"
    first = cache(path)
    note(first, "first")
    first.close()
    again = cache(path)
    assert again.path == str(path) and again.messages == []
    assert notes(path) == ["first"] and stamp(path) == "v1"
    # The trigger (semicolons inside) was created whole.
    assert again.db.execute("SELECT line FROM log").fetchall() == [("noted; first",)]


def test_a_file_whose_stamp_is_being_written_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.db"
    half_made(path, ["theirs"])

    def creator_finishes(seconds: float) -> None:  # while we wait, the creator stamps it
        with raw(path) as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('version', 'v1')")

    monkeypatch.setattr(cachedb, "_pause", creator_finishes)
    opened = cache(path)
    note(opened, "ours")
    assert opened.path == str(path) and opened.messages == []
    assert notes(path) == ["ours", "theirs"]  # not deleted under its creator


def test_an_unstamped_file_holding_data_is_left_alone(
    tmp_path: Path, no_waiting: list[float]
) -> None:
    path = tmp_path / "cache.db"
    half_made(path, ["theirs"])
    opened = cache(path)
    assert no_waiting and sum(no_waiting) >= cachedb.STAMP_WAIT  # it did wait for the stamp
    assert opened.path == MEMORY
    assert opened.messages == [
        f"the test cache {path} was left alone (it has no version stamp but holds data;"
        " delete it to start afresh);"
        " using the test cache in memory for this run"
    ]
    note(opened, "ours")  # in memory
    assert notes(path) == ["theirs"] and stamp(path) is None


def test_an_unstamped_empty_file_is_taken_over(tmp_path: Path, no_waiting: list[float]) -> None:
    path = tmp_path / "cache.db"
    half_made(path, [])  # its creator died before the stamp (the fts shadow tables have rows)
    opened = cache(path)
    assert opened.path == str(path) and opened.messages == []
    assert stamp(path) == "v1"
    note(opened, "ours")
    assert notes(path) == ["ours"]


def test_a_file_of_another_version_is_emptied_in_place(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    old = cache(path, "v0")
    note(old, "old")
    old.db.executescript("CREATE TABLE gone (x); CREATE VIEW gone_view AS SELECT * FROM gone;")
    old.db.execute("INSERT INTO words VALUES ('old words')")
    old.close()
    watching = raw(path)  # another process with the file open
    assert watching.execute("SELECT value FROM meta").fetchall() == [("v0",)]
    new = cache(path, "v1")
    assert new.path == str(path) and new.messages == []
    assert notes(path) == [] and stamp(path) == "v1"
    names = {row[0] for row in new.db.execute("SELECT name FROM sqlite_master")}
    assert "gone" not in names and "gone_view" not in names
    assert new.db.execute("SELECT count(*) FROM words").fetchone() == (0,)
    # The file was not unlinked: the other connection sees the new stamp, not a ghost file.
    assert watching.execute("SELECT value FROM meta").fetchall() == [("v1",)]
    watching.close()


def test_a_file_of_another_version_that_cannot_be_emptied_is_started_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.db"
    old = cache(path, "v0")
    note(old, "old")
    old.close()

    def cannot(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("no such module: something_newer")

    monkeypatch.setattr(cachedb, "_drop_everything", cannot)
    new = cache(path, "v1")
    assert new.path == str(path) and new.messages == []
    assert notes(path) == [] and stamp(path) == "v1"


def test_the_same_stamp_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    first = cache(path)
    note(first, "first")
    second = cache(path)
    note(second, "second")
    assert second.messages == [] and notes(path) == ["first", "second"]


def open_at_once(path: Path, openers: int) -> list[str]:
    """``openers`` threads open ``path`` together and note their number; their messages."""
    ready = threading.Barrier(openers)
    messages: list[str] = []
    failures: list[BaseException] = []

    def open_and_note(who: str) -> None:
        try:
            ready.wait(timeout=60)
            opened = cache(path)
            note(opened, who)
            messages.extend(opened.messages)
            opened.close()
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=open_and_note, args=(str(n),)) for n in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    return messages


@pytest.mark.parametrize("start", ["new", "another version"])
def test_openers_at_once_keep_each_others_data(tmp_path: Path, start: str) -> None:
    openers = 4
    for round_ in range(25):
        path = tmp_path / f"cache-{round_}.db"
        if start == "another version":
            old = cache(path, "v0")
            note(old, "old")
            old.close()
        assert open_at_once(path, openers) == [], round_  # nothing damaged, rebuilt, in memory
        assert notes(path) == [str(n) for n in range(openers)], round_
        assert stamp(path) == "v1"


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.IntegrityError("UNIQUE constraint failed: corrupt.x"),
        sqlite3.OperationalError("database or disk is full"),
        sqlite3.OperationalError("disk I/O error"),
        sqlite3.OperationalError("database is locked"),
    ],
)
def test_an_error_in_use_that_is_not_damage_keeps_the_file(
    tmp_path: Path, error: sqlite3.DatabaseError
) -> None:
    path = tmp_path / "cache.db"
    opened = cache(path)
    note(opened, "kept")
    opened.recover(error)
    assert opened.path == MEMORY
    assert opened.messages == [
        f"cannot use the test cache {path} ({error}); using the test cache in memory for this run"
    ]
    assert notes(path) == ["kept"]


def test_damage_found_in_use_rebuilds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    opened = cache(path)
    note(opened, "lost")
    opened.recover(sqlite3.DatabaseError("database disk image is malformed"))
    assert opened.path == str(path) and notes(path) == [] and stamp(path) == "v1"
    assert opened.messages == [
        f"the test cache {path} was damaged (database disk image is malformed); it is being rebuilt"
    ]
