"""(issue 15) How much of a page's structure ``paperread import`` gets right.

Each page is a raw page text (``NAME.txt``) beside the structure a reader sees
in it (``NAME.expected.json``), written by hand: per article the headline,
kicker, deck (``subheadline``), column label, dateline, byline, closing
credits, subheads, and the number of paragraphs, photos and notes; per page,
optionally, the paper, the date and the sections (title and page number).
The page is imported with ``reader.importer.import_bytes`` and every one of
those facts is one check, right or wrong. Imported articles are matched to the
expected ones by headline, in order (by position when no headline matches and
the counts agree); an expected article that was not found fails all its
checks, and the number of articles is a check of its own.

Prints a table of checks (right / all, %) per kind of check and per page, and
the overall figure; ``--verbose`` lists every wrong check. The pages are those
of ``tests/data/import_pages/`` and the seed page (``tests/data/import/``);
give other folders or files to score those instead.

Target (issue 15): ≥ 95 % of checks right on pages the importer had not seen,
100 % on the seed page. ``tests/unit/test_import_accuracy.py`` holds the
project to it.

    python benchmarks/bench_import_accuracy.py [--verbose] [PAGE.txt | FOLDER ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reader.importer import ImportFailed, import_bytes  # noqa: E402
from reader.issue.model import Article, Credit, Issue, Note, Paragraph, Photo, Subhead  # noqa: E402

PAGES = REPO / "tests" / "data" / "import_pages"
SEED = REPO / "tests" / "data" / "import" / "seed-page.txt"
TARGET = 95.0

# The facts checked per article, in the order of the table.
ARTICLE_CHECKS = (
    "headline",
    "kicker",
    "subheadline",
    "column",
    "dateline",
    "byline",
    "credits",
    "subheads",
    "paragraphs",
    "photos",
    "notes",
)


@dataclass(frozen=True, slots=True)
class Check:
    """One fact of one page: what was expected, what the import gave, and whether they agree."""

    page: str
    article: str
    what: str
    expected: object
    got: object

    @property
    def right(self) -> bool:
        """True when the import got this fact right."""
        return self.expected == self.got


def _credits(items: Iterable[Credit]) -> list[dict[str, object]]:
    return [{"role": c.role, "names": list(c.names)} for c in items]


def structure(article: Article) -> dict[str, object]:
    """The facts of one imported article, in the form of an expected structure."""
    return {
        "headline": article.headline,
        "kicker": article.kicker,
        "subheadline": article.subheadline,
        "column": article.column,
        "dateline": article.dateline,
        "byline": _credits(article.byline),
        "credits": _credits(article.credits),
        "subheads": [b.text for b in article.body if isinstance(b, Subhead)],
        "paragraphs": sum(isinstance(b, Paragraph) for b in article.body),
        "photos": sum(isinstance(b, Photo) for b in article.body),
        "notes": sum(isinstance(b, Note) for b in article.body),
    }


def _match(
    expected: Sequence[dict[str, object]], got: Sequence[dict[str, object]]
) -> list[int | None]:
    """For each expected article, the index of the imported one it is, or None."""
    found: list[int | None] = []
    used: set[int] = set()
    after = 0
    for want in expected:
        same = (k for k in range(after, len(got)) if got[k]["headline"] == want["headline"])
        hit = next((k for k in same if k not in used), None)
        if hit is not None:
            used.add(hit)
            after = hit + 1
        found.append(hit)
    if len(expected) == len(got):  # the rest by position
        for k, hit in enumerate(found):
            if hit is None and k not in used:
                found[k] = k
                used.add(k)
    return found


def score_issue(page: str, issue: Issue, expected: dict[str, object]) -> list[Check]:
    """Every check of one page: the imported ``issue`` against the ``expected`` structure."""
    checks: list[Check] = []
    if "paper" in expected:
        checks.append(Check(page, "(page)", "paper", expected["paper"], issue.paper))
    if "date" in expected:
        date = issue.date.isoformat() if isinstance(issue.date, dt.date) else None
        checks.append(Check(page, "(page)", "date", expected["date"], date))
    if "sections" in expected:
        sections = [[s.title, s.page] for s in issue.sections]
        checks.append(Check(page, "(page)", "sections", expected["sections"], sections))
    want = expected["articles"]
    assert isinstance(want, list)
    got = [structure(a) for _, a in issue.articles()]
    checks.append(Check(page, "(page)", "articles", len(want), len(got)))
    for article, hit in zip(want, _match(want, got), strict=True):
        name = str(article["headline"])
        for what in ARTICLE_CHECKS:
            if what not in article:
                continue
            mine = got[hit][what] if hit is not None else "(article not found)"
            checks.append(Check(page, name, what, article[what], mine))
    return checks


def score_page(path: Path) -> list[Check]:
    """Import the page at ``path`` and check it against ``NAME.expected.json`` beside it."""
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    try:
        issue = import_bytes(path.read_bytes(), path.name).issue
    except ImportFailed as err:
        want = expected["articles"]
        return [Check(path.name, "(page)", "articles", len(want), f"import failed: {err}")]
    return score_issue(path.name, issue, expected)


def pages(where: Sequence[Path]) -> list[Path]:
    """The page texts named or held in ``where`` that have an expected structure."""
    found: list[Path] = []
    for place in where:
        candidates = sorted(place.glob("*.txt")) if place.is_dir() else [place]
        found.extend(p for p in candidates if p.with_suffix(".expected.json").is_file())
    return found


def percent(checks: Sequence[Check]) -> float:
    """The share of ``checks`` that are right, in per cent (100 for none)."""
    return 100.0 * sum(c.right for c in checks) / len(checks) if checks else 100.0


def report(checks: Sequence[Check], verbose: bool = False) -> list[str]:
    """The table of results: per kind of check, per page, overall; wrong checks if asked."""
    out = [f"{'check':<14}{'right':>7}{'all':>6}{'%':>8}"]
    kinds = ["paper", "date", "sections", "articles", *ARTICLE_CHECKS]
    for kind in kinds:
        these = [c for c in checks if c.what == kind]
        if these:
            right = sum(c.right for c in these)
            out.append(f"{kind:<14}{right:>7}{len(these):>6}{percent(these):>8.1f}")
    out.append("")
    for page in dict.fromkeys(c.page for c in checks):
        these = [c for c in checks if c.page == page]
        right = sum(c.right for c in these)
        out.append(f"{page:<40}{right:>5}/{len(these):<5}{percent(these):>7.1f} %")
    right = sum(c.right for c in checks)
    out.append(f"{'overall':<40}{right:>5}/{len(checks):<5}{percent(checks):>7.1f} %")
    if verbose:
        out.append("")
        for c in checks:
            if not c.right:
                out.append(
                    f"{c.page} · {c.article} · {c.what}: expected {c.expected!r}, got {c.got!r}"
                )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Score the pages and print the table; exit 1 when below the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("where", nargs="*", type=Path, help="page texts or folders of them")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong check")
    args = parser.parse_args(argv)
    found = pages(args.where or [PAGES, SEED])
    if not found:
        print("no page with an expected structure found", file=sys.stderr)
        return 2
    checks = [c for path in found for c in score_page(path)]
    print("\n".join(report(checks, args.verbose)))
    unseen = [c for c in checks if c.page != SEED.name]
    print(
        f"\ntarget: ≥ {TARGET:.0f} % on unseen pages ({percent(unseen):.1f} %),"
        " 100 % on the seed page"
    )
    return 0 if percent(unseen) >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
