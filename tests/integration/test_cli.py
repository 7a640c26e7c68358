"""The command line end to end, with the real model and real articles: extract, run, events,
articles, show, export; idempotence; bad inputs; a broken database; a killed or interrupted run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlite_rows import count_rows
from click.testing import CliRunner

from eventwire.cli import cli

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SEED = SAMPLES / "seed-article.jsonl"


def invoke(*args: str, input: str | None = None):
    result = CliRunner(mix_stderr=False).invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


def test_extract_seed_record_contract():
    result = invoke("extract", str(SEED))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert set(rec) >= {"article", "events", "claims", "places", "timexes", "entities"}
    assert rec["article"]["id"] == "seed-iraq-militias-2019-08-21"
    assert rec["article"]["published"] == "2019-08-21"
    text = json.loads(SEED.read_text())["text"]
    types = {e["event_type"] for e in rec["events"]}
    assert "ASSAULT" in types
    for ev in rec["events"]:
        trig = ev["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"]
        for ent in ev["actor"] + ev["recipient"]:
            assert text[ent["start"]:ent["end"]] == ent["entity_text"]
        if ev["date"] and ev["date"]["start"] is not None:
            assert text[ev["date"]["start"]:ev["date"]["end"]] == ev["date"]["text"]
    for tx in rec["timexes"]:
        assert text[tx["start"]:tx["end"]] == tx["text"]
    for pl in rec["places"]:
        if pl["start"] is None:  # an inferred country: no text claims it, so no span
            assert pl["text"] == "" and pl["relation"] in (
                "dominant country of the article", "country of a place the event's sentence names")
        else:
            assert text[pl["start"]:pl["end"]] == pl["text"]


def test_extract_keeps_input_ids_and_order(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "z-last", "text": "Police arrested 12 protesters in Cairo on Friday.", "published": "2011-02-01"},
        {"id": "a-first", "text": "Rebels attacked an army base near Goma, killing three soldiers."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = invoke("extract", str(src), "--published", "2012-05-05")
    assert result.exit_code == 0, result.stderr
    recs = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["article"]["id"] for r in recs] == ["z-last", "a-first"]
    assert recs[0]["article"]["published"] == "2011-02-01"  # the record's own date wins
    assert recs[1]["article"]["published"] == "2012-05-05"


def test_extract_from_stdin_text():
    result = invoke("extract", "-", "--published", "2020-01-03",
                    input="Troops shelled the town of Idlib on Tuesday, killing four civilians.")
    assert result.exit_code == 0, result.stderr
    rec = json.loads(result.stdout)
    assert rec["article"]["published"] == "2020-01-03"
    assert any(e["event_type"] == "ASSAULT" for e in rec["events"])


def test_run_is_idempotent_and_queries_work(tmp_path):
    db = str(tmp_path / "ew.db")
    first = invoke("run", str(SAMPLES / "*.jsonl"), "--db", db, "--quiet")
    assert first.exit_code == 0, first.stderr
    assert "34 read, 34 stored" in first.stderr
    second = invoke("run", str(SAMPLES / "*.jsonl"), "--db", db, "--quiet")
    assert second.exit_code == 0
    assert "0 stored" in second.stderr and "34 skipped as already stored" in second.stderr
    con = sqlite3.connect(db)
    n_articles = con.execute("select count(*) from articles").fetchone()[0]
    con.close()
    assert n_articles == 34

    arts = invoke("articles", "--db", db, "--format", "jsonl")
    ids = [json.loads(x)["id"] for x in arts.stdout.splitlines()]
    assert "seed-iraq-militias-2019-08-21" in ids and len(ids) == 34

    evs = invoke("events", "--db", db, "--type", "ASSAULT", "--format", "jsonl")
    assert evs.exit_code == 0
    rows = [json.loads(x) for x in evs.stdout.splitlines()]
    assert rows and all(r["type"] == "ASSAULT" for r in rows)

    irq = [json.loads(x) for x in invoke("events", "--db", db, "--country", "IRQ", "--format", "jsonl").stdout.splitlines()]
    assert irq and all(r["country"] == "IRQ" for r in irq)
    _events_filters_match_the_store(db)

    shown = invoke("show", "seed-iraq-militias-2019-08-21", "--db", db)
    assert shown.exit_code == 0 and "[" in shown.stdout and "Balad" in shown.stdout
    missing = invoke("show", "no-such-article", "--db", db)
    assert missing.exit_code == 2 and "no article" in missing.stderr

    out = tmp_path / "events.csv"
    exp = invoke("export", "--db", db, "--format", "acled-csv", str(out))
    assert exp.exit_code == 0 and out.read_text().startswith("event_id_cnty")
    outj = tmp_path / "events.jsonl"
    assert invoke("export", "--db", db, "--format", "plover-jsonl", str(outj)).exit_code == 0
    assert all("event" in json.loads(x) for x in outj.read_text().splitlines())


def _events_filters_match_the_store(db: str) -> None:
    """`eventwire events` takes every filter of `export` and the API, each narrowing as the store's."""
    from eventwire.store import EventFilter, open_store

    with open_store(db, create=False) as store:
        every = store.events()
        placed = next(r for r in every if r.admin1 and r.lat is not None and r.acled_event_type
                      and r.confidence is not None)
        moded = next(r for r in every if r.mode)
        word = next(w for w in (placed.event_text or "").split() if len(w) > 5)
        box = (placed.lon - 0.5, placed.lat - 0.5, placed.lon + 0.5, placed.lat + 0.5)
        cases = [
            (["--admin1", placed.admin1.upper()], EventFilter(admin1=placed.admin1)),
            (["--acled-type", placed.acled_event_type], EventFilter(acled_type=placed.acled_event_type)),
            (["--bbox", ",".join(map(str, box))], EventFilter(bbox=box)),
            (["--text", word], EventFilter(text=word)),
            (["--status", placed.status[0]], EventFilter(status=placed.status[0])),
            (["--mode", moded.mode[0]], EventFilter(mode=moded.mode[0])),
            (["--min-confidence", str(placed.confidence)], EventFilter(min_confidence=placed.confidence)),
            (["--admin1", placed.admin1, "--type", placed.type, "--limit", "1"],
             EventFilter(admin1=placed.admin1, type=placed.type, limit=1)),
        ]
        for args, f in cases:
            want = [r.event_id for r in store.events(f)]
            got = invoke("events", "--db", db, *args, "--format", "jsonl")
            assert got.exit_code == 0, (args, got.stderr)
            assert [json.loads(x)["event_id"] for x in got.stdout.splitlines()] == want, args
            assert want and (len(want) < len(every) or args[0] in ("--status", "--min-confidence")), args
    bad = invoke("events", "--db", db, "--bbox", "1,2,3")
    assert bad.exit_code == 2 and "bbox" in bad.stderr


def test_rerun_asks_the_store_once_per_block_not_once_per_article(tmp_path, monkeypatch):
    from eventwire.store.base import SQLStore

    db = str(tmp_path / "ew.db")
    assert invoke("run", str(SEED), "--db", db, "--quiet").exit_code == 0
    calls: list[int] = []
    seen_many = SQLStore.seen_many

    def counting(self, hashes, version):
        hashes = list(hashes)
        calls.append(len(hashes))
        return seen_many(self, hashes, version)

    def per_article(self, *args):
        raise AssertionError("run asked the store about one article at a time")

    monkeypatch.setattr(SQLStore, "seen_many", counting)
    monkeypatch.setattr(SQLStore, "seen", per_article)
    again = invoke("run", str(SEED), "--db", db, "--quiet")
    assert again.exit_code == 0, again.stderr
    assert "1 skipped as already stored" in again.stderr and calls == [1]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_empty.txt").write_text("   \n")
    (d / "b_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (d / "c_latin1.txt").write_bytes("Caf\xe9 owners protested in Paris on Monday.".encode("latin-1"))
    (d / "d_broken.jsonl").write_text('{"id": "ok1", "text": "Police arrested five men in Lagos."}\n{"id": "bad", "text": \n')
    (d / "e_french.txt").write_text(
        "Les manifestants ont défilé dans les rues de Paris samedi pour protester contre la réforme "
        "des retraites, a indiqué la police, qui a compté des milliers de personnes.")
    (d / "f_good.txt").write_text("Militants attacked a police station in Peshawar on Sunday, killing two officers.")
    db = str(tmp_path / "ew.db")
    result = invoke("run", str(d), "--db", db, "--quiet", "--published", "2015-03-02")
    assert result.exit_code == 1  # something failed: say so in the exit status too
    err = result.stderr
    assert "2 stored" in err and "5 failed" in err
    for name in ("a_empty.txt", "b_binary.txt", "c_latin1.txt", "d_broken.jsonl:2", "e_french.txt"):
        assert name in err, (name, err)
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 2


def test_corrupt_and_missing_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 200)
    result = invoke("events", "--db", str(bad))
    assert result.exit_code == 1
    assert "error[EW502]" in result.stderr and str(bad) in result.stderr
    result = invoke("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code != 0 and "none.db" in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_run_leaves_db_consistent_and_rerun_completes(tmp_path, sig):
    src = tmp_path / "many.jsonl"
    base = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()]
    rows = [dict(r, id=f"{r['id']}-{k}", text=f"{r['text']}\n\n(copy {k})") for k in range(3) for r in base]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    # The copies are near-duplicates, which `run` would link instead of coding; this test wants
    # 99 articles coded (test_cluster_cli covers a killed run with the gate on).
    config = tmp_path / "no-gate.toml"
    config.write_text("[cluster]\nnear_duplicates = false\n")
    db = tmp_path / "ew.db"
    log = tmp_path / "run.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "eventwire.cli", "--config", str(config), "run", str(src),
             "--db", str(db), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=err,
            # A shell's background job ignores SIGINT and its children inherit that, so Python
            # would never turn Ctrl-C into KeyboardInterrupt: give the child the default
            # disposition, as a terminal's foreground command has.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.time() + 240
        while time.time() < deadline and count_rows(db) < 5 and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, log.read_text()
        proc.send_signal(sig)
        proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert "interrupted: rerun to complete" in log.read_text()
    partial = count_rows(db)
    assert 0 < partial < len(rows)
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()
    rerun = invoke("--config", str(config), "run", str(src), "--db", str(db), "--quiet")
    assert rerun.exit_code == 0, rerun.stderr
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("select id from articles")]
    con.close()
    assert len(ids) == len(set(ids)) == len(rows)
