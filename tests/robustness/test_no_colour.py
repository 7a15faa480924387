"""``NO_COLOR`` and ``TERM=dumb``: not one colour sequence reaches the terminal.

The reader runs in a real pty; every SGR sequence it writes is taken apart and
none may set a colour: no 24-bit (``38;2``/``48;2``), no 256-colour (``38;5``/``48;5``,
Textual's greys for ``NO_COLOR``), no basic or bright colours (30–37, 40–47,
90–97, 100–107). Bold, reverse, underline and the default colours (39, 49) are
allowed: the monochrome style is drawn with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.tui.app import no_colour_wanted

if TYPE_CHECKING:
    from tests.robustness.ptyharness import PtyRun

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colours_set(output: bytes) -> list[str]:
    """Every colour an SGR sequence in ``output`` sets, as its parameters."""
    found = []
    for match in SGR.finditer(output):
        params = match.group(1).decode().replace(":", ";").split(";")
        i = 0
        while i < len(params):
            code = int(params[i] or 0)
            if code in (38, 48, 58):  # extended colour: 5;n or 2;r;g;b
                kind = params[i + 1] if i + 1 < len(params) else ""
                found.append(";".join(params[i : i + (3 if kind == "5" else 5)]))
                i += 3 if kind == "5" else 5
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.append(str(code))
            i += 1
    return found


def attributes_set(output: bytes) -> set[int]:
    """The plain SGR attributes (bold 1, reverse 7, ...) in ``output``."""
    codes = set()
    for match in SGR.finditer(output):
        params = match.group(1).decode().split(";")
        codes |= {int(p) for p in params if p.isdigit() and int(p) < 10}
    return codes


@pytest.mark.parametrize(
    "terminal",
    [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"TERM": "xterm", "NO_COLOR": "yes"}],
    ids=["NO_COLOR=1", "TERM=dumb", "xterm+NO_COLOR=yes"],
)
def test_no_colour_sequence_reaches_the_terminal(
    terminal: dict[str, str],
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    env = pty_env(tmp_path, **terminal)
    # Open the tree (tab) and the help (?), so cursors and the help panel are drawn too.
    run = run_in_pty(
        [str(SAMPLE)],
        env,
        marker=b"article 1 of",
        keys=b"\t",
        then=((b"\xe2\x97\x8f", b"?"), (b"paperread \xe2\x80\x94 keys", b"qq")),
    )
    assert run.saw_marker and run.returncode == 0, run.text[-2000:]
    assert colours_set(run.output) == []
    assert {1, 7} <= attributes_set(run.output)  # bold, and reverse for bars and cursors


def test_colour_stays_in_an_ordinary_terminal(
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    """The check above would pass on an empty screen: here the same check finds colour."""
    run = run_in_pty([str(SAMPLE)], pty_env(tmp_path), marker=b"article 1 of", keys=b"q")
    assert run.returncode == 0
    assert colours_set(run.output)


def test_what_asks_for_no_colour() -> None:
    assert no_colour_wanted({"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert no_colour_wanted({"TERM": "dumb"})
    assert not no_colour_wanted({"NO_COLOR": "", "TERM": "xterm-256color"})  # empty: unset
    assert not no_colour_wanted({"TERM": "xterm-256color"})
