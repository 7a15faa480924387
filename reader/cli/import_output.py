"""Where ``paperread import`` writes a whole issue: ``-o FILE``, ``-o -`` (standard
output), or by default the library (:func:`reader.sources.output.library_file`)."""

from __future__ import annotations

from reader.sources.output import library_file, stem_for

__all__ = ["STDOUT", "library_file", "stem_for"]

STDOUT = "-"
