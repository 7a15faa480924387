"""E-paper issues (issue 14.3): one saved page of a 人民日报 (2025 layout) or Founder (方正)
e-paper brings in the whole issue: a section per page, every field in its place, editors'
lines skipped, the enpproperty comment when the founder-* tags are missing, pictures with
captions, ``--pages``. The fixtures in tests/data/epaper/ are whole small issues of
made-up text: ``people/`` a mirror of the site, ``founder/`` pages saved flat."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from reader.issue.load import parse_issue
from reader.issue.model import Article, Credit, Paragraph, Photo
from reader.sources.epaper import EpaperError, import_epaper
from reader.sources.epaper_layouts import section_title
from reader.sources.epaper_site import resolve_link

DATA = Path(__file__).resolve().parents[1] / "data" / "epaper"
PEOPLE = DATA / "people"
PEOPLE_PAGE = PEOPLE / "rmrb/pc/layout/202501/03/node_02.html"
FOUNDER = DATA / "founder"


def story(result_issue: object, headline: str) -> Article:
    for _, article in result_issue.articles():  # type: ignore[attr-defined]
        if article.headline == headline:
            return article  # type: ignore[no-any-return]
    raise AssertionError(f"no article {headline!r}")


def test_people_whole_issue_from_one_page() -> None:
    result = import_epaper(str(PEOPLE_PAGE), image_folder="p-images")
    issue = result.issue
    assert result.kind == "人民日报 e-paper (2025 layout)"
    assert result.pages == 3
    assert issue.paper == "人民日报"
    assert issue.date == dt.date(2025, 1, 3)
    assert [s.title for s in issue.sections] == ["第01版：要闻", "第02版：经济", "第03版：文化"]
    assert [s.page for s in issue.sections] == ["01", "02", "03"]
    assert [a.headline for a in issue.sections[0].articles] == [
        "湖畔小城试行夜间公交",
        "春耕备播有序展开",
    ]
    lead = issue.sections[0].articles[0]
    assert lead.kicker == "便民出行再添新举措"
    assert lead.subheadline == "首批三条线路运行至次日凌晨"  # <h2><p>…</p></h2>
    assert lead.byline == (Credit(("林晓岚", "周墨"), "本报记者"),)
    assert lead.url == "https://paper.people.com.cn/rmrb/pc/content/202501/03/content_101.html"
    assert lead.body[0] == Photo(caption="夜色中的公交站台。 林晓岚摄", file=lead.body[0].file)
    assert lead.body[0].file == "p-images/" + result.images[0][0]
    assert result.images[0][1].startswith(b"\x89PNG")
    # The dateline the page keeps in the body is set as the story's dateline; the page's
    # own byline stays (the dateline's credits name the same reporters).
    assert lead.dateline == "本报湖州1月2日电"
    assert lead.body[1] == Paragraph("元旦假期刚过，湖畔小城的夜间公交正式开始试运行。")
    # The missing article is a note; the editors' line is neither an article nor a note.
    assert result.notes == (
        "left out article rmrb/pc/content/202501/03/content_202.html: not saved",
    )
    everything = result.yaml_text
    assert "责编" not in everything
    # Output validates and loads.
    assert parse_issue(result.yaml_text, "x.yaml") == issue


def test_people_pictures_and_captions() -> None:
    issue = import_epaper(str(PEOPLE_PAGE), image_folder="p-images").issue
    orchard = story(issue, "果园里的直播间")
    # Its picture was not saved: the caption only, after the text as on the page.
    assert orchard.body[-1] == Photo(caption="果农在果园里直播带货。")
    shop = story(issue, "老街书屋重新开张")
    photos = [b for b in shop.body if isinstance(b, Photo)]
    assert [p.caption for p in photos] == ["书屋外景。", "孩子们在阅读区看书。"]
    assert all(p.file and p.file.startswith("p-images/") for p in photos)
    assert shop.byline == (Credit(("唐韵",), "本报记者"), Credit(("白桦",), "实习生"))
    assert shop.subheadline is None
    assert Paragraph("本版责编：赵小三") not in shop.body


def test_without_an_image_folder_captions_only() -> None:
    result = import_epaper(str(PEOPLE_PAGE))
    assert result.images == ()
    photos = [b for _, a in result.issue.articles() for b in a.body if isinstance(b, Photo)]
    assert photos and all(p.file is None and p.caption for p in photos)


def test_people_pages_option() -> None:
    result = import_epaper(str(PEOPLE_PAGE), pages=frozenset({1, 3}))
    assert [s.title for s in result.issue.sections] == ["第01版：要闻", "第03版：文化"]
    assert result.notes == ()  # page 2, with its missing article, was not read
    with pytest.raises(EpaperError, match="no such page"):
        import_epaper(str(PEOPLE_PAGE), pages=frozenset({9}))


def test_people_page_saved_on_its_own(tmp_path: Path) -> None:
    """Pages and articles saved flat in one folder (not a mirror): found by their names."""
    for path in PEOPLE.rglob("*.html"):
        shutil.copy(path, tmp_path / path.name)
    result = import_epaper(str(tmp_path / "node_01.html"))
    assert result.issue.article_count() == 4
    assert result.issue.date == dt.date(2025, 1, 3)
    url = story(result.issue, "老街书屋重新开张").url
    assert url == "https://paper.people.com.cn/rmrb/pc/content/202501/03/content_301.html"


def test_founder_whole_issue_from_the_folder() -> None:
    result = import_epaper(str(FOUNDER), image_folder="f-images")
    issue = result.issue
    assert result.kind == "Founder (方正) e-paper"
    assert issue.paper == "示例晚报"  # 示例晚报数字报 in the page title
    assert issue.date == dt.date(2025, 1, 3)
    assert [s.title for s in issue.sections] == ["第01版：要闻", "第02版：城事"]
    lead = issue.sections[0].articles[0]
    assert lead.headline == "河畔绿道全线贯通"
    assert lead.kicker == "城市慢行系统再扩容"  # only in the enpproperty comment
    assert lead.subheadline == "全长二十八公里 串起九个公园"
    assert lead.byline == (Credit(("方小舟",), "本报记者"), Credit(("陈小溪",), "通讯员"))
    assert lead.body[0] == Photo(
        caption="市民在新贯通的绿道上骑行。 方小舟 摄", file=lead.body[0].file
    )
    assert lead.body[0].file is not None and lead.body[0].file.startswith("f-images/")
    assert lead.dateline == "本报讯"
    assert lead.body[1:] == (
        Paragraph("经过两年建设，沿河绿道昨日全线贯通。"),
        Paragraph("绿道全长二十八公里，沿途串起九个公园和四处湿地。"),
    )
    canteen = story(issue, "社区食堂开到家门口")
    assert canteen.body == (  # lines split at <br>, no empty deck
        Paragraph("十元钱两荤一素，社区食堂成了老人们的“饭搭子”。"),
        Paragraph("食堂负责人说，每天中午能卖出三百多份。"),
    )
    assert canteen.subheadline is None
    assert "本版编辑" not in result.yaml_text
    assert result.notes == ("left out article content_2_2.htm: not saved",)


def test_founder_enpproperty_fallback() -> None:
    """content_2_1.htm has no founder-* tags: the comment's fields and #ozoom's text."""
    issue = import_epaper(str(FOUNDER / "node_2.htm")).issue
    article = story(issue, "旧厂房变身创意园")
    assert article.kicker == "城市更新"
    assert article.subheadline == "三十余家企业入驻"
    assert article.byline == (Credit(("吴小桐",), "本报记者"),)
    assert article.body == (
        Paragraph("废弃多年的纺织厂房，如今成了年轻人的创意工作室。"),
        Paragraph("园区已引进设计、动漫等企业三十余家。"),
    )


def test_founder_article_url_from_the_saved_address(tmp_path: Path) -> None:
    for path in FOUNDER.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    page = tmp_path / "node_1.htm"
    saved = "<!-- saved from url=(0049)https://epaper.example.cn/html/2025-01/03/node_1.htm -->\n"
    page.write_bytes(saved.encode() + page.read_bytes())
    issue = import_epaper(str(page), pages=frozenset({1})).issue
    assert [a.url for _, a in issue.articles()] == [
        "https://epaper.example.cn/html/2025-01/03/content_1_1.htm",
        "https://epaper.example.cn/html/2025-01/03/content_1_2.htm",
    ]


def test_an_article_page_alone(tmp_path: Path) -> None:
    """An article whose pages were not saved: the article itself, in its page's section."""
    shutil.copy(FOUNDER / "content_2_1.htm", tmp_path / "content_2_1.htm")
    result = import_epaper(str(tmp_path / "content_2_1.htm"))
    assert [s.title for s in result.issue.sections] == ["城事"]
    assert result.issue.article_count() == 1
    assert result.notes == ()  # it lists no pages


def test_gbk_page(tmp_path: Path) -> None:
    text = (FOUNDER / "content_2_1.htm").read_text(encoding="utf-8")
    data = text.replace("charset=utf-8", "charset=gb2312").encode("gbk")
    (tmp_path / "content_2_1.htm").write_bytes(data)
    issue = import_epaper(str(tmp_path / "content_2_1.htm")).issue
    assert issue.sections[0].articles[0].headline == "旧厂房变身创意园"


@pytest.mark.parametrize(
    ("label", "number", "title", "page"),
    [
        ("第04版：要闻", 4, "第04版：要闻", "04"),
        ("04版:要闻", 4, "第04版：要闻", "04"),
        ("第A1版：城事", 1, "第A1版：城事", "A1"),
        ("要闻", 2, "第02版：要闻", "02"),
        (None, 3, "第03版", "03"),
    ],
)
def test_section_titles(label: str | None, number: int, title: str, page: str) -> None:
    assert section_title(label, number) == (title, page)


def test_links_never_leave_the_site() -> None:
    assert resolve_link("a/b/node_1.htm", "content_1.htm") == "a/b/content_1.htm"
    assert resolve_link("a/b/node_1.htm", "../../../x/content_1.htm") is None
    assert resolve_link("node_1.htm", "../content_1.htm") is None
    assert resolve_link("node_1.htm", "https://elsewhere.example/content_1.htm") is None
    assert resolve_link("node_1.htm", "file:///etc/passwd") is None
    assert resolve_link("node_1.htm", "a\\..\\..\\b") is None


def test_an_article_page_leads_to_the_whole_issue() -> None:
    """Given an article of the issue, its page list brings in every page, the article once."""
    result = import_epaper(str(FOUNDER / "content_1_1.htm"))
    assert [s.title for s in result.issue.sections] == ["第01版：要闻", "第02版：城事"]
    headlines = [a.headline for _, a in result.issue.articles()]
    assert headlines.count("河畔绿道全线贯通") == 1
    assert len(headlines) == 3


def test_an_article_linked_twice_is_read_once(tmp_path: Path) -> None:
    for path in FOUNDER.glob("*.htm"):
        shutil.copy(path, tmp_path / path.name)
    page = tmp_path / "node_2.htm"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace('<li><a href="content_2_2.htm">', '<li><a href="content_1_1.htm">'),
        encoding="utf-8",
    )
    result = import_epaper(str(tmp_path))
    headlines = [a.headline for _, a in result.issue.articles()]
    assert headlines.count("河畔绿道全线贯通") == 1


def test_a_people_article_saved_alone(tmp_path: Path) -> None:
    """Its pages are notes; the article keeps its section (from the page list), date and url."""
    shutil.copy(PEOPLE / "rmrb/pc/content/202501/03/content_301.html", tmp_path / "a.html")
    result = import_epaper(str(tmp_path / "a.html"))
    assert [s.title for s in result.issue.sections] == ["第03版：文化"]
    assert result.issue.date == dt.date(2025, 1, 3)
    # Saved under another name: its address cannot be told.
    assert result.issue.sections[0].articles[0].url is None
    assert len(result.notes) == 3 and all("not saved" in n for n in result.notes)
