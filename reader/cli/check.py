"""``paperread check PATH...``: validate issue files, one line per problem.

Exit status: 0 when every file is valid, 1 when any has a problem or a PATH
does not exist. Problems go to stdout (``file:line:col: path: message``), the
summary to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.cli.common import EXIT_FAILED, EXIT_OK, require_utf8_output
from reader.issue.clean import clean_inline
from reader.issue.load import IssueFileError, load_issue
from reader.library.walk import iter_issue_files


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread check PATH...``."""
    parser = argparse.ArgumentParser(
        prog="paperread check",
        description="Validate issue files; one line per problem (file:line:col: path: message).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="issue files or folders")
    return parser


def run(ns: argparse.Namespace) -> int:
    """Check the parsed command line's paths."""
    return run_check(ns.paths)


def run_check(paths: Sequence[str]) -> int:
    """Validate files and folders; print every problem; 0 when all are valid."""
    require_utf8_output()  # problems quote the file's text, Chinese included
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
