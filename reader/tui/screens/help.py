"""The help screen: every key with its description, built from the bindings.

Its title, group headings and keys are styled in ``paperread.tcss`` through
the screen's ``help--*`` component classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.screens.own_css import read_own_css

KEY_NAMES = {
    "space": "space",
    "shift+space": "shift+space",
    "backslash": "\\",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "question_mark": "?",
    "slash": "/",
    "pagedown": "pagedown",
    "pageup": "pageup",
}


def key_label(keys: str) -> str:
    """Binding keys as a reader types them: ``left_square_bracket`` → ``[``."""
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def help_rows(groups: Iterable[tuple[str, Iterable[BindingType]]]) -> list[tuple[str, str, str]]:
    """(group, keys, description) for every binding that has a description."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for group, bindings in groups:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            description = binding.tooltip or binding.description
            rows.append((group, key_label(binding.key), description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists every key. Any of escape, q, ? or f1 closes it."""

    CSS_PATH = "help.tcss"  # read when first shown: the first frame needs none of it

    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--title", "help--group", "help--key"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding(
            "space,pagedown,ctrl+f",
            "scroll('page_down')",
            "Page down",
            show=False,
            id="help.page_down",
        ),
        Binding(
            "pageup,ctrl+b",
            "scroll('page_up')",
            "Page up",
            show=False,
            id="help.page_up",
        ),
        Binding(
            "ctrl+d", "scroll('half_down')", "Half a page down", show=False, id="help.half_down"
        ),
        Binding("ctrl+u", "scroll('half_up')", "Half a page up", show=False, id="help.half_up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.end"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        read_own_css(self)
        self.rows = rows

    def compose(self) -> ComposeResult:
        """A scrolling panel of key rows."""
        with VerticalScroll(id="help-panel"):
            yield Static(self._render_rows(), id="help-text")

    def _style(self, name: str) -> Style:
        # Partial: only what paperread.tcss sets, over the panel's own colours.
        return self.get_component_rich_style(f"help--{name}", partial=True)

    def _render_rows(self) -> Group:
        table = Table.grid(padding=(0, 2), expand=False)
        table.add_column(no_wrap=True, style=self._style("key"))
        table.add_column(overflow="fold")
        group = None
        for row_group, keys, description in self.rows:
            if row_group != group:
                group = row_group
                table.add_row(Text(""), Text(""))
                table.add_row(Text(group, style=self._style("group")), Text(""))
            table.add_row(Text(keys), Text(description))
        table.add_row(Text(""), Text(""))
        table.add_row(Text("escape q ? f1"), Text("Close this help"))
        return Group(Text("paperread — keys", style=self._style("title")), table)

    def action_scroll(self, direction: str) -> None:
        """Scroll the help panel."""
        panel = self.query_one("#help-panel", VerticalScroll)
        half = max(1, panel.scrollable_content_region.height // 2)
        {
            "down": lambda: panel.scroll_down(animate=False),
            "up": lambda: panel.scroll_up(animate=False),
            "page_down": lambda: panel.scroll_page_down(animate=False),
            "page_up": lambda: panel.scroll_page_up(animate=False),
            "half_down": lambda: panel.scroll_relative(y=half, animate=False),
            "half_up": lambda: panel.scroll_relative(y=-half, animate=False),
            "home": lambda: panel.scroll_home(animate=False),
            "end": lambda: panel.scroll_end(animate=False),
        }[direction]()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help screen."""
        self.dismiss(None)
