"""Indexing in a child process (reader.background_index, reader.index_worker)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader import background_index
from reader.background_index import BackgroundIndex
from reader.catalogue import Catalogue
from reader.library import catalogue_library
from reader.search import SearchIndex
from tests.unit.test_catalogue import write_issue


def run(
    roots: list[Path], index: Path, catalogue: Path
) -> tuple[list[tuple[int, int]], bool, list[str]]:
    seen: list[tuple[int, int]] = []
    ended = threading.Event()
    result: dict[str, object] = {}

    def finished(ok: bool, messages: list[str]) -> None:
        result.update(ok=ok, messages=messages)
        ended.set()

    job = BackgroundIndex(
        roots, str(index), str(catalogue), lambda d, t: seen.append((d, t)), finished
    )
    job.start()
    assert ended.wait(60), "the child did not finish"
    assert not job.running or job.stop() is None
    return seen, bool(result["ok"]), list(result["messages"])  # type: ignore[call-overload]


def test_the_child_indexes_the_library_newest_first(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_issue(root / "2024-01-02.yaml", "河畔晚报", "2024-01-02", ["大桥通车"])
    write_issue(root / "2024-03-05.yaml", "河畔晚报", "2024-03-05", ["春耕开始", "夜市开张"])
    seen, ok, messages = run([root], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert ok and messages == []
    assert seen and seen[-1] == (2, 2)
    index = SearchIndex(tmp_path / "search.db")
    assert index.stats()["articles"] == 3
    assert [h.headline for h in index.search("夜市")] == ["夜市开张"]
    # The catalogue the child kept is the one given: the reader reads the same rows.
    library = catalogue_library([root], Catalogue(tmp_path / "catalogue.db"), quick=True)
    assert library.entries[0].path.name == "2024-03-05.yaml"


def test_an_index_up_to_date_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_issue(root / "2024-01-02.yaml", "河畔晚报", "2024-01-02", ["大桥通车"])
    run([root], tmp_path / "search.db", tmp_path / "catalogue.db")
    seen, ok, _ = run([root], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert ok and seen == []


def test_a_child_that_fails_says_why_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        background_index, "_CHILD", "raise RuntimeError('the disk caught fire')  # {folder}"
    )
    seen, ok, messages = run([tmp_path], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert not ok and seen == []
    assert messages == ["indexing the library stopped: RuntimeError: the disk caught fire"]


def test_a_child_that_cannot_start_is_reported(tmp_path: Path) -> None:
    ended: list[tuple[bool, list[str]]] = []
    job = BackgroundIndex(
        [tmp_path], "bad\0path", "c.db", lambda d, t: None, lambda ok, m: ended.append((ok, m))
    )
    job.start()
    assert not job.running
    assert ended and not ended[0][0] and "cannot start indexing" in ended[0][1][0]


def test_stop_ends_the_child(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    for day in range(1, 29):
        write_issue(
            root / f"2024-02-{day:02}.yaml", "河畔晚报", f"2024-02-{day:02}", ["一条新闻"] * 30
        )
    finished: list[bool] = []
    job = BackgroundIndex(
        [root],
        str(tmp_path / "search.db"),
        str(tmp_path / "catalogue.db"),
        lambda d, t: None,
        lambda ok, m: finished.append(ok),
    )
    job.start()
    job.stop()
    assert not job.running
    assert finished == []  # a stopped run reports nothing
    assert job._process is not None and job._process.poll() is not None
