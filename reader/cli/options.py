"""Options more than one command takes (``--script``)."""

from __future__ import annotations

import argparse

SCRIPT_MODES_HELP = "original, hans (简体), hant (繁體), tw (臺灣正體), hk (香港繁體)"


def script_mode(value: str) -> str:
    """``value`` when it names a script mode; an argparse type error otherwise."""
    # Lazy for start-up speed: reader.config pulls in the typesetter.
    from reader.config import SCRIPT_MODES

    if value not in SCRIPT_MODES:
        raise argparse.ArgumentTypeError(
            f"unknown script mode {value!r}; valid modes: {', '.join(SCRIPT_MODES)}"
        )
    return value


def add_script_option(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``--script MODE`` option."""
    parser.add_argument(
        "--script",
        type=script_mode,
        metavar="MODE",
        help=f"show the text in a script: {SCRIPT_MODES_HELP}",
    )
