"""Sources of issues other than hand-written files: EPUBs (calibre news and books),
RSS/Atom feeds, and the HTTP client they share.

Each source turns what it reads into a format-1 :class:`~reader.issue.model.Issue`
with the same cleaning and checks as every issue file. :mod:`~reader.sources.http` is
the one HTTP client (timeouts, size cap, per-host limits, checked redirects, no
cookies); :mod:`~reader.sources.epub` reads EPUBs; :mod:`~reader.sources.feeds` reads
RSS 2.0, RSS 1.0/RDF and Atom; :mod:`~reader.sources.html_text` turns HTML into story
blocks; :mod:`~reader.sources.feed_issue` makes one day of a feed into an issue.
Nothing here imports Textual, and nothing on the reader's start-up imports this
package: ``paperread import`` loads what it needs.
"""
