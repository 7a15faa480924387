"""``paperread import PAGE.html|FOLDER [--pages …]`` on the command line: the layout said on
stderr, exit codes, one-line errors, pictures beside the issue file, and output that
``paperread check`` accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.cli.import_epaper import is_epaper_input, parse_pages
from reader.cli.import_page import build_parser, run
from reader.cli.main import main
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Photo

DATA = Path(__file__).resolve().parents[1] / "data" / "epaper"
PEOPLE_PAGE = DATA / "people" / "rmrb/pc/layout/202501/03/node_01.html"
FOUNDER = DATA / "founder"


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def test_people_page_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "人民日报.yaml"
    code, stdout, err = call(capsys, str(PEOPLE_PAGE), "-o", str(out))
    assert code == 0
    assert stdout == ""
    lines = err.splitlines()
    assert lines[0] == (
        f"{PEOPLE_PAGE}: 人民日报 e-paper (2025 layout), 3 pages, 4 articles: 人民日报, 2025-01-03"
    )
    assert (
        lines[1] == "note: left out article rmrb/pc/content/202501/03/content_202.html: not saved"
    )
    assert lines[-2:] == ["wrote 3 pictures in 人民日报-images/", f"wrote {out}"]
    issue = load_issue(out)
    assert [s.title for s in issue.sections] == ["第01版：要闻", "第02版：经济", "第03版：文化"]
    photos = [b for _, a in issue.articles() for b in a.body if isinstance(b, Photo) and b.file]
    assert len(photos) == 3
    for photo in photos:
        assert photo.file is not None
        assert (tmp_path / photo.file).read_bytes().startswith(b"\x89PNG")
    assert main(["check", str(out)]) == 0


def test_founder_folder_to_stdout_with_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = call(capsys, str(FOUNDER), "-o", "-", "--pages", "2")
    assert code == 0
    assert err.splitlines()[0] == (
        f"{FOUNDER}: Founder (方正) e-paper, 1 page, 1 article: 示例晚报, 2025-01-03"
    )
    issue = parse_issue(out, "out.yaml")
    assert [s.title for s in issue.sections] == ["第02版：城事"]


def test_a_flat_copy_by_its_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A page is told by its content: any name will do."""
    for path in FOUNDER.glob("*.htm"):
        shutil.copy(path, tmp_path / path.name)
    renamed = tmp_path / "front-page.download"
    shutil.copy(tmp_path / "node_1.htm", renamed)
    code, _, err = call(capsys, str(renamed))
    assert code == 0, err
    assert "Founder (方正) e-paper, 2 pages, 3 articles" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pages", "x"], "--pages: expected page numbers like 1-4 or 1,3,5, got 'x'"),
        (["--pages", "4-1"], "--pages: expected"),
        (["--section", "要闻"], "--section does not apply to an e-paper page"),
        (["--encoding", "gbk"], "--encoding does not apply to an e-paper page"),
        (["--date", "3.1.2025"], "--date: expected a date as YYYY-MM-DD"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = call(capsys, str(FOUNDER), *args)
    assert code == 2
    assert out == ""
    assert err.startswith("paperread import: ")
    assert message in err
    assert err.count("\n") == 1


def test_pages_on_raw_text_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = tmp_path / "page.txt"
    raw.write_text("标题\n\n正文。\n", encoding="utf-8")
    code, _, err = call(capsys, str(raw), "--pages", "1")
    assert code == 2
    assert err == "paperread import: --pages applies only to an e-paper page or folder\n"


def test_failures_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    generic = tmp_path / "generic.html"
    generic.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例新聞網</title></head>'
        "<body><article><h1>普通新聞</h1><p>正文。</p></article></body></html>",
        encoding="utf-8",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = {
        str(generic): "not a known e-paper layout (paperread reads 人民日报 web edition",
        str(empty): "a folder with no page texts (.txt) and no saved e-paper pages",
        str(FOUNDER): "no such page",  # with --pages 7
    }
    for name, message in cases.items():
        extra = ["--pages", "7"] if name == str(FOUNDER) else []
        out = tmp_path / "out.yaml"
        code, stdout, err = call(capsys, name, "-o", str(out), *extra)
        assert code == 1, name
        assert stdout == ""
        assert err.startswith(f"paperread import: {name}: ")
        assert message in err
        assert err.count("\n") == 1
        assert not out.exists()


def test_output_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = call(capsys, str(FOUNDER), "-o", str(tmp_path))
    assert code == 1
    assert "is a folder" in err


def test_through_main(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "f.yaml"
    assert main(["import", str(FOUNDER / "node_2.htm"), "-o", str(out), "--paper", "另一报"]) == 0
    capsys.readouterr()
    assert load_issue(out).paper == "另一报"


def test_what_counts_as_an_epaper_input(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', encoding="utf-8")
    text = tmp_path / "page.txt"
    text.write_text("人民日报\n第01版\n", encoding="utf-8")
    assert is_epaper_input(str(FOUNDER))
    assert is_epaper_input(str(PEOPLE_PAGE))
    assert not is_epaper_input(str(feed))
    assert not is_epaper_input(str(text))
    assert not is_epaper_input("-")
    assert not is_epaper_input(str(tmp_path / "missing.html"))


def test_parse_pages() -> None:
    assert parse_pages("1-4") == frozenset({1, 2, 3, 4})
    assert parse_pages("1, 3,5-6") == frozenset({1, 3, 5, 6})
    assert parse_pages("0") is None
    assert parse_pages("") is None
    assert parse_pages("1-") is None
