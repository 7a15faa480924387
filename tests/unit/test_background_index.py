"""Indexing in a child process (reader.search.background, reader.search.worker)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import reader.library.catalogue
from reader.library.catalogue import Catalogue
from reader.library.files import catalogue_library
from reader.search import background as background_index
from reader.search import worker as index_worker
from reader.search.background import BackgroundIndex
from reader.search.index import SearchIndex
from reader.store import sqlite as storesqlite

if TYPE_CHECKING:
    from tests.conftest import WriteIssue


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


def test_the_child_indexes_the_library_newest_first(
    tmp_path: Path, write_issue: WriteIssue
) -> None:
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


def test_an_index_up_to_date_is_left_alone(tmp_path: Path, write_issue: WriteIssue) -> None:
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


def test_stop_ends_the_child(tmp_path: Path, write_issue: WriteIssue) -> None:
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


# -- the follower (reader.search.background) ----------------------------------------------


def test_a_child_that_writes_much_on_stderr_then_fails_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2 MB on stderr: far more than a pipe holds while stdout is still being read.
    monkeypatch.setattr(
        background_index,
        "_CHILD",
        "import sys; sys.stderr.write(('x' * 999 + '\\n') * 2000); sys.stderr.flush(); "
        "raise RuntimeError('the disk caught fire')  # {folder}",
    )
    seen, ok, messages = run([tmp_path], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert not ok and seen == []
    assert messages == ["indexing the library stopped: RuntimeError: the disk caught fire"]


def test_a_very_long_last_line_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        background_index,
        "_CHILD",
        "import sys; sys.stderr.write('y' * 100000); sys.exit(3)  # {folder}",
    )
    _, ok, messages = run([tmp_path], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert not ok and len(messages) == 1
    why = messages[0].removeprefix("indexing the library stopped: ")
    assert why == "y" * (background_index.LAST_LINE - 1) + "…"


def test_odd_report_lines_are_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        '{{"progress": 5}}',
        '{{"progress": ["a", 1]}}',
        "[1]",
        "not json",
        '{{"progress": [1, 2]}}',
    ]
    lines += ['{{"done": 1}}']
    monkeypatch.setattr(
        background_index,
        "_CHILD",
        "; ".join(f"print({line!r})" for line in lines) + "  # {folder}",
    )
    seen, ok, messages = run([tmp_path], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert ok and messages == [] and seen == [(1, 2)]


def test_a_child_that_gives_up_with_a_reason_is_not_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        background_index,
        "_CHILD",
        'print(\'{{"message": "the search index is busy"}}\')  # {folder}',
    )
    _, ok, messages = run([tmp_path], tmp_path / "search.db", tmp_path / "catalogue.db")
    assert not ok and messages == ["the search index is busy"]


@pytest.mark.parametrize("line", ['{{"message": "locked", "busy": true}}', '{{"message": "x"}}'])
def test_busy_is_told_by_the_report_not_by_its_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    monkeypatch.setattr(background_index, "_CHILD", f"print({line!r})  # {{folder}}")
    ended = threading.Event()
    result: list[tuple[bool, list[str]]] = []

    def finished(ok: bool, messages: list[str]) -> None:
        result.append((ok, messages))
        ended.set()

    job = BackgroundIndex(
        [tmp_path], str(tmp_path / "s.db"), str(tmp_path / "c.db"), lambda d, t: None, finished
    )
    assert job.busy is False
    job.start()
    assert ended.wait(60), "the child did not finish"
    job.stop()
    busy = '"busy"' in line
    assert result == [(False, ["locked" if busy else "x"])]
    assert job.busy is busy


def test_stop_from_a_callback_and_twice(tmp_path: Path, write_issue: WriteIssue) -> None:
    root = tmp_path / "lib"
    for day in range(1, 4):
        write_issue(root / f"2024-02-{day:02}.yaml", "河畔晚报", f"2024-02-{day:02}", ["一条新闻"])
    finished: list[bool] = []
    called = threading.Event()
    job: BackgroundIndex

    def progress(done: int, total: int) -> None:
        job.stop()  # on the following thread
        called.set()

    job = BackgroundIndex(
        [root],
        str(tmp_path / "search.db"),
        str(tmp_path / "catalogue.db"),
        progress,
        lambda ok, m: finished.append(ok),
    )
    job.start()
    assert called.wait(60), "no progress came"
    assert job._thread is not None
    job._thread.join(60)
    assert not job.running
    job.stop()
    job.stop()
    assert finished == []
    assert job._process is not None and job._process.poll() is not None
    job.start()  # a stopped run stays stopped
    assert not job.running


# -- the child (reader.search.worker), run in this process ---------------------------------


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """In process: no nice() for the test run, pauses recorded and not slept."""
    monkeypatch.setattr(os, "nice", lambda n: 0)
    pauses: list[float] = []
    monkeypatch.setattr(index_worker, "_pause", pauses.append)
    return pauses


def reports(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def small_library(write_issue: WriteIssue) -> Callable[[Path, int], Path]:
    """``small_library(root, issues)``: that many one-story issues in ``root``."""

    def make(root: Path, issues: int) -> Path:
        for day in range(1, issues + 1):
            path = root / f"2024-02-{day:02}.yaml"
            write_issue(path, "河畔晚报", f"2024-02-{day:02}", ["一条新闻"])
        return root

    return make


def arguments(tmp_path: Path, root: Path) -> list[str]:
    return [
        "--index",
        str(tmp_path / "search.db"),
        "--catalogue",
        str(tmp_path / "cat.db"),
        str(root),
    ]


def test_the_worker_reports_progress_then_done(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 2)
    assert index_worker.main(arguments(tmp_path, root)) == 0
    said = reports(capsys)
    assert said[-1] == {"done": 2} and {"progress": [2, 2]} in said
    assert worker == []


def test_a_busy_index_is_tried_again(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 2)
    SearchIndex(tmp_path / "search.db").close()
    monkeypatch.setattr(storesqlite, "BUSY_TIMEOUT", 0.05)
    blocker = sqlite3.connect(tmp_path / "search.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another process writing, for a while
    released = threading.Event()

    def release() -> None:
        blocker.execute("COMMIT")
        released.set()

    def pause(seconds: float) -> None:
        worker.append(seconds)
        if not released.is_set():  # the first pause before a retry: the other writer ends
            thread = threading.Thread(target=release)
            thread.start()
            thread.join(60)

    monkeypatch.setattr(index_worker, "_pause", pause)
    assert index_worker.main(arguments(tmp_path, root)) == 0
    said = reports(capsys)
    assert released.is_set() and worker
    assert not [report for report in said if "message" in report]
    assert said[-1] == {"done": 2}
    assert SearchIndex(tmp_path / "search.db").stats()["issues"] == 2
    blocker.close()


def test_an_index_busy_throughout_is_reported_once_and_not_done(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 2)
    SearchIndex(tmp_path / "search.db").close()
    monkeypatch.setattr(storesqlite, "BUSY_TIMEOUT", 0.05)
    blocker = sqlite3.connect(tmp_path / "search.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    assert index_worker.main(arguments(tmp_path, root)) == 0
    blocker.execute("ROLLBACK")
    blocker.close()
    said = reports(capsys)
    assert len(said) == 1 and said[0]["busy"] is True
    assert said[0]["message"].startswith("the search index is busy")
    assert sum(worker) == pytest.approx(sum(index_worker.RETRY_AFTER))  # 4 waits, 5 tries


def test_an_index_only_in_memory_is_not_worth_indexing(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 2)
    (tmp_path / "search.db").mkdir()  # cannot be opened as a file
    assert index_worker.main(arguments(tmp_path, root)) == 0
    said = reports(capsys)
    assert len(said) == 1 and "in memory for this run" in said[0]["message"]


def test_the_worker_stops_at_once_when_the_reader_is_gone(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 3)
    calls: list[int] = []

    def getppid() -> int:  # the reader is there at the start only
        calls.append(1)
        return 1000 if len(calls) == 1 else 1

    monkeypatch.setattr(os, "getppid", getppid)
    assert index_worker.main(arguments(tmp_path, root)) == 0
    assert reports(capsys) == []
    assert not (tmp_path / "search.db").exists()


def test_the_worker_stops_while_the_catalogue_is_read(
    tmp_path: Path,
    worker: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_library: Callable[[Path, int], Path],
) -> None:
    root = small_library(tmp_path / "lib", 3)
    parsed: list[str] = []
    parse = reader.library.catalogue._parse_row

    def parse_row(path: str, key: str, info: os.stat_result | None) -> tuple[object, ...]:
        parsed.append(path)  # the reader dies while the first file is parsed
        return parse(path, key, info)

    monkeypatch.setattr(reader.library.catalogue, "_parse_row", parse_row)
    monkeypatch.setattr(os, "getppid", lambda: 1 if parsed else 1000)
    assert index_worker.main(arguments(tmp_path, root)) == 0
    assert reports(capsys) == []
    assert len(parsed) == 1  # the other files were never read
    assert not (tmp_path / "search.db").exists()  # nor anything indexed
