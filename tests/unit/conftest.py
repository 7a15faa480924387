"""Fixtures of the unit tests: issue files and libraries written for the search tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

WriteSearchIssue = Callable[[Path, str, "str | None", list[tuple[str, str, list[str]]]], Path]


def _write_search_issue(
    path: Path, paper: str, date: str | None, articles: list[tuple[str, str, list[str]]]
) -> Path:
    """An issue file: articles as (id, headline, paragraphs), in one section."""
    lines = ["paperread: 1", f"paper: {json.dumps(paper, ensure_ascii=False)}"]
    if date:
        lines.append(f"date: {date}")
    lines += ["sections:", "  - title: 要闻", "    articles:"]
    for ident, headline, paragraphs in articles:
        lines += [
            f"      - id: {ident}",
            f"        headline: {json.dumps(headline, ensure_ascii=False)}",
            "        body:",
        ]
        lines += [f"          - {json.dumps(p, ensure_ascii=False)}" for p in paragraphs]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def write_search_issue() -> WriteSearchIssue:
    """``write_search_issue(path, paper, date, [(id, headline, paragraphs)])``: an issue file."""
    return _write_search_issue


NUMBERS = "一二三四五六七八九十"


def _write_ferry_issue(path: Path, date: str, articles: list[tuple[str, str, str]]) -> Path:
    """An issue file of the 江城日报 on ``date``: articles as (id, headline, paragraph)."""
    lines = ["paperread: 1", 'paper: "江城日报"', f"date: {date}", "sections:"]
    lines += ["  - title: 本地", "    articles:"]
    for ident, headline, paragraph in articles:
        lines += [
            f"      - id: {ident}",
            f"        headline: {json.dumps(headline, ensure_ascii=False)}",
            "        body:",
            f"          - {json.dumps(paragraph, ensure_ascii=False)}",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_ferry_library(root: Path, count: int) -> list[Path]:
    """``count`` issues of two articles, one a day from 2024-05-01."""
    files = []
    for n in range(count):
        number = NUMBERS[n % 10] + str(n)
        files.append(
            _write_ferry_issue(
                root / f"issue-{n:02d}.yaml",
                f"2024-05-{n + 1:02d}",
                [
                    (f"a{n}", f"第{number}号渡船", f"第{number}号渡船今早在河口靠岸。"),
                    (f"b{n}", "江边夜市", "夜市的摊主说，今年的鱼比往年多。"),
                ],
            )
        )
    return files


@pytest.fixture
def write_ferry_issue() -> Callable[[Path, str, list[tuple[str, str, str]]], Path]:
    """``write_ferry_issue(path, date, [(id, headline, paragraph)])``: an issue of the 江城日报."""
    return _write_ferry_issue


@pytest.fixture
def write_ferry_library() -> Callable[[Path, int], list[Path]]:
    """``write_ferry_library(root, count)``: ``count`` issues, one a day from 2024-05-01."""
    return _write_ferry_library
