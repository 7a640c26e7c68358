"""`eventwire show`'s text: contexts with the words that say them, claims of responsibility."""

from __future__ import annotations

from eventwire.show import render


def _record(text: str) -> dict:
    bomb = text.index("car bomb")
    return {
        "article": {"id": "a", "title": None, "published": None},
        "events": [{
            "id": "a:e0", "event_type": "ASSAULT", "mode": ["explosives"], "status": ["alleged"],
            "confidence": 0.5, "actor": [], "recipient": [], "date": None, "location": None,
            "size": {}, "claims": ["a:c0"], "context": ["terrorism"],
            "trigger": {"text": "car bomb", "start": bomb, "end": bomb + 8},
            "text_info": {"sentence": 0, "start": 0, "end": len(text)},
        }],
        "claims": [{
            "id": "a:c0", "kind": "statement", "responsibility": True, "speaker": None,
            "cited_source": None, "content": {"text": text}, "events": ["a:e0"],
        }],
        "contexts": [{"context": "terrorism", "group": None, "text": "car bomb", "cue": "car bomb",
                      "sentence": 0, "start": bomb, "end": bomb + 8}],
    }


def test_show_names_each_context_with_its_words_and_claims_of_responsibility():
    text = "The group claimed responsibility for the car bomb."
    out = render(text, _record(text))
    assert "  about: terrorism (\u201ccar bomb\u201d)" in out
    assert "claim:statement of responsibility" in out


def test_show_without_contexts_prints_no_about_line():
    text = "The group claimed responsibility for the car bomb."
    rec = _record(text)
    rec["events"][0]["context"] = []
    rec["claims"][0]["responsibility"] = False
    out = render(text, rec)
    assert "about:" not in out and "of responsibility" not in out
