"""A real HTTP server on 127.0.0.1 serving the fixture feeds and pages, and the hostile cases.

``feed_server`` starts the standard library's ThreadingHTTPServer on port 0 in a
thread; tests talk to it through paperread's own client (no mocks). The server notes
each request's path and, in ``state.arrivals``, its Host and the monotonic time it
arrived (so a test checks the client's pacing by the server's record, not its own clock).
Paths:

* ``/feeds/NAME``, ``/pages/NAME``: files of ``tests/data/feeds`` (``{base}`` in them
  becomes the server's address, ``http://127.0.0.1:PORT``, and ``{host}`` its
  ``127.0.0.1:PORT``);
* ``/dynamic/NAME``: the body a test put in ``state.documents[NAME]`` (``{base}`` replaced),
  so a test can change a feed between two runs;
* ``/images/NAME``: pictures of ``tests/data/feeds/images`` (by their extension's type);
  ``/image-huge.jpg``: claims ``Content-Length: 64 MiB`` as ``image/jpeg``;
  ``/image-html.jpg``: an HTML page served as ``image/jpeg``;
* ``/missing``: 404; ``/redirect-file``: 302 to ``file:///etc/passwd``;
  ``/redirect-ok``: 302 to ``/feeds/rss2.xml``; ``/redirect-loop``: to itself;
* ``/endless``: a body streamed without a length until the client hangs up
  (bounded at 256 MiB so the loop ends by itself); ``/big-length``: claims
  ``Content-Length: 1 GiB`` and sends a few bytes;
* ``/slow``: answers only after the server's deliberate delay (released at teardown);
* ``/set-cookie`` and ``/echo-cookie``: what the client sends back;
* ``/count``: counts requests in flight, to check the per-host limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
SLOW_DELAY = 10.0  # the server's deliberate delay; teardown releases it early
ENDLESS_LIMIT = 256 * 1024 * 1024


@dataclass
class ServerState:
    """What the handlers share: the release of slow answers, and counters."""

    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    max_in_flight: int = 0
    endless_sent: int = 0
    slow_answered: bool = False  # /slow sent its answer (after its delay or the release)
    paths: list[str] = field(default_factory=list)
    # (path, Host header, time.monotonic() when the request reached the handler), in order
    arrivals: list[tuple[str, str, float]] = field(default_factory=list)
    # /dynamic/NAME: bodies a test sets (and changes) while the server runs
    documents: dict[str, bytes] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)
    count_gate: threading.Event = field(default_factory=threading.Event)


@dataclass
class FeedServer:
    """The running server: its base address and shared state."""

    base: str
    state: ServerState

    def url(self, path: str) -> str:
        """The address of ``path`` on this server."""
        return self.base + path


def _handler(state: ServerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, code: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            arrived = time.monotonic()
            path = self.path.split("?", 1)[0]
            with state.lock:
                state.paths.append(path)
                state.arrivals.append((path, self.headers.get("Host", ""), arrived))
                state.user_agents.append(self.headers.get("User-Agent", ""))
            base = f"http://127.0.0.1:{self.server.server_address[1]}".encode()
            if path.startswith(("/feeds/", "/pages/")):
                name = path.split("/", 2)[2]
                folder = DATA / ("pages" if path.startswith("/pages/") else "")
                file = folder / name
                if "/" in name or not file.is_file():
                    self._send(404, b"not found")
                    return
                body = file.read_bytes().replace(b"{base}", base)
                body = body.replace(b"{host}", base.split(b"//", 1)[1])
                kind = "text/html" if name.endswith(".html") else "application/rss+xml"
                self._send(200, body, kind)
            elif path.startswith("/dynamic/"):
                with state.lock:
                    document = state.documents.get(path[len("/dynamic/") :])
                if document is None:
                    self._send(404, b"not found")
                    return
                self._send(200, document.replace(b"{base}", base), "application/rss+xml")
            elif path.startswith("/epaper/"):
                # The e-paper fixtures, as a site: feed items that link to e-paper pages.
                root = (DATA.parent / "epaper").resolve()
                file = (root / path[len("/epaper/") :]).resolve()
                if not file.is_relative_to(root) or not file.is_file():
                    self._send(404, b"not found")
                    return
                kind = "image/png" if file.suffix == ".png" else "text/html"
                self._send(200, file.read_bytes(), kind)
            elif path.startswith("/images/"):
                name = path.split("/", 2)[2]
                file = DATA / "images" / name
                if "/" in name or not file.is_file():
                    self._send(404, b"not found")
                    return
                kind = {"png": "image/png", "gif": "image/gif"}.get(name.rsplit(".", 1)[-1])
                self._send(200, file.read_bytes(), kind or "image/jpeg")
            elif path == "/image-huge.jpg":
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(64 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(b"\xff\xd8\xff")
                self.close_connection = True
            elif path == "/image-html.jpg":
                page = b"<!DOCTYPE html><html><body><p>Not a picture.</p></body></html>"
                self._send(200, page, "image/jpeg")
            elif path == "/missing":
                self._send(404, b"not found")
            elif path == "/redirect-file":
                self._redirect("file:///etc/passwd")
            elif path == "/redirect-ok":
                self._redirect("/feeds/rss2.xml")
            elif path == "/redirect-loop":
                self._redirect("/redirect-loop")
            elif path == "/endless":
                self._endless()
            elif path == "/big-length":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(1024**3))
                self.end_headers()
                self.wfile.write(b"<rss>")
                self.close_connection = True
            elif path == "/slow":
                state.release.wait(SLOW_DELAY)
                state.slow_answered = True
                self._send(200, b"<rss version='2.0'></rss>", "application/rss+xml")
            elif path == "/set-cookie":
                self.send_response(200)
                self.send_header("Set-Cookie", "session=secret; Path=/")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            elif path == "/echo-cookie":
                self._send(200, self.headers.get("Cookie", "none").encode())
            elif path.startswith("/count"):
                self._count()
            else:
                self._send(404, b"not found")

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<rss>" + b"x" * (64 * 1024 - 5)
            try:
                while state.endless_sent < ENDLESS_LIMIT:
                    self.wfile.write(chunk)
                    state.endless_sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

        def _count(self) -> None:
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            # Hold the request until the test has seen enough arrive (or the deadline).
            state.count_gate.wait(5.0)
            with state.lock:
                state.in_flight -= 1
            self._send(200, b"counted")

    return Handler


class QuietServer(ThreadingHTTPServer):
    """A server that does not print a traceback when a client hangs up early (the client
    under test does so on purpose: a refused redirect, a 404, a body past the cap)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A ThreadingHTTPServer on 127.0.0.1 (port 0) in a thread, stopped after the test."""
    state = ServerState()
    server = QuietServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield FeedServer(f"http://127.0.0.1:{server.server_address[1]}", state)
    finally:
        state.release.set()
        state.count_gate.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
