"""Quotation marks as each script's papers print them (issue 13.5)."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from reader.quotes import to_corner, to_curly
from reader.script import convert_text, opencc_config


def test_curly_quotes_become_corner_brackets_with_nesting_kept() -> None:
    text = "他说：“我记得老师讲过‘读书破万卷’这句话。”"
    assert to_corner(text) == "他说：「我记得老师讲过『读书破万卷』这句话。」"


def test_corner_brackets_become_curly_quotes() -> None:
    assert to_curly("她說：「這就是『雙千萬畝』工程。」") == "她說：“這就是‘雙千萬畝’工程。”"


def test_an_apostrophe_is_not_a_quotation_mark() -> None:
    text = "新书名为“Don’t Stop”，作者是O’Neil。"
    assert to_corner(text) == "新书名为「Don’t Stop」，作者是O’Neil。"


def test_a_mark_left_open_or_a_pair_across_lines_stays() -> None:
    assert to_corner("“没有结束") == "“没有结束"
    assert to_corner("“第一行\n第二行”") == "“第一行\n第二行”"
    assert to_corner("“甲”“乙") == "「甲」“乙"


@given(st.lists(st.sampled_from(["甲", "乙", " ", "“", "”", "‘", "’", "a", "\n"]), max_size=40))
def test_one_mark_for_one_mark(chars: list[str]) -> None:
    text = "".join(chars)
    for turned in (to_corner(text), to_curly(text)):
        assert len(turned) == len(text)
        assert turned.count("\n") == text.count("\n")


def test_the_modes_print_the_marks_of_their_papers() -> None:
    simplified = "记者说：“这项‘双千万亩’工程很重要。”"
    tw = convert_text(simplified, opencc_config("tw", "hans") or "")
    assert tw == "記者說：「這項『雙千萬畝』工程很重要。」"
    hk = convert_text(simplified, opencc_config("hk", "hans") or "")
    assert hk.endswith("：「這項『雙千萬畝』工程很重要。」")
    back = convert_text(tw, opencc_config("hans", "tw") or "")
    assert back == simplified
    # hant, OpenCC's standard forms, keeps the marks it is given.
    assert "“" in convert_text(simplified, opencc_config("hant", "hans") or "")


def test_t_turns_simplified_text_into_the_forms_taiwan_papers_print() -> None:
    """Issue 13.5: OpenCC's standard forms (爲, 喫, 羣, 裏, 着) are printed by neither
    Taiwan nor Hong Kong papers; t's default target is Taiwan's."""
    from reader.script import toggle_target

    target = toggle_target("hans")
    text = convert_text("因为群众在村里吃住，看着“大家”。", opencc_config(target, "hans") or "")
    assert text == "因為群眾在村裡吃住，看著「大家」。"


def _reference(text: str, outer: str, inner: str, table: dict[str, str]) -> str:
    """The rule, written the slow obvious way: every character visited in turn."""
    opening = {outer[0]: outer[1], inner[0]: inner[1]}
    closing = {outer[1], inner[1]}
    chars = list(text)
    stack: list[tuple[str, int]] = []
    for at, char in enumerate(chars):
        if char == "\n":
            stack.clear()
        elif char in opening:
            stack.append((opening[char], at))
        elif char in closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    start = stack[depth][1]
                    chars[start] = table[chars[start]]
                    chars[at] = table[char]
                    del stack[depth:]
                    break
    return "".join(chars)


@given(st.lists(st.sampled_from(["“", "”", "‘", "’", "「", "」", "『", "』", "\n", "字", "a "])))
def test_the_fast_pairing_agrees_with_the_obvious_one(chars: list[str]) -> None:
    text = "".join(chars)
    corner = {"“": "「", "”": "」", "‘": "『", "’": "』"}
    curly = {"「": "“", "」": "”", "『": "‘", "』": "’"}
    assert to_corner(text) == _reference(text, "“”", "‘’", corner)
    assert to_curly(text) == _reference(text, "「」", "『』", curly)


_CORNER = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_CURLY = {"「": "“", "」": "”", "『": "‘", "』": "’"}
# Pieces of text as papers print them (pairs that close, nested pairs, apostrophes) and
# stray marks, of both kinds of script: lines where every mark pairs, lines where one
# does not, and lines holding both kinds of pair.
_PAIRED = ["“甲”", "‘乙’", "“丙‘丁’戊”", "「甲」", "『乙』", "「丙『丁』戊」", "字", "\n"]
_STRAY = ["“", "”", "‘", "’", "「", "」", "『", "』", "O’Neil", "a "]


def _texts() -> st.SearchStrategy[str]:
    paired = st.lists(st.sampled_from(_PAIRED), max_size=80)
    mixed = st.lists(st.sampled_from(_PAIRED + _STRAY), max_size=80)
    one_stray = st.tuples(paired, st.sampled_from(_STRAY), paired).map(
        lambda parts: [*parts[0], parts[1], *parts[2]]
    )
    return st.one_of(paired, mixed, one_stray).map("".join)


@given(_texts())
def test_the_fast_pairing_agrees_with_the_obvious_one_on_quoted_lines(text: str) -> None:
    """The stage turns whole runs of lines at once (str.replace) and only the lines
    where a mark does not pair go through the rule: the output is the rule's."""
    assert to_corner(text) == _reference(text, "“”", "‘’", _CORNER)
    assert to_curly(text) == _reference(text, "「」", "『』", _CURLY)


@given(_texts())
def test_the_quote_stage_in_a_chain_is_opencc_then_the_rule(text: str) -> None:
    """In pieces of whole lines (a tiny CHUNK_CHARS here) and for many texts at once,
    s2tw+corner gives OpenCC's s2tw followed by the rule, text by text."""
    import opencc

    from reader import converters

    s2tw = opencc.OpenCC("s2tw").convert
    converter = converters.get_converter("s2tw+corner")
    with patch.object(converters, "CHUNK_CHARS", 40):
        assert converter.convert(text) == _reference(s2tw(text), "“”", "‘’", _CORNER)
        lines = text.split("\n")
        table = converter.convert_many(lines)
    assert table == {line: _reference(s2tw(line), "“”", "‘’", _CORNER) for line in lines}


def test_a_long_text_with_a_few_lines_whose_marks_do_not_pair() -> None:
    lines = [
        f"{'字' * (n % 7)}“甲{'”' if n % 5 else ''}乙“丙”{'’' * (n % 11 == 0)}" for n in range(400)
    ]
    lines[200] = "他说：“读‘书’”，又说“好”"
    text = "\n".join(lines)
    assert to_corner(text) == _reference(text, "“”", "‘’", _CORNER)
    assert to_corner(text).split("\n")[5] == "字字字字字“甲乙「丙」"  # the first stays open
