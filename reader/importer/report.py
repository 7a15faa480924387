"""What an import found, as lines for the user (the command prints them to stderr)."""

from __future__ import annotations

from reader.importer.core import ImportResult
from reader.issue.model import Article

__all__ = ["format_explain", "format_report"]


def _credits(article: Article) -> str:
    parts = []
    if article.dateline:
        parts.append(article.dateline)
    parts.extend(c.display() for c in article.byline)
    text = "  ".join(parts)
    closing = "  ".join(c.display() for c in article.credits)
    if closing:
        text = f"{text}  …（{closing}）" if text else f"…（{closing}）"
    return text or "no credits"


def format_report(result: ImportResult, name: str) -> list[str]:
    """One line per article (headline and credits), then the guesses and what was left out."""
    issue = result.issue
    count = issue.article_count()
    sections = len(issue.sections)
    shown = "standard input" if name in ("-", "") else name
    lines = [
        f"{shown}: {count} article{'s' if count != 1 else ''} in {sections} "
        f"section{'s' if sections != 1 else ''}; paper {issue.paper!r}, "
        f"date {issue.date.isoformat() if issue.date else 'not printed'}"
    ]
    number = 0
    for section in issue.sections:
        page = f" (page {section.page})" if section.page else ""
        lines.append(f"  [{section.title}]{page}")
        for article in section.articles:
            number += 1
            where = result.first_lines.get(article.id)
            at = f"line {where}" if where else ""
            extras = []
            if article.kicker:
                extras.append(f"kicker {article.kicker}")
            if article.subheadline:
                extras.append(f"deck {article.subheadline}")
            if article.column:
                extras.append(f"column {article.column}")
            lines.append(f"  {number:>3}. {article.headline}   ({at}, id {article.id})")
            lines.append(f"       {_credits(article)}")
            if extras:
                lines.append("       " + "; ".join(extras))
    for note in result.notes:
        lines.append(f"note: {note}")
    if result.left_out:
        lines.append("left out:")
        lines.extend(f"  {g}" for g in result.left_out)
    if result.guesses:
        lines.append(f"unsure ({len(result.guesses)}; check these in the output):")
        lines.extend(f"  {g}" for g in result.guesses)
    else:
        lines.append("unsure: nothing")
    return lines


def format_explain(result: ImportResult) -> list[str]:
    """Per article, which input lines became which field (``paperread import --explain``)."""
    lines = ["explain: which input lines became which field"]
    for section in result.issue.sections:
        for article in section.articles:
            lines.append(f"  {article.headline}   (id {article.id}, section {section.title})")
            for first, last, what in result.trace.get(article.id, ()):
                where = f"line {first}" if first == last else f"lines {first}-{last}"
                lines.append(f"    {where:<13} {what}")
    return lines
