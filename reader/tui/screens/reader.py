"""The main screen: status line, section tree, story, footer."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from reader.issue.clean import clean_inline
from reader.issue.model import Article, Issue, Section
from reader.library.files import Entry, Library
from reader.tui.commands import ArticleCommands, ScriptCommands
from reader.tui.library_sync import LibrarySync
from reader.tui.reading_state import PLACE_SAVE_SECONDS, ReadingState
from reader.tui.scripting import ScriptModes
from reader.tui.widgets.section_tree import SectionTree, Target
from reader.tui.widgets.story import StoryView
from reader.typeset.article import MAX_MEASURE, MEASURE_STEP, MIN_MEASURE

if TYPE_CHECKING:
    from reader.search.index import SearchHit


WARM_UP_AFTER = 1.5  # seconds after start: build the OpenCC converter for t while idle


class StatusLine(Static):
    """Paper, date, section, script mode on the left; article k of n on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._parts: list[str] = []
        self._position = ""

    def show(self, parts: list[str], position: str) -> None:
        """Set the line; ``parts`` come from the issue, never parsed as markup."""
        self._parts = [p for p in parts if p]
        self._position = position
        self.refresh()

    def render(self) -> Text:
        """Fit the line to the width, keeping the position whole."""
        width = max(1, self.content_region.width or self.size.width)
        right = Text(self._position)
        left = Text("  ·  ".join(self._parts), no_wrap=True, overflow="ellipsis")
        room = width - right.cell_len - (2 if right else 0)
        if room < 4:
            left = Text()
            room = 0
        left.truncate(room, overflow="ellipsis", pad=True)
        if right:
            left.append("  " if room else "")
            left.append_text(right)
        left.truncate(width, overflow="ellipsis")
        return left


class ReaderScreen(ScriptModes, ReadingState, LibrarySync, Screen[None]):
    """Reads one issue of a library at a time."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Screen.COMPONENT_CLASSES | {
        "reader--palette-section",  # the section beside a headline in the command palette
    }

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as an instance attribute
        (0, "-narrow"),
        (60, "-wide"),
    ]

    COMMANDS = Screen.COMMANDS | {ArticleCommands, ScriptCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "next_article",
            "Next",
            id="reader.next_article",
            tooltip="Next article, crossing sections",
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
            id="reader.bookmarks",
            tooltip="All bookmarks: enter jumps, d deletes, e edits the note",
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
            id="reader.search.index",
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
            id="reader.library.files",
            tooltip="The library: issues by paper and date, with unread counts",
        ),
        Binding(
            "backslash",
            "toggle_tree",
            "Tree",
            id="reader.toggle_tree",
            tooltip="Hide or show the tree (reading mode)",
        ),
        Binding("plus,equals_sign", "wider", "Wider text", show=False, id="reader.wider"),
        Binding("minus", "narrower", "Narrower text", show=False, id="reader.narrower"),
    ]

    def __init__(
        self,
        library: Library,
        start: int,
        measure: int,
        *,
        mode: str = "original",
        regional_phrases: bool = False,
        traditional: str = "hant",
    ) -> None:
        super().__init__()
        self._init_scripts(mode, regional_phrases, traditional)
        self.library = library
        self.entry_index = start
        self.section_index = 0
        self.article_index = 0
        self.measure = measure

    def compose(self) -> ComposeResult:
        """Status line on top, tree beside story, footer below."""
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield SectionTree(id="tree")
            yield StoryView(id="story")
        yield Footer(show_command_palette=False)

    @property
    def section_tree(self) -> SectionTree:
        """The section tree."""
        return self.query_one(SectionTree)

    @property
    def story(self) -> StoryView:
        """The story pane."""
        return self.query_one(StoryView)

    @property
    def entry(self) -> Entry | None:
        """The library entry being read."""
        if 0 <= self.entry_index < len(self.library.entries):
            return self.library.entries[self.entry_index]
        return None

    @property
    def issue(self) -> Issue | None:
        """The issue being read, if it loaded."""
        entry = self.entry
        return entry.issue if entry else None

    @property
    def display_issue(self) -> Issue | None:
        """The issue as shown, in the current script mode."""
        issue = self.issue
        return None if issue is None else self.shown_issue(self.entry, issue)

    @property
    def section(self) -> Section | None:
        """The section being read."""
        issue = self.issue
        return issue.sections[self.section_index] if issue else None

    @property
    def article(self) -> Article | None:
        """The article on screen."""
        section = self.section
        return section.articles[self.article_index] if section else None

    def on_mount(self) -> None:
        """Fill the tree and open the first article."""
        self.story.measure = self.measure
        self.section_tree.marks = self.marks_for(self.issue)
        self.fill_tree()
        self.open_entry(self.entry_index)
        self.set_interval(PLACE_SAVE_SECONDS, self.save_current_place)
        self.story.focus()
        self.call_after_refresh(self._after_first_frame)
        if self.mode != "original":
            self.apply_mode(self.mode)
        gc.freeze()  # the loaded library lives on: keep full collections from rescanning it
        self.set_timer(WARM_UP_AFTER, self.warm_up_converter)

    def fill_tree(self) -> None:
        """(Re)build the tree, labelling the open issue in the current script."""
        shown = self.display_issue
        self.section_tree.fill(
            self.library,
            self.entry_index,
            {self.entry_index: shown} if shown else {},
            self.marks_for(self.issue),
        )

    def _after_first_frame(self) -> None:
        if self.library.verified:
            self.library_checked()
        else:
            self.start_library_check()  # it calls library_checked() when done

    def library_checked(self) -> None:
        """The library is known to be as the files are: say what could not be read, index it."""
        self._announce_broken()
        self.app.index_library(self.library)  # type: ignore[attr-defined]

    def reveal_current(self) -> None:
        """Point the tree at the article being read."""
        self.section_tree.reveal(self.entry_index, self.section_index, self.article_index)

    def _announce_broken(self) -> None:
        """Say which files of the library could not be opened (after the first frame)."""
        for message in self.library.messages:
            self.notify(message, severity="warning", markup=False, timeout=8)
        broken = self.library.broken
        if broken and len(self.library.entries) > 1:
            names = ", ".join(entry.label for entry in broken[:3])
            more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
            self.notify(
                f"{len(broken)} file(s) could not be opened: {names}{more}. "
                "The library (l) lists them with their errors.",
                severity="warning",
                markup=False,
                timeout=8,
            )

    # --- opening things -------------------------------------------------

    def open_entry(self, index: int) -> None:
        """Open an issue at its first article, or show why its file is broken."""
        if not self.library.entries:
            self.story.show_error("No issue files found.", ())
            self.status.show(["paperread"], "")
            return
        self.switch_entry(index)
        entry = self.library.entries[index]
        if entry.issue is None:
            details = tuple(str(p) for p in entry.error.problems) if entry.error else ()
            self.story.show_error(f"{clean_inline(str(entry.path))} could not be opened:", details)
            self.status.show([entry.label, "not opened"], "")
            self.section_tree.reveal_entry(index)
            return
        resume = self.resume_point(entry.issue)
        if resume is not None:
            self.open_article(*resume)
        else:
            self.open_article(0, 0)

    def switch_entry(self, index: int) -> None:
        """Make another library entry the open one (saving the place in the old one)."""
        if index == self.entry_index:
            return
        self.save_current_place()
        self.entry_index = index
        self.section_index = self.article_index = 0
        self.fill_tree()

    def open_article(
        self, section: int, article: int, place: tuple[int, int] | None = None
    ) -> None:
        """Show an article of the current issue (at ``place``) and point the tree at it."""
        issue = self.issue
        if issue is None:
            return
        self.save_current_place()
        self.section_index = section
        self.article_index = article
        shown = self.shown_article(self.entry, issue, section, article)
        self.story.show_article(shown, place=place)
        original = issue.sections[section].articles[article]
        self.record_open(issue, original)
        if place is not None:
            self.save_place(issue, original, place)
        self.section_tree.refresh_article(self.marks_for(issue), self.entry_index, section, article)
        self.section_tree.reveal(self.entry_index, section, article)
        self.update_status()

    def save_current_place(self) -> None:
        """Save where the reader is in the current story (timer, switching, quitting)."""
        issue = self.issue
        if issue is None or not self.story.lines or self.story.article is None:
            return
        article = issue.sections[self.section_index].articles[self.article_index]
        if article.id != self.story.article.id:
            return
        self.save_place(issue, article, self.story.place())

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def update_status(self) -> None:
        """Paper, date, section, script mode and position."""
        issue = self.display_issue
        if issue is None:
            return
        section = issue.sections[self.section_index]
        flat = self.flat_positions()
        position = flat.index((self.section_index, self.article_index)) + 1
        date = issue.date.isoformat() if issue.date else ""
        parts = [issue.paper, date, issue.edition or "", section.title, self.mode_label()]
        self.status.show(parts, f"article {position} of {len(flat)}")

    def flat_positions(self) -> list[tuple[int, int]]:
        """Every (section, article) of the current issue in reading order."""
        issue = self.issue
        if issue is None:
            return []
        return [(s, a) for s, sec in enumerate(issue.sections) for a in range(len(sec.articles))]

    # --- search -------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search box."""
        from reader.tui.screens.search import SearchScreen

        await self.library_ready()
        app = self.app
        index, indexed = app.search_index()  # type: ignore[attr-defined]
        issue = self.issue
        convert = None
        if self.mode != "original" and self.entry in self._sources:
            from reader.script import opencc_config

            source = self._sources[self.entry][0]
            convert = opencc_config(self.mode, source, self.regional_phrases)
        self.save_current_place()
        app.push_screen(
            SearchScreen(
                index,
                self.library,
                issue.identity if issue else None,
                indexed,
                convert,
                self.story.search_query,
            ),
            self.open_search_hit,
        )

    def open_search_hit(self, picked: tuple[SearchHit, str] | None) -> None:
        """Open the story a search found, at its first match, with matches highlighted."""
        if picked is None:
            return
        hit, query = picked
        index = next(
            (
                i
                for i, e in enumerate(self.library.entries)
                if e.identity == hit.issue_key or e.path_text == str(hit.path)
            ),
            None,
        )
        if index is None:
            index = self.add_to_library(hit.path)
        if index is None:
            self.notify("That issue's file is missing", severity="error", markup=False)
            return
        if index != self.entry_index:
            self.switch_entry(index)
        issue = self.issue
        if issue is None:
            self.open_entry(index)
            return
        found = issue.find_article(hit.article_id)
        if found is None:
            self.notify("That article is no longer in the issue", markup=False)
            return
        section = issue.sections.index(found[0])
        self.open_article(section, found[0].articles.index(found[1]))
        if self.mode != "original" and (self.entry, self.mode) not in self._converted:
            self.apply_mode(self.mode)
        self.story.set_query(query)
        self._match_step(1)

    def _match_step(self, step: int) -> None:
        number = self.story.go_to_match(step)
        total = self.story.match_count()
        if total:
            self.notify(
                f"Match {number} of {total} for “{self.story.search_query}” "
                "(n/N: next/previous, escape: clear)",
                markup=False,
                timeout=2,
            )

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
        store = self.store
        counts = store.read_counts() if store is not None else {}
        self.save_current_place()
        shown = self.library

        def picked(index: int | None) -> None:
            # The library may have been refreshed while its screen was open.
            entry = shown.entries[index] if index is not None else None
            self.open_from_library(None if entry is None else self.index_of(entry))

        self.app.push_screen(LibraryScreen(shown, self.entry_index, counts), picked)

    def open_from_library(self, index: int | None) -> None:
        """Open the issue picked in the library (at the place where it was left)."""
        if index is None or index == self.entry_index:
            return
        self.open_entry(index)
        if self.mode != "original" and self.issue is not None:
            self.apply_mode(self.mode)

    # --- bookmarks and copying ------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the current article, or remove its bookmark."""
        issue, article = self.issue, self.article
        if issue is None or article is None:
            return
        original = issue.sections[self.section_index].articles[self.article_index]
        now = self.toggle_bookmark(issue, self.section_index, original)
        if now is None:
            return
        self.notify("Bookmarked" if now else "Bookmark removed", markup=False, timeout=2)
        self.section_tree.refresh_article(
            self.marks_for(issue), self.entry_index, self.section_index, self.article_index
        )

    def action_bookmarks(self) -> None:
        """Open the list of every bookmark."""
        from reader.tui.screens.bookmarks import BookmarksScreen

        store = self.store
        if store is None:
            self.notify("Bookmarks are not available", severity="error", markup=False)
            return
        self.save_current_place()
        self.app.push_screen(BookmarksScreen(store), self.jump_to_bookmark)

    def jump_to_bookmark(self, target: tuple[str, str, str | None] | None) -> None:
        """Open a bookmarked article (issue key, article id, path), loading its file if need be."""
        if target is None:
            return
        issue_key, article_id, path = target
        index = next(
            (
                i
                for i, e in enumerate(self.library.entries)
                if e.issue is not None and e.issue.identity == issue_key
            ),
            None,
        )
        if index is None and path:
            index = self.add_to_library(Path(path))
        if index is None:
            self.notify("That issue's file is missing", severity="error", markup=False)
            return
        issue = self.library.entries[index].issue
        if issue is None:
            self.open_entry(index)
            return
        found = [
            (s, a)
            for s, section in enumerate(issue.sections)
            for a, article in enumerate(section.articles)
            if article.id == article_id
        ]
        if index != self.entry_index:
            self.switch_entry(index)
        self.open_article(*(found[0] if found else (0, 0)))
        if not found:
            self.notify("That article is no longer in the issue", markup=False)
        if self.mode != "original":
            self.apply_mode(self.mode)

    def add_to_library(self, path: Path) -> int | None:
        """Load a file that is not in the library (a bookmark's issue) and add it."""
        from reader.library.files import Library, load_entry

        if not path.exists():
            return None
        entry = load_entry(path)
        old = self.library
        self.library = Library(
            (*old.entries, entry), old.messages, old.roots, old.verified, old.catalogue
        )
        return len(self.library.entries) - 1

    def action_copy_article(self) -> None:
        """Copy the article on screen as plain text."""
        issue = self.issue
        if issue is None or self.article is None:
            return
        shown = self.shown_article(self.entry, issue, self.section_index, self.article_index)
        self.copy_article(shown)

    # --- script modes (see reader.tui.scripting) ---------------------------

    def current_entry_issue(self) -> tuple[object, Issue | None]:
        """The library entry and original issue being read."""
        return self.entry, self.issue

    def current_position(self) -> tuple[int, int]:
        """(section, article) being read."""
        return self.section_index, self.article_index

    def script_changed(self, what: str | None) -> None:
        """Redraw after a mode change: None status only, "story", or "all"."""
        issue = self.issue
        if what and issue is not None:
            article = self.shown_article(self.entry, issue, self.section_index, self.article_index)
            self.story.show_article(article, place=self.story.place())
            if what == "all":
                # The story first; the tree's labels follow in the next frame.
                self.call_after_refresh(self._relabel_tree)
        self.update_status()
        if self._converting is None:
            self.app.remember("script", self.mode)  # type: ignore[attr-defined]

    def _relabel_tree(self) -> None:
        self.fill_tree()
        self.section_tree.reveal(self.entry_index, self.section_index, self.article_index)

    # --- tree events ----------------------------------------------------

    @on(Tree.NodeSelected, "#tree")
    def on_tree_selected(self, event: Tree.NodeSelected[Target]) -> None:
        """Enter on an article opens it; on a broken file shows its error."""
        target = event.node.data
        if target is None:
            return
        if target.article is not None and target.section is not None:
            if target.entry != self.entry_index:
                self.switch_entry(target.entry)
                if self.mode != "original":
                    self.apply_mode(self.mode)
            self.open_article(target.section, target.article)
            if self.has_class("-narrow"):
                self.remove_class("-tree-shown")
            self.story.focus()
        elif target.section is None:
            entry = self.library.entries[target.entry]
            if entry.issue is None or target.entry != self.entry_index:
                self.open_entry(target.entry)

    # --- actions --------------------------------------------------------

    def _step(self, delta: int) -> None:
        flat = self.flat_positions()
        if not flat:
            return
        here = flat.index((self.section_index, self.article_index))
        there = here + delta
        if not 0 <= there < len(flat):
            self.notify(
                "No more articles" if delta > 0 else "This is the first article",
                markup=False,
                timeout=2,
            )
            return
        self.open_article(*flat[there])

    def action_next_article(self) -> None:
        """Next article, crossing section boundaries (after a search: the next match)."""
        if self.story.match_count():
            self._match_step(1)
            return
        self._step(1)

    def action_previous_article(self) -> None:
        """Previous article, crossing section boundaries."""
        self._step(-1)

    def _section_step(self, delta: int) -> None:
        issue = self.issue
        if issue is None:
            return
        target = self.section_index + delta
        if delta < 0 and self.article_index > 0:
            target = self.section_index  # first go back to this section's start
        if not 0 <= target < len(issue.sections):
            self.notify(
                "No more sections" if delta > 0 else "This is the first section",
                markup=False,
                timeout=2,
            )
            return
        self.open_article(target, 0)

    def action_next_section(self) -> None:
        """First article of the next section."""
        self._section_step(1)

    def action_previous_section(self) -> None:
        """First article of this section, or of the previous one."""
        self._section_step(-1)

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
        self.app.remember("measure", str(measure))  # type: ignore[attr-defined]
        self.notify(f"Measure {measure} columns", markup=False, timeout=1.5)

    def action_wider(self) -> None:
        """Longer lines."""
        self._set_measure(self.measure + MEASURE_STEP)

    def action_narrower(self) -> None:
        """Shorter lines."""
        self._set_measure(self.measure - MEASURE_STEP)
