"""Exports: PLOVER JSONL and ACLED CSV read back with json/csv, stream, and never leave half files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ConfigError
from eventwire.export import export, plover_jsonl
from eventwire.export.acled_csv import COLUMNS, disorder_type
from eventwire.store import EventFilter, open_store


def part(text, code=None, sector=None, name=None, aid=None):
    return {"entity_text": text, "code": code, "sector": sector, "name": name, "id": aid,
            "affiliation": None, "start": 0, "end": len(text)}


def ev(aid, n, etype, acled=(None, None), *, actor=(), recipient=(), date="2019-08-20",
       precision="day", country="IRQ", place="Baghdad", dead=None, injured=None,
       status=("reported",), mode=(), text=None, claims=(), context=()):
    return {
        "id": f"{aid}:e{n}", "event_type": etype, "mode": list(mode), "context": list(context),
        "actor": list(actor),
        "recipient": list(recipient),
        "date": {"value": date, "precision": precision, "text": "Tuesday", "start": 3, "end": 10,
                 "source": "text"} if date else None,
        "location": {"extracted_place": place, "resolved_place": place, "geonameid": 98182,
                     "lat": 33.34, "lon": 44.4, "country_code": country, "admin1": "Baghdad",
                     "feature_code": "PPLC", "precision": 1, "relation": None, "start": 20, "end": 27,
                     "score": 0.93}
        if country else None,
        "size": {"dead": dead, "injured": injured, "arrested": None}, "status": list(status),
        "event_text": text or f"Sentence {n}.", "trigger": {"text": "hit", "start": 11, "end": 14},
        "text_info": {"sentence": n, "start": 0, "end": 40}, "confidence": 0.8,
        "claims": list(claims), "cameo": "190", "quad_class": 4,
        "acled_event_type": acled[0], "acled_sub_event_type": acled[1],
        "provenance": {"stage": "events", "version": "1", "rule": "hit"},
    }


def rec(aid, events, claims=(), entities=()):
    return {"article": {"id": aid, "title": f"Title {aid}", "url": f"https://x.example/{aid}",
                        "source": "Wire, Inc.", "published": "2019-08-21", "language": "en"},
            "events": events, "claims": list(claims), "places": [], "timexes": [],
            "entities": list(entities), "meta": {"record_version": "1", "pipeline_version": "p1"}}


MIL_ISR = part("Israeli warplanes", "ISR", "MIL", "Israel", "a1:x1")
PMF = part("the PMF", "IRQ", "PRM", "Popular Mobilization Forces", "a1:x2")
CIV = part("villagers", "IRQ", "CVL", None, None)


@pytest.fixture
def store(tmp_path):
    yield from filled_store(tmp_path)


def filled_store(tmp_path):
    """A store of two hand-made articles covering what each export format keeps or leaves out."""
    with open_store(str(tmp_path / "x.db")) as s:
        claim = {"id": "a1:c1", "kind": "accusation", "speaker": PMF, "cited_source": None,
                 "cited_span": None, "content": {"text": "the US is responsible", "start": 0, "end": 9},
                 "events": ["a1:e1"]}
        ent = {"id": "a1:x1", "text": "Israeli", "name": "Israel", "kind": "country", "code": "ISR",
               "sector": "MIL", "affiliation": None, "aliases": [], "wikidata": "Q801", "mentions": []}
        s.save(rec("a1", [
            ev("a1", 1, "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"),
               actor=[MIL_ISR], recipient=[PMF], dead=1, injured=29, mode=["aerial"],
               text='Rockets hit "southern" Baghdad,\nkilling one — and injuring 29.'),
            ev("a1", 2, "ACCUSE", actor=[PMF], recipient=[MIL_ISR]),  # verbal: not ACLED
            ev("a1", 3, "ASSAULT", ("Violence against civilians", "Attack"), actor=[PMF],
               recipient=[CIV], status=("negated",)),  # did not happen
            ev("a1", 4, "ASSAULT", ("Battles", "Armed clash"), date="1981", precision="year"),
            ev("a1", 5, "PROTEST", ("Protests", "Peaceful protest"),
               actor=[part("Шахтёры", None, "LAB")], date="2019-W33", precision="week",
               country="UKR", place="Донецьк"),
        ], claims=[claim], entities=[ent]), "text", "h1", "p1")
        s.save(rec("b1", [
            ev("b1", 1, "ASSAULT", ("Violence against civilians", "Attack"), actor=[PMF],
               recipient=[CIV], date="2019-09", precision="month", dead=None),
        ]), "text b", "h2", "p1")
        yield s


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- PLOVER JSONL ------------------------------------------------------------------------------

def test_plover_jsonl_has_one_record_per_event_with_manual_fields(store, tmp_path):
    out = tmp_path / "events.jsonl"
    n = export(store, "plover-jsonl", str(out), EventFilter())
    recs = read_jsonl(out)
    assert n == len(recs) == 6
    first = {r["id"]: r for r in recs}["a1:e1"]
    for key in ("id", "date", "actor", "recipient", "event", "mode", "event_text", "event_loc", "size",
                "text_info", "cite_info", "coder", "coded_date", "quad_code", "status", "confidence",
                "claims"):
        assert key in first, key
    assert first["event"] == "ASSAULT" and first["mode"] == ["aerial"] and first["quad_code"] == 4
    assert first["date"] == "2019-08-20" and "enddate" not in first
    assert first["actor"][0]["entity_text"] == "Israeli warplanes"
    assert first["actor"][0]["code"] == "ISR" and first["actor"][0]["identifier_id"] == "Q801"
    assert first["recipient"][0]["identifier_text"] == "Popular Mobilization Forces"
    assert first["size"] == {"dead": 1, "injured": 29, "arrested": None}
    assert first["event_loc"]["resolved_place"] == "Baghdad" and first["event_loc"]["province"] == "Baghdad"
    assert first["cite_info"]["url"] == "https://x.example/a1"
    assert first["cite_info"]["publication"] == "Wire, Inc." and first["cite_info"]["title"] == "Title a1"
    assert first["text_info"]["sequence"] == 1 and first["text_info"]["trigger"]["start"] == 11
    assert [c["id"] for c in first["claims"]] == ["a1:c1"]
    assert dt.date.fromisoformat(first["coded_date"]) <= dt.datetime.now(dt.timezone.utc).date()
    week = {r["id"]: r for r in recs}["a1:e5"]
    assert (week["date"], week["enddate"]) == ("2019-08-12", "2019-08-18")
    assert week["actor"][0]["entity_text"] == "Шахтёры"
    assert "Шахтёры" in out.read_text(encoding="utf-8")  # real UTF-8, not \u escapes


def test_export_honours_filters(store, tmp_path):
    out = tmp_path / "f.jsonl"
    assert export(store, "plover-jsonl", out, EventFilter(country="UKR")) == 1
    assert [r["id"] for r in read_jsonl(out)] == ["a1:e5"]


def test_plover_writer_streams_row_by_row(store):
    rows = store.events()
    sink = io.StringIO()

    def lazily():
        for i, row in enumerate(rows):
            # Each earlier row must already be written before the next one is pulled.
            assert sink.getvalue().count("\n") == i
            yield row

    assert plover_jsonl.write(lazily(), sink) == len(rows)


# --- ACLED CSV ---------------------------------------------------------------------------------

def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_acled_csv_columns_order_and_coverage(store, tmp_path):
    out = tmp_path / "acled.csv"
    n = export(store, "acled-csv", out, EventFilter())
    header, rows = read_csv(out)
    assert header == list(COLUMNS) and len(COLUMNS) == 31
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and header[-1] == "timestamp"
    # a1:e2 verbal, a1:e3 negated and a1:e4 year-precision are left out.
    assert n == len(rows) == 3
    assert [r["event_id_cnty"] for r in rows] == ["a1:e5", "a1:e1", "b1:e1"]


def test_acled_csv_values_parse_back_with_types(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled-csv", out, EventFilter())
    _, rows = read_csv(out)
    by_id = {r["event_id_cnty"]: r for r in rows}
    strike = by_id["a1:e1"]
    assert dt.date.fromisoformat(strike["event_date"]) == dt.date(2019, 8, 20)
    assert int(strike["year"]) == 2019 and int(strike["time_precision"]) == 1
    assert (strike["disorder_type"], strike["event_type"], strike["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")
    assert (strike["actor1"], strike["actor2"]) == ("Israel", "Popular Mobilization Forces")
    # Israeli forces acting in Iraq are external forces (8); the PMF a political militia (3).
    assert (int(strike["inter1"]), int(strike["inter2"]), int(strike["interaction"])) == (8, 3, 38)
    assert (int(strike["iso"]), strike["country"]) == (368, "Iraq")
    assert (float(strike["latitude"]), float(strike["longitude"])) == (33.34, 44.4)
    assert int(strike["geo_precision"]) == 1 and strike["location"] == "Baghdad"
    assert int(strike["fatalities"]) == 1 and "injured=29" in strike["tags"]
    assert strike["source"] == "Wire, Inc."
    # The evidence sentence survives quotes, commas and newlines (collapsed to one line).
    assert strike["notes"] == 'Rockets hit "southern" Baghdad, killing one — and injuring 29.'
    assert abs(int(strike["timestamp"]) - dt.datetime.now(dt.timezone.utc).timestamp()) < 3600
    assert strike["region"] == "" and strike["admin2"] == ""

    protest = by_id["a1:e5"]
    assert protest["disorder_type"] == "Demonstrations" and int(protest["inter1"]) == 6
    assert int(protest["interaction"]) == 60 and protest["actor1"] == "Шахтёры"
    assert int(protest["time_precision"]) == 2 and protest["event_date"] == "2019-08-12"
    assert protest["location"] == "Донецьк" and int(protest["iso"]) == 804

    # An actor2 whose type we cannot tell leaves the interaction empty rather than "sole action".
    assert (strike["inter1"], by_id["a1:e5"]["inter2"]) == ("8", "")

    civ = by_id["b1:e1"]
    assert civ["civilian_targeting"] == "Civilian targeting" and int(civ["interaction"]) == 37
    assert int(civ["time_precision"]) == 3 and civ["event_date"] == "2019-09-01"
    assert int(civ["fatalities"]) == 0  # ACLED's convention when no toll is reported


def test_disorder_types():
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"


# --- output handling ---------------------------------------------------------------------------

def test_dash_writes_to_stdout(store, capsys):
    n = export(store, "plover-jsonl", "-", EventFilter(type="PROTEST"))
    out = capsys.readouterr().out
    assert n == 1 and json.loads(out)["event"] == "PROTEST"


def test_stdout_with_a_non_utf8_locale_still_gets_utf8(store, monkeypatch):
    raw = io.BytesIO()
    fake = io.TextIOWrapper(raw, encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", fake)
    export(store, "acled-csv", "-", EventFilter(country="UKR"))
    fake.flush()
    assert "Шахтёры" in raw.getvalue().decode("utf-8")


def test_failed_export_leaves_no_partial_file(store, tmp_path):
    out = tmp_path / "keep.jsonl"
    out.write_text("previous export\n", encoding="utf-8")

    class Broken:
        def iter_events(self, filters):
            yield from store.events()[:2]
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export(Broken(), "plover-jsonl", out, EventFilter())  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_unknown_format_is_a_config_error(store, tmp_path):
    with pytest.raises(ConfigError, match="acled-csv"):
        export(store, "xlsx", tmp_path / "x", EventFilter())
    assert not (tmp_path / "x").exists()


def test_empty_store_exports_a_header_only_csv(tmp_path):
    with open_store(str(tmp_path / "empty.db")) as s:
        assert export(s, "acled-csv", tmp_path / "e.csv") == 0
        assert export(s, "plover-jsonl", tmp_path / "e.jsonl") == 0
    assert read_csv(tmp_path / "e.csv") == (list(COLUMNS), [])
    assert (tmp_path / "e.jsonl").read_text(encoding="utf-8") == ""
