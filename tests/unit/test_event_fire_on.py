"""'Fire on/at X': an assault when X is people, forces or what carries them; not 'fired him'."""

from __future__ import annotations

import pytest

from eventwire.model import Article


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Security forces fired on protesters in the capital.", [("ASSAULT", "crowd-control")]),
        ("Gunmen fired on a police patrol near Kandahar.", [("ASSAULT", "firearms")]),
        ("Soldiers fired at a car that failed to stop.", [("ASSAULT", "firearms")]),
        ("The company fired him on Monday.", []),
        ("The coach fired at reporters' questions for an hour.", []),
    ],
)
def test_fire_on(pipeline, text, expected):
    doc = pipeline.run(Article(text=text, id="t"))
    assert [(e.type, e.mode[0] if e.mode else None) for e in doc.events] == expected
