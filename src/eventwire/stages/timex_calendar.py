"""Calendar arithmetic and number words for the TIMEX3 normaliser.

Holds the :class:`Timex` record, ``interval(value)`` (the precision and the days a TIMEX3 value
covers) and ``shift_value`` ("a day after" a given value).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {
    "second": ("S", "time"),
    "minute": ("M", "time"),
    "hour": ("H", "time"),
    "day": ("D", "day"),
    "night": ("D", "day"),
    "week": ("W", "week"),
    "weekend": ("WE", "week"),
    "month": ("M", "month"),
    "quarter": ("Q", "quarter"),
    "year": ("Y", "year"),
    "decade": ("DE", "decade"),
    "century": ("CE", "century"),
}
_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a": 1,
    "an": 1,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "couple": 2,
    "half": 0.5,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_UNIT_RANK = {"S": 0, "H": 0, "D": 1, "WE": 2, "W": 2, "M": 3, "Q": 4, "Y": 5, "DE": 6, "CE": 7}
_UNIT_PRECISION = {
    "S": "time",
    "H": "time",
    "D": "day",
    "W": "week",
    "WE": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "decade",
    "CE": "century",
}
_PRECISION_UNIT = {
    "day": "D",
    "time": "D",
    "week": "W",
    "month": "M",
    "season": "Q",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}
_SEASON_BOUNDS = {
    "SP": ((3, 20), (6, 20)),
    "SU": ((6, 21), (9, 22)),
    "FA": ((9, 23), (12, 20)),
    "WI": ((12, 21), (3, 19)),
}
_VALUE_RX = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d)(?:T(?P<t>.+))?)?|W(?P<w>\d\d)(?P<we>-WE)?"
    r"|Q(?P<q>[1-4])|(?P<s>SP|SU|FA|WI)))?$|^(?P<dec>\d{3})$|^(?P<cen>\d\d)$"
)


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in text: extent, TIMEX3 type and value, precision, covered days."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    precision: str
    rule: str  # the family and rule that fired; ends in ":unanchored" when the anchor was missing
    begin: dt.date | None = None
    until: dt.date | None = None
    #: For "a day after X" / "two weeks before X": the signed offset the DURATION shifts X by.
    relation: str | None = None  # "after" or "before"
    offset: tuple[int, str] | None = None  # (n, unit letter), e.g. (1, "D")


def _add(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "D":
        return day + dt.timedelta(days=n)
    if unit in ("W", "WE"):
        return day + dt.timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit] * n
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def _format(day: dt.date, unit: str) -> str:
    """The value of the period of granularity ``unit`` containing ``day``."""
    if unit == "D":
        return day.isoformat()
    if unit == "W":
        return _week(day)
    if unit == "WE":
        return _week(day) + "-WE"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{day.year:04d}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    return f"{day.year // 100:02d}"


def interval(value: str | None) -> tuple[str, dt.date | None, dt.date | None]:
    """``(precision, first day, last day)`` that a TIMEX3 DATE/TIME value covers; unknown if not a date."""
    m = _VALUE_RX.match(value or "")
    if not m:
        return "unknown", None, None
    try:
        if m["dec"]:
            y = int(m["dec"]) * 10
            return "decade", dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31)
        if m["cen"]:
            y = int(m["cen"]) * 100
            return "century", dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)
        y = int(m["y"])
        if m["d"]:
            day = dt.date(y, int(m["m"]), int(m["d"]))
            return ("time" if m["t"] else "day"), day, day
        if m["m"]:
            mo = int(m["m"])
            return "month", dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m["w"]:
            monday = dt.date.fromisocalendar(y, int(m["w"]), 1)
            if m["we"]:
                return "week", monday + dt.timedelta(5), monday + dt.timedelta(6)
            return "week", monday, monday + dt.timedelta(6)
        if m["q"]:
            q = int(m["q"])
            last = dt.date(y, q * 3, calendar.monthrange(y, q * 3)[1])
            return "quarter", dt.date(y, q * 3 - 2, 1), last
        if m["s"]:
            (m1, d1), (m2, d2) = _SEASON_BOUNDS[m["s"]]
            return "season", dt.date(y, m1, d1), dt.date(y + (m["s"] == "WI"), m2, d2)
        return "year", dt.date(y, 1, 1), dt.date(y, 12, 31)
    except (ValueError, OverflowError):  # 2019-02-30, week 54, year 10000: covers no days
        return "unknown", None, None


def shift_value(value: str | None, n: int, unit: str) -> str | None:
    """``value`` moved by ``n`` units (D, W, M, Q, Y, ...), at the coarser of the two grains."""
    precision, start, end = interval(value)
    if start is None or end is None:
        return None
    gran = _PRECISION_UNIT.get(precision, "D")
    if unit in ("H", "S"):
        n, unit = 0, "D"
    unit = "W" if unit == "WE" else unit
    if _UNIT_RANK[unit] > _UNIT_RANK[gran]:
        gran = unit
    middle = start + (end - start) // 2
    try:
        return _format(_add(middle, n, unit), gran)
    except (ValueError, OverflowError):  # shifted out of years 1..9999
        return None


def _num(text: str) -> int | None:
    """The integer a number phrase names, or None for vague ones ("several", "a few")."""
    t = text.lower().replace("-", " ").strip()
    if "couple" in t:
        return 2
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"[\d.]+( \d/\d)?", t) or "half" in t:
        return None
    total = 0
    for word in t.split():
        if word in ("of", "and"):
            continue
        if word == "hundred":
            total = max(total, 1) * 100
        elif word in _SMALL:
            total += int(_SMALL[word])
        else:
            return None
    return total or None


def _spoken_year(text: str) -> int | None:
    t = text.lower().replace("-", " ")
    if t.startswith("nineteen"):
        rest = _num(t[len("nineteen") :])
        return 1900 + rest if rest is not None and rest < 100 else None
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        return 2000 + (_num(rest) or 0) if rest else 2000
    return None


def _year_of(text: str) -> int | None:
    return int(text) if text.isdigit() else _spoken_year(text)


def _month(text: str) -> int:
    return MONTHS[text.lower().removeprefix("mid-")[:3]]


def _unit(word: str) -> tuple[str, str]:
    w = word.lower().rstrip("s")
    w = "century" if w.startswith("centur") else w
    return _UNITS[w]


def _duration(n: int | None, unit: str, word: str) -> str:
    scale = {"Q": (3, "M"), "DE": (10, "Y"), "CE": (100, "Y")}.get(unit)
    if scale and n is not None:
        n, unit = n * scale[0], scale[1]
    count = "X" if n is None else str(n)
    if word.lower().startswith(("hour", "minute", "second")):
        return f"PT{count}{unit}"
    if unit == "WE":
        return f"P{count}WE"
    return f"P{count}{unit}"


def _weekday_date(anchor: dt.date, wd: int, direction: str) -> dt.date:
    if direction == "future":
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)
    if direction == "next":
        return anchor + dt.timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
    if direction == "last":
        return anchor - dt.timedelta(days=(anchor.weekday() - wd - 1) % 7 + 1)
    return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)


def _nearest_year(anchor: dt.date, month: int, day: int | None, tense: str | None) -> int:
    """The year that puts month(/day) nearest the anchor; a clear tense overrides a far choice."""
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(dt.date(y, month, day or 15))
        except ValueError:
            continue
    if not cands:
        return anchor.year
    best = min(cands, key=lambda c: abs((c - anchor).days))
    if abs((best - anchor).days) <= (60 if day else 90) or tense is None:
        return best.year
    if tense == "past" and best > anchor:
        return max(c for c in cands if c <= anchor + dt.timedelta(days=0 if day else 16)).year
    if tense == "future" and best < anchor:
        return min(c for c in cands if c >= anchor - dt.timedelta(days=0 if day else 16)).year
    return best.year


def _safe_day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _x_precision(value: str) -> str:
    if "W" in value:
        return "day" if value.count("-") == 2 else "week"
    if "Q" in value:
        return "quarter"
    return {2: "day", 1: "month"}.get(value.count("-"), "year")


def _unit_precision_of(value: str) -> str:
    return _UNIT_PRECISION.get(value.lstrip("PT1")[-1:], "unknown")
