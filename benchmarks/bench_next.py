"""(c) Time to show the next article: key ``n`` to the first frame that shows it.

For each story size (3,000 and 50,000 characters by default) an issue of such
stories is generated and opened in the real app (``PaperreadApp`` built as the
CLI builds it) under ``app.run_test(size=(100, 30))``. Each repetition sends
one ``n`` key through the driver, as a terminal would, and stops the clock at
the end of the first compositor refresh (the frame) that painted rows of the
next article: the screen's article is the next one, the story view's
``lines`` are typeset at the pane's width, and ``StoryView.render_line`` was
called for at least one of those lines during that frame (observed by wrapping
the story instance's ``render_line`` in this process). Then the app is left to
settle, and the next key is sent after a random fraction of a frame (keys
arrive at any moment relative to Textual's 60 fps paint grid).

Also measured, for context:

- the ``action_next_article`` handler alone (typesetting and widget updates,
  before Textual lays out and renders);
- the painting of that frame alone (``Screen._compositor_refresh``);
- ``typeset_article`` alone at the story's width;
- a bare Textual app (Tree + scrolling Static) whose ``n`` swaps in a
  pre-typeset Rich Text of the same story: the floor of the reader's OLD design
  (one ``Static`` holding the whole story), kept for comparison;
- the same bare app with a Line-API ``ScrollView`` that renders only the
  visible typeset lines: the floor of the reader's current design
  (``reader.tui.widgets.story.StoryView``).

Targets: median ≤ 30 ms (3,000 characters), ≤ 150 ms (50,000 characters).

    python benchmarks/bench_next.py [--presses 40] [--sizes 3000 50000] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import (
    Result,
    isolated_process_dirs,
    machine,
    median,
    ms,
    p90,
    print_table,
    use_repo_checkout,
    verdict,
    write_results,
)
from generate_issue import write_issue

SIZE = (100, 30)
TARGETS = {3_000: 0.030, 50_000: 0.150}
WARMUP = 2  # presses not counted: first-use caches


class FrameWatch:
    """Notes the time of the first frame after which a condition holds."""

    def __init__(self, screen: Any) -> None:
        self._original = screen._compositor_refresh
        screen._compositor_refresh = self._refresh
        self._ready: Callable[[], bool] | None = None
        self._event = asyncio.Event()
        self.at = 0.0
        self.paint = 0.0
        self.frames = 0
        self.on_frame: Callable[[], None] | None = None

    def _refresh(self) -> None:
        if self.on_frame is not None:
            self.on_frame()
        start = time.perf_counter()
        self._original()
        end = time.perf_counter()
        self.frames += 1
        if self._ready is not None and self._ready():
            self.at = end
            self.paint = end - start
            self._ready = None
            self._event.set()

    def arm(self, ready: Callable[[], bool]) -> None:
        """Start watching for ``ready`` (checked after each frame)."""
        self._event.clear()
        self._ready = ready

    async def wait(self, timeout: float = 30.0) -> float:
        """Wait for the frame; its time."""
        await asyncio.wait_for(self._event.wait(), timeout)
        return self.at


_JITTER = random.Random(1)


async def off_beat() -> None:
    """Wait a random part of a frame, so keys land anywhere between Textual's frames.

    Textual paints on a fixed 60 fps grid; without this, the settle-then-press
    loop can lock onto one phase of that grid and make a whole run look faster
    or slower than a reader's keys, which arrive at random moments.
    """
    await asyncio.sleep(_JITTER.uniform(0, 1 / 60))


def send_key(app: Any, key: str) -> float:
    """Send one key through the driver (as Pilot does, without its idle waits)."""
    from textual import events

    event = events.Key(key, key)
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    return start


async def measure_reader(
    path: Path, presses: int, profiler: cProfile.Profile | None
) -> dict[str, Any]:
    """Key-to-frame and handler times for ``n`` pressed ``presses`` times in the reader."""
    from reader.config import load_settings
    from reader.library.files import load_library
    from reader.tui.app import PaperreadApp
    from reader.typeset.article import typeset_article

    app = PaperreadApp(load_library([path]), load_settings())
    frames: list[float] = []
    paints: list[float] = []
    handler: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen: Any = app.screen
        story = screen.story
        assert story.lines, "the first story was not typeset after start-up"
        issue = screen.issue
        flat = [a for _, a in issue.articles()]
        assert screen.article is flat[0], "the reader did not open the first article"
        watch = FrameWatch(screen)
        painted = watch_story_rows(story, watch)
        original_action = screen.action_next_article

        def timed_action() -> None:
            start = time.perf_counter()
            original_action()
            handler.append(time.perf_counter() - start)

        screen.action_next_article = timed_action
        width = story._typeset_width
        if profiler:
            profiler.enable()
        for index in range(1, min(presses + WARMUP, len(flat) - 1) + 1):
            expected = flat[index]

            def shown(expected: Any = expected) -> bool:
                # screen.article and the story's lines are set in the same handler,
                # so rows painted after it are the new article's (in any script mode).
                return bool(
                    screen.article is expected
                    and story.lines
                    and story._typeset_width == story.scrollable_content_region.width
                    and story.virtual_size.height == len(story.lines)
                    and painted()
                )

            watch.arm(shown)
            await off_beat()
            start = send_key(app, "n")
            frames.append(await watch.wait() - start)
            paints.append(watch.paint)
            await pilot.pause()
        if profiler:
            profiler.disable()
        assert screen.article is flat[len(frames)], "the reader did not step through"
    lines = sorted(len(typeset_article(a, width, app.settings.measure)) for a in flat)
    return {
        "lines": lines[len(lines) // 2],
        "frames": frames[WARMUP:],
        "paints": paints[WARMUP:],
        "handler": handler[WARMUP:],
        "width": width,
        "articles": flat,
        "measure": app.settings.measure,
    }


def watch_story_rows(story: Any, watch: FrameWatch) -> Callable[[], bool]:
    """Note when the story view paints one of its typeset lines; a check for the last frame.

    Wraps ``render_line`` on this one instance (Textual calls ``self.render_line``),
    counting the rows painted that fall inside ``story.lines``. The returned
    function is true when the frame that just ended painted at least one.
    """
    render_line = story.render_line
    rows = 0

    def counting(y: int) -> Any:
        nonlocal rows
        if 0 <= round(story.scroll_offset.y) + y < len(story.lines):
            rows += 1
        return render_line(y)

    def new_frame() -> None:
        nonlocal rows
        rows = 0

    story.render_line = counting
    watch.on_frame = new_frame
    return lambda: rows > 0


def floor_app(kind: str) -> Any:
    """A bare app: a Tree beside a story pane; ``n`` shows the next pre-typeset story.

    ``kind`` is ``"static"`` (the story is a Rich ``Text`` in a ``Static`` in a
    ``VerticalScroll``, the reader's old design) or ``"lines"`` (a Line-API
    ``ScrollView`` that renders only the visible lines of the typeset story, the
    design of the reader's ``StoryView`` without its styles and line cache).
    """
    from rich.segment import Segment
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Static, Tree

    class LinesView(ScrollView, can_focus=True):
        """Typeset lines shown through the Line API: only visible lines are rendered."""

        def __init__(self) -> None:
            super().__init__(id="story")
            self.lines: list[Any] = []

        def show(self, lines: list[Any]) -> None:
            self.lines = lines
            self.virtual_size = Size(self.scrollable_content_region.width, len(lines))
            self.scroll_home(animate=False)
            self.refresh()

        def render_line(self, y: int) -> Strip:
            index = y + self.scroll_offset.y
            width = self.scrollable_content_region.width
            if index >= len(self.lines):
                return Strip.blank(width, self.rich_style)
            segments = [Segment(span.text) for span in self.lines[index].spans]
            return Strip(segments).crop_extend(0, width, self.rich_style)

    class Floor(App[None]):
        """Tree beside a story pane; ``n`` shows the next story."""

        CSS = """
        Tree { width: 36; }
        #story { width: 1fr; scrollbar-gutter: stable; padding: 1 0 0 1; }
        #text { width: 1fr; }
        """
        BINDINGS = [("n", "next", "Next")]  # noqa: RUF012 - Textual's own convention

        def __init__(self) -> None:
            super().__init__()
            self.index = 0
            self.stories: list[Any] = []

        def compose(self) -> ComposeResult:
            tree: Tree[None] = Tree("issue")
            for number in range(20):
                tree.root.add_leaf(f"story {number}")
            with Horizontal():
                yield tree
                if kind == "lines":
                    yield LinesView()
                else:
                    with VerticalScroll(id="story", can_focus=True):
                        yield Static("", id="text", markup=False)

        def on_mount(self) -> None:
            self.query_one("#story").focus()

        def show(self, index: int) -> None:
            self.index = index
            if kind == "lines":
                self.query_one(LinesView).show(self.stories[index])
            else:
                self.query_one("#text", Static).update(self.stories[index])
                self.query_one("#story", VerticalScroll).scroll_home(animate=False)

        def action_next(self) -> None:
            self.show(self.index + 1)

        def shown(self, index: int) -> bool:
            """True once story ``index`` is laid out (checked after a frame)."""
            if self.index != index:
                return False
            if kind == "lines":
                return self.query_one(LinesView).virtual_size.height == len(self.stories[index])
            lines = self.stories[index].plain.count("\n") + 1
            return bool(self.query_one("#text").size.height == lines)

    return Floor()


async def measure_floor(
    kind: str, articles: Sequence[Any], measure: int, presses: int
) -> list[float]:
    """Key-to-frame in a :func:`floor_app`; stories are typeset before the first key."""
    from reader.typeset.article import typeset_article

    app = floor_app(kind)
    frames: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        width = app.query_one("#story").scrollable_content_region.width
        if kind == "lines":
            app.stories = [typeset_article(a, width, measure) for a in articles]
        else:
            app.stories = rich_texts(articles, width, measure)
        app.show(0)
        await pilot.pause()
        watch = FrameWatch(app.screen)
        for index in range(1, min(presses + WARMUP, len(articles) - 1) + 1):
            watch.arm(functools.partial(app.shown, index))
            await off_beat()
            start = send_key(app, "n")
            frames.append(await watch.wait() - start)
            await pilot.pause()
    return frames[WARMUP:]


def typeset_times(articles: Sequence[Any], width: int, measure: int) -> list[float]:
    """``typeset_article`` alone, for each article."""
    from reader.typeset.article import typeset_article

    times = []
    for article in articles:
        start = time.perf_counter()
        typeset_article(article, width, measure)
        times.append(time.perf_counter() - start)
    return times


def rich_texts(articles: Sequence[Any], width: int, measure: int) -> list[Any]:
    """The articles typeset as Rich Texts, as the old ``Static`` design showed them."""
    from reader.typeset.article import to_rich_text, typeset_article

    texts = []
    for article in articles:
        text = to_rich_text(typeset_article(article, width, measure), {})
        text.no_wrap = True
        text.overflow = "crop"
        texts.append(text)
    return texts


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each size, print the report, optionally write JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="timed presses per size")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(TARGETS), help="story sizes in characters"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the reader's presses")
    parser.add_argument("--json", metavar="FILE", help="write headline results here")
    args = parser.parse_args(argv)
    use_repo_checkout()

    print(f"(c) next article, key to frame, app {SIZE[0]}x{SIZE[1]}, {args.presses} presses")
    print(f"machine: {machine()}")
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp:
        for chars in args.sizes:
            count = args.presses + WARMUP + 1
            path = write_issue(Path(tmp) / f"stories-{chars}.yaml", count, body_chars=chars)
            profiler = cProfile.Profile() if args.profile else None
            # A fresh store per size: the generated issues share paper and date, and
            # the reader would resume the previous size's issue where it was left.
            with isolated_process_dirs():
                got = asyncio.run(measure_reader(path, args.presses, profiler))
            articles = got["articles"]
            alone = typeset_times(articles, got["width"], got["measure"])
            floor = asyncio.run(measure_floor("static", articles, got["measure"], args.presses))
            lines_floor = asyncio.run(
                measure_floor("lines", articles, got["measure"], args.presses)
            )
            target = TARGETS.get(chars)
            value = median(got["frames"])
            result = verdict(value, target) if target else ""
            size = median([a.char_count() for a in articles])
            rows.append(
                [
                    f"{size:,.0f} chars",
                    ms(value),
                    ms(p90(got["frames"])),
                    f"<= {ms(target)}" if target else "-",
                    result,
                    ms(median(got["handler"])),
                    ms(median(got["paints"])),
                    ms(median(alone)),
                    ms(median(lines_floor)),
                    ms(median(floor)),
                ]
            )
            results.append(
                Result(
                    f"(c) next article, {size:,.0f}-char story (median)",
                    ms(value),
                    f"{ms(median(lines_floor))} Line-API app / {ms(median(floor))} Static app",
                    f"{value / median(lines_floor):.2f}x / {value / median(floor):.2f}x",
                    f"<= {ms(target)}" if target else "",
                    result,
                )
            )
            print(
                f"\n{size:,.0f}-character stories: width {got['width']} cells, "
                f"{len(got['frames'])} presses; key-to-frame p50/p90 "
                f"{ms(value)} / {ms(p90(got['frames']))}; frames "
                f"min {ms(min(got['frames']))} max {ms(max(got['frames']))}; "
                f"stories of {got['lines']} lines (median)"
            )
            if profiler:
                print(f"cProfile of the presses ({size:,.0f} chars), top 30 by cumulative time:")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
                print("... and top 20 by internal time:")
                pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    print()
    print_table(
        rows,
        [
            "story",
            "key→frame",
            "p90",
            "target",
            "",
            "handler",
            "paint",
            "typeset",
            "Line-API app",
            "Static app",
        ],
    )
    print(
        "\nhandler = action_next_article (typeset, widget updates, tree, status);"
        " paint = Screen._compositor_refresh of the frame that showed the story;"
        " typeset = typeset_article alone; Line-API app = the same lines, pre-typeset,"
        " shown by a bare ScrollView that renders only the visible lines (the floor of"
        " the reader's StoryView); Static app = the same stories as Rich Texts swapped"
        " into a Static in a bare app (the floor of the old design)."
    )
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
