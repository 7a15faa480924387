"""A Chinese e-paper issue (人民日报's 2025 web edition, or the Founder/方正 system) becomes a
format-1 issue: every page a section (``第04版：要闻``), every article on it a story.

Given one page of an issue (a page listing or an article, saved as a file, or a
folder of saved files), the page list leads to every page and each page's list to
its articles. All documents are read through one ``fetch(site_path) -> bytes``
function (:mod:`reader.sources.epaper_site`): a saved folder now, an HTTP client
later. A missing or unreadable linked page or article is a note, never a crash;
a link leaving the site is not followed. Pictures keep their captions; their
files are returned for the caller to write beside the issue when they were
saved too. The YAML is read back with the real loader before it is returned.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from reader.issue.clean import clean_inline, spell_bytes
from reader.sources.epaper_issue import (
    FOUNDER_MIRROR,
    PEOPLE_DATE_PATH,
    EpaperImport,
    Page,
    Run,
    Story,
    assemble,
    page_title,
)
from reader.sources.epaper_layouts import (
    FOUNDER,
    PEOPLE,
    Layout,
    Link,
    detect,
    find_date,
    section_title,
)
from reader.sources.epaper_site import (
    EpaperError,
    Fetch,
    FolderSite,
    parse_document,
    read_capped,
)
from reader.sources.markup import local, text_of

_PEOPLE_MIRROR = re.compile(r"(?:^|/)(rmrb/pc/(?:layout|content)/(\d{6})/(\d{2})/[^/]+)$")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+?)\s*-->", re.I)

__all__ = [
    "FOUNDER",
    "PEOPLE",
    "SUPPORTED",
    "EpaperError",
    "EpaperImport",
    "find_start",
    "import_epaper",
    "import_site",
]

SUPPORTED = (
    "人民日报 web edition (rmrb/pc/layout/…/node_NN.html) and Founder (方正) e-papers "
    "(node_N.htm, content_X_Y.htm)"
)


def import_epaper(
    path: str,
    *,
    pages: frozenset[int] | None = None,
    image_folder: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
) -> EpaperImport:
    """Import the issue one saved page (``path``, a file) or a folder of saved pages belongs to.

    ``pages`` keeps only those page numbers. Raises :class:`EpaperError` (one line)."""
    start = find_start(path)
    data = read_capped(start, _shown(start))
    root = parse_document(data, _shown(start))
    layout = detect(root)
    if layout is None:
        raise EpaperError(f"not a known e-paper layout (paperread reads {SUPPORTED})")
    site_root, site_path = _site_of(start, layout, root)
    return import_site(
        FolderSite(site_root),
        site_path,
        data,
        start_url=_saved_from(data),
        pages=pages,
        image_folder=image_folder,
        paper=paper,
        date=date,
        shown=_shown(path),
    )


def find_start(path: str) -> str:
    """The page file to start from: ``path`` itself, or in a folder its first page."""
    if not os.path.isdir(path):
        if not os.path.exists(path):
            raise EpaperError("no such file")
        return path
    found: list[tuple[str, int, str]] = []
    seen = 0
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for name in files:
            seen += 1
            match = re.fullmatch(r"node_(\d+)\.html?", name)
            if match is not None:
                found.append((folder, int(match.group(1)), os.path.join(folder, name)))
        if seen > 20000 or folder.count(os.sep) - path.count(os.sep) > 8:
            dirs.clear()
    if not found:
        raise EpaperError(
            f"no e-paper page (node_N.htm or node_NN.html) in the folder: {SUPPORTED}"
        )
    newest = max(f[0] for f in found)  # a mirror of several days: the newest date folder
    return min((f for f in found if f[0] == newest), key=lambda f: f[1])[2]


def _site_of(start: str, layout: Layout, root: Any) -> tuple[str, str]:
    """The folder that is the site's root and the start page's site path in it."""
    full = os.path.abspath(start).replace(os.sep, "/")
    mirror = _PEOPLE_MIRROR if layout is PEOPLE else FOUNDER_MIRROR
    match = mirror.search(full)
    if match is not None:
        site_path = match.group(1)
        return full[: len(full) - len(site_path)] or "/", site_path
    name = os.path.basename(full)
    if layout is PEOPLE:
        # Saved on its own: placed where the site keeps it, so that its links
        # (../../../content/YYYYMM/DD/content_N.html) resolve; files are found by name.
        day = _people_date(root)
        folder = f"{day:%Y%m}/{day:%d}" if day else "000000/00"
        kind = "content" if layout.is_article(root) else "layout"
        return os.path.dirname(full), f"rmrb/pc/{kind}/{folder}/{name}"
    return os.path.dirname(full), name


def _people_date(root: Any) -> dt.date | None:
    """The issue's date from its links (``content/YYYYMM/DD/``), else from an article's
    ``.date`` line."""
    for element in root.iter():
        if local(element) in ("a", "area"):
            match = PEOPLE_DATE_PATH.search(element.get("href") or "")
            if match is not None:
                day = find_date("-".join(match.groups()))
                if day is not None:
                    return day
    return PEOPLE.read_article(root, "").date if PEOPLE.is_article(root) else None


def _saved_from(data: bytes) -> str | None:
    match = _SAVED_FROM.search(data[:4096].decode("ascii", "replace"))
    return match.group(1) if match else None


def import_site(
    fetch: Fetch,
    start_path: str,
    start_data: bytes,
    *,
    start_url: str | None = None,
    pages: frozenset[int] | None = None,
    image_folder: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
    shown: str = "e-paper",
) -> EpaperImport:
    """Import the issue of the page at site path ``start_path`` (its bytes ``start_data``),
    every other document read with ``fetch``. ``start_url`` is the page's address, if
    known (article urls are derived from it)."""
    root = parse_document(start_data, start_path)
    layout = detect(root)
    if layout is None:
        raise EpaperError(f"not a known e-paper layout (paperread reads {SUPPORTED})")
    run = Run(fetch, layout)
    run.titles.extend(t for t in [page_title(root)] if t)
    links = layout.page_links(root, start_path)
    for link in links:
        if link.path is None:
            run.notes.append(f"left out page {link.href}: the link leaves the issue's folder")
    plan = [link for link in links if link.path is not None]
    is_article = layout.is_article(root)
    number = _node_number(start_path)
    listed = any(link.path == start_path or link.number == number for link in plan)
    if not is_article and (not plan or (number is not None and not listed)):
        plan.append(Link(start_path, None, number))
        plan.sort(key=lambda link: link.number if link.number is not None else 10**6)
    if pages is not None:
        plan = [link for link in plan if _number(link, plan) in pages]
        if not plan:
            raise EpaperError(f"--pages: the issue has no such page (pages: {_numbers(links)})")
    built: list[Page] = []
    for link in plan:
        page = _read_page(run, link, root if link.path == start_path else None)
        if page is not None and page.stories:
            built.append(page)
    if (
        is_article
        and pages is None
        and not any(s.path == start_path for p in built for s in p.stories)
    ):
        built.append(_lone_article(run, root, start_path, links))
    if not built:
        raise EpaperError("no article found: " + (run.notes[0] if run.notes else "empty page"))
    return assemble(run, built, start_path, start_url, image_folder, paper, date, shown)


def _node_number(path: str) -> int | None:
    match = re.search(r"node_(\d+)\.html?$", path)
    return int(match.group(1)) if match else None


def _number(link: Link, plan: list[Link]) -> int:
    return link.number if link.number is not None else plan.index(link) + 1


def _numbers(links: list[Link]) -> str:
    return ", ".join(str(link.number) for link in links if link.number is not None) or "none"


def _read_page(run: Run, link: Link, root: Any | None) -> Page | None:
    assert link.path is not None
    if root is None:
        root = run.document(link.path, "page")
        if root is None:
            return None
        run.titles.extend(t for t in [page_title(root)] if t)
    title, page = section_title(link.text or _current_label(root), link.number)
    built = Page(title, page)
    for article in run.layout.article_links(root, link.path):
        if article.path is None:
            run.notes.append(f"left out {article.href}: the link leaves the issue's folder")
            continue
        if article.path in run.seen:
            continue  # linked from two pages (or twice on one): read once
        run.seen.add(article.path)
        document = run.document(article.path, "article")
        if document is None:
            continue
        fields = run.layout.read_article(document, article.path)
        if not (fields.headline or fields.paragraphs):
            run.notes.append(f"left out article {article.path}: no headline or text in it")
            continue
        fields.headline = fields.headline or article.text
        built.stories.append(Story(article.path, fields))
    return built


def _current_label(root: Any) -> str | None:
    for element in root.iter():
        if local(element) == "title":
            text = text_of(element)
            match = re.search(r"第?\s*[A-Za-z]?\d{1,3}\s*版\s*[:：]?\s*\S*", text)
            return match.group(0) if match else None
    return None


def _lone_article(run: Run, root: Any, path: str, links: list[Link]) -> Page:
    """The start article alone (its pages were not saved), in its page's section."""
    fields = run.layout.read_article(root, path)
    if not fields.headline:
        fields.headline = page_title(root)
    number = int(fields.page) if fields.page and fields.page.isdigit() else None
    listed = next((link.text for link in links if link.number == number and link.text), None)
    if listed is not None:
        title, page = section_title(listed, number)
        return Page(title, page, [Story(path, fields)])
    label = f"第{fields.page}版" if fields.page else None
    if fields.page_name:
        label = f"{label or ''}：{fields.page_name}" if label else fields.page_name
    title, page = section_title(label, None)
    return Page(title, page, [Story(path, fields)])


def _shown(path: str) -> str:
    base = os.path.basename(os.path.normpath(path.replace("\\", "/")))
    return clean_inline(spell_bytes(base)) or "e-paper"
