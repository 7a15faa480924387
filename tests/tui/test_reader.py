"""Pilot tests: the reader driven by real key presses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.cells import cell_len
from textual.command import CommandList, CommandPalette

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.reader import ReaderScreen
from reader.typeset.article import wrap_text

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"

TWO_SECTIONS = """\
paperread: 1
paper: Test Daily
date: 2026-01-02
sections:
  - title: Front
    articles:
      - id: one
        headline: First story
        body: [Alpha paragraph.]
      - id: two
        headline: Second story
        body: [Beta paragraph.]
  - title: Back
    articles:
      - id: three
        headline: Third story
        body: [Gamma paragraph.]
"""


def make_app(*paths: Path) -> PaperreadApp:
    return PaperreadApp(load_library(list(paths) or [SAMPLE]))


def story_text(app: PaperreadApp) -> str:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return "\n".join(line.plain for line in screen.story.lines)


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_opens_first_article_of_sample() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.article is not None
        assert screen.article.id == "zuozhong-dangjian-ronghe"
        assert "左中党建融合打造城区治理" in story_text(app)
        status = str(screen.status.render())
        assert "通辽地方新闻（样张）" in status
        assert "article 1 of 7" in status


async def test_n_and_p_cross_sections(tmp_path: Path) -> None:
    issue = tmp_path / "daily.yaml"
    issue.write_text(TWO_SECTIONS, encoding="utf-8")
    app = make_app(issue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n")
        assert screen.article is not None and screen.article.id == "two"
        await pilot.press("n")
        assert screen.article.id == "three"
        assert screen.section is not None and screen.section.title == "Back"
        await pilot.press("n")  # at the end: stays, says so
        assert screen.article.id == "three"
        await pilot.press("p", "p")
        assert screen.article.id == "one"
        assert "3/3" not in str(screen.status.render())


async def test_section_keys(tmp_path: Path) -> None:
    issue = tmp_path / "daily.yaml"
    issue.write_text(TWO_SECTIONS, encoding="utf-8")
    app = make_app(issue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("right_square_bracket")
        assert screen.article is not None and screen.article.id == "three"
        await pilot.press("left_square_bracket")
        assert screen.article.id == "one"


async def test_scrolling_keys_move_the_story() -> None:
    app = make_app()
    async with app.run_test(size=(80, 20)) as pilot:
        screen = reader(app)
        story = screen.story
        await pilot.pause()
        assert story.max_scroll_y > 5
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert story.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert story.scroll_y == 2
        await pilot.press("space")
        await pilot.pause()
        assert story.scroll_y > 5
        await pilot.press("shift+space")
        await pilot.pause()
        assert story.scroll_y < 3
        await pilot.press("G")
        await pilot.pause()
        assert story.scroll_y == story.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert story.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert story.scroll_y == story.max_scroll_y
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert story.scroll_y > 5
        await pilot.press("pageup")
        await pilot.pause()
        assert story.scroll_y == 0


async def test_tab_moves_focus_and_enter_opens_from_tree() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        assert app.focused is screen.story
        await pilot.press("tab")
        assert app.focused is screen.section_tree
        await pilot.pause()
        await pilot.press("j")  # the cursor starts on the open article
        await pilot.press("enter")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "chaoketu"
        assert app.focused is screen.story
        assert "人大代表风采" in story_text(app)
        await pilot.press("tab")
        assert app.focused is screen.section_tree


async def test_tree_hides_when_narrow_and_backslash_toggles() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        assert screen.section_tree.region.width > 0
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.section_tree.region.width == 0
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.section_tree.region.width > 0
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert screen.section_tree.region.width == 0
        assert screen.story.region.width > 0
        await pilot.press("backslash")  # narrow: the tree takes the screen
        await pilot.pause()
        assert screen.section_tree.region.width > 0
        assert app.focused is screen.section_tree
        await pilot.press("j", "enter")
        await pilot.pause()
        assert screen.section_tree.region.width == 0
        assert app.focused is screen.story


async def test_rewraps_on_resize_and_keeps_the_place() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("backslash")
        await pilot.pause()
        wide = [line.plain for line in screen.story.lines]
        await pilot.press(*["j"] * 8)
        await pilot.pause()
        block, _ = screen.story.place()
        await pilot.resize_terminal(44, 20)
        await pilot.pause()
        await pilot.pause()
        narrow = [line.plain for line in screen.story.lines]
        assert len(narrow) > len(wide)
        assert all(len(line) <= 44 for line in narrow)
        assert screen.story.place()[0] == block


async def test_measure_keys_change_line_length() -> None:
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        screen = reader(app)
        before = screen.story.measure
        await pilot.press("plus")
        await pilot.pause()
        assert screen.story.measure > before
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert screen.story.measure < before
        widest = max(cell_len(line.plain.strip()) for line in screen.story.lines)
        assert widest <= screen.story.measure


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(keys for _, keys, _ in app.screen.rows)
        for wanted in [
            "n",
            "p",
            "]",
            "[",
            "j",
            "k",
            "space",
            "shift+space",
            "pagedown",
            "pageup",
            "g",
            "G",
            "home",
            "end",
            "tab",
            "enter",
            "\\",
            "+",
            "-",
            "?",
            "f1",
            "q",
        ]:
            assert wanted in listed.split(), wanted
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (10, 3), (40, 12), (300, 100)])
async def test_any_size_does_not_crash(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "j", "space", "backslash", "tab", "G")
        await pilot.pause()
        assert app.is_running


async def test_markup_and_escapes_in_a_story_are_shown_as_text(tmp_path: Path) -> None:
    issue = tmp_path / "hostile.yaml"
    issue.write_text(
        "paperread: 1\npaper: '[bold]Paper[/]'\nsections:\n  - title: '[/]'\n    articles:\n"
        "      - id: a\n        headline: '[@click=app.quit]Click[/]'\n"
        '        body:\n          - "[red]x[/red] \\e]52;c;SGVsbG8=\\a end \\u202e\\0 tail"\n',
        encoding="utf-8",
    )
    app = make_app(issue)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = story_text(app)
        assert "[@click=app.quit]Click[/]" in text
        assert "[red]x[/red]" in text
        assert "\x1b" not in text and "\u202e" not in text and "\x00" not in text
        assert "end" in text and "tail" in text
        await pilot.click("#story")
        assert app.is_running


@pytest.mark.parametrize("before", [None, 1, 2, 6, 12])
async def test_broken_file_shows_an_error_panel_and_others_open(
    tmp_path: Path,
    before: int | None,
    folder_at_wrap: Callable[[int, str, int], Path],
    story_width: int,
) -> None:
    # ``before``: how many characters of the file name the path puts before the line's
    # end, whatever the length of the temporary path (None: straight in tmp_path).
    name = "b-broken.yaml"
    folder = tmp_path if before is None else folder_at_wrap(story_width, name, before)
    (folder / "a-good.yaml").write_text(TWO_SECTIONS, encoding="utf-8")
    (folder / name).write_text("paperread: 1\npaper: [unclosed\n", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        assert screen.article is not None and screen.article.id == "one"
        broken = next(i for i, e in enumerate(app.library.entries) if e.issue is None)
        screen.open_entry(broken)
        await pilot.pause()
        assert screen.article is None
        assert screen.story.scrollable_content_region.width == story_width
        title = f"{folder / name} could not be opened:"
        if before is not None:  # a plain wrap would cut the name here
            assert not any(name in line for _, line in wrap_text(title, story_width))
        lines = screen.story.plain_text().split("\n")
        assert any(name in line for line in lines), lines
        assert sum(name in line for line in lines) == 2  # in the title and in the problem
        await pilot.press("n", "j")
        assert app.is_running


async def test_command_palette_jumps_to_an_article(tmp_path: Path, wait_until: WaitUntil) -> None:
    issue = tmp_path / "daily.yaml"
    issue.write_text(TWO_SECTIONS, encoding="utf-8")
    app = make_app(issue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"third")
        palette = app.screen
        assert isinstance(palette, CommandPalette)

        def found() -> bool:
            # The search for "third" has ended (the one gathering worker is done) with its hit.
            gathering = [w for w in app.workers if w.node is palette]
            hits = palette.query_one(CommandList)
            return (
                all(w.is_finished for w in gathering)
                and hits.option_count == 1
                and "Third story" in str(hits.get_option_at_index(0).prompt)
            )

        await wait_until(pilot, found, what="the palette's hit for 'third'")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "three"


async def test_broken_files_are_announced(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(TWO_SECTIONS, encoding="utf-8")
    (tmp_path / "b-broken.yaml").write_text("[1, 2", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("b-broken.yaml" in m for m in messages)
