"""The first look at a library the catalogue does not know (reader.library.first_look)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.library.catalogue
from reader.library.catalogue import Catalogue
from reader.library.files import catalogue_library
from reader.library.first_look import HEAD_BYTES, MAX_PARSED, first_look, guess_head
from tests.conftest import WriteIssue


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    parse = reader.library.catalogue.load_issue

    def counted(path: str, **options: bool) -> object:
        parsed.append(os.path.basename(path))
        return parse(path, **options)

    monkeypatch.setattr(reader.library.catalogue, "load_issue", counted)
    return parsed


@pytest.mark.parametrize(
    ("text", "date", "paper"),
    [
        ("paperread: 1\npaper: 河畔晚报\ndate: 2026-05-09\n", "2026-05-09", "河畔晚报"),
        (
            "paperread: 1\r\npaper: 'Daily'\r\ndate: '2026-05-09'  # printed\r\n",
            "2026-05-09",
            "Daily",
        ),
        ('date: "2026-05-09"\npaper: "X" # masthead\n', "2026-05-09", "X"),
        ("paperread: 1\nsections:\n  - date: 2026-05-09\n", None, None),  # not top-level
        ("paperread: 1\ndate: 2026-13-40\n", None, None),  # no such day
    ],
)
def test_guess_head_reads_the_top_level_lines(
    tmp_path: Path, text: str, date: str | None, paper: str | None
) -> None:
    path = tmp_path / "issue.yaml"
    path.write_bytes(text.encode("utf-8"))
    guessed, named = guess_head(str(path))
    assert (str(guessed) if guessed else None, named) == (date, paper)


def test_guess_head_falls_back_on_a_date_in_the_name(tmp_path: Path) -> None:
    path = tmp_path / "daily-20260509.yaml"
    path.write_text("# " + "x" * HEAD_BYTES + "\ndate: 2020-01-01\n", encoding="utf-8")
    assert str(guess_head(str(path))[0]) == "2026-05-09"  # the date is beyond the head
    assert guess_head(str(tmp_path / "gone-2026-05-09.yaml")) == (
        guess_head(str(path))[0],
        None,
    )


def test_a_wrong_guess_is_parsed_and_ranked_by_what_it_holds(
    tmp_path: Path, write_issue: WriteIssue, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    for day in (1, 2, 3):
        write_issue(root / f"n{day}.yaml", "Daily", f"2026-01-0{day}", ["A"])
    # Its name says 2030, its date (beyond the head) 2020: guessed newest, parsed, put back.
    liar = root / "paper-2030-01-01.yaml"
    liar.write_text(
        "# " + "x" * HEAD_BYTES + "\npaperread: 1\npaper: Daily\ndate: 2020-01-01\nsections:\n"
        "  - title: T\n    articles:\n      - id: a\n        headline: H\n        body: [x]\n",
        encoding="utf-8",
    )
    write_issue(root / "broken.yaml", "Daily", "2031-01-01", ["A"]).write_text(
        "paper: Daily\ndate: 2031-01-01\nsections: [", encoding="utf-8"
    )
    parsed = _counting(monkeypatch)
    cat = Catalogue(tmp_path / "catalogue.db")
    look = first_look(cat, [root])
    assert look is not None and look.issue is not None
    assert str(look.issue.date) == "2026-01-03" and look.meta.path.name == "n3.yaml"
    assert parsed == ["broken.yaml", "paper-2030-01-01.yaml", "n3.yaml"]
    assert look.pending == 2
    # What was parsed is in the catalogue: the full scan parses only the other two.
    parsed.clear()
    cat.scan([root])
    assert sorted(parsed) == ["n1.yaml", "n2.yaml"]


def test_files_added_to_a_catalogued_library(
    tmp_path: Path, write_issue: WriteIssue, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    for day in (1, 2, 3):
        write_issue(root / f"n{day}.yaml", "Daily", f"2026-01-0{day}", ["A"])
    cat = Catalogue(tmp_path / "catalogue.db")
    cat.scan([root])
    parsed = _counting(monkeypatch)
    write_issue(root / "old.yaml", "Daily", "2025-12-31", ["A"])
    look = first_look(cat, [root])  # the newest is a file the catalogue knows: not parsed
    assert look is not None and look.issue is None and look.meta.path.name == "n3.yaml"
    assert parsed == [] and look.pending == 1
    write_issue(root / "new.yaml", "Daily", "2026-01-04", ["A"])
    look = first_look(cat, [root])
    assert look is not None and look.issue is not None and look.meta.path.name == "new.yaml"
    assert parsed == ["new.yaml"] and look.pending == 1


def test_no_first_look_when_nothing_is_to_parse_or_nothing_loads(
    tmp_path: Path, write_issue: WriteIssue
) -> None:
    root = tmp_path / "lib"
    write_issue(root / "n1.yaml", "Daily", "2026-01-01", ["A"])
    cat = Catalogue(tmp_path / "catalogue.db")
    cat.scan([root])
    assert first_look(cat, [root]) is None  # all known: the scan is only a walk
    for number in range(MAX_PARSED + 1):
        (root / f"bad{number}.yaml").write_text("paper: X\ndate: 2030-01-01\n", encoding="utf-8")
    assert first_look(Catalogue(":memory:"), [root]) is None  # the guesses did not settle
    # So a first start scans in full, as before the first look existed.
    library = catalogue_library([root], Catalogue(":memory:"), quick=True)
    assert library.verified and library.pending == 0 and len(library.entries) == MAX_PARSED + 2
