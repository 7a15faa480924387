"""A few SVG snapshots of the main screens (pytest-textual-snapshot).

Regenerate after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.library.files import load_library
from reader.tui.app import PaperreadApp

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


def sample_app() -> PaperreadApp:
    return PaperreadApp(load_library([SAMPLE]))


def test_main_screen_100x30(snap_compare: Any) -> None:
    assert snap_compare(sample_app(), terminal_size=(100, 30))


def test_second_article_60x20(snap_compare: Any) -> None:
    assert snap_compare(sample_app(), terminal_size=(60, 20), press=["n"])


def test_narrow_hides_tree_40x12(snap_compare: Any) -> None:
    assert snap_compare(sample_app(), terminal_size=(40, 12), press=["n", "n"])


def test_help_screen_100x30(snap_compare: Any) -> None:
    assert snap_compare(sample_app(), terminal_size=(100, 30), press=["question_mark"])


def themed(theme: str) -> Any:
    """A ``run_before`` that switches the app to ``theme`` before the snapshot."""

    async def run_before(pilot: Any) -> None:
        pilot.app.theme = theme
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_first_article_80x24(snap_compare: Any, theme: str) -> None:
    assert snap_compare(sample_app(), terminal_size=(80, 24), run_before=themed(theme))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_first_article_40x12(snap_compare: Any, theme: str) -> None:
    assert snap_compare(sample_app(), terminal_size=(40, 12), run_before=themed(theme))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_story_end_80x24(snap_compare: Any, theme: str) -> None:
    """The end of a story: closing credits and the end mark."""
    assert snap_compare(
        sample_app(), terminal_size=(80, 24), press=["n", "n", "n", "G"], run_before=themed(theme)
    )
