"""The two reports of issue 12, item 1, replayed in a real pty: no character is lost
when a toast closes, and the keys of the reports are answered in the message line.

``paperread`` runs as a process in a pseudo-terminal with its real driver; every byte
it writes is fed into a model of the terminal that blanks the other half of a
double-width character written over (as xterm and tmux do). The keys of each report
(``]``; ``t`` and ``+`` eight times) are answered in the message line above the footer
(item 2), never by a toast over the story. A toast is now kept for rare events: the
first report starts with a settings warning (an unknown key in config.yaml), shown
as a toast over the story. Once the toast and the message have closed by their own
timers, every story row the model shows must be the typesetter's line for that row
(``paperread cat --width N`` prints the same lines), character for character. Before
:mod:`reader.tui.wide_repaint`, the last Chinese character of rows the toast had
covered stayed blank (``…工作法,深`` for ``…工作法,深化``). The Pilot test in
tests/tui/test_overlay_repaint.py covers every kind of overlay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.issue.load import load_issue
from reader.script import convert_issue
from reader.typeset.article import typeset_article
from reader.typeset.measure import DEFAULT_MEASURE

if TYPE_CHECKING:
    from tests.robustness.ptyharness import PtyRun
    from tests.tui.terminal import Terminal

SAMPLE = "issues/tongliao-sample.yaml"
WIDER = 8  # the second report pressed + eight times
FULL_WIDTH = 78  # the story pane at 80 columns with the tree hidden: + stops there


@dataclass(frozen=True)
class Report:
    """One report: the terminal, the keys, the last answer, where the story is."""

    size: tuple[int, int]
    script: str
    steps: tuple[tuple[bytes, bytes], ...]  # (marker, keys typed once it is written)
    last_answer: str  # said in the message line; then the check waits until all is quiet
    story_x: int  # the story's first text column (after the tree, its border, padding)
    story_width: int  # the story's text width (the scrollbar takes the last column)
    measure: int
    config: str = ""  # config.yaml: a settings warning raises a toast at start


REPORTS = {
    # 100x30, the tree shown: ] in the sample's only section says "No more sections";
    # a settings warning's toast is over the story meanwhile.
    "100x30 ]": Report(
        size=(100, 30),
        script="original",
        steps=((b"article 1 of", b"]"),),
        last_answer="No more sections",
        story_x=31,
        story_width=68,
        measure=DEFAULT_MEASURE,
        config="colour: red\n",
    ),
    # 80x24 in 繁體, the tree hidden (\), + eight times: once a stack of "Measure" toasts;
    # now each + says the measure is already the full width of the pane.
    "80x24 hant + x8": Report(
        size=(80, 24),
        script="tw",  # what t turns the simplified sample into by default
        steps=((b"article 1 of", b"t"), ("通遼".encode(), b"\\" + b"+" * WIDER)),
        last_answer=f"Measure at full width ({FULL_WIDTH} columns)",
        story_x=1,
        story_width=FULL_WIDTH,
        measure=FULL_WIDTH,
    ),
}
STORY_TOP = 2  # the header row, then the story's top padding
MESSAGE_ROWS = 2  # the message line, then the footer, below the story
TOAST_EDGE = "▌"  # the left border of every toast, never in the story


class Shown:
    """A step marker: true once the modelled terminal passes ``test``; keeps that terminal."""

    def __init__(
        self,
        terminal_model: type[Terminal],
        size: tuple[int, int],
        test: Callable[[Terminal], bool],
    ) -> None:
        self.terminal_model = terminal_model
        self.size = size
        self.test = test
        self.terminal: Terminal | None = None
        self._fed = -1

    def __call__(self, output: bytes) -> bool:
        if len(output) == self._fed:
            return False
        self._fed = len(output)
        terminal = self.terminal_model(*self.size)
        terminal.feed(output.decode("utf-8", "replace"))
        if not self.test(terminal):
            return False
        self.terminal = terminal
        return True


def message_row(terminal: Terminal) -> str:
    """The message line: the row above the footer."""
    return terminal.text(0, terminal.height - MESSAGE_ROWS, terminal.width)


def toast_shown(terminal: Terminal) -> bool:
    """True while a toast shows anywhere on the terminal."""
    return any(TOAST_EDGE in row for row in terminal.lines())


@pytest.mark.parametrize("name", REPORTS)
def test_a_toast_closed_by_its_timer_leaves_the_story_whole(
    name: str,
    tmp_path: Path,
    pty_env: Callable[..., dict[str, str]],
    run_in_pty: Callable[..., PtyRun],
    terminal_model: type[Terminal],
) -> None:
    report = REPORTS[name]
    columns, rows = report.size
    answered = Shown(terminal_model, report.size, lambda t: report.last_answer in message_row(t))
    quiet = Shown(
        terminal_model, report.size, lambda t: not toast_shown(t) and not message_row(t).strip()
    )
    (marker, keys), *steps = report.steps
    then = (*steps, (answered, b""), (quiet, b"q"))
    env = pty_env(tmp_path, COLUMNS=str(columns), LINES=str(rows))
    if report.config:  # its warning is a toast over the story
        config = Path(env["PAPERREAD_CONFIG_DIR"]) / "config.yaml"
        config.parent.mkdir(parents=True)
        config.write_text(report.config, encoding="utf-8")
    run = run_in_pty([SAMPLE], env, size=report.size, marker=marker, keys=keys, then=then)
    assert run.returncode == 0 and quiet.terminal is not None, run.text[-2000:]
    # The keys raised no toast: only the settings warning's, where there is one.
    assert answered.terminal is not None
    assert toast_shown(answered.terminal) <= bool(report.config)

    issue = load_issue(SAMPLE)
    if report.script != "original":
        issue = convert_issue(issue, report.script)
    article = issue.sections[0].articles[0]
    lines = [line.plain for line in typeset_article(article, report.story_width, report.measure)]
    problems = []
    for row in range(STORY_TOP, rows - MESSAGE_ROWS):
        index = row - STORY_TOP
        wanted = lines[index] if index < len(lines) else ""
        shown = quiet.terminal.text(report.story_x, row, report.story_width)
        if shown.rstrip() != wanted.rstrip():
            problems.append(f"row {row}:\n  set   {wanted!r}\n  shown {shown!r}")
    assert not problems, f"{name}:\n" + "\n".join(problems)
