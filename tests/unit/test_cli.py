"""The command line: cat, check, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader import __version__
from reader.cli.common import output_is_utf8
from reader.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize("args", [["--help"], ["cat", "--help"], ["check", "--help"]])
def test_help(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "usage:" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cat")
    assert code == 2
    assert "usage:" in err
    code, _, _ = run(capsys, "--no-such-flag")
    assert code == 2


def test_cat_whole_issue_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cat", str(SAMPLE), "--width", "60")
    assert code == 0
    assert "通辽地方新闻（样张）" in out
    for headline in [
        "左中党建融合打造城区治理“新高地”",
        "朝克吐:一腔赤诚 不负青山",
        "各方合力解难题 蔬菜滞销农户急",
    ]:
        assert headline in out
    assert "\x1b" not in out
    assert all(cell_len(line) <= 60 for line in out.splitlines())


def test_cat_one_article_matches_reader_typesetting(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.issue.load import load_issue
    from reader.typeset.article import render_plain, typeset_article

    code, out, _ = run(capsys, "cat", str(SAMPLE), "chaoketu", "--width", "50")
    assert code == 0
    found = load_issue(SAMPLE).find_article("chaoketu")
    assert found is not None
    assert out == render_plain(typeset_article(found[1], 50, 50)) + "\n"
    assert "以履职为重点" in out


def test_cat_unknown_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cat", str(SAMPLE), "nope")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "nope" in err and "chaoketu" in err


def test_cat_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cat", str(SAMPLE), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["paper"] == "通辽地方新闻（样张）"
    assert "date" not in data
    articles = [a for s in data["sections"] for a in s["articles"]]
    assert len(articles) == 7
    code, out, _ = run(capsys, "cat", str(SAMPLE), "shucai-zhixiao", "--json")
    assert json.loads(out)["id"] == "shucai-zhixiao"


def test_search_json_escapes_terminal_controls_losslessly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file name may hold CSI (8-bit), RLO and DEL: escaped in the JSON, never raw."""
    controls = "\u009b\u202e\x7f"
    folder = tmp_path / f"报纸{controls}"
    folder.mkdir()
    copy = folder / f"通辽{controls}.yaml"
    shutil.copyfile(SAMPLE, copy)
    code, out, _ = run(capsys, "search", "党建", str(folder), "--json")
    assert code == 0
    assert not any(ch in out for ch in controls)
    assert "\\u009b\\u202e\\u007f" in out and "通辽" in out  # Chinese stays readable
    hits = json.loads(out)
    assert hits and all(hit["path"] == str(copy) for hit in hits)
    first = hits[0]
    start, end = first["matches"][0]
    assert first["snippet"][start:end] == "党建"
    assert first["paper"] == "通辽地方新闻（样张）"


def test_cat_bad_width(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cat", str(SAMPLE), "--width", "0")
    assert code == 1
    assert "width" in err


def test_cat_broken_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("paperread: 1\npaper: X\n", encoding="utf-8")
    code, out, err = run(capsys, "cat", str(bad))
    assert code == 1
    assert out == ""
    assert "bad.yaml" in err and "sections" in err
    assert "Traceback" not in err


def test_check_valid_and_invalid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(SAMPLE))
    assert code == 0
    assert out == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("paperread: 1\npaper: X\nsections: []\nheadlin: x\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(SAMPLE), str(bad))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) >= 2
    assert all(line.startswith(str(bad) + ":") for line in lines)


def test_check_folder_and_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert "1 file" in err
    code, out, _ = run(capsys, "check", str(tmp_path / "missing.yaml"))
    assert code == 1
    assert "no such file" in out


def test_reader_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nothing-here"))
    assert code == 1
    assert err.count("\n") == 1 and "no such file" in err


def test_reader_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path))
    assert code == 1
    assert "no issue files" in err


def test_output_encoding_detection() -> None:
    assert output_is_utf8(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert not output_is_utf8(io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert not output_is_utf8(io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))


@pytest.mark.parametrize("command", [[], ["cat", str(SAMPLE)]])
def test_non_utf8_terminal_gets_a_clear_message(command: list[str]) -> None:
    env = {"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin", "LANG": "C"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", *command],
        cwd=REPO,
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "UTF-8" in err and "LANG=C.UTF-8" in err
    assert "Traceback" not in err
    assert result.stdout == b""


def test_python_m_reader_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--version"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, subprocess.PIPE])
def test_the_reader_without_a_terminal_says_so_and_does_not_spin(stdin: int) -> None:
    """Issue 16.5: ``paperread < /dev/null`` kept a core busy until killed."""
    result = subprocess.run(
        [sys.executable, "-m", "reader", str(REPO / "issues" / "tongliao-sample.yaml")],
        stdin=stdin,
        capture_output=True,
        timeout=60,
        input=None,
    )
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "needs a terminal" in err and "paperread cat" in err
    assert b"\x1b" not in result.stdout + result.stderr
