"""The store's promises under stress: two writers, kills, damage, read-only and full disks.

These start real processes (``sys.executable``) but assert nothing about time:
every check is about what is in the database afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import paths
from reader.issue.model import Article, Issue, Paragraph, Section
from reader.store.state import DB_NAME, Place, Store, StoreError

REPO = Path(__file__).resolve().parents[2]
BROKEN = r"paperread\.db\.broken-\d{8}-\d{6}"

# A writer process: waits for a line on stdin, then for each of COUNT articles
# bookmarks it (and in "mixed" mode also marks it read and saves a place),
# printing a line only after each change has been committed.
CHILD = r"""
import datetime as dt, sys, time
from reader.issue.model import Article, Issue, Paragraph, Section
from reader.store.state import Place, Store
paper, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
articles = tuple(Article(f"a{n}", f"{paper} {n}", (Paragraph("x"),)) for n in range(count))
issue = Issue(paper=paper, date=dt.date(2026, 11, 27), sections=(Section("S", articles),))
section = issue.sections[0]
store = Store()
print("ready", flush=True)
sys.stdin.readline()
for n, article in enumerate(articles):
    store.toggle_bookmark(issue, section, article)
    print("B", issue.article_identity(article), flush=True)
    if mode == "mixed":
        store.mark_read(issue, article)
        print("R", issue.article_identity(article), flush=True)
        store.save_place(issue, article, Place(n, 2 * n))
        print("P", n, flush=True)
    else:
        time.sleep(0.0005)  # a breath between writes, so the two writers interleave
"""


def issue_of(paper: str) -> Issue:
    """The issue a writer process with this paper name writes to."""
    return Issue(paper=paper, date=dt.date(2026, 11, 27), sections=())


def start_writer(paper: str, count: int, mode: str = "bookmarks") -> subprocess.Popen[str]:
    """A writer process, started and ready: send it a line to begin."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, paper, str(count), mode],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def make_issue(articles: int = 3) -> Issue:
    stories = tuple(Article(f"a{n}", f"标题{n}", (Paragraph("正文"),)) for n in range(articles))
    return Issue(paper="人民日报", date=dt.date(2026, 11, 27), sections=(Section("要闻", stories),))


def bookmark_all(store: Store, issue: Issue) -> None:
    for section, article in issue.articles():
        store.toggle_bookmark(issue, section, article)


# --- (1) two writers at once -------------------------------------------------------


def test_two_processes_adding_500_bookmarks_each() -> None:
    writers = [start_writer("甲报", 500), start_writer("乙报", 500)]
    for proc in writers:
        go(proc)
    outputs = [proc.communicate(timeout=300)[0] for proc in writers]
    assert [proc.returncode for proc in writers] == [0, 0]
    assert [out.count("\nB ") + out.startswith("B ") for out in outputs] == [500, 500]
    store = Store()
    assert len({mark.article_key for mark in store.bookmarks()}) == 1000
    for paper in ("甲报", "乙报"):
        assert len(store.bookmarked_keys(issue_of(paper).identity)) == 500
    assert integrity(store.path) == "ok"


def test_processes_creating_the_store_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first writes of several processes race to create the folder, file and schema."""
    for attempt in range(3):
        monkeypatch.setenv("PAPERREAD_DATA_DIR", str(tmp_path / f"try{attempt}" / "new"))
        writers = [start_writer(f"报{n}", 30) for n in range(4)]
        for proc in writers:
            go(proc)
        for proc in writers:
            proc.communicate(timeout=120)
        assert [proc.returncode for proc in writers] == [0] * 4
        assert len(Store().bookmarks()) == 120


# --- (2) killed at random moments ----------------------------------------------------


def test_sigkill_at_random_moments_loses_nothing_committed() -> None:
    rng = random.Random(20261127)
    path = paths.data_dir() / DB_NAME
    # One uninterrupted run tells how long 200 rounds of writes take on this machine,
    # so that the timed kills below land while the writer is at work.
    calibration = start_writer("calibration", 200, "mixed")
    started = time.perf_counter()
    go(calibration)
    calibration.communicate(timeout=120)
    span = time.perf_counter() - started
    for round_ in range(14):
        paper = f"kill-{round_}"
        proc = start_writer(paper, 200, "mixed")
        assert proc.stdout is not None
        go(proc)
        if round_ % 2:
            # After a random number of committed changes, plus a moment.
            for _ in range(rng.randrange(600)):
                proc.stdout.readline()
            time.sleep(rng.uniform(0, 0.003))
        else:
            time.sleep(rng.uniform(0, span))
        proc.send_signal(signal.SIGKILL)
        reported = proc.communicate(timeout=60)[0]  # everything it printed came after a commit
        assert proc.returncode in (-signal.SIGKILL, 0)

        assert integrity(path) == "ok", f"round {round_}"
        store = Store()
        assert store.notices == [] and store.writable, f"round {round_}: {store.notices}"
        key = issue_of(paper).identity
        # Only whole lines: print() writes a line in pieces when output is unbuffered
        # (PYTHONUNBUFFERED), so a kill can cut the last one short ("P " without its number).
        whole = reported[: reported.rfind("\n") + 1]
        lines = [line.split(" ", 1) for line in whole.splitlines() if " " in line]
        assert {v for k, v in lines if k == "B"} <= store.bookmarked_keys(key)
        assert {v for k, v in lines if k == "R"} <= store.read_keys(key)
        places = [int(v) for k, v in lines if k == "P"]
        if places:
            found = store.last_place(key)
            assert found is not None and found[1].block >= places[-1], f"round {round_}"
        assert store.verify()
        store.close()


# --- (3) a damaged file ------------------------------------------------------------------


def valid_database(path: Path, bookmarks: int = 150) -> bytes:
    """Write a real store with some bookmarks at ``path``; return its bytes."""
    with Store(path) as store:
        bookmark_all(store, make_issue(bookmarks))
    return path.read_bytes()


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))
    Path(f"{path}-wal").write_bytes(b"stale wal")


def header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(2).randbytes(8192))


def truncated(path: Path) -> None:
    data = valid_database(path)
    path.write_bytes(data[: len(data) // 2])


def truncated_to_a_few_bytes(path: Path) -> None:
    path.write_bytes(valid_database(path)[:50])


def pages_overwritten(path: Path) -> None:
    data = valid_database(path)
    page = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[:page] + random.Random(3).randbytes(len(data) - page))


def folder_in_its_place(path: Path) -> None:
    path.mkdir()
    (path / "something").write_text("x")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "random bytes": random_bytes,
    "header then garbage": header_then_garbage,
    "truncated": truncated,
    "truncated to a few bytes": truncated_to_a_few_bytes,
    "pages overwritten": pages_overwritten,
    "a folder": folder_in_its_place,
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_a_damaged_file_is_moved_aside_and_replaced(tmp_path: Path, name: str) -> None:
    path = tmp_path / DB_NAME
    DAMAGE[name](path)
    before = path.read_bytes() if path.is_file() else None

    store = Store(path)
    store.bookmarks()  # damage inside the file shows itself when it is read
    [notice] = store.notices
    assert notice.startswith("paperread.db was damaged (")
    assert notice.endswith("; a fresh store was created")
    [aside] = [p for p in tmp_path.iterdir() if re.fullmatch(BROKEN, p.name)]
    assert f"moved aside as {aside.name};" in notice
    if before is not None:
        assert aside.read_bytes() == before  # kept as it was, for rescue
    else:
        assert (aside / "something").is_file()
    if name == "random bytes":
        assert Path(f"{aside}-wal").read_bytes() == b"stale wal"
        assert not Path(f"{path}-wal").exists() or integrity(path) == "ok"

    assert store.writable and store.bookmarks() == []
    bookmark_all(store, make_issue(2))
    store.close()
    again = Store(path)
    assert len(again.bookmarks()) == 2 and again.notices == []
    assert integrity(path) == "ok"


def test_an_empty_file_is_not_damage(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"")
    store = Store(path)
    bookmark_all(store, make_issue(1))
    assert store.notices == []
    assert {p.name for p in tmp_path.iterdir()} <= {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}


def test_damage_that_cannot_be_moved_aside_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"garbage" * 100)

    def refuse(_: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr("reader.store.db.move_aside", refuse)
    store = Store(path)
    assert not store.writable and store.bookmarks() == []
    [notice] = store.notices
    assert "could not be moved aside" in notice and "bookmarks cannot be saved" in notice
    with pytest.raises(StoreError, match="could not be moved aside"):
        bookmark_all(store, make_issue(1))
    assert path.read_bytes() == b"garbage" * 100  # never silently reset


def test_a_check_on_request_finds_damage_the_header_hides(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    data = valid_database(path, 300)
    page = int.from_bytes(data[16:18], "big")
    middle = len(data) // page // 2 * page
    path.write_bytes(data[:middle] + bytes(page) + data[middle + page :])
    store = Store(path)
    assert not store.verify()
    assert "moved aside" in store.notices[0] and store.writable
    assert store.verify() and store.bookmarks() == []


# --- (4) a data dir that cannot be written ------------------------------------------


def test_a_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = Store(blocker / "sub" / DB_NAME)
    assert not store.writable
    assert store.why_not_writable == f"cannot save bookmarks: {blocker} is not a folder"
    assert store.bookmarks() == [] and store.last_issue() is None and store.notices == []
    issue = make_issue(1)
    with pytest.raises(StoreError, match=r"cannot save bookmarks: .* is not a folder"):
        bookmark_all(store, issue)
    with pytest.raises(StoreError):
        store.save_place(issue, issue.sections[0].articles[0], Place(0, 0))


def test_a_read_only_store_still_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (tests may run as root, whom permissions do not stop)."""
    path = tmp_path / DB_NAME
    valid_database(path, 3)
    monkeypatch.setattr("reader.store.db.os.access", lambda *_args, **_kw: False)
    store = Store(path)
    assert not store.writable and store.why_not_writable is not None
    assert "is read-only" in store.why_not_writable
    assert len(store.bookmarks()) == 3 and store.notices == []
    with pytest.raises(StoreError, match="is read-only"):
        store.delete_bookmark(store.bookmarks()[0].article_key)
    assert len(store.bookmarks()) == 3


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
@pytest.mark.parametrize("with_file", [True, False])
def test_a_really_read_only_data_dir(tmp_path: Path, with_file: bool) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / DB_NAME if with_file else folder / "missing" / DB_NAME
    if with_file:
        valid_database(path, 3)
    folder.chmod(0o500)
    try:
        store = Store(path)
        assert not store.writable and f"{folder} is read-only" in str(store.why_not_writable)
        assert len(store.bookmarks()) == (3 if with_file else 0)
        with pytest.raises(StoreError, match="read-only"):
            bookmark_all(store, make_issue(5))
    finally:
        folder.chmod(0o700)


# --- (5) a full disk ------------------------------------------------------------------


def test_a_full_disk_is_reported_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    store = Store(path)
    issue = make_issue(50)
    bookmark_all(store, issue)
    store.mark_read(issue, issue.sections[0].articles[0])
    extra = make_issue(60)
    section, big = extra.sections[0], extra.sections[0].articles[55]
    assert store._conn is not None
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full

    with pytest.raises(StoreError, match=r"^disk full: bookmark not saved$"):
        store.toggle_bookmark(extra, section, big, note="长" * 200_000)
    assert not store.is_bookmarked(extra.article_identity(big))
    assert len(store.bookmarks()) == 50  # nothing lost, the store still usable

    store._conn.execute(f"PRAGMA max_page_count = {pages * 1000}")  # space again
    assert store.toggle_bookmark(extra, section, big, note="短")
    store.close()
    assert integrity(path) == "ok"
    again = Store(path)
    assert len(again.bookmarks()) == 51 and again.notices == []
    assert again.read_keys(issue.identity) == {issue.article_identity("a0")}


def test_threads_sharing_one_store() -> None:
    """The reader may call the store from worker threads: one lock serialises them."""
    import threading

    store = Store()
    issues = [make_issue(50) for _ in range(4)]
    issues = [
        Issue(paper=f"报{n}", date=issue.date, sections=issue.sections)
        for n, issue in enumerate(issues)
    ]
    threads = [threading.Thread(target=bookmark_all, args=(store, issue)) for issue in issues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.bookmarks()) == 200 and store.notices == []
