"""``eventwire serve`` for real: a uvicorn process on a free port answering the API and the
dashboard, and clear errors for a wrong database or settings before anything listens."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from test_api import sample_store

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def eventwire(*args: str, **kw):
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_serve_answers_the_api_and_the_dashboard(tmp_path_factory):
    db = sample_store(tmp_path_factory)
    port = free_port()
    proc = eventwire("serve", "--db", str(db), "--port", str(port), "--token", "tok")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=5) as r:
                    health = json.loads(r.read())
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert health["status"] == "ok" and health["articles"] == 34
        with urllib.request.urlopen(f"{base}/api/events?country=IRQ&limit=3", timeout=10) as r:
            page = json.loads(r.read())
        assert len(page["items"]) == 3 and all(e["country"] == "IRQ" for e in page["items"])
        req = urllib.request.Request(f"{base}/api/articles", data=b'{"text": "x"}', method="POST",
                                     headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 401
        with urllib.request.urlopen(f"{base}/openapi.json", timeout=10) as r:
            assert "/api/events" in json.loads(r.read())["paths"]
        try:
            with urllib.request.urlopen(f"{base}/", timeout=10) as r:
                assert r.headers["content-type"].startswith("text/html")
        except urllib.error.HTTPError as exc:  # a checkout without the built dashboard
            assert exc.code == 404 and "dashboard assets are missing" in exc.read().decode()
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    assert f"dashboard at http://127.0.0.1:{port}/" in stderr and "ingest on" in stderr


@pytest.mark.parametrize("args,says", [
    (["--db", "{tmp}/missing.db"], "no database"),
    (["--db", "{db}", "--protect-reads"], "--protect-reads needs a token"),
])
def test_serve_refuses_bad_settings_before_listening(tmp_path_factory, tmp_path, args, says):
    db = sample_store(tmp_path_factory)
    args = [a.format(tmp=tmp_path, db=db) for a in args]
    proc = eventwire("serve", *args, "--port", str(free_port()))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1 and says in stderr and "error[EW" in stderr
