"""The search index shared: several updaters on one file, and searches while another indexes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import reader.search.updating
from reader.issue.load import load_issue
from reader.library.files import Entry, load_library
from reader.search.index import SearchHit, SearchIndex


# Each issue: (file name, date, [(article id, headline, paragraph)]). Every issue has 河口 (two
# characters) somewhere; 第N号 is its own.
def entries(root: Path) -> list[Entry]:
    return list(load_library([root]).entries)


def ids(hits: list[SearchHit]) -> set[str]:
    return {hit.article_id for hit in hits}


def counts(index: SearchIndex) -> tuple[int, int, int, int]:
    """Issues, articles, distinct paths and rows the FTS index holds: each once, or not."""
    db = index._db
    paths = db.execute("SELECT count(DISTINCT path) FROM issues").fetchone()[0]
    fts_rows = db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    stats = index.stats()
    return stats["issues"], stats["articles"], int(paths), int(fts_rows)


def grams_pending(index: SearchIndex) -> bool:
    return index._db.execute("SELECT 1 FROM meta WHERE key = 'grams'").fetchone() is not None


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "lib"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "search.db"


@pytest.fixture
def one_issue_a_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.search.updating, "COMMIT_SECONDS", 0.0)


def before_identities(monkeypatch: pytest.MonkeyPatch, work: Callable[[], object]) -> None:
    """Run ``work`` once, after the next update has read what is indexed and before it writes."""
    original = reader.search.updating._identity
    state = {"done": False}

    def identity(entry: Entry) -> tuple[int, int]:
        if not state["done"]:
            state["done"] = True
            work()
        return original(entry)

    monkeypatch.setattr(reader.search.updating, "_identity", identity)


# -- two updaters ----------------------------------------------------------------------


@pytest.mark.usefixtures("one_issue_a_transaction")
@pytest.mark.parametrize("bulk", [False, True])
def test_two_updaters_at_once_index_each_issue_once(
    root: Path,
    db_path: Path,
    bulk: bool,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    if bulk:
        monkeypatch.setattr(reader.search.updating, "BULK", 1)
    write_ferry_library(root, 12)
    first, second = SearchIndex(db_path), SearchIndex(db_path)
    start = threading.Barrier(2)
    returned: list[int] = []
    errors: list[BaseException] = []

    def run(index: SearchIndex) -> None:
        try:
            library = entries(root)
            start.wait()
            returned.append(index.update(library))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert first.messages == [] and second.messages == []  # no "damaged … rebuilt", no busy
    assert sum(returned) == 12  # each issue indexed by one of them
    for index in (first, second):
        assert counts(index) == (12, 24, 12, 24)
        assert ids(index.search("5号渡船")) == {"a5"}
        assert ids(index.search("河口")) == {f"a{n}" for n in range(12)}
        assert not grams_pending(index)
    assert first.update(entries(root)) == 0 and second.update(entries(root)) == 0


def test_an_issue_another_updater_indexed_meanwhile_is_skipped(
    root: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_issue: Callable[[Path, str, list[tuple[str, str, str]]], Path],
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    files = write_ferry_library(root, 3)
    first, second = SearchIndex(db_path), SearchIndex(db_path)
    assert first.update(entries(root)) == 3
    write_ferry_issue(files[1], "2024-05-02", [("new", "改版", "河口新码头今天启用。")])
    # first finds issue 1 stale; before it writes, second re-indexes it.
    before_identities(monkeypatch, lambda: second.update(entries(root)))
    assert first.update(entries(root)) == 0
    assert first.messages == [] and second.messages == []
    assert counts(first) == (3, 5, 3, 5)
    assert ids(first.search("新码头")) == {"new"}
    assert first.search("1号渡船") == []  # the old version is gone, once


def test_a_file_gone_that_another_updater_already_dropped(
    root: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_issue: Callable[[Path, str, list[tuple[str, str, str]]], Path],
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    write_ferry_library(root, 2)
    first, second = SearchIndex(db_path), SearchIndex(db_path)
    first.update(entries(root))
    old_id, last = first._db.execute("SELECT id, path FROM issues ORDER BY id DESC").fetchone()
    Path(last).unlink()  # the last row: a new row takes its id again
    added = write_ferry_issue(
        root / "added.yaml", "2024-06-01", [("added", "新到", "河口来了新渡船。")]
    )
    # second drops the gone issue and indexes the new one, which takes the freed id.
    before_identities(monkeypatch, lambda: second.update(entries(root)))
    assert first.update(entries(root)) == 0
    new_id = first._db.execute("SELECT id FROM issues WHERE path = ?", (str(added),)).fetchone()
    assert new_id == (old_id,)  # the row first saw as gone has the same id: it must stay
    assert first.messages == [] and second.messages == []
    assert counts(first) == (2, 3, 2, 3)
    assert ids(first.search("新渡船")) == {"added"}
    assert ids(first.search("号渡船")) == {"a0", "a1"} - {"a" + Path(last).stem[-1]}


def test_an_integrity_error_never_rebuilds_the_index(
    root: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_issue: Callable[[Path, str, list[tuple[str, str, str]]], Path],
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    write_ferry_library(root, 2)
    index = SearchIndex(db_path)
    index.update(entries(root))
    write_ferry_issue(root / "more.yaml", "2024-06-01", [("more", "又一期", "河口的新闻。")])
    original = index._update
    raised: list[bool] = []

    def clash(*args: Any) -> int:
        if not raised:
            raised.append(True)
            raise sqlite3.IntegrityError("UNIQUE constraint failed: issues.path")
        return original(*args)

    monkeypatch.setattr(index, "_update", clash)
    assert index.update(entries(root)) == 1  # looked again, indexed what was new
    assert not any("damaged" in message for message in index.messages)
    assert index.stats()["issues"] == 3  # nothing was thrown away

    def always(*args: Any) -> int:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: issues.path")

    monkeypatch.setattr(index, "_update", always)
    assert index.update(entries(root)) == 0
    assert index.messages and not any("damaged" in message for message in index.messages)
    assert index.stats()["issues"] == 3


# -- the library's scope -------------------------------------------------------------------


def test_a_library_set_without_updating_scopes_the_search(
    root: Path,
    tmp_path: Path,
    db_path: Path,
    write_ferry_issue: Callable[[Path, str, list[tuple[str, str, str]]], Path],
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    write_ferry_library(root, 2)
    other = tmp_path / "other"
    write_ferry_issue(other / "o.yaml", "2023-01-01", [("o", "别处", "别处的河口也有渡船。")])
    indexer = SearchIndex(db_path)
    indexer.update(entries(root) + entries(other))
    searcher = SearchIndex(db_path)
    assert ids(searcher.search("河口")) == {"a0", "a1", "o"}  # no library: everything
    searcher.set_library(entries(root))
    assert ids(searcher.search("河口")) == {"a0", "a1"}
    current = load_issue(other / "o.yaml").identity
    assert ids(searcher.search("河口", issue_key=current)) == {"a0", "a1"}  # out of scope too
    assert searcher.stats()["issues"] == 3  # what is out of scope stays indexed


def test_issues_another_process_indexes_later_are_found(
    root: Path,
    db_path: Path,
    write_ferry_issue: Callable[[Path, str, list[tuple[str, str, str]]], Path],
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    write_ferry_library(root, 2)
    indexer, searcher = SearchIndex(db_path), SearchIndex(db_path)
    indexer.update(entries(root))
    searcher.update(entries(root))  # a scope taken now must not freeze
    write_ferry_issue(root / "late.yaml", "2024-07-01", [("late", "晚到", "河口的晚班渡船。")])
    searcher.set_library(entries(root))
    assert searcher.search("晚班渡船") == []  # not indexed yet
    indexer.update(entries(root))
    assert ids(searcher.search("晚班渡船")) == {"late"}
    assert ids(searcher.search("河口")) == {"a0", "a1", "late"}
    late = load_issue(root / "late.yaml").identity
    assert searcher.search("河口", issue_key=late)[0].article_id == "late"


# -- short queries while a bulk update is under way ---------------------------------------


@pytest.mark.usefixtures("one_issue_a_transaction")
def test_short_queries_find_what_an_unfinished_bulk_update_committed(
    root: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    monkeypatch.setattr(reader.search.updating, "BULK", 1)
    write_ferry_library(root, 3)

    def stop(done: int, total: int) -> None:
        if done == 2:  # the first issue is committed, the second rolled back
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        SearchIndex(db_path).update(entries(root), stop)
    searcher = SearchIndex(db_path)
    assert grams_pending(searcher)
    assert searcher._db.execute("SELECT count(*) FROM grams").fetchone()[0] == 0
    (path,) = searcher._db.execute("SELECT path FROM issues").fetchone()
    committed = load_issue(Path(path)).sections[0].articles[0].id
    assert ids(searcher.search("河口")) == {committed}  # two characters
    assert ids(searcher.search("渡")) == {committed}  # one
    assert searcher._db.execute("SELECT count(*) FROM grams").fetchone()[0] == 0  # still


class HookedLock:
    """A lock that runs ``before`` each time it is taken (between an update's transactions)."""

    def __init__(self, lock: Any, before: Callable[[], None]) -> None:
        self.lock = lock
        self.before = before

    def __enter__(self) -> Any:
        self.before()
        return self.lock.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self.lock.__exit__(*exc)


@contextmanager
def hooked(index: SearchIndex, before: Callable[[], None]) -> Iterator[None]:
    original = index._lock
    index._lock = HookedLock(original, before)  # type: ignore[assignment]
    try:
        yield
    finally:
        index._lock = original


@pytest.mark.usefixtures("one_issue_a_transaction")
def test_a_bulk_update_keeps_its_rows_pending_when_another_finishes_the_grams(
    root: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_ferry_library: Callable[[Path, int], list[Path]],
) -> None:
    monkeypatch.setattr(reader.search.updating, "BULK", 1)
    write_ferry_library(root, 3)
    library = entries(root)
    bulk, other = SearchIndex(db_path), SearchIndex(db_path)

    def finish_grams() -> None:
        # Once the bulk update has committed one issue, another updater (with nothing of its
        # own to index) finishes the grams: _after_bulk clears the mark.
        indexed = [row[0] for row in other._db.execute("SELECT path FROM issues")]
        if len(indexed) == 1 and grams_pending(other):
            other.update([e for e in library if str(e.path) in indexed])
            assert not grams_pending(other)

    def stop(done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with hooked(bulk, finish_grams), pytest.raises(KeyboardInterrupt):
        bulk.update(library, stop)
    searcher = SearchIndex(db_path)
    assert searcher.stats()["issues"] == 2  # the third issue was rolled back
    assert grams_pending(searcher)  # the second issue's transaction marked it again
    indexed = [Path(row[0]) for row in searcher._db.execute("SELECT path FROM issues")]
    committed = {load_issue(path).sections[0].articles[0].id for path in indexed}
    assert ids(searcher.search("河口")) == committed
    bulk.update(library)  # finishes: the grams are filled and the mark cleared
    assert not grams_pending(searcher)
    assert ids(searcher.search("河口")) == {"a0", "a1", "a2"}
