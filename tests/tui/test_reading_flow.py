"""Reading on, driven by keys: n/p and space across issues, U next unread, m/M read marks,
the status line's position, length and reading time, ctrl+d/u/f/b, help paging."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Tree

from reader.library.files import load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

LONG_BODY = "\n".join(
    f"          - 第{n}段。今天天气晴朗，阳光很好，适合出门散步，居民们纷纷来到公园锻炼身体。"
    for n in range(40)
)
NEWER = f"""\
paperread: 1
paper: Test Daily
date: 2026-02-02
sections:
  - title: Front
    articles:
      - id: a1
        headline: 长篇报道
        body:
{LONG_BODY}
      - id: a2
        headline: 第二篇
        body: [短文。]
  - title: Back
    articles:
      - id: a3
        headline: 第三篇
        body: [短文。]
"""
OLDER = """\
paperread: 1
paper: Test Daily
date: 2026-02-01
sections:
  - title: Front
    articles:
      - id: b1
        headline: 昨日一
        body: [昨天的短文。]
      - id: b2
        headline: 昨日二
        body: [昨天的另一篇。]
"""


def make_app(tmp_path: Path) -> PaperreadApp:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "newer.yaml").write_text(NEWER, encoding="utf-8")
    (folder / "older.yaml").write_text(OLDER, encoding="utf-8")
    return PaperreadApp(load_library([folder]))


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


def now_reading(screen: ReaderScreen) -> str:
    assert screen.article is not None
    return screen.article.id


def status(screen: ReaderScreen) -> str:
    return str(screen.status.render())


def tree_label(screen: ReaderScreen, headline: str) -> str:
    """The section tree's label of the open issue's article ``headline``."""
    labels = []
    stack = [screen.section_tree.root]
    while stack:
        node = stack.pop()
        labels.append(str(node.label))
        stack.extend(node.children)
    return next(label for label in labels if label.endswith(headline))


async def test_n_on_the_last_article_opens_the_next_issue_and_p_comes_back(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n")
        assert now_reading(screen) == "a3"
        await pilot.press("n")  # the newer issue's last article: on to the older issue
        assert now_reading(screen) == "b1"
        assert screen.issue is not None and str(screen.issue.date) == "2026-02-01"
        assert screen.message_line.text == "End of the issue: on to Test Daily 2026-02-01"
        await pilot.press("n", "n")  # the library's last issue: nowhere to go
        assert now_reading(screen) == "b2"
        assert "No more articles" in screen.message_line.text
        await pilot.press("p", "p")  # back over the issue's first article: the last before
        assert now_reading(screen) == "a3"
        assert screen.message_line.text == "Back to the last article of Test Daily 2026-02-02"


async def test_space_pages_down_then_opens_the_next_story(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        screen = reader(app)
        await pilot.pause()
        await pilot.press("space")
        assert now_reading(screen) == "a1"  # a long story: space paged
        assert screen.story.scroll_y > 0
        presses = 1
        while not screen.story.at_end():
            await pilot.press("space")
            presses += 1
            assert now_reading(screen) == "a1" and presses < 40
        await pilot.press("space")  # at the end: the next story
        assert now_reading(screen) == "a2"
        await pilot.press("space", "space")  # short stories: each space the next one
        assert now_reading(screen) == "b1"  # ... into the next issue
        assert "on to Test Daily 2026-02-01" in screen.message_line.text


async def test_status_line_shows_position_length_and_reading_time(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = reader(app)
        await pilot.pause()
        line = status(screen)
        assert "article 1 of 3 · " in line
        assert " chars · ~" in line and line.endswith(" min")
        first = screen.story.progress()
        assert 0 < first < 100 and f" · {first}% · " in line
        length = screen.status.position_text.split(" · ")[2]
        paragraphs = LONG_BODY.replace("          - ", "").splitlines()
        assert length == f"{4 + sum(len(p) for p in paragraphs):,} chars"
        await pilot.press("space")
        await wait_until(pilot, lambda: f" · {screen.story.progress()}% · " in status(screen))
        assert screen.story.progress() > first
        await pilot.press("G")
        await wait_until(pilot, lambda: " · 100% · " in status(screen))
        await pilot.press("n")  # a short story: all on screen
        await wait_until(
            pilot, lambda: "article 2 of 3 · 100% · 6 chars · ~1 min" in status(screen)
        )


async def test_the_percent_follows_the_window_height(tmp_path: Path, wait_until: WaitUntil) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = reader(app)
        await wait_until(pilot, lambda: screen.story.progress() < 100)
        short = screen.story.progress()
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: screen.story.progress() > short)
        await wait_until(pilot, lambda: f" · {screen.story.progress()}% · " in status(screen))


async def test_status_line_drops_parts_in_order_at_40_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = reader(app)
        await pilot.pause()
        line = status(screen)
        assert len(line) <= 40
        assert screen.status.position_text.startswith("1/3 · ")  # length dropped, k/n short
        assert "chars" not in line and "%" in line and line.endswith(" min")
        assert line.startswith("Test Daily")


async def test_U_goes_to_the_next_unread_across_sections_and_issues(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n")  # a2, a3 read
        await pilot.press("p", "p")  # back at a1
        await pilot.press("U")  # everything in this issue read: the older issue's first
        assert now_reading(screen) == "b1"
        assert screen.message_line.text == "Next unread, in Test Daily 2026-02-01"
        await pilot.press("U")
        assert now_reading(screen) == "b2"
        await pilot.press("U")
        assert now_reading(screen) == "b2"
        assert screen.message_line.text == "No unread articles left in the library"
        await pilot.press("p", "m")  # b1 unread again
        await pilot.press("n", "U")  # from b2: nothing after it in the library ...
        assert now_reading(screen) == "b1"  # ... so U wraps round, past the newer issue


async def test_U_crosses_sections_within_the_issue(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "m", "p")  # a2 opened, then marked unread
        await pilot.press("U")
        assert now_reading(screen) == "a2"
        await pilot.press("U")  # a3, in the next section
        assert now_reading(screen) == "a3"
        assert screen.section is not None and screen.section.title == "Back"


async def test_m_toggles_the_read_mark_and_the_tree_and_counts_follow(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.pause()
        issue = screen.issue
        assert issue is not None
        assert not tree_label(screen, "长篇报道").startswith("●")
        await pilot.press("m")
        assert screen.message_line.text.startswith("Marked unread")
        assert tree_label(screen, "长篇报道").startswith("●")
        assert Store().read_keys(issue.identity) == set()
        await pilot.press("m")
        assert screen.message_line.text == "Marked read"
        assert not tree_label(screen, "长篇报道").startswith("●")
        assert Store().read_counts() == {issue.identity: 1}


async def test_M_marks_the_issue_read_and_M_again_undoes_it(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.pause()
        issue = screen.issue
        assert issue is not None
        await pilot.press("M")
        assert screen.message_line.text == "Issue marked read (2 were unread) — M again to undo"
        assert Store().read_counts() == {issue.identity: 3}
        assert not any(tree_label(screen, h).startswith("●") for h in ("第二篇", "第三篇"))
        await pilot.press("l")  # the library says the same
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        labels = []
        stack = [app.screen.query_one(Tree).root]
        while stack:
            node = stack.pop()
            labels.append(str(node.label))
            stack.extend(node.children)
        assert any("2026-02-02" in label and "all read" in label for label in labels), labels
        assert any("2026-02-01" in label and "2 unread" in label for label in labels), labels
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("M")  # undo: the two are unread again, the open one stays read
        assert screen.message_line.text == "Undone: 2 article(s) unread again"
        assert Store().read_counts() == {issue.identity: 1}
        assert tree_label(screen, "第二篇").startswith("●")
        await pilot.press("M")
        assert screen.message_line.text.startswith("Issue marked read (2 were unread)")
        await pilot.press("n", "n", "n", "n")  # the older issue, both read by opening them
        assert now_reading(screen) == "b2"
        await pilot.press("M")  # nothing to mark, nothing of this issue's to undo
        assert (
            screen.message_line.text == "Every article of this issue is read (m marks one unread)"
        )


async def test_ctrl_d_u_f_b_move_by_half_and_whole_pages(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        screen = reader(app)
        await pilot.pause()
        story = screen.story
        height = story.scrollable_content_region.height
        await pilot.press("ctrl+d")
        assert story.scroll_y == height // 2
        await pilot.press("ctrl+d")
        assert story.scroll_y == 2 * (height // 2)
        await pilot.press("ctrl+u")
        assert story.scroll_y == height // 2
        await pilot.press("ctrl+u", "ctrl+f")
        assert story.scroll_y == height
        await pilot.press("ctrl+b")
        assert story.scroll_y == 0
        await pilot.press("G", "ctrl+f")  # at the end ctrl+f stays in the story
        assert story.at_end() and now_reading(screen) == "a1"


async def test_space_and_pageup_scroll_the_help_screen(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        panel = app.screen.query_one("#help-panel", VerticalScroll)
        await wait_until(pilot, lambda: panel.max_scroll_y > 0)
        await pilot.press("space")
        assert panel.scroll_y > 0
        paged = panel.scroll_y
        await pilot.press("ctrl+d")
        assert panel.scroll_y > paged
        await pilot.press("pageup", "pageup", "pageup")
        assert panel.scroll_y == 0
        await pilot.press("ctrl+f")
        assert panel.scroll_y == paged
        await pilot.press("ctrl+b")
        assert panel.scroll_y == 0
        assert isinstance(app.screen, HelpScreen)  # none of them closed it


async def test_no_colour_draws_bars_cursors_and_matches_with_reverse_and_bold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.pause()
        assert app.no_color
        assert screen.status.rich_style.reverse
        assert screen.section_tree.get_component_rich_style("tree--cursor").reverse
        assert screen.story.get_component_rich_style("story--match-current").reverse
        match = screen.story.get_component_rich_style("story--match")
        assert match.underline and match.bold
