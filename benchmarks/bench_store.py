"""(e) The store: toggling a bookmark, and start-up with a full store against an empty one.

Toggling: ``Store.toggle_bookmark`` on a store holding nothing and on one holding
10,000 bookmarks, alternately adding and removing, each call timed on its own
(it includes the commit and, bookmarks being durable, the fsync of the WAL).
Target: median ≤ 5 ms.

Start-up: what the reader does with the store when it starts: open it, ask for
the last issue read, then that issue's read marks, bookmarked articles and
place (closing, at exit, is not timed). Measured on a store holding 10,000
bookmarks and reading state (read marks, a place) for 1,000 issues, and on an
empty store (the same schema, no rows), alternately in one run. Target: full
≤ 1.05× empty (medians). A fresh install with no file at all is shown for
context. The same calls are also timed in fresh Python processes (interpreter
start, ``import reader.store.state``, the calls), the start-up a user waits for.

    python benchmarks/bench_store.py [--runs 400] [--toggles 200] [--json FILE]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _common import (
    REPO,
    Result,
    alternate,
    isolated_process_dirs,
    machine,
    median,
    ms,
    p90,
    print_table,
    use_repo_checkout,
    verdict,
    write_results,
)

use_repo_checkout()

import datetime as dt  # noqa: E402

from reader.issue.model import Article, Credit, Issue, Paragraph, Section  # noqa: E402
from reader.store.state import Place, Store  # noqa: E402

TOGGLE_TARGET = 0.005
STARTUP_TARGET = 1.05
BOOKMARKS, ISSUES, READ_PER_ISSUE = 10_000, 1_000, 20


def make_issue(number: int, articles: int = READ_PER_ISSUE) -> Issue:
    """A synthetic issue: paper and date vary with ``number``."""
    stories = tuple(
        Article(
            id=f"a{n:03d}",
            headline=f"合成标题第{number}期第{n}篇：城区治理与乡村振兴",
            body=(Paragraph("正文。"),),
            byline=(Credit(("赵彦臻",), "记者"),),
        )
        for n in range(articles)
    )
    date = dt.date(2020, 1, 1) + dt.timedelta(days=number)
    return Issue(
        paper=f"基准日报{number % 7}",
        date=date,
        path=f"/library/bench-{number}.yaml",
        sections=(Section("要闻", stories),),
    )


def fill(path: Path) -> str:
    """Give the store at ``path`` 10,000 bookmarks and reading state for 1,000 issues.

    Rows go in through SQL in one transaction (through the API it would take
    minutes of fsyncs); the schema is the one the store itself created. Returns
    the key of the issue read last.
    """
    with Store(path) as store:  # creates the file and the current schema
        first = make_issue(0)
        store.mark_read(first, first.sections[0].articles[0])
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    now = time.time() - 86_400
    per_issue = BOOKMARKS // ISSUES
    for number in range(ISSUES):
        issue = make_issue(number)
        section = issue.sections[0]
        opened = now + number
        conn.execute(
            "INSERT OR REPLACE INTO issue (issue_key, paper, date, path, opened, article_id,"
            " place_block, place_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (issue.identity, issue.paper, str(issue.date), issue.path, opened, "a005", 3, 40),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO read_mark (issue_key, article_key, read_at) VALUES (?, ?, ?)",
            [(issue.identity, issue.article_identity(a), opened) for a in section.articles],
        )
        conn.executemany(
            "INSERT INTO bookmark (article_key, issue_key, article_id, section, headline,"
            " byline, note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    issue.article_identity(a),
                    issue.identity,
                    a.id,
                    section.title,
                    a.headline,
                    "记者 赵彦臻",
                    "",
                    opened,
                )
                for a in section.articles[:per_issue]
            ],
        )
    conn.execute("COMMIT")
    conn.close()
    with Store(path) as store:
        last = store.last_issue()
        assert last is not None and len(store.bookmarks()) == BOOKMARKS
        return last


def empty(path: Path) -> None:
    """An empty store: the current schema, no rows."""
    with Store(path) as store:
        issue = make_issue(0)
        store.toggle_bookmark(issue, issue.sections[0], issue.sections[0].articles[0])
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM bookmark")
    conn.execute("DELETE FROM issue")
    conn.close()


def start_up(path: Path, fallback_key: str) -> float:
    """Seconds for the reader's start-up calls on the store at ``path`` (closing is not timed)."""
    started = time.perf_counter()
    store = Store(path)
    key = store.last_issue() or fallback_key
    store.read_keys(key)
    store.bookmarked_keys(key)
    store.last_place(key)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


PROCESS = """
import sys
from reader.store.state import Store
store = Store(sys.argv[1])
key = store.last_issue() or sys.argv[2]
store.read_keys(key), store.bookmarked_keys(key), store.last_place(key)
"""


def process_start_up(path: Path, fallback_key: str) -> float:
    """Seconds for a fresh Python process that imports the store and makes the same calls."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", PROCESS, str(path), fallback_key], cwd=REPO, check=True)
    return time.perf_counter() - started


def us(seconds: float) -> str:
    """Seconds as microseconds for a report: ``412 µs``."""
    return f"{seconds * 1e6:.0f} µs"


def time_toggles(path: Path, count: int) -> list[float]:
    """Seconds per ``toggle_bookmark``: ``count`` adds, then ``count`` removes."""
    issue = make_issue(99_999, articles=count)
    section = issue.sections[0]
    times: list[float] = []
    with Store(path) as store:
        for article in (*section.articles, *section.articles):
            started = time.perf_counter()
            store.toggle_bookmark(issue, section, article)
            times.append(time.perf_counter() - started)
        store.save_place(issue, section.articles[0], Place(0, 0))  # warm the other path
    return times


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400, help="start-ups per variant")
    parser.add_argument("--toggles", type=int, default=200, help="bookmarks added and removed")
    parser.add_argument("--processes", type=int, default=20, help="fresh processes per variant")
    parser.add_argument("--json", metavar="FILE", help="also write the headline figures here")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}, SQLite {sqlite3.sqlite_version}")
    with isolated_process_dirs() as tmp:
        full_db, empty_db, none_db = tmp / "full.db", tmp / "empty.db", tmp / "none" / "p.db"
        started = time.perf_counter()
        last_key = fill(full_db)
        empty(empty_db)
        print(
            f"filled: {BOOKMARKS:,} bookmarks, {ISSUES:,} issues × {READ_PER_ISSUE} read marks"
            f" and a place, {full_db.stat().st_size / 1e6:.1f} MB"
            f" ({time.perf_counter() - started:.1f} s)"
        )

        toggles_empty = time_toggles(tmp / "toggle.db", args.toggles)
        toggles_full = time_toggles(full_db, args.toggles)
        samples = alternate(
            args.runs,
            {
                "empty": lambda: start_up(empty_db, last_key),
                "full": lambda: start_up(full_db, last_key),
                "no file": lambda: start_up(none_db, last_key),
            },
            warmup=10,
        )
        processes = alternate(
            args.processes,
            {
                "empty": lambda: process_start_up(empty_db, last_key),
                "full": lambda: process_start_up(full_db, last_key),
            },
            warmup=10,
        )

    ratio = median(samples["full"]) / median(samples["empty"])
    process_ratio = median(processes["full"]) / median(processes["empty"])
    rows = [
        ["toggle_bookmark, empty store", ms(median(toggles_empty)), ms(p90(toggles_empty))],
        ["toggle_bookmark, 10,000 bookmarks", ms(median(toggles_full)), ms(p90(toggles_full))],
    ]
    for name, label in (
        ("no file", "no file (fresh install)"),
        ("empty", "empty store"),
        ("full", "10,000 bookmarks + 1,000 issues"),
    ):
        rows.append([f"start-up, {label}", us(median(samples[name])), us(p90(samples[name]))])
    for name, label in (("empty", "empty store"), ("full", "10,000 bookmarks + 1,000 issues")):
        figures = processes[name]
        rows.append([f"process start-up, {label}", ms(median(figures)), ms(p90(figures))])
    print()
    print_table(rows, ["measured", "median", "p90"])
    toggle = median(toggles_full + toggles_empty)
    results = [
        Result(
            "store: toggle bookmark (median)",
            ms(toggle),
            target="≤ 5 ms",
            verdict=verdict(toggle, TOGGLE_TARGET),
        ),
        Result(
            "store: start-up, full vs empty",
            us(median(samples["full"])),
            baseline=us(median(samples["empty"])),
            ratio=f"{ratio:.3f}×",
            target=f"≤ {STARTUP_TARGET}×",
            verdict=verdict(ratio, STARTUP_TARGET),
        ),
        Result(
            "store: process start-up, full vs empty",
            ms(median(processes["full"])),
            baseline=ms(median(processes["empty"])),
            ratio=f"{process_ratio:.3f}×",
            target=f"≤ {STARTUP_TARGET}×",
            verdict=verdict(process_ratio, STARTUP_TARGET),
        ),
    ]
    print()
    for result in results:
        extra = f" (empty {result.baseline}, ratio {result.ratio})" if result.ratio else ""
        print(f"{result.name}: {result.value}{extra}, target {result.target}: {result.verdict}")
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
