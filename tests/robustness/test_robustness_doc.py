"""docs/robustness.md is what robustness_doc.py makes of the manifest, and names real tests."""

from __future__ import annotations

import re

from tests.robustness.corpus import CASES
from tests.robustness.robustness_doc import DOC, REPO, referenced_tests, render


def test_the_committed_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/robustness.md is out of date: run python -m tests.robustness.robustness_doc"
    )


def test_every_case_is_listed() -> None:
    text = DOC.read_text(encoding="utf-8")
    for case in CASES:
        assert f"| `{case.name}` |" in text, case.name


def test_every_test_named_exists() -> None:
    for reference in referenced_tests():
        file, function = reference.split("::")
        source = (REPO / "tests" / file).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {function}\(", source, re.M), reference
