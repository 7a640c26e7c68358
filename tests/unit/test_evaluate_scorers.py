"""Each gold-set scorer on tiny hand-made gold and predicted records with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluate import DATASETS, case2021, conflibert, event_location, geo, india_police
from eventwire.evaluate import petrarch, plover, tempeval
from eventwire.evaluate.base import ErrorSink


def ent(text, code=None, sector=None, start=None, end=None):
    return {"entity_text": text, "code": code, "sector": sector, "start": start, "end": end}


def ev(etype, actor=(), recipient=(), **kw):
    out = {
        "id": kw.pop("id", "a:e1"),
        "event_type": etype,
        "actor": list(actor),
        "recipient": list(recipient),
        "mode": kw.pop("mode", []),
        "confidence": kw.pop("confidence", 0.5),
        "size": kw.pop("size", {"dead": None, "injured": None, "arrested": None}),
        "trigger": kw.pop("trigger", {"text": "x", "start": None, "end": None}),
        "cameo": kw.pop("cameo", None),
        "acled_event_type": kw.pop("acled", None),
        "location": kw.pop("location", None),
    }
    out.update(kw)
    return out


def rec(*events, claims=(), places=(), timexes=()):
    return {
        "events": list(events),
        "claims": list(claims),
        "places": list(places),
        "timexes": list(timexes),
    }


# --- plover -------------------------------------------------------------------------------------


def _plover_gold():
    return [
        {
            "id": "s1",
            "text": "A attacked B.",
            "events": [
                {
                    "type": "ASSAULT",
                    "source": [{"code": "ISR", "sector": "MIL"}],
                    "target": [{"code": "PSE", "sector": "CVL"}],
                    "mode_gsr": "detain",
                    "dead": "3",
                }
            ],
        },
        {
            "id": "s2",
            "text": "X and Y met.",
            "events": [
                {
                    "type": "CONSULT",
                    "source": [{"code": "HUN", "sector": None}, {"code": "ROU", "sector": None}],
                    "target": [],
                    "reciprocal": True,
                },
                {"type": "AGREE", "source": [{"code": "HUN"}], "target": [{"code": "ROU"}]},
            ],
        },
        {
            "id": "s3",
            "text": "Nothing we found.",
            "events": [{"type": "PROTEST", "source": [], "target": []}],
        },
    ]


def test_plover_known_answer():
    records = {
        "s1": rec(
            ev(
                "ASSAULT",
                [ent("A", "ISR", "GOV")],
                [ent("B", "PSE", "CVL")],
                mode=["arrest"],
                size={"dead": 3, "injured": None},
            ),
            ev("ACCUSE"),
        ),  # a spurious second event
        "s2": rec(
            ev("CONSULT", [ent("Y", "ROU")], [ent("X", "HUN")]), ev("REJECT", [ent("Z", "HUN")])
        ),
    }
    sink = ErrorSink("plover")
    r = plover.score(_plover_gold(), records, sink)
    # gold 4 events; s1: ASSAULT pair + 1 fp; s2: CONSULT pair, AGREE paired with REJECT; s3 miss.
    assert r.counts["tp"] == 3 and r.counts["fp"] == 1 and r.counts["fn"] == 1
    assert r.metrics["detect_p"] == pytest.approx(0.75)
    assert r.metrics["detect_r"] == pytest.approx(0.75)
    assert r.metrics["type_acc"] == pytest.approx(2 / 4)
    # actor codes: s1 ISR hit; s2 reciprocal (either side) hit; AGREE/REJECT HUN hit -> 3/3
    assert r.metrics["actor_code_acc"] == 1.0
    # actor sector: only s1 has a gold sector (MIL) and we said GOV -> 0/1
    assert r.metrics["actor_sector_acc"] == 0.0 and r.counts["n_actor_sector_acc"] == 1
    # recipient code: s1 PSE hit; AGREE wants ROU, REJECT has no recipient -> 1/2
    assert r.metrics["recipient_code_acc"] == pytest.approx(0.5)
    assert r.metrics["mode_acc"] == 1.0  # GSR "detain" is v0.8 "arrest"
    assert r.metrics["dead_acc"] == 1.0
    kinds = {row["kind"] for row in sink.rows}
    assert {"spurious_event", "missed_event", "wrong_type", "wrong_actor_sector"} <= kinds


def test_plover_empty_predictions():
    r = plover.score(_plover_gold(), {})
    assert r.metrics["detect_f1"] == 0.0 and r.metrics["type_acc"] == 0.0
    assert r.metrics["type_macro_f1"] == 0.0
    assert "actor_code_acc" not in r.metrics  # nothing detected: no denominator


# --- conflibert ---------------------------------------------------------------------------------


def _table(tmp_path: Path) -> str:
    path = tmp_path / "cameo2plover.json"
    roots = [
        {"cameo_root": r, "plover": p}
        for r, p in [
            ("03", "AGREE"),
            ("04", "CONSULT"),
            ("06", "COOPERATE"),
            ("09", "ACCUSE"),
            ("11", "ACCUSE"),
            ("14", "PROTEST"),
            ("16", "SANCTION"),
            ("18", "ASSAULT"),
        ]
    ]
    path.write_text(json.dumps({"roots": roots}))
    return str(path)


def test_conflibert_root_classes():
    assert [
        conflibert.root_class(r)
        for r in ("01", "02", "03", "05", "06", "08", "09", "13", "14", "15", "16", "17", "20")
    ] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 3, 4, 4]
    assert conflibert.root_class("21") is None and conflibert.root_class("x1") is None


def test_conflibert_known_answer(tmp_path):
    table = _table(tmp_path)
    text = "Iran accused Israel of attacks ."
    tokens = text.split()
    gold = [
        {
            "id": "c1",
            "text": text,
            "tokens": tokens,
            "tags": ["B-S", "O", "B-T", "O", "O", "O"],
            "has_spans": True,
            "events": [{"pentaclass": 3}],
            "_table": table,
        },
        {
            "id": "c2",
            "text": "A and B agreed .",
            "tokens": "A and B agreed .".split(),
            "tags": ["B-R", "I-R", "I-R", "O", "O"],
            "has_spans": True,
            "events": [{"pentaclass": 1}],
            "_table": table,
        },
        {
            "id": "c3",
            "text": "Troops fired .",
            "tokens": ["Troops", "fired", "."],
            "tags": ["O"] * 3,
            "has_spans": False,
            "events": [{"pentaclass": 4}],
            "_table": table,
        },
    ]
    records = {
        # most confident event decides the class: ACCUSE (root 09/11 -> 3)
        "c1": rec(
            ev(
                "ACCUSE",
                [ent("Iran", start=0, end=4)],
                [ent("Israel of", start=13, end=22)],
                confidence=0.9,
            ),
            ev("ASSAULT", confidence=0.2),
        ),
        # its own CAMEO code wins over the type: 036 -> class 1
        "c2": rec(
            ev(
                "CONSULT",
                [ent("A and B", start=0, end=7)],
                [ent("A and B", start=0, end=7)],
                cameo="036",
            )
        ),
    }
    sink = ErrorSink("c")
    r = conflibert.score(gold, records, sink)
    assert r.metrics["pentaclass_acc"] == pytest.approx(2 / 3)  # c3 predicted nothing
    # class F1: 3 -> 1, 1 -> 1, 4 -> 0 (missed)
    assert r.metrics["pentaclass_macro_f1"] == pytest.approx(2 / 3)
    # source: gold {S(0,1), R(0,3)}, pred {S(0,1), R(0,3)} -> F1 1
    assert r.metrics["source_f1"] == 1.0
    # target: gold {T(2,3), R(0,3)}; pred {T(2,4), R(0,3)} -> exact 1/2, overlap 2/2
    assert r.metrics["target_f1"] == pytest.approx(0.5)
    assert r.metrics["target_f1_overlap"] == 1.0
    assert any(row["kind"] == "span_T" for row in sink.rows)


def test_conflibert_class_is_the_asserted_events(tmp_path):
    classes = conflibert.type_classes(_table(tmp_path))
    claim = [{"kind": "statement"}]
    # "X claimed that they had attacked Y": the only event is alleged -> a statement
    alleged = rec(ev("ASSAULT", status=["alleged"], confidence=0.9), claims=claim)
    assert conflibert.predict_class(alleged, classes) == 0
    assert conflibert.predict_class(alleged, classes, any_status=True) == 4
    # a reported event beats a more confident hypothetical one
    mixed = rec(
        ev("COOPERATE", status=["hypothetical"], confidence=0.9),
        ev("ACCUSE", status=["reported"], confidence=0.3),
    )
    assert conflibert.predict_class(mixed, classes) == 3
    # AGREE is about a future act by definition: hypothetical does not set it aside
    assert conflibert.predict_class(rec(ev("AGREE", status=["hypothetical"])), classes) == 1
    # denied and negated: denied is set aside, negated is a reported non-act and stays
    assert conflibert.predict_class(rec(ev("ASSAULT", status=["denied"])), classes) == 0
    assert conflibert.predict_class(rec(ev("ASSAULT", status=["negated"])), classes) == 4


def test_conflibert_token_offsets_skip_unfound_tokens():
    offs = conflibert.token_offsets("He said `` no '' .", ["He", "said", '"', "no", '"', "."])
    assert offs[0] == (0, 2) and offs[2] is None and offs[3] == (11, 13)


# --- case2021 -----------------------------------------------------------------------------------


def _case_item(i, label, acled=None):
    return {"id": i, "text": "t", "events": [{"type": label, "acled_event_type": acled}]}


def test_case2021_mapping_and_known_answer():
    gold = [
        _case_item("1", "ARMED_CLASH", "Battles"),
        _case_item("2", "ATTRIB"),
        _case_item("3", "DIPLO"),
        _case_item("4", "PEACE_PROTEST", "Protests"),
        _case_item("5", "ORG_CRIME"),
    ]
    records = {
        "1": rec(ev("ASSAULT", acled="Battles")),
        "2": rec(
            ev("ASSAULT", id="2:e1", acled="Battles", status=["alleged"]),
            claims=[{"kind": "accusation", "events": ["2:e1"]}],
        ),
        "3": rec(ev("SANCTION")),
        "4": rec(ev("ASSAULT", acled="Battles")),
        "5": rec(),
    }
    assert case2021.predict_class(records["2"]) == "ATTRIB"
    assert case2021.predict_class(records["3"]) == "DIPLO"
    assert case2021.predict_class(records["5"]) is None
    r = case2021.score(gold, records)
    assert r.metrics["attrib_recall"] == 1.0 and r.metrics["diplo_recall"] == 1.0
    assert r.metrics["coarse_acc"] == pytest.approx(3 / 5)
    # Battles p.5 r1 f.667; ATTRIB 1; DIPLO 1; Protests 0; ORG_CRIME 0 -> mean over 5 present classes
    assert r.metrics["coarse_macro_f1"] == pytest.approx((2 / 3 + 1 + 1 + 0 + 0) / 5)
    assert r.support == {"attrib_recall": 1, "diplo_recall": 1}


def test_case2021_attrib_needs_a_perpetrator_only_a_claim_names():
    # an accusation about an attack everyone agrees happened by whom it did is no attribution
    told = rec(ev("ASSAULT", id="a:e1", acled="Battles"),
               claims=[{"kind": "accusation", "events": ["a:e1"]}])
    assert case2021.predict_class(told) == "Battles"
    claimed = rec(ev("ASSAULT", id="a:e1", acled="Battles", status=["alleged"]),
                  claims=[{"kind": "statement", "responsibility": True, "events": ["a:e1"]}])
    assert case2021.predict_class(claimed) == "ATTRIB"
    # a report that names who did it is no claim of responsibility
    reported = rec(ev("ASSAULT", id="a:e1", acled="Battles", status=["alleged"]),
                   claims=[{"kind": "statement", "events": ["a:e1"]}])
    assert case2021.predict_class(reported) == "Battles"


def _cue(context, group=None):
    return {"context": context, "group": group, "text": "x", "cue": "x", "sentence": 0}


def test_case2021_disasters_and_crime_come_from_contexts():
    quake = dict(rec(), contexts=[_cue("disasters", "natural")])
    assert case2021.predict_class(quake) == "NATURAL_DISASTER"
    blast = dict(rec(ev("ASSAULT", acled="Explosions/Remote violence", context=["disasters"])),
                 contexts=[_cue("disasters", "technological")])
    assert case2021.predict_class(blast) == "MAN_MADE_DISASTER"
    # a disaster word elsewhere does not unmake an attack the top event does not tie to it
    attack = dict(rec(ev("ASSAULT", acled="Explosions/Remote violence")),
                  contexts=[_cue("disasters", "natural")])
    assert case2021.predict_class(attack) == "Explosions/Remote violence"
    ring = dict(rec(ev("COERCE", acled="Strategic developments")), contexts=[_cue("illegal_drugs")])
    assert case2021.predict_class(ring) == "ORG_CRIME"
    battle = dict(rec(ev("ASSAULT", acled="Battles")), contexts=[_cue("crime")])
    assert case2021.predict_class(battle) == "Battles"
    riot = rec(ev("PROTEST", id="a:e1", acled="Protests", confidence=0.9),
               ev("ASSAULT", id="a:e2", acled="Riots", confidence=0.4))
    assert case2021.predict_class(riot) == "Riots"


# --- petrarch -----------------------------------------------------------------------------------


def _petr(i, events, category="DEMO", noevents=False, text="Arnor met Gondor.", comments=()):
    return {
        "id": i,
        "text": text,
        "category": category,
        "events": events,
        "noevents": noevents,
        "error": None,
        "comments": list(comments),
    }


def test_petrarch_structure_known_answer():
    gold = [
        _petr("P1", [{"source": "ARN", "target": "GON", "cameo": "042", "cameo_root": "04"}]),
        _petr(
            "C1",
            [
                {"source": "ARN", "target": "OSG", "cameo": "042", "cameo_root": "04"},
                {"source": "GON", "target": "OSG", "cameo": "042", "cameo_root": "04"},
            ],
            category="COMPOUND",
            text="Arnor and Gondor met Osgiliath.",
        ),
        _petr("N1", [], noevents=True, text="Arnor did not meet Gondor."),
        _petr(
            "T1",
            [{"source": "ARN", "target": "###", "cameo": "904", "cameo_root": None}],
            category="SYNSET",
        ),
    ]
    records = {
        "P1": rec(ev("CONSULT", [ent("Arnor")], [ent("Gondor")])),
        # compound: only one actor named -> not reproduced
        "C1": rec(ev("CONSULT", [ent("Arnor")], [ent("Osgiliath")])),
        "N1": rec(),
        # test-only code: any event type will do; ### target needs no recipient
        "T1": rec(ev("REJECT", [ent("Arnor")])),
    }
    r = petrarch.score(gold, records)
    assert r.metrics["reproduced"] == pytest.approx(3 / 4)
    assert r.metrics["reproduced_compound"] == 0.0
    assert r.metrics["reproduced_no_event"] == 1.0
    assert r.metrics["reproduced_negation"] == 1.0
    both = rec(ev("CONSULT", [ent("Arnor"), ent("Gondor")], [ent("Osgiliath")]))
    assert petrarch.reproduced(gold[1], both["events"])
    assert not petrarch.reproduced(gold[0], [ev("AGREE", [ent("Arnor")], [ent("Gondor")])])
    assert not petrarch.reproduced(gold[2], [ev("CONSULT")])


# --- geo ----------------------------------------------------------------------------------------


def test_geo_recognition_and_resolution_known_answer():
    text = "Fighting in Paris and Berlin. Russian troops left Springfield."
    gold = [
        {
            "id": "g1",
            "text": text,
            "toponyms": [
                {
                    "start": 12,
                    "end": 17,
                    "name": "Paris",
                    "lat": 48.85,
                    "lon": 2.35,
                    "geonameid": 1,
                    "type": "Literal",
                },
                {
                    "start": 22,
                    "end": 28,
                    "name": "Berlin",
                    "lat": 52.52,
                    "lon": 13.40,
                    "geonameid": 2,
                    "type": "Literal",
                },
                {
                    "start": 30,
                    "end": 37,
                    "name": "Russian",
                    "lat": None,
                    "lon": None,
                    "type": "Demonym",
                },
                {
                    "start": 50,
                    "end": 61,
                    "name": "Springfield",
                    "lat": 39.80,
                    "lon": -89.64,
                    "geonameid": 3,
                    "type": "Literal",
                },
            ],
        }
    ]
    places = [
        {"text": "Paris", "start": 12, "end": 17, "lat": 48.86, "lon": 2.34},
        {
            "text": "Berlin.",
            "start": 22,
            "end": 29,
            "lat": 0.0,
            "lon": 0.0,
        },  # overlap only, far away
        {"text": "Russian", "start": 30, "end": 37, "lat": 55.0, "lon": 37.0},  # demonym: ignored
        {"text": "Fighting", "start": 0, "end": 8, "lat": None, "lon": None},  # false positive
    ]

    def fake_resolver(txt, spans):
        assert [s[2] for s in spans] == ["Paris", "Berlin", "Springfield"]
        return [(48.85, 2.35, 1), (52.0, 13.0, 99), None]

    sink = ErrorSink("g")
    r = geo.score_for("geowebnews")(gold, {"g1": rec(places=places)}, sink, resolver=fake_resolver)
    assert r.counts["gold_toponyms"] == 3 and r.counts["predicted"] == 3
    assert r.metrics["recog_exact_p"] == pytest.approx(1 / 3)
    assert r.metrics["recog_exact_r"] == pytest.approx(1 / 3)
    assert r.metrics["recog_overlap_r"] == pytest.approx(2 / 3)
    assert r.metrics["resolve_acc_161km"] == pytest.approx(2 / 3)  # Springfield unresolved
    assert r.metrics["resolve_exact_id"] == pytest.approx(1 / 3)
    assert r.metrics["resolved_share"] == pytest.approx(2 / 3)
    assert r.metrics["resolve_median_km"] < 161
    assert r.metrics["e2e_acc_161km"] == pytest.approx(1 / 2)
    assert {"missed_toponym", "spurious_toponym", "wrong_resolution"} <= {
        x["kind"] for x in sink.rows
    }


def test_geo_without_resolver_leaves_metric_out():
    gold = [
        {
            "id": "g",
            "text": "Paris",
            "toponyms": [
                {"start": 0, "end": 5, "name": "Paris", "lat": 1.0, "lon": 1.0, "geonameid": 1}
            ],
        }
    ]
    r = geo.score_for("lgl")(gold, {}, None, resolver=None)
    assert "resolve_acc_161km" not in r.metrics
    assert r.metrics["recog_exact_r"] == 0.0


# --- india police -------------------------------------------------------------------------------


def test_india_police_labels_need_police_actors():
    police = ent("the police", sector=None)
    killing = ev("ASSAULT", [police], trigger={"text": "shot dead"})
    arrest = ev("COERCE", [ent("cops")], mode=["arrest"])
    mob = ev("ASSAULT", [ent("a mob")], recipient=[ent("policemen", sector="COP")])
    assert india_police.event_labels(killing) == {"KILL", "FORCE"}
    assert india_police.event_labels(arrest) == {"ARREST"}
    assert india_police.event_labels(mob) == set()  # police as victims is not a police action
    assert india_police.event_labels(ev("COERCE", mode=["arrest"])) == {"ARREST"}  # passive arrest
    assert india_police.event_labels(ev("COERCE", [ent("rioters")], mode=["arrest"])) == set()
    gold = [
        {"id": "d1", "text": "t", "doc_labels": ["KILL", "FORCE", "ANY_ACTION"]},
        {"id": "d2", "text": "t", "doc_labels": ["ARREST"]},
        {"id": "d3", "text": "t", "doc_labels": []},
    ]
    records = {"d1": rec(killing), "d2": rec(mob), "d3": rec(arrest)}
    r = india_police.score(gold, records)
    assert r.metrics["kill_recall"] == 1.0 and r.metrics["force_recall"] == 1.0
    assert r.metrics["arrest_recall"] == 0.0 and r.metrics["arrest_precision"] == 0.0


# --- event location -----------------------------------------------------------------------------


def test_event_location_known_answer(tmp_path):
    rows = [
        {
            "id": "e1",
            "text": "Bombs hit Baghdad after talks in Tehran.",
            "trigger": {"start": 6, "end": 9},
            "toponyms": [{"start": 10, "end": 17, "name": "Baghdad"}],
        },
        {
            "id": "e2",
            "text": "Bombs hit Baghdad after talks in Tehran.",
            "trigger": {"start": 24, "end": 29},
            "toponyms": [],
        },
        {"id": "e3", "text": "He was shot.", "trigger": {"start": 7, "end": 11}, "toponyms": []},
    ]
    path = tmp_path / "event_location_dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    gold = event_location.load(tmp_path)
    assert len(event_location.articles(gold)) == 2  # rows sharing a sentence share an article
    sentence = rec(
        ev(
            "ASSAULT",
            trigger={"text": "hit", "start": 6, "end": 9},
            location={"extracted_place": "Baghdad", "start": 10, "end": 17},
        ),
        ev(
            "CONSULT",
            trigger={"text": "talks", "start": 24, "end": 29},
            location={"extracted_place": "Tehran", "start": 33, "end": 39},
        ),
    )
    r = event_location.score(gold, {"e1": sentence, "e3": rec()})
    assert r.metrics["accuracy"] == pytest.approx(1 / 3)
    assert r.metrics["trigger_found"] == pytest.approx(2 / 3)
    assert r.metrics["accuracy_found"] == pytest.approx(1 / 2)
    assert r.metrics["accuracy_no_place"] == 0.0
    assert "linking_accuracy" not in r.metrics  # only with the probe

    # The probe's answers (the chooser asked about every gold trigger) score every row.
    probe = event_location.Linker(gold)
    probe.answers = {
        "e1": {"location": {"extracted_place": "Baghdad", "start": 10, "end": 17}},
        "e2": {"location": {"extracted_place": "Tehran", "start": 33, "end": 39}},  # gold: nowhere
        "e3": {"location": {}},  # right: the gold says nowhere too
    }
    r = event_location.score(gold, {"e1": sentence, "e3": rec()}, probe=probe)
    assert r.metrics["linking_accuracy"] == pytest.approx(2 / 3)
    assert r.metrics["linking_accuracy_with_place"] == 1.0
    assert r.metrics["linking_accuracy_no_place"] == pytest.approx(1 / 2)
    assert r.metrics["accuracy"] == pytest.approx(1 / 3)  # the end-to-end score is unchanged


# --- tempeval -----------------------------------------------------------------------------------


def test_tempeval_known_answer():
    gold = [
        {
            "id": "d",
            "dct": "1998-01-08",
            "text": "On Monday last week and in 1998 it rose.",
            "timexes": [
                {"start": 3, "end": 9, "text": "Monday", "type": "DATE", "value": "1998-01-05"},
                {"start": 10, "end": 19, "text": "last week", "type": "DATE", "value": "1998-W01"},
                {"start": 27, "end": 31, "text": "1998", "type": "DATE", "value": "1998"},
            ],
        }
    ]
    pred = [
        {"start": 3, "end": 9, "type": "DATE", "value": "1998-01-05"},
        {"start": 15, "end": 19, "type": "DURATION", "value": "P1W"},
        {"start": 35, "end": 39, "type": "DATE", "value": "X"},
    ]
    sink = ErrorSink("t")
    r = tempeval.score(gold, {"d": rec(timexes=pred)}, sink)
    assert r.metrics["strict_f1"] == pytest.approx(1 / 3)
    assert r.metrics["relaxed_f1"] == pytest.approx(2 / 3)
    assert r.metrics["value_acc"] == pytest.approx(1 / 2)
    assert r.metrics["type_acc"] == pytest.approx(1 / 2)
    assert r.metrics["value_f1"] == pytest.approx(1 / 3)
    assert {"missed_timex", "spurious_timex", "wrong_value"} <= {x["kind"] for x in sink.rows}
    assert tempeval.score(gold, {}).metrics["relaxed_f1"] == 0.0


def test_errors_file_is_jsonl(tmp_path):
    sink = ErrorSink("x")
    sink.add("1", "miss", "A sentence.", {"a": 1}, None)
    n = sink.write(tmp_path / "e.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert n == 1 and rows[0]["text"] == "A sentence." and rows[0]["dataset"] == "x"


def test_every_dataset_has_a_scorer_and_ci_sample():
    assert set(DATASETS) == {
        "plover-gsr-cameo",
        "conflibert-cameo",
        "case2021-task2",
        "petrarch2-unittest",
        "geowebnews",
        "lgl",
        "india-police-events",
        "event-location",
        "tempeval3-train",
        "tempeval3-anchoring",
        "clusters",
    }
    assert all(s.ci_limit > 0 and s.headline for s in DATASETS.values())


def test_plover_scores_only_asserted_predictions():
    hypo = ev("ACCUSE", status=["hypothetical"])
    neg = ev("REJECT", status=["negated"])
    records = {"s1": rec(ev("ASSAULT", [ent("A", "ISR")]), hypo, neg)}
    gold = [g for g in _plover_gold() if g["id"] == "s1"]
    r = plover.score(gold, records)
    assert r.counts["fp"] == 0 and r.counts["unasserted_predictions_not_scored"] == 2
    assert r.metrics["detect_p"] == 1.0
    assert r.metrics["detect_p_all"] == pytest.approx(1 / 3)  # every prediction kept
    only_hypo = plover.score(gold, {"s1": rec(ev("ASSAULT", status=["hypothetical"]))})
    assert only_hypo.counts["fn"] == 1 and only_hypo.counts["tp"] == 0


def test_plover_context_counts_on_the_shared_vocabulary():
    gold = {"context": ["refugees", "political", "assets"]}  # "assets" has no v0.8 counterpart
    pred = {"context": ["migration", "executive", "military", "gender"]}  # gender: not scored
    assert plover.context_counts(gold, pred) == (2, 1, 0)
    assert plover.context_counts({"context": []}, {"context": []}) == (0, 0, 0)
