"""Shared fixtures: every test runs with its own config, data and cache dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"
DATA = Path(__file__).resolve().parent / "data"


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
