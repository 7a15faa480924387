"""The issue the reader opens is cached after its first frame, not before (issue 16, item 4).

``paperread FILE`` holds the cache writes while it loads the library (``run_reader``); the
reader screen releases them once its first frame is on screen, and a background thread
writes them. Here the write is held at a gate the test opens.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reader.issue import cache, deferred
from reader.issue.cache import cache_file
from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
HOUR_NS = 3600 * 10**9


@pytest.fixture
def issue_file(tmp_path: Path) -> Path:
    """A copy of the sample dated an hour back (a file changed just now is not cached)."""
    copy = tmp_path / "sample.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    then = copy.stat().st_mtime_ns - HOUR_NS
    os.utime(copy, ns=(then, then))
    return copy


class Gate:
    """Where each cache write waits before it writes a byte, until :attr:`opened`; and
    whether the reader's story was on screen as each write began."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.app: PaperreadApp | None = None
        self.story_shown: list[bool] = []

    def arrived(self) -> None:
        screen = self.app.screen if self.app is not None else None
        self.story_shown.append(isinstance(screen, ReaderScreen) and bool(screen.story.lines))
        assert self.opened.wait(30), "the gate was never opened"


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Cache writes held as ``run_reader`` holds them, each waiting at the gate."""
    gate = Gate()
    write = cache._write_frames

    def gated(*args: Any) -> None:
        gate.arrived()
        write(*args)

    monkeypatch.setattr(cache, "_write_frames", gated)
    deferred.hold_writes()
    try:
        yield gate
    finally:
        gate.opened.set()
        deferred.finish_writes(0)


async def test_the_story_is_on_screen_before_its_issue_is_cached(
    issue_file: Path, gate: Gate, wait_until: WaitUntil
) -> None:
    library = load_library([issue_file])
    issue = library.entries[0].issue
    assert issue is not None and not cache_file(issue_file).exists()  # held
    app = gate.app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await wait_until(pilot, lambda: gate.story_shown, what="the write under way")
        assert gate.story_shown == [True]  # it began with the story on screen
        assert screen.story.lines and not cache_file(issue_file).exists()
        gate.opened.set()
        await wait_until(pilot, cache_file(issue_file).exists, what="the cache file")
        await pilot.press("down")  # the reader goes on as before
    key = cache._key(str(issue_file))
    assert key is not None and cache.read_cached(str(issue_file), key) == issue


async def test_quitting_while_the_issue_is_written_leaves_no_cache_file(
    issue_file: Path, gate: Gate, wait_until: WaitUntil, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``q`` while a (huge) issue is being written: the reader quits, and the write, given
    no time (``finish_writes(0)``, what ``run_reader`` does with a second), stops at its
    next frame: no cache file, no temporary file."""
    monkeypatch.setattr(cache, "FRAME_ARTICLES", 1)  # many frames: room to stop between
    library = load_library([issue_file])
    app = gate.app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: gate.story_shown, what="the write under way")
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, what="the reader quitting")
    stop = deferred._WRITES.stop
    assert stop is not None
    # The write goes on only once it has been told to stop: it cannot finish first.
    threading.Thread(target=lambda: stop.wait(30) and gate.opened.set(), daemon=True).start()
    deferred.finish_writes(0)
    assert stop.is_set() and deferred._WRITES.thread is None
    folder = cache_file(issue_file).parent
    assert not folder.exists() or list(folder.iterdir()) == []
