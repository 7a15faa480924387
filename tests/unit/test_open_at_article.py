"""Issue 13.6 hand-off: ``paperread search`` prints the command that opens each hit, and
``paperread FILE ARTICLE_ID`` opens the reader at that article."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from reader.cli import read
from reader.cli.main import main

ISSUE = """\
paperread: 1
paper: 晨报
date: 2026-03-01
sections:
  - title: 要闻
    articles:
      - {id: first, headline: 第一条新闻, body: [今天天气很好。]}
  - title: 地方
    articles:
      - {id: second, headline: 第二条新闻, body: [社区举办党建活动。]}
"""


@pytest.fixture
def issue_file(tmp_path: Path) -> Path:
    folder = tmp_path / "with space"
    folder.mkdir()
    path = folder / "a.yaml"
    path.write_text(ISSUE, encoding="utf-8")
    return path


def test_search_prints_the_command_that_opens_the_hit(
    issue_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["search", "党建", str(issue_file.parent)]) == 0
    lines = capsys.readouterr().out.splitlines()
    command = [line.strip() for line in lines if line.strip().startswith("paperread ")]
    assert len(command) == 1
    words = shlex.split(command[0])
    assert words[1:] == [str(issue_file), "second"]

    # That command opens the reader at the article.
    started: list[tuple[int, int] | None] = []

    class FakeApp:
        def __init__(self, *args: object, article: tuple[int, int] | None = None, **_: object):
            started.append(article)
            self.return_code = 0

        def run(self) -> None:
            pass

    monkeypatch.setattr("reader.tui.app.PaperreadApp", FakeApp)
    monkeypatch.setattr(read, "require_terminal", lambda: None)  # pytest's stdin is no tty
    assert main(words[1:]) == 0
    assert started == [(1, 0)]


def test_an_unknown_article_id_is_a_one_line_error(
    issue_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(issue_file), "nope"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no article 'nope'" in err and "first, second" in err


def test_an_article_id_needs_a_file(issue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(issue_file.parent), "first"]) == 1
    assert "needs an issue file" in capsys.readouterr().err


async def test_the_reader_opens_at_the_article(issue_file: Path) -> None:
    from reader.library.files import load_library
    from reader.tui.app import PaperreadApp
    from reader.tui.screens.reader import ReaderScreen

    app = PaperreadApp(load_library([issue_file]), article=(1, 0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.article is not None and screen.article.id == "second"
        assert "第二条新闻" in screen.story.plain_text()


def test_the_parser_takes_an_article_id() -> None:
    ns = read.build_parser().parse_args(["a.yaml", "second"])
    assert (ns.path, ns.article) == ("a.yaml", "second")
