"""Run the paperread benchmarks and print one summary table.

Each benchmark runs as its own process (so one does not warm up or fill the
memory of the next) and prints its full report; the summary at the end
collects their headline figures with the targets and PASS/OVER.

The reader's four, (a)–(d), always run. The benchmarks of later issues run
when their script exists in this folder: conversion (issue 3,
``bench_script.py``, and key ``t`` in the reader, ``bench_toggle.py``), store
(issue 4, ``bench_store.py``), search (issue 5, ``bench_search.py``), import
(issue 6, ``bench_import.py``) and feed import (issue 14, ``bench_import_feed.py``).
A script that
is missing is listed as "not yet run"; one whose ``--help`` offers no
``--json FILE`` is run all the same, and its figures are only in its printed
report (the summary says so).

    python benchmarks/run_all.py [--quick] [--profile] [--only NAME ...] [--skip NAME ...]

``--quick`` uses fewer repetitions (for a smoke run, not for figures);
``--profile`` asks each benchmark for its profile as well; ``--only`` runs the
named scripts alone (e.g. ``--only bench_next.py``), ``--skip`` leaves them
out. A full run takes 8–16 minutes, most of it ``bench_search.py`` writing
and indexing its ten-year library (about 1.3 GB in the temporary folder);
``--skip bench_search.py`` brings it down to about 3 minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _common import BENCH_DIR, Result, machine, print_table, read_results


@dataclass(frozen=True)
class Benchmark:
    """One script: what it measures for whom, and its options for each kind of run."""

    script: str
    group: str
    full: list[str] = field(default_factory=list)
    quick: list[str] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)
    optional: bool = False  # may not exist yet (being written for a later issue)


BENCHMARKS = [
    Benchmark(
        "bench_startup.py",
        "reader (a)",
        ["--runs", "31", "--importtime"],
        ["--runs", "5"],
        ["--profile"],
    ),
    Benchmark("bench_load.py", "reader (b)", ["--runs", "9"], ["--runs", "3"], ["--profile"]),
    Benchmark(
        "bench_next.py", "reader (c)", ["--presses", "40"], ["--presses", "8"], ["--profile"]
    ),
    Benchmark(
        "bench_tree.py",
        "huge issues (issue 16)",
        ["--runs", "5", "--presses", "30"],
        ["--runs", "2", "--presses", "5", "--sizes", "1000"],
        optional=True,
    ),
    Benchmark("bench_memory.py", "reader (d)", ["--runs", "3"], ["--runs", "1"]),
    Benchmark(
        "bench_huge.py",
        "huge issues (issue 16)",
        ["--runs", "3"],
        ["--runs", "1", "--articles", "10000"],
        optional=True,
    ),
    Benchmark(
        "bench_script.py",
        "conversion (issue 3)",
        ["--runs", "9", "--procs", "7"],
        ["--runs", "3", "--procs", "2", "--articles", "200"],
        optional=True,
    ),
    Benchmark(
        "bench_toggle.py",
        "key t (issue 3)",
        ["--reps", "30", "--procs", "7", "--long-reps", "5"],
        ["--reps", "5", "--procs", "2", "--long-reps", "1", "--articles", "200"],
        ["--profile"],
        optional=True,
    ),
    Benchmark(
        "bench_store.py",
        "store (issue 4)",
        ["--runs", "400", "--toggles", "200", "--processes", "20"],
        ["--runs", "50", "--toggles", "40", "--processes", "3"],
        optional=True,
    ),
    Benchmark(
        "bench_search.py",
        "search (issue 5)",
        ["--scale", "1"],
        ["--scale", "0.05", "--repeat", "2", "--runs", "2"],
        optional=True,
    ),
    Benchmark(
        "bench_search_cli.py",
        "search command (issue 16)",
        ["--runs", "21"],
        ["--runs", "5"],
        optional=True,
    ),
    Benchmark(
        "bench_import.py",
        "import (issue 6)",
        ["--runs", "5"],
        ["--runs", "1", "--sizes", "0.25", "0.5"],
        ["--profile"],
        optional=True,
    ),
    Benchmark(
        "bench_import_feed.py",
        "feed import (issue 14)",
        ["--runs", "5"],
        ["--runs", "2", "--items", "20"],
        ["--profile"],
        optional=True,
    ),
]


def offers_json(path: Path) -> bool:
    """True when the script's ``--help`` lists ``--json``."""
    done = subprocess.run(
        [sys.executable, str(path), "--help"], capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "--json" in done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark, then print the summary table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke run)")
    parser.add_argument("--profile", action="store_true", help="print profiles too")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these scripts")
    parser.add_argument("--skip", nargs="+", metavar="NAME", default=[], help="skip these")
    args = parser.parse_args(argv)

    chosen = [
        b
        for b in BENCHMARKS
        if (not args.only or b.script in args.only) and b.script not in args.skip
    ]
    rows: list[list[str]] = []
    notes: list[str] = []
    failed: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp:
        for bench in chosen:
            path = BENCH_DIR / bench.script
            if not path.exists():
                notes.append(f"{bench.group}: {bench.script} not yet run (no such script yet)")
                continue
            out = Path(tmp) / f"{bench.script}.json"
            with_json = offers_json(path)
            options = [
                *(bench.quick if args.quick else bench.full),
                *(bench.profile if args.profile else []),
            ]
            print(f"\n=== {bench.script} {' '.join(options)}", flush=True)
            command = [sys.executable, str(path), *options]
            done = subprocess.run(
                [*command, "--json", str(out)] if with_json else command, check=False
            )
            if done.returncode != 0 or (with_json and not out.exists()):
                failed.append(bench.script)
                continue
            if not with_json:
                notes.append(
                    f"{bench.group}: {bench.script} has no --json; its figures are in its "
                    "report above"
                )
                continue
            results: list[Result] = read_results(out)
            rows += [
                [bench.group, r.name, r.value, r.baseline, r.ratio, r.target, r.verdict]
                for r in results
            ]

    quick_note = " (QUICK: too few repetitions for real figures)" if args.quick else ""
    print(f"\n=== summary{quick_note}")
    print(f"machine: {machine()}")
    print_table(rows, ["for", "benchmark", "measured", "baseline", "ratio", "target", "verdict"])
    for note in notes:
        print(f"- {note}")
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.0f} s", end="")
    print(f"; FAILED to run: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
