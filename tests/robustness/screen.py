"""What a Pilot-driven reader would send to the terminal, for checking it holds nothing injected."""

from __future__ import annotations

import io
import re
from typing import Any

from rich.console import Console
from textual.app import App

from tests.robustness.corpus import unsafe_characters

# What Rich and Textual themselves write when painting a screen: SGR styles and cursor
# moves to a row and column. Anything else with an ESC came from the text.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H")


def terminal_bytes(app: App[Any]) -> str:
    """The current screen (with the screens below it) as the terminal would receive it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def screen_text(app: App[Any]) -> str:
    """The characters on screen, paperread's and Textual's own sequences taken out."""
    return _OWN_SEQUENCES.sub("", terminal_bytes(app)).replace("\r", "")


def assert_screen_is_safe(app: App[Any]) -> str:
    """Fail if anything a terminal would act on is on screen; return the screen's text."""
    text = screen_text(app)
    assert unsafe_characters(text) == [], unsafe_characters(text)
    return text
