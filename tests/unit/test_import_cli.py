"""``paperread import`` on the command line: files, standard input, options, exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.import_page import build_parser, run
from reader.issue.load import load_issue, parse_issue

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "import" / "seed-page.txt"
PAGE = "一则新闻的标题\n本报讯（记者 李明）第一段。\n第二段。\n"


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str | bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_seed_page_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "page.yaml"
    code, out, err = call(capsys, str(SEED), "-o", str(out_path))
    assert code == 0
    assert out == ""
    issue = load_issue(out_path)
    assert issue.article_count() == 7
    assert "左中党建融合打造城区治理“新高地”" in err
    assert "line 35:" in err
    assert "paper named after the input file" in err
    assert f"wrote {out_path}" in err


def test_yaml_to_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = call(capsys, str(write(tmp_path, PAGE)))
    assert code == 0
    issue = parse_issue(out, "out.yaml")
    assert issue.paper == "page"
    assert "一则新闻的标题" in err


def test_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PAGE.encode("gb18030")), encoding="ascii")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = call(capsys, "-", "--paper", "河畔晚报")
    assert code == 0
    assert parse_issue(out, "out.yaml").paper == "河畔晚报"
    assert "GB18030" in err


def test_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["--paper", "河畔晚报", "--date", "2026-05-09", "--section", "要闻"]
    code, out, _ = call(capsys, str(write(tmp_path, PAGE)), *args)
    assert code == 0
    issue = parse_issue(out, "out.yaml")
    assert (issue.paper, str(issue.date), issue.sections[0].title) == (
        "河畔晚报",
        "2026-05-09",
        "要闻",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-13-01"], "--date"),
        (["--date", "2025-02-30"], "--date"),
        (["--date", "2025/01/02"], "--date"),
        (["--encoding", "no-such-codec"], "--encoding"),
        (["--paper", "  "], "--paper"),
        (["--section", ""], "--section"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = call(capsys, str(write(tmp_path, PAGE)), *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_failures_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = {
        str(tmp_path / "missing.txt"): "no such file",
        str(empty_folder(tmp_path)): "a folder with no page texts",
        str(write(tmp_path, "", "empty.txt")): "no article found",
        str(write(tmp_path, "  \n\u3000\n", "blank.txt")): "no article found",
        str(write(tmp_path, bytes(range(256)) * 4, "x.bin")): "binary",
        str(write(tmp_path, "只有标题\n", "title.txt")): "no article found",
    }
    for name, message in cases.items():
        code, out, err = call(capsys, name)
        assert code == 1, name
        assert out == ""
        assert message in err
        assert err.startswith("paperread import: ")
        assert err.count("\n") == 1


def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "no-pages"
    folder.mkdir()
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    return folder


def test_bad_output_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = write(tmp_path, PAGE)
    code, _, err = call(capsys, str(page), "-o", str(tmp_path / "no" / "such" / "dir.yaml"))
    assert code == 1
    assert "cannot write" in err
    code, _, err = call(capsys, str(page), "-o", str(page))
    assert code == 1
    assert "is the input file" in err
    assert page.read_text(encoding="utf-8") == PAGE
    code, _, err = call(capsys, str(page), "-o", str(tmp_path))
    assert code == 1


def test_help() -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--help"])
    assert exit_.value.code == 0


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """Through a fresh interpreter: odd inputs end with one line and an exit code."""
    code = (
        "import sys; from reader.cli.import_page import build_parser, run; "
        "sys.exit(run(build_parser().parse_args(sys.argv[1:])))"
    )
    long_line = write(tmp_path, "很长的一行文字，没有换行。" * 80_000, "long.txt")
    for path, expected in (
        (write(tmp_path, b"\x00\x01\x02binary", "bin.dat"), 1),
        (write(tmp_path, b"\xff\xfe\xfd\xfc", "junk.txt"), 1),
        (long_line, 0),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, str(path), "-o", str(tmp_path / "out.yaml")],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(REPO), "LANG": "C", "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == expected, done.stderr
        assert "Traceback" not in done.stderr


def test_an_input_file_name_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os

    raw = tmp_path / os.fsdecode(b"page-\xfe\x1b[31m.txt")
    raw.write_text(PAGE, encoding="utf-8")
    out_path = tmp_path / "out.yaml"
    code, _, err = call(capsys, str(raw), "-o", str(out_path))
    assert code == 0, err
    issue = load_issue(out_path)
    assert issue.source == "page-\\xfe.txt (paperread import)"
    assert issue.paper == "page-"
    assert "\x1b" not in out_path.read_text(encoding="utf-8")
