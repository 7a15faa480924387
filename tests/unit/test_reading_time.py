"""A story's length and reading time: CJK characters and words of other scripts."""

from __future__ import annotations

from reader.issue.model import Article, Paragraph, Photo, Subhead
from reader.reading_time import (
    CJK_PER_MINUTE,
    WORDS_PER_MINUTE,
    Length,
    article_length,
    text_length,
)


def test_cjk_is_counted_by_character_other_scripts_by_word() -> None:
    assert text_length(["今天天气晴朗。"]) == Length(characters=7, cjk=6, words=0)
    assert text_length(["Don't panic, 2026 well-known"]) == Length(25, 0, 4)
    assert text_length(["新华社 Xinhua 报道"]) == Length(11, 5, 1)
    assert text_length(["かなカナ 한국"]) == Length(6, 6, 0)


def test_reading_time_at_the_documented_rates() -> None:
    assert Length(CJK_PER_MINUTE, CJK_PER_MINUTE, 0).minutes == 1
    assert Length(0, 0, 0).minutes == 1  # never "0 min"
    assert Length(10 * CJK_PER_MINUTE, 10 * CJK_PER_MINUTE, 0).minutes == 10
    assert Length(0, 0, 5 * WORDS_PER_MINUTE).minutes == 5
    # Mixed text adds the two: 3 minutes of Chinese and 2 of English.
    assert Length(0, 3 * CJK_PER_MINUTE, 2 * WORDS_PER_MINUTE).minutes == 5


def test_article_length_counts_headline_deck_and_every_block() -> None:
    article = Article(
        id="a",
        headline="标题",
        subheadline="副题",
        body=(Paragraph("正文。"), Subhead("小标"), Photo(caption="图注", credit="摄")),
    )
    assert article_length(article) == Length(12, 11, 0)
