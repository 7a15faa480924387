"""Where ``paperread import`` writes a whole issue: ``-o FILE``, ``-o -`` (standard
output), or by default the library (:func:`reader.sources.output.library_file`)."""

from __future__ import annotations

import sys

from reader.sources.output import library_file, stem_for

__all__ = ["STDOUT", "library_file", "stem_for", "to_stdout"]

STDOUT = "-"


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
