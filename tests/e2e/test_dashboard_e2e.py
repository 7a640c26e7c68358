"""The dashboard end to end in real headless Chromium (Debian's, driven by Selenium).

`eventwire serve` runs in a subprocess over a store filled by the real pipeline from the seed
article; the page must show its events on the map, filter them, brush the timeline and mark the
chosen event's evidence on the article text. Every expected figure comes from the store itself.
Screenshots go to ``test-artifacts/e2e/`` (or ``$EVENTWIRE_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "samples" / "seed-article.jsonl"
CHROMIUM = Path(os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("EVENTWIRE_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = Path(os.environ.get("EVENTWIRE_TEST_ARTIFACTS", REPO / "test-artifacts")) / "e2e"
WAIT = 20  # seconds any one page condition may take before the test fails
# Flags for a quiet, offline, root-safe browser: no sandbox (CI runs as root), no GPU, and
# nothing that phones home (updates, component downloads, first-run pages).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1500,950")


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"Debian's chromium is not installed ({', '.join(missing)} missing): "
                    "run `apt-get install -y chromium chromium-driver`")
    pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")


def _require_api() -> None:
    try:
        from eventwire.api import create_app  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the HTTP API is not in this tree (eventwire.api.create_app: {exc})")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    """A store filled by the real pipeline (`eventwire run`) from the seed article."""
    _require_browser()
    _require_api()
    from click.testing import CliRunner

    from eventwire.cli import cli

    db = tmp_path_factory.mktemp("e2e") / "seed.db"
    result = CliRunner().invoke(cli, ["run", str(SEED), "--db", str(db), "--quiet"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def store_events(seed_db):
    """What the store holds, to compare the page against: every stored event row."""
    from eventwire.store import open_store

    with open_store(seed_db, create=False) as store:
        rows = store.events()
    assert rows, "the pipeline stored no events for the seed article"
    return rows


@pytest.fixture(scope="module")
def count_events(seed_db):
    """``count_events(**filters)``: how many events the store returns for an EventFilter."""
    from eventwire.store import EventFilter, open_store

    def count(**filters) -> int:
        with open_store(seed_db, create=False) as store:
            return len(store.events(EventFilter(**filters)))

    return count


@contextlib.contextmanager
def _serve(db: Path, log_path: Path, *options: str):
    """`eventwire serve` on a free loopback port until the block ends; yields its base URL."""
    port = _free_port()
    cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "serve",
           "--db", str(db), "--host", "127.0.0.1", "--port", str(port), *options]
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        try:
            while True:
                if proc.poll() is not None:
                    raise AssertionError(f"eventwire serve exited with {proc.returncode}: "
                                         f"{log_path.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(base, timeout=5) as res:  # noqa: S310 (loopback)
                        if res.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"eventwire serve did not answer {base} within 30 s")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def server(seed_db, tmp_path_factory):
    """`eventwire serve` over the seed store, open reads; yields its base URL."""
    with _serve(seed_db, tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    """One headless Chromium for the module, with browser console logs kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager never runs, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(WAIT)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def _wait(driver, condition, message: str, timeout: float = WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(
        lambda d: condition(d), message=message)


def _loaded_total(driver) -> tuple[int, int]:
    """Waits until the events request settles; returns (total, mapped) from the status line."""
    def settled(d):
        state = d.execute_script(
            "const s = document.getElementById('status');"
            "return s.dataset.loading ? null : [s.dataset.total, s.dataset.mapped];")
        return state if state and state[0] is not None else None

    total, mapped = _wait(driver, settled, "the events request never finished")
    return int(total), int(mapped)


def _points_on_map(driver) -> int:
    """Single markers plus the counts written on cluster bubbles, as rendered in the DOM."""
    return driver.execute_script("""
        const pane = document.querySelector('.leaflet-marker-pane');
        let n = pane.querySelectorAll('.ew-marker').length;
        for (const c of pane.querySelectorAll('.marker-cluster span')) n += Number(c.textContent);
        return n;""")


def _map_at_rest(driver) -> bool:
    """True once no zoom or cluster animation runs and the markers stay put for 0.3 s."""
    script = """
        if (document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')) return null;
        return [...document.querySelectorAll('.leaflet-marker-icon')]
            .map(m => m.getBoundingClientRect()).map(r => [r.x, r.y]);"""
    before = driver.execute_script(script)
    time.sleep(0.3)
    return before is not None and before == driver.execute_script(script)


def _open(driver, base: str) -> tuple[int, int]:
    driver.get(base)
    _wait(driver, lambda d: d.execute_script("return !!window.eventwireDashboard"),
          "the dashboard script did not start")
    return _loaded_total(driver)


def _severe_logs(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_page_loads_with_seed_events_on_the_map(browser, server, store_events):
    from selenium.webdriver.common.by import By

    total, mapped = _open(browser, server)
    with_coords = [r for r in store_events if r.lat is not None and r.lon is not None]
    assert total == len(store_events)
    assert mapped == len(with_coords) > 0
    _wait(browser, lambda d: _points_on_map(d) == mapped,
          f"the map never showed {mapped} points (clusters counted by their size)")
    # The offline basemap: country shapes drawn as SVG paths from the bundled TopoJSON.
    shapes = browser.execute_script(
        "return document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert shapes > 150
    # The list shows every event (the seed is far below the list's limit).
    ids = browser.execute_script(
        "return [...document.querySelectorAll('.event-item')].map(b => b.dataset.eventId)")
    assert sorted(ids) == sorted(r.event_id for r in store_events)
    # Nothing left the machine: every resource came from the server under test.
    hosts = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
    assert hosts and set(hosts) == {server.split("/")[2]}
    assert _severe_logs(browser) == []
    # An open server: no error, and no request for a token.
    assert not browser.find_element(By.ID, "error").is_displayed()
    assert not browser.find_element(By.ID, "token-form").is_displayed()
    _wait(browser, _map_at_rest, "the map kept moving")
    browser.save_screenshot(str(ARTIFACTS / "01-loaded.png"))


def test_type_filter_changes_the_count(browser, server, store_events, count_events):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    total, _ = _open(browser, server)
    def n(t):
        return sum(r.type == t for r in store_events)

    rare = min({r.type for r in store_events}, key=lambda t: (n(t), t))
    expected = count_events(type=rare)
    assert 0 < expected < total
    Select(browser.find_element(By.ID, "f-type")).select_by_value(rare)
    _wait(browser, lambda d: _loaded_total(d)[0] == expected,
          f"the count never became the store's {expected} {rare} events")
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.event-item')].map(b => b.dataset.eventId)")
    assert sorted(shown) == sorted(r.event_id for r in store_events if r.type == rare)
    _wait(browser, lambda d: _points_on_map(d) == _loaded_total(d)[1],
          "the map does not show the filtered points")
    _wait(browser, _map_at_rest, "the map kept moving")
    browser.save_screenshot(str(ARTIFACTS / "02-filtered.png"))

    # Free text over the evidence, on top of the type filter; Clear brings every event back.
    word = next(r for r in store_events if r.type == rare).record["trigger"]["text"]
    want = count_events(type=rare, text=word)
    assert want >= 1  # the event whose trigger we type is among them
    browser.find_element(By.ID, "f-q").send_keys(word)
    _wait(browser, lambda d: _loaded_total(d)[0] == want,
          f"the count never became the store's {want} {rare} events with {word!r}")
    browser.find_element(By.CSS_SELECTOR, "#filter-form button[type=reset]").click()
    _wait(browser, lambda d: _loaded_total(d)[0] == total, "Clear did not restore every event")


def test_brushing_the_timeline_filters_the_map(browser, server, count_events):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    total, _ = _open(browser, server)
    overlay = _wait(browser,
                    lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .brush .overlay"),
                    "the timeline drew no brush")[0]
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline .bars rect")
    assert len(bars) >= 2, "the seed's events should fall in more than one bar"
    # Drag from just inside the last bar to the right end (offsets are from the overlay's centre).
    left = overlay.rect["x"] + overlay.rect["width"] / 2
    start = bars[-1].rect["x"] + 2 - left
    end = overlay.rect["x"] + overlay.rect["width"] - 2 - left
    ActionChains(browser).move_to_element_with_offset(overlay, int(start), 0).click_and_hold() \
        .move_by_offset(int(end - start), 0).release().perform()
    since = _wait(browser, lambda d: d.find_element(By.ID, "f-since").get_attribute("value"),
                  "brushing did not set the date filter")
    until = browser.find_element(By.ID, "f-until").get_attribute("value")
    expected = count_events(since=since, until=until)
    _wait(browser, lambda d: _loaded_total(d)[0] == expected,
          f"the count never became the store's {expected} events in {since}..{until}")
    assert expected < total
    assert _points_on_map(browser) == _loaded_total(browser)[1]
    _wait(browser, _map_at_rest, "the map kept moving")
    browser.save_screenshot(str(ARTIFACTS / "03-brushed.png"))


def _covered(spans) -> set[int]:
    return {i for start, end in spans if start is not None and end is not None
            for i in range(start, end)}


def _marked(driver, kind: str) -> set[int]:
    spans = driver.execute_script(
        "return [...document.querySelectorAll('#article-text mark.hl-' + arguments[0])]"
        ".map(m => [Number(m.dataset.start), Number(m.dataset.end)])", kind)
    return _covered(spans)


def _assert_evidence(driver, row) -> None:
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: d.find_element(By.ID, "evidence").get_attribute("data-event-id")
          == row.event_id, f"the evidence panel never showed {row.event_id}")
    rec = row.record
    trigger = driver.execute_script(
        "return [...document.querySelectorAll('#article-text mark.hl-trigger')]"
        ".map(m => m.textContent).join('')")
    assert trigger == rec["trigger"]["text"]
    def spans(items):
        return _covered((x.get("start"), x.get("end")) for x in items)

    # Every kind of mark covers exactly the characters the record's spans cover.
    assert _marked(driver, "trigger") == spans([rec["trigger"]])
    assert _marked(driver, "actor") == spans(rec["actor"])
    assert _marked(driver, "recipient") == spans(rec["recipient"])
    assert _marked(driver, "place") == spans([rec.get("location") or {}])
    assert _marked(driver, "date") == spans([rec.get("date") or {}])
    assert _marked(driver, "claim") == spans(c["content"] for c in row.claims)
    # The coded fields name the type; the claims list has one entry per claim about the event.
    fields = driver.find_element(By.ID, "ev-fields").text
    assert rec["event_type"] in fields
    claims = driver.find_elements(By.CSS_SELECTOR, "#ev-claims li:not(.note)")
    assert len(claims) == len(row.claims)


def test_clicking_an_event_marks_its_evidence(browser, server, store_events):
    from selenium.webdriver.common.by import By

    _open(browser, server)
    # The event with the most kinds of evidence, so every highlight style is exercised.
    def kinds(r):
        rec = r.record
        located = (rec.get("location") or {}).get("start") is not None
        dated = (rec.get("date") or {}).get("start") is not None
        return bool(rec["actor"]) + bool(rec["recipient"]) + located + dated + bool(r.claims)
    row = max(store_events, key=lambda r: (kinds(r), r.event_id))
    assert kinds(row) >= 3
    browser.find_element(By.CSS_SELECTOR, f'.event-item[data-event-id="{row.event_id}"]').click()
    _assert_evidence(browser, row)
    assert browser.find_element(By.CSS_SELECTOR, f'.event-item[data-event-id="{row.event_id}"]') \
        .get_attribute("aria-current") == "true"
    browser.save_screenshot(str(ARTIFACTS / "04-evidence.png"))


def test_clicking_a_map_marker_opens_its_event(browser, server, store_events):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, server)
    # A type whose events sit at different places, so at least one is a single marker.
    by_type: dict[str, set] = {}
    for r in store_events:
        if r.lat is not None:
            by_type.setdefault(r.type, set()).add((round(r.lat, 3), round(r.lon, 3)))
    kind = min((t for t, places in by_type.items() if len(places) >= 2),
               key=lambda t: (sum(r.type == t for r in store_events), t))
    Select(browser.find_element(By.ID, "f-type")).select_by_value(kind)
    expected = sum(r.type == kind for r in store_events)
    _wait(browser, lambda d: _loaded_total(d)[0] == expected and _points_on_map(d) == expected,
          f"the map never showed the {expected} {kind} events")
    _wait(browser, _map_at_rest, "the map kept moving")
    markers = browser.find_elements(By.CSS_SELECTOR, ".ew-marker span[data-event-id]")
    assert markers, f"every {kind} event sits in a cluster; no single marker to click"
    event_id = markers[0].get_attribute("data-event-id")
    markers[0].click()
    _assert_evidence(browser, next(r for r in store_events if r.event_id == event_id))
    browser.save_screenshot(str(ARTIFACTS / "05-marker.png"))


def test_address_keeps_filters_and_the_chosen_event(browser, server, store_events, count_events):
    """A view is a link: the filters and the chosen event go into the address and come back."""
    from urllib.parse import parse_qs, urlencode, urlsplit

    from selenium.webdriver.common.by import By

    row = next(r for r in store_events if r.country and r.claims)
    expected = count_events(country=row.country, type=row.type)
    browser.get(server + "?" + urlencode({"country": row.country, "type": row.type,
                                          "event": row.event_id}))
    _wait(browser, lambda d: _loaded_total(d)[0] == expected,
          f"the count never became the store's {expected} {row.country} {row.type} events")
    assert browser.find_element(By.ID, "f-type").get_attribute("value") == row.type
    _assert_evidence(browser, row)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query == {"country": [row.country], "type": [row.type], "event": [row.event_id]}


def test_token_protected_reads_ask_for_the_token(browser, seed_db, store_events, tmp_path):
    """With `serve --protect-reads` the page asks for the token, then loads with it."""
    from selenium.webdriver.common.by import By

    secret = "e2e-" + os.urandom(6).hex()
    with _serve(seed_db, tmp_path / "serve.log", "--token", secret, "--protect-reads") as base:
        browser.get(base)
        form = _wait(browser, lambda d: (lambda f: f if f.is_displayed() else None)(
            d.find_element(By.ID, "token-form")), "the page did not ask for a token")
        assert "401" in browser.find_element(By.ID, "error").text
        form.find_element(By.ID, "f-token").send_keys(secret)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        _wait(browser, lambda d: _loaded_total(d)[0] == len(store_events),
              "the events did not load with the token")
        assert not browser.find_element(By.ID, "error").is_displayed()
        assert not form.is_displayed()
        browser.save_screenshot(str(ARTIFACTS / "06-token.png"))
        browser.execute_script("sessionStorage.clear()")
