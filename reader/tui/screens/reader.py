"""The reader screen: one issue on screen (:class:`IssueScreen`), its keys, and the trips
to the other screens: search, library, bookmarks."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.screen import Screen

from reader.session import Jump
from reader.tui.commands import ArticleCommands, ScriptCommands
from reader.tui.reading.library_check import reading_text
from reader.tui.screens.issue import IssueScreen
from reader.tui.screens.reader_keys import READER_BINDINGS
from reader.tui.widgets.message_line import LONG_SECONDS
from reader.tui.widgets.story import StoryView
from reader.typeset.measure import MAX_MEASURE, MEASURE_STEP, MIN_MEASURE

if TYPE_CHECKING:
    from reader.library.files import Library
    from reader.search.index import SearchHit

TREE_SHARES = (20, 25, 30, 35, 40)
"""The tree's share of the window in percent, one class each in paperread.tcss; ``<`` and
``>`` step through them, within the tree's minimum and maximum width."""
DEFAULT_TREE_SHARE = TREE_SHARES.index(30)


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

    tree_share = DEFAULT_TREE_SHARE
    """Index into :data:`TREE_SHARES`: the tree's share of the window."""

    def __init__(
        self,
        library: Library,
        start: int,
        measure: int,
        *,
        tree: int = TREE_SHARES[DEFAULT_TREE_SHARE],
        mode: str = "original",
        regional_phrases: bool = False,
        traditional: str = "tw",
        article: tuple[int, int] | None = None,
    ) -> None:
        """As :class:`IssueScreen`; ``tree`` is the tree's share of the window in percent
        (one of :data:`TREE_SHARES`, another is ignored), the reader's remembered choice."""
        super().__init__(
            library,
            start,
            measure,
            mode=mode,
            regional_phrases=regional_phrases,
            traditional=traditional,
            article=article,
        )
        # Made with its class, not given it after the first frame: a class changed then
        # restyles every widget again (see IssueScreen._width_class).
        self.tree_share = TREE_SHARES.index(tree) if tree in TREE_SHARES else DEFAULT_TREE_SHARE
        self.add_class(f"-tree-{TREE_SHARES[self.tree_share]}", update=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``n`` is one of two bindings: "Next match" while the story has search matches,
        "Next" (article) otherwise, so the footer says what ``n`` does."""
        if action in ("next_article", "next_match"):
            stories = self.query(StoryView)
            matches = bool(stories) and bool(stories.first().match_count())
            return matches == (action == "next_match")
        return True

    # --- search -------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box."""
        from reader.tui.screens.search import SearchScreen

        reading = self.library_check.reading
        if reading is not None:  # a first start: not a wait of minutes with the keys dead
            self.say(f"{reading_text(*reading)} — search once it is read", kind="warning")
            return
        await self.library_ready()
        index, indexed = await self.host.open_search_index()
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
            self.matches_changed()
            self._match_step(1)

    def _jump(self, jump: Jump) -> bool:
        """Open where a search hit or bookmark leads; True when it is the article asked for."""
        if jump.index is None:
            reading = self.library_check.reading
            if reading is not None:
                self.say(f"{reading_text(*reading)} — that issue is not read yet", kind="warning")
            else:
                self.notify("That issue's file is missing", severity="error", markup=False)
            return False
        if jump.position is None:  # a broken file: its error
            self.open_entry(jump.index)
            return False
        self.open_in_script(jump.index, jump.position)
        if jump.moved:
            self.say("That article is no longer in the issue", kind="warning")
        return not jump.moved

    def action_next_match(self) -> None:
        """After a search: the next match in the story."""
        if self.story.match_count():
            self._match_step(1)

    def action_previous_match(self) -> None:
        """After a search: the previous match in the story."""
        if self.story.match_count():
            self._match_step(-1)

    def action_clear_search(self) -> None:
        """Clear the search highlights."""
        if self.story.search_query:
            self.story.set_query("")
            self.matches_changed()
            self.say("Search cleared")

    # --- the library ------------------------------------------------------

    async def action_library(self) -> None:
        """Open the library screen; enter there opens an issue."""
        from reader.tui.screens.library import LibraryScreen

        # A first start's files may take minutes to read: the screen opens at once and
        # says so, and shows the library when it is read (LibraryRead).
        reading = self.library_check.reading
        if reading is None:
            await self.library_ready()
        store = self.host.store
        counts = store.read_counts() if store is not None else None
        self.save_current_place()
        shown = self.library

        def picked(index: int | None) -> None:
            # The library may have been refreshed while its screen was open.
            entry = screen.library.entries[index] if index is not None else None
            self.open_from_library(None if entry is None else self.session.index_of(entry))

        def replace(library: Library) -> int:  # after U: the library the update refreshed
            self.replace_library(library)
            return self.entry_index

        screen = LibraryScreen(
            shown,
            self.entry_index,
            counts,
            script=self.scripts.texts(),
            replace=replace,
            reading=reading,
        )
        self.app.push_screen(screen, picked)

    def open_from_library(self, index: int | None) -> None:
        """Open the issue picked in the library (at the place where it was left)."""
        if index is None or index == self.entry_index:
            return
        self.open_in_script(index, None)

    # --- bookmarks and copying ------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the current article, or remove its bookmark (kept for ``u``)."""
        issue, article = self.issue, self.article
        if issue is None or article is None:
            return
        now = self.state.toggle_bookmark(issue, self.session.section_index, article)
        if now is None:
            return
        if now:
            message = "Bookmarked"
        elif self.state.removed.last_had_note():
            message = "Bookmark and note removed — u to undo"
        else:
            message = "Bookmark removed — u to undo"
        self.say(message)
        self.section_tree.refresh_article(
            self.marks_for(issue), self.entry_index, *self.session.position
        )

    def action_undo(self) -> None:
        """Put back the bookmark removed last (by ``b`` or ``d`` in the list), note and all."""
        if not self.state.removed:
            self.say("Nothing to undo")
            return
        restored = self.state.undo_removal()
        if restored is None:
            return  # the store said why
        self.say("Bookmark and note restored" if restored.note else "Bookmark restored")
        self.refresh_tree_marks()

    # --- read marks and reading on ------------------------------------------

    def action_next_unread(self) -> None:
        """The next unread article: later in this issue, then in the next issues."""
        if self.issue is not None:
            self.flow.next_unread()

    def action_toggle_read(self) -> None:
        """Mark the article unread (again: read)."""
        self.flow.toggle_read()

    def action_mark_issue_read(self) -> None:
        """Mark the whole issue read (straight after, again: undo)."""
        self.flow.mark_issue_read()

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
            self.state.removed,
            self.scripts.texts(),
            lambda item: self.session.can_open(item.issue_key, item.path),
        )
        self.app.push_screen(screen, self.jump_to_bookmark)

    def jump_to_bookmark(self, target: tuple[str, str, str | None] | None) -> None:
        """Back from the list: the tree shows what was deleted or restored there; then open
        the bookmarked article picked (issue key, article id, path), if any."""
        self.refresh_tree_marks()
        if target is not None:
            self._jump(self.session.jump_to(*target))

    def action_copy_article(self) -> None:
        """Copy the article on screen as plain text."""
        issue = self.issue
        if issue is None or self.article is None:
            return
        from reader.typeset.plain import article_as_text  # lazy: not needed for the first frame

        text = article_as_text(self.scripts.shown_article(issue, self.session.position))
        self.app.copy_to_clipboard(text)
        self.say(
            copied_message(len(text), in_tmux=bool(os.environ.get("TMUX"))), timeout=LONG_SECONDS
        )

    def action_open_link(self) -> None:
        """Open the article's address in the desktop's browser; where none can be shown
        (over SSH, a text console), copy it instead (see :mod:`reader.links`)."""
        import sys

        from reader.links import can_show_a_browser, open_in_browser

        article = self.article
        url = article.url if article is not None else None
        if not url:
            self.say("This article has no web address")
            return
        if can_show_a_browser(os.environ, sys.platform) and open_in_browser(url):
            self.say(f"Opened in the browser: {url}", timeout=LONG_SECONDS)
            return
        self.app.copy_to_clipboard(url)
        self.say(
            f"No browser here: the address went to the clipboard (OSC 52): {url}",
            timeout=LONG_SECONDS,
        )

    def action_switch_focus(self) -> None:
        """Move focus between tree and story."""
        tree_visible = self.section_tree.display and self.section_tree.region.width > 0
        if self.focused is self.story and tree_visible:
            self.section_tree.focus()
        else:
            self.story.focus()

    def action_leave_tree(self) -> None:
        """Escape in the tree: back to the story (in a narrow terminal the tree hides)."""
        if self.has_class("-narrow"):
            self.remove_class("-tree-shown")
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

    def _step_measure(self, step: int) -> None:
        """Lengthen (``step`` > 0) or shorten the lines by ``step`` cells; the measure never
        exceeds the story pane, and a key that cannot change it says why."""
        pane = self.story.text_width()
        widest = min(MAX_MEASURE, pane) if pane > 0 else MAX_MEASURE
        shown = min(self.measure, widest)
        if step > 0 and shown >= widest:
            if widest < MAX_MEASURE:
                self.say(f"Measure at full width ({widest} columns)")
            else:
                self.say(f"Measure at its longest ({MAX_MEASURE} columns)")
            return
        if step < 0 and shown <= MIN_MEASURE:
            self.say(f"Measure at its shortest ({shown} columns)")
            return
        measure = max(MIN_MEASURE, min(widest, shown + step))
        self.measure = measure
        self.story.set_measure(measure)
        self.host.remember("measure", str(measure))
        full = " (the full width)" if measure == widest and widest == pane else ""
        self.say(f"Measure {measure} columns{full}")

    def action_wider(self) -> None:
        """Longer lines (after pending layout: a key typed right after ``\\`` measures the
        pane the tree left, not the one before)."""
        self.call_after_refresh(self._step_measure, MEASURE_STEP)

    def action_narrower(self) -> None:
        """Shorter lines."""
        self.call_after_refresh(self._step_measure, -MEASURE_STEP)

    # --- the tree's width -----------------------------------------------------

    def action_tree_wider(self) -> None:
        """A wider tree (a larger share of the window)."""
        self._step_tree(1)

    def action_tree_narrower(self) -> None:
        """A narrower tree."""
        self._step_tree(-1)

    def _step_tree(self, step: int) -> None:
        if self.has_class("-narrow"):
            self.say("The window is too narrow to show the tree beside the story")
            return
        if self.has_class("-tree-hidden"):
            self.say("The tree is hidden: \\ shows it")
            return
        start = self.tree_share
        self._try_tree_share(start, start + step, step, self.section_tree.outer_size.width)

    def _try_tree_share(self, start: int, index: int, step: int, before: int) -> None:
        """Give the tree share ``index``, then see whether its width changed from
        ``before``. A share the tree's bounds hold at the same width is passed over for
        the next one (a tree remembered at 40% in a window where 30-40% all make 56
        columns narrows at the first ``<``); when no share is left, the tree keeps
        ``start``. A width that changed is remembered for later starts."""
        way = "wide" if step > 0 else "narrow"
        if not 0 <= index < len(TREE_SHARES):
            if index - step == start:  # the first step is already past the end
                self.say(f"The tree is already as {way} as it goes")
            else:  # every share left was held by the bounds: take the steps back
                self._set_tree_share(start)
                self.say(f"The tree is already as {way} as it goes ({before} columns)")
            return
        self._set_tree_share(index)

        def report() -> None:
            after = self.section_tree.outer_size.width
            if after == before:  # held by the tree's bounds: try the next share
                self._try_tree_share(start, index + step, step, before)
            else:
                self.say(f"Tree {after} columns")
                self.host.remember("tree", str(TREE_SHARES[index]))

        self.call_after_refresh(report)

    def _set_tree_share(self, index: int) -> None:
        self.remove_class(*(f"-tree-{share}" for share in TREE_SHARES))
        self.tree_share = index
        self.add_class(f"-tree-{TREE_SHARES[index]}")


def copied_message(characters: int, *, in_tmux: bool) -> str:
    """What ``y`` says: the text went out by OSC 52, which the terminal (or tmux) may drop."""
    if in_tmux:
        return (
            f"Sent {characters} characters by OSC 52; tmux passes them on only with: "
            "set -g set-clipboard on"
        )
    return (
        f"Sent {characters} characters to the terminal's clipboard (OSC 52); "
        "paste to check it arrived"
    )
