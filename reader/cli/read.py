"""``paperread [PATH [ARTICLE_ID]] [--script MODE]``: open the reader on a file, a folder
or the library; with an article id, at that article of the file (what ``paperread search``
prints for each hit).

This is the start-up path: the module imports nothing heavy, and argparse only
when the command line is more than a path (see :func:`reader.cli.main.main`).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli.common import EXIT_OK, CommandError, default_library_roots, require_utf8_output
from reader.cli.progress import LazyProgress

if TYPE_CHECKING:
    import argparse

    from reader.config import Settings
    from reader.library.files import Library


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread [PATH] [--script MODE]``; its epilog lists the commands."""
    # Lazy for start-up speed: ``paperread [PATH]``, the common start, never builds a parser.
    import argparse

    from reader.cli.options import add_script_option

    parser = argparse.ArgumentParser(
        prog="paperread",
        description="Read newspaper issues in the terminal.",
        epilog=(
            "commands:\n"
            "  paperread FILE ARTICLE_ID         open an issue file at one article\n"
            "  paperread cat PATH [ARTICLE_ID]   print an issue or article as text\n"
            "  paperread check PATH...           validate issue files\n"
            "  paperread search QUERY [PATH]     find stories in the library (简/繁 alike)\n"
            "  paperread import RAW.txt [-o OUT] turn a page's raw text into an issue file\n"
            "  paperread bookmarks [--json]      list bookmarks (--markdown: clippings)\n"
            "  paperread update [NAME...]        fetch what is new from config.yaml's sources\n"
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
    parser.add_argument(
        "article",
        nargs="?",
        metavar="ARTICLE_ID",
        help="open the issue file PATH at this article (paperread search prints the ids)",
    )
    add_script_option(parser)
    parser.add_argument("--version", action="version", version=f"paperread {__version__}")
    return parser


def run(ns: argparse.Namespace) -> int:
    """Start the reader as the parsed command line asks."""
    return run_reader(ns.path, ns.script, ns.article)


def scan_library(roots: Sequence[Path]) -> Library:
    """The library from the catalogue; a first scan of a big library shows progress.

    Quick: files the catalogue knows are not stat'ed here; the reader checks
    them once its first frame is on screen (see :func:`reader.library.files.verify_library`).
    """
    from reader.library.files import catalogue_library

    reading = LazyProgress("Reading the library")
    try:
        return catalogue_library(roots, progress=reading, quick=True)
    finally:
        reading.close()


def require_terminal() -> None:
    """Raise :class:`CommandError` unless keys can be read and the screen drawn: the reader
    reads standard input and draws on standard error (where Textual writes). Without a
    terminal it would wait for keys that never come, spinning a core."""
    import sys

    for name, stream in (("input", sys.stdin), ("error", sys.__stderr__)):
        try:
            terminal = stream is not None and stream.isatty()
        except (OSError, ValueError):  # closed
            terminal = False
        if not terminal:
            raise CommandError(
                f"the reader needs a terminal, and standard {name} is not one "
                "(to print an issue: paperread cat PATH)"
            )


def _article_position(library: Library, path: str | None, article: str) -> tuple[int, int]:
    """Where ``article`` is in the one issue file ``path``; CommandError when it is not."""
    from reader.issue.clean import clean_inline

    entry = library.entries[0] if path is not None and len(library.entries) == 1 else None
    if entry is None or not Path(str(path)).is_file():
        raise CommandError(f"{path}: an article id needs an issue file, not a folder")
    issue = entry.issue
    if issue is None:
        raise CommandError(f"{path}: the file could not be opened (see: paperread check {path})")
    for s, section in enumerate(issue.sections):
        for a, found in enumerate(section.articles):
            if found.id == article:
                return s, a
    ids = ", ".join(a.id for _, a in issue.articles())
    shown = clean_inline(article)[:60]
    raise CommandError(f"{path}: no article {shown!r} (its articles: {ids[:200]})")


def run_reader(path: str | None, script: str | None = None, article: str | None = None) -> int:
    """Start the reader on a file, a folder, or the user's library (at ``article`` of
    the file ``path`` when given)."""
    # Lazy so that --help and --version, which pass through this module, stay quick.
    from reader.config import load_settings
    from reader.issue.deferred import finish_writes, hold_writes

    require_utf8_output()
    settings = load_settings()
    # An issue parsed now is cached once the first frame is on screen (the reader screen
    # releases the writes), not before it: a huge one takes about half a second to write.
    hold_writes()
    try:
        return _run_reader(path, settings, script, article)
    finally:
        finish_writes()  # what is left gets a moment, then stops: never half a cache file


def _run_reader(
    path: str | None, settings: Settings, script: str | None, article: str | None
) -> int:
    from reader.library.files import load_library

    if path is not None:
        root = Path(path)
        if not root.exists():
            raise CommandError(f"{path}: no such file or folder")
        # A folder may hold years of issues: the catalogue answers without parsing them.
        library = scan_library([root]) if root.is_dir() else load_library([root])
        if not library.entries:
            raise CommandError(f"{path}: no issue files (*.yaml, *.yml) in this folder")
    else:
        library = scan_library(default_library_roots(settings.library))
        if not library.entries:
            raise CommandError("no issue files found, not even the bundled sample")

    # Textual only now: the rest of this module is domain code and must not import it.
    position = None if article is None else _article_position(library, path, article)
    require_terminal()  # what was asked for is known to be there: now the screen

    from reader.tui.app import PaperreadApp

    app = PaperreadApp(library, settings, mode=script, article=position)
    # Everything loaded so far lives as long as the reader: keep it out of the
    # collector's full scans, which otherwise land in the first frames.
    gc.freeze()
    gc.enable()
    app.run()
    # Textual sets a non-zero return code when the app stopped on an error.
    return app.return_code or EXIT_OK
