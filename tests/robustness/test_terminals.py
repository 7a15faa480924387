"""Terminals that cannot show the text, and terminals of any size, resized at any speed.

TERM, NO_COLOR and LANG variants in a real pty are in test_pty.py; the main screen
at fixed sizes from 1×1 to 300×100 in tests/tui/test_reader.py.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from tests.robustness.corpus import BY_NAME

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"
MARKUP = BY_NAME["markup-every-field"].file
ESCAPES = BY_NAME["escapes-every-field"].file
RAW_PAGE = REPO / "tests" / "data" / "import" / "seed-page.txt"


# --- an output encoding that is not UTF-8 ---------------------------------------------

COMMANDS = {
    "reader": [str(SAMPLE)],
    "cat": ["cat", str(SAMPLE)],
    "check": ["check", str(BY_NAME["many-problems"].file)],
    "bookmarks": ["bookmarks"],
    "search": ["search", "党建", str(SAMPLE)],
}
CASES = [
    (encoding, command)
    for encoding in ("ascii", "latin-1")
    for command in COMMANDS
    if (encoding, command) not in {("ascii", "reader"), ("ascii", "cat")}  # in test_cli.py
]


def run_with(tmp_path: Path, encoding: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C",
        "PYTHONIOENCODING": encoding,
        **{f"PAPERREAD_{n}_DIR": str(tmp_path / n.lower()) for n in ("CONFIG", "DATA", "CACHE")},
    }
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=REPO,
        capture_output=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(("encoding", "command"), CASES, ids=[f"{e}-{c}" for e, c in CASES])
def test_a_terminal_that_is_not_utf8_gets_one_clear_line(
    encoding: str, command: str, tmp_path: Path
) -> None:
    result = run_with(tmp_path, encoding, COMMANDS[command])
    err = result.stderr.decode(encoding)
    assert result.returncode == 1, err
    assert result.stdout == b""
    assert err.count("\n") == 1, err
    assert "not UTF-8" in err and "export LANG=C.UTF-8" in err
    assert "Traceback" not in err


def test_import_still_writes_utf8_yaml_to_a_latin1_pipe(tmp_path: Path) -> None:
    """The issue file is data, not text for the screen: it is written as UTF-8 bytes."""
    from reader.issue.load import parse_issue

    result = run_with(tmp_path, "latin-1", ["import", str(RAW_PAGE)])
    assert result.returncode == 0, result.stderr
    issue = parse_issue(result.stdout, "imported.yaml")
    assert issue.article_count() == 7
    assert "Traceback" not in result.stderr.decode("latin-1")


# --- any size, resized at any speed -------------------------------------------------------

KEYS = ["n", "p", "j", "k", "space", "G", "g", "backslash", "tab", "plus", "minus", "t"]
SCREENS = ["question_mark", "l", "B", "slash"]  # help, library, bookmarks, search


async def test_rapid_resizing_with_keys_between(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str]
) -> None:
    chooser = random.Random(20261127)  # fixed: a failure can be replayed
    assert MARKUP is not None and ESCAPES is not None
    app = PaperreadApp(load_library([SAMPLE, MARKUP, ESCAPES]))
    async with app.run_test(size=(80, 24)) as pilot:
        for step in range(16):
            width = chooser.choice([1, 2, 3, chooser.randint(1, 300)])
            height = chooser.choice([1, 2, chooser.randint(1, 100)])
            await pilot.resize_terminal(width, height)
            if step % 5 == 4:  # a modal screen now and then, resized while it is open
                await pilot.press(chooser.choice(SCREENS))
                await pilot.resize_terminal(chooser.randint(1, 300), chooser.randint(1, 100))
                await pilot.press("escape")
            else:
                await pilot.press(*chooser.choices(KEYS, k=2))
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.is_running
        assert_screen_is_safe(app)


async def test_every_screen_at_extreme_sizes(
    assert_screen_is_safe: Callable[[App[Any]], str],
) -> None:
    assert ESCAPES is not None
    app = PaperreadApp(load_library([ESCAPES, SAMPLE]))
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(1, 1), (300, 100)]:
            await pilot.resize_terminal(*size)
            for key in [*SCREENS, "ctrl+p"]:  # ctrl+p: the command palette
                await pilot.press(key)
                await pilot.pause()
                assert_screen_is_safe(app)
                await pilot.press("escape")
            await pilot.pause()
            assert app.is_running
