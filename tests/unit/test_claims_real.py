"""Claims on real news text (india-police-events): invariants, and how many quotes get a speaker.

Measured 2026-11-24 on the first 150 articles: 353 quoted spans of 3+ words, 242 quote claims
with a speaker (0.69); 25 of 25 randomly drawn claims had a plausible speaker and content (by eye).
"""

from __future__ import annotations

import json

import pytest

from eventwire.model import CLAIM_KINDS, Article, Document
from eventwire.stages.claims import ClaimsStage, find_quotes


@pytest.mark.integration
def test_claims_on_real_articles(shared_data, nlp_stage):
    path = shared_data / "india-police-events" / "india_police_events.jsonl"
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(150), fh)]
    stage = ClaimsStage()
    quotes = attributed = 0
    kinds: dict[str, int] = {}
    for row in rows:
        doc = stage(nlp_stage(Document(article=Article(text=row["text"]))))
        quotes += len(find_quotes(doc.text))
        ids = [c.id for c in doc.claims]
        assert len(ids) == len(set(ids))
        for claim in doc.claims:
            assert claim.kind in CLAIM_KINDS
            assert 0 <= claim.content.start < claim.content.end <= len(doc.text)
            assert doc.span_text(claim.content).strip()
            if claim.speaker is not None:
                assert doc.span_text(claim.speaker.span) == claim.speaker.text
            if claim.cited_span is not None:
                assert doc.span_text(claim.cited_span) == claim.cited_source
            kinds[claim.kind] = kinds.get(claim.kind, 0) + 1
            if claim.provenance.rule.startswith("quote") and claim.speaker is not None:
                attributed += 1
    assert attributed / quotes >= 0.6, f"{attributed}/{quotes} quotes attributed"
    # every kind but the rare "finding" shows up in a month of riot coverage
    assert {"statement", "accusation", "denial", "threat"} <= set(kinds), kinds
    assert kinds["statement"] > kinds["accusation"] > 0
