"""(d) Peak memory with the 1,000-article issue open, vs. a minimal Textual app.

Each figure is the peak resident set (``ru_maxrss``) of a fresh process that
starts an app headless at 100×30 and exits once its text is on screen:
paperread on a generated 1,000-article (~5 MB) issue and on the bundled
sample, started as the real command starts them, parsing the issue before the
UI is imported (reader_child.py; when the UI was imported first, the UI's
modules and the parse's transients made one peak: 66.9 MB reported against
51.7 MB for the real command); the Tree + Static baseline
(startup_child.py); and ``python -c "import textual.app"``. Medians of
``--runs`` runs.
The time each app took to show its text is printed too (the 1,000-article
issue is parsed and validated during start-up).

Target: paperread with the 1,000-article issue open ≤ 150 MB.

    python benchmarks/bench_memory.py [--runs 3] [--articles 1000]
"""

from __future__ import annotations

import argparse
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
    isolated_dirs,
    machine,
    median,
    ms,
    print_table,
    verdict,
    write_results,
)
from generate_issue import write_issue

CHILD = BENCH_DIR / "startup_child.py"
READER_CHILD = BENCH_DIR / "reader_child.py"
TARGET_MB = 150.0
RSS_SNIPPET = (
    "import resource, textual.app; "
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def run_child(args: Sequence[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Peak resident set of one child in MB, and its time to the story frame in seconds.

    ``ru_maxrss`` is KB on Linux, bytes on macOS.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    peak, shown = None, None
    for line in done.stdout.splitlines():
        if line.startswith("MAXRSS "):
            value = int(line.split()[1])
            peak = value / 1e6 if sys.platform == "darwin" else value / 1024
        elif line.startswith("STAMP story-frame "):
            shown = float(line.split()[2]) - start
    if peak is None:
        raise SystemExit(f"child {args} printed no MAXRSS:\n{done.stdout}")
    return peak, shown


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processes per variant")
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp, isolated_dirs() as env:
        big = write_issue(Path(tmp) / "issue-1000.yaml", args.articles)
        size = big.stat().st_size / 1e6
        print(
            f"(d) peak RSS at the first frame; {args.articles}-article issue of {size:.2f} MB; "
            f"{args.runs} runs each"
        )
        print(f"machine: {machine()}")
        variants = {
            f"paperread, {args.articles}-article issue": [str(READER_CHILD), str(big)],
            "paperread, bundled sample": [str(READER_CHILD), str(SAMPLE)],
            "baseline: Tree + Static app": [str(CHILD), "baseline"],
            "python -c 'import textual.app'": ["-c", RSS_SNIPPET],
        }
        runs = {
            name: [run_child(command, env) for _ in range(args.runs)]
            for name, command in variants.items()
        }
    peaks = {name: median([peak for peak, _ in got]) for name, got in runs.items()}
    shown = {
        name: ms(median([t for _, t in got if t is not None])) if got[0][1] is not None else "-"
        for name, got in runs.items()
    }
    print()
    print_table(
        [[name, f"{mb:.1f} MB", shown[name]] for name, mb in peaks.items()],
        ["process", "peak RSS", "story shown"],
    )
    ours = peaks[f"paperread, {args.articles}-article issue"]
    base = peaks["baseline: Tree + Static app"]
    result = verdict(ours, TARGET_MB)
    print(
        f"\npaperread with {args.articles} articles open: {ours:.1f} MB "
        f"(target <= {TARGET_MB:.0f} MB) {result}; {ours / base:.2f}x the baseline app, "
        f"+{ours - peaks['paperread, bundled sample']:.1f} MB over the sample"
    )
    write_results(
        args.json,
        [
            Result(
                f"(d) peak RSS, {args.articles}-article issue open",
                f"{ours:.1f} MB",
                f"{base:.1f} MB",
                f"{ours / base:.2f}x",
                f"<= {TARGET_MB:.0f} MB",
                result,
            )
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
