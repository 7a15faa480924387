"""``paperread import PAGE1.txt PAGE2.txt … -o ISSUE.yaml``: many pages, one issue (15.4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli.import_page import build_parser, run
from reader.importer import ImportFailed, import_pages
from reader.issue.load import load_issue

PAGE_4 = """\
人民日报 2026年03月06日 星期五
第04版：要闻

　　春耕备耕忙

　　本报记者  王  沛

　　田间地头，农机轰鸣。各地抓住有利时机，全力推进春耕生产。
　　农技人员走进田间，指导农户科学施肥。
"""

PAGE_5 = """\
《 人民日报 》（ 2026年03月06日   第 05 版）
第05版：综合

　　春耕备耕忙

　　本报记者  周  宁

　　水库蓄水充足，灌区渠道全部疏通。今年的春灌用水有保障。
　　管理站的同志每天巡查渠道。
"""

NO_HEADER = """\
　　一条老街的新生

　　本报记者  李  贺

　　老街改造完成后，店铺重新开张，游客多了起来。
　　居民说，老街的味道还在。
"""


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def pages(tmp_path: Path, **texts: str) -> list[Path]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_two_pages_make_one_issue(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "issue.yaml"
    files = pages(tmp_path, p04=PAGE_4, p05=PAGE_5)
    code, stdout, err = call(capsys, *map(str, files), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    issue = load_issue(out)
    assert issue.paper == "人民日报"
    assert issue.date is not None and issue.date.isoformat() == "2026-03-06"
    assert [(s.title, s.page) for s in issue.sections] == [("要闻", "4"), ("综合", "5")]
    ids = [a.id for _, a in issue.articles()]
    assert len(ids) == len(set(ids)) == 2  # one headline on both pages: two ids
    assert "p04.txt, p05.txt" in (issue.source or "")
    assert "2 articles in 2 sections" in err
    assert f"wrote {out}" in err


def test_a_folder_of_pages_in_name_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    pages(folder, b05=PAGE_5, a04=PAGE_4)
    (folder / "readme.md").write_text("not a page", encoding="utf-8")
    code, stdout, err = call(capsys, str(folder))
    assert code == 0, err
    assert "title: 要闻" in stdout
    assert stdout.index("title: 要闻") < stdout.index("title: 综合")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("2026年03月06日", "2026年03月07日"), "p05.txt: prints the date 2026-03-07, but p04.txt"),
        (("人民日报", "光明日报"), "p05.txt: prints the paper '光明日报', but p04.txt"),
    ],
)
def test_pages_that_disagree_stop_the_import(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: tuple[str, str],
    message: str,
) -> None:
    files = pages(tmp_path, p04=PAGE_4, p05=PAGE_5.replace(*change))
    out = tmp_path / "issue.yaml"
    code, stdout, err = call(capsys, *map(str, files), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert err.startswith(f"paperread import: {message}")
    assert err.count("\n") == 1
    assert not out.exists()


def test_options_override_the_page_headers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = pages(tmp_path, p04=PAGE_4, p05=PAGE_5.replace("2026年03月06日", "2026年03月07日"))
    code, stdout, err = call(capsys, *map(str, files), "--date", "2026-03-06")
    assert code == 0, err
    assert "date: 2026-03-06" in stdout


def test_a_page_without_header_is_named_after_its_file(tmp_path: Path) -> None:
    result = import_pages([("p04.txt", PAGE_4.encode()), ("extra.txt", NO_HEADER.encode())])
    assert [s.title for s in result.issue.sections] == ["要闻", "extra"]
    assert result.issue.paper == "人民日报"


def test_a_failing_page_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"^empty\.txt: the input is empty"):
        import_pages([("p04.txt", PAGE_4.encode()), ("empty.txt", b"")])


def test_guesses_name_their_page() -> None:
    result = import_pages([("p04.txt", PAGE_4.encode()), ("p05.txt", PAGE_5.encode())])
    assert all(g.page in ("p04.txt", "p05.txt") for g in result.guesses)
    assert all(str(g).startswith(f"{g.page}, line ") for g in result.guesses)


def test_standard_input_cannot_be_one_of_several_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (page,) = pages(tmp_path, p04=PAGE_4)
    code, _, err = call(capsys, str(page), "-")
    assert code == 1
    assert "standard input cannot be one of several pages" in err


def test_explain_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = pages(tmp_path, p04=PAGE_4, p05=PAGE_5)
    code, stdout, err = call(capsys, *map(str, files), "--explain")
    assert code == 0, err
    assert "explain: which input lines became which field" not in stdout
    explained = err[err.index("explain: which input lines became which field") :]
    assert "  春耕备耕忙   (id " in explained and "section 综合)" in explained
    assert "    line 6        byline" in explained
    code, _, err = call(capsys, *map(str, files))
    assert "explain:" not in err
