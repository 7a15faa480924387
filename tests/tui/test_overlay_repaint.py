"""No character of the story is lost when an overlay over it closes (issue 12, item 1).

Toasts, tooltips, the help, bookmarks, search and library screens and the command
palette are opened over the story and closed again, at several widths, in the
original script and in 繁體. The app runs under Pilot with a driver that feeds every
byte it writes into a model of the terminal (:mod:`tests.tui.terminal`), so what is
checked is what a terminal would show after Textual's partial updates, not a fresh
full render. After each overlay closes, every visible story row must be the
typesetter's own line for that row (the lines ``paperread cat --width N`` prints),
character for character, and the whole terminal must match a full repaint.

Before the fix (:mod:`reader.tui.wide_repaint`), a wide character under the right
edge of a toast or tooltip stayed blank after it closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rich.cells import get_character_cell_size
from textual.command import CommandPalette
from textual.drivers import headless_driver
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Tooltip
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from reader.typeset.article import typeset_article
from tests.tui.terminal import STUB, Terminal, recording_driver

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

# (columns, rows, tree shown): the tree's edge and the toasts' edges fall at
# different columns against the story's text in each.
SIZES = [(60, 24, True), (80, 24, False), (100, 30, True), (200, 40, False)]
# (key, screen, what to type in it): the screens opened over the story.
SCREENS: list[tuple[str, type[Screen[Any]], str]] = [
    ("question_mark", HelpScreen, ""),
    ("ctrl+p", CommandPalette, "通辽"),
    ("B", BookmarksScreen, ""),
    ("slash", SearchScreen, "社区"),
    ("l", LibraryScreen, ""),
]
# Toasts of several lengths, wide characters in some (their own edges cut the story too).
TOASTS = ["Saved", "已加入书签：社区融合共建格局", "Measure 88 columns", "搜索索引已更新"]


def cells(text: str, width: int) -> list[str]:
    """``text`` laid in terminal cells as :class:`Terminal` keeps them, padded to ``width``."""
    out: list[str] = []
    for character in text:
        out.append(character)
        if get_character_cell_size(character) == 2:
            out.append(STUB)
    return out + [" "] * (width - len(out))


def story_problems(app: PaperreadApp, terminal: Terminal, covered: list[Region]) -> list[str]:
    """Story rows on the terminal that differ from the typesetter's lines for them.

    Characters under a ``covered`` region (an overlay still open) are not compared.
    """
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    story = screen.story
    assert story.article is not None
    region = story.scrollable_content_region
    lines = typeset_article(story.article, region.width, story.measure)
    top = round(story.scroll_offset.y)
    problems = []
    for row in range(region.height):
        y = region.y + row
        index = top + row
        text = lines[index].plain if index < len(lines) else ""
        wanted = cells(text, region.width)
        shown = terminal.rows[y][region.x : region.right]
        hidden = {x - region.x for r in covered if r.y <= y < r.bottom for x in range(r.x, r.right)}
        column = 0
        for character in text:
            width = get_character_cell_size(character) or 1
            span = range(column, column + width)
            if (
                hidden.isdisjoint(span)
                and shown[span.start : span.stop] != wanted[span.start : span.stop]
            ):
                problems.append(
                    f"story line {index}, column {column}: {character!r} lost\n"
                    f"  set   {text!r}\n  shown {terminal.text(region.x, y, region.width)!r}"
                )
                break
            column += width
        else:
            extra = [x for x in range(column, region.width) if x not in hidden and shown[x] != " "]
            if extra:
                problems.append(
                    f"story line {index}: {shown[extra[0]]!r} beyond its end\n"
                    f"  set   {text!r}\n  shown {terminal.text(region.x, y, region.width)!r}"
                )
    return problems


def screen_problems(app: PaperreadApp, terminal: Terminal) -> list[str]:
    """Terminal rows that differ from what a full repaint of the screen would show."""
    strips = app.screen._compositor.render_strips()
    problems = []
    for y, strip in enumerate(strips):
        shown = terminal.text(0, y, terminal.width)
        if shown != strip.text:
            problems.append(f"row {y}:\n  screen {strip.text!r}\n  shown  {shown!r}")
    return problems


class Overlays:
    """Opens and closes overlays over the story, checking the terminal after each."""

    def __init__(
        self, pilot: Pilot[Any], terminal: Terminal, wait_until: WaitUntil, label: str
    ) -> None:
        self.pilot = pilot
        self.app = pilot.app
        assert isinstance(self.app, PaperreadApp)
        self.terminal = terminal
        self.wait_until = wait_until
        self.label = label
        self.checked: list[str] = []
        self.tooltips_shown = 0

    async def check(self, after: str) -> None:
        """Wait until the terminal shows the story whole (a closed overlay is repainted
        on the next frame; a lost character never comes back), then say what differs."""
        app = self.app
        assert isinstance(app, PaperreadApp)

        covered = [toast.region for toast in self.toasts()]

        def whole() -> bool:
            return not story_problems(app, self.terminal, covered) and not screen_problems(
                app, self.terminal
            )

        try:
            await self.wait_until(self.pilot, whole, what="the story shown whole")
        except AssertionError:
            problems = story_problems(app, self.terminal, covered)
            problems += screen_problems(app, self.terminal)
            raise AssertionError(f"{self.label}, after {after}:\n" + "\n".join(problems)) from None
        assert self.terminal.errors == []
        self.checked.append(after)

    def toasts(self) -> list[Toast]:
        return list(self.app.screen.query(Toast))

    async def answers(self, keys: list[str]) -> None:
        """Press ``keys``: each is answered in the message line, never by a toast over the
        story; check the terminal after each, and once the line has cleared by its timer."""
        screen = self.app.screen
        assert isinstance(screen, ReaderScreen)
        line = screen.message_line
        for key in keys:
            await self.pilot.press(key)
            assert line.text and not self.toasts(), key
            assert not line.region.overlaps(screen.story.region)
            await self.check(f"{key} answered: {line.text}")
        line.pace = 0.05  # the answer to the next key clears in a twentieth of its time
        await self.pilot.press("p")  # at the first article: "This is the first article"
        await self.wait_until(self.pilot, lambda: not line.text, what="the line cleared")
        await self.check("the message line cleared by its timer")

    async def toasts_by_timer(self, messages: list[str]) -> None:
        """Raise toasts as the app does for rare events (errors, a finished job), each
        with its own short timeout; check the terminal each time a timer closes one."""
        seen: set[Toast] = set()
        for number, message in enumerate(messages):
            self.app.notify(message, markup=False, timeout=0.3 + 0.2 * number)
            await self.wait_until(
                self.pilot, lambda: any(t not in seen for t in self.toasts()), what=message
            )
            seen.update(self.toasts())
        while shown := set(self.toasts()):
            await self.wait_until(
                self.pilot, lambda s=shown: not s <= set(self.toasts()), what="a toast's timer"
            )
            await self.check("a toast's timer")

    async def toasts_by_click(self, messages: list[str], order: str) -> None:
        """Raise a stack of toasts that stay until clicked, then click them away one at
        a time (``order`` "top" or "bottom" first) as a reader would."""
        for message in messages:
            count = len(self.toasts())
            self.app.notify(message, markup=False, timeout=600)
            await self.wait_until(self.pilot, lambda c=count: len(self.toasts()) > c)
        while toasts := self.toasts():
            pick = min if order == "top" else max
            toast = pick(toasts, key=lambda t: t.region.y)
            await self.click_away(toast)
            await self.check(f"a toast clicked away, {order} first")

    async def click_away(self, toast: Toast) -> None:
        """Click ``toast`` until it is gone. On a busy machine the stack may not have been
        laid out again after the last toast went, so a click can land where the toast was
        a frame ago: then it is clicked again where it is now."""
        for _attempt in range(6):
            await self.pilot.wait_for_scheduled_animations()
            await self.pilot.click(toast)
            try:
                await self.wait_until(
                    self.pilot, lambda: toast not in self.toasts(), timeout=5, what="toast gone"
                )
                return
            except AssertionError:
                continue
        raise AssertionError(f"a toast stayed after 6 clicks: {toast!r}")

    async def screen(self, key: str, kind: type[Screen[Any]], typing: str = "") -> None:
        """Open a screen with ``key``, type ``typing`` into it, close it with escape."""
        app = self.app
        await self.pilot.press(key)
        await self.wait_until(self.pilot, lambda: isinstance(app.screen, kind), what=kind.__name__)
        if typing:
            await self.pilot.press(*typing)
            if kind is SearchScreen:  # escape once the results are listed, as a reader would
                results = app.screen.query_one(OptionList)
                await self.wait_until(self.pilot, lambda: results.option_count > 0, what="hits")
        await self.pilot.press("escape")
        await self.wait_until(
            self.pilot, lambda: isinstance(app.screen, ReaderScreen), what="back to the story"
        )
        await self.check(f"{kind.__name__} closed")

    async def tooltips(self) -> None:
        """Hover footer keys until their tooltips show over the story, then move away."""
        app = self.app
        tooltip = app.screen.query_one(Tooltip)
        visible = app.screen.size.region
        keys = [
            key
            for key in app.screen.query(FooterKey)
            if key.tooltip and key.region and visible.contains(*key.region.offset)
        ]
        assert keys, "no footer key has a tooltip"
        for key in keys[:: max(1, len(keys) // 3)]:
            await self.pilot.hover(key)
            await self.wait_until(self.pilot, lambda: bool(tooltip.display), what="tooltip")
            await self.pilot.hover("#status")
            await self.wait_until(self.pilot, lambda: not tooltip.display, what="no tooltip")
            await self.check(f"the tooltip of {key.key_display!r} hidden")
            self.tooltips_shown += 1


async def open_story(pilot: Pilot[Any], wait_until: WaitUntil, script: str) -> ReaderScreen:
    """The sample's story on screen, in ``script``, with the story focused."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_until(pilot, lambda: bool(screen.story.lines), what="the story")
    if script != "original":
        await pilot.press("t")
        await wait_until(
            pilot,
            lambda: screen.mode == script and screen.scripts.converting is None,
            what=f"mode {script}",
        )
    screen.story.focus()
    return screen


@pytest.fixture
def terminal_for(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``terminal_for(columns, rows)``: a terminal model the next app run paints into."""

    def make(columns: int, rows: int) -> Terminal:
        terminal = Terminal(columns, rows)
        monkeypatch.setattr(headless_driver, "HeadlessDriver", recording_driver(terminal))
        return terminal

    return make


@pytest.mark.parametrize("script", ["original", "tw"])
@pytest.mark.parametrize(("columns", "rows", "tree"), SIZES)
async def test_no_character_is_lost_when_an_overlay_closes(
    sample_path: Path,
    terminal_for: Any,
    wait_until: WaitUntil,
    columns: int,
    rows: int,
    tree: bool,
    script: str,
) -> None:
    terminal = terminal_for(columns, rows)
    app = PaperreadApp(load_library([sample_path]))
    app.TOOLTIP_DELAY = 0.05  # the delay before a tooltip shows; it is not what is tested
    label = f"{columns}x{rows} {script}, tree {'shown' if tree else 'hidden'}"
    async with app.run_test(size=(columns, rows), notifications=True, tooltips=True) as pilot:
        screen = await open_story(pilot, wait_until, script)
        overlays = Overlays(pilot, terminal, wait_until, label)
        if not tree:
            await pilot.press("backslash")
            await wait_until(pilot, lambda: not screen.section_tree.display, what="tree hidden")
        await overlays.check("opening")
        await overlays.toasts_by_click(TOASTS, "top")
        await pilot.press("pagedown")  # body text under the overlays too
        await overlays.check("page down")
        await overlays.toasts_by_click(TOASTS, "top")
        await overlays.toasts_by_click(TOASTS, "bottom")
        for key, kind, typing in SCREENS:
            await overlays.screen(key, kind, typing)
        await overlays.tooltips()
        checked = overlays.checked
        assert sum(after.startswith("a toast clicked away") for after in checked) >= 3 * len(TOASTS)
        assert all(f"{kind.__name__} closed" in checked for _, kind, _ in SCREENS)
        assert overlays.tooltips_shown >= 2


# The two reports: 100x30, [ and ] (and b); 80x24 with the tree hidden, + eight times.
REPORTED = [
    (100, 30, True, "original", ["left_square_bracket", "right_square_bracket", "b"]),
    (80, 24, False, "tw", ["plus"] * 8),
]


@pytest.mark.parametrize(("columns", "rows", "tree", "script", "keys"), REPORTED)
async def test_answers_and_toasts_closed_by_their_timers_leave_the_story_whole(
    sample_path: Path,
    terminal_for: Any,
    wait_until: WaitUntil,
    columns: int,
    rows: int,
    tree: bool,
    script: str,
    keys: list[str],
) -> None:
    """The reported keys are answered in the message line, which never covers the story;
    the toasts left for rare events close by their own timers, leaving the story whole."""
    terminal = terminal_for(columns, rows)
    app = PaperreadApp(load_library([sample_path]))
    label = f"{columns}x{rows} {script}, {' '.join(keys)}"
    async with app.run_test(size=(columns, rows), notifications=True) as pilot:
        screen = await open_story(pilot, wait_until, script)
        overlays = Overlays(pilot, terminal, wait_until, label)
        if not tree:
            await pilot.press("backslash")
            await wait_until(pilot, lambda: not screen.section_tree.display, what="tree hidden")
        await overlays.answers(keys)
        await overlays.toasts_by_timer(TOASTS)
        assert sum(after == "a toast's timer" for after in overlays.checked) >= 1
        assert not app._notifications
