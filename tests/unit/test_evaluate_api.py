"""evaluate(): data folder lookup, the extract code path, errors file; floors; real gold loaders."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate import DATASETS, evaluate, floor_failures, load_floors, tolerance_for
from eventwire.evaluate.metrics import Report
from eventwire.model import Event, Span


class _FakePipeline:
    """Gives every article one ASSAULT event on its first word: enough to drive the scorers."""

    version = "fake"

    def pipe_documents(self, docs):
        import dataclasses

        out = []
        for d in docs:
            end = d.article.text.find(" ")
            out.append(dataclasses.replace(d, events=(Event("e1", "ASSAULT", Span(0, end), 0),)))
        return out


def test_evaluate_runs_records_and_writes_errors(tmp_path):
    folder = tmp_path / "plover-gsr-cameo"
    folder.mkdir()
    rows = [
        {
            "id": "a",
            "date": "2000-01-01",
            "text": "Troops attacked the town.",
            "events": [{"type": "ASSAULT", "source": [], "target": []}],
        },
        {
            "id": "b",
            "date": "2000-01-01",
            "text": "Leaders met today.",
            "events": [{"type": "CONSULT", "source": [], "target": []}],
        },
        {"id": "c", "date": "2000-01-01", "text": "Not read: past the limit.", "events": []},
    ]
    (folder / "plover_gsr_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    errors = tmp_path / "errors.jsonl"
    r = evaluate(
        "plover-gsr-cameo", tmp_path, limit=2, errors_path=errors, pipeline=_FakePipeline()
    )
    assert r.items == 2 and r.failures == 0
    assert r.metrics["detect_f1"] == 1.0 and r.metrics["type_acc"] == pytest.approx(0.5)
    lines = [json.loads(x) for x in errors.read_text().splitlines()]
    assert r.errors_written == len(lines) == 1
    assert lines[0]["kind"] == "wrong_type" and lines[0]["text"] == "Leaders met today."
    # The dataset folder itself is accepted as --data too.
    assert evaluate("plover-gsr-cameo", folder, limit=1, pipeline=_FakePipeline()).items == 1


def test_evaluate_unknown_dataset_and_missing_data(tmp_path):
    with pytest.raises(KeyError):
        evaluate("nope", tmp_path)
    with pytest.raises(FileNotFoundError):
        evaluate("lgl", tmp_path, pipeline=_FakePipeline())


def test_floor_failures():
    report = Report("x", 10, {"f1": 0.50, "acc": 0.70})
    floor = {"tolerance": 0.05, "metrics": {"f1": 0.54, "acc": 0.80, "gone": 0.1}}
    msgs = floor_failures(report, floor)
    assert len(msgs) == 2
    assert any("acc" in m for m in msgs) and any("gone" in m for m in msgs)
    assert not any(m.startswith("x: f1") for m in msgs)  # 0.50 >= 0.54 - 0.05


def test_per_metric_tolerance_overrides_the_default():
    report = Report("x", 10, {"attrib_recall": 0.40, "f1": 0.50})
    floor = {
        "tolerance": 0.02,
        "tolerances": {"attrib_recall": 0.2},
        "metrics": {"attrib_recall": 0.55, "f1": 0.53},
    }
    msgs = floor_failures(report, floor)
    assert msgs == ["x: f1 = 0.500 < floor 0.530 - 0.020"]


def test_tolerance_shrinks_with_sample_size():
    assert tolerance_for(100) == 0.05
    assert tolerance_for(10_000) == 0.02
    assert tolerance_for(25) > tolerance_for(400)


def test_packaged_floors_cover_every_dataset():
    floors = load_floors()["datasets"]
    assert set(floors) == set(DATASETS)
    for name, entry in floors.items():
        assert entry["limit"] == DATASETS[name].ci_limit
        assert entry["metrics"] and 0 < entry["tolerance"] < 0.2


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_real_gold_loads(shared_data, name):
    scorer = DATASETS[name]
    gold = scorer.load(shared_data / scorer.folder, 5)
    arts = scorer.articles(gold)
    assert arts and all(a.text and a.id for a in arts)
    # No pipeline output at all: every scorer still answers with numbers, none NaN.
    report = scorer.score(
        gold, {}, None, **({"resolver": None} if name in ("geowebnews", "lgl") else {})
    )
    assert all(v == v for v in report.metrics.values())
    if name == "clusters":
        # its limit counts hand-labelled happenings, each reported by several articles (and it
        # keeps every labelled near-duplicate pair); its items are the happenings' mentions
        mentions = [m for g in gold for m in g.get("mentions", [])]
        assert len({m["happening"] for m in mentions}) == 5
        assert report.items == len(mentions)
    else:
        assert len(arts) <= 5
        assert report.items == len(gold)
