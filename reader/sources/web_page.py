"""A saved ordinary web page (one news article, of no known e-paper layout) becomes an issue
of one article.

The story is read the way the feed import reads a fetched page
(:func:`reader.sources.html_text.page_story`: trafilatura, else the densest block of
paragraphs), a dateline opening its first paragraph is taken out
(:func:`reader.importer.credits.opening_dateline`) or a credit line above the story gives the
dateline and byline (else ``<meta name="author">`` names the writer), and the lead picture
(:func:`reader.sources.html_text.page_picture`) is kept as its caption only: nothing is
downloaded for a saved file. The headline is the page's ``og:title``, else its first
``<h1>``, else its ``<title>``; the paper its ``og:site_name``, else the site the
``<title>`` names after the headline, else the host of the address it was saved from,
else the file name's stem; the date ``article:published_time`` (or trafilatura's
metadata). The YAML is read back with the real loader before it is
returned. A page with no story text raises :class:`WebPageError` (one line).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from reader.importer.core import _language as detect_language
from reader.importer.credits import opening_dateline, parse_credit_line
from reader.importer.emit import dump_issue, unique_ids
from reader.issue.clean import clean_inline, spell_bytes
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.model import (
    Article,
    Block,
    Credit,
    Issue,
    Paragraph,
    Photo,
    Section,
    normalise_key,
)
from reader.sources.html_text import decode_html, http_address, page_picture, page_story

__all__ = ["KIND", "MIN_STORY_CHARS", "WebPageError", "WebPageImport", "import_web_page"]

KIND = "a web page (no e-paper layout)"
MIN_STORY_CHARS = 20  # story text shorter than this (blanks aside) is no story
MAX_CREDIT_LINE = 60  # a first paragraph longer than this is story, not a credit line
MAX_AUTHOR = 40  # a <meta name="author"> longer than this is no name
_BLANKS = re.compile(r"\s+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ANY_BASE = "http://saved-page.invalid/"
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+?)\s*-->", re.I)


class WebPageError(Exception):
    """The page cannot be imported; the message is one line."""


@dataclass(frozen=True, slots=True)
class WebPageImport:
    """The issue of one article, its checked YAML, notes (and no pictures: captions only)."""

    issue: Issue
    yaml_text: str
    how: str  # which extractor found the story
    notes: tuple[str, ...] = ()
    images: tuple[tuple[str, bytes], ...] = ()


def _meta(root: etree._Element, *keys: str) -> str | None:
    """The content of the first ``<meta property|name=KEY>`` present, in the order of keys."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = clean_inline(_BLANKS.sub(" ", meta.get("content") or "")).strip()
        if key in keys and value and key not in found:
            found[key] = value
    return next((found[k] for k in keys if k in found), None)


def _first_text(root: etree._Element, tag: str) -> str | None:
    for element in root.iter(tag):
        text = clean_inline(_BLANKS.sub(" ", element.text_content())).strip()
        if text:
            return text
    return None


def _address(root: etree._Element, html: str) -> str | None:
    """The address the page was saved from: ``og:url``, its canonical link, or the
    browser's ``saved from url`` comment; None when it names none."""
    candidates = [_meta(root, "og:url")]
    candidates += [link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"]
    match = _SAVED_FROM.search(html[:4096])
    candidates.append(match.group(1) if match else None)
    return next((a for a in (http_address(c) for c in candidates) if a), None)


def _published(root: etree._Element, html: str) -> dt.date | None:
    """The date the page says it was published, or None."""
    stated = _meta(root, "article:published_time", "og:published_time", "date", "pubdate")
    if stated is None:
        try:
            import trafilatura  # lazy, as in html_text

            stated = trafilatura.extract_metadata(html).date
        except Exception:  # missing, or a strange page: no date
            stated = None
    match = _ISO_DAY.match(stated or "")
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_TITLE_PARTS = re.compile(r"\s+[|｜–—-]\s+|\s*[|｜_]\s*")


def _title_site(title: str | None, headline: str | None) -> str | None:
    """The site's name a ``<title>`` ends with after the headline (``標題 | 示例新聞網``,
    ``标题_示例网``): the last part, when the first part is the headline."""
    if not title or not headline:
        return None
    parts = [part.strip() for part in _TITLE_PARTS.split(title) if part.strip()]
    if len(parts) < 2 or normalise_key(parts[0]) != normalise_key(headline):
        return None
    site = parts[-1]
    return site if 1 < len(site) <= 40 else None


def _credits(
    root: etree._Element, paragraphs: list[Paragraph]
) -> tuple[str | None, tuple[Credit, ...], list[Paragraph]]:
    """The dateline and byline, and the paragraphs left: a credit line on its own above the
    story (``記者張三／台北報導``, ``本报记者 李娜``), then a dateline opening the first
    paragraph; else the page's ``<meta name="author">`` as a name."""
    dateline: str | None = None
    byline: tuple[Credit, ...] = ()
    first = paragraphs[0].text
    line = parse_credit_line(first) if len(first) <= MAX_CREDIT_LINE else None
    if line is not None and not line.rest and line.credits and len(paragraphs) > 1:
        dateline, byline, paragraphs = line.text, tuple(line.credits), paragraphs[1:]
    opening = opening_dateline(paragraphs[0].text)
    if opening is not None:
        paragraphs = [Paragraph(opening.rest.strip()), *paragraphs[1:]]
        dateline, byline = opening.text, byline or tuple(opening.credits)
    if not byline:
        author = _meta(root, "author", "article:author")
        if author and len(author) <= MAX_AUTHOR and "://" not in author:
            byline = (Credit(names=(author,)),)
    return dateline, byline, paragraphs


def _stem(shown: str) -> str:
    name = os.path.basename(shown.rstrip("/\\")) or shown
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def import_web_page(
    data: bytes,
    shown: str,
    *,
    encoding: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
    section: str | None = None,
    no_story: str = "no story text found on the page",
    address: str | None = None,
) -> WebPageImport:
    """The issue of the one article on the page ``data`` (``shown`` names it: a file's
    path or the address it was fetched from, given as ``address``). ``no_story`` is the
    error said when the page holds no story text."""
    html = decode_html(data, encoding)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        raise WebPageError(no_story) from None
    address = http_address(address)
    paragraphs, how = page_story(html, address)
    headline = _meta(root, "og:title") or _first_text(root, "h1") or _first_text(root, "title")
    key = normalise_key(headline or "")
    while paragraphs and key and normalise_key(paragraphs[0].text) == key:
        paragraphs = paragraphs[1:]  # extractors may keep the headline
    if len(_BLANKS.sub("", "".join(p.text for p in paragraphs))) < MIN_STORY_CHARS:
        raise WebPageError(no_story)
    address = address or _address(root, html)
    language = detect_language(" ".join(p.text for p in paragraphs))
    untitled = "（無標題）" if (language or "").startswith("zh-Hant") else "（无标题）"
    if not (language or "").startswith("zh"):
        untitled = "(untitled)"
    dateline, byline, paragraphs = _credits(root, paragraphs)
    body: list[Block] = []
    # A saved page's picture address is often relative: any base lets the caption be found
    # (the address itself is not used, nothing is downloaded).
    picture = page_picture(html, address or _ANY_BASE)
    if picture is not None and picture[1]:
        body.append(Photo(caption=picture[1]))  # the caption only: nothing is downloaded
    body.extend(paragraphs)
    host = urlsplit(address).hostname if address else None
    paper_name = (
        paper
        or _meta(root, "og:site_name")
        or _title_site(_first_text(root, "title"), headline)
        or host
        or clean_inline(spell_bytes(_stem(shown)))
    )
    title = headline or untitled
    article = Article(
        id=unique_ids([title])[0],
        headline=title,
        body=tuple(body),
        dateline=dateline,
        byline=byline,
        url=address,
    )
    issue = Issue(
        paper=paper_name or "web page",
        sections=(Section(title=section or paper_name or "Article", articles=(article,)),),
        date=date or _published(root, html),
        language=language,
        source=address or clean_inline(spell_bytes(shown)),
    )
    header = [f"imported by paperread from {clean_inline(spell_bytes(shown))} (a web page)"]
    yaml_text = dump_issue(issue, header=header)
    try:
        checked = parse_issue(yaml_text, "page.yaml")
    except IssueFileError as err:  # a bug in this module, never the input's fault
        raise WebPageError(f"the imported issue does not validate: {err}") from None
    return WebPageImport(checked, yaml_text, how)
