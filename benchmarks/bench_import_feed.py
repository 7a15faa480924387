"""(issue 14) ``paperread import`` of a feed: 50 items with a summary and a link, each story
fetched from its page and its picture downloaded, from a local server.

A ``ThreadingHTTPServer`` on 127.0.0.1 in this process (its own threads) serves the feed,
50 article pages (a made-up story of about 2,000 characters in 10 paragraphs inside
``<article>``, with a lead ``<figure>`` and its caption, between a header, a navigation bar
and a footer) and 50 pictures (a ~20 KB PNG each). A run is what ``paperread import URL -o
FILE --max-pages 50`` does: fetch the feed through the one HTTP client, parse it, fetch the 50
pages and extract each story and its lead picture, download the 50 pictures, make the YAML and
check it with the reader's loader, and write the file and its pictures. Runs use a client with
no polite delay, so the figure is paperread's own cost; ``--polite`` adds one run with the
client's defaults (0.5 s between the starts of two requests to one host), whose floor is the
delay times the requests. Timing through ``_common.alternate``; the median counts.

    python benchmarks/bench_import_feed.py [--runs 5] [--items 50] [--polite] [--profile]
"""

from __future__ import annotations

import argparse
import os
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import Result, alternate, machine, median, ms, use_repo_checkout, write_results

SENTENCES = (
    "河湾市今年将新建三座人行天桥，方便沿江社区的居民过街。",
    "市交通局表示，天桥设计兼顾无障碍通行，每座都配有电梯。",
    "附近的老人说，过去过马路要绕很远，以后方便多了。",
    "工程预计在雨季到来之前完工，施工期间部分车道临时封闭。",
    "记者在现场看到，工人们正在吊装第一段钢梁。",
)


def _png(size: int, seed: int) -> bytes:
    """A PNG of about ``size`` bytes (noise does not compress)."""
    import random

    rnd = random.Random(seed)
    width = 64
    height = max(1, size // (width * 3))
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _page(n: int) -> bytes:
    # Every paragraph its own (the article's number in it): trafilatura drops text it has
    # seen on other pages of the run, as boilerplate, and real stories do not repeat.
    paragraphs = "".join(
        f"<p>第{n}则第{k + 1}段："
        f"{''.join(SENTENCES[(n + k + j) % len(SENTENCES)] for j in range(7))}</p>"
        for k in range(10)
    )
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>第{n}则新闻</title></head><body>"
        '<header><img src="/logo.png" alt="河湾晨报"><nav><a href="/">首页</a>'
        '<a href="/news">新闻</a></nav></header>'
        f"<article><h1>第{n}则新闻的标题</h1><p class=byline>本报记者 王小明</p>"
        f'<figure><img src="/img/{n}.png" alt=""><figcaption>第{n}则的图片说明</figcaption>'
        f"</figure>{paragraphs}</article>"
        "<aside><h3>热门</h3><ul><li><a href='/1'>别的新闻</a></li></ul></aside>"
        "<footer><p>版权所有 河湾晨报</p></footer></body></html>"
    ).encode()


def _feed(base: str, items: int) -> bytes:
    entries = "".join(
        f"<item><title>第{n}则新闻的标题</title><link>{base}/article/{n}.html</link>"
        f"<description>第{n}则新闻的摘要，一句话。</description><guid>n{n}</guid>"
        "<pubDate>Sat, 05 Dec 2026 07:00:00 +0800</pubDate></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>河湾晨报</title><link>{base}/</link><language>zh-Hans</language>"
        f"{entries}</channel></rss>"
    ).encode()


@contextmanager
def serve(items: int, picture_bytes: int) -> Iterator[str]:
    """The feed, its pages and pictures on 127.0.0.1 (port 0), served by this process."""
    pages = {f"/article/{n}.html": _page(n) for n in range(items)}
    pictures = {f"/img/{n}.png": _png(picture_bytes, n) for n in range(items)}
    feed: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # One write per response, as a real server sends it: unbuffered, the standard
        # library's handler writes the headers and the body apart, and with Nagle's
        # algorithm and delayed ACKs each request would wait ~40 ms for nothing.
        wbufsize = 256 * 1024
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/feed.xml":
                body, kind = feed[0], "application/rss+xml"
            elif path in pages:
                body, kind = pages[path], "text/html; charset=utf-8"
            elif path in pictures:
                body, kind = pictures[path], "image/png"
            else:
                body, kind = b"not found", "text/plain"
            self.send_response(200 if kind != "text/plain" else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed.append(_feed(base, items))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Phases:
    """Time spent in each part of an import, summed over the threads that did it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        """Count ``seconds`` for ``name``."""
        with self.lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def timed(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        """``call``, its time counted for ``name``."""

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start)

        return wrapped


def import_once(url: str, out: Path, items: int, *, delay: float, phases: Phases | None) -> Any:
    """One import, as ``paperread import URL -o OUT --max-pages ITEMS`` does it."""
    from reader.sources import feed_issue as fi
    from reader.sources import html_text
    from reader.sources.feed_pictures import picture_fetcher
    from reader.sources.feeds import parse_feed
    from reader.sources.http import Client
    from reader.sources.output import write_atomically, write_images

    p = phases or Phases()
    with Client(timeout=20, connect_timeout=20, deadline=120, delay=delay) as client:
        if phases is not None:  # count fetching apart from extraction (same calls as page_fetcher)
            get = p.timed("fetch: pages and pictures (network, summed over threads)", client.get)
            exact = p.timed("extract: e-paper layout check (lxml)", html_text.epaper_story)
            story = p.timed("extract: story (trafilatura)", html_text.page_story)
            picture = p.timed("extract: lead picture (lxml)", html_text.page_picture)

            def fetch(link: str) -> Any:
                response = get(link, max_bytes=fi.MAX_PAGE_BYTES)
                html = html_text.decode_html(response.content, response.charset)
                found = exact(html, response.url)
                if found is not None:
                    return found
                paragraphs, how = story(html, response.url)
                return html_text.PageStory(paragraphs, how, picture(html, response.url))

            def fetch_picture(link: str) -> bytes:
                return get(link, max_bytes=8 * 1024 * 1024).content
        else:
            fetch = fi.page_fetcher(client)
            fetch_picture = picture_fetcher(client)
        start = time.perf_counter()
        response = client.get(url, max_bytes=fi.MAX_FEED_BYTES)
        feed = parse_feed(response.content, response.charset)
        p.add("1 feed: fetch and parse", time.perf_counter() - start)
        start = time.perf_counter()
        draft = fi.feed_draft(feed, source=url, fetch=fetch, max_pages=items)
        p.add("2 pages: fetch and extract (wall)", time.perf_counter() - start)
        start = time.perf_counter()
        result = draft.finish("out-images", fetch_picture)
        p.add("3 pictures and YAML: download, dump, check (wall)", time.perf_counter() - start)
        start = time.perf_counter()
        write_images(str(out.parent / "out-images"), result.images)
        write_atomically(str(out), result.yaml_text)
        p.add("4 write: file and pictures", time.perf_counter() - start)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions")
    parser.add_argument("--items", type=int, default=50, help="items in the feed")
    parser.add_argument("--picture-kib", type=int, default=20, help="size of each picture")
    parser.add_argument("--polite", action="store_true", help="one run with the default delay")
    parser.add_argument("--profile", action="store_true", help="where the time goes, one run")
    parser.add_argument("--json", metavar="FILE", help="write the headline figures as JSON")
    args = parser.parse_args(argv)

    use_repo_checkout()
    print(
        f"(issue 14) import a {args.items}-item feed (summaries and links; pages and "
        f"pictures from 127.0.0.1); {args.runs} runs"
    )
    print(f"machine: {machine()}")
    results: list[Result] = []
    with serve(args.items, args.picture_kib * 1024) as base, tempfile.TemporaryDirectory() as tmp:
        url = f"{base}/feed.xml"
        out = Path(tmp) / "out.yaml"
        result = import_once(url, out, args.items, delay=0.0, phases=None)  # warm up

        def run() -> float:
            start = time.perf_counter()
            import_once(url, out, args.items, delay=0.0, phases=None)
            return time.perf_counter() - start

        times = alternate(args.runs, {"import": run}, warmup=0)["import"]
        issue = result.issue
        chars = sum(a.char_count() for _, a in issue.articles())
        seconds = median(times)
        pictures = len(os.listdir(Path(tmp) / "out-images"))
        print(
            f"{issue.article_count()} articles, {pictures} pictures, {chars:,} characters: "
            f"median {ms(seconds)} ({ms(seconds / issue.article_count())} per item; "
            f"min {ms(min(times))}, max {ms(max(times))})"
        )
        results.append(Result(f"feed of {args.items} items, pages and pictures", ms(seconds)))
        if args.profile:
            phases = Phases()
            start = time.perf_counter()
            import_once(url, out, args.items, delay=0.0, phases=phases)
            wall = time.perf_counter() - start
            print(f"where the time goes (one run, {ms(wall)} wall):")
            for name, spent in sorted(phases.seconds.items()):
                print(f"  {name}: {ms(spent)}")
        if args.polite:
            start = time.perf_counter()
            import_once(url, out, args.items, delay=0.5, phases=None)
            polite = time.perf_counter() - start
            floor = (2 * args.items) * 0.5
            print(
                f"with the client's default 0.5 s delay per host: {polite:.1f} s "
                f"(floor: {2 * args.items} requests to one host x 0.5 s = {floor:.0f} s)"
            )
    write_results(args.json, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
