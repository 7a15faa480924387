"""The issue as a readable format-1 YAML file, and article ids.

Block style throughout, one paragraph per line, credits in the compact flow
form the sample uses (``{role: 记者, names: [李娜]}``). A scalar is written
plain only when YAML would read it back as the same text; otherwise it is
double-quoted with escapes. The caller verifies the result with the real
loader anyway.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import yaml
import yaml.resolver

from reader.issue.clean import clean_text
from reader.issue.model import Article, Block, Credit, Issue, Note, Paragraph, Photo, Subhead

__all__ = ["article_id", "dump_issue", "unique_ids"]

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_PLAIN_FIRST_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_RESOLVABLE_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=")
_FLOW_BAD = re.compile(r"[,\[\]{}]")
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\\\\"]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
_ASCII_WORD = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")
_BLANKS = re.compile(r"\s+")


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_FIRST_BAD:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and _FLOW_BAD.search(text):
        return False
    if _NEEDS_ESCAPE.search(text):
        return False
    if text[0] not in _RESOLVABLE_FIRST:
        return True  # YAML's implicit types (bool, int, float, null, date) start otherwise
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


def scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar that reads back as exactly this string."""
    if _plain_ok(text, flow):
        return text
    body = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)
    return f'"{body}"'


def _comment(text: str) -> str:
    """A one-line YAML comment; anything YAML or a terminal should not see is dropped."""
    return "# " + " ".join(_UNPRINTABLE.sub("", clean_text(text)).split())


def _credit(credit: Credit) -> str:
    names = ", ".join(scalar(n, flow=True) for n in credit.names)
    if credit.role:
        return f"{{role: {scalar(credit.role, flow=True)}, names: [{names}]}}"
    return f"{{names: [{names}]}}"


def _block(block: Block, pad: str) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"{pad}- {scalar(block.text)}"]
    if isinstance(block, Subhead):
        return [f"{pad}- subhead: {scalar(block.text)}"]
    if isinstance(block, Photo):
        lines = [f"{pad}- photo:"]
        for key, value in (
            ("caption", block.caption),
            ("credit", block.credit),
            ("file", block.file),
        ):
            if value:
                lines.append(f"{pad}    {key}: {scalar(value)}")
        if len(lines) == 1:
            lines[0] += " {}"
        return lines
    assert isinstance(block, Note)
    lines = [f"{pad}- note: {scalar(block.text)}"]
    if block.label:
        lines.append(f"{pad}  label: {scalar(block.label)}")
    return lines


def _article(article: Article, comments: Sequence[str]) -> list[str]:
    pad = " " * 8
    lines = [f"      {_comment(c)}" for c in comments]
    lines.append(f"      - id: {scalar(article.id)}")
    for key, value in (
        ("column", article.column),
        ("kicker", article.kicker),
        ("headline", article.headline),
        ("subheadline", article.subheadline),
        ("dateline", article.dateline),
    ):
        if value:
            lines.append(f"{pad}{key}: {scalar(value)}")
    if article.byline:
        lines.append(f"{pad}byline:")
        lines.extend(f"{pad}  - {_credit(c)}" for c in article.byline)
    lines.append(f"{pad}body:")
    for block in article.body:
        lines.extend(_block(block, pad + "  "))
    if article.credits:
        lines.append(f"{pad}credits:")
        lines.extend(f"{pad}  - {_credit(c)}" for c in article.credits)
    if article.url:
        lines.append(f"{pad}url: {scalar(article.url)}")
    return lines


def dump_issue(
    issue: Issue,
    *,
    header: Iterable[str] = (),
    comments: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The issue as YAML text; ``header`` lines become comments at the top, and
    ``comments[article_id]`` lines comments above that article."""
    comments = comments or {}
    lines = [_comment(h) for h in header]
    lines.append(f"paperread: {issue.format}")
    lines.append(f"paper: {scalar(issue.paper)}")
    if issue.date is not None:
        lines.append(f"date: {issue.date.isoformat()}")
    for key, value in (
        ("edition", issue.edition),
        ("language", issue.language),
        ("source", issue.source),
    ):
        if value:
            lines.append(f"{key}: {scalar(value)}")
    lines.append("sections:")
    for section in issue.sections:
        lines.append(f"  - title: {scalar(section.title)}")
        if section.page:
            lines.append(f"    page: {scalar(section.page)}")
        lines.append("    articles:")
        for article in section.articles:
            lines.extend(_article(article, comments.get(article.id, ())))
    return "\n".join(lines) + "\n"


def article_id(headline: str) -> str:
    """A stable id from the headline: ASCII words in it (if any) and a short hash.

    ``朝克吐:一腔赤诚 不负青山`` → ``a-3b1c…``; ``NBA新人…`` → ``nba-…``. The
    hash is of the headline with width and blanks normalised, so importing the
    same page again gives the same ids.
    """
    norm = _BLANKS.sub(" ", unicodedata.normalize("NFKC", headline)).strip().casefold()
    digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:8]
    words = [w.lower() for w in _ASCII_WORD.findall(norm)][:3]
    prefix = "-".join(words)[:24].strip("-") or "a"
    return f"{prefix}-{digest}"


def unique_ids(headlines: Sequence[str]) -> list[str]:
    """Ids for headlines in order; a repeated id gets -2, -3, … in order of appearance."""
    seen: dict[str, int] = {}
    used: set[str] = set()
    result = []
    for headline in headlines:
        base = article_id(headline)
        count = seen.get(base, 0) + 1
        seen[base] = count
        candidate = base if count == 1 else f"{base}-{count}"
        while candidate in used:
            count += 1
            seen[base] = count
            candidate = f"{base}-{count}"
        used.add(candidate)
        result.append(candidate)
    return result
