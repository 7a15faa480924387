"""The two e-paper layouts paperread knows: what is a page, an article, and each field.

(a) 人民日报's web edition since 2025 (``rmrb/pc/layout/YYYYMM/DD/node_NN.html``): the
page list in ``#list`` (``第04版：要闻``), the page's articles in ``ul.news-list a``
(``rmrb/pc/content/YYYYMM/DD/content_N.html``; a ``本版责编：…`` entry is not one); an
article page holds ``.article`` > ``h3`` (引题), ``h1``, ``h2`` (副题), ``.sec``
(author, then ``.date`` with the date and page), the body in ``#ozoom p`` and pictures
in ``.attachment``.

(b) the Founder (方正) e-paper system: pages ``node_N.htm`` (``a#pageLink``), articles
``content_X_Y.htm``; fields in ``<founder-title>``, ``<founder-subtitle>``,
``<founder-author>``, ``<founder-content>``, or in an ``<!--enpproperty … -->`` comment
(``introtitle``, ``title``, ``subtitle``, ``author``, ``date``, ``nodename``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from reader.importer.credits import parse_credit_line, parse_credits
from reader.issue.model import Credit
from reader.sources.epaper_site import resolve_link
from reader.sources.markup import classes, lines_of, local, squeeze, text_of

__all__ = ["FOUNDER", "LAYOUTS", "PEOPLE", "Fields", "Layout", "Link", "Picture", "detect"]

_EDITOR = re.compile(r"^[（(【\[]?\s*(?:本版)?(?:责编|責編|责任编辑|責任編輯|编辑|編輯)\s*[:：]")
_LABEL = re.compile(r"^第?\s*([A-Za-z]?\d{1,3})\s*版\s*[:：]?\s*(.*)$")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_PAGE_NO = re.compile(r"第\s*([A-Za-z]?\d{1,3})\s*版")
_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a page or an article: its site path and the text it was shown with."""

    path: str | None  # None: the link leaves the site
    text: str | None = None
    number: int | None = None  # a page's number (node_NN)
    href: str = ""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture: the site path of its file (None when it cannot be named) and caption."""

    path: str | None
    caption: str | None


@dataclass(slots=True)
class Fields:
    """What an article page holds."""

    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    byline: list[Credit] = field(default_factory=list)
    date: dt.date | None = None
    page: str | None = None  # 04, A01 as printed
    page_name: str | None = None  # 要闻 (Founder's nodename)
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    pictures_first: bool = True


def is_editor_line(text: str) -> bool:
    """True for ``本版责编：张三`` and the like: a page's staff, not an article."""
    return bool(_EDITOR.match(text.strip()))


def section_title(label: str | None, number: int | None) -> tuple[str, str | None]:
    """``第04版：要闻`` and the printed page (``04``) from a page list's label."""
    text = squeeze(label or "")
    match = _LABEL.match(text)
    if match is not None:
        page, name = match.group(1), squeeze(match.group(2))
        if page.isdigit():
            page = f"{int(page):02d}"
        return (f"第{page}版：{name}" if name else f"第{page}版"), page
    if number is not None:
        page = f"{number:02d}"
        return (f"第{page}版：{text}" if text else f"第{page}版"), page
    return text or "要闻", None


def find_date(text: str) -> dt.date | None:
    """The first date in ``text`` (2025年1月3日, 2025-01-03), or None."""
    for pattern in (_CN_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def credits_of(text: str | None) -> list[Credit]:
    """Credits from an author line (``本报记者　张三``, ``张三 李四``), names normalised."""
    text = squeeze(text or "")
    if not text:
        return []
    line = parse_credit_line(text)
    if line is not None and not line.rest:
        return list(line.credits)
    found = parse_credits(text)
    if found:
        return found
    return [Credit((text,))] if len(text) <= 40 else []


def _by_id(root: Any, name: str) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == name]


def _by_class(root: Any, name: str) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str) and name in classes(e)]


def _by_tag(root: Any, name: str) -> list[Any]:
    return [e for e in root.iter() if local(e) == name]


def _first_text(elements: list[Any]) -> str | None:
    for element in elements:
        text = text_of(element)
        if text:
            return text
    return None


def _paragraphs(container: Any) -> list[str]:
    blocks = [e for e in container.iter() if local(e) == "p"]
    lines = [line for block in blocks for line in lines_of(block)] if blocks else []
    if not lines:
        lines = lines_of(container)
    return [line for line in lines if not is_editor_line(line)]


def _links(root: Any, base: str, pattern: re.Pattern[str], scope: list[Any]) -> list[Link]:
    """Links (``a``, ``area``) in ``scope`` (else the whole page) whose file name matches;
    a link that leaves the site keeps its ``href`` and no path."""
    found: dict[str, Link] = {}
    for container in scope or [root]:
        for element in container.iter():
            if local(element) not in ("a", "area"):
                continue
            href = (element.get("href") or "").split("#", 1)[0].strip()
            match = pattern.fullmatch(href.rsplit("/", 1)[-1])
            if match is None:
                continue
            path = resolve_link(base, href)
            text = text_of(element) or None
            number = int(match.group(1)) if match.groups() else None
            key = path if path is not None else f"\x00{href}"
            known = found.get(key)
            if known is None or (known.text is None and text):
                found[key] = Link(path, text, number, href)
    return list(found.values())


def _source(img: Any, base: str) -> str | None:
    src = (img.get("src") or "").strip()
    return resolve_link(base, src) if src else None


def _alt(img: Any) -> str | None:
    alt = squeeze(img.get("alt") or img.get("title") or "")
    return alt if alt and not re.search(r"\.(?:jpe?g|png|gif|webp)$", alt, re.I) else None


def _pictures(blocks: list[Any], base: str) -> list[Picture]:
    """Pictures in picture blocks (``.attachment``): each image with the block's captions."""
    pictures = []
    for block in blocks:
        images = [e for e in block.iter() if local(e) == "img"]
        if not images:
            continue
        captions = [
            text
            for e in block.iter()
            if local(e) in ("p", "td", "figcaption", "span", "div", "li")
            and not any(local(c) in ("p", "td", "div", "img", "li") for c in e.iterdescendants())
            for text in [text_of(e)]
            if text
        ]
        if len(captions) != len(images):
            captions = [" ".join(captions)] if captions else []
        for index, img in enumerate(images):
            caption = captions[index] if index < len(captions) else None
            pictures.append(Picture(_source(img, base), caption or _alt(img)))
    return pictures


def _inline_pictures(content: Any, base: str) -> list[Picture]:
    """Pictures inside a story's text: the caption from their figure, else their alt text."""
    pictures = []
    for img in (e for e in content.iter() if local(e) == "img"):
        figure = next((a for a in img.iterancestors() if local(a) == "figure"), None)
        caption = None
        if figure is not None:
            caption = _first_text([e for e in figure.iter() if local(e) == "figcaption"])
        pictures.append(Picture(_source(img, base), caption or _alt(img)))
    return pictures


def _before(first: Any, second: Any) -> bool:
    for element in first.getroottree().getroot().iter():
        if element is first:
            return True
        if element is second:
            return False
    return True


class Layout:
    """One e-paper layout: how its pages and articles are recognised and read."""

    key = ""
    kind = ""
    paper = ""  # the paper's name when the page does not say
    host = ""  # the site's address, for article urls, when it is always the same
    page_name = re.compile("")
    article_name = re.compile("")

    def matches(self, root: Any) -> bool:
        """True when the page is of this layout."""
        raise NotImplementedError

    def is_article(self, root: Any) -> bool:
        """True for an article page (rather than a page's listing)."""
        raise NotImplementedError

    def page_links(self, root: Any, base: str) -> list[Link]:
        """The issue's pages as the page lists them."""
        raise NotImplementedError

    def article_links(self, root: Any, base: str) -> list[Link]:
        """The articles of the page."""
        raise NotImplementedError

    def read_article(self, root: Any, base: str) -> Fields:
        """The fields of an article page."""
        raise NotImplementedError


class _People(Layout):
    key = "people"
    kind = "人民日报 e-paper (2025 layout)"
    paper = "人民日报"
    host = "https://paper.people.com.cn/"
    page_name = re.compile(r"node_(\d+)\.html?")
    article_name = re.compile(r"content_\d+\.html?")

    def matches(self, root: Any) -> bool:
        if _by_class(root, "news-list") and _by_id(root, "list"):
            return True
        return any(
            _by_tag(a, "h1") and (_by_id(root, "ozoom") or _by_class(root, "sec"))
            for a in _by_class(root, "article")
        )

    def is_article(self, root: Any) -> bool:
        return any(_by_tag(a, "h1") for a in _by_class(root, "article"))

    def page_links(self, root: Any, base: str) -> list[Link]:
        scope = _by_id(root, "list") or _by_id(root, "pageList") or _by_class(root, "swiper-box")
        return _links(root, base, self.page_name, scope) if scope else []

    def article_links(self, root: Any, base: str) -> list[Link]:
        links = _links(root, base, self.article_name, _by_class(root, "news-list"))
        return [link for link in links if not (link.text and is_editor_line(link.text))]

    def read_article(self, root: Any, base: str) -> Fields:
        article = next((a for a in _by_class(root, "article") if _by_tag(a, "h1")), root)
        fields = Fields(
            kicker=_first_text(_by_tag(article, "h3")),
            headline=_first_text(_by_tag(article, "h1")),
            deck=_first_text(_by_tag(article, "h2")) or _deck_after_h2(article),
        )
        for sec in _by_class(article, "sec")[:1]:
            date_text = " ".join(text_of(d) for d in _by_class(sec, "date"))
            author = text_of(sec).replace(date_text, "") if date_text else text_of(sec)
            fields.byline = credits_of(author)  # the author is what is left
            fields.date = find_date(date_text)
            page = _PAGE_NO.search(date_text)
            if page is not None:
                number = page.group(1)
                fields.page = f"{int(number):02d}" if number.isdigit() else number
        body = next(iter(_by_id(root, "ozoom")), None)
        if body is not None:
            fields.paragraphs = _paragraphs(body)
        attachments = _by_class(root, "attachment")
        fields.pictures = _pictures(attachments, base)
        if attachments and body is not None:
            fields.pictures_first = _before(attachments[0], body)
        return fields


def _deck_after_h2(article: Any) -> str | None:
    """The deck of ``<h2><p>…</p></h2>``, which the HTML parser reads as an empty ``h2``
    followed by the paragraph."""
    for h2 in _by_tag(article, "h2"):
        after = h2.getnext()
        if after is not None and local(after) == "p" and not text_of(h2):
            return text_of(after) or None
    return None


def _enpproperty(root: Any) -> dict[str, str]:
    for element in root.iter():
        if isinstance(element.tag, str) or not isinstance(element.text, str):
            continue
        text = element.text.strip()
        if text.startswith("enpproperty"):
            return {
                k.lower(): squeeze(html.unescape(v))
                for k, v in _ENP_FIELD.findall(text)
                if squeeze(html.unescape(v))
            }
    return {}


class _Founder(Layout):
    key = "founder"
    kind = "Founder (方正) e-paper"
    page_name = re.compile(r"node_(\d+)\.html?")
    article_name = re.compile(r"content_\d+(?:_\d+)?\.html?")

    def matches(self, root: Any) -> bool:
        if _by_tag(root, "founder-title") or _by_tag(root, "founder-content"):
            return True
        if _enpproperty(root):
            return True
        return any(
            self.page_name.fullmatch((a.get("href") or "").rsplit("/", 1)[-1])
            for a in _by_id(root, "pageLink")
        )

    def is_article(self, root: Any) -> bool:
        return bool(
            _by_tag(root, "founder-title")
            or _by_tag(root, "founder-content")
            or _enpproperty(root).get("title")
        )

    def page_links(self, root: Any, base: str) -> list[Link]:
        scope = _by_id(root, "pageLink")
        return _links(root, base, self.page_name, scope) if scope else []

    def article_links(self, root: Any, base: str) -> list[Link]:
        scope = _by_id(root, "titleList") or _by_id(root, "articleList") or []
        links = _links(root, base, self.article_name, scope)
        return [link for link in links if not (link.text and is_editor_line(link.text))]

    def read_article(self, root: Any, base: str) -> Fields:
        enp = _enpproperty(root)

        def tag(name: str, key: str) -> str | None:
            return _first_text(_by_tag(root, name)) or enp.get(key)

        fields = Fields(
            kicker=tag("founder-introtitle", "introtitle"),
            headline=tag("founder-title", "title"),
            deck=tag("founder-subtitle", "subtitle"),
            page_name=enp.get("nodename"),
        )
        fields.byline = credits_of(tag("founder-author", "author"))
        fields.date = find_date(enp.get("date", ""))
        content = next(iter(_by_tag(root, "founder-content")), None)
        if content is None:
            content = next(iter(_by_id(root, "ozoom")), None)
        if content is not None:
            fields.paragraphs = _paragraphs(content)
        if content is not None:
            fields.pictures = _inline_pictures(content, base)
        blocks = [
            e
            for e in root.iter()
            if isinstance(e.tag, str)
            and re.search(r"pic|photo", f"{e.get('class') or ''} {e.get('id') or ''}", re.I)
            and (content is None or content not in e.iterancestors())
        ]
        outer = [b for b in blocks if not any(b in o.iterdescendants() for o in blocks)]
        fields.pictures += _pictures(outer, base)
        return fields


PEOPLE = _People()
FOUNDER = _Founder()
LAYOUTS: tuple[Layout, ...] = (PEOPLE, FOUNDER)


def detect(root: Any) -> Layout | None:
    """The layout of a page, or None for a page of no known layout."""
    return next((layout for layout in LAYOUTS if layout.matches(root)), None)
