"""The one HTTP client paperread uses: the network is hostile input.

Every fetch goes through :class:`Client`, which

* names itself (``paperread/VERSION``) in a User-Agent header;
* has a connect and a read timeout, and an overall deadline per response, so
  a server that drips one byte a second cannot hold an import for ever;
* caps the size of a response: a ``Content-Length`` over the cap is refused
  before the body is read, and a body streamed past the cap (decompressed
  size) is cut off there, so a 1 GB answer costs at most the cap;
* sends at most ``per_host`` requests at once to one host, and waits
  ``delay`` seconds between the starts of two requests to the same host;
* follows redirects itself, checking every hop: only ``http`` and ``https``
  addresses are followed (``file:///etc/passwd`` is refused), at most
  ``max_redirects`` of them;
* keeps no cookies;
* never looks up a name under ``.invalid`` (RFC 6761: such names never resolve).

Every failure is a :class:`FetchError` whose message is one line: a status
(``HTTP 404 Not Found``), a timeout, a refused connection, a response too
large, a refused redirect, a TLS problem. Nothing here imports Textual; httpx
is imported only when this module is (the reader's start-up never imports it).
"""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from reader import __version__

__all__ = ["USER_AGENT", "Client", "FetchError", "Response", "check_url"]

USER_AGENT = f"paperread/{__version__} (terminal newspaper reader)"
MIB = 1024 * 1024
ALLOWED_SCHEMES = ("http", "https")


class FetchError(Exception):
    """A fetch that failed; ``str(error)`` is one line naming the address and the cause."""


@dataclass(frozen=True, slots=True)
class Response:
    """A response read in full (under the cap): where it came from and its bytes."""

    url: str
    status: int
    content_type: str
    charset: str | None
    content: bytes


def _size(n: int) -> str:
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):.1f} GiB"
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    return f"{n / 1024:.0f} KiB"


def _shown(url: str) -> str:
    """An address as quoted in a message: one line, not too long."""
    url = " ".join(url.split())
    return url if len(url) <= 200 else url[:197] + "..."


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) address with a host; raises :class:`FetchError`."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        raise FetchError(f"{_shown(url)}: not a valid address") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"{_shown(url)}: only http and https addresses are fetched")
    if not parts.hostname:
        raise FetchError(f"{_shown(url)}: the address has no host")
    if parts.hostname.lower().rstrip(".").endswith(".invalid"):
        # RFC 6761: names under .invalid never resolve, so none is looked up.
        raise FetchError(f"{_shown(url)}: cannot connect: the host name is not known")
    return url


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """A cookie policy that accepts nothing and returns nothing."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


@dataclass
class _Host:
    """One host's share of the client: a slot count and the time of the last start."""

    slots: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_start: float = float("-inf")


class Client:
    """The HTTP client; use as a context manager, or call :meth:`close`.

    ``timeout`` is the read timeout and ``connect_timeout`` the connect one
    (seconds); ``deadline`` bounds one response from request to last byte.
    Safe to share between threads.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        connect_timeout: float = 10.0,
        deadline: float = 120.0,
        max_bytes: int = 16 * MIB,
        per_host: int = 2,
        delay: float = 0.5,
        max_redirects: int = 5,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self.max_redirects = max_redirects
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        jar = http.cookiejar.CookieJar(policy=_NoCookies())
        self._http = httpx.Client(
            headers={
                "User-Agent": user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            },
            timeout=httpx.Timeout(timeout, connect=self.connect_timeout),
            follow_redirects=False,
            cookies=jar,
            trust_env=False,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def get(self, url: str, *, max_bytes: int | None = None) -> Response:
        """Fetch ``url`` (following checked redirects) and read it whole, under the cap.

        Raises :class:`FetchError` with a one-line message on any failure.
        """
        cap = self.max_bytes if max_bytes is None else max_bytes
        current = check_url(url)
        for _hop in range(self.max_redirects + 1):
            result = self._one(current, cap)
            if isinstance(result, Response):
                return result
            target = urllib.parse.urljoin(current, result)
            try:
                check_url(target)
            except FetchError:
                raise FetchError(
                    f"{_shown(url)}: refused a redirect to {_shown(target)} "
                    "(only http and https are followed)"
                ) from None
            current = target
        raise FetchError(f"{_shown(url)}: more than {self.max_redirects} redirects")

    # -- one request ----------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        parts = urllib.parse.urlsplit(url)
        key = f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{parts.port or ''}"
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = _Host(threading.BoundedSemaphore(self.per_host))
                self._hosts[key] = host
            return host

    def _polite_wait(self, host: _Host) -> None:
        """Wait until ``delay`` has passed since the last request to this host started."""
        with host.lock:
            now = time.monotonic()
            wait = host.last_start + self.delay - now
            if wait > 0:
                time.sleep(wait)
            host.last_start = time.monotonic()

    def _one(self, url: str, cap: int) -> Response | str:
        """One request: a :class:`Response`, or the Location of a redirect."""
        host = self._host(url)
        with host.slots:
            self._polite_wait(host)
            try:
                return self._request(url, cap)
            except FetchError:
                raise
            except httpx.ConnectTimeout:
                raise FetchError(
                    f"{_shown(url)}: timed out connecting after {self.connect_timeout:g} s"
                ) from None
            except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
                raise FetchError(
                    f"{_shown(url)}: timed out: no answer within {self.timeout:g} s"
                ) from None
            except httpx.ConnectError as err:
                raise FetchError(f"{_shown(url)}: {_connect_problem(err)}") from None
            except httpx.TooManyRedirects:
                raise FetchError(f"{_shown(url)}: too many redirects") from None
            except httpx.DecodingError:
                raise FetchError(
                    f"{_shown(url)}: the response is corrupt (bad compression)"
                ) from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as err:
                raise FetchError(
                    f"{_shown(url)}: the connection broke: {_first_line(err)}"
                ) from None
            except httpx.InvalidURL as err:
                raise FetchError(
                    f"{_shown(url)}: not a valid address: {_first_line(err)}"
                ) from None
            except httpx.HTTPError as err:
                raise FetchError(
                    f"{_shown(url)}: {type(err).__name__}: {_first_line(err)}"
                ) from None

    def _request(self, url: str, cap: int) -> Response | str:
        started = time.monotonic()
        with self._http.stream("GET", url) as response:
            self._http.cookies.clear()
            if response.is_redirect:
                location: str | None = response.headers.get("location")
                if not location:
                    raise FetchError(f"{_shown(url)}: a redirect without a Location")
                return location
            if response.status_code >= 400:
                reason = response.reason_phrase or ""
                raise FetchError(f"{_shown(url)}: HTTP {response.status_code} {reason}".rstrip())
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                raise FetchError(
                    f"{_shown(url)}: the response is too large ({_size(int(length))}; "
                    f"the limit is {_size(cap)}): not downloaded"
                )
            chunks: list[bytes] = []
            total = 0
            for chunk in _chunks(response):
                total += len(chunk)
                if total > cap:
                    raise FetchError(
                        f"{_shown(url)}: the response is larger than the {_size(cap)} limit: "
                        "stopped reading"
                    )
                if time.monotonic() - started > self.deadline:
                    raise FetchError(
                        f"{_shown(url)}: timed out: the response took longer than "
                        f"{self.deadline:g} s"
                    )
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
            return Response(
                url=str(response.url),
                status=response.status_code,
                content_type=content_type.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
                content=b"".join(chunks),
            )


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    """The decoded body in chunks (decompressed, so the cap counts what is kept)."""
    yield from response.iter_bytes(chunk_size=64 * 1024)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _connect_problem(err: httpx.ConnectError) -> str:
    text = str(err)
    lowered = text.lower()
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return f"TLS error: {_first_line(err)}"
    if "refused" in lowered:
        return "cannot connect: connection refused"
    if "name or service" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
        return "cannot connect: the host name is not known"
    return f"cannot connect: {_first_line(err)}"
