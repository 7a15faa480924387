"""Key l: the library screen, papers → issues by date, unread counts, broken files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Tree

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.typeset.article import wrap_text
from tests.tui.screen_text import screen_text

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


async def test_library_lists_issues_newest_first_and_opens_one(
    tmp_path: Path,
    make_dated_library: Callable[[Path], Path],
    tree_labels: Callable[[Tree[int]], list[str]],
) -> None:
    app = PaperreadApp(load_library([make_dated_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.issue is not None and str(screen.issue.date) == "2026-01-03"
        await pilot.press("n")  # read both articles of the newest issue
        await pilot.press("l")
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        shown = tree_labels(library.query_one(Tree))
        assert shown[0] == "Test Daily"
        assert shown[1] == "  ▶ 2026-01-03  2 articles  all read"
        assert shown[2] == "  2026-01-02  2 articles  2 unread"  # never opened: all unread
        assert shown[3] == "  2026-01-01  2 articles  2 unread"
        assert shown[4] == "Files that could not be opened"
        assert shown[5].startswith("  ✗ zz-broken.yaml")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert screen.issue is not None and str(screen.issue.date) == "2026-01-02"
        assert screen.article is not None and screen.article.headline == "Story one of 2026-01-02"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = tree_labels(app.screen.query_one(Tree))
        assert shown[2].startswith("  ▶ 2026-01-02  2 articles  1 unread")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


@pytest.mark.parametrize("before", [None, 1, 2, 7, 13])
async def test_library_opens_a_broken_file_as_an_error_panel(
    tmp_path: Path,
    make_dated_library: Callable[[Path], Path],
    before: int | None,
    folder_at_wrap: Callable[[int, str, int], Path],
    story_width: int,
) -> None:
    # ``before``: how many characters of the file name the path puts before the line's
    # end, whatever the length of the temporary path (None: straight in tmp_path).
    name = "zz-broken.yaml"
    folder = tmp_path if before is None else folder_at_wrap(story_width, name, before)
    app = PaperreadApp(load_library([make_dated_library(folder)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j", "enter")
        await pilot.pause()
        assert screen.issue is None
        assert screen.story.scrollable_content_region.width == story_width
        title = f"{folder / name} could not be opened:"
        if before is not None:  # a plain wrap would cut the name here
            assert not any(name in line for _, line in wrap_text(title, story_width))
        lines = screen.story.plain_text().split("\n")
        assert sum(name in line for line in lines) == 2, lines  # the title and the problem
        await pilot.press("n", "t", "b", "y", "l")
        await pilot.pause()
        assert app.is_running


async def test_library_title_counts_issues_and_broken_files(
    tmp_path: Path, make_dated_library: Callable[[Path], Path]
) -> None:
    app = PaperreadApp(load_library([make_dated_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        title = str(app.screen.query_one("#library-title").render())
        assert (
            title == "Library: 3 issues, 1 file that could not be opened — enter opens, U updates"
        )


async def test_a_narrow_library_cuts_the_name_never_the_counts(tmp_path: Path) -> None:
    # At 40 columns the sample's row (file name, 7 articles, 6 unread) does not fit: the name
    # loses its end ("…"), the counts stay whole. Tree would cut the end of the row.
    issue = tmp_path / "a-rather-long-file-name-for-an-issue.yaml"
    issue.write_bytes(SAMPLE.read_bytes())
    app = PaperreadApp(load_library([issue]))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.pause()
        # screen_text puts each painted run on its own line: join them back into rows' text.
        painted = screen_text(app).replace("\n", "")
        assert re.search(r"▶ a-rather-[a-z-]*…  7 articles  6 unread", painted), painted
