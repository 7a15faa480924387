"""A model of the terminal a Pilot-driven app would paint, fed with exactly what it writes.

Textual's headless driver (``run_test``) writes nothing, and the app skips rendering
updates for it. :func:`recording_driver` gives a driver that is headless in every way
but one: it says it is not, so the app renders each update, full or partial, as it
would for a real terminal, and the bytes go into a :class:`Terminal` instead.

:class:`Terminal` keeps a grid of cells and follows what xterm and tmux do with
double-width characters: a wide character fills two cells, and writing over either
half of one blanks the other half. That is what makes a partial update that crops a
line inside a wide character lose it on a real screen (Textual issue #6357), so it is
what a test of partial updates must model. Only what Textual writes is understood:
text, cursor moves (CSI row;col H), CR and LF; other escape sequences (styles,
modes, OSC) change no cell and are skipped.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size
from textual.drivers.headless_driver import HeadlessDriver

STUB = ""  # the right half of a double-width character
_ESCAPE = re.compile(
    r"\x1b\[(?P<params>[0-9;?<>=]*)[ -/]*(?P<final>[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, ended by BEL or ST
    r"|\x1bP.*?\x1b\\"  # DCS
    r"|\x1b[^\[\]P]"  # any other two-byte escape
)


def _wide(cell: str) -> bool:
    return cell != STUB and get_character_cell_size(cell) == 2


class Terminal:
    """A grid of ``width`` x ``height`` cells painted by a stream of terminal output."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.rows: list[list[str]] = [[" "] * width for _ in range(height)]
        self.x = 0
        self.y = 0
        self.errors: list[str] = []  # writes a real terminal would wrap or drop

    def feed(self, data: str) -> None:
        """Apply ``data`` as the terminal would."""
        at = 0
        for match in _ESCAPE.finditer(data):
            self._text(data[at : match.start()])
            if match["final"] == "H":
                row, _, column = (match["params"] or "1;1").partition(";")
                self.y = max(0, int(row or 1) - 1)
                self.x = max(0, int(column or 1) - 1)
            at = match.end()
        self._text(data[at:])

    def _text(self, text: str) -> None:
        for character in text:
            if character == "\r":
                self.x = 0
            elif character == "\n":
                self.y += 1
            elif character >= " ":
                self._put(character)

    def _put(self, character: str) -> None:
        width = get_character_cell_size(character)
        if width == 0:
            return  # combining marks join the cell before; no test text has them
        if self.y >= self.height or self.x + width > self.width:
            self.errors.append(f"{character!r} written at ({self.x}, {self.y})")
            self.x += width
            return
        row = self.rows[self.y]
        for x in range(self.x, self.x + width):
            # Writing over half of a wide character blanks its other half.
            if row[x] == STUB:
                row[x - 1] = " "
            elif _wide(row[x]) and x + 1 < self.width:
                row[x + 1] = " "
        row[self.x] = character
        if width == 2:
            row[self.x + 1] = STUB
        self.x += width

    def text(self, x: int, y: int, width: int) -> str:
        """The characters shown in cells ``x`` to ``x + width - 1`` of row ``y``.

        Half of a wide character cut by either end of the range shows as U+FFFD, so a
        range that should hold whole characters never matches one that splits them.
        """
        row = self.rows[y]
        cells = row[x : x + width]
        out = "".join(cells)
        if cells and cells[0] == STUB:
            out = "\ufffd" + out
        if cells and _wide(cells[-1]):
            out = out[:-1] + "\ufffd"
        return out

    def lines(self) -> list[str]:
        """Every row, for messages."""
        return [self.text(0, y, self.width) for y in range(self.height)]


def recording_driver(terminal: Terminal) -> type[HeadlessDriver]:
    """A headless driver class whose app renders every update into ``terminal``.

    Install it in place of Textual's for ``run_test`` (it imports the class by name
    when the app starts): ``monkeypatch.setattr(headless_driver, "HeadlessDriver", …)``.
    """

    class RecordingDriver(HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            # The app renders and writes updates only for a driver that is not headless.
            return False

        def write(self, data: str) -> None:
            terminal.feed(data)

    return RecordingDriver
