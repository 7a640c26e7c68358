"""Record builders for the store tests: small output-contract records with just what the store reads."""

from __future__ import annotations

from typing import Any


def participant(text: str, code: str | None = None, sector: str | None = None,
                name: str | None = None, aid: str | None = None) -> dict[str, Any]:
    return {"entity_text": text, "code": code, "sector": sector, "name": name, "id": aid,
            "affiliation": None, "start": 0, "end": len(text)}


def event(aid: str, n: int, etype: str = "ASSAULT", *, actor=(), recipient=(), date=None,
          precision="day", country=None, place=None, dead=None, status=("reported",), mode=(),
          claims=(), lat=None, lon=None, admin1=None, confidence=0.75, text=None,
          trigger="hit", acled=None) -> dict[str, Any]:
    acled = acled or (("Battles", "Armed clash") if etype == "ASSAULT" else (None, None))
    return {
        "id": f"{aid}:e{n}", "event_type": etype, "mode": list(mode),
        "actor": list(actor), "recipient": list(recipient),
        "date": {"value": date, "precision": precision, "text": "x", "start": 0, "end": 1,
                 "source": "text"} if date else None,
        "location": {"extracted_place": place, "resolved_place": place, "geonameid": 1,
                     "lat": lat, "lon": lon, "country_code": country, "admin1": admin1,
                     "feature_code": "PPL", "precision": 1, "relation": None, "start": 0, "end": 1}
        if (place or country) else None,
        "size": {"dead": dead, "injured": None, "arrested": None},
        "status": list(status), "event_text": text or f"Sentence {n} of {aid}.",
        "trigger": {"text": trigger, "start": 2, "end": 5},
        "text_info": {"sentence": n, "start": 0, "end": 10}, "confidence": confidence,
        "claims": list(claims), "cameo": "190", "quad_class": 4,
        "acled_event_type": acled[0], "acled_sub_event_type": acled[1],
        "provenance": {"stage": "events", "version": "1", "rule": None},
    }


def record(aid: str, events: list[dict[str, Any]] | None = None, *, title: str = "T",
           published: str | None = "2019-08-21", claims=(), entities=()) -> dict[str, Any]:
    return {
        "article": {"id": aid, "title": title, "url": f"https://news.example/{aid}",
                    "source": "Example Wire", "published": published, "published_source": "option",
                    "language": "en"},
        "events": events if events is not None else [event(aid, 1, date="2019-08-20", country="IRQ")],
        "claims": list(claims),
        "places": [{"text": "Baghdad", "start": 0, "end": 7, "geonameid": 98182, "name": "Baghdad",
                    "lat": 33.34, "lon": 44.40, "country_code": "IRQ", "admin1": "Baghdad",
                    "feature_code": "PPLC", "precision": 1, "relation": None}],
        "timexes": [{"text": "Tuesday", "start": 8, "end": 15, "type": "DATE", "value": "2019-08-20",
                     "precision": "day"}],
        "entities": list(entities),
        "meta": {"record_version": "1", "pipeline_version": "p1"},
    }



def ids(rows) -> list[str]:
    return [r.event_id for r in rows]
