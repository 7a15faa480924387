"""The characters a Pilot-driven app has on screen, as the terminal would get them."""

from __future__ import annotations

import io
import re
from typing import Any

from rich.console import Console
from textual.app import App

# What Rich and Textual write when painting: SGR styles and cursor moves.
_SEQUENCES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen_text(app: App[Any]) -> str:
    """Every character on screen (with the screens below a modal one); each run of
    characters painted in one go on a line of its own."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return _SEQUENCES.sub("\n", output).replace("\r", "")
