"""The reader on a quickly-started library: the newest issue first, the rest checked after."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Tree

from reader.library.catalogue import Catalogue
from reader.library.files import catalogue_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen


@pytest.fixture
def quick_library(
    make_dated_library: Callable[[Path], Path], age_folders: Callable[[Path], None]
) -> Callable[[Path], tuple[Path, Catalogue]]:
    """``quick_library(folder)``: the dated library, aged, and its scanned catalogue."""

    def make(tmp_path: Path) -> tuple[Path, Catalogue]:
        (tmp_path / "lib").mkdir(parents=True)
        root = make_dated_library(tmp_path / "lib")
        age_folders(root)
        cat = Catalogue(tmp_path / "catalogue.db")
        cat.scan([root])
        return root, cat

    return make


async def test_the_library_is_checked_after_the_first_frame(
    tmp_path: Path,
    tree_labels: Callable[[Tree[int]], list[str]],
    quick_library: Callable[[Path], tuple[Path, Catalogue]],
) -> None:
    root, cat = quick_library(tmp_path / "x")
    library = catalogue_library([root], cat, quick=True)
    assert not library.verified and len(library.entries) == 1
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.issue is not None and str(screen.issue.date) == "2026-01-03"
        await screen.library_ready()
        await pilot.pause()
        assert screen.library.verified and app.library is screen.library  # type: ignore[attr-defined]
        assert len(screen.library.entries) == 4
        assert screen.entry_index == 0
        assert screen.article is not None and screen.article.headline == "Story one of 2026-01-03"
        # The broken file is announced once the whole library is known.
        assert any("zz-broken.yaml" in str(n.message) for n in app._notifications)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = tree_labels(app.screen.query_one("Tree"))  # type: ignore[arg-type]
        assert shown[1].startswith("  ▶ 2026-01-03")
        assert shown[2].startswith("  2026-01-02") and shown[3].startswith("  2026-01-01")


async def test_l_at_once_waits_for_the_check(
    tmp_path: Path,
    tree_labels: Callable[[Tree[int]], list[str]],
    quick_library: Callable[[Path], tuple[Path, Catalogue]],
) -> None:
    root, cat = quick_library(tmp_path / "x")
    app = PaperreadApp(catalogue_library([root], cat, quick=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = tree_labels(app.screen.query_one("Tree"))  # type: ignore[arg-type]
        assert len([line for line in shown if line.startswith("  ")]) == 4


async def test_the_open_issue_stays_open_when_the_check_moves_it(
    tmp_path: Path,
    tree_labels: Callable[[Tree[int]], list[str]],
    dated_issue: str,
    quick_library: Callable[[Path], tuple[Path, Catalogue]],
) -> None:
    root, cat = quick_library(tmp_path / "x")
    library = catalogue_library([root], cat, quick=True)
    newest = library.entries[0].path
    # Changed in place (its folder's time unchanged): only the full check sees it.
    newest.write_text(dated_issue.format(date="2025-12-31"), encoding="utf-8")
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("n")
        await screen.library_ready()
        await pilot.pause()
        assert len(screen.library.entries) == 4
        assert screen.entry is library.entries[0]
        assert screen.entry_index == 2  # 2026-01-02, 2026-01-01, then this one
        assert screen.issue is not None and str(screen.issue.date) == "2025-12-31"
        assert screen.article is not None and screen.article.headline == "Story two of 2025-12-31"
        tree = screen.section_tree
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.entry == 2
        await pilot.press("p")
        assert screen.article.headline == "Story one of 2025-12-31"
        await pilot.press("l")
        await pilot.pause()
        shown = tree_labels(app.screen.query_one("Tree"))  # type: ignore[arg-type]
        assert shown[3].startswith("  ▶ 2025-12-31")
        await pilot.press("k", "enter")  # 2026-01-01, picked from the refreshed library
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert screen.issue is not None and str(screen.issue.date) == "2026-01-01"


async def test_the_open_issue_stays_when_its_file_is_gone(
    tmp_path: Path, quick_library: Callable[[Path], tuple[Path, Catalogue]]
) -> None:
    root, cat = quick_library(tmp_path / "x")
    library = catalogue_library([root], cat, quick=True)
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        opened = screen.entry
        assert opened is not None and opened.issue is not None
        opened.path.unlink()
        await screen.library_ready()
        await pilot.pause()
        assert screen.entry is opened
        assert screen.article is not None and screen.article.headline == "Story one of 2026-01-03"
        assert len(screen.library.entries) == 4  # the two left, the broken one, and this
