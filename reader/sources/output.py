"""Writing imported issues: into the library under a stable name, and atomically.

The library name is the paper and the date (and edition) made safe for a file system:
``示例日报-2026-12-05.yaml``. Importing the same issue again replaces its file; a
different issue that would get the same name gets ``-2``, ``-3``, …, so nothing the
library holds is ever overwritten by another issue. Every file is written through a
temporary file and a rename, so a reader never sees half of one.

Pictures are named by us, ``ARTICLE-ID-N.EXT`` (:data:`PICTURE_NAME`: the feed, EPUB and
e-paper imports all name them so); :func:`remove_pictures` removes only such names,
only regular files, only directly inside the folder, never through a symbolic link.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reader import paths
from reader.issue.model import Issue

__all__ = [
    "PICTURE_NAME",
    "library_file",
    "remove_pictures",
    "stem_for",
    "sync_folder",
    "write_atomically",
    "write_images",
]

_UNSAFE = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff]+")
MAX_STEM = 60  # characters of the paper's name kept in a file name
# A picture's name as the importers make it: the article's id (or a1, a2, …), its number.
PICTURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,200}-[0-9]{1,6}\.(?:png|jpg|gif|webp)")


def stem_for(issue: Issue) -> str:
    """The file name stem of ``issue``: paper, date and edition, safe on every system."""
    paper = _UNSAFE.sub("-", issue.paper).strip("-_")[:MAX_STEM].strip("-_") or "issue"
    parts = [paper]
    if issue.date is not None:
        parts.append(issue.date.isoformat())
    if issue.edition:
        edition = _UNSAFE.sub("-", issue.edition).strip("-_")[:20].strip("-_")
        if edition:
            parts.append(edition)
    return "-".join(parts)


def library_file(issue: Issue, folder: Path | None = None) -> Path:
    """The file in the library (default: the data dir's ``issues/``, made if missing) that
    ``issue`` is written to: its own file again, or a name no other issue holds."""
    folder = folder if folder is not None else paths.user_issues_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem_for(issue)
    for number in range(1, 1000):
        candidate = folder / (f"{stem}.yaml" if number == 1 else f"{stem}-{number}.yaml")
        if not candidate.exists() or _holds(candidate, issue):
            return candidate
    raise OSError(f"{folder}: too many issues named {stem}")


def _holds(path: Path, issue: Issue) -> bool:
    """True when the file at ``path`` is ``issue``: the same paper, date and edition. An
    undated issue is never taken for another (nothing tells two of them apart)."""
    from reader.issue.load import IssueFileError, load_issue

    if issue.date is None:
        return False
    try:
        held = load_issue(path)
    except (IssueFileError, OSError, ValueError):
        return False  # not readable as an issue: never replaced
    return held.date is not None and held.identity == issue.identity


def write_images(folder: str, images: tuple[tuple[str, bytes], ...]) -> None:
    """Each picture into ``folder`` (made if missing) under its generated, safe name."""
    os.makedirs(folder, exist_ok=True)
    for name, data in images:
        write_atomically(os.path.join(folder, name), data, sync=False)
    if images:
        sync_folder(folder)  # the renames, once for them all


def remove_pictures(folder: str, names: Iterable[str]) -> int:
    """Remove from ``folder`` each of ``names`` that is a picture name we make
    (:data:`PICTURE_NAME`) and a regular file directly inside it; how many were removed.

    A symbolic link is never followed: not the folder (then nothing is removed), not an
    entry (a link is left as it is). A name that is missing or cannot be removed is
    passed over: a picture left behind does no harm."""
    wanted = sorted({name for name in names if PICTURE_NAME.fullmatch(name)})
    if not wanted:
        return 0
    if os.unlink in os.supports_dir_fd and os.stat in os.supports_dir_fd:
        return _remove_at(folder, wanted)
    if os.path.islink(folder) or not os.path.isdir(folder):  # no dir_fd (Windows)
        return 0
    removed = 0
    for name in wanted:
        path = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
                removed += 1
    return removed


def _remove_at(folder: str, names: list[str]) -> int:
    """:func:`remove_pictures` through a descriptor of the folder opened without following
    a link, so that nothing can be swapped under it between the check and the removal."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:  # missing, not a folder, or a link to one
        return 0
    removed = 0
    try:
        for name in names:
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                    os.unlink(name, dir_fd=fd)
                    removed += 1
    finally:
        os.close(fd)
    return removed


def sync_folder(folder: str) -> None:
    """Make the renames into ``folder`` reach the disk (the folder's own fsync), where the
    system lets a folder be opened and synced; otherwise nothing."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: str, content: str | bytes, *, sync: bool = True) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename: after a crash
    the file is the old one or the new one, never half of either. The data is synced
    before the rename and, with ``sync``, the folder after it (so the rename itself is
    on the disk); a caller writing many files may sync their folder once instead."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".paperread-import-", dir=folder)
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync:
        sync_folder(folder)


_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def image_ext(data: bytes) -> str | None:
    """The file extension of a PNG, JPEG, GIF or WebP picture by its first bytes (never by
    a name or a server's word), else None."""
    for magic, ext in _IMAGE_MAGIC:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None
