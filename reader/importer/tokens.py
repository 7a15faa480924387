"""Lines to tokens: what each line of a raw page is, taken on its own.

A line is a dateline opening a story, a line of credits, a photo caption or
credit, a closing credit, an issue line (《人民日报》（2025年01月02日第 04 版）),
a page line (第04版：要闻), a time stamp, a jump line (下转第二版), a box label
(编者按, 核心阅读) or plain text. Context (which text is a headline, which a
subhead, where stories begin) is decided later, in :mod:`reader.importer.layout`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from reader.importer.credits import (
    Dateline,
    parse_credit_line,
    parse_credits,
    parse_dateline,
    parse_photo_credit,
    split_inline_photo_credit,
)
from reader.importer.text import CJK, RawLine, ends_sentence, is_headish, join_text, words
from reader.issue.model import Credit

__all__ = ["Kind", "Meta", "Tok", "is_column_label", "tokenize"]


class Kind(enum.Enum):
    """What a line is, on its own."""

    TEXT = "text"
    DATELINE = "dateline"
    BYLINE = "byline"
    CLOSING = "closing credit"
    PHOTO_CREDIT = "photo credit"
    PHOTO = "photo"
    NOTE_LABEL = "note label"
    ISSUE = "issue line"
    PAGE = "page line"
    TIME = "time stamp"
    MASTHEAD = "masthead"
    COMMENT = "comment"
    END = "end mark"
    JUMP = "jump line"
    BOILERPLATE = "web page text"


@dataclass(frozen=True, slots=True)
class Meta:
    """Facts about the issue printed on a line: paper, date, page, section title."""

    paper: str | None = None
    date: dt.date | None = None
    page: str | None = None
    title: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Tok:
    """One token: usually one line, sometimes part of one (a closing credit after a paragraph)."""

    kind: Kind
    text: str
    line: int
    indented: bool = False
    blanks_before: int = 0
    dateline: Dateline | None = None
    credits: tuple[Credit, ...] = ()
    caption: str | None = None
    credit_text: str | None = None
    meta: Meta | None = None
    label: str | None = None
    inline: bool = False  # a closing credit or end mark cut from the end of a paragraph
    para_start: bool = False  # indented where the page indents paragraphs (never a headline)
    wrapped: bool = False  # a full line of hard-wrapped text: the paragraph goes on
    full: bool = False  # a line of hard-wrapped text as wide as the column, whatever it ends with
    guess: str | None = None  # what was unsure in reading this token
    raw: str = ""  # the whole line as printed, where the token holds only part of it
    lines: list[int] = field(default_factory=list)


# -- column labels ---------------------------------------------------------------------

_COLUMN_WORDS = re.compile(
    "(?:进行时|進行時|风采|風采|在现场|在現場|现场|現場|观察|觀察|聚焦|走基层|走基層|一线|一線|见闻|見聞"
    "|专栏|專欄|系列|特稿|深阅读|深閱讀|纵深|縱深|时评|時評|快评|快評|短评|短評|述评|述評|人物|访谈|訪談"
    "|专访|專訪|关注|關注|视点|視點|速递|速遞|快讯|快訊|简讯|簡訊|手记|手記|巡礼|巡禮|纪实|紀實|解读|解讀"
    "|新语|新語|论坛|論壇|纵横|縱橫|随笔|隨筆|杂谈|雜談|之窗|视窗|視窗|面对面|面對面|看点|看點|热点|熱點"
    "|特写|特寫|探访|探訪|追踪|追蹤|回眸|评论|評論|要闻|要聞|周刊|週刊|札记|札記|故事|讲堂|講堂|日记|日記)$"
)
_COLUMN_PREFIX = re.compile(
    r"^(?:系列|专栏|專欄|栏目|欄目)(?:报道|報導)?[：:·]|^系列(?:报道|報導)之"
)
_BRACKETED_LABEL = re.compile(r"^[（(【\[［〔〖]([^）)】\]］〕〗]{1,16})[）)】\]］〕〗]$")


PAGE_STAFF = "page staff"  # the label of a BOILERPLATE token naming the page's editors


def is_column_label(text: str) -> str | None:
    """The label when a short line reads as a column or series label, else None.

    （在现场） and 【深阅读】 lose their brackets; 系列：… and labels ending in a
    column word (进行时, 风采, 观察, 在现场, 手记, …) count. The caller decides
    whether the line's place makes it a label rather than a headline.
    """
    match = _BRACKETED_LABEL.match(text)
    if match is not None:
        return match.group(1).strip()
    if _COLUMN_PREFIX.match(text) and len(text) <= 24:
        return text
    if len(text) <= 12 and " " not in text and _COLUMN_WORDS.search(text):
        return text
    return None


# -- line patterns ---------------------------------------------------------------------

_DATE_PART = (
    r"(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))"
)
_WEEKDAY = r"(?:\s*(?:星期|周|週|礼拜|禮拜)[一二三四五六日天])?"
_PAGE_PART = r"(?:第?\s*(?P<page>[A-Za-z]?\d{1,3})\s*版)?"
_PAPER_NAME = (
    rf"[{CJK}]{{2,10}}?(?:日报|日報|晚报|晚報|时报|時報|早报|早報|商报|商報|周报|週報|导报|導報"
    r"|青年报|青年報|海外版|画报|畫報|新闻|新聞)"
    r"|联合报|聯合報|明报|明報|文汇报|文匯報|大公报|大公報"
)
# Before a printed date, any name ending in 报/報 is a paper's.
_DATED_PAPER_NAME = rf"[{CJK}]{{1,10}}?(?:报|報|新闻|新聞|海外版)"
_ISSUE_LINE = re.compile(
    rf"^(?:《\s*(?P<paper>[^《》]{{1,24}}?)\s*》|(?P<bare>{_DATED_PAPER_NAME}))\s*[（(]?\s*{_DATE_PART}"
    rf"{_WEEKDAY}\s*{_PAGE_PART}\s*[）)]?\s*$"
)
_PAGE_LINE = re.compile(
    rf"^第?\s*(?P<page>[A-Za-z]?\d{{1,3}})\s*版\s*(?:[：:·\-—]\s*)?"
    rf"(?P<title>[{CJK}·、A-Za-z ]{{0,16}}?)\s*$"
)
_TIME_LINE = re.compile(
    r"^(?:(?:最新更新|更新时间|更新時間|发布时间|發布時間|发表时间|發表時間|时间|時間|日期|发布日期|發布日期"
    r"|出版日期|Published|Updated|Posted)\s*[：:]?\s*)?"
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    rf"{_WEEKDAY}(?:\s*\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?"
    r"(?:\s*(?:来源|來源|作者|编辑|編輯)\s*[：:].{0,30})?$"
)
_MASTHEAD = re.compile(rf"^{_PAPER_NAME}$")
_END = re.compile(r"^[（(【\[]?\s*(?:完|全文完|END|End)\s*[）)】\]]?$|^[-—─]+\s*完\s*[-—─]+$")
_JUMP = re.compile(
    r"^[（(](?:下转|下轉|上接|紧接|緊接|转|轉|接|续|續|承|转自|轉自)"
    r"(?:第?\s*[一二三四五六七八九十\dA-Za-z]{1,4}\s*版)?[^）)]{0,8}[）)]$"
    r"|^(?:下转|下轉|上接|紧接|緊接|转|轉|接|续|續|承)第?\s*[一二三四五六七八九十\dA-Za-z]{1,4}\s*版"
    r"(?:[^，。,]{0,8})$"
)
_BOILERPLATE = re.compile(
    r"^(?:您所瀏覽的新聞已過查詢時效|您所浏览的新闻已过查询时效|【纠错】|【糾錯】|分享到[：:]|原标题[：:]"
    r"|原標題[：:]|返回搜狐|本文版权归|本文版權歸)"
)
_NOTE_LABELS = (
    "编者按|編者按|编者的话|編者的話|核心阅读|核心閱讀|相关链接|相關連結|相關鏈接|背景链接|背景連結"
    "|延伸阅读|延伸閱讀|小贴士|小貼士|名词解释|名詞解釋|新闻链接|新聞連結|资料链接|資料連結|链接|鏈接|連結"
)
_NOTE_LABEL = re.compile(
    rf"^[【\[［〔]?\s*(?P<label>{_NOTE_LABELS})\s*[】\]］〕]?\s*[：:]?\s*(?P<rest>.*)$"
)
_CAPTION_START = re.compile(
    r"^(?:图为|圖為|图：|圖：|图片说明|圖片說明|上图|下图|左图|右图|上圖|下圖|左圖|右圖|题图|題圖|照片为|照片為"
    r"|图[①②③④⑤⑥⑦⑧⑨⑩]|圖[①②③④⑤⑥⑦⑧⑨⑩]|[▲△])"
)
_TRAILING_BRACKET = re.compile(r"\s*[（(](?P<inner>[^（()）]{1,60})[）)]$")
# The page's own staff, printed once at its foot: not the credits of the story above.
_PAGE_STAFF = re.compile(
    r"^(?:本版责编|本版責編|本版编辑|本版編輯|版式设计|版式設計|本版美编|本版美編|本版校对|本版校對)\s*[：:]"
)
_ROLE_LINE = re.compile(
    r"^(?:本版责编|本版責編|本版编辑|本版編輯|责任编辑|責任編輯|编辑|編輯|责编|責編|来源|來源|版式设计"
    r"|版式設計|美编|美編|校对|校對|图片编辑|圖片編輯)\s*[：:]"
)
_NOT_NAMES = frozenset(
    words(
        """受权发布 受權發佈 图文 圖文 特稿 社论 社論 评论员文章 評論員文章 草案 全文 摘要
        节选 節選 摘编 摘編 连载 連載 待续 待續 未完 附件 原文 译文 譯文 图片 圖片 视频 視頻
        资料 資料 记者 記者"""
    )
)


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _closing_credits(inner: str) -> tuple[Credit, ...] | None:
    """Credits when a bracketed text at the end of a story names people or an outlet."""
    text = inner.strip()
    if text in _NOT_NAMES or is_column_label(text) is not None:
        return None
    found = parse_credits(text)
    return None if found is None else tuple(found)


# Cheap tests that let most lines skip the patterns they cannot match.
_DIGIT = re.compile(r"\d")
_END_FIRST = frozenset("（(【[-—─完Ee")
_JUMP_FIRST = frozenset("（(下上紧緊转轉接续續承")
_NOTE_FIRST = frozenset("【[［〔编編核相背延小名新资資链鏈連")
_DATELINE_FIRST = frozenset("本【〔［[（(据據")
_AGENCY_MARKS = frozenset("社网網报報台客")
_PHOTO_LAST = frozenset("摄攝影图圖稿供）)日片")
_PHOTO_FIRST = frozenset("图圖摄攝照P（(资資示新视視网網截翻人")
_ROLE_HINT = re.compile(
    r"记者|記者|通讯员|通訊員|实习生|實習生|评论员|評論員|编辑|編輯|责编|責編|撰|[/／｜|：:]|By|BY"
    r"|人大代表|政协委员|政協委員"
)


def _may_open_with_dateline(text: str) -> bool:
    return text[0] in _DATELINE_FIRST or not _AGENCY_MARKS.isdisjoint(text[:10])


def _may_be_photo_credit(text: str) -> bool:
    return text[-1] in _PHOTO_LAST or text[0] in _PHOTO_FIRST or "／" in text or "/" in text


_WIRE_CODE = re.compile(r"(?<=[）)])\s*\d{6,8}$")  # CNA ends a story with （編輯：X）1130503


class _TokExtras(TypedDict, total=False):
    """The fields of :class:`Tok` that :func:`classify` sets beyond kind, text and line."""

    dateline: Dateline | None
    credits: tuple[Credit, ...]
    caption: str | None
    credit_text: str | None
    meta: Meta | None
    label: str | None
    inline: bool
    para_start: bool
    wrapped: bool
    guess: str | None
    raw: str
    lines: list[int]


def classify(raw: RawLine) -> list[Tok]:
    """The token(s) for one line, judged on the line alone."""
    text, line = raw.text, raw.number
    if text[-1:].isdigit() and _WIRE_CODE.search(text[-80:]):
        text = _WIRE_CODE.sub("", text)
        raw = RawLine(raw.number, text, raw.indented, raw.blanks_before)

    def tok(kind: Kind, body: str = text, **kw: Unpack[_TokExtras]) -> Tok:
        return Tok(kind, body, line, raw.indented, raw.blanks_before, **kw)

    if len(text) <= 64:
        match = _ISSUE_LINE.match(text) if _DIGIT.search(text) else None
        if match is not None:
            paper = (match.group("paper") or match.group("bare") or "").strip()
            month, day = (
                match.group("m") or match.group("m2"),
                match.group("d") or match.group("d2"),
            )
            date = _date(match.group("y"), month, day)
            page = match.group("page")
            meta = Meta(
                paper=paper or None, date=date, page=(page.lstrip("0") or page) if page else None
            )
            return [tok(Kind.ISSUE, meta=meta)]
        match = _PAGE_LINE.match(text) if "版" in text else None
        if match is not None:
            page = match.group("page").lstrip("0") or match.group("page")
            title = match.group("title").strip() or None
            return [tok(Kind.PAGE, meta=Meta(page=page, title=title))]
        match = _TIME_LINE.match(text) if _DIGIT.search(text, 0, 16) else None
        if match is not None:
            date = _date(match.group("y"), match.group("m"), match.group("d"))
            return [tok(Kind.TIME, meta=Meta(date=date))]
        if text[-1] in "报報版闻聞" and _MASTHEAD.match(text):
            return [tok(Kind.MASTHEAD, meta=Meta(paper=text))]
        if text[0] in _END_FIRST and _END.match(text):
            return [tok(Kind.END)]
        if text[0] in _JUMP_FIRST and _JUMP.match(text):
            return [tok(Kind.JUMP)]
        match = _NOTE_LABEL.match(text) if text[0] in _NOTE_FIRST else None
        if match is not None and (not match.group("rest") or text[0] in "【[［〔" or "：" in text):
            rest = match.group("rest").strip()
            return [tok(Kind.NOTE_LABEL, rest, label=match.group("label"))]
    if _BOILERPLATE.match(text):
        return [tok(Kind.BOILERPLATE)]
    if _PAGE_STAFF.match(text):
        return [tok(Kind.BOILERPLATE, label=PAGE_STAFF)]
    dateline = parse_dateline(text) if _may_open_with_dateline(text) else None
    if dateline is not None:
        opening = tok(Kind.DATELINE, dateline.rest, dateline=dateline, raw=text)
        if not dateline.rest:
            return [opening]
        rest = _text_with_tail(RawLine(line, dateline.rest, raw.indented, raw.blanks_before))
        opening.text = rest[0].text
        return [opening, *rest[1:]]
    if len(text) <= 48:
        photo = parse_photo_credit(text) if _may_be_photo_credit(text) else None
        if photo is not None:
            return [tok(Kind.PHOTO_CREDIT, photo[0], credits=tuple(photo[1] or ()))]
        if _ROLE_LINE.match(text):
            found = parse_credits(text)
            if found is not None:
                return [tok(Kind.CLOSING, credits=tuple(found))]
        credit_line = parse_credit_line(text) if _ROLE_HINT.search(text) else None
        if credit_line is not None:
            return [tok(Kind.BYLINE, dateline=credit_line, credits=credit_line.credits, raw=text)]
        if text[0] in "（(" and text[-1] in "）)":
            closing = _closing_credits(text[1:-1])
            if closing is not None:
                return [tok(Kind.CLOSING, credits=closing)]
    if _CAPTION_START.match(text):
        inline = split_inline_photo_credit(text)
        caption, credit = inline if inline is not None else (text, None)
        return [tok(Kind.PHOTO, caption=caption, credit_text=credit, lines=[line])]
    inline = split_inline_photo_credit(text)
    if inline is not None and ends_sentence(inline[0]):
        return [tok(Kind.PHOTO, caption=inline[0], credit_text=inline[1], lines=[line])]
    return _text_with_tail(raw)


def _text_with_tail(raw: RawLine) -> list[Tok]:
    """Plain text, with a closing credit or end mark at its end cut off as a token of its own."""
    text = raw.text
    match = _TRAILING_BRACKET.search(text[-64:])
    if match is not None:
        cut = len(text) - 64 + match.start() if len(text) > 64 else match.start()
        body = text[:cut].rstrip()
        if body and (ends_sentence(body) or text[cut] == " "):
            inner = match.group("inner")
            kind = None
            credits: tuple[Credit, ...] | None = ()
            if _END.match(inner):
                kind = Kind.END
            else:
                credits = _closing_credits(inner)
                if credits is not None:
                    kind = Kind.CLOSING
            if kind is not None:
                first = Tok(Kind.TEXT, body, raw.number, raw.indented, raw.blanks_before)
                tail = Tok(kind, text[cut:].strip(), raw.number, credits=credits or (), inline=True)
                return [first, tail]
    return [Tok(Kind.TEXT, text, raw.number, raw.indented, raw.blanks_before)]


def tokenize(lines: list[RawLine]) -> list[Tok]:
    """Every line as tokens; comments (``#`` lines) before the text are kept as COMMENT."""
    toks: list[Tok] = []
    heading = True  # still in the comment lines at the top
    for raw in lines:
        if heading and raw.text.startswith("#"):
            toks.append(Tok(Kind.COMMENT, raw.text, raw.number))
            continue
        heading = False
        toks.extend(classify(raw))
    _masthead_only_at_top(toks)
    return _group_photos(toks)


def _masthead_only_at_top(toks: list[Tok]) -> None:
    """A bare paper name is a masthead only among the first lines; elsewhere it is text."""
    content = 0
    for tok in toks:
        if tok.kind is Kind.COMMENT:
            continue
        content += 1
        if tok.kind is Kind.MASTHEAD and content > 3:
            tok.kind = Kind.TEXT


def _group_photos(toks: list[Tok]) -> list[Tok]:
    """Join photo credits to the caption printed before them, where it is one.

    Text right before a photo credit is its caption when the credit is followed
    by the story's dateline or credits (the photo sits between headline and
    story), or by more story text (a photo inside the story); at the end of a
    story the text is the last paragraph and the credit a closing credit.
    """
    out: list[Tok] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind is not Kind.PHOTO_CREDIT:
            out.append(tok)
            i += 1
            continue
        j = i
        while j < n and toks[j].kind is Kind.PHOTO_CREDIT:
            j += 1
        credit = " ".join(t.text for t in toks[i:j])
        after = toks[j] if j < n else None
        prev = out[-1] if out else None
        if prev is not None and prev.kind is Kind.PHOTO and prev.credit_text is None:
            prev.credit_text = credit
            prev.lines.extend(t.line for t in toks[i:j])
        elif prev is not None and prev.kind is Kind.TEXT and _caption_before(prev, after):
            caption_toks = [out.pop()]
            while (
                out
                and out[-1].kind is Kind.TEXT
                and not ends_sentence(out[-1].text)
                and re.search("[，,、0-9]", out[-1].text)
                and len(out) > 1
            ):
                caption_toks.insert(0, out.pop())
            caption = caption_toks[0].text
            for part in caption_toks[1:]:
                caption = join_text(caption, part.text)
            lines = [t.line for t in caption_toks] + [t.line for t in toks[i:j]]
            photo = Tok(Kind.PHOTO, caption, caption_toks[0].line, caption=caption, lines=lines)
            photo.credit_text = credit
            photo.blanks_before = caption_toks[0].blanks_before
            photo.guess = f"caption: the text printed above the photo credit on line {tok.line}"
            out.append(photo)
        else:
            merged = Tok(Kind.PHOTO_CREDIT, credit, tok.line, blanks_before=tok.blanks_before)
            merged.credits = tuple(c for t in toks[i:j] for c in t.credits) if j - i == 1 else ()
            merged.lines = [t.line for t in toks[i:j]]
            out.append(merged)
        i = j
    return out


def _caption_before(prev: Tok, after: Tok | None) -> bool:
    if after is None:
        return False
    if after.kind in (Kind.DATELINE, Kind.BYLINE):
        return True
    if after.kind is Kind.TEXT and not is_headish(after.text):
        return len(prev.text) <= 80
    return False
