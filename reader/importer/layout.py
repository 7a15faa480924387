"""Where stories begin, and what the lines above a story are.

A story begins at the headline group (kicker, headline, deck, column label:
a few short lines) that stands before a dateline or a line of credits, or
that follows the end of another story (a closing credit, an end mark, an
issue line, a page line). The lines of a headline group are then told apart:
—— opening a line marks a deck, a line holding —— or ending in ： is a
kicker, a bracketed or column-worded line a column label, and for plain
lines their order, their length and what they say decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.importer.header import Header, classify_header
from reader.importer.text import ends_sentence, is_headish
from reader.importer.tokens import Kind, Tok

__all__ = [
    "Header",
    "Span",
    "classify_header",
    "is_header_line",
    "is_signoff",
    "mark_indented",
    "mark_wrapped",
    "segment",
]

MAX_HEADER_LINES = 5

_META = frozenset((Kind.TIME, Kind.COMMENT, Kind.MASTHEAD))
_ENDS_STORY = frozenset(
    (Kind.CLOSING, Kind.END, Kind.ISSUE, Kind.JUMP, Kind.PAGE, Kind.PHOTO_CREDIT)
)
_BODY_START = frozenset((Kind.DATELINE, Kind.BYLINE, Kind.PHOTO, Kind.NOTE_LABEL))
_EDITOR_SIGNED = re.compile(r"[—─－-]{1,2}\s*[编編]\s*者$")


@dataclass(slots=True)
class Span:
    """A story's tokens, ``toks[start:end]``; ``why`` says how its start was found."""

    start: int
    end: int
    why: str
    titled: bool = True


def is_signoff(tok: Tok) -> bool:
    """True for a line that is only an editor's sign-off: ——编者, ——编  者."""
    return tok.kind is Kind.TEXT and _SIGNOFF.match(tok.text) is not None


_SIGNOFF = re.compile(r"^[—─－-]{1,2}\s*[编編]\s*者$")


def _headish(tok: Tok) -> bool:
    return (
        tok.kind is Kind.TEXT
        and not tok.para_start
        and not tok.wrapped
        and is_headish(tok.text)
        and not is_signoff(tok)
    )


def _body_like(tok: Tok) -> bool:
    """A token a story body can start with."""
    if tok.kind in _BODY_START:
        return True
    return tok.kind is Kind.TEXT and not _headish(tok)


def is_header_line(tok: Tok) -> bool:
    """True for a line that can stand in a headline group."""
    return _headish(tok)


def mark_indented(toks: list[Tok]) -> bool:
    """Mark indented lines as paragraph starts where the page indents paragraphs, not headlines.

    Returns whether it does: most longer text lines indented, most short ones not.
    """
    long = [t for t in toks if t.kind is Kind.TEXT and not is_headish(t.text)]
    short = [t for t in toks if t.kind is Kind.TEXT and is_headish(t.text)]
    if len(long) < 3 or sum(t.indented for t in long) * 2 < len(long):
        return False
    if short and sum(t.indented for t in short) * 2 > len(short):
        return False
    for tok in toks:
        tok.para_start = tok.kind is Kind.TEXT and tok.indented
    return True


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def cells(text: str) -> int:
    """Width in terminal cells (a wide character counts two), as the page measured lines."""
    return len(text) + len(_WIDE.findall(text))


def mark_wrapped(toks: list[Tok]) -> int | None:
    """Find hard-wrapped text (a PDF copy breaks every line at the column width) and mark
    its full lines that end mid-sentence: they are never headlines or subheads.

    Returns the column width in cells, or None when the text is not wrapped: at least
    five lines, and two in five of the text lines, must share one width (±2 cells),
    hardly any line may be wider, and lines of that width must follow one another.
    """
    text = [t for t in toks if t.kind is Kind.TEXT]
    widths = [cells(t.text) if len(t.text) <= 200 else 999 for t in text]
    counts: dict[int, int] = {}
    for width in widths:
        if width >= 16:
            counts[width] = counts.get(width, 0) + 1
    if not counts:
        return None
    best, best_count = 0, 0
    for width in counts:
        near = sum(counts.get(w, 0) for w in range(width - 2, width + 3))
        if near > best_count or (near == best_count and width > best):
            best, best_count = width, near
    if best_count < 5 or best_count * 5 < len(text) * 2:
        return None
    wider = sum(1 for w in widths if w > best + 2)
    at_width = [best - 2 <= w <= best + 2 for w in widths]
    position = {id(t): k for k, t in enumerate(toks)}
    adjacent = sum(
        1
        for k in range(len(text) - 1)
        if at_width[k]
        and at_width[k + 1]
        and position[id(text[k + 1])] == position[id(text[k])] + 1
    )
    if wider * 10 > len(text) or adjacent * 4 < best_count:
        return None
    for tok, width in zip(text, widths, strict=True):
        tok.full = width >= best - 2
        tok.wrapped = tok.full and not ends_sentence(tok.text)
    return best


def _walk_back(toks: list[Tok], anchor: int) -> int | None:
    """The first line of the headline group above a dateline or credit line, if any.

    Between the headline group and the anchor there may be time stamps, other
    credit lines, photos and an editor's note; above the group, anything else
    ends the search.
    """
    j = anchor - 1
    after_label = False
    while j >= 0:
        tok = toks[j]
        if tok.kind in _META or tok.kind in (Kind.BYLINE, Kind.PHOTO, Kind.NOTE_LABEL):
            j -= 1
            continue
        if tok.kind is Kind.TEXT and _EDITOR_SIGNED.search(tok.text[-8:]):
            j -= 1
            after_label = True
            continue
        if tok.kind is Kind.TEXT and not _headish(tok) and j > 0:
            before = toks[j - 1]
            if before.kind is Kind.NOTE_LABEL or after_label:
                j -= 1
                continue
        break
    group: list[int] = []
    while j >= 0 and len(group) <= MAX_HEADER_LINES:
        tok = toks[j]
        if tok.kind in _META:
            j -= 1
            continue
        if not _headish(tok):
            break
        group.append(j)
        j -= 1
    if len(group) > MAX_HEADER_LINES:
        # More short lines than a headline group has (a list of contents above the
        # story?): keep those after the last blank line, or else the last two.
        group = group[:MAX_HEADER_LINES]
        spaced = [k for k in group if toks[k].blanks_before]
        return spaced[0] if spaced else group[min(1, len(group) - 1)]
    return group[-1] if group else None


def _run_after(toks: list[Tok], i: int) -> int | None:
    """The headline group starting at or after ``i`` when a story body follows it."""
    n = len(toks)
    while i < n and toks[i].kind in _META:
        i += 1
    first = i
    count = 0
    while i < n and (_headish(toks[i]) or toks[i].kind in _META) and count <= MAX_HEADER_LINES:
        if toks[i].kind is Kind.TEXT:
            count += 1
        i += 1
    if count == 0 or count > MAX_HEADER_LINES or i >= n:
        return None
    return first if _body_like(toks[i]) else None


def segment(toks: list[Tok]) -> tuple[list[Span], list[tuple[int, str]]]:
    """The stories on the page, in order, and the guesses made finding them."""
    starts: dict[int, str] = {}
    untitled: set[int] = set()
    guesses: list[tuple[int, str]] = []
    n = len(toks)
    # the first headline group of the page
    i = 0
    while i < n and toks[i].kind in (*_META, Kind.PAGE, Kind.ISSUE):
        i += 1
    first = _run_after(toks, i)
    if first is not None:
        starts[first] = "top of the page"
    for i, tok in enumerate(toks):
        if _credits_under_headline(toks, i):
            found = _walk_back(toks, i)
            if found is not None:
                starts.setdefault(found, f"headline above the credits on line {tok.line}")
            continue
        if tok.kind in (Kind.DATELINE, Kind.BYLINE):
            found = _walk_back(toks, i)
            if found is not None:
                starts.setdefault(found, f"headline above the {tok.kind.value} on line {tok.line}")
            elif tok.kind is Kind.DATELINE and _after_hard_end(toks, i):
                untitled.add(i)
                starts.setdefault(i, f"a dateline after the end of a story, line {tok.line}")
        elif tok.kind in _ENDS_STORY or is_signoff(tok):
            found = _run_after(toks, i + 1)
            if found is not None and found not in starts:
                what = "editor's sign-off" if is_signoff(tok) else tok.kind.value
                starts[found] = f"after the {what} on line {tok.line}"
                if tok.kind in (Kind.PHOTO_CREDIT, Kind.CLOSING) and not _anchored(toks, found):
                    guesses.append(
                        (
                            toks[found].line,
                            f"a new story starts here, after the {tok.kind.value} on line "
                            f"{tok.line} (no dateline or byline follows the headline)",
                        )
                    )
    for i in range(1, n - 2):
        prev = toks[i - 1]
        if not (_headish(toks[i]) and _headish(toks[i + 1])) or i in starts:
            continue
        if prev.kind is Kind.TEXT and not is_headish(prev.text) and ends_sentence(prev.text):
            found = _run_after(toks, i)
            if found == i and not any(s in starts for s in range(i, i + MAX_HEADER_LINES)):
                starts[i] = "two or more short lines between paragraphs"
                guesses.append(
                    (
                        toks[i].line,
                        "short lines between two paragraphs read as the headline of a new story "
                        "(they could be subheads)",
                    )
                )
    order = sorted(starts)
    spans: list[Span] = []
    if not order or _has_story_text(toks[: order[0]]):
        head = 0
        while head < n and toks[head].kind in (*_META, Kind.PAGE, Kind.ISSUE):
            head += 1
        if head < n and (not order or head < order[0]):
            spans.append(Span(head, order[0] if order else n, "text before any headline", False))
    for k, start in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else n
        spans.append(Span(start, end, starts[start], start not in untitled))
    return spans, guesses


def _credits_under_headline(toks: list[Tok], i: int) -> bool:
    """A bracketed credit line right under a headline: （记者 张三） opening a story."""
    tok = toks[i]
    return tok.kind is Kind.CLOSING and not tok.inline and i > 0 and _headish(toks[i - 1])


def _after_hard_end(toks: list[Tok], i: int) -> bool:
    """True when the token before ``i`` (time stamps aside) ends a story."""
    j = i - 1
    while j >= 0 and toks[j].kind in _META:
        j -= 1
    return j >= 0 and toks[j].kind in _ENDS_STORY and toks[j].kind is not Kind.PHOTO_CREDIT


def _anchored(toks: list[Tok], start: int) -> bool:
    i = start
    while i < len(toks) and (_headish(toks[i]) or toks[i].kind in _META):
        i += 1
    return i < len(toks) and toks[i].kind in (Kind.DATELINE, Kind.BYLINE)


def _has_story_text(toks: list[Tok]) -> bool:
    return any(t.kind in (Kind.TEXT, Kind.DATELINE, Kind.PHOTO, Kind.NOTE_LABEL) for t in toks)
