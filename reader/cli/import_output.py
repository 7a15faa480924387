"""What every ``paperread import`` shares: its messages on stderr, the checks of its common
options, and where and how a whole issue is written — ``-o FILE``, ``-o -`` (standard
output), or by default the library (:func:`reader.sources.output.library_file`), with its
pictures beside it in ``OUT-images/``.

Each kind of import (raw pages, EPUB, feed, e-paper) keeps in its own module only what is
its own; the messages, the date check and the writing are here, so that they say the same
thing the same way whatever was imported.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from reader.cli.common import EXIT_FAILED, EXIT_OK
from reader.issue.clean import clean_inline, clean_text, spell_bytes
from reader.sources.output import library_file, stem_for, write_atomically, write_images

if TYPE_CHECKING:
    from reader.issue.model import Issue

__all__ = [
    "STDOUT",
    "WholeIssue",
    "date_option",
    "error",
    "library_file",
    "picture_folder",
    "plural",
    "run_whole_issue",
    "same_file",
    "say",
    "stem_for",
    "to_stdout",
    "write_out",
]

STDOUT = "-"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def say(text: str) -> None:
    """Write ``text`` and a newline to stderr, whatever its encoding: names and guesses
    quote untrusted input, so escape sequences are removed and bytes that are not UTF-8
    spelled out; characters the stream cannot encode are escaped."""
    stream = sys.stderr
    if stream is None:
        return
    text = clean_text(spell_bytes(text))
    encoding = getattr(stream, "encoding", None) or "utf-8"
    safe = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    with contextlib.suppress(OSError, ValueError):
        stream.write(safe + "\n")


def error(message: str) -> None:
    """The one-line error of ``paperread import`` (newlines in it become spaces)."""
    say(f"paperread import: {clean_inline(spell_bytes(message))}")


def blank_option(ns: argparse.Namespace, *names: str) -> str | None:
    """The usage error for the first of ``--NAME`` (``paper``, ``section``) and ``-o``
    given but blank, else None."""
    for name in names:
        value = getattr(ns, name, None)
        if value is not None and not value.strip():
            return f"--{name}: must not be empty"
    output = getattr(ns, "output", None)
    if output is not None and not output.strip():
        return "-o: must name a file"
    return None


def date_option(value: str | None) -> tuple[dt.date | None, str | None]:
    """``--date`` checked: the date (None when not given), or the usage error to print."""
    if value is None:
        return None, None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, f"--date: expected a date as YYYY-MM-DD, got {value!r}"


def same_file(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name one existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def plural(count: int, word: str) -> str:
    """``1 page``, ``3 pages``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def picture_folder(output: str | None) -> str | None:
    """The picture folder's name beside ``output``: ``OUT-images`` (None for stdout)."""
    if not output:
        return None
    stem = os.path.basename(output)
    stem = stem.rsplit(".", 1)[0] if "." in stem[1:] else stem
    return f"{stem}-images"


def to_stdout(text: str) -> None:
    """Write ``text`` to standard output as UTF-8, whatever the stream's own encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def write_out(
    output: str | None,
    yaml_text: str,
    folder: str | None = None,
    images: Sequence[tuple[str, bytes]] = (),
    announce: bool = True,
) -> int:
    """Write the issue to ``output`` (None: standard output), its ``images`` first into
    ``folder`` beside it, and (``announce``) say what was written; the exit code. A closed
    pipe or a file that cannot be written is one line; the file is replaced atomically or
    not at all."""
    try:
        if output:
            if folder is not None and images:
                write_images(os.path.join(os.path.dirname(output), folder), tuple(images))
            write_atomically(output, yaml_text)
        else:
            to_stdout(yaml_text)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else output or "standard output"
        error(f"{where}: cannot write: {err.strerror or err}")
        return EXIT_FAILED
    if output and announce:
        if images:
            say(f"wrote {plural(len(images), 'picture')} in {folder}/")
        say(f"wrote {output}")
    return EXIT_OK


class WholeIssue(Protocol):
    """What an EPUB or e-paper import returns: the issue, its YAML, notes and pictures."""

    @property
    def issue(self) -> Issue: ...

    @property
    def yaml_text(self) -> str: ...

    @property
    def notes(self) -> Sequence[str]: ...

    @property
    def images(self) -> Sequence[tuple[str, bytes]]: ...


R = TypeVar("R", bound=WholeIssue)


def run_whole_issue(
    ns: argparse.Namespace,
    shown: str,
    make: Callable[[str | None], R],
    failures: tuple[type[Exception], ...],
    describe: Callable[[R], str],
) -> int:
    """Import a whole issue with ``make`` (given the picture folder's name, or None) and
    write it where ``-o`` says: a file, ``-`` for standard output, or by default the
    library's file for the issue's paper and date (the issue is read once without
    pictures to know them). ``failures`` are the importer's own one-line errors; any
    other exception is still one line, never a traceback. ``describe`` is the summary
    line said before the notes. Returns the exit code."""
    if ns.output and os.path.isdir(ns.output):
        error(f"{ns.output}: is a folder; give a file name with -o")
        return EXIT_FAILED
    output: str | None = ns.output
    if output is None:
        try:
            output = str(library_file(make(None).issue))
        except failures as err:
            error(f"{shown}: {err}")
            return EXIT_FAILED
        except OSError as err:
            error(f"the library's issues folder: cannot write: {err.strerror or err}")
            return EXIT_FAILED
        except Exception as err:  # a bug must still end in one line, not a traceback
            error(f"{shown}: unexpected error: {type(err).__name__}: {err}")
            return EXIT_FAILED
    elif output == STDOUT:
        output = None
    ns.output = output
    folder = picture_folder(output)
    try:
        result = make(folder)
    except failures as err:
        error(f"{shown}: {err}")
        return EXIT_FAILED
    except Exception as err:  # a bug must still end in one line, not a traceback
        error(f"{shown}: unexpected error: {type(err).__name__}: {err}")
        return EXIT_FAILED
    say(describe(result))
    for note in result.notes:
        say(f"note: {note}")
    return write_out(output, result.yaml_text, folder, result.images)
