"""``paperread import https://…`` answered by an ordinary article page (no feed, no e-paper
layout): an issue of one article, its address kept, nothing more fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.issue.load import parse_issue
from reader.issue.model import Paragraph, Photo

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "webpage" / "article.html"


def test_an_article_address_becomes_one_article(
    capsys: pytest.CaptureFixture[str], feed_server: Any
) -> None:
    html = ARTICLE.read_bytes()
    for line in (b"saved from url", b"og:site_name"):
        html = b"\n".join(x for x in html.splitlines() if line not in x)
    feed_server.state.documents["tram.html"] = html
    address = feed_server.url("/dynamic/tram.html")
    code = main(["import", address, "-o", "-", "--timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"{address}: a web page (no e-paper layout), 1 article: 河畔日報, 2025-03-04"
    )  # the site's name from the <title>, after the headline
    issue = parse_issue(out, "out.yaml")
    [(_, article)] = list(issue.articles())
    assert article.headline == "河畔市輕軌夜班車今起試行"
    assert article.url == address
    assert article.dateline == "中央社台北4日電"
    assert len([b for b in article.body if isinstance(b, Paragraph)]) == 3
    assert [b.file for b in article.body if isinstance(b, Photo)] == [None]
    assert feed_server.state.paths == ["/dynamic/tram.html"]  # the picture is not fetched
    # A title that names no site: the paper is the address's host.
    feed_server.state.documents["tram.html"] = html.replace(" | 河畔日報".encode(), b"")
    code = main(["import", address, "-o", "-", "--timeout", "5"])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert err.splitlines()[0].endswith("1 article: 127.0.0.1, 2025-03-04")
