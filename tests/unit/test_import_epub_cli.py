"""``paperread import BOOK.epub`` and ``paperread import --recipe NAME`` on the command line:
what is detected, exit codes, one-line errors, pictures beside the issue file, and calibre's
``ebook-convert`` run as a program (a stand-in script on PATH here; none when it is missing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.import_page import build_parser, run
from reader.cli.main import main
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Photo
from reader.sources.recipe import CALIBRE_HINT
from tests.unit.epub_fixtures import EN_STORY, ZH_LEAD, ZH_WORLD, book_epub, news_epub

REPO = Path(__file__).resolve().parents[2]


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    return news_epub(tmp_path / "paper.epub", [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])])


def test_news_epub_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, paper: Path
) -> None:
    out = tmp_path / "out" / "示例日报.yaml"
    out.parent.mkdir()
    code, stdout, err = call(capsys, str(paper), "-o", str(out))
    assert code == 0
    assert stdout == ""
    lines = err.splitlines()
    assert lines[0] == (
        f"{paper}: calibre news EPUB (EPUB 2, NCX): 示例日报, 2026-12-05, "
        "2 section(s), 2 article(s), 1 picture(s)"
    )
    assert lines[-1] == f"wrote {out}"
    issue = load_issue(out)
    assert issue.article_count() == 2
    photos = [b for _, a in issue.articles() for b in a.body if isinstance(b, Photo)]
    assert len(photos) == 1 and photos[0].file is not None
    assert photos[0].file.startswith("示例日报-images/")
    assert (out.parent / photos[0].file).read_bytes().startswith(b"\x89PNG")
    # paperread check agrees.
    assert main(["check", str(out)]) == 0


def test_detected_by_its_bytes_not_its_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = news_epub(tmp_path / "download.bin", [("World", [EN_STORY])], version=3, lang="en")
    code, out, err = call(capsys, str(path), "-o", "-")
    assert code == 0
    assert "calibre news EPUB (EPUB 3, nav.xhtml)" in err.splitlines()[0]
    issue = parse_issue(out, "out.yaml")
    assert issue.sections[0].articles[0].headline == "Harbour ferries return"
    # Written to standard output: no folder to put pictures in, the caption stays.
    assert Photo(caption="A ferry at the pier.") in issue.sections[0].articles[0].body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.bin"]


def test_plain_book(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = book_epub(tmp_path / "book.epub", [("One", "<h1>One</h1><p>Text.</p>")])
    out = tmp_path / "book.yaml"
    code, _, err = call(capsys, str(path), "-o", str(out))
    assert code == 0
    assert "EPUB book (EPUB 3, nav.xhtml): A Made-up Book" in err
    assert load_issue(out).sections[0].articles[0].headline == "One"


def test_paper_and_date_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, paper: Path
) -> None:
    code, out, _ = call(capsys, str(paper), "-o", "-", "--paper", "我的报", "--date", "2026-01-02")
    assert code == 0
    issue = parse_issue(out, "o.yaml")
    assert (issue.paper, str(issue.date)) == ("我的报", "2026-01-02")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "5 Dec"], "--date: expected a date as YYYY-MM-DD"),
        (["--encoding", "gbk"], "--encoding does not apply to an EPUB"),
        (["--section", "A"], "--section does not apply to an EPUB"),
        (["--recipe", "x"], "give either a file to import or --recipe NAME, not both"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], paper: Path, args: list[str], message: str
) -> None:
    code, out, err = call(capsys, str(paper), *args)
    assert (code, out) == (2, "")
    assert err.startswith("paperread import: ") and message in err
    assert len(err.splitlines()) == 1


def test_output_is_the_input(capsys: pytest.CaptureFixture[str], paper: Path) -> None:
    code, _, err = call(capsys, str(paper), "-o", str(paper))
    assert code == 1
    assert "is the input file" in err and len(err.splitlines()) == 1


def test_missing_file_named_epub(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = call(capsys, str(tmp_path / "nope.epub"))
    assert code == 1
    assert err == f"paperread import: {tmp_path / 'nope.epub'}: no such file\n"


def test_nothing_to_import(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and "give a file to import" in err


# -- --recipe ------------------------------------------------------------------------------


def fake_ebook_convert(folder: Path, epub: Path, *, fail: bool = False) -> Path:
    """An ``ebook-convert`` on PATH that logs its arguments and copies ``epub`` to argv[2]."""
    folder.mkdir(exist_ok=True)
    script = folder / "fake_convert.py"
    script.write_text(
        "import shutil, sys\n"
        f"open({str(folder / 'args.txt')!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
        "print('Fetching feeds...')\n"
        + (
            "print('Recipe failed: no such recipe', file=sys.stderr); sys.exit(3)\n"
            if fail
            else f"shutil.copy({str(epub)!r}, sys.argv[2])\n"
        ),
        encoding="utf-8",
    )
    program = folder / "ebook-convert"
    # A short /bin/sh shebang: a long TMPDIR would overflow a shebang naming Python itself.
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    return folder


def test_recipe_without_calibre(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = call(capsys, "--recipe", "demo")
    assert (code, out) == (1, "")
    assert err == f"paperread import: {CALIBRE_HINT}\n"
    assert "install calibre" in err


def test_recipe_runs_ebook_convert_and_imports(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    paper: Path,
) -> None:
    bin_dir = fake_ebook_convert(tmp_path / "bin", paper)
    monkeypatch.setenv("PATH", str(bin_dir))
    out = tmp_path / "today.yaml"
    code, stdout, err = call(capsys, "--recipe", "demo", "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    recipe, target = (bin_dir / "args.txt").read_text(encoding="utf-8").splitlines()
    assert recipe == "demo.recipe"
    assert target.endswith(".epub")
    assert not Path(target).exists()  # the temporary EPUB is gone
    assert "demo.recipe: calibre news EPUB (EPUB 2, NCX): 示例日报" in err
    assert load_issue(out).article_count() == 2
    assert (tmp_path / "today-images").is_dir()


def test_recipe_that_fails(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    paper: Path,
) -> None:
    monkeypatch.setenv("PATH", str(fake_ebook_convert(tmp_path / "bin", paper, fail=True)))
    code, out, err = call(capsys, "--recipe", "nope.recipe", "-o", str(tmp_path / "o.yaml"))
    assert (code, out) == (1, "")
    errors = [line for line in err.splitlines() if line.startswith("paperread import:")]
    assert errors == [
        "paperread import: ebook-convert nope.recipe failed (exit 3): Recipe failed: no such recipe"
    ]
    assert not (tmp_path / "o.yaml").exists()


def test_whole_command_in_a_child_process(tmp_path: Path, paper: Path) -> None:
    out = tmp_path / "child.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(paper), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert load_issue(out).paper == "示例日报"


def test_start_up_imports_no_parser() -> None:
    """Neither the command line nor the EPUB dispatch loads lxml or zipfile up front."""
    code = (
        "import sys, reader.cli.main, reader.cli.import_page, reader.cli.import_epub, "
        "reader.sources; "
        "print(','.join(m for m in ('lxml', 'zipfile') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_shutil_which_sees_the_fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The stand-in is found the way the command finds the real one."""
    monkeypatch.setenv("PATH", str(fake_ebook_convert(tmp_path / "bin", tmp_path / "x")))
    assert shutil.which("ebook-convert") == str(tmp_path / "bin" / "ebook-convert")


def test_without_o_the_issue_goes_into_the_library_under_a_stable_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 14.4: no -o writes into the library's issues/ folder; the same issue again
    replaces its own file, a different issue with the same name never does."""
    from reader import paths
    from reader.cli.import_output import library_file
    from reader.issue.load import load_issue
    from reader.issue.model import Article, Issue, Paragraph, Section

    path = news_epub(tmp_path / "news.epub", [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])])
    code, out, err = call(capsys, str(path))
    assert code == 0, err
    assert out == ""
    written = sorted(paths.user_issues_dir().glob("*.yaml"))
    assert len(written) == 1 and f"wrote {written[0]}" in err
    issue = load_issue(written[0])
    assert written[0].name.startswith(issue.paper)
    if issue.date is not None:
        assert issue.date.isoformat() in written[0].name
    assert call(capsys, str(path))[0] == 0  # again: the same file
    assert sorted(paths.user_issues_dir().glob("*.yaml")) == written

    # Another issue that would get the same name takes the next one.
    other = Issue(
        paper=issue.paper + "!",  # another paper, the same safe file name
        date=issue.date,
        sections=(Section("要闻", (Article("a", "另一篇", (Paragraph("正文。"),)),)),),
    )
    target = library_file(other, written[0].parent)
    assert target.name == written[0].name.replace(".yaml", "-2.yaml")
