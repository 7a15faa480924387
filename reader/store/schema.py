"""The schema of ``paperread.db`` and its migrations.

The schema's version lives in ``PRAGMA user_version``. :data:`MIGRATIONS` is
the list of steps forward: step *n* takes a file from version *n* to *n + 1*,
so version 1 is the initial schema and a file from any older paperread is
brought up to date, in one transaction, before anything is written to it.
Add a step for every change; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _schema_1(conn: sqlite3.Connection) -> None:
    """The initial schema."""
    statements = (
        # One row per issue ever read or bookmarked: what to show when its file is gone,
        # when it was last read, and where the reader left off in it.
        """CREATE TABLE issue (
            issue_key    TEXT PRIMARY KEY,
            paper        TEXT NOT NULL,
            date         TEXT,
            path         TEXT,
            opened       REAL,
            article_id   TEXT,
            place_block  INTEGER,
            place_offset INTEGER
        ) WITHOUT ROWID""",
        "CREATE INDEX issue_by_opened ON issue (opened) WHERE opened IS NOT NULL",
        # id orders bookmarks saved within one clock tick.
        """CREATE TABLE bookmark (
            id          INTEGER PRIMARY KEY,
            article_key TEXT NOT NULL UNIQUE,
            issue_key   TEXT NOT NULL,
            article_id  TEXT NOT NULL,
            section     TEXT NOT NULL,
            headline    TEXT NOT NULL,
            byline      TEXT NOT NULL DEFAULT '',
            note        TEXT NOT NULL DEFAULT '',
            created     REAL NOT NULL
        )""",
        "CREATE INDEX bookmark_by_issue ON bookmark (issue_key, article_key)",
        "CREATE INDEX bookmark_by_created ON bookmark (created)",
        """CREATE TABLE read_mark (
            issue_key   TEXT NOT NULL,
            article_key TEXT NOT NULL,
            read_at     REAL NOT NULL,
            PRIMARY KEY (issue_key, article_key)
        ) WITHOUT ROWID""",
    )
    for statement in statements:
        conn.execute(statement)


def _schema_2(conn: sqlite3.Connection) -> None:
    """Small remembered choices of the reader (the last script mode, the measure)."""
    conn.execute("CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_schema_1, _schema_2]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file's schema up to date in one transaction; returns its version.

    The version is read again inside the write transaction, so two processes
    creating the file at once migrate it once. A version newer than this
    paperread knows is left alone.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        steps = MIGRATIONS[version:]
        for step in steps:
            step(conn)
        if steps:
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return max(version, len(MIGRATIONS))
