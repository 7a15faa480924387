"""An article's ``url`` (issue 13.6): optional, http(s) only, kept through conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.issue.dump import article_to_dict
from reader.issue.load import IssueFileError, load_issue
from reader.script import convert_issue

ISSUE = """\
paperread: 1
paper: 晨报
language: zh-Hans
sections:
  - title: 要闻
    articles:
      - id: a
        headline: 图书馆开放夜间阅览
        body: [市图书馆延长开放时间。]
        url: {url}
"""


def write(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(ISSUE.format(url=url), encoding="utf-8")
    return path


def test_an_http_address_is_kept_and_never_converted(tmp_path: Path) -> None:
    url = "https://example.com/news/图书馆?id=1#top"
    issue = load_issue(write(tmp_path, url))
    article = issue.sections[0].articles[0]
    assert article.url == url
    assert article_to_dict(article)["url"] == url
    converted = convert_issue(issue, "tw")
    assert converted.sections[0].articles[0].headline == "圖書館開放夜間閱覽"
    assert converted.sections[0].articles[0].url == url  # 图 stays 图 in the address


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/a",
        '"https://example.com/a b"',
        "https://",
        "https://" + "a" * 2100,
    ],
)
def test_anything_else_is_a_problem_with_its_line(tmp_path: Path, url: str) -> None:
    with pytest.raises(IssueFileError) as info:
        load_issue(write(tmp_path, url))
    message = str(info.value)
    assert "url" in message and "http" in message
