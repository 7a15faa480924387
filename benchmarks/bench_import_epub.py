"""(issue 14) ``paperread import`` of a calibre news EPUB: 100 articles, each with a picture.

The EPUB is built with the tests' builder (``tests/unit/epub_fixtures.py``): 10 sections of
10 articles, every article a made-up story of about 2,000 characters in 20 paragraphs, with a
kicker, a deck, a byline and one picture with its caption, between calibre's navbars. Each run
is ``reader.sources.epub.import_epub`` with an image folder (reading the zip, parsing every
page, writing the YAML and checking it with the reader's loader); the median counts. No target
is set by the issue; the figure goes in docs/performance.md.

    python benchmarks/bench_import_epub.py [--runs 5] [--articles 100]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import REPO, machine, median, ms, use_repo_checkout


def build(path: Path, articles: int) -> Path:
    """A news EPUB of ``articles`` stories in sections of ten."""
    sys.path.insert(0, str(REPO))
    from tests.unit.epub_fixtures import PNG, Story, news_epub

    paragraph = "东城区三个社区本月起试点居民议事会，居民代表每月议一次身边的事。" * 3
    stories = [
        Story(
            title=f"第{n}则新闻的标题",
            description=f"第{n}则的摘要。",
            html=(
                f'<div class="article"><h3>引题第{n}则</h3><h1>第{n}则新闻的标题</h1>'
                f"<h2>副题第{n}则</h2><p>本报记者 王小明</p>"
                + "".join(f"<p>{paragraph}（第{k}段）</p>" for k in range(20))
                + '<img src="images/img1.png" alt="议事会现场"/></div>'
            ),
            images={"images/img1.png": PNG},
        )
        for n in range(articles)
    ]
    sections = [(f"第{s + 1}版", stories[s * 10 : s * 10 + 10]) for s in range(articles // 10)]
    return news_epub(path, sections)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions")
    parser.add_argument("--articles", type=int, default=100, help="articles (a multiple of 10)")
    args = parser.parse_args(argv)

    use_repo_checkout()
    from reader.sources.epub import import_epub

    print(f"(issue 14) import a calibre news EPUB of {args.articles} articles; {args.runs} runs")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "bench.epub", args.articles)
        size = path.stat().st_size
        result = import_epub(str(path), image_folder="bench-images")  # warm up
        times = []
        for _ in range(args.runs):
            gc.collect()
            start = time.perf_counter()
            import_epub(str(path), image_folder="bench-images")
            times.append(time.perf_counter() - start)
    chars = sum(a.char_count() for _, a in result.issue.articles())
    seconds = median(times)
    print(
        f"{result.issue.article_count()} articles, {len(result.images)} pictures, "
        f"{chars:,} characters, EPUB {size / 1024:.0f} KiB: median {ms(seconds)} "
        f"({ms(seconds / result.issue.article_count())} per article; "
        f"min {ms(min(times))}, max {ms(max(times))})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
