"""Regression (issue 4): the events and claims of ../shared/examples/seed-article.expected.json.

The analyst's events are matched to ours by type and evidence (our trigger inside the analyst's
evidence text), the claims by kind and evidence (our content overlapping it), the claims' events
through those event matches. What we add is judged like the analyst's note on background events
(and like ``eventwire eval``, which does not score unasserted predictions): an extra event is
wrong when it is asserted, that is not marked historical, hypothetical, negated or denied; a
second asserted event on an expected event's evidence is wrong too. At most two may be wrong.

Each matched event's expected source and target countries must be among its actors' and
recipients' codes; each claim's speaker must be named (by our speaker's actor name, alias or own
words) inside the analyst's speaker, and its cited source must hold the analyst's. Claims about
other claims (the coalition's denial of C1 and C2) have no field in our model: such a claim must
concern every event those claims concern. The article is read from ../shared; without it the tests skip.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.ingest import read_inputs
from eventwire.registry import load_pipeline

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO.parent / "shared" / "examples"
ARTICLE = EXAMPLES / "seed-article.txt"
EXPECTED = EXAMPLES / "seed-article.expected.json"
#: Statuses that say an event did not (or not now) happen as reported: the analyst accepts these.
MARKED = {"historical", "hypothetical", "negated", "denied"}
MAX_WRONG_EXTRAS = 2


def _expected() -> dict[str, Any]:
    if not (ARTICLE.is_file() and EXPECTED.is_file()):
        return {"events": [], "claims": []}
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any]]:
    if not (ARTICLE.is_file() and EXPECTED.is_file()):
        pytest.skip(f"seed article or its expected extraction not found under {EXAMPLES}")
    published = dt.date.fromisoformat(_expected()["published"])
    (article,) = list(read_inputs([str(ARTICLE)], published=published))
    pipeline = load_pipeline()
    pipeline.open()
    try:
        from eventwire.record import to_record

        return article.text, to_record(pipeline.run(article))
    finally:
        pipeline.close()


def _bounds(text: str, evidence: str) -> tuple[int, int]:
    start = text.find(evidence)
    assert start >= 0, f"evidence {evidence!r} is not in the article"
    return start, start + len(evidence)


def _on(event: dict[str, Any], bounds: tuple[int, int]) -> bool:
    return bounds[0] <= event["trigger"]["start"] and event["trigger"]["end"] <= bounds[1]


def _matches(text: str, record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Expected event id -> our event of that type on its evidence (the first one)."""
    out = {}
    for exp in _expected()["events"]:
        bounds = _bounds(text, exp["evidence"])
        ours = [e for e in record["events"] if e["event_type"] == exp["type"] and _on(e, bounds)]
        if ours:
            out[exp["id"]] = ours[0]
    return out


def _describe(events: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{e['event_type']} {e['trigger']['text']!r} {e['status']}" for e in events
    ) or "none"


@pytest.mark.parametrize("expected", _expected()["events"], ids=lambda e: e["id"])
def test_seed_event_found(seed, expected):
    text, record = seed
    bounds = _bounds(text, expected["evidence"])
    if expected["id"] not in _matches(text, record):
        on_evidence = [e for e in record["events"] if _on(e, bounds)]
        pytest.fail(
            f"{expected['id']}: no {expected['type']} event on {expected['evidence']!r}; "
            f"ours there: {_describe(on_evidence)}"
        )


@pytest.mark.parametrize("expected", _expected()["events"], ids=lambda e: e["id"])
def test_seed_event_countries(seed, expected):
    """The countries of the expected source and targets are among our actors and recipients."""
    text, record = seed
    ours = _matches(text, record).get(expected["id"])
    assert ours is not None, f"{expected['id']} not found"
    actors = {a["code"] for a in ours["actor"]}
    recipients = {r["code"] for r in ours["recipient"]}
    want = (expected.get("source") or {}).get("country")
    assert want is None or want in actors, f"{expected['id']}: source {want}, ours {actors}"
    for target in expected.get("target") or []:
        want = target.get("country")
        assert want is None or want in recipients, (
            f"{expected['id']}: target {want}, ours {recipients}"
        )


def _actor_named(text: str, record: dict[str, Any], name: str) -> str | None:
    """The id of the actor with the tightest mention holding the name's first occurrence."""
    lo, hi = _bounds(text, name)
    found = [
        (m["end"] - m["start"], a["id"])
        for a in record["entities"]
        for m in a["mentions"]
        if m["start"] <= lo and hi <= m["end"]
    ]
    return min(found)[1] if found else None


def _same_actor_groups() -> list[Any]:
    groups = (_expected().get("entities") or {}).get("same_actor") or []
    return [
        pytest.param(g, marks=pytest.mark.xfail(strict=True, reason="no alias in the text"))
        if "CJTF-OIR" in g  # the article never says the coalition is CJTF-OIR
        else g
        for g in groups
    ]


@pytest.mark.parametrize("names", _same_actor_groups(), ids=lambda g: g[0])
def test_seed_same_actor(seed, names):
    text, record = seed
    ids = {n: _actor_named(text, record, n) for n in names}
    assert None not in ids.values() and len(set(ids.values())) == 1, ids


def test_seed_wrong_extra_events(seed):
    text, record = seed
    matched = {e["id"] for e in _matches(text, record).values()}
    wrong = [
        e for e in record["events"] if e["id"] not in matched and not MARKED & set(e["status"])
    ]
    assert len(wrong) <= MAX_WRONG_EXTRAS, f"{len(wrong)} wrong extra events: {_describe(wrong)}"


def _speaker_names(record: dict[str, Any], claim: dict[str, Any]) -> set[str]:
    """Our speaker's names: its actor's name and aliases, and its own words unless a pronoun."""
    speaker = claim["speaker"] or {}
    names = set()
    text = speaker.get("entity_text") or ""
    for article in ("a ", "an ", "the "):
        text = text[len(article) :] if text.lower().startswith(article) else text
    names.add(text)
    for actor in record["entities"]:
        if actor["id"] == speaker.get("id"):
            names |= {actor["name"], *(actor.get("aliases") or [])}
    return {n for n in names if len(n) > 3}  # "he", "it", "US" name no one here


def _claims_on(text: str, record: dict[str, Any], expected: dict[str, Any]) -> list[dict]:
    """Our claims whose content overlaps the expected claim's evidence."""
    lo, hi = _bounds(text, expected["evidence"])
    return [c for c in record["claims"] if c["content"]["start"] < hi and lo < c["content"]["end"]]


@pytest.mark.parametrize("expected", _expected()["claims"], ids=lambda c: c["id"])
def test_seed_claim_found(seed, expected):
    text, record = seed
    ours = _claims_on(text, record, expected)
    assert ours, f"{expected['id']}: no claim of ours on {expected['evidence']!r}"
    kinds = [c for c in ours if c["kind"] == expected["kind"]]
    assert kinds, (
        f"{expected['id']}: expected a {expected['kind']}, ours: "
        + ", ".join(f"{c['kind']} {c['content']['text'][:50]!r}" for c in ours)
    )
    claim = kinds[0]
    names = _speaker_names(record, claim)
    assert any(n.lower() in expected["speaker"].lower() for n in names), (
        f"{expected['id']}: speaker {expected['speaker']!r}, ours {sorted(names)}"
    )
    if "cited_by" in expected:
        assert expected["cited_by"].lower() in (claim["cited_source"] or "").lower(), (
            f"{expected['id']}: cited source {claim['cited_source']!r}, "
            f"expected {expected['cited_by']!r}"
        )
    # a claim about claims (a denial of them) concerns the events those claims concern
    by_id = {c["id"]: c for c in _expected()["claims"]}
    for about in (a for a in expected.get("about", ()) if a.startswith("C")):
        theirs = {e for c in _claims_on(text, record, by_id[about]) for e in c["events"]}
        assert theirs <= set(claim["events"]), (
            f"{expected['id']} concerns {about}, whose events {sorted(theirs)} it lacks"
        )
    matches = _matches(text, record)
    for about in (a for a in expected.get("about", ()) if a.startswith("E")):
        assert about in matches, f"{expected['id']} concerns {about}, which we do not find"
        event = matches[about]
        assert event["id"] in claim["events"], (
            f"{expected['id']} should concern {about} ({event['trigger']['text']!r}); "
            f"it concerns {_describe([e for e in record['events'] if e['id'] in claim['events']])}"
        )


# --- the general event rules behind the seed's fixes, on other sentences -------------------


@pytest.fixture(scope="module")
def types_of(parse):
    from eventwire.config import EventsOptions
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.events import EventsStage

    actors, events = ActorsStage(), EventsStage(EventsOptions(model="none"))
    actors.open()
    events.open()

    def _types(text: str) -> list[str]:
        return [e.type for e in events(actors(parse(text))).events]

    return _types


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a vow to do something unforceful is a promise; a vow of force is a threat
        ("The rebels vowed to defend the city against any attack.", None, "THREATEN"),
        ("The minister vowed to rebuild the destroyed schools.", None, "THREATEN"),
        ("The militants vowed to attack the capital.", "THREATEN", None),
        # rejecting one's own side's position is a change of course, not a rejection of anyone
        ("The president rejected his government's earlier position on the talks.", None, "REJECT"),
        ("The president rejected the opposition's position on the talks.", "REJECT", None),
        # withdrawing flights or permits reduces relations (CAMEO 16, as ConfliBERT's gold codes
        # "Turkey has suspended food supplies and flights to Armenia"); revoking accreditation
        # coerces
        ("Turkey has suspended food supplies and flights to Armenia.", "SANCTION", "COERCE"),
        ("The ministry cancelled the landing permits of foreign airlines.", "SANCTION", "COERCE"),
        ("The authorities revoked the accreditation of two reporters.", "COERCE", None),
    ],
)
def test_event_rules_behind_the_seed(types_of, text, present, absent):
    types = types_of(text)
    if present:
        assert present in types, f"{text!r}: {types}"
    if absent:
        assert absent not in types, f"{text!r}: {types}"
