"""An e-paper read from its web address: the same importer as for saved pages
(:func:`reader.sources.epaper.import_site`), its documents fetched through the one
HTTP client (:mod:`reader.sources.http`: timeouts, size cap, per-host limits and
delay, redirects only to http/https).

The site's root is worked out from the start address: for 人民日报 the folder above
``rmrb/pc/…``, for a Founder e-paper the folder above ``html/YYYY-MM/DD/…`` (else the
page's own folder). Every link the pages hold is resolved inside that root
(:func:`reader.sources.epaper_site.resolve_link`), so nothing outside the issue's
site is ever requested.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from reader.sources.epaper import _PEOPLE_MIRROR, import_site
from reader.sources.epaper_issue import FOUNDER_MIRROR, EpaperImport
from reader.sources.epaper_layouts import PEOPLE, Layout, detect
from reader.sources.epaper_site import (
    MAX_DOCUMENT_BYTES,
    EpaperError,
    MissingDocument,
    parse_document,
)
from reader.sources.http import Client, FetchError, Response

__all__ = [
    "CachingClient",
    "WebSite",
    "import_epaper_response",
    "is_epaper_page",
    "split_site",
]


class CachingClient:
    """A client whose answers are kept for the run: the library's file name needs the
    issue read once before it is written, and the network is asked only once."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.answers: dict[str, Response] = {}

    def get(self, url: str, *, max_bytes: int | None = None) -> Response:
        """The answer for ``url``, fetched the first time it is asked for."""
        if url not in self.answers:
            self.answers[url] = self.client.get(url, max_bytes=max_bytes)
        return self.answers[url]


class WebSite:
    """``fetch(path)`` for a site on the network: GET ``base + path``, capped."""

    def __init__(self, client: Client | CachingClient, base: str) -> None:
        """Documents of the site whose root is the address ``base`` (ending in ``/``)."""
        self.client = client
        self.base = base

    def __call__(self, path: str) -> bytes:
        """The bytes at ``path`` under the root; a failed fetch is a missing document
        (the issue goes on without it, with a note)."""
        try:
            return self.client.get(self.base + path, max_bytes=MAX_DOCUMENT_BYTES).content
        except FetchError as err:
            raise MissingDocument(str(err)) from None


def split_site(url: str, layout: Layout) -> tuple[str, str]:
    """The site root's address (ending in ``/``) and the page's path under it."""
    parts = urlsplit(url)
    path = parts.path or "/"
    mirror = _PEOPLE_MIRROR if layout is PEOPLE else FOUNDER_MIRROR
    match = mirror.search(path)
    if match is not None:
        site_path = match.group(1)
        base = path[: len(path) - len(site_path)]
    else:
        site_path = posixpath.basename(path)
        base = posixpath.dirname(path)
    if not base.endswith("/"):
        base += "/"
    return urlunsplit((parts.scheme, parts.netloc, base, "", "")), site_path


def is_epaper_page(data: bytes) -> bool:
    """True when ``data`` is a page of a known e-paper layout."""
    try:
        root: Any = parse_document(data, "page")
    except EpaperError:
        return False
    return detect(root) is not None


def import_epaper_response(
    client: Client | CachingClient,
    response: Response,
    *,
    pages: frozenset[int] | None = None,
    image_folder: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
) -> EpaperImport:
    """Import the issue the fetched page ``response`` belongs to, fetching the rest."""
    root = parse_document(response.content, response.url)
    layout = detect(root)
    if layout is None:
        raise EpaperError("not a known e-paper layout")
    base, start_path = split_site(response.url, layout)
    if not start_path:
        raise EpaperError(f"{response.url}: the address names no page")
    return import_site(
        WebSite(client, base),
        start_path,
        response.content,
        start_url=response.url,
        pages=pages,
        image_folder=image_folder,
        paper=paper,
        date=date,
        shown=response.url,
    )
