"""Hostile e-paper pages (issue 14.6): links out of the saved folder (``../``, symlinks) are
never read, a huge file is not read past the cap, entity declarations (billion laughs) are
refused unexpanded, a missing or broken linked article is a note, escape sequences are
cleaned out; whatever the page, the result validates or the import ends in one line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.issue.load import parse_issue
from reader.sources import epaper_site
from reader.sources.epaper import SUPPORTED, EpaperError, import_epaper

FOUNDER = Path(__file__).resolve().parents[1] / "data" / "epaper" / "founder"
SECRET = "机密文件不应被读取"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n<html><body><founder-title>笑</founder-title>"
    "<founder-content><P>&lol9;</P></founder-content></body></html>"
)


def page(links: str, title: str = "示例晚报数字报-第01版：要闻") -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<div id="pageList"><a id="pageLink" href="node_1.htm">第01版：要闻</a></div>'
        f'<div id="titleList"><ul>{links}</ul></div></body></html>'
    )


def article(headline: str, text: str) -> str:
    return (
        '<html><head><meta charset="utf-8"></head><body>'
        f"<founder-title>{headline}</founder-title>"
        f"<founder-content><P>{text}</P></founder-content></body></html>"
    )


@pytest.fixture
def issue_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "content_1_1.htm").write_text(article("正常的文章", "这是正文。"), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("content_9_1.htm", "node_5.htm", "secret.htm"):
        (outside / name).write_text(article(SECRET, SECRET), encoding="utf-8")
    return folder


def test_links_out_of_the_folder_are_not_read(issue_dir: Path) -> None:
    (issue_dir / "node_1.htm").write_text(
        page(
            '<li><a href="content_1_1.htm">正常的文章</a></li>'
            '<li><a href="../outside/content_9_1.htm">外面</a></li>'
            '<li><a href="/../../outside/content_9_1.htm">外面</a></li>'
            '<li><a href="file:///etc/content_9_1.htm">外面</a></li>'
        ).replace(
            '<a id="pageLink" href="node_1.htm">',
            '<a id="pageLink" href="../outside/node_5.htm">第05版</a>'
            '<a id="pageLink" href="node_1.htm">',
        ),
        encoding="utf-8",
    )
    result = import_epaper(str(issue_dir / "node_1.htm"))
    assert SECRET not in result.yaml_text
    assert result.issue.article_count() == 1
    assert "left out page ../outside/node_5.htm: the link leaves the issue's folder" in result.notes
    assert "left out ../outside/content_9_1.htm: the link leaves the issue's folder" in result.notes


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlink_out_of_the_folder_is_not_followed(issue_dir: Path) -> None:
    os.symlink(issue_dir.parent / "outside" / "secret.htm", issue_dir / "content_1_2.htm")
    (issue_dir / "node_1.htm").write_text(
        page(
            '<li><a href="content_1_1.htm">正常的文章</a></li>'
            '<li><a href="content_1_2.htm">链接</a></li>'
        ),
        encoding="utf-8",
    )
    result = import_epaper(str(issue_dir / "node_1.htm"))
    assert SECRET not in result.yaml_text
    assert "left out article content_1_2.htm: not saved" in result.notes


def test_a_huge_start_page_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epaper_site, "MAX_DOCUMENT_BYTES", 64 * 1024)
    path = tmp_path / "node_1.htm"
    path.write_bytes(page("").encode() + b" " * (65 * 1024))
    with pytest.raises(EpaperError, match="larger than"):
        import_epaper(str(path))


def test_a_huge_article_is_a_note(issue_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epaper_site, "MAX_DOCUMENT_BYTES", 64 * 1024)
    (issue_dir / "content_1_2.htm").write_bytes(
        article("巨大的文章", "字" * 30_000).encode("utf-8")
    )
    (issue_dir / "node_1.htm").write_text(
        page('<li><a href="content_1_1.htm">甲</a></li><li><a href="content_1_2.htm">乙</a></li>'),
        encoding="utf-8",
    )
    result = import_epaper(str(issue_dir / "node_1.htm"))
    assert result.issue.article_count() == 1
    assert any("content_1_2.htm: larger than" in note for note in result.notes)


def test_the_real_cap_is_read_no_further(tmp_path: Path) -> None:
    """The file is read up to the cap and one byte, not to its end."""
    path = tmp_path / "node_1.htm"
    with open(path, "wb") as file:
        file.write(page("").encode())
        file.seek(epaper_site.MAX_DOCUMENT_BYTES * 4)
        file.write(b"x")  # a sparse file four times the cap
    with pytest.raises(EpaperError, match="larger than 8 MiB"):
        import_epaper(str(path))


def test_billion_laughs_start_page_refused(tmp_path: Path) -> None:
    path = tmp_path / "content_1_1.htm"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(EpaperError, match="declares XML entities"):
        import_epaper(str(path))


def test_billion_laughs_article_is_a_note(issue_dir: Path) -> None:
    (issue_dir / "content_1_2.htm").write_text(BILLION_LAUGHS, encoding="utf-8")
    (issue_dir / "node_1.htm").write_text(
        page('<li><a href="content_1_1.htm">甲</a></li><li><a href="content_1_2.htm">乙</a></li>'),
        encoding="utf-8",
    )
    result = import_epaper(str(issue_dir / "node_1.htm"))
    assert "lol" not in result.yaml_text
    assert any("declares XML entities" in note for note in result.notes)


def test_undeclared_entities_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "content_1_1.htm"
    path.write_text(article("标题&amp;副题", "正文&lol9;&#20013;&nbsp;完"), encoding="utf-8")
    issue = import_epaper(str(path)).issue
    text = issue.sections[0].articles[0]
    assert text.headline == "标题&副题"
    assert text.body[0].text == "正文&lol9;中 完"  # type: ignore[union-attr]


def test_missing_and_broken_articles_are_notes(issue_dir: Path) -> None:
    (issue_dir / "content_1_3.htm").write_bytes(b"")
    (issue_dir / "content_1_4.htm").write_bytes(b"\x00\xff" * 100)
    (issue_dir / "node_1.htm").write_text(
        page(
            '<li><a href="content_1_1.htm">甲</a></li>'
            '<li><a href="content_1_2.htm">乙</a></li>'
            '<li><a href="content_1_3.htm">丙</a></li>'
            '<li><a href="content_1_4.htm">丁</a></li>'
        ),
        encoding="utf-8",
    )
    result = import_epaper(str(issue_dir / "node_1.htm"))
    assert result.issue.article_count() == 1
    assert "left out article content_1_2.htm: not saved" in result.notes
    assert any("content_1_3.htm: empty" in note for note in result.notes)
    assert any("content_1_4.htm" in note for note in result.notes)


def test_escape_sequences_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "content_1_1.htm"
    path.write_text(
        article("标题\x1b[31m红\x1b]8;;http://x\x07链", "正文\x9b2J\u202e反"), encoding="utf-8"
    )
    result = import_epaper(str(path))
    assert "\x1b" not in result.yaml_text and "\x9b" not in result.yaml_text
    assert "\u202e" not in result.yaml_text
    assert result.issue.sections[0].articles[0].headline == "标题红链"
    assert parse_issue(result.yaml_text, "x.yaml") == result.issue


def test_generic_page_names_the_layouts(tmp_path: Path) -> None:
    generic = (
        '<!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">'
        "<title>示例新聞網</title></head><body><article><h1>普通新聞</h1>"
        "<p>一段正文。</p></article></body></html>"
    )
    with pytest.raises(EpaperError) as caught:
        path = tmp_path / "page.html"
        path.write_text(generic, encoding="utf-8")
        import_epaper(str(path))
    message = str(caught.value)
    assert message == f"not a known e-paper layout (paperread reads {SUPPORTED})"
    assert "人民日报" in message and "Founder" in message
    assert "\n" not in message


def test_folder_without_pages(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(EpaperError, match="no e-paper page"):
        import_epaper(str(tmp_path))


def test_the_fixture_issue_is_not_changed(tmp_path: Path) -> None:
    """Importing reads only: a copy of the fixture folder is byte for byte the same after."""
    copy = tmp_path / "founder"
    shutil.copytree(FOUNDER, copy)
    before = {p.name: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    import_epaper(str(copy), image_folder="x")
    assert {p.name: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
