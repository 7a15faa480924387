"""A feed issue's pictures: downloaded through the one HTTP client, saved beside the issue.

The feed import gathers its photos with the picture's address in ``file``
(:func:`reader.sources.html_text.html_blocks` with ``sources=True``, an item's
enclosures and Media RSS, a story page's lead picture). :func:`save_pictures`
fetches each address once (a few at a time; the client keeps to its per-host limit
and delay, its size cap and its http/https-only redirects), keeps what is a picture
by its first bytes (PNG, JPEG, GIF, WebP: never by the server's word), and gives each
a name we make, ``ARTICLE-ID-N.EXT`` inside the issue's picture folder, so nothing an
address says can choose where a file goes. Every photo's ``file`` then names that file
relative to the issue, or is cleared; a photo left with neither caption, credit nor
file is dropped. A picture that fails is one line in the notes; the issue goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from reader.issue.clean import clean_inline
from reader.issue.model import Block, Photo
from reader.sources.output import image_ext

if TYPE_CHECKING:
    from reader.sources.http import Client

__all__ = [
    "MAX_PICTURES",
    "MAX_PICTURES_PER_ARTICLE",
    "MAX_PICTURE_BYTES",
    "PictureFetcher",
    "picture_fetcher",
    "save_pictures",
]

MAX_PICTURE_BYTES = 8 * 1024 * 1024  # a picture larger than this is not downloaded
MAX_PICTURES = 200  # pictures downloaded for one issue at most
MAX_PICTURES_PER_ARTICLE = 4
FETCH_THREADS = 4  # the client itself keeps to its per-host limit and delay
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,80}")

# url -> the picture's bytes; raises an exception with a one-line message.
PictureFetcher = Callable[[str], bytes]
Images = tuple[tuple[str, bytes], ...]  # (file name inside the picture folder, bytes)


def picture_fetcher(client: Client) -> PictureFetcher:
    """A :data:`PictureFetcher` over ``client``, capped at :data:`MAX_PICTURE_BYTES`."""

    def fetch(url: str) -> bytes:
        return client.get(url, max_bytes=MAX_PICTURE_BYTES).content

    return fetch


def _wanted(articles: Sequence[tuple[str, list[Block]]]) -> tuple[list[str], int]:
    """The addresses to download, in order, once each, within the caps; and how many
    more the caps left out."""
    wanted: dict[str, None] = {}
    left_out = 0
    for _article_id, blocks in articles:
        taken = 0
        for block in blocks:
            if not isinstance(block, Photo) or not block.file:
                continue
            if block.file in wanted:
                continue
            if taken >= MAX_PICTURES_PER_ARTICLE or len(wanted) >= MAX_PICTURES:
                left_out += 1
                continue
            wanted[block.file] = None
            taken += 1
    return list(wanted), left_out


def _download(urls: list[str], fetch: PictureFetcher) -> dict[str, bytes | str]:
    """Each address's bytes, or the one-line reason it failed."""

    def one(url: str) -> tuple[str, bytes | str]:
        try:
            data = fetch(url)
        except Exception as err:  # one picture failing never fails the import
            return url, clean_inline(str(err)) or type(err).__name__
        if image_ext(data) is None:
            shown = url if len(url) <= 200 else url[:197] + "..."
            return url, f"{shown}: not a picture (its bytes are no PNG, JPEG, GIF or WebP)"
        return url, data

    if not urls:
        return {}
    with ThreadPoolExecutor(max_workers=min(FETCH_THREADS, len(urls))) as pool:
        return dict(pool.map(one, urls))


def save_pictures(
    articles: Sequence[tuple[str, list[Block]]],
    folder: str | None,
    fetch: PictureFetcher | None,
    notes: list[str],
) -> tuple[list[list[Block]], Images]:
    """The articles' blocks with every photo's address replaced by its saved file (or
    cleared), and the pictures to write into ``folder``; without ``folder`` or ``fetch``
    nothing is downloaded. ``articles`` is ``(article id, blocks)`` each."""
    results: dict[str, bytes | str] = {}
    if folder is not None and fetch is not None:
        urls, left_out = _wanted(articles)
        results = _download(urls, fetch)
        if left_out:
            notes.append(
                f"{left_out} more picture(s) not downloaded (at most {MAX_PICTURES_PER_ARTICLE} "
                f"an article and {MAX_PICTURES} an issue)"
            )
    names: dict[str, str] = {}
    said: set[str] = set()
    images: list[tuple[str, bytes]] = []
    made: list[list[Block]] = []
    for index, (article_id, blocks) in enumerate(articles):
        stem = article_id if _SAFE_NAME.fullmatch(article_id) else f"a{index + 1}"
        count = 0
        kept: list[Block] = []
        for block in blocks:
            if not isinstance(block, Photo):
                kept.append(block)
                continue
            file = None
            got = results.get(block.file or "")
            if block.file and isinstance(got, bytes) and folder is not None:
                if block.file not in names:
                    count += 1
                    name = f"{stem}-{count}.{image_ext(got)}"
                    names[block.file] = name
                    images.append((name, got))
                file = f"{folder}/{names[block.file]}"
            elif isinstance(got, str) and got not in said:
                notes.append(f"picture skipped: {got}")
                said.add(got)
            if block.caption or block.credit or file:
                kept.append(Photo(caption=block.caption, credit=block.credit, file=file))
        made.append(kept)
    return made, tuple(images)
