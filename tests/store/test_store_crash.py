"""Crash safety and concurrent writers on every backend: a writer killed with SIGKILL leaves a
consistent store and a rerun completes it once; writers racing on the same articles store each once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from eventwire.store import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

N_ARTICLES = 30
N_EVENTS = 25

# The child writes N_ARTICLES articles, skipping what is already stored (as `eventwire run` does).
# With HANG_AT >= 0 it stops inside that article's transaction (after most inserts, before
# COMMIT) and waits to be killed, so the kill lands mid-transaction every time.
CHILD = textwrap.dedent(f"""
    import sys, time
    from eventwire.store import open_store

    db, hang_at, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    def rec(i):
        aid = f"art{{i}}"
        events = [{{"id": f"{{aid}}:e{{k}}", "event_type": "ASSAULT", "mode": ["firearms"],
                    "actor": [{{"entity_text": "gunmen", "code": "NGA", "sector": "UAF", "name": None,
                               "id": None, "start": 0, "end": 6}}],
                    "recipient": [], "date": {{"value": "2024-03-0" + str(1 + k % 9), "precision": "day"}},
                    "location": {{"resolved_place": "Kaduna", "country_code": "NGA", "lat": 10.5,
                                  "lon": 7.4, "precision": 1}},
                    "size": {{"dead": k, "injured": None, "arrested": None}}, "status": ["reported"],
                    "event_text": "x" * 200, "confidence": 0.5, "claims": []}}
                   for k in range({N_EVENTS})]
        return {{"article": {{"id": aid, "title": f"story {{i}}"}}, "events": events, "claims": [],
                "places": [], "timexes": [{{"text": "Monday", "start": 0, "end": 6, "type": "DATE",
                                            "value": "2024-03-04", "precision": "day"}}],
                "entities": [], "meta": {{}}}}

    store = open_store(db)
    armed = [False]
    batch = store._executemany

    def hang(sql, rows):
        # After the last insert of the armed article (before COMMIT), report and wait.
        batch(sql, rows)
        if armed[0] and "INSERT INTO timexes" in sql:
            print("mid", flush=True)
            time.sleep(120)

    store._executemany = hang
    for i in range(n):
        h = f"hash{{i}}"
        if store.seen(h, "p1"):
            print("skip", i, flush=True)
            continue
        armed[0] = i == hang_at
        print(store.save(rec(i), "text " * 2000, h, "p1"), i, flush=True)
    store.close()
    print("done", flush=True)
""")


def _child(db: str, hang_at: int, n: int = N_ARTICLES) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(hang_at), str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _kill_after(proc: subprocess.Popen[str], marker: str, may_finish: bool = False) -> list[str]:
    """Read lines until ``marker``; SIGKILL the child there. Returns the lines read."""
    lines: list[str] = []
    errors = ""
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.strip())
            if line.strip().startswith(marker):
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        assert proc.stderr is not None
        errors = proc.stderr.read()
        proc.stderr.close()
    expected = {-signal.SIGKILL, 0} if may_finish else {-signal.SIGKILL}
    assert proc.returncode in expected, (lines, proc.returncode, errors)
    return lines


def _check_consistent(db: str) -> int:
    """Integrity holds and every stored article has all its rows. Returns stored articles."""
    with open_store(db) as s:
        assert s.integrity_check() == []
        for aid, n_events in s._all("SELECT id, n_events FROM articles"):
            got = s._one("SELECT COUNT(*) FROM events WHERE article_id = ?", (aid,))[0]
            actors = s._one("SELECT COUNT(*) FROM event_actors WHERE article_id = ?", (aid,))[0]
            timexes = s._one("SELECT COUNT(*) FROM timexes WHERE article_id = ?", (aid,))[0]
            assert (got, actors, timexes) == (n_events, N_EVENTS, 1), aid
        return s.counts()["articles"]


def _rerun_completes(db: str, already: int, n: int = N_ARTICLES) -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), "-1", str(n)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    assert sum(ln.startswith("skip") for ln in lines) == already
    assert sum(ln.startswith("stored") for ln in lines) == n - already
    assert "done" in lines
    with open_store(db) as s:
        counts = s.counts()
        assert counts["articles"] == n
        assert counts["events"] == n * N_EVENTS
        distinct = s._one("SELECT COUNT(DISTINCT id) FROM events")[0]
        assert distinct == counts["events"]  # no duplicates
        assert s.integrity_check() == []


def test_kill_mid_transaction_loses_only_that_article(target):
    db = target
    hang_at = 7
    lines = _kill_after(_child(db, hang_at), "mid")
    assert lines[-1] == "mid" and lines[-2] == f"stored {hang_at - 1}"
    stored = _check_consistent(db)
    assert stored == hang_at  # the half-written article is gone entirely
    with open_store(db) as s:
        assert s.article(f"art{hang_at}") is None
        assert s._one("SELECT COUNT(*) FROM events WHERE article_id = ?", (f"art{hang_at}",))[0] == 0
    _rerun_completes(db, hang_at)


def test_kill_at_an_arbitrary_moment_then_rerun(target):
    db = target
    n = 4 * N_ARTICLES  # enough that the kill usually lands while the child is still writing
    lines = _kill_after(_child(db, -1, n), "stored 3", may_finish=True)
    assert "stored 3" in lines
    stored = _check_consistent(db)
    assert 4 <= stored <= n
    _rerun_completes(db, stored, n)


# --- concurrent writers ------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import random, sys
    from eventwire.store import open_store
    sys.path.insert(0, sys.argv[3])
    from store_records import event, record

    url, seed = sys.argv[1], int(sys.argv[2])
    order = list(range(40))
    random.Random(seed).shuffle(order)
    with open_store(url) as store:
        for i in order:
            rec = record(f"art{i}", [event(f"art{i}", k, date="2024-03-01") for k in range(4)])
            print(store.save(rec, f"text {i}", f"hash{i}", "p1"), i, flush=True)
        print("retries", store.save_retries, flush=True)
""")


def test_concurrent_writer_processes_store_each_article_exactly_once(target, request):
    url = target
    """Four processes save the same 40 articles (two in the same order, two shuffled) at once."""
    here = str(request.path.parent)
    open_store(url).close()  # migrate first, so the writers race on articles, not on DDL
    seeds = [0, 0, 1, 2]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(seed), here],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for seed in seeds]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.split("\n"))
    stored = [ln.split()[1] for out in outs for ln in out if ln.startswith("stored")]
    unchanged = [ln for out in outs for ln in out if ln.startswith("unchanged")]
    assert sorted(stored, key=int) == [str(i) for i in range(40)]  # each stored by exactly one
    assert len(unchanged) == 40 * (len(seeds) - 1)
    with open_store(url) as s:
        counts = s.counts()
        assert (counts["articles"], counts["events"], counts["timexes"]) == (40, 160, 40)
        assert s._one("SELECT COUNT(DISTINCT id) FROM events")[0] == 160
        assert s.integrity_check() == []
