"""Polite HTTP fetching for feeds and article pages, behind a small transport protocol.

:class:`Fetcher` does the manners: robots.txt (urllib.robotparser, cached per host, Crawl-delay
honoured), one request at a time per host at least ``min_interval`` apart, timeouts, a response
size cap, redirects followed by hand (each hop checked against robots.txt, loops named),
conditional GET (ETag / Last-Modified), the content types a caller accepts, and a few retries
with exponential backoff for timeouts, 5xx and 429. Every refusal is a
:class:`~eventwire.errors.FetchError` whose ``transient`` flag says whether to try again later.

:class:`Transport` does one plain GET (no redirects, no retries): :class:`Urllib3Transport` is the
real one; unit tests pass a fake.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import (
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    UnsupportedContentError,
)

#: Content types an article page may have.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Content types a feed may have; servers label feeds loosely, so plain text/HTML pass too and
#: feedparser decides.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/x-rss+xml", "text/plain", "text/html")


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch."""

    user_agent: str = f"eventwire/{__version__} (news event coder; respects robots.txt)"
    timeout: float = 10.0  # seconds to connect, and between two reads
    total_timeout: float = 30.0  # seconds for a whole response
    max_bytes: int = 5_000_000  # bigger responses are refused
    max_redirects: int = 5
    min_interval: float = 1.0  # seconds between two requests to one host
    retries: int = 2  # extra tries for timeouts, 5xx and 429, within one fetch
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = 60.0  # cap on a Retry-After or Crawl-delay we honour
    robots_ttl: float = 24 * 3600.0  # seconds a host's robots.txt is trusted


@dataclass(frozen=True)
class Response:
    """One HTTP answer: status, final URL, headers (names lower-cased) and the body."""

    status: int
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Transport(Protocol):
    """One GET without redirects or retries; raises FetchTimeoutError or ResponseTooLargeError."""

    def get(self, url: str, headers: Mapping[str, str], options: FetchOptions) -> Response: ...


class Urllib3Transport:
    """The real transport: urllib3 with connect/read timeouts, a total deadline and a size cap."""

    def __init__(self) -> None:
        import urllib3

        self._http = urllib3.PoolManager(retries=False)

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.clear()

    def get(self, url: str, headers: Mapping[str, str], options: FetchOptions) -> Response:
        import urllib3

        try:
            resp = self._http.request(
                "GET", url, headers=dict(headers), redirect=False, preload_content=False,
                timeout=urllib3.Timeout(connect=options.timeout, read=options.timeout))
        except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError,
                urllib3.exceptions.NewConnectionError, urllib3.exceptions.MaxRetryError) as exc:
            raise FetchTimeoutError(f"no answer ({_short(exc)})", url=url) from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"HTTP error ({_short(exc)})", url=url, transient=True) from None
        complete = False
        try:
            head = {k.lower(): v for k, v in resp.headers.items()}
            declared = head.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise _too_large(url, options, declared=int(declared))
            deadline = time.monotonic() + options.total_timeout
            body = bytearray()
            try:
                for block in resp.stream(65536, decode_content=True):
                    body += block
                    if len(body) > options.max_bytes:
                        raise _too_large(url, options)
                    if time.monotonic() > deadline:
                        raise FetchTimeoutError(
                            f"response took longer than {options.total_timeout:g} s", url=url)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as exc:
                raise FetchTimeoutError(f"response cut off ({_short(exc)})", url=url) from None
            except urllib3.exceptions.DecodeError as exc:
                raise FetchError(f"cannot decode the response ({_short(exc)})", url=url) from None
            complete = True
            return Response(resp.status, url, head, bytes(body))
        finally:
            if not complete:  # an unread rest would poison the pooled connection: drop it
                resp.close()
            resp.release_conn()


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."


def _too_large(url: str, options: FetchOptions,
               declared: int | None = None) -> ResponseTooLargeError:
    size = f"{declared} bytes" if declared is not None else "more"
    return ResponseTooLargeError(
        f"response is {size}, over the {options.max_bytes}-byte limit", url=url,
        hint="raise the limit if such pages are wanted")


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    fetched: float
    blocked: str | None = None  # robots.txt could not be read: nothing allowed for now


class Fetcher:
    """Polite GETs through a :class:`Transport`; see the module docstring for the manners."""

    def __init__(self, transport: Transport | None = None, options: FetchOptions | None = None,
                 *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] | None = None) -> None:
        self.transport = transport or Urllib3Transport()
        self.options = options or FetchOptions()
        self.clock = clock
        self.sleep = sleep
        self.log = log or (lambda _msg: None)
        self._next_ok: dict[str, float] = {}  # host -> earliest time for its next request
        self._robots: dict[str, _Robots] = {}

    def close(self) -> None:
        """Close the transport's connections (when it has any to close)."""
        closer = getattr(self.transport, "close", None)
        if closer is not None:
            closer()

    def fetch(self, url: str, *, accept: tuple[str, ...] | None = HTML_TYPES,
              etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` politely: a 2xx answer of an accepted type, or 304 if not modified.

        Raises a FetchError subclass naming the URL and the reason; ``transient`` tells whether
        a later retry may succeed.
        """
        chain = [url]
        current = url
        for _hop in range(self.options.max_redirects + 1):
            self._check_scheme(current)
            self._check_robots(current)
            headers = {"User-Agent": self.options.user_agent}
            if accept:
                headers["Accept"] = ", ".join(accept[:3]) + ";q=1.0, */*;q=0.1"
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            resp = self._get_with_retries(current, headers)
            if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                target = urljoin(current, resp.headers["location"])
                if target in chain:
                    raise RedirectError("redirect loop: " + " -> ".join([*chain, target]), url=url)
                chain.append(target)
                current = target
                continue
            if resp.status == 304:
                return resp
            if resp.status >= 400:
                raise HttpStatusError(f"HTTP {resp.status}", url=current,
                                      transient=resp.status >= 500 or resp.status in (408, 429))
            if not 200 <= resp.status < 300:
                raise HttpStatusError(f"unexpected HTTP {resp.status}", url=current)
            if accept is not None and resp.content_type not in accept:
                raise UnsupportedContentError(
                    f"content type {resp.content_type or 'missing'!r} is not one of "
                    f"{', '.join(accept)}", url=current)
            return resp
        raise RedirectError(f"more than {self.options.max_redirects} redirects: "
                            + " -> ".join(chain), url=url)

    # --- manners ---------------------------------------------------------------------------

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> Response:
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                resp = self.transport.get(url, headers, self.options)
            except FetchError as exc:
                if not exc.transient or attempt >= self.options.retries:
                    raise
                wait = self.options.backoff * 2 ** attempt
                self.log(f"retry {url} in {wait:g} s ({exc.reason})")
            else:
                retryable = resp.status >= 500 or resp.status == 429
                if not retryable or attempt >= self.options.retries:
                    return resp
                wait = max(self.options.backoff * 2 ** attempt, _retry_after(resp))
                wait = min(wait, self.options.max_wait)
                self.log(f"retry {url} in {wait:g} s (HTTP {resp.status})")
            attempt += 1
            self.sleep(wait)

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again, then book its next turn."""
        host = urlsplit(url).netloc.lower()
        now = self.clock()
        ready = self._next_ok.get(host, now)
        if ready > now:
            self.sleep(ready - now)
            now = ready
        self._next_ok[host] = now + self._interval(host)

    def _interval(self, host: str) -> float:
        robots = self._robots.get(host)
        delay = None
        if robots is not None and robots.parser is not None:
            delay = robots.parser.crawl_delay(self.options.user_agent)
        return max(self.options.min_interval, min(float(delay or 0), self.options.max_wait))

    def _check_scheme(self, url: str) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("only http and https URLs are fetched", url=url)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        robots = self._robots.get(host)
        now = self.clock()
        if robots is None or now - robots.fetched > self.options.robots_ttl \
                or (robots.blocked and now - robots.fetched > self.options.max_wait):
            robots = self._robots[host] = self._read_robots(f"{parts.scheme}://{parts.netloc}")
        if robots.blocked:
            raise RobotsDisallowedError(f"robots.txt could not be read ({robots.blocked}); "
                                        "not fetching until it can", url=url, transient=True)
        if robots.parser is not None and not robots.parser.can_fetch(self.options.user_agent, url):
            raise RobotsDisallowedError("robots.txt disallows it for our user agent", url=url)

    def _read_robots(self, root: str) -> _Robots:
        """robots.txt per RFC 9309: 4xx means allow all; 5xx or no answer means allow nothing."""
        url = f"{root}/robots.txt"
        now = self.clock()
        try:
            for _hop in range(self.options.max_redirects + 1):
                resp = self._get_with_retries(url, {"User-Agent": self.options.user_agent})
                if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                    url = urljoin(url, resp.headers["location"])
                    continue
                break
            else:
                return _Robots(None, now)  # RFC 9309: too many redirects -> unavailable -> allow
        except FetchError as exc:
            return _Robots(None, now, blocked=exc.reason)
        if resp.status >= 500:
            return _Robots(None, now, blocked=f"HTTP {resp.status}")
        if resp.status >= 400 or resp.status < 200 or resp.status >= 300:
            return _Robots(None, now)
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, now)


def _retry_after(resp: Response) -> float:
    value = resp.headers.get("retry-after", "")
    return float(value) if value.isdigit() else 0.0
