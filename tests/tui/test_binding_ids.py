"""Binding ids are what a user's keymap names: they must not change behind anyone's back."""

from __future__ import annotations

from textual.binding import Binding

from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import SectionTree

READER_IDS = {
    "next_article": "reader.next_article",
    "previous_article": "reader.previous_article",
    "next_unread": "reader.next_unread",
    "toggle_read": "reader.toggle_read",
    "mark_issue_read": "reader.mark_issue_read",
    "next_section": "reader.next_section",
    "previous_section": "reader.previous_section",
    "switch_focus": "reader.switch_focus",
    "toggle_script": "reader.toggle_script",
    "bookmark": "reader.bookmark",
    "bookmarks": "reader.bookmarks",
    "undo": "reader.undo",
    "copy_article": "reader.copy",
    "open_link": "reader.open_link",
    "search": "reader.search",
    "next_match": "reader.next_match",
    "previous_match": "reader.previous_match",
    "clear_search": "reader.clear_search",
    "library": "reader.library",
    "toggle_tree": "reader.toggle_tree",
    "wider": "reader.wider",
    "narrower": "reader.narrower",
    "tree_wider": "reader.tree_wider",
    "tree_narrower": "reader.tree_narrower",
}


def bindings(owner: type) -> list[Binding]:
    return [b for b in owner.BINDINGS if isinstance(b, Binding)]


def test_reader_binding_ids_are_stable() -> None:
    assert {b.action: b.id for b in bindings(ReaderScreen)} == READER_IDS


def test_app_and_tree_binding_ids() -> None:
    assert {b.action: b.id for b in bindings(PaperreadApp)} == {
        "quit": "app.quit",
        "help": "app.help",
    }
    ids = {b.action: b.id for b in bindings(SectionTree) if b.id}
    assert ids == {
        "cursor_down": "tree.down",
        "cursor_up": "tree.up",
        "screen.leave_tree": "tree.back",
    }


def test_bookmarks_binding_ids() -> None:
    ids = {b.action: b.id for b in bindings(BookmarksScreen) if b.id}
    assert ids == {
        "jump": "bookmarks.open",
        "delete": "bookmarks.delete",
        "undo": "bookmarks.undo",
        "edit_note": "bookmarks.note",
        "close": "bookmarks.close",
    }


def test_library_binding_ids() -> None:
    from reader.tui.screens.library import LibraryScreen

    ids = {b.action: b.id for b in bindings(LibraryScreen) if b.id}
    assert ids == {"close": "library.close", "update": "library.update"}
