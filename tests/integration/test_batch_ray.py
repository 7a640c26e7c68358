"""The Ray engine on a local Ray instance (2 CPUs): actors load the real pipeline once each, the
driver stores every article once, a rerun skips them all, and an actor killed mid-run is redone."""

from __future__ import annotations

import functools
import json
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

    rows = [json.loads(x) for x in (SAMPLES / "wikinews.jsonl").read_text().splitlines()][:8]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    settings = Settings()
    version = load_pipeline(settings).version
    db = tmp_path / "ew.db"
    make = functools.partial(open_pipeline, settings)

    def batch():
        with open_store(db) as store, RayEngine(make, workers=2) as engine:
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
