"""The reader screen's keys: every binding with its description and a stable id
(``reader.<action>``) that a keymap can name. They are shown in the footer and in help."""

from __future__ import annotations

from textual.binding import Binding, BindingType

READER_BINDINGS: list[BindingType] = [
    Binding(
        "n",
        "next_article",
        "Next",
        id="reader.next_article",
        tooltip="Next article, crossing sections",
    ),
    Binding(
        "n",
        "next_match",
        "Next match",
        id="reader.next_match",
        tooltip="After a search: next match in the story (escape: n moves by article again)",
    ),
    Binding(
        "p",
        "previous_article",
        "Prev",
        id="reader.previous_article",
        tooltip="Previous article, crossing sections",
    ),
    Binding(
        "right_square_bracket",
        "next_section",
        "Next section",
        show=False,
        id="reader.next_section",
    ),
    Binding(
        "left_square_bracket",
        "previous_section",
        "Previous section",
        show=False,
        id="reader.previous_section",
    ),
    Binding(
        "tab",
        "switch_focus",
        "Switch focus: tree / story",
        show=False,
        id="reader.switch_focus",
    ),
    Binding(
        "t",
        "toggle_script",
        "简/繁",
        id="reader.toggle_script",
        tooltip="Switch the script: original ↔ 简体 / 繁體",
    ),
    Binding(
        "b",
        "bookmark",
        "Bookmark",
        id="reader.bookmark",
        tooltip="Bookmark the article (again: remove the bookmark)",
    ),
    Binding(
        "B",
        "bookmarks",
        "Bookmarks",
        show=False,  # in help; the footer keeps room for ? and q at 80 columns
        id="reader.bookmarks",
        tooltip="All bookmarks: enter jumps, d deletes, u undoes, e edits the note",
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        show=False,
        id="reader.undo",
        tooltip="Undo: put back the bookmark removed last, with its note",
    ),
    Binding(
        "y",
        "copy_article",
        "Copy",
        show=False,
        id="reader.copy",
        tooltip="Copy the article as text to the clipboard (OSC 52)",
    ),
    Binding(
        "slash",
        "search",
        "Search",
        id="reader.search",
        tooltip="Search this issue and the library (简体 or 繁體 alike)",
    ),
    Binding(
        "N",
        "previous_match",
        "Previous match",
        show=False,
        id="reader.previous_match",
        tooltip="After a search: previous match in the story (n: next match)",
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear search",
        show=False,
        id="reader.clear_search",
        tooltip="After a search: clear the highlights; n and p move by article again",
    ),
    Binding(
        "l",
        "library",
        "Library",
        id="reader.library",
        tooltip="The library: issues by paper and date, with unread counts",
    ),
    Binding(
        "backslash",
        "toggle_tree",
        "Tree",
        show=False,  # in help; the footer keeps room for ? and q at 80 columns
        id="reader.toggle_tree",
        tooltip="Hide or show the tree (reading mode)",
    ),
    Binding(
        "plus,equals_sign",
        "wider",
        "Wider text",
        show=False,
        id="reader.wider",
        tooltip="Longer lines, up to the width of the story pane",
    ),
    Binding("minus", "narrower", "Narrower text", show=False, id="reader.narrower"),
    Binding(
        "greater_than_sign",
        "tree_wider",
        "Wider tree",
        show=False,
        id="reader.tree_wider",
        tooltip="A wider tree: a larger share of the window",
    ),
    Binding(
        "less_than_sign",
        "tree_narrower",
        "Narrower tree",
        show=False,
        id="reader.tree_narrower",
        tooltip="A narrower tree: more room for the story",
    ),
]
