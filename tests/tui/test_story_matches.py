"""The story pane's search highlights: the matches search finds, drawn on the typeset lines."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult

from reader.issue.model import Article, Paragraph
from reader.search.text import match_positions
from reader.tui.widgets.story import StoryView

if TYPE_CHECKING:
    from tests.conftest import WaitUntil


class StoryApp(App[None]):
    """Only a story pane, showing one article."""

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield StoryView(id="story")

    def on_mount(self) -> None:
        self.query_one(StoryView).show_article(self.article)


def highlighted(story: StoryView) -> list[str]:
    """The text of each match as the pane marks it (pieces of one match joined)."""
    starts = [*story._match_starts, len(story.matches)]
    texts = []
    for first, end in pairwise(starts):
        pieces = story.matches[first:end]
        texts.append("".join(story.lines[line].plain[a:b] for line, a, b in pieces))
    return texts


THOUSAND = (
    "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜"
    "金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜海咸河淡鳞潜羽翔龙师火帝鸟官人皇"
)
ARTICLE = Article(
    id="a",
    headline="Headline",
    body=(
        Paragraph("aaaaa and aaa."),
        Paragraph("㈱ holds 株 inside (株)."),
        # Chinese wraps between any two characters; these 80 differ even when folded.
        Paragraph(THOUSAND),
    ),
)


async def test_matches_do_not_overlap_and_agree_with_search(wait_until: WaitUntil) -> None:
    app = StoryApp(ARTICLE)
    async with app.run_test(size=(60, 40)) as pilot:
        story = app.query_one(StoryView)
        await wait_until(pilot, lambda: story.lines, what="the story typeset")
        # "aaaaa" holds two "aa" that do not overlap, "aaa" one more: 3, as search counts.
        assert story.set_query("aa") == 3
        assert highlighted(story) == ["aa", "aa", "aa"]
        assert story.match_count() == len(match_positions(ARTICLE, "aa"))
        # 株 found inside ㈱ (folded to "(株)") marks the whole ㈱; the two plain 株 count too.
        count = story.set_query("株")
        assert count == len(match_positions(ARTICLE, "株")) == 3
        assert highlighted(story) == ["㈱", "株", "株"]
        assert story.set_query("") == 0 and story.matches == []


async def test_a_match_broken_across_lines_is_marked_on_both(wait_until: WaitUntil) -> None:
    app = StoryApp(ARTICLE)
    async with app.run_test(size=(40, 40)) as pilot:
        story = app.query_one(StoryView)
        await wait_until(pilot, lambda: story.lines, what="the story typeset")
        # Two characters on either side of the third paragraph's first line break.
        block = [line.plain.strip() for line in story.lines if line.block == 2]
        block = [text for text in block if text]
        assert len(block) >= 2
        phrase = block[0][-2:] + block[1][:2]
        assert story.set_query(phrase) == 1
        assert story.match_count() == 1
        assert len(story.matches) == 2  # one piece on each line
        first, second = story.matches
        assert second[0] > first[0]
        assert [story.lines[line].plain[a:b] for line, a, b in story.matches] == [
            phrase[:2],
            phrase[2:],
        ]
