"""(issue 16, item 3) ``paperread search QUERY`` against ``paperread cat`` of the sample.

Both are whole processes (``python -m reader ...``, output to /dev/null), warm: the
search's catalogue and index were brought up to date by an unmeasured run first, so
what is timed is what a second search costs. The library is the default one in a
temporary data folder: the bundled sample alone. The two commands alternate (the
shared :func:`_common.alternate`), medians are compared. Target: search ≤ 1.3× cat.

    python benchmarks/bench_search_cli.py [--runs 21] [--query 党建] [--importtime]

``--importtime`` then lists the slowest imports of one search (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence

from _common import (
    REPO,
    SAMPLE,
    Result,
    alternate,
    compile_checkout,
    isolated_dirs,
    machine,
    median,
    ms,
    p90,
    print_table,
    time_process,
    verdict,
    write_results,
)

TARGET = 1.3


def import_report(args: Sequence[str], env: dict[str, str], limit: int = 25) -> None:
    """The slowest imports (cumulative) of one run of ``args``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        head, cumulative, name = line.split("|", 2)
        rows.append((int(cumulative), int(head.removeprefix("import time:")), name.rstrip()))
    print(f"\nslowest imports of {' '.join(args[2:])} (cumulative µs, self µs):")
    for cumulative, self_us, name in sorted(rows, reverse=True)[:limit]:
        print(f"  {cumulative:>7} {self_us:>7}  {name}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command")
    parser.add_argument("--query", default="党建", help="the search query")
    parser.add_argument("--importtime", action="store_true", help="list the search's imports")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)
    print(machine())
    compile_checkout()
    search = ["-m", "reader", "search", args.query]
    cat = ["-m", "reader", "cat", str(SAMPLE)]
    with isolated_dirs() as env:
        time_process(search, env)  # the catalogue and the index, built once
        samples = alternate(
            args.runs,
            {"search": lambda: time_process(search, env), "cat": lambda: time_process(cat, env)},
            warmup=2,
        )
        if args.importtime:
            import_report(search, env)
    search_med, cat_med = median(samples["search"]), median(samples["cat"])
    ratio = search_med / cat_med
    print(f"\n{args.runs} runs each, alternating, warm")
    print_table(
        [
            [f"paperread search {args.query}", ms(search_med), ms(p90(samples["search"]))],
            ["paperread cat (the sample)", ms(cat_med), ms(p90(samples["cat"]))],
        ],
        ["command", "median", "p90"],
    )
    print(f"\nsearch / cat: {ratio:.2f}×  (target ≤ {TARGET}×)  {verdict(ratio, TARGET)}")
    write_results(
        args.json,
        [
            Result(
                "paperread search vs cat, whole processes, warm",
                ms(search_med),
                ms(cat_med),
                f"{ratio:.2f}×",
                f"≤ {TARGET}×",
                verdict(ratio, TARGET),
            )
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
