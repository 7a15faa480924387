"""The catalogue (reader.library.catalogue) and the library built from it (reader.library.files)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader import paths
from reader.issue.load import load_issue
from reader.library import catalogue as catalogue_module
from reader.library.catalogue import CATALOGUE_FILE, Catalogue
from reader.library.files import catalogue_library, load_library

if TYPE_CHECKING:
    from tests.conftest import WriteIssue


@pytest.fixture
def library(tmp_path: Path, write_issue: WriteIssue) -> Path:
    root = tmp_path / "lib"
    write_issue(root / "a" / "2024-01-02.yaml", "河畔晚报", "2024-01-02", ["大桥通车", "夜市开张"])
    write_issue(root / "a" / "2024-03-05.yaml", "河畔晚报", "2024-03-05", ["春耕开始"])
    write_issue(root / "b" / "undated.yml", "山城日报", None, ["没有日期"])
    (root / "b" / "broken.yaml").write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    (root / "notes.txt").write_text("not an issue", encoding="utf-8")
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the catalogue parses, in order."""
    seen: list[str] = []

    def counting(path: os.PathLike[str] | str, **_options: bool) -> object:
        seen.append(Path(path).name)
        return load_issue(path)

    monkeypatch.setattr(catalogue_module, "load_issue", counting)
    return seen


def test_scan_reads_what_a_parse_would(library: Path) -> None:
    found = {e.path.name: e for e in Catalogue().scan([library])}
    assert set(found) == {"2024-01-02.yaml", "2024-03-05.yaml", "undated.yml", "broken.yaml"}
    entry = found["2024-01-02.yaml"]
    issue = load_issue(entry.path)
    assert entry.paper == issue.paper
    assert entry.date == dt.date(2024, 1, 2)
    assert entry.identity == issue.identity
    assert entry.article_count == 2
    assert [(h.section, h.article_id, h.headline) for h in entry.articles()] == [
        ("要闻", "a1", "大桥通车"),
        ("要闻", "a2", "夜市开张"),
    ]
    assert not entry.broken and entry.error is None
    broken = found["broken.yaml"]
    assert broken.broken and broken.error is not None
    assert "invalid YAML" in str(broken.error.problems[0])


def test_catalogue_is_kept_in_the_cache_dir(library: Path) -> None:
    Catalogue().scan([library])
    assert (paths.cache_dir() / CATALOGUE_FILE).is_file()


def test_unchanged_files_are_not_parsed_again(library: Path, parses: list[str]) -> None:
    Catalogue().scan([library])
    assert len(parses) == 4
    parses.clear()
    again = Catalogue().scan([library])
    assert parses == []
    assert {e.path.name for e in again} == {
        "2024-01-02.yaml",
        "2024-03-05.yaml",
        "undated.yml",
        "broken.yaml",
    }
    broken = next(e for e in again if e.path.name == "broken.yaml")
    assert broken.broken and broken.error is not None  # remembered, not re-read


def test_only_a_changed_file_is_parsed_again(
    library: Path, parses: list[str], write_issue: WriteIssue
) -> None:
    Catalogue().scan([library])
    parses.clear()
    write_issue(library / "a" / "2024-03-05.yaml", "河畔晚报", "2024-03-05", ["春耕", "秋收"])
    found = Catalogue().scan([library])
    assert parses == ["2024-03-05.yaml"]
    changed = next(e for e in found if e.path.name == "2024-03-05.yaml")
    assert changed.article_count == 2


def test_vanished_files_are_dropped(library: Path) -> None:
    catalogue = Catalogue()
    catalogue.scan([library])
    (library / "b" / "undated.yml").unlink()
    assert "undated.yml" not in {e.path.name for e in catalogue.scan([library])}
    rows = catalogue._db.execute("SELECT path FROM files").fetchall()
    assert not any(row[0].endswith("undated.yml") for row in rows)


def test_files_of_other_roots_are_kept(
    library: Path, tmp_path: Path, write_issue: WriteIssue
) -> None:
    other = write_issue(tmp_path / "other" / "x.yaml", "别报", "2020-01-01", ["别的"])
    catalogue = Catalogue()
    catalogue.scan([library, other.parent])
    catalogue.scan([library])
    rows = catalogue._db.execute("SELECT path FROM files").fetchall()
    assert any(row[0] == str(other) for row in rows)


def test_deleting_the_cache_loses_nothing(library: Path) -> None:
    first = [(e.path, e.date, e.article_count) for e in Catalogue().scan([library])]
    (paths.cache_dir() / CATALOGUE_FILE).unlink()
    again = [(e.path, e.date, e.article_count) for e in Catalogue().scan([library])]
    assert again == first


def test_a_damaged_catalogue_is_rebuilt_with_a_message(library: Path) -> None:
    Catalogue().scan([library])
    cache = paths.cache_dir()
    for name in os.listdir(cache):
        (cache / name).write_bytes(b"this is not a database" * 100)
    catalogue = Catalogue()
    assert any("damaged" in m for m in catalogue.messages)
    assert len(catalogue.scan([library])) == 4


def test_an_uncreatable_cache_dir_gives_a_catalogue_in_memory(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PAPERREAD_CACHE_DIR", str(blocker / "cache"))
    catalogue = Catalogue()
    assert catalogue.path == ":memory:"
    assert any("in memory" in m for m in catalogue.messages)
    assert len(catalogue.scan([library])) == 4


def test_symlink_loops_and_dangling_links_neither_hang_nor_crash(
    tmp_path: Path, write_issue: WriteIssue
) -> None:
    root = tmp_path / "lib"
    write_issue(root / "one.yaml", "河畔晚报", "2024-01-02", ["大桥通车"])
    (root / "loop").symlink_to(root)
    (root / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (root / "same.yaml").symlink_to(root / "one.yaml")
    found = Catalogue().scan([root])
    names = sorted(e.path.name for e in found)
    assert names == ["dangling.yaml", "one.yaml"]  # the same file once, under its first name
    dangling = next(e for e in found if e.path.name == "dangling.yaml")
    assert dangling.broken


def test_catalogue_library_orders_and_does_not_parse(library: Path, parses: list[str]) -> None:
    catalogue_library([library])  # fills the catalogue
    parses.clear()
    lib = catalogue_library([library])
    assert parses == []
    assert [e.path.name for e in lib.entries] == [
        "2024-03-05.yaml",
        "2024-01-02.yaml",
        "undated.yml",
        "broken.yaml",
    ]
    assert not any(e.loaded for e in lib.entries)
    newest = lib.entries[0]
    assert newest.paper == "河畔晚报" and newest.date == dt.date(2024, 3, 5)
    assert newest.article_count == 1
    assert [h.headline for h in lib.entries[1].headlines()] == ["大桥通车", "夜市开张"]
    assert [e.path.name for e in lib.broken] == ["broken.yaml"]
    assert len(lib.issues) == 3
    assert not any(e.loaded for e in lib.entries)


def test_lazy_entries_load_on_demand(library: Path) -> None:
    lib = catalogue_library([library])
    entry = lib.entries[0]
    assert not entry.loaded
    issue = entry.issue
    assert issue is not None and entry.loaded
    assert issue.sections[0].articles[0].headline == "春耕开始"
    assert entry.load() is issue
    broken = lib.entries[-1]
    assert broken.error is not None  # known without parsing
    assert broken.issue is None and broken.error is not None


def test_catalogue_and_parsing_libraries_agree(library: Path) -> None:
    lazy = catalogue_library([library])
    eager = load_library([library])
    assert [e.path for e in lazy.entries] == [e.path for e in eager.entries]
    for a, b in zip(lazy.entries, eager.entries, strict=True):
        assert (a.paper, a.date, a.article_count, a.broken) == (
            b.paper,
            b.date,
            b.article_count,
            b.broken,
        )
        assert a.headlines() == b.headlines()


def test_progress_is_reported_for_parsed_files(library: Path) -> None:
    calls: list[tuple[int, int]] = []
    Catalogue().scan([library], lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)
    calls.clear()
    Catalogue().scan([library], lambda done, total: calls.append((done, total)))
    assert calls == []


def test_a_missing_root_is_no_error(tmp_path: Path) -> None:
    assert Catalogue().scan([tmp_path / "nowhere"]) == []


def test_catalogue_library_passes_on_the_catalogues_messages(library: Path) -> None:
    catalogue_library([library])
    (paths.cache_dir() / CATALOGUE_FILE).write_bytes(b"not a database" * 300)
    for name in (CATALOGUE_FILE + "-wal", CATALOGUE_FILE + "-shm"):
        (paths.cache_dir() / name).unlink(missing_ok=True)
    lib = catalogue_library([library])
    assert any("damaged" in m for m in lib.messages)
    assert len(lib.entries) == 4
