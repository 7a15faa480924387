"""The domain never imports Textual (architecture.md's one rule)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "reader"


def domain_modules() -> list[str]:
    """Every module of ``reader`` outside ``reader.tui``, found by walking the file tree
    (so a module added to any sub-package is checked without editing this test).

    ``__main__`` modules are left out: importing one runs the program.
    """
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__" or parts[:2] == ("reader", "tui"):
            continue
        if any(not part.isidentifier() for part in parts):
            continue  # not importable (a stray file such as "notes-2.py")
        modules.append(".".join(parts))
    return modules


DOMAIN = domain_modules()


def test_the_walk_finds_the_domain_and_nothing_of_the_tui() -> None:
    assert "reader" in DOMAIN
    for package in ("issue", "typeset", "library", "store", "search", "cli", "importer"):
        assert f"reader.{package}" in DOMAIN
        assert any(module.startswith(f"reader.{package}.") for module in DOMAIN), package
    assert {"reader.typeset.paths", "reader.script", "reader.config"} <= set(DOMAIN)
    assert not any(module == "reader.tui" or module.startswith("reader.tui.") for module in DOMAIN)


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
