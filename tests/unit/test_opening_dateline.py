"""The dateline a source's first paragraph opens with (e-paper pages, news EPUBs)."""

from __future__ import annotations

import pytest

from reader.importer.credits import opening_dateline
from reader.issue.model import Credit


@pytest.mark.parametrize(
    ("paragraph", "dateline", "credits", "rest"),
    [
        (
            "本报江城3月4日电（记者 林一帆）今晚起开通。",
            "本报江城3月4日电",
            (("林一帆",),),
            "今晚起开通。",
        ),
        ("　　本报讯 周末的集市开张了。", "本报讯", (), "周末的集市开张了。"),
        ("新华社北京1月7日电 今天上午举行。", "新华社北京1月7日电", (), "今天上午举行。"),
        (
            "（中央社記者王小明台北19日電）今天上午舉行。",
            "中央社台北19日電",
            (("王小明",),),
            "今天上午舉行。",
        ),
        ("〔記者陳大文／台北報導〕今天上午舉行。", "台北報導", (("陳大文",),), "今天上午舉行。"),
    ],
)
def test_a_printed_dateline_then_the_story(
    paragraph: str, dateline: str, credits: tuple[tuple[str, ...], ...], rest: str
) -> None:
    found = opening_dateline(paragraph)
    assert found is not None
    assert found.text == dateline
    assert tuple(c.names for c in found.credits) == credits
    assert all(isinstance(c, Credit) for c in found.credits)
    assert found.rest.strip() == rest


@pytest.mark.parametrize(
    "paragraph",
    [
        "本报所在的城市下了一夜春雨。",  # 本报 opening a sentence
        "本报北京1月2日电（记者张三）",  # a dateline and nothing after it: not a story's opening
        "今天上午，示例市举行新闻发布会。",
        # A name run into an unknown place: the split would be a guess, so no dateline.
        "（中央社記者王小明甲乙19日電）今天上午舉行。",
        "",
    ],
)
def test_no_dateline_or_nothing_after_it_is_left_alone(paragraph: str) -> None:
    assert opening_dateline(paragraph) is None
