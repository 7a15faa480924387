"""A first start on a library the catalogue does not know: the newest issue at once, the
rest read in the background with its progress in the message line (issue 16, item 2)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Tree

import reader.library.catalogue
import reader.library.files
from reader.library.catalogue import Catalogue, Progress
from reader.library.files import Library, catalogue_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from tests.conftest import PollUntil, WaitUntil, WriteIssue

ISSUES = 50
FIRST_DAY = dt.date(2026, 1, 1)
NEWEST = FIRST_DAY + dt.timedelta(days=ISSUES - 1)


def _library(root: Path, write_issue: WriteIssue) -> None:
    """50 daily issues in two folders; the file names say nothing of the dates, and their
    order is not the dates' order."""
    for day in range(ISSUES):
        date = FIRST_DAY + dt.timedelta(days=day)
        number = (day * 17) % ISSUES  # a shuffled numbering
        folder = root / ("a" if number % 2 else "b")
        write_issue(
            folder / f"issue-{number:03}.yaml", "Test Daily", date.isoformat(), [f"Lead {date}"]
        )


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Parsing in the catalogue's background reading waits until the event is set (set at
    the end in any case): the reading is observably unfinished until the test lets it go.
    The first look's parse, on the main thread before the app starts, is not held."""
    event = threading.Event()
    parse = reader.library.catalogue.load_issue

    def held(path: str, **options: bool) -> object:
        if threading.current_thread() is not threading.main_thread():
            event.wait(timeout=60)
        return parse(path, **options)

    monkeypatch.setattr(reader.library.catalogue, "load_issue", held)
    yield event
    event.set()


def _first_start(tmp_path: Path, write_issue: WriteIssue, age: Callable[[Path], None]) -> Library:
    root = tmp_path / "lib"
    _library(root, write_issue)
    age(root)
    return catalogue_library([root], Catalogue(tmp_path / "catalogue.db"), quick=True)


def test_a_first_start_parses_only_the_newest_issue(
    tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]
) -> None:
    library = _first_start(tmp_path, write_issue, age_folders)
    assert not library.verified and library.pending == ISSUES - 1
    (entry,) = library.entries
    assert entry.loaded and entry.date == NEWEST
    assert (
        entry.issue is not None and entry.issue.sections[0].articles[0].headline == f"Lead {NEWEST}"
    )


async def test_first_start_shows_the_newest_issue_and_reads_the_rest_behind_it(
    tmp_path: Path,
    write_issue: WriteIssue,
    age_folders: Callable[[Path], None],
    tree_labels: Callable[[Tree[int]], list[str]],
    wait_until: WaitUntil,
    gate: threading.Event,
) -> None:
    library = _first_start(tmp_path, write_issue, age_folders)
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.article is not None and screen.article.headline == f"Lead {NEWEST}"
        progress = f"Reading the library: 0 of {ISSUES - 1} files"
        await wait_until(pilot, lambda: screen.message_line.text == progress, what="progress")
        assert not screen.library.verified  # the reading is held: not finished

        # The library screen, opened now, says it is still reading: no count of one issue.
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), what="library")
        shown = app.screen
        assert isinstance(shown, LibraryScreen)
        title = str(shown.query_one("#library-title").render())
        assert title.startswith(progress) and "1 issue" not in title
        gate.set()
        await wait_until(pilot, lambda: shown.reading is None, what="the library read")
        assert str(shown.query_one("#library-title").render()).startswith(
            f"Library: {ISSUES} issues"
        )
        issues = [line for line in tree_labels(shown.query_one(Tree)) if line.startswith("  ")]
        assert len(issues) == ISSUES and issues[0].startswith(f"  ▶ {NEWEST}")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the reader")
        assert screen.library.verified and len(screen.library.entries) == ISSUES
        assert screen.entry_index == 0
        assert screen.message_line.standing == ""  # the progress is gone
        assert screen.message_line.text in ("", f"Library read: {ISSUES} issues")

    # The second start answers from the catalogue: the quick path, nothing left to read.
    again = catalogue_library([tmp_path / "lib"], Catalogue(tmp_path / "catalogue.db"), quick=True)
    assert not again.verified and again.pending == 0 and len(again.entries) == 1
    assert again.entries[0].date == NEWEST and not again.entries[0].loaded


async def test_search_during_the_first_reading_says_so(
    tmp_path: Path,
    write_issue: WriteIssue,
    age_folders: Callable[[Path], None],
    wait_until: WaitUntil,
    gate: threading.Event,
) -> None:
    library = _first_start(tmp_path, write_issue, age_folders)
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: screen.library_check.reading is not None, what="reading")
        await pilot.press("slash")
        await wait_until(
            pilot, lambda: "search once it is read" in screen.message_line.text, what="answer"
        )
        assert app.screen is screen
        await pilot.press("n")  # the keys still work
        gate.set()
        await wait_until(pilot, lambda: screen.library.verified, what="the library read")
        await wait_until(pilot, lambda: not screen.message_line.standing, what="the progress gone")


async def test_quitting_during_the_first_reading_stops_it(
    tmp_path: Path,
    write_issue: WriteIssue,
    age_folders: Callable[[Path], None],
    wait_until: WaitUntil,
    poll_until: PollUntil,
    gate: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reading runs in a thread, which the interpreter waits for before the process
    ends: on quitting it must stop, not read the rest of the library first."""
    ended: list[str] = []
    verify = reader.library.files.verify_library

    def watched(library: Library, progress: Progress | None = None) -> Library | None:
        try:
            fresh = verify(library, progress)
        except BaseException as error:
            ended.append(type(error).__name__)
            raise
        ended.append("finished")
        return fresh

    monkeypatch.setattr(reader.library.files, "verify_library", watched)
    library = _first_start(tmp_path, write_issue, age_folders)
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: screen.library_check.reading is not None, what="reading")
        await pilot.press("q")
    gate.set()  # the file being parsed when the reader quit is the last
    poll_until(lambda: ended, what="the reading to end")
    assert ended == ["_Stopped"]


async def test_reading_on_during_the_first_reading_says_the_rest_is_not_read_yet(
    tmp_path: Path,
    write_issue: WriteIssue,
    age_folders: Callable[[Path], None],
    wait_until: WaitUntil,
    gate: threading.Event,
) -> None:
    """``n`` past the newest issue's end and next unread: while the other files are read,
    not "no more articles" about issues the reader has not read yet; once read, on."""
    library = _first_start(tmp_path, write_issue, age_folders)
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: screen.library_check.reading is not None, what="reading")
        waiting = f"Reading the library: 0 of {ISSUES - 1} files — the next issues follow"
        await pilot.press("n")  # the newest issue holds one article: n is past its end
        await wait_until(pilot, lambda: waiting in screen.message_line.text, what="n answered")
        assert screen.entry_index == 0 and "No more articles" not in screen.message_line.text
        await pilot.press("U")  # next unread: every other issue is unread, but not read yet
        await wait_until(
            pilot,
            lambda: "the other issues follow" in screen.message_line.text,
            what="N answered",
        )
        assert "No unread" not in screen.message_line.text
        gate.set()
        await wait_until(pilot, lambda: screen.library.verified, what="the library read")
        await pilot.press("n")
        older = NEWEST - dt.timedelta(days=1)
        await wait_until(
            pilot,
            lambda: screen.article is not None and screen.article.headline == f"Lead {older}",
            what="the next issue",
        )
        assert "End of the issue" in screen.message_line.text
