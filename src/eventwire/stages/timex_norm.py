"""Normalisation for the TIMEX3 normaliser: one handler per recognition family, in document order."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .timex_calendar import (
    _ORDINALS,
    _PARTS,
    _PRECISION_UNIT,
    _SEASONS,
    _UNIT_PRECISION,
    _UNIT_RANK,
    _UNITS,
    _WEEKDAYS,
    Timex,
    _add,
    _duration,
    _format,
    _month,
    _nearest_year,
    _num,
    _safe_day,
    _spoken_year,
    _unit,
    _unit_precision_of,
    _week,
    _weekday_date,
    _x_precision,
    _year_of,
    interval,
)
from .timex_patterns import _F, _precision_hint, _tense

#: What may follow "a day before" when it stands alone ("... the day before.").
_ENDS_PHRASE = re.compile(r"\s*(?:[,.;:)!?\"”]|$)")
_REFS = {
    "PRESENT_REF": (
        "now",
        "currently",
        "current",
        "nowadays",
        "at present",
        "presently",
        "at the moment",
        "these days",
        "right now",
    ),
    "FUTURE_REF": ("future", "the future", "the near future", "soon"),
}
_SET_ADV = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "quarterly": "P3M",
    "hourly": "PT1H",
    "nightly": "P1D",
    "biannually": "P6M",
    "biweekly": "P2W",
}
_ENTITY_PLURAL = re.compile(
    r"^(?:the\s+|these\s+)?(?:early\s+|first\s+|past\s+)?(?P<u>days|weeks|months|years|decades|hours|minutes)$",
    _F,
)
_ENTITY_THE = re.compile(
    r"^(?:the|that|this)\s+(?:fiscal\s+|full\s+|same\s+|latest\s+)*(?P<u>day|week|month|year|quarter)$",
    _F,
)


class _Normaliser:
    """Normalises candidates in document order, remembering the last date for relative ones."""

    def __init__(self, text: str, anchor: dt.date | None, parse: Any, weekday_default: str) -> None:
        self.text, self.anchor, self.parse = text, anchor, parse
        self.weekday_default = weekday_default
        self.ref: tuple[dt.date, str] | None = None  # (a day in it, unit) of the last resolved date

    def tense(self, m: re.Match[str]) -> str | None:
        return _tense(self.text, m.start(), m.end(), self.parse)

    def run(self, family: str, m: re.Match[str]) -> Timex | None:
        try:
            got = getattr(self, "_" + family)(m, m.groupdict())
        except (ValueError, OverflowError):  # a date outside year 1..9999 ("100 centuries ago")
            return None
        if got is None:
            return None
        kind, value, rule, *extra = got
        end = extra[0] if extra and extra[0] is not None else m.end()
        relation, offset = (extra[1], extra[2]) if len(extra) > 1 else (None, None)
        unanchored = self.anchor is None and rule.endswith("~")
        rule = family + ":" + rule.rstrip("~") + (":unanchored" if unanchored else "")
        if kind in ("DATE", "TIME"):
            precision, begin, until = interval(value)
            if value and not begin and "X" in value:
                precision = _x_precision(value)
            elif value is None:
                precision = (
                    "time" if kind == "TIME" else _precision_hint(self.text[m.start() : end])
                )
            if begin and precision != "time":
                self.ref = (begin, _PRECISION_UNIT.get(precision, "D"))
            elif begin:
                self.ref = (begin, "D")
        else:
            precision, begin, until = (extra[3] if len(extra) > 3 else "unknown"), None, None
        if value and value.endswith("_REF"):
            precision = "unknown"
        return Timex(
            m.start(),
            end,
            self.text[m.start() : end],
            kind,
            value,
            precision,
            rule,
            begin,
            until,
            relation,
            offset,
        )

    def entity(self, start: int, end: int, label: str) -> Timex | None:
        """A parser entity no rule found: a vague plural is a DURATION, "the year" the last year named."""
        text = self.text[start:end]
        m = _ENTITY_PLURAL.match(text)
        if m:
            unit, precision = _unit(m["u"])
            return Timex(
                start,
                end,
                text,
                "DURATION",
                _duration(None, unit, m["u"]),
                precision,
                "entity:plural",
            )
        m = _ENTITY_THE.match(text)
        base = self.ref[0] if self.ref else self.anchor
        if m and base is not None:
            unit = _UNITS[m["u"].lower()][0]
            precision, begin, until = interval(_format(base, unit))
            return Timex(
                start,
                end,
                text,
                "DATE",
                _format(base, unit),
                precision,
                "entity:the-unit",
                begin,
                until,
            )
        return Timex(
            start,
            end,
            text,
            "TIME" if label == "TIME" else "DATE",
            None,
            "unknown",
            "entity:unknown",
        )

    # each handler returns (type, value, rule[, end, relation, offset, precision]); "~" = needs anchor

    def _iso(self, m, g):
        return "DATE", _safe_day(int(g["y"]), int(g["m"]), int(g["d"])), "iso"

    def _numeric(self, m, g):
        y = int(g["y"])
        y = y if y > 99 else (1900 + y if y > 30 else 2000 + y)
        return "DATE", _safe_day(y, int(g["m"]), int(g["d"])), "m/d/y"

    def _mdy(self, m, g):
        mon, day = _month(g["mon"]), int(g["d"])
        if not 1 <= day <= 31:
            return None
        if g["y"]:
            return "DATE", _safe_day(int(g["y"]), mon, day), "month-day-year"
        if self.anchor is None:
            return "DATE", f"XXXX-{mon:02d}-{day:02d}", "month-day~"
        return (
            "DATE",
            _safe_day(_nearest_year(self.anchor, mon, day, self.tense(m)), mon, day),
            "month-day~",
        )

    _dmy = _mdy

    def _monthyear(self, m, g):
        mon, y = _month(g["mon"]), g["y"].lower()
        if y.isdigit():
            return "DATE", f"{int(y):04d}-{mon:02d}", "month-year"
        if self.anchor is None:
            return "DATE", None, "month-relyear~"
        shift = {"this year": 0, "last year": -1, "next year": 1}[" ".join(y.split())]
        return "DATE", f"{self.anchor.year + shift:04d}-{mon:02d}", "month-relyear~"

    def _month(self, m, g):
        mon = _month(g["mon"])
        if g["num"]:
            year = _spoken_year(g["num"])
            return ("DATE", f"{year:04d}-{mon:02d}", "month-year") if year else None
        if self.anchor is None:
            return "DATE", f"XXXX-{mon:02d}", "month~"
        mod = " ".join((g["mod"] or "").lower().split())
        a = self.anchor
        if mod in ("last", "past", "this past"):
            year = a.year if mon < a.month else a.year - 1
        elif mod in ("next", "coming", "this coming"):
            year = a.year if mon > a.month else a.year + 1
        elif mod == "this":
            year = a.year
        else:
            year = _nearest_year(a, mon, None, self.tense(m))
        return "DATE", f"{year:04d}-{mon:02d}", "month~"

    def _year(self, m, g):
        year = _year_of(g["y"])
        return ("DATE", f"{year:04d}", "year") if year else None

    def _decade(self, m, g):
        if g["dec"]:
            return "DATE", g["dec"], "decade"
        digit = (
            int(g["short"])
            if g["short"]
            else (
                [
                    "twenties",
                    "thirties",
                    "forties",
                    "fifties",
                    "sixties",
                    "seventies",
                    "eighties",
                    "nineties",
                ].index(g["word"].lower())
                + 2
            )
        )
        century = 19 if self.anchor is None or self.anchor.year < 2000 + digit * 10 else 20
        return "DATE", f"{century}{digit}", "decade"

    def _century(self, m, g):
        n = int(g["n"])
        return ("DATE", f"{n - 1:02d}", "century") if 0 < n <= 21 else None

    def _quarter(self, m, g):
        ordw = g["ord"].lower()
        year = int(g["y"] or g["y2"] or 0) or None
        if year is None and g["rel"] and self.anchor:
            year = self.anchor.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
        if year is None and self.anchor:
            possessive = re.search(r"(this|last|next)\s+year's", m.group(0), re.IGNORECASE)
            if possessive:
                year = self.anchor.year + {"this": 0, "last": -1, "next": 1}[possessive[1].lower()]
        if ordw in _ORDINALS:
            q = _ORDINALS[ordw]
            if year is None and self.anchor is None:
                return "DATE", f"XXXX-Q{q}", "quarter~"
            return (
                "DATE",
                f"{year or self.anchor.year:04d}-Q{q}",
                "quarter~" if not year else "quarter",
            )
        if self.anchor is None:
            return "DATE", None, "quarter-relative~"
        shift = {"next": 1, "current": 0, "this": 0, "final": 0}.get(ordw, -1)
        base = self.anchor
        if ordw in ("year-earlier", "year-ago", "same"):
            base = self.ref[0] if self.ref and self.ref[1] == "Q" else _add(self.anchor, -1, "Q")
            shift = -4 if ordw != "same" else 0
        return "DATE", _format(_add(base, shift, "Q"), "Q"), "quarter-relative~"

    def _season(self, m, g):
        code = _SEASONS[g["s"].lower()]
        if g["y"]:
            year = _year_of(g["y"])
            return ("DATE", f"{year:04d}-{code}", "season-year") if year else None
        if self.anchor is None:
            return "DATE", None, "season~"
        mod = (g["mod"] or "").lower()
        spans = []
        for y in range(self.anchor.year - 2, self.anchor.year + 2):
            _, b, e = interval(f"{y:04d}-{code}")
            if b is not None and e is not None:
                spans.append((y, b, e))
        a = self.anchor
        if mod in ("last", "past"):
            year = max((y for y, b, e in spans if e < a), default=None)
        elif mod in ("next", "coming"):
            year = min((y for y, b, e in spans if b > a), default=None)
        else:
            tense = self.tense(m)
            ok = [
                s
                for s in spans
                if not (tense == "past" and s[1] > a) and not (tense == "future" and s[2] < a)
            ]
            year = min(
                ok or spans,
                key=lambda s: (
                    0 if s[1] <= a <= s[2] else min(abs((s[1] - a).days), abs((s[2] - a).days))
                ),
            )[0]
        if year is None:
            return "DATE", None, "season~"
        return "DATE", f"{year:04d}-{code}", "season~"

    def _dayword(self, m, g):
        w, mod = g["w"].lower(), (g["mod"] or "").lower()
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[w]
        shift += -1 if mod == "the day before" else 1 if mod == "the day after" else 0
        part = _PARTS.get((g["part"] or "").lower()) or ("NI" if w == "tonight" else None)
        if self.anchor is None:
            return ("TIME" if part else "DATE"), None, "relative-day~"
        day = (self.anchor + dt.timedelta(days=shift)).isoformat()
        return (
            ("TIME", f"{day}T{part}", "relative-day~") if part else ("DATE", day, "relative-day~")
        )

    def _partofday(self, m, g):
        if not g["rel"]:
            rel, part = "last", "NI"
        else:
            rel, part = g["rel"].lower(), _PARTS[g["part"].lower()]
        if self.anchor is None:
            return "TIME", None, "part-of-day~"
        shift = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
        if rel == "last" and part != "NI":
            shift = -1
        return (
            "TIME",
            f"{(self.anchor + dt.timedelta(days=shift)).isoformat()}T{part}",
            "part-of-day~",
        )

    def _weekday(self, m, g):
        wd = _WEEKDAYS.index(g["wd"].lower())
        mod = " ".join((g["mod"] or "").lower().split())
        if g["pl"] and not mod:
            return "SET", f"XXXX-WXX-{wd + 1}", "weekday-plural", None, None, None, "day"
        pre = (g["pre"] or "").lower()
        part = _PARTS.get((g["part"] or "").lower()) or _PARTS.get(
            pre.replace("mid-", "").replace("mid", "")
        )
        clock = {"noon": "12:00", "midnight": "24:00"}.get(pre)
        if self.anchor is None:
            value = f"XXXX-WXX-{wd + 1}"
            rule = "weekday~"
        else:
            if mod in ("last", "this past", "past"):
                direction = "last"
            elif mod in ("next", "coming", "this coming"):
                direction = "next"
            else:
                tense = self.tense(m)
                direction = tense or self.weekday_default
                if direction == "nearest":
                    back = _weekday_date(self.anchor, wd, "past")
                    fwd = _weekday_date(self.anchor, wd, "future")
                    direction = "past" if (self.anchor - back) <= (fwd - self.anchor) else "future"
            value = _weekday_date(self.anchor, wd, direction).isoformat()
            rule = f"weekday-{direction}~"
        if clock or part:
            if value.startswith("XXXX"):
                return "TIME", None, rule
            return "TIME", f"{value}T{clock or part}", rule
        return "DATE", value, rule

    def _relperiod(self, m, g):
        rel, unit_word = g["rel"].lower(), g["unit"].lower()
        unit = _UNITS[unit_word][0]
        shift = {
            "this": 0,
            "current": 0,
            "same": 0,
            "last": -1,
            "past": -1,
            "previous": -1,
            "prior": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
        }[rel]
        base = self.anchor
        if rel in ("following", "same", "prior", "previous") and self.ref:
            base = self.ref[0]
        if base is None:
            return "DATE", None, f"{rel}-{unit_word}~"
        return "DATE", _format(_add(base, shift, unit), unit), f"{rel}-{unit_word}~"

    def _endof(self, m, g):
        unit = _UNITS[g["unit"].lower()][0]
        base = (
            self.ref[0] if self.ref and _UNIT_RANK[self.ref[1]] <= _UNIT_RANK[unit] else self.anchor
        )
        if base is None:
            return "DATE", None, "end-of~"
        return "DATE", _format(base, unit), "end-of~"

    def _duration(self, m, g):
        word = g["unit"].lower()
        unit, precision = _unit(word)
        n = _num(g["num"])
        rel = " ".join((g["rel"] or "").lower().split())
        if not rel:
            return "DURATION", _duration(n, unit, word), "duration", None, None, None, precision
        sign = -1 if rel in ("ago", "earlier", "before", "previously") else 1
        if rel in ("before", "after") and not _ENDS_PHRASE.match(self.text, m.end()):
            # "a day after several explosions hit": a DURATION that shifts the time of what follows
            end = m.start("rel")
            while end > m.start() and self.text[end - 1].isspace():
                end -= 1
            return (
                "DURATION",
                _duration(n, unit, word),
                "duration-" + rel,
                end,
                rel,
                (n if n is not None else 0, unit),
                precision,
            )
        fine = unit in ("H", "S") or (unit == "M" and word.startswith("minute"))
        gran = "D" if fine else {"WE": "W", "DE": "Y", "CE": "Y"}.get(unit, unit)
        base = (
            self.anchor
            if rel in ("ago", "from now", "hence")
            else (self.ref[0] if self.ref else self.anchor)
        )
        rule = "ago~" if base is self.anchor else "shifted-reference"
        if (
            self.ref
            and unit == "Y"
            and n == 1
            and self.ref[1] in ("Q", "M")
            and base is not None
            and abs(self.ref[0].year - base.year) <= 1
        ):
            # "a year earlier" after a quarter: that quarter, a year before
            base, gran = self.ref
        if n is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "vague-" + rel
        if base is None:
            return "DATE", None, rule
        shifted = base if fine else _add(base, sign * n, "W" if unit == "WE" else unit)
        return "DATE", _format(shifted, gran), rule

    def _bareunits(self, m, g):
        word = g["unit"].lower()
        unit, precision = _unit(word)
        mod = " ".join((g["mod"] or "").lower().split())
        if g["rel"] or mod in ("recent", "past", "the past", "the last"):
            return "DATE", "PAST_REF", "vague-past"
        if mod in ("coming", "the coming", "the next"):
            return "DATE", "FUTURE_REF", "vague-future"
        return (
            "DURATION",
            _duration(None, unit, word),
            "vague-duration",
            None,
            None,
            None,
            precision,
        )

    def _weekend(self, m, g):
        if self.anchor is None:
            return "DATE", None, "weekend~"
        saturday = _weekday_date(self.anchor, 5, "future" if self.tense(m) == "future" else "past")
        return "DATE", _week(saturday) + "-WE", "weekend~"

    def _yearago(self, m, g):
        if self.ref and self.ref[1] in ("Q", "M", "Y"):
            return "DATE", _format(_add(self.ref[0], -1, "Y"), self.ref[1]), "year-earlier"
        if self.anchor is None:
            return "DATE", None, "year-earlier~"
        return "DATE", f"{self.anchor.year - 1:04d}", "year-earlier~"

    def _relday(self, m, g):
        rel, word = g["rel"].lower(), g["unit"].lower()
        unit = {"night": "D", "morning": "D"}.get(word) or _UNITS[word][0]
        shift = {"next": 1, "following": 1, "same": 0}.get(rel, -1)
        if self.ref is None or _UNIT_RANK[self.ref[1]] > _UNIT_RANK[unit]:
            if rel != "next" or self.anchor is None:
                return "DATE", None, "relative-to-reference"
            return "DATE", _format(_add(self.anchor, shift, unit), unit), "next~"
        return "DATE", _format(_add(self.ref[0], shift, unit), unit), "relative-to-reference"

    def _dayrel(self, m, g):
        rel, word = g["rel"].lower(), g["unit"].lower()
        unit = "D" if word == "night" else _UNITS[word][0]
        sign = -1 if rel in ("before", "earlier") else 1
        if rel in ("before", "after") and not _ENDS_PHRASE.match(self.text, m.end()):
            # "the day before the vote": like "a day before X", it dates what follows
            end = m.start("rel")
            while end > m.start() and self.text[end - 1].isspace():
                end -= 1
            return "DATE", None, "the-unit-" + rel, end, rel, (1, unit)
        if self.ref is None:
            return "DATE", None, "relative-to-reference"
        base, gran = self.ref
        gran = gran if _UNIT_RANK[gran] > _UNIT_RANK[unit] else unit
        return "DATE", _format(_add(base, sign, unit), gran), "relative-to-reference"

    def _ref(self, m, g):
        w = " ".join(g["w"].lower().split())
        for value, words in _REFS.items():
            if w in words:
                return "DATE", value, "reference"
        return "DATE", "PAST_REF", "reference"

    def _time(self, m, g):
        if g["word"]:
            w = g["word"].lower().replace("-", "")
            hhmm = {
                "noon": "12:00",
                "midday": "12:00",
                "midnight": "24:00",
                "midafternoon": "AF",
                "midmorning": "MO",
            }[w]
        elif g["h24"] is not None:
            hhmm = f"{int(g['h24']):02d}:{g['mi24']}"
        else:
            h = int(g["h"])
            if not 1 <= h <= 12:
                return None
            pm = g["ap"].lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
            hhmm = f"{h:02d}:{g['mi'] or '00'}"
        if self.anchor is None:
            return "TIME", None, "clock~"
        day = self.ref[0] if self.ref and self.ref[1] == "D" else self.anchor
        return "TIME", f"{day.isoformat()}T{hhmm}", "clock~"

    def _set(self, m, g):
        if g["adv"]:
            value = _SET_ADV[g["adv"].lower()]
            return "SET", value, "set-adverb", None, None, None, _unit_precision_of(value)
        if g["q"]:
            what = g["what"].lower()
            if what in _WEEKDAYS:
                return (
                    "SET",
                    f"XXXX-WXX-{_WEEKDAYS.index(what) + 1}",
                    "every-weekday",
                    None,
                    None,
                    None,
                    "day",
                )
            if what in ("morning", "night"):
                return "SET", f"XXXX-XX-XXT{_PARTS[what]}", "every-part", None, None, None, "time"
            if what in _UNITS:
                unit = _UNITS[what][0]
                return "SET", f"P1{unit}", "every-unit", None, None, None, _UNIT_PRECISION[unit]
            return "SET", f"XXXX-{_month(what):02d}", "every-month", None, None, None, "month"
        unit = _UNITS[(g["per"] or g["per2"]).lower()][0]
        return "SET", f"P1{unit}", "per-unit", None, None, None, _UNIT_PRECISION[unit]
