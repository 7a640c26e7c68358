"""The polite fetcher against a fake transport and a fake clock: robots.txt, per-host pacing,
retries with exponential backoff, redirects and loops, conditional GET, content types, sizes."""

from __future__ import annotations

import pytest

from eventwire.errors import (
    FetchTimeoutError,
    HttpStatusError,
    RedirectError,
    RobotsDisallowedError,
    UnsupportedContentError,
)
from eventwire.ingest.fetch import FetchOptions, Fetcher, Response

HTML = {"content-type": "text/html; charset=utf-8"}


class FakeTransport:
    """Answers from a table: url -> list of answers (Response or exception), the last repeating."""

    def __init__(self, routes: dict[str, list]) -> None:
        self.routes = routes
        self.calls: list[tuple[str, dict]] = []

    def get(self, url, headers, options):
        self.calls.append((url, dict(headers)))
        answers = self.routes.get(url)
        if answers is None:
            return Response(404, url, {}, b"not found")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def urls(self) -> list[str]:
        return [u for u, _ in self.calls]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def page(url: str, status: int = 200, headers=None, body: bytes = b"<html>ok</html>") -> Response:
    return Response(status, url, headers if headers is not None else HTML, body)


def fetcher(routes, **options):
    clock = FakeClock()
    log: list[str] = []
    opts = FetchOptions(**{"min_interval": 0.0, "backoff": 1.0, "retries": 2, **options})
    f = Fetcher(FakeTransport(routes), opts, clock=clock, sleep=clock.sleep, log=log.append)
    return f, f.transport, clock, log


def test_robots_txt_is_read_once_per_host_and_obeyed():
    robots = page("http://a.test/robots.txt", headers={"content-type": "text/plain"},
                  body=b"User-agent: *\nDisallow: /private/\n")
    f, t, _, _ = fetcher({"http://a.test/robots.txt": [robots],
                          "http://a.test/news/1": [page("http://a.test/news/1")]})
    assert f.fetch("http://a.test/news/1").status == 200
    with pytest.raises(RobotsDisallowedError) as info:
        f.fetch("http://a.test/private/2")
    assert not info.value.transient and "robots.txt disallows" in str(info.value)
    assert t.urls().count("http://a.test/robots.txt") == 1
    assert "http://a.test/private/2" not in t.urls()


def test_robots_missing_allows_all_and_robots_5xx_blocks_for_now():
    f, _, _, _ = fetcher({"http://a.test/x": [page("http://a.test/x")]})  # robots.txt is a 404
    assert f.fetch("http://a.test/x").status == 200
    f, t, _, _ = fetcher({"http://b.test/robots.txt": [page("http://b.test/robots.txt", 503)],
                          "http://b.test/x": [page("http://b.test/x")]}, retries=0)
    with pytest.raises(RobotsDisallowedError) as info:
        f.fetch("http://b.test/x")
    assert info.value.transient and "HTTP 503" in info.value.reason
    assert "http://b.test/x" not in t.urls()


def test_requests_to_one_host_are_spaced_and_crawl_delay_wins():
    robots = page("http://a.test/robots.txt", headers={"content-type": "text/plain"},
                  body=b"User-agent: *\nCrawl-delay: 5\n")
    routes = {"http://a.test/robots.txt": [robots], "http://b.test/1": [page("http://b.test/1")]}
    routes.update({f"http://a.test/{i}": [page(f"http://a.test/{i}")] for i in range(3)})
    f, _, clock, _ = fetcher(routes, min_interval=2.0)
    for i in range(3):
        f.fetch(f"http://a.test/{i}")
    f.fetch("http://b.test/1")  # another host: no wait for a.test's turn
    # robots.txt itself, then a.test/0 two seconds later, then 5 s (Crawl-delay) apart.
    assert clock.slept == [2.0, 5.0, 5.0, 2.0]


def test_5xx_and_timeouts_are_retried_with_exponential_backoff():
    f, t, clock, log = fetcher({"http://a.test/p": [page("http://a.test/p", 503),
                                                    FetchTimeoutError("no answer", url="x"),
                                                    page("http://a.test/p")]})
    assert f.fetch("http://a.test/p").status == 200
    assert clock.slept == [1.0, 2.0]
    assert t.urls().count("http://a.test/p") == 3
    assert "HTTP 503" in log[0] and "no answer" in log[1]


def test_retries_run_out_into_a_transient_error():
    f, _, clock, _ = fetcher({"http://a.test/p": [page("http://a.test/p", 500)]})
    with pytest.raises(HttpStatusError) as info:
        f.fetch("http://a.test/p")
    assert info.value.transient and info.value.reason == "HTTP 500"
    assert clock.slept == [1.0, 2.0]
    f, _, _, _ = fetcher({"http://a.test/t": [FetchTimeoutError("no answer (read timed out)")]})
    with pytest.raises(FetchTimeoutError):
        f.fetch("http://a.test/t")


def test_retry_after_is_honoured_up_to_a_cap():
    f, _, clock, _ = fetcher({"http://a.test/p": [
        page("http://a.test/p", 429, headers={"retry-after": "7"}),
        page("http://a.test/p", 429, headers={"retry-after": "3600"}), page("http://a.test/p")]},
        max_wait=30.0)
    assert f.fetch("http://a.test/p").status == 200
    assert clock.slept == [7.0, 30.0]


def test_404_is_not_retried():
    f, t, clock, _ = fetcher({})
    with pytest.raises(HttpStatusError) as info:
        f.fetch("http://a.test/gone")
    assert not info.value.transient and clock.slept == []
    assert t.urls() == ["http://a.test/robots.txt", "http://a.test/gone"]


def test_redirects_are_followed_by_hand_and_loops_named():
    f, _, _, _ = fetcher({
        "http://a.test/old": [page("http://a.test/old", 301, {"location": "/new"})],
        "http://a.test/new": [page("http://a.test/new")],
        "http://a.test/loop1": [page("http://a.test/loop1", 302, {"location": "/loop2"})],
        "http://a.test/loop2": [page("http://a.test/loop2", 302, {"location": "/loop1"})],
    })
    assert f.fetch("http://a.test/old").url == "http://a.test/new"
    with pytest.raises(RedirectError, match="redirect loop: http://a.test/loop1 -> "
                                            "http://a.test/loop2 -> http://a.test/loop1"):
        f.fetch("http://a.test/loop1")


def test_too_many_redirects():
    routes = {f"http://a.test/{i}": [page(f"http://a.test/{i}", 302, {"location": f"/{i + 1}"})]
              for i in range(10)}
    f, _, _, _ = fetcher(routes, max_redirects=3)
    with pytest.raises(RedirectError, match="more than 3 redirects"):
        f.fetch("http://a.test/0")


def test_a_redirect_into_a_disallowed_path_is_refused():
    robots = page("http://a.test/robots.txt", headers={"content-type": "text/plain"},
                  body=b"User-agent: *\nDisallow: /private/\n")
    f, t, _, _ = fetcher({"http://a.test/robots.txt": [robots],
                          "http://a.test/go": [page("http://a.test/go", 302,
                                                    {"location": "/private/x"})]})
    with pytest.raises(RobotsDisallowedError):
        f.fetch("http://a.test/go")
    assert "http://a.test/private/x" not in t.urls()


def test_conditional_get_sends_validators_and_returns_304():
    f, t, _, _ = fetcher({"http://a.test/feed": [page("http://a.test/feed", 304, {})]})
    resp = f.fetch("http://a.test/feed", accept=None, etag='"v1"',
                   last_modified="Tue, 03 Mar 2020 10:00:00 GMT")
    assert resp.status == 304
    sent = t.calls[-1][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Tue, 03 Mar 2020 10:00:00 GMT"
    assert sent["User-Agent"].startswith("eventwire/")


def test_only_html_pages_are_accepted():
    f, _, _, _ = fetcher({"http://a.test/doc.pdf": [page("http://a.test/doc.pdf",
                                                         headers={"content-type": "application/pdf"})]})
    with pytest.raises(UnsupportedContentError, match="application/pdf") as info:
        f.fetch("http://a.test/doc.pdf")
    assert not info.value.transient


def test_other_schemes_are_refused():
    f, t, _, _ = fetcher({})
    with pytest.raises(Exception, match="only http and https"):
        f.fetch("file:///etc/passwd")
    assert t.calls == []


def test_robots_rules_for_our_own_agent_name_apply_to_us():
    robots = page("http://a.test/robots.txt", headers={"content-type": "text/plain"},
                  body=b"User-agent: eventwire\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    f, _, _, _ = fetcher({"http://a.test/robots.txt": [robots],
                          "http://a.test/x": [page("http://a.test/x")]})
    with pytest.raises(RobotsDisallowedError):
        f.fetch("http://a.test/x")
