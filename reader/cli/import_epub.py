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
import contextlib
import datetime as dt
import os
import re
import sys
import tempfile
from typing import TextIO

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from reader.issue.clean import clean_inline, spell_bytes
from reader.sources.output import write_atomically, write_images
from reader.sources.recipe import CALIBRE_HINT, RecipeError, convert_recipe, recipe_file

__all__ = ["is_epub_input", "run"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def _say(stream: TextIO | None, text: str) -> None:
    if stream is None:
        return
    text = clean_inline(spell_bytes(text))
    encoding = getattr(stream, "encoding", None) or "utf-8"
    safe = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    with contextlib.suppress(OSError, ValueError):
        stream.write(safe + "\n")


def _error(message: str) -> None:
    _say(sys.stderr, f"paperread import: {message}")


def _usage(ns: argparse.Namespace, name: str | None) -> tuple[dt.date | None, str | None]:
    date = None
    if ns.date is not None:
        try:
            if not _ISO_DATE.fullmatch(ns.date):
                raise ValueError
            date = dt.date.fromisoformat(ns.date)
        except ValueError:
            return None, f"--date: expected a date as YYYY-MM-DD, got {ns.date!r}"
    if getattr(ns, "recipe", None) is not None:
        if name:
            return None, "give either a file to import or --recipe NAME, not both"
        if not ns.recipe.strip():
            return None, "--recipe: must name a recipe"
    for option in ("encoding", "section"):
        if getattr(ns, option, None) is not None:
            return None, f"--{option} does not apply to an EPUB"
    if ns.paper is not None and not ns.paper.strip():
        return None, "--paper: must not be empty"
    if ns.output is not None and not ns.output.strip():
        return None, "-o: must name a file"
    return date, None


def run(ns: argparse.Namespace, name: str | None) -> int:
    """Import the EPUB ``name`` (or run ``--recipe``) and write the issue; the exit code."""
    date, problem = _usage(ns, name)
    if problem is not None:
        _error(problem)
        return EXIT_USAGE
    if ns.output and os.path.isdir(ns.output):
        _error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED
    if name is None:
        return _run_recipe(ns, date)
    if ns.output and _same_file(name, ns.output):
        _error(f"{ns.output}: is the input file; give another name with -o")
        return EXIT_FAILED
    return _import(ns, name, name, date)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _run_recipe(ns: argparse.Namespace, date: dt.date | None) -> int:
    import shutil

    if shutil.which("ebook-convert") is None:
        _error(CALIBRE_HINT)
        return EXIT_FAILED
    recipe = recipe_file(ns.recipe)
    with tempfile.TemporaryDirectory(prefix="paperread-recipe-") as folder:
        epub = os.path.join(folder, "issue.epub")
        _say(sys.stderr, f"running calibre: ebook-convert {recipe} (this may take minutes)")
        try:
            convert_recipe(recipe, epub)
        except RecipeError as err:
            _error(str(err))
            return EXIT_FAILED
        return _import(ns, epub, recipe, date)


def _import(ns: argparse.Namespace, path: str, shown: str, date: dt.date | None) -> int:
    from reader.cli.import_output import STDOUT, library_file, to_stdout
    from reader.sources.epub import EpubError, import_epub

    if ns.output is None:  # into the library, named for the issue: read it once to know
        try:
            probe = import_epub(path, paper=ns.paper.strip() if ns.paper else None, date=date)
            ns.output = str(library_file(probe.issue))
        except EpubError as err:
            _error(f"{shown}: {err}")
            return EXIT_FAILED
        except OSError as err:
            _error(f"the library's issues folder: cannot write: {err.strerror or err}")
            return EXIT_FAILED
        except Exception as err:  # a bug must still end in one line, not a traceback
            _error(f"{shown}: unexpected error: {type(err).__name__}: {err}")
            return EXIT_FAILED
    elif ns.output == STDOUT:
        ns.output = None
    folder = None
    if ns.output:
        stem = os.path.basename(ns.output)
        stem = stem.rsplit(".", 1)[0] if "." in stem[1:] else stem
        folder = f"{stem}-images"
    try:
        result = import_epub(
            path, image_folder=folder, paper=ns.paper.strip() if ns.paper else None, date=date
        )
    except EpubError as err:
        _error(f"{shown}: {err}")
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        _error(f"{shown}: unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    issue = result.issue
    _say(
        sys.stderr,
        f"{shown}: {result.kind}: {issue.paper}"
        + (f", {issue.date.isoformat()}" if issue.date else "")
        + f", {len(issue.sections)} section(s), {issue.article_count()} article(s), "
        f"{len(result.images)} picture(s)",
    )
    for note in result.notes:
        _say(sys.stderr, f"note: {note}")
    try:
        if ns.output:
            if folder is not None and result.images:
                write_images(os.path.join(os.path.dirname(ns.output), folder), result.images)
            write_atomically(ns.output, result.yaml_text)
        else:
            to_stdout(result.yaml_text)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else ns.output or "standard output"
        _error(f"{where}: cannot write: {err.strerror or err}")
        return EXIT_FAILED
    if ns.output:
        if result.images:
            _say(sys.stderr, f"wrote {len(result.images)} picture(s) in {folder}/")
        _say(sys.stderr, f"wrote {ns.output}")
    return EXIT_OK
