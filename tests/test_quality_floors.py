"""Quality floors: each scorer on its fixed CI sample must not drop below the pinned scores.

The floors live in ``src/eventwire/data/quality_floors.json`` (metric values and a tolerance per
gold set). After a deliberate change in quality, re-pin them with
``.venv/bin/python -c "from eventwire.evaluate import pin_floors; pin_floors()"`` and say why in
the commit.
"""

from __future__ import annotations

import pytest

from eventwire.evaluate import DATASETS, evaluate, floor_failures, load_floors

pytestmark = [pytest.mark.integration, pytest.mark.shared_data]


@pytest.fixture(scope="module")
def pipeline(shared_data):
    from eventwire.config import cache_dir
    from eventwire.learn.train import train
    from eventwire.registry import load_pipeline
    from eventwire.stages.events import MODEL_FILE

    # The floors are pinned with the event model that `eventwire train` builds from the gold in
    # ../shared/data (its weights are not shipped: see README "Event model"); build it once
    # into the cache, as `eventwire gazetteer build` does for the gazetteer (about 2 min on 2 cores).
    if not (cache_dir() / MODEL_FILE).is_file():
        train(shared_data, cache_dir() / MODEL_FILE, 5)
    pipe = load_pipeline()
    pipe.open()
    yield pipe
    pipe.close()


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_scores_hold_their_floor(name, shared_data, pipeline):
    floor = load_floors()["datasets"].get(name)
    assert floor is not None, f"no floor pinned for {name}: run pin_floors()"
    report = evaluate(name, shared_data, floor["limit"], pipeline=pipeline)
    assert report.items == floor["items"], "the CI sample changed size: re-pin the floors"
    assert report.failures == 0, report.notes
    failures = floor_failures(report, floor)
    assert not failures, "\n".join(failures) + "\n" + report.format()
