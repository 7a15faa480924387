"""``paperread bookmarks``: the table, --json, --markdown, a missing file, an empty store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.cli import bookmarks as bookmarks_cli
from reader.issue.model import Article, Credit, Issue, Paragraph, Section
from reader.store.state import DB_NAME, Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = bookmarks_cli.run(bookmarks_cli.build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def issue_at(path: Path, paper: str = "人民日报") -> Issue:
    path.write_text("paper: placeholder\n", encoding="utf-8")
    articles = (
        Article(
            "lead",
            "左中党建融合打造城区治理“新高地”",
            (Paragraph("正文。"),),
            byline=(Credit(("王秀梅", "吴越"), "通讯员"), Credit(("赵彦臻",), "记者")),
        ),
        Article("second", "*Stars* & [links] <b>", (Paragraph("x"),)),
    )
    return Issue(
        paper=paper,
        date=dt.date(2026, 11, 27),
        path=str(path),
        sections=(Section("要闻", articles),),
    )


@pytest.fixture
def saved(tmp_path: Path) -> Issue:
    issue = issue_at(tmp_path / "today.yaml")
    with Store() as store:
        section, lead = issue.sections[0], issue.sections[0].articles[0]
        store.toggle_bookmark(issue, section, lead, note="值得\n一读")
        store.toggle_bookmark(issue, section, issue.sections[0].articles[1])
    return issue


def test_no_bookmarks_is_a_friendly_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and "No bookmarks yet" in out and err == ""
    code, out, _ = run(capsys, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = run(capsys, "--markdown")
    assert code == 0 and out == "" and "No bookmarks yet" in err


def test_table(capsys: pytest.CaptureFixture[str], saved: Issue) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    header, newest, older = out.splitlines()
    assert header.split() == ["saved", "paper", "date", "section", "headline", "note"]
    assert "*Stars* & [links] <b>" in newest
    assert "人民日报" in older and "2026-11-27" in older and "要闻" in older
    assert "值得 一读" in older  # a note on one line
    # Columns line up by terminal cells, Chinese counting two.
    start = bookmarks_cli.cells(header[: header.index("headline")])
    assert bookmarks_cli.cells(older[: older.index("左中")]) == start
    assert "(file missing)" not in out


def test_a_missing_file_is_shown_not_dropped(
    capsys: pytest.CaptureFixture[str], saved: Issue
) -> None:
    assert saved.path is not None
    Path(saved.path).unlink()
    code, out, _ = run(capsys)
    assert code == 0 and out.count("(file missing)") == 2
    _, out, _ = run(capsys, "--json")
    assert all(item["missing"] for item in json.loads(out))


def test_json(capsys: pytest.CaptureFixture[str], saved: Issue) -> None:
    code, out, _ = run(capsys, "--json")
    assert code == 0
    second, lead = json.loads(out)
    assert lead["headline"] == "左中党建融合打造城区治理“新高地”"
    assert lead["byline"] == "通讯员 王秀梅 吴越  记者 赵彦臻"
    assert (lead["paper"], lead["date"], lead["section"]) == ("人民日报", "2026-11-27", "要闻")
    assert lead["note"] == "值得\n一读" and lead["missing"] is False
    assert lead["path"] == saved.path and lead["article_key"] == saved.article_identity("lead")
    assert second["article_id"] == "second" and "T" in second["saved"]


def test_markdown_clippings_with_citations(
    capsys: pytest.CaptureFixture[str], saved: Issue
) -> None:
    code, out, _ = run(capsys, "--markdown")
    assert code == 0
    second, lead = out.splitlines()
    assert lead == (
        "- **左中党建融合打造城区治理“新高地”** — 通讯员 王秀梅 吴越 记者 赵彦臻. "
        "*人民日报*, 2026-11-27, 要闻. Note: 值得 一读"
    )
    assert second == r"- **\*Stars\* \& \[links\] \<b\>**. *人民日报*, 2026-11-27, 要闻."


def test_store_notices_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from reader import paths

    paths.data_dir().mkdir(parents=True)
    (paths.data_dir() / DB_NAME).write_bytes(b"\x00garbage" * 100)
    code, out, err = run(capsys)
    assert code == 0 and "No bookmarks yet" in out
    assert err.startswith("paperread: paperread.db was damaged") and "moved aside" in err


def test_json_and_markdown_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        bookmarks_cli.build_parser().parse_args(["--json", "--markdown"])
    assert exit_.value.code == 2


# Characters a terminal acts on that json.dumps leaves raw: CSI (8-bit), RLO, DEL.
CONTROLS = "\u009b\u202e\x7f"


def test_json_escapes_terminal_controls_losslessly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The store is a file anyone could have edited: its text is escaped, not cleaned."""
    path = tmp_path / f"今日{CONTROLS}.yaml"
    path.write_text("paper: placeholder\n", encoding="utf-8")
    article = Article("lead", f"党建{CONTROLS}融合", (Paragraph("正文。"),))
    section = Section(f"要闻{CONTROLS}", (article,))
    issue = Issue(paper=f"人民{CONTROLS}日报", date=None, path=str(path), sections=(section,))
    with Store() as store:
        store.toggle_bookmark(issue, section, article, note=f"值得{CONTROLS}一读")
    code, out, _ = run(capsys, "--json")
    assert code == 0
    assert not any(ch in out for ch in CONTROLS)
    assert "\\u009b\\u202e\\u007f" in out and "人民" in out  # Chinese stays readable
    (mark,) = json.loads(out)
    assert mark["headline"] == f"党建{CONTROLS}融合"
    assert mark["paper"] == f"人民{CONTROLS}日报"
    assert mark["section"] == f"要闻{CONTROLS}"
    assert mark["note"] == f"值得{CONTROLS}一读"
    assert mark["path"] == str(path)
