"""A feed's pictures as the feed writes them: enclosures and Media RSS, with captions.

feedparser keeps a ``media:content``'s address but files its ``media:description``
under the item's own content or summary (where it would become the story's body), and
keeps no tie between a picture and its description or credit. So the feed is read a
second time here, with lxml's XML parser (entity expansion and network access off;
:func:`reader.sources.feeds.parse_feed` has already refused any DOCTYPE that declares
entities), and for each item (RSS ``<item>``, Atom ``<entry>``, in document order) we
keep its pictures in order, each with its caption and credit:

* ``<enclosure url type="image/…">`` (RSS) and ``<link rel="enclosure" type="image/…">``
  (Atom);
* ``media:content`` (alone or in a ``media:group``) of medium ``image`` or type
  ``image/…``: caption from its ``media:description`` (else ``media:title``), else the
  group's, else the item's when it has one picture; credit likewise from
  ``media:credit``;
* ``media:thumbnail`` only when the item names no other picture (it is a small copy).

A relative address is resolved here (:func:`urllib.parse.urljoin`) against the base in
effect where it is written: an ``xml:base`` on the element or one of its ancestors, on
top of the feed's own address when the caller gives it (feedparser resolves neither
``media:content`` nor, without the feed's address, an enclosure). One that stays
relative (a feed read from a file) is left for :mod:`reader.sources.feeds`, which tries
the item's link. Whatever the scheme, the address is kept as resolved: the download
refuses all but http and https, in one line.

Every text is still raw here; :mod:`reader.sources.feeds` cleans it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

__all__ = ["ItemMedia", "item_media"]

_MRSS = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
_ATOM = "http://www.w3.org/2005/Atom"
MAX_PICTURES_PER_ITEM = 8


@dataclass(frozen=True, slots=True)
class ItemMedia:
    """One item's pictures ``(url, caption, credit)`` and every media description it holds."""

    pictures: tuple[tuple[str, str | None, str | None], ...]
    descriptions: frozenset[str]


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _namespace(el: Any) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _namespace_is_media(el: Any) -> bool:
    return _namespace(el) in _MRSS


def _media(el: Any, name: str) -> bool:
    return _namespace(el) in _MRSS and _local(el) == name


def _text(el: Any) -> str | None:
    text = "".join(el.itertext()).strip()
    return text or None


def _child_text(el: Any, *names: str) -> str | None:
    for name in names:
        for child in el:
            if _media(child, name):
                text = _text(child)
                if text:
                    return text
    return None


def _is_image(el: Any) -> bool:
    medium = (el.get("medium") or "").strip().lower()
    kind = (el.get("type") or "").strip().lower()
    if medium:
        return medium == "image"
    return kind.startswith("image/") or not kind


def _url(el: Any, attribute: str) -> str:
    """The address in ``el``'s ``attribute``, resolved against the base in effect there
    (``xml:base`` over the feed's address); as written when there is no base or it is
    not one urljoin can use; empty when the attribute is."""
    url: str = (el.get(attribute) or "").strip()
    base: str | None = el.base
    if not url or not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:  # a base like http://[::1 (an unclosed IPv6 host)
        return url


def item_media(data: bytes, url: str | None = None) -> list[ItemMedia]:
    """The media of each item of the feed ``data`` (fetched from ``url``, when it was:
    the base of relative addresses), in document order; an empty list when lxml cannot
    read the document (the caller then keeps feedparser's addresses only)."""
    # Lazy: lxml loads only when a feed is imported.
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data, parser=parser, base_url=url)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    items = [
        el for el in root.iter() if _local(el) in ("item", "entry") and not _namespace_is_media(el)
    ]
    return [_one(item) for item in items]


def _one(item: Any) -> ItemMedia:
    pictures: list[tuple[str, str | None, str | None]] = []
    descriptions = {
        text for el in item.iter() if _media(el, "description") for text in [_text(el)] if text
    }
    item_caption = _child_text(item, "description", "title")
    item_credit = _child_text(item, "credit")
    thumbnails: list[str] = []
    for el in item:
        name = _local(el)
        if name == "enclosure" and not _namespace(el):
            if (el.get("type") or "").strip().lower().startswith("image/") and el.get("url"):
                pictures.append((_url(el, "url"), None, item_credit))
        elif name == "link" and _namespace(el) in (_ATOM, ""):
            rel = (el.get("rel") or "").strip()
            if rel == "enclosure" and (el.get("type") or "").lower().startswith("image/"):
                href = _url(el, "href")
                if href:
                    pictures.append((href, None, item_credit))
        elif _media(el, "content"):
            _content(el, None, item_credit, pictures)
        elif _media(el, "group"):
            group_caption = _child_text(el, "description", "title")
            group_credit = _child_text(el, "credit") or item_credit
            for child in el:
                if _media(child, "content"):
                    _content(child, group_caption, group_credit, pictures)
                elif _media(child, "thumbnail") and _url(child, "url"):
                    thumbnails.append(_url(child, "url"))
        elif _media(el, "thumbnail") and _url(el, "url"):
            thumbnails.append(_url(el, "url"))
    if not pictures and thumbnails:
        pictures.append((thumbnails[0], None, item_credit))
    if len(pictures) == 1 and pictures[0][1] is None and item_caption:
        url, _, credit = pictures[0]
        pictures[0] = (url, item_caption, credit)
    return ItemMedia(tuple(pictures[:MAX_PICTURES_PER_ITEM]), frozenset(descriptions))


def _content(
    el: Any,
    caption: str | None,
    credit: str | None,
    pictures: list[tuple[str, str | None, str | None]],
) -> None:
    url = _url(el, "url")
    if not url or not _is_image(el):
        return
    own_caption = _child_text(el, "description", "title") or caption
    own_credit = _child_text(el, "credit") or credit
    pictures.append((url, own_caption, own_credit))
