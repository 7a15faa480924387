"""The command line: subcommands call the domain or start the reader.

Every exit code lives here: 0 success, 1 the thing asked for failed or was
invalid, 2 a usage error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import codecs
import gc
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__

if TYPE_CHECKING:
    import argparse

    from reader.issue.model import Issue
    from reader.library.files import Library

# Subcommands implemented in their own modules (imported only when used).
EXTERNAL_COMMANDS = {
    "search": "reader.cli.search",
    "import": "reader.cli.import_page",
    "bookmarks": "reader.cli.bookmarks",
}
SUBCOMMANDS = ("cat", "check", *EXTERNAL_COMMANDS)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A failure to report as one line and exit 1."""


def _error(message: str) -> None:
    from reader.issue.clean import clean_inline

    # Messages quote paths and names, which may hold escape sequences of their own.
    print(f"paperread: {clean_inline(message)}", file=sys.stderr)


def output_is_utf8(stream: object) -> bool:
    """True when ``stream`` encodes UTF-8 (the reader cannot show Chinese otherwise)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def encoding_problem(stream: object) -> str:
    """The one-line explanation for a terminal whose output is not UTF-8."""
    encoding = getattr(stream, "encoding", None) or "unknown"
    return (
        f"the output encoding is {encoding}, not UTF-8, so Chinese text cannot be shown; "
        "fix it with: export LANG=C.UTF-8 (or set PYTHONIOENCODING=utf-8)"
    )


# --- parsers ----------------------------------------------------------------


def _main_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="paperread",
        description="Read newspaper issues in the terminal.",
        epilog=(
            "commands:\n"
            "  paperread cat PATH [ARTICLE_ID]   print an issue or article as text\n"
            "  paperread check PATH...           validate issue files\n"
            "  paperread search QUERY [PATH]     find stories in the library (简/繁 alike)\n"
            "  paperread import RAW.txt [-o OUT] turn a page's raw text into an issue file\n"
            "  paperread bookmarks [--json]      list bookmarks (--markdown: clippings)\n"
            "Each command has its own --help."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="an issue file or a folder of them (default: your library and the sample)",
    )
    _add_script_option(parser)
    parser.add_argument("--version", action="version", version=f"paperread {__version__}")
    return parser


SCRIPT_MODES_HELP = "original, hans (简体), hant (繁體), tw (臺灣正體), hk (香港繁體)"


def _script_mode(value: str) -> str:
    import argparse

    from reader.config import SCRIPT_MODES

    if value not in SCRIPT_MODES:
        raise argparse.ArgumentTypeError(
            f"unknown script mode {value!r}; valid modes: {', '.join(SCRIPT_MODES)}"
        )
    return value


def _add_script_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--script",
        type=_script_mode,
        metavar="MODE",
        help=f"show the text in a script: {SCRIPT_MODES_HELP}",
    )


def _cat_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="paperread cat",
        description="Print an issue, or one article, typeset as in the reader.",
    )
    parser.add_argument("path", metavar="PATH", help="an issue file")
    parser.add_argument("article", nargs="?", metavar="ARTICLE_ID", help="print only this article")
    parser.add_argument("--width", type=int, metavar="N", help="line width in columns")
    parser.add_argument(
        "--json", action="store_true", help="print the normalised issue as one JSON object"
    )
    _add_script_option(parser)
    return parser


def _check_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="paperread check",
        description="Validate issue files; one line per problem (file:line:col: path: message).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="issue files or folders")
    return parser


# --- commands ---------------------------------------------------------------


def run_check(paths: Sequence[str]) -> int:
    """Validate files and folders; print every problem; 0 when all are valid."""
    from reader.issue.clean import clean_inline
    from reader.issue.load import IssueFileError, load_issue
    from reader.library.files import iter_issue_files

    if not output_is_utf8(sys.stdout):  # problems quote the file's text, Chinese included
        raise CommandError(encoding_problem(sys.stdout))
    checked = bad = 0
    for name in paths:
        root = Path(name)
        if not root.exists():
            print(f"{clean_inline(name)}: no such file or folder")
            bad += 1
            continue
        files = list(iter_issue_files(root))
        if root.is_dir() and not files:
            print(f"{clean_inline(name)}: no issue files (*.yaml, *.yml) in this folder")
            bad += 1
            continue
        for path in files:
            checked += 1
            try:
                load_issue(path)
            except IssueFileError as error:
                bad += 1
                for problem in error.problems:
                    print(problem)
    if bad:
        print(f"checked {checked} file(s): {bad} with problems", file=sys.stderr)
        return EXIT_FAILED
    print(f"checked {checked} file(s): all valid", file=sys.stderr)
    return EXIT_OK


CAT_STYLES = {
    "column": "bold cyan",
    "kicker": "dim",
    "headline": "bold",
    "deck": "italic",
    "dateline": "bold cyan",
    "byline": "dim",
    "subhead": "bold",
    "caption": "italic dim",
    "photo-credit": "dim",
    "note-label": "bold yellow",
    "credits": "dim",
    "rule": "dim",
}


def run_cat(
    path: str,
    article_id: str | None,
    width: int | None,
    as_json: bool,
    script: str | None = None,
) -> int:
    """Print an issue or one article, as text or JSON."""
    from reader.issue.load import IssueFileError, issue_to_dict, load_issue

    if width is not None and width < 1:
        raise CommandError("--width must be at least 1")
    if Path(path).is_dir():
        raise CommandError(f"{path}: is a folder; cat prints one issue file")
    try:
        issue = load_issue(path)
    except IssueFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED
    if script and script != "original":
        issue = _convert_for_cat(issue, script)
    found = None
    if article_id is not None:
        found = issue.find_article(article_id)
        if found is None:
            ids = ", ".join(a.id for _, a in issue.articles())
            raise CommandError(f"{path}: no article {article_id!r}; its articles: {ids}")
    if not output_is_utf8(sys.stdout):
        raise CommandError(encoding_problem(sys.stdout))

    if as_json:
        from reader.cli.jsonout import dumps

        data = issue_to_dict(issue)
        if found is not None:
            s_index = issue.sections.index(found[0])
            a_index = found[0].articles.index(found[1])
            data = data["sections"][s_index]["articles"][a_index]  # type: ignore[index]
        sys.stdout.write(dumps(data) + "\n")  # controls escaped, in case any got through
        return EXIT_OK

    from reader.typeset.plain import issue_lines

    is_tty = sys.stdout.isatty()
    if width is None:
        from reader.typeset.article import DEFAULT_MEASURE

        # shutil, not os: it honours COLUMNS and falls back to 80 columns when the
        # terminal reports a size of 0 (a pty nobody sized, some serial consoles).
        columns = shutil.get_terminal_size().columns if is_tty else DEFAULT_MEASURE
        width = max(1, min(columns, DEFAULT_MEASURE))
    lines = issue_lines(issue, width, only=found[1] if found else None)
    if is_tty and not os.environ.get("NO_COLOR"):
        from rich.console import Console

        from reader.typeset.article import to_rich_text

        console = Console(highlight=False, soft_wrap=True)
        console.print(to_rich_text(lines, CAT_STYLES))
    else:
        from reader.typeset.article import render_plain

        sys.stdout.write(render_plain(lines) + "\n")
    return EXIT_OK


def _convert_for_cat(issue: Issue, mode: str) -> Issue:
    from reader.config import load_settings
    from reader.script import ScriptError, convert_issue

    settings = load_settings()
    try:
        return convert_issue(issue, mode, settings.regional_phrases)
    except ScriptError as error:
        raise CommandError(str(error)) from None


def _scan_library(roots: Sequence[Path]) -> Library:
    """The library from the catalogue; a first scan of a big library shows progress.

    Quick: files the catalogue knows are not stat'ed here; the reader checks
    them once its first frame is on screen (see :func:`reader.library.files.verify_library`).
    """
    from reader.cli.search import LazyProgress
    from reader.library.files import catalogue_library

    reading = LazyProgress("Reading the library")
    try:
        return catalogue_library(roots, progress=reading, quick=True)
    finally:
        reading.close()


def run_reader(path: str | None, script: str | None = None) -> int:
    """Start the reader on a file, a folder, or the user's library."""
    from reader.config import load_settings
    from reader.library.files import load_library

    if not output_is_utf8(sys.stdout):
        raise CommandError(encoding_problem(sys.stdout))
    settings = load_settings()
    if path is not None:
        root = Path(path)
        if not root.exists():
            raise CommandError(f"{path}: no such file or folder")
        # A folder may hold years of issues: the catalogue answers without parsing them.
        library = _scan_library([root]) if root.is_dir() else load_library([root])
        if not library.entries:
            raise CommandError(f"{path}: no issue files (*.yaml, *.yml) in this folder")
    else:
        library = _scan_library(default_library_roots(settings.library))
        if not library.entries:
            raise CommandError("no issue files found, not even the bundled sample")

    from reader.tui.app import PaperreadApp

    app = PaperreadApp(library, settings, mode=script)
    # Everything loaded so far lives as long as the reader: keep it out of the
    # collector's full scans, which otherwise land in the first frames.
    gc.freeze()
    gc.enable()
    app.run()
    # Textual sets a non-zero return code when the app stopped on an error.
    return app.return_code or EXIT_OK


def default_library_roots(configured: Sequence[Path]) -> list[Path]:
    """The library: configured folders, the data dir's issues/, the bundled sample."""
    from reader import paths

    return [*configured, paths.user_issues_dir(), paths.bundled_issues_dir()]


# --- entry point --------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    collecting = gc.isenabled()
    try:
        if args and args[0] in SUBCOMMANDS:
            command, rest = args[0], args[1:]
            if command == "cat":
                ns = _cat_parser().parse_args(rest)
                return run_cat(ns.path, ns.article, ns.width, ns.json, ns.script)
            if command == "check":
                ns = _check_parser().parse_args(rest)
                return run_check(ns.paths)
            import importlib

            module = importlib.import_module(EXTERNAL_COMMANDS[command])
            ns = module.build_parser().parse_args(rest)
            return int(module.run(ns))
        # Starting the reader imports Textual and paperread's UI: some 60,000 objects the
        # collector would scan several times over while they are made (15-25 ms of the
        # start-up). They live as long as the reader; run_reader freezes them, then
        # collection resumes.
        gc.disable()
        if len(args) <= 1 and not (args and args[0].startswith("-")):
            # ``paperread [PATH]``, the common start: what the parser would give,
            # without importing argparse (about 1.5 ms of every start-up).
            return run_reader(args[0] if args else None, None)
        ns = _main_parser().parse_args(args)
        return run_reader(ns.path, ns.script)
    except CommandError as error:
        _error(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
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
        _error(f"unexpected error: {type(error).__name__}: {error}")
        return EXIT_FAILED
    finally:
        if collecting:
            gc.enable()
