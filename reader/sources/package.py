"""An EPUB's package: container.xml → the OPF (title, date, language, manifest, spine)
and its table of contents (the EPUB 2 NCX or the EPUB 3 ``nav.xhtml``) as a tree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from reader.sources.container import EpubError, EpubZip, resolve_href
from reader.sources.markup import local, parse_html, parse_xml, squeeze, text_of

__all__ = ["Package", "TocEntry", "read_package", "title_date"]

_MIMETYPE = b"application/epub+zip"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# calibre's default ``timefmt`` is `` [%a, %d %b %Y]``; recipes also use ISO and 年月日 forms.
_BRACKET = re.compile(r"\s*[\[【(（]\s*(?P<inner>[^\]】)）]{4,40}?)\s*[\]】)）]\s*$")
_DMY = re.compile(
    r"(?:[A-Za-z]{3,9},?\s+)?(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"
)
_MDY = re.compile(
    r"(?:[A-Za-z]{3,9},?\s+)?(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
)
_YMD = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?")
_ISO_START = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry of the table of contents: its label, the member it points at, its children."""

    label: str
    href: str | None
    children: tuple[TocEntry, ...] = ()


@dataclass(slots=True)
class Package:
    """What the OPF and the table of contents say about the book."""

    version: str
    title: str
    language: str | None
    date: str | None
    publication_type: str | None
    manifest: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # id → href, type, props
    spine: list[str] = field(default_factory=list)  # member names in reading order
    toc: tuple[TocEntry, ...] = ()
    toc_kind: str = "none"  # "NCX", "nav" or "none"
    nav_member: str | None = None

    def media_type(self, member: str) -> str:
        """The manifest's media type for a member ('' when it is not in the manifest)."""
        for href, media, _props in self.manifest.values():
            if href == member:
                return media
        return ""


def _month(text: str) -> int | None:
    return _MONTHS.get(text[:3].lower())


def _date(y: str, m: int | str | None, d: str) -> dt.date | None:
    if m is None:
        return None
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return date if date.year >= 1800 else None


def title_date(title: str) -> tuple[str, dt.date | None]:
    """A calibre title split into the paper's name and its date:
    ``示例日报 [Sat, 05 Dec 2026]`` → (``示例日报``, 2026-12-05)."""
    match = _BRACKET.search(title)
    if match is None:
        return title, None
    inner = match.group("inner")
    date = None
    found = _DMY.fullmatch(inner)
    if found is not None or (found := _MDY.fullmatch(inner)) is not None:
        date = _date(found["y"], _month(found["m"]), found["d"])
    elif (found := _YMD.fullmatch(inner)) is not None:
        date = _date(found["y"], found["m"], found["d"])
    if date is None:
        return title, None
    return title[: match.start()].strip() or title, date


def iso_date(text: str | None) -> dt.date | None:
    """The date at the start of an OPF ``dc:date`` (``2026-12-05T10:13:50+00:00``), or None."""
    match = _ISO_START.match(text or "")
    return None if match is None else _date(match["y"], match["m"], match["d"])


def _first(root: Any, name: str) -> Any:
    for element in root.iter():
        if local(element) == name:
            return element
    return None


def _rootfile(book: EpubZip) -> str:
    if not book.has("META-INF/container.xml"):
        raise EpubError("not an EPUB: the zip has no META-INF/container.xml")
    container = parse_xml(book.read("META-INF/container.xml"), "META-INF/container.xml")
    for element in container.iter():
        if local(element) == "rootfile":
            path = resolve_href("", element.get("full-path") or "")
            if path and book.has(path):
                return path
    raise EpubError("not an EPUB: META-INF/container.xml names no package file that is there")


def is_epub_mimetype(book: EpubZip) -> bool:
    """True when the zip's ``mimetype`` member says ``application/epub+zip``."""
    return book.has("mimetype") and book.read("mimetype").strip() == _MIMETYPE


def read_package(book: EpubZip) -> Package:
    """The package of the EPUB: metadata, manifest, spine and table of contents."""
    opf_name = _rootfile(book)
    opf = parse_xml(book.read(opf_name), opf_name)
    if local(opf) != "package":
        raise EpubError(f"not an EPUB: {opf_name} is not an OPF package")
    metadata = _first(opf, "metadata")
    meta: dict[str, str] = {}
    publication_type = None
    if metadata is not None:
        for element in metadata:
            name = local(element)
            if name in ("title", "language", "date") and name not in meta:
                meta[name] = text_of(element)
            elif name == "meta":
                key = element.get("name") or element.get("property") or ""
                if key == "calibre:publication_type":
                    publication_type = squeeze(element.get("content") or text_of(element))
    language = meta.get("language") or None
    if language is not None and not _LANGUAGE.fullmatch(language):
        language = None
    package = Package(
        version=(opf.get("version") or "2.0").strip(),
        title=meta.get("title") or "",
        language=language,
        date=meta.get("date"),
        publication_type=publication_type,
    )
    manifest = _first(opf, "manifest")
    for item in manifest if manifest is not None else ():
        if local(item) != "item":
            continue
        href = resolve_href(opf_name, item.get("href") or "")
        if href is not None and item.get("id"):
            package.manifest[item.get("id")] = (
                href,
                (item.get("media-type") or "").strip(),
                item.get("properties") or "",
            )
    spine = _first(opf, "spine")
    for ref in spine if spine is not None else ():
        if local(ref) != "itemref" or ref.get("linear") == "no":
            continue
        entry = package.manifest.get(ref.get("idref") or "")
        if entry is not None and book.has(entry[0]):
            package.spine.append(entry[0])
    _read_toc(book, package, spine)
    return package


def _read_toc(book: EpubZip, package: Package, spine: Any) -> None:
    for href, _media, props in package.manifest.values():
        if "nav" in props.split() and book.has(href):
            package.nav_member = href
            root = parse_html(book.read(href), href)
            for nav in root.iter():
                if local(nav) == "nav" and _is_toc_nav(nav):
                    package.toc = _nav_entries(nav, href)
                    package.toc_kind = "nav"
                    return
    ncx_id = spine.get("toc") if spine is not None else None
    ncx = package.manifest.get(ncx_id or "")
    if ncx is None:
        ncx = next(
            (v for v in package.manifest.values() if v[1] == "application/x-dtbncx+xml"), None
        )
    if ncx is not None and book.has(ncx[0]):
        root = parse_xml(book.read(ncx[0]), ncx[0])
        nav_map = _first(root, "navmap")
        if nav_map is not None:
            package.toc = _ncx_entries(nav_map, ncx[0])
            package.toc_kind = "NCX"


def _is_toc_nav(nav: Any) -> bool:
    kinds = {v for k, v in nav.attrib.items() if k.endswith("type")}
    return not kinds or any("toc" in v.split() for v in kinds)


def _ncx_entries(parent: Any, base: str) -> tuple[TocEntry, ...]:
    entries = []
    for point in parent:
        if local(point) != "navpoint":
            continue
        label = ""
        href = None
        for child in point:
            if local(child) == "navlabel":
                text = _first(child, "text")
                label = text_of(text if text is not None else child)
            elif local(child) == "content":
                href = _member(base, child.get("src"))
        entries.append(TocEntry(label, href, _ncx_entries(point, base)))
    return tuple(entries)


def _nav_entries(parent: Any, base: str) -> tuple[TocEntry, ...]:
    ol = next((c for c in parent if local(c) in ("ol", "ul")), None)
    if ol is None:
        return ()
    entries = []
    for li in ol:
        if local(li) != "li":
            continue
        label, href = "", None
        for child in li:
            if local(child) in ("a", "span") and not label:
                label = text_of(child)
                href = _member(base, child.get("href"))
        entries.append(TocEntry(label, href, _nav_entries(li, base)))
    return tuple(entries)


def _member(base: str, href: str | None) -> str | None:
    if not href:
        return None
    return resolve_href(base, href.split("#", 1)[0]) if href.split("#", 1)[0] else None
