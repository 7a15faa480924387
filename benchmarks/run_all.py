"""Run the four paperread benchmarks and print one summary table.

Each benchmark runs as its own process (so one does not warm up or fill the
memory of the next) and prints its full report; the summary at the end
collects their headline figures with the targets and PASS/OVER.

    python benchmarks/run_all.py [--quick] [--profile]

``--quick`` uses fewer repetitions (for a smoke run, not for figures);
``--profile`` asks each benchmark for its profile as well.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import BENCH_DIR, Result, machine, print_table, read_results

BENCHMARKS = {
    "bench_startup.py": (["--runs", "15", "--importtime"], ["--runs", "5"], ["--profile"]),
    "bench_load.py": (["--runs", "9"], ["--runs", "3"], ["--profile"]),
    "bench_next.py": (["--presses", "40"], ["--presses", "8"], ["--profile"]),
    "bench_memory.py": (["--runs", "3"], ["--runs", "1"], []),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark, then print the summary table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke run)")
    parser.add_argument("--profile", action="store_true", help="print profiles too")
    args = parser.parse_args(argv)

    results: list[Result] = []
    failed: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp:
        for script, (full, quick, profile) in BENCHMARKS.items():
            out = Path(tmp) / f"{script}.json"
            options = [*(quick if args.quick else full), *(profile if args.profile else [])]
            print(f"\n=== {script} {' '.join(options)}", flush=True)
            done = subprocess.run(
                [sys.executable, str(BENCH_DIR / script), *options, "--json", str(out)],
                check=False,
            )
            if done.returncode != 0 or not out.exists():
                failed.append(script)
                continue
            results += read_results(out)

    quick_note = " (QUICK: too few repetitions for real figures)" if args.quick else ""
    print(f"\n=== summary{quick_note}")
    print(f"machine: {machine()}")
    print_table(
        [[r.name, r.value, r.baseline, r.ratio, r.target, r.verdict] for r in results],
        ["benchmark", "measured", "baseline", "ratio", "target", "verdict"],
    )
    print(f"\n{len(results)} figures in {time.perf_counter() - started:.0f} s", end="")
    print(f"; FAILED to run: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
