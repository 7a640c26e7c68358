"""Find temporal expressions in raw text and normalise them TIMEX3-style against an anchor date.

``find_timexes(text, anchor, parse=None) -> list[Timex]`` is pure (no spaCy needed, no clock):
regular-expression families propose candidates, the longest non-overlapping ones win, and each is
normalised in document order (so "a year earlier" can use the last date mentioned). News
conventions: a bare weekday is the nearest such day on or before the anchor unless the context is
future; "last week" is the ISO week before the anchor's. Without an anchor, relative expressions
keep ``value=None`` (or an X-pattern such as ``XXXX-08``) and their rule ends in ``:unanchored``.
``interval(value)`` turns a value into ``(precision, start, end)``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .timex_calendar import Timex, interval, shift_value
from .timex_norm import _Normaliser
from .timex_patterns import _candidates

__all__ = ["Timex", "find_timexes", "interval", "shift_value"]


_GLUE = re.compile(r"^\s*,?\s*$")


def find_timexes(
    text: str, anchor: dt.date | None = None, parse: Any = None, weekday_default: str = "past"
) -> list[Timex]:
    """Every temporal expression in ``text``, normalised against ``anchor`` (publication date or None).

    ``parse`` (a spaCy Doc over the same text) sharpens tense decisions and adds its DATE/TIME
    entities as extra candidates; ``weekday_default`` is "past", "future" or "nearest" for a bare
    weekday whose clause shows no tense.
    """
    if not text:
        return []
    cands = _candidates(text)
    if parse is not None:
        cands = _with_entities(text, parse, cands)
    norm = _Normaliser(text, anchor, parse, weekday_default)
    out: list[Timex] = []
    for start, end, family, m in cands:
        if family == "entity":
            timex = norm.entity(start, end, m)
            if timex is not None:
                out.append(timex)
            continue
        timex = norm.run(family, m)
        if timex is not None:
            out.append(timex)
    return _merge(text, out)


def _with_entities(text: str, parse: Any, cands: list) -> list:
    """Add the parser's DATE/TIME entities that no rule found (value unknown, but their extent counts)."""
    extra = []
    for ent in getattr(parse, "ents", ()):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start_char, ent.end_char
        if any(c[0] < e and s < c[1] for c in cands):
            continue
        if not re.search(
            r"\b(?:day|week|month|year|decade|centur|hour|minute|season|quarter|night|morning)",
            text[s:e],
            re.IGNORECASE,
        ) or re.search(r"\bold\b|-old|ly$", text[s:e]):
            continue  # bare numbers, names, ages ("6-year-old") and adverbs are mostly noise
        extra.append((s, e, "entity", ent.label_))
    return sorted(cands + extra, key=lambda c: c[0])


def _merge(text: str, timexes: list[Timex]) -> list[Timex]:
    """Join a clock time and the day right after it ("10 p.m. Wednesday") into one TIME."""
    out: list[Timex] = []
    for t in timexes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.rule.startswith("time:")
            and t.type == "DATE"
            and t.precision == "day"
            and _GLUE.match(text[prev.end : t.start])
            and prev.value
            and "T" in prev.value
        ):
            value = f"{t.value}T{prev.value.split('T', 1)[1]}"
            out[-1] = Timex(
                prev.start,
                t.end,
                text[prev.start : t.end],
                "TIME",
                value,
                "time",
                prev.rule + "+" + t.rule,
                t.begin,
                t.until,
            )
            continue
        out.append(t)
    return out
