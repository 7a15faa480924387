"""``paperread update [NAME…]`` (issue 14.5): the subscriptions of config.yaml's ``sources:``
fetched into the library from a real HTTP server on 127.0.0.1 serving a folder of fixture
feeds and the saved 人民日报 e-paper; a recipe through a stand-in ``ebook-convert``."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader import paths
from reader.cli.main import main
from reader.config import load_settings
from reader.issue.load import load_issue
from reader.sources.recipe import CALIBRE_HINT
from tests.unit.epub_fixtures import ZH_LEAD, ZH_WORLD, news_epub
from tests.unit.test_import_epub_cli import fake_ebook_convert

DATA = Path(__file__).resolve().parents[1] / "data"
NEW_ITEM = """<item>
<title>河湾夜市今晚开张</title>
<content:encoded><![CDATA[<p>河湾夜市今晚在滨江路开张，共有八十个摊位。</p>]]></content:encoded>
<link>https://hewan.example.invalid/news/night-market</link>
<guid isPermaLink="false">hw-0099</guid>
<pubDate>Tue, 09 Jan 2024 09:00:00 +0800</pubDate>
</item>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A folder served on 127.0.0.1: ``feeds/`` (copies, editable) and the 人民日报 site."""
    root = tmp_path / "site"
    shutil.copytree(DATA / "epaper" / "people", root)
    (root / "feeds").mkdir()
    for name in ("rss2.xml", "atom.xml"):
        shutil.copy(DATA / "feeds" / name, root / "feeds" / name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def people_page(root: Path) -> str:
    page = min((root / "rmrb" / "pc" / "layout").rglob("node_*.html"))
    return page.relative_to(root).as_posix()


def write_config(text: str) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text, encoding="utf-8")


def update(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["update", "--timeout", "5", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def library() -> dict[str, tuple[bytes, int]]:
    """Every file of the library's issues/ folder: its bytes and mtime."""
    folder = paths.user_issues_dir()
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_sources_then_a_second_run_changes_nothing(
    site: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, root = site
    write_config(
        "sources:\n"
        f"  - name: 河湾\n    feed: {base}/feeds/rss2.xml\n"
        f"  - name: 人民日报\n    epaper: {base}/{people_page(root)}\n"
    )
    code, lines, err = update(capsys)
    assert code == 0, err
    assert lines == ["河湾: 2 new articles (2024-01-09)", "人民日报: 4 new articles (2025-01-03)"]
    files = library()
    issues = [name for name in files if name.endswith(".yaml")]
    assert len(issues) == 2
    assert any(name.endswith(".png") for name in files)  # the e-paper's pictures beside it
    people = load_issue(paths.user_issues_dir() / next(n for n in issues if "人民日报" in n))
    assert people.article_count() == 4

    code, lines, err = update(capsys)
    assert code == 0, err
    assert lines == ["河湾: unchanged", "人民日报: unchanged"]
    assert library() == files  # bytes and mtimes: nothing rewritten


def test_a_feed_that_gained_an_item(
    site: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, root = site
    write_config(f"sources:\n  - name: 河湾\n    feed: {base}/feeds/rss2.xml\n    section: 本地\n")
    assert update(capsys)[:2] == (0, ["河湾: 2 new articles (2024-01-09)"])
    feed = root / "feeds" / "rss2.xml"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("<item>", NEW_ITEM + "<item>", 1), encoding="utf-8")
    code, lines, _ = update(capsys)
    assert (code, lines) == (0, ["河湾: 1 new article (2024-01-09)"])
    [path] = paths.user_issues_dir().glob("*.yaml")
    issue = load_issue(path)
    assert [s.title for s in issue.sections] == ["本地"]
    assert issue.article_count() == 3


def test_a_failing_source_is_one_line_and_the_others_are_done(
    site: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = site
    write_config(
        "sources:\n"
        f"  - name: gone\n    feed: {base}/feeds/missing.xml\n"
        f"  - name: riverside\n    feed: {base}/feeds/atom.xml\n"
    )
    code, lines, _ = update(capsys)
    assert code == 1
    assert lines[0] == f"gone: failed: {base}/feeds/missing.xml: HTTP 404 File not found"
    assert lines[1].startswith("riverside: 2 new articles")
    assert len(list(paths.user_issues_dir().glob("*.yaml"))) == 1


def test_only_the_named_sources_and_an_unknown_name(
    site: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = site
    write_config(
        "sources:\n"
        f"  - name: a\n    feed: {base}/feeds/rss2.xml\n"
        f"  - name: b\n    feed: {base}/feeds/atom.xml\n"
    )
    code, lines, err = update(capsys, "nope")
    assert (code, lines) == (2, [])
    assert err == "paperread: update: unknown source 'nope'; known sources: 'a', 'b'\n"
    assert not paths.user_issues_dir().exists()
    code, lines, _ = update(capsys, "b")
    assert code == 0 and len(lines) == 1 and lines[0].startswith("b: 2 new articles")


def test_bad_entries_are_warnings_and_the_rest_are_used(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "sources:\n"
        "  - name: ok\n    feed: https://example.invalid/feed.xml\n    script: hant\n"
        "  - name: ok\n    feed: https://example.invalid/other.xml\n"
        "  - feed: https://example.invalid/nameless.xml\n"
        "  - name: both\n    feed: https://a.invalid/\n    recipe: x\n"
        "  - name: local\n    epaper: file:///etc/passwd\n"
        "  - name: odd\n    recipe: r\n    colour: red\n"
        "  - just a string\n"
        "  - name: book\n    recipe: zaobao\n    section: 早报\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert [(s.name, s.kind, s.target, s.section, s.script) for s in settings.sources] == [
        ("ok", "feed", "https://example.invalid/feed.xml", None, "hant"),
        ("book", "recipe", "zaobao", "早报", None),
    ]
    assert [w.split(": ", 2)[2] for w in settings.warnings] == [
        "entry 'ok' ignored: the name is taken",
        "entry #3 ignored: needs a name",
        "entry 'both' ignored: needs exactly one of feed, epaper, recipe",
        "entry 'local' ignored: epaper: expected an http or https address",
        "entry 'odd' ignored: unknown key 'colour'",
        "entry #7 ignored: expected a mapping with a name and one of feed, epaper, recipe",
    ]
    config.write_text("sources: {a: 1}\n", encoding="utf-8")
    assert load_settings(config).warnings == (f"{config}: sources: expected a list of sources",)


def test_warnings_are_said_and_no_sources_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_config("sources:\n  - name: x\n")
    code, lines, err = update(capsys)
    assert (code, lines) == (1, [])
    assert err.splitlines() == [
        f"paperread: {paths.config_file()}: sources: entry 'x' ignored: "
        "needs exactly one of feed, epaper, recipe",
        "paperread: update: no sources in config.yaml (see the README's 'Subscriptions')",
    ]


def test_a_recipe_source_with_and_without_calibre(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    epub = news_epub(tmp_path / "paper.epub", [("要闻", [ZH_LEAD]), ("國際", [ZH_WORLD])])
    write_config("sources:\n  - name: 示例\n    recipe: demo\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, lines, _ = update(capsys)
    assert (code, lines) == (1, [f"示例: failed: {CALIBRE_HINT}"])
    assert "install calibre" in lines[0]

    bin_dir = fake_ebook_convert(tmp_path / "bin", epub)
    monkeypatch.setenv("PATH", str(bin_dir))
    code, lines, err = update(capsys)
    assert (code, lines) == (0, ["示例: 2 new articles (2026-12-05)"]), err
    recipe, _ = (bin_dir / "args.txt").read_text(encoding="utf-8").splitlines()
    assert recipe == "demo.recipe"
    files = library()
    assert update(capsys)[:2] == (0, ["示例: unchanged"])
    assert library() == files
