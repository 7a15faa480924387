"""Where an e-paper issue's documents come from, read defensively, and how they are parsed.

An issue is a set of documents named by *site paths*: POSIX paths relative to the
site's root (``rmrb/pc/layout/202501/03/node_01.html``), never absolute, never
with ``..``. Every document is read through one :data:`Fetch` function,
``fetch(site_path) -> bytes``: :class:`FolderSite` reads them from a saved folder
now; an HTTP fetcher can be given the same shape later. Links are resolved with
:func:`resolve_link`, which refuses anything that leaves the site (``../`` above its
root, an absolute path, a URL with a scheme). A folder never hands out a file
whose real path lies outside it (a symlink to ``/etc/passwd`` is not followed
out), and no document larger than :data:`MAX_DOCUMENT_BYTES` is read.

Pages are parsed with lxml's HTML parser with network access off; it knows no
entity declarations, and a document that declares entities (billion laughs) is
refused before it is parsed. Comments are kept: the Founder system writes its
fields into one.
"""

from __future__ import annotations

import codecs
import os
import posixpath
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "EpaperError",
    "Fetch",
    "FolderSite",
    "MissingDocument",
    "parse_document",
    "resolve_link",
]

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
_DECLARES_ENTITIES = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"})

Fetch = Callable[[str], bytes]
"""Reads the document at a site path; raises :class:`MissingDocument` or :class:`EpaperError`."""


class EpaperError(Exception):
    """The e-paper cannot be imported; the message is one line for the user."""


class MissingDocument(EpaperError):
    """A linked page or article that is not there: noted and left out, never fatal."""


def resolve_link(base: str, href: str) -> str | None:
    """The site path ``href`` names from the document at site path ``base``; None when it
    leaves the site (``../`` above its root, an absolute URL, a backslash, a NUL)."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path or "\\" in path or "\x00" in path:
        return None
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined.startswith("../") or joined in ("..", ".", "") or joined.startswith("/"):
        return None
    return joined


class FolderSite:
    """A saved issue in a folder: the site root, or a flat folder of saved files.

    ``fetch(path)`` reads ``root/path``, else (a page saved on its own, not as a
    mirror of the site) ``root/`` plus the path's file name. A file whose real path
    is outside ``root`` is never read.
    """

    def __init__(self, root: str) -> None:
        """A site read from the folder ``root``."""
        self.root = os.path.realpath(root)

    def locate(self, path: str) -> str | None:
        """The file that holds the site path ``path``, or None."""
        candidates = [path, posixpath.basename(path)]
        for candidate in candidates:
            if not candidate or candidate.startswith("../") or "\x00" in candidate:
                continue
            full = os.path.realpath(os.path.join(self.root, *candidate.split("/")))
            if os.path.commonpath([full, self.root]) != self.root:
                continue  # a symlink out of the folder
            if os.path.isfile(full):
                return full
        return None

    def __call__(self, path: str) -> bytes:
        """The bytes of the document at ``path`` (at most :data:`MAX_DOCUMENT_BYTES`)."""
        full = self.locate(path)
        if full is None:
            raise MissingDocument(f"{path}: not saved in the folder")
        return read_capped(full, path)


def read_capped(full: str, shown: str) -> bytes:
    """The bytes of the file ``full``; EpaperError past :data:`MAX_DOCUMENT_BYTES`."""
    try:
        with open(full, "rb") as file:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise MissingDocument(f"{shown}: no such file") from None
    except PermissionError:
        raise EpaperError(f"{shown}: cannot read the file: permission denied") from None
    except OSError as err:
        raise EpaperError(f"{shown}: cannot read: {err.strerror or err}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise EpaperError(
            f"{shown}: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB, not read"
        )
    return data


def decode(data: bytes) -> str:
    """The page's text: its declared charset (GB2312 and GBK read as GB18030), else UTF-8,
    else GB18030; undecodable bytes become U+FFFD."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    match = _CHARSET.search(data[:4096])
    if match is not None:
        name = match.group(1).decode("ascii").lower()
        if name in _GB:
            name = "gb18030"
        try:
            return data.decode(codecs.lookup(name).name, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def parse_document(data: bytes, name: str) -> Any:
    """The root element of an HTML page; EpaperError when it declares entities or is no page."""
    if _DECLARES_ENTITIES.search(data[:65536]):
        raise EpaperError(f"refused: {name} declares XML entities (billion laughs?)")
    import lxml.html  # lazy: only an e-paper import needs the parser
    from lxml import etree

    text = _XML_DECL.sub("", decode(data))
    if not text.strip():
        raise EpaperError(f"{name}: empty, not a page")
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=False)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise EpaperError(f"{name}: not a readable page ({first})") from None
