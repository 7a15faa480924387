"""An EPUB becomes a format-1 issue: a calibre news EPUB by its feeds, a book by its chapters.

calibre's news recipes write ``feed_N/index*.html`` (the section: its title in
``h2.calibre_feed_title``, its articles as ``a.article`` links) and
``feed_N/article_M/index*.html`` (an article, possibly over several pages). Those
become the sections and articles; the OPF title ``示例日报 [Sat, 05 Dec 2026]``
gives the paper and the date. A news EPUB without feed pages falls back on its
table of contents (NCX or nav), whose nesting puts articles under sections. Any
other EPUB is a book: its chapters, in spine order, are the articles of one
section. Everything goes through the same cleaning and the same validation as
every issue file (the YAML is read back with the real loader before it is
returned). Pictures are kept as photos with their captions; their files are
returned for the caller to write beside the issue file.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from reader.importer.core import _language as detect_language
from reader.importer.emit import dump_issue, unique_ids
from reader.issue.clean import clean_inline, spell_bytes
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.model import Article, Block, Issue, Paragraph, Photo, Section, Subhead
from reader.sources.container import EpubError, EpubZip, resolve_href
from reader.sources.markup import UnreadablePage, classes, local, parse_html, text_of
from reader.sources.output import image_ext
from reader.sources.package import (
    Package,
    TocEntry,
    is_epub_mimetype,
    iso_date,
    read_package,
    title_date,
)
from reader.sources.page import Draft, Item, read_page

__all__ = ["EpubError", "EpubImport", "import_epub"]

_FEED_PAGE = re.compile(r"(?:^|/)feed_\d+/index[^/]*\.x?html?$")
_ARTICLE_FOLDER = re.compile(r"(?:^|/)article_\d+$")
_MAX_IMAGE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EpubImport:
    """The imported issue, its checked YAML, what kind of EPUB it was, and its pictures."""

    issue: Issue
    yaml_text: str
    kind: str
    images: tuple[tuple[str, bytes], ...] = ()  # (file name inside the image folder, bytes)
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Source:
    """An article to read: its pages and what the listing said of it."""

    pages: list[str]
    title: str | None = None
    description: str | None = None


@dataclass(slots=True)
class _Built:
    title: str
    drafts: list[tuple[Draft, _Source]] = field(default_factory=list)


def is_news(package: Package) -> bool:
    """True for a calibre news EPUB (periodical metadata or calibre's feed pages)."""
    if (package.publication_type or "").startswith("periodical"):
        return True
    return any(_FEED_PAGE.search(name) for name in package.spine)


def _kind(package: Package, news: bool) -> str:
    version = "EPUB 3" if package.version.startswith("3") else "EPUB 2"
    toc = {"NCX": ", NCX", "nav": ", nav.xhtml"}.get(package.toc_kind, "")
    return f"{'calibre news EPUB' if news else 'EPUB book'} ({version}{toc})"


def _feed_sections(book: EpubZip, package: Package) -> list[tuple[str, list[_Source]]]:
    spine = package.spine
    feeds = [name for name in spine if _FEED_PAGE.search(name)]
    labels = _labels(package.toc)
    sections = []
    for feed in feeds:
        root = parse_html(book.read(feed), feed)
        title = None
        sources: list[_Source] = []
        for element in root.iter():
            names = classes(element)
            if title is None and "calibre_feed_title" in names:
                title = text_of(element) or None
            elif local(element) == "a" and "article" in names:
                sources.append(_listed(element, feed, spine, book))
        sources = [s for s in sources if s.pages]
        if sources:
            sections.append((title or labels.get(feed) or _title_element(root) or "", sources))
    return sections


def _listed(link: Any, feed: str, spine: list[str], book: EpubZip) -> _Source:
    href = (link.get("href") or "").split("#", 1)[0]
    member = resolve_href(feed, href) if href else None
    description = None
    parent = link.getparent()
    if parent is not None:
        for element in parent.iter():
            if "article_description" in classes(element):
                description = text_of(element) or None
    pages: list[str] = []
    if member is not None:
        folder = posixpath.dirname(member)
        if _ARTICLE_FOLDER.search(folder):  # calibre's own: every page in it is this article's
            pages = [n for n in spine if posixpath.dirname(n) == folder and n != feed]
        if member not in pages:
            pages = [member, *pages] if book.has(member) else pages
    return _Source(pages, text_of(link) or None, description)


def _labels(entries: tuple[TocEntry, ...]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for entry in entries:
        if entry.href and entry.label and entry.href not in labels:
            labels[entry.href] = entry.label
        for href, label in _labels(entry.children).items():
            labels.setdefault(href, label)
    return labels


def _toc_sections(package: Package, fallback: str) -> list[tuple[str, list[_Source]]]:
    """Sections from the table of contents' nesting: entries with children are sections."""
    sections: list[tuple[str, list[_Source]]] = []
    loose: list[_Source] = []
    for entry in package.toc:
        if entry.children:
            sources = [
                _Source([c.href], c.label or None) for c in _leaves(entry.children) if c.href
            ]
            if sources:
                sections.append((entry.label, sources))
        elif entry.href:
            loose.append(_Source([entry.href], entry.label or None))
    if loose:
        sections.append((fallback, loose))
    return sections


def _leaves(entries: tuple[TocEntry, ...]) -> list[TocEntry]:
    found = []
    for entry in entries:
        if entry.href:
            found.append(entry)
        found.extend(_leaves(entry.children))
    return found


def _chapters(book: EpubZip, package: Package) -> list[_Source]:
    labels = _labels(package.toc)
    pages = ("", "application/xhtml+xml", "text/html")
    return [
        _Source([name], labels.get(name))
        for name in package.spine
        if name != package.nav_member and package.media_type(name) in pages
    ]


def _title_element(root: Any) -> str | None:
    for element in root.iter():
        if local(element) == "title":
            return text_of(element) or None
    return None


def _draft(book: EpubZip, source: _Source, notes: list[str]) -> Draft | None:
    draft: Draft | None = None
    for page in source.pages:
        if not book.has(page):
            continue
        try:
            root = parse_html(book.read(page), page)
        except UnreadablePage as err:  # one broken page costs its text, not the issue
            notes.append(f"left out {err}")
            continue
        if draft is None:
            draft = read_page(root, page, source.title)
            continue
        more = read_page(root, page, draft.headline).items
        draft.items.extend(more)
    return draft


def _has_text(draft: Draft) -> bool:
    return any(it.kind == "para" for it in draft.items) or any(
        it.kind == "image" and it.text for it in draft.items
    )


def import_epub(
    path: str,
    *,
    image_folder: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
) -> EpubImport:
    """Import the EPUB at ``path``. Photos refer to ``image_folder/NAME`` (relative to the
    issue file) when ``image_folder`` is given; the pictures' bytes come back in
    :attr:`EpubImport.images`. Raises :class:`EpubError` with a one-line message."""
    with EpubZip(path) as book:
        package = read_package(book)
        notes = [] if is_epub_mimetype(book) else ["the zip has no EPUB mimetype member"]
        news = is_news(package)
        built = _read_sections(book, package, news, notes)
        return _assemble(book, package, news, built, path, image_folder, paper, date, notes)


def _read_sections(book: EpubZip, package: Package, news: bool, notes: list[str]) -> list[_Built]:
    if news:
        plan = _feed_sections(book, package) or _toc_sections(package, "")
    else:
        plan = [("", _chapters(book, package))]
    built = []
    for title, sources in plan:
        section = _Built(title)
        for source in sources:
            draft = _draft(book, source, notes)
            if draft is None:
                continue
            if not _has_text(draft) and source.description:
                draft.items.append(Item("para", source.description))
            # A book's cover or picture-only page is no chapter; a news photo story is.
            if _has_text(draft) if news else any(it.kind == "para" for it in draft.items):
                section.drafts.append((draft, source))
        if section.drafts:
            built.append(section)
    return built


def _assemble(
    book: EpubZip,
    package: Package,
    news: bool,
    built: list[_Built],
    path: str,
    image_folder: str | None,
    paper: str | None,
    date: dt.date | None,
    notes: list[str],
) -> EpubImport:
    if not built:
        raise EpubError("no article found: the EPUB has no page with text")
    sample = " ".join(
        it.text for s in built for d, _ in s.drafts for it in d.items if it.kind == "para"
    )
    language = detect_language(sample) or package.language
    if language == "zh" and package.language and package.language.startswith("zh-"):
        language = package.language
    zh = (language or "").startswith("zh")
    hant = (language or "").startswith("zh-Hant")
    untitled = "（無標題）" if hant else "（无标题）" if zh else "(untitled)"
    name, title_day = title_date(package.title)
    stem = _stem(path)
    if not name and package.publication_type:
        name = package.publication_type.split(":", 2)[-1]
    images: list[tuple[str, bytes]] = []
    sections = []
    headlines = [d.headline or s.title or untitled for sec in built for d, s in sec.drafts]
    ids = iter(unique_ids(headlines))
    heads = iter(headlines)
    for section in built:
        articles = []
        for draft, _source in section.drafts:
            article_id = next(ids)
            body = _body(book, draft.items, article_id, image_folder, images)
            articles.append(
                Article(
                    id=article_id,
                    headline=next(heads),
                    body=tuple(body) or (Paragraph(untitled),),
                    kicker=draft.kicker,
                    subheadline=draft.subheadline,
                    dateline=draft.dateline,
                    byline=tuple(draft.byline),
                )
            )
        default = (
            ("章節" if hant else "章节" if zh else "Chapters")
            if not news
            else ("要聞" if hant else "要闻" if zh else "News")
        )
        sections.append(Section(title=section.title or default, articles=tuple(articles)))
    issue = Issue(
        paper=paper or clean_inline(name) or stem,
        sections=tuple(sections),
        date=date or title_day or iso_date(package.date),
        language=language,
        source=f"{'calibre news EPUB' if news else 'EPUB'} {_shown(path)}",
    )
    kind = _kind(package, news)
    header = [f"imported by paperread from {_shown(path)} ({kind})"]
    yaml_text = dump_issue(issue, header=header)
    try:
        checked = parse_issue(yaml_text, f"{stem}.yaml")
    except IssueFileError as err:  # a bug in this module, never the input's fault
        raise EpubError(f"the imported issue does not validate: {err}") from None
    return EpubImport(checked, yaml_text, kind, tuple(images), tuple(notes))


def _body(
    book: EpubZip,
    items: list[Item],
    article_id: str,
    image_folder: str | None,
    images: list[tuple[str, bytes]],
) -> list[Block]:
    body: list[Block] = []
    count = 0
    for item in items:
        if item.kind == "para":
            body.append(Paragraph(item.text))
        elif item.kind == "heading":
            body.append(Subhead(item.text))
        else:
            file = None
            if image_folder is not None and item.member and book.has(item.member):
                data = book.read(item.member)
                ext = image_ext(data) if len(data) <= _MAX_IMAGE_BYTES else None
                if ext is not None:
                    count += 1
                    name = f"{article_id}-{count}.{ext}"
                    images.append((name, data))
                    file = f"{image_folder}/{name}"
            if item.text or file:
                body.append(Photo(caption=item.text or None, file=file))
    return body


def _stem(path: str) -> str:
    base = os.path.basename(path.replace("\\", "/")) or "book"
    stem = base.rsplit(".", 1)[0] if "." in base[1:] else base
    return clean_inline(spell_bytes(stem)) or "book"


def _shown(path: str) -> str:
    return clean_inline(spell_bytes(os.path.basename(path.replace("\\", "/")))) or "book"
