"""Finding issue files: walking folders for ``*.yaml`` / ``*.yml``, with or without a stat.

Used by the library (:mod:`reader.library.files`) and the catalogue
(:mod:`reader.library.catalogue`), which stats every file in the same walk.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ISSUE_SUFFIXES = (".yaml", ".yml")


def iter_issue_files(root: Path) -> Iterator[Path]:
    """Issue files under ``root`` (or ``root`` itself), sorted, without following loops."""
    for path in iter_issue_paths(os.fspath(root)):
        yield Path(path)


def iter_issue_paths(root: str) -> list[str]:
    """As :func:`iter_issue_files`, as strings (cheaper for thousands of files).

    Names starting with a dot are skipped; a folder reached again (a symlink
    loop) is not walked twice; folders that cannot be read are passed over.
    """
    if not os.path.isdir(root):
        return [root]
    found: list[str] = []
    _walk(root, found, with_stat=False)
    return found


def issue_file_stats(
    root: str, folders: list[tuple[str, int]] | None = None
) -> list[tuple[str, os.stat_result | None]]:
    """As :func:`iter_issue_paths`, each path with its ``os.stat`` (None when that fails).

    The stat comes from the folder listing's entry, so finding and stat'ing
    thousands of files is one walk. ``folders``, if given, collects every
    folder walked as (absolute path, modification time in nanoseconds).
    """
    if not os.path.isdir(root):
        try:
            return [(root, os.stat(root))]
        except OSError:
            return [(root, None)]
    found: list[tuple[str, os.stat_result | None]] = []
    _walk(root, found, with_stat=True, folders=folders)
    return found


_by_name = operator.attrgetter("name")


def _walk(
    root: str,
    found: list[Any],
    with_stat: bool,
    folders: list[tuple[str, int]] | None = None,
) -> None:
    """Append the issue files under the folder ``root`` to ``found``, as paths or (path, stat)."""
    seen: set[tuple[int, int]] = set()
    append = found.append

    def walk(folder: str) -> None:
        try:
            info = os.stat(folder)
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        if folders is not None:
            folders.append((os.path.abspath(folder), info.st_mtime_ns))
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=_by_name)
        except OSError:
            return
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            try:
                is_dir = item.is_dir()
            except OSError:
                continue
            if is_dir:
                walk(item.path)
            elif name.lower().endswith(ISSUE_SUFFIXES):
                if not with_stat:
                    append(item.path)
                    continue
                try:
                    stat: os.stat_result | None = item.stat()
                except OSError:  # a dangling link, say
                    stat = None
                append((item.path, stat))

    walk(root)
