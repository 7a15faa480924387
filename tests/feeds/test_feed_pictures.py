"""Feed pictures (issue 14): enclosures, Media RSS and a story page's lead picture,
downloaded through paperread's one client from the local server of ``conftest.py``
(never the network, never a mock), saved beside the issue under names paperread makes.
Every hostile picture is one line and the issue is still written."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.cli.main import main
from reader.issue.load import load_issue, parse_issue
from reader.issue.model import Article, Issue, Photo
from reader.sources.feed_issue import feed_issue
from reader.sources.feeds import parse_feed

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
IMAGES = DATA / "images"
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d+\.(?:png|gif|jpg|webp)")
SKIPPED = {
    "Lost picture": "/missing: HTTP 404 Not Found",
    "Huge picture": "/image-huge.jpg: the response is too large",
    "Not a picture": "/image-html.jpg: not a picture (its bytes are no PNG, JPEG, GIF or WebP)",
    "Local file": "file:///etc/passwd: only http and https addresses are fetched",
    "Redirected picture": "refused a redirect to file:///etc/passwd",
    "Inline data": "data:image/png;base64,iVBORw0KGgo=: only http and https addresses",
}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def article(issue: Issue, headline: str) -> Article:
    return next(a for _, a in issue.articles() if a.headline == headline)


def photos(issue: Issue, headline: str) -> list[Photo]:
    return [b for b in article(issue, headline).body if isinstance(b, Photo)]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_pictures_are_saved_beside_the_issue_with_their_captions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    out = tmp_path / "desk" / "out.yaml"
    out.parent.mkdir()
    code, stdout, err = cli(capsys, feed_server.url("/feeds/pictures.xml"), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    issue = load_issue(out)
    assert issue.article_count() == 10  # every item, whatever became of its picture
    assert main(["check", str(out)]) == 0

    # An enclosure: its picture, no caption; the name is ours, not the address's.
    (ferry,) = photos(issue, "Ferry back on the water")
    assert ferry.caption is None and ferry.file is not None
    # media:content with media:description and media:credit (the thumbnail is not taken).
    (market,) = photos(issue, "Market at dawn")
    assert (market.caption, market.credit) == ("Stalls at dawn", "Ann Lee")
    # A figure in content:encoded; the item's enclosure is not added on top of it.
    (bridge,) = photos(issue, "Bridge lights")
    assert bridge.caption == "The bridge at night"
    # A summary-only item: the story page's lead figure, with its figcaption.
    (council,) = photos(issue, "Council meets")
    assert council.caption == "Councillors in the town hall"

    expected = {
        ferry.file: "ferry.png",
        market.file: "market.gif",
        bridge.file: "inline.png",
        council.file: "page.png",
    }
    for file, fixture in expected.items():
        assert file is not None
        folder, name = file.split("/")
        assert folder == "out-images" and NAME.fullmatch(name), file
        assert (out.parent / file).read_bytes() == (IMAGES / fixture).read_bytes()
    # Nothing but the issue and its four pictures, all inside the folder beside it.
    assert files_under(tmp_path) == sorted(
        ["desk", "desk/out.yaml", "desk/out-images", *(f"desk/{f}" for f in expected)]
    )
    assert "/images/market-small.gif" not in feed_server.state.paths
    assert "wrote 4 pictures in out-images/" in err

    # Each hostile picture: one line naming it and why; its article kept, with no file.
    lines = err.splitlines()
    for headline, reason in SKIPPED.items():
        said = [line for line in lines if reason in line]
        assert len(said) == 1, (reason, err)
        assert said[0].startswith("picture skipped: ")
        assert all(p.file is None for p in photos(issue, headline))
    assert photos(issue, "Not a picture") == [Photo(caption="A page, not a photo")]
    assert not Path("evil.png").exists() and not (tmp_path / "evil.png").exists()


def test_standard_output_writes_no_pictures_and_says_so(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    feed_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, err = cli(capsys, "-o", "-", feed_server.url("/feeds/pictures.xml"))
    assert code == 0, err
    issue = parse_issue(stdout, "out.yaml")
    assert photos(issue, "Market at dawn") == [Photo(caption="Stalls at dawn", credit="Ann Lee")]
    assert all(p.file is None for _, a in issue.articles() for p in a.body if isinstance(p, Photo))
    assert "10 picture(s) not downloaded: standard output holds only the issue" in err
    assert not any(p.startswith("/images/") for p in feed_server.state.paths)
    assert list(tmp_path.iterdir()) == [] or all(
        p.name.startswith("paperread-") for p in tmp_path.iterdir()
    )


def test_into_the_library_the_pictures_go_beside_the_issue(
    capsys: pytest.CaptureFixture[str], feed_server: Any
) -> None:
    code, _stdout, err = cli(capsys, feed_server.url("/feeds/pictures.xml"))
    assert code == 0, err
    folder = paths.user_issues_dir()
    (issue_file,) = folder.glob("*.yaml")
    assert issue_file.name == "Riverside-Picture-Desk-2024-03-05.yaml"
    issue = load_issue(issue_file)
    (market,) = photos(issue, "Market at dawn")
    assert market.file is not None
    assert market.file.startswith("Riverside-Picture-Desk-2024-03-05-images/")
    assert (folder / market.file).read_bytes() == (IMAGES / "market.gif").read_bytes()


def write_config(text: str) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text, encoding="utf-8")


def library() -> dict[str, tuple[bytes, int]]:
    folder = paths.user_issues_dir()
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_update_saves_the_pictures_and_a_second_run_adds_nothing(
    capsys: pytest.CaptureFixture[str], feed_server: Any
) -> None:
    write_config(f"sources:\n  - name: Desk\n    feed: {feed_server.url('/feeds/pictures.xml')}\n")
    code = main(["update", "--timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines() == ["Desk: 10 new articles (2024-03-05)"]
    for reason in SKIPPED.values():
        assert sum(reason in line for line in err.splitlines()) == 1, (reason, err)
    files = library()
    pictures = sorted(name for name in files if not name.endswith(".yaml"))
    assert len(pictures) == 4
    assert all(name.startswith("Riverside-Picture-Desk-2024-03-05-images/") for name in pictures)
    issue = load_issue(paths.user_issues_dir() / "Riverside-Picture-Desk-2024-03-05.yaml")
    assert photos(issue, "Market at dawn")[0].file in pictures
    fetched = [p for p in feed_server.state.paths if p.startswith("/images/")]

    code = main(["update", "--timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines() == ["Desk: unchanged"]
    assert library() == files  # bytes and mtimes: nothing rewritten, nothing added
    assert [p for p in feed_server.state.paths if p.startswith("/images/")] == fetched


def test_without_a_folder_nothing_is_downloaded_and_captions_stay() -> None:
    feed = parse_feed((DATA / "pictures.xml").read_bytes())
    result = feed_issue(feed, source="pictures.xml")  # no folder, no fetcher: no network
    issue = result.issue
    assert result.images == ()
    assert photos(issue, "Market at dawn") == [Photo(caption="Stalls at dawn", credit="Ann Lee")]
    assert photos(issue, "Ferry back on the water") == []  # nothing to say without the file
    assert photos(issue, "Bridge lights") == [Photo(caption="The bridge at night")]


def test_media_description_is_a_caption_never_the_body() -> None:
    data = b"""<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>T</title>
<item><title>One</title><description>The story itself.</description>
<media:group><media:content url="https://img.example.invalid/a.jpg" type="image/jpeg"/>
<media:description>Group caption</media:description><media:credit>Group credit</media:credit>
</media:group></item>
<item><title>Two</title><description>Another story.</description>
<media:thumbnail url="https://img.example.invalid/t.jpg"/></item>
</channel></rss>"""
    one, two = parse_feed(data).items
    assert one.summary_html == "The story itself." and one.content_html is None
    assert [(p.url, p.caption, p.credit) for p in one.pictures] == [
        ("https://img.example.invalid/a.jpg", "Group caption", "Group credit")
    ]
    assert [p.url for p in two.pictures] == ["https://img.example.invalid/t.jpg"]


def test_page_picture_of_a_plain_page_and_an_epaper_page() -> None:
    from reader.sources.html_text import page_picture

    page = (DATA / "pages" / "story-picture.html").read_text(encoding="utf-8")
    assert page_picture(page, "http://127.0.0.1:1/pages/story-picture.html") == (
        "http://127.0.0.1:1/images/page.png",
        "Councillors in the town hall",
    )
    # No figure and no <article>: the logo in a plain <div> is not the story's picture.
    assert (
        page_picture('<div><img src="/logo.png" alt="Logo"></div><p>Text.</p>', "http://h/") is None
    )
    # A 人民日报 e-paper article page: the picture its layout names, with its caption.
    people = DATA.parent / "epaper" / "people" / "rmrb" / "pc" / "content" / "202501" / "03"
    html = (people / "content_101.html").read_text(encoding="utf-8")
    address = "http://127.0.0.1:1/rmrb/pc/content/202501/03/content_101.html"
    assert page_picture(html, address) == (
        "http://127.0.0.1:1/rmrb/pc/attachement/jpg/site1/20250103/night-bus.png",
        "夜色中的公交站台。 林晓岚摄",
    )
    # A data: or file: source is never taken.
    assert page_picture('<figure><img src="file:///etc/passwd"></figure>', "file:///x") is None
    # A lazily loaded lead picture: its real address, not the placeholder.
    lazy = '<article><figure><img src="data:," data-src="/lead.jpg"><figcaption>头图</figcaption>'
    assert page_picture(lazy + "</figure></article>", "http://h/s.html") == (
        "http://h/lead.jpg",
        "头图",
    )


def test_the_invalid_top_level_domain_is_never_looked_up() -> None:
    from reader.sources.http import FetchError, check_url

    with pytest.raises(FetchError, match="the host name is not known"):
        check_url("https://img.example.invalid/a.jpg")
    assert check_url("http://127.0.0.1:1/a.jpg") == "http://127.0.0.1:1/a.jpg"


def test_picture_names_are_ours(tmp_path: Path) -> None:
    from reader.issue.model import Paragraph
    from reader.sources.feed_pictures import save_pictures

    png = (IMAGES / "ferry.png").read_bytes()
    notes: list[str] = []
    bodies, images = save_pictures(
        [("../../etc", [Photo(file="http://h/../../x.png"), Paragraph("p")]),
         ("a-1234", [Photo(file="http://h/y.png?n=/etc/passwd")])],
        "out-images",
        lambda url: png,
        notes,
    )  # fmt: skip
    assert [name for name, _ in images] == ["a1-1.png", "a-1234-1.png"]
    assert bodies[0][0] == Photo(file="out-images/a1-1.png")
    assert all(os.sep not in name and ".." not in name for name, _ in images)
    assert notes == []
    # The names update may remove when an issue no longer references them.
    from reader.sources.output import PICTURE_NAME

    assert all(PICTURE_NAME.fullmatch(name) for name, _ in images)


def test_relative_picture_addresses_are_resolved_and_downloaded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: Any
) -> None:
    # relative.xml names its pictures relative to the feed (an enclosure), to the server's
    # root (media:content), to the item's own link (an <img> in its HTML) and without a
    # scheme (media:thumbnail); and two relative to an xml:base of file:///etc/.
    out = tmp_path / "out.yaml"
    code, _stdout, err = cli(capsys, feed_server.url("/feeds/relative.xml"), "-o", str(out))
    assert code == 0, err
    issue = load_issue(out)
    assert main(["check", str(out)]) == 0
    expected = {
        "Ferry by a relative path": "ferry.png",
        "Market from the root": "market.gif",
        "Bridge beside its page": "inline.png",
        "Council without a scheme": "page.png",
    }
    for headline, fixture in expected.items():
        (photo,) = photos(issue, headline)
        assert photo.file is not None, (headline, err)
        assert (tmp_path / photo.file).read_bytes() == (IMAGES / fixture).read_bytes()
    assert photos(issue, "Market from the root")[0].caption == "Stalls at dawn"
    # The item's link, itself relative to the feed, is the base of its HTML, not the feed.
    assert article(issue, "Bridge beside its page").url == feed_server.url("/images/bridge-story")
    fetched = sorted(p for p in feed_server.state.paths if p.startswith("/images/"))
    assert fetched == sorted(f"/images/{name}" for name in expected.values())
    assert "wrote 4 pictures in out-images/" in err

    # Resolved against a file: base, they are no http(s) address: one line each, no file.
    lines = err.splitlines()
    based = {"Enclosure based on a file": "passwd", "Picture based on a file": "group"}
    for headline, name in based.items():
        said = [line for line in lines if "picture skipped: file:" in line and name in line]
        assert len(said) == 1, (name, err)
        assert said[0].endswith("only http and https addresses are fetched")
        assert all(p.file is None for p in photos(issue, headline))
    assert photos(issue, "Picture based on a file") == [Photo(caption="Groups")]
    assert sum("picture skipped" in line for line in lines) == 2, err


RELATIVE_RSS = b"""<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>T</title><link>/</link>
<item><title>One</title><link>/news/one.html</link>
<description><![CDATA[<p>Text.</p><img src="a.jpg"><img src="/b.jpg">
<img src="//cdn.example.invalid/c.jpg">
<img src="data:image/gif;base64,R0lGOD"><img src="https://img.example.invalid/d.jpg">]]></description>
<enclosure url="../img/e.jpg" type="image/jpeg"/>
<media:content url="f.jpg" medium="image"/>
</item></channel></rss>"""


def test_relative_addresses_take_the_feeds_address_and_the_items_link() -> None:
    from reader.sources.html_text import html_blocks

    feed = parse_feed(RELATIVE_RSS, url="https://site.example.invalid/feeds/all.xml")
    assert feed.link == "https://site.example.invalid/"
    (item,) = feed.items
    assert item.link == "https://site.example.invalid/news/one.html"
    assert item.base == item.link
    # Enclosures and Media RSS: against the feed's address.
    assert [p.url for p in item.pictures] == [
        "https://site.example.invalid/img/e.jpg",
        "https://site.example.invalid/feeds/f.jpg",
    ]
    # The item's HTML: against the item's link; any scheme kept for the download to refuse.
    assert item.summary_html is not None
    files = [b.file for b in html_blocks(item.summary_html, sources=True, base=item.base)
             if isinstance(b, Photo)]  # fmt: skip
    assert files == [
        "https://site.example.invalid/news/a.jpg",
        "https://site.example.invalid/b.jpg",
        "https://cdn.example.invalid/c.jpg",
        "data:image/gif;base64,R0lGOD",
        "https://img.example.invalid/d.jpg",
    ]
    # Read from a file (no address): the item's link, when absolute, is the base of all.
    local = RELATIVE_RSS.replace(b"/news/one.html", b"https://other.example.invalid/n/one")
    (item,) = parse_feed(local).items
    assert [p.url for p in item.pictures] == [
        "https://other.example.invalid/img/e.jpg",
        "https://other.example.invalid/n/f.jpg",
    ]
    assert item.base == "https://other.example.invalid/n/one"
    # Nothing to resolve against: the addresses stay as written (the download says so).
    (item,) = parse_feed(RELATIVE_RSS).items
    assert item.link is None and item.base is None
    assert [p.url for p in item.pictures] == ["../img/e.jpg", "f.jpg"]


def test_an_xml_base_comes_before_the_feeds_address() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.example.invalid/p/">
<title>T</title>
<entry xml:base="2024/"><title>One</title><link href="one.html"/>
<link rel="enclosure" type="image/png" href="e.png"/>
<content type="html">&lt;p&gt;Text.&lt;/p&gt;&lt;img src="i.png"&gt;</content>
<updated>2024-03-05T00:00:00Z</updated></entry></feed>"""
    (item,) = parse_feed(atom, url="https://site.example.invalid/feeds/atom.xml").items
    assert [p.url for p in item.pictures] == ["https://cdn.example.invalid/p/2024/e.png"]
    assert item.link == "https://cdn.example.invalid/p/2024/one.html"
    assert item.base == "https://cdn.example.invalid/p/2024/"
    assert item.content_html is not None
    (photo,) = html_blocks_photos(item.content_html, item.base)
    assert photo.file == "https://cdn.example.invalid/p/2024/i.png"
    # A relative xml:base over the feed's address: the pictures (read with lxml) follow it.
    relative = atom.replace(b"https://cdn.example.invalid/p/", b"/p/")
    (item,) = parse_feed(relative, url="https://site.example.invalid/feeds/atom.xml").items
    assert [p.url for p in item.pictures] == ["https://site.example.invalid/p/2024/e.png"]


def html_blocks_photos(html: str, base: str | None) -> list[Photo]:
    from reader.sources.html_text import html_blocks

    return [b for b in html_blocks(html, sources=True, base=base) if isinstance(b, Photo)]


def test_lazily_loaded_pictures_are_taken_from_their_real_address() -> None:
    """Pages that load pictures by script keep the real address in ``data-src`` (or
    ``data-original``) and a placeholder in ``src``: the real one is the picture."""
    html = (
        '<p>正文。</p><img alt="江边" src="data:image/gif;base64,R0lGOD" data-src="/a.jpg">'
        '<figure><img src="" data-original="b.png"><figcaption>桥上</figcaption></figure>'
        '<img alt="真图" src="/c.jpg" data-src="/not-this.jpg">'
        '<img alt="只有占位" src="data:image/gif;base64,R0lGOD">'
    )
    photos = html_blocks_photos(html, "https://site.example.invalid/news/1.html")
    assert [(p.caption, p.file) for p in photos] == [
        ("江边", "https://site.example.invalid/a.jpg"),
        ("桥上", "https://site.example.invalid/news/b.png"),
        ("真图", "https://site.example.invalid/c.jpg"),  # a real src wins
        ("只有占位", "data:image/gif;base64,R0lGOD"),  # refused at download, in one line
    ]
