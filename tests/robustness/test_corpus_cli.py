"""Every case of the hostile-input corpus through ``paperread check`` and ``paperread cat``.

A rejected file gives one ``file:line:col: path: message`` line per problem and
exit 1, from both commands; an accepted one prints its text with nothing a
terminal would act on, and markup-like text exactly as written. No case may
end in a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.issue.clean import clean_inline
from reader.issue.load import parse_issue
from tests.robustness.corpus import (
    BAD,
    CASES,
    MANIFEST,
    PROBLEM_LINE,
    Case,
    materialize,
    unsafe_characters,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the generated cases, made once for the module."""
    return tmp_path_factory.mktemp("generated")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def squeezed(text: str) -> str:
    """Text without any whitespace: wrapping moves spaces and line breaks, not characters."""
    return "".join(text.split())


def assert_problem_lines(case: Case, path: Path, text: str) -> list[str]:
    """The problem lines of ``text``, checked against the case's expectations."""
    lines = text.splitlines()
    assert lines, f"{case.name}: no problem reported"
    shown_name = clean_inline(str(path))
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match is not None, f"{case.name}: not file:line:col: path: message: {line!r}"
        assert match["file"] == shown_name, line
    if case.problems is not None:
        assert len(lines) == case.problems, lines
    for expected in case.expect:
        assert any(expected in line for line in lines), f"{case.name}: {expected!r} in {lines}"
    assert unsafe_characters(text) == []
    return lines


def test_the_manifest_and_the_folder_agree() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    files = {path.stem for path in BAD.glob("*.yaml")}
    kept = {case.name for case in CASES if case.generate is None}
    assert files == kept, "every fixture file has a case, and every case its file"
    assert len(CASES) >= 40
    for case in CASES:
        assert case.check in ("accept", "reject"), case.name
        assert case.accepted == bool(case.shows), f"{case.name}: accepted cases say what shows"
        assert case.accepted != bool(case.expect), f"{case.name}: rejected ones what is said"
    json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check(case: Case, generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = materialize(case, generated)
    code, out, err = run(capsys, "check", str(path))
    assert "Traceback" not in out + err
    if case.accepted:
        assert (code, out) == (0, ""), out
        assert err == "checked 1 file(s): all valid\n"
    else:
        assert code == 1
        assert_problem_lines(case, path, out)
        assert err == "checked 1 file(s): 1 with problems\n"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cat(case: Case, generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = materialize(case, generated)
    article = [case.cat_article] if case.cat_article else []
    code, out, err = run(capsys, "cat", str(path), *article)
    assert "Traceback" not in out + err
    if not case.accepted:
        assert (code, out) == (1, "")
        assert_problem_lines(case, path, err)
        return
    assert (code, err) == (0, "")
    assert unsafe_characters(out) == []
    flat = squeezed(out)
    for shown in case.shows:
        assert squeezed(shown) in flat, f"{case.name}: {shown!r} not shown"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


ACCEPTED = [case for case in CASES if case.accepted and case.size < 100_000]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_cat_json_holds_only_clean_text(
    case: Case, generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = materialize(case, generated)
    code, out, _ = run(capsys, "cat", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert unsafe_characters(out) == []
    for text in _strings(data):  # JSON would spell a control as \u001b: look inside too
        assert unsafe_characters(text) == [], text


def test_check_of_the_whole_corpus_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    """A folder: every file is checked, each problem on its line, the count at the end."""
    code, out, err = run(capsys, "check", str(BAD))
    kept = [case for case in CASES if case.generate is None]
    rejected = [case for case in kept if not case.accepted]
    assert code == 1
    assert err == f"checked {len(kept)} file(s): {len(rejected)} with problems\n"
    named = {PROBLEM_LINE.match(line)["file"] for line in out.splitlines()}  # type: ignore[index]
    assert named == {str(BAD / f"{case.name}.yaml") for case in rejected}


def test_a_real_process_never_shows_a_traceback(generated: Path) -> None:
    """The worst cases through ``python -m reader``, as a user runs them."""
    names = ["alias-bomb", "deep-lists-10000", "binary", "tag-python-object", "evil-filename"]
    paths = [str(materialize(case, generated)) for case in CASES if case.name in names]
    for command in (["check", *paths], *(["cat", path] for path in paths)):
        result = subprocess.run(
            [sys.executable, "-m", "reader", *command],
            cwd=REPO,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 1
        err = result.stderr.decode()
        assert "Traceback" not in err and "unexpected error" not in err
        assert b"\x1b" not in result.stdout + result.stderr


def test_names_full_of_escape_sequences_in_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Paths are quoted in errors and reports: they are cleaned like any text."""
    evil = "x\x1b]0;EVIL\x07\x1b]52;c;ZXZpbA==\x07\u202e"
    folder = tmp_path / evil
    folder.mkdir()
    for args in (["cat", str(folder)], ["check", str(folder)], [str(tmp_path / f"{evil}.yaml")]):
        code, out, err = run(capsys, *args)
        assert code == 1
        assert unsafe_characters(out + err) == [], (args, out, err)
    page = tmp_path / "\x1b]0;EVIL\x07\u202e.txt"  # a name that cleans to nothing
    page.write_text("本报讯 第一段文字，说了一件事。\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(page))
    assert code == 0, err
    assert unsafe_characters(err) == [] and "Traceback" not in err

    assert parse_issue(out, "imported.yaml").paper == "page"  # the importer's fallback name
