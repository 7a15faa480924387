"""The span widening of :mod:`reader.tui.wide_repaint`, and the terminal model the
overlay tests rely on (:mod:`tests.tui.terminal`)."""

from __future__ import annotations

from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate
from textual.strip import Strip

from reader.tui.wide_repaint import whole_character_spans, wide_character_at
from tests.tui.terminal import Terminal

BOLD = Style(bold=True)


def strip(*texts: str) -> Strip:
    return Strip([Segment(text, BOLD) for text in texts])


def test_wide_character_at_finds_the_left_half_only() -> None:
    line = strip("ab", "中文", "c")  # a b 中 中 文 文 c
    assert [wide_character_at(line, cell) for cell in range(7)] == [
        False,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
    assert not wide_character_at(line, 7)  # past the end
    with_control = Strip([Control.move_to(0, 0).segment, *strip("中")])
    assert wide_character_at(with_control, 0)


def test_a_span_ending_inside_a_wide_character_takes_its_other_half() -> None:
    # One chop: cells 0-9 of line 0 hold "ab中文cdef" (中 at 2-3, 文 at 4-5).
    chops = [{0: strip("ab中文cdef")}]
    ends = [[10]]
    assert whole_character_spans(chops, [(0, 0, 3)], ends) == [(0, 0, 4)]  # ends inside 中
    assert whole_character_spans(chops, [(0, 0, 4)], ends) == [(0, 0, 4)]  # between 中 and 文
    assert whole_character_spans(chops, [(0, 3, 7)], ends) == [(0, 2, 7)]  # starts inside 中
    assert whole_character_spans(chops, [(0, 5, 9)], ends) == [(0, 4, 9)]  # starts inside 文
    assert whole_character_spans(chops, [(0, 3, 5)], ends) == [(0, 2, 6)]  # both


def test_chop_edges_and_other_chops_are_left_alone() -> None:
    # Two chops: "中文" at 0-3 and "ab中" at 4-7; a span from 4 cannot widen into chop 0.
    chops = [{0: strip("中文"), 4: strip("ab中")}]
    ends = [[4, 8]]
    assert whole_character_spans(chops, [(0, 4, 7)], ends) == [(0, 4, 8)]
    assert whole_character_spans(chops, [(0, 1, 4)], ends) == [(0, 0, 4)]


def test_spans_that_meet_once_widened_are_merged() -> None:
    chops = [{0: strip("中文字")}, {0: strip("abcdef")}]
    ends = [[6], [6]]
    spans = [(0, 0, 3), (0, 4, 5), (1, 1, 2)]
    assert whole_character_spans(chops, spans, ends) == [(0, 0, 6), (1, 1, 2)]


def test_the_widened_update_writes_the_character_whole() -> None:
    # The bug in small: a toast covered cells 0-4 of "ab中文cd", its right edge inside 文.
    terminal = Terminal(8, 1)
    terminal.feed("\x1b[1;1Hab中文cd")
    terminal.feed("\x1b[1;1HTOAST")  # the toast over cells 0-4 blanks 文's right half
    assert terminal.text(0, 0, 8) == "TOAST cd"
    chops = [{0: strip("ab中文cd")}]
    update = ChopsUpdate(chops, [(0, 0, 5)], [[8]])
    console = Console(width=8, force_terminal=True, color_system=None)
    broken = Terminal(8, 1)
    broken.rows = [list(row) for row in terminal.rows]
    broken.feed(update.render_segments(console))
    assert broken.text(0, 0, 8) == "ab中  cd"  # Textual alone: 文 is lost
    update.spans = whole_character_spans(update.chops, update.spans, update.chop_ends)
    terminal.feed(update.render_segments(console))
    assert terminal.text(0, 0, 8) == "ab中文cd"


def test_the_terminal_blanks_the_other_half_of_an_overwritten_wide_character() -> None:
    terminal = Terminal(6, 2)
    terminal.feed("中文字\x1b[1;2Hx")  # over the right half of 中
    assert terminal.text(0, 0, 6) == " x文字"
    terminal.feed("\x1b[2;1H中文字\x1b[2;3Hy")  # over the left half of 文
    assert terminal.text(0, 1, 6) == "中y 字"
    assert terminal.text(1, 1, 4) == "\ufffdy \ufffd"  # halves cut by the range show as U+FFFD
    terminal.feed("\x1b[1;6H中")  # one cell left: a real terminal wraps; recorded as an error
    assert terminal.errors
