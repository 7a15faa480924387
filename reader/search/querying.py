"""Searching the index: a query folded, matched by FTS5, answered with snippets.

Queries are folded like the text and searched as literal text: quoted as one
FTS5 string, so ``"``, ``*``, ``AND``, ``NEAR``, ``-`` and the rest mean
themselves. Three characters or more are a trigram phrase (an exact substring
match). One or two characters (Chinese words are often two) cannot be a
trigram: they are answered by every indexed trigram that starts with them,
looked up in the index's side table of trigrams (``grams``), ORed together.
(While a bulk update has not filled ``grams`` yet they are looked up in the
index's own vocabulary instead: slower, as complete.) Very long queries are
matched by their first :data:`PROBE` characters and checked against the text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.search.fold import fold
from reader.search.index_file import IndexFile, from_db, fts_string
from reader.search.text import snippet
from reader.store.sqlite import stored_date

__all__ = ["PROBE", "IndexQueries", "SearchHit"]

PROBE = 64  # a longer query is matched by this many characters, then checked in full


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article that matched: where it is, and a snippet of original text around the match.

    ``spans`` are the matches inside ``snippet`` as (start, end) offsets, for
    highlighting.
    """

    issue_key: str
    article_id: str
    path: Path
    paper: str
    date: dt.date | None
    section: str
    headline: str
    snippet: str
    spans: tuple[tuple[int, int], ...]


class IndexQueries(IndexFile):
    """The index's searching (see the module's notes); :class:`SearchIndex` is one."""

    def _snapshot_search(self, folded: str, limit: int, issue_key: str | None) -> list[SearchHit]:
        """:meth:`_search` in one read transaction: what other writers commit meanwhile waits."""
        db = self._db
        db.execute("BEGIN")
        try:
            return self._search(folded, limit, issue_key)
        finally:
            if db.in_transaction:  # it only read: rolling back ends it as well
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")

    def _search(self, folded: str, limit: int, issue_key: str | None) -> list[SearchHit]:
        match = self._match_expression(folded[:PROBE])
        if match is None:
            return []
        check = len(folded) > PROBE
        keys = self._keys
        found: list[tuple[int, SearchHit]] = []
        current: set[int] = set()
        if issue_key is not None:
            for issue_id, lo, hi, path in self._db.execute(
                "SELECT id, lo, hi, path FROM issues WHERE issue_key = ? ORDER BY id", (issue_key,)
            ).fetchall():
                if keys is not None and from_db(path) not in keys:
                    continue
                current.add(issue_id)
                rowids = self._db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?"
                    " ORDER BY rowid",
                    (match, lo, hi),
                ).fetchall()
                found += self._hits([r[0] for r in rowids], folded, check, limit - len(found), keys)
                if len(found) >= limit:
                    return [hit for _, hit in found[:limit]]
        cursor: int | None = None
        batch = max(limit * 2, 64)
        while len(found) < limit:
            sql = "SELECT rowid FROM fts WHERE fts MATCH ?"
            args: list[object] = [match]
            if cursor is not None:
                sql += " AND rowid < ?"
                args.append(cursor)
            sql += " ORDER BY rowid DESC LIMIT ?"
            args.append(batch)
            rowids = [row[0] for row in self._db.execute(sql, args)]
            if not rowids:
                break
            cursor = rowids[-1]
            found += self._hits(rowids, folded, check, limit - len(found), keys, skip=current)
            batch = min(batch * 4, 4096)
        return [hit for _, hit in found[:limit]]

    def _match_expression(self, probe: str) -> str | None:
        """The FTS5 query for ``probe``: a quoted phrase, or for 1–2 characters trigrams ORed.

        The trigrams come from ``grams``, or while a bulk update has not
        filled it (see :meth:`_index_all`) from the index's vocabulary.
        """
        if len(probe) >= 3:
            return fts_string(probe)
        upper = probe + "\U0010ffff"
        table = "fts_terms" if self._grams_pending() else "grams"
        terms = [
            row[0]
            for row in self._db.execute(
                f"SELECT term FROM {table} WHERE term >= ? AND term < ?", (probe, upper)
            )
        ]
        if not terms:
            return None
        return " OR ".join(fts_string(term) for term in terms)

    def _hits(
        self,
        rowids: Sequence[int],
        folded: str,
        check: bool,
        wanted: int,
        keys: frozenset[str] | None,
        skip: set[int] | None = None,
    ) -> list[tuple[int, SearchHit]]:
        """Hits for matched row ids, in that order: files in ``keys`` (None: any), not skipped.

        With ``check``, the text must hold all of ``folded`` (longer than the probe).
        """
        hits: list[tuple[int, SearchHit]] = []
        for start in range(0, len(rowids), 256):
            chunk = rowids[start : start + 256]
            marks = ",".join("?" * len(chunk))
            rows = {
                row[0]: row
                for row in self._db.execute(
                    "SELECT d.rowid, d.issue, d.article_id, d.section, d.headline, d.text,"
                    " i.issue_key, i.path, i.paper, i.date"
                    f" FROM docs d JOIN issues i ON i.id = d.issue WHERE d.rowid IN ({marks})",
                    chunk,
                )
            }
            for rowid in chunk:
                row = rows.get(rowid)
                if row is None:
                    continue
                _, issue_id, article_id, section, headline, blob, issue_key, path, paper, date = row
                if keys is not None and from_db(path) not in keys:
                    continue
                if skip and issue_id in skip:
                    continue
                text = self._decompress(blob)
                if check and folded not in fold(text):
                    continue
                found = snippet(text, folded, headline)
                hits.append(
                    (
                        rowid,
                        SearchHit(
                            issue_key=issue_key,
                            article_id=article_id,
                            path=Path(from_db(path)),
                            paper=paper,
                            date=stored_date(date),
                            section=section,
                            headline=headline,
                            snippet=found.text,
                            spans=found.spans,
                        ),
                    )
                )
                if len(hits) >= wanted:
                    return hits
        return hits
