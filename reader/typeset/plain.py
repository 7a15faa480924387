"""An issue as lines of text for ``paperread cat``: masthead, sections, articles.

Articles are set by :func:`reader.typeset.article.typeset_article`, exactly as in the reader.
"""

from __future__ import annotations

from reader.issue.model import Article, Issue, block_texts
from reader.typeset.article import Line, Span, typeset_article, wrap_text


def _plain_lines(text: str, role: str, width: int) -> list[Line]:
    return [
        Line(spans=(Span(chunk, role),), block=-1, offset=offset)
        for offset, chunk in wrap_text(text, width)
    ]


def _blank() -> Line:
    return Line(spans=(), block=-1, offset=0)


def _rule(width: int, char: str = "─") -> Line:
    return Line(spans=(Span(char * width, "rule"),), block=-1, offset=0)


def masthead_lines(issue: Issue, width: int) -> list[Line]:
    """The paper's name, and date, edition and source when the file gives them."""
    lines = _plain_lines(issue.paper, "headline", width)
    details = "  ".join(
        part for part in (issue.date.isoformat() if issue.date else "", issue.edition or "") if part
    )
    if details:
        lines += _plain_lines(details, "dateline", width)
    if issue.source:
        lines += _plain_lines(issue.source, "byline", width)
    return lines


def issue_lines(issue: Issue, width: int, only: Article | None = None) -> list[Line]:
    """The whole issue (or just ``only``) set at ``width`` columns."""
    width = max(1, width)
    if only is not None:
        return typeset_article(only, width, width)
    lines = masthead_lines(issue, width)
    lines.append(_rule(width, "═"))
    for section in issue.sections:
        lines.append(_blank())
        title = section.title if not section.page else f"{section.title}  {section.page}"
        lines += _plain_lines(title, "column", width)
        lines.append(_rule(width))
        for index, article in enumerate(section.articles):
            # Each story closes with its own end mark; a second blank line parts them.
            lines += [_blank(), _blank()] if index else [_blank()]
            lines += typeset_article(article, width, width)
    return lines


def article_as_text(article: Article) -> str:
    """The article as plain, unwrapped text: headline, byline, body (for copying)."""
    parts: list[str] = []
    for text in (article.column, article.kicker, article.headline, article.subheadline):
        if text:
            parts.append(text)
    top = "  ".join(p for p in (article.dateline, *(c.display() for c in article.byline)) if p)
    if top:
        parts.append(top)
    parts.append("")
    for block in article.body:
        parts.extend(block_texts(block))
        parts.append("")
    if article.credits:
        parts.append("（" + " ".join(c.display() for c in article.credits) + "）")
    return "\n".join(parts).rstrip("\n") + "\n"
