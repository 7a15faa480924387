"""The command line's entry point: pick the command, run it, turn failures into exit codes.

Each command lives in its own module with ``build_parser()`` and ``run(ns)``;
``paperread [PATH]`` opens the reader (:mod:`reader.cli.read`). The exit codes
and the one-line error form are in :mod:`reader.cli.common`.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence

from reader.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    print_error,
)

# Each command's module, imported only when that command runs.
COMMANDS = {
    "cat": "reader.cli.cat",
    "check": "reader.cli.check",
    "search": "reader.cli.search",
    "import": "reader.cli.import_page",
    "bookmarks": "reader.cli.bookmarks",
    "update": "reader.cli.update",
}
SUBCOMMANDS = tuple(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    collecting = gc.isenabled()
    try:
        if args and args[0] in COMMANDS:
            module = importlib.import_module(COMMANDS[args[0]])
            ns = module.build_parser().parse_args(args[1:])
            return int(module.run(ns))
        # Starting the reader imports Textual and paperread's UI: some 60,000 objects the
        # collector would scan several times over while they are made (15-25 ms of the
        # start-up). They live as long as the reader; run_reader freezes them, then
        # collection resumes.
        gc.disable()
        # Lazy, for the commands' sake: they never open the reader.
        from reader.cli import read

        if len(args) <= 1 and not (args and args[0].startswith("-")):
            # ``paperread [PATH]``, the common start: what the parser would give,
            # without importing argparse (about 1.5 ms of every start-up).
            return read.run_reader(args[0] if args else None, None)
        # ``paperread PATH ARTICLE_ID`` and options go through the parser.
        return read.run(read.build_parser().parse_args(args))
    except CommandError as error:
        print_error(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `paperread cat | head`).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except SystemExit as exit_:
        if exit_.code is None:
            return EXIT_OK
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except Exception as error:
        print_error(f"unexpected error: {type(error).__name__}: {error}")
        return EXIT_FAILED
    finally:
        if collecting:
            gc.enable()
