"""What every command shares: exit codes, one-line errors, the output-encoding check.

Exit codes: 0 success, 1 the thing asked for failed or was invalid, 2 a usage
error, 130 interrupted. Errors are one line on stderr, never a traceback.
This module is on the start-up path of ``paperread``: it imports nothing heavy.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import paths
from reader.issue.clean import clean_inline

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)


class CommandError(Exception):
    """A failure to report as one line and exit 1."""


def print_error(message: str) -> None:
    """Print ``paperread: message`` on stderr, with any control characters taken out."""
    # Messages quote paths, names and file text, which may hold escape sequences of their own.
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


def require_utf8_output() -> None:
    """Raise :class:`CommandError` unless stdout encodes UTF-8."""
    if not output_is_utf8(sys.stdout):
        raise CommandError(encoding_problem(sys.stdout))


def default_library_roots(configured: Sequence[Path]) -> list[Path]:
    """The library: configured folders, the data dir's issues/, the bundled sample."""
    return [*configured, paths.user_issues_dir(), paths.bundled_issues_dir()]
