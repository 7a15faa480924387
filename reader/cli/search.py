"""``paperread search QUERY [PATH] [--json]``: full-text search from the command line.

The library is PATH when given, else the reader's default library (configured
folders, the data dir's ``issues/``, the bundled sample). The catalogue and
the search index are brought up to date first, with a progress bar on stderr
when that takes more than half a second. Each hit prints paper, date, section
and headline, then a snippet with the match highlighted (plain text when
stdout is not a terminal). ``--script MODE`` prints every text from the
issues (paper, section, headline, snippet; in ``--json`` too, where keys, ids
and paths stay as they are) in a script mode; the default is config.yaml's
``script``. Exit status: 0 with hits, 1 with none (or when the search cannot run).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli import jsonout
from reader.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    default_library_roots,
    encoding_problem,
    output_is_utf8,
    print_error,
)
from reader.cli.options import add_script_option
from reader.cli.progress import LazyProgress

if TYPE_CHECKING:  # imported when the command runs, keeping `paperread search --help` light
    from rich.text import Text

    from reader.config import Settings
    from reader.search.index import SearchHit

DEFAULT_LIMIT = 50
STYLES = {
    "paper": "dim",
    "date": "cyan",
    "section": "dim",
    "headline": "bold",
    "match": "bold black on yellow",
    "open": "dim",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``paperread search QUERY [PATH] [--json] [--limit N]``."""
    parser = argparse.ArgumentParser(
        prog="paperread search",
        description=(
            "Search the library's stories. 简体 and 繁體, full- and half-width forms and "
            "upper and lower case all match each other; the query is literal text."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help="the text to find (any length)")
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="an issue file or a folder of them (default: your library and the sample)",
    )
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N hits (default {DEFAULT_LIMIT})",
    )
    add_script_option(parser)
    parser.epilog = (
        "--script converts paper, section, headline and snippet (in --json too; keys, ids "
        "and paths stay as they are). Default: the script setting of config.yaml; "
        "original prints the text as the issues have it."
    )
    return parser


def run(ns: argparse.Namespace) -> int:
    """Search and print the hits; 0 when something matched, 1 otherwise."""
    from reader.search.text import normalise_query, shown_query

    if not output_is_utf8(sys.stdout):
        return _fail(encoding_problem(sys.stdout))
    if ns.limit < 1:
        return _fail("--limit must be at least 1")
    if not normalise_query(ns.query):
        return _fail("nothing to search for: the query is empty")
    settings = _settings()
    roots = _roots(ns.path, settings)
    if roots is None:
        return _fail(f"{ns.path}: no such file or folder")
    hits = _search(ns.query, roots, ns.limit)
    hits = shown_hits(hits, ns.script or settings.script, settings.regional_phrases)
    if ns.json:
        sys.stdout.write(jsonout.dumps([hit_json(h) for h in hits]) + "\n")
    elif hits:
        _print_hits(hits)
    if not hits:
        print_error(f"no matches for “{shown_query(ns.query)}”")
        return EXIT_FAILED
    return EXIT_OK


def _fail(message: str) -> int:
    print_error(message)
    return EXIT_FAILED


def _settings() -> Settings:
    """config.yaml's settings, its problems said on stderr."""
    from reader.config import load_settings

    settings = load_settings()
    for warning in settings.warnings:
        print_error(warning)
    return settings


def _roots(path: str | None, settings: Settings) -> list[Path] | None:
    """PATH, or the default library; None when PATH does not exist."""
    if path is not None:
        root = Path(path)
        return [root] if os.path.lexists(root) else None
    return default_library_roots(settings.library)


def shown_hits(hits: list[SearchHit], mode: str, regional_phrases: bool = False) -> list[SearchHit]:
    """``hits`` with paper, section, headline and snippet in script ``mode`` (the match
    spans moved with the snippet). Without OpenCC: said on stderr, the hits as they are."""
    if mode == "original" or not hits:
        return hits
    from dataclasses import replace

    from reader.script import ScriptError
    from reader.script_text import ScriptText

    script = ScriptText(mode, regional_phrases)
    shown = []
    try:
        for hit in hits:
            texts = [hit.paper, hit.section, hit.headline]
            config = script.config([*texts, hit.snippet], hit.issue_key)
            snippet, spans = script.marked(hit.snippet, hit.spans, config)
            paper, section, headline = script.convert(texts, hit.issue_key)
            shown.append(
                replace(
                    hit,
                    paper=paper,
                    section=section,
                    headline=headline,
                    snippet=snippet,
                    spans=tuple(spans),
                )
            )
    except ScriptError as error:
        print_error(f"--script {mode}: {error}")
        return hits
    return shown


def _search(query: str, roots: list[Path], limit: int) -> list[SearchHit]:
    """Bring catalogue and index up to date (with progress), then search."""
    from reader.library.catalogue import Catalogue
    from reader.library.files import catalogue_library
    from reader.search.index import SearchIndex

    catalogue = Catalogue()
    reading = LazyProgress("Reading the library")
    try:
        library = catalogue_library(roots, catalogue, reading)
    finally:
        reading.close()
        catalogue.close()
    index = SearchIndex()
    indexing = LazyProgress("Indexing")
    try:
        index.update(library.entries, indexing)
    finally:
        indexing.close()
    try:
        hits = index.search(query, limit=limit)
    finally:
        index.close()
    for message in (*catalogue.messages, *index.messages):
        print_error(message)
    return hits


def hit_json(hit: SearchHit) -> dict[str, object]:
    """One hit as plain JSON data."""
    return {
        "paper": hit.paper,
        "date": hit.date.isoformat() if hit.date else None,
        "section": hit.section,
        "headline": hit.headline,
        "issue_key": hit.issue_key,
        "article_id": hit.article_id,
        "path": str(hit.path),
        "snippet": hit.snippet,
        "matches": [list(span) for span in hit.spans],
    }


def hit_text(hit: SearchHit) -> Text:
    """One hit as three lines of rich Text: where it is, the snippet, and the command that
    opens it in the reader (``paperread FILE ARTICLE_ID``); no markup is parsed."""
    from rich.text import Text

    text = Text()
    text.append(hit.paper, STYLES["paper"])
    if hit.date is not None:
        text.append(" " + hit.date.isoformat(), STYLES["date"])
    if hit.section:
        text.append(" · " + hit.section, STYLES["section"])
    text.append(" · ")
    text.append(hit.headline, STYLES["headline"])
    text.append("\n  ")
    offset = len(text.plain)
    text.append(hit.snippet)
    for start, end in hit.spans:
        text.stylize(STYLES["match"], offset + start, offset + end)
    text.append("\n  ")
    text.append(open_command(hit), STYLES["open"])
    return text


def hit_plain(hit: SearchHit) -> str:
    """The three lines of :func:`hit_text` as plain text, without importing Rich (the output
    of a pipe has no styles)."""
    where = hit.paper
    if hit.date is not None:
        where += " " + hit.date.isoformat()
    if hit.section:
        where += " · " + hit.section
    return f"{where} · {hit.headline}\n  {hit.snippet}\n  {open_command(hit)}"


def open_command(hit: SearchHit) -> str:
    """The shell command that opens the reader at the hit (quoted for a POSIX shell)."""
    from shlex import quote

    from reader.issue.clean import clean_inline

    return f"paperread {quote(clean_inline(str(hit.path)))} {quote(hit.article_id)}"


def _print_hits(hits: Sequence[SearchHit]) -> None:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        for hit in hits:
            console.print(hit_text(hit))
    else:
        sys.stdout.write("".join(hit_plain(hit) + "\n" for hit in hits))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``paperread search`` alone (``paperread search`` goes through :mod:`reader.cli.main`)."""
    ns = build_parser().parse_args(argv)
    return run(ns)


if __name__ == "__main__":
    sys.exit(main())
