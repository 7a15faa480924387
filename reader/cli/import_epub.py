"""``paperread import BOOK.epub`` and ``paperread import --recipe NAME``: EPUBs into issue files.

:mod:`reader.cli.import_page` hands over here when its input is a zip (an EPUB is
told by its zip signature, not by its name) or when ``--recipe`` is given. The
EPUB work itself is :mod:`reader.sources.epub`. ``--recipe`` runs calibre's
``ebook-convert NAME.recipe OUT.epub`` as a separate program (calibre is GPL: it is
never imported) and imports what it wrote. Exit codes as for every import: 0
written, 1 failed (one line on stderr), 2 a usage error. The YAML goes to the
``-o`` file or standard output; pictures are written beside the ``-o`` file in
``OUT-images/``. Nothing heavy is imported until an EPUB is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile

from reader.cli.common import EXIT_FAILED, EXIT_USAGE
from reader.cli.import_output import (
    blank_option,
    date_option,
    error,
    run_whole_issue,
    same_file,
    say,
)
from reader.sources.recipe import CALIBRE_HINT, RecipeError, convert_recipe, recipe_file

__all__ = ["is_epub_input", "run"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_epub_input(name: str) -> bool:
    """True when the file ``name`` is a zip (by its first bytes) or is called ``*.epub``."""
    if name == "-" or not name:
        return False
    if name.lower().endswith(".epub"):
        return True
    try:
        with open(name, "rb") as file:
            return file.read(4) in _ZIP_MAGIC
    except OSError:
        return False


def _usage(ns: argparse.Namespace, name: str | None) -> tuple[dt.date | None, str | None]:
    date, problem = date_option(ns.date)
    if problem is not None:
        return None, problem
    if getattr(ns, "recipe", None) is not None:
        if name:
            return None, "give either a file to import or --recipe NAME, not both"
        if not ns.recipe.strip():
            return None, "--recipe: must name a recipe"
    for option in ("encoding", "section"):
        if getattr(ns, option, None) is not None:
            return None, f"--{option} does not apply to an EPUB"
    blank = blank_option(ns, "paper")
    if blank is not None:
        return None, blank
    return date, None


def run(ns: argparse.Namespace, name: str | None) -> int:
    """Import the EPUB ``name`` (or run ``--recipe``) and write the issue; the exit code."""
    date, problem = _usage(ns, name)
    if problem is not None:
        error(problem)
        return EXIT_USAGE
    if ns.output and os.path.isdir(ns.output):
        error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED
    if name is None:
        return _run_recipe(ns, date)
    if ns.output and same_file(name, ns.output):
        error(f"{ns.output}: is the input file; give another name with -o")
        return EXIT_FAILED
    return _import(ns, name, name, date)


def _run_recipe(ns: argparse.Namespace, date: dt.date | None) -> int:
    import shutil

    if shutil.which("ebook-convert") is None:
        error(CALIBRE_HINT)
        return EXIT_FAILED
    recipe = recipe_file(ns.recipe)
    with tempfile.TemporaryDirectory(prefix="paperread-recipe-") as folder:
        epub = os.path.join(folder, "issue.epub")
        say(f"running calibre: ebook-convert {recipe} (this may take minutes)")
        try:
            convert_recipe(recipe, epub)
        except RecipeError as err:
            error(str(err))
            return EXIT_FAILED
        return _import(ns, epub, recipe, date)


def _import(ns: argparse.Namespace, path: str, shown: str, date: dt.date | None) -> int:
    from reader.sources.epub import EpubError, EpubImport, import_epub

    paper = ns.paper.strip() if ns.paper else None

    def make(folder: str | None) -> EpubImport:
        return import_epub(path, image_folder=folder, paper=paper, date=date)

    def describe(result: EpubImport) -> str:
        issue = result.issue
        return (
            f"{shown}: {result.kind}: {issue.paper}"
            + (f", {issue.date.isoformat()}" if issue.date else "")
            + f", {len(issue.sections)} section(s), {issue.article_count()} article(s), "
            f"{len(result.images)} picture(s)"
        )

    return run_whole_issue(ns, shown, make, (EpubError,), describe)
