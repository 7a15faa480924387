"""The newspaper model: immutable records for an issue and what it holds.

Nothing here knows about YAML, terminals or Textual. Every text field is
already cleaned (see :mod:`reader.issue.clean`) by the time a model object exists.

The records are :class:`reader.record.Record` classes, not dataclasses: making
nine frozen dataclasses cost about 4 ms of every start-up. They behave as the
frozen dataclasses did: fields are set once, equality and hashing compare the
same fields (not ``path`` or ``extensions``), the repr lists every field, and
:func:`replace` copies a record with some fields changed.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from reader.record import Record as _Record
from reader.record import replace as replace
from reader.record import set_field as _set


class Credit(_Record):
    """One attribution: an optional role as printed (记者, 摄, By) and names."""

    _fields = _compared = ("names", "role")
    __slots__ = _fields
    names: tuple[str, ...]
    role: str | None

    def __init__(self, names: tuple[str, ...], role: str | None = None) -> None:
        _set(self, "names", names)
        _set(self, "role", role)

    def display(self) -> str:
        """The credit as printed: ``记者 赵彦臻``, ``吴月丽摄``, ``By A, B``."""
        cjk = _is_cjk_list(self.names)
        names = " ".join(self.names) if cjk else ", ".join(self.names)
        if not self.role:
            return names
        if self.role in _ACTS:
            return f"{names}{self.role}"
        role, _, act = self.role.rpartition(" ")
        if role and act in _AFTER_ROLE:  # 本报记者 采访整理: 本报记者 王沛采访整理
            return f"{role} {names}{act}"
        return f"{self.role} {names}" if names else self.role


# What people did, printed after their names: 吴月丽摄, 本报记者 王沛采访整理.
_ACTS = frozenset(("摄", "攝", "采访整理", "採訪整理", "制图", "製圖"))
_AFTER_ROLE = _ACTS | {"整理"}  # after a role (本报记者 王沛整理); alone, 整理 comes first


class Paragraph(_Record):
    """A paragraph of body text."""

    _fields = _compared = ("text",)
    __slots__ = _fields
    text: str

    def __init__(self, text: str) -> None:
        _set(self, "text", text)


class Subhead(_Record):
    """An in-story subheading (小标题)."""

    _fields = _compared = ("text",)
    __slots__ = _fields
    text: str

    def __init__(self, text: str) -> None:
        _set(self, "text", text)


class Photo(_Record):
    """A picture's caption and credit; the picture itself is not shown in a terminal."""

    _fields = _compared = ("caption", "credit", "file")
    __slots__ = _fields
    caption: str | None
    credit: str | None
    file: str | None

    def __init__(
        self, caption: str | None = None, credit: str | None = None, file: str | None = None
    ) -> None:
        _set(self, "caption", caption)
        _set(self, "credit", credit)
        _set(self, "file", file)


class Note(_Record):
    """A set-off passage such as 编者按 or 核心阅读."""

    _fields = _compared = ("text", "label")
    __slots__ = _fields
    text: str
    label: str | None

    def __init__(self, text: str, label: str | None = None) -> None:
        _set(self, "text", text)
        _set(self, "label", label)


Block = Paragraph | Subhead | Photo | Note


class Article(_Record):
    """One story. ``url`` is where it was published (http or https), never converted;
    ``extensions`` (the file's ``x-`` keys) take no part in equality."""

    _fields = (
        "id",
        "headline",
        "body",
        "kicker",
        "subheadline",
        "column",
        "dateline",
        "byline",
        "credits",
        "url",
        "extensions",
    )
    _compared = _fields[:-1]
    __slots__ = _fields
    id: str
    headline: str
    body: tuple[Block, ...]
    kicker: str | None
    subheadline: str | None
    column: str | None
    dateline: str | None
    byline: tuple[Credit, ...]
    credits: tuple[Credit, ...]
    url: str | None
    extensions: tuple[tuple[str, Any], ...]

    def __init__(
        self,
        id: str,
        headline: str,
        body: tuple[Block, ...],
        kicker: str | None = None,
        subheadline: str | None = None,
        column: str | None = None,
        dateline: str | None = None,
        byline: tuple[Credit, ...] = (),
        credits: tuple[Credit, ...] = (),
        url: str | None = None,
        extensions: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        _set(self, "id", id)
        _set(self, "headline", headline)
        _set(self, "body", body)
        _set(self, "kicker", kicker)
        _set(self, "subheadline", subheadline)
        _set(self, "column", column)
        _set(self, "dateline", dateline)
        _set(self, "byline", byline)
        _set(self, "credits", credits)
        _set(self, "url", url)
        _set(self, "extensions", extensions)

    def char_count(self) -> int:
        """Number of characters of body text, a rough measure of length."""
        total = 0
        for block in self.body:
            for text in block_texts(block):
                total += len(text)
        return total


class Section(_Record):
    """A page or section of an issue, holding articles in reading order."""

    _fields = _compared = ("title", "articles", "page")
    __slots__ = _fields
    title: str
    articles: tuple[Article, ...]
    page: str | None

    def __init__(self, title: str, articles: tuple[Article, ...], page: str | None = None) -> None:
        _set(self, "title", title)
        _set(self, "articles", articles)
        _set(self, "page", page)


class Issue(_Record):
    """One newspaper issue (or the captured part of it). ``path`` (the file it was
    read from) and ``extensions`` take no part in equality."""

    _fields = (
        "paper",
        "sections",
        "format",
        "date",
        "edition",
        "language",
        "source",
        "path",
        "extensions",
    )
    _compared = _fields[:-2]
    __slots__ = _fields
    paper: str
    sections: tuple[Section, ...]
    format: int
    date: _dt.date | None
    edition: str | None
    language: str | None
    source: str | None
    path: str | None
    extensions: tuple[tuple[str, Any], ...]

    def __init__(
        self,
        paper: str,
        sections: tuple[Section, ...],
        format: int = 1,
        date: _dt.date | None = None,
        edition: str | None = None,
        language: str | None = None,
        source: str | None = None,
        path: str | None = None,
        extensions: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        _set(self, "paper", paper)
        _set(self, "sections", sections)
        _set(self, "format", format)
        _set(self, "date", date)
        _set(self, "edition", edition)
        _set(self, "language", language)
        _set(self, "source", source)
        _set(self, "path", path)
        _set(self, "extensions", extensions)

    def articles(self) -> Iterator[tuple[Section, Article]]:
        """Every article with its section, in reading order."""
        for section in self.sections:
            for article in section.articles:
                yield section, article

    def article_count(self) -> int:
        """How many articles the issue holds."""
        return sum(len(s.articles) for s in self.sections)

    def find_article(self, article_id: str) -> tuple[Section, Article] | None:
        """The section and article with this id, or None."""
        for section, article in self.articles():
            if article.id == article_id:
                return section, article
        return None

    @property
    def identity(self) -> str:
        """Stable key for this issue: paper + date + edition, normalised.

        Without a date the file name stands in, so two undated issues of one
        paper do not collide.
        """
        parts = [normalise_key(self.paper)]
        if self.date is not None:
            parts.append(self.date.isoformat())
        elif self.path:
            name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
            # A name that is not UTF-8 holds lone surrogates: spelled as \xff here, so
            # the key can be stored (and still tells such files apart).
            from reader.issue.clean import spell_bytes

            name = spell_bytes(name)
            parts.append("file:" + normalise_key(name))
        if self.edition:
            parts.append(normalise_key(self.edition))
        return "|".join(parts)

    def article_identity(self, article: Article | str) -> str:
        """Stable key for an article of this issue."""
        article_id = article if isinstance(article, str) else article.id
        return f"{self.identity}#{article_id}"

    def map_text(self, convert: Callable[[str], str]) -> Issue:
        """A copy of the issue with ``convert`` applied to every text a reader sees.

        Ids, paths, languages and photo file names are left alone.
        """

        def opt(value: str | None) -> str | None:
            return None if value is None else convert(value)

        def credit(c: Credit) -> Credit:
            return Credit(tuple(map(convert, c.names)), opt(c.role))

        def block(b: Block) -> Block:
            if isinstance(b, Paragraph):
                return Paragraph(convert(b.text))
            if isinstance(b, Subhead):
                return Subhead(convert(b.text))
            if isinstance(b, Photo):
                return Photo(opt(b.caption), opt(b.credit), b.file)
            return Note(convert(b.text), opt(b.label))

        def article(a: Article) -> Article:
            # Built field by field (every field, in order; test_records pins it):
            # replace() took a third of the time of rebuilding a 1,000-article issue.
            return Article(
                a.id,
                convert(a.headline),
                tuple(map(block, a.body)),
                opt(a.kicker),
                opt(a.subheadline),
                opt(a.column),
                opt(a.dateline),
                tuple(map(credit, a.byline)),
                tuple(map(credit, a.credits)),
                a.url,
                a.extensions,
            )

        sections = tuple(
            replace(
                s,
                title=convert(s.title),
                page=opt(s.page),
                articles=tuple(map(article, s.articles)),
            )
            for s in self.sections
        )
        return replace(
            self,
            paper=convert(self.paper),
            edition=opt(self.edition),
            source=opt(self.source),
            sections=sections,
        )


def block_texts(block: Block) -> tuple[str, ...]:
    """The texts a block holds, in reading order."""
    if isinstance(block, (Paragraph, Subhead)):
        return (block.text,)
    if isinstance(block, Photo):
        return tuple(t for t in (block.caption, block.credit) if t)
    return tuple(t for t in (block.label, block.text) if t)


def normalise_key(text: str) -> str:
    """Normalise text for use in an identity: NFKC, case-folded, blanks collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _is_cjk_list(names: tuple[str, ...]) -> bool:
    return bool(names) and all(any(is_wide(ch) for ch in n) for n in names)


def is_wide(ch: str) -> bool:
    """True for characters a terminal shows two cells wide (CJK and the like)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")
