"""One article page (a calibre ``feed_N/article_M/index*.html`` or a book's chapter) as a
draft: kicker, headline, deck, byline, and the body in reading order.

calibre's ``div.calibre_navbar`` (top and bottom, with its "This article was
downloaded by calibre" line) is left out, and so are scripts and styles. The
headline is the page's first ``h1``; the heading just before it is the kicker
(引题, ``h3`` on 人民日报-style pages) and the one just after it the deck (副题,
``h2``); headings that repeat the headline (calibre prints the title as ``h2``
above embedded content) are dropped. Short paragraphs right after the headline
group that read as credits (``本报记者 张三``, ``記者 李四／台北報導``, ``By Jane
Roe``) become the byline; a paragraph holding only a date there is dropped.
Later headings are subheads; pictures become photos with their captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reader.importer.credits import opening_dateline, parse_credit_line
from reader.issue.model import Credit
from reader.sources.container import resolve_href
from reader.sources.markup import classes, lines_of, local, squeeze, text_of

__all__ = ["Draft", "Item", "read_page"]

_SKIP = frozenset({"script", "style", "head", "nav", "noscript", "template", "svg", "math"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_TEXT_BLOCKS = frozenset(
    {"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "address", "caption"}
)
_CONTAINERS = frozenset(
    {
        "body", "div", "section", "article", "main", "header", "footer", "aside", "ul", "ol",
        "dl", "table", "thead", "tbody", "tfoot", "tr", "center", "hgroup", "form", "html",
    }
)  # fmt: skip
_CAPTION_CLASS = re.compile(r"caption|pic_?text|img_?desc|photo_?text|tuzhu|figcaption", re.I)
_LABEL = re.compile(r"^(?:引题|肩题|引題|肩題|副题|副題|副标题|副標題)\s*[:：]\s*")
_DATE_ONLY = re.compile(
    r"^[\s\[(（]*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|(?:[A-Za-z]{3,9},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|(?:[A-Za-z]{3,9},?\s+)?[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:\s*[T ]?\d{1,2}:\d{2}(?::\d{2})?)?[\s\])）]*(?:星期.|週.|周.)?\s*$"
)
_GENERIC_ALT = re.compile(
    r"^(?:image|img|photo|picture|图片|圖片|照片|masthead|\S+\.(?:jpe?g|png|gif|webp))$", re.I
)


@dataclass(frozen=True, slots=True)
class Item:
    """One thing on a page: a heading, a paragraph or a picture."""

    kind: str  # "heading", "para" or "image"
    text: str = ""
    level: int = 0
    member: str | None = None  # an image's zip member


@dataclass(slots=True)
class Draft:
    """What an article page holds, before it becomes an :class:`Article`."""

    headline: str | None = None
    kicker: str | None = None
    subheadline: str | None = None
    dateline: str | None = None
    byline: list[Credit] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # the body: "para", "heading", "image"


class _Walker:
    def __init__(self, member: str) -> None:
        self.member = member
        self.items: list[Item] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = squeeze("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.items.append(Item("para", text))

    def image(self, element: Any, caption: str | None = None) -> None:
        src = element.get("src") or ""
        if not src:
            src = next((v for k, v in element.attrib.items() if k.endswith("href")), "")
        member = resolve_href(self.member, src) if src else None
        alt = squeeze(element.get("alt") or element.get("title") or "")
        if caption is None and alt and not _GENERIC_ALT.match(alt):
            caption = alt
        self.items.append(Item("image", caption or "", member=member))

    def walk(self, element: Any) -> None:
        for child in element:
            name = local(child)
            if not name or name in _SKIP or "calibre_navbar" in classes(child):
                pass
            elif name == "br":
                self.buffer.append("\n")
                if element is not None and local(element) in _CONTAINERS:
                    self.flush()
            elif name in _HEADINGS:
                self.flush()
                text = text_of(child)
                if text:
                    self.items.append(Item("heading", text, _HEADINGS[name]))
                self.images_in(child)
            elif name == "img" or name == "image":
                self.flush()
                self.image(child)
            elif name == "figure":
                self.flush()
                self.figure(child)
            elif name in _TEXT_BLOCKS:
                self.flush()
                self.block(child)
            elif name in _CONTAINERS or _has_blocks(child):
                self.flush()
                self.walk_with_text(child)
            else:
                self.buffer.append(text_of(child))
                self.images_in(child)
            if child.tail:
                self.buffer.append(child.tail)

    def walk_with_text(self, element: Any) -> None:
        if element.text:
            self.buffer.append(element.text)
        self.walk(element)
        self.flush()

    def block(self, element: Any) -> None:
        if _has_blocks(element):
            self.walk_with_text(element)
            return
        text = text_of(element)
        if text and _CAPTION_CLASS.search(element.get("class") or "") and self._last_image():
            last = self.items[-1]
            self.items[-1] = Item("image", last.text or text, member=last.member)
        else:
            self.items.extend(Item("para", line) for line in lines_of(element))
        self.images_in(element)

    def figure(self, element: Any) -> None:
        caption = None
        for child in element.iter():
            if local(child) == "figcaption":
                caption = text_of(child) or None
        images = [c for c in element.iter() if local(c) in ("img", "image")]
        if not images and caption:
            self.items.append(Item("para", caption))
        for index, img in enumerate(images):
            self.image(img, caption if index == 0 else None)

    def images_in(self, element: Any) -> None:
        for img in element.iter():
            if img is not element and local(img) in ("img", "image"):
                self.image(img)

    def _last_image(self) -> bool:
        return bool(self.items) and self.items[-1].kind == "image"


def _has_blocks(element: Any) -> bool:
    for child in element.iter():
        if child is element:
            continue
        name = local(child)
        if name in _TEXT_BLOCKS or name in _HEADINGS or name in _CONTAINERS or name == "figure":
            return True
    return False


def page_items(root: Any, member: str) -> list[Item]:
    """The headings, paragraphs and pictures of a page, in reading order."""
    body = next((e for e in root.iter() if local(e) == "body"), root)
    walker = _Walker(member)
    walker.walk_with_text(body)
    return walker.items


def _same(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_page(root: Any, member: str, title: str | None = None) -> Draft:
    """The draft of an article page; ``title`` (the listing's or the contents' label)
    stands in for a page without a headline."""
    items = page_items(root, member)
    draft = Draft()
    head = next((i for i, it in enumerate(items) if it.kind == "heading" and it.level == 1), None)
    if head is None and title:
        head = next(
            (i for i, it in enumerate(items) if it.kind == "heading" and _same(it.text, title)),
            None,
        )
    if head is None:
        first_para = next((i for i, it in enumerate(items) if it.kind == "para"), len(items))
        head = next((i for i, it in enumerate(items[:first_para]) if it.kind == "heading"), None)
    if head is None:
        draft.headline = title or _page_title(root)
        rest = items
    else:
        draft.headline = items[head].text
        before = [
            it
            for it in items[:head]
            if not (it.kind == "heading" and _same(it.text, draft.headline))
        ]
        if before and before[-1].kind == "heading":
            draft.kicker = _LABEL.sub("", before.pop().text) or None
        before = [it for it in before if it.kind != "heading" or it.level > 3]
        rest = before + items[head + 1 :]
        index = len(before)
        if (
            index < len(rest)
            and rest[index].kind == "heading"
            and not _same(rest[index].text, draft.headline)
        ):
            draft.subheadline = _LABEL.sub("", rest.pop(index).text) or None
        _take_byline(draft, rest, index)
        _take_dateline(draft, rest, index)
    draft.items = rest
    return draft


def _take_byline(draft: Draft, items: list[Item], start: int) -> None:
    """Credit and date paragraphs right after the headline group move out of the body."""
    taken = 0
    while start < len(items) and taken < 4 and items[start].kind == "para":
        text = items[start].text
        if _DATE_ONLY.match(text):
            del items[start]
        else:
            line = parse_credit_line(text) if len(text) <= 60 else None
            if line is None or line.rest:
                return
            draft.byline.extend(line.credits)
            if line.text and draft.dateline is None:
                draft.dateline = line.text
            del items[start]
        taken += 1


def _take_dateline(draft: Draft, items: list[Item], start: int) -> None:
    """A dateline that opens the first paragraph (``本报北京1月2日电（记者 X）今天…``)
    becomes the story's dateline, unless one was printed on its own line."""
    if draft.dateline is not None or start >= len(items) or items[start].kind != "para":
        return
    found = opening_dateline(items[start].text)
    if found is None:
        return
    draft.dateline = found.text
    if not draft.byline:
        draft.byline.extend(found.credits)
    items[start] = Item("para", found.rest.strip())


def _page_title(root: Any) -> str | None:
    for element in root.iter():
        if local(element) == "title":
            return text_of(element) or None
    return None
