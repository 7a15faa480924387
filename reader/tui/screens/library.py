"""The library screen: papers → issues by date, newest first, with unread counts.

Paper names and editions are shown in the reader's script mode (a
:class:`reader.script_text.ScriptText`), so issues of one paper in both scripts
are listed under one name; file names and errors are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, Tree

from reader.converters import ScriptError
from reader.library.files import Entry, Library
from reader.tui.reading.library_check import LibraryRead, LibraryReading, reading_text
from reader.tui.screens.own_css import read_own_css
from reader.tui.widgets.library_tree import LibraryTree

if TYPE_CHECKING:
    from reader.script_text import ScriptText

SAMPLE_HEADLINES = 8  # an issue without a language tag: these headlines tell its script


class LibraryScreen(ModalScreen[int | None]):
    """Pick an issue of the library; dismisses with its entry index."""

    CSS_PATH = "library.tcss"  # read when first shown: the first frame needs none of it

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "close", "Close", id="library.close"),
        Binding("j", "move('down')", "Down", show=False),
        Binding("k", "move('up')", "Up", show=False),
        Binding("U", "update", "Update", id="library.update"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--date",
        "library--count",
        "library--unread",
        "library--read",
        "library--current",
        "library--broken",
    }

    def __init__(
        self,
        library: Library,
        current: int,
        read_counts: Mapping[str, int] | None,
        *,
        script: ScriptText | None = None,
        replace: Callable[[Library], int] | None = None,
        reading: tuple[int, int] | None = None,
    ) -> None:
        """``read_counts``: read articles by issue key (None: no store, no counts shown).
        ``replace(library)``: swap in the library an update refreshed; the current index.
        ``reading``: (done, total) while a first start's files are still being read; the
        title says so, and the reader sends the whole library when they are
        (:class:`LibraryRead`)."""
        super().__init__()
        read_own_css(self)
        self.library = library
        self.reading = reading
        self.replace = replace
        self.update_note = ""  # what the last U said, after the title
        self.current = current
        self.read_counts = read_counts
        self.script = script  # the reader's script mode (None: as in the files)
        self._shown: dict[Entry, tuple[str, str]] = {}

    def compose(self) -> ComposeResult:
        """Title, the tree of papers and issues, the footer."""
        with Vertical(id="library-panel"):
            yield Static(Text(self._title()), id="library-title")
            tree = LibraryTree(Text("library"), id="library-tree")
            tree.show_root = False
            yield tree
        yield Footer(show_command_palette=False)

    def _title(self) -> str:
        if self.reading is not None:  # the library holds only what a first start found
            return f"{reading_text(*self.reading)} — the list follows when they are read"
        broken = len(self.library.broken)
        good = len(self.library.entries) - broken
        title = f"Library: {good:,} issue{'' if good == 1 else 's'}"
        if broken:
            title += f", {broken:,} file{'' if broken == 1 else 's'} that could not be opened"
        title += " — enter opens, U updates"
        return f"{title} — {self.update_note}" if self.update_note else title

    def set_title(self) -> None:
        """Show the title line again (counts and the update's note)."""
        self.query_one("#library-title", Static).update(Text(self._title()))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"library--{name}")

    def on_mount(self) -> None:
        """Fill the tree: one node per paper, its issues newest first."""
        self.fill_tree()

    def fill_tree(self) -> None:
        """(Re)fill the tree from :attr:`library`."""
        tree: Tree[int] = self.query_one(Tree)
        tree.clear()
        papers: dict[str, list[int]] = {}
        broken: list[int] = []
        for index, entry in enumerate(self.library.entries):
            if entry.broken:
                broken.append(index)
            else:
                paper = self.shown(entry)[0] if entry.paper else entry.label
                papers.setdefault(paper, []).append(index)
        cursor = None
        for paper, indexes in papers.items():
            node = tree.root.add(Text(paper), expand=True)
            for index in indexes:  # the library is already newest first
                leaf = node.add_leaf(self.issue_label(index), data=index)
                if index == self.current:
                    cursor = leaf
        if broken:
            node = tree.root.add(Text("Files that could not be opened"), expand=True)
            for index in broken:
                node.add_leaf(self.broken_label(self.library.entries[index]), data=index)
        tree.focus()
        if cursor is not None:
            self.call_after_refresh(tree.move_cursor, cursor)

    def issue_label(self, index: int) -> Text:
        """Date (or file name), article count and unread count of one issue."""
        entry = self.library.entries[index]
        label = Text()
        if index == self.current:
            label.append("▶ ", self._style("current"))
        label.append(entry.date.isoformat() if entry.date else entry.label)
        edition = self.shown(entry)[1]
        if edition:
            label.append(f"  {edition}", self._style("date"))
        count = entry.article_count
        name_end = len(label)
        label.append(f"  {count} article{'s' if count != 1 else ''}", self._style("count"))
        if count and self.read_counts is not None:
            unread = self.unread(entry)
            if unread:
                label.append(f"  {unread} unread", self._style("unread"))
            else:
                label.append("  all read", self._style("read"))
        # A row too wide for the pane is cut in its name, never in these counts.
        self.query_one(LibraryTree).tails[index] = len(label) - name_end
        return label

    def unread(self, entry: Entry) -> int:
        """How many articles of the issue have not been opened: all of them when it never was.

        From the catalogue's article count and the store's read counts; no file is opened.
        """
        key, counts = entry.identity, self.read_counts or {}
        read = counts.get(key, 0) if key is not None else 0
        return max(0, entry.article_count - read)

    def shown(self, entry: Entry) -> tuple[str, str]:
        """The entry's paper and edition in the reader's script ("" for none)."""
        texts = [entry.paper or "", entry.edition or ""]
        script = self.script
        if script is None or not script.active or not any(texts):
            return texts[0], texts[1]
        if entry in self._shown:
            return self._shown[entry]

        def sample() -> list[str]:  # its first headlines, from the catalogue
            return [head.headline for head in entry.headlines()[:SAMPLE_HEADLINES]]

        try:
            paper, edition = script.convert(texts, entry.identity, entry.language, sample)
        except ScriptError:  # OpenCC missing or broken: the reader said so on t
            return texts[0], texts[1]
        self._shown[entry] = paper, edition
        return paper, edition

    def broken_label(self, entry: Entry) -> Text:
        """A broken file with the first line of its error."""
        label = Text.assemble(("✗ ", self._style("broken")), entry.label)
        error = entry.error
        if error is not None and error.problems:
            problem = error.problems[0]
            label.append(f"  {problem.message}", self._style("count"))
        return label

    @on(LibraryReading)
    def _reading(self, message: LibraryReading) -> None:
        if self.reading is not None:
            self.reading = (message.done, message.total)
            self.set_title()

    @on(LibraryRead)
    def _read(self, message: LibraryRead) -> None:
        """The files are read: show the whole library."""
        self.reading = None
        self.library = message.library
        self.current = message.current
        self._shown.clear()
        self.fill_tree()
        self.set_title()

    @on(Tree.NodeSelected)
    def _open(self, event: Tree.NodeSelected[int]) -> None:
        if event.node.data is not None:
            self.dismiss(event.node.data)

    def action_move(self, direction: str) -> None:
        """j/k move in the tree."""
        tree = self.query_one(Tree)
        if direction == "down":
            tree.action_cursor_down()
        else:
            tree.action_cursor_up()

    def action_update(self) -> None:
        """U: fetch config.yaml's sources in the background, then show the library anew."""
        if any(w.group == "update" and w.is_running for w in self.workers):
            return
        if self.reading is not None:  # one reading of every file at a time
            self.notify("Update once the library is read", markup=False)
            return
        self.update_note = "updating…"
        self.set_title()
        self.run_worker(self._update, thread=True, group="update", description="update")

    def _update(self) -> None:
        """In a thread: update every source, then rescan the library's folders."""
        try:
            from reader.config import load_settings
            from reader.library.files import rescan_library
            from reader.sources.update import update_sources

            sources = load_settings().sources
            if not sources:
                note = "no sources in config.yaml (see the README's Subscriptions)"
                fresh = None
            else:

                def progress(done: int, total: int) -> None:
                    self.app.call_from_thread(self._updating, done, total)

                results = update_sources(sources, progress=progress)
                note = "; ".join(r.line for r in results)
                fresh = rescan_library(self.library)
        except Exception as error:  # a bug must still end in a line, not a crash
            note, fresh = f"update failed: {type(error).__name__}: {error}", None
        self.app.call_from_thread(self._updated, note, fresh)

    def _updating(self, done: int, total: int) -> None:
        self.update_note = f"updating… {done} of {total} sources"
        self.set_title()

    def _updated(self, note: str, fresh: Library | None) -> None:
        """Back on the screen: say what the update did and show the library as it is."""
        if fresh is not None and self.replace is not None:
            self.current = self.replace(fresh)
            self.library = fresh
            self._shown.clear()
            self.fill_tree()
        self.update_note = note
        self.set_title()

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
