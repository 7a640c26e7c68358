"""The normaliser on TempEval-3 TBAQ gold (TimeML, DCT given): pinned floors for extent and value.

Measured (regex only, no parse): strict F1 84.4, relaxed F1 92.6, type accuracy 95.1 %,
value accuracy 84.8 %, value F1 78.5 (HeidelTime + TreeTagger here: 83.9 / 92.0 / - / 84.1 % /
77.3). These rules were tuned while looking at this set, so the numbers flatter. Floors sit a little
below, so a silent drop fails.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.stages.timex import find_timexes

pytestmark = pytest.mark.shared_data


def score(docs: list[dict]) -> dict[str, float]:
    """TempEval-3 Task A: strict/relaxed extent P/R/F1, and type/value accuracy over relaxed matches."""
    n_pred = n_gold = strict = relaxed = value_ok = type_ok = 0
    for doc in docs:
        anchor = dt.date.fromisoformat(doc["dct"][:10])
        pred = find_timexes(doc["text"], anchor)
        gold = doc["timexes"]
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
        used: set[int] = set()
        for g in gold:
            exact = [i for i, p in enumerate(pred) if (p.start, p.end) == (g["start"], g["end"])]
            strict += bool(exact)
            overlap = exact or [
                i
                for i, p in enumerate(pred)
                if p.start < g["end"] and g["start"] < p.end and i not in used
            ]
            if overlap:
                p = pred[overlap[0]]
                used.add(overlap[0])
                relaxed += 1
                value_ok += p.value == g["value"]
                type_ok += p.type == g["type"]

    def f1(tp: int) -> float:
        return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0

    out = {
        "strict_f1": f1(strict),
        "relaxed_f1": f1(relaxed),
        "value_acc": value_ok / relaxed if relaxed else 0.0,
        "type_acc": type_ok / relaxed if relaxed else 0.0,
    }
    out["value_f1"] = out["relaxed_f1"] * out["value_acc"]
    return out


@pytest.fixture(scope="module")
def tbaq(shared_data: Path) -> list[dict]:
    path = shared_data / "tempeval3-train" / "tbaq_train.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_tbaq_scores_hold_their_floors(tbaq):
    s = score(tbaq)
    assert s["strict_f1"] >= 0.82, s
    assert s["relaxed_f1"] >= 0.90, s
    assert s["type_acc"] >= 0.93, s
    assert s["value_acc"] >= 0.83, s
    assert s["value_f1"] >= 0.76, s


def test_aquaint_part_alone(tbaq):
    # the AQUAINT half was not where the rules were written against first; it must not lag far behind
    s = score([d for d in tbaq if d["corpus"] == "AQUAINT"])
    assert s["relaxed_f1"] >= 0.88, s
    assert s["value_f1"] >= 0.72, s
