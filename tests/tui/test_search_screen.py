"""Key /: search across the issue and the library, in either script, n/N between matches."""

from __future__ import annotations

from pathlib import Path

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen

SIMPLIFIED = """\
paperread: 1
paper: 晨光日报
date: 2026-03-01
language: zh-Hans
sections:
  - title: 要闻
    articles:
      - id: weather
        headline: 今天天气晴朗
        body: [阳光很好，适合出门散步。]
      - id: party
        headline: 社区党建活动丰富多彩
        body:
          - 街道开展党建活动，居民踊跃参加。
          - 活动结束后，大家还讨论了下一次党建主题。
"""

TRADITIONAL = """\
paperread: 1
paper: 晨光日報
date: 2026-02-01
language: zh-Hant
sections:
  - title: 地方
    articles:
      - id: older
        headline: 舊聞一則
        body: [這是一篇關於黨建工作的舊報導。]
"""


def make_library(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(TRADITIONAL, encoding="utf-8")
    return tmp_path


async def wait_for_hits(pilot, screen: SearchScreen) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await pilot.pause(0.02)
        if screen.hits and screen.indexed:
            return
    raise AssertionError("no results")


async def test_search_in_traditional_finds_simplified_and_opens_at_the_match(
    tmp_path: Path,
) -> None:
    app = PaperreadApp(load_library([make_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"黨建")
        await wait_for_hits(pilot, search)
        # the current issue first, then the library
        assert [h.article_id for h in search.hits] == ["party", "older"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert reader.article is not None and reader.article.id == "party"
        assert reader.story.match_count() == 3
        assert reader.story.current_match == 0
        await pilot.press("n")  # next match, not next article
        assert reader.story.current_match == 1
        assert reader.article.id == "party"
        await pilot.press("N", "N")
        assert reader.story.current_match == 2
        await pilot.press("escape")
        assert reader.story.match_count() == 0
        await pilot.press("p")  # article keys again
        assert reader.article.id == "weather"


async def test_search_opens_another_issue_of_the_library(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([make_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"旧报")
        await wait_for_hits(pilot, search)
        assert [h.article_id for h in search.hits] == ["older"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert reader.issue is not None and reader.issue.paper == "晨光日報"
        assert reader.story.match_count() == 1


async def test_search_syntax_and_empty_queries_are_harmless(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([make_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        for query in ['"', "*", "NEAR(", "a:b", "   "]:
            search.query_one("#search-input").value = query  # type: ignore[attr-defined]
            await pilot.pause(0.3)
            assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_while_indexing_the_open_issue_is_searched(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([make_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        from reader.tui.screens.search import SearchScreen as Screen

        index, _ = app.search_index()
        search = Screen(index, app.library, screen.issue.identity, indexed=False)  # type: ignore[union-attr]
        search._update_index = lambda: None  # type: ignore[method-assign]  # stay "indexing"
        app.push_screen(search, screen.open_search_hit)
        await pilot.pause()
        await pilot.press(*"党建")
        await pilot.pause()
        assert [h.article_id for h in search.hits] == ["party"]
        assert "Indexing" in str(search.query_one("#search-status").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert screen.article is not None and screen.article.id == "party"


async def test_a_damaged_index_found_by_a_search_is_said_and_rebuilt(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([make_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"党建")
        await wait_for_hits(pilot, search)
        index = search.index
        real = index.search

        def damaged(*args, **kwargs):  # type: ignore[no-untyped-def]
            index.search = real  # type: ignore[method-assign]
            index.rebuilt = True
            index.messages.append("the search index x was damaged (test); it is being rebuilt")
            return []

        index.search = damaged  # type: ignore[method-assign]
        await pilot.press("backspace", *"建")
        for _ in range(200):
            await pilot.pause(0.02)
            if any("damaged" in str(n.message) for n in app._notifications):
                break
        assert any("damaged" in str(n.message) for n in app._notifications)
        await wait_for_hits(pilot, search)
        assert len(search.hits) == 2
