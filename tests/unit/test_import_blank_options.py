"""Every import refuses a blank --paper, --section or -o with the same one-line usage error,
before reading anything (reader.cli.import_output.blank_option)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli.main import main
from tests.unit.epub_fixtures import ZH_LEAD, news_epub

DATA = Path(__file__).resolve().parents[1] / "data"


def _inputs(tmp_path: Path) -> dict[str, str]:
    return {
        "page text": str(DATA / "import_pages" / "p01-yaowen.txt"),
        "epub": str(news_epub(tmp_path / "n.epub", [("要闻", [ZH_LEAD])])),
        "e-paper": str(DATA / "epaper/people/rmrb/pc/layout/202501/03/node_01.html"),
        "feed": str(DATA / "feeds" / "atom.xml"),
        "web page": str(DATA / "webpage" / "article.html"),
    }


@pytest.mark.parametrize("kind", ["page text", "epub", "e-paper", "feed", "web page"])
@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--paper", "  "], "--paper: must not be empty"),
        (["-o", " "], "-o: must name a file"),
    ],
)
def test_blank_options_are_one_usage_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
    option: list[str],
    said: str,
) -> None:
    source = _inputs(tmp_path)[kind]
    before = sorted(tmp_path.iterdir())
    code = main(["import", source, *option])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert len(err.splitlines()) == 1 and said in err
    assert sorted(tmp_path.iterdir()) == before  # nothing written


@pytest.mark.parametrize("kind", ["page text", "feed", "web page"])
def test_a_blank_section_is_one_usage_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    code = main(["import", _inputs(tmp_path)[kind], "--section", ""])
    _out, err = capsys.readouterr()
    assert code == 2 and "--section: must not be empty" in err
