"""Reading EPUBs into issues (reader.sources): calibre news EPUBs (EPUB 2 with an NCX,
EPUB 3 with nav.xhtml), their fallback on the table of contents, plain books, pictures
and captions, navbars, dates. The EPUBs are built by tests/unit/epub_fixtures.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.issue.load import parse_issue
from reader.issue.model import Paragraph, Photo, Subhead
from reader.sources.epub import import_epub
from reader.sources.package import title_date
from tests.unit.epub_fixtures import (
    EN_STORY,
    PNG,
    ZH_LEAD,
    ZH_WORLD,
    Story,
    book_epub,
    news_epub,
)

NAVBAR_WORDS = ("Main menu", "Section menu", "Next", "downloaded by", "calibre", "127.0.0.1")


def all_text(yaml_text: str) -> str:
    return yaml_text.split("\nsections:", 1)[1]


def test_epub2_ncx_sections_are_the_feeds(tmp_path: Path) -> None:
    path = news_epub(tmp_path / "paper.epub", [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])])
    result = import_epub(str(path))
    issue = result.issue
    assert result.kind == "calibre news EPUB (EPUB 2, NCX)"
    assert issue.paper == "示例日报"
    assert issue.date == dt.date(2026, 12, 5)
    assert issue.language == "zh-Hans"
    assert [s.title for s in issue.sections] == ["要闻", "國際"]
    lead = issue.sections[0].articles[0]
    assert lead.kicker == "老街坊的新日子"  # the 引题： label is not part of it
    assert lead.headline == "城区治理开新局"
    assert lead.subheadline == "三个社区试点议事会"
    assert [(c.role, c.names) for c in lead.byline] == [("本报记者", ("王小明",))]
    assert lead.body[:4] == (
        Paragraph("东城区三个社区本月起试点居民议事会。"),
        Paragraph("议事会每月开一次。"),
        Subhead("下一步怎么走"),
        Paragraph("试点结束后将总结经验。"),
    )
    world = issue.sections[1].articles[0]
    assert world.headline == "港口貨運量回升"
    assert [(c.role, c.names) for c in world.byline] == [("記者", ("陳大文",))]
    assert world.body == (Paragraph("本月港口貨運量較上月回升。"),)
    # The YAML is a valid issue file that reads back as the same issue.
    assert parse_issue(result.yaml_text, "x.yaml") == issue


def test_epub3_nav_and_english(tmp_path: Path) -> None:
    path = news_epub(
        tmp_path / "daily.epub",
        [("World", [EN_STORY])],
        version=3,
        lang="en",
        title="The Daily Example [Sat, 05 Dec 2026]",
    )
    result = import_epub(str(path), image_folder="daily-images")
    issue = result.issue
    assert result.kind == "calibre news EPUB (EPUB 3, nav.xhtml)"
    assert (issue.paper, issue.date, issue.language) == (
        "The Daily Example",
        dt.date(2026, 12, 5),
        "en",
    )
    story = issue.sections[0].articles[0]
    assert story.headline == "Harbour ferries return"
    assert [(c.role, c.names) for c in story.byline] == [("By", ("Jane Roe",))]
    assert story.body == (
        Paragraph("The ferries came back on Monday."),
        Subhead("Timetable"),
        Paragraph("Every twenty minutes."),
        Photo(caption="A ferry at the pier.", file=f"daily-images/{story.id}-1.png"),
    )
    assert result.images == ((f"{story.id}-1.png", PNG),)


def test_navbars_and_calibre_credit_are_left_out(tmp_path: Path) -> None:
    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_LEAD, ZH_WORLD])], version=3)
    text = all_text(import_epub(str(path)).yaml_text)
    for word in NAVBAR_WORDS:
        assert word not in text


def test_without_feed_pages_the_ncx_nesting_gives_the_sections(tmp_path: Path) -> None:
    path = news_epub(
        tmp_path / "p.epub", [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])], feed_pages=False
    )
    issue = import_epub(str(path)).issue
    assert [s.title for s in issue.sections] == ["要闻", "國際"]
    assert [a.headline for _, a in issue.articles()] == ["城区治理开新局", "港口貨運量回升"]


def test_without_feed_pages_the_nav_nesting_gives_the_sections(tmp_path: Path) -> None:
    path = news_epub(
        tmp_path / "p.epub",
        [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])],
        feed_pages=False,
        version=3,
    )
    issue = import_epub(str(path)).issue
    assert [s.title for s in issue.sections] == ["要闻", "國際"]


def test_article_over_several_pages_is_one_article(tmp_path: Path) -> None:
    story = Story(
        title="长文章",
        html="<h1>长文章</h1><p>第一页的正文。</p>",
        more_pages=["<h1>长文章</h1><p>第二页的正文。</p>"],
    )
    issue = import_epub(str(news_epub(tmp_path / "p.epub", [("要闻", [story])]))).issue
    (article,) = issue.sections[0].articles
    assert article.body == (Paragraph("第一页的正文。"), Paragraph("第二页的正文。"))


def test_listing_title_and_description_stand_in(tmp_path: Path) -> None:
    bare = Story(title="只有标题的文章", description="列表里的摘要。", html="<div></div>")
    no_heading = Story(title="列表标题", html="<p>没有标题的正文。</p>")
    issue = import_epub(str(news_epub(tmp_path / "p.epub", [("要闻", [bare, no_heading])]))).issue
    first, second = issue.sections[0].articles
    assert (first.headline, first.body) == ("只有标题的文章", (Paragraph("列表里的摘要。"),))
    assert (second.headline, second.body) == ("列表标题", (Paragraph("没有标题的正文。"),))


def test_embedded_content_heading_repeats_are_dropped(tmp_path: Path) -> None:
    # calibre prints the title as h2 above a feed's embedded content, which has its own h3/h1.
    story = Story(
        title="示例标题",
        html="<h2>示例标题</h2><div><h3>引题</h3><h1>示例标题</h1><p>正文。</p></div>",
    )
    issue = import_epub(str(news_epub(tmp_path / "p.epub", [("要闻", [story])]))).issue
    (article,) = issue.sections[0].articles
    assert (article.kicker, article.headline, article.subheadline) == ("引题", "示例标题", None)
    assert article.body == (Paragraph("正文。"),)


def test_images_and_their_captions(tmp_path: Path) -> None:
    story = Story(
        title="图片新闻",
        html=(
            "<h1>图片新闻</h1><p>正文。</p>"
            '<img src="images/a.png" alt="说明甲"/>'
            '<img src="images/b.png" alt="image"/><p class="caption">说明乙</p>'
            '<figure><img src="images/c.png"/><figcaption>说明丙</figcaption></figure>'
            '<img src="images/not-a-picture.png" alt="说明丁"/>'
            '<img src="images/missing.png" alt="说明戊"/>'
        ),
        images={
            "images/a.png": PNG,
            "images/b.png": PNG,
            "images/c.png": PNG,
            "images/not-a-picture.png": b"<script>alert(1)</script>",
        },
    )
    path = news_epub(tmp_path / "p.epub", [("要闻", [story])])
    result = import_epub(str(path), image_folder="p-images")
    (article,) = result.issue.sections[0].articles
    aid = article.id
    assert article.body == (
        Paragraph("正文。"),
        Photo(caption="说明甲", file=f"p-images/{aid}-1.png"),
        Photo(caption="说明乙", file=f"p-images/{aid}-2.png"),
        Photo(caption="说明丙", file=f"p-images/{aid}-3.png"),
        Photo(caption="说明丁"),  # bytes that are no known picture are not written
        Photo(caption="说明戊"),
    )
    assert [name for name, _ in result.images] == [f"{aid}-{n}.png" for n in (1, 2, 3)]
    # Without a folder to write them to, photos keep their captions only.
    plain = import_epub(str(path)).issue.sections[0].articles[0]
    assert all(b.file is None for b in plain.body if isinstance(b, Photo))
    assert import_epub(str(path)).images == ()


def test_text_is_cleaned(tmp_path: Path) -> None:
    # A raw ESC is not XML: that page is read by the HTML parser; the other one as XML.
    sloppy = Story(title="t", html="<h1>标题\x1b[31m红</h1><p>正文。</p>")
    xml = Story(title="u", html="<h1>标题二</h1><p>正文\u202e反向&#x9b;2J。</p>")
    result = import_epub(str(news_epub(tmp_path / "p.epub", [("要闻", [sloppy, xml])])))
    first, second = result.issue.sections[0].articles
    assert first.headline == "标题红"
    assert second.body == (Paragraph("正文反向。"),)  # the C1 CSI and its 2J are gone
    assert "\x1b" not in result.yaml_text and "\u202e" not in result.yaml_text


def test_plain_book_chapters_are_articles_of_one_section(tmp_path: Path) -> None:
    path = book_epub(
        tmp_path / "book.epub",
        [
            ("Chapter One", "<h1>The Beginning</h1><p>It began in May.</p><p>Then June.</p>"),
            ("Interlude", "<p>No heading on this page.</p>"),
            ("Pictures", '<div><img src="../cover.png" alt=""/></div>'),
        ],
    )
    result = import_epub(str(path))
    issue = result.issue
    assert result.kind == "EPUB book (EPUB 3, nav.xhtml)"
    assert issue.paper == "A Made-up Book"
    assert issue.date == dt.date(1999, 3, 4)
    assert issue.language == "en"
    assert [s.title for s in issue.sections] == ["Chapters"]
    # The cover and a page with no text are no chapters; the nav page is not one either.
    assert [a.headline for _, a in issue.articles()] == ["The Beginning", "Interlude"]
    assert issue.sections[0].articles[0].body == (
        Paragraph("It began in May."),
        Paragraph("Then June."),
    )


def test_plain_chinese_book(tmp_path: Path) -> None:
    path = book_epub(
        tmp_path / "书.epub",
        [("第一章", "<h2>第一章 出门</h2><p>那天早上，\n他出了门。</p>")],
        title="一本小书",
        lang="zh-CN",
        dc_date="0101-01-01T00:00:00+00:00",  # calibre's "no date"
    )
    issue = import_epub(str(path)).issue
    assert (issue.paper, issue.date, issue.language) == ("一本小书", None, "zh-Hans")
    assert issue.sections[0].title == "章节"
    (chapter,) = issue.sections[0].articles
    assert chapter.headline == "第一章 出门"
    assert chapter.body == (Paragraph("那天早上，他出了门。"),)  # a line break inside CJK closes


@pytest.mark.parametrize(
    ("title", "paper", "date"),
    [
        ("示例日报 [Sat, 05 Dec 2026]", "示例日报", dt.date(2026, 12, 5)),
        ("The Paper [Thu, 01 Jan 2026]", "The Paper", dt.date(2026, 1, 1)),
        ("人民日报 [2026-12-05]", "人民日报", dt.date(2026, 12, 5)),
        ("联合早报 [2026年12月5日]", "联合早报", dt.date(2026, 12, 5)),
        ("Weekly [December 5, 2026]", "Weekly", dt.date(2026, 12, 5)),
        ("Plain title", "Plain title", None),
        ("Odd [not a date at all]", "Odd [not a date at all]", None),
        ("Bad [Sat, 31 Feb 2026]", "Bad [Sat, 31 Feb 2026]", None),
    ],
)
def test_title_date(title: str, paper: str, date: dt.date | None) -> None:
    assert title_date(title) == (paper, date)


def test_date_falls_back_on_dc_date_and_paper_on_the_title(tmp_path: Path) -> None:
    path = news_epub(
        tmp_path / "p.epub",
        [("要闻", [ZH_WORLD])],
        title="无日期的报纸",
        dc_date="2026-11-30T22:00:00+00:00",
    )
    issue = import_epub(str(path)).issue
    assert (issue.paper, issue.date) == ("无日期的报纸", dt.date(2026, 11, 30))


def test_paper_and_date_given_by_the_caller_win(tmp_path: Path) -> None:
    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_WORLD])])
    issue = import_epub(str(path), paper="我的报", date=dt.date(2026, 1, 2)).issue
    assert (issue.paper, issue.date) == ("我的报", dt.date(2026, 1, 2))


def test_the_same_epub_gives_the_same_ids(tmp_path: Path) -> None:
    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_LEAD, ZH_WORLD])])
    assert import_epub(str(path)).yaml_text == import_epub(str(path)).yaml_text


def test_line_breaks_split_paragraphs(tmp_path: Path) -> None:
    story = Story(
        title="换行",
        html=(
            "<h1>换行</h1><p>第一行。<br/>第二行。</p>"
            "<div>容器里的第一段。<br/><br/>容器里的第二段。<span>接着</span></div>"
        ),
    )
    issue = import_epub(str(news_epub(tmp_path / "p.epub", [("要闻", [story])]))).issue
    assert issue.sections[0].articles[0].body == (
        Paragraph("第一行。"),
        Paragraph("第二行。"),
        Paragraph("容器里的第一段。"),
        Paragraph("容器里的第二段。接着"),
    )


def test_an_unreadable_page_is_left_out_with_a_note(tmp_path: Path) -> None:
    import zipfile

    from tests.unit.epub_fixtures import write_zip

    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_LEAD, ZH_WORLD])])
    with zipfile.ZipFile(path) as zf:
        members: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    members["feed_0/article_1/index.html"] = b""
    write_zip(path, members, mimetype=False)
    result = import_epub(str(path))
    assert [a.headline for _, a in result.issue.articles()] == ["城区治理开新局"]
    (note,) = result.notes
    assert note.startswith("left out feed_0/article_1/index.html: not a readable page")


def test_articles_outside_calibre_folders_are_one_page_each(tmp_path: Path) -> None:
    import zipfile

    from tests.unit.epub_fixtures import write_zip

    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_LEAD, ZH_WORLD])])
    with zipfile.ZipFile(path) as zf:
        members: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    # The listing links to pages kept side by side in one folder, not in article_M folders.
    for m in (0, 1):
        page = members.pop(f"feed_0/article_{m}/index.html")
        members[f"feed_0/story{m}.html"] = page
        for key in ("feed_0/index.html", "content.opf", "toc.ncx"):
            text = members[key]
            assert isinstance(text, bytes)
            members[key] = text.replace(
                f"article_{m}/index.html".encode(), f"story{m}.html".encode()
            )
    write_zip(path, members, mimetype=False)
    issue = import_epub(str(path)).issue
    assert [a.headline for _, a in issue.articles()] == ["城区治理开新局", "港口貨運量回升"]
    assert issue.sections[0].articles[1].body == (Paragraph("本月港口貨運量較上月回升。"),)


def test_a_dateline_opening_the_first_paragraph_is_the_story_dateline(tmp_path: Path) -> None:
    wire = Story(
        title="夜班公交开通",
        html=(
            "<h1>夜班公交开通</h1>"
            "<p>本报江城3月4日电（记者 林一帆）今晚起，三条夜班公交线路开通。</p>"
            "<p>第二段不动。</p>"
        ),
    )
    credited = Story(
        title="集市开张",
        html=("<h1>集市开张</h1><p>本报记者 周小满</p><p>本报讯 周末的老街集市开张了。</p>"),
    )
    plain = Story(title="春雨", html="<h1>春雨</h1><p>本报所在的城市下了一夜春雨。</p>")
    issue = import_epub(str(news_epub(tmp_path / "d.epub", [("要闻", [wire, credited, plain])])))
    lead, market, rain = issue.issue.sections[0].articles
    assert lead.dateline == "本报江城3月4日电"
    assert [c.names for c in lead.byline] == [("林一帆",)]  # from the dateline's brackets
    assert lead.body == (Paragraph("今晚起，三条夜班公交线路开通。"), Paragraph("第二段不动。"))
    assert market.dateline == "本报讯"
    assert [c.names for c in market.byline] == [("周小满",)]  # the printed byline, once
    assert market.body == (Paragraph("周末的老街集市开张了。"),)
    assert rain.dateline is None  # 本报 opening a sentence is not a dateline
    assert rain.body == (Paragraph("本报所在的城市下了一夜春雨。"),)
