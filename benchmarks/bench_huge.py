"""Huge issues (issue 16, item 4): a 100,000-article file's parse, first frame and memory.

Each run is a fresh process (``reader_child.py``) that starts the reader on
the file as ``paperread FILE`` does, headless at 100×30, in the real
command's order (the issue is parsed before the UI is imported), and exits
at the first frame showing the story. Printed per run, medians over
``--runs``:

- the file's size;
- **parse**: the first ``load_issue`` call, start to end (reading, checking,
  composing, validating, building the model);
- **first frame beyond the parse**: from the end of the parse to the first
  frame showing the story (importing the UI, building the screens, the
  section tree, the story's typesetting);
- **peak RSS** (``ru_maxrss``) and its ratio to the file's size.

Targets: first frame ≤ 1 s beyond the parse; peak RSS ≤ 5× the file. The
bundled sample is run the same way for the part of the first frame that does
not depend on the issue's size. ``--second-start`` starts again after each
cold start, in the same folders: the cache of parsed issues the first wrote is
read instead of the file parsed (its "parse" is the cache load). ``--before
DIR`` runs a second ``reader`` package (a checkout's folder holding
``reader/``, put first on PYTHONPATH) alternately with this one, for
before/after figures in one run.

The file is ``generate_issue.py``'s, with ``--body-chars 50`` by default
(100,000 articles make 46 MB, under the loader's 64 MiB limit; the default
bodies of 600–2,800 characters would make 545 MB).

    python benchmarks/bench_huge.py [--runs 3] [--articles 100000] [--body-chars 50]
                                    [--file ISSUE.yaml] [--second-start] [--before DIR]
                                    [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import (
    BENCH_DIR,
    SAMPLE,
    Result,
    compile_checkout,
    isolated_dirs,
    machine,
    median,
    print_table,
    verdict,
    write_results,
)

CHILD = BENCH_DIR / "reader_child.py"
TARGET_BEYOND_S = 1.0
TARGET_RATIO = 5.0


def run_child(path: Path, tree: Path | None, warm: bool = False) -> list[dict[str, float]]:
    """One fresh reader process with fresh paperread folders (a cold start: no store, no
    cache): parse and first-frame times in seconds, peak RSS in MB. With ``warm``, then a
    second start in the same folders (the cache of parsed issues written by the first):
    its cache load in place of the parse."""
    with isolated_dirs() as env:
        if tree is not None:
            env["PYTHONPATH"] = str(tree) + os.pathsep + env.get("PYTHONPATH", "")
        return [_child(path, env) for _ in range(2 if warm else 1)]


def _child(path: Path, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(CHILD), str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"child on {path} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    stamps: dict[str, float] = {}
    peak = 0.0
    for line in done.stdout.splitlines():
        if line.startswith("STAMP "):
            _, name, value = line.split()
            stamps[name] = float(value)
        elif line.startswith("MAXRSS "):
            value_kb = int(line.split()[1])
            peak = value_kb / 1e6 if sys.platform == "darwin" else value_kb / 1024
    start, end = (
        ("parse-start", "parse-end") if "parse-end" in stamps else ("cache-start", "cache-end")
    )
    return {
        "parse": stamps[end] - stamps[start],
        "beyond": stamps["story-frame"] - stamps[end],
        "ui": stamps["imported-ui"] - stamps[end],
        "peak": peak,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processes per variant")
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--body-chars", type=int, default=50, help="body length of each article")
    parser.add_argument("--file", type=Path, help="use this issue file instead of generating")
    parser.add_argument("--before", type=Path, help="a folder holding another reader/ to compare")
    parser.add_argument(
        "--second-start",
        action="store_true",
        help="after each cold start, start again on the cache it wrote (cache load as parse)",
    )
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)
    compile_checkout()

    with tempfile.TemporaryDirectory(prefix="paperread-huge-") as tmp:
        if args.file:
            path = args.file
        else:
            # In a child: a child process starts with its parent's peak RSS as its own
            # (Linux keeps ru_maxrss across fork and exec), and the generator's lines
            # of a 46 MB file would be that peak.
            started = time.perf_counter()
            path = Path(tmp) / "huge.yaml"
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH_DIR / "generate_issue.py"),
                    str(path),
                    "--articles",
                    str(args.articles),
                    "--body-chars",
                    str(args.body_chars),
                ],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            print(f"generated in {time.perf_counter() - started:.1f} s")
            # Dated an hour back, as a library's file is: a file changed within the last
            # 2 s is not cached (its time may not change at the next write), and a small
            # one is parsed within that, so its first start would not write the cache.
            then = time.time_ns() - 3600 * 10**9
            os.utime(path, ns=(then, then))
        size_mb = path.stat().st_size / 1e6
        print(
            f"huge issue: {path.name}, {args.articles:,} articles, {size_mb:.1f} MB; "
            f"{args.runs} fresh processes each"
        )
        print(f"machine: {machine()}")
        trees: dict[str, Path | None] = {"this tree": None}
        if args.before:
            trees = {"before": args.before, **trees}
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(args.runs):
            for name, tree in trees.items():
                cold, *warm = run_child(path, tree, warm=args.second_start)
                runs.setdefault((name, "huge"), []).append(cold)
                if warm:
                    runs.setdefault((name, "huge, again"), []).append(warm[0])
                runs.setdefault((name, "sample"), []).append(run_child(SAMPLE, tree)[0])

    def med(key: tuple[str, str], figure: str) -> float:
        return median([run[figure] for run in runs[key]])

    rows = []
    labels = {
        "huge": "huge issue",
        "huge, again": "huge issue, second start (cache load)",
        "sample": "bundled sample",
    }
    for name in trees:
        for what in [w for w in labels if (name, w) in runs]:
            key = (name, what)
            peak = med(key, "peak")
            huge = what.startswith("huge")
            file_mb = size_mb if huge else SAMPLE.stat().st_size / 1e6
            rows.append(
                [
                    f"{name}: {labels[what]}",
                    f"{med(key, 'parse'):.3f} s",
                    f"{med(key, 'beyond'):.3f} s ({med(key, 'ui'):.3f} s to the UI)",
                    f"{peak:.1f} MB",
                    f"{peak / file_mb:.2f}x" if huge else "-",
                ]
            )
    print()
    print_table(
        rows,
        ["process", "parse (or cache load)", "first frame beyond it", "peak RSS", "RSS / file"],
    )
    key = ("this tree", "huge")
    beyond = med(key, "beyond")
    ratio = med(key, "peak") / size_mb
    beyond_verdict = verdict(beyond, TARGET_BEYOND_S)
    ratio_verdict = verdict(ratio, TARGET_RATIO)
    print(
        f"\nfirst frame {beyond:.3f} s beyond the parse (target <= {TARGET_BEYOND_S:.0f} s) "
        f"{beyond_verdict}; peak RSS {med(key, 'peak'):.1f} MB = {ratio:.2f}x the "
        f"{size_mb:.1f} MB file (target <= {TARGET_RATIO:.0f}x) {ratio_verdict}; "
        f"parse {med(key, 'parse'):.2f} s"
    )
    write_results(
        args.json,
        [
            Result(
                f"huge issue, {args.articles:,} articles: first frame beyond the parse",
                f"{beyond * 1000:.0f} ms",
                f"parse {med(key, 'parse'):.2f} s",
                "",
                f"<= {TARGET_BEYOND_S * 1000:.0f} ms",
                beyond_verdict,
            ),
            Result(
                f"huge issue, {args.articles:,} articles: peak RSS, cold load",
                f"{med(key, 'peak'):.1f} MB",
                f"file {size_mb:.1f} MB",
                f"{ratio:.2f}x",
                f"<= {TARGET_RATIO:.0f}x",
                ratio_verdict,
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
