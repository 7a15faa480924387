"""The search index's file: its schema, and how paths and texts are kept in it.

The index lives in ``search.db`` in the cache dir. Each article is one row:
its searchable text (:func:`reader.search.text.story_text`) is folded
(:mod:`reader.search.fold`: width, case, traditional → simplified) and indexed by
trigrams, and kept, compressed, in its original form for snippets. The FTS
table is contentless, so the folded text is not stored twice. Every text is
indexed with two newlines after it (:data:`SENTINEL`), so each of its
characters starts a trigram.

Row ids encode the issue's date (``ordinal << 20 | n``, 0 for undated), so
"newest first" is simply descending row id, which FTS5 gives without sorting.

``grams`` is a small side table of the index's trigrams, for queries of one
or two characters (:mod:`reader.search.querying`); ``grams`` = ``pending`` in
``meta`` marks rows a bulk update has not recorded there yet
(:mod:`reader.search.updating`).
"""

from __future__ import annotations

import os
import threading
import zlib

from reader.issue.clean import is_utf8
from reader.store.cache import CacheFile

__all__ = [
    "ROWID_SHIFT",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SENTINEL",
    "IndexFile",
    "db_path",
    "from_db",
    "fts_string",
]

SCHEMA_VERSION = 1
ROWID_SHIFT = 20  # up to ~1 M articles a day
SENTINEL = "\n\n"
ZDICT_BYTES = 32 * 1024  # zlib's window: a longer dictionary is not used
ZLEVEL = 6  # zlib's compression level for the stored text

SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    issue_key TEXT NOT NULL,
    paper TEXT NOT NULL,
    date TEXT,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS issues_key ON issues (issue_key);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    issue INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    section TEXT NOT NULL,
    headline TEXT NOT NULL,
    text BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_issue ON docs (issue);
CREATE TABLE IF NOT EXISTS grams (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, content='', tokenize='trigram case_sensitive 1'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, 'row');
"""


class IndexFile(CacheFile):
    """What the index's updates and its queries share: the file and its lock, the
    library's scope, and the preset dictionary the stored texts are compressed with.

    :class:`reader.search.index.SearchIndex` sets these up.
    """

    _lock: threading.RLock
    _keys: frozenset[str] | None  # the library's files; None: every file
    _zdict: bytes | None
    _packer: zlib._Compress | None  # compresses with _zdict (copied for each use)
    messages: list[str]

    def _grams_pending(self) -> bool:
        """True while ``grams`` lacks the trigrams of some indexed rows (a bulk run's)."""
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'grams'").fetchone() is not None

    def _compress(self, text: str) -> bytes:
        """``text`` compressed with the index's preset dictionary."""
        if self._packer is None:
            # Loading the dictionary into a fresh compressor costs more than compressing an
            # article: load it once, and copy that compressor (the same output).
            self._packer = zlib.compressobj(ZLEVEL, zdict=self._dictionary())
            if self._zdict is None:  # no dictionary yet: not kept
                packer, self._packer = self._packer, None
                return packer.compress(text.encode("utf-8")) + packer.flush()
        packer = self._packer.copy()
        return packer.compress(text.encode("utf-8")) + packer.flush()

    def _decompress(self, blob: bytes) -> str:
        unpacker = zlib.decompressobj(zdict=self._dictionary())
        return (unpacker.decompress(blob) + unpacker.flush()).decode("utf-8")

    def _dictionary(self, sample: str | None = None) -> bytes:
        """zlib's preset dictionary, kept in the index: made once, from the first issue stored.

        Articles are short, and zlib alone finds little to reuse inside one;
        a dictionary of the library's own wording makes what is stored much
        smaller. Without a dictionary yet, ``sample`` becomes it.
        """
        if self._zdict is None:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
            if row is not None:
                self._zdict = bytes.fromhex(row[0])
            elif sample is not None:
                self._zdict = sample.encode("utf-8")[-ZDICT_BYTES:]
                self._db.execute("INSERT INTO meta VALUES ('zdict', ?)", (self._zdict.hex(),))
            else:
                return b""
        return self._zdict


def db_path(key: str) -> str | bytes:
    """A file's key as the index stores it: the path, or for a name that is not
    UTF-8 (lone surrogates, which SQLite refuses) its bytes, kept as a BLOB."""
    return key if is_utf8(key) else os.fsencode(key)


def from_db(value: str | bytes) -> str:
    """The key back from what :func:`db_path` stored."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def fts_string(text: str) -> str:
    """``text`` as one FTS5 string: every character literal."""
    return '"' + text.replace('"', '""') + '"'
