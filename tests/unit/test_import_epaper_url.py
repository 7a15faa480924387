"""An e-paper imported from its web address (issue 14.3): the saved fixture sites served by
a real HTTP server on 127.0.0.1, fetched through paperread's one client."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.issue.load import load_issue
from reader.issue.model import Photo

SITES = Path(__file__).resolve().parents[1] / "data" / "epaper"


class _Quiet(SimpleHTTPRequestHandler):
    requested: list[str] = []  # noqa: RUF012 - shared with the test, per server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).requested.append(self.path)
        super().do_GET()


@pytest.fixture
def people_site() -> Iterator[tuple[str, list[str]]]:
    """The saved 人民日报 fixture served as a web site; (its address, paths requested)."""

    class Handler(_Quiet):
        requested: list[str] = []  # noqa: RUF012

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(SITES / "people"))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", Handler.requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def first_page(root: Path) -> str:
    page = min((root / "rmrb" / "pc" / "layout").rglob("node_*.html"))
    return page.relative_to(root).as_posix()


def test_a_people_page_address_imports_the_whole_issue(
    people_site: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address, requested = people_site
    url = f"{address}/{first_page(SITES / 'people')}"
    out = tmp_path / "rmrb.yaml"
    assert main(["import", url, "-o", str(out), "--timeout", "5"]) == 0
    err = capsys.readouterr().err
    assert "人民日报 e-paper (2025 layout), 3 pages, 4 articles" in err
    issue = load_issue(out)
    assert [s.title for s in issue.sections] == ["第01版：要闻", "第02版：经济", "第03版：文化"]
    photos = [b for _, a in issue.articles() for b in a.body if isinstance(b, Photo) and b.file]
    assert len(photos) == 3
    assert all((tmp_path / p.file).read_bytes().startswith(b"\x89PNG") for p in photos if p.file)
    assert all(a.url and a.url.startswith(address) for _, a in issue.articles())
    # Every document was asked for once, though the issue is read twice to name files.
    assert len(requested) == len(set(requested))


def test_into_the_library_by_default_and_pages_limit(
    people_site: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import paths

    address, _ = people_site
    url = f"{address}/{first_page(SITES / 'people')}"
    assert main(["import", url, "--pages", "2", "--timeout", "5"]) == 0
    written = list(paths.user_issues_dir().glob("*.yaml"))
    assert len(written) == 1
    assert [s.title for s in load_issue(written[0]).sections] == ["第02版：经济"]


def test_an_address_that_is_neither_feed_nor_epaper_is_one_line(
    people_site: tuple[str, list[str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    address, _ = people_site
    out = tmp_path / "x.yaml"
    assert main(["import", f"{address}/no-such-page.html", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and not out.exists()
