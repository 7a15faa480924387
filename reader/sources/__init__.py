"""Sources of issues other than hand-written files: calibre news EPUBs and plain EPUBs.

Each source turns what it reads into a format-1 :class:`~reader.issue.model.Issue`
with the same cleaning and checks as every issue file. Nothing here imports
Textual; the parsers (lxml, zipfile) are imported by the modules that need them,
never by this package, so the reader's start-up loads none of them.
"""
