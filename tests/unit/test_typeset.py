"""Typesetting: widths, Chinese line breaking, layout, positions, markup safety.

Output is checked the way the reader shows it: rendered by a Rich console into a
string at a fixed width.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from reader.issue.model import Article, Credit, Note, Paragraph, Photo, Subhead, block_texts
from reader.typeset.article import (
    CLOSING,
    DEFAULT_MEASURE,
    OPENING,
    PLACEHOLDER,
    ROLES,
    Line,
    Span,
    line_index_for,
    render_plain,
    to_rich_text,
    typeset_article,
    wrap_text,
)

WIDTHS = [1, 2, 3, 10, 24, 40, 60, 80, 100, 200]
STYLES = {"headline": "bold", "kicker": "italic", "note": "dim", "credits": "italic"}

FIRST = (
    "清晨六点，河湾村的稻田里已经响起了无人机的嗡嗡声。村支书老郑站在田埂上，"
    "指着远处说：“以前打一遍药要三天，现在半天就够了。”今年全村共有54.45%的耕地"
    "用上了“2+1+1”托管模式，预计总收入达到8503.8万元。"
)
SECOND = (
    "合作社的值班室里，一块大屏实时显示着土壤墒情……技术员小许介绍，VR眼镜还能让"
    "专家“远程下田”，真正做到1+1>2的效果。老把式们笑着说——这回是真服气了。"
)
ENGLISH = (
    "Farmers in the village now check soil moisture on their phones, and the "
    "cooperative plans to double its drone fleet by next spring."
)

ARTICLE = Article(
    id="hewan",
    column="乡村振兴",
    kicker="春耕时节访田间",
    headline="河湾村用好“数字农具” 亩产提高到1,250斤",
    subheadline="——智能灌溉、无人机植保让老把式有了新帮手",
    dateline="本报讯",
    byline=(Credit(("林晓春", "周大川"), "通讯员"), Credit(("韩冬",), "记者")),
    body=(
        Paragraph(FIRST),
        Subhead("一块屏幕管好千亩田"),
        Paragraph(SECOND),
        Photo(caption="无人机在河湾村稻田上空作业。", credit="韩冬摄"),
        Note(
            text="春耕备耕关系全年收成。本版今起推出系列报道，记录田间地头的新变化。",
            label="编者按",
        ),
        Paragraph(ENGLISH),
    ),
    credits=(Credit(("许明",)),),
)


def render(lines: list[Line], width: int) -> list[str]:
    """The lines as a Rich console of ``width`` columns prints them."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, legacy_windows=False)
    console.print(to_rich_text(lines, STYLES))
    return buffer.getvalue().split("\n")[:-1]


def content(line: Line) -> str:
    """A line's text without the centring margin, indents and marker."""
    text = "".join(span.text for span in line.spans if span.role != "margin")
    return text.strip(" \u3000").removeprefix("▲").strip(" ")


def block_lines(lines: list[Line], block: int) -> list[Line]:
    """The lines of one block, without the blank line that may follow it."""
    return [line for line in lines if line.block == block and len(line.spans) > 1]


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


# --- widths ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_wider_than_the_console(width: int) -> None:
    lines = typeset_article(ARTICLE, width)
    printed = render(lines, width)
    assert len(printed) == len(lines)  # Rich never had to wrap anything itself
    assert all(cell_len(row) <= width for row in printed)
    assert [row.rstrip() for row in printed] == render_plain(lines).split("\n")


@pytest.mark.parametrize("width", [0, -5, 1])
def test_degenerate_widths_do_not_crash(width: int) -> None:
    lines = typeset_article(ARTICLE, width, measure=0)
    assert lines
    assert all(cell_len(line.plain) <= 1 for line in lines)


def test_wide_character_on_one_cell_line_becomes_placeholder() -> None:
    assert wrap_text("中a文", 1) == [(0, PLACEHOLDER), (1, "a"), (2, PLACEHOLDER)]
    assert wrap_text("中a文", 2) == [(0, "中"), (1, "a"), (2, "文")]


def test_indent_dropped_when_the_line_is_too_narrow() -> None:
    assert wrap_text("春耕备耕", 6, "\u3000\u3000") == [(0, "春耕备"), (3, "耕")]
    assert wrap_text("春耕备耕", 8, "\u3000\u3000")[0] == (0, "\u3000\u3000春耕")


@pytest.mark.parametrize(
    "text",
    ["👨\u200d👩\u200d👧 家人", "❤\ufe0f❤\ufe0f❤\ufe0f 点赞👍🏽", "e\u0301te\u0301 à 中文\u0301"],
)
@pytest.mark.parametrize("width", range(1, 12))
def test_joined_and_combining_sequences_fit(text: str, width: int) -> None:
    for _, line in wrap_text(text, width):
        assert cell_len(line) <= width


# --- Chinese line breaking ------------------------------------------------------------


def test_closing_punctuation_pulls_previous_character_down() -> None:
    assert [line for _, line in wrap_text("中文。好", 4)] == ["中", "文。", "好"]


def test_opening_punctuation_goes_with_what_follows() -> None:
    assert [line for _, line in wrap_text("他说“好的”", 6)] == ["他说", "“好的”"]
    assert [line for _, line in wrap_text("本报讯（记者）", 8)] == ["本报讯", "（记者）"]


@pytest.mark.parametrize("pair", ["……", "——"])
@pytest.mark.parametrize("width", range(4, 14))
def test_ellipsis_and_dash_pairs_never_split(pair: str, width: int) -> None:
    text = f"他想了想{pair}还是去了田里看看{pair}天亮了"
    lines = [line for _, line in wrap_text(text, width)]
    for line in lines:
        assert not line.startswith(pair[0]) or line.startswith(pair)
        assert not line.endswith(pair[0]) or line.endswith(pair)
    assert "".join(lines) == text


@pytest.mark.parametrize("width", range(12, 101))
def test_kinsoku_in_article(width: int) -> None:
    for line in typeset_article(ARTICLE, width):
        text = content(line)
        if text:
            field_start = ARTICLE.subheadline and text[:3] == ARTICLE.subheadline[:3]
            assert text[0] not in CLOSING or field_start, (width, line.plain)
            assert text[-1] not in OPENING, (width, line.plain)


@pytest.mark.parametrize("width", range(12, 61))
def test_words_and_numbers_stay_whole(width: int) -> None:
    lines = typeset_article(ARTICLE, width)
    plain = "\n".join(content(line) for line in lines)
    for token in ("54.45%", "8503.8", "2+1+1", "1+1>2", "VR", "1,250"):
        assert token in plain, (width, token)
    english = [content(line) for line in lines if line.block == 5]
    words = ENGLISH.split()
    assert [w for row in english for w in row.split()] == words
    assert all(cell_len(row) <= width for row in english)


def test_chinese_breaks_between_any_two_characters() -> None:
    # A run of Chinese after a space is not one word: it fills the line.
    lines = wrap_text("亩产 提高到一千二百五十斤", 12)
    assert lines[0] == (0, "亩产 提高到")


def test_overlong_word_is_split_by_force() -> None:
    lines = [line for _, line in wrap_text("see https://example.org/x now", 8)]
    assert lines == ["see", "https://", "example.", "org/x", "now"]


# --- whitespace and text preservation ---------------------------------------------------


def test_line_breaks_inside_paragraphs() -> None:
    assert wrap_text("河湾村\n稻田", 40) == [(0, "河湾村稻田")]
    assert wrap_text("soil\nmoisture", 40) == [(0, "soil moisture")]
    assert wrap_text("VR\n眼镜", 40) == [(0, "VR 眼镜")]
    assert wrap_text("  a \t\n b  ", 40) == [(2, "a b")]
    assert wrap_text(" \n\u3000 ", 40) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "田间\n地头  the new   season 开始了。" * 5
    for width in (6, 9, 14, 30):
        for offset, line in wrap_text(text, width):
            assert visible(line)[0] == text[offset]


@pytest.mark.parametrize("width", [2, 3, 10, 24, 40, 80, 200])
def test_no_text_lost_in_article(width: int) -> None:
    lines = typeset_article(ARTICLE, width)
    for index, block in enumerate(ARTICLE.body):
        shown = "".join(content(line) for line in lines if line.block == index)
        assert visible(shown) == visible("".join(block_texts(block)))
    header = "".join(line.plain for line in lines if line.block == -1)
    for field in ("乡村振兴", "春耕时节访田间", "本报讯", "林晓春", "韩冬", "新帮手"):
        assert field in visible(header)


# --- layout ---------------------------------------------------------------------------


def test_header_order_and_credit_line() -> None:
    lines = typeset_article(ARTICLE, 100)
    assert [line.plain.strip() for line in lines[:7]] == [
        "【乡村振兴】",
        "春耕时节访田间",
        "河湾村用好“数字农具” 亩产提高到1,250斤",
        "——智能灌溉、无人机植保让老把式有了新帮手",
        "─" * 80,
        "本报讯  通讯员 林晓春 周大川  记者 韩冬",
        "",
    ]
    roles = [[s.role for s in line.spans if s.role != "margin"] for line in lines[:6]]
    assert roles == [
        ["column"],
        ["kicker"],
        ["headline"],
        ["deck"],
        ["rule"],
        ["dateline"] + ["byline"] * 2,
    ]
    assert all(line.block == -1 and line.offset == 0 for line in lines[:7])


def test_margin_centres_the_column() -> None:
    for width, measure, margin in [(100, 80, 10), (100, 40, 30), (81, 80, 0), (40, 80, 0)]:
        lines = typeset_article(ARTICLE, width, measure)
        assert all(line.spans[0] == Span(" " * margin, "margin") for line in lines)
        assert max(cell_len(line.plain) for line in lines) <= margin + min(width, measure)


def test_chinese_paragraphs_indented_english_not() -> None:
    lines = typeset_article(ARTICLE, 80)
    for index in (0, 2):
        body = block_lines(lines, index)
        assert body[0].spans[1].text.startswith("\u3000\u3000")
        assert body[0].spans[1].text[2] != "\u3000"
        assert not any(line.spans[1].text.startswith("\u3000") for line in body[1:])
    english = block_lines(lines, 5)
    assert english[0].spans[1].text.startswith("Farmers")


def test_blocks_separated_by_one_blank_line() -> None:
    lines = typeset_article(ARTICLE, 80)
    plain = render_plain(lines).split("\n")
    assert "\n\n\n" not in render_plain(lines)
    firsts = [next(i for i, ln in enumerate(lines) if ln.block == b) for b in range(6)]
    assert all(plain[i - 1] == "" for i in firsts)


def test_photo_and_note() -> None:
    lines = typeset_article(ARTICLE, 80)
    photo = block_lines(lines, 3)
    assert photo[0].spans[1] == Span("▲ 无人机在河湾村稻田上空作业。", "caption")
    assert photo[1].spans[1] == Span("  韩冬摄", "photo-credit")
    assert photo[1].offset == len("无人机在河湾村稻田上空作业。")
    note = block_lines(lines, 4)
    assert note[0].spans[1] == Span("  编者按", "note-label")
    assert note[1].spans[1].text.startswith("  \u3000\u3000春耕")
    assert note[1].offset == len("编者按")
    assert all(cell_len(line.plain) <= 80 - 2 for line in note)


def test_closing_credits_last_and_right_aligned() -> None:
    lines = typeset_article(ARTICLE, 100)
    last = lines[-3]
    assert last.block == len(ARTICLE.body)
    assert last.spans[-1] == Span("（许明）", "credits")
    assert cell_len(last.plain) == 10 + 80
    english = Article(id="e", headline="H", body=(Paragraph("Text."),), credits=(Credit(("Ann",)),))
    assert typeset_article(english, 40)[-3].plain.strip() == "(Ann)"


def test_roles_are_known() -> None:
    for width in (3, 40, 120):
        assert {s.role for ln in typeset_article(ARTICLE, width) for s in ln.spans} <= set(ROLES)


def test_minimal_article() -> None:
    article = Article(id="m", headline="只有标题", body=(Paragraph("  "), Photo()))
    rule = "─" * 30
    mark = " " * 14 + "■"
    assert render_plain(typeset_article(article, 30)) == f"只有标题\n{rule}\n\n▲\n\n{mark}"


# --- positions ------------------------------------------------------------------------


@pytest.mark.parametrize("other", [3, 17, 24, 45, 200])
def test_line_index_for_finds_the_sentence_after_rewrap(other: int) -> None:
    block = 2
    target = SECOND.index("真正做到")
    lines = typeset_article(ARTICLE, other)
    index = line_index_for(lines, block, target)
    line = lines[index]
    assert line.block == block and line.offset <= target
    later = [ln.offset for ln in lines[index + 1 :] if ln.block == block and ln.plain.strip()]
    assert not later or later[0] > target
    assert SECOND[target] in line.plain


def test_line_index_for_round_trips_every_line() -> None:
    wide = typeset_article(ARTICLE, 100)
    narrow = typeset_article(ARTICLE, 30)
    for line in wide:
        if line.block >= 0 and line.plain.strip():
            found = narrow[line_index_for(narrow, line.block, line.offset)]
            assert (found.block, found.offset <= line.offset) == (line.block, True)


def test_line_index_for_edges() -> None:
    lines = typeset_article(ARTICLE, 60)
    assert line_index_for(lines, -1, 0) == 0
    assert line_index_for(lines, -5, 0) == 0
    # The credits, the blank line and the end mark share a position: the credits line.
    assert line_index_for(lines, len(ARTICLE.body), 0) == len(lines) - 3
    assert line_index_for(lines, 99, 0) == len(lines) - 3
    assert line_index_for([], 0, 0) == 0
    first_body = line_index_for(lines, 0, 0)
    assert lines[first_body].block == 0 and lines[first_body].plain.strip()


# --- markup safety and Rich output ------------------------------------------------------


def test_markup_like_text_is_shown_verbatim() -> None:
    article = Article(
        id="m",
        headline="[bold]x[/]",
        kicker="[/]",
        body=(Paragraph("点击[@click=app.quit]q[/]退出，见[1]与[a]。"), Paragraph("[TODO] Q3")),
    )
    printed = "\n".join(render(typeset_article(article, 60), 60))
    for text in ("[bold]x[/]", "[/]", "点击[@click=app.quit]q[/]退出，见[1]与[a]。", "[TODO] Q3"):
        assert text in printed


def test_rich_text_styles_each_role() -> None:
    lines = typeset_article(ARTICLE, 80)
    text = to_rich_text(lines, {"headline": "bold", "margin": "reverse"})
    assert text.plain == "\n".join(line.plain for line in lines)
    styled = {text.plain[s.start : s.end] for s in text.spans if s.style == "bold"}
    assert styled == {"河湾村用好“数字农具” 亩产提高到1,250斤"}
    assert str(to_rich_text(lines)) == text.plain
    assert not to_rich_text(lines).spans


def test_typeset_does_not_import_textual() -> None:
    code = "import sys, reader.typeset.article; sys.exit('textual' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


def test_default_measure_is_about_forty_chinese_characters() -> None:
    lines = typeset_article(Article(id="d", headline="", body=(Paragraph(FIRST * 3),)), 200)
    body = [line for line in lines if line.block == 0 and content(line)]
    widths = [cell_len(content(line)) for line in body[1:-1]]
    assert all(DEFAULT_MEASURE - 6 <= width <= DEFAULT_MEASURE for width in widths)


# --- properties ---------------------------------------------------------------------------

CJK = "中国河湾村稻田人民日报春耕龙ぁアー한글"
PUNCT = "，。、；：？！）」』》〉】〕”’…—·～（「『《〈【〔“‘,.;:?!)]}%([{-+/"
SPACES = " \n\t\u3000\xa0"
alphabet = st.one_of(
    st.characters(exclude_categories=("Cc", "Cs")),
    st.sampled_from(CJK + PUNCT + SPACES + "abcXYZ0129\u200d\ufe0f\u0301👍🏽❤"),
)
texts = st.text(alphabet=alphabet, max_size=300)


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    width=st.integers(min_value=1, max_value=200),
    indent=st.sampled_from(["", "\u3000\u3000", "  "]),
)
def test_wrap_property_fits_and_keeps_text(text: str, width: int, indent: str) -> None:
    lines = wrap_text(text, width, indent, indent)
    assert all(cell_len(line) <= width for _, line in lines)
    offsets = [offset for offset, _ in lines]
    assert offsets == sorted(set(offsets))
    shown = visible("".join(line for _, line in lines))
    if width >= 2:
        assert shown == visible(text)
    else:
        assert set(shown) <= set(text) | {PLACEHOLDER}


@settings(max_examples=100, deadline=None)
@given(
    headline=texts,
    body=st.lists(texts, max_size=4),
    width=st.integers(min_value=1, max_value=200),
    measure=st.integers(min_value=1, max_value=200),
)
def test_article_property_fits_the_console(
    headline: str, body: list[str], width: int, measure: int
) -> None:
    article = Article(id="p", headline=headline, body=tuple(Paragraph(t) for t in body))
    lines = typeset_article(article, width, measure)
    printed = render(lines, width)
    assert len(printed) == max(1, len(lines))
    assert all(cell_len(row) <= width for row in printed)
    if width >= 2 and min(width, measure) >= 2:
        text = [s.text for ln in lines for s in ln.spans if s.role not in ("rule", "end-mark")]
        assert visible("".join(text)) == visible(headline + "".join(body))


# --- hierarchy: each part of a story looks different without colour --------------------


def roles_of(line: Line) -> list[str]:
    return [span.role for span in line.spans if span.role != "margin"]


def test_a_rule_closes_the_headline_group() -> None:
    lines = typeset_article(ARTICLE, 60, 40)
    rule = next(line for line in lines if roles_of(line) == ["rule"])
    assert rule.plain.strip() == "─" * 40
    before = [roles_of(line) for line in lines[: lines.index(rule)]]
    assert before == [["column"], ["kicker"], ["headline"], ["deck"]]


def test_a_deck_opens_with_a_dash_unless_it_has_one() -> None:
    plain = Article(id="d", headline="标题", subheadline="智能灌溉让老把式有了新帮手", body=())
    deck = [line for line in typeset_article(plain, 20) if roles_of(line) == ["deck"]]
    assert deck[0].plain.startswith("——智能灌溉")
    hang = " " * cell_len("——")  # continuation lines hang under the dash
    assert all(ln.plain.startswith(hang) and ln.plain[len(hang)] != " " for ln in deck[1:])
    assert len(deck) > 1
    english = Article(id="e", headline="Title", subheadline="A deck", body=())
    assert "— A deck" in render_plain(typeset_article(english, 40))
    dashed = typeset_article(ARTICLE, 100)
    assert dashed[3].plain.strip() == "——智能灌溉、无人机植保让老把式有了新帮手"


def test_subheads_are_centred_and_body_is_not() -> None:
    lines = typeset_article(ARTICLE, 40)
    (subhead,) = block_lines(lines, 1)
    assert roles_of(subhead) == ["subhead"]
    text = subhead.spans[-1].text
    assert text == "一块屏幕管好千亩田"
    left = cell_len(subhead.plain) - cell_len(text)
    assert left == (40 - cell_len(text)) // 2


def test_the_story_ends_with_a_centred_end_mark() -> None:
    for width in (1, 3, 40, 100):
        lines = typeset_article(ARTICLE, width)
        assert roles_of(lines[-1]) == ["end-mark"]
        assert lines[-1].plain.strip() == "■"
        assert lines[-2].plain.strip() == ""
    lines = typeset_article(ARTICLE, 100, 40)
    assert lines[-1].plain == " " * 30 + " " * 19 + "■"
    no_credits = Article(id="n", headline="H", body=(Paragraph("正文。"),))
    ended = typeset_article(no_credits, 20)
    assert (ended[-1].block, ended[-1].offset) == (1, 0)  # after the body, not inside it
    assert [line.plain.strip() for line in ended][-3:] == ["正文。", "", "■"]


def test_positions_stay_in_order_with_the_new_lines() -> None:
    for width in (1, 10, 40, 100):
        keys = [(line.block, line.offset) for line in typeset_article(ARTICLE, width)]
        assert keys == sorted(keys)
