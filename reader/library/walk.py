"""Finding issue files: walking folders for ``*.yaml`` / ``*.yml``, with or without a stat.

Used by the library (:mod:`reader.library.files`) and the catalogue
(:mod:`reader.library.catalogue`), which stats every file in the same walk
(:func:`find_files`; :func:`find_paths` for a first look, without the stats) and keys
each file by its absolute path (:func:`key_prefixes`).
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


def key_prefixes(roots: list[Path]) -> list[tuple[str, str]]:
    """For each root, its key (absolute path) and the start of the keys of files under it
    (the catalogue's keys: :mod:`reader.library.catalogue`)."""
    prefixes = []
    for root in roots:
        absolute = os.path.abspath(root)
        prefixes.append((absolute, absolute.rstrip(os.sep) + os.sep))
    return prefixes


def find_paths(roots: list[Path]) -> list[tuple[str, str]]:
    """(path as found, absolute key) for every issue file, each key once; no stat."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for root in roots:
        root_text = os.fspath(root)
        if not os.path.lexists(root_text):
            continue
        absolute = os.path.isabs(root_text)
        if absolute:
            root_text = os.path.normpath(root_text)
        for path in iter_issue_paths(root_text):
            key = path if absolute else os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                found.append((path, key))
    return found


def find_files(
    roots: list[Path],
) -> tuple[list[tuple[str, str, os.stat_result | None]], list[tuple[str, int]]]:
    """(path as found, absolute key, stat or None) for every issue file, each file once.

    Also returns every folder walked, as (absolute path, modification time in ns).
    """
    found: list[tuple[str, str, os.stat_result | None]] = []
    folders: list[tuple[str, int]] = []
    seen_files: set[tuple[int, int]] = set()
    seen_keys: set[str] = set()
    for root in roots:
        root_text = os.fspath(root)
        if not os.path.lexists(root_text):
            continue
        absolute = os.path.isabs(root_text)
        if absolute:
            root_text = os.path.normpath(root_text)
        for path, info in issue_file_stats(root_text, folders):
            key = path if absolute else os.path.abspath(path)
            if key in seen_keys:
                continue
            seen_keys.add(key)
            if info is not None:
                identity = (info.st_dev, info.st_ino)
                if identity in seen_files:
                    continue  # the same file by another name
                seen_files.add(identity)
            found.append((path, key, info))
    return found, folders
