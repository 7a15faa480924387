"""What the catalogue knows of one issue file (:class:`CatalogueEntry`), and how it is stored.

:mod:`reader.library.catalogue` keeps these in its file; this module turns its
rows into entries, decoding the costly parts (the date, the problems of a
broken file, the headlines) only when they are asked for.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.issue.problems import IssueFileError, Problem
from reader.record import Record, set_field
from reader.store.sqlite import stored_date

if TYPE_CHECKING:
    from reader.issue.model import Issue

__all__ = [
    "ArticleHead",
    "CatalogueEntry",
    "HeadSource",
    "decode_heads",
    "decode_problems",
    "heads_json",
    "issue_row",
]


class HeadSource(Protocol):
    """Where an entry reads its articles' headlines when first asked: the catalogue."""

    def stored_heads(self, key: str) -> str | None:
        """The stored headlines (:func:`heads_json`) of the file with this key, or None."""


class ArticleHead(Record):
    """One article as the catalogue knows it: section title, id and headline."""

    _fields = _compared = ("section", "article_id", "headline")
    __slots__ = _fields
    section: str
    article_id: str
    headline: str

    def __init__(self, section: str, article_id: str, headline: str) -> None:
        set_field(self, "section", section)
        set_field(self, "article_id", article_id)
        set_field(self, "headline", headline)


class CatalogueEntry:
    """What the catalogue knows of one issue file.

    ``problems`` is empty for a file that loads; otherwise it holds why it does
    not (see :attr:`error`). To keep a scan of thousands of files cheap, the
    path, date and problems are decoded when first asked for, and the
    articles' headlines are read from the catalogue on demand (:meth:`articles`).
    """

    __slots__ = (
        "_date",
        "_heads",
        "_key",
        "_path",
        "_problems",
        "_source",
        "article_count",
        "edition",
        "identity",
        "language",
        "mtime_ns",
        "paper",
        "size",
    )

    def __init__(
        self,
        path: Path | str,
        size: int,
        mtime_ns: int,
        identity: str | None = None,
        paper: str | None = None,
        date: dt.date | str | None = None,
        edition: str | None = None,
        language: str | None = None,
        article_count: int = 0,
        problems: tuple[Problem, ...] | str | None = (),
        heads: str | None = None,
        source: HeadSource | None = None,
        key: str | None = None,
    ) -> None:
        self._path = path
        self.size = size
        self.mtime_ns = mtime_ns
        self.identity = identity
        self.paper = paper
        self._date = date
        self.edition = edition
        self.language = language
        self.article_count = article_count
        self._problems = problems
        self._heads = heads
        self._source = source
        self._key = key

    def __repr__(self) -> str:
        return (
            f"CatalogueEntry({self.path_text!r}, paper={self.paper!r}, date={self.date}, "
            f"articles={self.article_count}, broken={self.broken})"
        )

    @property
    def path(self) -> Path:
        """The issue file, as found."""
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def path_text(self) -> str:
        """The issue file as a string (no Path made)."""
        return os.fspath(self._path)

    @property
    def key(self) -> str:
        """The file's absolute path: the catalogue's key for it."""
        return self._key if self._key is not None else os.path.abspath(self._path)

    @property
    def date(self) -> dt.date | None:
        """The issue's date, if it has one."""
        if isinstance(self._date, str):
            self._date = stored_date(self._date)
        return self._date

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Why the file does not load; empty when it does."""
        if not isinstance(self._problems, tuple):
            self._problems = decode_problems(self._problems)
        return self._problems

    @property
    def broken(self) -> bool:
        """True when the file did not load."""
        return bool(self._problems)

    @property
    def error(self) -> IssueFileError | None:
        """The load error of a broken file, as :func:`reader.issue.load.load_issue` raised it."""
        return IssueFileError(list(self.problems)) if self.broken else None

    def articles(self) -> tuple[ArticleHead, ...]:
        """Every article's section title, id and headline, in reading order."""
        heads = self._heads
        if heads is None and self._source is not None and self._key is not None:
            heads = self._source.stored_heads(self._key)
        return decode_heads(heads) if heads else ()


def heads_json(issue: Issue) -> str:
    """Sections with their articles' ids and headlines, compactly: [[title, [[id, hl], …]], …]."""
    sections = [
        [section.title, [[a.id, a.headline] for a in section.articles]]
        for section in issue.sections
    ]
    import json  # lazy for start-up speed: a warm start neither writes nor reads headlines

    return json.dumps(sections, ensure_ascii=False, separators=(",", ":"))


def issue_row(
    key: str, size: int, mtime_ns: int, issue: Issue | IssueFileError
) -> tuple[object, ...]:
    """The catalogue row (the columns of ``files``, then the headlines) of a file that holds
    ``issue``, or that does not load with this error."""
    if isinstance(issue, IssueFileError):
        import json  # lazy for start-up speed: a warm start parses no file

        problems = json.dumps(
            [[p.file, p.line, p.column, p.path, p.message] for p in issue.problems],
            ensure_ascii=False,
        )
        return (key, size, mtime_ns, None, None, None, None, None, 0, problems, "[]")
    return (
        key,
        size,
        mtime_ns,
        issue.identity,
        issue.paper,
        issue.date.isoformat() if issue.date else None,
        issue.edition,
        issue.language,
        issue.article_count(),
        None,
        heads_json(issue),
    )


def decode_heads(text: str) -> tuple[ArticleHead, ...]:
    """The articles :func:`heads_json` stored; none when the text is damaged."""
    import json  # lazy, as in heads_json

    try:
        sections = json.loads(text)
        return tuple(
            ArticleHead(str(title), str(ident), str(headline))
            for title, articles in sections
            for ident, headline in articles
        )
    except (ValueError, TypeError):
        return ()


def decode_problems(value: object) -> tuple[Problem, ...]:
    """The problems stored for a broken file (JSON); one saying so when the text is damaged."""
    if not isinstance(value, str) or not value:
        return ()
    import json  # lazy, as in heads_json

    try:
        return tuple(
            Problem(str(f), _int(line), _int(col), str(where), str(message))
            for f, line, col, where, message in json.loads(value)
        )
    except (ValueError, TypeError):
        return (Problem("", None, None, "", "the catalogue's record of this file is damaged"),)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None
