"""Messages the app sends to its screens about work in the background."""

from __future__ import annotations

from textual.message import Message


class IndexProgressed(Message):
    """The library's background indexing has done ``done`` issues of ``total``."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class IndexFinished(Message):
    """The background indexing ended; ``ok`` when the index is now up to date."""

    def __init__(self, ok: bool) -> None:
        super().__init__()
        self.ok = ok
