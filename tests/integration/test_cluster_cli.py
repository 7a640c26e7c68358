"""`eventwire run` with its near-duplicate gate, and `eventwire cluster`, on real articles.

The inputs are Wikinews samples bundled in samples/ (two reports of the March 2008 Basra fighting
among them) plus a syndicated copy of one of them made here: a new byline and one word changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_rows import count_rows

from eventwire.cli import cli

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WIKINEWS = REPO / "samples" / "wikinews.jsonl"
IDS = (
    "wn-2008-03-26-anjouan",
    "wn-2008-03-27-basra",
    "wn-2008-03-29-airstrikes",
    "wn-2009-10-25-bombings",
)


def invoke(*args: str):
    return CliRunner(mix_stderr=False).invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    rows = {r["id"]: r for r in map(json.loads, WIKINEWS.read_text(encoding="utf-8").splitlines())}
    chosen = [rows[i] for i in IDS]
    basra = rows["wn-2008-03-27-basra"]
    copy = {
        **basra,
        "id": "syndicated-basra",
        "source": "Another Wire",
        "published": "2008-03-28",
        "text": "By a staff reporter. " + basra["text"].replace("third largest", "third-largest"),
    }
    path = tmp_path_factory.mktemp("cluster") / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chosen + [copy]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(inputs, tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("db") / "events.db")
    first = invoke("run", str(inputs), "--db", path, "-q")
    assert first.exit_code == 0, first.stderr
    assert "4 stored" in first.stderr and "1 near-duplicates linked, not coded" in first.stderr
    return path


def test_a_syndicated_copy_is_linked_not_coded_and_a_rerun_stores_nothing(db, inputs):
    articles = invoke("articles", "--db", db, "--format", "jsonl")
    ids = {json.loads(line)["id"] for line in articles.stdout.splitlines()}
    assert "syndicated-basra" not in ids and "wn-2008-03-27-basra" in ids
    again = invoke("run", str(inputs), "--db", db, "-q")
    assert again.exit_code == 0, again.stderr
    assert "0 stored" in again.stderr and "4 skipped as already stored" in again.stderr
    assert "1 near-duplicates linked" in again.stderr


def test_cluster_builds_happenings_and_prints_canonical_events_with_sources(db):
    summary = invoke("cluster", "--db", db)
    assert summary.exit_code == 0, summary.stderr
    assert "happenings" in summary.stdout and "1 near-duplicate articles linked" in summary.stdout
    out = invoke("cluster", "--db", db, "--no-update", "--format", "jsonl")
    assert out.exit_code == 0, out.stderr
    happenings = [json.loads(line) for line in out.stdout.splitlines()]
    assert happenings, "no happening printed"
    for h in happenings:
        assert h["source_count"] == len(h["sources"]) >= 1
        assert h["event_count"] >= h["source_count"]
        assert h["first_report"] <= h["last_report"]
        assert all(s["event_ids"] for s in h["sources"])
    # The copy of the Basra report is listed as a report of each happening its original reports.
    basra = [
        h for h in happenings if any(s["article_id"] == "wn-2008-03-27-basra" for s in h["sources"])
    ]
    assert basra and all(h["copies"][0]["article_id"] == "syndicated-basra" for h in basra)
    assert all(h["report_count"] == h["source_count"] + 1 for h in basra)


def test_cluster_is_incremental_and_filters(db):
    idle = invoke("cluster", "--db", db)
    assert "0 placed now" in idle.stdout and "0 canonical events written" in idle.stdout
    table = invoke("cluster", "--db", db, "--no-update", "--format", "table", "--type", "ASSAULT")
    assert table.exit_code == 0 and "ASSAULT" in table.stdout
    none = invoke("cluster", "--db", db, "--no-update", "--format", "jsonl", "--min-sources", "99")
    assert none.exit_code == 0 and none.stdout == ""


def test_cluster_on_a_missing_database_says_how_to_make_one(tmp_path):
    result = invoke("cluster", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1
    assert "eventwire run" in result.stderr and not (tmp_path / "nope.db").exists()


def test_a_killed_run_with_near_copies_loses_no_article_and_codes_none_twice(tmp_path):
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    base = [json.loads(x) for x in WIKINEWS.read_text(encoding="utf-8").splitlines()]
    # Each copy right after its original: in one batch, so a copy waits on an original that is
    # not stored yet when the kill comes (its link lives only in memory until then).
    rows = [dict(r, id=f"{r['id']}-{k}", text=f"{r['text']}\n\n(copy {k})")
            for r in base for k in range(2)]
    src = tmp_path / "copies.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "ew.db"
    with (tmp_path / "run.log").open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "eventwire.cli", "run", str(src), "--db", str(db), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.time() + 240
        while time.time() < deadline and count_rows(db) < 5 and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, (tmp_path / "run.log").read_text()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert 0 < count_rows(db) < len(base)
    rerun = invoke("run", str(src), "--db", str(db), "--quiet")
    assert rerun.exit_code == 0, rerun.stderr
    con = sqlite3.connect(db)
    stored = [r[0] for r in con.execute("select id from articles")]
    links = dict(con.execute("select article_id, original_id from near_duplicates").fetchall())
    con.close()
    assert len(stored) == len(set(stored)) == len(base)  # one coded article per story
    assert not set(stored) & set(links)
    assert set(stored) | set(links) == {r["id"] for r in rows}  # nothing lost
    assert set(links.values()) <= set(stored)
