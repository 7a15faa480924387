"""Feeds to issues: the mapping of each kind, and ``paperread import FEED|URL`` end to end.

Every feed and page is a fixture of ``tests/data/feeds`` served by the local
server of ``conftest.py``; nothing here reaches the network.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Issue, Paragraph, Photo, Subhead
from reader.sources.feed_issue import feed_issue
from reader.sources.feeds import FeedError, detect_feed, parse_feed

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def paragraphs(issue: Issue, article: int = 0) -> list[str]:
    found = list(issue.articles())[article][1]
    return [b.text for b in found.body if isinstance(b, Paragraph)]


# -- detection and parsing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("rss2.xml", "RSS 2.0"), ("rdf.xml", "RSS 1.0/RDF"), ("atom.xml", "Atom"),
     ("gb2312.xml", "RSS 2.0"), ("pages/not-a-feed.html", None)],
)  # fmt: skip
def test_detect_by_root_element(name: str, kind: str | None) -> None:
    assert detect_feed((DATA / name).read_bytes()) == kind


def test_detect_skips_prolog_comments_and_bom() -> None:
    data = (
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a comment -->\n'
        b'<?xml-stylesheet href="x"?>\n<feed>'
    )
    assert detect_feed(data) == "Atom"
    assert detect_feed(b"<html><body><rss></rss></body></html>") is None


def test_rss2_mapping() -> None:
    feed = parse_feed((DATA / "rss2.xml").read_bytes())
    result = feed_issue(feed, source="rss2.xml")
    issue = result.issue
    assert issue.paper == "河湾晨报 · 要闻"
    assert issue.date == dt.date(2024, 1, 9)  # the newest day, in the feed's own time zone
    assert issue.language == "zh-Hans"
    assert [s.title for s in issue.sections] == ["城建", "文化"]  # from categories
    assert issue.article_count() == 2  # the item of 8 January is left out
    assert any("1 item(s) from other days left out" in n for n in result.notes)
    (_, bridges), (_, library) = list(issue.articles())
    assert bridges.headline == "河湾新建三座人行天桥"
    assert [c.names for c in bridges.byline] == [("林小禾",)]
    assert bridges.url == "https://hewan.example.invalid/news/bridges"
    assert bridges.body == (
        Paragraph("河湾市三座人行天桥本月投入使用，行人过街时间平均缩短两分钟。"),
        Subhead("市民反响"),
        Paragraph("附近居民说，过马路安全多了。"),
        Photo(caption="新建的滨江路天桥"),
        Paragraph("市交通局表示，明年还将新建五座。"),
    )
    # content:encoded wins over the description; the media photo comes first, with its credit.
    assert library.body[0] == Photo(credit="陈默 摄")
    assert paragraphs(issue, 1) == [
        "湖畔图书馆自下周起每晚开放到十点，周末照常开放。",
        "馆方表示，夜间将增加两名值班人员。",
    ]
    # What was written reads back the same.
    assert parse_issue(result.yaml_text, "x.yaml") == issue


def test_rss2_another_day_and_one_section() -> None:
    feed = parse_feed((DATA / "rss2.xml").read_bytes())
    issue = feed_issue(feed, source="x", day=dt.date(2024, 1, 8), section="本地").issue
    assert [s.title for s in issue.sections] == ["本地"]
    assert [a.headline for _, a in issue.articles()] == ["昨日旧闻：河湾公园换新长椅"]
    with pytest.raises(FeedError, match="no item of the feed is dated 2024-01-07"):
        feed_issue(feed, source="x", day=dt.date(2024, 1, 7))


def test_atom_mapping() -> None:
    issue = feed_issue(parse_feed((DATA / "atom.xml").read_bytes()), source="atom.xml").issue
    assert issue.paper == "Riverside Evening Post"
    assert issue.date == dt.date(2024, 3, 5)
    assert issue.language == "en"
    # A category where given; the other item goes into a section named after the feed.
    assert [s.title for s in issue.sections] == ["Transport", "Riverside Evening Post"]
    (_, ferry), (_, market) = list(issue.articles())
    # The image enclosure is not downloaded and has no credit: no empty photo block.
    assert not any(isinstance(block, Photo) for block in ferry.body)
    assert paragraphs(issue, 0)[1] == "The harbour office says the [change] is a trial."
    assert [c.names for c in market.byline] == [("Ben Stone",)]
    assert paragraphs(issue, 1) == [
        "The market square reopened after repairs.",
        "Traders returned on the first day.",
    ]
    assert market.url == "https://riverside.example.invalid/market"


def test_gb2312_feed_decodes() -> None:
    data = (DATA / "gb2312.xml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    issue = feed_issue(parse_feed(data), source="gb2312.xml").issue
    assert issue.paper == "湖州日报－时政"
    _, article = next(issue.articles())
    assert article.headline == "湖州举行春季植树活动"
    assert article.byline[0].names == ("钱塘",)
    assert paragraphs(issue)[0].startswith("数千名市民参加了今天的植树活动")
    assert issue.date == dt.date(2024, 3, 12)


def test_escape_sequences_in_a_feed_are_cleaned() -> None:
    data = (
        b'<rss version="2.0"><channel><title>T\x1b]0;owned\x07</title>'
        b"<item><title>Head\xc2\x9b2Jline\xe2\x80\xae</title>"
        b"<description>Body \x1b[31mred</description></item></channel></rss>"
    )
    issue = feed_issue(parse_feed(data), source="x").issue
    _, article = next(issue.articles())
    assert issue.paper == "T"
    assert "\x1b" not in article.headline and "\u202e" not in article.headline
    assert paragraphs(issue) == ["Body red"]


def test_billion_laughs_is_refused_and_small() -> None:
    data = (DATA / "billion-laughs.xml").read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FeedError, match=r"declares XML entities .*billion laughs"):
        parse_feed(data)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    if sys.platform.startswith("linux"):
        assert grown_kib < 50 * 1024


def test_a_string_path_in_the_data_is_not_opened(tmp_path: Path) -> None:
    # feedparser opens a *string* as a file name; parse_feed hands it a byte stream.
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"/etc/passwd")


# -- the command line, through the local server ------------------------------------------


def test_cli_rss2_file_to_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "out.yaml"
    code, out, err = cli(capsys, str(DATA / "rss2.xml"), "-o", str(out_path))
    assert code == 0, err
    assert out == ""
    assert "detected an RSS 2.0 feed" in err
    assert f"wrote {out_path}" in err
    issue = load_issue(out_path)
    assert issue.article_count() == 2
    assert main(["check", str(out_path)]) == 0


def test_cli_rdf_url_fetches_the_stories(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    out_path = tmp_path / "rdf.yaml"
    code, _out, err = cli(capsys, feed_server.url("/feeds/rdf.xml"), "-o", str(out_path))
    assert code == 0, err
    assert "detected an RSS 1.0/RDF feed" in err
    issue = load_issue(out_path)
    assert issue.paper == "山城之声 | 全部"
    assert issue.language == "zh-Hant"
    assert issue.date == dt.date(2024, 2, 1)
    cable = next(a for _, a in issue.articles())
    # The summaries were one line: the stories came from the linked pages.
    assert paragraphs(issue, 0)[0].startswith("经过三个月的检修，山城缆车今天上午恢复运行")
    assert len(paragraphs(issue, 0)) == 4
    assert not any("首页" in p or "版权" in p or "热门" in p for p in paragraphs(issue, 0))
    assert cable.byline[0].names == ("吴山",)
    assert cable.url == feed_server.url("/pages/story-1.html")
    # A Big5 page, its charset only in <meta http-equiv>.
    assert paragraphs(issue, 1)[0] == "山城夜市從本週五起延長營業到午夜，攤位數目增加到一百二十個。"
    # A link that answers 404 keeps its summary, and says so.
    assert paragraphs(issue, 2) == ["气象台提醒雾季将至。"]
    assert "could not fetch the story of '山城雾季将至'" in err and "HTTP 404" in err
    assert "fetched the story of '山城缆车恢复运行' (trafilatura)" in err
    assert "/pages/story-1.html" in feed_server.state.paths


def test_cli_max_pages_caps_fetching(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    code, out, err = cli(capsys, "-o", "-", feed_server.url("/feeds/rdf.xml"), "--max-pages", "1")
    assert code == 0, err
    issue = parse_issue(out, "out.yaml")
    assert len(paragraphs(issue, 0)) == 4
    assert paragraphs(issue, 1) == ["夜市营业到午夜。"]
    assert "2 more item(s) carry only a summary: not fetched" in err
    assert [p for p in feed_server.state.paths if p.startswith("/pages/")] == [
        "/pages/story-1.html"
    ]


def test_cli_gb2312_over_http(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    code, out, err = cli(
        capsys, "-o", "-", feed_server.url("/feeds/gb2312.xml"), "--max-pages", "0"
    )
    assert code == 0, err
    issue = parse_issue(out, "out.yaml")
    assert next(issue.articles())[1].headline == "湖州举行春季植树活动"


HOSTILE = [
    ("/feeds/billion-laughs.xml", "declares XML entities"),
    ("/endless", "stopped reading"),
    ("/big-length", "not downloaded"),
    ("/redirect-file", "refused a redirect to file:///etc/passwd"),
    ("/missing", "HTTP 404 Not Found"),
    ("/slow", "timed out"),
    ("/pages/not-a-feed.html", "not a feed: it is an HTML page"),
]


@pytest.mark.parametrize(("path", "expected"), HOSTILE, ids=[p for p, _ in HOSTILE])
def test_cli_hostile_input_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    feed_server: Any,
    path: str,
    expected: str,
) -> None:
    out_path = tmp_path / "out.yaml"
    code, out, err = cli(capsys, feed_server.url(path), "-o", str(out_path), "--timeout", "0.5")
    assert code == 1
    assert out == ""
    lines = [line for line in err.splitlines() if "detected" not in line]
    assert len(lines) == 1, err
    assert lines[0].startswith("paperread import: ")
    assert expected in lines[0]
    assert not out_path.exists()
    assert list(tmp_path.iterdir()) == [] or all(
        p.name.startswith("paperread-") for p in tmp_path.iterdir()
    )


def test_cli_file_scheme_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "file:///etc/passwd")
    assert code == 1 and out == ""
    assert err.strip() == (
        "paperread import: file:///etc/passwd: only http and https addresses are fetched"
    )


def test_raw_page_text_still_imports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("一则新闻的标题\n本报讯（记者 李明）第一段。\n第二段。\n", encoding="utf-8")
    code, out, err = cli(capsys, str(page))
    assert code == 0, err
    assert "detected" not in err
    assert parse_issue(out, "out.yaml").article_count() == 1


def test_fallback_extractor_takes_the_densest_paragraphs() -> None:
    from reader.sources.html_text import decode_html, densest_story

    html = decode_html((DATA / "pages" / "story-2.html").read_bytes())
    assert [p.text for p in densest_story(html)] == [
        "山城夜市從本週五起延長營業到午夜，攤位數目增加到一百二十個。",
        "市場管理處表示，延長營業期間將加派清潔人員，並在入口處設置臨時停車場。",
        "不少攤主認為，延長營業能吸引更多下班後的顧客。",
    ]
    page = (DATA / "pages" / "story-1.html").read_text(encoding="utf-8")
    found = [p.text for p in densest_story(page)]
    assert len(found) == 4 and found[0].startswith("经过三个月的检修")  # <article>'s, no footer


def test_page_story_uses_the_fallback_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    from reader.sources.html_text import page_story

    page = "<html><body><div><p>一句。</p><p>两句。</p></div></body></html>"
    assert page_story(page)[1] == "trafilatura"
    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    assert page_story(page) == ([Paragraph("一句。"), Paragraph("两句。")], "paragraphs")


def test_tracking_pixels_are_no_photos() -> None:
    from reader.sources.html_text import html_blocks

    html = (
        '<p>正文。</p><img src="https://t.example.invalid/p.gif" width="1" height="1"/>'
        '<img alt="no source"/><img src="https://img.example.invalid/a.jpg" alt="江边"/>'
    )
    assert html_blocks(html) == [Paragraph("正文。"), Photo(caption="江边")]


def test_a_repeated_item_is_taken_once() -> None:
    data = (DATA / "atom.xml").read_bytes()
    entry = data[data.index(b"<entry>") : data.index(b"</entry>") + len(b"</entry>")]
    doubled = data.replace(entry, entry + entry, 1)
    issue = feed_issue(parse_feed(doubled), source="x").issue
    assert [a.headline for _, a in issue.articles()] == [
        "Ferry timetable changes next week",
        "Market square reopens",
    ]


def test_a_pipe_is_left_to_the_raw_text_import(tmp_path: Path) -> None:
    import os

    from reader.cli.import_feed import claims

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert not claims(str(fifo))  # would block reading, and eat the raw import's input
    assert claims(str(DATA / "rss2.xml"))
    assert not claims(str(DATA / "pages" / "not-a-feed.html"))
    assert claims("https://example.invalid/feed")


def test_encoding_option_overrides_a_wrong_declaration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (DATA / "gb2312.xml").read_bytes().decode("gb2312")
    wrong = tmp_path / "wrong.xml"
    wrong.write_bytes(text.replace('encoding="gb2312"', 'encoding="utf-8"').encode("gb18030"))
    code, out, err = cli(capsys, "-o", "-", str(wrong), "--encoding", "gb18030")
    assert code == 0, err
    assert next(parse_issue(out, "o.yaml").articles())[1].headline == "湖州举行春季植树活动"
    code, _out, err = cli(capsys, "-o", "-", str(wrong), "--encoding", "klingon")
    assert code == 2 and "unknown encoding" in err


def test_a_page_read_again_in_the_same_process_gives_the_same_story() -> None:
    from reader.sources.html_text import page_story

    page = (
        "<html><body><article><h1>重读</h1>"
        + "".join(
            f"<p>同一页面第{k}段，在同一进程里读了好几遍，内容不应丢失。</p>" for k in range(6)
        )
        + "</article></body></html>"
    )
    first = page_story(page, "http://127.0.0.1:1/again.html")
    assert first[1] == "trafilatura" and len(first[0]) == 7  # the headline, six paragraphs
    for _ in range(4):  # paperread update from the library screen, run again and again
        assert page_story(page, "http://127.0.0.1:1/again.html") == first


def test_cli_feed_items_on_epaper_pages_use_the_layouts_fields(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    # Items linking to 人民日报 and Founder article pages: kicker, deck, byline and body come
    # from the layout's own fields (h3/h1/h2/.sec/#ozoom; founder-* tags), not from
    # trafilatura, which would drop the kicker and deck and could keep page furniture.
    out_path = tmp_path / "epaper.yaml"
    code, _out, err = cli(capsys, feed_server.url("/feeds/epaper-links.xml"), "-o", str(out_path))
    assert code == 0, err
    issue = load_issue(out_path)
    bus, greenway = (a for _, a in issue.articles())
    assert bus.kicker == "便民出行再添新举措"
    assert bus.subheadline == "首批三条线路运行至次日凌晨"
    assert [n for c in bus.byline for n in c.names] == ["林晓岚", "周墨"]
    # The dateline opening the page's first paragraph is the story's dateline.
    assert bus.dateline == "本报湖州1月2日电"
    assert paragraphs(issue, 0)[0] == "元旦假期刚过，湖畔小城的夜间公交正式开始试运行。"
    assert len(paragraphs(issue, 0)) == 3
    assert "fetched the story of '湖畔小城试行夜间公交' (人民日报 e-paper (2025 layout))" in err
    assert greenway.kicker == "城市慢行系统再扩容"
    assert greenway.subheadline == "全长二十八公里 串起九个公园"
    # The feed names its own author: that wins over the page's.
    assert [n for c in greenway.byline for n in c.names] == ["编辑部"]
    assert greenway.dateline == "本报讯"
    assert paragraphs(issue, 1) == [
        "经过两年建设，沿河绿道昨日全线贯通。",
        "绿道全长二十八公里，沿途串起九个公园和四处湿地。",
    ]
    assert "(Founder (方正) e-paper)" in err
    # The lead pictures came from the layouts too, saved beside the issue.
    photos = [b for _, a in issue.articles() for b in a.body if isinstance(b, Photo)]
    assert len(photos) == 2
    assert (photos[0].caption or "").startswith("夜色中的公交站台")
    assert all(p.file and (tmp_path / p.file).is_file() for p in photos)
