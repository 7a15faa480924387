"""Quick start: the newest issue from the catalogue without a stat per file, then the check.

(reader.library.catalogue.Catalogue.quick_scan, reader.library.files.catalogue_library(quick=True),
reader.library.files.verify_library)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.issue.load import load_issue
from reader.library import catalogue as catalogue_module
from reader.library.catalogue import Catalogue
from reader.library.files import catalogue_library, entry_key, verify_library

if TYPE_CHECKING:
    from tests.conftest import WriteIssue


@pytest.fixture
def library(tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]) -> Path:
    root = tmp_path / "lib"
    write_issue(root / "a" / "2024-01-02.yaml", "河畔晚报", "2024-01-02", ["大桥通车"])
    write_issue(root / "a" / "2024-03-05.yaml", "河畔晚报", "2024-03-05", ["春耕开始", "夜市"])
    write_issue(root / "b" / "undated.yml", "山城日报", None, ["没有日期"])
    (root / "b" / "broken.yaml").write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    age_folders(root)
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def counting(path: os.PathLike[str] | str, **_options: bool) -> object:
        seen.append(Path(path).name)
        return load_issue(path)

    monkeypatch.setattr(catalogue_module, "load_issue", counting)
    return seen


def test_no_quick_answer_for_roots_never_scanned(
    library: Path, tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    assert cat.quick_scan([library]) is None
    cat.scan([library])
    other = tmp_path / "other"
    write_issue(other / "x.yaml", "别的报", "2024-05-01", ["另一份"])
    age_folders(other)
    assert cat.quick_scan([library, other]) is None


def test_quick_scan_gives_the_newest_issue_without_parsing(
    library: Path, tmp_path: Path, parses: list[str]
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])
    parses.clear()
    found = cat.quick_scan([library])
    assert found is not None and len(found) == 1
    assert found[0].path.name == "2024-03-05.yaml"
    assert found[0].article_count == 2
    assert parses == []


def test_the_quick_library_is_the_newest_issue_and_unverified(
    library: Path, tmp_path: Path
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    full = catalogue_library([library], cat)
    assert full.verified and len(full.entries) == 4
    quick = catalogue_library([library], cat, quick=True)
    assert not quick.verified
    assert [e.path.name for e in quick.entries] == ["2024-03-05.yaml"]
    assert [e.path.name for e in quick.entries] == [e.path.name for e in full.entries[:1]]


def test_a_file_added_since_the_scan_is_not_missed(
    library: Path, tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])
    write_issue(library / "a" / "2024-04-01.yaml", "河畔晚报", "2024-04-01", ["新的一期"])
    age_folders(library)
    # The folder's time changed: no quick answer. The first look finds the new file, the
    # newest, and parses it alone; the check after the first frame reads the rest.
    assert cat.quick_scan([library]) is None
    started = catalogue_library([library], cat, quick=True)
    assert not started.verified and started.pending == 0
    assert [e.path.name for e in started.entries] == ["2024-04-01.yaml"]
    assert started.entries[0].loaded
    checked = verify_library(started)
    assert checked is not None and checked.entries[0] is started.entries[0]
    assert len(checked.entries) == 5


def test_a_file_removed_since_the_scan_is_not_opened(
    library: Path, tmp_path: Path, age_folders: Callable[[Path], None]
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])
    (library / "a" / "2024-03-05.yaml").unlink()
    age_folders(library)
    assert cat.quick_scan([library]) is None


def test_a_folder_changed_just_before_the_scan_is_not_trusted(
    library: Path, tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]
) -> None:
    write_issue(library / "c" / "2024-02-01.yaml", "河畔晚报", "2024-02-01", ["刚写的"])
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])  # folder c was written a moment ago: another file may follow
    assert cat.quick_scan([library]) is None
    age_folders(library)
    cat.scan([library])
    assert cat.quick_scan([library]) is not None


def test_verify_notices_a_file_changed_in_place(
    library: Path, tmp_path: Path, write_issue: WriteIssue
) -> None:
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])
    newest = library / "a" / "2024-03-05.yaml"
    write_issue(newest, "河畔晚报", "2024-03-05", ["改过的标题"])  # its folder is unchanged
    quick = catalogue_library([library], cat, quick=True)
    assert not quick.verified
    assert quick.entries[0].article_count == 2  # the catalogue's word, not yet checked
    checked = verify_library(quick)
    assert checked is not None and checked.verified
    assert len(checked.entries) == 4
    first = checked.entries[0]
    assert first.path.name == "2024-03-05.yaml"
    assert first.article_count == 1
    assert [h.headline for h in first.headlines()] == ["改过的标题"]
    assert [e.path.name for e in checked.broken] == ["broken.yaml"]


def test_verify_keeps_unchanged_and_parsed_entries(library: Path, tmp_path: Path) -> None:
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([library])
    quick = catalogue_library([library], cat, quick=True)
    opened = quick.entries[0]
    assert opened.issue is not None  # the reader parses the issue it shows
    checked = verify_library(quick)
    assert checked is not None
    assert checked.entries[0] is opened
    assert {entry_key(e) for e in checked.entries} == {
        str(p) for p in library.rglob("*") if p.suffix in (".yaml", ".yml")
    }
    # A verified library needs no second check.
    assert verify_library(checked) is None


def test_verify_of_an_unchanged_full_library_is_none(library: Path, tmp_path: Path) -> None:
    cat = Catalogue(tmp_path / "c.db")
    full = catalogue_library([library], cat)
    assert verify_library(full) is None


def test_quick_start_when_every_file_is_broken(
    tmp_path: Path, age_folders: Callable[[Path], None]
) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "bad.yaml").write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    age_folders(root)
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([root])
    quick = catalogue_library([root], cat, quick=True)
    assert [e.path.name for e in quick.entries] == ["bad.yaml"]
    assert quick.entries[0].broken


def test_quick_start_on_an_empty_folder(
    tmp_path: Path, age_folders: Callable[[Path], None]
) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    age_folders(root)
    cat = Catalogue(tmp_path / "c.db")
    cat.scan([root])
    assert cat.quick_scan([root]) == []


def test_a_root_that_is_a_file_is_scanned_in_full(library: Path, tmp_path: Path) -> None:
    cat = Catalogue(tmp_path / "c.db")
    one = library / "a" / "2024-01-02.yaml"
    cat.scan([one])
    assert cat.quick_scan([one]) is None


def test_a_damaged_catalogue_gives_no_quick_answer(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    cat = Catalogue(path)
    cat.scan([library])
    cat.close()
    path.write_bytes(b"not a database at all" * 100)
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    again = Catalogue(path)  # rebuilt: it knows no roots
    assert again.quick_scan([library]) is None
    # Rebuilt and empty, it is a first start: the newest issue by a first look.
    started = catalogue_library([library], again, quick=True)
    assert not started.verified and started.pending == 3
    assert [e.path.name for e in started.entries] == ["2024-03-05.yaml"]
    assert any("damaged" in m for m in started.messages)
    checked = verify_library(started)
    assert checked is not None and len(checked.entries) == 4


def test_a_file_name_that_is_not_utf8(
    library: Path, tmp_path: Path, write_issue: WriteIssue, age_folders: Callable[[Path], None]
) -> None:
    """SQLite cannot hold such a name: the file is listed and parsed at every scan."""
    odd = os.fsdecode(bytes(library / "a") + b"/2024-09-09-\xff.yaml")
    write_issue(Path(odd), "河畔晚报", "2024-09-09", ["名字不是UTF-8"])
    age_folders(library)
    cat = Catalogue(tmp_path / "c.db")
    full = catalogue_library([library], cat)
    assert full.entries[0].path_text == odd
    assert full.entries[0].article_count == 1
    # Scanned again, it is still there (parsed again, not read from the catalogue).
    again = catalogue_library([library], cat)
    assert again.entries[0].path_text == odd
    # No quick start for these roots: the catalogue cannot vouch for that file.
    assert cat.quick_scan([library]) is None
    # The first look has no row for it either: it is parsed (the newest), the rest is
    # left to the check after the first frame.
    started = catalogue_library([library], cat, quick=True)
    assert not started.verified and started.pending == 0
    assert [e.path_text for e in started.entries] == [odd] and started.entries[0].loaded
