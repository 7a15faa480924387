"""Child process of bench_startup.py: start one app headless, exit at its first frame.

    python benchmarks/startup_child.py paperread PATH   # the reader, as the CLI starts it
    python benchmarks/startup_child.py baseline         # a Tree and a 5,000-character Static

"First frame" is Textual's ``Ready`` event, which the app receives once the
DOM is ready and the first frame has been rendered. The child prints
``STAMP name perf_counter`` lines (``perf_counter`` is the system-wide
monotonic clock on Linux, so the parent can subtract its own start time) and
``MAXRSS kb``, the process's peak resident set (bench_memory.py uses it).
With ``--check`` it also prints the text of that first frame.

Only ``sys`` and ``time`` are imported up front, so the child adds next to
nothing to what it measures.
"""

import sys
import time

STAMPS: list[tuple[str, float]] = []
SIZE = (100, 30)
# About 5,000 characters of Chinese in 20 paragraphs for the baseline's Static.
BASELINE_TEXT = "\n\n".join(["这是基准测试用的示例文字，内容没有任何意义，只用来占位。" * 9] * 20)


def stamp(name: str) -> None:
    """Record a named moment."""
    STAMPS.append((name, time.perf_counter()))


def frame_text(app) -> str:  # type: ignore[no-untyped-def]
    """The text of the frame the app shows now (only for --check)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=SIZE[0], record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def story_on_screen(screen) -> bool:  # type: ignore[no-untyped-def]
    """True when the reader's story is typeset to its pane's width and laid out."""
    try:
        story = screen.query_one("#story")
        body = story.query_one("#story-text")
    except Exception:  # noqa: BLE001 - not composed yet
        return False
    width = story.scrollable_content_region.width
    return (
        bool(story.lines)
        and width > 1
        and story._typeset_width == width
        and body.size.height == len(story.lines)
    )


def run_paperread(path: str, check: bool) -> int:
    """Start the reader through ``reader.cli.main`` with a headless, first-frame app."""
    from pathlib import Path

    import reader.tui.app as app_module
    from reader import cli

    stamp("imported-ui")

    product = app_module.PaperreadApp
    css = product.CSS_PATH
    here = Path(app_module.__file__).parent

    class FirstFrameApp(product):  # type: ignore[misc, valid-type]
        """The product's app, run headless and closed once the story is on screen."""

        # Textual resolves a relative CSS_PATH next to the subclass's file; keep the product's.
        CSS_PATH = [here / p for p in (css if isinstance(css, list) else [css])] if css else None

        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            stamp("app-built")
            super().__init__(*args, **kwargs)
            self._frames = 0

        def get_default_screen(self):  # type: ignore[no-untyped-def]
            screen = super().get_default_screen()
            paint = screen._compositor_refresh

            def watched_paint() -> None:
                paint()
                self._frames += 1
                if check and self._frames == 1:
                    print("--- the first frame")
                    print(frame_text(self))
                if self._frames and story_on_screen(screen):
                    if check:
                        print(f"--- the first frame showing the story (frame {self._frames})")
                        print(frame_text(self))
                    screen._compositor_refresh = paint
                    stamp("story-frame")
                    self._exit_when_done()

            screen._compositor_refresh = watched_paint
            return screen

        def on_ready(self) -> None:
            stamp("first-frame")
            self._exit_when_done()

        def _exit_when_done(self) -> None:
            names = {name for name, _ in STAMPS}
            if {"first-frame", "story-frame"} <= names:
                print(f"FRAMES {self._frames}")
                self.exit()

        def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return super().run(headless=True, size=SIZE)

    # run_reader() looks the class up in its module when it starts the reader.
    app_module.PaperreadApp = FirstFrameApp
    return cli.main([path])


def run_baseline(check: bool) -> int:
    """A minimal Textual app: a Tree of a few nodes beside a 5,000-character Static."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Static, Tree

    stamp("imported-ui")

    class Baseline(App[None]):
        """A Tree and a Static, closed at the first frame."""

        CSS = "Tree { width: 36; } Static { width: 1fr; }"

        def compose(self) -> ComposeResult:
            tree: Tree[None] = Tree("样张")
            section = tree.root.add("要闻", expand=True)
            for number in range(7):
                section.add_leaf(f"第{number + 1}篇 示例标题")
            tree.root.expand()
            with Horizontal():
                yield tree
                yield Static(BASELINE_TEXT, markup=False)

        def on_ready(self) -> None:
            stamp("first-frame")
            stamp("story-frame")  # the text is in the very first frame
            if check:
                print("--- the first frame")
                print(frame_text(self))
            self.exit()

    stamp("app-built")
    Baseline().run(headless=True, size=SIZE)
    return 0


def main() -> int:
    """Run the variant named on the command line and print the stamps."""
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv
    if args[:1] == ["paperread"] and len(args) == 2:
        code = run_paperread(args[1], check)
    elif args == ["baseline"]:
        code = run_baseline(check)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    stamp("exited")
    if code == 0 and len({name for name, _ in STAMPS} & {"first-frame", "story-frame"}) < 2:
        print("the app exited without showing a frame", file=sys.stderr)
        code = 1
    for name, value in STAMPS:
        print(f"STAMP {name} {value!r}")
    import resource  # after the stamps, so it is not part of what was timed

    # The high-water mark of the resident set: KB on Linux (bytes on macOS).
    print(f"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return code


if __name__ == "__main__":
    sys.exit(main())
