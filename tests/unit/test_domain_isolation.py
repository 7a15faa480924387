"""The domain never imports Textual (architecture.md's one rule)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOMAIN = [
    "reader",
    "reader.issue.model",
    "reader.issue.clean",
    "reader.issue.load",
    "reader.typeset.article",
    "reader.library.files",
    "reader.typeset.plain",
    "reader.config",
    "reader.paths",
    "reader.cli.main",
    "reader.cli.common",
    "reader.cli.progress",
    "reader.cli.options",
    "reader.cli.read",
    "reader.cli.cat",
    "reader.cli.check",
    "reader.issue.dump",
    "reader.issue.problems",
    "reader.issue.nodes",
    "reader.library.walk",
    "reader.script",
    "reader.converters",
    "reader.store.state",
    "reader.store.db",
    "reader.store.schema",
    "reader.cli.bookmarks",
    "reader.search.fold",
    "reader.library.catalogue",
    "reader.search.index",
    "reader.search.text",
    "reader.cli.search",
    "reader.importer",
    "reader.cli.import_page",
    "reader.cli.jsonout",
    "reader.search.background",
    "reader.search.worker",
    "reader.store.cache",
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
        "import sys; import reader.cli.main; "
        "print(','.join(m for m in ('textual', 'opencc', 'yaml', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
