"""An EPUB's zip, read defensively: bounded sizes, bounded member count, no path escapes.

An EPUB is untrusted input. :class:`EpubZip` refuses a zip with too many members
or whose members add up (as declared, and as actually decompressed) to more than
a cap, so a zip bomb ends in one clear line instead of filling memory. Member
paths are resolved inside the zip only: ``../`` or an absolute path never names
anything, and nothing is ever extracted to disk under a member's own name.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from urllib.parse import unquote, urlsplit

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "EpubError",
    "EpubZip",
    "resolve_href",
]

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


class EpubError(Exception):
    """The EPUB cannot be imported; the message is one line for the user."""


def resolve_href(base: str, href: str) -> str | None:
    """The zip member ``href`` names, relative to the member ``base``; None when it
    leaves the zip (``../`` above the root, an absolute path, a URL with a scheme)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return base  # a fragment only: the same document
    if path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined.startswith("../") or joined in ("..", ".") or joined.startswith("/"):
        return None
    return joined


def _human(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


class EpubZip:
    """The members of an EPUB's zip, read with caps on count and size."""

    def __init__(self, path: str) -> None:
        """Open the zip at ``path``; raises :class:`EpubError` for anything unreadable."""
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise EpubError("no such file") from None
        except IsADirectoryError:
            raise EpubError("is a folder, not an EPUB") from None
        except PermissionError:
            raise EpubError("cannot read the file: permission denied") from None
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise EpubError(
                "not a readable EPUB: the zip is truncated or damaged "
                "(its table of contents is missing)"
            ) from None
        except OSError as err:
            raise EpubError(f"cannot read: {err.strerror or err}") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            self.close()
            raise EpubError(f"refused: the zip holds {len(infos)} files (at most {MAX_MEMBERS})")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            self.close()
            raise EpubError(
                f"refused: the zip would unpack to {_human(declared)} "
                f"(more than {_human(MAX_TOTAL_BYTES)}; a zip bomb?)"
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not info.is_dir():
                self._infos.setdefault(info.filename, info)
        self._read_total = 0

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def __enter__(self) -> EpubZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        """Every file member's name, in the zip's order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        """True when the zip holds a file member called ``name``."""
        return name in self._infos

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``, decompressed with a bound whatever its header says."""
        info = self._infos.get(name)
        if info is None:
            raise EpubError(f"{name}: missing from the EPUB")
        limit = min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - self._read_total)
        if info.file_size > limit:
            raise EpubError(
                f"refused: {name} would unpack to {_human(info.file_size)} "
                f"(more than {_human(limit)}; a zip bomb?)"
            )
        chunks = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise EpubError(
                            f"refused: {name} unpacks to more than {_human(limit)} "
                            "(its header says less; a zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
            raise EpubError(
                f"not a readable EPUB: {name} is truncated or damaged ({err})"
            ) from None
        except (NotImplementedError, RuntimeError) as err:  # unknown compression, encrypted
            raise EpubError(f"not a readable EPUB: {name}: {err}") from None
        self._read_total += size
        return b"".join(chunks)
