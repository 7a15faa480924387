"""Key /: search across the issue and the library, in either script, n/N between matches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.pilot import Pilot

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

WaitForHits = Callable[[Pilot[Any], SearchScreen], Awaitable[None]]


@pytest.fixture
def wait_for_hits(wait_until: WaitUntil) -> WaitForHits:
    """``await wait_for_hits(pilot, screen)``: until the search screen shows indexed results."""

    async def wait(pilot: Pilot[Any], screen: SearchScreen) -> None:
        await wait_until(pilot, lambda: screen.hits and screen.indexed, what="search results")

    return wait


async def test_search_in_traditional_finds_simplified_and_opens_at_the_match(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_for_hits: WaitForHits,
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
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


async def test_search_opens_another_issue_of_the_library(
    tmp_path: Path, make_search_library: Callable[[Path], Path], wait_for_hits: WaitForHits
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
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


async def test_search_syntax_and_empty_queries_are_harmless(
    tmp_path: Path, make_search_library: Callable[[Path], Path], wait_until: WaitUntil
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        for query in ['"', "*", "NEAR(", "a:b", "   "]:
            shown = search._searched
            search.query_one("#search-input").value = query  # type: ignore[attr-defined]
            # Each query is searched and its (empty) results shown, without an error.
            await wait_until(
                pilot, lambda shown=shown: search._searched > shown, what=f"results of {query!r}"
            )
            assert app.is_running
            assert not any("failed" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_results_arriving_after_the_box_closed_are_dropped(
    tmp_path: Path, make_search_library: Callable[[Path], Path], wait_until: WaitUntil
) -> None:
    """A search (or indexing) worker may finish just after escape: its results must not
    reach a screen that is gone (that raised NoMatches and stopped the reader)."""
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        search._show("党建", [], False)  # what the worker's call_from_thread would run
        search._indexed()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)


async def test_while_indexing_the_open_issue_is_searched(
    tmp_path: Path, make_search_library: Callable[[Path], Path]
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
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


async def test_a_damaged_index_found_by_a_search_is_said_and_rebuilt(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_for_hits: WaitForHits,
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
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
        await wait_until(
            pilot, lambda: any("damaged" in str(n.message) for n in app._notifications)
        )
        assert any("damaged" in str(n.message) for n in app._notifications)
        await wait_for_hits(pilot, search)
        assert len(search.hits) == 2
