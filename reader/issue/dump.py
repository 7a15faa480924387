"""An issue back to plain data: the file's own shape, JSON-serialisable.

What ``paperread cat --json`` prints, and what reloads to the same issue.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from reader.issue.model import Article, Block, Credit, Issue, Paragraph, Photo, Subhead

__all__ = ["article_to_dict", "issue_to_dict"]


def issue_to_dict(issue: Issue) -> dict[str, object]:
    """The issue as plain, JSON-serialisable data in the file's own shape.

    Shorthands are expanded (credits as ``{role?, names}``, paragraphs as
    strings, other blocks as one-key mappings), the date is ``YYYY-MM-DD``,
    absent optional keys are left out and ``x-`` extension keys are kept.
    """
    result: dict[str, object] = {"paperread": issue.format, "paper": issue.paper}
    if issue.date is not None:
        result["date"] = issue.date.isoformat()
    _put(result, edition=issue.edition, language=issue.language, source=issue.source)
    sections = []
    for section in issue.sections:
        entry: dict[str, object] = {"title": section.title}
        _put(entry, page=section.page)
        entry["articles"] = [article_to_dict(a) for a in section.articles]
        sections.append(entry)
    result["sections"] = sections
    result.update((key, _plain(value)) for key, value in issue.extensions)
    return result


def article_to_dict(article: Article) -> dict[str, object]:
    """One article as plain data, as it appears inside :func:`issue_to_dict`."""
    result: dict[str, object] = {"id": article.id, "headline": article.headline}
    _put(
        result,
        kicker=article.kicker,
        subheadline=article.subheadline,
        column=article.column,
        dateline=article.dateline,
    )
    if article.byline:
        result["byline"] = [_credit_dict(c) for c in article.byline]
    result["body"] = [_block_dict(b) for b in article.body]
    if article.credits:
        result["credits"] = [_credit_dict(c) for c in article.credits]
    _put(result, url=article.url)
    result.update((key, _plain(value)) for key, value in article.extensions)
    return result


def _credit_dict(credit: Credit) -> dict[str, object]:
    result: dict[str, object] = {}
    _put(result, role=credit.role)
    result["names"] = list(credit.names)
    return result


def _block_dict(block: Block) -> object:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Subhead):
        return {"subhead": block.text}
    if isinstance(block, Photo):
        photo: dict[str, object] = {}
        _put(photo, caption=block.caption, credit=block.credit, file=block.file)
        return {"photo": photo}
    note: dict[str, object] = {"note": block.text}
    _put(note, label=block.label)
    return note


def _put(target: dict[str, object], **values: str | None) -> None:
    target.update((key, value) for key, value in values.items() if value is not None)


def _plain(value: Any) -> object:
    """Extension data made JSON-safe: dates as ISO text, non-finite floats as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
