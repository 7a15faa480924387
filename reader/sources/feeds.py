"""RSS 2.0, RSS 1.0/RDF and Atom feeds: what kind a document is, and its items.

:func:`detect_feed` reads the root element (``<rss``, ``<rdf:RDF``, ``<feed``)
without parsing the document. :func:`parse_feed` parses it with feedparser
into :class:`Feed` and :class:`FeedItem` values, text still as HTML where the
feed gives HTML (see :mod:`reader.sources.feed_issue` for the issue).

Safety: feedparser's strict parser is expat through SAX; expat's own
amplification limit stops the classic billion laughs, but feedparser then
retries with its loose parser, and older expat builds have no limit at all.
So a document whose DOCTYPE declares entities (``<!ENTITY``) is refused
before any parser sees it: no real feed needs them. External entities are
off in the SAX parser, and the document is always handed to feedparser as a
byte stream, never as a string (a string is taken as a file name or URL).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from reader.issue.clean import clean_inline
from reader.sources.feed_media import ItemMedia, item_media

__all__ = [
    "Feed",
    "FeedError",
    "FeedItem",
    "FeedPicture",
    "detect_feed",
    "not_a_feed",
    "parse_feed",
    "refuse_entities",
]

FEED_KINDS = {"rss": "RSS 2.0", "rdf": "RSS 1.0/RDF", "feed": "Atom"}
_PROLOG = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?"""
    rb"""(?:(?:<!--.*?-->|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)\s*)*"""
    rb"""<(?P<name>[A-Za-z_][\w.:-]*)""",
    re.S,
)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
SNIFF_BYTES = 64 * 1024
MAX_ADDRESS = 64 * 1024  # a picture's address longer than this (a huge data: URL) is dropped


class FeedError(Exception):
    """The document is not a feed paperread will read; the message is one line."""


@dataclass(frozen=True, slots=True)
class FeedPicture:
    """A picture an item names: its http(s) address, caption and credit (cleaned)."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item (entry) of a feed, its texts cleaned but bodies still HTML."""

    title: str
    link: str | None
    authors: tuple[str, ...]
    day: dt.date | None
    categories: tuple[str, ...]
    content_html: str | None  # content:encoded or Atom content: the full story, if given
    summary_html: str | None  # description / summary
    pictures: tuple[FeedPicture, ...]  # image enclosures, media:content (or media:thumbnail)
    guid: str | None
    base: str | None = None  # what relative addresses in its HTML are resolved against

    @property
    def has_photo(self) -> bool:
        """True when the item names a picture."""
        return bool(self.pictures)


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its kind, title, link, language and items in feed order."""

    kind: str
    title: str
    link: str | None
    language: str | None
    items: tuple[FeedItem, ...]


def detect_feed(data: bytes) -> str | None:
    """``"RSS 2.0"``, ``"RSS 1.0/RDF"`` or ``"Atom"`` by the root element, else None."""
    found = _PROLOG.match(data[:SNIFF_BYTES])
    if found is None:
        return None
    name = found.group("name").decode("ascii", "replace")
    local = name.rsplit(":", 1)[-1]
    if local == "rss":
        return FEED_KINDS["rss"]
    if local == "RDF":
        return FEED_KINDS["rdf"]
    if local == "feed":
        return FEED_KINDS["feed"]
    return None


def refuse_entities(data: bytes) -> None:
    """Raise :class:`FeedError` if the document's DOCTYPE declares entities."""
    doctype = _DOCTYPE.search(data[:SNIFF_BYTES])
    if doctype is None:
        return
    if _ENTITY_DECL.search(data, doctype.start()):
        raise FeedError(
            "the feed declares XML entities (<!ENTITY> in its DOCTYPE): refused, "
            "since expanding them can exhaust memory (a 'billion laughs' document)"
        )


def parse_feed(data: bytes, charset: str | None = None, url: str | None = None) -> Feed:
    """Parse a feed's bytes (``charset`` from the HTTP header, when it named one; ``url``
    the address it came from, after redirects, when it was fetched).

    Relative addresses are resolved with :func:`urllib.parse.urljoin`. feedparser itself
    resolves those under an ``xml:base`` (links, Atom enclosures, the items' HTML); it is
    not given ``url``, so that an item's HTML stays relative to the item's own page:
    here an item's link is resolved against ``url``, and :attr:`FeedItem.base` (the HTML's
    base) is the ``xml:base`` in effect, else the item's link, else ``url``. Pictures are
    resolved against the ``xml:base`` and ``url`` (:mod:`reader.sources.feed_media`),
    else the item's link."""
    kind = detect_feed(data)
    if kind is None:
        raise FeedError(not_a_feed(data))
    refuse_entities(data)
    # Lazy: feedparser (and its sgmllib) load only when a feed is imported.
    import feedparser

    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=True,
    )
    channel = parsed.get("feed", {})
    entries = parsed.get("entries", [])
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f" ({_one_line(str(problem))})" if problem else ""
        raise FeedError(f"the {kind} feed has no items{why}")
    media: list[ItemMedia | None] = list(item_media(data, url))
    if len(media) != len(entries):  # the loose parser saw another document: no captions
        media = [None] * len(entries)
    items = tuple(_item(e, m, url) for e, m in zip(entries, media, strict=True))
    language = _language(channel.get("language") or entries[0].get("language"))
    return Feed(
        kind=kind,
        title=_inline(channel.get("title")),
        link=_http(_joined(channel.get("link"), url)),
        language=language,
        items=items,
    )


def not_a_feed(data: bytes) -> str:
    """The one-line reason a document that is not a feed was refused."""
    head = data[:SNIFF_BYTES].lstrip().lower()
    if not head:
        return "not a feed: the document is empty"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:1024]:
        return "not a feed: it is an HTML page (no <rss>, <rdf:RDF> or <feed> root)"
    return "not a feed: no <rss>, <rdf:RDF> or <feed> root element"


def _one_line(text: str) -> str:
    return " ".join(clean_inline(text).split())[:200]


def _inline(value: object) -> str:
    if not isinstance(value, str):
        return ""
    from reader.sources.html_text import text_of

    return text_of(value)


def _http(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value.lower().startswith(("http://", "https://")) or any(c.isspace() for c in value):
        return None
    return value if len(value) <= 2048 else None


def _joined(value: object, *bases: str | None) -> str | None:
    """``value`` resolved against the first of ``bases`` that makes it absolute (one with
    a scheme); as written when none does; None when it is no string."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    for base in bases:
        if _absolute(value):
            break
        if base:
            try:
                value = urljoin(base, value)
            except ValueError:  # a base like http://[::1 (an unclosed IPv6 host)
                continue
    return value


def _absolute(value: str) -> bool:
    try:
        return bool(urlsplit(value).scheme)
    except ValueError:
        return False


def _address(value: str) -> bool:
    """True for a picture's address as written (any scheme: the download refuses all but
    http and https, and says so), if it is one line of sane length."""
    value = value.strip()
    return 0 < len(value) <= MAX_ADDRESS and not any(c.isspace() or ord(c) < 32 for c in value)


def _language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    tag = value.strip().replace("_", "-")
    return tag if _LANGUAGE.fullmatch(tag) else None


def _item(entry: dict[str, object], media: ItemMedia | None, url: str | None) -> FeedItem:
    authors = []
    for author in entry.get("authors") or []:  # type: ignore[attr-defined]
        name = _inline(author.get("name")) if isinstance(author, dict) else ""
        if name and name not in authors:
            authors.append(name)
    if not authors and _inline(entry.get("author")):
        authors.append(_inline(entry.get("author")))
    categories = []
    for tag in entry.get("tags") or []:  # type: ignore[attr-defined]
        term = _inline(tag.get("label") or tag.get("term")) if isinstance(tag, dict) else ""
        if term and term not in categories:
            categories.append(term)
    # feedparser files a media:description under the item's content or summary: not a body.
    descriptions = media.descriptions if media is not None else frozenset()
    content = None
    xml_base = None  # the xml:base feedparser saw over the body (it resolved against it)
    for part in entry.get("content") or []:  # type: ignore[attr-defined]
        value = part.get("value") if isinstance(part, dict) else None
        if not isinstance(value, str) or value.strip() in descriptions:
            continue
        if value.strip() and len(value) > len(content or ""):
            content = value
            xml_base = part.get("base")
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip() in descriptions:
        summary = None
    if content is None:
        detail = entry.get("summary_detail")
        xml_base = detail.get("base") if isinstance(detail, dict) else None
    link = _http(_joined(entry.get("link"), url))
    base = _joined(xml_base, url) if xml_base else None
    return FeedItem(
        title=_inline(entry.get("title")),
        link=link,
        authors=tuple(authors),
        day=_day(entry),
        categories=tuple(categories),
        content_html=content,
        summary_html=summary if isinstance(summary, str) and summary.strip() else None,
        pictures=_pictures(entry, media, link, url),
        guid=entry.get("id") if isinstance(entry.get("id"), str) else None,  # type: ignore[arg-type]
        base=base if base and _absolute(base) else link or url,
    )


def _day(entry: dict[str, object]) -> dt.date | None:
    """The item's date as written (in the feed's own time zone), else feedparser's UTC one."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        raw = raw.strip()
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        found = _ISO_DAY.search(raw)
        if found:
            try:
                return dt.date(*(int(g) for g in found.groups()))
            except ValueError:
                pass
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed is not None:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)  # type: ignore[attr-defined]
            except (AttributeError, ValueError):
                continue
    return None


def _pictures(
    entry: dict[str, object], media: ItemMedia | None, link: str | None, url: str | None
) -> tuple[FeedPicture, ...]:
    """The item's pictures: from our own reading of its media elements when it worked (with
    captions), else from feedparser's (addresses and the first credit). An address still
    relative is resolved against the item's ``link``."""
    if media is not None:
        found = [
            FeedPicture(address, _inline(caption) or None, _inline(credit) or None)
            for written, caption, credit in media.pictures
            for address in [_joined(written, link) or ""]
            if _address(address)
        ]
    else:
        credit = _photo_credit(entry)
        found = [FeedPicture(address, None, credit) for address in _picture_urls(entry, link, url)]
    unique: dict[str, FeedPicture] = {}
    for picture in found:
        unique.setdefault(picture.url, picture)
    return tuple(unique.values())


def _picture_urls(entry: dict[str, object], link: str | None, url: str | None) -> list[str]:
    """feedparser's picture addresses (http and https only), resolved against the feed's
    ``url``, else the item's ``link`` (feedparser has resolved those under an xml:base)."""
    urls: list[str] = []
    for found in entry.get("links") or []:  # type: ignore[attr-defined]
        if (
            isinstance(found, dict)
            and found.get("rel") == "enclosure"
            and str(found.get("type", "")).startswith("image/")
        ):
            address = _http(_joined(found.get("href"), url, link))
            if address:
                urls.append(address)
    contents = [m for m in entry.get("media_content") or [] if isinstance(m, dict)]  # type: ignore[attr-defined]
    thumbnails = [m for m in entry.get("media_thumbnail") or [] if isinstance(m, dict)]  # type: ignore[attr-defined]
    for item in contents or ([] if urls else thumbnails):
        medium = str(item.get("medium") or item.get("type") or "image")
        address = _http(_joined(item.get("url"), url, link))
        if medium.startswith("image") and address:
            urls.append(address)
    return urls


def _photo_credit(entry: dict[str, object]) -> str | None:
    for credit in entry.get("media_credit") or []:  # type: ignore[attr-defined]
        if isinstance(credit, dict):
            text = _inline(credit.get("content"))
            if text:
                return text
    return None
