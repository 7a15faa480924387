"""Reading state: read marks, the place in a story, bookmarks, kept in the store.

What to mark read, which place to save (and when not to save it again), what a
bookmark toggles: decisions of the reader that need no screen, so they live
here and are tested without one. The reader screen calls them and passes a
``notify`` to tell the reader when the store fails.

State is keyed by the *original* issue's identity (never a script-converted
copy, whose paper name differs), so it survives moving the file, another
terminal size, another measure and another script mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reader.issue.model import Article, Issue
from reader.session import Marks
from reader.store.state import Bookmark, Place, Store, StoreError

Notify = Callable[..., Any]
"""``notify(message, severity=…, markup=False, timeout=…)`` of the screen."""

PLACE_SAVE_SECONDS = 2.0  # how often the place is saved while reading (a kill loses less)


def _article_id(key: str) -> str:
    return key.rsplit("#", 1)[-1]


class RemovedBookmarks:
    """Bookmarks removed this session (``b`` again, ``d`` in the list), newest last.

    Each is kept whole (note and saved time included), so ``u`` puts it back
    exactly; one stack for the reader and the bookmarks list alike.
    """

    def __init__(self) -> None:
        self._stack: list[Bookmark] = []

    def __len__(self) -> int:
        return len(self._stack)

    def push(self, bookmark: Bookmark) -> None:
        """Keep a removed bookmark for undo."""
        self._stack.append(bookmark)

    def last_had_note(self) -> bool:
        """Whether the bookmark removed last had a note."""
        return bool(self._stack) and bool(self._stack[-1].note)

    def restore(self, store: Store) -> Bookmark | None:
        """Put the last removed bookmark back; None when there is none.

        StoreError when it could not be written: it then stays on the stack,
        so nothing is lost and ``u`` can be tried again.
        """
        if not self._stack:
            return None
        bookmark = self._stack[-1]
        store.restore_bookmark(bookmark)
        self._stack.pop()
        return bookmark


class ReadingState:
    """The reader's marks, places and bookmarks, kept in the app's store (which may be
    missing or read-only: reading goes on, and the reader is told once)."""

    def __init__(self, store: Callable[[], Store | None], notify: Notify) -> None:
        self._store = store
        self.notify = notify
        self._saved_place: tuple[str, str, int, int] | None = None
        self.removed = RemovedBookmarks()

    @property
    def store(self) -> Store | None:
        """The app's store, opened on first use."""
        return self._store()

    def marks_for(self, issue: Issue | None) -> Marks:
        """Read and bookmarked article ids of ``issue``."""
        store = self.store
        if store is None or issue is None:
            return Marks()
        key = issue.identity
        return Marks(
            read={_article_id(k) for k in store.read_keys(key)},
            bookmarked={_article_id(k) for k in store.bookmarked_keys(key)},
            tracking=True,
        )

    def resume_point(self, issue: Issue) -> tuple[int, int, tuple[int, int]] | None:
        """(section, article, place) where the reader left off in ``issue``."""
        store = self.store
        if store is None:
            return None
        saved = store.last_place(issue.identity)
        if saved is None:
            return None
        article_id, place = saved
        for s, section in enumerate(issue.sections):
            for a, article in enumerate(section.articles):
                if article.id == article_id:
                    return s, a, (place.block, place.offset)
        return None

    def record_open(self, issue: Issue, article: Article) -> None:
        """Mark the article read and make it the issue's place to come back to."""
        store = self.store
        if store is None or not store.writable:
            return
        try:
            store.mark_read(issue, article)
            store.save_place(issue, article, Place(-1, 0))
        except StoreError as error:
            self._store_failed(error)
        self._saved_place = (issue.identity, article.id, -1, 0)
        self._show_store_notices()

    def read_ids(self, issue_key: str | None) -> set[str]:
        """Ids of the articles of the issue ``issue_key`` marked read (none without a store)."""
        store = self.store
        if store is None or issue_key is None:
            return set()
        return {_article_id(k) for k in store.read_keys(issue_key)}

    def set_read(self, issue: Issue, article_ids: Iterable[str], read: bool = True) -> bool:
        """Mark articles of ``issue`` read or unread; False when it could not be saved
        (the reader is told why)."""
        store = self._writable_store("Read marks")
        if store is None:
            return False
        try:
            store.set_read(issue, article_ids, read)
        except StoreError as error:
            self._store_failed(error)
            return False
        return True

    def save_place(
        self, issue: Issue | None, article: Article | None, place: tuple[int, int]
    ) -> None:
        """Remember the place in the story, when it moved since the last save."""
        store = self.store
        if store is None or issue is None or article is None or not store.writable:
            return
        current = (issue.identity, article.id, *place)
        if current == self._saved_place:
            return
        try:
            store.save_place(issue, article, Place(*place))
            self._saved_place = current
        except StoreError as error:
            self._store_failed(error)

    def toggle_bookmark(self, issue: Issue, section_index: int, article: Article) -> bool | None:
        """Bookmark or unbookmark; None when it could not be saved (the user is told why).

        A removed bookmark goes on :attr:`removed`, whole, for :meth:`undo_removal`.
        """
        store = self._writable_store()
        if store is None:
            return None
        try:
            removed = store.flip_bookmark(issue, issue.sections[section_index], article)
        except StoreError as error:
            self._store_failed(error)
            return None
        if removed is None:
            return True
        self.removed.push(removed)
        return False

    def undo_removal(self) -> Bookmark | None:
        """Put back the bookmark removed last; None when there is none or it failed (told)."""
        store = self._writable_store()
        if store is None:
            return None
        try:
            return self.removed.restore(store)
        except StoreError as error:
            self._store_failed(error)
            return None

    def _writable_store(self, what: str = "Bookmarks") -> Store | None:
        """The store, or None after telling the reader why ``what`` cannot be saved."""
        store = self.store
        if store is None:
            self.notify(f"{what} are not available", severity="error", markup=False)
            return None
        if not store.writable:
            reason = store.why_not_writable or "the data folder cannot be written"
            self.notify(reason, severity="error", markup=False, timeout=8)
            return None
        return store

    def _store_failed(self, error: StoreError) -> None:
        self.notify(str(error), severity="error", markup=False, timeout=8)

    def _show_store_notices(self) -> None:
        store = self.store
        if store is None:
            return
        for notice in store.take_notices():
            self.notify(notice, severity="warning", markup=False, timeout=10)
