"""paperread import: raw page text → a format-1 issue (reader.importer).

Every page text here is written for these tests (the seed page is the
project's own sample); each rule is tried in simplified and traditional
script and with half- and full-width brackets where the press uses both.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.importer import (
    ImportFailed,
    ImportResult,
    article_id,
    decode_page,
    format_report,
    import_bytes,
    import_page,
)
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Article, Credit, Note, Paragraph, Photo, Subhead

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "import"
SEED = DATA / "seed-page.txt"
EXPECTED = DATA / "seed-page.expected.json"
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"


def run(text: str, **kw: object) -> ImportResult:
    return import_page(text, "page.txt", **kw)  # type: ignore[arg-type]


def articles(text: str, **kw: object) -> list[Article]:
    return [a for _, a in run(text, **kw).issue.articles()]


def only(text: str) -> Article:
    found = articles(text)
    assert len(found) == 1, [a.headline for a in found]
    return found[0]


def credits(items: tuple[Credit, ...]) -> list[tuple[str | None, list[str]]]:
    return [(c.role, list(c.names)) for c in items]


def paragraphs(article: Article) -> list[str]:
    return [b.text for b in article.body if isinstance(b, Paragraph)]


def guessed_lines(result: ImportResult) -> set[int]:
    return {g.line for g in result.guesses}


# -- the seed page ---------------------------------------------------------------------


def structure(article: Article) -> dict[str, object]:
    return {
        "headline": article.headline,
        "kicker": article.kicker,
        "subheadline": article.subheadline,
        "column": article.column,
        "dateline": article.dateline,
        "byline": [{"role": c.role, "names": list(c.names)} for c in article.byline],
        "subheads": [b.text for b in article.body if isinstance(b, Subhead)],
        "paragraphs": sum(isinstance(b, Paragraph) for b in article.body),
        "photos": sum(isinstance(b, Photo) for b in article.body),
        "notes": sum(isinstance(b, Note) for b in article.body),
        "credits": [{"role": c.role, "names": list(c.names)} for c in article.credits],
    }


def test_fixture_is_the_sample_structure() -> None:
    """The expected structure is the hand-made sample's (kept in step with it)."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"]
    assert [structure(a) for _, a in load_issue(SAMPLE).articles()] == expected


def test_seed_page_reproduces_the_sample_structure() -> None:
    result = import_bytes(SEED.read_bytes(), str(SEED))
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"]
    got = [structure(a) for _, a in result.issue.articles()]
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs


def test_seed_page_text_is_the_samples_text() -> None:
    """Beyond structure: every paragraph reads exactly as in the hand-made sample."""
    mine = import_bytes(SEED.read_bytes(), "seed-page.txt").issue
    for (_, a), (_, b) in zip(load_issue(SAMPLE).articles(), mine.articles(), strict=True):
        assert a.body == b.body


def test_seed_page_report_and_guesses() -> None:
    result = import_bytes(SEED.read_bytes(), "seed-page.txt")
    assert result.issue.paper == "seed-page"
    assert result.issue.date is None
    assert any("paper named after the input file" in n for n in result.notes)
    # the column label printed inside a sentence, and the kickers told by their form
    assert {35, 51, 61, 73, 85} <= guessed_lines(result)
    report = "\n".join(format_report(result, "seed-page.txt"))
    assert "左中党建融合打造城区治理“新高地”" in report
    assert "通讯员 王秀梅 吴越" in report
    assert "line 35:" in report


def test_same_page_twice_gives_same_ids() -> None:
    first = import_bytes(SEED.read_bytes(), "a.txt").issue
    second = import_bytes(SEED.read_bytes(), "b.txt").issue
    assert [a.id for _, a in first.articles()] == [a.id for _, a in second.articles()]


def test_people_style_page() -> None:
    """An e-paper copy in the style of 人民日报 (text written for the test): two stories,
    indented paragraphs, a box, a photo, issue lines, the page's editors at the end."""
    result = import_bytes((DATA / "people-style-page.txt").read_bytes(), "people.txt")
    issue = result.issue
    assert (issue.paper, issue.date) == ("人民日报", dt.date(2025, 3, 5))
    assert [(s.title, s.page) for s in issue.sections] == [("要闻", "4")]
    first, second = (a for _, a in issue.articles())
    assert first.headline == "加快发展新质生产力 扎实推进高质量发展"
    assert first.dateline == "本报北京3月4日电"
    assert credits(first.byline) == [("本报记者", ["王沛"])]
    assert first.body[0] == Note(
        "各地立足实际，因地制宜发展新产业新业态，一批新项目相继落地。", "核心阅读"
    )
    assert Subhead("■ 新项目加速落地") in first.body
    assert Photo(caption="图①：工人在生产线上忙碌。", credit="新华社记者 李贺摄") in first.body
    assert (second.headline, second.subheadline) == (
        "让老年人乐享幸福晚年",
        "——多地探索社区养老服务新模式",
    )
    assert credits(second.byline) == [("本报记者", ["刘洋", "赵敏"])]
    assert len(paragraphs(second)) == 2


def test_taiwan_style_page() -> None:
    """A copy in the style of a Taiwanese paper's site (text written for the test)."""
    result = import_bytes((DATA / "taiwan-style-page.txt").read_bytes(), "taiwan.txt")
    issue = result.issue
    assert issue.language == "zh-Hant-TW"  # Taiwan's forms: the reader converts as tw
    assert (issue.paper, issue.date) == ("聯合報", dt.date(2024, 5, 3))
    found = [a for _, a in issue.articles()]
    assert [a.headline for a in found] == [
        "捷運新線試營運 首日湧入三萬人次",
        "老屋變身青年旅館",
        "颱風外圍環流 北部防豪雨",
    ]
    assert [a.dateline for a in found] == ["台北報導", "台南報導", "綜合報導"]
    assert credits(found[0].byline) == [("聯合報記者", ["林小華"])]
    assert Photo(caption="民眾搭乘捷運新線。", credit="記者林小華／攝影") in found[0].body
    assert Subhead("票價優惠 學生半價") in found[0].body
    assert credits(found[1].credits) == [("記者", ["王大同"])]


# -- story boundaries ------------------------------------------------------------------

PAGE = """\
市民公园完成改造
本报讯（记者 陈晓）经过半年施工，市民公园昨天重新开放。
园内新增了健身步道和儿童游乐区。

河道清淤工程启动
本报讯 记者昨天从市水务局获悉，城区河道清淤工程已经启动，
预计年底前完工。（李平）

图书馆延长开放时间
从下月起，市图书馆每天开放到晚上九点。
读者可以在网上预约座位。（完）

社区食堂受欢迎
本报讯 老城区的社区食堂开业一个月，每天接待老人三百多人次。
"""


def test_several_stories_on_a_page() -> None:
    found = articles(PAGE)
    assert [a.headline for a in found] == [
        "市民公园完成改造",
        "河道清淤工程启动",
        "图书馆延长开放时间",
        "社区食堂受欢迎",
    ]
    assert credits(found[0].byline) == [("记者", ["陈晓"])]
    assert paragraphs(found[1]) == [
        "记者昨天从市水务局获悉，城区河道清淤工程已经启动，预计年底前完工。"
    ]
    assert credits(found[1].credits) == [(None, ["李平"])]
    assert paragraphs(found[2])[-1] == "读者可以在网上预约座位。"
    assert found[3].dateline == "本报讯"


def test_story_after_a_photo_credit_and_an_issue_line() -> None:
    text = """\
春耕备耕忙
田间地头一片繁忙景象，农民们抢抓农时。
王明摄
《河畔日报》（2025年03月05日第 02 版）
夜市重新开张
老街夜市昨晚重新开张，吸引了不少市民。
"""
    found = articles(text)
    assert [a.headline for a in found] == ["春耕备耕忙", "夜市重新开张"]
    assert credits(found[0].credits) == [("摄", ["王明"])]


def test_text_before_any_headline_is_kept() -> None:
    result = run("这是上一版转来的文字，没有标题。\n\n新的一篇\n本报讯 正文从这里开始。\n")
    found = [a for _, a in result.issue.articles()]
    assert found[0].headline == "（无标题）"
    assert paragraphs(found[0]) == ["这是上一版转来的文字，没有标题。"]
    assert found[1].headline == "新的一篇"
    assert 1 in guessed_lines(result)


# -- the headline group ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kicker", "headline", "deck"),
    [
        # a kicker ending in ——, above the headline
        (
            "坚持不懈抓落实——\n城东新区建成十所学校\n本报讯 正文。",
            "坚持不懈抓落实——",
            "城东新区建成十所学校",
            None,
        ),
        # a kicker holding ——, printed under the headline by the page copy
        (
            "小河变清了\n在绿色发展理念指引下——美丽乡村巡礼\n本报讯 正文。",
            "在绿色发展理念指引下——美丽乡村巡礼",
            "小河变清了",
            None,
        ),
        # a deck opening with ——
        (
            "老厂房变身文化园\n——记一座城市的更新之路\n本报讯 正文。",
            None,
            "老厂房变身文化园",
            "——记一座城市的更新之路",
        ),
        # a kicker ending in a colon (traditional script)
        (
            "市長視察工地：\n捷運新線年底通車\n本報訊 內文。",
            "市長視察工地：",
            "捷運新線年底通車",
            None,
        ),
        # a "said" line above the quote that makes the headline
        (
            "市长在调研时强调\n把民生实事办好办实\n本报讯 正文。",
            "市长在调研时强调",
            "把民生实事办好办实",
            None,
        ),
        # a long two-part kicker above a short headline
        (
            "坚持以人民为中心 推动高质量发展取得新成效\n全年目标顺利实现\n本报讯 正文。",
            "坚持以人民为中心 推动高质量发展取得新成效",
            "全年目标顺利实现",
            None,
        ),
        # the name of a body above the headline
        (
            "市交通运输局\n公交线路优化调整 方便群众出行\n本报讯 正文。",
            "市交通运输局",
            "公交线路优化调整 方便群众出行",
            None,
        ),
        (
            "臺北市政府\n老舊公寓加裝電梯 補助再提高\n本報訊 內文。",
            "臺北市政府",
            "老舊公寓加裝電梯 補助再提高",
            None,
        ),
    ],
)
def test_kicker_headline_deck(
    text: str, kicker: str | None, headline: str, deck: str | None
) -> None:
    article = only(text)
    assert (article.kicker, article.headline, article.subheadline) == (kicker, headline, deck)


def test_headline_printed_over_two_lines() -> None:
    parallel = only("全面推进城乡融合发展\n奋力谱写乡村振兴新篇\n本报讯（记者 李明）正文。")
    assert parallel.headline == "全面推进城乡融合发展 奋力谱写乡村振兴新篇"
    assert parallel.kicker is None
    wrapped = only("关于进一步加强城市老旧小区改造工作的\n实施意见\n本报讯 正文。")
    assert wrapped.headline == "关于进一步加强城市老旧小区改造工作的实施意见"
    result = run("全面推进城乡融合发展\n奋力谱写乡村振兴新篇\n本报讯 正文。")
    assert 1 in guessed_lines(result)


@pytest.mark.parametrize(
    ("label_line", "column"),
    [
        ("（在现场）", "在现场"),
        ("(在現場)", "在現場"),
        ("【深阅读】", "深阅读"),
        ("优化营商环境进行时", "优化营商环境进行时"),
        ("人大代表风采", "人大代表风采"),
        ("系列：走进新时代", "系列：走进新时代"),
    ],
)
def test_column_label_in_the_headline_group(label_line: str, column: str) -> None:
    article = only(f"{label_line}\n车站里的温暖守候\n本报记者  刘  洋\n春运首日，车站里人来人往。")
    assert article.column == column
    assert article.headline == "车站里的温暖守候"


def test_column_label_dropped_into_a_sentence() -> None:
    text = """\
老街焕新颜
本报记者 周红
经过一年改造，老街的石板路修整一新，沿街店铺的招牌也统一了风格，游客数量比去年增加了

老城新貌

三成以上。商户们说，生意一天比一天好。
"""
    result = run(text)
    article = next(a for _, a in result.issue.articles())
    assert article.column == "老城新貌"
    assert paragraphs(article) == [
        "经过一年改造，老街的石板路修整一新，沿街店铺的招牌也统一了风格，游客数量比去年增加了"
        "三成以上。商户们说，生意一天比一天好。"
    ]
    assert 5 in guessed_lines(result)


# -- datelines and credits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "dateline", "byline", "first"),
    [
        (
            "本报讯(通讯员 王秀梅 吴越 记者 赵彦臻) 正文开始。",
            "本报讯",
            [("通讯员", ["王秀梅", "吴越"]), ("记者", ["赵彦臻"])],
            "正文开始。",
        ),
        ("本報訊（記者 林美玲）內文開始。", "本報訊", [("記者", ["林美玲"])], "內文開始。"),
        (
            "本报北京1月7日电  （记者张天培）正文开始。",
            "本报北京1月7日电",
            [("记者", ["张天培"])],
            "正文开始。",
        ),
        (
            "新华社北京1月7日电（记者 张三、李四）正文开始。",
            "新华社北京1月7日电",
            [("记者", ["张三", "李四"])],
            "正文开始。",
        ),
        ("【本市讯】正文开始。", "【本市讯】", [], "正文开始。"),
        (
            "（中央社記者邱小明桃園19日電）內文開始。",
            "中央社桃園19日電",
            [("記者", ["邱小明"])],
            "內文開始。",
        ),
        ("(中央社台北19日電)內文開始。", "中央社台北19日電", [], "內文開始。"),
        ("〔記者王小明／台北報導〕內文開始。", "台北報導", [("記者", ["王小明"])], "內文開始。"),
        ("据新华社电 正文开始。", "据新华社电", [], "正文开始。"),
        (
            "本报讯（特约通讯员 张晓静 通讯员 周玉鹏）正文开始。",
            "本报讯",
            [("特约通讯员", ["张晓静"]), ("通讯员", ["周玉鹏"])],
            "正文开始。",
        ),
    ],
)
def test_datelines(
    line: str, dateline: str, byline: list[tuple[str, list[str]]], first: str
) -> None:
    article = only(f"一则新闻的标题\n{line}\n")
    assert article.dateline == dateline
    assert credits(article.byline) == byline
    assert paragraphs(article)[0] == first


def test_body_text_that_merely_mentions_the_paper_is_no_dateline() -> None:
    article = only("一则新闻的标题\n本报记者近日从电力公司获悉，新线路已经投用。\n")
    assert article.dateline is None
    assert paragraphs(article) == ["本报记者近日从电力公司获悉，新线路已经投用。"]


@pytest.mark.parametrize(
    ("line", "byline", "dateline"),
    [
        ("本报记者 李娜", [("本报记者", ["李娜"])], None),
        ("本报记者  王  沛", [("本报记者", ["王沛"])], None),
        ("本报记者\u3000王\u3000沛", [("本报记者", ["王沛"])], None),
        ("本報記者 林美玲 通訊員 陳大同", [("本報記者", ["林美玲"]), ("通訊員", ["陳大同"])], None),
        ("聯合報 記者陳嘉寧／桃園機場報導", [("聯合報記者", ["陳嘉寧"])], "桃園機場報導"),
        ("聯合報 / 記者曾思儒／即時報導", [("聯合報記者", ["曾思儒"])], "即時報導"),
        ("記者林小華／高雄報導", [("記者", ["林小華"])], "高雄報導"),
        ("新华社记者 赵明", [("新华社记者", ["赵明"])], None),
        ("文/张小明", [("文", ["张小明"])], None),
    ],
)
def test_credit_lines(line: str, byline: list[tuple[str, list[str]]], dateline: str | None) -> None:
    article = only(f"一则新闻的标题\n{line}\n正文的第一段。\n")
    assert credits(article.byline) == byline
    assert article.dateline == dateline


def test_bracketed_credits_under_the_headline_are_the_byline() -> None:
    found = articles(
        "第一篇\n（记者 张三 通讯员 李四）\n第一段。\n第二段。\n第二篇\n(記者 林美玲)\n內文。\n"
    )
    assert [a.headline for a in found] == ["第一篇", "第二篇"]
    assert credits(found[0].byline) == [("记者", ["张三"]), ("通讯员", ["李四"])]
    assert credits(found[1].byline) == [("記者", ["林美玲"])]
    assert found[0].credits == ()


@pytest.mark.parametrize(
    ("ending", "closing"),
    [
        ("(弓晓波)", [(None, ["弓晓波"])]),
        ("（萨如拉 乌云毕力格）", [(None, ["萨如拉", "乌云毕力格"])]),
        (
            "（本报记者袁泉、琼达卓嘎，人民网记者吴雨仁、郝洁）",
            [("本报记者", ["袁泉", "琼达卓嘎"]), ("人民网记者", ["吴雨仁", "郝洁"])],
        ),
        ("（記者 林美玲、陳大同）", [("記者", ["林美玲", "陳大同"])]),
        ("（王  沛）", [(None, ["王沛"])]),
    ],
)
def test_closing_credits(ending: str, closing: list[tuple[str | None, list[str]]]) -> None:
    same_line = only(f"一则新闻的标题\n本报讯 第一段。\n最后一段。{ending}\n")
    own_line = only(f"一则新闻的标题\n本报讯 第一段。\n最后一段。\n{ending}\n")
    for article in (same_line, own_line):
        assert credits(article.credits) == closing
        assert paragraphs(article) == ["第一段。", "最后一段。"]


def test_brackets_that_are_not_credits_stay_in_the_text() -> None:
    article = only("一则新闻的标题\n本报讯 会议审议了条例。（草案）\n")
    assert article.credits == ()
    assert paragraphs(article) == ["会议审议了条例。（草案）"]


def test_a_mid_story_bracket_is_kept_when_the_story_goes_on() -> None:
    text = "一则新闻的标题\n本报讯 第一段。（李平）\n第二段还在继续，说明前面的括号不是结尾。\n"
    article = only(text)
    assert paragraphs(article)[0] == "第一段。（李平）"
    assert article.credits == ()


def test_byline_with_bullet_and_text_photo_roles() -> None:
    article = only("一则新闻的标题\n■本报记者 张三 见习记者 李四 文/图\n正文的第一段。\n")
    assert credits(article.byline) == [("本报记者", ["张三"]), ("见习记者", ["李四"])]


def test_wire_story_code_after_the_closing_credit() -> None:
    text = (
        "標題一則\n（中央社記者王小明台北3日電）內文第一段。\n"
        "內文最後一段。（編輯：張大同）1130503\n"
    )
    article = only(text)
    assert paragraphs(article) == ["內文第一段。", "內文最後一段。"]
    assert credits(article.credits) == [("編輯", ["張大同"])]


def test_hong_kong_style_bracketed_dateline() -> None:
    article = only("港鐵新線完成測試\n【明報專訊】港鐵新線昨日進行測試，預計年底通車。\n")
    assert article.dateline == "【明報專訊】"
    assert paragraphs(article) == ["港鐵新線昨日進行測試，預計年底通車。"]


def test_dateline_after_the_end_of_a_story_starts_an_untitled_one() -> None:
    text = "第一篇的標題\n本報訊 第一篇內文。\n（完）\n〔記者王小明／台北報導〕沒有標題的一則。\n"
    result = run(text)
    found = [a for _, a in result.issue.articles()]
    assert [a.headline for a in found] == ["第一篇的標題", "（無標題）"]
    assert found[1].dateline == "台北報導"
    assert 4 in guessed_lines(result)


def test_jump_lines_and_web_page_text_are_left_out() -> None:
    text = "一则新闻的标题\n本报讯 正文第一段。\n（下转第二版）\n"
    result = run(text)
    assert paragraphs(next(a for _, a in result.issue.articles())) == ["正文第一段。"]
    assert [g.line for g in result.left_out] == [3]
    cna = run("一則新聞\n本報訊 內文。\n您所瀏覽的新聞已過查詢時效。建議您加入付費會員。\n")
    assert paragraphs(next(a for _, a in cna.issue.articles())) == ["內文。"]


def test_hard_wrapped_text() -> None:
    """A PDF copy breaks every line at the column width: the lines are joined, and a
    wrapped line that happens to be short of punctuation is no subhead."""
    text = """\
城东新区建成十所学校
本报讯（记者 陈晓）今年秋季开学，城东
新区新建的十所学校全部投入使用，新增
学位一万多个，缓解了入学难的问题。
据了解，这些学校均按照省级标准建设
配备了现代化的教学设施和体育场馆，
受到家长的普遍欢迎。
河道清淤工程启动
本报讯 记者昨天从市水务局获悉，城区河
道清淤工程已经启动，预计年底前完工，
届时城区河道的水质将明显改善。
"""
    found = articles(text)
    assert [a.headline for a in found] == ["城东新区建成十所学校", "河道清淤工程启动"]
    assert paragraphs(found[0]) == [
        "今年秋季开学，城东新区新建的十所学校全部投入使用，新增学位一万多个，缓解了入学难的问题。",
        "据了解，这些学校均按照省级标准建设配备了现代化的教学设施和体育场馆，受到家长的普遍欢迎。",
    ]


def test_masthead_and_labelled_time_stamp() -> None:
    result = run("河畔晚报\n一则新闻的标题\n发布时间：2024-06-01 08:30\n本报讯 正文。\n")
    assert result.issue.paper == "河畔晚报"
    assert result.issue.date == dt.date(2024, 6, 1)
    assert next(a for _, a in result.issue.articles()).headline == "一则新闻的标题"


# -- photos, notes, subheads -----------------------------------------------------------


def test_photo_caption_and_credit() -> None:
    text = """\
湿地迎来候鸟
本报讯 入冬以来，湿地公园迎来大批候鸟。
图为候鸟在湖面上嬉戏。
杨  丽摄（人民视觉）
管理处表示，将加强巡护。
"""
    article = only(text)
    photos = [b for b in article.body if isinstance(b, Photo)]
    assert photos == [Photo(caption="图为候鸟在湖面上嬉戏。", credit="杨丽摄（人民视觉）")]


def test_photo_credit_on_the_caption_line() -> None:
    text = "一則新聞的標題\n本報訊 內文第一段。\n民眾在廣場上排隊等候。 記者林小華／攝影\n內文。\n"
    article = only(text)
    assert Photo(caption="民眾在廣場上排隊等候。", credit="記者林小華／攝影") in article.body


def test_caption_between_headline_and_dateline() -> None:
    text = """\
倉庫深夜起火 無人受傷
高雄市一處倉庫昨晚起火，消防人員
迅速撲滅火勢。
（消防局提供）
（中央社記者林小華高雄20日電）高雄市一處倉庫昨晚起火，所幸無人受傷。
"""
    article = only(text)
    assert article.body[0] == Photo(
        caption="高雄市一處倉庫昨晚起火，消防人員迅速撲滅火勢。", credit="消防局提供"
    )
    assert article.dateline == "中央社高雄20日電"
    assert credits(article.byline) == [("記者", ["林小華"])]


def test_closing_photo_credit() -> None:
    article = only("一则新闻的标题\n正文的第一段。\n正文的最后一段。\n吴月丽摄\n")
    assert credits(article.credits) == [("摄", ["吴月丽"])]
    assert not any(isinstance(b, Photo) for b in article.body)


def test_editors_note() -> None:
    text = """\
小村来了新农人
编者按：乡村的变化，藏在普通人的故事里。本版今起推出系列报道。
敬请关注。——编者
本报讯（记者 王小红）在某县的一个小村子里，返乡青年办起了合作社。
"""
    article = only(text)
    notes = [b for b in article.body if isinstance(b, Note)]
    assert notes[0].label == "编者按"
    assert notes[-1].text.endswith("——编者")
    assert article.dateline == "本报讯"
    assert paragraphs(article) == ["在某县的一个小村子里，返乡青年办起了合作社。"]


def test_core_reading_box() -> None:
    for label in ("核心阅读", "核心閱讀", "【核心阅读】"):
        text = f"一则新闻的标题\n本报记者 王沛\n{label}\n一句话说清这篇报道的要点。\n正文第一段。\n"
        article = only(text)
        assert isinstance(article.body[0], Note)
        assert article.body[0].text == "一句话说清这篇报道的要点。"
        assert article.body[0].label == label.strip("【】")
        assert paragraphs(article) == ["正文第一段。"]


def test_subhead_in_a_story_without_credits_is_reported() -> None:
    result = run("一则新闻的标题\n第一段。\n小标题一则\n第二段。\n")
    article = next(a for _, a in result.issue.articles())
    assert Subhead("小标题一则") in article.body
    assert 3 in guessed_lines(result)


def test_subheads() -> None:
    text = """\
一则新闻的标题
本报讯 第一段。
守护一河清水
第二段。
樓梯吵架 抱起妻往下拋
第三段。
"""
    article = only(text)
    assert [b.text for b in article.body if isinstance(b, Subhead)] == [
        "守护一河清水",
        "樓梯吵架 抱起妻往下拋",
    ]


# -- paragraphs ------------------------------------------------------------------------


def test_paragraph_broken_across_columns_is_joined() -> None:
    text = "一则新闻的标题\n本报讯 这一段被分栏\n\n\n断开了，后半句在这里。\n下一段。\n"
    assert paragraphs(only(text)) == ["这一段被分栏断开了，后半句在这里。", "下一段。"]


def test_latin_words_joined_with_a_blank() -> None:
    text = "一则新闻的标题\n本报讯 the line breaks\nhere in a Latin phrase.\n"
    assert paragraphs(only(text)) == ["the line breaks here in a Latin phrase."]


def test_paragraphs_run_together_are_not_split() -> None:
    run_together = "第一段说完了。第二段紧接着开始，没有换行。第三段也是。"
    assert paragraphs(only(f"一则新闻的标题\n本报讯 {run_together}\n")) == [run_together]


def test_indented_paragraphs_are_trusted() -> None:
    """Where the copy indents every paragraph, an indent starts one even after a broken sentence."""
    first = "第一段写得很长很长，一直写到这一行的末尾也没有写完，最后没有句号"
    text = (
        f"一则新闻的标题\n\u3000\u3000{first}\n\u3000\u3000第二段。\n"
        "\u3000\u3000第三段。\n\u3000\u3000第四段。\n"
    )
    result = run(text)
    assert paragraphs(next(a for _, a in result.issue.articles()))[:2] == [first, "第二段。"]
    assert 3 in guessed_lines(result)


# -- the page's own facts --------------------------------------------------------------


def test_issue_line_gives_paper_date_and_page() -> None:
    text = "一则新闻的标题\n本报讯 正文。\n《人民日报》（2025年01月02日第 04 版）\n"
    result = run(text)
    assert result.issue.paper == "人民日报"
    assert result.issue.date == dt.date(2025, 1, 2)
    assert result.issue.sections[0].page == "4"
    assert result.issue.sections[0].title == "第4版"


def test_page_lines_make_sections() -> None:
    text = """\
第01版：要闻
头版的新闻
本报讯 头版正文。
第02版：综合
二版的新闻
本报讯 二版正文。
"""
    issue = run(text).issue
    assert [(s.title, s.page) for s in issue.sections] == [("要闻", "1"), ("综合", "2")]


def test_time_stamp_gives_the_date_and_is_no_body_text() -> None:
    article_text = "一則新聞的標題\n2019-03-18 23:59\n本報訊 內文。\n"
    result = run(article_text)
    assert result.issue.date == dt.date(2019, 3, 18)
    assert paragraphs(next(a for _, a in result.issue.articles())) == ["內文。"]


def test_options_override_the_page() -> None:
    text = "一则新闻的标题\n本报讯 正文。\n《人民日报》（2025年01月02日第 04 版）\n"
    result = run(text, paper="河畔晚报", date=dt.date(2026, 5, 9), section="要闻")
    assert result.issue.paper == "河畔晚报"
    assert result.issue.date == dt.date(2026, 5, 9)
    assert result.issue.sections[0].title == "要闻"


def test_language_is_detected() -> None:
    assert run("一则新闻的标题\n本报讯 这是简体字写的正文。\n").issue.language == "zh-Hans"
    assert run("一則新聞的標題\n本報訊 這是繁體字寫的內文。\n").issue.language == "zh-Hant"


# Texts written for these tests, each in one variant's forms.
TAIWAN = (
    "夜市裡的攤販正忙著準備，為了迎接週末的人潮。\n"
    "本報訊 市府表示，捷運新線將在明年通車，沿線居民對此抱著很大的期待。\n"
    "他們說，住在這裡的年輕人越來越多，通勤時間也因此縮短了不少。\n"
)
HONG_KONG = (
    "巴士站旁邊新開了一間茶餐廳，門外總是排着長隊。\n"
    "本報訊 區議會今日討論改善隧道的照明，裏面的行人路綫將重新規劃。\n"
    "街坊普遍表示支持，希望工程盡快完成，晚上回家時不用再摸黑走路。\n"
)
STANDARD = (
    "因爲羣衆的支持，村裏的工程進展順利。\n本報訊 這裏的工人喫住都在工地，看着大樓一天天長高。\n"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [(TAIWAN, "zh-Hant-TW"), (HONG_KONG, "zh-Hant-HK"), (STANDARD, "zh-Hant")],
)
def test_taiwan_and_hong_kong_text_is_tagged_as_such(text: str, language: str) -> None:
    """Issue 13.5: so the reader gets the 臺灣/香港 variants, not plain 繁體."""
    assert run("一則新聞的標題\n" + text).issue.language == language


# -- blanks and line ends --------------------------------------------------------------


def test_blanks_and_line_ends() -> None:
    lf = "一则\u3000\u3000新闻的标题\n本报讯  正文\u00a0第一段。\n正文第二段。\n"
    expected = run(lf).issue
    headline = next(expected.articles())[1].headline
    assert headline == "一则 新闻的标题"
    for variant in (lf.replace("\n", "\r\n"), lf.replace("\n", "\r")):
        assert run(variant).issue == expected


# -- ids -------------------------------------------------------------------------------


def test_ids_are_stable_and_unique() -> None:
    assert article_id("朝克吐:一腔赤诚 不负青山") == article_id("朝克吐：一腔赤诚  不负青山")
    assert article_id("NBA新人创纪录").startswith("nba-")
    found = articles("同一个标题\n本报讯 第一篇。\n（完）\n同一个标题\n本报讯 第二篇。\n")
    assert [a.id for a in found] == [found[0].id, f"{found[0].id}-2"]


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\u3000\n".encode()])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(ImportFailed, match="no article found"):
        import_bytes(data, "empty.txt")


def test_binary_input() -> None:
    with pytest.raises(ImportFailed, match="binary"):
        import_bytes(bytes(range(256)) * 20, "x.bin")
    with pytest.raises(ImportFailed, match="binary"):
        import_bytes(bytes(range(1, 32)) * 200, "x.bin")


def test_legacy_encodings_are_detected() -> None:
    simplified = "一则新闻的标题\n本报讯（记者 李明）这是一段正文，说的是城市的新变化。\n"
    traditional = "一則新聞的標題\n本報訊（記者 林美玲）這是一段內文，說的是城市的新變化。\n"
    for text, codec in ((simplified, "gb18030"), (traditional, "big5")):
        result = import_bytes(text.encode(codec), "legacy.txt")
        assert result.encoding == codec
        assert result.issue == import_page(text, "legacy.txt").issue
        assert any("not UTF-8" in n for n in result.notes)
    wide = import_bytes(simplified.encode("utf-16-le"), "wide.txt")
    assert wide.issue == import_page(simplified, "wide.txt").issue


def test_explicit_encoding() -> None:
    text, used, note = decode_page("標題".encode("big5"), "big5")
    assert (text, used, note) == ("標題", "big5", None)
    with pytest.raises(ImportFailed, match="not valid"):
        decode_page(b"\xff\xfe\xfd", "utf-8")


def test_undecodable_input_names_the_option() -> None:
    with pytest.raises(ImportFailed, match="--encoding"):
        import_bytes(b"\xff\xff\xff abc \xff", "bad.txt")


def test_one_megabyte_line() -> None:
    line = "这是一段很长的文字，没有换行，也没有标题。" * 50_000
    result = import_page(line, "long.txt")
    article = next(a for _, a in result.issue.articles())
    assert paragraphs(article) == [line]
    assert any("no headline" in g.message for g in result.guesses)


def test_headline_without_story_is_no_article() -> None:
    with pytest.raises(ImportFailed, match="no article found"):
        run("只有一个标题\n")


# -- any text at all -------------------------------------------------------------------

_PIECES = [
    "标题",
    "本报讯",
    "本報訊",
    "（记者 张三）",
    "(通讯员 王 五)",
    "吴月丽摄",
    "——",
    "——编者",
    "编者按：",
    "核心阅读",
    "图为",
    "。",
    "，",
    "（完）",
    "《人民日报》（2025年01月02日第 04 版）",
    "第04版：要闻",
    "2019-03-18 23:59",
    "記者陳嘉寧／攝影",
    "\u3000",
    " ",
    "\n",
    "\r\n",
    "\r",
    "#",
    ": ",
    "- ",
    '"',
    "'",
    "NO",
    "010",
    "12:30:00",
    "[",
    "{",
    "&a",
    "*a",
    "\x1b[31m",
    "\u202e",
    "\ufffe",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=40))
def test_any_text_imports_or_fails_clearly(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        result = import_page(text, "any.txt")
    except ImportFailed as error:
        message = str(error)
        assert message and "\n" not in message
        return
    again = parse_issue(result.yaml_text, "any.yaml")
    assert again == result.issue
    assert result.issue.article_count() >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_import_or_fail_clearly(data: bytes) -> None:
    try:
        result = import_bytes(data, "any.bin")
    except ImportFailed as error:
        assert str(error) and "\n" not in str(error)
        return
    assert parse_issue(result.yaml_text, "any.yaml") == result.issue


# -- the domain stays light ------------------------------------------------------------


def test_importer_does_not_import_textual() -> None:
    code = (
        "import sys, reader.importer, reader.cli.import_page; "
        "print(','.join(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_import_cli_module_is_light() -> None:
    code = (
        "import sys, reader.cli.import_page; "
        "print('yaml' in sys.modules, 'reader.importer' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
