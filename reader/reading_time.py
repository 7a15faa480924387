"""How long a story is and how long it takes to read, for the status line.

Chinese (and Japanese, Korean) text is counted in characters, every other script in
words, and each at its own rate:

- ``CJK_PER_MINUTE`` = 300 characters a minute. Native readers of Chinese read
  255 ± 29 characters a minute *aloud* in the International Reading Speed Texts
  study (Trauzettel-Klosinski & Dietz, "Standardized Assessment of Reading
  Performance: The New International Reading Speed Texts IReST", IOVS 53(9),
  2012, doi:10.1167/iovs.11-8284); silent reading is faster, so 300 is a
  cautious figure for a newspaper read silently: the estimate errs long.
- ``WORDS_PER_MINUTE`` = 238 words a minute: silent reading of non-fiction in
  English (Brysbaert, "How many words do we read per minute?", Journal of
  Memory and Language 109, 2019, doi:10.1016/j.jml.2019.104047).
"""

from __future__ import annotations

import math
import unicodedata

from reader.issue.model import Article, block_texts
from reader.record import Record, set_field

CJK_PER_MINUTE = 300
WORDS_PER_MINUTE = 238


def _is_cjk(ch: str) -> bool:
    """A Han character, kana or hangul syllable: read one by one, not in words."""
    code = ord(ch)
    return (
        0x3400 <= code <= 0x9FFF  # CJK Unified Ideographs and Extension A
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # extensions B onwards
        or 0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
    )


class Length(Record):
    """A story's size: characters (no spaces), CJK characters, words of other scripts."""

    _fields = _compared = ("characters", "cjk", "words")
    __slots__ = _fields
    characters: int
    cjk: int
    words: int

    def __init__(self, characters: int, cjk: int, words: int) -> None:
        set_field(self, "characters", characters)
        set_field(self, "cjk", cjk)
        set_field(self, "words", words)

    @property
    def minutes(self) -> int:
        """Estimated reading time in whole minutes (at least 1)."""
        exact = self.cjk / CJK_PER_MINUTE + self.words / WORDS_PER_MINUTE
        return max(1, math.ceil(exact - 0.25))  # 1.2 min reads as 1, 1.3 as 2


def text_length(texts: list[str] | tuple[str, ...]) -> Length:
    """Count ``texts``: every non-space character; CJK characters one by one; a run of
    letters or digits of any other script as one word."""
    characters = cjk = words = 0
    for text in texts:
        in_word = False
        for ch in text:
            if ch.isspace():
                in_word = False
                continue
            characters += 1
            if _is_cjk(ch):
                cjk += 1
                in_word = False
            elif unicodedata.category(ch)[0] in "LN":
                if not in_word:
                    words += 1
                in_word = True
            elif ch not in "'’-":  # don't, well-known: one word
                in_word = False
    return Length(characters, cjk, words)


def article_length(article: Article) -> Length:
    """The length of a story as read: headline, deck and body."""
    texts = [article.headline, *(t for t in (article.kicker, article.subheadline) if t)]
    for block in article.body:
        texts.extend(block_texts(block))
    return text_length(texts)
