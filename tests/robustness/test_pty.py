"""The terminal sees no injected sequence: the reader and ``paperread cat`` in a real pty.

A story carries OSC 52 with a payload (the clipboard), OSC 0 (the window
title), CSI 2J, 8-bit CSI, OSC 8 (a hyperlink), DCS, NUL and U+202E. Every byte
paperread writes to the terminal is read back and searched for them; Textual's
own sequences (styles, cursor, mouse modes, its pointer-shape OSC 22) are
allowed, the file's are not. The same story is opened under several TERM,
NO_COLOR and LANG settings: the reader starts, shows it, and quits on q.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.robustness.ptyharness import PtyRun


BODY = (
    r"Start \e]52;c;RVZJTENMSVA=\a clip \e]0;EVILTITLE\a title \e[2J clear \x9b31m red \x9b0m "
    r"\e]8;;http://evil.example/\alink\e]8;;\a \ePqEVILDCS\e\\ dcs \0 nul \u202e rtl "
    r"MARKERWORD end."
)
HOSTILE = rf"""paperread: 1
paper: "Daily\e]0;EVILTITLE\aPaper"
sections:
  - title: "Front\e[2J\e[H"
    articles:
      - id: hostile
        headline: "Headline \e]52;c;RVZJTENMSVA=\a MARKERHEAD"
        byline: ["Reporter\x9b31m"]
        body:
          - "{BODY}"
          - "second \e]52;c;RVZJTENMSVA= unterminated"
"""

# The injected payloads, as bytes on the wire. 8-bit controls are searched in the
# decoded text (a raw 0x9B byte is also a UTF-8 continuation byte of other characters).
PAYLOADS = (
    b"\x1b]52;",
    b"RVZJTENMSVA=",  # the clipboard payload itself
    b"\x1b]0;",
    b"EVILTITLE",
    b"\x1b]8;",
    b"evil.example",
    b"\x1bP",
    b"EVILDCS",
    b"\x1b[2J clear",  # the file's clear-screen (Textual may clear the screen itself)
    b"\xe2\x80\xae",  # U+202E RIGHT-TO-LEFT OVERRIDE
    b"\x00",
)
C1 = re.compile("[\x80-\x9f]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def assert_nothing_injected(run: PtyRun) -> None:
    for payload in PAYLOADS:
        assert payload not in run.output, f"{payload!r} reached the terminal"
    text = run.text
    assert C1.search(text) is None, "an 8-bit control reached the terminal"
    assert "\ufffd" not in text, "bytes that are not UTF-8 reached the terminal"
    assert "Traceback" not in text


TERMINALS = {
    "xterm-256color": {"TERM": "xterm-256color"},
    "xterm+NO_COLOR": {"TERM": "xterm", "NO_COLOR": "1"},
    "linux+LANG=C": {"TERM": "linux", "LANG": "C"},
    "vt100": {"TERM": "vt100"},
    "dumb+LC_ALL=C": {"TERM": "dumb", "LANG": "C", "LC_ALL": "C"},
}


@pytest.mark.parametrize("terminal", TERMINALS, ids=list(TERMINALS))
def test_reader_in_a_pty(
    terminal: str,
    hostile: Path,
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    env = pty_env(tmp_path, **TERMINALS[terminal])
    run = run_in_pty([str(hostile)], env, marker=b"MARKERWORD", keys=b"q")
    assert run.saw_marker, run.text[-2000:]
    assert "MARKERHEAD" in run.text
    assert run.returncode == 0, run.text[-2000:]
    assert_nothing_injected(run)


@pytest.mark.parametrize("terminal", TERMINALS, ids=list(TERMINALS))
def test_cat_in_a_pty(
    terminal: str,
    hostile: Path,
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    env = pty_env(tmp_path, **TERMINALS[terminal])
    run = run_in_pty(["cat", str(hostile)], env)
    assert run.returncode == 0, run.text
    assert "MARKERWORD" in run.text and "MARKERHEAD" in run.text
    assert_nothing_injected(run)
    if "NO_COLOR" in TERMINALS[terminal]:
        assert b"\x1b" not in run.output


def test_cat_in_a_terminal_that_reports_no_size(
    hostile: Path,
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    """A pty nobody sized (0×0) and no COLUMNS: cat falls back to 80 columns, not 1."""
    env = pty_env(tmp_path, COLUMNS="", LINES="", NO_COLOR="1")
    run = run_in_pty(["cat", str(hostile)], env, size=(0, 0))
    assert run.returncode == 0
    lines = run.text.replace("\r", "").splitlines()
    assert any(line.startswith("Headline") and "MARKERHEAD" in line for line in lines), lines
    assert max(len(line) for line in lines) <= 80


def test_reader_in_a_terminal_that_reports_no_size(
    hostile: Path,
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
) -> None:
    env = pty_env(tmp_path, COLUMNS="", LINES="")
    run = run_in_pty([str(hostile)], env, size=(0, 0), marker=b"MARKERHEAD", keys=b"q")
    assert run.saw_marker and run.returncode == 0, run.text[-2000:]
    assert_nothing_injected(run)


def test_a_broken_file_alone_shows_the_error_and_quits(
    tmp_path: Path, pty_env: Callable[..., dict[str, str]], run_in_pty: Callable[..., PtyRun]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('paperread: 1\npaper: "\\e]0;EVILTITLE\\a x"\n', encoding="utf-8")
    env = pty_env(tmp_path)
    # Named from its own folder: a long temporary path would push the words looked for
    # here across a line break of the error panel.
    run = run_in_pty(["broken.yaml"], env, marker=b"could not be opened", keys=b"q", cwd=tmp_path)
    assert run.saw_marker and run.returncode == 0, run.text[-2000:]
    assert "missing key 'sections'" in run.text
    assert_nothing_injected(run)
