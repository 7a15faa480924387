"""简/繁 conversion: modes, the configuration table, detection, exactness, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import converters, script
from reader.config import load_settings
from reader.issue.model import Article, Credit, Issue, Note, Paragraph, Photo, Section, Subhead
from reader.script import (
    MODE_LABELS,
    MODES,
    PHRASES_WARNING,
    ScriptError,
    check_mode,
    convert_issue,
    convert_text,
    get_converter,
    opencc_config,
    source_script,
    toggle_target,
)

REPO = Path(__file__).resolve().parents[2]
TESTCASES = REPO / "tests" / "data" / "opencc-testcases.json"

# Texts written for these tests. Each holds characters and words that OpenCC
# changes: 发 (發/髮), 干 (乾/幹), 后, 面, 里, and regional words such as 软件,
# 出租车, 鼠标, 信息, 打印机.
SIMPLIFIED = (
    "清晨六点，河边的早市已经热闹起来，卖菜的老人把刚摘的青菜摆得整整齐齐。\n"
    "图书馆今年添置了一批新书，还开设了面向中学生的写作课，报名的人比预想的多。\n"
    "\n"
    "他在软件公司上班，每天坐出租车回家，路上总要用手机看一会儿信息。\n"
    "理发店和干洗店都在同一条街上，后面是一片安静的居民区，楼里的打印机和鼠标也该换了。"
)
TRADITIONAL = (
    "雨後的山路有些濕滑，登山隊的隊員們互相提醒著腳下的石階。\n"
    "這家麵包店開了三十年，老闆說他最喜歡聽客人聊起小時候的味道。\n"
    "\n"
    "軟體工程師下班後搭計程車到夜市，買了一碗熱騰騰的牛肉麵。\n"
    "裡面的資訊看板寫著：本週六上午九點舉行社區音樂會，歡迎鄰里參加。"
)
HONG_KONG = (
    "巴士站旁邊新開了一間茶餐廳，午市套餐有奶茶和菠蘿油，門外總是排着長隊。\n"
    "他把的士停在路邊，打開軟件查看下一位乘客的位置。\n"
    "\n"
    "區議會今日討論改善行人隧道的照明，街坊普遍表示支持。"
)
ENGLISH = (
    "The river market opens at six, and by seven the stalls are full of greens.\n"
    "The library added a shelf of new books and a writing class this spring."
)
JAPANESE = "川沿いの朝市は六時に始まり、七時には野菜を売る屋台でいっぱいになります。"

# mode → source → (configuration, with regional phrases), written out here
# independently of reader.script. None: no conversion.
TABLE: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "original": {s: (None, None) for s in ("hans", "hant", "tw", "hk", "other")},
    "hans": {
        "hans": (None, None),
        "hant": ("t2s+curly", "t2s+curly"),
        "tw": ("tw2s+curly", "tw2sp+curly"),
        "hk": ("hk2s+curly", "hk2sp+curly"),
        "other": (None, None),
    },
    "hant": {
        "hans": ("s2t", "s2t"),
        "hant": (None, None),
        "tw": ("tw2t", "tw2t"),
        "hk": ("hk2t", "hk2t"),
        "other": (None, None),
    },
    "tw": {
        "hans": ("s2tw+corner", "s2twp+corner"),
        "hant": ("t2tw+corner", "t2tw+corner"),
        "tw": (None, None),
        "hk": ("hk2t+t2tw+corner", "hk2t+t2tw+corner"),
        "other": (None, None),
    },
    "hk": {
        "hans": ("s2hk+corner", "s2hkp+corner"),
        "hant": ("t2hk+corner", "t2hk+corner"),
        "tw": ("tw2t+t2hk+corner", "tw2t+t2hk+corner"),
        "hk": (None, None),
        "other": (None, None),
    },
}
QUOTES = {"corner", "curly"}  # stages of paperread's own (reader.quotes), not OpenCC's
USED = sorted({c for row in TABLE.values() for pair in row.values() for c in pair if c})
SINGLE = sorted({name for config in USED for name in config.split("+")} - QUOTES)
OPENCC_PART = {"+".join(n for n in c.split("+") if n not in QUOTES) for c in USED}
CHAINS = sorted(c for c in OPENCC_PART if "+" in c)  # chains of two OpenCC configurations


def _issue(*texts: str, language: str | None = None, paper: str = "示例晚报") -> Issue:
    """An issue whose single article holds ``texts`` as paragraphs."""
    article = Article(id="a1", headline="标题", body=tuple(Paragraph(t) for t in texts))
    return Issue(paper=paper, sections=(Section("要闻", (article,)),), language=language)


@pytest.fixture
def fresh() -> Iterator[None]:
    """No converter cached before or after the test."""
    script.clear_converters()
    yield
    script.clear_converters()


# --- modes and the table ----------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "source", "phrases", "expected"),
    [
        (mode, source, phrases, pair[phrases])
        for mode, row in TABLE.items()
        for source, pair in row.items()
        for phrases in (False, True)
    ],
)
def test_mode_and_source_pick_the_configuration(
    mode: str, source: str, phrases: bool, expected: str | None
) -> None:
    assert opencc_config(mode, source, regional_phrases=phrases) == expected


def test_every_configuration_used_exists_in_opencc() -> None:
    known = {c.removesuffix(".json") for c in opencc.CONFIGS}
    assert set(SINGLE) <= known


def test_modes_and_labels() -> None:
    assert MODES == ("original", "hans", "hant", "tw", "hk")
    assert set(MODE_LABELS) == set(MODES)
    assert MODE_LABELS["hans"] == "简体" and MODE_LABELS["hant"] == "繁體"
    assert "\n" not in PHRASES_WARNING and "软件→軟體" in PHRASES_WARNING


@pytest.mark.parametrize("mode", MODES)
def test_check_mode_accepts_every_mode(mode: str) -> None:
    assert check_mode(mode) == mode


@pytest.mark.parametrize("mode", ["", "trad", "HANS", "zh-Hant", "s2t"])
def test_unknown_mode_names_the_valid_modes(mode: str) -> None:
    with pytest.raises(ScriptError) as info:
        check_mode(mode)
    message = str(info.value)
    assert repr(mode) in message and "\n" not in message
    for valid in MODES:
        assert valid in message
    with pytest.raises(ScriptError):
        opencc_config(mode, "hans")
    with pytest.raises(ScriptError):
        convert_issue(_issue(SIMPLIFIED), mode)


def test_unknown_source_is_refused() -> None:
    with pytest.raises(ScriptError):
        opencc_config("hant", "klingon")


@pytest.mark.parametrize(
    ("source", "traditional", "expected"),
    [
        ("hans", "hant", "hant"),
        ("hans", "tw", "tw"),
        ("hans", "hk", "hk"),
        ("hant", "tw", "hans"),
        ("tw", "hant", "hans"),
        ("hk", "hk", "hans"),
        ("other", "hant", "original"),
    ],
)
def test_toggle_target(source: str, traditional: str, expected: str) -> None:
    assert toggle_target(source, traditional) == expected


def test_toggle_target_default_and_bad_variant() -> None:
    assert toggle_target("hans") == "tw"
    with pytest.raises(ScriptError, match="hant, tw, hk"):
        toggle_target("hans", "cn")


# --- which script an issue is written in ---------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-Hans", "hans"),
        ("zh-CN", "hans"),
        ("zh-SG", "hans"),
        ("zh", "hans"),
        ("zh-Hans-CN", "hans"),
        ("zh-Hans-HK", "hans"),
        ("zh-Hant", "hant"),
        ("zh-Hant-CN", "hant"),
        ("zh-TW", "tw"),
        ("zh-Hant-TW", "tw"),
        ("ZH-hant-tw", "tw"),
        ("zh_TW", "tw"),
        ("cmn-Hant-TW", "tw"),
        ("zh-HK", "hk"),
        ("zh-Hant-HK", "hk"),
        ("zh-MO", "hk"),
        ("zh-Hant-MO", "hk"),
        ("yue", "hk"),
        ("zh-yue-HK", "hk"),
        ("yue-Hans", "hans"),
        ("en", "other"),
        ("en-US", "other"),
        ("ja", "other"),
        ("zh-Latn", "other"),
    ],
)
def test_language_decides_the_source(language: str, expected: str) -> None:
    # The text says otherwise: the language tag wins.
    source, how, detected = source_script(_issue(TRADITIONAL, language=language))
    assert (source, how, detected) == (expected, f"language {language}", False)


@pytest.mark.parametrize(
    ("texts", "expected", "found"),
    [
        ((SIMPLIFIED,), "hans", "simplified"),
        ((TRADITIONAL,), "hant", "traditional"),
        ((HONG_KONG,), "hant", "traditional"),
        ((ENGLISH,), "other", "not Chinese"),
        ((JAPANESE,), "other", "not Chinese"),
        ((), "other", "not Chinese"),
    ],
)
def test_without_language_the_text_decides(
    texts: tuple[str, ...], expected: str, found: str
) -> None:
    article = Article(id="a1", headline="No. 1", body=tuple(Paragraph(t) for t in texts))
    issue = Issue(paper="The Sample", sections=(Section("A", (article,)),))
    source, how, detected = source_script(issue)
    assert source == expected
    assert detected is True
    assert how.startswith(f"detected from the text: {found}")


def test_a_language_that_is_not_a_tag_falls_back_to_detection() -> None:
    source, how, detected = source_script(_issue(TRADITIONAL, language="繁體中文"))
    assert (source, detected) == ("hant", True)
    assert "繁體中文" in how


def test_detection_looks_past_a_short_first_article() -> None:
    first = Article(id="a1", headline="OK", body=(Paragraph("Hello."),))
    second = Article(id="a2", headline="新闻", body=(Paragraph(SIMPLIFIED),))
    issue = Issue(paper="Daily", sections=(Section("A", (first, second)),))
    assert source_script(issue)[0] == "hans"


def test_one_long_english_article_does_not_decide_a_chinese_issue() -> None:
    """Issue 12.5: the sample takes a share of every article, not the first 4,000
    characters; a long English story first used to make the issue "not Chinese"."""
    english = Article(id="en", headline="Market day", body=(Paragraph(ENGLISH * 60),))
    chinese = [
        Article(id=f"zh{n}", headline="新闻", body=(Paragraph(TRADITIONAL),)) for n in range(5)
    ]
    issue = Issue(paper="Daily", sections=(Section("A", (english, *chinese)),))
    assert source_script(issue)[0] == "hant"


def test_a_big_issue_is_sampled_all_through() -> None:
    """With more articles than the sample holds shares for, it strides through them all."""
    english = [
        Article(id=f"en{n}", headline="News", body=(Paragraph(ENGLISH),)) for n in range(150)
    ]
    chinese = [
        Article(id=f"zh{n}", headline="新闻", body=(Paragraph(SIMPLIFIED),)) for n in range(150)
    ]
    issue = Issue(paper="Daily", sections=(Section("A", (*english, *chinese)),))
    assert source_script(issue)[0] == "hans"


def test_a_detected_traditional_issue_converts_to_simplified() -> None:
    issue = _issue(TRADITIONAL, paper="示例晚報")
    converted = convert_issue(issue, "hans")
    assert converted.sections[0].articles[0].body[0] == Paragraph(
        opencc.OpenCC("t2s").convert(TRADITIONAL)
    )


# --- exactness ---------------------------------------------------------------


def _opencc_chain(config: str, text: str) -> str:
    """OpenCC's own result for a chain; the quote stages by a plain table (texts here
    hold no apostrophes and pair their marks within lines)."""
    for name in config.split("+"):
        if name == "corner":
            text = text.translate(str.maketrans("“”‘’", "「」『』"))
        elif name == "curly":
            text = text.translate(str.maketrans("「」『』", "“”‘’"))
        else:
            text = opencc.OpenCC(name).convert(text)
    return text


@pytest.mark.parametrize("config", USED)
def test_output_equals_opencc_for_the_whole_text(config: str) -> None:
    converter = get_converter(config)
    for text in (SIMPLIFIED, TRADITIONAL, HONG_KONG, "\n".join([SIMPLIFIED, TRADITIONAL])):
        expected = _opencc_chain(config, text)
        assert converter.convert(text) == expected
        assert convert_text(text, config) == expected


@pytest.mark.parametrize("config", SINGLE)
def test_converting_per_paragraph_equals_converting_the_whole(config: str) -> None:
    converter = opencc.OpenCC(config)
    text = "\n".join([SIMPLIFIED, TRADITIONAL, HONG_KONG, ""])
    per_line = "\n".join(converter.convert(line) for line in text.split("\n"))
    assert per_line == converter.convert(text)
    # Even a break inside a word: a newline ends every dictionary match.
    broken = "软\n件 出租\n车 頭\n髮"
    assert "\n".join(converter.convert(p) for p in broken.split("\n")) == converter.convert(broken)


@pytest.mark.parametrize("config", CHAINS)
def test_a_chain_is_one_configuration_after_the_other(config: str) -> None:
    first, second = config.split("+")
    text = HONG_KONG + "\n" + TRADITIONAL
    expected = opencc.OpenCC(second).convert(opencc.OpenCC(first).convert(text))
    assert get_converter(config).convert(text) == expected


ALPHABET = sorted(set(SIMPLIFIED + TRADITIONAL + HONG_KONG + "ab 1\n\n\n"))
# Quotation marks too, in pairs only (a lone mark is left alone by the quote stages).
PAIRED = st.lists(
    st.sampled_from([*ALPHABET, "“甲”", "「乙」", "‘丙’", "『丁』", "“外‘内’外”"]), max_size=60
).map("".join)


@settings(max_examples=60, deadline=None)
@given(text=PAIRED, config=st.sampled_from(USED))
def test_any_mix_of_lines_converts_as_opencc_does(text: str, config: str) -> None:
    assert get_converter(config).convert(text) == _opencc_chain(config, text)


@pytest.mark.parametrize("chunk", [1, 7, 40])
def test_long_texts_go_to_opencc_in_pieces_of_whole_lines(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(converters, "CHUNK_CHARS", chunk)
    text = "\n".join([SIMPLIFIED, "", SIMPLIFIED.replace("\n", ""), ""])
    for config in ("s2t", "s2twp", "hk2t+t2tw"):
        assert get_converter(config).convert(text) == _opencc_chain(config, text)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=200), size=st.integers(1, 50))
def test_pieces_are_whole_lines_that_make_up_the_text(text: str, size: int) -> None:
    pieces = list(converters._pieces(text, size))
    assert "".join(pieces) == text
    for piece in pieces[:-1]:
        assert piece.endswith("\n")
        assert len(piece) <= size or "\n" not in piece[:-1]


def test_convert_many_gives_each_text_its_own_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converters, "CHUNK_CHARS", 30)
    texts = [*SIMPLIFIED.split("\n"), "软件", "软件", "", "两行\n文字", "汉\x00字", "头发"]
    table = get_converter("s2twp").convert_many(texts)
    s2twp, s2t = opencc.OpenCC("s2twp").convert, opencc.OpenCC("s2t").convert
    assert table == {t: s2twp(t.replace("\x00", "")) for t in texts}
    assert get_converter("s2t").convert_many([]) == {}
    assert get_converter("s2t").convert_many([""]) == {"": ""}
    assert get_converter("s2t").convert_many(["", "头发"]) == {"": "", "头发": "頭髮"}
    many = [f"第{i}条软件新闻" for i in range(40)] + [""]
    assert get_converter("s2t").convert_many(many) == {t: s2t(t) for t in many}


def _testcases() -> list[dict[str, Any]]:
    # The upstream file has one trailing comma (see tests/data/opencc-testcases.README.txt).
    raw = re.sub(r",(\s*[}\]])", r"\1", TESTCASES.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = json.loads(raw)["cases"]
    return cases


@pytest.mark.parametrize("config", SINGLE)
def test_opencc_test_cases(config: str) -> None:
    """Every upstream case for a configuration paperread uses gives OpenCC's expected text."""
    cases = [
        (c["id"], c["input"], c["expected"][config])
        for c in _testcases()
        if config in c["expected"]
    ]
    assert cases, f"OpenCC's test cases have none for {config}"
    wrong = [
        (id_, got, expected)
        for id_, text, expected in cases
        if (got := convert_text(text, config)) != expected
    ]
    assert not wrong, f"{len(wrong)} of {len(cases)} {config} cases differ: {wrong[:3]}"


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    ["/etc/passwd", "s2t.json", "../s2t", "S2T", "", "s2t+", "s2t + t2s", "s2t\x00"],
)
def test_names_that_are_not_configuration_names_are_refused(
    config: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[str] = []
    monkeypatch.setattr(opencc, "OpenCC", lambda name: called.append(name))
    with pytest.raises(ScriptError, match="not an OpenCC configuration name"):
        get_converter(config)
    assert called == []


@pytest.mark.parametrize("config", ["x2y", "s2t+hk2x", "mix2zhs"])
def test_configurations_opencc_does_not_have_are_refused(config: str) -> None:
    with pytest.raises(ScriptError, match="unknown OpenCC configuration"):
        get_converter(config)


def test_opencc_gets_the_packaged_file_not_one_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    # OpenCC('s2t') would read ./s2t.json when there is one.
    (tmp_path / "s2t.json").write_text('{"name": "not the real one"}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert convert_text("汉字", "s2t") == "漢字"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前\x00汉字后", "前漢字後"),
        ("汉\ud800字\udfff后", "漢字後"),
        ("前\x1b[31m汉字\x1b[0m后", "前漢字後"),
        ("前\x1b]52;c;aGk=\x07汉字后", "前漢字後"),
        ("前\x9b2J汉\u202e字\n后面", "前漢字\n後面"),
        ("\x00", ""),
    ],
)
def test_control_characters_do_not_lose_the_rest_of_the_text(text: str, expected: str) -> None:
    assert convert_text(text, "s2t") == expected


def test_the_converter_itself_survives_nul_and_surrogates() -> None:
    converter = get_converter("s2t")
    assert converter.convert("a\x00b汉字") == "ab漢字"
    assert converter.convert("汉\udc80字\n\ud83d后") == "漢字\n後"
    assert converter.convert("") == ""
    assert converter.convert("\n\n") == "\n\n"


def test_missing_opencc_disables_conversion(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    monkeypatch.setitem(sys.modules, "opencc", None)
    with pytest.raises(ScriptError) as info:
        get_converter("s2t")
    message = str(info.value)
    assert message.startswith("OpenCC is not available: ")
    assert message.endswith("reading works, conversion is off")
    assert "\n" not in message
    with pytest.raises(ScriptError, match="not available"):
        convert_issue(_issue(SIMPLIFIED, language="zh-Hans"), "hant")
    with pytest.raises(ScriptError, match="not available"):
        source_script(_issue(SIMPLIFIED))  # detection needs OpenCC
    # Nothing that needs no conversion fails.
    issue = _issue(SIMPLIFIED, language="zh-Hans")
    assert convert_issue(issue, "original") is issue
    assert convert_issue(issue, "hans") is issue


def test_broken_opencc_disables_conversion(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    def broken(name: str) -> None:
        raise RuntimeError("Invalid format:\nbroken dictionary")

    monkeypatch.setattr(opencc, "OpenCC", broken)
    with pytest.raises(ScriptError) as info:
        script.warm_up("s2t")
    assert str(info.value) == (
        "OpenCC is not available: cannot load s2t: Invalid format: broken dictionary; "
        "reading works, conversion is off"
    )


# --- issues -------------------------------------------------------------------


def _full_issue() -> Issue:
    """An issue with every kind of text, each holding characters s2t changes."""
    article = Article(
        id="头条-1",
        headline="图书馆开门迎客",
        kicker="城东发布",
        subheadline="读者说：书多了，座位也多了",
        column="民生观察",
        dateline="本报讯",
        byline=(Credit(names=("张晓东", "刘丽"), role="记者"),),
        credits=(Credit(names=("赵云飞",), role="责任编辑"),),
        body=(
            Paragraph(SIMPLIFIED),
            Subhead("读者怎么说"),
            Photo(caption="读者在阅览区看书", credit="陈晓东摄", file="photos/图书馆.jpg"),
            Note(text="这是一篇示例报道。", label="编者按"),
        ),
    )
    section = Section(title="要闻版", page="头版", articles=(article,))
    return Issue(
        paper="示例晚报",
        sections=(section,),
        edition="晚间版",
        language="zh-Hans",
        source="示例报业集团",
        path="/tmp/示例晚报.yaml",
    )


def test_convert_issue_converts_every_text_a_reader_sees() -> None:
    issue = _full_issue()
    converted = convert_issue(issue, "hant")
    s2t = opencc.OpenCC("s2t").convert

    def same(before: str | None, after: str | None) -> None:
        assert before is not None and after is not None
        assert after == s2t(before)
        assert after != before

    same(issue.paper, converted.paper)
    same(issue.edition, converted.edition)
    same(issue.source, converted.source)
    section, new_section = issue.sections[0], converted.sections[0]
    same(section.title, new_section.title)
    same(section.page, new_section.page)
    old, new = section.articles[0], new_section.articles[0]
    for name in ("headline", "kicker", "subheadline", "column", "dateline"):
        same(getattr(old, name), getattr(new, name))
    for before, after in zip(old.byline + old.credits, new.byline + new.credits, strict=True):
        same(before.role, after.role)
        for name, new_name in zip(before.names, after.names, strict=True):
            same(name, new_name)
    paragraph, subhead, photo, note = old.body
    new_paragraph, new_subhead, new_photo, new_note = new.body
    assert isinstance(new_paragraph, Paragraph) and isinstance(paragraph, Paragraph)
    same(paragraph.text, new_paragraph.text)
    assert isinstance(new_subhead, Subhead) and isinstance(subhead, Subhead)
    same(subhead.text, new_subhead.text)
    assert isinstance(new_photo, Photo) and isinstance(photo, Photo)
    same(photo.caption, new_photo.caption)
    same(photo.credit, new_photo.credit)
    assert isinstance(new_note, Note) and isinstance(note, Note)
    same(note.text, new_note.text)
    same(note.label, new_note.label)
    # Not reader text: kept as they are.
    assert new.id == "头条-1"
    assert new_photo.file == "photos/图书馆.jpg"
    assert converted.language == "zh-Hans"
    assert converted.path == "/tmp/示例晚报.yaml"


@pytest.mark.parametrize("mode", ["original", "hans"])
def test_nothing_to_convert_gives_the_same_issue(mode: str) -> None:
    issue = _full_issue()
    assert convert_issue(issue, mode) is issue


def test_an_issue_that_is_not_chinese_is_not_converted() -> None:
    issue = _issue(SIMPLIFIED, language="en")
    assert convert_issue(issue, "hant") is issue


@pytest.mark.parametrize(
    ("mode", "phrases", "config"),
    [("tw", False, "s2tw"), ("tw", True, "s2twp"), ("hk", True, "s2hkp"), ("hant", True, "s2t")],
)
def test_convert_issue_uses_the_table(mode: str, phrases: bool, config: str) -> None:
    converted = convert_issue(_issue(SIMPLIFIED, language="zh-Hans"), mode, phrases)
    body = converted.sections[0].articles[0].body[0]
    assert body == Paragraph(opencc.OpenCC(config).convert(SIMPLIFIED))


def test_regional_phrases_change_words() -> None:
    plain = convert_issue(_issue("软件", language="zh-Hans"), "tw")
    phrases = convert_issue(_issue("软件", language="zh-Hans"), "tw", regional_phrases=True)
    assert plain.sections[0].articles[0].body[0] == Paragraph("軟件")
    assert phrases.sections[0].articles[0].body[0] == Paragraph("軟體")


def test_a_taiwan_issue_in_hong_kong_script_goes_through_standard_traditional() -> None:
    converted = convert_issue(_issue(TRADITIONAL, language="zh-Hant-TW"), "hk")
    body = converted.sections[0].articles[0].body[0]
    expected = opencc.OpenCC("t2hk").convert(opencc.OpenCC("tw2t").convert(TRADITIONAL))
    assert body == Paragraph(expected)


def test_convert_issue_handles_multiline_texts_and_texts_it_did_not_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issue = _issue(SIMPLIFIED, "一行", language="zh-Hans")
    expected = convert_issue(issue, "tw")
    body = expected.sections[0].articles[0].body
    assert body == (Paragraph(opencc.OpenCC("s2tw").convert(SIMPLIFIED)), Paragraph("一行"))
    # A text the batch missed is still converted, one by one.
    monkeypatch.setattr(script, "_issue_texts", lambda issue: [])
    assert convert_issue(issue, "tw") == expected


# --- loading, threads, start-up ----------------------------------------------


def test_importing_the_module_loads_neither_opencc_nor_textual() -> None:
    code = (
        "import sys, reader.script, reader.converters; "
        "print(','.join(m for m in ('opencc', 'textual') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_converters_are_built_once_and_shared_between_threads(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    built: list[str] = []
    real = opencc.OpenCC
    lock = threading.Lock()

    def counting(name: str) -> Any:
        with lock:
            built.append(name)
        return real(name)

    monkeypatch.setattr(opencc, "OpenCC", counting)
    with ThreadPoolExecutor(max_workers=8) as pool:
        converters = list(pool.map(lambda _: get_converter("t2s"), range(32)))
        outputs = list(pool.map(lambda c: c.convert(TRADITIONAL), converters))
    assert len({id(c) for c in converters}) == 1
    assert len(built) == 1 and Path(built[0]).is_absolute()
    assert set(outputs) == {real("t2s").convert(TRADITIONAL)}


def test_warm_up_builds_the_converter(fresh: None) -> None:
    script.warm_up("hk2t+t2tw")
    assert get_converter("hk2t+t2tw") is get_converter("hk2t+t2tw")
    assert "hk2t+t2tw" in converters._converters


# --- settings ------------------------------------------------------------------


def test_settings_for_conversion(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("script: tw\nregional-phrases: true\ntraditional: hk\n", encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.script, loaded.regional_phrases, loaded.traditional) == ("tw", True, "hk")
    assert loaded.warnings == ()
    defaults = load_settings(tmp_path / "missing.yaml")
    assert (defaults.regional_phrases, defaults.traditional) == (False, "tw")


def test_bad_conversion_settings_warn_and_keep_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("regional-phrases: sometimes\ntraditional: cn\n", encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.regional_phrases, loaded.traditional) == (False, "tw")
    assert len(loaded.warnings) == 2
    assert "regional-phrases: expected true or false" in loaded.warnings[0]
    assert "'cn'" in loaded.warnings[1] and "hant, tw, hk" in loaded.warnings[1]
