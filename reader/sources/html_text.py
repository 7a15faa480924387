"""HTML to story blocks: a feed item's HTML body, and the story on a fetched page.

:func:`html_blocks` turns an HTML fragment (``content:encoded``, an Atom
``content``, a summary) into paragraphs, subheads and photos (a ``<figure>``
or ``<img>`` with its caption; with ``sources=True`` each photo also carries the
picture's address in ``file``, resolved against ``base``, for the feed import to
download (http and https only, said in one line otherwise) and replace).
:func:`page_story` finds the story on a whole page: first with trafilatura, then with
:func:`densest_story`, our fallback; :func:`page_picture` finds its lead picture.

Why that fallback: trafilatura refuses pages whose story is shorter than its
minimum (a four-sentence Chinese news item often is), and may be missing; the
fallback needs nothing beyond lxml, which feeds already need. It takes the
``<article>`` element if the page has one, else the element whose direct
``<p>`` children hold the most text (the way readability scores containers),
and keeps those paragraphs: deterministic, fast, and good on the plain
layouts of news sites.

lxml's HTML parser is used with ``no_network=True`` and never expands
entities declared by the document (HTML has none). Every text comes out
through :func:`reader.issue.clean.clean_text` / ``clean_inline``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from reader.issue.clean import clean_inline, clean_text
from reader.issue.model import Block, Credit, Paragraph, Photo, Subhead

if TYPE_CHECKING:
    from reader.sources.epaper_layouts import Fields

__all__ = [
    "PageStory",
    "decode_html",
    "densest_story",
    "epaper_story",
    "html_blocks",
    "http_address",
    "page_picture",
    "page_story",
    "text_of",
]

_DROP = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe",
     "object", "embed", "svg", "canvas", "video", "audio", "select", "input", "textarea",
     "footer", "header", "head", "title", "meta", "link"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol", "dl", "dt",
     "dd", "table", "tr", "td", "th", "tbody", "thead", "hr", "center", "body", "html",
     "address", "figcaption", "h1", "h5", "h6"}
)  # fmt: skip
_SUBHEAD = frozenset({"h2", "h3", "h4"})
_BLANKS = re.compile(r"[ \t\r\n\u3000\xa0]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WIDE_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
MAX_SUBHEAD = 40
MAX_SOURCE = 64 * 1024  # a picture's address longer than this (a huge data: URL) is dropped


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode a page: the header's charset, else ``<meta charset>``, else UTF-8, else GB18030.

    GB2312 and GBK are read as GB18030, Big5 as Big5-HKSCS (their supersets).
    """
    candidates = []
    if charset:
        candidates.append(charset)
    found = _META_CHARSET.search(data[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "replace"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        name = _WIDE_SUPERSETS.get(name.strip().lower(), name.strip().lower())
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def text_of(html_or_text: str) -> str:
    """The plain text of an HTML fragment, on one line (for titles and names)."""
    if "<" not in html_or_text and "&" not in html_or_text:
        return clean_inline(_BLANKS.sub(" ", html_or_text)).strip()
    root = _fragment(html_or_text)
    if root is None:
        return ""
    return clean_inline(_BLANKS.sub(" ", root.text_content())).strip()


def _fragment(html: str) -> etree._Element | None:
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root: etree._Element = lxml.html.fragment_fromstring(
            html, create_parent="div", parser=parser
        )
    except (etree.ParserError, ValueError):
        return None
    return root


def http_address(src: str | None, base: str | None = None) -> str | None:
    """``src`` (joined to ``base``) if it is an http(s) address fit to fetch, else None."""
    if not src:
        return None
    src = src.strip()
    if base:
        src = urljoin(base, src)
    if not src.lower().startswith(("http://", "https://")) or len(src) > 2048:
        return None
    if any(c.isspace() or ord(c) < 32 for c in src):
        return None
    return src


def _source(src: str | None, base: str | None) -> str | None:
    """A picture's ``src`` resolved against ``base`` (as written without one), whatever its
    scheme (the download refuses all but http and https, in one line); None when it is no
    address (empty, blanks or controls in it, or longer than :data:`MAX_SOURCE`)."""
    src = (src or "").strip()
    if src and base:
        with contextlib.suppress(ValueError):  # a base like http://[::1 (an unclosed host)
            src = urljoin(base, src)
    if not src or len(src) > MAX_SOURCE or any(c.isspace() or ord(c) < 32 for c in src):
        return None
    return src


class _Blocks:
    """Collects blocks while walking a tree: inline text gathers into one paragraph."""

    def __init__(self, sources: bool = False, base: str | None = None) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.sources = sources
        self.base = base

    def text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self, subhead: bool = False) -> None:
        text = clean_text(_BLANKS.sub(" ", "".join(self.buffer))).strip()
        self.buffer.clear()
        if not text:
            return
        if subhead and len(text) <= MAX_SUBHEAD:
            self.blocks.append(Subhead(text))
        else:
            self.blocks.append(Paragraph(text))

    def photo(self, caption: str | None, src: str | None) -> None:
        self.flush()
        caption = clean_inline(_BLANKS.sub(" ", caption or "")).strip() or None
        address = _source(src, self.base) if self.sources else None
        # Without its address the picture is only its caption: no caption, no photo.
        if caption is not None or address is not None:
            self.blocks.append(Photo(caption=caption, file=address))


_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")


def _img_source(img: etree._Element) -> str | None:
    """An ``<img>``'s picture: its ``src``, or, where the page loads pictures lazily (an
    empty ``src`` or a ``data:`` placeholder), the address its script would put there."""
    src = (img.get("src") or "").strip()
    if not src or src.lower().startswith("data:"):
        for name in _LAZY_SOURCES:
            lazy = (img.get(name) or "").strip()
            if lazy and not lazy.lower().startswith("data:"):
                return lazy
    return src or None


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _walk(el: etree._Element, out: _Blocks) -> None:
    tag = _tag(el)
    if tag in _DROP or not tag:
        return
    if tag == "br":
        out.flush()
        return
    if tag == "img":
        if not _tracking_pixel(el):
            out.photo(el.get("title") or el.get("alt"), _img_source(el))
        return
    if tag == "figure":
        caption = el.find(".//figcaption")
        image = next((i for i in el.iter("img") if not _tracking_pixel(i)), None)
        if image is not None:
            text = caption.text_content() if caption is not None else None
            out.photo(text or image.get("alt"), _img_source(image))
            return
    block = tag in _BLOCK or tag in _SUBHEAD
    if block:
        out.flush()
    out.text(el.text)
    for child in el:
        _walk(child, out)
        out.text(child.tail)
    if block:
        out.flush(subhead=tag in _SUBHEAD)


def _tracking_pixel(img: etree._Element) -> bool:
    """An image that is no picture: 1×1 counters, or one with no source at all."""
    if _img_source(img) is None:
        return True
    return any(
        (img.get(side) or "").strip() in ("0", "1", "0px", "1px") for side in ("width", "height")
    )


def html_blocks(html: str, *, sources: bool = False, base: str | None = None) -> list[Block]:
    """Paragraphs, subheads and photos of an HTML fragment, in order; photos keep captions.

    With ``sources``, a photo's ``file`` is the picture's address resolved against
    ``base`` (any scheme: the caller fetches http and https only and says so of the
    rest), and a picture with no caption is kept for its address: the caller must
    replace every such ``file`` before the blocks go into an issue.
    """
    if "<" not in html:
        return [Paragraph(p) for p in _plain_paragraphs(html)]
    root = _fragment(html)
    if root is None:
        return [Paragraph(p) for p in _plain_paragraphs(html)]
    out = _Blocks(sources, base)
    _walk(root, out)
    out.flush()
    return _tidy(out.blocks)


def _plain_paragraphs(text: str) -> list[str]:
    parts = (clean_text(_BLANKS.sub(" ", line)).strip() for line in text.split("\n"))
    return [p for p in parts if p]


def _tidy(blocks: Iterable[Block]) -> list[Block]:
    """A subhead at the very end becomes a paragraph; repeated empty photos go."""
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Photo) and result and result[-1] == block and not block.caption:
            continue
        result.append(block)
    if result and isinstance(result[-1], Subhead):
        result[-1] = Paragraph(result[-1].text)
    return result


@dataclass(frozen=True, slots=True)
class PageStory:
    """A story read from its page: the paragraphs, how they were found, the lead picture
    and, from a known e-paper layout, the headline group and byline."""

    paragraphs: list[Paragraph]
    how: str  # the layout's name, for the report
    picture: tuple[str, str | None] | None  # the lead picture's address and caption
    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    byline: tuple[Credit, ...] = ()


# -- a whole page --------------------------------------------------------------------------


def page_story(html: str, url: str | None = None) -> tuple[list[Paragraph], str]:
    """The story's paragraphs on a page, and which extractor found them.

    trafilatura first; when it finds nothing (or is not installed), the
    :func:`densest_story` fallback. An empty list when neither finds a story.
    """
    paragraphs: list[Paragraph] = []
    try:
        # Lazy: trafilatura takes a noticeable time to import, and only pages need it.
        import trafilatura

        text = trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            # Not deduplicate=True: its cache of seen text lives as long as the process, so
            # a page read a third time (paperread update run again from the library screen,
            # two feeds linking one story) would come back empty, and the rescue it then
            # tries costs ten times the extraction.
            deduplicate=False,
        )
    except ImportError:
        text = None
    except Exception:  # trafilatura on a strange page: fall back rather than fail
        text = None
    if text:
        paragraphs = [Paragraph(p) for p in _plain_paragraphs(text)]
        if paragraphs:
            return paragraphs, "trafilatura"
    return densest_story(html), "paragraphs"


def densest_story(html: str) -> list[Paragraph]:
    """The fallback extractor: ``<article>``'s paragraphs, else the densest ``<p>`` container."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    article = root.find(".//article")
    if article is not None:
        found = _paragraph_texts(article.iter("p"))
        if found:
            return [Paragraph(t) for t in found]
    scores: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + len(_BLANKS.sub("", p.text_content()))
    if not scores:
        return []
    best = max(scores, key=lambda el: scores[el])
    return [Paragraph(t) for t in _paragraph_texts(best.iterchildren("p"))]


def _paragraph_texts(paragraphs: Iterable[etree._Element]) -> list[str]:
    texts = []
    for p in paragraphs:
        text = clean_text(_BLANKS.sub(" ", p.text_content())).strip()
        if text:
            texts.append(text)
    return texts


def page_picture(html: str, url: str | None = None) -> tuple[str, str | None] | None:
    """The lead picture of a story page: its address and caption, or None.

    On a page of a known e-paper layout (人民日报, Founder), the first picture its fields
    name. Elsewhere, in the page's ``<article>`` (else ``<main>``, else the whole page, with
    navigation, headers, footers and asides left out): the first ``<figure>`` holding an
    image (caption from its ``<figcaption>``, else the image's alt text); within an
    ``<article>`` or ``<main>`` also a bare ``<img>`` with alt text. Tracking pixels and
    addresses other than http(s) are never taken.
    """
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    found = _epaper_picture(root, url)
    if found is not None:
        return found if found[0] else None
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    scope = root.find(".//article")
    if scope is None:
        scope = root.find(".//main")
    for figure in (root if scope is None else scope).iter("figure"):
        image = next((i for i in figure.iter("img") if not _tracking_pixel(i)), None)
        address = http_address(_img_source(image), url) if image is not None else None
        if image is not None and address is not None:
            caption = figure.find(".//figcaption")
            text = caption.text_content() if caption is not None else None
            return address, _caption(text or image.get("alt"))
    if scope is not None:
        for image in scope.iter("img"):
            address = http_address(_img_source(image), url)
            if address and not _tracking_pixel(image) and (image.get("alt") or "").strip():
                return address, _caption(image.get("alt"))
    return None


def _caption(text: str | None) -> str | None:
    return clean_inline(_BLANKS.sub(" ", text or "")).strip() or None


def _epaper_fields(root: etree._Element, url: str | None) -> tuple[Fields, str, str] | None:
    """An e-paper article page's fields, its site's address and the layout's name; None
    when the page is of no known e-paper layout (or is a page's listing, not an article)."""
    if not url:
        return None
    from reader.sources.epaper_layouts import detect

    layout = detect(root)
    if layout is None or not layout.is_article(root):
        return None
    parts = urlsplit(url)
    site = f"{parts.scheme}://{parts.netloc}/"
    fields = layout.read_article(root, parts.path.lstrip("/") or "index.html")
    return fields, site, layout.kind


def _fields_picture(fields: Fields, site: str) -> tuple[str, str | None] | None:
    for picture in fields.pictures:
        address = http_address(picture.path, site) if picture.path else None
        if address is not None:
            return address, _caption(picture.caption)
    return None


def _epaper_picture(root: etree._Element, url: str | None) -> tuple[str, str | None] | None:
    """On an e-paper article page: ``(address, caption)`` of its first picture, or
    ``("", None)`` when it has none; None when the page is of no known e-paper layout."""
    found = _epaper_fields(root, url)
    if found is None:
        return None
    return _fields_picture(found[0], found[1]) or ("", None)


def epaper_story(html: str, url: str | None) -> PageStory | None:
    """A story page of a known e-paper layout (人民日报, Founder) read by its exact fields:
    kicker, headline, deck, byline, paragraphs and lead picture; None for any other page
    (then :func:`page_story` extracts it)."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    found = _epaper_fields(root, url)
    if found is None:
        return None
    fields, site, kind = found
    paragraphs = [Paragraph(p) for p in fields.paragraphs if p.strip()]
    if not paragraphs:
        return None
    return PageStory(
        paragraphs=paragraphs,
        how=kind,
        picture=_fields_picture(fields, site),
        headline=fields.headline,
        kicker=fields.kicker,
        deck=fields.deck,
        byline=tuple(fields.byline),
    )
