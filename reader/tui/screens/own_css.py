"""Reading a screen's own stylesheet when the screen is made.

The reader's first frame needs only ``reader/tui/paperread.tcss``; each other screen
keeps its rules in a file beside its module (its ``CSS_PATH``). Textual reads that file
when the screen is pushed, but only after the screen has been set up, so text a screen
styles while it composes (from its component classes) would miss the rules the first
time it is shown. :func:`read_own_css` reads them as the screen is made instead; Textual
then finds them already read.

They are read with a lower tie-breaker than the app's own sources, so that on equal
specificity ``paperread.tcss`` and the app's ``CSS`` win over them, as they did when every
rule was in one file read before the app's ``CSS`` (Textual would otherwise let a file read
later win).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

SCREEN_TIE_BREAKER = -1  # below the 0 of paperread.tcss and the app's CSS


def read_own_css(screen: Screen[Any]) -> None:
    """Add ``screen``'s CSS_PATH files to the running app's stylesheet, once each."""
    try:
        app: App[Any] = screen.app
    except Exception:  # made outside a running app (a test): Textual reads them when pushed
        return
    stylesheet = app.stylesheet
    unread = [path for path in screen.css_path if not stylesheet.has_source(str(path), "")]
    if not unread:
        return
    for path in unread:
        css = Path(path).read_text(encoding="utf-8")
        stylesheet.add_source(css, read_from=(str(path), ""), tie_breaker=SCREEN_TIE_BREAKER)
    stylesheet.reparse()
    stylesheet.update(app)
