"""What is wrong with an issue file: :class:`Problem`, :class:`IssueFileError`, quoting.

A problem names the file, line, column and field, and says what was
expected; everything quoted from the file is cleaned first, so printing a
problem is always safe. No YAML here: the library and the catalogue handle
problems without loading the parser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from reader.issue.clean import clean_inline
from reader.record import Record, set_field

__all__ = ["IssueFileError", "Mark", "Problem", "quote", "show"]


class Mark(Protocol):
    """A position in the file as PyYAML reports it, 0-based (either loader's mark type)."""

    line: int
    column: int


class Problem(Record):
    """One thing wrong with an issue file, where it is and what was expected.

    ``line`` and ``column`` count from 1 (None when unknown); ``path`` is the
    field, such as ``sections[0].articles[3].headline`` ('' for the file as a
    whole); ``file`` is the file name as the caller gave it. (A record, not a
    dataclass: cheaper to define at start-up.)
    """

    _fields = _compared = ("file", "line", "column", "path", "message")
    __slots__ = _fields
    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __init__(
        self, file: str, line: int | None, column: int | None, path: str, message: str
    ) -> None:
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "column", column)
        set_field(self, "path", path)
        set_field(self, "message", message)

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
