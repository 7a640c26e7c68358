"""The pure TIMEX3 normaliser: recognition, values against an anchor, no anchor, odd input."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.model import DATE_PRECISIONS
from eventwire.stages.timex import find_timexes, interval, shift_value

ANCHOR = dt.date(2019, 8, 21)  # a Wednesday


def one(text: str, anchor: dt.date | None = ANCHOR, **kw):
    found = find_timexes(text, anchor, **kw)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "extent", "value", "type_", "precision"),
    [
        # weekdays: nearest on or before the anchor unless the clause is future
        ("Wednesday's statement came from the group.", "Wednesday", "2019-08-21", "DATE", "day"),
        ("The minister on Monday rejected the plan.", "Monday", "2019-08-19", "DATE", "day"),
        ("Talks took place on Thursday.", "Thursday", "2019-08-15", "DATE", "day"),
        ("The envoys will meet on Monday.", "Monday", "2019-08-26", "DATE", "day"),
        ("They meet again next Monday.", "next Monday", "2019-08-26", "DATE", "day"),
        ("It happened last Wednesday.", "last Wednesday", "2019-08-14", "DATE", "day"),
        ("Shelling resumed Friday night.", "Friday night", "2019-08-16TNI", "TIME", "time"),
        # relative days, weeks, months, years
        ("Another explosion last week hit a depot.", "last week", "2019-W33", "DATE", "week"),
        ("Police said yesterday that two died.", "yesterday", "2019-08-20", "DATE", "day"),
        ("The vote is today.", "today", "2019-08-21", "DATE", "day"),
        ("The vote is tomorrow.", "tomorrow", "2019-08-22", "DATE", "day"),
        ("Protests are planned tonight.", "tonight", "2019-08-21TNI", "TIME", "time"),
        ("Fighting flared this week.", "this week", "2019-W34", "DATE", "week"),
        ("It was agreed earlier this month.", "earlier this month", "2019-08", "DATE", "month"),
        ("It rose last month.", "last month", "2019-07", "DATE", "month"),
        ("Elections were held last year.", "last year", "2018", "DATE", "year"),
        ("Exports fell this year.", "this year", "2019", "DATE", "year"),
        ("Elections are due next year.", "next year", "2020", "DATE", "year"),
        ("Two soldiers died two days ago.", "two days ago", "2019-08-19", "DATE", "day"),
        ("The truce ended three years ago.", "three years ago", "2016", "DATE", "year"),
        # explicit dates
        ("It was signed on Aug. 21, 2019, in Doha.", "Aug. 21, 2019", "2019-08-21", "DATE", "day"),
        ("It was signed on 3 March 2018.", "3 March 2018", "2018-03-03", "DATE", "day"),
        ("The deadline is 21 August.", "21 August", "2019-08-21", "DATE", "day"),
        ("Troops left in August 2019.", "August 2019", "2019-08", "DATE", "month"),
        ("Filed 2019-08-21 by staff.", "2019-08-21", "2019-08-21", "DATE", "day"),
        ("Israel struck Iraq in 1981, when jets bombed a reactor.", "1981", "1981", "DATE", "year"),
        ("The war of the 1990s left scars.", "the 1990s", "199", "DATE", "decade"),
        ("It was built in the 20th century.", "the 20th century", "19", "DATE", "century"),
        ("Raids were frequent last summer.", "last summer", "2018-SU", "DATE", "season"),
        ("Profit rose in the third quarter.", "the third quarter", "2019-Q3", "DATE", "quarter"),
        (
            "Output fell in the first quarter of 2018.",
            "the first quarter of 2018",
            "2018-Q1",
            "DATE",
            "quarter",
        ),
        # times, durations, sets, references
        ("The blast came at 3 p.m. near the market.", "3 p.m.", "2019-08-21T15:00", "TIME", "time"),
        ("The siege lasted for three days.", "three days", "P3D", "DURATION", "day"),
        ("He served three years in prison.", "three years", "P3Y", "DURATION", "year"),
        ("The talks lasted two hours.", "two hours", "PT2H", "DURATION", "time"),
        ("Patrols go out every Monday.", "every Monday", "XXXX-WXX-1", "SET", "day"),
        ("Convoys are searched daily.", "daily", "P1D", "SET", "day"),
        ("The group is now stronger.", "now", "PRESENT_REF", "DATE", "unknown"),
        ("Clashes have recently intensified.", "recently", "PAST_REF", "DATE", "unknown"),
    ],
)
def test_values_against_anchor(text, extent, value, type_, precision):
    t = one(text)
    assert (t.text, t.value, t.type, t.precision) == (extent, value, type_, precision)
    assert text[t.start : t.end] == t.text


def test_covered_days_follow_the_value():
    week = one("An explosion last week killed one.")
    assert (week.begin, week.until) == (dt.date(2019, 8, 12), dt.date(2019, 8, 18))
    year = one("The last time was in 1981.")
    assert (year.begin, year.until) == (dt.date(1981, 1, 1), dt.date(1981, 12, 31))


def test_a_day_after_is_a_duration_that_shifts_what_follows():
    t = one("The statements came a day after several explosions hit a base.")
    assert (t.text, t.type, t.value) == ("a day", "DURATION", "P1D")
    assert (t.relation, t.offset) == ("after", (1, "D"))
    before = one("Troops withdrew two weeks before the vote.")
    assert (before.text, before.relation, before.offset) == ("two weeks", "before", (2, "W"))


def test_the_day_before_a_phrase_carries_the_relation():
    t = one("Crowds gathered the day before the vote.")
    assert (t.text, t.value, t.precision) == ("the day", None, "day")
    assert (t.relation, t.offset) == ("before", (1, "D"))


def test_the_day_before_alone_is_relative_to_the_last_date():
    found = find_timexes("The vote was on March 3, 2018. Crowds gathered the day before.", ANCHOR)
    assert [t.value for t in found] == ["2018-03-03", "2018-03-02"]
    alone = one("Crowds gathered the day before.")
    assert (alone.value, alone.precision) == (None, "day")


def test_a_year_earlier_keeps_the_grain_of_the_last_date():
    found = find_timexes("Profit rose in the third quarter. It fell a year earlier.", ANCHOR)
    assert [t.value for t in found] == ["2019-Q3", "2018-Q3"]


def test_the_next_day_is_relative_to_the_last_date_named():
    found = find_timexes("Talks began on March 3, 2018. The next day they broke down.", ANCHOR)
    assert [t.value for t in found] == ["2018-03-03", "2018-03-04"]


def test_clock_time_joins_the_following_day():
    t = one("The attack began at 10 p.m. Wednesday, police said.")
    assert (t.text, t.type, t.value) == ("10 p.m. Wednesday", "TIME", "2019-08-21T22:00")


def test_weekday_default_option():
    assert one("Talks are on Friday.", weekday_default="past").value == "2019-08-16"
    assert one("Talks are on Friday.", weekday_default="future").value == "2019-08-23"
    assert one("Talks are on Thursday.", weekday_default="nearest").value == "2019-08-22"


# --- no anchor: relative expressions stay unresolved and say so -------------------------------


def test_no_anchor_leaves_relative_values_unresolved():
    monday = one("The minister on Monday rejected the plan.", None)
    assert monday.value == "XXXX-WXX-1" and monday.rule.endswith(":unanchored")
    week = one("An explosion last week killed one.", None)
    assert (week.value, week.precision, week.begin) == (None, "week", None)
    assert week.rule.endswith(":unanchored")
    yesterday = one("Police said yesterday that two died.", None)
    assert (yesterday.value, yesterday.precision) == (None, "day")
    assert one("Troops left in August.", None).value == "XXXX-08"
    assert one("Two soldiers died two days ago.", None).value is None


def test_no_anchor_keeps_absolute_values():
    assert one("Israel struck Iraq in 1981.", None).value == "1981"
    assert one("It was signed on Aug. 21, 2019.", None).value == "2019-08-21"
    assert one("The siege lasted for three days.", None).value == "P3D"


# --- odd input and things that are not times ---------------------------------------------------


def test_empty_and_blank_text():
    assert find_timexes("", ANCHOR) == []
    assert find_timexes("   \n\t", ANCHOR) == []


def test_non_ascii_text_keeps_offsets():
    text = "Le ministre a parlé — «Ça suffit» 🙂 — on Monday in Zürich."
    t = one(text)
    assert (t.text, t.value) == ("Monday", "2019-08-19")
    assert text[t.start : t.end] == "Monday"
    assert find_timexes("Ça s'est passé mercredi à Genève.", ANCHOR) == []


@pytest.mark.parametrize(
    "text",
    [
        "About 2000 soldiers were deployed.",
        "The 6-year-old boy was wounded.",
        "The cost was $1990 per unit.",
        "Prices may fall again.",
        "Thousands march in the capital.",
        "Seconds later a second blast hit.",
    ],
)
def test_not_times(text):
    assert [t.text for t in find_timexes(text, ANCHOR)] == []


# --- interval and shift -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        ("2019-08-21", "day", dt.date(2019, 8, 21), dt.date(2019, 8, 21)),
        ("2019-08-21T15:00", "time", dt.date(2019, 8, 21), dt.date(2019, 8, 21)),
        ("2019-W33", "week", dt.date(2019, 8, 12), dt.date(2019, 8, 18)),
        ("2019-W33-WE", "week", dt.date(2019, 8, 17), dt.date(2019, 8, 18)),
        ("2019-02", "month", dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        ("2019-Q3", "quarter", dt.date(2019, 7, 1), dt.date(2019, 9, 30)),
        ("2019-WI", "season", dt.date(2019, 12, 21), dt.date(2020, 3, 19)),
        ("1981", "year", dt.date(1981, 1, 1), dt.date(1981, 12, 31)),
        ("198", "decade", dt.date(1980, 1, 1), dt.date(1989, 12, 31)),
        ("19", "century", dt.date(1900, 1, 1), dt.date(1999, 12, 31)),
        ("PAST_REF", "unknown", None, None),
        ("2019-02-30", "unknown", None, None),
        (None, "unknown", None, None),
    ],
)
def test_interval(value, precision, start, end):
    assert interval(value) == (precision, start, end)


def test_shift_value():
    assert shift_value("2019-08-21", -1, "D") == "2019-08-20"
    assert shift_value("2019-W33", -1, "W") == "2019-W32"
    assert shift_value("2019-08-21", 2, "W") == "2019-W36"
    assert shift_value("2019-03-31", -1, "M") == "2019-02"
    assert shift_value("PAST_REF", -1, "D") is None


@pytest.mark.parametrize(
    "anchor", [None, dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2020, 2, 29)]
)
def test_extreme_anchors_and_odd_phrases_do_not_raise(anchor):
    text = (
        "100 centuries ago, 999 years later, on 31/31/2019, Feb. 30, 2019, the 99th century, "
        "next Monday at 25:00, 13 p.m., last winter, the year-earlier quarter, a day before."
    )
    for t in find_timexes(text, anchor):
        assert text[t.start : t.end] == t.text
        assert t.precision in DATE_PRECISIONS


def test_shift_out_of_range_is_none():
    assert shift_value("0001-01-01", -1, "D") is None
    assert shift_value("9999-12-31", 1, "Y") is None
