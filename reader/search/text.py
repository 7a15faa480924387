"""What search reads of a story, and where a query matches in it.

A story's searchable text is every text a reader sees in it, in reading
order (:func:`story_parts`): column, kicker, headline, deck, dateline and
byline; each body block; the closing credits. :func:`story_text` joins the
parts with newlines; the search index folds that text (:mod:`reader.search.fold`).
A query never holds a newline, so no match runs from one part into the next.

Positions are given the way :class:`reader.typeset.article.Line` counts them, as
``(block, offset)``: ``block`` is the index into ``article.body``, -1 for the
header, ``len(article.body)`` for the closing credits; ``offset`` counts
characters in that block's texts concatenated (for a body block in
:func:`reader.issue.model.block_texts` order; for the header in the order above;
for the credits in the names as :meth:`reader.issue.model.Credit.display` prints
them, joined by spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.issue.clean import clean_inline
from reader.search.fold import Folded, fold, fold_map

if TYPE_CHECKING:
    from reader.issue.model import Article

__all__ = [
    "SNIPPET_AFTER",
    "SNIPPET_BEFORE",
    "Snippet",
    "StoryPart",
    "find_all",
    "match_positions",
    "matches_in",
    "normalise_query",
    "shown_query",
    "snippet",
    "story_parts",
    "story_text",
]

SNIPPET_BEFORE = 24  # characters of context before the first match
SNIPPET_AFTER = 56  # ... and after its start
ELLIPSIS = "…"
QUERY_SHOWN = 40  # characters of a query quoted back in a message
# Marks that a line (so a snippet) never starts with: pauses, stops and closing brackets.
NO_LINE_START = frozenset("、，。,.;；:：!！?？)）]］}｝」』”’》〉】〕〗〙〛・·…")

_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class StoryPart:
    """One text of a story: the block it belongs to, its offset there, and the text."""

    block: int
    offset: int
    text: str


def story_parts(article: Article) -> list[StoryPart]:
    """Every non-empty text of ``article`` in reading order, with its (block, offset)."""
    from reader.issue.model import block_texts  # an article exists: the model is loaded

    parts: list[StoryPart] = []

    def add(block: int, offset: int, text: str | None) -> int:
        if text:
            parts.append(StoryPart(block, offset, text))
            return offset + len(text)
        return offset

    offset = 0
    header = [article.column, article.kicker, article.headline, article.subheadline]
    header.append(article.dateline)
    header.extend(credit.display() for credit in article.byline)
    for text in header:
        offset = add(-1, offset, text)
    for index, block in enumerate(article.body):
        offset = 0
        for text in block_texts(block):
            offset = add(index, offset, text)
    closing = " ".join(c.display() for c in article.credits if c.display())
    add(len(article.body), 0, closing)
    return parts


def story_text(article: Article) -> str:
    """The searchable text of ``article``: its parts joined by newlines (not folded)."""
    return "\n".join(part.text for part in story_parts(article))


def normalise_query(query: str) -> str:
    """A query as it is searched for: cleaned, folded, blanks collapsed to one space."""
    return _BLANKS.sub(" ", fold(clean_inline(query))).strip()


def find_all(folded_text: str, folded_query: str) -> Iterator[int]:
    """Every start of ``folded_query`` in ``folded_text``, overlapping ones included."""
    if not folded_query:
        return
    at = folded_text.find(folded_query)
    while at >= 0:
        yield at
        at = folded_text.find(folded_query, at + 1)


def matches_in(folded: Folded, folded_query: str) -> Iterator[tuple[int, int]]:
    """Where ``folded_query`` matches in ``folded``, as spans of its original text.

    Matches do not overlap: each starts after the one before ends. A match
    that begins or ends inside a character that folded to several (``㈱``)
    covers that whole character.
    """
    end_of_last = -1
    for at in find_all(folded.text, folded_query):
        if at < end_of_last:
            continue
        end_of_last = at + len(folded_query)
        yield folded.original_span(at, end_of_last)


def match_positions(article: Article, query: str) -> list[tuple[int, int, int]]:
    """Where ``query`` matches in ``article``, as ``(block, start, end)`` in reading order.

    ``start`` and ``end`` are offsets in the block's original text (see the
    module's description), so the reader can highlight them and scroll to
    them; a match that begins or ends inside a character that folded to
    several (``㈱``) covers that whole character. Matches do not overlap.
    """
    folded_query = normalise_query(query)
    if not folded_query:
        return []
    found: list[tuple[int, int, int]] = []
    for part in story_parts(article):
        for start, end in matches_in(fold_map(part.text), folded_query):
            found.append((part.block, part.offset + start, part.offset + end))
    return found


@dataclass(frozen=True, slots=True)
class Snippet:
    """A line of original text around a match, and where the matches are in it."""

    text: str
    spans: tuple[tuple[int, int], ...]
    in_headline: bool = False  # the query is only in the headline (``spans`` is empty)


def snippet(text: str, folded_query: str, headline: str | None = None) -> Snippet:
    """The original ``text`` around the first match of ``folded_query``, on one line.

    ``folded_query`` is already normalised (:func:`normalise_query`). The
    snippet holds about :data:`SNIPPET_BEFORE` characters before the first
    match and runs to :data:`SNIPPET_AFTER` after its start (longer for a
    long match); an ellipsis marks text left out, and it never starts with
    punctuation that cannot begin a line (``、，。`` and closing marks). ``spans``
    are the matches inside the snippet, as offsets into ``snippet.text``.

    A hit shows its headline anyway, so given the story's ``headline`` the snippet
    prefers a match outside it; when the query is found only in the headline the
    snippet is the text after the headline, ``in_headline`` is True and ``spans``
    is empty. Without a match the snippet is the start of the text.
    """
    folded = fold_map(text)
    starts = list(find_all(folded.text, folded_query))
    skip = _headline_span(text, headline)
    if skip is not None and starts:
        outside = [
            at for at in starts if not skip[0] <= folded.original_span(at, at + 1)[0] < skip[1]
        ]
        if not outside:
            rest = text[skip[1] :].lstrip("\n")
            head = rest[: SNIPPET_BEFORE + SNIPPET_AFTER]
            tail = ELLIPSIS if len(head) < len(rest) else ""
            return Snippet(_one_line(head) + tail, (), in_headline=True)
        starts = outside
    if not starts:
        head = text[: SNIPPET_BEFORE + SNIPPET_AFTER]
        return Snippet(_one_line(head) + (ELLIPSIS if len(head) < len(text) else ""), ())
    first_start, first_end = folded.original_span(starts[0], starts[0] + len(folded_query))
    begin = max(0, first_start - SNIPPET_BEFORE)
    # Do not start in the middle of the part before the match: a newline ends a part.
    newline = text.rfind("\n", begin, first_start)
    if newline >= 0:
        begin = newline + 1
    # Nor with a mark that cannot start a line (、，。」…): the context starts after it.
    while begin < first_start and text[begin] in NO_LINE_START:
        begin += 1
    stop = min(len(text), max(first_start + SNIPPET_AFTER, first_end))
    newline = text.find("\n", first_end, stop)
    if newline >= 0:
        stop = newline
    # An ellipsis only where a part was cut, not where one starts or ends.
    lead = ELLIPSIS if begin > 0 and text[begin - 1] != "\n" else ""
    tail = ELLIPSIS if stop < len(text) and text[stop] != "\n" else ""
    spans: list[tuple[int, int]] = []
    end_of_last = -1
    for at in starts:
        if at < end_of_last:
            continue
        end_of_last = at + len(folded_query)
        start, end = folded.original_span(at, end_of_last)
        if start >= stop:
            break
        if start >= begin:
            shift = len(lead) - begin
            spans.append((start + shift, min(end, stop) + shift))
    return Snippet(lead + _one_line(text[begin:stop]) + tail, tuple(spans))


def _headline_span(text: str, headline: str | None) -> tuple[int, int] | None:
    """Where the headline's line is in a story's text (``story_text`` order), if found."""
    if not headline:
        return None
    at = 0
    for line in text.split("\n"):
        if line == headline:
            return at, at + len(line)
        at += len(line) + 1
    return None


def shown_query(query: str, limit: int = QUERY_SHOWN) -> str:
    """A query as messages quote it: one line, cut to ``limit`` characters with an ellipsis."""
    one = _BLANKS.sub(" ", clean_inline(query)).strip()
    return one if len(one) <= limit else one[: limit - 1] + ELLIPSIS


def _one_line(text: str) -> str:
    """Newlines and tabs as spaces (one for one, so offsets hold)."""
    return text.replace("\n", " ").replace("\t", " ")
