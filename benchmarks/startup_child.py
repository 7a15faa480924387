"""Child process of bench_startup.py and bench_memory.py: start one app headless.

    python benchmarks/startup_child.py paperread PATH   # the reader, as the CLI starts it
    python benchmarks/startup_child.py paperread -      # ... with no path: the configured library
    python benchmarks/startup_child.py baseline         # a Tree and a 5,000-character Static

The app runs headless at 100×30 and exits once its text is on screen. Frames
are observed where Textual paints them (``Screen._compositor_refresh`` of the
current screen, which renders every widget's lines; headless, only the final
write of escape codes to a terminal is skipped). Two moments are stamped, each
at the end of that frame's painting:

- ``first-frame``: the first frame painted;
- ``story-frame``: the first frame that painted rows of the story: the story
  view (``StoryView``, a Line-API ``ScrollView``) holds ``lines`` typeset at
  its pane's real width, and its ``render_line`` was called for at least one of
  them during that frame (the child wraps ``StoryView.render_line`` to count
  those rows). Before the pane has a width the view holds no lines, so the
  first frame shows an empty pane. For the baseline, ``story-frame`` is the
  first frame (its ``Static`` gets its text at compose).

The child prints ``STAMP name perf_counter`` lines (``perf_counter`` is the
system-wide monotonic clock on Linux, so the parent subtracts its own start
time), ``FRAMES n`` and ``MAXRSS kb`` (the process's peak resident set). With
``--check`` it also prints the text of both frames. The paperread app is the
product's ``PaperreadApp`` started by ``reader.cli.main.main``; the child only
subclasses it to run headless. Only ``sys`` and ``time`` are imported up
front, so the child adds next to nothing to what it measures.
"""

import sys
import time

STAMPS: dict[str, float] = {}
SIZE = (100, 30)
STORY_ROWS = [0]  # rows of the story's typeset lines painted in the current frame
# About 5,000 characters of Chinese in 20 paragraphs for the baseline's Static.
BASELINE_TEXT = "\n\n".join(["这是基准测试用的示例文字，内容没有任何意义，只用来占位。" * 9] * 20)


def stamp(name: str) -> None:
    """Record a named moment (the first time only)."""
    STAMPS.setdefault(name, time.perf_counter())


def frame_text(screen) -> str:  # type: ignore[no-untyped-def]
    """The text of the frame the screen shows now (only for --check)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=SIZE[0], record=True, legacy_windows=False)
    console.print(screen._compositor.render_update(full=True))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def watch_frames(story_shown, check: bool) -> None:  # type: ignore[no-untyped-def]
    """Stamp the first frame and the first frame showing the story; then exit the app."""
    from textual.screen import Screen

    paint = Screen._compositor_refresh
    frames = 0

    def watched(screen: Screen) -> None:  # type: ignore[type-arg]
        nonlocal frames
        STORY_ROWS[0] = 0
        paint(screen)
        painted = time.perf_counter()
        if screen is not screen.app.screen or "story-frame" in STAMPS:
            return
        frames += 1
        STAMPS.setdefault("first-frame", painted)
        if check and frames == 1:
            print("--- the first frame")
            print(frame_text(screen))
        if story_shown(screen):
            STAMPS.setdefault("story-frame", painted)
            if check:
                print(f"--- the first frame showing the story (frame {frames})")
                print(frame_text(screen))
            print(f"FRAMES {frames}")
            screen.app.exit()

    Screen._compositor_refresh = watched  # type: ignore[method-assign, assignment]


def count_story_rows(story_class) -> None:  # type: ignore[no-untyped-def]
    """Wrap ``story_class.render_line`` to count the painted rows that hold story lines."""
    render_line = story_class.render_line

    def counting(view, y: int):  # type: ignore[no-untyped-def]
        if 0 <= round(view.scroll_offset.y) + y < len(view.lines):
            STORY_ROWS[0] += 1
        return render_line(view, y)

    story_class.render_line = counting


def story_shown(screen) -> bool:  # type: ignore[no-untyped-def]
    """True when the frame just painted showed rows of the story typeset at its real width."""
    try:
        story = screen.query_one("#story")
    except Exception:  # not composed yet
        return False
    width = story.scrollable_content_region.width
    return bool(story.lines) and width > 0 and story._typeset_width == width and STORY_ROWS[0] > 0


def install_headless_reader(check: bool) -> None:
    """Make the real command start the product's app headless, at the moment it imports the UI.

    The command loads the library first and imports Textual and the UI only after
    (``reader.cli.read.run_reader``), with the collector paused as ``main`` pauses it. So
    the headless subclass is installed from ``require_terminal``, which ``run_reader`` calls
    right before ``from reader.tui.app import PaperreadApp``: importing the UI any earlier
    would time (and hold in memory) what the real command does not, in an order it does
    not use, with the collector running.
    """
    import reader.cli.read as read_module

    def ui_now() -> None:
        from pathlib import Path

        import reader.tui.app as app_module
        from reader.tui.widgets.story import StoryView

        stamp("imported-ui")
        product = app_module.PaperreadApp
        css = product.CSS_PATH
        here = Path(app_module.__file__).parent

        class HeadlessApp(product):  # type: ignore[misc, valid-type]
            """The product's app, run headless."""

            # Textual resolves a relative CSS_PATH next to the subclass's file; keep the
            # product's.
            CSS_PATH = (
                [here / p for p in (css if isinstance(css, list) else [css])] if css else None
            )

            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                stamp("app-built")
                super().__init__(*args, **kwargs)

            def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return super().run(headless=True, size=SIZE)

            def index_library(self, library):  # type: ignore[no-untyped-def]
                """No indexing child: it would outlive the measurement and load the machine."""

        watch_frames(story_shown, check)
        count_story_rows(StoryView)
        # run_reader() looks the class up in its module right after this returns.
        app_module.PaperreadApp = HeadlessApp  # type: ignore[misc]

    # Headless, the app reads no keys: the real command's check for a terminal (a few
    # isatty calls) would refuse the benchmark's pipes.
    read_module.require_terminal = ui_now


def run_paperread(path: str, check: bool) -> int:
    """Start the reader through ``reader.cli.main.main``, headless, as the command starts it."""
    install_headless_reader(check)
    from reader.cli import main as cli

    return cli.main([] if path == "-" else [path])


def run_baseline(check: bool) -> int:
    """A minimal Textual app: a Tree of a few nodes beside a 5,000-character Static."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Static, Tree

    stamp("imported-ui")

    class Baseline(App[None]):
        """A Tree and a Static."""

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

    watch_frames(lambda screen: True, check)
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
    return report(code)


def report(code: int) -> int:
    """Print the stamps and the peak memory for the parent; the exit code (1 when the app
    exited without showing its text)."""
    if code == 0 and "story-frame" not in STAMPS:
        print("the app exited without showing its text", file=sys.stderr)
        code = 1
    for name, value in STAMPS.items():
        print(f"STAMP {name} {value!r}")
    import resource  # after the stamps, so it is not part of what was timed

    # The high-water mark of the resident set: KB on Linux (bytes on macOS).
    print(f"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return code


if __name__ == "__main__":
    sys.exit(main())
