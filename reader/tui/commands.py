"""Command palette entries: jump to any article of the open issue by headline.

Every matcher here folds scripts (:func:`reader.search.fold.fold`, as search does):
the query and each candidate are matched folded, so 党建 and 黨建 find the same
article in any script mode; hits are shown as the reader shows the issue.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.issue.model import Issue


@runtime_checkable
class ArticleSource(Protocol):
    """What the palette asks of a screen: the issue as shown, opening, script modes
    (the reader screen provides it; other screens offer no articles)."""

    @property
    def display_issue(self) -> Issue | None:
        """The open issue as shown, in the current script."""

    def open_article(
        self, section: int, article: int, place: tuple[int, int] | None = None
    ) -> None:
        """Show an article of the open issue."""

    def apply_mode(self, mode: str | None) -> None:
        """Show the issue in a script mode."""


def _source(screen: object) -> ArticleSource | None:
    return screen if isinstance(screen, ArticleSource) else None


def _label(headline: str, section: str, section_style: Style | str = "") -> Text:
    """Headline and section as plain Text. (A hit's ``help`` is parsed as markup by
    the palette, so no text from an issue file may go there.)"""
    return Text.assemble(headline, ("  ·  " + section, section_style))


def _section_style(screen: Screen[object]) -> Style | str:
    """How the reader's stylesheet sets the section in a hit (``reader--palette-section``)."""
    try:
        return screen.get_component_rich_style("reader--palette-section", partial=True)
    except KeyError:  # not a reader screen
        return ""


class ArticleCommands(Provider):
    """Every article of the current issue, found by headline, kicker or section."""

    def _articles(self) -> list[tuple[int, int, str, str]]:
        source = _source(self.screen)
        issue = source.display_issue if source is not None else None
        if issue is None:
            return []
        return [
            (s, a, article.headline, section.title)
            for s, section in enumerate(issue.sections)
            for a, article in enumerate(section.articles)
        ]

    async def discover(self) -> Hits:
        """Before anything is typed: the articles in reading order."""
        source = _source(self.screen)
        if source is None:
            return
        style = _section_style(self.screen)
        for s, a, headline, section in self._articles():
            yield DiscoveryHit(
                _label(headline, section, style),
                partial(source.open_article, s, a),
                text=headline,
                help="Open article",
            )

    async def search(self, query: str) -> Hits:
        """Articles whose headline matches ``query`` (shown as plain text, never markup)."""
        # Lazy for start-up speed: the palette is opened long after the first frame.
        from reader.search.fold import fold

        matcher = self.matcher(fold(query))
        source = _source(self.screen)
        if source is None:
            return
        style = _section_style(self.screen)
        for s, a, headline, section in self._articles():
            score = max(
                matcher.match(fold(headline)), matcher.match(fold(f"{section} {headline}")) * 0.9
            )
            if score > 0:
                yield Hit(
                    score,
                    _label(headline, section, style),
                    partial(source.open_article, s, a),
                    text=headline,
                    help="Open article",
                )


class ScriptCommands(Provider):
    """The script modes: original, 简体, 繁體, 臺灣正體, 香港繁體."""

    def _modes(self) -> list[tuple[str, str]]:
        from reader.script import MODE_LABELS, MODES

        return [(mode, f"Script: {MODE_LABELS[mode]} ({mode})") for mode in MODES]

    async def discover(self) -> Hits:
        """Every mode, before anything is typed."""
        source = _source(self.screen)
        if source is None:
            return
        for mode, title in self._modes():
            yield DiscoveryHit(
                Text(title),
                partial(source.apply_mode, mode),
                text=title,
                help="Show the issue in this script",
            )

    async def search(self, query: str) -> Hits:
        """Modes matching ``query``."""
        from reader.search.fold import fold  # lazy, as above

        matcher = self.matcher(fold(query))
        source = _source(self.screen)
        if source is None:
            return
        for mode, title in self._modes():
            score = matcher.match(fold(title))
            if score > 0:
                yield Hit(
                    score,
                    Text(title),
                    partial(source.apply_mode, mode),
                    text=title,
                    help="Show the issue in this script",
                )
