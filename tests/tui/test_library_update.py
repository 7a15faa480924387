"""Key U in the library screen (issue 14.5): config.yaml's sources are fetched in the
background from a real HTTP server on 127.0.0.1, the title line says what came of each,
and the library is shown anew with the issue written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Tree

from reader import paths
from reader.library.files import catalogue_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from tests.conftest import SAMPLE, WaitUntil
from tests.unit.test_update_cli import site, write_config

__all__ = ["site"]  # the fixture, used by name


async def test_u_updates_the_sources_and_shows_the_library_anew(
    site: tuple[str, Path],
    wait_until: WaitUntil,
    tree_labels: Callable[[Tree[int]], list[str]],
) -> None:
    base, _ = site
    write_config(f"sources:\n  - name: 河湾\n    feed: {base}/feeds/rss2.xml\n")
    folder = paths.user_issues_dir()
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    app = PaperreadApp(catalogue_library([folder]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert len(tree_labels(library.query_one(Tree))) == 2  # the sample's paper, one issue
        await pilot.press("U")
        await wait_until(pilot, lambda: library.update_note == "河湾: 2 new articles (2024-01-09)")
        assert library._title().startswith("Library: 2 issues — enter opens, U updates — 河湾: 2")
        shown = tree_labels(library.query_one(Tree))
        assert "河湾晨报 · 要闻" in shown
        assert reader.library is library.library and len(reader.library.entries) == 2
        await pilot.press("U")
        await wait_until(pilot, lambda: library.update_note == "河湾: unchanged")
        # enter on the new issue opens it in the reader
        tree = library.query_one(Tree)
        line = shown.index("河湾晨报 · 要闻") + 1
        tree.move_cursor(tree.get_node_at_line(line))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is reader)
        assert reader.issue is not None and reader.issue.paper == "河湾晨报 · 要闻"
