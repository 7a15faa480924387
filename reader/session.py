"""A reading session: which issue, section and article are open, and where next.

The reader screen shows what a :class:`ReadingSession` says is open and asks it
where ``n``, ``p``, ``]`` and ``[`` lead; :class:`ScriptCache` keeps the issues
converted to another script; :class:`Marks` is what the tree shows as read and
bookmarked. None of them knows about Textual, so all are tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.issue.model import Article, Issue, Section
from reader.library.files import Entry, Library, entry_key, load_entry
from reader.record import Record, set_field

if TYPE_CHECKING:
    from types import ModuleType


def _script() -> ModuleType:
    """reader.script, imported on first use (for start-up speed: the first story does
    not need the script tables)."""
    import reader.script

    return reader.script


Position = tuple[int, int]
"""(section index, article index) in an issue."""


def _positions(issue: Issue | None) -> list[Position]:
    """Every (section, article) of ``issue`` in reading order."""
    if issue is None:
        return []
    return [(s, a) for s, sec in enumerate(issue.sections) for a in range(len(sec.articles))]


class Marks:
    """Reading state of the open issue, by article id: what is read, what is bookmarked;
    ``tracking`` False when no store is available: then nothing is "unread". (A plain
    class, not a dataclass: cheaper to define at start-up.)"""

    __slots__ = ("bookmarked", "read", "tracking")

    def __init__(
        self,
        read: set[str] | None = None,
        bookmarked: set[str] | None = None,
        tracking: bool = False,
    ) -> None:
        self.read: set[str] = set() if read is None else read
        self.bookmarked: set[str] = set() if bookmarked is None else bookmarked
        self.tracking = tracking

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Marks)
        return (self.read, self.bookmarked, self.tracking) == (
            other.read,
            other.bookmarked,
            other.tracking,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return (
            f"Marks(read={self.read!r}, bookmarked={self.bookmarked!r}, tracking={self.tracking!r})"
        )


class Jump(Record):
    """Where a search hit or a bookmark leads: ``index``, the library entry (None: its
    file is missing); ``position``, the article (None: the entry's file is broken);
    ``moved``: the article is no longer in the issue, its first article instead."""

    _fields = _compared = ("index", "position", "moved")
    __slots__ = _fields
    index: int | None
    position: Position | None
    moved: bool

    def __init__(
        self, index: int | None = None, position: Position | None = None, moved: bool = False
    ) -> None:
        set_field(self, "index", index)
        set_field(self, "position", position)
        set_field(self, "moved", moved)


class ReadingSession:
    """The library being read and the open entry, section and article in it."""

    def __init__(self, library: Library, entry_index: int = 0) -> None:
        self.library = library
        self.entry_index = entry_index
        self.section_index = 0
        self.article_index = 0

    # --- what is open ---------------------------------------------------------

    @property
    def entry(self) -> Entry | None:
        """The library entry being read (None in an empty library)."""
        if 0 <= self.entry_index < len(self.library.entries):
            return self.library.entries[self.entry_index]
        return None

    @property
    def issue(self) -> Issue | None:
        """The issue being read, if its file loaded."""
        entry = self.entry
        return entry.issue if entry else None

    @property
    def section(self) -> Section | None:
        """The section being read."""
        issue = self.issue
        return issue.sections[self.section_index] if issue else None

    @property
    def article(self) -> Article | None:
        """The article being read (in the original script)."""
        section = self.section
        return section.articles[self.article_index] if section else None

    @property
    def position(self) -> Position:
        """(section, article) being read."""
        return self.section_index, self.article_index

    def open_entry(self, index: int) -> bool:
        """Make entry ``index`` the open one, at its start; False when it already was."""
        if index == self.entry_index:
            return False
        self.entry_index = index
        self.section_index = self.article_index = 0
        return True

    def open_article(self, section: int, article: int) -> None:
        """Make an article of the open issue the one being read."""
        self.section_index = section
        self.article_index = article

    # --- moving through the issue -----------------------------------------------

    def positions(self) -> list[Position]:
        """Every (section, article) of the open issue in reading order."""
        return _positions(self.issue)

    def reading_order(self) -> tuple[int, int]:
        """(k, n): the open article is the k-th of n in reading order (0, 0 when none)."""
        flat = self.positions()
        if not flat or self.position not in flat:
            return 0, len(flat)
        return flat.index(self.position) + 1, len(flat)

    def article_step(self, delta: int) -> Position | None:
        """The article ``delta`` away in reading order, across sections; None past an end."""
        flat = self.positions()
        if not flat or self.position not in flat:
            return None
        there = flat.index(self.position) + delta
        return flat[there] if 0 <= there < len(flat) else None

    def section_step(self, delta: int) -> Position | None:
        """First article of the section ``delta`` away; going back from inside a section
        first returns to that section's start. None past an end (or in an empty section)."""
        issue = self.issue
        if issue is None:
            return None
        target = self.section_index + delta
        if delta < 0 and self.article_index > 0:
            target = self.section_index
        if not 0 <= target < len(issue.sections) or not issue.sections[target].articles:
            return None
        return target, 0

    # --- across issues: the library's order, newest first -------------------------
    #
    # "The next issue" is the next entry of the library list (the order of the tree and
    # of the library screen): an older issue of the same paper, or the next paper's
    # newest. ``n`` past an issue's last article, ``space`` at the end of its last story
    # and next-unread all go that way; ``p`` before the first article goes back up it.

    def issue_step(self, delta: int) -> Jump | None:
        """The issue ``delta`` (1 or -1) away in library order that opens and has
        articles (broken files are skipped), at its first article going forward and at
        its last going back; None past the end of the library."""
        entries = self.library.entries
        index = self.entry_index + delta
        while 0 <= index < len(entries):
            entry = entries[index]
            issue = None if entry.broken else entry.issue
            flat = _positions(issue)
            if flat:
                return Jump(index, flat[0] if delta > 0 else flat[-1])
            index += delta
        return None

    def next_unread(self, read_ids: Callable[[Entry], set[str]]) -> Jump | None:
        """The first unread article after the open one: later in the open issue, then in
        the next issues in library order, then (wrapping round) from the library's top
        back to the open article. ``read_ids(entry)`` gives the ids read in an entry's
        issue. None when everything else is read (the open article does not count)."""
        entry = self.entry
        if entry is None:
            return None
        flat = self.positions()
        here = flat.index(self.position) if self.position in flat else -1
        issue = self.issue
        read = read_ids(entry)
        later = self._unread_in(self.entry_index, issue, flat[here + 1 :], read)
        if later is not None:
            return later
        entries = self.library.entries
        for step in range(1, len(entries)):
            index = (self.entry_index + step) % len(entries)
            other = entries[index]
            if other.broken:
                continue
            other_read = read_ids(other)
            heads = other.headlines()  # from the catalogue: a fully read issue is not parsed
            if all(head.article_id in other_read for head in heads):
                continue
            other_issue = other.issue
            found = self._unread_in(index, other_issue, _positions(other_issue), other_read)
            if found is not None:
                return found
        return self._unread_in(self.entry_index, issue, flat[: max(here, 0)], read)

    @staticmethod
    def _unread_in(
        index: int, issue: Issue | None, positions: list[Position], read: set[str]
    ) -> Jump | None:
        if issue is None:
            return None
        for s, a in positions:
            if issue.sections[s].articles[a].id not in read:
                return Jump(index, (s, a))
        return None

    # --- finding things again ---------------------------------------------------

    def locate(self, article_id: str, issue: Issue | None = None) -> Position | None:
        """Where the article ``article_id`` is in ``issue`` (default: the open one)."""
        issue = issue if issue is not None else self.issue
        if issue is None:
            return None
        for s, section in enumerate(issue.sections):
            for a, article in enumerate(section.articles):
                if article.id == article_id:
                    return s, a
        return None

    def index_of(self, entry: Entry) -> int | None:
        """Where ``entry`` (or another entry for its file) is in the library."""
        entries = self.library.entries
        for i, e in enumerate(entries):
            if e is entry:
                return i
        key = entry_key(entry)
        return next((i for i, e in enumerate(entries) if entry_key(e) == key), None)

    def find_issue(self, issue_key: str, path: str | None = None) -> int | None:
        """The entry whose issue has identity ``issue_key`` (or whose file is ``path``)."""
        for i, e in enumerate(self.library.entries):
            if e.identity == issue_key or (path is not None and e.path_text == path):
                return i
        return None

    def can_open(self, issue_key: str, path: str | None = None) -> bool:
        """True when :meth:`jump_to` would find the issue: its file ``path`` is there, or
        the library holds the issue ``issue_key`` (in memory, or in a file that is there)."""
        if path and Path(path).exists():
            return True
        index = self.find_issue(issue_key)
        if index is None:
            return False
        entry = self.library.entries[index]
        if entry.loaded:
            return entry.issue is not None
        return Path(entry.path_text).exists()

    def jump_to(self, issue_key: str, article_id: str, path: str | None = None) -> Jump:
        """Where the article ``article_id`` of the issue ``issue_key`` (kept in the file
        ``path``) is, loading that file into the library when it is not there yet."""
        index = self.find_issue(issue_key, path)
        if index is None and path and Path(path).exists():
            index = self.add_entry(load_entry(Path(path)))
        if index is None:
            return Jump()
        issue = self.library.entries[index].issue
        if issue is None:
            return Jump(index)
        found = self.locate(article_id, issue)
        return Jump(index, found or (0, 0), moved=found is None)

    def notices(self) -> list[str]:
        """What to tell the reader about the library: its messages, and which files
        could not be opened (when there is more than one file)."""
        notices = list(self.library.messages)
        broken = self.library.broken
        if broken and len(self.library.entries) > 1:
            names = ", ".join(entry.label for entry in broken[:3])
            more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
            notices.append(
                f"{len(broken)} file(s) could not be opened: {names}{more}. "
                "The library (l) lists them with their errors."
            )
        return notices

    def add_entry(self, entry: Entry) -> int:
        """Add an entry that is not in the library (a bookmark's file); its index."""
        old = self.library
        self.library = Library(
            (*old.entries, entry), old.messages, old.roots, old.verified, old.catalogue
        )
        return len(self.library.entries) - 1

    def replace_library(self, library: Library) -> bool:
        """Read from ``library`` from now on, keeping the open entry open wherever it
        now sorts (kept at the end when its file is gone); True when its index moved."""
        current = self.entry
        entries = library.entries
        index = next((i for i, e in enumerate(entries) if e is current), None)
        if current is not None and index is None:
            entries = (*entries, current)
            index = len(entries) - 1
            library = Library(
                entries, library.messages, library.roots, library.verified, library.catalogue
            )
        self.library = library
        if index is None or index == self.entry_index:
            return False
        self.entry_index = index
        return True


class ScriptCache:
    """Issues and articles converted to another script, keyed by the library entry
    object (not its index), so they survive the library being refreshed; and the
    decisions behind a conversion: which script an issue is in, which mode ``t``
    turns it to, which OpenCC configuration gets it there."""

    def __init__(self) -> None:
        self.converted: dict[tuple[object, str], Issue] = {}
        self.partial: dict[tuple[object, str, int, int], Article] = {}
        self.sources: dict[object, tuple[str, str, bool]] = {}

    def shown_issue(self, entry: object, issue: Issue, mode: str) -> Issue:
        """``issue`` as shown in ``mode``: converted when ready, else the original."""
        if mode == "original":
            return issue
        return self.converted.get((entry, mode), issue)

    def shown_article(self, entry: object, issue: Issue, position: Position, mode: str) -> Article:
        """One article as shown: converted, converted ahead of its issue, or original."""
        section, article = position
        if mode != "original":
            converted = self.converted.get((entry, mode))
            if converted is not None:
                return converted.sections[section].articles[article]
            early = self.partial.get((entry, mode, section, article))
            if early is not None:
                return early
        return issue.sections[section].articles[article]

    def store(self, entry: object, mode: str, issue: Issue) -> None:
        """Keep a whole converted issue; its early articles are no longer needed."""
        self.partial = {k: v for k, v in self.partial.items() if k[:2] != (entry, mode)}
        self.converted[(entry, mode)] = issue

    def has(self, entry: object, mode: str) -> bool:
        """True when the whole issue of ``entry`` is converted to ``mode``."""
        return (entry, mode) in self.converted

    # --- what to convert ---------------------------------------------------------

    def source(self, entry: object, issue: Issue) -> str:
        """The script ``issue`` is in (hans, hant, tw, hk or other), detected once per
        entry: detection samples the issue's text, so call it off the UI thread."""
        if entry not in self.sources:
            self.sources[entry] = _script().source_script(issue)
        return self.sources[entry][0]

    def known_source(self, entry: object) -> str | None:
        """The script of ``entry``'s issue when it has been detected, else None."""
        known = self.sources.get(entry)
        return known[0] if known is not None else None

    def target(self, entry: object, mode: str | None, traditional: str) -> str | None:
        """The mode to show ``entry`` in: ``mode``, or for None the other script of its
        issue (``traditional`` when it is simplified); None while its script is unknown."""
        if mode is not None:
            return mode
        source = self.known_source(entry)
        if source is None:
            return None
        target: str = _script().toggle_target(source, traditional)
        return target

    def config(self, entry: object, mode: str | None, regional_phrases: bool) -> str | None:
        """The OpenCC configuration that shows ``entry`` in ``mode``; None when there is
        nothing to convert, or while the issue's script is unknown."""
        source = self.known_source(entry)
        if mode is None or mode == "original" or source is None:
            return None
        config: str | None = _script().opencc_config(mode, source, regional_phrases)
        return config

    def note(self, entry: object, target: str, config: str | None) -> str:
        """What to tell the reader once ``entry`` is shown in ``target`` through ``config``
        (None: why nothing was converted). The issue's script must be known."""
        script = _script()
        source, how, _detected = self.sources[entry]
        if config is None:
            if source == "other":
                return "This issue is not Chinese text: nothing to convert"
            return f"The issue is already in {script.MODE_LABELS.get(target, target)}"
        return f"{script.MODE_LABELS[target]} (OpenCC {config}; source script: {how})"
