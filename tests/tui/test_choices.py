"""Issue 12.5 in the reader: what later starts use (see reader.choices and the README)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.config import Settings
from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SIMPLIFIED = """\
paperread: 1
paper: 晨光日报
language: zh-Hans
sections:
  - title: 国内新闻
    articles:
      - id: one
        headline: 图书馆开放夜间阅览
        body: [市图书馆从下周起延长开放时间，读者可以在晚上继续借阅图书。]
"""

ENGLISH = """\
paperread: 1
paper: The Morning Light
sections:
  - title: News
    articles:
      - id: one
        headline: The library opens at night
        body: [From next week the city library stays open until ten.]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def screen_of(app: PaperreadApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def start(
    path: Path, wait_until: WaitUntil, settings: Settings | None = None, mode: str | None = None
) -> tuple[str, int, str]:
    """Start the reader once; the (mode, measure, theme) it settled on."""
    app = PaperreadApp(load_library([path]), settings, mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_until(pilot, lambda: screen.scripts.converting is None and screen.story.lines)
        return screen.mode, screen.measure, app.theme


async def test_a_script_flag_is_for_that_run_only(tmp_path: Path, wait_until: WaitUntil) -> None:
    path = write(tmp_path, SIMPLIFIED)
    app = PaperreadApp(load_library([path]), mode="hk")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_until(pilot, lambda: "圖書館" in screen.story.plain_text())
        await wait_until(pilot, lambda: not screen.scripts.converting)
        await pilot.pause()
    mode, _, _ = await start(path, wait_until)
    assert mode == "original"


async def test_t_is_remembered_until_config_changes(tmp_path: Path, wait_until: WaitUntil) -> None:
    path = write(tmp_path, SIMPLIFIED)
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t")
        await wait_until(pilot, lambda: screen.mode == "tw" and not screen.scripts.converting)
        await pilot.press("minus")
        chosen_measure = screen.measure
    assert await start(path, wait_until) == ("tw", chosen_measure, app.theme)
    # config.yaml edited afterwards: the edit is the newer choice.
    edited = Settings(script="hk", measure=64)
    mode, measure, _ = await start(path, wait_until, edited)
    assert (mode, measure) == ("hk", 64)


async def test_t_during_a_flagged_run_is_a_choice(tmp_path: Path, wait_until: WaitUntil) -> None:
    path = write(tmp_path, SIMPLIFIED)
    app = PaperreadApp(load_library([path]), mode="hk")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_until(pilot, lambda: screen.mode == "hk" and not screen.scripts.converting)
        await pilot.press("t")  # back to the original
        await wait_until(pilot, lambda: screen.mode == "original")
    mode, _, _ = await start(path, wait_until, Settings(script="hant"))
    assert mode == "hant"  # config.yaml changed since: it wins over the t above
    mode, _, _ = await start(path, wait_until)
    assert mode == "original"


async def test_a_theme_from_the_palette_is_remembered(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    path = write(tmp_path, SIMPLIFIED)
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "nord"  # what the palette's theme picker does
        await pilot.pause()
    _, _, theme = await start(path, wait_until)
    assert theme == "nord"
    _, _, theme = await start(path, wait_until, Settings(theme="gruvbox"))
    assert theme == "gruvbox"


async def test_the_header_says_when_nothing_was_converted(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    app = PaperreadApp(load_library([write(tmp_path, ENGLISH)]), mode="hant")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_until(pilot, lambda: screen.scripts.cache.known_source(screen.entry))
        await wait_until(pilot, lambda: not screen.scripts.converting)
        label = screen.scripts.label()
        assert "繁" not in label and "简" not in label
        assert "not Chinese" in label
        await wait_until(pilot, lambda: "not Chinese" in str(screen.status.render()))
        assert "The library opens at night" in screen.story.plain_text()
