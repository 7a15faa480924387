"""Opening an article's address: in a graphical browser where one can be shown, else
the reader copies it (OSC 52) and says so.

A text-mode browser (lynx, w3m) started from inside the reader would take over the
reader's own terminal, and over SSH a browser would open on the far machine if at
all: so only a desktop session on this machine counts (macOS, Windows, or an X11 or
Wayland display without an SSH connection).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["can_show_a_browser", "open_in_browser"]


def can_show_a_browser(environ: Mapping[str, str], platform: str) -> bool:
    """True when a graphical browser can be opened for the person at this terminal."""
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Ask the desktop's browser to open ``url`` (http or https only); True when it agreed."""
    import webbrowser

    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(webbrowser.open(url, new=2))
    except webbrowser.Error:
        return False
