"""Loading a large issue one article at a time (reader.issue.stream): memory, and the rules kept.

The loader composes each article's nodes alone and drops them once the article
is built, so a load's memory is the model plus one article, not the node graph
of the whole file (issue 16: a 100,000-article file took 25× its size).
Every test runs with libyaml's loader and with the pure-Python one.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
import yaml

from reader.issue import load as issuefile
from reader.issue.load import IssueFileError, parse_issue


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run each test with the C loader and with the pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(issuefile, "_Loader", issuefile._PureLoader)
    elif not yaml.__with_libyaml__:  # pragma: no cover
        pytest.skip("PyYAML without libyaml")
    yield request.param


def issue_text(articles: int) -> str:
    """A valid issue of ``articles`` short articles, 20 to a section."""
    lines = ["paperread: 1", "paper: 测试晚报", "sections:"]
    for number in range(articles):
        if number % 20 == 0:
            lines += [f"  - title: 第{number // 20 + 1}版", "    articles:"]
        lines += [
            f"      - id: a{number}",
            f"        headline: 第{number}条新闻的标题",
            "        dateline: 本报讯",
            "        byline:",
            f"          - {{role: 记者, names: [林小河, 陈{number % 7}舟]}}",
            "        body:",
            f"          - 这是第{number}条新闻的第一段，内容是为测试写的。",
            "          - subhead: 小标题",
            f"          - photo: {{caption: 图{number}, credit: 林小河摄, file: p{number}.jpg}}",
        ]
    return "\n".join(lines) + "\n"


def problems(data: str | bytes) -> list[str]:
    with pytest.raises(IssueFileError) as caught:
        parse_issue(data, "t.yaml")
    return [str(p) for p in caught.value.problems]


def test_no_node_graph_is_held_while_loading() -> None:
    """The load's peak is the model and a little more, not the whole file's nodes.

    Composed whole, the nodes of this file took about 35× its size at the peak
    (measured with tracemalloc); one article at a time, about 4× (the model is
    2.5×). The bound leaves a wide margin; it is a bound on memory, never on time.
    """
    data = issue_text(3_000).encode("utf-8")
    tracemalloc.start()
    try:
        issue = parse_issue(data, "big.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert issue.article_count() == 3_000
    assert peak < 10 * len(data), f"peak {peak / len(data):.1f}x the file"


def test_a_large_file_loads_whole_and_in_order() -> None:
    issue = parse_issue(issue_text(1_000), "t.yaml")
    ids = [article.id for _, article in issue.articles()]
    assert ids == [f"a{n}" for n in range(1_000)]
    assert len(issue.sections) == 50
    assert issue.sections[49].title == "第50版"


def test_short_texts_are_shared_between_articles() -> None:
    issue = parse_issue(issue_text(3), "t.yaml")
    first, second = (article for _, article in list(issue.articles())[:2])
    assert first.dateline is second.dateline
    assert first.byline[0].role is second.byline[0].role


def test_problems_in_many_articles_keep_their_places() -> None:
    text = issue_text(60).replace("      - id: a5\n", "      - id: A5\n")
    text = text.replace("        headline: 第42条新闻的标题\n", "        headline:\n")
    found = problems(text)
    assert [p.split(": ", 2)[1] for p in found] == [
        "sections[0].articles[5].id",
        "sections[2].articles[2].headline",
    ]
    assert found[0].startswith("t.yaml:51:13: ")
    assert "invalid article id" in found[0]
    assert found[1].endswith("missing value")


def test_duplicate_article_ids_across_sections() -> None:
    text = issue_text(25).replace("id: a21\n", "id: a1\n")
    found = problems(text)
    assert len(found) == 1
    assert "duplicate article id 'a1' (first at t.yaml:" in found[0]
    assert "sections[1].articles[1].id" in found[0]


def test_a_second_sections_key_is_a_duplicate_and_not_read() -> None:
    text = issue_text(2) + "sections:\n  - title: 第二\n    articles:\n      - id: a0\n"
    found = problems(text)
    assert len(found) == 1
    assert "duplicate key 'sections'" in found[0]


def test_a_list_of_no_articles() -> None:
    text = "paperread: 1\npaper: 测试晚报\nsections:\n  - title: 要闻\n    articles: []\n"
    assert problems(text) == ["t.yaml:5:15: sections[0].articles: expected at least one article"]


def test_a_list_of_no_sections() -> None:
    text = "paperread: 1\npaper: 测试晚报\nsections: []\n"
    assert problems(text) == ["t.yaml:3:11: sections: expected at least one section"]


def test_an_unsupported_version_after_the_articles_is_the_only_problem() -> None:
    text = issue_text(3).replace("paperread: 1\n", "") + "paperread: 2\n"
    text = text.replace("id: a1\n", "id: A1\n")  # a problem before the version is read
    found = problems(text)
    assert len(found) == 1
    assert "unsupported format version 2" in found[0]


def test_anchors_in_a_second_document_are_found() -> None:
    found = problems(issue_text(1) + "---\nx: &a 1\n")
    assert any(p.endswith("YAML aliases/anchors are not allowed") for p in found)


def test_an_alias_inside_an_article_stops_the_load() -> None:
    text = issue_text(3).replace("dateline: 本报讯", "dateline: &d 本报讯", 1)
    text = text.replace("dateline: 本报讯", "dateline: *d", 1)
    found = problems(text)
    assert found == [
        "t.yaml:8:19: YAML aliases/anchors are not allowed",
        "t.yaml:17:19: YAML aliases/anchors are not allowed",
    ]


def test_deep_nesting_inside_an_article_is_found_by_both_loaders() -> None:
    deep = "          - " + "[" * 70 + "]" * 70
    text = issue_text(1).replace("          - subhead: 小标题", deep)
    found = problems(text)
    assert len(found) == 1
    assert found[0].endswith("collections are nested more than 64 levels deep")


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7])
def test_utf8_is_checked_across_chunk_edges(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes are checked a chunk at a time: a character split between two chunks is
    fine, and a mistake is reported as the whole-file decoder reports it."""
    monkeypatch.setattr(issuefile, "_CHECK_CHUNK", chunk)
    good = issue_text(2).encode("utf-8")
    assert parse_issue(good, "t.yaml").article_count() == 2
    bad = good.replace("第一段".encode(), "第一段".encode()[:-1], 1)
    [found] = problems(bad)
    monkeypatch.setattr(issuefile, "_CHECK_CHUNK", 1 << 20)
    assert problems(bad) == [found]
    assert "invalid UTF-8 at byte" in found
