"""(a) Whole-process start-up: ``paperread``, ``paperread FILE`` and ``paperread FOLDER``
until the story is on screen.

Each variant is a fresh ``python benchmarks/startup_child.py ...`` process, run
``--runs`` times with the variants alternating (``_common.alternate``: the order
rotates every round), so all see the same machine state; one discarded warm-up
run each, which also builds the catalogue and the cache of parsed issues as the
first start of a real install does (the figures are of the usual, later starts).
The three starts of the reader:

- ``paperread``: no argument, as most people start it: the library (the data
  dir's ``issues/``, empty here, and the bundled sample) from the catalogue, the
  newest issue opened (the sample);
- ``paperread FILE``: ``issues/tongliao-sample.yaml``;
- ``paperread FOLDER``: ``issues/``, the folder holding the sample.

Each goes through ``reader.cli.main.main`` exactly as the ``paperread`` command
does, in its order: the library loaded first, then Textual and the UI imported
with the collector paused (the child swaps in its headless app at that moment;
until 2026-12-05 22:00 it imported the UI before ``main`` ran, collector on,
which cost paperread about 12 ms the command does not spend). The baseline is a
Textual app with a Tree and a 5,000-character Static.
All run headless at 100×30 and exit once their text is on screen.

Reported per variant, from spawning the process (median and p90): the first
frame painted; the first frame that painted rows of the story typeset at its
pane's real width ("story shown": the story view's ``lines`` are non-empty and
its ``render_line`` painted some of them in that frame; the same frame as the
first for the baseline, see startup_child.py and docs/performance.md); and the
end of the process. The target (issue 16) is each start ≤ 1.1× the baseline
(medians); the verdict that counts is "story shown", the first frame a reader
can read. ``python -c pass`` and ``python -c "import textual.app"`` are the
floors. ``--importtime`` adds a ``-X importtime`` comparison of each start with
the baseline (what paperread imports that the baseline does not), ``--profile``
a cProfile of one ``paperread FILE`` start, ``--check`` prints the frames that
were timed.

Before measuring, ``reader/`` is byte-compiled (``compileall``), as an installed
package is and as Textual in the virtualenv already is. Otherwise, under
``PYTHONDONTWRITEBYTECODE`` or after a source edit with it set, every start
would compile the edited modules from source (about 12 ms more in one case).

    python benchmarks/bench_startup.py [--runs 31] [--importtime] [--profile] [--check]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from _common import (
    BENCH_DIR,
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
    verdict,
    write_results,
)

CHILD = BENCH_DIR / "startup_child.py"
TARGET_RATIO = 1.1  # issue 16 (was 1.2, issue 2)
STARTS: dict[str, list[str]] = {  # the reader's three starts
    "paperread": [str(CHILD), "paperread", "-"],
    "paperread FILE": [str(CHILD), "paperread", str(SAMPLE)],
    "paperread FOLDER": [str(CHILD), "paperread", str(SAMPLE.parent)],
}
VARIANTS: dict[str, list[str]] = {
    **STARTS,
    "baseline": [str(CHILD), "baseline"],
    "python -c pass": ["-c", "pass"],
    "import textual.app": ["-c", "import textual.app"],
}


def spawn(args: Sequence[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Run one child; its total time and its stamps, both relative to the spawn.

    The child's ``FRAMES n`` (frames painted up to the story frame) comes back as
    the stamp ``frames``, a count rather than a time.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    total = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    stamps = {}
    for line in done.stdout.splitlines():
        if line.startswith("STAMP "):
            _, name, value = line.split()
            stamps[name] = float(value) - start
        elif line.startswith("FRAMES "):
            stamps["frames"] = float(line.split()[1])
    return total, stamps


def measure(runs: int, env: dict[str, str]) -> dict[str, dict[str, list[float]]]:
    """Run every variant ``runs`` times, alternating; one discarded warm-up each."""
    samples: dict[str, dict[str, list[float]]] = {n: defaultdict(list) for n in VARIANTS}
    timing = False  # the warm-up round is not recorded

    def variant(name: str):  # type: ignore[no-untyped-def]
        def run() -> float:
            total, stamps = spawn(VARIANTS[name], env)
            if timing:
                samples[name]["total"].append(total)
                for stamp, value in stamps.items():
                    samples[name][stamp].append(value)
            return total

        return run

    runners = {name: variant(name) for name in VARIANTS}
    alternate(0, runners, warmup=1)
    timing = True
    alternate(runs, runners, warmup=0)
    return samples


def check_frames(env: dict[str, str]) -> None:
    """Show the timed frames of each app once, so a reader can see what was timed."""
    for name in (*STARTS, "baseline"):
        done = subprocess.run(
            [sys.executable, *VARIANTS[name], "--check"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"=== {name}: the frames that were timed (first 8 lines of each)")
        shown = 0
        for line in done.stdout.splitlines():
            if line.startswith("---"):
                shown = 9
            if shown and not line.startswith(("STAMP ", "MAXRSS ", "FRAMES ")):
                print(line)
                shown -= 1


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def import_times(args: Sequence[str], env: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """``-X importtime`` of one child: module -> (self µs, cumulative µs, depth)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            self_us, cumulative, indent, module = match.groups()
            found[module] = (int(self_us), int(cumulative), len(indent) // 2)
    return found


def report_imports(start: str, env: dict[str, str]) -> None:
    """What one start imports beyond the baseline, by package (self time)."""
    runs = 5
    ours: dict[str, list[int]] = defaultdict(list)
    base: set[str] = set()
    for _ in range(runs):
        for module, (self_us, _, _) in import_times(VARIANTS[start], env).items():
            ours[module].append(self_us)
        base |= set(import_times(VARIANTS["baseline"], env))
    extra = {m: sorted(v)[len(v) // 2] for m, v in ours.items() if m not in base}
    by_package: dict[str, list[int]] = defaultdict(list)
    for module, self_us in extra.items():
        by_package[module.split(".")[0]].append(self_us)
    print(
        f"\nModules `{start}` imports and the baseline does not ({len(extra)} modules, "
        f"median self time of {runs} runs under -X importtime, which inflates):"
    )
    rows = sorted(by_package.items(), key=lambda item: -sum(item[1]))
    print_table(
        [[p, str(len(v)), f"{sum(v) / 1000:.1f} ms"] for p, v in rows],
        ["package", "modules", "self time"],
    )
    top = sorted(extra.items(), key=lambda item: -item[1])[:15]
    print("\nSlowest of them (self time):")
    print_table([[m, f"{us / 1000:.1f} ms"] for m, us in top], ["module", "self"])


def report_profile(env: dict[str, str], limit: int = 30) -> None:
    """cProfile of one paperread start, by cumulative time."""
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "startup.prof"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(out), *VARIANTS["paperread FILE"]],
            env=env,
            capture_output=True,
            check=True,
        )
        print(f"\ncProfile of one `paperread FILE` start (top {limit} by cumulative time):")
        pstats.Stats(str(out)).sort_stats("cumulative").print_stats(limit)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="processes per variant")
    parser.add_argument("--importtime", action="store_true", help="compare -X importtime")
    parser.add_argument("--profile", action="store_true", help="cProfile one paperread start")
    parser.add_argument("--check", action="store_true", help="print both first frames")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)

    print(f"(a) start-up until the story is shown, headless 100x30, {args.runs} runs each")
    print(f"machine: {machine()}")
    # Up-to-date bytecode, as an installed paperread has (Textual's is in the venv).
    compile_checkout()
    with isolated_dirs() as env:
        if args.check:
            check_frames(env)
        samples = measure(args.runs, env)
        rows = []
        for name, got in samples.items():
            row = [name]
            for key in ("first-frame", "story-frame", "total"):
                values = got.get(key)
                row += [ms(median(values)), ms(p90(values))] if values else ["-", "-"]
            rows.append(row)
        print()
        print_table(
            rows,
            ["variant", "first frame", "p90", "story shown", "p90", "whole process", "p90"],
        )
        base = samples["baseline"]
        print("\nWhere the time goes (medians, from spawn):")
        phases = [
            ("imported-ui", "imports done"),
            ("app-built", "library loaded, app built"),
            ("first-frame", "first frame painted"),
            ("story-frame", "first frame showing the story"),
            ("exited", "app exited"),
            ("total", "process ended"),
        ]
        print_table(
            [
                [label, *(ms(median(samples[s][key])) for s in STARTS), ms(median(base[key]))]
                for key, label in phases
            ],
            ["moment", *STARTS, "baseline"],
        )
        print(
            "frames painted up to the story (median): "
            + ", ".join(f"{s} {median(samples[s]['frames']):.0f}" for s in STARTS)
            + f", baseline {median(base['frames']):.0f}"
        )
        ratios = {
            start: {
                key: median(samples[start][key]) / median(base[key])
                for key in ("first-frame", "story-frame", "total")
            }
            for start in STARTS
        }
        verdicts = {
            start: {key: verdict(value, TARGET_RATIO) for key, value in got.items()}
            for start, got in ratios.items()
        }
        print(f"\nratio to the baseline (target <= {TARGET_RATIO}x; story shown is the verdict):")
        print_table(
            [
                [
                    start,
                    *(
                        f"{ratios[start][key]:.2f}x {verdicts[start][key]}"
                        for key in ("story-frame", "first-frame", "total")
                    ),
                ]
                for start in STARTS
            ],
            ["start", "story shown", "first frame", "whole process"],
        )
        # The same comparison round by round: each start against the baseline run in the
        # same round (seconds apart), which cancels the machine's slower and faster spells
        # that the medians of all rounds still carry. Reported beside the verdict.
        paired = {
            start: median(
                [
                    a / b
                    for a, b in zip(samples[start]["story-frame"], base["story-frame"], strict=True)
                ]
            )
            for start in STARTS
        }
        print(
            "story shown, the median of the rounds' own ratios: "
            + ", ".join(f"{start} {paired[start]:.2f}x" for start in STARTS)
        )
        if args.importtime:
            for start in STARTS:
                report_imports(start, env)
        if args.profile:
            report_profile(env)
    write_results(
        args.json,
        [
            *(
                Result(
                    f"(a) `{start}` to the story shown (median)",
                    ms(median(samples[start]["story-frame"])),
                    ms(median(base["story-frame"])),
                    f"{ratios[start]['story-frame']:.2f}x",
                    f"<= {TARGET_RATIO}x",
                    verdicts[start]["story-frame"],
                )
                for start in STARTS
            ),
            Result(
                "(a) `paperread FILE` to the process end (median)",
                ms(median(samples["paperread FILE"]["total"])),
                ms(median(base["total"])),
                f"{ratios['paperread FILE']['total']:.2f}x",
                f"<= {TARGET_RATIO}x",
                verdicts["paperread FILE"]["total"],
            ),
            Result(
                "(a) floors: python -c pass / import textual.app",
                ms(median(samples["python -c pass"]["total"]))
                + " / "
                + ms(median(samples["import textual.app"]["total"])),
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
