"""The library is indexed in the background; / searches what is indexed so far meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.widgets import ProgressBar

from reader.library.files import catalogue_library, load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil


async def test_the_library_is_indexed_after_start(
    tmp_path: Path, make_search_library: Callable[[Path], Path], wait_until: WaitUntil
) -> None:
    (tmp_path / "lib").mkdir()
    root = make_search_library(tmp_path / "lib")
    app = PaperreadApp(catalogue_library([root]))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.search_indexed)
        assert not app.indexing and app.index_progress is None
        await pilot.press("/")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen) and search.indexed
        await pilot.press(*"黨建")
        await wait_until(pilot, lambda: len(search.hits) == 2)
        assert [h.article_id for h in search.hits] == ["party", "older"]


class Running:
    """Stands for the indexing child: running until told otherwise."""

    running = True

    def stop(self) -> None:
        self.running = False


async def test_while_the_background_indexes_results_so_far_are_shown(
    tmp_path: Path, make_search_library: Callable[[Path], Path], wait_until: WaitUntil
) -> None:
    root = make_search_library(tmp_path)
    app = PaperreadApp(load_library([root]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        indexer = Running()
        app._indexer = indexer  # type: ignore[assignment]
        app.index_progress = (0, 2)
        index, _ = app.search_index()
        # So far the child has indexed the older issue only (the open one is not yet in).
        index.update([e for e in app.library.entries if e.path.name == "b.yaml"])
        await pilot.press("/")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen) and not search.indexed
        await pilot.press(*"党建")
        await wait_until(pilot, lambda: len(search.hits) == 2)
        # The open issue first (searched in memory), then the library's indexed part.
        assert [h.article_id for h in search.hits] == ["party", "older"]
        status = str(search.query_one("#search-status").render())
        assert "2 stories so far" in status and "Indexing 2 issues, newest first: 0 done" in status
        app._index_progressed(1, 2)
        await pilot.pause()
        assert search.query_one(ProgressBar).progress == 1
        indexer.running = False
        index.update(app.library.entries)
        app._index_finished(True, [])
        await wait_until(pilot, lambda: search.indexed and len(search.hits) == 2)
        assert app.search_indexed
        assert not search.query_one(ProgressBar).display
        await pilot.press("enter")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == "party"


async def test_a_failed_background_run_is_said_and_search_indexes_itself(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_until: WaitUntil,
) -> None:
    root = make_search_library(tmp_path)
    app = PaperreadApp(load_library([root]))
    async with app.run_test(size=(100, 30)) as pilot:
        indexer = Running()
        app._indexer = indexer  # type: ignore[assignment]
        await pilot.press("/")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        indexer.running = False
        app._index_finished(False, ["indexing the library stopped: OSError: no space"])
        await pilot.press(*"黨建")
        await wait_until(pilot, lambda: search.indexed and len(search.hits) == 2)
        assert any("no space" in str(n.message) for n in app._notifications)


async def test_reports_of_a_stopped_run_are_dropped(
    tmp_path: Path, make_search_library: Callable[[Path], Path]
) -> None:
    from reader.tui.app import IndexReport

    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        old, current = Running(), Running()
        app._indexer = current  # type: ignore[assignment]
        app.index_progress = (0, 9)
        app.post_message(IndexReport(old, progress=(5, 9)))
        app.post_message(IndexReport(old, ok=True))
        await pilot.pause()
        assert app.indexing and app.index_progress == (0, 9) and not app.search_indexed
        app.post_message(IndexReport(current, progress=(3, 9)))
        await pilot.pause()
        assert app.index_progress == (3, 9)
        app.post_message(IndexReport(current, ok=True))
        await pilot.pause()
        assert not app.indexing and app.search_indexed


async def test_the_index_is_opened_off_the_ui_thread(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_until: WaitUntil,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening the index (reading the file, building the folding: ~30 ms) never stalls the
    interface: neither when the library is indexed after start nor on the first /."""
    import reader.search.index as index_module

    threads: list[threading.Thread] = []
    original = index_module.SearchIndex.__init__

    def recording(self: index_module.SearchIndex, *args: Any, **kwargs: Any) -> None:
        threads.append(threading.current_thread())
        original(self, *args, **kwargs)

    monkeypatch.setattr(index_module.SearchIndex, "__init__", recording)
    (tmp_path / "lib").mkdir()
    root = make_search_library(tmp_path / "lib")
    app = PaperreadApp(catalogue_library([root]))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.search_indexed)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()

    threads.clear()
    app = PaperreadApp(load_library([root]))  # no catalogue: / opens the index
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("/")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    assert threads and all(t is not threading.main_thread() for t in threads)
