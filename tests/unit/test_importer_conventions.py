"""paperread import, second pass (issue 15): conventions of real Chinese papers.

Padded names in every credit, closing credits with several outlets and a role
after the names, labels around headlines, editors' notes and introductions.
Every page text here is written for these tests.
"""

from __future__ import annotations

import pytest

from reader.importer import ImportResult, format_explain, import_page
from reader.issue.model import Article, Credit, Note, Paragraph, Subhead


def run(text: str) -> ImportResult:
    return import_page(text, "page.txt")


def articles(text: str) -> list[Article]:
    return [a for _, a in run(text).issue.articles()]


def credits(items: tuple[Credit, ...]) -> list[tuple[str | None, list[str]]]:
    return [(c.role, list(c.names)) for c in items]


def paragraphs(article: Article) -> list[str]:
    return [b.text for b in article.body if isinstance(b, Paragraph)]


# -- names and credits -----------------------------------------------------------------

_TWO_STORIES = """\
　　山村学校留住好老师

　　本报记者  李  明

　　我在山区小学教书二十年，最大的心愿是让好老师留得住。
　　这几年，乡村教师的待遇提高了，宿舍也新建了。
　　{closing}

　　小果园做成大产业

　　本报记者  赵丽华

　　我们村的苹果过去卖不上价，如今有了冷库和电商。
　　明年我们打算建一个加工厂。
"""


@pytest.mark.parametrize(
    ("closing", "expected", "shown"),
    [
        (
            "（本报记者  王  沛采访整理）",
            [("本报记者 采访整理", ["王沛"])],
            "本报记者 王沛采访整理",
        ),
        (
            "（本报记者  王　沛采访整理）",
            [("本报记者 采访整理", ["王沛"])],
            "本报记者 王沛采访整理",
        ),
        ("（本报记者  周  宁整理）", [("本报记者 整理", ["周宁"])], "本报记者 周宁整理"),
        (
            "（本报记者  陈  晨  刘一鸣  新华社记者  孙  强）",
            [("本报记者", ["陈晨", "刘一鸣"]), ("新华社记者", ["孙强"])],
            "本报记者 陈晨 刘一鸣 新华社记者 孙强",
        ),
        (
            "（本報記者  陳  晨  新華社記者  劉  洋採訪整理）",
            [("本報記者", ["陳晨"]), ("新華社記者 採訪整理", ["劉洋"])],
            "本報記者 陳晨 新華社記者 劉洋採訪整理",
        ),
        ("（本报记者  马  骏制图）", [("本报记者 制图", ["马骏"])], "本报记者 马骏制图"),
    ],
)
def test_closing_credit_with_padded_names_closes_the_story_above(
    closing: str, expected: list[tuple[str, list[str]]], shown: str
) -> None:
    first, second = articles(_TWO_STORIES.format(closing=closing))
    assert credits(first.credits) == expected
    assert " ".join(c.display() for c in first.credits) == shown
    assert second.headline == "小果园做成大产业"
    assert second.column is None and second.kicker is None
    assert credits(first.byline) == [("本报记者", ["李明"])]
    assert len(paragraphs(first)) == 2


@pytest.mark.parametrize("pad", ["  ", "\u3000", " "])
def test_padded_names_in_datelines_bylines_and_photo_credits(pad: str) -> None:
    page = f"""\
　　雪场夜巡

　　本报北京3月5日电  （记者  王{pad}沛）晚上九点，雪场的灯光还亮着。
　　巡逻队员们沿着雪道一段一段地检查。
　　杨{pad}丽摄

　　老街新生

　　本报记者  周{pad}宁

　　老街改造完成后，店铺重新开张，游客多了起来。
　　居民说，老街的味道还在。
"""
    first, second = articles(page)
    assert first.dateline == "本报北京3月5日电"
    assert credits(first.byline) == [("记者", ["王沛"])]
    assert credits(first.credits) == [("摄", ["杨丽"])]
    assert credits(second.byline) == [("本报记者", ["周宁"])]


def test_padding_in_body_text_is_left_alone() -> None:
    (story,) = articles(
        "　　会场速写\n\n　　本报记者  周  宁\n\n　　大屏上写着“王  沛”两个字，十分醒目。\n"
        "　　代表们陆续入场。\n"
    )
    assert "王 沛" in paragraphs(story)[0]


def test_speaker_line_under_a_headline_is_the_byline() -> None:
    (story,) = articles(
        "　　让山村学校留住好老师\n　　全国人大代表  李  明\n\n"
        "　　我在山区小学教书二十年，最大的心愿是让好老师留得住。\n"
        "　　这几年，乡村教师的待遇提高了。\n　　（本报记者  王  沛采访整理）\n"
    )
    assert story.headline == "让山村学校留住好老师"
    assert credits(story.byline) == [("全国人大代表", ["李明"])]
    assert credits(story.credits) == [("本报记者 采访整理", ["王沛"])]


def test_acts_after_names_display_as_printed() -> None:
    assert Credit(("吴月丽",), "摄").display() == "吴月丽摄"
    assert Credit(("王沛",), "本报记者 采访整理").display() == "本报记者 王沛采访整理"
    assert Credit(("王沛",), "整理").display() == "整理 王沛"
    assert Credit(("王沛",), "本报记者").display() == "本报记者 王沛"


# -- labels ----------------------------------------------------------------------------

_LABELLED = """\
　　{head}

　　本报记者  张天培

　　晚上九点，雪场的灯光还亮着。巡逻队员们沿着雪道一段一段地检查。
　　“安全第一，一处都不能漏。”队长说。
"""


@pytest.mark.parametrize(
    ("head", "headline", "column", "kicker"),
    [
        ("夜色里的雪场巡逻队（在现场）", "夜色里的雪场巡逻队", "在现场", None),
        ("夜色里的雪场巡逻队(在现场)", "夜色里的雪场巡逻队", "在现场", None),
        ("（记者手记）\n　　守护平安的人", "守护平安的人", "记者手记", None),
        ("【深阅读】一条老街的新生", "一条老街的新生", "深阅读", None),
        ("【深阅读】\n　　一条老街的新生", "一条老街的新生", "深阅读", None),
        ("一条老街的新生【新春走基层】", "一条老街的新生", "新春走基层", None),
        ("〔走基層〕老街的新生", "老街的新生", "走基層", None),
        ("（在现场）\n　　雪夜巡逻队（记者手记）", "雪夜巡逻队", "在现场", "记者手记"),
        ("某某条例（草案）公布", "某某条例（草案）公布", None, None),
        ("某某条例公布（草案）", "某某条例公布（草案）", None, None),
    ],
)
def test_labels_around_a_headline(
    head: str, headline: str, column: str | None, kicker: str | None
) -> None:
    (story,) = articles(_LABELLED.format(head=head))
    assert (story.headline, story.column, story.kicker) == (headline, column, kicker)


# -- editors' notes and introductions --------------------------------------------------

_FEATURE = """\
第06版：代表委员

　　代表之声

　　{intro}

　　让山村学校留住好老师
　　全国人大代表  李  明

　　我在山区小学教书二十年，最大的心愿是让好老师留得住。
　　这几年，乡村教师的待遇提高了，宿舍也新建了。
　　（本报记者  王  沛采访整理）

　　把小果园做成大产业
　　全国人大代表  赵丽华

　　我们村的苹果过去卖不上价，如今有了冷库和电商，果子走出了大山。
　　（本报记者  陈  晨  新华社记者  刘  洋采访整理）

　　社区食堂暖人心

　　本报北京3月5日电  （记者  周  宁）社区食堂开到了家门口，老人们吃饭不再发愁。
　　食堂每天供应三餐。
"""


@pytest.mark.parametrize(
    "intro",
    [
        "今年是规划收官之年。本版今起推出系列访谈，听听基层的声音。\n　　——编  者",
        "今年是规划收官之年。本版今起推出系列访谈，听听基层的声音。\n　　——编　者",
        "今年是规划收官之年。本版今起推出系列访谈，听听基层的声音。\n　　——编者",
        "今年是规划收官之年。本版今起推出系列访谈，听听基层的声音。——编者",
        "编者按：今年是规划收官之年。本版今起推出系列访谈，听听基层的声音。",
    ],
)
def test_introduction_is_a_note_on_the_first_piece_and_names_the_column(intro: str) -> None:
    result = run(_FEATURE.format(intro=intro))
    found = [a for _, a in result.issue.articles()]
    assert [a.headline for a in found] == [
        "让山村学校留住好老师",
        "把小果园做成大产业",
        "社区食堂暖人心",
    ]
    first, second, third = found
    note = first.body[0]
    assert isinstance(note, Note)
    assert note.text.startswith("今年是规划收官之年。")
    assert note.text.endswith(("——编者", "声音。"))
    assert [first.column, second.column, third.column] == ["代表之声", "代表之声", None]
    assert first.kicker is None and first.subheadline is None
    assert credits(first.credits) == [("本报记者 采访整理", ["王沛"])]
    assert credits(second.credits)[-1] == ("新华社记者 采访整理", ["刘洋"])
    assert paragraphs(first)[0].startswith("我在山区小学")
    assert third.dateline == "本报北京3月5日电"
    assert any("introduction" in g.message for g in result.guesses)


def test_signoff_closes_an_editors_note_inside_a_story() -> None:
    (story,) = articles(
        "　　老街的新生\n\n　　编者按：老街改造一年，变化几何？记者回访。\n　　——编  者\n\n"
        "　　本报记者  周  宁\n\n　　老街改造完成后，店铺重新开张，游客多了起来。\n"
        "　　居民说，老街的味道还在。\n"
    )
    assert story.headline == "老街的新生"
    assert story.kicker is None and story.subheadline is None
    assert isinstance(story.body[0], Note)
    assert story.body[0].text == "老街改造一年，变化几何？记者回访。——编者"
    assert paragraphs(story) == [
        "老街改造完成后，店铺重新开张，游客多了起来。",
        "居民说，老街的味道还在。",
    ]


# -- paragraphs ------------------------------------------------------------------------

_COLON = """\
　　村里来了新书记

　　本报记者  李  明

　　第一次开村民大会，新书记把一年的打算讲给大家听：
{after}
　　会后，村民们议论了很久。
"""


@pytest.mark.parametrize(
    "after",
    [
        "　　“先修路，再建冷库，让果子卖上好价钱。”",
        "　　一是修通进山的路，二是建起冷库。",
        "　　①修通进山的路；②建起冷库。",
        "\n　　“先修路，再建冷库，让果子卖上好价钱。”",
    ],
)
def test_a_paragraph_ending_in_a_colon_before_a_quotation_stays_a_paragraph(after: str) -> None:
    (story,) = articles(_COLON.format(after=after))
    found = paragraphs(story)
    assert len(found) == 3
    assert found[0].endswith("听：")
    assert found[1] == after.strip()


def test_a_sentence_broken_at_a_column_break_is_still_joined() -> None:
    (story,) = articles(
        "　　村里来了新书记\n\n　　本报记者  李  明\n\n"
        "　　第一次开村民大会，新书记把一年的打算讲给大家听，先修通进山的路，再把冷库\n\n"
        "建起来，让果子卖上好价钱。\n　　会后，村民们议论了很久。\n"
    )
    assert paragraphs(story) == [
        "第一次开村民大会，新书记把一年的打算讲给大家听，先修通进山的路，再把冷库"
        "建起来，让果子卖上好价钱。",
        "会后，村民们议论了很久。",
    ]


_WEB_COPY = """\
人民日报 2025年03月05日 星期三
第05版：要闻

　　山乡换新颜

　　本报记者  李  明

　　清晨，山村里的雾气还没有散去，村民们已经在果园里忙碌起来。

　　今年春天，村里新修的公路通到了每一户门口，运输成本降了一大半。

　　村里还打算建一座冷库，村支书在会上算了一笔账，有了冷库，果子就能存到春节，价钱

建起来以后能翻一番。他接着说：

　　今年全村果品收入预计达到一千二百万元，比去年增长三成。

　　村党支部书记说，下一步要发展乡村旅游，让更多的游客走进山村。
"""


def test_the_line_after_a_column_break_does_not_swallow_the_next_paragraph() -> None:
    """Issue 15: a copy of the web edition indents every line, headlines too; a sentence
    goes on unindented after a column break and ends the paragraph in a colon. The next,
    indented paragraph is a paragraph of its own (it was joined: 5 paragraphs became 4)."""
    result = run(_WEB_COPY)
    (story,) = [a for _, a in result.issue.articles()]
    assert paragraphs(story) == [
        "清晨，山村里的雾气还没有散去，村民们已经在果园里忙碌起来。",
        "今年春天，村里新修的公路通到了每一户门口，运输成本降了一大半。",
        "村里还打算建一座冷库，村支书在会上算了一笔账，有了冷库，果子就能存到春节，价钱"
        "建起来以后能翻一番。他接着说：",
        "今年全村果品收入预计达到一千二百万元，比去年增长三成。",
        "村党支部书记说，下一步要发展乡村旅游，让更多的游客走进山村。",
    ]
    guesses = {g.line: g.message for g in result.guesses}
    assert "column break" in guesses[14]
    assert "new paragraph (indented)" in guesses[16]


def test_a_copy_indenting_every_wrapped_line_is_still_joined() -> None:
    """Where every line of hard-wrapped text is indented, the indent says nothing."""
    lines = [
        "清晨，山村里的雾气还没有散去，村民们已经在",
        "果园里忙碌起来。今年春天，村里新修的公路通到",
        "了每一户门口，运输成本一下子降了一大半，村",
        "民们高兴地说，这条路修到了大家的心坎上。",
        "村里还建起了冷库，果子可以存到春节再卖，价",
        "钱翻了一番，村民们的腰包一年比一年鼓起来。",
        "村党支部书记说，下一步要发展乡村旅游，让更",
        "多的游客走进山村，看看这里的新变化、新面貌。",
    ]
    page = "山乡换新颜\n本报记者  李  明\n" + "".join(f"　　{line}\n" for line in lines)
    (story,) = articles(page)
    assert len(paragraphs(story)) == 3


# -- --explain -------------------------------------------------------------------------


def test_explain_says_which_lines_became_which_field() -> None:
    page = (
        "第06版：代表委员\n\n　　代表之声\n\n"
        "　　本版今起推出系列访谈，听听基层的声音。\n　　——编  者\n\n"
        "　　让山村学校留住好老师（在现场）\n　　全国人大代表  李  明\n\n"
        "　　我在山区的一所小学教书已经整整二十年了，这些年来我心里最大的一个心愿就是\n\n"
        "让好老师留得住。\n"
        "　　这几年，乡村教师的待遇提高了。\n　　（本报记者  王  沛采访整理）\n"
    )
    result = run(page)
    (story,) = [a for _, a in result.issue.articles()]
    assert result.trace[story.id] == (
        (3, 3, "column of the pieces"),
        (5, 6, "note: 本版今起推出系列访谈，听听基层的…"),
        (8, 8, "headline"),
        (8, 8, "label: 在现场"),
        (9, 9, "byline"),
        (11, 13, "paragraph: 我在山区的一所小学教书已经整整二…"),
        (14, 14, "paragraph: 这几年，乡村教师的待遇提高了。"),
        (15, 15, "credits"),
    )
    shown = format_explain(result)
    assert shown[1] == f"  让山村学校留住好老师   (id {story.id}, section 代表委员)"
    assert "    lines 11-13   paragraph: 我在山区的一所小学教书已经整整二…" in shown


# -- found by scoring pages the importer had not seen (tests/data/import_pages) ---------


def test_the_pages_editors_are_no_credits_of_the_last_story() -> None:
    result = run(
        "　　社区食堂暖人心\n\n　　本报记者  周  宁\n\n"
        "　　社区食堂开到了家门口，老人们吃饭不再发愁。\n\n"
        "　　《 人民日报 》（ 2025年03月05日   第 04 版）\n\n"
        "　　本版责编：张  明　李  华　版式设计：王  蕾\n"
    )
    (story,) = [a for _, a in result.issue.articles()]
    assert story.credits == ()
    assert [(g.line, g.message) for g in result.left_out] == [
        (9, "the page's editors, not the story's credits")
    ]


@pytest.mark.parametrize(
    ("group", "kicker", "headline"),
    [
        # a kicker in two parts over a headline in one
        (
            "坚持创新驱动　培育发展新动能\n\n　　沿海港口吞吐量稳步增长",
            "坚持创新驱动 培育发展新动能",
            "沿海港口吞吐量稳步增长",
        ),
        # the series label goes with the headline: the line above it is the kicker
        ("返乡青年带回新产业\n\n　　山乡年味浓【新春走基层】", "返乡青年带回新产业", "山乡年味浓"),
    ],
)
def test_kicker_above_the_headline(group: str, kicker: str, headline: str) -> None:
    (story,) = articles(
        f"　　{group}\n\n　　——今年前五个月运量同比增长\n\n"
        "　　本报北京6月11日电  （记者  孙  立）记者从有关部门获悉，运量稳步增长。\n"
    )
    assert (story.kicker, story.headline) == (kicker, headline)
    assert story.subheadline == "——今年前五个月运量同比增长"


def test_two_headline_lines_without_a_kicker_are_still_one_headline() -> None:
    (story,) = articles(
        "　　加快发展新质生产力\n　　扎实推进高质量发展\n\n　　本报记者  王  沛\n\n"
        "　　走进产业园，机械臂挥舞，生产线高速运转。\n"
    )
    assert (story.kicker, story.headline) == (None, "加快发展新质生产力 扎实推进高质量发展")


def test_a_line_opening_a_quotation_it_does_not_close_is_no_subhead() -> None:
    """The quotation goes on after a column break, past a column label dropped there."""
    (story,) = articles(
        "“家门口”就业服务站覆盖所有社区\n\n本报讯(记者 王军) 服务站已覆盖所有城市社区。\n\n"
        "服务站每周定期发布用工信息。\n\n“以前找工作要跑人才市场,现在在社区就能\n\n民生实事\n\n"
        "办好。”市民刘女士说。\n\n下一步,该局将提升就业服务质量。\n"
    )
    assert story.column == "民生实事"
    assert [b for b in story.body if isinstance(b, Subhead)] == []
    assert paragraphs(story)[2] == "“以前找工作要跑人才市场,现在在社区就能办好。”市民刘女士说。"


def test_a_full_wrapped_line_ending_a_sentence_goes_on_where_paragraphs_are_indented() -> None:
    """PDF copy: every line 20 characters, paragraphs indented. A full line that happens to
    end in a full stop is followed by an unindented line: the same paragraph."""
    page = (
        "守护候鸟迁徙路\n本报记者  姜  峰\n"
        "　　清晨五点，东滩湿地的芦苇荡里还笼着一\n"
        "层薄雾，巡护队员老周已经背上望远镜出发了。\n"
        "每年这个时候，成千上万只候鸟在这里停歇补\n"
        "给，巡护队要把每一片滩涂都走一遍。\n"
        "　　“鸟儿认地方，哪里安全它们就往哪里去。”\n"
        "老周说，十多年前，滩涂上还常见捕鸟的网，\n"
        "如今这样的事情已经很少见了。\n"
        "　　巡护队成立之初只有三个人，靠着一辆旧\n"
        "摩托车巡查几十公里的海岸线。后来，附近村\n"
        "里的年轻人陆续加入，队伍扩大到了二十多人，\n"
        "还配上了无人机和红外相机。\n"
        "　　今年春天，巡护队和当地学校合作开设了\n"
        "“湿地课堂”，孩子们跟着队员一起观鸟、记录，\n"
        "把保护候鸟的故事讲给家里人听。\n"
    )
    (story,) = articles(page)
    found = paragraphs(story)
    assert len(found) == 4
    assert found[0].endswith(
        "出发了。每年这个时候，成千上万只候鸟在这里停歇补给，巡护队要把每一片滩涂都走一遍。"
    )
    assert found[1].startswith("“鸟儿认地方，哪里安全它们就往哪里去。”老周说")
