"""Credits, datelines and photo credits as Chinese newspapers print them.

Roles are kept as printed (记者, 本报记者, 特约通讯员, 人民网记者, 聯合報記者);
an outlet printed before a role is glued to it, as 人民网记者 already is. Names
padded to a three-character width (王  沛) are closed up. Every pattern covers
simplified and traditional characters, half- and full-width brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.importer.text import CJK, words
from reader.issue.model import Credit

__all__ = [
    "Dateline",
    "parse_credit_line",
    "parse_credits",
    "parse_dateline",
    "parse_photo_credit",
]

# Roles, longest first so that 本报记者 wins over 记者. One-character roles
# (文, 图, 摄, 译) only count when a separator follows: 文/张三, 图｜李四.
_ROLES = sorted(
    words(
        """
    本报特约记者 本報特約記者 本报记者 本報記者 本报通讯员 本報通訊員 本报评论员 本報評論員
    本报特约评论员 本報特約評論員 特约评论员 特約評論員 特约通讯员 特約通訊員 特约记者 特約記者
    特派记者 特派記者 特派员 特派員 见习记者 見習記者 实习记者 實習記者 摄影记者 攝影記者
    首席记者 首席記者 驻站记者 駐站記者 全媒体记者 全媒體記者 融媒体记者 融媒體記者 记者 記者
    通讯员 通訊員 实习生 實習生 评论员 評論員 责任编辑 責任編輯 责编 責編 编辑 編輯 撰文 撰稿
    作者 文字 文图 文圖 摄影 攝影 编译 編譯 整理 口述 主持人 策划 策劃 制图 製圖 绘图 繪圖 美编
    美編 校对 校對 供图 供圖 来源 來源 本版责编 本版責編 本版编辑 本版編輯 版式设计 版式設計
    图片编辑 圖片編輯 责任校对 責任校對 文/图 文／图 文/圖 文／圖 图/文 圖/文 图文 By BY
    全国人大代表 全國人大代表 全国政协委员 全國政協委員
    """
    ),
    key=len,
    reverse=True,
)
_SHORT_ROLES = "文|图|圖|摄|攝|译|譯|文图|文圖|文·图|文·圖|图文|圖文"
_ROLE = "|".join(re.escape(r) for r in _ROLES)
# An outlet glued before a role: 人民网记者, 新华社记者, 聯合報 記者, 央视记者.
_OUTLET = rf"[{CJK}A-Za-z]{{1,8}}?(?:网|網|社|报|報|台|电视|電視|日报|日報|客户端|客戶端|新闻|新聞)"
_ROLE_AT_START = re.compile(
    rf"^(?P<outlet>{_OUTLET})?\s?(?P<role>{_ROLE})(?:\s*[:：/／|｜]\s*|\s+)?"
    rf"|^(?P<short>{_SHORT_ROLES})\s*[:：/／|｜]\s*"
)
_SEPARATORS = re.compile(r"[\s、，,；;]+")
_NAME = re.compile(rf"[{CJK}](?:[{CJK}]|[·・‧•．.](?=[{CJK}])){{1,7}}|[A-Z][A-Za-z.'\-]*")
# Characters that turn up in words and sentences, hardly ever in a person's name.
_NOT_IN_NAMES = frozenset("的了是们們这這那就都也要说說个個与與及等把被从從没沒很还還吗嗎呢吧啊")
_BULLETS = "■□●○◎◆◇▲△★☆▶►·•"


def _valid_name(name: str) -> bool:
    if not _NAME.fullmatch(name):
        return False
    if name.isascii():
        return True
    return len(name) <= 8 and not (_NOT_IN_NAMES & set(name))


def parse_credits(text: str, *, need_role: bool = False) -> list[Credit] | None:
    """Credits from the text of a credit: ``通讯员 王秀梅 吴越 记者 赵彦臻``.

    Roles start a new credit; names follow them, separated by blanks, 、 or ，.
    A name padded to three characters (``王  沛``) is closed up. Returns None
    when anything in the text is neither a role nor a plausible name, or when
    ``need_role`` and no role is printed.
    """
    text = text.strip().strip(_BULLETS).strip()
    if not text or len(text) > 80:
        return None
    if text.isascii():
        return _latin_credits(text, need_role)
    acted = _ACT_AFTER_NAME.match(text)
    if acted is not None:
        found = _parse_credits(acted.group("who"), need_role)
        if found:
            last = found[-1]
            act = acted.group("act")
            role = f"{last.role} {act}" if last.role else act
            return [*found[:-1], Credit(last.names, role)]
    return _parse_credits(text, need_role)


# What the people named did, printed straight after the last name: 王  沛采访整理.
_ACT_AFTER_NAME = re.compile(
    rf"^(?P<who>.*?[{CJK}])(?P<act>采访整理|採訪整理|整理|制图|製圖|摄|攝)$"
)


def _parse_credits(text: str, need_role: bool) -> list[Credit] | None:
    """:func:`parse_credits` without an act after the names."""
    credits: list[tuple[str | None, list[str]]] = []
    pending: list[str] = []  # one-character pieces of a padded name
    saw_role = False
    for token in _SEPARATORS.split(text):
        if not token:
            continue
        rest = token
        while rest:
            match = _ROLE_AT_START.match(rest)
            if match is None or match.end() == 0:
                break
            if pending:
                return None  # a lone character before a role: not a padded name
            role = match.group("role") or match.group("short")
            outlet = match.group("outlet") or ""
            if role in ("BY", "By"):
                role = "By"
            credits.append((outlet + role, []))
            saw_role = True
            rest = rest[match.end() :]
        if not rest:
            continue
        if not credits:
            credits.append((None, []))
        names = credits[-1][1]
        if len(rest) == 1 and not rest.isascii():
            pending.append(rest)
            if len(pending) == 2:
                names.append("".join(pending))
                pending.clear()
            continue
        if pending:
            joined = pending[0] + rest
            pending.clear()
            if len(joined) > 4:
                return None
            rest = joined
        if not _valid_name(rest):
            return None
        names.append(rest)
    if pending:
        return None
    if need_role and not saw_role:
        return None
    if not any(names for _, names in credits):
        if len(credits) == 1 and credits[0][0]:  # 本报评论员: the role is the signature
            return [Credit(names=(str(credits[0][0]),))]
        return None
    # A role printed without names (记者 alone) cannot be a credit of its own.
    return [Credit(names=tuple(n), role=r) for r, n in credits if n]


_BY = re.compile(r"^(?:(?P<by>By|BY|by)\s+)?(?P<names>[A-Z].*)$")
_LATIN_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,4}")


def _latin_credits(text: str, need_role: bool) -> list[Credit] | None:
    """``By Jane Doe and John Roe``: names are whole, separated by commas or "and"."""
    match = _BY.match(text)
    if match is None or (need_role and not match.group("by")):
        return None
    names = [n for n in _LATIN_SPLIT.split(match.group("names")) if n]
    if not names or not all(_LATIN_NAME.fullmatch(n) for n in names):
        return None
    return [Credit(tuple(names), "By" if match.group("by") else None)]


# -- credit lines: 本报记者 李娜, 聯合報 記者陳嘉寧／桃園機場報導 -------------------

_REPORT_KINDS = (
    "綜合外電報導|综合外电报道|外電報導|外电报道|綜合報導|综合报道|連線報導|连线报道"
    "|即時報導|即时报道|報導|报道|報道|特稿|專訪|专访"
)
_REPORTED = re.compile(
    rf"^(?:(?P<outlet>[{CJK}]{{2,8}}?)\s*[/／]?\s*)?"
    rf"(?P<who>(?:{_ROLE}|[{CJK}]{{2,6}}中心)[^／/]{{0,40}}?)\s*[／/]\s*"
    rf"(?P<where>[{CJK}A-Za-z·]{{0,12}}?(?:{_REPORT_KINDS}))$"
)
_TRAILING_REPORT = re.compile(r"\s*(?:报道|報導|報道)[：:]?$")


@dataclass(frozen=True, slots=True)
class Dateline:
    """What opens a story: the dateline as printed, its credits, the text after it."""

    text: str | None
    credits: tuple[Credit, ...]
    rest: str
    guess: str | None = None


def parse_credit_line(text: str) -> Dateline | None:
    """A line that holds only credits: ``本报记者 李娜``, ``聯合報 記者陳嘉寧／桃園機場報導``.

    A role must be printed (a line of bare names could be a headline). The
    ``／…報導`` form gives a dateline too.
    """
    if len(text) > 80:
        return None
    body = text.strip(_BULLETS + " ")
    match = _REPORTED.match(body)
    if match is not None:
        credits = parse_credits(match.group("who"))
        if credits is None:
            return None
        outlet = match.group("outlet")
        if outlet and not re.fullmatch(_ROLE, outlet):
            credits = [Credit(c.names, f"{outlet}{c.role or ''}") for c in credits]
        return Dateline(match.group("where"), tuple(credits), "")
    body = _TRAILING_REPORT.sub("", body)
    credits = parse_credits(body, need_role=True)
    if credits is None:
        return None
    return Dateline(None, tuple(credits), "")


# -- datelines -------------------------------------------------------------------------

_DATE = r"(?:\d{1,2}月)?\d{1,2}日"
_NEWS = r"(?:电|電|讯|訊)"
_AGENCY = rf"[{CJK}]{{1,8}}?(?:社|网|網|报|報|台|客户端|客戶端)"
# A place in a dateline: no function words (本报记者近日从电力公司获悉 is not one).
_PLACE = rf"(?:(?![记記者从從的了在是和与與对對将將已近])[{CJK}A-Za-z·]){{0,8}}?"
_BARE_DATELINE = re.compile(
    rf"^(?P<dl>本[报報刊台网網]{_PLACE}(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?{_NEWS}"
    rf"|(?:据|據)?{_AGENCY}{_PLACE}{_DATE}(?:{_NEWS}|消息)"
    rf"|(?:据|據)?{_AGENCY}(?:{_NEWS}|消息)(?=$|[\s（(【：:]))"
)
_BRACKETED = re.compile(r"^[【〔［\[]\s*(?P<inner>[^】〕］\]]{2,40}?)\s*[】〕］\]]\s*(?P<rest>.*)$")
_PARENTHESISED = re.compile(r"^[（(]\s*(?P<inner>[^）)]{2,60}?)\s*[）)]\s*(?P<rest>.*)$")
_AGENCY_WIRE = re.compile(
    rf"^(?P<agency>[{CJK}]{{1,6}}?社)"
    rf"(?:(?P<role>記者|记者|特派員|特派员)(?P<who>.{{2,40}}?)|(?P<place>[{CJK}A-Za-z·]{{0,10}}?))"
    rf"(?P<date>{_DATE})(?P<kind>電|电|專電|专电|{_REPORT_KINDS})$"
)
_SHORT_NEWS = re.compile(rf"^[{CJK}]{{1,8}}(?:讯|訊|电|電|消息)$")
_CREDIT_BRACKET = re.compile(r"^\s*[（(](?P<inner>[^）)]{1,60})[）)]\s*")

# Places that follow a reporter's name in a wire dateline (中央社記者X桃園19日電),
# so that the name and the place can be told apart.
_PLACES = sorted(
    words(
        """
    台北 臺北 新北 桃園 台中 臺中 台南 臺南 高雄 基隆 新竹 苗栗 彰化 南投 雲林 嘉義 屏東 宜蘭 花蓮
    台東 臺東 澎湖 金門 馬祖 連江 北京 上海 天津 重慶 廣州 深圳 香港 澳門 東京 大阪 首爾 紐約
    華盛頓 洛杉磯 舊金山 芝加哥 倫敦 巴黎 柏林 莫斯科 布魯塞爾 日內瓦 新加坡 曼谷 雅加達 馬尼拉
    河內 雪梨 墨爾本 多倫多 溫哥華 廣州 武漢 成都 南京 杭州 西安 福州 廈門 桃園機場 日内瓦 华盛顿
    纽约 东京 伦敦 首尔 洛杉矶 旧金山 布鲁塞尔 莫斯科 悉尼 台湾 臺灣
    """
    ),
    key=len,
    reverse=True,
)


def _split_names_place(text: str) -> tuple[list[str], str, str | None]:
    """Names and place from ``邱俊欽桃園`` (names run straight into the place)."""
    parts = [p for p in re.split(r"[、，,\s]+", text) if p]
    if not parts:
        return [], "", None
    last = parts[-1]
    for place in _PLACES:
        if last.endswith(place) and 2 <= len(last) - len(place) <= 4:
            return [*parts[:-1], last[: -len(place)]], place, None
    size = 3 if len(last) >= 5 else 2
    guess = f"the reporter's name and the place run together in {text!r}: read as "
    guess += f"{last[:size]} + {last[size:] or '(no place)'}"
    return [*parts[:-1], last[:size]], last[size:], guess


def parse_dateline(line: str) -> Dateline | None:
    """The dateline that opens a line, its credits, and the story text after it.

    Recognises 本报讯, 本报北京1月7日电, 新华社北京1月7日电（记者 X）, 据新华社电,
    【本市讯】, （中央社記者X桃園19日電）, 〔記者X／台北報導〕 and the like.
    """
    head = line[:120]
    match = _BRACKETED.match(head)
    if match is not None:
        inner = match.group("inner")
        rest = match.group("rest") + line[120:]
        reported = parse_credit_line(inner)
        if reported is not None and reported.text:
            return Dateline(reported.text, reported.credits, rest)
        if _BARE_DATELINE.match(inner) or _SHORT_NEWS.match(inner):
            return _with_credits(head[: match.start("rest")].strip(), rest)
        return None
    match = _PARENTHESISED.match(head)
    if match is not None:
        inner, rest = match.group("inner"), match.group("rest") + line[120:]
        wire = _AGENCY_WIRE.match(inner)
        if wire is None:
            return None
        agency, date, kind = wire.group("agency"), wire.group("date"), wire.group("kind")
        if wire.group("role") is None:
            return Dateline(inner, (), rest)
        names, place, guess = _split_names_place(wire.group("who"))
        if not names or not all(re.fullmatch(f"[{CJK}]{{2,4}}", n) for n in names):
            return Dateline(inner, (), rest)
        credit = Credit(tuple(names), wire.group("role"))
        return Dateline(f"{agency}{place}{date}{kind}", (credit,), rest, guess)
    match = _BARE_DATELINE.match(head)
    if match is None:
        return None
    return _with_credits(match.group("dl"), line[match.end() :])


def opening_dateline(paragraph: str) -> Dateline | None:
    """The dateline a story's first paragraph opens with, when it is certain: printed
    (``本报北京1月2日电``, ``本报讯``, ``（中央社記者X桃園19日電）``), followed by story text,
    and nothing guessed (a reporter's name run into a place is left in the paragraph).

    For sources whose pages keep the dateline inside the body (e-paper sites, calibre
    news EPUBs), so the story is set with a dateline as the typesetter expects.
    """
    found = parse_dateline(paragraph.strip())
    if found is None or not found.text or not found.rest.strip() or found.guess is not None:
        return None
    return found


def _with_credits(dateline: str, rest: str) -> Dateline:
    """A dateline followed, maybe, by its credits in brackets, then the story."""
    credits: tuple[Credit, ...] = ()
    match = _CREDIT_BRACKET.match(rest)
    if match is not None:
        found = parse_credits(_TRAILING_REPORT.sub("", match.group("inner")))
        if found is not None:
            credits = tuple(found)
            rest = rest[match.end() :]
    rest = rest.lstrip(" ：:").strip()
    return Dateline(dateline, credits, rest)


# -- photo credits ---------------------------------------------------------------------

_SHOT = "摄影|攝影|翻摄|翻攝|摄|攝|供图|供圖"
_PHOTO_SUFFIX = re.compile(
    rf"^(?P<who>.{{2,40}}?)\s*(?P<act>{_SHOT})\s*(?:[（(](?P<agency>[^）)]{{1,12}})[）)])?$"
)
_PHOTO_SLASH = re.compile(
    r"^(?P<who>[^／/]{2,30})[／/](?P<act>攝影|攝|摄影|摄|翻攝|翻摄|提供|供圖|供图)$"
)
_PHOTO_PREFIX = re.compile(
    r"^(?:图|圖|摄影|攝影|图片|圖片|图片来源|圖片來源|图片提供|圖片提供|照片|照片來源|照片来源|图源|圖源"
    r"|示意图|示意圖|Photo|PHOTO)\s*[／/：:|｜]\s*(?P<who>.{1,30})$"
)
_PHOTO_STOCK = re.compile(
    r"^(?:资料图片|資料圖片|资料照片|資料照片|示意图|示意圖|新华社发|新華社發|视觉中国|視覺中國"
    r"|人民视觉|人民視覺|网络图片|網路圖片|截图|截圖|翻摄|翻攝|本报资料图片|本報資料照片|本报资料照片"
    r"|本報資料圖片)$|^(?:新华社发|新華社發)\s*[（(][^）)]{1,16}[）)]$"
)
_PHOTO_PROVIDED = re.compile(r"^(?P<who>.{1,24}?)(?:提供|供图|供圖|供稿)$")
_PHOTO_WIRE = re.compile(r"^.{2,24}?(?:傳真|传真|攝|摄)\s*\d{2,4}年\d{1,2}月\d{1,2}日$")


def parse_photo_credit(text: str) -> tuple[str, list[Credit] | None] | None:
    """A photo credit: its text as printed (padding closed up) and, when it names people, credits.

    吴月丽摄 → ("吴月丽摄", [摄: 吴月丽]); 杨  丽摄（人民视觉）; 記者陳嘉寧／攝影;
    （消防局提供）; 图/新华社; 资料图片. None when the text is not a photo credit.
    """
    body = text.strip()
    if len(body) > 48 or not body:
        return None
    bracketed = body[0] in "（(" and body[-1] in "）)"
    inner = body[1:-1].strip() if bracketed else body
    if _PHOTO_STOCK.match(inner) or _PHOTO_WIRE.match(inner):
        return inner, None
    match = _PHOTO_SLASH.match(inner)
    if match is not None:
        if parse_credits(match.group("who")) is None and len(match.group("who")) > 12:
            return None
        return inner.replace(" ", ""), None
    match = _PHOTO_PREFIX.match(inner)
    if match is not None:
        return inner, None
    match = _PHOTO_SUFFIX.match(inner)
    if match is not None:
        credits = parse_credits(match.group("who"))
        if credits is None:
            return None
        shown = " ".join(
            (c.role or "") + ("" if c.role is None else " ") + " ".join(c.names) for c in credits
        ).strip()
        shown = f"{shown}{match.group('act')}"
        if match.group("agency"):
            shown += f"（{match.group('agency')}）"
        simple = (
            len(credits) == 1
            and credits[0].role is None
            and not match.group("agency")
            and match.group("act") in ("摄", "攝")
        )
        people = [Credit(credits[0].names, match.group("act"))] if simple else None
        return shown, people
    if bracketed:
        match = _PHOTO_PROVIDED.match(inner)
        if match is not None:
            return inner, None
    return None


_PHOTO_MARKS = ("摄", "攝", "提供", "供图", "供圖", "图", "圖", "照片", "資料", "资料", "Photo")


def split_inline_photo_credit(text: str) -> tuple[str, str] | None:
    """Caption and credit from ``图为….　吴月丽摄`` or ``…搶救。 記者陳嘉寧／攝影``."""
    tail = text[-50:]
    if not any(mark in tail for mark in _PHOTO_MARKS):
        return None
    best = None
    for index in range(len(tail) - 1, 0, -1):
        ch = tail[index - 1]
        if ch in "。！？!?）)" or (ch == " " and index > 1):
            candidate = tail[index:].strip()
            if candidate and parse_photo_credit(candidate) is not None:
                best = index
    if best is None:
        return None
    cut = len(text) - len(tail) + best
    caption = text[:cut].strip()
    if not caption:
        return None
    credit = parse_photo_credit(text[cut:].strip())
    assert credit is not None
    return caption, credit[0]
