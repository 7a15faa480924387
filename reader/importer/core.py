"""Raw page text to a checked issue file: the steps in order, and what was guessed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from reader.importer.body import Draft, build_body, indent_opens_paragraphs
from reader.importer.emit import dump_issue, unique_ids
from reader.importer.intro import introductions
from reader.importer.layout import (
    MAX_HEADER_LINES,
    Span,
    classify_header,
    is_header_line,
    mark_indented,
    mark_wrapped,
    segment,
)
from reader.importer.text import ImportFailed, decode_page, is_headish, split_lines
from reader.importer.tokens import Kind, Meta, Tok, tokenize
from reader.issue.clean import clean_inline, spell_bytes
from reader.issue.collector import collector_paused
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.model import Article, Credit, Issue, Paragraph, Section

__all__ = [
    "Guess",
    "ImportResult",
    "import_bytes",
    "import_page",
    "shown_name",
    "verified_yaml",
]

MAX_INPUT_CHARS = 32 * 1024 * 1024

_SIMPLIFIED = re.compile(
    "[这们国说时会为发经对个来报记讯电现业开关长问实学进动还过种样东车区机门书与从应见观让认识语议设请调"
    "该贸费资质运产员间听战总线组织结给统济场处华两广乐义习乡买亲仅价众优传伤体况则刘务劳势单历压厅县参双变号]"
)
_TRADITIONAL = re.compile(
    "[這們國說時會為發經對個來報記訊電現業開關長問實學進動還過種樣東車區機門書與從應見觀讓認識語議設請調"
    "該貿費資質運產員間聽戰總線組織結給統濟場處華兩廣樂義習鄉買親僅價眾優傳傷體況則劉務勞勢單歷壓廳縣參雙變號]"
)
_SOURCE_COMMENT = re.compile(r"^#\s*source\s*[:：]\s*(?P<source>.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Guess:
    """Something the importer was not sure of, at a line of the input."""

    line: int
    message: str
    page: str | None = None  # the page file's name, in an import of several pages

    def __str__(self) -> str:
        where = f"{self.page}, line {self.line}" if self.page else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The imported issue, its YAML text, and what the importer guessed or left out."""

    issue: Issue
    yaml_text: str
    guesses: tuple[Guess, ...]
    left_out: tuple[Guess, ...] = ()
    notes: tuple[str, ...] = ()
    encoding: str = "utf-8"
    first_lines: dict[str, int] = field(default_factory=dict)
    printed_paper: str | None = None  # the paper's name as a page prints it
    printed_date: dt.date | None = None  # the date a page prints
    comments: dict[str, list[str]] = field(default_factory=dict)  # per article id, in the YAML
    trace: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)


def import_bytes(
    data: bytes,
    name: str = "page.txt",
    *,
    encoding: str | None = None,
    paper: str | None = None,
    date: dt.date | None = None,
    section: str | None = None,
) -> ImportResult:
    """Import a raw page given as bytes (see :func:`decode_page` for encodings)."""
    if not data.strip():
        raise ImportFailed("the input is empty: no article found")
    text, used, note = decode_page(data, encoding)
    result = import_page(text, name, paper=paper, date=date, section=section)
    notes = ((note,) if note else ()) + result.notes
    return replace(result, notes=notes, encoding=used)


def import_page(
    text: str,
    name: str = "page.txt",
    *,
    paper: str | None = None,
    date: dt.date | None = None,
    section: str | None = None,
) -> ImportResult:
    """Turn the text of a newspaper page into a checked format-1 issue.

    ``name`` is the input's file name (``-`` for standard input): it names the
    paper when neither ``paper`` nor a printed masthead does. Raises
    :class:`ImportFailed` when no article is found.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise ImportFailed(f"the input is too large ({len(text):,} characters; the limit is 32 M)")
    with collector_paused():
        return _import(text, name, paper, date, section)


def _import(
    text: str, name: str, paper: str | None, date: dt.date | None, section: str | None
) -> ImportResult:
    """Lines, tokens, stories, the issue, its YAML and the check of it (see import_page)."""
    lines = split_lines(text)
    if not lines:
        raise ImportFailed("the input holds only blanks: no article found")
    toks = tokenize(lines)
    indented = mark_indented(toks)
    mark_wrapped(toks)
    indented = indented or indent_opens_paragraphs(toks)
    _story_text_or_fail(toks)
    spans, guesses = segment(toks)
    drafts = [_read_story(toks, span, indented) for span in spans]
    drafts = _merge_empty(drafts)
    drafts = introductions(drafts)
    if not drafts:
        raise ImportFailed("no article found: the text has no paragraph of story text")
    meta, notes = _issue_meta(toks, name, paper, date)
    printed = _issue_meta(toks, name, None, None)[0]
    printed_paper = printed.paper if printed.paper != _stem(name) else None
    language = _language(text)
    untitled = "（無標題）" if (language or "").startswith("zh-Hant") else "（无标题）"
    if language is None:
        untitled = "(untitled)"
    for draft in drafts:
        if draft.headline is None:
            draft.headline = untitled
            draft.guesses.append(
                (draft.first_line, f"a story with no headline found: headed {untitled}")
            )
    pages = _pages(toks, drafts)
    ids = unique_ids([d.headline or untitled for d in drafts])
    articles = [_article(d, i) for d, i in zip(drafts, ids, strict=True)]
    sections = _sections(articles, pages, section, notes, "本版" if language else "Page")
    issue = Issue(
        paper=meta.paper or "",
        sections=tuple(sections),
        date=meta.date,
        language=language,
        source=meta.source,
    )
    all_guesses = sorted(
        [Guess(line, msg) for line, msg in guesses]
        + [Guess(line, msg) for d in drafts for line, msg in d.guesses],
        key=lambda g: g.line,
    )
    comments: dict[str, list[str]] = {}
    for draft, article_id in zip(drafts, ids, strict=True):
        own = sorted(draft.guesses)
        if own:
            comments[article_id] = [f"unsure, line {line}: {msg}" for line, msg in own]
    header = [f"paperread issue file (format 1) made by paperread import from {shown_name(name)}"]
    yaml_text, checked = verified_yaml(issue, header, comments, name)
    left_out = tuple(Guess(line, why) for d in drafts for line, why in d.left_out)
    first_lines = {i: d.first_line for d, i in zip(drafts, ids, strict=True)}
    return ImportResult(
        checked,
        yaml_text,
        tuple(all_guesses),
        left_out,
        tuple(notes),
        "utf-8",
        first_lines,
        printed_paper,
        printed.date,
        comments,
        {i: tuple(sorted(d.trace)) for d, i in zip(drafts, ids, strict=True)},
    )


# -- one story -------------------------------------------------------------------------


def _read_story(toks: list[Tok], span: Span, indented: bool) -> Draft:
    """One story: its headline group, then its body."""
    part = toks[span.start : span.end]
    draft = Draft(first_line=part[0].line if part else 0)
    k = 0
    header: list[Tok] = []
    if span.titled:
        while k < len(part) and len(header) < MAX_HEADER_LINES:
            tok = part[k]
            if tok.kind in (Kind.TIME, Kind.COMMENT, Kind.MASTHEAD):
                k += 1
                continue
            if is_header_line(tok):
                header.append(tok)
                k += 1
                continue
            break
    if header:
        found = classify_header(header)
        draft.headline, draft.kicker = found.headline, found.kicker
        draft.deck, draft.column = found.deck, found.column
        draft.guesses.extend(found.guesses)
        draft.trace.extend((line, line, what) for line, what in found.trace)
        draft.header_lines = header
    build_body(part[k:], draft, indented)
    return draft


def _merge_empty(drafts: list[Draft]) -> list[Draft]:
    """Stories without body text give their lines to the story before (or after) them."""
    result: list[Draft] = []
    orphans: list[Draft] = []
    for draft in drafts:
        if not draft.blocks:
            lines = [t.text for t in draft.header_lines]
            target = result[-1] if result else None
            if target is not None:
                target.blocks.extend(Paragraph(t) for t in lines)
                target.credits.extend(draft.credits)
                target.guesses.append(
                    (draft.first_line, "short lines with no story after them: kept as paragraphs")
                )
            else:
                orphans.append(draft)
            continue
        if orphans:
            lead = [Paragraph(t.text) for o in orphans for t in o.header_lines]
            draft.blocks[:0] = lead
            draft.guesses.append(
                (orphans[0].first_line, "short lines before the first story: kept as paragraphs")
            )
            orphans.clear()
        result.append(draft)
    return result


def _article(draft: Draft, article_id: str) -> Article:
    """The model's article for a story read."""
    return Article(
        id=article_id,
        headline=draft.headline or "",
        body=tuple(draft.blocks),
        kicker=draft.kicker,
        subheadline=draft.deck,
        column=draft.column,
        dateline=draft.dateline,
        byline=tuple(draft.byline),
        credits=tuple(_dedupe(draft.credits)),
    )


def _dedupe(credits: list[Credit]) -> list[Credit]:
    """The credits in order, each once."""
    seen: list[Credit] = []
    for credit in credits:
        if credit not in seen:
            seen.append(credit)
    return seen


# -- the issue -------------------------------------------------------------------------


def _story_text_or_fail(toks: list[Tok]) -> None:
    """Raise ImportFailed unless some line reads as story text (not only short lines)."""
    for tok in toks:
        if tok.kind in (Kind.DATELINE, Kind.PHOTO, Kind.NOTE_LABEL, Kind.BYLINE):
            return
        if tok.kind is Kind.TEXT and (tok.para_start or tok.wrapped or not is_headish(tok.text)):
            return
    short = [t for t in toks if t.kind is Kind.TEXT]
    if short:
        raise ImportFailed(
            f"no article found: {len(short)} short line(s) such as headlines (the first on line "
            f"{short[0].line}), but no story text"
        )
    raise ImportFailed("no article found: no story text, only page furniture")


def _issue_meta(
    toks: list[Tok], name: str, paper: str | None, date: dt.date | None
) -> tuple[Meta, list[str]]:
    """Paper, date and source: the options, else what the page prints, else the file name.

    A date in an issue line (《人民日报》（2025年01月02日…）) wins over a web page's
    time stamp, which may be a later update.
    """
    notes: list[str] = []
    found_paper = source = None
    dates: list[tuple[int, dt.date, int]] = []  # (rank, date, line): issue lines rank first
    for tok in toks:
        meta = tok.meta
        if tok.kind is Kind.COMMENT:
            match = _SOURCE_COMMENT.match(tok.text)
            if match and source is None:
                source = match.group("source").strip()
        if meta is None:
            continue
        if meta.paper and found_paper is None and tok.kind in (Kind.ISSUE, Kind.MASTHEAD):
            found_paper = (meta.paper, tok.line)
        if meta.date and tok.kind in (Kind.ISSUE, Kind.TIME):
            dates.append((0 if tok.kind is Kind.ISSUE else 1, meta.date, tok.line))
    dates.sort(key=lambda d: d[0])
    found_date = (dates[0][1], dates[0][2]) if dates else None
    if found_date is not None and date is None:
        for _, other, line in dates[1:]:
            if other != found_date[0]:
                notes.append(
                    f"line {line}: another date ({other}) than the one used "
                    f"({found_date[0]}, line {found_date[1]})"
                )
    if paper:
        chosen_paper = paper
    elif found_paper is not None:
        chosen_paper = found_paper[0]
        notes.append(f"paper {chosen_paper!r}: printed on line {found_paper[1]}")
    else:
        chosen_paper = _stem(name)
        notes.append(
            f"paper named after the input file: {chosen_paper!r} (the page prints no masthead;"
            " give --paper NAME)"
        )
    chosen_date = date
    if chosen_date is None and found_date is not None:
        chosen_date = found_date[0]
        notes.append(f"date {chosen_date.isoformat()}: printed on line {found_date[1]}")
    if source is None:
        source = f"{shown_name(name)} (paperread import)"
    return Meta(paper=chosen_paper, date=chosen_date, source=source), notes


def _pages(toks: list[Tok], drafts: list[Draft]) -> list[tuple[str | None, str | None]]:
    """(page, title) of each story: a page line applies to the stories after it; an issue
    line (printed at a story's end, as e-paper copies do) to the story it ends."""
    by_line = [d.first_line for d in drafts]
    pages: list[tuple[str | None, str | None]] = [(None, None)] * len(drafts)
    current: tuple[str | None, str | None] = (None, None)
    story = -1
    for tok in toks:
        while story + 1 < len(by_line) and tok.line >= by_line[story + 1]:
            story += 1
            pages[story] = current
        if tok.kind is Kind.PAGE and tok.meta is not None:
            current = (tok.meta.page, tok.meta.title)
            if story + 1 < len(by_line):
                continue
        if tok.kind is Kind.ISSUE and tok.meta is not None and tok.meta.page and story >= 0:
            back = story
            while back >= 0 and pages[back][0] is None:
                pages[back] = (tok.meta.page, None)
                back -= 1
    return pages


def _sections(
    articles: list[Article],
    pages: list[tuple[str | None, str | None]],
    title: str | None,
    notes: list[str],
    default_title: str,
) -> list[Section]:
    """Stories grouped by printed page (or all in one section titled ``title``)."""
    if title is not None:
        known = {p for p, _ in pages if p}
        page = next(iter(known)) if len(known) == 1 else None
        if len(known) > 1:
            notes.append(f"--section puts the {len(known)} pages found into one section")
        return [Section(title=title, articles=tuple(articles), page=page)]
    groups: list[tuple[str | None, str | None, list[Article]]] = []
    for article, (page, page_title) in zip(articles, pages, strict=True):
        if groups and (page is None or page == groups[-1][0] or groups[-1][0] is None):
            last_page, last_title, members = groups[-1]
            groups[-1] = (last_page or page, last_title or page_title, members)
            members.append(article)
        else:
            groups.append((page, page_title, [article]))
    sections = []
    for page, page_title, members in groups:
        shown = page_title or (f"第{page}版" if page else default_title)
        sections.append(Section(title=shown, articles=tuple(members), page=page))
    return sections


def _language(text: str) -> str | None:
    """zh-Hans or zh-Hant (zh-Hant-TW, zh-Hant-HK when the forms tell) by the characters
    that differ between the scripts (zh if none do)."""
    sample = text[:200_000]
    simplified = len(_SIMPLIFIED.findall(sample))
    traditional = len(_TRADITIONAL.findall(sample))
    if simplified == traditional == 0:
        return None if not re.search("[\u4e00-\u9fff]", sample) else "zh"
    if traditional <= simplified:
        return "zh-Hans"
    # Taiwan and Hong Kong print different forms (裡/裏, 著/着): the tag says which,
    # so the reader converts with the right variant.
    from reader.converters import ScriptError
    from reader.script import traditional_variant

    try:
        variant = traditional_variant(sample)
    except ScriptError:  # OpenCC missing: the script is still known
        return "zh-Hant"
    return {"tw": "zh-Hant-TW", "hk": "zh-Hant-HK"}.get(variant, "zh-Hant")


def _stem(name: str) -> str:
    """The file name without folder and extension: the paper's name when nothing else is."""
    if name in ("-", ""):
        return "stdin"
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base[1:] else base
    return clean_inline(stem) or "page"  # a name may be nothing but escape sequences


def shown_name(name: str) -> str:
    """The input's file name as the issue file quotes it (cleaned: a name is not text)."""
    if name in ("-", ""):
        return "standard input"
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Bytes that are not UTF-8 (lone surrogates here) are spelled as \xff, not dropped.
    base = spell_bytes(base)
    return clean_inline(base) or "page"


def _out_name(name: str) -> str:
    return f"{_stem(name)}.yaml"


def verified_yaml(
    issue: Issue, header: list[str], comments: dict[str, list[str]], name: str
) -> tuple[str, Issue]:
    """The YAML text, checked by the loader the reader uses; an import never writes a bad file."""
    text = dump_issue(issue, header=header, comments=comments)
    try:
        return text, parse_issue(text, _out_name(name))
    except IssueFileError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        raise ImportFailed(f"internal error: the issue file made does not check: {first}") from None
