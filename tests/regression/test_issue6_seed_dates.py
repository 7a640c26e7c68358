"""Regression (issue 6): every date of ../shared/examples/seed-article.expected.json, "a day after"
and the quote dated by its speaker's day included, is right for its event.

The expected events are matched to ours by evidence (our trigger inside the analyst's evidence
text), so this checks dating, not detection; an expected event we do not detect fails loudly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs
from eventwire.registry import load_pipeline

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO.parent / "shared" / "examples" / "seed-article.expected.json"


@pytest.fixture(scope="module")
def seed_record():
    if not EXPECTED.is_file():
        pytest.skip(f"expected extraction not found at {EXPECTED}")
    (article,) = [a for a in read_inputs([str(REPO / "samples" / "seed-article.jsonl")])]
    pipeline = load_pipeline()
    pipeline.open()
    try:
        from eventwire.record import to_record

        return article.text, to_record(pipeline.run(article))
    finally:
        pipeline.close()


def _expected_events():
    if not EXPECTED.is_file():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["events"]


@pytest.mark.parametrize("expected", _expected_events(), ids=lambda e: e["id"])
def test_seed_event_date(seed_record, expected):
    text, record = seed_record
    start = text.find(expected["evidence"])
    assert start >= 0, f"evidence of {expected['id']} not in the article"
    end = start + len(expected["evidence"])
    ours = [
        e for e in record["events"]
        if start <= e["trigger"]["start"] and e["trigger"]["end"] <= end
    ]
    assert ours, f"no event of ours inside the evidence of {expected['id']}"
    same_type = [e for e in ours if e["event_type"] == expected["type"]] or ours
    values = {e["date"]["value"] for e in same_type}
    assert expected["date"]["value"] in values, (
        f"{expected['id']}: expected {expected['date']['value']}, got "
        + ", ".join(f"{e['event_type']} {e['trigger']['text']!r} {e['date']}" for e in same_type)
    )
