"""Bookmarks, read marks and reading places, kept in SQLite (``paperread.db``).

Keys are issue and article identities (:attr:`reader.issue.model.Issue.identity`), so
the state follows an issue when its file is moved, renamed or reformatted. Pass
the issue as loaded, not a script-converted copy: converting changes ``paper``
and with it the identity.

What a reader saves must not be lost, and nothing here may stop the reader
from reading:

- The journal is WAL; every change is one ``BEGIN IMMEDIATE`` transaction, so
  two paperread processes can write at once (the busy timeout makes the second
  wait) and a kill at any moment leaves every committed change in place.
  Bookmarks and notes commit with ``synchronous=FULL`` (the WAL is flushed to
  disk: they survive a power cut too); read marks and places, which change
  often and are worth less, with ``NORMAL`` (they survive a kill or a crash of
  paperread; a power cut may cost the last moments of reading, never the file).
- Opening never raises. The file and its folder are created on the first write.
  A damaged file is moved aside as ``paperread.db.broken-<time>`` (its ``-wal``
  and ``-shm`` with it) and a fresh store is created; :attr:`Store.notices`
  says so. A data dir that cannot be written leaves the store readable (empty
  when there is no file) with :attr:`Store.writable` false and the reason in
  :attr:`Store.why_not_writable`; every write then raises :class:`StoreError`.
- Opening checks the file's header and size but runs no ``quick_check`` (a
  full scan: it would make start-up grow with the number of bookmarks); damage
  found by any later query is recovered the same way, and :meth:`Store.verify`
  runs the full check on request.

The file handling lives in :mod:`reader.store.db`, the schema and its
migrations in :mod:`reader.store.schema`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from reader import paths
from reader.issue.model import Article, Issue, Section
from reader.record import Record, set_field
from reader.store.db import Database, StoreError
from reader.store.sqlite import BUSY_TIMEOUT

__all__ = ["DB_NAME", "Bookmark", "Place", "Store", "StoreError", "byline_text"]

DB_NAME = "paperread.db"


class Place(Record):
    """A reading position: a block of the article body and a character offset in it.

    It names a sentence, not a screen row, so it holds across terminal sizes,
    measures and script modes (see :class:`reader.typeset.article.Line`).
    """

    _fields = _compared = ("block", "offset")
    __slots__ = _fields
    block: int
    offset: int

    def __init__(self, block: int, offset: int) -> None:
        set_field(self, "block", block)
        set_field(self, "offset", offset)


class Bookmark(Record):
    """A bookmarked article, with what is needed to show it when its file is gone.

    ``date``: the ISO date, or None for an undated issue; ``created``: seconds since the
    epoch; ``path``: where the issue file was last seen.
    """

    _fields = _compared = (
        "article_key",
        "issue_key",
        "article_id",
        "paper",
        "date",
        "section",
        "headline",
        "byline",
        "note",
        "created",
        "path",
    )
    __slots__ = _fields
    article_key: str
    issue_key: str
    article_id: str
    paper: str
    date: str | None
    section: str
    headline: str
    byline: str
    note: str
    created: float
    path: str | None

    def __init__(
        self,
        article_key: str,
        issue_key: str,
        article_id: str,
        paper: str,
        date: str | None,
        section: str,
        headline: str,
        byline: str,
        note: str,
        created: float,
        path: str | None,
    ) -> None:
        set_field(self, "article_key", article_key)
        set_field(self, "issue_key", issue_key)
        set_field(self, "article_id", article_id)
        set_field(self, "paper", paper)
        set_field(self, "date", date)
        set_field(self, "section", section)
        set_field(self, "headline", headline)
        set_field(self, "byline", byline)
        set_field(self, "note", note)
        set_field(self, "created", created)
        set_field(self, "path", path)


def byline_text(article: Article) -> str:
    """The article's byline as one line of text (credits as printed)."""
    return "  ".join(credit.display() for credit in article.byline)


class Store(Database):
    """The reader's saved state in ``paperread.db``; one connection, thread-safe."""

    def __init__(self, path: Path | str | None = None, *, busy_timeout: float = BUSY_TIMEOUT):
        super().__init__(
            Path(path) if path is not None else paths.data_dir() / DB_NAME, busy_timeout
        )

    # --- bookmarks -----------------------------------------------------------

    def toggle_bookmark(
        self, issue: Issue, section: Section, article: Article, note: str = ""
    ) -> bool:
        """Bookmark the article, or remove its bookmark; True if it is now bookmarked."""
        return self.flip_bookmark(issue, section, article, note) is None

    def flip_bookmark(
        self, issue: Issue, section: Section, article: Article, note: str = ""
    ) -> Bookmark | None:
        """Bookmark the article, or remove its bookmark and return it as it was.

        None when the article is now bookmarked; the removed :class:`Bookmark`
        (note and saved time included, read in the same transaction) otherwise,
        so :meth:`restore_bookmark` can put it back exactly.
        """
        key = issue.article_identity(article)
        with self._change("bookmark not saved") as conn:
            removed = self._take(conn, key)
            if removed is not None:
                return removed
            self._record_issue(conn, issue)
            conn.execute(
                "INSERT INTO bookmark (article_key, issue_key, article_id, section, headline,"
                " byline, note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    issue.identity,
                    article.id,
                    section.title,
                    article.headline,
                    byline_text(article),
                    note,
                    time.time(),
                ),
            )
            return None

    def is_bookmarked(self, article_key: str) -> bool:
        """Whether the article with this key is bookmarked."""
        return bool(self._rows("SELECT 1 FROM bookmark WHERE article_key = ?", (article_key,)))

    def bookmarked_keys(self, issue_key: str) -> set[str]:
        """Keys of the bookmarked articles of one issue."""
        sql = "SELECT article_key FROM bookmark WHERE issue_key = ?"
        return {row["article_key"] for row in self._rows(sql, (issue_key,))}

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        rows = self._rows(_SELECT_BOOKMARKS + " ORDER BY b.created DESC, b.id DESC")
        return [_bookmark(row) for row in rows]

    def bookmark(self, article_key: str) -> Bookmark | None:
        """The bookmark of one article, if it has one."""
        rows = self._rows(_SELECT_BOOKMARKS + " WHERE b.article_key = ?", (article_key,))
        return _bookmark(rows[0]) if rows else None

    def delete_bookmark(self, article_key: str) -> Bookmark | None:
        """Remove a bookmark and return it as it was (None when there was none)."""
        with self._change("bookmark not removed") as conn:
            return self._take(conn, article_key)

    def restore_bookmark(self, bookmark: Bookmark) -> None:
        """Put a removed bookmark back exactly: its note, its saved time, its place in the list.

        When the article has been bookmarked again meanwhile, the restored one
        replaces it if the new one has no note (or the same note); a new
        bookmark with a note of its own is never overwritten: StoreError, and
        nothing changes.
        """
        with self._change("bookmark not restored") as conn:
            rows = conn.execute(
                "SELECT note FROM bookmark WHERE article_key = ?", (bookmark.article_key,)
            ).fetchall()
            if rows and rows[0][0] not in ("", bookmark.note):
                raise StoreError(
                    "bookmark not restored: the article was bookmarked again, with another note"
                )
            # The issue row holds what to show when the file is gone; keep a newer one.
            conn.execute(
                "INSERT INTO issue (issue_key, paper, date, path) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (issue_key) DO NOTHING",
                (bookmark.issue_key, bookmark.paper, bookmark.date, bookmark.path),
            )
            conn.execute("DELETE FROM bookmark WHERE article_key = ?", (bookmark.article_key,))
            conn.execute(
                "INSERT INTO bookmark (article_key, issue_key, article_id, section, headline,"
                " byline, note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bookmark.article_key,
                    bookmark.issue_key,
                    bookmark.article_id,
                    bookmark.section,
                    bookmark.headline,
                    bookmark.byline,
                    bookmark.note,
                    bookmark.created,
                ),
            )

    @staticmethod
    def _take(conn: sqlite3.Connection, article_key: str) -> Bookmark | None:
        """Delete an article's bookmark inside a transaction; what it was, or None."""
        row = conn.execute(
            _SELECT_BOOKMARKS + " WHERE b.article_key = ?", (article_key,)
        ).fetchone()
        if row is None:
            return None
        conn.execute("DELETE FROM bookmark WHERE article_key = ?", (article_key,))
        return _bookmark(row)

    def set_note(self, article_key: str, note: str) -> None:
        """Replace a bookmark's note; StoreError when the bookmark no longer exists."""
        with self._change("note not saved") as conn:
            sql = "UPDATE bookmark SET note = ? WHERE article_key = ?"
            if not conn.execute(sql, (note, article_key)).rowcount:
                raise StoreError("note not saved: the bookmark no longer exists")

    # --- reading state -------------------------------------------------------

    def mark_read(self, issue: Issue, article: Article) -> None:
        """Remember that the article has been opened (and that its issue is being read)."""
        with self._change("read mark not saved", durable=False) as conn:
            self._record_issue(conn, issue, opened=True)
            conn.execute(
                "INSERT INTO read_mark (issue_key, article_key, read_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (issue.identity, issue.article_identity(article), time.time()),
            )

    def set_read(self, issue: Issue, article_ids: Iterable[str], read: bool = True) -> None:
        """Mark the articles ``article_ids`` of ``issue`` read (or, ``read`` False, unread),
        all in one transaction: ``m``, ``M`` and undoing ``M``."""
        keys = [issue.article_identity(article_id) for article_id in article_ids]
        with self._change("read mark not saved", durable=False) as conn:
            if read:
                self._record_issue(conn, issue)
                now = time.time()
                conn.executemany(
                    "INSERT INTO read_mark (issue_key, article_key, read_at) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [(issue.identity, key, now) for key in keys],
                )
            else:
                conn.executemany(
                    "DELETE FROM read_mark WHERE issue_key = ? AND article_key = ?",
                    [(issue.identity, key) for key in keys],
                )

    def read_keys(self, issue_key: str) -> set[str]:
        """Keys of the articles of one issue that have been read."""
        sql = "SELECT article_key FROM read_mark WHERE issue_key = ?"
        return {row["article_key"] for row in self._rows(sql, (issue_key,))}

    def read_counts(self) -> dict[str, int]:
        """How many articles have been read, by issue key (for the library's unread counts)."""
        sql = "SELECT issue_key, count(*) AS marks FROM read_mark GROUP BY issue_key"
        return {str(row["issue_key"]): int(row["marks"]) for row in self._rows(sql)}

    def save_place(self, issue: Issue, article: Article, place: Place) -> None:
        """Remember where the reader is: this article of the issue, at this place."""
        with self._change("reading place not saved", durable=False) as conn:
            self._record_issue(conn, issue, opened=True)
            conn.execute(
                "UPDATE issue SET article_id = ?, place_block = ?, place_offset = ?"
                " WHERE issue_key = ?",
                (article.id, place.block, place.offset, issue.identity),
            )

    def last_place(self, issue_key: str) -> tuple[str, Place] | None:
        """The article id and place where the reader left off in the issue, if saved."""
        rows = self._rows(
            "SELECT article_id, place_block, place_offset FROM issue"
            " WHERE issue_key = ? AND article_id IS NOT NULL",
            (issue_key,),
        )
        if not rows:
            return None
        row = rows[0]
        place = Place(int(row["place_block"] or 0), int(row["place_offset"] or 0))
        return row["article_id"], place

    def last_issue(self) -> str | None:
        """The key of the issue read most recently, if any."""
        rows = self._rows(
            "SELECT issue_key FROM issue WHERE opened IS NOT NULL ORDER BY opened DESC LIMIT 1"
        )
        return rows[0]["issue_key"] if rows else None

    # --- remembered choices ----------------------------------------------------

    def get_setting(self, name: str) -> str | None:
        """A remembered choice (e.g. ``script``), or None."""
        rows = self._rows("SELECT value FROM setting WHERE name = ?", (name,))
        return str(rows[0]["value"]) if rows else None

    def settings(self) -> dict[str, str]:
        """Every remembered choice, by name, in one query (what a start consults)."""
        rows = self._rows("SELECT name, value FROM setting")
        return {str(row["name"]): str(row["value"]) for row in rows}

    def set_setting(self, name: str, value: str) -> None:
        """Remember a choice for the next start."""
        with self._change("setting not saved", durable=False) as conn:
            conn.execute(
                "INSERT INTO setting (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def set_settings(self, values: dict[str, str]) -> None:
        """Remember several choices at once (all or none)."""
        with self._change("setting not saved", durable=False) as conn:
            conn.executemany(
                "INSERT INTO setting (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    @staticmethod
    def _record_issue(conn: sqlite3.Connection, issue: Issue, opened: bool = False) -> None:
        """Insert or refresh the issue's row: what to show when its file is gone."""
        conn.execute(
            "INSERT INTO issue (issue_key, paper, date, path, opened) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (issue_key) DO UPDATE SET paper = excluded.paper,"
            " date = excluded.date, path = coalesce(excluded.path, issue.path),"
            " opened = coalesce(excluded.opened, issue.opened)",
            (
                issue.identity,
                issue.paper,
                issue.date.isoformat() if issue.date else None,
                _absolute(issue.path),
                time.time() if opened else None,
            ),
        )


_SELECT_BOOKMARKS = (
    "SELECT b.article_key, b.issue_key, b.article_id, coalesce(i.paper, '') AS paper,"
    " i.date, b.section, b.headline, b.byline, b.note, b.created, i.path"
    " FROM bookmark AS b LEFT JOIN issue AS i ON i.issue_key = b.issue_key"
)


def _bookmark(row: sqlite3.Row) -> Bookmark:
    """A row of :data:`_SELECT_BOOKMARKS` as a :class:`Bookmark`."""
    return Bookmark(
        article_key=row["article_key"],
        issue_key=row["issue_key"],
        article_id=row["article_id"],
        paper=row["paper"],
        date=row["date"],
        section=row["section"],
        headline=row["headline"],
        byline=row["byline"],
        note=row["note"],
        created=row["created"],
        path=row["path"],
    )


def _absolute(path: str | None) -> str | None:
    """The path made absolute, so it still names the file from another folder.

    None for a name that is not UTF-8 (SQLite cannot hold it): the issue is
    then found by its identity alone.
    """
    from reader.issue.clean import is_utf8

    if path is None or not is_utf8(path):
        return None
    return os.path.abspath(path)
