"""docs/robustness.md is what robustness_doc.py makes of the manifest, and names real tests."""

from __future__ import annotations

import re
from types import ModuleType

from tests.robustness.corpus import CASES


def test_the_committed_page_is_up_to_date(robustness_doc: ModuleType) -> None:
    assert robustness_doc.DOC.read_text(encoding="utf-8") == robustness_doc.render(), (
        "docs/robustness.md is out of date: run python -m tests.robustness.robustness_doc"
    )


def test_every_case_is_listed(robustness_doc: ModuleType) -> None:
    text = robustness_doc.DOC.read_text(encoding="utf-8")
    for case in CASES:
        assert f"| `{case.name}` |" in text, case.name


def test_every_test_named_exists(robustness_doc: ModuleType) -> None:
    for reference in robustness_doc.referenced_tests():
        file, function = reference.split("::")
        source = (robustness_doc.REPO / "tests" / file).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {function}\(", source, re.M), reference
