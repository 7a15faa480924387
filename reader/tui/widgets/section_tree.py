"""The tree of issues, sections and articles beside the story."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.issue.model import Issue
from reader.library.files import Entry, Library
from reader.record import Record, set_field
from reader.session import Marks
from reader.typeset.article import OPENING

ELLIPSIS = "…"


def label_room(tree: Tree[Any], node: TreeNode[Any]) -> int | None:
    """The cells beside ``node``'s guides in ``tree`` (None before the tree has a width)."""
    width = tree.scrollable_content_region.width
    if width <= 0:
        return None
    depth = 0
    parent = node.parent
    while parent is not None and parent is not tree.root:
        depth += 1
        parent = parent.parent
    return width - depth * tree.guide_depth


def ellipsize(label: Text, width: int) -> Text:
    """``label`` cut to ``width`` cells, ending in "…" when it had to be cut.

    The cut falls on a character boundary (a wide character is never split) and never
    right after an opening bracket or quote, nor after a space: those go too, so a cut
    title never ends ``…治理“…``.
    """
    if label.cell_len <= width:
        return label
    if width <= 0:
        return Text()
    room = width - 1  # the ellipsis takes one cell
    used = end = 0
    for character in label.plain:
        size = get_character_cell_size(character)
        if used + size > room:
            break
        used += size
        end += 1
    plain = label.plain
    while end > 0 and (plain[end - 1] in OPENING or plain[end - 1].isspace()):
        end -= 1
    cut = label[:end]
    cut.append(ELLIPSIS)
    return cut


class Target(Record):
    """What a tree node points at: an article, a section, an issue or a broken file;
    ``group``: a run of GROUP_SIZE articles of a very long section."""

    _fields = _compared = ("entry", "section", "article", "group")
    __slots__ = _fields
    entry: int
    section: int | None
    article: int | None
    group: int | None

    def __init__(
        self,
        entry: int,
        section: int | None = None,
        article: int | None = None,
        group: int | None = None,
    ) -> None:
        set_field(self, "entry", entry)
        set_field(self, "section", section)
        set_field(self, "article", article)
        set_field(self, "group", group)


GROUP_SIZE = 100
"""A section of more than twice this many articles shows them in collapsed runs of this many,
each filled when first expanded: a tree node per article of a 100,000-article section
would take seconds to build and to lay out."""

LAZY_ARTICLES = 2 * GROUP_SIZE
"""An issue of more articles than this opens with its sections collapsed, each filled when
first expanded (the open article's section is expanded to show it): a 10,000-article issue
builds a node per section and the open section's articles, not 10,500 nodes."""


class SectionTree(Tree[Target]):
    """Issues → sections → articles. Labels are Rich ``Text``, never markup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Move down in the tree", show=False, id="tree.down"),
        Binding(
            "escape",
            "screen.leave_tree",
            "Back to the story",
            show=False,
            id="tree.back",
            tooltip="In the tree: back to the story (the tree returns to the open article)",
        ),
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

    class ArticleSelected(Message):
        """Enter (or a click) on an article: open it."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    class IssueSelected(Message):
        """Enter (or a click) on an issue or a broken file: open it, or show its error."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[Target]) -> None:
        """Tell the screen what was chosen, in the reader's words."""
        target = event.node.data
        if target is None:
            return
        event.stop()
        if target.article is not None and target.section is not None:
            self.post_message(self.ArticleSelected(target))
        elif target.section is None:
            self.post_message(self.IssueSelected(target))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("paperread"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._article_nodes: dict[tuple[int, int, int], TreeNode[Target]] = {}
        self._section_nodes: dict[tuple[int, int], TreeNode[Target]] = {}
        self._entry_nodes: dict[int, TreeNode[Target]] = {}
        self._group_nodes: dict[tuple[int, int, int], TreeNode[Target]] = {}
        self._filled: set[tuple[int, int, int]] = set()
        self._filled_sections: set[tuple[int, int]] = set()
        self._shown: Mapping[int, Issue] = {}
        self._library: Library | None = None
        self._current = 0
        self.marks = Marks()
        self._styles: dict[str, Style] = {}

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            # Its colour and weight only: a mark takes the background of the line it is on
            # (focused or not, under the cursor or not) instead of patching it with the one
            # the tree had when the style was first looked up.
            full = self.get_component_rich_style(f"section-tree--{name}")
            style = self._styles[name] = Style(color=full.color, bold=full.bold, dim=full.dim)
        return style

    def render_label(self, node: TreeNode[Target], base_style: Style, style: Style) -> Text:
        """The label as Tree draws it, ellipsized to the room beside its guides."""
        label = super().render_label(node, base_style, style)
        room = label_room(self, node)
        if room is None:
            return label
        cut = ellipsize(label, room)
        if cut is not label and cut.plain.endswith(ELLIPSIS):
            cut.stylize(style, len(cut) - 1)  # the ellipsis belongs to the line (cursor too)
        return cut

    def get_label_width(self, node: TreeNode[Target]) -> int:
        """The room beside the node's guides, without rendering its label.

        :meth:`render_label` cuts every label to that room, so no label is wider, and the
        tree never scrolls sideways. Textual asks this of every line at each layout of the
        tree; rendering 10,000 labels to measure them took a third of a second.
        """
        room = label_room(self, node)
        return 0 if room is None else max(0, room)

    def notify_style_update(self) -> None:
        """The theme changed: look the label styles up again."""
        super().notify_style_update()
        self._styles = {}

    def fill(
        self,
        library: Library,
        current: int,
        shown: Mapping[int, Issue] | None = None,
        marks: Marks | None = None,
    ) -> None:
        """Show the open issue's sections and articles (the library is under ``l``).

        ``shown`` gives, by entry index, the issue as displayed (script-converted)
        where it differs from the file's own text; ``marks`` its reading state.
        Only the open issue is read: a library of thousands of files costs nothing here.
        """
        self._library, self._current, self._shown = library, current, shown or {}
        if marks is not None:
            self.marks = marks
        self.clear()
        self._article_nodes.clear()
        self._section_nodes.clear()
        self._entry_nodes.clear()
        self._group_nodes.clear()
        self._filled.clear()
        self._filled_sections.clear()
        if not 0 <= current < len(library.entries):
            return
        entry = library.entries[current]
        if entry.issue is None:
            node = self.root.add_leaf(self.broken_label(entry), data=Target(current))
            self._entry_nodes[current] = node
            return
        issue = self._shown.get(current, entry.issue)
        lazy = sum(len(section.articles) for section in issue.sections) > LAZY_ARTICLES
        for s in range(len(issue.sections)):
            section_node = self.root.add(
                self.section_label(current, s), data=Target(current, s), expand=not lazy
            )
            self._section_nodes[(current, s)] = section_node
            if not lazy:
                self._fill_section(current, s)

    def _fill_section(self, entry: int, section: int) -> TreeNode[Target] | None:
        """The section node, its articles (or runs of them) added if they were not yet.

        Nothing is measured here: Textual lays the tree out once, on the next refresh.
        """
        node = self._section_nodes.get((entry, section))
        if node is None or (entry, section) in self._filled_sections:
            return node
        self._filled_sections.add((entry, section))
        issue = self._issue(entry)
        count = len(issue.sections[section].articles) if issue is not None else 0
        if count <= 2 * GROUP_SIZE:
            self._add_articles(node, entry, section, range(count))
            return node
        for g in range((count + GROUP_SIZE - 1) // GROUP_SIZE):
            group = node.add(
                self.group_label(entry, section, g), data=Target(entry, section, group=g)
            )
            self._group_nodes[(entry, section, g)] = group
        return node

    def _add_articles(
        self, parent: TreeNode[Target], entry: int, section: int, articles: range
    ) -> None:
        for a in articles:
            leaf = parent.add_leaf(
                self.article_label(entry, section, a), data=Target(entry, section, a)
            )
            self._article_nodes[(entry, section, a)] = leaf

    def _fill_group(self, entry: int, section: int, group: int) -> TreeNode[Target] | None:
        """The group node, its article nodes added if they were not yet."""
        self._fill_section(entry, section)
        node = self._group_nodes.get((entry, section, group))
        if node is None or (entry, section, group) in self._filled:
            return node
        self._filled.add((entry, section, group))
        issue = self._issue(entry)
        count = len(issue.sections[section].articles) if issue is not None else 0
        start = group * GROUP_SIZE
        self._add_articles(node, entry, section, range(start, min(start + GROUP_SIZE, count)))
        return node

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Target]) -> None:
        target = event.node.data
        if target is None or target.section is None or target.article is not None:
            return
        if target.group is not None:
            self._fill_group(target.entry, target.section, target.group)
        else:
            self._fill_section(target.entry, target.section)

    def group_label(self, entry: int, section: int, group: int) -> Text:
        """A run of articles of a long section: their numbers, and how many are unread."""
        issue = self._issue(entry)
        assert issue is not None
        articles = issue.sections[section].articles[group * GROUP_SIZE : (group + 1) * GROUP_SIZE]
        first = group * GROUP_SIZE + 1
        label = Text(f"{first}–{first + len(articles) - 1}")
        if entry == self._current and self.marks.tracking:
            unread = sum(1 for a in articles if a.id not in self.marks.read)
            if unread:
                label.append(f" ({unread})", self._style("count"))
        return label

    def use_library(self, library: Library) -> None:
        """The library was refreshed and the open issue kept its place: read from the new one."""
        self._library = library

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

    def refresh_article(self, marks: Marks, entry: int, section: int, article: int) -> None:
        """Relabel one article and its section after their reading state changed.

        Cheaper than :meth:`refresh_marks`: only two nodes repaint.
        """
        self.marks = marks
        node = self._article_nodes.get((entry, section, article))
        if node is not None:
            label = self.article_label(entry, section, article)
            if str(label) != str(node.label):
                node.set_label(label)
        section_node = self._section_nodes.get((entry, section))
        if section_node is not None:
            label = self.section_label(entry, section)
            if str(label) != str(section_node.label):
                section_node.set_label(label)
        group_node = self._group_nodes.get((entry, section, article // GROUP_SIZE))
        if group_node is not None:
            label = self.group_label(entry, section, article // GROUP_SIZE)
            if str(label) != str(group_node.label):
                group_node.set_label(label)

    def refresh_marks(self, marks: Marks) -> None:
        """Relabel the open issue's nodes after its reading state changed."""
        self.marks = marks
        for (entry, s, a), node in self._article_nodes.items():
            if entry == self._current:
                node.set_label(self.article_label(entry, s, a))
        for (entry, s), node in self._section_nodes.items():
            if entry == self._current:
                node.set_label(self.section_label(entry, s))
        for (entry, s, g), node in self._group_nodes.items():
            if entry == self._current:
                node.set_label(self.group_label(entry, s, g))

    def update_marks(self, marks: Marks) -> None:
        """Relabel only the open issue's articles whose marks changed (a bookmark deleted or
        restored elsewhere); sections and runs too when read marks changed."""
        old, self.marks = self.marks, marks
        changed = (old.bookmarked ^ marks.bookmarked) | (old.read ^ marks.read)
        if old.tracking != marks.tracking or old.read != marks.read:
            self.refresh_marks(marks)
            return
        if not changed:
            return
        issue = self._issue(self._current)
        if issue is None:
            return
        for (entry, s, a), node in self._article_nodes.items():
            if entry == self._current and issue.sections[s].articles[a].id in changed:
                node.set_label(self.article_label(entry, s, a))

    def broken_label(self, entry: Entry) -> Text:
        """A broken file, marked as such."""
        return Text.assemble(("✗ ", self._style("broken")), entry.label)

    def reveal(self, entry: int, section: int, article: int) -> None:
        """Move the cursor to an article's node, expanding what holds it."""
        node = self._article_nodes.get((entry, section, article))
        if node is None:
            self._fill_section(entry, section)
            self._fill_group(entry, section, article // GROUP_SIZE)
            node = self._article_nodes.get((entry, section, article))
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:  # expanding re-lays the whole tree out: only when needed
                parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)

    def reveal_entry(self, entry: int) -> None:
        """Move the cursor to an issue or broken file node."""
        node = self._entry_nodes.get(entry)
        if node is not None:
            self.call_after_refresh(self.move_cursor, node)
