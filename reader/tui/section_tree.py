"""The tree of issues, sections and articles beside the story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("paperread"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._article_nodes: dict[tuple[int, int, int], TreeNode[Target]] = {}
        self._entry_nodes: dict[int, TreeNode[Target]] = {}

    def fill(
        self, library: Library, current: int, shown: Mapping[int, Issue] | None = None
    ) -> None:
        """Rebuild the tree for ``library``; the current issue is expanded.

        ``shown`` gives, by entry index, the issue as displayed (script-converted)
        where it differs from the file's own text.
        """
        shown = shown or {}
        self.clear()
        self._article_nodes.clear()
        self._entry_nodes.clear()
        single = len(library.entries) == 1
        for index, entry in enumerate(library.entries):
            if entry.issue is None:
                node = self.root.add_leaf(self.broken_label(entry), data=Target(index))
                self._entry_nodes[index] = node
                continue
            issue = shown.get(index, entry.issue)
            if single:
                parent = self.root
            else:
                parent = self.root.add(
                    self.issue_label(issue), data=Target(index), expand=index == current
                )
                self._entry_nodes[index] = parent
            for s, section in enumerate(issue.sections):
                section_node = parent.add(
                    Text(section.title), data=Target(index, s), expand=index == current
                )
                for a, article in enumerate(section.articles):
                    leaf = section_node.add_leaf(Text(article.headline), data=Target(index, s, a))
                    self._article_nodes[(index, s, a)] = leaf

    @staticmethod
    def issue_label(issue: Issue) -> Text:
        """Paper and date of an issue, as a tree label."""
        label = Text(issue.paper)
        if issue.date:
            label.append(" " + issue.date.isoformat(), style="dim")
        elif issue.edition:
            label.append(" " + issue.edition, style="dim")
        return label

    @staticmethod
    def broken_label(entry: Entry) -> Text:
        """A broken file, marked as such."""
        return Text.assemble(("✗ ", "bold red"), entry.label)

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
