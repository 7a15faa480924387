"""(e) 简/繁 conversion: a whole issue through paperread vs OpenCC alone, and converter builds.

Three measurements, each against the issue's targets:

1. ``reader.script.convert_issue(issue, MODE)`` on a generated 1,000-article
   issue (:mod:`generate_issue`, fixed seed), against ``opencc.OpenCC(config)
   .convert(text)`` where ``text`` is every text ``convert_issue`` converts,
   joined by newlines: the same configuration, the same run, alternated
   ``--runs`` times. Both converters exist before timing starts. Target:
   ≤ 1.2× (medians), for hant (s2t), tw (s2tw) and tw with regional phrases
   (s2twp). Also printed: the CPU-time ratio, steadier when other work shares
   the machine, and the time ``Issue.map_text`` takes to rebuild the issue
   alone, which is most of what paperread adds.
2. The first construction of the s2t, s2tw and t2s converters, each in
   ``--procs`` fresh processes: ``import opencc`` alone, ``opencc.OpenCC(name)``
   alone, and ``reader.script.get_converter(name)`` (the lazy import included).
   No target of its own; it is what the first press of ``t`` pays.
3. The conversion's share of the key ``t`` targets: a 3,000-character story
   once the converter exists (≤ 50 ms median), the same story the first time
   in a fresh process, building the converter included (≤ 250 ms median), and
   the longest single OpenCC call (which holds the GIL) while converting a
   50,000-character story (≤ 100 ms). The widget side of those targets is
   measured by the reader's own benchmarks.

    python benchmarks/bench_script.py [--runs 9] [--procs 7] [--articles 1000] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from _common import (
    REPO,
    Result,
    machine,
    median,
    ms,
    p90,
    print_table,
    use_repo_checkout,
    verdict,
    write_results,
)
from generate_issue import SENTENCES, write_issue

TARGET_RATIO = 1.2
TARGET_STORY = 0.050
TARGET_FIRST = 0.250
TARGET_HOLD = 0.100
WHOLE_ISSUE = (("hant", False), ("tw", False), ("tw", True))
BUILDS = ("s2t", "s2tw", "t2s")

# Run in a fresh interpreter: times `import opencc`, OpenCC(name), or paperread's
# get_converter(name) plus converting the story read from stdin.
CHILD = """
import json, sys, time
name, what = sys.argv[1], sys.argv[2]
story = sys.stdin.read()
start = time.perf_counter()
if what == "opencc":
    import opencc
    imported = time.perf_counter()
    converter = opencc.OpenCC(name)  # kept: freeing it takes as long again
    built = time.perf_counter()
else:
    import reader.script as script
    imported = time.perf_counter()
    converter = script.get_converter(name)
    built = time.perf_counter()
    converter.convert(story)
done = time.perf_counter()
print(json.dumps({"import": imported - start, "build": built - imported, "total": done - imported}))
"""


def timed(function: Callable[[], Any]) -> float:
    """Seconds one call takes, after a full collection."""
    return timed_cpu(function)[0]


def timed_cpu(function: Callable[[], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call, after a full collection.

    The CPU time of this (single-threaded) process moves less than the wall
    clock when other work shares the machine.
    """
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - cpu


def fine(seconds: float) -> str:
    """Seconds as milliseconds with three decimals, for short times."""
    return f"{seconds * 1000:.3f} ms"


def story(chars: int) -> str:
    """A story of about ``chars`` characters: paragraphs of four to eight sentences."""
    paragraphs: list[str] = []
    total = index = 0
    while total < chars:
        count = 4 + index % 5
        text = "".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(count))
        paragraphs.append(text)
        total += len(text) + 1
        index += count
    return "\n".join(paragraphs)


def child(name: str, what: str, text: str) -> dict[str, float]:
    """Timings from one fresh process (see CHILD)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    result = subprocess.run(
        [sys.executable, "-c", CHILD, name, what],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        check=True,
    )
    timings: dict[str, float] = json.loads(result.stdout)
    return timings


def whole_issue(path: Path, runs: int) -> list[Result]:
    """(1) convert_issue against OpenCC alone on the same text."""
    import opencc

    from reader.issue.load import load_issue
    from reader.script import convert_issue, opencc_config, source_script

    issue = load_issue(path)
    texts: list[str] = []

    def collect(text: str) -> str:
        texts.append(text)
        return text

    issue.map_text(collect)  # exactly the texts convert_issue converts, duplicates included
    joined = "\n".join(texts)
    source = source_script(issue)[0]
    print(
        f"(1) whole issue: {issue.article_count()} articles, {len(texts):,} texts, "
        f"{len(joined):,} characters, source {source}; {runs} runs each, alternated"
    )
    rows: list[list[str]] = []
    results: list[Result] = []
    rebuild = [timed(partial(issue.map_text, str)) for _ in range(runs)]
    rows.append(
        ["issue.map_text(str): rebuilding alone", ms(median(rebuild)), ms(p90(rebuild)), ""]
    )
    for mode, phrases in WHOLE_ISSUE:
        config = opencc_config(mode, source, phrases)
        assert config is not None
        # paperread's chain may add its own stage (tw/hk: "+corner", quotes to 「」); the
        # baseline is OpenCC's conversion alone, so that stage counts against paperread.
        baseline_converter = opencc.OpenCC(config.split("+", 1)[0])
        convert_issue(issue, mode, phrases)  # builds paperread's converter
        baseline_converter.convert(joined)
        base_times: list[float] = []
        our_times: list[float] = []
        base_cpu: list[float] = []
        our_cpu: list[float] = []
        for _ in range(runs):
            wall, cpu = timed_cpu(partial(baseline_converter.convert, joined))
            base_times.append(wall)
            base_cpu.append(cpu)
            wall, cpu = timed_cpu(partial(convert_issue, issue, mode, phrases))
            our_times.append(wall)
            our_cpu.append(cpu)
        ratio = median(our_times) / median(base_times)
        cpu_ratio = median(our_cpu) / median(base_cpu)
        label = f"{mode}{' + phrases' if phrases else ''} ({config})"
        result = verdict(ratio, TARGET_RATIO)
        rows.append([f"OpenCC alone, {config}", ms(median(base_times)), ms(p90(base_times)), ""])
        rows.append(
            [f"convert_issue, {label}", ms(median(our_times)), ms(p90(our_times)), f"{ratio:.2f}x"]
        )
        rate = len(joined) / median(base_times) / 1e6
        extra = median(our_times) - median(base_times)
        print(
            f"    {label}: {ratio:.2f}x (<= {TARGET_RATIO}x) {result}; OpenCC {rate:.1f} M chars/s;"
            f" paperread adds {ms(extra)}, rebuilding the issue alone {ms(median(rebuild))};"
            f" CPU-time ratio {cpu_ratio:.2f}x"
        )
        results.append(
            Result(
                f"(e1) convert 1,000-article issue to {label}",
                ms(median(our_times)),
                ms(median(base_times)),
                f"{ratio:.2f}x",
                f"<= {TARGET_RATIO}x",
                result,
            )
        )
    print()
    print_table(rows, ["what", "median", "p90", "ratio"])
    return results


def builds(procs: int, text: str) -> list[Result]:
    """(2) first construction in fresh processes, and (3b) the first conversion of a story."""
    print(f"\n(2) first construction, {procs} fresh processes each (median)")
    rows: list[list[str]] = []
    results: list[Result] = []
    for name in BUILDS:
        plain = [child(name, "opencc", "") for _ in range(procs)]
        ours = [child(name, "paperread", text) for _ in range(procs)]
        first = median([t["total"] for t in ours])
        rows.append(
            [
                name,
                ms(median([t["import"] for t in plain])),
                ms(median([t["build"] for t in plain])),
                ms(median([t["build"] for t in ours])),
                ms(first),
                verdict(first, TARGET_FIRST),
            ]
        )
        results.append(
            Result(
                f"(e3) first t, {len(text):,}-char story, build {name} + convert",
                ms(first),
                "",
                "",
                f"<= {ms(TARGET_FIRST)}",
                verdict(first, TARGET_FIRST),
            )
        )
    print_table(
        rows,
        [
            "config",
            "import opencc",
            "OpenCC(name)",
            "get_converter (import incl.)",
            f"first {len(text):,}-char story",
            f"<= {ms(TARGET_FIRST)}",
        ],
    )
    return results


def stories(runs: int, short: str, long: str) -> list[Result]:
    """(3a) a story once the converter exists; (3c) the longest OpenCC call on a long one."""
    from reader import converters, script

    script.get_converter("s2t")
    times = [timed(partial(script.convert_text, short, "s2t")) for _ in range(max(runs, 21))]
    rows = [
        [
            f"{len(short):,}-char story, s2t",
            fine(median(times)),
            fine(p90(times)),
            f"<= {ms(TARGET_STORY)}",
            verdict(median(times), TARGET_STORY),
        ]
    ]
    results = [
        Result(
            f"(e3) t on a {len(short):,}-char story, converter built",
            fine(median(times)),
            "",
            "",
            f"<= {ms(TARGET_STORY)}",
            verdict(median(times), TARGET_STORY),
        )
    ]
    # Converter.convert hands OpenCC pieces of whole lines of at most CHUNK_CHARS;
    # each call holds the GIL. Time every piece, keep the longest, take the median.
    pieces = list(converters._pieces(long, converters.CHUNK_CHARS))
    for config in ("s2t", "s2twp"):
        converter = script.get_converter(config)
        holds = [
            max(timed(partial(converter.convert, piece)) for piece in pieces) for _ in range(runs)
        ]
        hold = median(holds)
        label = f"{len(long):,}-char story, {config}: longest call ({len(pieces)} piece(s))"
        rows.append(
            [
                label,
                fine(hold),
                fine(p90(holds)),
                f"<= {ms(TARGET_HOLD)}",
                verdict(hold, TARGET_HOLD),
            ]
        )
        results.append(
            Result(
                f"(e3) longest OpenCC call, {len(long):,}-char story, {config}",
                fine(hold),
                "",
                "",
                f"<= {ms(TARGET_HOLD)}",
                verdict(hold, TARGET_HOLD),
            )
        )
    print(
        f"\n(3) stories, converters built; pieces of at most {converters.CHUNK_CHARS:,} characters"
    )
    print_table(rows, ["what", "median", "p90", "target", "verdict"])
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="repetitions of each timing")
    parser.add_argument("--procs", type=int, default=7, help="fresh processes per build")
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate")
    parser.add_argument("--file", type=Path, help="use this issue file instead of generating")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)

    use_repo_checkout()
    print(f"machine: {machine()}\n")
    short, long = story(3_000), story(50_000)
    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp:
        path = args.file or write_issue(Path(tmp) / "issue-1000.yaml", args.articles)
        results = whole_issue(path, args.runs)
    results += builds(args.procs, short)
    results += stories(args.runs, short, long)
    print()
    print_table(
        [[r.name, r.value, r.baseline, r.ratio, r.target, r.verdict] for r in results],
        ["figure", "value", "baseline", "ratio", "target", "verdict"],
    )
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
