"""Issue-file validation: YAML nodes become the model.

Every node carries its position, so each problem names the line and column
where it sits. All problems are collected; nothing stops at the first.
:class:`IssueBuilder` validates a section or an article as soon as
:mod:`reader.issue.stream` has composed it (so the nodes of a whole file are
never held at once), then the issue around them; :func:`build_issue` does
the same for a node graph composed whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import ClassVar, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode

from reader.issue.clean import clean_inline, clean_text
from reader.issue.model import (
    Article,
    Block,
    Credit,
    Issue,
    Note,
    Paragraph,
    Photo,
    Section,
    Subhead,
)
from reader.issue.nodes import (
    INT,
    NULL,
    STR,
    TIMESTAMP,
    NodeChecker,
    join,
    value_of,
)
from reader.issue.problems import Mark, Problem, quote, show
from reader.issue.stream import StreamedList

__all__ = [
    "ARTICLE_KEYS",
    "BLOCK_KEYS",
    "CREDIT_KEYS",
    "FORMAT_VERSION",
    "PHOTO_KEYS",
    "SECTION_KEYS",
    "TOP_KEYS",
    "IssueBuilder",
    "build_issue",
]

FORMAT_VERSION = 1

TOP_KEYS = ("paperread", "paper", "date", "edition", "language", "source", "sections")
SECTION_KEYS = ("title", "page", "articles")
ARTICLE_KEYS = (
    "id",
    "headline",
    "kicker",
    "subheadline",
    "column",
    "dateline",
    "byline",
    "body",
    "credits",
    "url",
)
CREDIT_KEYS = ("role", "names")
BLOCK_KEYS = ("subhead", "photo", "note", "label")
PHOTO_KEYS = ("caption", "credit", "file")
_HOME = {k: "the top level" for k in TOP_KEYS}
_HOME.update({k: "a section" for k in SECTION_KEYS})
_HOME.update({k: "an article" for k in ARTICLE_KEYS})

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
MAX_URL = 2048
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_BLOCK_HELP = "a paragraph (text), {subhead: …}, {photo: {caption: …}} or {note: …, label: …}"
_VERSION_HINT = f" (the format version: write paperread: {FORMAT_VERSION})"

_T = TypeVar("_T")


class IssueBuilder(NodeChecker):
    """Walks the nodes once, building the model and collecting problems."""

    homes: ClassVar[Mapping[str, str]] = _HOME
    missing_hints: ClassVar[Mapping[str, str]] = {"paperread": _VERSION_HINT}

    def __init__(self, filename: str, max_depth: int) -> None:
        super().__init__(filename, max_depth)
        self.ids: dict[str, Mark] = {}

    # -- the issue -----------------------------------------------------------

    def issue(self, root: Node) -> Issue | None:
        what = "a mapping with the keys paperread, paper and sections"
        top = self.fields(root, "", 1, TOP_KEYS, ("paperread", "paper", "sections"), what)
        if top is None:
            return None
        found, extensions = top
        if "paperread" in found and not self.version(found["paperread"][1]):
            return None
        paper = self.text(value_of(found, "paper"), "paper", required=True)
        date = self.date(value_of(found, "date"))
        edition = self.text(value_of(found, "edition"), "edition")
        language = self.language(value_of(found, "language"))
        source = self.text(value_of(found, "source"), "source")
        sections = self.built(
            value_of(found, "sections"), "sections", "a list of sections", "section", self.section
        )
        if self.problems or paper is None:
            return None
        return Issue(
            paper=paper,
            sections=sections,
            format=FORMAT_VERSION,
            date=date,
            edition=edition,
            language=language,
            source=source,
            path=self.filename,
            extensions=tuple(extensions),
        )

    def built(
        self,
        node: Node | None,
        path: str,
        what: str,
        one: str,
        build: Callable[[Node, str], _T | None],
    ) -> tuple[_T, ...]:
        """What a list's items build (those that fail left out); a streamed list's items were
        built as they were read."""
        if isinstance(node, StreamedList):
            if not node.count:
                self.add(node.start_mark, path, f"expected at least one {one}")
            return tuple(node.built)
        items = self.items(node, path, what, one)
        return tuple(
            value
            for i, item in enumerate(items)
            if (value := build(item, f"{path}[{i}]")) is not None
        )

    def forget_nodes(self) -> None:
        """Forget the extension nodes met so far: they are gone once a streamed item is built,
        and a new node may reuse a gone node's ``id`` (aliases are caught from the events)."""
        self.seen.clear()

    def version(self, node: Node) -> bool:
        """Check ``paperread``; False when the version is one this reader cannot read."""
        if isinstance(node, ScalarNode) and node.tag == INT:
            version = self.scalar(node, "paperread")
            if version is None or version == FORMAT_VERSION:
                return True
            self.problems.clear()
            self.add(
                node.start_mark,
                "paperread",
                f"unsupported format version {show(node.value)}; "
                f"this paperread reads format {FORMAT_VERSION}",
            )
            return False
        self.expected(node, "paperread", f"the format version, a whole number ({FORMAT_VERSION})")
        return True

    def date(self, node: Node | None) -> dt.date | None:
        if node is None or (isinstance(node, ScalarNode) and node.tag == NULL):
            return None
        what = "a date as YYYY-MM-DD"
        if isinstance(node, ScalarNode) and node.tag in (STR, TIMESTAMP):
            text = node.value.strip()
            if not _ISO_DATE.fullmatch(text):
                got = "a date and time" if node.tag == TIMESTAMP else quote(text)
                self.add(node.start_mark, "date", f"expected {what}, got {got}")
                return None
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.add(node.start_mark, "date", f"{quote(text)} is not a real date")
                return None
        self.expected(node, "date", what)
        return None

    def language(self, node: Node | None) -> str | None:
        language = self.text(node, "language")
        if language is not None and node is not None and not _LANGUAGE.fullmatch(language):
            self.add(
                node.start_mark,
                "language",
                "expected a BCP 47 language tag such as zh-Hans, zh-Hant or en, "
                f"got {quote(language)}",
            )
            return None
        return language

    def section(self, node: Node, path: str) -> Section | None:
        what = "a section (a mapping with title and articles)"
        result = self.fields(node, path, 3, SECTION_KEYS, ("title", "articles"), what)
        if result is None:
            return None
        found, _ = result
        title = self.text(value_of(found, "title"), join(path, "title"), required=True)
        page = self.page(value_of(found, "page"), join(path, "page"))
        apath = join(path, "articles")
        articles = self.built(
            value_of(found, "articles"), apath, "a list of articles", "article", self.article
        )
        if title is None:
            return None
        return Section(title=title, articles=articles, page=page)

    def page(self, node: Node | None, path: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == INT:
            return clean_inline(node.value)  # as printed: 03 stays 03
        if node is not None and not (isinstance(node, ScalarNode) and node.tag in (STR, NULL)):
            self.expected(node, path, "a page number or text")
            return None
        return self.text(node, path)

    def article(self, node: Node, path: str) -> Article | None:
        what = "an article (a mapping with id, headline and body)"
        result = self.fields(node, path, 5, ARTICLE_KEYS, ("id", "headline", "body"), what)
        if result is None:
            return None
        found, extensions = result
        article_id = self.article_id(value_of(found, "id"), join(path, "id"))
        headline = self.text(value_of(found, "headline"), join(path, "headline"), required=True)
        kicker = self.text(value_of(found, "kicker"), join(path, "kicker"))
        subheadline = self.text(value_of(found, "subheadline"), join(path, "subheadline"))
        column = self.text(value_of(found, "column"), join(path, "column"))
        dateline = self.text(value_of(found, "dateline"), join(path, "dateline"))
        byline = self.credits(value_of(found, "byline"), join(path, "byline"))
        body = self.body(value_of(found, "body"), join(path, "body"))
        credits = self.credits(value_of(found, "credits"), join(path, "credits"))
        url = self.url(value_of(found, "url"), join(path, "url"))
        if article_id is None or headline is None:
            return None
        return Article(
            id=article_id,
            headline=headline,
            body=body,
            kicker=kicker,
            subheadline=subheadline,
            column=column,
            dateline=dateline,
            byline=byline,
            credits=credits,
            url=url,
            extensions=tuple(extensions),
        )

    def url(self, node: Node | None, path: str) -> str | None:
        """An article's address: an http or https URL without spaces (2,048 characters at most)."""
        url = self.text(node, path)
        if url is None or node is None:
            return None
        if not _URL.fullmatch(url) or len(url) > MAX_URL:
            self.add(
                node.start_mark,
                path,
                f"expected an http:// or https:// address without spaces, got {quote(url[:80])}",
            )
            return None
        return url

    def article_id(self, node: Node | None, path: str) -> str | None:
        article_id = self.text(node, path, required=True)
        if article_id is None or node is None:
            return None
        if not _ID.fullmatch(node.value):
            # Shown cleaned, an id with control characters would look valid: say what is wrong.
            hidden = (
                " holds control or invisible characters"
                if clean_text(node.value) != node.value
                else ""
            )
            self.add(
                node.start_mark,
                path,
                f"invalid article id {quote(node.value)}{hidden}: use lowercase letters a-z, "
                f"digits and '-', starting with a letter or digit, e.g. "
                f"'{_suggest_id(article_id)}'",
            )
            return None
        first = self.ids.setdefault(article_id, node.start_mark)
        if first is not node.start_mark:
            message = f"duplicate article id '{article_id}' (first at {self.where(first)})"
            self.add(node.start_mark, path, message)
            return None
        return article_id

    def credits(self, node: Node | None, path: str) -> tuple[Credit, ...]:
        result: list[Credit] = []
        for i, item in enumerate(self.items(node, path, "a list of credits", "")):
            ipath = join(path, i)
            if isinstance(item, ScalarNode):
                name = self.text(item, ipath, required=True)
                if name is not None:
                    result.append(Credit(names=(name,)))
                continue
            what = "a credit: a name, or {role: …, names: […]}"
            fields = self.fields(item, ipath, 7, CREDIT_KEYS, ("names",), what)
            if fields is None:
                continue
            found = fields[0]
            role = self.text(value_of(found, "role"), join(ipath, "role"))
            names = self.names(value_of(found, "names"), join(ipath, "names"))
            if names:
                result.append(Credit(names=names, role=role))
        return tuple(result)

    def names(self, node: Node | None, path: str) -> tuple[str, ...]:
        if isinstance(node, ScalarNode) and node.tag != NULL:
            name = self.text(node, path, required=True)  # one name without brackets
            return (name,) if name is not None else ()
        items = self.items(node, path, "a list of names", "name")
        names = (self.text(item, join(path, i), required=True) for i, item in enumerate(items))
        return tuple(name for name in names if name is not None)

    def body(self, node: Node | None, path: str) -> tuple[Block, ...]:
        blocks: list[Block] = []
        for i, item in enumerate(self.items(node, path, "a list of blocks", "block")):
            ipath = join(path, i)
            block: Block | None
            if isinstance(item, ScalarNode):
                text = self.text(item, ipath, inline=False, required=True)
                block = None if text is None else Paragraph(text)
            else:
                block = self.block(item, ipath)
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def block(self, node: Node, path: str) -> Block | None:
        if not isinstance(node, MappingNode):
            self.expected(node, path, f"a block: {_BLOCK_HELP}")
            return None
        before = len(self.problems)
        result = self.fields(node, path, 7, BLOCK_KEYS, (), f"a block: {_BLOCK_HELP}")
        if result is None:
            return None
        found = result[0]
        kinds = [k for k in ("subhead", "photo", "note") if k in found]
        if len(kinds) > 1:
            message = f"a block is one of subhead, photo or note, not {' and '.join(kinds)}"
            self.add(node.start_mark, path, message)
        elif not kinds and "label" in found:
            self.add(node.start_mark, path, "a label belongs to a note block: add note: …")
        elif not kinds and len(self.problems) == before:  # unknown keys say it better
            self.add(node.start_mark, path, f"expected a block: {_BLOCK_HELP}, got a mapping")
        if len(kinds) != 1:
            return None
        block_kind = kinds[0]
        if "label" in found and block_kind != "note":
            self.add(found["label"][0].start_mark, path, "a label belongs to a note block only")
        value = found[block_kind][1]
        vpath = join(path, block_kind)
        if block_kind == "subhead":
            text = self.text(value, vpath, required=True)
            return None if text is None else Subhead(text)
        if block_kind == "note":
            text = self.text(value, vpath, inline=False, required=True)
            label = self.text(value_of(found, "label"), join(path, "label"))
            return None if text is None else Note(text=text, label=label)
        if isinstance(value, ScalarNode) and value.tag == NULL:
            return Photo()
        what = "the photo's caption, credit and file as a mapping"
        photo = self.fields(value, vpath, 8, PHOTO_KEYS, (), what)
        if photo is None:
            return None
        parts = {key: self.text(value_of(photo[0], key), join(vpath, key)) for key in PHOTO_KEYS}
        return Photo(caption=parts["caption"], credit=parts["credit"], file=parts["file"])


def _suggest_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and _ID.fullmatch(slug) else "city-council-vote"


def build_issue(root: Node, filename: str, max_depth: int) -> tuple[Issue | None, list[Problem]]:
    """The issue a composed document describes, or None and every problem found."""
    builder = IssueBuilder(filename, max_depth)
    issue = builder.issue(root)
    if builder.problems:
        return None, builder.problems
    if issue is None:  # pragma: no cover - every None comes with a problem
        raise AssertionError("validation failed without a problem")
    return issue, []
