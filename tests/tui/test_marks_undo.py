"""Nothing the reader wrote is lost silently, and the tree and library tell the truth:
undo for removed bookmarks (``b`` again, ``d`` in ``B``), the tree's ★ and cursor, the
library's unread counts. Driven by real keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Static, Tree

from reader.library.files import catalogue_library, load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen, NoteScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import Target

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


def make_app() -> PaperreadApp:
    return PaperreadApp(load_library([SAMPLE]))


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


def said(app: PaperreadApp) -> list[str]:
    """What the reader was told: toasts (errors, and answers inside the bookmarks list),
    then the message line of the reader screen (answers to its keys)."""
    told = [str(n.message) for n in app._notifications]
    screen = app.screen_stack[0]
    if isinstance(screen, ReaderScreen) and screen.message_line.text:
        told.append(screen.message_line.text)
    return told


def article_labels(screen: ReaderScreen) -> list[str]:
    section = screen.section_tree.root.children[0]
    return [str(node.label) for node in section.children]


def starred(screen: ReaderScreen) -> list[int]:
    """Which articles of the first section show a bookmark star."""
    return [n for n, label in enumerate(article_labels(screen)) if "★" in label]


async def write_note(pilot: Pilot[None], app: PaperreadApp, wait_until: WaitUntil) -> None:
    """In B: e, type a note, enter."""
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), what="note editor")
    await pilot.press(*"[b]read again", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), what="back in B")


async def test_b_again_on_a_bookmark_with_a_note_offers_undo_and_u_restores_it(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b", "B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), what="B")
        await write_note(pilot, app, wait_until)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the reader")
        before = Store().bookmarks()
        assert [b.note for b in before] == ["[b]read again"]

        await pilot.press("b")  # removes the bookmark and its note…
        await wait_until(pilot, lambda: Store().bookmarks() == [], what="removed")
        await wait_until(pilot, lambda: starred(screen) == [], what="no star")
        assert "Bookmark and note removed — u to undo" in said(app)

        await pilot.press("u")  # …and u puts both back, as they were
        await wait_until(pilot, lambda: Store().bookmarks() == before, what="restored")
        await wait_until(pilot, lambda: starred(screen) == [1], what="the star again")
        assert "Bookmark and note restored" in said(app)

        await pilot.press("u")
        await wait_until(pilot, lambda: "Nothing to undo" in said(app), what="nothing left")
        assert Store().bookmarks() == before


async def test_b_again_on_a_bookmark_without_a_note_says_u_undoes(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b")
        await wait_until(pilot, lambda: starred(screen) == [1], what="a star")
        created = Store().bookmarks()[0].created
        await pilot.press("b")
        await wait_until(pilot, lambda: "Bookmark removed — u to undo" in said(app))
        await pilot.press("u")
        await wait_until(pilot, lambda: starred(screen) == [1], what="the star again")
        assert [b.created for b in Store().bookmarks()] == [created]


async def test_d_in_the_list_deletes_u_restores_and_the_tree_follows(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("b", "n", "b", "B")  # articles 0 and 1
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), what="B")
        await write_note(pilot, app, wait_until)  # on the newest: article 1
        before = Store().bookmarks()
        assert [b.article_id for b in before] == ["chaoketu", before[1].article_id]
        listing = app.screen
        assert isinstance(listing, BookmarksScreen)
        title = listing.query_one("#bookmarks-title", Static)
        assert "u undoes" not in str(title.render())

        await pilot.press("d", "d")  # both gone
        await wait_until(pilot, lambda: listing.items == [], what="both deleted")
        assert Store().bookmarks() == []
        assert str(title.render()) == ("Bookmarks — deleted — u undoes the last delete (2 to undo)")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the reader")
        await wait_until(pilot, lambda: starred(screen) == [], what="no star left in the tree")

        await pilot.press("B", "u")  # the last deleted first: article 0
        await wait_until(pilot, lambda: len(Store().bookmarks()) == 1, what="one back")
        assert Store().bookmarks() == before[1:]
        assert "(1 to undo)" in str(app.screen.query_one("#bookmarks-title", Static).render())
        await pilot.press("u")
        await wait_until(pilot, lambda: Store().bookmarks() == before, what="both back")
        listing = app.screen
        assert isinstance(listing, BookmarksScreen)
        assert [b.note for b in listing.items] == ["[b]read again", ""]
        assert listing.query_one(DataTable).cursor_row == 0  # on the one put back
        assert str(listing.query_one("#bookmarks-title", Static).render()) == "Bookmarks — restored"
        # The list answers its keys in its title, never with a toast over the list.
        assert not [n for n in app._notifications if "ookmark" in str(n.message)]
        await pilot.press("u")
        assert "nothing to undo" in str(listing.query_one("#bookmarks-title", Static).render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the reader")
        await wait_until(pilot, lambda: starred(screen) == [0, 1], what="both stars again")


async def test_u_in_the_reader_restores_what_d_deleted_in_the_list(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b", "B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), what="B")
        await write_note(pilot, app, wait_until)
        before = Store().bookmarks()
        await pilot.press("d", "escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the reader")
        await wait_until(pilot, lambda: starred(screen) == [], what="the star gone")
        await pilot.press("u")
        await wait_until(pilot, lambda: starred(screen) == [1], what="the star back")
        assert Store().bookmarks() == before


async def test_a_failing_undo_says_so_in_one_line_and_keeps_the_bookmark(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b", "b")
        await wait_until(pilot, lambda: len(screen.state.removed) == 1, what="kept for undo")
        store = app.store
        assert store is not None
        store.writable = False
        store.why_not_writable = "cannot save bookmarks: the data folder is read-only"
        await pilot.press("u")
        await wait_until(pilot, lambda: store.why_not_writable in said(app), what="told why")
        assert len(screen.state.removed) == 1  # still there to undo
        store.writable = True
        await pilot.press("u")
        await wait_until(pilot, lambda: starred(screen) == [1], what="restored at last")
        assert all("\n" not in message for message in said(app))


async def test_tab_back_to_the_story_returns_the_tree_cursor_to_the_open_article(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        tree = screen.section_tree
        open_article = Target(0, 0, 2)
        await pilot.press("n", "n")
        await wait_until(pilot, lambda: tree.cursor_node is not None)
        await wait_until(pilot, lambda: tree.cursor_node.data == open_article)  # type: ignore[union-attr]
        await pilot.press("tab", "j", "j")
        await wait_until(pilot, lambda: tree.cursor_node.data == Target(0, 0, 4))  # type: ignore[union-attr]
        await pilot.press("tab")
        await wait_until(pilot, lambda: screen.focused is screen.story, what="story focused")
        await wait_until(
            pilot,
            lambda: tree.cursor_node.data == open_article,  # type: ignore[union-attr]
            what="the tree back on the open article",
        )
        assert screen.session.position == (0, 2)

        await pilot.press("tab", "k")  # escape leaves the tree the same way
        await wait_until(pilot, lambda: tree.cursor_node.data == Target(0, 0, 1))  # type: ignore[union-attr]
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.focused is screen.story, what="story focused")
        await wait_until(
            pilot,
            lambda: tree.cursor_node.data == open_article,  # type: ignore[union-attr]
            what="the tree back on the open article",
        )
        assert screen.session.position == (0, 2)


async def test_library_shows_unread_for_every_issue_without_opening_them(
    tmp_path: Path,
    make_dated_library: Callable[[Path], Path],
    tree_labels: Callable[[Tree[int]], list[str]],
    wait_until: WaitUntil,
) -> None:
    library = catalogue_library([make_dated_library(tmp_path)])
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n")  # both articles of the newest issue read
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), what="l")
        shown = tree_labels(app.screen.query_one(Tree))
        assert shown[1] == "  ▶ 2026-01-03  2 articles  all read"
        assert shown[2] == "  2026-01-02  2 articles  2 unread"  # never opened
        assert shown[3] == "  2026-01-01  2 articles  2 unread"
        # Counted from the catalogue and the store: the other files were not read.
        assert [e.loaded for e in screen.library.entries if e.date is not None] == [
            True,
            False,
            False,
        ]


async def test_escape_in_the_narrow_tree_hides_it_and_returns_its_cursor(
    wait_until: WaitUntil,
) -> None:
    app = make_app()
    async with app.run_test(size=(50, 20)) as pilot:
        screen = reader(app)
        tree = screen.section_tree
        await pilot.press("n")
        await pilot.press("backslash")  # under 60 columns: the tree full-screen
        await wait_until(pilot, lambda: screen.focused is tree, what="tree shown")
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: tree.cursor_node.data == Target(0, 0, 3))  # type: ignore[union-attr]
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.focused is screen.story, what="story focused")
        assert not screen.has_class("-tree-shown")
        await wait_until(
            pilot,
            lambda: tree.cursor_node.data == Target(0, 0, 1),  # type: ignore[union-attr]
            what="the tree back on the open article",
        )
        assert screen.session.position == (0, 1)
