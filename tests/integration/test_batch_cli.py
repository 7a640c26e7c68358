"""`eventwire batch` end to end with the real pipeline: a worker and then the driver are killed with
SIGKILL mid-run; the same command, run again, completes the store with every article exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlite_rows import count_rows

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc and SIGKILL"),
]

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _workers(pid: int) -> list[int]:
    """The driver's pool workers (spawned children), not its resource tracker."""
    found = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"spawn_main" in cmd and b"resource_tracker" not in cmd:
            found.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(cond, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        assert proc.poll() is None, f"batch ended early: {log.read_text()}"
        time.sleep(0.1)
    raise AssertionError(f"timed out; log: {log.read_text()}")


def test_batch_survives_sigkill_of_a_worker_and_of_the_driver(tmp_path):
    base = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()]
    rows = [dict(r, id=f"{r['id']}-{k}", text=f"{r['text']}\n\n(copy {k})")
            for k in range(2) for r in base][:40]
    shards = tmp_path / "shards"
    shards.mkdir()
    for s in range(3):  # three JSONL shards of a directory input
        (shards / f"part-{s}.jsonl").write_text(
            "\n".join(json.dumps(r) for r in rows[s::3]) + "\n")
    db = tmp_path / "ew.db"
    log = tmp_path / "batch.log"
    # The copies differ by one line: without this the near-duplicate gate would link them
    # instead of coding them, and this test is about resuming, not about copies.
    config = tmp_path / "eventwire.toml"
    config.write_text("[cluster]\nnear_duplicates = false\n")
    cmd = [sys.executable, "-m", "eventwire.cli", "--config", str(config), "batch", str(shards),
           "--db", str(db),
           "--workers", "2", "--batch-size", "4", "--quiet"]
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _wait_for(lambda: count_rows(db) >= 4 and len(_workers(proc.pid)) == 2, 240, proc, log)
            victim = _workers(proc.pid)[0]
            os.kill(victim, signal.SIGKILL)
            after_worker = count_rows(db)
            # The pool is replaced and storing goes on.
            _wait_for(lambda: count_rows(db) >= after_worker + 8, 240, proc, log)
            assert "a worker process died" in log.read_text()
            workers = _workers(proc.pid)
            assert victim not in workers
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    # Orphaned workers notice that their driver is gone and exit.
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)
    partial = count_rows(db)
    assert 0 < partial < len(rows)
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed after unfinished run" in rerun.stderr
    assert f"{len(rows)} read, {len(rows) - partial} stored, 0 re-coded, {partial} skipped" \
        in rerun.stderr
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("select id from articles")]
    events = con.execute("select count(*) from events").fetchone()[0]
    con.close()
    assert sorted(ids) == sorted(r["id"] for r in rows)  # each article once, none lost
    assert events > 0


def test_batch_reads_parquet_shards_reports_failures_and_goes_on(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from eventwire.cli import cli

    rows = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()][:3]
    pq.write_table(pa.Table.from_pylist([{"id": r["id"], "text": r["text"],
                                          "published": r.get("published")} for r in rows]),
                   tmp_path / "part-0.parquet")
    (tmp_path / "part-1.jsonl").write_text('{"id": "broken", "text": \n')
    db = tmp_path / "ew.db"
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["batch", str(tmp_path / "part-*"), "--db", str(db), "--workers", "1", "--quiet"],
        catch_exceptions=False)
    assert result.exit_code == 1, result.stderr  # one failure: reported, the rest stored
    assert "4 read, 3 stored, 0 re-coded, 0 skipped as already stored, 0 duplicate(s) in this " \
           "run, 1 failed" in result.stderr
    assert f"failed: {tmp_path / 'part-1.jsonl'}:1: [EW404] line is not valid JSON" in result.stderr
    con = sqlite3.connect(db)
    assert sorted(r[0] for r in con.execute("select id from articles")) == sorted(r["id"] for r in rows)
    assert con.execute("select count(*) from failures").fetchone()[0] == 1
    con.close()


def test_sigterm_stops_batch_cleanly_and_the_rerun_completes(tmp_path):
    rows = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()][:12]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    db = tmp_path / "ew.db"
    log = tmp_path / "batch.log"
    cmd = [sys.executable, "-m", "eventwire.cli", "batch", str(src), "--db", str(db),
           "--workers", "1", "--batch-size", "2", "--quiet"]
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _wait_for(lambda: count_rows(db) >= 2, 240, proc, log)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 130
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert "(interrupted: rerun the same command to continue)" in log.read_text()
    partial = count_rows(db)
    assert 0 < partial < len(rows)
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed after unfinished run" in rerun.stderr
    assert f"{partial} skipped as already stored" in rerun.stderr
    assert count_rows(db) == len(rows)
