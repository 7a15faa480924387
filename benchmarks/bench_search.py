"""(issue 5) Library and search on a synthetic 10-year library: catalogue, index, queries.

The library is written by :mod:`generate_library` (3,650 daily issues of 60
articles at ``--scale 1``; ``--scale 0.1`` writes 365) into a temporary folder,
or read from ``--library DIR``. Measured, each in this order:

- catalogue, first scan (every file parsed) and warm start-up: the library
  ready from the catalogue in a fresh process (import + scan), big library
  plus the sample vs the sample alone; target ≤ 1.2×;
- ``paperread`` until the story is on screen (whole processes, headless; issue 16,
  item 2), the library's start against the sample alone: warm (target ≤ 1.2×),
  a first start with no catalogue (≤ 2×), and with 100 new issues (≤ 1.2×);
- index build in a fresh child process: characters per second, and its peak
  memory (``ru_maxrss``);
- index size (``search.db`` after a checkpoint) vs the folded text; target ≤ 2×;
- search latency p50/p95 for 2–4 character Chinese queries and common Latin
  words, with the newest issue as the current one, as the reader asks;
  target ≤ 50 ms each (1-character queries are reported, without a target);
- re-indexing after one issue is added (catalogue scan + index update), and
  after it is removed again; target ≤ 0.5 s.

    python benchmarks/bench_search.py [--scale 1] [--library DIR] [--repeat 5] [--json FILE]
    python benchmarks/bench_search.py --library DIR --only-startup   # catalogue and start-up alone
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import (
    REPO,
    SAMPLE,
    Result,
    isolated_process_dirs,
    machine,
    median,
    ms,
    use_repo_checkout,
    verdict,
    write_results,
)
from generate_library import generate_library, write_issue

use_repo_checkout()

CHINESE = (
    "党建",
    "黨建",
    "社区",
    "台湾",
    "示例市",
    "志愿者",
    "合作社",
    "乡村振兴",
    "營商環境",
    "养老服务",
)
LATIN = ("the", "city", "water", "app", "gdp", "museum", "harvest", "festival")
SINGLE = ("党", "的", "鹭", "g")
TARGET_LATENCY = 0.050
TARGET_REINDEX = 0.5
TARGET_SIZE = 2.0
TARGET_STARTUP = 1.2
TARGET_FIRST_START = 2.0  # issue 16, item 2: a first start on a big library vs the sample
CHANGED = 100  # issues added before the "changed" start

STARTUP_CHILD = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from reader.library.files import catalogue_library
library = catalogue_library([Path(p) for p in sys.argv[1:]])
first = library.entries[0]
print(time.perf_counter() - started, len(library.entries), first.paper, first.date)
"""

# What the reader does before its first frame: reader.cli.read's quick scan (the newest issue
# from the catalogue), then parsing that issue. The full check follows after the frame.
QUICK_CHILD = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from reader.cli.read import scan_library
library = scan_library([Path(p) for p in sys.argv[1:]])
first = library.entries[0]
first.load()
print(time.perf_counter() - started, len(library.entries), library.verified, first.date)
"""

BUILD_CHILD = """
import json, resource, sys, time
from pathlib import Path
from reader.library.files import catalogue_library
from reader.search.index import SearchIndex
library = catalogue_library([Path(p) for p in sys.argv[1:]])
index = SearchIndex()
started = time.perf_counter()
index.update(library.entries)
seconds = time.perf_counter() - started
index.checkpoint()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak, **index.indexed, **index.stats()}))
"""


def child(code: str, args: Sequence[str]) -> str:
    """Run ``code`` in a fresh interpreter (this checkout importable); its stdout."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def startup(roots: Sequence[Path], runs: int, code: str = STARTUP_CHILD) -> float:
    """Median seconds for a fresh process to import and build the library from the catalogue."""
    return median([float(child(code, [str(r) for r in roots]).split()[0]) for _ in range(runs)])


def first_start(library: Path, runs: int) -> dict[str, float] | None:
    """Medians of ``paperread`` (no path) until the story is on screen, whole processes.

    Through benchmarks/startup_child.py (see bench_startup.py), headless, with
    :func:`_common.alternate`. One config lists the library, the other nothing (the sample
    alone, its catalogue warm: the usual start). The library's starts:

    - ``warm``: the catalogue knows every file (a full scan ran before);
    - ``cold``: a first start, an empty cache dir each time (the newest issue found by a
      first look; the rest would be read after the first frame);
    - ``changed``: ``CHANGED`` new issues, newer than the rest, written just before each
      start into a library the catalogue (a copy of the warm one) knows otherwise.
      (Files changed in place leave the folders' times alone: that start is ``warm``'s.)

    Round 1 alternates sample, warm and cold; round 2 sample and changed (its new files
    would spoil the warm start). Returns the medians by name (``sample`` from round 1,
    ``sample-2`` from round 2), or None when a start failed.
    """
    from _common import BENCH_DIR, alternate

    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.setdefault("LANG", "C.UTF-8")
    base = Path(os.environ["PAPERREAD_CACHE_DIR"]).parent
    configs = {}
    for name, listed in (("library", [library]), ("sample", [])):
        folder = base / f"config-{name}"
        folder.mkdir(exist_ok=True)
        lines = ["library:", *(f"  - {json.dumps(str(p))}" for p in listed)] if listed else []
        (folder / "config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        configs[name] = dict(env, PAPERREAD_CONFIG_DIR=str(folder))
    warm_cache = Path(os.environ["PAPERREAD_CACHE_DIR"])
    child(STARTUP_CHILD, [str(library), str(SAMPLE.parent)])  # the warm catalogue: full scan
    child(STARTUP_CHILD, [str(SAMPLE.parent)])
    command = [sys.executable, str(BENCH_DIR / "startup_child.py"), "paperread", "-"]
    failed: list[str] = []

    def start(config: str, cache: Path) -> float:
        started = time.perf_counter()
        done = subprocess.run(
            command,
            env=dict(configs[config], PAPERREAD_CACHE_DIR=str(cache)),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            failed.append(done.stderr.strip()[-300:])
            return float("nan")
        stamps = dict(
            line.split()[1:] for line in done.stdout.splitlines() if line.startswith("STAMP ")
        )
        return float(stamps["story-frame"]) - started

    def cold() -> float:
        cache = Path(tempfile.mkdtemp(prefix="cold-", dir=base))
        try:
            return start("library", cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    existing = len(list(library.rglob("*.yaml")))

    def changed() -> float:
        cache = Path(tempfile.mkdtemp(prefix="changed-", dir=base))
        added = [write_issue(library, existing + n) for n in range(CHANGED)]
        try:
            for item in warm_cache.glob("catalogue.db*"):
                shutil.copy2(item, cache / item.name)
            return start("library", cache)
        finally:
            for path in added:
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # a year's folder made for them
                    path.parent.rmdir()
            shutil.rmtree(cache, ignore_errors=True)

    first = alternate(
        runs,
        {
            "sample": lambda: start("sample", warm_cache),
            "warm": lambda: start("library", warm_cache),
            "cold": cold,
        },
    )
    # The warm catalogue, as the app left it, is what "changed" starts from.
    second = alternate(runs, {"sample-2": lambda: start("sample", warm_cache), "changed": changed})
    if failed:
        print(f"(paperread start-up not measured: {failed[0]})")
        return None
    return {name: median(times) for name, times in {**first, **second}.items()}


def report_first_start(library: Path, runs: int, results: list[Result]) -> None:
    """Measure :func:`first_start` and print its three ratios against their targets."""
    medians = first_start(library, runs)
    if medians is None:
        return
    rows = (
        ("warm", "sample", TARGET_STARTUP, "start-up, story on screen (whole process)"),
        ("cold", "sample", TARGET_FIRST_START, "first start (no catalogue), story on screen"),
        ("changed", "sample-2", TARGET_STARTUP, f"start after {CHANGED} issues added"),
    )
    for name, against, target, title in rows:
        ratio = medians[name] / medians[against]
        print(
            f"paperread until the story is on screen, {name}: {ms(medians[name])} vs the sample "
            f"alone {ms(medians[against])}: {ratio:.2f}× (≤ {target}×) {verdict(ratio, target)}"
        )
        results.append(
            Result(
                title,
                ms(medians[name]),
                ms(medians[against]),
                f"{ratio:.2f}×",
                f"≤ {target}×",
                verdict(ratio, target),
            )
        )


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (inclusive method)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def latencies(queries: Sequence[str], repeat: int, current: str | None) -> list[float]:
    """Seconds per search, each query ``repeat`` times, in one warm process."""
    from reader.search.index import SearchIndex

    index = SearchIndex()
    index.search("预热")  # opens the index, builds the t2s converter
    times = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            index.search(query, limit=50, issue_key=current)
            times.append(time.perf_counter() - started)
    index.close()
    return times


def main(argv: Sequence[str] | None = None) -> int:
    """Generate or take the library, measure, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10 years of 365 issues")
    parser.add_argument("--articles", type=int, default=60, help="articles per issue")
    parser.add_argument("--library", type=Path, help="use this generated library")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per start-up")
    parser.add_argument("--json", metavar="FILE", help="write the headline figures here")
    parser.add_argument(
        "--only-startup",
        action="store_true",
        help="measure the catalogue (first scan, warm scan, start-up) and stop there",
    )
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="paperread-library-") as tmp, isolated_process_dirs():
        library = args.library
        days = max(1, round(3650 * args.scale))
        if library is None:
            library = Path(tmp) / "library"
            started = time.perf_counter()
            generate_library(library, years=1, days_per_year=days, articles=args.articles)
            took = time.perf_counter() - started
            print(f"generated {days} issues × {args.articles} articles in {took:.1f} s")
        files = sorted(library.rglob("*.yaml"))
        sample_only = [SAMPLE.parent]
        roots = [library, SAMPLE.parent]
        print(f"library: {library} ({len(files)} issues, scale {len(files) / 3650:.2f})")

        # Catalogue: first scan, then warm start-up against the sample alone.
        first_scan = float(child(STARTUP_CHILD, [str(r) for r in roots]).split()[0])
        print(f"catalogue first scan (every file parsed): {first_scan:.1f} s")
        child(STARTUP_CHILD, [str(r) for r in sample_only])
        in_big, in_small = warm_scan(roots, args.runs), warm_scan(sample_only, args.runs)
        print(
            f"catalogue_library, warm, in process: {ms(in_big)} with the library "
            f"vs {ms(in_small)} for the sample alone"
        )
        big = startup(roots, args.runs)
        small = startup(sample_only, args.runs)
        ratio = big / small
        print(
            f"the whole library checked (fresh process, import + full catalogue scan; the reader "
            f"does this after its first frame): {ms(big)} vs sample alone {ms(small)}: "
            f"{ratio:.2f}× (no target)"
        )
        child(QUICK_CHILD, [str(r) for r in roots])  # let it record the folders' times
        big_quick = startup(roots, args.runs, QUICK_CHILD)
        small_quick = startup(sample_only, args.runs, QUICK_CHILD)
        quick_ratio = big_quick / small_quick
        print(
            f"the reader's start before its first frame (fresh process, import + quick scan + "
            f"parse the newest issue): {ms(big_quick)} vs sample alone {ms(small_quick)}: "
            f"{quick_ratio:.2f}× {verdict(quick_ratio, TARGET_STARTUP)}"
        )
        results.append(
            Result(
                "start-up, newest issue ready (in process)",
                ms(big_quick),
                ms(small_quick),
                f"{quick_ratio:.2f}×",
                f"≤ {TARGET_STARTUP}×",
                verdict(quick_ratio, TARGET_STARTUP),
            )
        )
        report_first_start(library, args.runs, results)

        if args.only_startup:
            if args.library is None:
                shutil.rmtree(library, ignore_errors=True)
            write_results(args.json, results)
            return 0

        # Index build in a fresh process.
        built = json.loads(child(BUILD_CHILD, [str(r) for r in roots]))
        rate = built["chars"] / built["seconds"]
        print(
            f"index build: {built['issues']} issues, {built['articles']} articles, "
            f"{built['chars'] / 1e6:.1f} M characters in {built['seconds']:.1f} s: "
            f"{rate / 1e6:.2f} M characters/s; peak memory {built['peak'] / 2**20:.0f} MiB"
        )
        results.append(Result("index build throughput", f"{rate / 1e6:.2f} M chars/s"))
        results.append(Result("peak memory while indexing", f"{built['peak'] / 2**20:.0f} MiB"))
        size_ratio = built["bytes"] / built["folded_bytes"]
        print(
            f"index size: {built['bytes'] / 1e6:.1f} MB vs folded text "
            f"{built['folded_bytes'] / 1e6:.1f} MB (UTF-8): {size_ratio:.2f}× "
            f"{verdict(size_ratio, TARGET_SIZE)}"
        )
        print_breakdown()
        results.append(
            Result(
                "index size / folded text",
                f"{built['bytes'] / 1e6:.0f} MB",
                f"{built['folded_bytes'] / 1e6:.0f} MB",
                f"{size_ratio:.2f}×",
                f"≤ {TARGET_SIZE}×",
                verdict(size_ratio, TARGET_SIZE),
            )
        )

        # Search latency, the newest issue being the current one.
        from reader.library.files import catalogue_library

        newest = catalogue_library(roots).entries[0].identity
        for name, queries in (("Chinese 2–4 chars", CHINESE), ("Latin words", LATIN)):
            times = latencies(queries, args.repeat, newest)
            p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
            worst = verdict(p95, TARGET_LATENCY)
            print(f"search {name}: p50 {ms(p50)}, p95 {ms(p95)} ({len(times)} searches) {worst}")
            results.append(
                Result(
                    f"search {name} p50/p95",
                    f"{ms(p50)} / {ms(p95)}",
                    "",
                    "",
                    f"≤ {ms(TARGET_LATENCY)}",
                    worst,
                )
            )
        times = latencies(SINGLE, args.repeat, newest)
        print(
            f"search 1 character (no target): p50 {ms(percentile(times, 0.5))}, "
            f"p95 {ms(percentile(times, 0.95))}"
        )
        for query in (*CHINESE, *LATIN, *SINGLE):
            report_query(query, newest)

        # One more issue, then the same issue gone again.
        added = write_issue(library, len(files), args.articles)
        scan_add, update_add = reindex(roots)
        added.unlink()
        scan_remove, update_remove = reindex(roots)
        for what, scan, update in (
            ("added", scan_add, update_add),
            ("removed", scan_remove, update_remove),
        ):
            total = scan + update
            print(
                f"re-index after one issue {what}: catalogue {ms(scan)} + index {ms(update)}"
                f" = {ms(total)} {verdict(total, TARGET_REINDEX)}"
            )
        results.append(
            Result(
                "re-index, one issue added",
                f"{ms(scan_add + update_add)} (index {ms(update_add)})",
                "",
                "",
                f"≤ {ms(TARGET_REINDEX)}",
                verdict(scan_add + update_add, TARGET_REINDEX),
            )
        )
        if args.library is None:
            shutil.rmtree(library, ignore_errors=True)
    write_results(args.json, results)
    return 0


def reindex(roots: Sequence[Path]) -> tuple[float, float]:
    """Seconds for the catalogue scan and for the index update after a change (warm process)."""
    from reader.library.catalogue import Catalogue
    from reader.library.files import catalogue_library
    from reader.search.index import SearchIndex

    catalogue = Catalogue()
    index = SearchIndex()
    started = time.perf_counter()
    library = catalogue_library(roots, catalogue)
    scanned = time.perf_counter()
    index.update(library.entries)
    updated = time.perf_counter()
    catalogue.close()
    index.close()
    return scanned - started, updated - scanned


def warm_scan(roots: Sequence[Path], runs: int) -> float:
    """Median seconds of catalogue_library in this process (catalogue already filled)."""
    from reader.library.files import catalogue_library

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        catalogue_library(roots)
        times.append(time.perf_counter() - started)
    return median(times)


def report_query(query: str, current: str | None) -> None:
    """How many hits a query has (up to 50), for the report."""
    from reader.search.index import SearchIndex

    index = SearchIndex()
    hits = index.search(query, limit=50, issue_key=current)
    newest = hits[0].date.isoformat() if hits and hits[0].date else "-"
    print(f"  {query!r}: {len(hits)} hits, newest {newest}")
    index.close()


def print_breakdown() -> None:
    """Bytes per table of the index, when SQLite has the dbstat table."""
    import sqlite3

    from reader import paths

    db = sqlite3.connect(paths.cache_dir() / "search.db")
    try:
        rows = db.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 5"
        ).fetchall()
    except sqlite3.Error:
        return
    finally:
        db.close()
    print("  largest parts: " + ", ".join(f"{n} {b / 1e6:.1f} MB" for n, b in rows))


if __name__ == "__main__":
    sys.exit(main())
