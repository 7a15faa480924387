"""Structure of the bundled sample issue, issues/tongliao-sample.yaml.

The file is read with ``yaml.safe_load`` and its raw structure checked against
the page it was made from (format 1, see the project's issue-format document).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

SAMPLE = Path(__file__).parents[2] / "issues" / "tongliao-sample.yaml"

HEADLINES = [
    "左中党建融合打造城区治理“新高地”",
    "朝克吐:一腔赤诚 不负青山",
    "推进电子保函使用 助力企业纾困解难",
    "以落实审计整改 提升审计质量",
    "倡导低碳办公 践行绿色新风尚",
    "途经列车 已恢复通行14对",
    "各方合力解难题 蔬菜滞销农户急",
]

# ASCII test ids for the parametrized tests (the file's own ids are checked in test_ids).
CASE_IDS = ["dangjian", "chaoketu", "baohan", "shenji", "ditan", "lieche", "shucai"]

# headline -> (kicker, column, dateline, byline as [(role, [names])])
TOP_MATTER: dict[str, tuple[str | None, str | None, str | None, list[tuple[str, list[str]]]]] = {
    HEADLINES[0]: (
        "在习近平新时代中国特色社会主义思想指引下——新时代新作为新篇章",
        None,
        "本报讯",
        [("通讯员", ["王秀梅", "吴越"]), ("记者", ["赵彦臻"])],
    ),
    HEADLINES[1]: (None, "人大代表风采", None, [("本报记者", ["李娜"])]),
    HEADLINES[2]: (
        "霍市公共资源交易中心",
        "优化营商环境进行时",
        "本报讯",
        [("特约通讯员", ["张晓静"]), ("通讯员", ["周玉鹏"])],
    ),
    HEADLINES[3]: ("市审计局", None, "本报讯", []),
    HEADLINES[4]: (
        "国网开鲁县供电公司",
        None,
        "本报讯",
        [("记者", ["李娜"]), ("通讯员", ["李秀侠"])],
    ),
    HEADLINES[5]: ("科左后旗", None, "本报讯", []),
    HEADLINES[6]: (None, None, None, []),
}

# headline -> (role or None, [names]) for each closing credit
CREDITS: dict[str, list[tuple[str | None, list[str]]]] = {
    HEADLINES[0]: [],
    HEADLINES[1]: [],
    HEADLINES[2]: [],
    HEADLINES[3]: [(None, ["弓晓波"])],
    HEADLINES[4]: [],
    HEADLINES[5]: [(None, ["萨如拉", "乌云毕力格"])],
    HEADLINES[6]: [("摄", ["吴月丽"])],
}

PARAGRAPH_COUNTS = {
    HEADLINES[0]: 4,
    HEADLINES[1]: 8,
    HEADLINES[2]: 2,
    HEADLINES[3]: 4,
    HEADLINES[4]: 4,
    HEADLINES[5]: 3,
    HEADLINES[6]: 4,
}

CHAOKETU_SUBHEADS = [
    "以履职为重点 贡献“绿色”智慧",
    "以林海为底色 用青春换青山",
    "以坚守为信念 践行初心使命",
]

# headline -> text that the page copy broke across columns and the file joins again
JOINED = [
    (HEADLINES[0], "思想引领、组织引领和工作引领"),
    (HEADLINES[0], "旗人民医院着力构建科学管理体系"),
    (HEADLINES[1], "成活率不到50%,森林覆盖率仅为7%"),
    (HEADLINES[1], "科尔沁沙地“双千万亩”综合治理工程"),
]

# Structural text that must have been moved out of the body into its own field.
NOT_IN_BODY = [
    "人大代表风采",
    "本报讯",
    "本报记者",
    "通讯员",
    "(弓晓波)",
    "萨如拉",
    "吴月丽摄",
    "优化营商环境进行时",
]


@pytest.fixture(scope="module")
def issue() -> dict[str, Any]:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def articles(issue: dict[str, Any]) -> list[dict[str, Any]]:
    return [article for section in issue["sections"] for article in section["articles"]]


@pytest.fixture(scope="module")
def by_headline(articles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {article["headline"]: article for article in articles}


def paragraphs(article: dict[str, Any]) -> list[str]:
    return [block for block in article["body"] if isinstance(block, str)]


def subheads(article: dict[str, Any]) -> list[str]:
    return [block["subhead"] for block in article["body"] if isinstance(block, dict)]


def credit_tuple(credit: str | dict[str, Any]) -> tuple[str | None, list[str]]:
    """A credit as (role, names); the shorthand ``- 弓晓波`` means ``{names: [弓晓波]}``."""
    if isinstance(credit, str):
        return None, [credit]
    assert set(credit) <= {"role", "names"}
    return credit.get("role"), credit["names"]


def test_top_level(issue: dict[str, Any]) -> None:
    assert issue["paperread"] == 1
    assert issue["paper"] == "通辽地方新闻（样张）"
    assert issue["language"] == "zh-Hans"
    assert isinstance(issue["source"], str)
    assert issue["source"]
    # The page prints no masthead date and no edition: the file claims none.
    assert "date" not in issue
    assert "edition" not in issue
    allowed = {"paperread", "paper", "language", "source", "sections"}
    assert {key for key in issue if not key.startswith("x-")} <= allowed


def test_header_comment() -> None:
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")


def test_one_section(issue: dict[str, Any]) -> None:
    assert len(issue["sections"]) == 1
    section = issue["sections"][0]
    assert section["title"] == "要闻"
    assert "page" not in section


def test_headlines_in_page_order(articles: list[dict[str, Any]]) -> None:
    assert [article["headline"] for article in articles] == HEADLINES


def test_ids(articles: list[dict[str, Any]]) -> None:
    ids = [article["id"] for article in articles]
    assert len(set(ids)) == len(ids)
    for article_id in ids:
        assert isinstance(article_id, str)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", article_id), article_id
    # The ids the design example gives.
    assert ids[0] == "zuozhong-dangjian-ronghe"
    assert ids[1] == "chaoketu"
    assert ids[6] == "shucai-zhixiao"


def test_article_keys(articles: list[dict[str, Any]]) -> None:
    allowed = {
        "id",
        "headline",
        "kicker",
        "subheadline",
        "column",
        "dateline",
        "byline",
        "body",
        "credits",
    }
    for article in articles:
        assert {key for key in article if not key.startswith("x-")} <= allowed
        assert article["body"], article["headline"]
        for block in article["body"]:
            assert isinstance(block, str) or set(block) == {"subhead"}


@pytest.mark.parametrize("headline", HEADLINES, ids=CASE_IDS)
def test_top_matter(by_headline: dict[str, dict[str, Any]], headline: str) -> None:
    article = by_headline[headline]
    kicker, column, dateline, byline = TOP_MATTER[headline]
    assert article.get("kicker") == kicker
    assert article.get("column") == column
    assert article.get("dateline") == dateline
    assert [credit_tuple(credit) for credit in article.get("byline", [])] == byline


@pytest.mark.parametrize("headline", HEADLINES, ids=CASE_IDS)
def test_credits(by_headline: dict[str, dict[str, Any]], headline: str) -> None:
    article = by_headline[headline]
    assert [credit_tuple(credit) for credit in article.get("credits", [])] == CREDITS[headline]


@pytest.mark.parametrize("headline", HEADLINES, ids=CASE_IDS)
def test_paragraph_count(by_headline: dict[str, dict[str, Any]], headline: str) -> None:
    assert len(paragraphs(by_headline[headline])) == PARAGRAPH_COUNTS[headline]


def test_subheads(by_headline: dict[str, dict[str, Any]]) -> None:
    for headline in HEADLINES:
        expected = CHAOKETU_SUBHEADS if headline == HEADLINES[1] else []
        assert subheads(by_headline[headline]) == expected


def test_chaoketu_body_order(by_headline: dict[str, dict[str, Any]]) -> None:
    body = by_headline[HEADLINES[1]]["body"]
    kinds = ["s" if isinstance(block, dict) else "p" for block in body]
    assert kinds == ["p", "s", "p", "p", "s", "p", "p", "s", "p", "p", "p"]


@pytest.mark.parametrize(
    ("headline", "text"),
    JOINED,
    ids=["sixiang-zuzhi", "yiyuan-goujian", "chenghuolv", "shuang-qianwan"],
)
def test_broken_paragraphs_joined(
    by_headline: dict[str, dict[str, Any]], headline: str, text: str
) -> None:
    matches = [p for p in paragraphs(by_headline[headline]) if text in p]
    assert len(matches) == 1, text


def test_structural_text_not_left_in_body(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        for paragraph in paragraphs(article):
            for text in NOT_IN_BODY:
                assert text not in paragraph, (article["id"], text)
            assert paragraph == paragraph.strip()
            assert "\n" not in paragraph


def test_first_paragraphs_start_after_dateline(by_headline: dict[str, dict[str, Any]]) -> None:
    starts = {
        HEADLINES[0]: "科左中旗坚持抓党建",
        HEADLINES[1]: "在科左后旗阿古拉镇",
        HEADLINES[2]: "投标保证金对投标企业",
        HEADLINES[3]: "为提高审计质量",
        HEADLINES[4]: "自开展绿色机关创建以来",
        HEADLINES[5]: "目前,在科左后旗甘旗卡火车站",
        HEADLINES[6]: "不久前,开鲁县开鲁镇",
    }
    for headline, start in starts.items():
        assert paragraphs(by_headline[headline])[0].startswith(start)


def test_last_paragraphs_end_without_credit(by_headline: dict[str, dict[str, Any]]) -> None:
    assert paragraphs(by_headline[HEADLINES[3]])[-1].endswith("不断提升审计整改工作实效。")
    assert paragraphs(by_headline[HEADLINES[5]])[-1].endswith("当好健康第一责任人。")
    assert paragraphs(by_headline[HEADLINES[6]])[-1].endswith("已销售一空。")


def test_text_kept_as_printed(by_headline: dict[str, dict[str, Any]]) -> None:
    # Half-width punctuation and the page's own typo are kept, not "fixed".
    first = paragraphs(by_headline[HEADLINES[0]])
    assert any("扎实推进推进组织建设工作" in p for p in first)
    assert first[0].startswith("科左中旗坚持抓党建、抓治理、抓服务,高标准")
