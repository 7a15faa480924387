"""Command palette entries: jump to any article of the open issue by headline."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from reader.tui.reader_screen import ReaderScreen


class ArticleCommands(Provider):
    """Every article of the current issue, found by headline, kicker or section."""

    def _articles(self) -> list[tuple[int, int, str, str]]:
        screen: ReaderScreen = self.screen  # type: ignore[assignment]
        issue = getattr(screen, "display_issue", None)
        if issue is None:
            return []
        return [
            (s, a, article.headline, section.title)
            for s, section in enumerate(issue.sections)
            for a, article in enumerate(section.articles)
        ]

    async def discover(self) -> Hits:
        """Before anything is typed: the articles in reading order."""
        screen = self.screen
        for s, a, headline, section in self._articles():
            yield DiscoveryHit(
                Text(headline),
                partial(screen.open_article, s, a),  # type: ignore[attr-defined]
                text=headline,
                help=f"Open article · {section}",
            )

    async def search(self, query: str) -> Hits:
        """Articles whose headline matches ``query`` (shown as plain text, never markup)."""
        matcher = self.matcher(query)
        screen = self.screen
        for s, a, headline, section in self._articles():
            score = max(matcher.match(headline), matcher.match(f"{section} {headline}") * 0.9)
            if score > 0:
                yield Hit(
                    score,
                    Text(headline),
                    partial(screen.open_article, s, a),  # type: ignore[attr-defined]
                    text=headline,
                    help=f"Open article · {section}",
                )
