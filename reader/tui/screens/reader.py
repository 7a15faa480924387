"""The reader screen: one issue on screen (:class:`IssueScreen`), its keys, and the trips
to the other screens: search, library, bookmarks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.screen import Screen

from reader.session import Jump
from reader.tui.commands import ArticleCommands, ScriptCommands
from reader.tui.screens.issue import IssueScreen
from reader.tui.screens.reader_keys import READER_BINDINGS
from reader.typeset.article import MAX_MEASURE, MEASURE_STEP, MIN_MEASURE
from reader.typeset.plain import article_as_text

if TYPE_CHECKING:
    from reader.search.index import SearchHit


class ReaderScreen(IssueScreen):
    """Reads one issue of a library at a time, with every key of product.md."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Screen.COMPONENT_CLASSES | {
        "reader--palette-section",  # the section beside a headline in the command palette
    }

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as an instance attribute
        (0, "-narrow"),
        (60, "-wide"),
    ]

    COMMANDS = Screen.COMMANDS | {ArticleCommands, ScriptCommands}

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    # --- search -------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box."""
        from reader.tui.screens.search import SearchScreen

        await self.library_ready()
        index, indexed = self.host.search_index()
        issue = self.issue
        self.save_current_place()
        self.app.push_screen(
            SearchScreen(
                index,
                self.library,
                issue.identity if issue else None,
                indexed,
                self.scripts.texts(),
                self.story.search_query,
            ),
            self.open_search_hit,
        )

    def open_search_hit(self, picked: tuple[SearchHit, str] | None) -> None:
        """Open the story a search found, at its first match, with matches highlighted."""
        if picked is None:
            return
        hit, query = picked
        if self._jump(self.session.jump_to(hit.issue_key, hit.article_id, str(hit.path))):
            self.story.set_query(query)
            self._match_step(1)

    def _jump(self, jump: Jump) -> bool:
        """Open where a search hit or bookmark leads; True when it is the article asked for."""
        if jump.index is None:
            self.notify("That issue's file is missing", severity="error", markup=False)
            return False
        if jump.position is None:  # a broken file: its error
            self.open_entry(jump.index)
            return False
        self.open_in_script(jump.index, jump.position)
        if jump.moved:
            self.notify("That article is no longer in the issue", markup=False)
        return not jump.moved

    def action_previous_match(self) -> None:
        """After a search: the previous match in the story."""
        if self.story.match_count():
            self._match_step(-1)

    def action_clear_search(self) -> None:
        """Clear the search highlights."""
        if self.story.search_query:
            self.story.set_query("")
            self.notify("Search cleared", markup=False, timeout=1.5)

    # --- the library ------------------------------------------------------

    async def action_library(self) -> None:
        """Open the library screen; enter there opens an issue."""
        from reader.tui.screens.library import LibraryScreen

        await self.library_ready()
        store = self.host.store
        counts = store.read_counts() if store is not None else {}
        self.save_current_place()
        shown = self.library

        def picked(index: int | None) -> None:
            # The library may have been refreshed while its screen was open.
            entry = shown.entries[index] if index is not None else None
            self.open_from_library(None if entry is None else self.session.index_of(entry))

        screen = LibraryScreen(shown, self.entry_index, counts, script=self.scripts.texts())
        self.app.push_screen(screen, picked)

    def open_from_library(self, index: int | None) -> None:
        """Open the issue picked in the library (at the place where it was left)."""
        if index is None or index == self.entry_index:
            return
        self.open_in_script(index, None)

    # --- bookmarks and copying ------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the current article, or remove its bookmark."""
        issue, article = self.issue, self.article
        if issue is None or article is None:
            return
        now = self.state.toggle_bookmark(issue, self.session.section_index, article)
        if now is None:
            return
        self.notify("Bookmarked" if now else "Bookmark removed", markup=False, timeout=2)
        self.section_tree.refresh_article(
            self.marks_for(issue), self.entry_index, *self.session.position
        )

    def action_bookmarks(self) -> None:
        """Open the list of every bookmark."""
        from reader.tui.screens.bookmarks import BookmarksScreen

        store = self.host.store
        if store is None:
            self.notify("Bookmarks are not available", severity="error", markup=False)
            return
        self.save_current_place()
        screen = BookmarksScreen(
            store,
            self.scripts.texts(),
            lambda item: self.session.can_open(item.issue_key, item.path),
        )
        self.app.push_screen(screen, self.jump_to_bookmark)

    def jump_to_bookmark(self, target: tuple[str, str, str | None] | None) -> None:
        """Open a bookmarked article (issue key, article id, path), loading its file if need be."""
        if target is not None:
            self._jump(self.session.jump_to(*target))

    def action_copy_article(self) -> None:
        """Copy the article on screen as plain text."""
        issue = self.issue
        if issue is None or self.article is None:
            return
        text = article_as_text(self.scripts.shown_article(issue, self.session.position))
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied {len(text)} characters (OSC 52; in tmux: set -g set-clipboard on)",
            markup=False,
            timeout=3,
        )

    def action_switch_focus(self) -> None:
        """Move focus between tree and story."""
        tree_visible = self.section_tree.display and self.section_tree.region.width > 0
        if self.focused is self.story and tree_visible:
            self.section_tree.focus()
        else:
            self.story.focus()

    def action_toggle_tree(self) -> None:
        """Hide or show the tree (reading mode)."""
        if self.has_class("-narrow"):
            self.toggle_class("-tree-shown")
            if self.has_class("-tree-shown"):
                self.section_tree.focus()
            else:
                self.story.focus()
        else:
            self.toggle_class("-tree-hidden")
            if self.has_class("-tree-hidden"):
                self.story.focus()

    def action_story(self, action: str) -> None:
        """Run a scrolling action on the story (used by keys pressed in the tree)."""
        story = self.story
        {
            "page_down": story.action_page_down,
            "page_up": story.action_page_up,
            "scroll_home": story.action_scroll_home,
            "scroll_end": story.action_scroll_end,
        }[action]()

    def _set_measure(self, measure: int) -> None:
        measure = max(MIN_MEASURE, min(MAX_MEASURE, measure))
        if measure == self.measure:
            return
        self.measure = measure
        self.story.set_measure(measure)
        self.host.remember("measure", str(measure))
        self.notify(f"Measure {measure} columns", markup=False, timeout=1.5)

    def action_wider(self) -> None:
        """Longer lines."""
        self._set_measure(self.measure + MEASURE_STEP)

    def action_narrower(self) -> None:
        """Shorter lines."""
        self._set_measure(self.measure - MEASURE_STEP)
