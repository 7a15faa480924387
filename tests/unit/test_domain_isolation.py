"""The domain never imports Textual (architecture.md's one rule)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOMAIN = [
    "reader",
    "reader.model",
    "reader.clean",
    "reader.issuefile",
    "reader.typeset",
    "reader.library",
    "reader.catout",
    "reader.config",
    "reader.paths",
    "reader.cli",
    "reader.script",
    "reader.store",
    "reader.storedb",
    "reader.storeschema",
    "reader.bookmarks_cli",
    "reader.fold",
    "reader.catalogue",
    "reader.search",
    "reader.searchtext",
    "reader.search_cli",
    "reader.importer",
    "reader.import_cli",
    "reader.jsonout",
    "reader.background_index",
    "reader.index_worker",
    "reader.cachedb",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"


def test_cli_import_is_light() -> None:
    """The command line module loads neither Textual nor OpenCC nor YAML up front."""
    code = (
        "import sys; import reader.cli; "
        "print(','.join(m for m in ('textual', 'opencc', 'yaml', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
