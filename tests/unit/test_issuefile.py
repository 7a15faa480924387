"""Loading and validating issue files (reader.issue.load, reader.issue.validate).

Every test runs twice: with libyaml's loader and with the pure-Python fallback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import textwrap
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reader.issue import load as issuefile
from reader.issue.dump import issue_to_dict
from reader.issue.load import IssueFileError, Problem, load_issue, parse_issue
from reader.issue.model import Credit, Note, Paragraph, Photo, Subhead
from reader.issue.validate import build_issue

DATA = Path(__file__).resolve().parents[1] / "data"
F = "t.yaml"

MINIMAL = """\
paperread: 1
paper: 测试晚报
sections:
  - title: 要闻
    articles:
      - id: first-story
        headline: 第一条新闻
        body:
          - 第一段。
"""
# Where each line of MINIMAL's article sits, for exact positions below.
ARTICLE = "sections[0].articles[0]"


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run each test with the C loader and with the pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(issuefile, "_Loader", issuefile._PureLoader)
    elif not yaml.__with_libyaml__:  # pragma: no cover
        pytest.skip("PyYAML without libyaml")
    yield request.param


def problems(data: str | bytes, filename: str = F) -> list[str]:
    """The problems parse_issue reports, as printed."""
    with pytest.raises(IssueFileError) as caught:
        parse_issue(data, filename)
    error = caught.value
    assert str(error) == "\n".join(str(p) for p in error.problems)
    return [str(p) for p in error.problems]


def one_problem(data: str | bytes, filename: str = F) -> str:
    found = problems(data, filename)
    assert len(found) == 1, found
    return found[0]


def with_article(lines: str) -> str:
    """MINIMAL with the article's lines (after the id line) replaced."""
    head = MINIMAL.split("        headline:")[0]
    return head + lines


# --- good files -----------------------------------------------------------------


def test_minimal_file() -> None:
    issue = parse_issue(MINIMAL, "minimal.yaml")
    assert issue.paper == "测试晚报"
    assert issue.path == "minimal.yaml"
    assert issue.format == 1
    assert issue.date is None
    [section] = issue.sections
    assert section.title == "要闻" and section.page is None
    [article] = section.articles
    assert article.id == "first-story"
    assert article.headline == "第一条新闻"
    assert article.body == (Paragraph("第一段。"),)
    assert article.byline == () and article.credits == ()


def test_full_file() -> None:
    issue = load_issue(DATA / "good" / "full.yaml")
    assert issue.path == str(DATA / "good" / "full.yaml")
    assert issue.date == dt.date(2026, 5, 9)
    assert (issue.edition, issue.language) == ("第1234期", "zh-Hans")
    assert issue.source == "版面文字稿（测试用）"
    assert [s.page for s in issue.sections] == ["01", "12"]  # as printed
    article = issue.sections[0].articles[0]
    assert article.column == "城建新闻"
    assert article.kicker == "历时三年建设——"
    assert article.subheadline == "两岸通行时间缩短二十分钟"
    assert article.dateline == "本报讯"
    assert article.byline == (
        Credit(names=("林小河", "陈一舟"), role="记者"),
        Credit(names=("王东",), role="通讯员"),  # names given as one string
    )
    assert article.credits == (Credit(names=("张编辑",)), Credit(names=("林小河",), role="摄"))
    assert article.body == (
        Paragraph("今天上午，河畔大桥正式通车。"),
        Paragraph("大桥全长一千二百米，\n双向六车道。"),
        Subhead("市民：出行更方便了"),
        Photo(caption="通车首日的大桥", credit="林小河摄", file="photos/bridge.jpg"),
        Photo(),
        Note(text="大桥由本市设计院设计。", label="链接"),
        Note(text="没有标签的注释。"),
    )
    assert article.extensions == (("x-wordcount", 350),)
    assert issue.extensions == (("x-scanner", {"pages": [1, 2], "checked": dt.date(2026, 5, 10)}),)


def test_markup_like_text_is_kept_verbatim() -> None:
    issue = load_issue(DATA / "good" / "full.yaml")
    [article] = issue.sections[1].articles
    assert article.body == (
        Paragraph("Rowers from [twelve] clubs took part; [/] and [@click=app.quit]x[/] stay text."),
    )


def test_issue_to_dict() -> None:
    issue = load_issue(DATA / "good" / "full.yaml")
    data = issue_to_dict(issue)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert list(data) == [
        "paperread", "paper", "date", "edition", "language", "source", "sections", "x-scanner"
    ]  # fmt: skip
    assert data["date"] == "2026-05-09"
    assert data["x-scanner"] == {"pages": [1, 2], "checked": "2026-05-10"}
    sections = data["sections"]
    assert isinstance(sections, list)
    article = sections[0]["articles"][0]
    assert article["byline"] == [
        {"role": "记者", "names": ["林小河", "陈一舟"]},
        {"role": "通讯员", "names": ["王东"]},
    ]
    assert article["credits"] == [{"names": ["张编辑"]}, {"role": "摄", "names": ["林小河"]}]
    assert article["body"] == [
        "今天上午，河畔大桥正式通车。",
        "大桥全长一千二百米，\n双向六车道。",
        {"subhead": "市民：出行更方便了"},
        {"photo": {"caption": "通车首日的大桥", "credit": "林小河摄", "file": "photos/bridge.jpg"}},
        {"photo": {}},
        {"note": "大桥由本市设计院设计。", "label": "链接"},
        {"note": "没有标签的注释。"},
    ]
    assert article["x-wordcount"] == 350
    assert sections[1] == {
        "title": "Sport",
        "page": "12",
        "articles": [
            {
                "id": "river-race-2026",
                "headline": "River race draws record crowd",
                "body": [
                    "Rowers from [twelve] clubs took part; [/] and [@click=app.quit]x[/] stay text."
                ],
            }
        ],
    }


def test_issue_to_dict_reloads_to_the_same_issue() -> None:
    issue = load_issue(DATA / "good" / "full.yaml")
    again = parse_issue(json.dumps(issue_to_dict(issue), ensure_ascii=False), "again.json")
    assert again == issue


def test_extension_values_are_json_safe() -> None:
    text = MINIMAL + "x-odd: [.nan, .inf, 2026-05-09 10:30:00, {1: one, null: none}, ~]\n"
    data = issue_to_dict(parse_issue(text, F))
    assert data["x-odd"] == [
        "nan",
        "inf",
        "2026-05-09T10:30:00",
        {"1": "one", "null": "none"},
        None,
    ]
    json.dumps(data, allow_nan=False)


def test_x_keys_are_accepted_at_every_level() -> None:
    text = """\
paperread: 1
paper: p
x-top: 1
sections:
  - title: t
    x-section: 2
    articles:
      - id: a
        headline: h
        x-article: 3
        byline: [{names: [n], x-credit: 4}]
        body:
          - {subhead: s, x-block: 5}
          - photo: {caption: c, x-photo: 6}
"""
    issue = parse_issue(text, F)
    assert issue.extensions == (("x-top", 1),)
    assert issue.sections[0].articles[0].extensions == (("x-article", 3),)


def test_text_is_trimmed_and_one_line_fields_are_joined() -> None:
    text = with_article(
        """\
        headline: "  两行\\n  标题\\t "
        kicker: ""
        column: "   "
        body:
          - "  第一段\\n第二行  "
          - |2
              缩进的段落
"""
    )
    article = parse_issue(text, F).sections[0].articles[0]
    assert article.headline == "两行 标题"
    assert article.kicker is None and article.column is None  # empty optional text
    assert article.body == (Paragraph("第一段\n第二行"), Paragraph("缩进的段落"))


def test_optional_keys_may_be_empty() -> None:
    text = MINIMAL.replace("paper: 测试晚报", "paper: 测试晚报\ndate:\nedition: ~\nsource:")
    text = text.replace("    articles:", "    page:\n    articles:")
    text += "        byline:\n        credits: []\n"
    issue = parse_issue(text, F)
    assert issue.date is None and issue.edition is None and issue.source is None
    assert issue.sections[0].page is None
    assert issue.sections[0].articles[0].byline == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-09", dt.date(2026, 5, 9)),
        ('"2026-05-09"', dt.date(2026, 5, 9)),
        ("'2024-02-29'", dt.date(2024, 2, 29)),
    ],
)
def test_dates(value: str, expected: dt.date) -> None:
    issue = parse_issue(MINIMAL + f"date: {value}\n", F)
    assert issue.date == expected


def test_utf8_bom_is_accepted() -> None:
    assert parse_issue(b"\xef\xbb\xbf" + MINIMAL.encode(), F).paper == "测试晚报"
    assert parse_issue("\ufeff" + MINIMAL, F).paper == "测试晚报"


def test_crlf_line_ends() -> None:
    text = MINIMAL + "          - |\n            两行\n            文字\n"
    issue = parse_issue(text.replace("\n", "\r\n").encode(), F)
    assert issue.sections[0].articles[0].body[1] == Paragraph("两行\n文字")
    bad = MINIMAL.replace("headline: 第一条新闻", "headline: no").replace("\n", "\r\n")
    assert one_problem(bad) == (
        f't.yaml:7:19: {ARTICLE}.headline: expected text, got a boolean (quote it: "no")'
    )


# --- cleaning -------------------------------------------------------------------

DIRTY = r"\e[2J\e]52;c;aGk=\a\0\u202e\x9b31m\u200b"


def test_escape_sequences_are_removed_from_every_text_field() -> None:
    def d(text: str) -> str:
        return f'"{DIRTY}{text}{DIRTY}"'

    text = f"""\
paperread: 1
paper: {d("报")}
edition: {d("第1期")}
language: {d("zh-Hans")}
source: {d("来源")}
x-ext: {{{d("key")}: {d("value")}}}
sections:
  - title: {d("要闻")}
    page: {d("1")}
    articles:
      - id: story
        headline: {d("标题")}
        kicker: {d("引题")}
        subheadline: {d("副题")}
        column: {d("栏目")}
        dateline: {d("本报讯")}
        byline: [{{role: {d("记者")}, names: [{d("甲")}, {d("乙")}]}}]
        credits: [{d("丙")}]
        body:
          - {d("段落")}
          - subhead: {d("小标题")}
          - photo: {{caption: {d("图")}, credit: {d("摄")}, file: {d("a.jpg")}}}
          - {{note: {d("注")}, label: {d("标签")}}}
        x-more: [{d("extension")}]
"""
    issue = parse_issue(text, F)
    dumped = json.dumps(issue_to_dict(issue), ensure_ascii=False)
    for char in dumped:
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs"), repr(char)
    assert issue.paper == "报"
    assert issue.language == "zh-Hans"
    assert issue.extensions == (("x-ext", {"key": "value"}),)
    article = issue.sections[0].articles[0]
    assert article.byline == (Credit(names=("甲", "乙"), role="记者"),)
    assert article.body[0] == Paragraph("段落")
    assert article.extensions == (("x-more", ["extension"]),)


def test_problem_messages_never_carry_controls() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", 'headlin\u202ee: "x"\n        "\\e]0;t\\a": 1')
    for line in problems(text):
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in line), repr(line)


def test_text_empty_after_cleaning_is_a_problem() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", r'headline: "\e[2J\u202e"')
    assert one_problem(text) == f"t.yaml:7:19: {ARTICLE}.headline: the text is empty"


def test_raw_control_characters_are_reported_where_they_are() -> None:
    text = MINIMAL.replace("第一段。", "第一段\x1b[2J。\x00")
    assert problems(text) == [
        "t.yaml:9:16: control character U+001B is not allowed in YAML; delete it from the file",
        "t.yaml:9:21: control character U+0000 is not allowed in YAML; delete it from the file",
    ]


def test_lone_surrogate_in_a_string() -> None:
    assert one_problem(MINIMAL + "x-a: \ud800\n") == (
        "t.yaml:10:6: lone surrogate U+D800 is not allowed in YAML; delete it from the file"
    )


# --- missing keys and wrong types -----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "key"),
    [
        ("paperread: 1\n", "", "1:1", "paperread"),
        ("paper: 测试晚报\n", "", "1:1", "paper"),
        ("  - title: 要闻\n    articles:", "  - articles:", "4:5: sections[0]", "title"),
        (
            "    articles:\n      - id",
            "    x-articles:\n      - id",
            "4:5: sections[0]",
            "articles",
        ),
        ("      - id: first-story\n        headline", "      - headline", f"6:9: {ARTICLE}", "id"),
        ("        headline: 第一条新闻\n", "", f"6:9: {ARTICLE}", "headline"),
        ("        body:\n", "        x-body:\n", f"6:9: {ARTICLE}", "body"),
    ],
)
def test_missing_required_key(old: str, new: str, where: str, key: str) -> None:
    text = MINIMAL.replace(old, new)
    assert text != MINIMAL
    hint = " (the format version: write paperread: 1)" if key == "paperread" else ""
    assert one_problem(text) == f"t.yaml:{where}: missing key '{key}'{hint}"


def test_missing_sections_and_body() -> None:
    assert one_problem("paperread: 1\npaper: p\n") == "t.yaml:1:1: missing key 'sections'"
    text = MINIMAL.split("        body:")[0]
    assert one_problem(text) == f"t.yaml:6:9: {ARTICLE}: missing key 'body'"


def test_missing_credit_names() -> None:
    text = MINIMAL + "        byline: [{role: 记者}]\n"
    assert one_problem(text) == f"t.yaml:10:18: {ARTICLE}.byline[0]: missing key 'names'"


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("paper: 测试晚报", "paper:", "t.yaml:2:7: paper: missing value"),
        ("paper: 测试晚报", "paper: ''", "t.yaml:2:8: paper: the text is empty"),
        (
            "title: 要闻",
            "title: [要闻]",
            "t.yaml:4:12: sections[0].title: expected text, got a list",
        ),
        (
            "headline: 第一条新闻",
            "headline: {a: b}",
            f"t.yaml:7:19: {ARTICLE}.headline: expected text, got a mapping",
        ),
        ("paperread: 1", "paperread:", "t.yaml:1:11: paperread: missing value"),
        (
            "paperread: 1",
            "paperread: '1'",
            "t.yaml:1:12: paperread: expected the format version, a whole number (1), got text",
        ),
        (
            "paperread: 1",
            "paperread: 1.0",
            "t.yaml:1:12: paperread: expected the format version, a whole number (1), got a number",
        ),
        (
            "sections:\n",
            "sections: {a: 1}\nx-was:\n",
            "t.yaml:3:11: sections: expected a list of sections, got a mapping",
        ),
        ("sections:\n", "sections:\nx-was:\n", "t.yaml:3:10: sections: missing value"),
        (
            "sections:\n",
            "sections: []\nx-was:\n",
            "t.yaml:3:11: sections: expected at least one section",
        ),
        (
            "articles:\n",
            "articles: 第一条\n    x-was:\n",
            "t.yaml:5:15: sections[0].articles: expected a list of articles, got text",
        ),
        (
            "articles:\n",
            "articles: []\n    x-was:\n",
            "t.yaml:5:15: sections[0].articles: expected at least one article",
        ),
        (
            "body:\n          - 第一段。",
            "body: 第一段。",
            f"t.yaml:8:15: {ARTICLE}.body: expected a list of blocks, got text",
        ),
        (
            "body:\n          - 第一段。",
            "body: []",
            f"t.yaml:8:15: {ARTICLE}.body: expected at least one block",
        ),
        ("- 第一段。", "- ", f"t.yaml:9:12: {ARTICLE}.body[0]: missing value"),
        ("- 第一段。", "- ''", f"t.yaml:9:13: {ARTICLE}.body[0]: the text is empty"),
    ],
)
def test_wrong_values(replace: str, by: str, expected: str) -> None:
    text = MINIMAL.replace(replace, by, 1)
    assert text != MINIMAL
    assert one_problem(text) == expected


def test_top_level_must_be_a_mapping() -> None:
    expected = "expected a mapping with the keys paperread, paper and sections"
    assert one_problem("- a\n- b\n") == f"t.yaml:1:1: {expected}, got a list"
    assert one_problem("Just some text.\n") == f"t.yaml:1:1: {expected}, got text"
    assert one_problem("42\n") == f"t.yaml:1:1: {expected}, got a number"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "  - 要闻\n",
            "t.yaml:4:5: sections[0]: "
            "expected a section (a mapping with title and articles), got text",
        ),
        (
            "  - title: 要闻\n    articles: [[1]]\n",
            "t.yaml:5:16: sections[0].articles[0]: "
            "expected an article (a mapping with id, headline and body), got a list",
        ),
    ],
)
def test_wrong_section_and_article_shapes(lines: str, expected: str) -> None:
    text = MINIMAL.split("  - title")[0] + lines
    assert one_problem(text) == expected


BLOCKS = "a paragraph (text), {subhead: …}, {photo: {caption: …}} or {note: …, label: …}"


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("[一, 二]", f"body[1]: expected a block: {BLOCKS}, got a list"),
        ("{}", f"body[1]: expected a block: {BLOCKS}, got a mapping"),
        (
            "{paragraph: 文字}",
            "body[1]: unknown key 'paragraph'; the keys allowed here are "
            "subhead, photo, note, label (and x-… extensions)",
        ),
        (
            "{subhead: 一, note: 二}",
            "body[1]: a block is one of subhead, photo or note, not subhead and note",
        ),
        ("{label: 编者按}", "body[1]: a label belongs to a note block: add note: …"),
        ("{subhead: [a]}", "body[1].subhead: expected text, got a list"),
        ("{subhead: }", "body[1].subhead: missing value"),
        ("{note: }", "body[1].note: missing value"),
        (
            "{photo: 图}",
            "body[1].photo: expected the photo's caption, credit and file as a mapping, got text",
        ),
        ("{photo: {caption: [a]}}", "body[1].photo.caption: expected text, got a list"),
        ("{photo: {captoin: a}}", "body[1].photo: unknown key 'captoin' (did you mean 'caption'?)"),
        ("{subhead: a, label: b}", "body[1]: a label belongs to a note block only"),
        ("2026", 'body[1]: expected text, got a number (quote it: "2026")'),
    ],
)
def test_wrong_blocks(block: str, expected: str) -> None:
    found = one_problem(MINIMAL + f"          - {block}\n")
    assert found.startswith("t.yaml:10:")
    assert found.split(": ", 1)[1] == f"{ARTICLE}.{expected}"


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        ("作者", "byline: expected a list of credits, got text"),
        ("[[a]]", "byline[0]: expected a credit: a name, or {role: …, names: […]}, got a list"),
        ("[{names: []}]", "byline[0].names: expected at least one name"),
        ("[{names: {a: b}}]", "byline[0].names: expected a list of names, got a mapping"),
        ("[{names: [a, [b]]}]", "byline[0].names[1]: expected text, got a list"),
        ("[{names: a, role: [x]}]", "byline[0].role: expected text, got a list"),
        ("[{name: a}]", "byline[0]: missing key 'names'"),
        ("[yes]", 'byline[0]: expected text, got a boolean (quote it: "yes")'),
    ],
)
def test_wrong_credits(credits: str, expected: str) -> None:
    found = problems(MINIMAL + f"        byline: {credits}\n")
    assert f"{ARTICLE}.{expected}" in [p.split(": ", 1)[1] for p in found]
    assert all(p.startswith("t.yaml:10:") for p in found)


# --- YAML 1.1 surprises ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("NO", "a boolean"),
        ("yes", "a boolean"),
        ("off", "a boolean"),
        ("010", "a number"),
        ("12:30:00", "a number"),
        ("3.14", "a number"),
        ("1.0e+3", "a number"),
        (".5", "a number"),
        ("2026-05-09", "a date"),
    ],
)
def test_yaml_surprises_where_text_is_expected(value: str, got: str) -> None:
    text = MINIMAL.replace("headline: 第一条新闻", f"headline: {value}")
    expected = f't.yaml:7:19: {ARTICLE}.headline: expected text, got {got} (quote it: "{value}")'
    assert one_problem(text) == expected
    quoted = MINIMAL.replace("headline: 第一条新闻", f'headline: "{value}"')
    assert parse_issue(quoted, F).sections[0].articles[0].headline == value


def test_page_may_be_a_number_kept_as_printed() -> None:
    text = MINIMAL.replace("    articles:", "    page: 007\n    articles:")
    assert parse_issue(text, F).sections[0].page == "007"
    text = MINIMAL.replace("    articles:", "    page: A3\n    articles:")
    assert parse_issue(text, F).sections[0].page == "A3"
    text = MINIMAL.replace("    articles:", "    page: true\n    articles:")
    assert one_problem(text) == (
        "t.yaml:5:11: sections[0].page: expected a page number or text, got a boolean"
    )


# --- unknown and duplicate keys -------------------------------------------------


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "paper: 测试晚报",
            "paper: 测试晚报\ndat: 2026-05-09",
            "t.yaml:3:1: unknown key 'dat' (did you mean 'date'?)",
        ),
        (
            "  - title: 要闻",
            "  - title: 要闻\n    pgae: 3",
            "t.yaml:5:5: sections[0]: unknown key 'pgae' (did you mean 'page'?)",
        ),
        (
            "headline: 第一条新闻",
            "headline: 第一条新闻\n        Kicker: 引题",
            f"t.yaml:8:9: {ARTICLE}: unknown key 'Kicker' (did you mean 'kicker'?)",
        ),
        (
            "headline: 第一条新闻",
            "headline: 第一条新闻\n        paper: 报",
            f"t.yaml:8:9: {ARTICLE}: unknown key 'paper' here; it belongs in the top level",
        ),
        (
            "headline: 第一条新闻",
            "headline: 第一条新闻\n        author: 某人",
            f"t.yaml:8:9: {ARTICLE}: unknown key 'author'; the keys allowed here are id, headline, "
            "kicker, subheadline, column, dateline, byline, body, credits, url "
            "(and x-… extensions)",
        ),
    ],
)
def test_unknown_keys(replace: str, by: str, expected: str) -> None:
    assert one_problem(MINIMAL.replace(replace, by)) == expected


def test_unknown_credit_key() -> None:
    text = MINIMAL + "        byline: [{role: 记者, name: [王]}]\n"
    found = problems(text)
    assert found == [
        f"t.yaml:10:18: {ARTICLE}.byline[0]: missing key 'names'",
        f"t.yaml:10:29: {ARTICLE}.byline[0]: unknown key 'name' (did you mean 'names'?)",
    ]


def test_duplicate_keys() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", "headline: 一\n        headline: 二")
    assert one_problem(text) == (
        f"t.yaml:8:9: {ARTICLE}: duplicate key 'headline' (first at t.yaml:7:9)"
    )


def test_merge_keys_are_refused() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", "headline: 一\n        <<: {kicker: 二}")
    assert one_problem(text) == f"t.yaml:8:9: {ARTICLE}: merge keys (<<) are not allowed"


# --- ids, dates, version --------------------------------------------------------


def test_duplicate_ids_name_both_places() -> None:
    text = MINIMAL + "      - id: first-story\n        headline: 又一条\n        body: [段落]\n"
    assert one_problem(text) == (
        "t.yaml:10:13: sections[0].articles[1].id: "
        "duplicate article id 'first-story' (first at t.yaml:6:13)"
    )


def test_duplicate_ids_across_sections() -> None:
    text = (
        MINIMAL
        + "  - title: 二\n    articles:\n      - {id: first-story, headline: h, body: [b]}\n"
    )
    assert one_problem(text).startswith(
        "t.yaml:12:14: sections[1].articles[0].id: duplicate article id 'first-story'"
    )


@pytest.mark.parametrize(
    ("bad", "example"),
    [
        ("First-Story", "first-story"),
        ("first_story", "first-story"),
        ("-first", "first"),
        ("first story!", "first-story"),
        ("头条", "city-council-vote"),
        ("über", "ber"),
    ],
)
def test_bad_ids(bad: str, example: str) -> None:
    text = MINIMAL.replace("id: first-story", f'id: "{bad}"')
    assert one_problem(text) == (
        f't.yaml:6:13: {ARTICLE}.id: invalid article id "{bad}": use lowercase letters a-z, '
        f"digits and '-', starting with a letter or digit, e.g. '{example}'"
    )


def test_number_id_must_be_quoted() -> None:
    text = MINIMAL.replace("id: first-story", "id: 2026")
    assert one_problem(text) == (
        f't.yaml:6:13: {ARTICLE}.id: expected text, got a number (quote it: "2026")'
    )
    assert parse_issue(MINIMAL.replace("id: first-story", "id: '2026'"), F)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", '"2026-02-30" is not a real date'),
        ('"2026-02-30"', '"2026-02-30" is not a real date'),
        ('"2026-5-9"', 'expected a date as YYYY-MM-DD, got "2026-5-9"'),
        ("9 May 2026", 'expected a date as YYYY-MM-DD, got "9 May 2026"'),
        ("2026-05-09 10:30:00", "expected a date as YYYY-MM-DD, got a date and time"),
        ("20260509", "expected a date as YYYY-MM-DD, got a number"),
        ("[2026, 5, 9]", "expected a date as YYYY-MM-DD, got a list"),
    ],
)
def test_bad_dates(value: str, message: str) -> None:
    assert one_problem(MINIMAL + f"date: {value}\n") == f"t.yaml:10:7: date: {message}"


def test_language_must_look_like_a_language_tag() -> None:
    assert parse_issue(MINIMAL + "language: zh-Hant-TW\n", F).language == "zh-Hant-TW"
    assert one_problem(MINIMAL + "language: 中文\n") == (
        "t.yaml:10:11: language: expected a BCP 47 language tag such as zh-Hans, zh-Hant or en, "
        'got "中文"'
    )


def test_unsupported_version_is_the_only_problem() -> None:
    text = MINIMAL.replace("paperread: 1", "paperread: 2").replace("paper:", "masthead:")
    assert problems(text) == [
        "t.yaml:1:12: paperread: unsupported format version 2; this paperread reads format 1"
    ]


# --- YAML features that are refused ---------------------------------------------


def test_aliases_and_anchors_are_refused() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", "headline: &h 第一条新闻\n        kicker: *h")
    assert problems(text) == [
        "t.yaml:7:19: YAML aliases/anchors are not allowed",
        "t.yaml:8:17: YAML aliases/anchors are not allowed",
    ]


def test_anchor_alone_is_refused() -> None:
    text = MINIMAL.replace("- 第一段。", "- &p 第一段。")
    assert problems(text) == ["t.yaml:9:13: YAML aliases/anchors are not allowed"]


def test_text_that_only_looks_like_an_alias_is_fine() -> None:
    text = MINIMAL.replace("- 第一段。", "- \"*注：AT&T & M&A\"\n          - '&nbsp; *bold*'")
    assert len(parse_issue(text, F).sections[0].articles[0].body) == 2


def _finishes(function: object, seconds: float = 30.0) -> bool:
    """True if calling ``function`` returns (or raises) within ``seconds``."""
    done = threading.Event()

    def run() -> None:
        with contextlib.suppress(Exception):
            function()  # type: ignore[operator]
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(seconds)


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb = MINIMAL + "x-bomb:\n" + "\n".join("  " + line for line in lines) + "\n"

    assert _finishes(lambda: parse_issue(bomb, F))
    found = problems(bomb)
    assert len(found) == 10 + 9 * 9
    assert all(p.endswith("YAML aliases/anchors are not allowed") for p in found)


def test_self_reference_is_refused() -> None:
    text = MINIMAL + "x-loop: &loop [*loop]\n"
    assert problems(text) == [
        "t.yaml:10:9: YAML aliases/anchors are not allowed",
        "t.yaml:10:16: YAML aliases/anchors are not allowed",
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!python/object/apply:os.system ["echo hi"]', "!!python/object/apply:os.system"),
        ("!!python/object:os.stat_result {}", "!!python/object:os.stat_result"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!local 文字", "!local"),
        ("!<tag:example.com,2026:thing> x", "tag:example.com,2026:thing"),
    ],
)
def test_object_tags_are_refused(value: str, tag: str) -> None:
    text = MINIMAL.replace("headline: 第一条新闻", f"headline: {value}")
    assert one_problem(text) == f"t.yaml:7:19: {ARTICLE}.headline: tag {tag} is not allowed"
    assert (
        one_problem(MINIMAL + f"x-ext: {value}\n")
        == f"t.yaml:10:8: x-ext: tag {tag} is not allowed"
    )


def test_standard_tags_are_fine() -> None:
    text = MINIMAL.replace("headline: 第一条新闻", "headline: !!str 010")
    assert parse_issue(text, F).sections[0].articles[0].headline == "010"


TOO_DEEP = "collections are nested more than 64 levels deep"


@pytest.mark.parametrize(
    "document",
    [
        pytest.param("[" * 10_000 + "]" * 10_000, id="flow"),
        pytest.param("x-deep: " + "[" * 10_000 + "]" * 10_000, id="flow-value"),
        pytest.param("- " * 10_000 + "x\n", id="block-sequences"),
        pytest.param("".join(" " * i + "a:\n" for i in range(2_000)), id="block-mappings"),
    ],
)
def test_deep_nesting_is_one_clear_problem(document: str) -> None:
    found = one_problem(document)
    assert found.startswith("t.yaml:1:") or found.startswith("t.yaml:65:")
    assert found.endswith(TOO_DEEP)


def test_nesting_just_past_the_bound_is_pinpointed() -> None:
    text = MINIMAL + "x-deep: " + "[" * 70 + "]" * 70 + "\n"
    found = one_problem(text)
    assert found.startswith("t.yaml:10:72: ")
    assert found.endswith(TOO_DEEP)


def test_nesting_within_the_bound_is_fine() -> None:
    text = MINIMAL + "x-deep: " + "[" * 60 + "1" + "]" * 60 + "\n"
    assert parse_issue(text, F).extensions[0][0] == "x-deep"


def test_smaller_depth_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuefile, "MAX_DEPTH", 10)
    assert parse_issue(MINIMAL + "x-deep: " + "[" * 9 + "]" * 9 + "\n", F)
    text = MINIMAL + "x-deep: " + "[" * 10 + "]" * 10 + "\n"
    assert one_problem(text) == "t.yaml:10:18: collections are nested more than 10 levels deep"


# --- YAML that is not one issue -------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n# and another\n", "---\n"])
def test_empty_files(text: str) -> None:
    assert one_problem(text) == "t.yaml: the file is empty"


def test_multiple_documents() -> None:
    assert one_problem(MINIMAL + "---\n" + MINIMAL) == (
        "t.yaml:10:1: the file holds more than one YAML document (a '---' line starts another)"
    )


def test_yaml_syntax_errors_have_a_position() -> None:
    found = one_problem(MINIMAL + "bad: [unclosed\n")
    assert found.startswith("t.yaml:11:1: invalid YAML: ")
    found = one_problem("paperread: 1\n\tpaper: tab-indented\n")
    assert found.startswith("t.yaml:2:1: invalid YAML: found ")
    found = one_problem("a: b: c\n")
    assert found.startswith("t.yaml:1:5: invalid YAML: mapping values are not allowed")


# --- bytes and encodings --------------------------------------------------------


def test_invalid_utf8_names_the_byte() -> None:
    data = MINIMAL.encode().replace("第一段".encode(), b"\xff\xfe")
    offset = data.index(b"\xff")
    assert one_problem(data) == f"t.yaml:9:13: invalid UTF-8 at byte {offset}"


def test_invalid_utf8_offset_counts_the_bom() -> None:
    data = b"\xef\xbb\xbfpaper: \xc3\n"
    assert one_problem(data).startswith("t.yaml:1:8: invalid UTF-8 at byte 10")


def test_gbk_file_gets_a_hint() -> None:
    found = one_problem(MINIMAL.encode("gbk"))
    assert found.startswith("t.yaml:2:8: invalid UTF-8 at byte 20")
    assert found.endswith("; if it is GB18030 (GBK), convert it with iconv -f GB18030 -t UTF-8")


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "UTF-16"),  # with a byte order mark
        ("utf-16-le", "UTF-16LE"),  # without one, iconv needs to be told the byte order
        ("utf-16-be", "UTF-16BE"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32LE"),
        ("utf-32-be", "UTF-32BE"),
    ],
)
def test_utf16_and_utf32_are_explained(codec: str, name: str) -> None:
    assert one_problem(MINIMAL.encode(codec)) == (
        f"t.yaml: file is {name}, not UTF-8: convert it with iconv -f {name} -t UTF-8"
    )


def test_binary_file_starting_with_nuls() -> None:
    data = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00"
    assert one_problem(data) == (
        "t.yaml:1:1: the file contains NUL bytes (the first at byte 0): it is binary, not text"
    )


def test_binary_file() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert one_problem(data) == (
        "t.yaml:3:1: the file contains NUL bytes (the first at byte 8): it is binary, not text"
    )


def test_too_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(issuefile, "MAX_FILE_BYTES", 100)
    data = MINIMAL.encode()
    expected = f"the file is too large ({len(data)} bytes; the limit is 100 bytes)"
    assert one_problem(data) == f"t.yaml: {expected}"
    assert one_problem(MINIMAL) == f"t.yaml: {expected}"
    path = tmp_path / "big.yaml"
    path.write_bytes(data)
    with pytest.raises(IssueFileError) as caught:
        load_issue(path)
    assert str(caught.value) == f"{path}: {expected}"


def test_size_is_shown_in_readable_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuefile, "MAX_FILE_BYTES", 2048)
    assert one_problem(b"#" * 3000) == (
        "t.yaml: the file is too large (2.9 KiB; the limit is 2 KiB)"
    )


# --- reading files --------------------------------------------------------------


def _load_problem(path: Path | str) -> str:
    with pytest.raises(IssueFileError) as caught:
        load_issue(path)
    [problem] = caught.value.problems
    return str(problem)


def test_load_issue_problems(tmp_path: Path) -> None:
    assert _load_problem(tmp_path / "missing.yaml") == f"{tmp_path}/missing.yaml: no such file"
    assert _load_problem(tmp_path) == f"{tmp_path}: is a directory, not an issue file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0)
    assert _load_problem(path) == f"{path}: cannot read the file: permission denied"


def test_problem_file_is_the_name_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("issue.yaml").write_text(MINIMAL.replace("paper:", "papr:"), encoding="utf-8")
    with pytest.raises(IssueFileError) as caught:
        load_issue("issue.yaml")
    assert caught.value.problems[0].file == "issue.yaml"
    assert str(caught.value).startswith("issue.yaml:1:1: missing key 'paper'\n")


# --- reports --------------------------------------------------------------------


def test_problem_str_shapes() -> None:
    assert str(Problem("a.yaml", 3, 7, "sections[0].title", "missing value")) == (
        "a.yaml:3:7: sections[0].title: missing value"
    )
    assert str(Problem("a.yaml", 3, None, "paper", "m")) == "a.yaml:3: paper: m"
    assert str(Problem("a.yaml", 3, 7, "", "m")) == "a.yaml:3:7: m"
    assert str(Problem("a.yaml", None, None, "", "the file is empty")) == (
        "a.yaml: the file is empty"
    )
    assert str(Problem("a\x1b]0;x\x07.yaml", 1, 1, "", "m")) == "a.yaml:1:1: m"


def test_every_problem_is_reported_in_file_order() -> None:
    path = DATA / "bad" / "many-problems.yaml"
    with pytest.raises(IssueFileError) as caught:
        load_issue(path)
    f = str(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{f}:3:1: missing key 'paper'",
        f"{f}:4:1: unknown key 'papr' (did you mean 'paper'?)",
        f'{f}:5:7: date: "2026-02-30" is not a real date',
        f"{f}:6:11: language: expected a BCP 47 language tag such as zh-Hans, zh-Hant or en, "
        'got "简体中文"',
        f'{f}:7:10: edition: expected text, got a number (quote it: "12")',
        f'{f}:9:12: sections[0].title: expected text, got a boolean (quote it: "NO")',
        f"{f}:10:11: sections[0].page: expected a page number or text, got a list",
        f"{f}:12:9: sections[0].articles[0]: missing key 'headline'",
        f'{f}:12:13: sections[0].articles[0].id: invalid article id "Bridge Opens": use '
        "lowercase letters a-z, digits and '-', starting with a letter or digit, "
        "e.g. 'bridge-opens'",
        f"{f}:13:9: sections[0].articles[0]: unknown key 'headlne' (did you mean 'headline'?)",
        f"{f}:14:15: sections[0].articles[0].body: expected a list of blocks, got text",
        f"{f}:16:19: sections[0].articles[1].headline: expected text, got a number "
        '(quote it: "12:30:00")',
        f"{f}:17:16: sections[0].articles[1].body[0]: expected text, got a number "
        '(quote it: "010")',
        f"{f}:17:31: sections[0].articles[1].body[1].subhead: the text is empty",
        f"{f}:17:44: sections[0].articles[1].body[2].photo: expected the photo's caption, credit "
        "and file as a mapping, got a number",
        f"{f}:17:48: sections[0].articles[1].body[3]: a label belongs to a note block: add note: …",
        f"{f}:17:62: sections[0].articles[1].body[4]: unknown key 'subheading' "
        "(did you mean 'subhead'?)",
        f"{f}:17:80: sections[0].articles[1].body[5]: expected a block: {BLOCKS}, got a list",
        f"{f}:18:18: sections[0].articles[1].byline[0]: missing key 'names'",
        f"{f}:18:38: sections[0].articles[1].byline[1].names: expected at least one name",
        f"{f}:18:43: sections[0].articles[1].byline[2]: expected text, got a number "
        '(quote it: "3")',
        f"{f}:19:13: sections[0].articles[2].id: duplicate article id 'second' "
        f"(first at {f}:15:13)",
        f"{f}:21:16: sections[0].articles[2].body[0]: tag !!python/object/apply:os.system is not "
        "allowed",
        f"{f}:22:9: sections[0].articles[2]: unknown key 'title' here; it belongs in a section",
        f"{f}:23:5: sections[1]: expected a section (a mapping with title and articles), got text",
    ]


def test_problem_count_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuefile, "MAX_PROBLEMS", 5)
    text = MINIMAL + "".join(f"k{i}: v\n" for i in range(20))
    found = problems(text)
    assert len(found) == 6
    assert found[-1] == "t.yaml: … and 15 more problems"


# --- less common shapes ---------------------------------------------------------


def test_keys_must_be_text() -> None:
    text = MINIMAL.replace(
        "headline: 第一条新闻", "headline: 第一条新闻\n        ? [a]\n        : b"
    )
    assert one_problem(text) == f"t.yaml:8:11: {ARTICLE}: a key must be text, got a list"


def test_extension_values_are_checked() -> None:
    text = MINIMAL + "x-a: {[1]: x, k: 1, k: 2, day: 2026-02-30, big: " + "9" * 5000 + "}\n"
    found = [p.split(": ", 1)[1] for p in problems(text)]
    assert found[:3] == [
        "x-a: a key must be text, got a list",
        "x-a: duplicate key 'k'",
        'x-a.day: cannot read "2026-02-30": day is out of range for month',
    ]
    assert found[3].startswith('x-a.big: cannot read "99999999')


def test_block_of_only_extensions() -> None:
    found = one_problem(MINIMAL + "          - {x-note: 1}\n")
    assert found == f"t.yaml:10:13: {ARTICLE}.body[1]: expected a block: {BLOCKS}, got a mapping"


def test_photo_with_nothing_in_it() -> None:
    issue = parse_issue(MINIMAL + "          - photo: {}\n", F)
    assert issue.sections[0].articles[0].body[1] == Photo()


def test_non_character() -> None:
    assert one_problem(MINIMAL + "x-a: \ufffe\n") == (
        "t.yaml:10:6: non-character U+FFFE is not allowed in YAML; delete it from the file"
    )


def test_shared_nodes_are_refused_even_if_the_scan_missed_them() -> None:
    """The validator's own guard: a node met twice in extension data is an alias."""
    root = yaml.compose(MINIMAL + "x-a: &a [1]\nx-b: *a\n", Loader=yaml.SafeLoader)
    assert root is not None
    issue, found = build_issue(root, F, 64)
    assert issue is None
    assert [str(p) for p in found] == ["t.yaml:10:6: x-b: YAML aliases/anchors are not allowed"]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "cannot read the file: permission denied"),
        (OSError(5, "Input/output error"), "cannot read the file: Input/output error"),
        (IsADirectoryError(21, "Is a directory"), "is a directory, not an issue file"),
    ],
)
def test_read_errors(
    error: OSError, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "issue.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(issuefile, "open", refuse, raising=False)
    assert _load_problem(path) == f"{path}: {message}"


# --- the user documentation -----------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "issue-format.md"


def _yaml_examples() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```yaml\n")[1:]]


def test_documented_examples_load() -> None:
    complete, smallest, credits = _yaml_examples()
    issue = parse_issue(complete, "example.yaml")
    assert issue.article_count() == 2
    assert issue.extensions == (("x-scanner", {"pages": [1, 2]}),)
    assert parse_issue(smallest, "smallest.yaml") == parse_issue(MINIMAL, F)
    byline = parse_issue(MINIMAL + textwrap.indent(credits, " " * 8), F)
    assert byline.sections[0].articles[0].byline == (
        Credit(names=("林小河", "陈一舟"), role="记者"),
        Credit(names=("王东",), role="通讯员"),
        Credit(names=("特约撰稿人 张三",)),
    )


def test_documented_messages_exist() -> None:
    """Every message class the documentation explains is one the code can produce."""
    text = DOCS.read_text(encoding="utf-8").split("## Error messages", 1)[1]
    sources = "".join(
        (Path(issuefile.__file__).parent / name).read_text(encoding="utf-8")
        for name in ("load.py", "validate.py", "nodes.py", "problems.py")
    )
    for fixed in [
        "no such file", "is a directory, not an issue file", "permission denied",
        "the file is too large", "not UTF-8: convert it with iconv", "the file contains NUL bytes",
        "invalid UTF-8 at byte", "is not allowed in YAML; delete it from the file",
        "the file is empty", "invalid YAML: ", "more than one YAML document",
        "YAML aliases/anchors are not allowed", "is not allowed", "merge keys (<<) are not allowed",
        "levels deep", "missing key", "unknown key", "did you mean", "it belongs in",
        "duplicate key", "a key must be text", "missing value", "the text is empty",
        "quote it: ", "expected at least one", "unsupported format version",
        "this paperread reads format", "the format version, a whole number",
        "expected a date as YYYY-MM-DD", "is not a real date", "expected a BCP 47 language tag",
        "expected a page number or text", "invalid article id", "duplicate article id",
        "expected a credit: a name, or {role: …, names: […]}", "a block is one of subhead",
        "a label belongs to a note block", "expected the photo's caption, credit and file",
        "cannot read ", "more problems",
    ]:  # fmt: skip
        assert fixed in text, fixed
        assert fixed.removeprefix("expected ") in sources, fixed  # "expected" is added apart


def test_error_survives_pickling() -> None:
    with pytest.raises(IssueFileError) as caught:
        parse_issue(MINIMAL.replace("paper:", "papr:"), F)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.problems == caught.value.problems
    assert str(again) == str(caught.value)


@pytest.mark.parametrize(
    "snippet",
    [
        "x-a: &a 1",
        "x-a: !!str &a 1",
        "x-a: [1,\n  *b]",
        "x-a: {k: &a v}",
        "x-a: [&a 1,*a]",
        "x-a:\n  - &a 1\n  -\t*a",
        "x-a:\n  ? &k key\n  : *k",
        "x-a: &a\n  k: v",
    ],
)
def test_every_anchor_is_found(snippet: str) -> None:
    found = problems(MINIMAL + snippet + "\n")
    assert found
    assert all(p.endswith("YAML aliases/anchors are not allowed") for p in found)


def test_ampersands_and_stars_in_text_are_not_anchors() -> None:
    """Anchors are told from the parser's events (there is no text pre-filter any more)."""
    text = "AT&T and M&A; 5 * 3; 注 *1; 见 **粗体**; 空格 &nbsp;"
    issue = parse_issue(MINIMAL.replace("第一段。", text), F)
    assert issue.sections[0].articles[0].body == (Paragraph(text),)
