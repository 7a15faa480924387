"""The one HTTP client against a real local server: the hostile cases each give one line."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import pytest

from reader import __version__
from reader.sources.http import Client, FetchError


def fast_client(**kwargs: Any) -> Client:
    """A client with no polite delay and short timeouts, so the tests are quick."""
    options: dict[str, Any] = {"timeout": 5.0, "delay": 0.0}
    options.update(kwargs)
    return Client(**options)


def one_line(err: pytest.ExceptionInfo[FetchError]) -> str:
    text = str(err.value)
    assert "\n" not in text and text.strip() == text and text
    return text


def test_fetches_a_feed_and_names_itself(feed_server: Any) -> None:
    with fast_client() as client:
        response = client.get(feed_server.url("/feeds/rss2.xml"))
    assert response.status == 200
    assert response.content.startswith(b"<?xml")
    assert response.content_type == "application/rss+xml"
    agent = feed_server.state.user_agents[-1]
    assert agent.startswith(f"paperread/{__version__}")


def test_404_is_one_line(feed_server: Any) -> None:
    with fast_client() as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/missing"))
    assert one_line(err).endswith("HTTP 404 Not Found")


def test_redirect_to_a_file_is_refused(feed_server: Any) -> None:
    with fast_client() as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/redirect-file"))
    line = one_line(err)
    assert "refused a redirect to file:///etc/passwd" in line
    assert "only http and https" in line


def test_redirect_to_http_is_followed(feed_server: Any) -> None:
    with fast_client() as client:
        response = client.get(feed_server.url("/redirect-ok"))
    assert response.url.endswith("/feeds/rss2.xml")
    assert feed_server.state.paths == ["/redirect-ok", "/feeds/rss2.xml"]


def test_redirect_loop_stops(feed_server: Any) -> None:
    with fast_client(max_redirects=3) as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/redirect-loop"))
    assert "more than 3 redirects" in one_line(err)
    assert len(feed_server.state.paths) == 4


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "http:///nohost"])
def test_only_http_and_https_addresses(url: str) -> None:
    with fast_client() as client, pytest.raises(FetchError) as err:
        client.get(url)
    assert url in one_line(err)


def test_a_big_content_length_is_refused_before_reading(feed_server: Any) -> None:
    with fast_client(max_bytes=1024 * 1024) as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/big-length"))
    line = one_line(err)
    assert "too large (1.0 GiB; the limit is 1.0 MiB): not downloaded" in line


def test_an_endless_body_is_cut_at_the_cap(feed_server: Any) -> None:
    cap = 2 * 1024 * 1024
    with fast_client(max_bytes=cap) as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/endless"))
    assert "larger than the 2.0 MiB limit: stopped reading" in one_line(err)
    # The client hung up: the server did not get to send anything like its whole stream.
    assert feed_server.state.endless_sent < 64 * 1024 * 1024


def test_a_server_that_does_not_answer_times_out(feed_server: Any) -> None:
    with fast_client(timeout=0.3) as client, pytest.raises(FetchError) as err:
        client.get(feed_server.url("/slow"))
    assert "timed out" in one_line(err)
    assert not feed_server.state.slow_answered  # the client gave up before the server answered


def test_connection_refused_is_one_line(feed_server: Any) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fast_client() as client, pytest.raises(FetchError) as err:
        client.get(f"http://127.0.0.1:{port}/feed.xml")
    assert "cannot connect" in one_line(err)


def test_tls_failure_is_one_line(feed_server: Any) -> None:
    # The local server speaks plain HTTP; a TLS handshake with it fails.
    url = feed_server.url("/feeds/rss2.xml").replace("http://", "https://")
    with fast_client() as client, pytest.raises(FetchError) as err:
        client.get(url)
    line = one_line(err)
    assert line.startswith(url)
    assert "TLS" in line or "connection broke" in line or "cannot connect" in line


def test_no_cookies_are_kept(feed_server: Any) -> None:
    with fast_client() as client:
        client.get(feed_server.url("/set-cookie"))
        echoed = client.get(feed_server.url("/echo-cookie"))
    assert echoed.content == b"none"


def test_at_most_per_host_requests_at_once(feed_server: Any) -> None:
    state = feed_server.state
    results: list[bytes] = []
    with fast_client(per_host=2) as client:
        threads = [
            threading.Thread(
                target=lambda i=i: results.append(
                    client.get(feed_server.url(f"/count?{i}")).content
                )
            )
            for i in range(5)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while state.max_in_flight < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # waiting for a condition, not a fixed time
        # Two are held by the server; the others wait in the client, not on the wire.
        assert state.max_in_flight == 2
        state.count_gate.set()
        for thread in threads:
            thread.join(timeout=30)
    assert results == [b"counted"] * 5
    assert state.max_in_flight == 2


def test_polite_delay_between_requests_to_one_host(feed_server: Any) -> None:
    delay = 0.4
    with fast_client(delay=delay) as client:
        for _ in range(3):
            client.get(feed_server.url("/feeds/atom.xml"))
    # The server's own record of when each request arrived, not a clock around the calls.
    arrivals = feed_server.state.arrivals
    assert [path for path, _host, _at in arrivals] == ["/feeds/atom.xml"] * 3
    assert len({host for _path, host, _at in arrivals}) == 1  # one host
    times = [at for _path, _host, at in arrivals]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # The client starts each request `delay` after the last start to the host; how long a
    # request takes to reach the handler varies a little between requests, never by 0.15 s.
    # Without the delay the gaps are a few milliseconds.
    assert all(gap >= delay - 0.15 for gap in gaps), gaps
