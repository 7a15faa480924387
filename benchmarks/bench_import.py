"""(issue 6) ``paperread import`` of raw page text: 1 MB in ≤ 1 s, time linear in the size.

The input is raw page text as an e-paper or PDF copy gives it: the project's
seed page (``tests/data/import/seed-page.txt``, simplified script) and a
traditional-script page written for this benchmark, repeated until the
size is reached. Each size is imported ``--runs`` times with
``reader.importer.import_bytes`` (decoding, reading the stories, writing the
YAML and checking it with the loader the reader uses); the median counts.

Reported per size (0.25, 0.5, 1 and 2 MB by default): the median time,
characters per second, the ratio to the previous size's time (2.00 is
linear, as each size doubles) and the time per MB relative to the smallest
size (1.00 is linear). Also timed: a file of one 1 MB line, and (for
information, not a target) 1 MB of nothing but two-line stories, the costliest
shape per byte.

Targets: 1 MB imports in ≤ 1 s; time per MB stays within 1.5× of the
smallest size's (linear growth).

    python benchmarks/bench_import.py [--runs 5] [--sizes 0.25 0.5 1 2] [--profile]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from _common import REPO, Result, machine, median, ms, print_table, use_repo_checkout, verdict
from _common import write_results as _write_results

TARGET_SECONDS_PER_MB = 1.0
TARGET_LINEARITY = 1.5
MB = 1_000_000

# A page in traditional script, written for this benchmark (no publisher's text).
TRADITIONAL_PAGE = """\
港區新建公園 周末開放

〔記者林小華／高雄報導〕港區舊倉庫改建的公園將在周末開放，市府表示，園區保留了
老倉庫的鋼構，並增設步道與兒童遊戲場。

市民陳先生說，過去這裡很少有人來，現在終於多了一處散步的好地方。
港邊步道夜間點燈
步道沿線設置了照明，晚上也能安心散步。
民眾在新公園內散步。 記者林小華／攝影

市長視察捷運工程：
新路線年底通車
本報訊（記者 王大同）捷運新路線工程進入最後階段，市長昨天到工地視察，要求確保施工安全。
（王大同）
"""


def page_text() -> str:
    """One copy of the input: the seed page and the traditional page."""
    seed = (REPO / "tests" / "data" / "import" / "seed-page.txt").read_text(encoding="utf-8")
    return seed + "\n" + TRADITIONAL_PAGE + "\n"


def raw_page(size: int) -> bytes:
    """About ``size`` bytes of raw page text, cut at a line end."""
    unit = page_text().encode("utf-8")
    data = unit * (size // len(unit) + 1)
    return data[: data.rfind(b"\n", 0, size) + 1]


def timed(function: Callable[[], Any]) -> float:
    """Seconds one call takes, after a full collection."""
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each size")
    parser.add_argument(
        "--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0], help="sizes in MB"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one 1 MB import")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)

    use_repo_checkout()
    from reader.importer import import_bytes

    print(f"(issue 6) import raw page text; {args.runs} runs per size")
    print(f"machine: {machine()}")
    rows = []
    figures: list[tuple[float, int, float, int]] = []  # MB, chars, seconds, articles
    for size_mb in sorted(args.sizes):
        data = raw_page(int(size_mb * MB))
        chars = len(data.decode("utf-8"))
        result = import_bytes(data, "bench.txt")  # warm up; also counts the articles
        times = [timed(partial(import_bytes, data, "bench.txt")) for _ in range(args.runs)]
        seconds = median(times)
        figures.append((len(data) / MB, chars, seconds, result.issue.article_count()))
    base_per_mb = figures[0][2] / figures[0][0]
    previous = None
    for size, chars, seconds, count in figures:
        step = f"{seconds / previous:.2f}x" if previous else ""
        per_mb = (seconds / size) / base_per_mb
        rows.append(
            [
                f"{size:.2f} MB",
                f"{chars:,}",
                str(count),
                ms(seconds),
                f"{chars / seconds:,.0f}",
                step,
                f"{per_mb:.2f}",
            ]
        )
        previous = seconds
    print()
    print_table(
        rows,
        ["input", "chars", "articles", "median", "chars/s", "vs previous", "per MB vs first"],
    )

    one_line = ("这是一行很长的文字，没有换行，也没有标题。" * 40_000).encode("utf-8")[:MB]
    one_line = one_line[: len(one_line.decode("utf-8", "ignore").encode("utf-8"))]
    line_times = [timed(partial(import_bytes, one_line, "line.txt")) for _ in range(args.runs)]
    print(f"\none line of {len(one_line) / MB:.2f} MB: {ms(median(line_times))}")
    # The worst shape for the per-story work (and for the check of the YAML written):
    # a page of nothing but two-line stories, about 20,000 to the MB. Not a target.
    stories = "".join(
        f"短讯标题第{i}则\n本报讯 一句话的短讯，第{i}则。（李平）\n" for i in range(20_000)
    )
    dense = stories.encode("utf-8")[:MB]
    dense = dense[: dense.rfind(b"\n") + 1]
    dense_times = [
        timed(partial(import_bytes, dense, "dense.txt")) for _ in range(max(1, args.runs // 2))
    ]
    dense_count = import_bytes(dense, "dense.txt").issue.article_count()
    print(
        f"{len(dense) / MB:.2f} MB of {dense_count:,} two-line stories (not a target): "
        f"{ms(median(dense_times))}"
    )

    one_mb = min(figures, key=lambda f: abs(f[0] - 1.0))
    per_mb_1 = one_mb[2] / one_mb[0]
    worst = max((s / size) / base_per_mb for size, _, s, _ in figures)
    speed = verdict(per_mb_1, TARGET_SECONDS_PER_MB)
    linear = verdict(worst, TARGET_LINEARITY)
    print(
        f"\n1 MB: {ms(one_mb[2])} for {one_mb[0]:.2f} MB, {one_mb[1] / one_mb[2]:,.0f} chars/s "
        f"(target <= {TARGET_SECONDS_PER_MB:.0f} s per MB) {speed}; "
        f"time per MB at most {worst:.2f}x the smallest size's "
        f"(target <= {TARGET_LINEARITY}x, linear) {linear}"
    )
    if args.profile:
        import cProfile
        import pstats

        data = raw_page(MB)
        profiler = cProfile.Profile()
        profiler.runcall(import_bytes, data, "bench.txt")
        print("\ncProfile of one 1 MB import (top 25 by cumulative time):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    _write_results(
        args.json,
        [
            Result(
                f"(import) 1 MB raw page, {one_mb[1] / one_mb[2]:,.0f} chars/s",
                ms(one_mb[2]),
                "",
                "",
                f"<= {TARGET_SECONDS_PER_MB:.0f} s",
                speed,
            ),
            Result(
                "(import) time per MB, 0.25 → 2 MB",
                f"{worst:.2f}x",
                "",
                "",
                f"<= {TARGET_LINEARITY}x",
                linear,
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
