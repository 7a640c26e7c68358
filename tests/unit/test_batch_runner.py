"""The batch driver and the local engine with a fake pipeline: one writer, skips what is stored,
records failures and goes on, survives workers that die, and resumes after an interruption."""

from __future__ import annotations

import dataclasses
import functools
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.batch import Failure
from eventwire.batch_runner import Item, LocalEngine, code_chunk, run_batch
from eventwire.errors import MalformedInputError, PipelineError, StageError
from eventwire.model import Article, Document
from eventwire.store import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


class FakePipeline:
    """Codes nothing, but fails on cue: RAISE raises a StageError, KILL-* kills its process."""

    version = "fake-1"

    def __init__(self, marker: Path | None = None) -> None:
        self.marker = marker

    def pipe_documents(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            text = doc.article.text
            if "RAISE" in text:
                raise StageError("the fake stage refuses this article")
            if "KILL-ALWAYS" in text:
                os.kill(os.getpid(), signal.SIGKILL)
            if "KILL-ONCE" in text and self.marker is not None and not self.marker.exists():
                self.marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return [dataclasses.replace(d) for d in docs]

    def run(self, doc: Document | Article) -> Document:
        return self.pipe_documents([doc if isinstance(doc, Document) else Document(article=doc)])[0]


def make_fake(loads: Path, marker: Path | None = None) -> FakePipeline:
    """A worker's pipeline factory: notes each load (one line per call) in ``loads``."""
    with loads.open("a") as fh:
        fh.write(f"{os.getpid()}\n")
    return FakePipeline(marker)


def broken_factory() -> FakePipeline:
    raise PipelineError("no model here", hint="install it")


def articles(n: int, extra: dict[int, str] | None = None) -> list[Article]:
    extra = extra or {}
    return [Article(text=f"Article number {i}. {extra.get(i, '')}", id=f"a{i:03d}",
                    origin=f"in.jsonl:{i + 1}") for i in range(n)]


def stored_ids(db: Path) -> list[str]:
    with open_store(db) as store:
        return [a.id for a in store.articles()]


@pytest.fixture
def loads(tmp_path: Path) -> Path:
    return tmp_path / "loads.txt"


def run(db: Path, items, engine, batch_size: int = 4):
    with open_store(db) as store, engine:
        return run_batch(items, store, engine, version=FakePipeline.version,
                         batch_size=batch_size, inputs=["in.jsonl"])


def test_code_chunk_keeps_order_and_turns_errors_into_failures():
    items = [Item(a, f"h{i}") for i, a in enumerate(articles(3, {1: "RAISE"}))]
    out = code_chunk(FakePipeline(), items)  # type: ignore[arg-type]
    assert [h for h, _ in out] == ["h0", "h1", "h2"]
    assert isinstance(out[1][1], Failure) and out[1][1].code == "EW600"
    assert out[0][1].record["article"]["id"] == "a000"  # type: ignore[union-attr]
    assert out[2][1].text.startswith("Article number 2")  # type: ignore[union-attr]


def test_local_workers_store_everything_once_and_rerun_skips_it(tmp_path, loads):
    db = tmp_path / "ew.db"
    items = [*articles(20, {7: "RAISE"}),
             MalformedInputError("line is not valid JSON", origin="in.jsonl:21"),
             Article(text="Article number 3. ", id="copy-of-3", origin="in.jsonl:22")]
    engine = LocalEngine(functools.partial(make_fake, loads), workers=2)
    summary = run(db, items, engine)
    c = summary.counts
    assert (c["read"], c["stored"], c["recoded"], c["failed"]) == (22, 19, 0, 2)
    # The copy of a003 is skipped: as a duplicate while a003 is in flight, else as stored.
    assert c["duplicate"] + c["unchanged"] == 1
    ids = stored_ids(db)
    assert len(ids) == len(set(ids))
    assert set(ids) >= {f"a{i:03d}" for i in range(20) if i != 7}
    assert "a007" not in ids
    assert {f.origin for f in summary.failures} == {"in.jsonl:8", "in.jsonl:21"}
    # Workers load the pipeline once each, not once per chunk (6 chunks here).
    assert len(loads.read_text().split()) == 2
    with open_store(db) as store:
        assert {f.origin for f in store.failures(summary.run_id)} == {"in.jsonl:8", "in.jsonl:21"}
        assert store.runs()[-1].finished_at is not None
    # A rerun codes nothing that is stored; only the failures are tried again.
    again = run(db, items, LocalEngine(functools.partial(make_fake, loads), workers=2))
    assert again.counts["stored"] == 0
    assert again.counts["unchanged"] == 20
    assert again.counts["failed"] == 2
    assert stored_ids(db) == ids


def test_duplicate_content_in_one_run_is_coded_once(tmp_path, loads):
    db = tmp_path / "ew.db"
    same = [Article(text="The very same story.", id=f"copy{i}") for i in range(3)]
    summary = run(db, same, LocalEngine(functools.partial(make_fake, loads), workers=1),
                  batch_size=8)
    assert summary.counts["stored"] == 1
    assert summary.counts["duplicate"] == 2
    assert stored_ids(db) == ["copy0"]


def test_a_killed_worker_is_replaced_and_nothing_is_lost(tmp_path, loads):
    db = tmp_path / "ew.db"
    marker = tmp_path / "killed-once"
    events: list[str] = []
    engine = LocalEngine(functools.partial(make_fake, loads, marker), workers=2,
                         on_event=events.append)
    summary = run(db, articles(24, {9: "KILL-ONCE"}), engine)
    assert marker.exists()  # the worker really died
    assert summary.restarts == 1 and any("died" in e for e in events)
    assert summary.counts["failed"] == 0
    ids = stored_ids(db)
    assert sorted(ids) == [f"a{i:03d}" for i in range(24)]


def test_an_article_that_always_kills_its_worker_is_a_failure_and_the_rest_is_stored(tmp_path, loads):
    db = tmp_path / "ew.db"
    engine = LocalEngine(functools.partial(make_fake, loads), workers=2)
    summary = run(db, articles(12, {5: "KILL-ALWAYS"}), engine)
    assert summary.counts["failed"] == 1
    (failure,) = summary.failures
    assert failure.origin == "in.jsonl:6"
    assert "worker process died" in failure.reason
    assert sorted(stored_ids(db)) == [f"a{i:03d}" for i in range(12) if i != 5]


def test_a_worker_that_cannot_load_the_pipeline_stops_the_run(tmp_path):
    with pytest.raises(PipelineError, match="could not load the pipeline.*no model here"):
        run(tmp_path / "ew.db", articles(3), LocalEngine(broken_factory, workers=1))


class InProcessEngine:
    """A fake engine: codes in this process; interrupts (Ctrl-C) after ``stop_after`` chunks."""

    name = "fake"
    workers = 1

    def __init__(self, stop_after: int | None = None) -> None:
        self.stop_after = stop_after
        self.pipeline = FakePipeline()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def map(self, chunks) -> Iterator:
        for n, chunk in enumerate(chunks):
            if self.stop_after is not None and n == self.stop_after:
                raise KeyboardInterrupt
            yield code_chunk(self.pipeline, chunk)  # type: ignore[arg-type]


def test_an_interrupted_run_is_resumed_by_the_same_command(tmp_path):
    db = tmp_path / "ew.db"
    items = articles(10)
    first = run(db, items, InProcessEngine(stop_after=2), batch_size=3)
    assert first.interrupted
    assert first.counts["stored"] == 6
    second = run(db, items, InProcessEngine(), batch_size=3)
    assert not second.interrupted
    assert second.counts["unchanged"] == 6 and second.counts["stored"] == 4
    assert sorted(stored_ids(db)) == [f"a{i:03d}" for i in range(10)]
    assert any("interrupted" in line for line in first.report())


class CountingStore:
    """A store that counts the lookups the driver makes before coding."""

    def __init__(self, store) -> None:
        self.store, self.seen_many_calls, self.seen_calls = store, [], 0

    def seen(self, *args):
        self.seen_calls += 1
        return self.store.seen(*args)

    def seen_many(self, hashes, version):
        hashes = list(hashes)
        self.seen_many_calls.append(len(hashes))
        return self.store.seen_many(hashes, version)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_resume_asks_the_store_once_per_block_not_once_per_article(tmp_path, monkeypatch):
    import eventwire.batch_runner as br

    monkeypatch.setattr(br, "LOOKAHEAD", 8)
    db = tmp_path / "ew.db"
    items = articles(20) + [MalformedInputError("bad row", origin="in.jsonl:21")]
    run(db, items[:13], InProcessEngine(), batch_size=3)
    with open_store(db) as store:
        spy = CountingStore(store)
        with InProcessEngine() as engine:
            second = run_batch(items, spy, engine, version=FakePipeline.version, batch_size=3,
                               inputs=["in.jsonl"])
    assert (second.counts["unchanged"], second.counts["stored"], second.counts["failed"]) == (13, 7, 1)
    # 21 inputs read 8 at a time: 3 queries, the input error not among the hashes asked about.
    assert spy.seen_many_calls == [8, 8, 4] and spy.seen_calls == 0
    assert sorted(stored_ids(db)) == [f"a{i:03d}" for i in range(20)]


def test_content_saved_after_its_block_was_asked_about_is_not_coded_again(tmp_path, monkeypatch):
    import eventwire.batch_runner as br

    monkeypatch.setattr(br, "LOOKAHEAD", 64)
    db = tmp_path / "ew.db"
    # a000's copy comes after a000 was sent and saved, in the same block: the block's answer
    # predates that save, so the driver must remember it.
    items = articles(4) + [Article(text="Article number 0. ", id="copy-of-a000")]
    engine = InProcessEngine()
    sent: list[str] = []
    code = engine.map

    def noting(chunks):
        for chunk in chunks:
            sent.extend(i.article.id for i in chunk)
            yield chunk

    engine.map = lambda chunks: code(noting(chunks))
    summary = run(db, items, engine, batch_size=2)
    assert (summary.counts["stored"], summary.counts["unchanged"], summary.counts["duplicate"]) == (4, 1, 0)
    assert sent == ["a000", "a001", "a002", "a003"]  # the copy was never sent to be coded
    assert sorted(stored_ids(db)) == [f"a{i:03d}" for i in range(4)]


def test_a_run_killed_before_it_finished_is_named_when_resumed(tmp_path):
    db = tmp_path / "ew.db"
    with open_store(db) as store:  # what a driver killed with SIGKILL leaves: a run never finished
        dead = store.start_run(pipeline_version=FakePipeline.version, inputs=["in.jsonl"])
    summary = run(db, articles(2), InProcessEngine())
    assert summary.resumed == dead
    assert summary.report()[0] == f"resumed after unfinished run {dead}"


def test_report_lists_failures_and_counts():
    from eventwire.batch_runner import BatchSummary

    s = BatchSummary(run_id="r1", engine="local", workers=2, seconds=2.0)
    s.counts.update(read=30, stored=20, failed=25)
    s.failures = [Failure(f"f{i}", "EW404", "bad") for i in range(25)]
    lines = s.report()
    assert lines[0].startswith("30 read, 20 stored")
    assert "20 coded in 2.0 s (10.0 articles/s) on 2 local worker(s); run r1" == lines[1]
    assert lines[-1].startswith("  ... and 5 more")


def test_batch_on_postgresql_stores_each_article_once_and_resumes(pg_url, loads):
    items = articles(9, {4: "RAISE"})
    first = run(pg_url, items, InProcessEngine(stop_after=1), batch_size=3)
    assert first.interrupted and first.counts["stored"] == 3
    second = run(pg_url, items, LocalEngine(functools.partial(make_fake, loads), workers=2),
                 batch_size=3)
    assert (second.counts["unchanged"], second.counts["stored"], second.counts["failed"]) == (3, 5, 1)
    assert second.resumed == first.run_id
    with open_store(pg_url) as store:
        ids = sorted(a.id for a in store.articles())
        assert [f.origin for f in store.failures(second.run_id)] == ["in.jsonl:5"]
    assert ids == [f"a{i:03d}" for i in range(9) if i != 4]


def test_only_the_last_run_over_the_same_inputs_counts_as_resumed(tmp_path):
    db = tmp_path / "ew.db"
    first = run(db, articles(4), InProcessEngine(stop_after=1), batch_size=2)
    second = run(db, articles(4), InProcessEngine(), batch_size=2)
    third = run(db, articles(4), InProcessEngine(), batch_size=2)
    assert (second.resumed, third.resumed) == (first.run_id, None)


def test_near_copies_are_linked_by_the_gate_not_coded(tmp_path, loads):
    from eventwire.cluster import NearDuplicateGate

    words = ("Security forces opened fire on protesters outside the parliament building in the "
             "capital on Monday, killing at least four people and wounding dozens more, "
             "according to hospital officials and witnesses who spoke to reporters at the scene. "
             "The interior ministry said officers had been attacked with stones and petrol bombs.")
    original = Article(text=words, id="orig", origin="in.jsonl:1")
    copy = Article(text=words + " Reuters contributed.", id="copy", origin="in.jsonl:2")
    other = Article(text="An unrelated story about a football match.", id="other")
    db = tmp_path / "ew.db"
    with open_store(db) as store, LocalEngine(functools.partial(make_fake, loads), 1) as engine:
        summary = run_batch([original, copy, other], store, engine, version="fake-1",
                            batch_size=8, gate=NearDuplicateGate.open(store))
    assert summary.counts["stored"] == 2 and summary.counts["near_duplicates"] == 1
    assert "1 near-duplicates linked, not coded" in summary.report()[0]
    assert sorted(stored_ids(db)) == ["orig", "other"]
    with open_store(db) as store, LocalEngine(functools.partial(make_fake, loads), 1) as engine:
        again = run_batch([original, copy, other], store, engine, version="fake-1",
                          gate=NearDuplicateGate.open(store))
    assert (again.counts["unchanged"], again.counts["near_duplicates"], again.coded) == (2, 1, 0)


def test_no_worker_starts_when_everything_is_stored(tmp_path, loads):
    db = tmp_path / "ew.db"
    run(db, articles(3), InProcessEngine())
    again = run(db, articles(3), LocalEngine(functools.partial(make_fake, loads), workers=2))
    assert again.counts["unchanged"] == 3
    assert not loads.exists()  # no worker ever loaded a pipeline


def test_engine_ray_without_ray_installed_says_how_to_get_it(monkeypatch, tmp_path):
    import sys

    from click.testing import CliRunner

    from eventwire.cli import cli

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    (tmp_path / "a.txt").write_text("Police arrested two men in Cairo on Friday.")
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["batch", str(tmp_path / "a.txt"), "--engine", "ray", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "error[EW100]: --engine ray needs Ray, which is not installed " \
           "(pip install 'eventwire[ray]', or use --engine local)" in result.stderr


def test_progress_advances_once_per_input_whatever_its_fate(tmp_path):
    db = tmp_path / "ew.db"
    run(db, articles(2), InProcessEngine())
    ticks: list[int] = []
    items = [*articles(5, {3: "RAISE"}), MalformedInputError("bad line", origin="in.jsonl:9"),
             Article(text="Article number 4. ", id="dup-of-4")]
    with open_store(db) as store:
        summary = run_batch(items, store, InProcessEngine(), version=FakePipeline.version,
                            batch_size=2, inputs=["in.jsonl"], on_progress=ticks.append)
    assert sum(ticks) == len(items) == summary.counts["read"]
