"""Layout: the tree's width follows the window, the footer keeps the main keys at 80
columns, tree titles are ellipsized cleanly, and the measure never exceeds the story pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import ellipsize
from reader.typeset.article import OPENING
from reader.typeset.measure import MEASURE_STEP
from tests.conftest import WaitUntil
from tests.tui.screen_text import screen_text

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


def reader_of(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


# --- tree titles ----------------------------------------------------------------------


def test_a_title_that_fits_is_left_alone() -> None:
    assert ellipsize(Text("朝克吐"), 6).plain == "朝克吐"
    assert ellipsize(Text("朝克吐"), 0).plain == ""


@pytest.mark.parametrize("width", range(1, 36))
def test_a_cut_title_ends_in_an_ellipsis_on_a_cell_boundary(width: int) -> None:
    title = "├ ●  左中党建融合打造城区治理“新高地” (6)"
    cut = ellipsize(Text(title), width).plain
    if cell_len(title) <= width:
        assert cut == title
        return
    assert cut.endswith("…") and cell_len(cut) <= width
    kept = cut[:-1]
    assert title.startswith(kept)  # whole characters only
    assert not kept or (kept[-1] not in OPENING and not kept[-1].isspace())


def test_never_cut_right_after_an_opening_quote_or_bracket() -> None:
    for opening in "“「『（《〈【":
        title = f"城區治理{opening}新高地"
        room = cell_len("城區治理") + 2 + 1  # the opening mark would just fit before "…"
        assert ellipsize(Text(title), room).plain == "城區治理…"


def test_the_cut_keeps_the_styles_of_what_remains() -> None:
    label = Text.assemble(("●", "bold"), " ", "推进电子保函使用 助力企业纾困解难")
    cut = ellipsize(label, 12)
    assert cut.plain.endswith("…") and cut.spans[0].style == "bold"


async def test_tree_titles_on_screen_are_ellipsized(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.pause()
        tree = reader.section_tree
        rows = [strip.text for strip in tree.render_lines(tree.region.reset_offset)]
        cut = [row.rstrip(" ▕") for row in rows if "…" in row]  # without the border
        assert len(cut) >= 3, rows  # long headlines at 80 columns
        for row in cut:
            assert row.endswith("…") and row[-2] not in OPENING, row
            assert cell_len(row) <= tree.scrollable_content_region.width
        # The cursor's row keeps one background to its end, ellipsis included.
        cursor_row = tree._render_line(tree.cursor_line, 0, tree.size.width, tree.rich_style)
        label = [seg for seg in cursor_row if seg.text.strip() and seg.text.strip() != "├"]
        assert len({seg.style.bgcolor for seg in label if seg.style}) == 1
        # Marks carry no background of their own: no patches on a focused or cursor row.
        assert all(tree._style(name).bgcolor is None for name in ("unread", "count"))


# --- the tree's width -----------------------------------------------------------------


@pytest.mark.parametrize(("width", "low", "high"), [(80, 20, 27), (120, 30, 40), (200, 40, 56)])
async def test_the_tree_takes_a_share_of_the_window(
    wait_until: WaitUntil, width: int, low: int, high: int
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(width, 30)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        tree = reader.section_tree.outer_size.width
        assert low <= tree <= high
        assert width // 4 - 1 <= tree <= max(width // 3, 16) or tree == 56


async def test_angle_brackets_resize_the_tree_and_say_when_they_cannot(
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        line = reader.message_line
        widths = [reader.section_tree.outer_size.width]
        story_widths = [reader.story.text_width()]
        for _ in range(2):
            await pilot.press("greater_than_sign")
            await wait_until(pilot, lambda: line.text.startswith("Tree "), what="the answer")
            await wait_until(pilot, lambda: reader.section_tree.outer_size.width > widths[-1])
            widths.append(reader.section_tree.outer_size.width)
            story_widths.append(reader.story.text_width())
            assert line.text == f"Tree {widths[-1]} columns"
            line.clear()
        assert story_widths == sorted(story_widths, reverse=True)  # the story re-wrapped
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: "as wide as it goes" in line.text, what="the limit")
        assert reader.section_tree.outer_size.width == widths[-1]
        for _ in range(4):
            await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: reader.section_tree.outer_size.width == 20)
        await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: "as narrow as it goes" in line.text, what="the limit")
        assert reader.section_tree.outer_size.width == 20


async def test_angle_brackets_in_a_narrow_window_say_why_nothing_changes(
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(40, 12)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: "too narrow" in reader.message_line.text)


# --- the footer -------------------------------------------------------------------------


async def test_the_footer_shows_the_main_keys_at_80_columns(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.pause()
        footer = reader.query_one(Footer)
        shown = {
            key.key_display
            for key in footer.query(FooterKey)
            if key.region.width and key.region.right <= 80
        }
        assert {"n", "p", "t", "b", "/", "?", "q"} <= shown
        bottom = " ".join(screen_text(app).split())
        for part in ("n Next", "p Prev", "b Bookmark", "/ Search", "? Help", "q Quit"):
            assert part in bottom, part


# --- the measure ------------------------------------------------------------------------


def longest_line(reader: ReaderScreen) -> int:
    return max(cell_len(line.plain.strip()) for line in reader.story.lines)


async def test_the_measure_stops_at_the_pane_and_minus_always_narrows(
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        line = reader.message_line
        pane = reader.story.text_width()
        chosen = reader.measure  # the default, wider than the pane at 80 columns
        for _ in range(8):
            await pilot.press("plus")
        await wait_until(pilot, lambda: "at full width" in line.text, what="the limit")
        assert line.text == f"Measure at full width ({pane} columns)"
        assert reader.measure == chosen  # + never grows the measure past the pane
        widest = longest_line(reader)
        assert widest <= pane
        await pilot.press("minus")
        await wait_until(pilot, lambda: longest_line(reader) < widest, what="narrower lines")
        assert line.text == f"Measure {min(reader.measure, pane)} columns"
        assert longest_line(reader) <= pane - MEASURE_STEP


async def test_minus_at_the_shortest_measure_says_so(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        line = reader.message_line
        for _ in range(10):
            await pilot.press("minus")
        await wait_until(pilot, lambda: "at its shortest" in line.text, what="the limit")
        assert line.text == "Measure at its shortest (20 columns)"
        assert reader.measure == 20
        await pilot.press("plus")
        await wait_until(pilot, lambda: line.text == "Measure 28 columns")


async def test_plus_right_after_hiding_the_tree_measures_the_new_pane(
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.press("backslash", *["plus"] * 8)
        line = reader.message_line
        await wait_until(pilot, lambda: "at full width" in line.text, what="the limit")
        assert line.text == f"Measure at full width ({reader.story.text_width()} columns)"
        assert reader.story.text_width() == 78


async def test_keys_left_out_of_the_footer_are_in_help(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 60)) as pilot:
        reader = reader_of(app)
        await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReaderScreen), what="help")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        for text in ("All bookmarks", "Hide or show the tree", "A wider tree", "A narrower tree"):
            assert text in shown, text
