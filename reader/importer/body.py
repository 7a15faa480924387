"""A story's body: paragraphs joined across column breaks, subheads, photos, notes, credits.

A paragraph that does not end a sentence continues on the next text line,
however many blank lines the page copy put between (a column break is not a
paragraph break). A short label-like line inside such a broken sentence is
a column label the layout dropped there: it is taken out and the sentence
joined again. Lines are never split, so paragraphs a scraper ran together
stay together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.importer.text import (
    SUBHEAD_MAX,
    ends_sentence,
    is_headish,
    is_label_like,
    join_text,
)
from reader.importer.tokens import PAGE_STAFF, Kind, Tok, is_column_label
from reader.issue.model import Block, Credit, Note, Paragraph, Photo, Subhead

__all__ = ["Draft", "build_body", "indent_opens_paragraphs"]

_EDITOR_SIGNED = re.compile(r"[—─－-]{1,2}\s*[编編]\s*者$")
_SIGNOFF = re.compile(r"^[—─－-]{1,2}\s*[编編]\s*者$")
_EDITOR_LABELS = frozenset(("编者按", "編者按", "编者的话", "編者的話"))
_OPENS_WITH_CLOSER = re.compile(r"^[，,。．.、；;：:！!？?）)」』”’…—]")
# A paragraph ending in a colon, then a line opening a quotation or a list item: the
# paper printed them as two paragraphs (他说：/“……” , 一是……), not one sentence.
_LEADS_ON = re.compile(r"[：:]\s*$")
_OPENS_ITEM = re.compile(
    r"^(?:[“「『]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨⑩]|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,2}[）)])"
)
_CONTENT = frozenset((Kind.TEXT, Kind.PHOTO, Kind.NOTE_LABEL, Kind.DATELINE))


@dataclass(slots=True)
class Draft:
    """One story as it is being read off the page."""

    first_line: int
    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    column: str | None = None
    dateline: str | None = None
    byline: list[Credit] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    guesses: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)
    header_lines: list[Tok] = field(default_factory=list)
    trace: list[tuple[int, int, str]] = field(default_factory=list)  # lines → field, for --explain

    def traced(self, first: int, last: int, what: str) -> None:
        """Note that input lines ``first``–``last`` became ``what`` (for ``--explain``)."""
        self.trace.append((first, last, what))

    def add_byline(self, credits: tuple[Credit, ...]) -> None:
        """Add credits to the byline, skipping people it already names."""
        known = {name for c in self.byline for name in c.names}
        for credit in credits:
            if not set(credit.names) <= known:
                self.byline.append(credit)
                known.update(credit.names)


@dataclass(slots=True)
class _Para:
    """A paragraph being read: its pieces are joined once, at the end (joining as they
    come would copy the paragraph once per line)."""

    parts: list[str]
    line: int
    last_line: int
    note_label: str | None = None
    in_note: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text."""
        return "".join(self.parts)

    @property
    def tail(self) -> str:
        """The end of the paragraph, enough of it to tell whether a sentence ends there."""
        tail = self.parts[-1]
        k = len(self.parts) - 1
        while len(tail) < 80 and k > 0:
            k -= 1
            tail = self.parts[k] + tail
        return tail

    def add(self, text: str) -> None:
        """Continue the paragraph (a blank between two Latin words, nothing in Chinese)."""
        before = self.parts[-1][-1:]
        self.parts.append(join_text(before, text)[len(before) :])


class _BodyReader:
    """Reads a story's tokens after its headline group, in order."""

    def __init__(self, toks: list[Tok], draft: Draft, indented_paragraphs: bool) -> None:
        """Read ``toks`` into ``draft``; ``indented_paragraphs``: an indent starts a paragraph."""
        self.toks = toks
        self.draft = draft
        self.indented = indented_paragraphs
        self.para: _Para | None = None
        self.deferred: list[Block] = []
        self.started = False
        self.note_label: str | None = None  # a box label waiting for its text
        self.note_open = False  # paragraphs belong to a note until one is signed ——编者
        self.note_first = True
        self.prev_wrapped = False  # the last text line was a full line of hard-wrapped text
        self.prev_full = False  # ... as wide as the column, even if it ended a sentence
        self.last_content = max((k for k, t in enumerate(toks) if t.kind in _CONTENT), default=-1)
        self.last_story_text = max(
            (k for k, t in enumerate(toks) if t.kind is Kind.TEXT and not is_headish(t.text)),
            default=-1,
        )

    # -- paragraphs --------------------------------------------------------------------

    def flush(self) -> None:
        """End the paragraph being read (into a paragraph or a note), then any photo it held up."""
        para, self.para = self.para, None
        text = para.text if para is not None else ""
        if para is not None and text:
            kind = "note" if para.in_note else "paragraph"
            self.draft.traced(para.line, para.last_line, f"{kind}: {_opening(text)}")
            if para.in_note:
                label = para.note_label if self.note_first else None
                self.draft.blocks.append(Note(text, label))
                self.note_first = False
                if not self.note_open or _EDITOR_SIGNED.search(text[-8:]):
                    self.note_open = False
            else:
                self.draft.blocks.append(Paragraph(text))
        self.draft.blocks.extend(self.deferred)
        self.deferred.clear()

    def add_block(self, block: Block) -> None:
        """A photo or subhead: after the paragraph it interrupts, if that is unfinished."""
        if self.para is not None and not ends_sentence(self.para.tail):
            self.deferred.append(block)
        else:
            self.flush()
            self.draft.blocks.append(block)

    def next_text(self, k: int) -> Tok | None:
        """The next text line, looking past photos; None if something else comes first."""
        for j in range(k + 1, len(self.toks)):
            tok = self.toks[j]
            if tok.kind is Kind.TEXT:
                return tok
            if tok.kind not in (Kind.PHOTO, Kind.PHOTO_CREDIT, Kind.TIME, Kind.BOILERPLATE):
                return None
        return None

    def text(self, k: int, tok: Tok, text: str, opening: bool = False) -> None:
        """A line of text: continues the paragraph, or is a label, a subhead, or a new paragraph.

        ``opening`` marks the text after a dateline, which is always story text.
        """
        para = self.para
        if para is not None and _SIGNOFF.match(text):  # ——编  者 under the text it signs
            para.add("——编者")
            para.last_line = tok.line
            return
        if para is None and _SIGNOFF.match(text) and self.draft.blocks:
            last = self.draft.blocks[-1]
            if isinstance(last, (Paragraph, Note)):
                signed = f"{last.text}——编者"
                self.draft.blocks[-1] = (
                    Paragraph(signed) if isinstance(last, Paragraph) else Note(signed, last.label)
                )
                self.note_open = False
                return
        if (
            para is not None
            and self.indented
            and self.prev_full
            and not tok.indented
            and ends_sentence(para.tail)
            and (tok.full or not is_headish(text))
        ):  # a full line that happens to end a sentence, in a page that indents paragraphs
            para.add(text)
            para.last_line = tok.line
            return
        if (
            para is not None
            and not self.prev_wrapped  # a hard-wrapped full line goes on whatever it ends with
            and _LEADS_ON.search(para.tail)
            and _OPENS_ITEM.match(text)
        ):
            self.draft.guesses.append(
                (
                    tok.line,
                    f"new paragraph: line {para.last_line} ends in a colon and this line opens "
                    "a quotation or a list item",
                )
            )
        elif para is not None and not ends_sentence(para.tail):
            following = self.next_text(k) if is_label_like(text) else None
            if following is not None and not _OPENS_WITH_CLOSER.match(following.text):
                self.dropped_label(tok, text, para)
                return
            if self.indented and tok.indented:
                self.draft.guesses.append(
                    (
                        tok.line,
                        f"new paragraph (indented), though line {para.last_line} ends mid-sentence",
                    )
                )
            else:
                if tok.blanks_before:
                    self.draft.guesses.append(
                        (
                            tok.line,
                            f"joined to the paragraph above: line {para.last_line} "
                            "ends mid-sentence (a column break)",
                        )
                    )
                para.add(text)
                para.last_line = tok.line
                return
        self.flush()
        if self.note_label is not None or self.note_open:
            self.para = _Para([text], tok.line, tok.line, self.note_label, True)
            self.note_label = None
            return
        self.started = True
        if (
            not opening
            and not tok.wrapped
            and is_headish(text, lead=False, limit=SUBHEAD_MAX)
            and k < self.last_content
            and not (tok.kind is Kind.TEXT and _EDITOR_SIGNED.search(text))
        ):
            label = is_column_label(text)
            if label is not None and self.draft.column is None:
                self.draft.column = label
                self.draft.traced(tok.line, tok.line, f"column: {label}")
                self.draft.guesses.append(
                    (tok.line, f"column label {label!r} inside the story (not a subhead)")
                )
                return
            self.draft.blocks.append(Subhead(text))
            self.draft.traced(tok.line, tok.line, f"subhead: {text}")
            if not (self.draft.dateline or self.draft.byline):
                self.draft.guesses.append(
                    (tok.line, f"subhead {text!r} (or the headline of a story without credits)")
                )
            return
        self.para = _Para([text], tok.line, tok.line)

    def dropped_label(self, tok: Tok, text: str, para: _Para) -> None:
        """A label printed inside a broken sentence: the column label, taken out of the text."""
        label = is_column_label(text) or text
        self.draft.traced(tok.line, tok.line, f"column: {label} (printed inside a sentence)")
        if self.draft.column is None:
            self.draft.column = label
            what = "taken as the column label"
        elif self.draft.column == label:
            what = "the column label again"
        else:
            what = f"left out (the column is already {self.draft.column!r})"
        self.draft.guesses.append(
            (
                tok.line,
                f"{text!r} printed inside the sentence broken at line {para.last_line}: "
                f"{what}; the sentence is joined again",
            )
        )

    # -- everything else ---------------------------------------------------------------

    def run(self) -> None:
        """Read every token in order."""
        self._editor_note_ahead()
        for k, tok in enumerate(self.toks):
            kind = tok.kind
            if kind is Kind.TEXT:
                self.text(k, tok, tok.text)
                self.prev_wrapped = tok.wrapped
                self.prev_full = tok.full
            elif kind is Kind.DATELINE:
                self.dateline(k, tok)
            elif kind is Kind.BYLINE:
                self.byline(k, tok)
            elif kind is Kind.PHOTO:
                self.draft.traced(tok.line, max(tok.lines or [tok.line]), "photo")
                self.add_block(Photo(caption=tok.caption or None, credit=tok.credit_text))
                if tok.guess:
                    self.draft.guesses.append((tok.line, tok.guess))
            elif kind is Kind.PHOTO_CREDIT:
                if k > self.last_content and tok.credits:
                    self.draft.traced(tok.line, tok.line, "credits (photo)")
                    self.draft.credits.extend(tok.credits)
                else:
                    self.draft.traced(tok.line, tok.line, "photo credit")
                    self.add_block(Photo(credit=tok.text))
            elif kind is Kind.CLOSING:
                self.closing(k, tok)
            elif kind is Kind.NOTE_LABEL:
                self.flush()
                self.note_label = tok.label
                self.note_first = True
                self.note_open = (tok.label or "") in _EDITOR_LABELS and self._signed_ahead(k)
                if tok.text:
                    self.para = _Para([tok.text], tok.line, tok.line, tok.label, True)
                    self.note_label = None
            elif kind is Kind.BOILERPLATE:
                why = (
                    "the page's editors, not the story's credits"
                    if tok.label == PAGE_STAFF
                    else "web page text, not the story"
                )
                self.draft.left_out.append((tok.line, why))
            elif kind is Kind.JUMP:
                self.draft.left_out.append((tok.line, f"jump line {tok.text}"))
        self.flush()
        if self.note_label is not None:
            self.draft.blocks.append(Subhead(self.note_label))

    def dateline(self, k: int, tok: Tok) -> None:
        """The dateline opening the story (a later one, in a story without headline, is text)."""
        found = tok.dateline
        assert found is not None
        if self.started or self.draft.dateline is not None:
            self.draft.guesses.append(
                (tok.line, "a dateline inside a story without a headline of its own: kept as text")
            )
            self.text(k, tok, tok.raw)
            return
        self.draft.dateline = found.text
        self.draft.add_byline(found.credits)
        self.draft.traced(tok.line, tok.line, "dateline" + (" and byline" if found.credits else ""))
        if found.guess:
            self.draft.guesses.append((tok.line, found.guess))
        if tok.text:
            self.text(k, tok, tok.text, opening=True)

    def byline(self, k: int, tok: Tok) -> None:
        """A credit line: the byline before the story, closing credits after it."""
        found = tok.dateline
        if not self.started:
            self.draft.traced(tok.line, tok.line, "byline")
            self.draft.add_byline(tok.credits)
            if found is not None and found.text and self.draft.dateline is None:
                self.draft.dateline = found.text
        elif k > self.last_content:
            self.draft.traced(tok.line, tok.line, "credits")
            self.draft.credits.extend(tok.credits)
        else:
            self.draft.guesses.append(
                (tok.line, "a line of credits inside the story: kept as text")
            )
            self.text(k, tok, tok.raw)

    def closing(self, k: int, tok: Tok) -> None:
        """A bracketed credit: the byline under a headline, else a closing credit, unless
        the story goes on after it (then it was text, and stays text)."""
        if not self.started and not tok.inline and k < self.last_content:
            self.draft.add_byline(tok.credits)  # （记者 张三） under the headline
            self.draft.traced(tok.line, tok.line, "byline")
            return
        if k < self.last_story_text:
            if tok.inline and self.para is not None:
                self.para.add(tok.text)
                self.flush()  # the line ended a sentence before the bracket
                self.draft.guesses.append(
                    (tok.line, f"{tok.text} kept in the text: the story goes on after it")
                )
                return
            self.draft.guesses.append(
                (tok.line, f"{tok.text} read as a credit, though the story goes on after it")
            )
        self.draft.traced(tok.line, tok.line, "credits")
        self.draft.credits.extend(tok.credits)

    def _signed_ahead(self, k: int, within: int = 8) -> bool:
        """True when one of the next ``within`` text lines is signed ——编者."""
        seen = 0
        for j in range(k + 1, len(self.toks)):
            tok = self.toks[j]
            if tok.kind is not Kind.TEXT:
                continue
            if _EDITOR_SIGNED.search(tok.text[-8:]):
                return True
            seen += 1
            if seen >= within:
                break
        return False

    def _editor_note_ahead(self) -> None:
        """An editor's note without a label: paragraphs at the start signed ——编者."""
        first = next((t for t in self.toks if t.kind in _CONTENT), None)
        if first is None or first.kind is not Kind.TEXT:
            return
        start = next(k for k, t in enumerate(self.toks) if t is first)
        if self._signed_ahead(start - 1, within=4):
            self.note_open = True
            self.note_label = None
            self.note_first = True
            self.para = None
            self.draft.guesses.append(
                (first.line, "paragraphs signed ——编者 read as an editor's note")
            )


def _opening(text: str) -> str:
    """The start of a paragraph, enough to recognise it."""
    return text if len(text) <= 16 else f"{text[:16]}…"


def indent_opens_paragraphs(toks: list[Tok]) -> bool:
    """True when the page indents the first line of its paragraphs but not the line that
    goes on after a break (a column break, a hard wrap).

    Then an indented line opens a paragraph even where the line above ends without a
    full stop (a paragraph ending ``他说：``, or the end of a sentence carried over a
    column break followed by the next paragraph), and the indent is trusted where
    :func:`~reader.importer.layout.mark_indented` could not trust it for headlines
    (a copy of the web edition indents its headlines and bylines too).

    Judged from the text lines after a finished sentence (paragraph openings): at least
    three, three in four of them indented. In hard-wrapped text the lines after a full
    line must mostly not be indented: a copy that indents every line says nothing.
    """
    openings = indented_openings = goes_on = indented_goes_on = 0
    prev: Tok | None = None
    for tok in toks:
        if tok.kind is not Kind.TEXT:
            prev = tok if tok.kind is Kind.DATELINE and tok.text else None
            continue
        if prev is not None and not (prev.full and not prev.wrapped):  # (unsure: skipped)
            if prev.wrapped:
                goes_on += 1
                indented_goes_on += tok.indented
            elif ends_sentence(prev.text) and not is_headish(prev.text):
                openings += 1
                indented_openings += tok.indented
        prev = tok
    if openings < 3 or indented_openings * 4 < openings * 3:
        return False
    return goes_on == 0 or indented_goes_on * 2 < goes_on


def build_body(toks: list[Tok], draft: Draft, indented_paragraphs: bool) -> None:
    """Read the body of one story (the tokens after its headline group) into ``draft``."""
    _BodyReader(toks, draft, indented_paragraphs).run()
