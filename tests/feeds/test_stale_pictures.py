"""``paperread update`` rewriting an issue removes the pictures it made that the new issue no
longer references (an article gone, a picture changed), after the new issue is written, and
nothing else: not a file of the user's, not through a symbolic link, not outside the
issue's picture folder, and nothing at all when the write fails. Against the local server
of ``conftest.py``, whose ``/dynamic/`` feed each test changes between two runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.cli.main import main
from reader.issue.load import load_issue
from reader.issue.model import Issue, Photo

IMAGES = Path(__file__).resolve().parents[1] / "data" / "feeds" / "images"
ISSUE = "Stale-Desk-2024-03-05"

ITEMS = {
    "ferry": """<item><title>Ferry</title><link>https://stale.example.invalid/ferry</link>
<content:encoded><![CDATA[<p>The ferry is back.</p>]]></content:encoded>
<enclosure url="{base}/images/%s" type="image/png"/>
<pubDate>Tue, 05 Mar 2024 08:00:00 +0000</pubDate></item>""",
    "market": """<item><title>Market</title><link>https://stale.example.invalid/market</link>
<content:encoded><![CDATA[<p>The market opens.</p>]]></content:encoded>
<media:content url="{base}/images/market.gif" medium="image"/>
<pubDate>Tue, 05 Mar 2024 07:00:00 +0000</pubDate></item>""",
    "bridge": """<item><title>Bridge</title><link>https://stale.example.invalid/bridge</link>
<content:encoded><![CDATA[<p>The bridge is lit.</p>
<img src="{base}/images/inline.png" alt="Lit">]]></content:encoded>
<pubDate>Tue, 05 Mar 2024 06:00:00 +0000</pubDate></item>""",
    "council": """<item><title>Council</title><link>https://stale.example.invalid/council</link>
<content:encoded><![CDATA[<p>The council met.</p>]]></content:encoded>
<enclosure url="{base}/images/page.png" type="image/png"/>
<pubDate>Tue, 05 Mar 2024 05:00:00 +0000</pubDate></item>""",
}


def feed(*items: str, ferry: str = "ferry.png") -> bytes:
    body = "\n".join(ITEMS[name] % ferry if name == "ferry" else ITEMS[name] for name in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Stale Desk</title>
<link>https://stale.example.invalid/</link><language>en</language>
{body}
</channel></rss>""".encode()


def update(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["update", "--timeout", "5"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def first_run(capsys: pytest.CaptureFixture[str], feed_server: Any) -> dict[str, str]:
    """Subscribe to the dynamic feed with ferry, market and bridge; update; the picture
    each article's photo names (inside the picture folder)."""
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(
        f"sources:\n  - name: Desk\n    feed: {feed_server.url('/dynamic/desk.xml')}\n",
        encoding="utf-8",
    )
    feed_server.state.documents["desk.xml"] = feed("ferry", "market", "bridge")
    code, lines, err = update(capsys)
    assert (code, lines) == (0, ["Desk: 3 new articles (2024-03-05)"]), err
    named = pictures_of(load_issue(issue_file()))
    assert sorted(named) == ["Bridge", "Ferry", "Market"]
    assert sorted(os.listdir(folder())) == sorted(named.values())
    return named


def second_feed(feed_server: Any) -> None:
    """Market has left the feed, Ferry's picture is now a GIF, Council is new."""
    feed_server.state.documents["desk.xml"] = feed("ferry", "bridge", "council", ferry="market.gif")


def issue_file() -> Path:
    return paths.user_issues_dir() / f"{ISSUE}.yaml"


def folder() -> Path:
    return paths.user_issues_dir() / f"{ISSUE}-images"


def pictures_of(issue: Issue) -> dict[str, str]:
    """headline -> the name of its photo's file inside the picture folder."""
    found = {}
    for _, article in issue.articles():
        for block in article.body:
            if isinstance(block, Photo) and block.file:
                prefix, name = block.file.split("/")
                assert prefix == f"{ISSUE}-images"
                found[article.headline] = name
    return found


def test_pictures_no_article_references_are_removed_and_the_users_files_stay(
    capsys: pytest.CaptureFixture[str], feed_server: Any
) -> None:
    old = first_run(capsys, feed_server)
    # The user's own files in the folder, one named as paperread names its pictures.
    (folder() / "notes.txt").write_text("mine", encoding="utf-8")
    (folder() / "my-own-1.jpg").write_bytes((IMAGES / "ferry.png").read_bytes())
    second_feed(feed_server)
    code, lines, err = update(capsys)
    assert (code, lines) == (0, ["Desk: 1 new article (2024-03-05)"]), err
    new = pictures_of(load_issue(issue_file()))
    assert sorted(new) == ["Bridge", "Council", "Ferry"]
    assert new["Bridge"] == old["Bridge"]
    assert new["Ferry"] != old["Ferry"] and new["Ferry"].endswith(".gif")
    # Ferry's old PNG and Market's GIF are gone; every picture referenced is there.
    assert sorted(os.listdir(folder())) == sorted([*new.values(), "notes.txt", "my-own-1.jpg"])
    for headline, fixture in (("Ferry", "market.gif"), ("Council", "page.png")):
        assert (folder() / new[headline]).read_bytes() == (IMAGES / fixture).read_bytes()


def test_symbolic_links_are_not_followed(
    capsys: pytest.CaptureFixture[str], feed_server: Any, tmp_path: Path
) -> None:
    old = first_run(capsys, feed_server)
    # Market's picture (about to be stale) replaced by a link to a file outside the folder.
    outside = tmp_path / "outside.gif"
    outside.write_bytes(b"GIF89a the user's own")
    (folder() / old["Market"]).unlink()
    (folder() / old["Market"]).symlink_to(outside)
    second_feed(feed_server)
    code, _lines, err = update(capsys)
    assert code == 0, err
    assert outside.read_bytes() == b"GIF89a the user's own"
    assert (folder() / old["Market"]).is_symlink()  # not ours: left as it is
    assert not (folder() / old["Ferry"]).exists()  # a regular stale picture still goes


def test_a_picture_folder_that_is_a_link_is_not_followed(
    capsys: pytest.CaptureFixture[str], feed_server: Any, tmp_path: Path
) -> None:
    old = first_run(capsys, feed_server)
    moved = tmp_path / "elsewhere"
    folder().rename(moved)
    folder().symlink_to(moved, target_is_directory=True)
    second_feed(feed_server)
    code, _lines, err = update(capsys)
    assert code == 0, err
    # Nothing is removed through the link: the stale pictures are still there.
    assert (moved / old["Market"]).is_file() and (moved / old["Ferry"]).is_file()


def test_nothing_is_removed_when_the_issue_cannot_be_written(
    capsys: pytest.CaptureFixture[str], feed_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.sources import output

    old = first_run(capsys, feed_server)
    before = issue_file().read_bytes()
    write = output.write_atomically

    def full_disk(path: str, content: str | bytes, *, sync: bool = True) -> None:
        if path.endswith(".yaml"):
            raise OSError(28, "No space left on device", path)
        write(path, content, sync=sync)

    monkeypatch.setattr(output, "write_atomically", full_disk)
    second_feed(feed_server)
    code, lines, _err = update(capsys)
    assert code != 0
    assert len(lines) == 1 and "No space left on device" in lines[0]
    assert issue_file().read_bytes() == before
    for name in old.values():  # every picture the issue still on disk references
        assert (folder() / name).is_file()


def test_only_our_names_inside_the_folder_are_ever_removed(tmp_path: Path) -> None:
    from reader.sources.output import remove_pictures

    pictures = tmp_path / "x-images"
    pictures.mkdir()
    for name in ("a-1.png", "notes.txt", "photo.jpg", "b-2.jpg.bak"):
        (pictures / name).write_bytes(b"x")
    (tmp_path / "outside-1.png").write_bytes(b"x")
    (pictures / "sub").mkdir()
    (pictures / "sub" / "c-1.png").write_bytes(b"x")
    names = ["a-1.png", "notes.txt", "photo.jpg", "b-2.jpg.bak", "../outside-1.png",
             "sub/c-1.png", "missing-1.gif", "sub"]  # fmt: skip
    assert remove_pictures(str(pictures), names) == 1
    assert sorted(os.listdir(pictures)) == ["b-2.jpg.bak", "notes.txt", "photo.jpg", "sub"]
    assert (tmp_path / "outside-1.png").exists() and (pictures / "sub" / "c-1.png").exists()
    assert remove_pictures(str(tmp_path / "no-such-folder"), ["a-1.png"]) == 0
