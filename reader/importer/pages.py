"""Several page texts → one issue: one section per page, paper and date agreed by all.

Each page is imported on its own (:func:`reader.importer.core.import_bytes`); the
sections are then put together in the order the pages were given. The paper and the
date come from the pages' headers and must agree: a page that prints another paper or
another date stops the import, naming that page. ``paper`` and ``date`` given by the
caller win and are not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from reader.importer.core import Guess, ImportResult, import_bytes, shown_name, verified_yaml
from reader.importer.emit import unique_ids
from reader.importer.text import ImportFailed
from reader.issue.model import Issue, Section
from reader.issue.model import replace as replace_record

__all__ = ["import_pages"]

T = TypeVar("T")


def import_pages(
    pages: Sequence[tuple[str, bytes]],
    *,
    encoding: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
    section: str | None = None,
) -> ImportResult:
    """Import the pages ``(file name, bytes)`` in order as one issue.

    Raises :class:`ImportFailed` (its message starting with the page's name) when a
    page cannot be imported or names another paper or date than the pages before it.
    """
    if not pages:
        raise ImportFailed("no pages to import")
    results: list[tuple[str, ImportResult]] = []
    for name, data in pages:
        try:
            results.append(
                (name, import_bytes(data, name, encoding=encoding, paper=paper, date=date))
            )
        except ImportFailed as err:
            raise ImportFailed(f"{shown_name(name)}: {err}") from None
    chosen_paper = paper or _agreed(results, "paper", lambda r: r.printed_paper)
    chosen_date = date or _agreed(results, "date", lambda r: r.printed_date)
    first = results[0][1].issue
    notes: list[str] = []
    if chosen_paper is None:
        chosen_paper = first.paper
        notes.append(f"paper named after the first page's file: {chosen_paper!r} (give --paper)")
    per_page: list[list[Section]] = []
    for name, result in results:
        own = []
        for found in result.issue.sections:
            title = found.title
            if found.page is None and title in ("本版", "Page"):
                title = shown_name(name).rsplit(".", 1)[0] or title
            own.append(replace_record(found, title=title))
        per_page.append(own)
    per_page, renamed = _unique_ids(per_page)
    sections = [s for own in per_page for s in own]
    if section is not None:
        every = tuple(a for s in sections for a in s.articles)
        sections = [Section(title=section, articles=every)]
    names = [shown_name(n) for n, _ in results]
    sources = {r.issue.source for _, r in results}
    source = first.source
    if len(sources) > 1 or (source or "").endswith("(paperread import)"):
        source = f"{', '.join(names)} (paperread import)"
    issue = Issue(
        paper=chosen_paper,
        sections=tuple(sections),
        date=chosen_date,
        language=first.language,
        source=source,
    )
    comments: dict[str, list[str]] = {}
    trace: dict[str, tuple[tuple[int, int, str], ...]] = {}
    first_lines: dict[str, int] = {}
    guesses: list[Guess] = []
    left_out: list[Guess] = []
    for index, (name, result) in enumerate(results):
        page = shown_name(name)
        ids = renamed[index]
        for old, lines in result.comments.items():
            comments[ids.get(old, old)] = [f"{page}: {line}" for line in lines]
        for old, lines_used in result.trace.items():
            trace[ids.get(old, old)] = lines_used
        for old, line in result.first_lines.items():
            first_lines[ids.get(old, old)] = line
        guesses.extend(replace(g, page=page) for g in result.guesses)
        left_out.extend(replace(g, page=page) for g in result.left_out)
        notes.extend(f"{page}: {note}" for note in result.notes)
    header = [f"paperread issue file (format 1) made by paperread import from {', '.join(names)}"]
    yaml_text, checked = verified_yaml(issue, header, comments, names[0])
    return ImportResult(
        checked,
        yaml_text,
        tuple(guesses),
        tuple(left_out),
        tuple(notes),
        results[0][1].encoding,
        first_lines,
        chosen_paper,
        chosen_date,
        comments,
        trace,
    )


def _agreed(
    results: list[tuple[str, ImportResult]], what: str, get: Callable[[ImportResult], T | None]
) -> T | None:
    """The value every page that prints one agrees on; ImportFailed names a page that differs."""
    found: tuple[str, T] | None = None
    for name, result in results:
        value = get(result)
        if value is None:
            continue
        if found is None:
            found = (name, value)
        elif value != found[1]:
            raise ImportFailed(
                f"{shown_name(name)}: prints the {what} {_show(value)}, but "
                f"{shown_name(found[0])} prints {_show(found[1])}: pages of one issue must agree"
                f" (or give --{what})"
            )
    return found[1] if found is not None else None


def _show(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else repr(value)


def _unique_ids(
    pages: list[list[Section]],
) -> tuple[list[list[Section]], list[dict[str, str]]]:
    """Article ids unique across the pages (a headline on two pages gets -2 on the second),
    and for each page the ids that changed (old → new)."""
    headlines = [a.headline for own in pages for s in own for a in s.articles]
    ids = iter(unique_ids(headlines))
    out: list[list[Section]] = []
    renamed: list[dict[str, str]] = []
    for own in pages:
        changed: dict[str, str] = {}
        sections = []
        for found in own:
            articles = []
            for article in found.articles:
                new = next(ids)
                if new != article.id:
                    changed[article.id] = new
                articles.append(replace_record(article, id=new))
            sections.append(replace_record(found, articles=tuple(articles)))
        out.append(sections)
        renamed.append(changed)
    return out, renamed
