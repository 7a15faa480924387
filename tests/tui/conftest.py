"""Fixtures of the TUI tests: small libraries on disk, and where a path meets the line end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Tree

# -- the library of the search tests: one simplified and one traditional issue --------

SEARCH_SIMPLIFIED = """\
paperread: 1
paper: 晨光日报
date: 2026-03-01
language: zh-Hans
sections:
  - title: 要闻
    articles:
      - id: weather
        headline: 今天天气晴朗
        body: [阳光很好，适合出门散步。]
      - id: party
        headline: 社区党建活动丰富多彩
        body:
          - 街道开展党建活动，居民踊跃参加。
          - 活动结束后，大家还讨论了下一次党建主题。
"""

SEARCH_TRADITIONAL = """\
paperread: 1
paper: 晨光日報
date: 2026-02-01
language: zh-Hant
sections:
  - title: 地方
    articles:
      - id: older
        headline: 舊聞一則
        body: [這是一篇關於黨建工作的舊報導。]
"""


def _make_search_library(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text(SEARCH_SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SEARCH_TRADITIONAL, encoding="utf-8")
    return tmp_path


@pytest.fixture
def make_search_library() -> Callable[[Path], Path]:
    """``make_search_library(folder)``: writes a.yaml (simplified) and b.yaml (traditional)."""
    return _make_search_library


# -- the library of the library-screen tests: three dated issues and a broken file ----

DATED_ISSUE = """\
paperread: 1
paper: Test Daily
date: {date}
sections:
  - title: Front
    articles:
      - id: one
        headline: Story one of {date}
        body: [Alpha.]
      - id: two
        headline: Story two of {date}
        body: [Beta.]
"""


def _make_dated_library(tmp_path: Path) -> Path:
    for date in ("2026-01-01", "2026-01-03", "2026-01-02"):
        (tmp_path / f"daily-{date}.yaml").write_text(
            DATED_ISSUE.format(date=date), encoding="utf-8"
        )
    (tmp_path / "zz-broken.yaml").write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    return tmp_path


def _labels(tree: Tree[int]) -> list[str]:
    out = []
    for paper in tree.root.children:
        out.append(str(paper.label))
        out += ["  " + str(child.label) for child in paper.children]
    return out


@pytest.fixture
def make_dated_library() -> Callable[[Path], Path]:
    """``make_dated_library(folder)``: three issues of the Test Daily and zz-broken.yaml."""
    return _make_dated_library


@pytest.fixture
def dated_issue() -> str:
    """The Test Daily issue text; ``.format(date=…)`` gives an issue of that date."""
    return DATED_ISSUE


@pytest.fixture
def tree_labels() -> Callable[[Tree[int]], list[str]]:
    """``tree_labels(tree)``: the library tree as lines, papers then indented issues."""
    return _labels


# -- a file whose path meets the end of a line -----------------------------------------

STORY_WIDTH = 68  # the story pane's text width in a 100x30 reader (the tree takes 30%)


@pytest.fixture
def story_width() -> int:
    """The story pane's text width in a 100x30 reader (tests check it still holds)."""
    return STORY_WIDTH


@pytest.fixture
def folder_at_wrap(tmp_path: Path) -> Callable[[int, str, int], Path]:
    """``folder_at_wrap(width, name, before)``: a new folder under ``tmp_path`` such that,
    in ``f"{folder}/{name}"`` set from column 0 and split every ``width`` columns,
    ``before`` characters of ``name`` come before a split: whatever the length of the
    temporary path, the file name meets the end of a line."""

    def make(width: int, name: str, before: int) -> Path:
        start = len(str(tmp_path)) + 2  # "/" + the sub-folder + "/"
        length = (width - before - start) % width or width
        folder = tmp_path / ("d" * length)
        folder.mkdir()
        assert (len(str(folder)) + 1) % width == width - before
        return folder

    return make
