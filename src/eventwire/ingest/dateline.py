"""A publication date from a wire-style dateline at the very start of an article, if it has a year.

Accepted shapes (the date must carry a year, and a dash or colon must close the dateline):
``BAGHDAD, Aug. 21, 2019 (Reuters) -``, ``WASHINGTON, 21 August 2019 —``, ``Aug. 21, 2019 —``,
``LONDON, Wednesday, August 21, 2019 --``, ``2019-08-21:``. A dateline without a year
(``BAGHDAD, Aug 21 (Reuters) -``) or without a date (``WASHINGTON (AP) —``) gives nothing:
a year guessed from the clock would be wrong for every archived article.
"""

from __future__ import annotations

import datetime as dt
import re

from ..stages.timex_calendar import MONTHS as _MONTHS  # one month table for the project
_MONTH = (
    r"(?P<{g}>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Jun\.|Jul\.|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
# A place in capitals ("BAGHDAD", "NEW DELHI", "PORT-AU-PRINCE"), optionally ", State" in any case.
_PLACE = (
    r"(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)"
)
_DATE = (
    rf"(?:{_MONTH.format(g='m1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+{_MONTH.format(g='m2')},?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))"
)
_AGENCY = r"(?:\s*\((?:[A-Za-z][A-Za-z.&' \-]{0,40})\))"
_END = r"\s*(?:--|[-\u2013\u2014:])\s"

_DATELINE = re.compile(
    rf"\A\s*(?:{_PLACE}\s*,?\s+)?{_WEEKDAY}?{_DATE}(?:\s*/[A-Za-z ]+/)?{_AGENCY}?{_END}"
)


def dateline_date(text: str) -> dt.date | None:
    """The date of a dateline that opens ``text`` (first 160 characters, one line), or None."""
    head = text[:160].split("\n", 1)[0] + " "
    m = _DATELINE.match(head)
    if not m:
        return None
    g = m.groupdict()
    try:
        if g["y1"]:
            return dt.date(int(g["y1"]), _month(g["m1"]), int(g["d1"]))
        if g["y2"]:
            return dt.date(int(g["y2"]), _month(g["m2"]), int(g["d2"]))
        return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except ValueError:  # "Feb. 30, 2019" is not a date
        return None


def _month(name: str) -> int:
    key = name.rstrip(".").lower()
    return _MONTHS.get(key[:3], 0)
