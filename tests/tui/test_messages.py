"""The reader's parts talk through messages: the section tree, the library check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message

from reader.library.files import Library, load_library
from reader.tui.app import PaperreadApp
from reader.tui.reading.library_check import LibraryChecked
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import SectionTree, Target

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


class TreeApp(App[None]):
    """Only a section tree, keeping what it says."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield SectionTree()

    def on_mount(self) -> None:
        tree = self.query_one(SectionTree)
        shown = self.library.entries[0].issue
        tree.fill(self.library, 0, {0: shown} if shown else {}, tree.marks)
        tree.focus()

    @on(SectionTree.ArticleSelected)
    @on(SectionTree.IssueSelected)
    def _heard(self, message: Message) -> None:
        self.heard.append(message)


async def test_the_tree_says_which_article_was_chosen(wait_until: WaitUntil) -> None:
    app = TreeApp(load_library([SAMPLE]))
    async with app.run_test(size=(60, 20)) as pilot:
        tree = app.query_one(SectionTree)
        await wait_until(pilot, lambda: bool(tree.root.children))
        tree.move_cursor(tree.root.children[0].children[1])  # the second article
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.heard))
        [message] = app.heard
        assert isinstance(message, SectionTree.ArticleSelected)
        assert message.target == Target(0, 0, 1)


async def test_the_tree_says_which_broken_file_was_chosen(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    app = TreeApp(load_library([broken]))
    async with app.run_test(size=(60, 20)) as pilot:
        tree = app.query_one(SectionTree)
        await wait_until(pilot, lambda: bool(tree.root.children))
        tree.move_cursor(tree.root.children[0])
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.heard))
        [message] = app.heard
        assert isinstance(message, SectionTree.IssueSelected) and message.target.entry == 0


async def test_the_reader_opens_the_article_the_tree_names(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.section_tree.post_message(SectionTree.ArticleSelected(Target(0, 0, 2)))
        await wait_until(pilot, lambda: screen.session.position == (0, 2))
        issue = screen.session.issue
        assert issue is not None and screen.article is issue.sections[0].articles[2]
        assert screen.story.article is not None and screen.story.article.id == screen.article.id


async def test_a_failed_library_check_keeps_the_library(wait_until: WaitUntil) -> None:
    library = load_library([SAMPLE])
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.post_message(LibraryChecked(None))
        await wait_until(pilot, lambda: screen.session.library is not library)
        assert screen.library.verified and screen.library.entries == library.entries
        assert app.library is screen.library
        await screen.library_ready()  # the check is over: this returns


async def test_a_checked_library_is_swapped_in_and_the_story_stays(wait_until: WaitUntil) -> None:
    library = load_library([SAMPLE])
    app = PaperreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        open_entry = screen.entry
        assert open_entry is not None
        other = load_library([SAMPLE]).entries[0]  # another object for the same file
        fresh = Library((other, open_entry), library.messages, library.roots, True)
        screen.post_message(LibraryChecked(fresh))
        await wait_until(pilot, lambda: screen.session.library is fresh)
        assert screen.entry is open_entry and screen.entry_index == 1
