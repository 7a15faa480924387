"""Styles of paperread's own text come from paperread.tcss (component classes), not Python."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable, Static

from reader.issue.model import Article, Issue, Paragraph, Section
from reader.library.files import load_library
from reader.store.state import Store
from reader.tui import app as app_module
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
MISSING = " (file missing)"


class RestyledApp(PaperreadApp):
    """paperread with a user's restyling on top of paperread.tcss."""

    CSS_PATH = str(Path(app_module.__file__).with_name("paperread.tcss"))  # not tests/tui/
    CSS = """
    HelpScreen > .help--title { text-style: italic; }
    HelpScreen > .help--group { text-style: reverse; }
    HelpScreen > .help--key { text-style: underline; }
    BookmarksScreen > .bookmarks--missing { text-style: bold; }
    """


def as_style(style: str | Style) -> Style:
    return style if isinstance(style, Style) else Style.parse(style)


def help_parts(app: PaperreadApp) -> tuple[Text, Text, Style]:
    """The help screen's title, its first group heading and the key column's style."""
    assert isinstance(app.screen, HelpScreen)
    content = app.screen.query_one("#help-text", Static).content
    assert isinstance(content, Group)
    title, table = content.renderables
    assert isinstance(title, Text) and isinstance(table, Table)
    keys = table.columns[0]
    heading = next(cell for cell in keys._cells if isinstance(cell, Text) and cell.style)
    assert isinstance(heading, Text)
    return title, heading, as_style(keys.style)


async def test_help_headings_and_keys_are_styled_by_the_stylesheet() -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        title, heading, keys = help_parts(app)
        assert title.plain == "paperread — keys" and title.style == Style(bold=True)
        assert heading.style == Style(bold=True, underline=True)
        assert keys == Style(bold=True)
    app = RestyledApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        title, heading, keys = help_parts(app)
        assert title.style == Style(italic=True)
        assert heading.style == Style(reverse=True)
        assert keys == Style(underline=True)


def missing_file_bookmark(tmp_path: Path) -> None:
    article = Article("lead", "左中党建融合", (Paragraph("正文。"),))
    section = Section("要闻", (article,))
    path = tmp_path / "gone.yaml"
    issue = Issue(paper="人民日报", date=dt.date(2026, 11, 27), path=str(path), sections=(section,))
    with Store() as store:
        store.toggle_bookmark(issue, section, article)


def missing_note(app: PaperreadApp) -> tuple[str, Style]:
    """The first bookmark's headline cell: its text and the style of "(file missing)"."""
    assert isinstance(app.screen, BookmarksScreen)
    cell = app.screen.query_one(DataTable).get_row_at(0)[0]
    assert isinstance(cell, Text) and cell.plain.endswith(MISSING)
    start = len(cell.plain) - len(MISSING)
    (span,) = [s for s in cell.spans if (s.start, s.end) == (start, len(cell.plain))]
    return cell.plain, as_style(span.style)


async def test_file_missing_is_styled_by_the_stylesheet(tmp_path: Path) -> None:
    missing_file_bookmark(tmp_path)
    for app_type, expected in ((PaperreadApp, Style(italic=True)), (RestyledApp, Style(bold=True))):
        app = app_type(load_library([SAMPLE]))
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("B")
            await pilot.pause()
            plain, style = missing_note(app)
            assert plain == "左中党建融合" + MISSING
            assert style == expected


async def test_the_palette_shows_the_section_as_the_stylesheet_says() -> None:
    from reader.tui.commands import ArticleCommands

    class Italic(PaperreadApp):
        CSS_PATH = RestyledApp.CSS_PATH
        CSS = "ReaderScreen > .reader--palette-section { text-style: italic; }"

    for app_class, wanted in ((PaperreadApp, "dim"), (Italic, "italic")):
        app = app_class(load_library([SAMPLE]))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            provider = ArticleCommands(app.screen)
            hits = [hit async for hit in provider.discover()]
            label = hits[0].prompt
            assert isinstance(label, Text)
            section = next(span for span in label.spans if "  ·  " in label.plain[span.start :])
            style = as_style(section.style)
            assert getattr(style, wanted) is True
            other = "italic" if wanted == "dim" else "dim"
            assert not getattr(style, other)
