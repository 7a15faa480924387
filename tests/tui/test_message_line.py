"""Answers to keys go to one message line above the footer, never into toasts over the
story (issue 12, item 2); the footer's n says what n does (item 8)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.issue import QUERY_CELLS, match_message
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.widgets.message_line import fit
from reader.typeset.measure import MEASURE_STEP

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

QUICK = 0.05  # messages stay a twentieth of their time, where a test waits for them to clear


def reader_of(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def no_toasts(app: PaperreadApp) -> bool:
    return not app._notifications and not list(app.screen.query(Toast))


def footer_label(screen: ReaderScreen, key: str) -> str | None:
    labels = [k.description for k in screen.query(FooterKey) if k.key == key]
    return labels[0] if labels else None


def shown_row(app: PaperreadApp, y: int) -> str:
    """Row ``y`` of the screen as a full repaint shows it."""
    return app.screen._compositor.render_strips()[y].text


async def search_and_open(pilot: Pilot[Any], wait_until: WaitUntil, query: str) -> ReaderScreen:
    """Search with / for ``query`` and open the first hit at its first match."""
    app = pilot.app
    assert isinstance(app, PaperreadApp)
    reader = reader_of(app)
    await pilot.press("slash")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
    search = app.screen
    assert isinstance(search, SearchScreen)
    await pilot.press(*query)
    await wait_until(pilot, lambda: search.hits and search.indexed, what="search results")
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is reader, what="back to the story")
    return reader


async def test_n_after_a_search_updates_the_line_in_place_and_raises_no_toast(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        reader = await search_and_open(pilot, wait_until, "黨建")
        line = reader.message_line
        assert reader.story.match_count() == 3
        assert line.text == match_message(1, 3, "黨建")
        await wait_until(pilot, lambda: footer_label(reader, "n") == "Next match", what="footer")
        story_region = reader.story.region
        for number in [2, 3, 1, 2, 3, 1]:  # n six times: one line, counting round
            await pilot.press("n")
            assert line.text == match_message(number, 3, "黨建")
            assert line.text in shown_row(app, line.region.y)
            assert no_toasts(app)
            assert reader.story.region == story_region  # the story never moves
            assert not line.region.overlaps(story_region)
        assert reader.article is not None and reader.article.id == "party"  # n was not "Next"
        # The match count stands while the search is active: a timed answer covers it
        # for its timeout only.
        await pilot.press("b")
        assert line.text == "Bookmarked"
        line.pace = QUICK
        await pilot.press("b")  # replaces "Bookmarked", then gives the line back
        await wait_until(pilot, lambda: line.text == match_message(1, 3, "黨建"), what="back")
        line.pace = 1.0
        # escape clears the search: the line says so; n is "Next" again.
        await pilot.press("escape")
        assert line.text == "Search cleared" and line.standing == ""
        await wait_until(pilot, lambda: footer_label(reader, "n") == "Next", what="footer")
        await pilot.press("p")  # n and p move by article again
        assert reader.article.id == "weather"
        assert no_toasts(app)


async def test_opening_another_article_drops_the_match_count(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        reader = await search_and_open(pilot, wait_until, "黨建")
        assert reader.message_line.standing
        await pilot.press("p")  # the previous article: no matches in it
        assert reader.article is not None and reader.article.id == "weather"
        assert reader.message_line.text == "" and reader.message_line.standing == ""
        await wait_until(pilot, lambda: footer_label(reader, "n") == "Next", what="footer")


async def test_key_answers_go_to_the_message_line(
    sample_path: Path, wait_until: WaitUntil, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = PaperreadApp(load_library([sample_path]))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        reader = reader_of(app)
        line = reader.message_line
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        story_region = reader.story.region
        # The line is laid out before anything is said: directly above the footer.
        assert line.text == "" and line.region.height == 1
        assert line.region.bottom == app.screen.size.height - 1
        pane = reader.story.text_width()
        assert reader.measure >= pane  # the default measure is wider than the pane here
        answers: list[tuple[str, Callable[[str], bool]]] = [
            ("b", lambda said: said == "Bookmarked"),
            ("b", lambda said: said == "Bookmark removed — u to undo"),
            ("plus", lambda said: said == f"Measure at full width ({pane} columns)"),
            ("minus", lambda said: said == f"Measure {pane - MEASURE_STEP} columns"),
            ("plus", lambda said: said == f"Measure {pane} columns (the full width)"),
            ("right_square_bracket", lambda said: said == "No more sections"),
            ("p", lambda said: said == "This is the first article"),
            ("y", lambda said: said.startswith("Sent ") and "(OSC 52)" in said),
        ]
        for key, expected in answers:
            await pilot.press(key)
            await wait_until(pilot, lambda e=expected: e(line.text), what=f"the answer to {key}")
            assert no_toasts(app), key
            assert reader.story.region == story_region, key
        assert reader.measure == pane
        # t: the script switches; what was converted is said in the line too.
        await pilot.press("t")
        await wait_until(
            pilot,
            lambda: reader.scripts.converting is None and "OpenCC" in line.text,
            what="the conversion said",
        )
        assert no_toasts(app)
        assert reader.story.region == story_region


async def test_an_answer_clears_itself_and_a_new_one_replaces_it(
    sample_path: Path, wait_until: WaitUntil
) -> None:
    app = PaperreadApp(load_library([sample_path]))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        reader = reader_of(app)
        line = reader.message_line
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.press("right_square_bracket")
        assert line.text == "No more sections"
        await pilot.press("left_square_bracket")
        assert line.text == "This is the first section"  # replaced in place, one line
        assert no_toasts(app)
        line.pace = QUICK
        await pilot.press("right_square_bracket")  # its timer replaces the one of [
        await wait_until(pilot, lambda: line.text == "", what="the line cleared by its timer")
        assert shown_row(app, line.region.y).strip() == ""
        assert no_toasts(app)


@pytest.mark.parametrize("width", [40, 41])
async def test_a_long_message_is_cut_with_an_ellipsis_on_a_cell_boundary(
    tmp_path: Path,
    make_search_library: Callable[[Path], Path],
    wait_until: WaitUntil,
    width: int,
) -> None:
    app = PaperreadApp(load_library([make_search_library(tmp_path)]))
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        reader = await search_and_open(pilot, wait_until, "黨建")
        line = reader.message_line
        assert cell_len(line.text) > width
        rendered = line.render()
        room = line.content_region.width
        assert rendered.plain.endswith("…") and cell_len(rendered.plain) <= room
        assert line.text.startswith(rendered.plain[:-1])  # whole characters, cut at the end
        row = shown_row(app, line.region.y)
        assert rendered.plain[:-1] in row and "…" in row
        assert no_toasts(app)


def test_fit_never_splits_a_wide_character() -> None:
    text = Text("第一条共二十九条abc")
    for width in range(1, 22):
        cut = fit(text, width)
        assert cut.cell_len <= width
        if text.cell_len > width:
            assert cut.plain.endswith("…") and text.plain.startswith(cut.plain[:-1])
            assert cut.cell_len >= width - 1  # at most the cell a wide character needed
        else:
            assert cut.plain == text.plain


def test_a_long_query_is_shortened_in_the_match_count() -> None:
    said = match_message(1, 2, "党建" * 1000)
    assert cell_len(said) < QUERY_CELLS + 80
    assert said.endswith("— n/N next/previous, esc clear")


async def test_the_line_is_plain_text(sample_path: Path, wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([sample_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        reader.say("[/] [b]x[/b] [@click=app.quit]q[/]", kind="warning")
        await pilot.pause()
        rendered = reader.message_line.render()
        assert rendered.plain == "[/] [b]x[/b] [@click=app.quit]q[/]"
        # A warning is styled by paperread.tcss's component class.
        warning = reader.message_line.get_component_rich_style("message-line--warning")
        assert warning.bold and [span.style for span in rendered.spans] == [warning]
        assert "[b]x[/b]" in shown_row(app, reader.message_line.region.y)
