"""Typesetting: an article becomes lines of role-tagged spans, wrapped by terminal cells.

The breaker is greedy and purpose-built (Rich and Textual wrap Chinese badly, see
pitfalls §3). Chinese may break between any two wide characters; Latin words and
numbers stay whole; a line never starts with closing punctuation nor ends with
opening punctuation when a legal break exists. Characters that must not be
separated are glued together before fitting, which is the same as pulling the
previous character down to the next line.

Widths are Rich's cell widths. No line is ever wider than the width asked for:
below two cells a wide character cannot be shown, so it is replaced by
:data:`PLACEHOLDER` on its own line (the text itself is untouched and positions
still map back to it). Indents are dropped when fewer than four cells would
remain beside them.

Everything here is pure: no I/O, no Textual, no state beyond a cache of
per-character facts.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size
from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from reader.issue.model import Article, Block, Credit, Note, Paragraph, Photo, Subhead
from reader.record import Record, set_field
from reader.typeset.measure import DEFAULT_MEASURE

ROLES = (
    "column",
    "kicker",
    "headline",
    "deck",
    "dateline",
    "byline",
    "body",
    "subhead",
    "caption",
    "photo-credit",
    "note-label",
    "note",
    "credits",
    "rule",
    "end-mark",
    "link",
    "margin",
)

PARAGRAPH_INDENT = "\u3000\u3000"  # two ideographic spaces open a Chinese paragraph
PHOTO_MARKER = "▲ "
PHOTO_INDENT = "  "  # continuation lines of a caption hang under its text
NOTE_INSET = "  "  # notes are set in by this on both sides when the column allows
PLACEHOLDER = "▯"  # stands for a wide character on a line one cell wide
CREDIT_GAP = "  "  # between dateline and byline credits
DECK_MARK = "——"  # a Chinese deck (副题) opens with a dash, as papers print it
DECK_MARK_LATIN = "— "
RULE_CHAR = "─"  # the rule under the headline: a line of its own, role "rule"
END_MARK = "■"
"""Closes every story, centred on a line of its own. The tombstone reads as "end" in any
language (〔完〕 is a Chinese wire-service habit), and alone on its line its width cannot
shift other text even where a terminal draws it two cells wide."""

# No line may start with these (closing punctuation, small kana, iteration marks).
CLOSING = frozenset(
    "，。、；：？！）」』》〉】〕〗〙〛〞〟”’…‥—―⸺·・‧～〜％″′℃］｝｠．"
    "｡､｣ﾞﾟ,.;:?!)]}%"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻ーゝゞヽヾ"
)
# No line may end with these.
OPENING = frozenset("（「『《〈【〔〖〘〚〝“‘［｛｟｢([{￥＄")

# Character classes used by the breaker:
#   b wide (breakable both sides)   c wide closing   o wide opening
#   g narrow (glues to narrow)      q narrow closing p narrow opening
#   z zero-width / combining (no break before)        j joiner (no break either side)
#   s a space (a break that is dropped at the line end)
_BREAKS = frozenset([a + b for a in "bc" for b in "bogp"] + [a + b for a in "gqz" for b in "bo"])
_NO_END = frozenset("opj")  # a line may not end with these before a space break
_NO_START = frozenset("cqzj")
_JOINERS = frozenset("\u200d\u2060")
# Whitespace that separates words; U+3000 is a character and no-break spaces glue.
_SPACE_RUN = re.compile(r"[^\S\u3000\xa0\u2007\u202f]{2,}|[^\S \u3000\xa0\u2007\u202f]")


class Span(Record):
    """A piece of a line in one role (see :data:`ROLES`)."""

    _fields = _compared = ("text", "role")
    __slots__ = _fields
    text: str
    role: str

    def __init__(self, text: str, role: str) -> None:
        set_field(self, "text", text)
        set_field(self, "role", role)


class Line(Record):
    """One display line: spans (the first is the centring margin) and where it starts.

    ``block`` is the index into ``article.body`` (-1 for header lines, ``len(body)``
    for the closing credits and the end mark); ``offset`` is the character offset in that block's
    texts (concatenated in :func:`reader.issue.model.block_texts` order). Blank lines
    carry the position of the line before them.
    """

    _fields = _compared = ("spans", "block", "offset")
    __slots__ = _fields
    spans: tuple[Span, ...]
    block: int
    offset: int

    def __init__(self, spans: tuple[Span, ...], block: int, offset: int) -> None:
        set_field(self, "spans", spans)
        set_field(self, "block", block)
        set_field(self, "offset", offset)

    @property
    def plain(self) -> str:
        """The line's text, margin included."""
        return "".join(span.text for span in self.spans)


def _char_info(ch: str) -> tuple[str, int]:
    """The breaking class and cell width of one character."""
    if ch == " ":
        return "s", 1
    width = get_character_cell_size(ch)
    if ch in _JOINERS:
        return "j", width
    if width == 0 or unicodedata.category(ch) in ("Mn", "Me") or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return "z", width
    wide = width == 2
    if ch in CLOSING:
        return ("c" if wide else "q"), width
    if ch in OPENING:
        return ("o" if wide else "p"), width
    return ("b" if wide else "g"), width


# Memo of _char_info, split for speed: class by character, width by character. Entries
# are only added (a width before its class), and the pair is replaced rather than cleared
# when it grows large, so a caller holding an older pair still reads complete tables.
_tables: tuple[dict[str, str], dict[str, int]] = ({}, {})


def _char_tables(chars: set[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Class and width tables covering ``chars``."""
    global _tables
    kinds, widths = _tables
    missing = chars.difference(kinds)
    if missing:
        if len(kinds) > 50_000:
            kinds, widths = {}, {}
            missing = chars
        for ch in missing:
            widths[ch] = _char_info(ch)[1]
        for ch in missing:
            kinds[ch] = _char_info(ch)[0]
        _tables = kinds, widths
    return kinds, widths


def _cjkish(ch: str) -> bool:
    kind = _char_info(ch)[0]
    return kind in "bco" or (kind in "pq" and not ch.isascii())


def _normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Trim the text and make each whitespace run one space (or nothing).

    A run holding a line break between two Chinese characters vanishes. Returns the
    new text and anchors: a position ``p`` maps back to ``p + deltas[i]`` for the
    last ``i`` with ``starts[i] <= p``.
    """
    start = len(text) - len(text.lstrip())
    stop = len(text.rstrip())
    if start >= stop:
        return "", [0], [0]
    parts: list[str] = []
    starts, deltas = [0], [start]
    pos = start
    size = 0
    for match in _SPACE_RUN.finditer(text, start, stop):
        i, j = match.span()
        run = match.group()
        keep = "" if "\n" in run and _cjkish(text[i - 1]) and _cjkish(text[j]) else " "
        parts += (text[pos:i], keep)
        size += i - pos + len(keep)
        pos = j
        starts.append(size)
        deltas.append(j - size)
    parts.append(text[pos:stop])
    return "".join(parts), starts, deltas


def _cell_widths(text: str, widths: dict[str, int]) -> list[int]:
    """Per-character widths that add up the way :func:`rich.cells.cell_len` counts."""
    result = list(map(widths.__getitem__, text))
    if "\u200d" not in text and "\ufe0f" not in text:
        return result
    # Rich skips the character after a zero-width joiner and lets VS16 widen the last one.
    last = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\u200d":
            result[i : i + 2] = [0] * len(result[i : i + 2])
            i += 2
            continue
        if ch == "\ufe0f":
            result[i] = cell_len(last + ch) - cell_len(last) if last else 0
            last = ""
        elif result[i]:
            last = ch
        i += 1
    return result


def _find_break(text: str, kinds: dict[str, str], start: int, end: int) -> tuple[int, int]:
    """The last legal break at or before ``end``: (line end, next line start), or (-1, -1)."""
    for p in range(end, start, -1):
        kind = kinds[text[p]]
        if kind == "s":
            if kinds[text[p - 1]] not in _NO_END and kinds[text[p + 1]] not in _NO_START:
                return p, p + 1
        elif kinds[text[p - 1]] + kind in _BREAKS:
            return p, p
    return -1, -1


def _usable(indent: str, width: int) -> str:
    return indent if cell_len(indent) + 4 <= width else ""


def wrap_text(
    text: str, width: int, first_indent: str = "", indent: str = ""
) -> list[tuple[int, str]]:
    """Wrap ``text`` greedily to ``width`` cells with the Chinese line-breaking rules.

    Returns ``(offset, line)`` pairs: the character offset in ``text`` where the
    line starts and the line including its indent. Whitespace runs become one space
    (a line break between two Chinese characters becomes nothing); spaces at which
    the text breaks are dropped. Empty or blank text gives no lines.
    """
    width = max(1, width)
    norm, starts, deltas = _normalize(text)
    n = len(norm)
    if not n:
        return []
    kinds, char_widths = _char_tables(set(norm))
    widths = _cell_widths(norm, char_widths)
    cum = list(accumulate(widths, initial=0))
    lines: list[tuple[int, str]] = []
    first, rest = _usable(first_indent, width), _usable(indent, width)
    s = 0
    while s < n:
        pad = rest if lines else first
        avail = width - cell_len(pad)
        limit = cum[s] + avail
        if cum[n] <= limit:
            end = nxt = n
        else:
            e = bisect_right(cum, limit, s) - 1
            end, nxt = _find_break(norm, kinds, s, e)
            if end < 0:  # nothing legal fits: split the word (or glued run) by force
                end = nxt = e
        line = norm[s:end].rstrip(" ")
        used = cum[s + len(line)] - cum[s]
        if "\u200d" in line or "\ufe0f" in line:  # joined sequences: trust Rich's count
            used = cell_len(line)
            while len(line) > 1 and used > avail:
                line = line[:-1]
                used = cell_len(line)
                nxt = s + len(line)
        if not line or used > avail:  # a wide character on a one-cell line
            line, nxt = PLACEHOLDER, s + 1
            while nxt < n and widths[nxt] == 0:
                nxt += 1
        lines.append((s + deltas[bisect_right(starts, s) - 1], pad + line))
        s = nxt
        while s < n and norm[s] == " ":
            s += 1
    return lines


def _is_chinese(text: str) -> bool:
    """True when wide characters fill at least a third of the text's first cells."""
    sample = text[:100]
    cells = cell_len(sample)
    return cells > 0 and (cells - len(sample)) * 6 >= cells


def _pack(pieces: Sequence[tuple[str, str]], col: int) -> list[list[Span]]:
    """Set short pieces (dateline, credits) side by side, wrapping only when needed."""
    rows: list[list[Span]] = []
    row: list[Span] = []
    used = 0
    for raw, role in pieces:
        text = _normalize(raw)[0]
        if not text:
            continue
        width = cell_len(text)
        if row and used + cell_len(CREDIT_GAP) + width <= col:
            row += [Span(CREDIT_GAP, "margin"), Span(text, role)]
            used += cell_len(CREDIT_GAP) + width
            continue
        if row:
            rows.append(row)
        wrapped = [line for _, line in wrap_text(text, col)]
        rows += [[Span(line, role)] for line in wrapped[:-1]]
        row, used = [Span(wrapped[-1], role)], cell_len(wrapped[-1])
    if row:
        rows.append(row)
    return rows


def _credit_text(credits: Sequence[Credit]) -> str:
    names = " ".join(c.display() for c in credits if c.display())
    if not names:
        return ""
    return f"（{names}）" if _is_chinese(names) else f"({names})"


def _column_label(column: str) -> str:
    column = column.strip()
    if not column or column[0] in OPENING or not _is_chinese(column):
        return column
    return f"【{column}】"


def _centre(text: str, col: int) -> tuple[Span, ...]:
    """The margin span that centres ``text`` in ``col`` cells (none when it fills them)."""
    pad = (col - cell_len(text)) // 2
    return (Span(" " * pad, "margin"),) if pad > 0 else ()


def _deck_marks(deck: str) -> tuple[str, str]:
    """The deck's leading mark and the indent its continuation lines hang under."""
    if not deck or deck.lstrip()[:1] in "—―-":
        return "", ""
    mark = DECK_MARK if _is_chinese(deck) else DECK_MARK_LATIN
    return mark, " " * cell_len(mark)


def _block_lines(block: Block, col: int) -> list[tuple[int, tuple[Span, ...]]]:
    """The lines of one body block as (offset, spans without the margin)."""
    out: list[tuple[int, tuple[Span, ...]]] = []

    def add(text: str, role: str, base: int, width: int, first: str = "", rest: str = "") -> None:
        for offset, line in wrap_text(text, width, first, rest):
            out.append((base + offset, (Span(line, role),)))

    if isinstance(block, Paragraph):
        add(block.text, "body", 0, col, PARAGRAPH_INDENT if _is_chinese(block.text) else "")
    elif isinstance(block, Subhead):
        for offset, line in wrap_text(block.text, col):
            out.append((offset, (*_centre(line, col), Span(line, "subhead"))))
    elif isinstance(block, Photo):
        caption = block.caption or ""
        add(caption, "caption", 0, col, PHOTO_MARKER, PHOTO_INDENT)
        marker = PHOTO_INDENT if out else PHOTO_MARKER
        add(block.credit or "", "photo-credit", len(caption), col, marker, PHOTO_INDENT)
        if not out:
            out.append((0, (Span(PHOTO_MARKER.strip(), "caption"),)))
    elif isinstance(block, Note):
        inset = NOTE_INSET if col >= 24 else ""
        inner = col - cell_len(inset)
        label = block.label or ""
        add(label, "note-label", 0, inner, inset, inset)
        first = inset + (PARAGRAPH_INDENT if _is_chinese(block.text) else "")
        add(block.text, "note", len(label), inner, first, inset)
    return out


def typeset_article(article: Article, width: int, measure: int = DEFAULT_MEASURE) -> list[Line]:
    """Set an article into lines no wider than ``width`` cells.

    The text column is ``max(1, min(width, measure))`` cells, centred by a margin
    span. Order: column label, kicker, headline, deck (opened by a dash), a rule
    across the column, one line of dateline and byline, a blank line, the body
    blocks separated by blank lines (subheads centred), the closing credits
    right-aligned under the last block, a blank line and the centred end mark.
    """
    width = max(1, width)
    col = max(1, min(width, measure))
    margin = Span(" " * ((width - col) // 2), "margin")
    lines: list[Line] = []

    def emit(block: int, offset: int, spans: Sequence[Span]) -> None:
        lines.append(Line((margin, *spans), block, offset))

    def blank() -> None:
        if lines:
            emit(lines[-1].block, lines[-1].offset, ())

    header = (
        (_column_label(article.column or ""), "column"),
        (article.kicker or "", "kicker"),
        (article.headline, "headline"),
    )
    for text, role in header:
        for _, line in wrap_text(text, col):
            emit(-1, 0, (Span(line, role),))
    deck = article.subheadline or ""
    for _, line in wrap_text(deck, col, *_deck_marks(deck)):
        emit(-1, 0, (Span(line, "deck"),))
    emit(-1, 0, (Span(RULE_CHAR * col, "rule"),))
    credit_pieces = [(article.dateline or "", "dateline")]
    credit_pieces += [(c.display(), "byline") for c in article.byline]
    for row in _pack(credit_pieces, col):
        emit(-1, 0, row)

    for index, block in enumerate(article.body):
        block_lines = _block_lines(block, col)
        if block_lines:
            blank()
        for offset, spans in block_lines:
            emit(index, offset, spans)

    closing = _credit_text(article.credits)
    if closing:
        end = len(article.body)
        pad = col - cell_len(closing)
        if pad >= 0:
            emit(end, 0, (Span(" " * pad, "margin"), Span(closing, "credits")))
        else:
            for offset, line in wrap_text(closing, col):
                emit(end, offset, (Span(line, "credits"),))
    blank()
    end, last = len(article.body), lines[-1]
    emit(
        end,
        last.offset if last.block == end else 0,
        (*_centre(END_MARK, col), Span(END_MARK, "end-mark")),
    )
    if article.url:
        # Where the story was published, under the end mark: one line, cut with "…" (the
        # reader makes it a terminal hyperlink to the whole address; o opens it).
        blank()
        shown = article.url if cell_len(article.url) <= col else _cut(article.url, col)
        emit(lines[-1].block, lines[-1].offset, (Span(shown, "link"),))
    return lines


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, ending in "…" when it was longer."""
    out, used = [], 0
    for char in text:
        width = cell_len(char)
        if used + width > cells - 1:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


def to_rich_text(lines: Sequence[Line], styles: Mapping[str, Style | str] | None = None) -> Text:
    """The lines as one Rich ``Text``, each span styled by its role; never parses markup."""
    parts: list[str] = []
    spans: list[RichSpan] = []
    pos = 0
    for number, line in enumerate(lines):
        if number:
            parts.append("\n")
            pos += 1
        for span in line.spans:
            text = strip_control_codes(span.text)
            if not text:
                continue
            style = styles.get(span.role) if styles else None
            if style:
                spans.append(RichSpan(pos, pos + len(text), style))
            parts.append(text)
            pos += len(text)
    return Text("".join(parts), spans=spans)


def render_plain(lines: Sequence[Line]) -> str:
    """The lines as plain text joined by newlines, trailing spaces stripped."""
    return "\n".join(line.plain.rstrip(" ") for line in lines)


def line_index_for(lines: Sequence[Line], block: int, offset: int) -> int:
    """The index of the line holding character ``offset`` of ``block``.

    Positions between lines resolve to the line before them; of several lines with
    the same position (header lines, blank lines) the first is chosen.
    """
    index = bisect_right(lines, (block, offset), key=lambda line: (line.block, line.offset)) - 1
    if index < 0:
        return 0
    key = (lines[index].block, lines[index].offset)
    while index > 0 and (lines[index - 1].block, lines[index - 1].offset) == key:
        index -= 1
    return index
