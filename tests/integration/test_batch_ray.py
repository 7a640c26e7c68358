"""The Ray engine on a local Ray instance (2 CPUs): actors load the real pipeline once each, the
driver stores every article once, a rerun skips them all, and an actor killed mid-run is redone."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from eventwire.batch_inputs import read_batch_inputs
from eventwire.batch_runner import open_pipeline, run_batch
from eventwire.config import Settings
from eventwire.registry import load_pipeline
from eventwire.store import open_store

pytestmark = pytest.mark.integration
ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'eventwire[ray]'")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def ray_local():
    # Local mode as the docs describe it: a private instance on this machine, no dashboard.
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield
    ray.shutdown()


def test_ray_engine_codes_and_stores_each_article_once(tmp_path, ray_local):
    from eventwire.batch_ray import RayEngine

    rows = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()][:6]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    settings = Settings()
    version = load_pipeline(settings).version
    db = tmp_path / "ew.db"
    make = functools.partial(open_pipeline, settings)

    with RayEngine(make, workers=2) as engine:  # two actors, each loading the pipeline once
        def batch():
            with open_store(db) as store:
                return run_batch(read_batch_inputs([str(src)]), store, engine, version=version,
                                 batch_size=2, inputs=[str(src)])

        first = batch()
        assert (first.engine, first.workers) == ("ray", 2)
        assert first.counts["stored"] == len(rows) and first.counts["failed"] == 0
        with open_store(db) as store:
            ids = sorted(a.id for a in store.articles())
            assert ids == sorted(r["id"] for r in rows)
            assert store.counts()["events"] > 0
        second = batch()
    assert second.counts["unchanged"] == len(rows) and second.counts["stored"] == 0

def test_a_ray_actor_whose_pipeline_cannot_load_stops_the_run(tmp_path, ray_local):
    from eventwire.batch_ray import RayEngine
    from eventwire.errors import PipelineError
    from eventwire.model import Article

    settings = Settings(stages=("nlp", "no-such-stage"))
    make = functools.partial(open_pipeline, settings)
    with open_store(tmp_path / "ew.db") as store, RayEngine(make, workers=1) as engine:
        with pytest.raises(PipelineError, match="no-such-stage"):
            run_batch([Article(text="Police arrested two men.", id="a")], store, engine,
                      version="v", inputs=["x"])


class KillOncePipeline:
    """A stand-in pipeline (no model): its process dies at KILL-ALWAYS, and once at KILL-ONCE."""

    version = "fake-ray-1"

    def __init__(self, marker: str) -> None:
        self.marker = Path(marker)

    def pipe_documents(self, docs):
        if any("KILL-ALWAYS" in d.article.text for d in docs):
            os.kill(os.getpid(), signal.SIGKILL)
        if any("KILL-ONCE" in d.article.text for d in docs) and not self.marker.exists():
            self.marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return [dataclasses.replace(d) for d in docs]

    def run(self, doc):
        return self.pipe_documents([doc])[0]


def kill_once_pipeline(marker: str) -> KillOncePipeline:
    return KillOncePipeline(marker)


def test_a_ray_actor_killed_mid_chunk_is_restarted_and_nothing_is_lost(tmp_path, ray_local):
    from eventwire.batch_ray import RayEngine
    from eventwire.model import Article

    # Ray's workers cannot import this test module: send its functions by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "killed"
    items = [Article(text=f"Story {i}." + (" KILL-ONCE" if i == 5 else ""), id=f"s{i}")
             for i in range(12)]
    make = functools.partial(kill_once_pipeline, str(marker))
    with open_store(tmp_path / "ew.db") as store, RayEngine(make, workers=2) as engine:
        summary = run_batch(items, store, engine, version=KillOncePipeline.version, batch_size=3,
                            inputs=["x"])
        ids = sorted(a.id for a in store.articles())
    assert marker.exists()  # the actor's process really died
    assert summary.counts["failed"] == 0
    assert ids == sorted(f"s{i}" for i in range(12))


def test_an_article_that_keeps_killing_ray_actors_is_a_failure_and_the_rest_is_stored(
        tmp_path, ray_local):
    from eventwire.batch_ray import RayEngine
    from eventwire.model import Article

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    items = [Article(text=f"Story {i}." + (" KILL-ALWAYS" if i == 1 else ""), id=f"s{i}",
                     origin=f"in:{i}") for i in range(4)]
    make = functools.partial(kill_once_pipeline, str(tmp_path / "unused"))
    with open_store(tmp_path / "ew.db") as store, RayEngine(make, workers=1) as engine:
        summary = run_batch(items, store, engine, version=KillOncePipeline.version, batch_size=2,
                            inputs=["x"])
        ids = sorted(a.id for a in store.articles())
    assert ids == ["s0", "s2", "s3"]
    (failure,) = summary.failures
    assert failure.origin == "in:1" and "a Ray worker failed 6 times" in failure.reason
