"""Script modes in the reader: key ``t``, palette modes, conversion off the UI thread.

The current article is converted first and shown at once; the rest of the
issue follows in a worker, one paragraph-sized OpenCC call at a time, so a long
issue never freezes the interface. A :class:`reader.session.ScriptCache` decides
what to convert and keeps the results. Bookmarks and reading state keep using the
original issue's identity. The worker reports to the screen with the messages
defined here; the screen hands them back to :class:`ScriptSwitcher`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from reader.issue.model import Article, Issue, Section
from reader.session import ReadingSession, ScriptCache

if TYPE_CHECKING:
    from types import ModuleType

    from textual.screen import Screen

    from reader.script_text import ScriptText

Redraw = Callable[[str | None], None]
"""Called after a mode change: None (status only), "story", or "all"."""

Say = Callable[[str], None]
"""Answers the reader in the screen's message line (what ``t`` did)."""


def _script() -> ModuleType:
    """reader.script, imported on first use (for start-up speed: the first story does
    not need OpenCC's tables)."""
    import reader.script

    return reader.script


def _convert_article(article: Article, config: str) -> Article:
    """One article converted, through the same Issue.map_text as whole issues."""
    convert = _script().get_converter(config).convert
    holder = Issue(paper="", sections=(Section(title="", articles=(article,)),))
    return holder.map_text(convert).sections[0].articles[0]


class ConversionStarted(Message):
    """The story on screen is converted; the rest of the issue follows."""

    def __init__(self, entry: object, mode: str, painted: threading.Event) -> None:
        super().__init__()
        self.entry, self.mode, self.painted = entry, mode, painted


class ConversionDone(Message):
    """A whole issue is converted (or there was nothing to convert: ``note`` says)."""

    def __init__(self, entry: object, mode: str | None, issue: Issue, note: str) -> None:
        super().__init__()
        self.entry, self.mode, self.issue, self.note = entry, mode, issue, note


class ConversionFailed(Message):
    """OpenCC could not convert the issue."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class ScriptSwitcher:
    """Owns the script mode of a reader screen and the conversions behind it."""

    def __init__(
        self,
        host: Screen[Any],
        session: ReadingSession,
        redraw: Redraw,
        *,
        say: Say,
        mode: str = "original",
        regional_phrases: bool = False,
        traditional: str = "tw",
    ) -> None:
        self.host = host
        self.session = session
        self.redraw = redraw
        self.say = say
        self.mode = mode
        self.regional_phrases = regional_phrases
        self.traditional = traditional
        self.cache = ScriptCache()
        self.converting: str | None = None  # the mode on its way, "?" while unknown
        self._warned_phrases = False
        self._text_sources: dict[str, str] = {}  # issue key → script, for short texts

    def label(self) -> str:
        """The mode as the status line shows it."""
        if self.mode == "original" and not self.converting:
            return "original"
        label: str = _script().MODE_LABELS.get(self.mode, self.mode)
        if self.converting:
            return f"{label}…"
        if self.cache.known_source(self.session.entry) == "other":
            return "original (not Chinese text)"  # nothing was converted: say so
        return label

    def shown_issue(self, issue: Issue) -> Issue:
        """The open ``issue`` as shown in the current mode (the original until converted)."""
        return self.cache.shown_issue(self.session.entry, issue, self.mode)

    def shown_article(self, issue: Issue, position: tuple[int, int]) -> Article:
        """One article of the open issue as shown in the current mode."""
        return self.cache.shown_article(self.session.entry, issue, position, self.mode)

    def texts(self) -> ScriptText:
        """Converts short issue texts (bookmarks, the library, search hits) to the mode shown.

        Issues whose script the reader has detected keep that script; others are
        detected from their own texts, once (the answers are kept for the next list).
        """
        # Lazy, as reader.script: the first story needs neither.
        from reader.script_text import ScriptText

        for entry, (source, _how, _detected) in self.cache.sources.items():
            key = getattr(entry, "identity", None)
            if isinstance(key, str):
                self._text_sources[key] = source
        return ScriptText(self.mode, self.regional_phrases, self._text_sources)

    # --- switching -------------------------------------------------------

    def toggle(self) -> None:
        """Switch between the original script and the other one."""
        if self.mode != "original" or self.converting is not None:
            self.apply("original")  # also while a conversion is still on its way
        else:
            self.apply(None)

    def reapply(self) -> None:
        """After another issue was opened: show it in the current mode too."""
        if self.mode != "original" and not self.cache.has(self.session.entry, self.mode):
            self.apply(self.mode)

    def apply(self, mode: str | None) -> None:
        """Show the issue in ``mode`` (None: the other script of the issue)."""
        if mode == "original":
            self.mode = "original"
            self.converting = None
            self.redraw("all")
            return
        entry, issue = self.session.entry, self.session.issue
        mode = self.cache.target(entry, mode, self.traditional)
        if issue is None:
            if mode is not None:
                self.mode = mode
            self.redraw(None)
            return
        if mode is not None and self.cache.has(entry, mode):
            self.mode = mode
            self.redraw("all")
            return
        position = self.session.position
        config = self.cache.config(entry, mode, self.regional_phrases)
        if mode is not None and config is not None and _script().built_converter(config):
            # The converter exists: convert the story on screen now (about 1 ms for
            # 3,000 characters) and leave the rest of the issue to the worker.
            section, article = position
            original = issue.sections[section].articles[article]
            self.cache.partial[(entry, mode, section, article)] = _convert_article(original, config)
            self.converting = mode
            self.mode = mode
            self.redraw("story")
        else:
            self.converting = mode or "?"
            self.redraw(None)
        self.host.run_worker(
            lambda: self._convert(entry, issue, mode, position),
            thread=True,
            exclusive=True,
            group="script",
            # A description keeps Textual from building one out of repr() of the issue.
            description="script conversion",
        )

    def _convert(
        self, entry: object, issue: Issue, mode: str | None, position: tuple[int, int]
    ) -> None:
        """In a worker thread: the story on screen first, then the whole issue."""
        worker = get_current_worker()
        post = self.host.post_message
        script = _script()
        cache = self.cache
        try:
            cache.source(entry, issue)
            target = cache.target(entry, mode, self.traditional)
            assert target is not None  # the issue's script is known now
            config = cache.config(entry, target, self.regional_phrases)
            if config is None:
                post(ConversionDone(entry, target, issue, cache.note(entry, target, None)))
                return
            section, article = position
            first = _convert_article(issue.sections[section].articles[article], config)
            if worker.is_cancelled:
                return
            self.cache.partial[(entry, target, section, article)] = first
            painted = threading.Event()
            post(ConversionStarted(entry, target, painted))
            # Let the converted story reach the screen before the rest competes for the GIL.
            painted.wait(0.25)
            if worker.is_cancelled:
                return
            converted = script.convert_issue(issue, target, self.regional_phrases)
            if worker.is_cancelled:
                return
            post(ConversionDone(entry, target, converted, cache.note(entry, target, config)))
        except script.ScriptError as error:
            post(ConversionFailed(str(error)))

    def started(self, message: ConversionStarted) -> None:
        """The story on screen is converted: show it."""
        self.host.call_after_refresh(message.painted.set)
        if self.converting is None:
            return
        self.mode = message.mode
        self.redraw("story")

    def done(self, message: ConversionDone) -> None:
        """A whole issue is converted: keep it, and show it unless the reader went back."""
        mode = message.mode
        if mode is not None:
            self.cache.store(message.entry, mode, message.issue)
            gc.freeze()  # the converted issue lives on: keep full collections from rescanning it
        if self.converting is None:
            return  # the reader switched back meanwhile: keep the result, change nothing
        self.converting = None
        self.mode = mode or "original"
        self.redraw("all")
        self.say(message.note)
        if self.regional_phrases and self.mode != "original" and not self._warned_phrases:
            self._warned_phrases = True
            warning = _script().PHRASES_WARNING
            self.host.notify(warning, severity="warning", markup=False, timeout=8)

    def failed(self, message: ConversionFailed) -> None:
        """Conversion failed: back to the original, and say why."""
        self.converting = None
        self.mode = "original"
        self.redraw("all")
        self.host.notify(message.message, severity="error", markup=False, timeout=8)

    # --- warming up ------------------------------------------------------------

    def warm_up(self) -> None:
        """Build the converter ``t`` will need, in a worker while the reader is idle.

        OpenCC's constructor holds the GIL for ~80 ms; done at the first ``t`` that
        stalls the interface, done here it happens before anyone asks.
        """
        self.host.run_worker(
            self._warm_up,
            thread=True,
            exclusive=True,
            group="script-warm-up",
            description="script warm-up",
        )

    def _warm_up(self) -> None:
        entry, issue = self.session.entry, self.session.issue
        if issue is None or self.converting is not None:
            return
        script = _script()
        cache = self.cache
        try:
            cache.source(entry, issue)
            mode = self.mode if self.mode != "original" else None
            target = cache.target(entry, mode, self.traditional)
            config = cache.config(entry, target, self.regional_phrases)
            if config is not None:
                script.warm_up(config)
        except script.ScriptError:
            pass  # said when t is pressed; reading goes on
