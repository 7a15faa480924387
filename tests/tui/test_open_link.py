"""``o`` opens an article's address (issue 13.6): a browser only where one can be shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.library.files import load_library
from reader.links import can_show_a_browser
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

URL = "https://example.com/news/1"
ISSUE = f"""\
paperread: 1
paper: 晨报
sections:
  - title: 要闻
    articles:
      - {{id: a, headline: 有链接的新闻, body: [正文。], url: "{URL}"}}
      - {{id: b, headline: 没有链接的新闻, body: [正文。]}}
"""


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", False),  # a text console: lynx would take over the terminal
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "1 2 3 4"}, "linux", False),
        ({}, "darwin", True),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False),
        ({}, "win32", True),
    ],
)
def test_a_browser_only_on_this_machines_desktop(
    environ: dict[str, str], platform: str, expected: bool
) -> None:
    assert can_show_a_browser(environ, platform) is expected


async def test_o_copies_the_address_where_no_browser_can_be_shown(
    tmp_path: Path, wait_until: WaitUntil, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 1 10.0.0.2 22")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    path = tmp_path / "a.yaml"
    path.write_text(ISSUE, encoding="utf-8")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("o")
        await wait_until(pilot, lambda: URL in screen.message_line.text)
        assert app.clipboard == URL and opened == []
        assert "clipboard" in screen.message_line.text
        await pilot.press("n", "o")
        await wait_until(pilot, lambda: "no web address" in screen.message_line.text)


async def test_o_opens_the_browser_on_a_desktop(
    tmp_path: Path, wait_until: WaitUntil, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    path = tmp_path / "a.yaml"
    path.write_text(ISSUE, encoding="utf-8")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Opened in the browser" in screen.message_line.text)
        assert opened == [URL]


async def test_the_story_ends_with_its_address_as_a_hyperlink(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ISSUE, encoding="utf-8")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        story = screen.story
        last = story.lines[-1]
        assert last.plain.strip() == URL and last.spans[-1].role == "link"
        story.action_scroll_end()
        await pilot.pause()
        row = len(story.lines) - 1 - round(story.scroll_y)
        links = {seg.style.link for seg in story.render_line(row) if seg.style and seg.style.link}
        assert links == {URL}
        await pilot.press("n")  # an article without an address has no such line
        await pilot.pause()
        assert all(span.role != "link" for line in story.lines for span in line.spans)


def test_a_long_address_is_cut_to_the_column() -> None:
    from reader.issue.model import Article, Paragraph
    from reader.typeset.article import typeset_article

    url = "https://example.com/" + "a" * 200
    article = Article(id="a", headline="标题", body=(Paragraph("正文。"),), url=url)
    line = typeset_article(article, 40, 40)[-1]
    assert line.plain.endswith("…") and len(line.plain) == 40
