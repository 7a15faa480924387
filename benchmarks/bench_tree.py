"""Huge issues (issue 16, item 4): the section tree's cost to fill and on key ``n``.

For each size (1,000 and 10,000 articles by default, sections of 20, as
``generate_issue.py`` writes them) the real app is started under
``app.run_test(size=(100, 30))`` and measured in process:

- **fill**: ``screen.fill_tree()`` and ``reveal_current()``, then the tree's
  layout forced (``Tree._tree_lines``, which Textual otherwise runs on the next
  idle): what opening the issue, or switching its script, costs the tree;
- **n**: ``action_next_article`` and the tree's layout forced after it, per
  press (the story's typesetting is included; ``bench_next.py`` times the
  frame);
- the tree nodes built and the labels rendered to lay the tree out.

No target of its own: the issue asks that the tree "neither builds nor
measures what it does not show"; the counts say whether it does.

    python benchmarks/bench_tree.py [--sizes 1000 10000] [--presses 30] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    Result,
    isolated_process_dirs,
    machine,
    median,
    ms,
    print_table,
    use_repo_checkout,
    write_results,
)
from generate_issue import write_issue

SIZE = (100, 30)


async def measure(path: Path, presses: int, runs: int) -> dict[str, Any]:
    """Fill and ``n`` times, node and label-render counts, for the issue at ``path``."""
    from reader.config import load_settings
    from reader.library.files import load_library
    from reader.tui.app import PaperreadApp
    from reader.tui.widgets.section_tree import SectionTree

    rendered = [0]
    original = SectionTree.render_label

    def counting(self: Any, node: Any, base: Any, style: Any) -> Any:
        rendered[0] += 1
        return original(self, node, base, style)

    SectionTree.render_label = counting  # type: ignore[method-assign]
    app = PaperreadApp(load_library([path]), load_settings())
    fills: list[float] = []
    fill_renders: list[int] = []
    nexts: list[float] = []
    next_renders: list[int] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen: Any = app.screen
            tree = screen.section_tree
            for _ in range(runs):
                rendered[0] = 0
                start = time.perf_counter()
                screen.fill_tree()
                screen.reveal_current()
                tree._tree_lines  # noqa: B018 - the layout Textual would run on idle
                fills.append(time.perf_counter() - start)
                fill_renders.append(rendered[0])
                await pilot.pause()
            nodes = len(tree._tree_nodes)
            for _ in range(presses):
                await pilot.pause()
                rendered[0] = 0
                start = time.perf_counter()
                screen.action_next_article()
                tree._tree_lines  # noqa: B018
                nexts.append(time.perf_counter() - start)
                next_renders.append(rendered[0])
            await pilot.pause()
    finally:
        SectionTree.render_label = original  # type: ignore[method-assign]
    return {
        "fill": median(fills),
        "fill_renders": median(fill_renders),
        "next": median(nexts),
        "next_max": max(nexts),
        "next_renders": median(next_renders),
        "nodes": nodes,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--presses", type=int, default=30, help="timed presses of n per size")
    parser.add_argument("--runs", type=int, default=5, help="timed fills per size")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)
    use_repo_checkout()
    print(machine())
    rows: list[list[str]] = []
    results: list[Result] = []
    with isolated_process_dirs(), tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = write_issue(Path(tmp) / f"issue-{size}.yaml", size)
            got = asyncio.run(measure(path, args.presses, args.runs))
            rows.append(
                [
                    f"{size:,}",
                    str(got["nodes"]),
                    ms(got["fill"]),
                    f"{got['fill_renders']:.0f}",
                    f"{ms(got['next'])} (max {ms(got['next_max'])})",
                    f"{got['next_renders']:.0f}",
                ]
            )
            results.append(Result(f"tree fill, {size:,} articles", ms(got["fill"])))
            results.append(Result(f"tree on n, {size:,} articles (median)", ms(got["next"])))
    print_table(
        rows,
        [
            "articles",
            "tree nodes",
            "fill (median)",
            "labels rendered",
            "n (median)",
            "labels rendered",
        ],
    )
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
