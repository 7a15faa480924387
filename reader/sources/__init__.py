"""Sources on the network and in files that become issues: feeds, and the HTTP client.

:mod:`~reader.sources.http` is the one HTTP client (timeouts, size cap, per-host
limits, checked redirects, no cookies); :mod:`~reader.sources.feeds` reads RSS
2.0, RSS 1.0/RDF and Atom; :mod:`~reader.sources.html_text` turns HTML into
story blocks; :mod:`~reader.sources.feed_issue` makes one day of a feed into an
issue. Nothing here imports Textual, and nothing on the reader's start-up
imports this package: ``paperread import`` loads it when it meets a feed.
"""
