"""Full-text search over a library (being split: see :mod:`reader.search.updating`)."""

from reader.search.updating import INDEX_FILE, SearchHit, SearchIndex, match_positions

__all__ = ["INDEX_FILE", "SearchHit", "SearchIndex", "match_positions"]
