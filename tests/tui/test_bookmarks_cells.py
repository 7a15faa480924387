"""The bookmarks list (B): long cells stay within their column, and "(file missing)" is true."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.text import Text
from textual.widgets import DataTable

from reader.library.files import load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import CELLS, MISSING, BookmarksScreen, fit, when
from reader.tui.screens.reader import ReaderScreen
from tests.tui.screen_text import screen_text

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

ISSUE = """\
paperread: 1
paper: 晨光日报
date: 2026-03-01
language: zh-Hans
sections:
  - title: 要闻
    articles:
      - id: first
        headline: {headline}
        body: [第一篇。]
      - id: second
        headline: 第二篇报道
        body: [第二篇。]
"""

LONG_NOTE = "这条笔记很长" * 30 + "最后几个字"


def write_issue(folder: Path, name: str = "issue.yaml", headline: str = "社区党建活动") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ISSUE.format(headline=headline), encoding="utf-8")
    return path


def bookmark_second(path: Path, note: str = "") -> float:
    """Bookmark the issue's second article; when it was saved."""
    issue = load_library([path]).entries[0].issue
    assert issue is not None
    section = issue.sections[0]
    with Store() as store:
        store.toggle_bookmark(issue, section, section.articles[1], note)
        return next(m.created for m in store.bookmarks() if m.article_id == "second")


def test_fit_ellipsizes_by_terminal_cells() -> None:
    assert fit(Text("短"), 4).plain == "短"
    assert fit(Text("一二三四五六"), 7).plain == "一二三…"
    assert fit(Text("一二三四五六"), 8).plain == "一二三…"
    assert fit(Text("abcdefgh"), 5).plain == "abcd…"


@pytest.mark.parametrize("size", [(100, 30), (140, 30)])
async def test_a_long_note_keeps_every_column_on_screen(
    size: tuple[int, int], tmp_path: Path, wait_until: WaitUntil
) -> None:
    long_headline = "一篇标题很长的报道" * 8
    path = write_issue(tmp_path / "lib", headline=long_headline)
    issue = load_library([path]).entries[0].issue
    assert issue is not None
    section = issue.sections[0]
    with Store() as store:
        store.toggle_bookmark(issue, section, section.articles[0], LONG_NOTE)
    created = bookmark_second(path, LONG_NOTE)
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=size) as pilot:
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.pause()
        text = screen_text(app).replace("\n", "")
        assert when(created) in text, size  # the Saved column is on screen
        assert "这条笔记" in text and "最后几个字" not in text
        if size[0] >= 140:  # room for the whole note column: it ends in "…"
            assert "这条笔记很长这条笔记很长这条…" in text
        table = app.screen.query_one(DataTable)
        for row in range(2):
            cells = table.get_row_at(row)
            note, headline = cells[-1], cells[0]
            assert isinstance(note, Text) and isinstance(headline, Text)
            assert note.plain.endswith("…") and note.cell_len <= CELLS["Note"]
            assert headline.cell_len <= CELLS["Headline"]
        assert table.get_row_at(0)[0].plain == "第二篇报道"  # newest first
        assert table.get_row_at(1)[0].plain.endswith("报…")  # the long headline


async def test_a_renamed_file_is_not_called_missing_and_opens(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    path = write_issue(tmp_path / "lib")
    bookmark_second(path)
    path.rename(path.with_name("renamed.yaml"))  # the same issue, found again by its key
    newer = write_issue(tmp_path / "lib", "newer.yaml", headline="别的报道")  # opens first
    newer.write_text(newer.read_text("utf-8").replace("2026-03-01", "2026-03-09"), "utf-8")
    app = PaperreadApp(load_library([path.parent]))
    async with app.run_test(size=(120, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.article is not None)
        assert reader.article is not None and reader.article.headline == "别的报道"
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.pause()
        cell = app.screen.query_one(DataTable).get_row_at(0)[0]
        assert isinstance(cell, Text) and cell.plain == "第二篇报道"
        assert MISSING.strip() not in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is reader)
        assert reader.article is not None and reader.article.id == "second"


async def test_a_missing_file_says_so_and_does_not_pretend_to_open(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    gone = write_issue(tmp_path / "gone")
    bookmark_second(gone)
    gone.unlink()
    other = write_issue(tmp_path / "lib", headline="别的报道")
    other.write_text(other.read_text(encoding="utf-8").replace("晨光日报", "别的日报"), "utf-8")
    app = PaperreadApp(load_library([other]))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.article is not None)
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.pause()
        cell = app.screen.query_one(DataTable).get_row_at(0)[0]
        assert isinstance(cell, Text) and cell.plain == "第二篇报道" + MISSING
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is reader)
        assert reader.article is not None and reader.article.headline == "别的报道"
        messages = [n.message for n in app._notifications]
        assert any("missing" in m for m in messages), messages
