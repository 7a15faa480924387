"""An imported e-paper issue, put together: the stories of each page into sections, the
pictures' files, article addresses, the paper's name and date, the checked YAML.

:mod:`reader.sources.epaper` decides what to read; this module builds the issue from it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader.importer.core import _language as detect_language
from reader.importer.credits import Dateline, opening_dateline
from reader.importer.emit import dump_issue, unique_ids
from reader.issue.clean import clean_inline, spell_bytes
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.model import Article, Block, Issue, Paragraph, Photo, Section
from reader.sources.epaper_layouts import PEOPLE, Fields, Layout, find_date
from reader.sources.epaper_site import EpaperError, Fetch, MissingDocument, parse_document
from reader.sources.markup import local, squeeze, text_of
from reader.sources.output import image_ext

__all__ = [
    "FOUNDER_MIRROR",
    "MAX_DOCUMENTS",
    "PEOPLE_DATE_PATH",
    "EpaperImport",
    "Page",
    "Run",
    "Story",
    "assemble",
    "page_title",
]

MAX_DOCUMENTS = 2000
_MAX_IMAGE_BYTES = 16 * 1024 * 1024
FOUNDER_MIRROR = re.compile(r"(?:^|/)(html/(\d{4})-(\d{2})/(\d{2})/[^/]+)$")
_PAPER_SUFFIX = re.compile(
    r"(?:数字报刊|数字报|數位報|电子版|電子版|电子报|電子報|数字版|e-paper)$"
)
PEOPLE_DATE_PATH = re.compile(r"rmrb/pc/(?:layout|content)/(\d{4})(\d{2})/(\d{2})/")
_PEOPLE_ADDRESS = re.compile(r"rmrb/pc/content/\d{6}/\d{2}/content_\d+\.html")


@dataclass(frozen=True, slots=True)
class EpaperImport:
    """The imported issue, its checked YAML, the layout, the pages read, pictures, notes."""

    issue: Issue
    yaml_text: str
    kind: str
    pages: int
    images: tuple[tuple[str, bytes], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class Story:
    """An article read: its site path and fields."""

    path: str
    fields: Fields


@dataclass(slots=True)
class Page:
    """A page read: its section title, printed page number and stories."""

    title: str
    page: str | None
    stories: list[Story] = field(default_factory=list)


@dataclass(slots=True)
class Run:
    """One import under way: how documents are read, the layout, notes, what was read."""

    fetch: Fetch
    layout: Layout
    notes: list[str] = field(default_factory=list)
    read: int = 0
    titles: list[str] = field(default_factory=list)  # page titles: the paper's name
    seen: set[str] = field(default_factory=set)  # articles read

    def document(self, path: str, what: str) -> Any | None:
        """The parsed document at ``path``, or None with a note."""
        if self.read >= MAX_DOCUMENTS:
            self.notes.append(f"left out {what} {path}: more than {MAX_DOCUMENTS} documents")
            return None
        self.read += 1
        try:
            return parse_document(self.fetch(path), path)
        except MissingDocument:
            self.notes.append(f"left out {what} {path}: not saved")
        except EpaperError as err:
            self.notes.append(f"left out {what}: {err}")
        return None


def page_title(root: Any) -> str | None:
    """The text of the page's ``<title>``."""
    for element in root.iter():
        if local(element) == "title":
            return text_of(element) or None
    return None


def _paper_name(layout: Layout, titles: list[str]) -> str | None:
    if layout.paper:
        return layout.paper
    for title in titles:
        for part in re.split(r"\s*(?:--|——|[-_|｜—])\s*", title):
            part = _PAPER_SUFFIX.sub("", squeeze(part)).strip()
            if re.search(r"[报報]$", part) and len(part) <= 16:
                return part
    return None


def assemble(
    run: Run,
    built: list[Page],
    start_path: str,
    start_url: str | None,
    image_folder: str | None,
    paper: str | None,
    date: dt.date | None,
    shown: str,
) -> EpaperImport:
    """The issue from the pages read, checked with the real loader; EpaperError if not."""
    layout = run.layout
    stories = [s for p in built for s in p.stories]
    sample = " ".join(t for s in stories for t in s.fields.paragraphs)
    language = detect_language(sample)
    untitled = "（無標題）" if (language or "").startswith("zh-Hant") else "（无标题）"
    headlines = [s.fields.headline or untitled for s in stories]
    ids = iter(unique_ids(headlines))
    images: list[tuple[str, bytes]] = []
    base_url = start_url or (layout.host + start_path if layout.host else None)
    sections = []
    for page in built:
        articles = []
        for story in page.stories:
            article_id = next(ids)
            fields = story.fields
            opening = _opening(fields.paragraphs)
            paragraphs = fields.paragraphs
            if opening is not None:  # the first paragraph keeps only its story
                paragraphs = [opening.rest.strip(), *paragraphs[1:]]
            body = _body(run, fields, paragraphs, article_id, image_folder, images)
            body = body or [Paragraph(untitled)]
            articles.append(
                Article(
                    id=article_id,
                    headline=fields.headline or untitled,
                    body=tuple(body),
                    kicker=fields.kicker,
                    subheadline=fields.deck,
                    dateline=opening.text if opening else None,
                    byline=tuple(fields.byline) or (opening.credits if opening else ()),
                    url=_url(base_url, start_path, story.path),
                )
            )
        sections.append(Section(title=page.title, articles=tuple(articles), page=page.page))
    day = date or _issue_date(start_path, stories)
    issue = Issue(
        paper=paper or _paper_name(layout, run.titles) or clean_inline(spell_bytes(shown)),
        sections=tuple(sections),
        date=day,
        language=language,
        source=f"{layout.kind} {shown}",
    )
    yaml_text = dump_issue(issue, header=[f"imported by paperread from {shown} ({layout.kind})"])
    try:
        checked = parse_issue(yaml_text, "epaper.yaml")
    except IssueFileError as err:  # a bug in this module, never the input's fault
        raise EpaperError(f"the imported issue does not validate: {err}") from None
    return EpaperImport(
        checked, yaml_text, layout.kind, len(built), tuple(images), tuple(run.notes)
    )


def _issue_date(start_path: str, stories: list[Story]) -> dt.date | None:
    match = PEOPLE_DATE_PATH.search(start_path + "/") or FOUNDER_MIRROR.search(start_path)
    if match is not None:
        day = find_date("-".join(match.groups()[-3:]))
        if day is not None:
            return day
    for story in stories:
        match = PEOPLE_DATE_PATH.search(story.path)
        if match is not None and not story.path.startswith("rmrb/pc/content/000000"):
            day = find_date("-".join(match.groups()))
            if day is not None:
                return day
    return next((s.fields.date for s in stories if s.fields.date), None)


def _url(base_url: str | None, start_path: str, path: str) -> str | None:
    if not base_url:
        return None
    if "/000000/00/" in path:
        return None  # saved on its own with no date: the address cannot be told
    if base_url.startswith(PEOPLE.host) and not _PEOPLE_ADDRESS.fullmatch(path):
        return None  # saved under another name: its address cannot be told
    relative = posixpath.relpath(path, posixpath.dirname(start_path) or ".")
    url = urljoin(base_url, relative)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2048:
        return None
    if any(c.isspace() for c in url):
        return None
    return url


def _opening(paragraphs: list[str]) -> Dateline | None:
    """The dateline the first paragraph opens with (e-paper pages keep it in the body)."""
    return opening_dateline(paragraphs[0]) if paragraphs else None


def _body(
    run: Run,
    fields: Fields,
    paragraphs: list[str],
    article_id: str,
    image_folder: str | None,
    images: list[tuple[str, bytes]],
) -> list[Block]:
    photos: list[Block] = []
    for picture in fields.pictures:
        file = None
        if image_folder is not None and picture.path is not None:
            file = _picture_file(run, picture.path, article_id, image_folder, images)
        if picture.caption or file:
            photos.append(Photo(caption=picture.caption, file=file))
    text: list[Block] = [Paragraph(p) for p in paragraphs]
    return photos + text if fields.pictures_first else text + photos


def _picture_file(
    run: Run, path: str, article_id: str, folder: str, images: list[tuple[str, bytes]]
) -> str | None:
    try:
        data = run.fetch(path)
    except EpaperError:
        return None  # not saved: the caption is kept
    ext = image_ext(data) if len(data) <= _MAX_IMAGE_BYTES else None
    if ext is None:
        return None
    name = f"{article_id}-{len(images) + 1}.{ext}"
    images.append((name, data))
    return f"{folder}/{name}"
