"""Command palette entries: jump to any article of the open issue by headline."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from reader.tui.screens.reader import ReaderScreen


def _label(headline: str, section: str, section_style: Style | str = "") -> Text:
    """Headline and section as plain Text. (A hit's ``help`` is parsed as markup by
    the palette, so no text from an issue file may go there.)"""
    return Text.assemble(headline, ("  ·  " + section, section_style))


def _section_style(screen: object) -> Style | str:
    """How the reader's stylesheet sets the section in a hit (``reader--palette-section``)."""
    get = getattr(screen, "get_component_rich_style", None)
    if get is None:
        return ""
    try:
        return get("reader--palette-section", partial=True)  # type: ignore[no-any-return]
    except KeyError:  # not a reader screen
        return ""


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
        style = _section_style(screen)
        for s, a, headline, section in self._articles():
            yield DiscoveryHit(
                _label(headline, section, style),
                partial(screen.open_article, s, a),  # type: ignore[attr-defined]
                text=headline,
                help="Open article",
            )

    async def search(self, query: str) -> Hits:
        """Articles whose headline matches ``query`` (shown as plain text, never markup)."""
        matcher = self.matcher(query)
        screen = self.screen
        style = _section_style(screen)
        for s, a, headline, section in self._articles():
            score = max(matcher.match(headline), matcher.match(f"{section} {headline}") * 0.9)
            if score > 0:
                yield Hit(
                    score,
                    _label(headline, section, style),
                    partial(screen.open_article, s, a),  # type: ignore[attr-defined]
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
        for mode, title in self._modes():
            yield DiscoveryHit(
                Text(title),
                partial(self.screen.apply_mode, mode),  # type: ignore[attr-defined]
                text=title,
                help="Show the issue in this script",
            )

    async def search(self, query: str) -> Hits:
        """Modes matching ``query``."""
        matcher = self.matcher(query)
        for mode, title in self._modes():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    Text(title),
                    partial(self.screen.apply_mode, mode),  # type: ignore[attr-defined]
                    text=title,
                    help="Show the issue in this script",
                )
