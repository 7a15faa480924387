"""How the search index writes: FTS rows held back to a transaction's end, bulk runs or not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import reader.search.updating
from reader.library.files import Entry, load_library
from reader.search.index import SearchIndex

if TYPE_CHECKING:
    from tests.unit.conftest import WriteSearchIssue

QUERIES = ("河口", "渡船", "夜市", "新闻", "河", "号", "第三", "江城", "鱼")


def entries(*roots: Path) -> list[Entry]:
    return list(load_library(list(roots)).entries)


def found(index: SearchIndex) -> dict[str, list[tuple[str, str, str, tuple[tuple[int, int], ...]]]]:
    """Every query's hits, as (issue, article, snippet, spans), in the order found."""
    return {
        query: [
            (hit.issue_key, hit.article_id, hit.snippet, hit.spans)
            for hit in index.search(query, limit=100)
        ]
        for query in QUERIES
    }


def check_fts(index: SearchIndex) -> None:
    """FTS5's own check of its index (raises when it is inconsistent)."""
    index._db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 0)")


@pytest.fixture
def make(write_search_issue: WriteSearchIssue) -> Callable[[Path], None]:
    """``make(root)``: five issues in ``root``."""

    def write(root: Path) -> None:
        # Two papers on one date share its row ids' range; one issue has no date.
        for name, paper, date in (
            ("a.yaml", "江城日报", "2024-05-01"),
            ("b.yaml", "河口晚报", "2024-05-01"),
            ("c.yaml", "江城日报", "2024-05-02"),
            ("d.yaml", "江城日报", None),
            ("e.yaml", "江城日报", "2023-12-31"),
        ):
            write_search_issue(
                root / name,
                paper,
                date,
                [
                    (f"{name[0]}1", f"第三{name[0]}号渡船", [f"{paper}：渡船今早在河口靠岸。"]),
                    (f"{name[0]}2", "江边夜市", ["夜市的摊主说，今年的鱼比往年多。", "新闻"]),
                ],
            )

    return write


def test_changes_in_one_transaction_index_as_a_fresh_build(
    tmp_path: Path, write_search_issue: WriteSearchIssue, make: Callable[[Path], None]
) -> None:
    root = tmp_path / "lib"
    make(root)
    index = SearchIndex(tmp_path / "kept.db")
    assert index.update(entries(root)) == 5  # one transaction: rows written in row id order
    # Then, again in one transaction: one issue changed, one gone, one new on a shared date.
    write_search_issue(
        root / "b.yaml", "河口晚报", "2024-05-01", [("b9", "改版", ["河口的新闻改了"])]
    )
    (root / "c.yaml").unlink()
    write_search_issue(root / "f.yaml", "江城日报", "2024-05-01", [("f1", "第三版", ["江城的鱼"])])
    assert index.update(entries(root)) == 2
    check_fts(index)
    fresh = SearchIndex(tmp_path / "fresh.db")
    fresh.update(entries(root))
    assert found(index) == found(fresh)
    assert found(index)["河口"]  # and it finds something


@pytest.mark.parametrize("per_transaction", [0.0, 60.0])
def test_one_issue_or_all_in_a_transaction_find_the_same(
    tmp_path: Path,
    per_transaction: float,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], None],
) -> None:
    root = tmp_path / "lib"
    make(root)
    reference = SearchIndex(tmp_path / "reference.db")
    reference.update(entries(root))
    monkeypatch.setattr(reader.search.updating, "COMMIT_SECONDS", per_transaction)
    index = SearchIndex(tmp_path / "index.db")
    index.update(entries(root))
    check_fts(index)
    assert found(index) == found(reference)


def test_a_library_indexed_anew_is_a_bulk_run_and_a_few_more_are_not(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_search_issue: WriteSearchIssue,
    make: Callable[[Path], None],
) -> None:
    monkeypatch.setattr(reader.search.updating, "BULK_SMALL", 2)
    root = tmp_path / "lib"
    make(root)
    bulk_runs: list[int] = []
    original = SearchIndex._after_bulk

    def after_bulk(self: SearchIndex) -> None:
        bulk_runs.append(1)
        original(self)

    monkeypatch.setattr(SearchIndex, "_after_bulk", after_bulk)
    index = SearchIndex(tmp_path / "index.db")
    files = sorted(root.glob("*.yaml"))
    assert index.update([e for e in entries(root) if e.path in files[:2]]) == 2
    assert bulk_runs == []  # no more than BULK_SMALL: trigrams recorded issue by issue
    assert index.update(entries(root)) == 3
    assert bulk_runs == [1]  # more than the index held: read from the index at the end
    write_search_issue(root / "f.yaml", "江城日报", "2024-06-01", [("f1", "鲥鱼", ["鲥鱼上市"])])
    assert index.update(entries(root)) == 1
    assert bulk_runs == [1]  # one more: issue by issue
    assert [hit.article_id for hit in index.search("鲥")] == ["f1"]  # its trigrams are there
    fresh = SearchIndex(tmp_path / "fresh.db")
    assert fresh.update(entries(root)) == 6
    assert bulk_runs == [1, 1]
    assert found(fresh) == found(index)


def test_a_rolled_back_first_transaction_leaves_no_dictionary_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None]
) -> None:
    # The first issue stored makes the compression dictionary, in its transaction: rolled
    # back, the dictionary is gone from the file and must not be used for what comes next.
    monkeypatch.setattr(reader.search.updating, "COMMIT_SECONDS", 0.0)
    root = tmp_path / "lib"
    make(root)
    index = SearchIndex(tmp_path / "index.db")

    def stop(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.update(entries(root), stop)
    assert index.update(entries(root)) == 5
    reader_elsewhere = SearchIndex(tmp_path / "index.db")  # another process's
    assert found(reader_elsewhere) == found(index)


def pragma(path: Path, name: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(f"PRAGMA {name}").fetchone()[0])
    finally:
        db.close()


def test_a_new_file_gives_back_the_pages_it_frees(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    root = tmp_path / "lib"
    make(root)
    path = tmp_path / "index.db"
    index = SearchIndex(path)
    assert pragma(path, "auto_vacuum") == 2  # incremental
    index.update(entries(root))
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (root / name).unlink()
    index.update(entries(root))
    assert pragma(path, "freelist_count") == 0
    assert [hit.article_id for hit in index.search("渡船")] == ["e1", "d1"]


def test_a_file_from_before_keeps_its_pages_and_works(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    root = tmp_path / "lib"
    make(root)
    path = tmp_path / "index.db"
    SearchIndex(path).update(entries(root))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA auto_vacuum = NONE")
    db.execute("VACUUM")  # as files were made before: no auto_vacuum
    db.close()
    index = SearchIndex(path)
    assert pragma(path, "auto_vacuum") == 0  # a file with rows is not rewritten on opening
    (root / "a.yaml").unlink()
    index.update(entries(root))
    assert len(index.search("渡船")) == 4
