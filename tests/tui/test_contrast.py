"""Every text role keeps WCAG contrast of at least 4.5:1 against what is behind it, in every
theme paperread offers by default: textual-dark, textual-light, and the ANSI themes a
16-colour terminal falls back to (their colours are the terminal's own; they are measured
in the palettes Textual itself uses for them). The colours are read from the styles the
app actually applies (component classes resolved by the stylesheet), not from the tcss.
No story role is set in italics: Chinese type has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme
from textual._ansi_theme import ALABASTER, MONOKAI
from textual.widget import Widget
from textual.widgets import Footer, Static, Tree
from textual.widgets._footer import FooterKey

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.message_line import MessageLine
from reader.tui.widgets.section_tree import SectionTree
from reader.tui.widgets.status_line import StatusLine
from reader.tui.widgets.story import StoryView
from reader.typeset.article import ROLES
from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
THEMES = ["textual-dark", "textual-light", "ansi-dark", "ansi-light", "textual-dark@16"]
"""``@16``: the theme's colours as a 16-colour terminal gets them (Rich matches each to the
nearest of the 16 and the terminal paints them; measured in Rich's xterm-like palette).
textual-light is not measured so: every grey of it becomes bright black, about 4:1 on
white in xterm's palette, and a light 16-colour terminal is better served by ansi-light."""
MINIMUM = 4.5


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


def ratio(style: Style, palette: TerminalTheme, sixteen: bool = False) -> float:
    """The contrast of a resolved style's text on its background, in ``palette``
    (``sixteen``: after Rich brings both colours down to the 16 standard ones)."""
    fg = style.color or Color.default()
    bg = style.bgcolor or Color.default()
    if sixteen:
        fg, bg = fg.downgrade(ColorSystem.STANDARD), bg.downgrade(ColorSystem.STANDARD)
    if style.reverse:
        fg, bg = bg, fg
    front = fg.get_truecolor(palette, foreground=True)
    back = bg.get_truecolor(palette, foreground=False)
    return contrast(tuple(front), tuple(back))  # type: ignore[arg-type]


def component(widget: Widget, name: str) -> Style:
    """What a component class paints on the widget: its base style plus the class's."""
    return widget.rich_style + widget.get_component_rich_style(name)


async def test_every_text_role_is_readable_in_every_theme(wait_until: WaitUntil) -> None:
    failures: list[str] = []
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        for theme in THEMES:
            app.theme, _, colours = theme.partition("@")
            await pilot.pause()
            palette = MONOKAI if app.current_theme.dark else ALABASTER
            if colours:
                palette = DEFAULT_TERMINAL_THEME
            screen = app.screen
            styles: dict[str, Style] = {}
            story = screen.query_one(StoryView)
            for role in (r for r in ROLES if r != "margin"):
                styles[f"story {role}"] = component(story, f"story--{role}")
            story.focus()
            await pilot.pause()
            styles["story body (focused)"] = component(story, "story--body")
            tree = screen.query_one(SectionTree)
            for name in ("unread", "bookmark", "count", "date"):
                styles[f"tree {name}"] = tree.rich_style + tree._style(name)
            styles["tree label"] = component(tree, "tree--label")
            styles["status"] = screen.query_one(StatusLine).rich_style
            message = screen.query_one(MessageLine)
            styles["message"] = message.rich_style
            styles["message warning"] = component(message, "message-line--warning")
            footer_key = screen.query_one(Footer).query(FooterKey).first()
            styles["footer key"] = component(footer_key, "footer-key--key")
            styles["footer description"] = component(footer_key, "footer-key--description")
            await pilot.press("l")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            await pilot.pause()
            library = app.screen
            inner = library.query_one("#library-tree", Tree)
            for name in ("date", "count", "unread", "read", "current"):
                behind = inner.rich_style
                styles[f"library {name}"] = behind + library.get_component_rich_style(
                    f"library--{name}"
                )
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await pilot.press("B")  # no bookmarks yet: the list says so, in muted text
            await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
            await pilot.pause()
            marks = app.screen
            styles["bookmarks empty"] = marks.query_one("#bookmarks-empty", Static).rich_style
            styles["bookmarks title"] = marks.query_one("#bookmarks-title", Static).rich_style
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            for what, style in styles.items():
                if what.startswith("story") and style.italic:
                    failures.append(f"{theme}: {what} is italic (Chinese type has no italics)")
                value = ratio(style, palette, sixteen=bool(colours))
                if value < MINIMUM:
                    failures.append(f"{theme}: {what} {style} at {value:.2f}:1")
    assert not failures, "\n".join(failures)
