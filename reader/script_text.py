"""Short texts from issues in a script mode: bookmarks, the library, search hits, palettes.

The reader converts a whole issue at once (:func:`reader.script.convert_issue`).
A list of bookmarks, the library or a page of search hits holds a few texts from
each of many issues instead; :class:`ScriptText` converts those to the mode the
reader (or a command's ``--script``) shows. Which script an issue is in comes
from what is known of it (the reader's own detection, by issue key), then its
language tag, then the texts themselves; it is decided once per issue key. The
converters are :mod:`reader.converters`' own, each built once.

Only issue text goes through here: a note the reader typed, ids and paths stay
as they are.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from itertools import pairwise

from reader.script import (
    check_mode,
    get_converter,
    language_source,
    opencc_config,
    text_source,
)

__all__ = ["ScriptText"]

Span = tuple[int, int]
Sample = Callable[[], Sequence[str]]
"""More texts of an issue, asked for only when its script has to be detected."""


class ScriptText:
    """Converts texts from issues to one script mode (``original``: leaves them alone).

    ``sources`` maps an issue key to the script its issue is in, where that is
    known already; it is filled in as more issues are met, so one mapping can
    be kept across lists. Raises ScriptError (from the converters) when OpenCC
    is missing or broken.
    """

    def __init__(
        self,
        mode: str,
        regional_phrases: bool = False,
        sources: MutableMapping[str, str] | None = None,
    ) -> None:
        self.mode = check_mode(mode)
        self.regional_phrases = regional_phrases
        self.sources: MutableMapping[str, str] = {} if sources is None else sources

    @property
    def active(self) -> bool:
        """False in mode ``original``, where nothing is ever converted."""
        return self.mode != "original"

    def source(
        self,
        texts: Sequence[str],
        key: str | None = None,
        language: str | None = None,
        sample: Sample | None = None,
    ) -> str:
        """The script of the issue ``key`` (texts ``texts``, language tag ``language``;
        ``sample`` gives more of its texts when the script has to be detected)."""
        if key is not None:
            known = self.sources.get(key)
            if known is not None:
                return known
        source = language_source(language)
        if source is None:
            source = text_source("\n".join([*texts, *(sample() if sample else ())]))
        if key is not None:
            self.sources[key] = source
        return source

    def config(
        self,
        texts: Sequence[str],
        key: str | None = None,
        language: str | None = None,
        sample: Sample | None = None,
    ) -> str | None:
        """The OpenCC configuration that shows these texts in the mode; None: none needed."""
        if not self.active:
            return None
        source = self.source(texts, key, language, sample)
        return opencc_config(self.mode, source, self.regional_phrases)

    def convert(
        self,
        texts: Sequence[str],
        key: str | None = None,
        language: str | None = None,
        sample: Sample | None = None,
    ) -> list[str]:
        """``texts`` (all from the issue ``key``) as shown in the mode, in the same order."""
        config = self.config(texts, key, language, sample)
        if config is None:
            return list(texts)
        table = get_converter(config).convert_many(texts)
        return [table[text] for text in texts]

    def one(self, text: str, key: str | None = None, language: str | None = None) -> str:
        """One text as shown in the mode."""
        return self.convert([text], key, language)[0]

    def marked(
        self, text: str, spans: Sequence[Span], config: str | None
    ) -> tuple[str, list[Span]]:
        """``text`` converted with ``config``, with its marked ``spans`` moved to match.

        Converted whole when that keeps its length (so the spans still hold);
        otherwise (a regional phrase of another length) piece by piece, between
        the spans' ends, and the spans counted again.
        """
        if config is None:
            return text, list(spans)
        converter = get_converter(config)
        whole = converter.convert(text)
        if len(whole) == len(text):
            return whole, list(spans)
        cuts = sorted({0, len(text), *(i for span in spans for i in span if 0 <= i <= len(text))})
        pieces = [(end, text[start:end]) for start, end in pairwise(cuts)]
        table = converter.convert_many(piece for _end, piece in pieces)
        moved: dict[int, int] = {0: 0}
        out: list[str] = []
        length = 0
        for end, piece in pieces:
            out.append(table[piece])
            length += len(table[piece])
            moved[end] = length
        return "".join(out), [(moved.get(a, a), moved.get(b, b)) for a, b in spans]
