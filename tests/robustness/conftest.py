"""Fixtures of the robustness tests.

The machinery stays in plain support modules beside the tests (``ptyharness.py``
runs paperread in a pseudo-terminal, ``screen.py`` checks what a Pilot-driven
reader would send to the terminal, ``robustness_doc.py`` writes docs/robustness.md
and runs as ``python -m tests.robustness.robustness_doc``); tests reach it through
these fixtures. The
hostile corpus (``corpus.py``) is data that parametrizes tests when they are
collected, before any fixture exists, so tests import it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from textual.app import App

from tests.robustness import ptyharness, robustness_doc, screen
from tests.tui import terminal


@pytest.fixture
def run_in_pty() -> Callable[..., ptyharness.PtyRun]:
    """``run_in_pty(args, env, size=, marker=, keys=, cwd=, then=)``: paperread in a pty,
    all it wrote."""
    return ptyharness.run_in_pty


@pytest.fixture
def pty_env() -> Callable[..., dict[str, str]]:
    """``pty_env(tmp_path, **extra)``: a minimal terminal environment for :func:`run_in_pty`."""
    return ptyharness.pty_env


@pytest.fixture
def terminal_model() -> type[terminal.Terminal]:
    """``terminal_model(columns, rows)``: a model of the terminal (tests/tui/terminal.py)
    to ``feed`` what paperread wrote; it loses half-written wide characters as xterm does."""
    return terminal.Terminal


@pytest.fixture
def assert_screen_is_safe() -> Callable[[App[Any]], str]:
    """``assert_screen_is_safe(app)``: the screen holds nothing injected; returns its text."""
    return screen.assert_screen_is_safe


@pytest.fixture(name="robustness_doc")
def _robustness_doc() -> ModuleType:
    """The generator of docs/robustness.md (``render()``, ``referenced_tests()``, ``DOC``)."""
    return robustness_doc
