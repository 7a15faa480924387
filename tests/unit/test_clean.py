"""The text sanitizer: escape sequences, controls and invisible format characters."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.issue.clean import clean_inline, clean_text

ESC = "\x1b"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # CSI, 7-bit: clear screen, colours, cursor moves, private modes
        ("a\x1b[2Jb", "ab"),
        ("\x1b[1;31mred\x1b[0m", "red"),
        ("a\x1b[?1049hb", "ab"),
        ("a\x1b[10;20Hb", "ab"),
        ("a\x1b[ qb", "ab"),  # intermediate byte before the final
        ("a\x1b[", "a"),  # cut off at the end
        ("a\x1b[12;", "a"),
        # OSC: window title, clipboard (OSC 52), hyperlinks (OSC 8)
        ("a\x1b]0;evil title\x07b", "ab"),
        ("a\x1b]52;c;aGVsbG8=\x1b\\b", "ab"),
        ("a\x1b]52;c;aGVsbG8=\x9cb", "ab"),
        ("\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("a\x1b]52;c;unterminated until the end", "a"),
        ("a\x1b]0;title\x1b[31mb", "ab"),  # an ESC ends the string, then its own sequence
        # DCS, SOS, PM, APC strings
        ("a\x1bP1$r0m\x1b\\b", "ab"),
        ("a\x1bXsos\x1b\\b", "ab"),
        ("a\x1b^pm\x1b\\b", "ab"),
        ("a\x1b_apc\x1b\\b", "ab"),
        ("a\x1b_apc never ends", "a"),
        # other ESC sequences, and a lone ESC
        ("a\x1b(Bb", "ab"),  # designate a character set
        ("a\x1b#8b", "ab"),  # DECALN: fills the screen with E
        ("a\x1bcb", "ab"),  # full reset
        ("a\x1b7b\x1b8c", "abc"),  # save and restore the cursor
        ("a\x1b", "a"),
        ("a\x1b\x1b\x1bb", "a"),  # the last ESC and b are one sequence
        ("a\x1b中", "a中"),
        # 8-bit (C1) forms
        ("a\x9b2Jb", "ab"),
        ("a\x9b31mred", "ared"),
        ("a\x9d0;title\x07b", "ab"),
        ("a\x9d52;c;aGk=\x9cb", "ab"),
        ("a\x90q#0;2;0;0;0\x9cb", "ab"),
        ("a\x98sos\x9cb", "ab"),
        ("a\x9epm\x9cb", "ab"),
        ("a\x9fapc\x9cb", "ab"),
        ("a\x9d unterminated", "a"),
        # single controls
        ("a\x00b", "ab"),
        ("a\x07b\x08c\x0bd\x0ce\x7ff", "abcdef"),
        ("a\x85b\x9cc\x80d", "abcd"),
        # format characters used for spoofing
        ("abc\u202edcba", "abcdcba"),
        ("\u2066x\u2069\u200ey\u200fz\u061c", "xyz"),
        ("a\u200bb\u2060c\ufeffd\u00ade", "abcde"),
        ("\ufeffstart", "start"),
        ("\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "\U0001f3f4"),
        ("a\U000e0001b", "ab"),
        # surrogates
        ("a\ud800b\udfffc", "abc"),
        ("\ud83d\ude00", ""),  # a pair of lone surrogates is still not a character
        # line breaks
        ("a\r\nb", "a\nb"),
        ("a\rb\r\rc", "a\nb\n\nc"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x1b[2J\r\nb", "a\nb"),
    ],
)
def test_clean_text_removes(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


@pytest.mark.parametrize(
    "text",
    [
        "",
        "通辽地方新闻",
        "“独木”变“茂林”，扩大党建朋友圈。……「引号」",
        "line one\nline two\tand a tab",
        "[bold]not markup[/] [@click=app.quit]x[/] [link=https://e.com]y[/link]",
        "👨\u200d👩\u200d👧 family (ZWJ)",
        "می\u200cخواهم (ZWNJ)",
        "葛\U000e0100 (an ideographic variation selector)",
        "❤\ufe0f emoji presentation",
        "\u3000\u3000全角空格缩进",
        "𠀀𪚥 astral CJK",
        "\ue000 private use",
    ],
)
def test_clean_text_keeps(text: str) -> None:
    assert clean_text(text) == text


def test_nothing_to_clean_returns_the_same_object() -> None:
    text = "今天上午，河畔大桥正式通车。" * 1000 + "\n"
    assert clean_text(text) is text


def test_every_c0_and_c1_control_but_newline_and_tab_is_removed() -> None:
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        char = chr(code)
        expected = char if char in "\n\t" else ("\n" if char == "\r" else "")
        assert clean_text(f"a{char}") == f"a{expected}", hex(code)


def test_every_format_character_but_zwj_and_zwnj_is_removed() -> None:
    format_chars = [
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    ]
    kept = "".join(c for c in format_chars if clean_text(c))
    assert kept == "\u200c\u200d"


def test_clean_inline_makes_one_line() -> None:
    assert clean_inline("  左中党建\n  融合打造 \t 城区治理  ") == "左中党建 融合打造 城区治理"
    assert clean_inline("a\n\n\nb") == "a b"
    assert clean_inline("a  b") == "a  b"  # spaces inside a line are the writer's
    assert clean_inline("\x1b[2J\n\u202e\t") == ""
    assert clean_inline("\r\nheadline\r\n") == "headline"


ZWJ_ZWNJ = "\u200c\u200d"
NOISE = st.sampled_from(
    [ESC, "[", "]", "\\", "\x07", "\x9b", "\x9c", "\x9d", "\x90", "P", "_", "^", "X", ";", "0",
     "m", "\r", "\n", "\t", "\u2028", "\u202e", "\u2066", "\ufeff", "\ud800", "\udc00",
     "\U000e0041", "\u200b", "\u200d", "中", " "]
)  # fmt: skip
ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), NOISE), max_size=200)


def _is_forbidden(char: str) -> bool:
    category = unicodedata.category(char)
    if char in "\n\t" or char in ZWJ_ZWNJ:
        return False
    return category in ("Cc", "Cs", "Cf") or char in "\r\u2028\u2029"


@given(ANY_TEXT)
def test_clean_text_properties(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(_is_forbidden(c) for c in cleaned)
    assert ESC not in cleaned
    assert not any(c in BIDI for c in cleaned)


@given(ANY_TEXT)
def test_clean_inline_properties(text: str) -> None:
    cleaned = clean_inline(text)
    assert clean_inline(cleaned) == cleaned
    assert "\n" not in cleaned and "\t" not in cleaned
    assert cleaned == cleaned.strip()
    assert not any(_is_forbidden(c) for c in cleaned)


CJK_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("，。、；：？！“”‘’「」『』（）《》〈〉【】——……·"),
    )
)


@given(CJK_TEXT)
def test_printable_cjk_is_unchanged(text: str) -> None:
    assert clean_text(text) == text
    assert clean_inline(text) == text


def test_names_that_are_not_utf8_are_recognised_and_spelled() -> None:
    import os

    from reader.issue.clean import is_utf8, spell_bytes

    odd = os.fsdecode(b"odd-\xff.yaml")
    assert not is_utf8(odd) and is_utf8("通辽.yaml")
    assert spell_bytes(odd) == "odd-\\xff.yaml"
    assert spell_bytes("通辽.yaml") == "通辽.yaml"
