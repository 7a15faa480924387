"""The library screen's tree: a row too wide for the pane loses the end of its name, never
the counts after it (``7 articles  6 unread`` is what the row is for)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.tui.widgets.section_tree import ellipsize, label_room

__all__ = ["LibraryTree"]

_MIN_NAME = 6  # cells of a name worth keeping beside the counts; below that, cut the row


class LibraryTree(Tree[int]):
    """A tree of papers and issues whose issue rows keep their counts when cut.

    :attr:`tails` holds, per issue (the node's data), how many characters at the end
    of its label are the counts; the rest is the name, cut with "…" when the row is too
    wide for the pane.
    """

    def __init__(self, label: Text, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.tails: dict[int, int] = {}

    def render_label(self, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        """The label as Tree draws it; too wide, its name cut before its counts."""
        label = super().render_label(node, base_style, style)
        room = label_room(self, node)
        if room is None or label.cell_len <= room:
            return label
        tail = self.tails.get(node.data, 0) if node.data is not None else 0
        counts = label[len(label) - tail :] if tail else Text()
        if tail and room - counts.cell_len >= _MIN_NAME:
            name = ellipsize(label[: len(label) - tail], room - counts.cell_len)
            return name + counts
        return ellipsize(label, room)
