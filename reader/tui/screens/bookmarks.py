"""The bookmarks list: every bookmark across all issues, newest first.

Headline, paper and section are shown in the reader's script mode (a
:class:`reader.script_text.ScriptText`); the note is the reader's own text and
stays as typed. Long cells end in ``…`` so every column stays on screen. A
bookmark whose issue cannot be opened any more (its file gone and the issue
nowhere else in the library) says so after its headline, styled in
``paperread.tcss`` through the ``bookmarks--missing`` component class.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from reader.converters import ScriptError
from reader.reading_state import RemovedBookmarks
from reader.store.state import Bookmark, Store, StoreError
from reader.tui.screens.own_css import read_own_css

if TYPE_CHECKING:
    from reader.script_text import ScriptText

Jump = tuple[str, str, str | None]  # issue key, article id, file path

# The most terminal cells a cell of these columns takes; longer text ends in "…".
# Saved comes before Note, so a long note never pushes a column off screen.
COLUMNS = ("Headline", "Paper", "Date", "Section", "Saved", "Note")
CELLS = {"Headline": 36, "Paper": 14, "Section": 14, "Note": 30}
MISSING = " (file missing)"


def fit(text: Text, cells: int) -> Text:
    """``text`` cut to ``cells`` terminal cells, ending in ``…`` when it was longer."""
    if text.cell_len <= cells:
        return text
    room, end = cells - 1, 0  # one cell for the "…"
    for char in text.plain:
        width = cell_len(char)
        if width > room:
            break
        room -= width
        end += 1
    cut = text[:end]
    cut.append("…")
    return cut


def when(created: float) -> str:
    """A saved time as a reader reads it: local date and time."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(created))


class NoteScreen(ModalScreen[str | None]):
    """Edit a bookmark's note: enter saves, escape cancels."""

    CSS_PATH = "bookmarks.tcss"  # read when first shown: the first frame needs none of it

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, headline: str, note: str) -> None:
        super().__init__()
        read_own_css(self)
        self.headline = headline
        self.note = note

    def compose(self) -> ComposeResult:
        """A title and one input line."""
        with Vertical(id="note-panel"):
            yield Static(Text(f"Note for: {self.headline}"), id="note-title")
            yield Input(self.note, id="note-input", placeholder="a note for this bookmark")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        """Enter: keep the note."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Escape: leave the note as it was."""
        self.dismiss(None)


class BookmarksScreen(ModalScreen[Jump | None]):
    """Lists bookmarks; enter jumps there, d deletes, u puts the last deleted back, e edits
    the note. Deleted bookmarks go on the session's :class:`RemovedBookmarks`, whole."""

    CSS_PATH = "bookmarks.tcss"  # read when first shown: the first frame needs none of it

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bookmarks--missing"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Open", id="bookmarks.open"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
        Binding("e", "edit_note", "Edit note", id="bookmarks.note"),
        Binding("escape,q,B", "close", "Close", id="bookmarks.close"),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(
        self,
        store: Store,
        removed: RemovedBookmarks | None = None,
        script: ScriptText | None = None,
        opens: Callable[[Bookmark], bool] | None = None,
    ) -> None:
        super().__init__()
        read_own_css(self)
        self.store = store
        self.removed = removed if removed is not None else RemovedBookmarks()
        self.script = script  # the reader's script mode (None: as stored)
        self.opens = opens  # can the reader open it (its issue found by key elsewhere)?
        self.items: list[Bookmark] = []
        self.answer = ""  # what the last key did, shown in the title

    def compose(self) -> ComposeResult:
        """Title, the table, the footer."""
        with Vertical(id="bookmarks-panel"):
            yield Static(Text("Bookmarks"), id="bookmarks-title")
            yield DataTable(id="bookmarks-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(""), id="bookmarks-empty")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label)
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the bookmarks again (newest first) and show them."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.items = self.store.bookmarks()
        # Partial: only what paperread.tcss sets, over the table's own colours.
        missing_style = self.get_component_rich_style("bookmarks--missing", partial=True)
        for item in self.items:
            table.add_row(*self.cells(item, missing_style), key=item.article_key)
        self._show_title()
        empty = self.query_one("#bookmarks-empty", Static)
        empty.update(Text("" if self.items else "No bookmarks yet: press b on an article."))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))

    def _show_title(self, answer: str = "") -> None:
        """The title: what the last key did (in place of a toast over the list), and that
        u can undo while there is something to undo."""
        undo = len(self.removed)
        said = f" — {answer}" if answer else ""
        hint = f" — u undoes the last delete ({undo} to undo)" if undo else ""
        self.answer = answer
        self.query_one("#bookmarks-title", Static).update(Text(f"Bookmarks{said}{hint}"))

    def shown(self, item: Bookmark) -> tuple[str, str, str]:
        """Headline, paper and section of a bookmark in the reader's script."""
        texts = [item.headline, item.paper, item.section]
        if self.script is not None and self.script.active:
            with suppress(ScriptError):  # OpenCC missing or broken: the reader said so on t
                texts = self.script.convert(texts, key=item.issue_key)
        headline, paper, section = texts
        return headline, paper, section

    def missing(self, item: Bookmark) -> bool:
        """True when the bookmark cannot be opened: its file is gone, its issue not found."""
        if item.path is None or os.path.exists(item.path):
            return False
        return self.opens is None or not self.opens(item)

    def cells(self, item: Bookmark, missing_style: Style | str = "") -> list[Text]:
        """One row, in the order of :data:`COLUMNS`; every cell is Text, never markup."""
        headline, paper, section = self.shown(item)
        head = fit(Text(headline), CELLS["Headline"])
        if self.missing(item):
            head.append(MISSING, style=missing_style)
        return [
            head,
            fit(Text(paper), CELLS["Paper"]),
            Text(item.date or ""),
            fit(Text(section), CELLS["Section"]),
            Text(when(item.created)),
            fit(Text(item.note), CELLS["Note"]),
        ]

    def _current(self) -> Bookmark | None:
        table = self.query_one(DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    def action_jump(self) -> None:
        """Open the bookmarked article."""
        item = self._current()
        if item is not None:
            self.dismiss((item.issue_key, item.article_id, item.path))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_delete(self) -> None:
        """Delete the bookmark under the cursor (kept whole for u)."""
        item = self._current()
        if item is None:
            return
        try:
            removed = self.store.delete_bookmark(item.article_key)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if removed is not None:  # else another paperread deleted it first
            self.removed.push(removed)
        self.reload()
        self._show_title("deleted")

    def action_undo(self) -> None:
        """Put back the bookmark deleted last, with its note and saved time."""
        try:
            restored = self.removed.restore(self.store)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if restored is None:
            self._show_title("nothing to undo")
            return
        self.reload()
        self._show_title("restored")
        keys = [item.article_key for item in self.items]
        if restored.article_key in keys:
            self.query_one(DataTable).move_cursor(row=keys.index(restored.article_key))

    def action_edit_note(self) -> None:
        """Edit the note of the bookmark under the cursor."""
        item = self._current()
        if item is None:
            return

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                self.store.set_note(item.article_key, note)
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.reload()

        self.app.push_screen(NoteScreen(self.shown(item)[0], item.note), done)

    def action_cursor(self, direction: str) -> None:
        """j/k move in the list."""
        table = self.query_one(DataTable)
        if direction == "down":
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
