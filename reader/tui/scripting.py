"""Script modes in the reader: key ``t``, palette modes, conversion off the UI thread.

The current article is converted first and shown at once; the rest of the
issue follows in the same worker, one paragraph-sized OpenCC call at a time,
so a long issue never freezes the interface. Results are cached per issue and
mode. Bookmarks and reading state keep using the original issue's identity.
"""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from reader.issue.model import Article, Issue, Section

if TYPE_CHECKING:
    from types import ModuleType

EntryKey = object
"""What caches are keyed by: the library entry object itself, not its index, so that
they survive the library being refreshed (entries re-sorted, added, removed)."""


def _script() -> ModuleType:
    """reader.script, imported on first use: the first story does not need it."""
    import reader.script

    return reader.script


def _convert_article(article: Article, config: str) -> Article:
    """One article converted, through the same Issue.map_text as whole issues."""
    convert = _script().get_converter(config).convert
    holder = Issue(paper="", sections=(Section(title="", articles=(article,)),))
    return holder.map_text(convert).sections[0].articles[0]


class ScriptModes:
    """Mixed into the reader screen: owns the mode, the cache and the worker."""

    mode: str = "original"
    regional_phrases: bool = False
    traditional: str = "hant"

    def _init_scripts(self, mode: str, regional_phrases: bool, traditional: str) -> None:
        self.mode = mode
        self.regional_phrases = regional_phrases
        self.traditional = traditional
        self._converted: dict[tuple[EntryKey, str], Issue] = {}
        self._partial: dict[tuple[EntryKey, str, int, int], Article] = {}
        self._sources: dict[EntryKey, tuple[str, str, bool]] = {}
        self._converting: str | None = None
        self._warned_phrases = False

    def mode_label(self) -> str:
        """The mode as the status line shows it."""
        if self.mode == "original" and not self._converting:
            return "original"
        label = _script().MODE_LABELS.get(self.mode, self.mode)
        return f"{label}…" if self._converting else label

    def shown_issue(self, entry: EntryKey, issue: Issue) -> Issue:
        """``issue`` as it is shown in the current mode (the original until converted)."""
        if self.mode == "original":
            return issue
        return self._converted.get((entry, self.mode), issue)

    def shown_article(self, entry: EntryKey, issue: Issue, section: int, article: int) -> Article:
        """One article as shown: converted when ready, partially converted, or original."""
        converted = self._converted.get((entry, self.mode))
        if self.mode != "original" and converted is not None:
            return converted.sections[section].articles[article]
        if self.mode != "original":
            early = self._partial.get((entry, self.mode, section, article))
            if early is not None:
                return early
        return issue.sections[section].articles[article]

    # --- switching -------------------------------------------------------

    def action_toggle_script(self) -> None:
        """Switch between the original script and the other one."""
        if self.mode != "original" or self._converting is not None:
            self.apply_mode("original")  # also while a conversion is still on its way
        else:
            self.apply_mode(None)

    def apply_mode(self, mode: str | None) -> None:
        """Show the issue in ``mode`` (None: the other script of the issue)."""
        if mode == "original":
            self.mode = "original"
            self._converting = None
            self.script_changed("all")
            return
        entry, issue = self.current_entry_issue()
        if mode is None and entry in self._sources:
            mode = _script().toggle_target(self._sources[entry][0], self.traditional)
        if issue is None:
            if mode is not None:
                self.mode = mode
            self.script_changed(None)
            return
        if mode is not None and (entry, mode) in self._converted:
            self.mode = mode
            self.script_changed("all")
            return
        position = self.current_position()
        config = None
        if mode is not None and entry in self._sources:
            config = _script().opencc_config(mode, self._sources[entry][0], self.regional_phrases)
        if (
            mode is not None
            and config is not None
            and _script().built_converter(config) is not None
        ):
            # The converter exists: convert the story on screen now (about 1 ms for
            # 3,000 characters) and leave the rest of the issue to the worker.
            section, article = position
            original = issue.sections[section].articles[article]
            self._partial[(entry, mode, section, article)] = _convert_article(original, config)
            self._converting = mode
            self.mode = mode
            self.script_changed("story")
        else:
            self._converting = mode or "?"
            self.script_changed(None)
        self._convert_worker(entry, issue, mode, position)

    # A description keeps Textual from building one out of repr() of the whole issue.
    @work(thread=True, exclusive=True, group="script", description="script conversion")
    def _convert_worker(
        self, entry: EntryKey, issue: Issue, mode: str | None, position: tuple[int, int]
    ) -> None:
        worker = get_current_worker()
        app = self.app  # type: ignore[attr-defined]
        try:
            if entry not in self._sources:
                self._sources[entry] = _script().source_script(issue)
            source, how, _detected = self._sources[entry]
            target = mode or _script().toggle_target(source, self.traditional)
            config = (
                _script().opencc_config(target, source, self.regional_phrases) if target else None
            )
            if config is None:
                note = (
                    "This issue is not Chinese text: nothing to convert"
                    if source == "other"
                    else f"The issue is already in {_script().MODE_LABELS.get(target, target)}"
                )
                app.call_from_thread(self._conversion_done, entry, target, issue, note)
                return
            section, article = position
            first = _convert_article(issue.sections[section].articles[article], config)
            if worker.is_cancelled:
                return
            self._partial[(entry, target, section, article)] = first
            painted = threading.Event()
            app.call_from_thread(self._conversion_started, entry, target, painted)
            # Let the converted story reach the screen before the rest competes for the GIL.
            painted.wait(0.25)
            if worker.is_cancelled:
                return
            converted = _script().convert_issue(issue, target, self.regional_phrases)
            if worker.is_cancelled:
                return
            note = f"{_script().MODE_LABELS[target]} (OpenCC {config}; source script: {how})"
            app.call_from_thread(self._conversion_done, entry, target, converted, note)
        except _script().ScriptError as error:
            app.call_from_thread(self._conversion_failed, str(error))

    def _conversion_started(self, entry: EntryKey, mode: str, painted: threading.Event) -> None:
        self.call_after_refresh(painted.set)  # type: ignore[attr-defined]
        if self._converting is None:
            return
        self.mode = mode
        self.script_changed("story")

    def _conversion_done(self, entry: EntryKey, mode: str, issue: Issue, note: str) -> None:
        self._partial = {k: v for k, v in self._partial.items() if k[:2] != (entry, mode)}
        self._converted[(entry, mode)] = issue
        gc.freeze()  # the converted issue lives on: keep full collections from rescanning it
        if self._converting is None:
            return  # the reader switched back meanwhile: keep the result, change nothing
        self._converting = None
        self.mode = mode
        self.script_changed("all")
        self.notify(note, markup=False, timeout=3)  # type: ignore[attr-defined]
        if self.regional_phrases and mode != "original" and not self._warned_phrases:
            self._warned_phrases = True
            self.notify(_script().PHRASES_WARNING, severity="warning", markup=False, timeout=8)  # type: ignore[attr-defined]

    def _conversion_failed(self, message: str) -> None:
        self._converting = None
        self.mode = "original"
        self.script_changed("all")
        self.notify(message, severity="error", markup=False, timeout=8)  # type: ignore[attr-defined]

    # --- warming up ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="script-warm-up", description="script warm-up")
    def warm_up_converter(self) -> None:
        """Build the converter ``t`` will need, in a worker while the reader is idle.

        OpenCC's constructor holds the GIL for ~80 ms; done at the first ``t`` that
        stalls the interface, done here it happens before anyone asks.
        """
        entry, issue = self.current_entry_issue()
        if issue is None or self._converting is not None:
            return
        script = _script()
        try:
            if entry not in self._sources:
                self._sources[entry] = script.source_script(issue)
            source = self._sources[entry][0]
            target = self.mode if self.mode != "original" else None
            target = target or script.toggle_target(source, self.traditional)
            config = script.opencc_config(target, source, self.regional_phrases)
            if config is not None:
                script.warm_up(config)
        except script.ScriptError:
            pass  # said when t is pressed; reading goes on

    # --- hooks the screen provides ---------------------------------------

    def current_entry_issue(self) -> tuple[EntryKey, Issue | None]:
        """The library entry (its object) and original issue being read."""
        raise NotImplementedError

    def current_position(self) -> tuple[int, int]:
        """(section, article) being read."""
        raise NotImplementedError

    def script_changed(self, what: str | None) -> None:
        """Redraw after a mode change: None status only, "story", or "all"."""
        raise NotImplementedError
