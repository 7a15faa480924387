"""Shared fixtures: every test runs with its own config, data and cache dirs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from textual.pilot import Pilot

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _isolated_session_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same for module- and session-scoped fixtures, which are set up before each test's
    own dirs: one that loads a library must not write the developer's cache of parsed issues."""
    base = tmp_path_factory.mktemp("paperread-session")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("CONFIG", "DATA", "CACHE"):
            patch.setenv(f"PAPERREAD_{name}_DIR", str(base / name.lower()))
        yield


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own settings, bookmarks and cache out of every test."""
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = tmp_path / f"paperread-{name.lower()}"
        monkeypatch.setenv(f"PAPERREAD_{name}_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample issue."""
    return SAMPLE


# -- waiting for a condition -----------------------------------------------------------
#
# Tests never sleep a fixed time: they wait until what they expect holds. The deadline
# is only a guard against a hang (generous, for a loaded 2-core machine); a test goes
# on as soon as its condition holds.

DEADLINE = 30.0  # seconds
POLL = 0.01  # seconds between checks


class WaitUntil(Protocol):
    """``await wait_until(pilot, predicate)``: the async waiter given by the fixture."""

    async def __call__(
        self,
        pilot: Pilot[Any],
        predicate: Callable[[], object],
        *,
        timeout: float = DEADLINE,
        what: str = "",
    ) -> None: ...


class PollUntil(Protocol):
    """``poll_until(predicate)``: the blocking waiter given by the fixture."""

    def __call__(
        self, predicate: Callable[[], object], *, timeout: float = DEADLINE, what: str = ""
    ) -> None: ...


async def _wait_until(
    pilot: Pilot[Any],
    predicate: Callable[[], object],
    *,
    timeout: float = DEADLINE,
    what: str = "",
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {what or predicate}")
        # A short pause lets the app process messages and workers finish between checks.
        await pilot.pause(POLL)


def _poll_until(
    predicate: Callable[[], object], *, timeout: float = DEADLINE, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {what or predicate}")
        time.sleep(POLL)


@pytest.fixture
def wait_until() -> WaitUntil:
    """Wait, pausing the Pilot's app between checks, until ``predicate()`` is true."""
    return _wait_until


@pytest.fixture
def poll_until() -> PollUntil:
    """Wait (blocking; for threads and subprocesses) until ``predicate()`` is true."""
    return _poll_until


# -- small libraries on disk -------------------------------------------------------------

HOUR_NS = 3600 * 10**9

WriteIssue = Callable[[Path, str, "str | None", list[str]], Path]


def _write_issue(path: Path, paper: str, date: str | None, headlines: list[str]) -> Path:
    """A small valid issue file: one section, one article per headline."""
    lines = ["paperread: 1", f"paper: {paper}"]
    if date:
        lines.append(f"date: {date}")
    lines += ["sections:", "  - title: 要闻", "    articles:"]
    for number, headline in enumerate(headlines, 1):
        lines += [
            f"      - id: a{number}",
            f"        headline: {headline}",
            "        body:",
            f"          - {headline}的正文。",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def write_issue() -> WriteIssue:
    """``write_issue(path, paper, date, headlines)``: a small valid issue file at ``path``."""
    return _write_issue


def _age_folders(root: Path) -> None:
    """Date every folder under ``root`` an hour back, as if written long before the scan.

    A folder changed within the last seconds is not trusted (file times are
    coarse); real libraries are written well before paperread starts.
    """
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        then = folder.stat().st_mtime_ns - HOUR_NS
        os.utime(folder, ns=(then, then))


@pytest.fixture
def age_folders() -> Callable[[Path], None]:
    """``age_folders(root)``: date every folder under ``root`` an hour back."""
    return _age_folders
