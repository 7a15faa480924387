"""The search index and file names that are not UTF-8 (lone surrogates in Python)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.catalogue import Catalogue
from reader.library.files import catalogue_library
from reader.search.index import SearchIndex

if TYPE_CHECKING:
    from tests.conftest import WriteIssue


def test_a_file_name_that_is_not_utf8_is_indexed_and_found(
    tmp_path: Path, write_issue: WriteIssue
) -> None:
    root = tmp_path / "lib"
    odd = Path(os.fsdecode(bytes(root) + b"/odd-\xff.yaml"))
    write_issue(odd, "河畔晚报", "2024-09-09", ["名字不是统一码的一期"])
    write_issue(root / "plain.yaml", "河畔晚报", "2024-09-08", ["普通的一期"])
    library = catalogue_library([root], Catalogue(tmp_path / "c.db"))
    index = SearchIndex(tmp_path / "search.db")
    assert index.update(library.entries) == 2
    (hit,) = index.search("统一码")
    assert hit.path == odd
    assert [h.headline for h in index.search("一期")] == ["名字不是统一码的一期", "普通的一期"]
    # Unchanged, it is not indexed again; gone, it is dropped.
    assert index.update(library.entries) == 0
    odd.unlink()
    again = catalogue_library([root], Catalogue(tmp_path / "c.db"))
    index.update(again.entries)
    assert index.search("统一码") == []
    assert index.stats()["issues"] == 1
