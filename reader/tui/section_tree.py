"""The tree of issues, sections and articles beside the story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.library import Entry, Library
from reader.model import Issue


@dataclass(frozen=True, slots=True)
class Target:
    """What a tree node points at: an article, a section, an issue or a broken file."""

    entry: int
    section: int | None = None
    article: int | None = None


@dataclass(slots=True)
class Marks:
    """Reading state of the open issue, by article id: what is read, what is bookmarked."""

    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
    tracking: bool = False  # False when no store is available: then nothing is "unread"


class SectionTree(Tree[Target]):
    """Issues → sections → articles. Labels are Rich ``Text``, never markup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Move down in the tree", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Move up in the tree", show=False, id="tree.up"),
        # In the tree these keys still page and move the story, as product.md says.
        Binding("space,pagedown", "screen.story('page_down')", "Page down", show=False),
        Binding("shift+space,pageup", "screen.story('page_up')", "Page up", show=False),
        Binding("g,home", "screen.story('scroll_home')", "Top of story", show=False),
        Binding("G,end", "screen.story('scroll_end')", "End of story", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "section-tree--unread",
        "section-tree--bookmark",
        "section-tree--count",
        "section-tree--date",
        "section-tree--broken",
    }

    UNREAD_MARK = "●"
    BOOKMARK_MARK = "★"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("paperread"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._article_nodes: dict[tuple[int, int, int], TreeNode[Target]] = {}
        self._section_nodes: dict[tuple[int, int], TreeNode[Target]] = {}
        self._entry_nodes: dict[int, TreeNode[Target]] = {}
        self._shown: Mapping[int, Issue] = {}
        self._library: Library | None = None
        self._current = 0
        self.marks = Marks()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"section-tree--{name}")

    def fill(
        self,
        library: Library,
        current: int,
        shown: Mapping[int, Issue] | None = None,
        marks: Marks | None = None,
    ) -> None:
        """Rebuild the tree for ``library``; the current issue is expanded.

        ``shown`` gives, by entry index, the issue as displayed (script-converted)
        where it differs from the file's own text; ``marks`` the reading state of
        the current issue.
        """
        self._library, self._current, self._shown = library, current, shown or {}
        if marks is not None:
            self.marks = marks
        self.clear()
        self._article_nodes.clear()
        self._section_nodes.clear()
        self._entry_nodes.clear()
        single = len(library.entries) == 1
        for index, entry in enumerate(library.entries):
            if entry.issue is None:
                node = self.root.add_leaf(self.broken_label(entry), data=Target(index))
                self._entry_nodes[index] = node
                continue
            issue = self._shown.get(index, entry.issue)
            if single:
                parent = self.root
            else:
                parent = self.root.add(
                    self.issue_label(issue), data=Target(index), expand=index == current
                )
                self._entry_nodes[index] = parent
            for s, section in enumerate(issue.sections):
                section_node = parent.add(
                    self.section_label(index, s), data=Target(index, s), expand=index == current
                )
                self._section_nodes[(index, s)] = section_node
                for a in range(len(section.articles)):
                    leaf = section_node.add_leaf(
                        self.article_label(index, s, a), data=Target(index, s, a)
                    )
                    self._article_nodes[(index, s, a)] = leaf

    def _issue(self, entry: int) -> Issue | None:
        if self._library is None:
            return None
        return self._shown.get(entry, self._library.entries[entry].issue)

    def article_label(self, entry: int, section: int, article: int) -> Text:
        """Headline with an unread dot and a bookmark star for the open issue."""
        issue = self._issue(entry)
        assert issue is not None
        item = issue.sections[section].articles[article]
        label = Text()
        if entry == self._current and self.marks.tracking:
            if item.id in self.marks.read:
                label.append(" ")
            else:
                label.append(self.UNREAD_MARK, self._style("unread"))
        if entry == self._current and item.id in self.marks.bookmarked:
            label.append(self.BOOKMARK_MARK, self._style("bookmark"))
        elif entry == self._current and self.marks.tracking:
            label.append(" ")
        if label:
            label.append(" ")
        label.append(item.headline)
        return label

    def section_label(self, entry: int, section: int) -> Text:
        """Section title, with its unread count for the open issue."""
        issue = self._issue(entry)
        assert issue is not None
        sec = issue.sections[section]
        label = Text(sec.title)
        if entry == self._current and self.marks.tracking:
            unread = sum(1 for a in sec.articles if a.id not in self.marks.read)
            if unread:
                label.append(f" ({unread})", self._style("count"))
        return label

    def refresh_marks(self, marks: Marks) -> None:
        """Relabel the open issue's nodes after its reading state changed."""
        self.marks = marks
        for (entry, s, a), node in self._article_nodes.items():
            if entry == self._current:
                node.set_label(self.article_label(entry, s, a))
        for (entry, s), node in self._section_nodes.items():
            if entry == self._current:
                node.set_label(self.section_label(entry, s))

    def switch_current(self, entry: int, marks: Marks) -> None:
        """Another issue is now open: move the reading marks to its nodes."""
        old, self._current, self.marks = self._current, entry, marks
        for (e, s, a), node in self._article_nodes.items():
            if e in (old, entry):
                node.set_label(self.article_label(e, s, a))
        for (e, s), node in self._section_nodes.items():
            if e in (old, entry):
                node.set_label(self.section_label(e, s))

    def issue_label(self, issue: Issue) -> Text:
        """Paper and date of an issue, as a tree label."""
        label = Text(issue.paper)
        if issue.date:
            label.append(" " + issue.date.isoformat(), self._style("date"))
        elif issue.edition:
            label.append(" " + issue.edition, self._style("date"))
        return label

    def broken_label(self, entry: Entry) -> Text:
        """A broken file, marked as such."""
        return Text.assemble(("✗ ", self._style("broken")), entry.label)

    def reveal(self, entry: int, section: int, article: int) -> None:
        """Move the cursor to an article's node, expanding what holds it."""
        node = self._article_nodes.get((entry, section, article))
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)

    def reveal_entry(self, entry: int) -> None:
        """Move the cursor to an issue or broken file node."""
        node = self._entry_nodes.get(entry)
        if node is not None:
            self.call_after_refresh(self.move_cursor, node)
