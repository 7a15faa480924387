"""Issue 12.7: the reading place (block + offset) survives t, +, - and a resize, whether
the reader is at the top, in the middle or at the bottom of a story."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.pilot import Pilot

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.typeset.article import line_index_for

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

PARAGRAPHS = [
    "这座城市的图书馆从今年春天开始延长开放时间，读者可以在晚上继续借阅图书和查阅资料。"
    "馆长说，延长开放后的第一个月，夜间读者人数就超过了白天的一半。",
    "为了让更多的上班族受益，图书馆还开设了自助借还书服务，并在周末举办读书会和讲座。",
    "许多学生表示，晚上的阅览室安静整洁，灯光明亮，是复习功课的好地方。"
    "一位退休教师说，他几乎每天晚上都来这里看报纸，和老朋友们讨论国家大事。",
    "图书馆还计划在明年增加电子阅览座位，并与社区合作，把流动书车开进偏远的乡村。",
]

LONG_ISSUE = "\n".join(
    [
        "paperread: 1",
        "paper: 晨光日报",
        "language: zh-Hans",
        "sections:",
        "  - title: 国内新闻",
        "    articles:",
        "      - id: long",
        "        headline: 图书馆开放夜间阅览",
        "        body:",
        *[f"          - {text}" for text in PARAGRAPHS * 6],
        "",
    ]
)

Change = Callable[[Pilot[Any], ReaderScreen], Awaitable[None]]


def screen_of(app: PaperreadApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def _toggle(pilot: Pilot[Any], screen: ReaderScreen) -> None:
    before = screen.mode
    await pilot.press("t")
    await _settle(pilot, lambda: screen.mode != before and screen.scripts.converting is None)


async def _wider(pilot: Pilot[Any], screen: ReaderScreen) -> None:
    before = screen.measure
    await pilot.press("plus")
    await _settle(pilot, lambda: screen.measure != before)


async def _narrower(pilot: Pilot[Any], screen: ReaderScreen) -> None:
    before = screen.measure
    await pilot.press("minus")
    await _settle(pilot, lambda: screen.measure != before)


async def _resize(pilot: Pilot[Any], screen: ReaderScreen) -> None:
    width = screen.story.scrollable_content_region.width
    await pilot.resize_terminal(70, 24)
    await _settle(pilot, lambda: screen.story.scrollable_content_region.width != width)


async def _settle(pilot: Pilot[Any], predicate: Callable[[], object]) -> None:
    from tests.conftest import _wait_until

    await _wait_until(pilot, predicate)
    # The story scrolls once more after the layout that gives it its new height.
    await pilot.pause()
    await pilot.pause()


CHANGES: dict[str, Change] = {
    "t": _toggle,
    "+": _wider,
    "-": _narrower,
    "resize": _resize,
}


@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
@pytest.mark.parametrize("change", list(CHANGES))
async def test_the_place_survives(
    tmp_path: Path, wait_until: WaitUntil, where: str, change: str
) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(LONG_ISSUE, encoding="utf-8")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        story = screen.story
        await wait_until(pilot, lambda: len(story.lines) > 3 * story.size.height)
        # A measure narrower than the pane, so that + and - both change the lines.
        await pilot.press("minus", "minus", "minus")
        start = min(80, story.text_width())
        await wait_until(pilot, lambda: screen.measure == start - 3 * 8)
        if where == "bottom":
            await pilot.press("G")
        elif where == "middle":
            # A line in the middle of a paragraph (not its first line).
            middle = next(
                i
                for i in range(len(story.lines) // 2, len(story.lines))
                if story.lines[i].offset > 0
            )
            story.scroll_to(y=middle, animate=False)
        await wait_until(
            pilot,
            lambda: {
                "top": story.scroll_y == 0,
                "middle": 0 < story.scroll_y < story.max_scroll_y,
                "bottom": story.scroll_y == story.max_scroll_y > 0,
            }[where],
        )
        block, offset = story.place()
        text_before = story.lines[round(story.scroll_y)].plain

        await CHANGES[change](pilot, screen)

        lines = story.lines
        held = line_index_for(lines, block, offset)
        top = round(story.scroll_y)
        assert top == held or (top == story.max_scroll_y and top <= held), (
            f"{where}, {change}: the place ({block}, {offset}) is on line {held}, "
            f"the story shows line {top} at the top: {lines[top].plain!r} "
            f"(before: {text_before!r})"
        )
        if where == "top":
            assert top == 0
