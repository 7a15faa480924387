"""The help screen: every key with its description, built from the bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "space": "space",
    "shift+space": "shift+space",
    "backslash": "\\",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
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
    for group, bindings in groups:
        seen: set[str] = set()
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            rows.append((group, key_label(binding.key), binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists every key. Any of escape, q, ? or f1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """A scrolling panel of key rows."""
        with VerticalScroll(id="help-panel"):
            yield Static(self._render_rows(), id="help-text")

    def _render_rows(self) -> Text:
        text = Text()
        text.append("paperread — keys\n", style="bold")
        width = max((len(keys) for _, keys, _ in self.rows), default=4) + 2
        group = None
        for row_group, keys, description in self.rows:
            if row_group != group:
                group = row_group
                text.append(f"\n{group}\n", style="bold underline")
            text.append(f"  {keys.ljust(width)}", style="bold")
            text.append(f"{description}\n")
        text.append("\nescape, q, ? or f1 closes this help.")
        return text

    def action_scroll(self, direction: str) -> None:
        """Scroll the help panel."""
        panel = self.query_one("#help-panel", VerticalScroll)
        if direction == "down":
            panel.scroll_down()
        else:
            panel.scroll_up()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help screen."""
        self.dismiss(None)
