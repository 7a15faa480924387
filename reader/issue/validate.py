"""Issue-file validation: a composed YAML node graph becomes the model.

Every node carries its position, so each problem names the line and column
where it sits. All problems are collected; nothing stops at the first. The
entry point is :func:`build_issue`; :mod:`reader.issue.load` reads the file,
composes the nodes and calls it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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

__all__ = ["FORMAT_VERSION", "IssueFileError", "Mark", "Problem", "build_issue", "show", "too_deep"]

FORMAT_VERSION = 1

_Y = "tag:yaml.org,2002:"
STR, NULL, BOOL = _Y + "str", _Y + "null", _Y + "bool"
INT, FLOAT, TIMESTAMP = _Y + "int", _Y + "float", _Y + "timestamp"
SEQ, MAP = _Y + "seq", _Y + "map"
_SCALAR_TAGS = frozenset((STR, NULL, BOOL, INT, FLOAT, TIMESTAMP))
_KIND = {BOOL: "a boolean", INT: "a number", FLOAT: "a number", TIMESTAMP: "a date"}

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
)
CREDIT_KEYS = ("role", "names")
BLOCK_KEYS = ("subhead", "photo", "note", "label")
PHOTO_KEYS = ("caption", "credit", "file")
_HOME = {k: "the top level" for k in TOP_KEYS}
_HOME.update({k: "a section" for k in SECTION_KEYS})
_HOME.update({k: "an article" for k in ARTICLE_KEYS})

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_BLOCK_HELP = "a paragraph (text), {subhead: …}, {photo: {caption: …}} or {note: …, label: …}"
_SCALARS = SafeConstructor()
_VERSION_HINT = f" (the format version: write paperread: {FORMAT_VERSION})"


class Mark(Protocol):
    """A position in the file as PyYAML reports it, 0-based (either loader's mark type)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an issue file, where it is and what was expected.

    ``line`` and ``column`` count from 1 (None when unknown); ``path`` is the
    field, such as ``sections[0].articles[3].headline`` ('' for the file as a
    whole); ``file`` is the file name as the caller gave it.
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """``file:line:col: path: message``, unknown parts left out, safe to print."""
        where = clean_inline(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        path = f" {clean_inline(self.path)}:" if self.path else ""
        return f"{where}:{path} {clean_inline(self.message)}"


class IssueFileError(Exception):
    """An issue file could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[IssueFileError], tuple[tuple[Problem, ...]]]:
        return (IssueFileError, (self.problems,))  # survives pickling, e.g. across processes


def show(text: str, limit: int = 60) -> str:
    """File text made safe and short enough to quote in a message."""
    text = clean_inline(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    """``text`` as a YAML quoted scalar, for 'quote it' hints."""
    text = show(text)
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def shown_tag(tag: str) -> str:
    """A tag as it is written in YAML (``!!python/object``)."""
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def kind(node: Node) -> str:
    """What a node is, in words, for 'expected …, got …' messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text" if node.tag == STR else _KIND.get(node.tag, "a " + shown_tag(node.tag))


def too_deep(max_depth: int) -> str:
    """The message for a document nested deeper than ``max_depth``."""
    return f"collections are nested more than {max_depth} levels deep"


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


_Fields = dict[str, tuple[ScalarNode, Node]]


class _Builder:
    """Walks the node graph once, building the model and collecting problems."""

    def __init__(self, filename: str, max_depth: int) -> None:
        self.filename = filename
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.ids: dict[str, Mark] = {}
        self.seen: set[int] = set()  # collection nodes met in extension values

    # -- reporting ---------------------------------------------------------

    def add(self, mark: Mark | None, path: str, message: str) -> None:
        if mark is None:
            self.problems.append(Problem(self.filename, None, None, path, message))
        else:
            line, column = mark.line + 1, mark.column + 1
            self.problems.append(Problem(self.filename, line, column, path, message))

    def where(self, mark: Mark) -> str:
        return f"{self.filename}:{mark.line + 1}:{mark.column + 1}"

    def tag_ok(self, node: Node, path: str) -> bool:
        """False (and a problem) for a tag other than the plain safe ones."""
        tag = node.tag
        ok = (
            tag in _SCALAR_TAGS
            if isinstance(node, ScalarNode)
            else tag == (MAP if isinstance(node, MappingNode) else SEQ)
        )
        if not ok and tag == _Y + "merge":
            self.add(node.start_mark, path, "merge keys (<<) are not allowed")
        elif not ok:
            self.add(node.start_mark, path, f"tag {show(shown_tag(tag))} is not allowed")
        return ok

    def expected(self, node: Node, path: str, what: str) -> None:
        if not self.tag_ok(node, path):
            return
        if isinstance(node, ScalarNode) and node.tag == NULL:
            self.add(node.start_mark, path, "missing value")
        elif isinstance(node, ScalarNode) and node.tag != STR and what == "text":
            hint = f"quote it: {quote(node.value)}"
            self.add(node.start_mark, path, f"expected text, got {kind(node)} ({hint})")
        else:
            self.add(node.start_mark, path, f"expected {what}, got {kind(node)}")

    # -- shapes --------------------------------------------------------------

    def fields(
        self,
        node: Node,
        path: str,
        depth: int,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> tuple[_Fields, list[tuple[str, Any]]] | None:
        """The keys of a mapping at ``depth``, checked against ``allowed`` and ``required``.

        ``x-`` keys are returned apart, their values as plain data.
        """
        if not isinstance(node, MappingNode) or node.tag != MAP:
            self.expected(node, path, what)
            return None
        found: _Fields = {}
        extensions: list[tuple[str, Any]] = []
        first: dict[str, Mark] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                if self.tag_ok(key_node, path):
                    self.add(key_node.start_mark, path, f"a key must be text, got {kind(key_node)}")
                continue
            key = key_node.value
            if key in first:
                message = f"duplicate key '{show(key)}' (first at {self.where(first[key])})"
                self.add(key_node.start_mark, path, message)
                continue
            first[key] = key_node.start_mark
            if key in allowed:
                found[key] = (key_node, value)
            elif key.startswith("x-"):
                data = self.plain(value, _join(path, key), depth + 1)
                extensions.append((clean_inline(key), data))
            else:
                self.add(key_node.start_mark, path, _unknown_key(key, allowed))
        for key in required:
            if key not in found:
                hint = _VERSION_HINT if key == "paperread" else ""
                self.add(node.start_mark, path, f"missing key '{key}'{hint}")
        return found, extensions

    def items(self, node: Node | None, path: str, what: str, one: str) -> list[Node]:
        """The items of a list; a problem if it is not a list or, when ``one``, is empty."""
        if node is None:
            return []
        if isinstance(node, SequenceNode) and node.tag == SEQ:
            if not node.value and one:
                self.add(node.start_mark, path, f"expected at least one {one}")
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == NULL and not one:
            return []
        self.expected(node, path, what)
        return []

    def text(
        self, node: Node | None, path: str, *, inline: bool = True, required: bool = False
    ) -> str | None:
        """Cleaned text, or None for an absent optional value."""
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            if node.tag == STR:
                value = clean_inline(node.value) if inline else clean_text(node.value).strip()
                if value:
                    return value
                if required:
                    self.add(node.start_mark, path, "the text is empty")
                return None
            if node.tag == NULL and not required:
                return None
        self.expected(node, path, "text")
        return None

    def plain(self, node: Node, path: str, depth: int) -> Any:
        """An extension value as plain Python data (text cleaned), checked for safety."""
        if depth > self.max_depth:
            self.add(node.start_mark, "", too_deep(self.max_depth))  # as the pure loader says
            return None
        if not self.tag_ok(node, path):
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.seen:
            self.add(node.start_mark, path, "YAML aliases/anchors are not allowed")
            return None
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            items = enumerate(node.value)
            return [self.plain(item, _join(path, i), depth + 1) for i, item in items]
        result: dict[str, Any] = {}
        for key_node, value in node.value:
            if not self.tag_ok(key_node, path):
                continue
            if not isinstance(key_node, ScalarNode):
                self.add(key_node.start_mark, path, f"a key must be text, got {kind(key_node)}")
                continue
            key = clean_inline(key_node.value)
            if key in result:
                self.add(key_node.start_mark, path, f"duplicate key '{show(key)}'")
            result[key] = self.plain(value, _join(path, key), depth + 1)
        return result

    def scalar(self, node: ScalarNode, path: str) -> Any:
        """A scalar converted as YAML would, or None (and a problem) when it cannot be."""
        if node.tag == STR:
            return clean_text(node.value)
        try:
            return SafeConstructor.yaml_constructors[node.tag](_SCALARS, node)
        except (ValueError, OverflowError) as err:
            self.add(node.start_mark, path, f"cannot read {quote(node.value)}: {show(str(err))}")
            return None

    # -- the issue -----------------------------------------------------------

    def issue(self, root: Node) -> Issue | None:
        what = "a mapping with the keys paperread, paper and sections"
        top = self.fields(root, "", 1, TOP_KEYS, ("paperread", "paper", "sections"), what)
        if top is None:
            return None
        found, extensions = top
        if "paperread" in found and not self.version(found["paperread"][1]):
            return None
        paper = self.text(_value(found, "paper"), "paper", required=True)
        date = self.date(_value(found, "date"))
        edition = self.text(_value(found, "edition"), "edition")
        language = self.language(_value(found, "language"))
        source = self.text(_value(found, "source"), "source")
        sections_node = _value(found, "sections")
        items = self.items(sections_node, "sections", "a list of sections", "section")
        sections = tuple(
            section
            for i, node in enumerate(items)
            if (section := self.section(node, f"sections[{i}]")) is not None
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
        title = self.text(_value(found, "title"), _join(path, "title"), required=True)
        page = self.page(_value(found, "page"), _join(path, "page"))
        apath = _join(path, "articles")
        items = self.items(_value(found, "articles"), apath, "a list of articles", "article")
        articles = tuple(
            article
            for i, item in enumerate(items)
            if (article := self.article(item, f"{apath}[{i}]")) is not None
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
        article_id = self.article_id(_value(found, "id"), _join(path, "id"))
        headline = self.text(_value(found, "headline"), _join(path, "headline"), required=True)
        kicker = self.text(_value(found, "kicker"), _join(path, "kicker"))
        subheadline = self.text(_value(found, "subheadline"), _join(path, "subheadline"))
        column = self.text(_value(found, "column"), _join(path, "column"))
        dateline = self.text(_value(found, "dateline"), _join(path, "dateline"))
        byline = self.credits(_value(found, "byline"), _join(path, "byline"))
        body = self.body(_value(found, "body"), _join(path, "body"))
        credits = self.credits(_value(found, "credits"), _join(path, "credits"))
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
            extensions=tuple(extensions),
        )

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
            ipath = _join(path, i)
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
            role = self.text(_value(found, "role"), _join(ipath, "role"))
            names = self.names(_value(found, "names"), _join(ipath, "names"))
            if names:
                result.append(Credit(names=names, role=role))
        return tuple(result)

    def names(self, node: Node | None, path: str) -> tuple[str, ...]:
        if isinstance(node, ScalarNode) and node.tag != NULL:
            name = self.text(node, path, required=True)  # one name without brackets
            return (name,) if name is not None else ()
        items = self.items(node, path, "a list of names", "name")
        names = (self.text(item, _join(path, i), required=True) for i, item in enumerate(items))
        return tuple(name for name in names if name is not None)

    def body(self, node: Node | None, path: str) -> tuple[Block, ...]:
        blocks: list[Block] = []
        for i, item in enumerate(self.items(node, path, "a list of blocks", "block")):
            ipath = _join(path, i)
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
        vpath = _join(path, block_kind)
        if block_kind == "subhead":
            text = self.text(value, vpath, required=True)
            return None if text is None else Subhead(text)
        if block_kind == "note":
            text = self.text(value, vpath, inline=False, required=True)
            label = self.text(_value(found, "label"), _join(path, "label"))
            return None if text is None else Note(text=text, label=label)
        if isinstance(value, ScalarNode) and value.tag == NULL:
            return Photo()
        what = "the photo's caption, credit and file as a mapping"
        photo = self.fields(value, vpath, 8, PHOTO_KEYS, (), what)
        if photo is None:
            return None
        parts = {key: self.text(_value(photo[0], key), _join(vpath, key)) for key in PHOTO_KEYS}
        return Photo(caption=parts["caption"], credit=parts["credit"], file=parts["file"])


def _value(found: _Fields, key: str) -> Node | None:
    pair = found.get(key)
    return None if pair is None else pair[1]


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    """An 'unknown key' message with the most useful hint there is."""
    message = f"unknown key '{show(key)}'"
    close = difflib.get_close_matches(key.lower(), allowed, n=1)
    if close:
        return f"{message} (did you mean '{close[0]}'?)"
    home = _HOME.get(key)
    if home is not None:
        return f"{message} here; it belongs in {home}"
    return f"{message}; the keys allowed here are {', '.join(allowed)} (and x-… extensions)"


def _suggest_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and _ID.fullmatch(slug) else "city-council-vote"


def build_issue(root: Node, filename: str, max_depth: int) -> tuple[Issue | None, list[Problem]]:
    """The issue a composed document describes, or None and every problem found."""
    builder = _Builder(filename, max_depth)
    issue = builder.issue(root)
    if builder.problems:
        return None, builder.problems
    if issue is None:  # pragma: no cover - every None comes with a problem
        raise AssertionError("validation failed without a problem")
    return issue, []
