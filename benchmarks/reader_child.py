"""Child process of bench_huge.py and bench_memory.py: the reader started in the real order.

    python benchmarks/reader_child.py PATH

``startup_child.py`` imports the UI before ``reader.cli.main.main`` runs, to
subclass the app for headless running; the real command parses the issue
first and imports Textual only after (``reader.cli.read.run_reader``). So a
peak of memory measured there holds the UI's modules and the parse's
transients at once, which the real command never does. Here the UI is
imported at the moment the command imports it: the headless subclass is
installed from ``require_terminal``, which ``run_reader`` calls right after
loading the library and right before ``from reader.tui.app import
PaperreadApp``.

Stamps, as ``STAMP name perf_counter`` lines: ``parse-start`` and
``parse-end`` around the first ``reader.issue.load.load_issue`` (the file
named on the command line), ``imported-ui``, ``first-frame`` and
``story-frame`` (as in startup_child.py); then ``MAXRSS kb``.
"""

import sys

from startup_child import SIZE, STAMPS, count_story_rows, stamp, story_shown, watch_frames


def install_parse_stamps() -> None:
    """Stamp the start and end of the first ``load_issue`` (the library's loaders call it
    through the module, so the wrapper is what they call)."""
    import reader.issue.load as load

    original = load.load_issue

    def stamped(path):  # type: ignore[no-untyped-def]
        stamp("parse-start")
        try:
            return original(path)
        finally:
            stamp("parse-end")

    load.load_issue = stamped


def install_headless_app() -> None:
    """Swap in the headless app when the command is about to import the UI."""
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

            CSS_PATH = (
                [here / p for p in (css if isinstance(css, list) else [css])] if css else None
            )

            def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return super().run(headless=True, size=SIZE)

            def index_library(self, library):  # type: ignore[no-untyped-def]
                """No indexing child: it would outlive the measurement."""

        watch_frames(story_shown, False)
        count_story_rows(StoryView)
        app_module.PaperreadApp = HeadlessApp  # type: ignore[misc]

    # Headless, the app reads no keys: the terminal check would refuse the pipes.
    read_module.require_terminal = ui_now


def main() -> int:
    """Start the reader on the file named on the command line; print the stamps."""
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    stamp("started")
    install_parse_stamps()
    install_headless_app()
    from reader.cli import main as cli

    code = cli.main([sys.argv[1]])
    if code == 0 and "story-frame" not in STAMPS:
        print("the app exited without showing its text", file=sys.stderr)
        code = 1
    for name, value in STAMPS.items():
        print(f"STAMP {name} {value!r}")
    import resource

    print(f"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return code


if __name__ == "__main__":
    sys.exit(main())
