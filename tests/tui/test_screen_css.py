"""Issue 16: the first frame parses only the reader's stylesheet; each other screen's rules
are read when that screen is first made, and still style it the first time it is shown."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
SCREENS = Path(__file__).resolve().parents[2] / "reader" / "tui" / "screens"
OWN = {"help.tcss", "library.tcss", "search.tcss", "bookmarks.tcss"}


def read_files(app: PaperreadApp) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


def test_each_screen_names_its_own_stylesheet() -> None:
    assert {path.name for path in SCREENS.glob("*.tcss")} == OWN
    for screen in (HelpScreen, LibraryScreen, BookmarksScreen):
        assert isinstance(screen.CSS_PATH, str) and (SCREENS / screen.CSS_PATH).is_file()


async def test_the_first_frame_reads_only_the_readers_stylesheet(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query_one("#story").lines))  # type: ignore[attr-defined]
        assert read_files(app) == {"paperread.tcss"}
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert read_files(app) == {"paperread.tcss", "help.tcss"}
        # styled from the start: the title was made while the screen composed
        title = app.screen.query_one("#help-text").content.renderables[0]  # type: ignore[attr-defined]
        assert title.style == Style(bold=True)
        await pilot.press("escape")
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert read_files(app) == {"paperread.tcss", "help.tcss", "library.tcss"}


async def test_the_reader_screen_is_made_with_its_width_class() -> None:
    """Textual gives the screen -narrow or -wide at the first resize; a class changed after
    the first styling restyles every widget again, so the screen is made with it."""
    from reader.tui.screens.reader import ReaderScreen

    for size, wanted, other in (((100, 30), "-wide", "-narrow"), ((40, 12), "-narrow", "-wide")):
        app = PaperreadApp(load_library([SAMPLE]))
        async with app.run_test(size=size):
            made = ReaderScreen(app.library, 0, 36)
            assert made.has_class(wanted) and not made.has_class(other)
            assert app.screen.has_class(wanted) and not app.screen.has_class(other)
