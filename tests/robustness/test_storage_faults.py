"""Storage faults in the reader and the commands: what product.md promises, end to end.

The store's own guarantees (two writers of 500 bookmarks, kills at random
moments, damaged files moved aside, read-only and full disks) are tested in
tests/unit/test_store_reliability.py; here the reader and the command line meet
the same faults. Tests run as root in CI, so "cannot be read or written" is made
with paths under a regular file, which no permission can open.
"""

from __future__ import annotations

import functools
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader import paths
from reader.cli.main import main
from reader.config import load_settings
from reader.library.files import catalogue_library, load_library
from reader.store.state import DB_NAME, Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from tests.robustness.ptyharness import PtyRun

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"
SAMPLE_LEAD = "左中党建融合打造城区治理"

TWO = """\
paperread: 1
paper: 双报
date: 2026-01-0{day}
sections:
  - title: 要闻
    articles:
      - id: first
        headline: 第一条 FIRSTMARK{day}
        body: [第一段。]
      - id: second
        headline: 第二条 SECONDMARK{day}
        body: [第二段。]
"""


def two(path: Path, day: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TWO.format(day=day), encoding="utf-8")
    return path


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def story_text(app: PaperreadApp) -> str:
    """The story's lines as one flowing text: a phrase the panel wraps (the length of the
    temporary path decides where) is still found whole."""
    return " ".join(" ".join(line.plain.split()) for line in reader(app).story.lines)


def messages(app: PaperreadApp) -> list[str]:
    """What the reader was told: its toasts (errors), then the message line (answers)."""
    told = [str(n.message) for n in app._notifications]
    screen = app.screen_stack[0]
    if isinstance(screen, ReaderScreen) and screen.message_line.text:
        told.append(screen.message_line.text)
    return told


def a_regular_file(tmp_path: Path) -> Path:
    blocker = tmp_path / "a-regular-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    return blocker


# --- the config dir -------------------------------------------------------------------


def test_settings_that_cannot_be_read_are_a_warning(tmp_path: Path) -> None:
    under_a_file = a_regular_file(tmp_path) / "config.yaml"
    settings = load_settings(under_a_file)
    assert settings.warnings and "cannot read settings" in settings.warnings[0]
    folder = tmp_path / "config.yaml"
    folder.mkdir()
    assert "cannot read settings" in load_settings(folder).warnings[0]


@pytest.mark.parametrize(
    "text",
    [
        "library: " + "[" * 10_000 + "]" * 10_000 + "\n",  # once a RecursionError
        "measure: !!python/object/apply:os.system ['echo pwned']\n",
        "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nlibrary: *b\n",
        "\x00\x01binary",
    ],
    ids=["deep", "tag", "aliases", "binary"],
)
def test_hostile_settings_are_a_warning(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(path)
    assert settings.warnings
    assert settings.library == ()


async def test_reader_starts_with_a_warning_when_settings_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERREAD_CONFIG_DIR", str(a_regular_file(tmp_path) / "config"))
    app = PaperreadApp(load_library([SAMPLE]), load_settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert SAMPLE_LEAD in story_text(app)
        assert any("cannot read settings" in m for m in messages(app)), messages(app)


def test_the_real_reader_starts_over_a_deeply_nested_config(
    tmp_path: Path, pty_env: Callable[..., dict[str, str]], run_in_pty: Callable[..., PtyRun]
) -> None:
    env = pty_env(tmp_path)
    config = Path(env["PAPERREAD_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("theme: " + "[" * 5000 + "]" * 5000 + "\n")
    run = run_in_pty([str(SAMPLE)], env, marker=SAMPLE_LEAD.encode(), keys=b"q")
    assert run.saw_marker and run.returncode == 0, run.text[-2000:]


# --- the data dir -------------------------------------------------------------------------


async def test_a_data_dir_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = a_regular_file(tmp_path)
    monkeypatch.setenv("PAPERREAD_DATA_DIR", str(blocker))
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "b")
        await pilot.pause()
        screen = reader(app)
        assert screen.article is not None and screen.article.id == "chaoketu"
        assert any(f"{blocker} is not a folder" in m for m in messages(app)), messages(app)
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_commands_with_a_data_dir_that_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERREAD_DATA_DIR", str(a_regular_file(tmp_path)))
    assert main(["bookmarks"]) == 0
    out, err = capsys.readouterr()
    assert "No bookmarks yet" in out and "Traceback" not in err
    assert main(["cat", str(SAMPLE), "chaoketu"]) == 0
    assert main(["search", "党建", str(SAMPLE)]) == 0


def test_the_default_library_with_data_and_cache_dirs_that_are_files(
    tmp_path: Path, pty_env: Callable[..., dict[str, str]], run_in_pty: Callable[..., PtyRun]
) -> None:
    """``paperread`` alone: the bundled sample opens; the catalogue lives in memory."""
    blocker = a_regular_file(tmp_path)
    env = pty_env(tmp_path, PAPERREAD_DATA_DIR=str(blocker), PAPERREAD_CACHE_DIR=str(blocker))
    run = run_in_pty([], env, marker=SAMPLE_LEAD.encode(), keys=b"bq")
    assert run.saw_marker and run.returncode == 0, run.text[-2000:]
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


async def test_a_damaged_database_is_moved_aside_and_reading_goes_on(tmp_path: Path) -> None:
    data = paths.data_dir()
    data.mkdir(parents=True)
    (data / DB_NAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a bad header
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert SAMPLE_LEAD in story_text(app)
        assert any("moved aside" in m for m in messages(app)), messages(app)
    assert [p.name.startswith(f"{DB_NAME}.broken-") for p in data.iterdir()].count(True) == 1
    assert len(Store().bookmarks()) == 1


async def test_a_locked_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the write lock: the reader reads on and says why nothing is saved."""
    Store().set_setting("measure", "80")  # the file exists, in WAL mode
    quick = functools.partial(Store, busy_timeout=0.2)  # not the 5 s a person would wait
    monkeypatch.setattr("reader.store.state.Store", quick)
    other = sqlite3.connect(paths.data_dir() / DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock until the rollback
    try:
        app = PaperreadApp(load_library([SAMPLE]))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n", "b")
            await pilot.pause()
            assert "朝克吐" in story_text(app)
            assert any("locked by another program" in m for m in messages(app)), messages(app)
            other.execute("ROLLBACK")
            await pilot.press("b")
            await pilot.pause()
            assert any(m == "Bookmarked" for m in messages(app)), messages(app)
    finally:
        other.close()
    assert [b.article_id for b in Store().bookmarks()] == ["chaoketu"]


async def test_a_full_disk(tmp_path: Path) -> None:
    """A bookmark made while the disk is full is refused whole; what was saved stays."""
    issue = load_library([SAMPLE]).entries[0].issue
    assert issue is not None
    earlier = Store()
    section, article = issue.sections[0], issue.sections[0].articles[-1]
    earlier.toggle_bookmark(issue, section, article)
    earlier.close()
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        store = app.store
        assert store is not None and store._conn is not None
        conn = store._conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now...
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for n in range(100_000):  # ...once the free bytes of those pages are used up
                conn.execute(
                    "INSERT INTO bookmark (article_key, issue_key, article_id, section, headline,"
                    " created) VALUES (?, 'f', 'f', '', '', 0)",
                    (f"f{n}",),
                )
        await pilot.press("b")
        await pilot.pause()
        assert any(m == "disk full: bookmark not saved" for m in messages(app)), messages(app)
        assert SAMPLE_LEAD in story_text(app)
        conn.execute("DELETE FROM bookmark WHERE issue_key = 'f'")
        conn.execute(f"PRAGMA max_page_count = {pages * 100}")  # space again
        await pilot.press("b")
        await pilot.pause()
        assert any(m == "Bookmarked" for m in messages(app)), messages(app)
    ids = sorted(b.article_id for b in Store().bookmarks())
    assert ids == sorted({article.id, issue.sections[0].articles[0].id})
    assert Store().verify()


# --- several paperread processes at once ------------------------------------------------------

TOGGLER = r"""
import datetime as dt, sys
from reader.issue.model import Article, Issue, Paragraph, Section
from reader.store.state import Store
times = int(sys.argv[1])
articles = tuple(Article(f"a{n}", f"标题{n}", (Paragraph("x"),)) for n in range(20))
issue = Issue(paper="共享报", date=dt.date(2026, 11, 27), sections=(Section("S", articles),))
store = Store()
sys.stdin.readline()  # all start together
for _ in range(times):
    for article in articles:
        store.toggle_bookmark(issue, issue.sections[0], article)
"""


def test_four_processes_toggling_the_same_bookmarks() -> None:
    """Each toggle is one transaction: 1 + 2 + 3 + 3 = 9 toggles leave every article marked."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TOGGLER, str(times)], cwd=REPO, stdin=subprocess.PIPE
        )
        for times in (1, 2, 3, 3)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.close()
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0, 0, 0]
    store = Store()
    assert sorted(b.article_id for b in store.bookmarks()) == sorted(f"a{n}" for n in range(20))
    assert store.verify()


def test_two_readers_at_once_keep_both_bookmarks(
    tmp_path: Path, pty_env: Callable[..., dict[str, str]], run_in_pty: Callable[..., PtyRun]
) -> None:
    issue = two(tmp_path / "two.yaml")
    env = pty_env(tmp_path)
    # b toggles, and each reader opens the issue where the other last was (the place is
    # shared): each first goes to its own article and presses b only once it is there.
    on_first = (b"article 1 of 2", b"This is the first article")
    on_second = (b"article 2 of 2", b"No more articles")
    runs = [
        (b"p", ((on_first, b"bq"),)),  # bookmarks the first article
        (b"n", ((on_second, b"bq"),)),  # the second
    ]
    with ThreadPoolExecutor(2) as pool:
        done = list(
            pool.map(
                lambda r: run_in_pty([str(issue)], env, marker=b"FIRSTMARK", keys=r[0], then=r[1]),
                runs,
            )
        )
    assert [run.returncode for run in done] == [0, 0], [run.text[-1000:] for run in done]
    store = Store(Path(env["PAPERREAD_DATA_DIR"]) / DB_NAME)
    assert sorted(b.article_id for b in store.bookmarks()) == ["first", "second"]


# --- library files that change under the reader ---------------------------------------------


async def test_the_open_file_deleted_or_rewritten(tmp_path: Path) -> None:
    path = two(tmp_path / "issue.yaml")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path.unlink()
        await pilot.press("n", "b")
        await pilot.pause()
        assert "SECONDMARK1" in story_text(app)  # what was loaded is still read
        path.write_bytes(b"\x00garbage")
        await pilot.press("p", "B", "escape")
        await pilot.pause()
        assert "FIRSTMARK1" in story_text(app)
    assert [b.article_id for b in Store().bookmarks()] == ["second"]


async def test_library_files_deleted_or_rewritten_before_they_are_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is read from the catalogue; an issue is parsed only when opened."""
    # Named from its own folder, so a long temp path cannot split the words looked for.
    monkeypatch.chdir(tmp_path)
    folder = Path("library")
    newest, gone, rewritten = (two(folder / f"{d}.yaml", d) for d in (3, 2, 1))
    library = catalogue_library([folder])
    assert [e.path for e in library.entries] == [newest, gone, rewritten]
    gone.unlink()
    rewritten.write_text("paperread: 1\npaper: 换了\n", encoding="utf-8")
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert "FIRSTMARK3" in story_text(app)
        screen.open_entry(1)
        await pilot.pause()
        # The panel's words, whatever line breaks a long temporary path puts among them.
        words = " ".join(story_text(app).split())
        assert "could not be opened" in words and "no such file" in words
        screen.open_entry(2)
        await pilot.pause()
        assert "missing key 'sections'" in " ".join(story_text(app).split())
        screen.open_entry(0)
        await pilot.pause()
        assert "FIRSTMARK3" in story_text(app)


def test_cat_and_check_of_a_deleted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = two(tmp_path / "gone.yaml")
    path.unlink()
    assert main(["cat", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"{path}: no such file\n"
    assert main(["check", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{path}: no such file or folder\n"


def test_a_bookmark_whose_file_is_gone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = two(tmp_path / "kept.yaml")
    issue = load_library([path]).entries[0].issue
    assert issue is not None
    Store().toggle_bookmark(issue, issue.sections[0], issue.sections[0].articles[1])
    path.unlink()
    assert main(["bookmarks"]) == 0
    out, _ = capsys.readouterr()
    assert "第二条 SECONDMARK1" in out and "(file missing)" in out
