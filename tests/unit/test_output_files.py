"""Files the imports write: atomically, synced, the folder synced after the renames."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.sources import output


@pytest.fixture
def syncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every fsync, as "dir" or "file" (what the descriptor is)."""
    seen: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        seen.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return seen


def test_a_file_is_synced_then_its_folder_after_the_rename(
    tmp_path: Path, syncs: list[str]
) -> None:
    target = tmp_path / "issue.yaml"
    target.write_text("old", encoding="utf-8")
    output.write_atomically(str(target), "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert syncs == ["file", "dir"]
    assert [p.name for p in tmp_path.iterdir()] == ["issue.yaml"]  # no temporary left


def test_pictures_are_synced_each_and_their_folder_once(tmp_path: Path, syncs: list[str]) -> None:
    folder = tmp_path / "paper-images"
    pictures = tuple((f"a-{k}.png", b"\x89PNG\r\n\x1a\n" + bytes([k])) for k in range(1, 4))
    output.write_images(str(folder), pictures)
    assert sorted(p.name for p in folder.iterdir()) == ["a-1.png", "a-2.png", "a-3.png"]
    assert syncs == ["file", "file", "file", "dir"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "issue.yaml"
    target.write_text("old", encoding="utf-8")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        output.write_atomically(str(target), "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["issue.yaml"]


def test_syncing_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    output.sync_folder(str(tmp_path / "gone"))  # no error
