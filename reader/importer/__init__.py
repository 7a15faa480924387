"""``paperread import``: the raw text of a newspaper page becomes a format-1 issue file.

The steps, each in its own module: :mod:`~reader.importer.text` (bytes, lines,
blanks), :mod:`~reader.importer.tokens` (what each line is on its own),
:mod:`~reader.importer.credits` (credits, datelines, photo credits),
:mod:`~reader.importer.layout` (where stories begin; the headline group),
:mod:`~reader.importer.body` (paragraphs, subheads, photos, notes),
:mod:`~reader.importer.emit` (YAML and ids), :mod:`~reader.importer.core`
(the whole import), :mod:`~reader.importer.pages` (several pages as one
issue) and :mod:`~reader.importer.report`. Nothing here imports
Textual.
"""

from __future__ import annotations

from reader.importer.core import Guess, ImportResult, import_bytes, import_page
from reader.importer.emit import article_id, dump_issue
from reader.importer.pages import import_pages
from reader.importer.report import format_explain, format_report
from reader.importer.text import ImportFailed, decode_page

__all__ = [
    "Guess",
    "ImportFailed",
    "ImportResult",
    "article_id",
    "decode_page",
    "dump_issue",
    "format_explain",
    "format_report",
    "import_bytes",
    "import_page",
    "import_pages",
]
