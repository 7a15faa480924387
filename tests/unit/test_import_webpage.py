"""``paperread import PAGE.html`` on a saved ordinary article page (no e-paper layout): an
issue of one article, what was found said first on stderr, one-line errors, and e-paper
pages and folders still read as e-papers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.cli.import_page import build_parser, run
from reader.cli.main import main
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Paragraph, Photo
from reader.sources.web_page import WebPageError, import_web_page

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE = DATA / "webpage" / "article.html"
BOILERPLATE = DATA / "webpage" / "boilerplate.html"
FOUNDER = DATA / "epaper" / "founder"


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_article_page_becomes_one_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "page.yaml"
    code, stdout, err = call(capsys, str(ARTICLE), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    lines = err.splitlines()
    assert lines[0] == (
        f"{ARTICLE}: a web page (no e-paper layout), 1 article: 河畔日報, 2025-03-04"
    )
    assert lines[-1] == f"wrote {out}"
    issue = load_issue(out)  # the real loader
    assert issue.paper == "河畔日報"
    assert issue.date is not None and issue.date.isoformat() == "2025-03-04"
    assert issue.language == "zh-Hant-TW"
    assert [s.title for s in issue.sections] == ["河畔日報"]
    [(_, article)] = list(issue.articles())
    assert article.headline == "河畔市輕軌夜班車今起試行"
    assert article.dateline == "中央社台北4日電"
    assert [n for c in article.byline for n in c.names] == ["林小河"]
    assert article.url == "https://news.example.org/2025/03/tram.html"
    paragraphs = [b.text for b in article.body if isinstance(b, Paragraph)]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("河畔市交通局宣布")  # the dateline taken out
    assert all("相關新聞" not in p and "版權所有" not in p for p in paragraphs)
    photos = [b for b in article.body if isinstance(b, Photo)]
    assert [(p.caption, p.file) for p in photos] == [("夜色中的輕軌列車（資料照）", None)]
    assert main(["check", str(out)]) == 0


def test_options_and_fallbacks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--date, --paper and --section win; without og:site_name the paper is the site's name
    the <title> ends with, else (no address either) the file's name; without a stated date
    there is none."""
    code, out, err = call(
        capsys, str(ARTICLE), "-o", "-", "--date", "2025-03-05", "--paper", "另一報",
        "--section", "城市",
    )  # fmt: skip
    assert code == 0, err
    issue = parse_issue(out, "out.yaml")
    assert (issue.paper, str(issue.date), issue.sections[0].title) == (
        "另一報",
        "2025-03-05",
        "城市",
    )
    bare = ARTICLE.read_text(encoding="utf-8")
    for line in ("saved from url", "og:site_name", "article:published_time"):
        bare = "\n".join(x for x in bare.splitlines() if line not in x)
    page = tmp_path / "tram-story.html"
    page.write_text(bare, encoding="utf-8")
    result = import_web_page(page.read_bytes(), str(page))
    assert result.issue.paper == "河畔日報"  # what the <title> says after the headline
    assert result.issue.date is None
    assert result.issue.sections[0].title == "河畔日報"
    untitled = bare.replace("河畔市輕軌夜班車今起試行 | 河畔日報</title>", "夜班車</title>")
    page.write_text(untitled, encoding="utf-8")
    result = import_web_page(page.read_bytes(), str(page))
    assert result.issue.paper == "tram-story"  # nothing names the site: the file's name
    assert result.issue.sections[0].title == "tram-story"
    [(_, article)] = list(result.issue.articles())
    assert article.headline == "河畔市輕軌夜班車今起試行"
    assert article.url is None


def test_the_library_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = call(capsys, str(ARTICLE))  # the conftest's data dir is under tmp_path
    assert code == 0, err
    written = Path(err.splitlines()[-1].removeprefix("wrote "))
    assert written.is_relative_to(tmp_path / "paperread-data")
    assert load_issue(written).paper == "河畔日報"


def test_a_page_with_no_story_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.yaml"
    code, stdout, err = call(capsys, str(BOILERPLATE), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert err.startswith(f"paperread import: {BOILERPLATE}: not a known e-paper layout")
    assert "no article text found on the page" in err
    assert err.count("\n") == 1
    assert not out.exists()
    with pytest.raises(WebPageError):
        import_web_page(b"", "empty.html")


def test_pages_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, str(ARTICLE), "--pages", "1", "-o", "-")
    assert code == 2
    assert err == "paperread import: --pages applies only to an e-paper page or folder\n"


def test_epaper_pages_stay_epapers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = call(capsys, str(FOUNDER / "node_2.htm"), "-o", str(tmp_path / "f.yaml"))
    assert code == 0, err
    assert "Founder (方正) e-paper" in err.splitlines()[0]
    # A folder holding an ordinary page (and no e-paper) is still the e-paper import's.
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "article.html")
    code, _, err = call(capsys, str(folder), "-o", str(tmp_path / "g.yaml"))
    assert code == 1
    assert "no e-paper page" in err


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        ("夜班車今起試行 | 河畔日報", "夜班車今起試行", "河畔日報"),
        ("夜班車今起試行｜河畔日報", "夜班車今起試行", "河畔日報"),
        ("夜班車今起試行_河畔网", "夜班車今起試行", "河畔网"),
        ("夜班車今起試行 - 要聞 - 河畔日報", "夜班車今起試行", "河畔日報"),
        ("河畔日報 | 夜班車今起試行", "夜班車今起試行", None),  # the headline not first
        ("夜班車今起試行", "夜班車今起試行", None),
        ("Night trams - Riverside-Daily", "Night trams", "Riverside-Daily"),  # a word's hyphen
    ],
)
def test_the_site_a_title_ends_with(title: str, headline: str, site: str | None) -> None:
    from reader.sources.web_page import _title_site

    assert _title_site(title, headline) == site


def test_a_credit_line_above_the_story_and_the_pages_author(tmp_path: Path) -> None:
    """A credit line on its own above the story gives the byline and dateline and leaves the
    body; with no credits in the text, the page's <meta name="author"> names the writer."""
    page = ARTICLE.read_text(encoding="utf-8")
    opening = "<p>（中央社記者林小河台北4日電）"
    assert opening in page
    credited = page.replace(opening, "<p>記者林小河／河畔報導</p><p>")
    result = import_web_page(credited.encode("utf-8"), str(tmp_path / "a.html"))
    [(_, article)] = list(result.issue.articles())
    assert article.dateline == "河畔報導"
    assert [(c.role, c.names) for c in article.byline] == [("記者", ("林小河",))]
    paragraphs = [b.text for b in article.body if isinstance(b, Paragraph)]
    assert paragraphs[0].startswith("河畔市交通局宣布")
    assert not any("記者林小河" in text for text in paragraphs)

    plain = page.replace(opening, "<p>").replace(
        "</head>", '<meta name="author" content="林小河"></head>'
    )
    result = import_web_page(plain.encode("utf-8"), str(tmp_path / "b.html"))
    [(_, article)] = list(result.issue.articles())
    assert article.dateline is None
    assert [c.names for c in article.byline] == [("林小河",)]
