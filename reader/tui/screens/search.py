"""The search box (key ``/``): results from the open issue first, then the library."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.converters import ScriptError
from reader.tui.host import host
from reader.tui.messages import IndexFinished, IndexProgressed
from reader.tui.screens.own_css import read_own_css

if TYPE_CHECKING:
    from reader.library.files import Library
    from reader.script_text import ScriptText
    from reader.search.index import SearchHit, SearchIndex

PROGRESS_AFTER = 0.5  # seconds of indexing before a progress bar is worth showing
DEBOUNCE = 0.15
IN_MEMORY_LIMIT = 200  # articles: up to this, the open issue is searched while indexing
LIMIT = 50  # results shown
RESEARCH_EVERY = 2.0  # seconds: while the library is indexed, the results so far are refreshed


class SearchScreen(ModalScreen[tuple["SearchHit", str] | None]):
    """Type a query; enter opens the selected story at the match; escape leaves."""

    CSS_PATH = "search.tcss"  # read when first shown: the first frame needs none of it

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Leave search", id="search.close"),
        Binding("down", "results", "Results", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search--headline",
        "search--where",
        "search--snippet",
        "search--match",
    }

    def __init__(
        self,
        index: SearchIndex,
        library: Library,
        issue_key: str | None,
        indexed: bool,
        script: ScriptText | None = None,
        query: str = "",
    ) -> None:
        super().__init__()
        read_own_css(self)
        self.index = index
        self.library = library
        self.issue_key = issue_key
        self.indexed = indexed
        self.script = script  # shows each hit in the reader's script, whatever its issue's
        self.initial = query
        self.hits: list[SearchHit] = []
        self._searched = 0.0  # when results were last shown (time.monotonic)

    def compose(self) -> ComposeResult:
        """Search box, progress, results."""
        with Vertical(id="search-panel"):
            yield Input(
                self.initial,
                placeholder="Search this issue and the library (简体 or 繁體)",
                id="search-input",
            )
            yield ProgressBar(id="search-progress", show_eta=False)
            yield Static(Text(""), id="search-status")
            yield OptionList(id="search-results")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Bring the index up to date (in a worker, unless the app already is), then search."""
        self.query_one("#search-progress").display = False
        self.query_one(Input).focus()
        app = host(self.app)
        self.index.set_library(self.library.entries)
        if self.indexed:
            if self.initial:
                self._search(self.initial)
        elif app.indexing:  # the library is being indexed in the background
            done, total = app.index_progress or (0, 0)
            self.index_progressed(done, total)
            self._search(self.initial)
        else:
            self._status("Indexing the library…")
            self._update_index()

    @on(IndexProgressed)
    def _on_index_progressed(self, message: IndexProgressed) -> None:
        self.index_progressed(message.done, message.total)

    @on(IndexFinished)
    def _on_index_finished(self, message: IndexFinished) -> None:
        self.index_finished(message.ok)

    def index_progressed(self, done: int, total: int) -> None:
        """The background indexing got on: show how far."""
        if self.indexed:
            return
        bar = self.query_one("#search-progress", ProgressBar)
        if total:
            bar.display = True
            bar.update(total=total, progress=done)
        query = self.query_one(Input).value
        if not query.strip():
            self._status(self._indexing_note())
        elif time.monotonic() - self._searched > RESEARCH_EVERY:
            self._search(query)  # more of the library is in: the results so far grow
        else:
            self._status(f"{self._found()} so far. {self._indexing_note()}")

    def index_finished(self, ok: bool) -> None:
        """The background indexing ended: search the whole library."""
        if self.indexed:
            return
        if not ok:  # search what was indexed, and index the rest here
            self._status("Indexing the library…")
            self._update_index()
            return
        self._indexed()

    def _found(self) -> str:
        return "1 story" if len(self.hits) == 1 else f"{len(self.hits)} stories"

    def _indexing_note(self) -> str:
        done, total = host(self.app).index_progress or (0, 0)
        if total:
            return f"Indexing {total:,} issues, newest first: {done:,} done"
        return "Indexing the library…"

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(text))

    @work(thread=True, exclusive=True, group="index")
    def _update_index(self) -> None:
        started = time.monotonic()
        bar = self.query_one("#search-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            if time.monotonic() - started > PROGRESS_AFTER:
                self.app.call_from_thread(self._show_progress, bar, done, total)

        try:
            self.index.update(self.library.entries, progress)
        except Exception as error:  # a bug, or a disk gone bad: say so, keep reading
            message = f"Indexing failed: {type(error).__name__}: {error}"
            self.index.messages.append(message)
        self.app.call_from_thread(self._indexed)

    def _show_progress(self, bar: ProgressBar, done: int, total: int) -> None:
        if not self.is_attached:
            return
        bar.display = True
        bar.update(total=total, progress=done)

    def _indexed(self) -> None:
        self.indexed = True
        host(self.app).search_indexed = True
        if not self.is_attached:  # closed meanwhile: what was indexed is kept, nothing to show
            return
        self.query_one("#search-progress").display = False
        for message in self.index.messages:
            self.notify(message, severity="warning", markup=False)
        self.index.messages.clear()
        query = self.query_one(Input).value
        self._status("")
        if query.strip():
            self._search(query)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.indexed or host(self.app).indexing:
            self._search(event.value)
        else:
            self._search_open_issue(event.value)

    def _search_open_issue(self, query: str) -> None:
        """While this screen indexes the library: search the open issue in memory."""
        self._show(query, self._open_issue_hits(query), indexing=True)

    def _open_issue_hits(self, query: str) -> list[SearchHit]:
        """The open issue's stories that match, found in memory (not in the index)."""
        from reader.search.index import SearchHit
        from reader.search.text import normalise_query, snippet, story_text

        wanted = normalise_query(query)
        entry = next(
            (e for e in self.library.entries if e.loaded and e.identity == self.issue_key), None
        )
        issue = entry.issue if entry is not None else None
        if issue is not None and issue.article_count() > IN_MEMORY_LIMIT:
            issue = None  # folding a huge issue on every keystroke would stall typing
        if not wanted or issue is None or entry is None:
            return []
        hits = []
        for section, article in issue.articles():
            text = story_text(article)
            found = snippet(text, wanted, article.headline)
            if found.spans or found.in_headline:
                hits.append(
                    SearchHit(
                        issue.identity,
                        article.id,
                        entry.path,
                        issue.paper,
                        issue.date,
                        section.title,
                        article.headline,
                        found.text,
                        found.spans,
                    )
                )
        return hits

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            index = results.highlighted if results.highlighted is not None else 0
            self.dismiss((self.hits[index], event.value))

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        time.sleep(DEBOUNCE)  # typing on: this worker is cancelled by the next one
        if get_current_worker().is_cancelled:
            return
        indexed = self.indexed
        try:
            if not query.strip():
                hits = []
            elif indexed:
                hits = self.index.search(query, limit=LIMIT, issue_key=self.issue_key)
            else:  # indexing in the background: the open issue from memory, then the index
                hits = self._open_issue_hits(query)[:LIMIT]
                more = self.index.search(query, limit=LIMIT, issue_key=None)
                hits += [h for h in more if h.issue_key != self.issue_key][: LIMIT - len(hits)]
        except Exception as error:  # a bug, or a disk gone bad: say so, keep reading
            self.app.call_from_thread(
                self.notify,
                f"Search failed: {type(error).__name__}: {error}",
                severity="error",
                markup=False,
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, hits, not indexed)

    def _show(self, query: str, hits: list[SearchHit], indexing: bool = False) -> None:
        if not self.is_attached:  # closed while the search ran: nothing left to show it in
            return
        self.hits = hits
        self._searched = time.monotonic()
        if self.indexed and self.index.messages:  # a search failed, or found the index damaged
            for message in self.index.messages:
                self.notify(message, severity="warning", markup=False, timeout=8)
            self.index.messages.clear()
            if self.index.rebuilt:  # it is empty now: fill it again, and search once it is
                self.indexed = False
                host(self.app).search_indexed = False
                self._status("Indexing the library…")
                self._update_index()
                return
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(self._prompt(hit)) for hit in hits])
        if hits:
            results.highlighted = 0
        if indexing and host(self.app).indexing:
            self._status(f"{self._found()} so far. {self._indexing_note()}")
        elif indexing:
            found = "1 story" if len(hits) == 1 else f"{len(hits)} stories"
            self._status(f"Indexing the library… meanwhile, in this issue: {found}")
        elif not query.strip():
            self._status("")
        elif hits:
            more = " (the first 50)" if len(hits) >= 50 else ""
            stories = "1 story" if len(hits) == 1 else f"{len(hits)} stories"
            self._status(f"{stories}{more} — enter opens, ↓ to choose")
        else:
            self._status("Nothing found")

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"search--{name}")

    def _shown(self, hit: SearchHit) -> tuple[str, str, str, str, list[tuple[int, int]]]:
        """Headline, paper, section and snippet (with its match spans) in the reader's script."""
        texts = [hit.headline, hit.paper, hit.section]
        snippet, spans = hit.snippet, list(hit.spans)
        script = self.script
        if script is not None and script.active:
            try:
                config = script.config([*texts, snippet], hit.issue_key)
                snippet, spans = script.marked(snippet, spans, config)
                texts = script.convert(texts, hit.issue_key)
            except ScriptError:  # OpenCC missing or broken: the reader said so on t
                pass
        headline, paper, section = texts
        return headline, paper, section, snippet, spans

    def _prompt(self, hit: SearchHit) -> Text:
        """Headline, where it is, and the snippet with the match highlighted (never markup)."""
        headline, paper, section, shown_snippet, spans = self._shown(hit)
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append(headline, self._style("headline"))
        where = "  ·  ".join(
            p for p in (paper, hit.date.isoformat() if hit.date else "", section) if p
        )
        prompt.append("\n" + where, self._style("where"))
        snippet = Text(shown_snippet, self._style("snippet"))
        for start, end in spans:
            snippet.stylize(self._style("match"), start, end)
        prompt.append("\n")
        prompt.append_text(snippet)
        return prompt

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.hits):
            self.dismiss((self.hits[event.option_index], self.query_one(Input).value))

    def action_results(self) -> None:
        """Move from the box to the results."""
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        """Leave search."""
        self.dismiss(None)
