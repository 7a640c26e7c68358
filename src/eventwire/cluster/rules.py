"""When two mentions can be the same happening, and how much says they are: one rule per field.

Each rule answers twice: whether the two values are *compatible* (a conflict anywhere keeps the
mentions apart) and how much *evidence* a match is (a place within a few km, a named victim, the
same death toll). Two mentions are the same happening when every rule is compatible and the
evidence adds up to ``ClusterOptions.min_evidence``: agreeing on nothing but type and day is
not enough in a news stream where police fire in ten towns on the same day.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field

from ..config import ClusterOptions
from .mention import Mention, Participant
from .text import STOPWORDS, TextIndex

#: Pairs of PLOVER types one happening is coded as by different reports. Same type always matches.
#: ASSAULT~PROTEST: a riot is "violent protest" in one report and an attack in another.
#: ASSAULT~COERCE: police force is "fired on the mob" (ASSAULT) or "crowd control" (COERCE),
#: except that an arrest is never an assault (see ``ARREST_MODES``).
COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"ASSAULT", "PROTEST"}),
        frozenset({"ASSAULT", "COERCE"}),
    }
)
#: COERCE modes that name an arrest or seizure: such a COERCE never matches an ASSAULT.
ARREST_MODES = frozenset({"arrest", "detain", "seize", "curfew", "ban", "censor"})

#: Names too common to identify a participant: a match on them is weak evidence.
GENERIC_NAMES = frozenset(
    {
        "police",
        "policemen",
        "cops",
        "mob",
        "mobs",
        "rioters",
        "people",
        "persons",
        "protesters",
        "troops",
        "army",
        "soldiers",
        "forces",
        "security forces",
        "government",
        "officials",
        "miscreants",
        "group",
        "crowd",
        "they",
        "he",
        "she",
        "we",
        "it",
        "villagers",
        "residents",
        "men",
        "women",
        "unidentified persons",
        "militants",
        "authorities",
        "state government",
    }
)

#: Date precisions that pin a single day (the rest span a week or more).
DAY_PRECISIONS = frozenset({"time", "day"})

EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Match:
    """The verdict on a pair: compatible or not, its evidence, and what the rules said."""

    compatible: bool
    evidence: float = 0.0
    why: tuple[str, ...] = field(default=())

    @property
    def same(self) -> bool:
        return self.compatible and self.evidence > 0


def types_compatible(a: Mention, b: Mention) -> bool:
    """Same PLOVER type, or a pair in ``COMPATIBLE_TYPES`` (an arrest never matches an assault)."""
    if a.type == b.type:
        return True
    if frozenset({a.type, b.type}) not in COMPATIBLE_TYPES:
        return False
    coerce = a if a.type == "COERCE" else b if b.type == "COERCE" else None
    return not (coerce is not None and set(coerce.mode) & ARREST_MODES)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def date_interval(m: Mention, options: ClusterOptions) -> tuple[_dt.date | None, _dt.date] | None:
    """The days the event may have happened on: ``(first or None for open, last)``, None if unknown.

    A date the text states gives its range. An event the text does not date happened on or
    before publication: ``[published - undated_lookback_days, published]``, or any day up to
    publication when ``undated_lookback_days`` is 0 (reports keep citing past happenings).
    """
    if m.date_from_text and m.date_start is not None:
        return m.date_start, m.date_end or m.date_start
    if m.published is not None:
        if options.undated_lookback_days > 0:
            return m.published - _dt.timedelta(days=options.undated_lookback_days), m.published
        return None, m.published
    if m.date_start is not None:
        return m.date_start, m.date_end or m.date_start
    return None


def _gap(a: tuple[_dt.date | None, _dt.date], b: tuple[_dt.date | None, _dt.date]) -> int:
    """Days between two intervals (0 when they overlap); an open start reaches any earlier day."""
    after = (b[0] - a[1]).days if b[0] is not None else 0
    before = (a[0] - b[1]).days if a[0] is not None else 0
    return max(after, before, 0)


def date_rule(a: Mention, b: Mention, options: ClusterOptions) -> Match:
    """Compatible when dates come within ``date_window_days``; evidence if both texts name it."""
    ia, ib = date_interval(a, options), date_interval(b, options)
    if ia is None or ib is None:
        return Match(True)
    gap = _gap(ia, ib)
    if gap > options.date_window_days:
        return Match(False, why=(f"dates {gap} days apart",))
    precise = (
        a.date_from_text
        and b.date_from_text
        and a.date_precision in DAY_PRECISIONS
        and b.date_precision in DAY_PRECISIONS
    )
    if precise:
        return Match(True, options.weight_date, ("same day" if gap == 0 else f"days {gap} apart",))
    return Match(True)


def _fine(m: Mention) -> bool:
    # ACLED precision 1 (the town) or 2 (near/part of it); a point of unknown precision is fine.
    return m.geo_precision in (1, 2) or (m.geo_precision is None and m.has_point)


def place_rule(a: Mention, b: Mention, options: ClusterOptions) -> Match:
    """Compatible when the places can be one spot, precision-aware; evidence for two close towns.

    Two town-level places must lie within ``max_km``; a region or country contains a town when
    the country agrees and the admin-1 agrees (or the region is the whole country). Different
    countries never match. A missing place is compatible and no evidence.
    """
    if a.country and b.country and a.country != b.country and (_fine(a) or _fine(b)):
        # A town in one country is never in another. Two country-level guesses that differ veto
        # nothing: a country is the geo stage's fallback, and the other rules still have to agree.
        return Match(False, why=(f"countries {a.country}/{b.country}",))
    if a.geonameid is not None and a.geonameid == b.geonameid and _fine(a) and _fine(b):
        return Match(True, options.weight_place, (f"same place {a.place}",))
    if a.has_point and b.has_point and _fine(a) and _fine(b):
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if km > options.max_km:
            return Match(False, why=(f"places {km:.0f} km apart",))
        return Match(True, options.weight_place, (f"places {km:.0f} km apart",))
    coarse = [m for m in (a, b) if m.geo_precision == 3]
    if coarse and a.place and b.place:
        fine = [m for m in (a, b) if m not in coarse]
        region = coarse[0]
        other = fine[0] if fine else coarse[-1]
        if region.admin1 and other.admin1 and region.admin1 != other.admin1:
            return Match(False, why=(f"regions {region.admin1}/{other.admin1}",))
        if region.admin1 and region.admin1 == other.admin1:
            return Match(True, options.weight_region, (f"same region {region.admin1}",))
    return Match(True)


def _name_weight(p: Participant, options: ClusterOptions) -> float:
    """Named-participant weight for a name with a word of its own ("ehsan jafri"), else generic
    ("police", "those", "58 persons")."""
    words = (p.name or "").split()
    if (
        words
        and words[-1] not in GENERIC_NAMES
        and any(
            len(w) >= 3 and w.isalpha() and w not in GENERIC_NAMES and w not in STOPWORDS
            for w in words
        )
    ):
        return options.weight_named_participant
    return options.weight_generic_participant


def _side(
    xs: tuple[Participant, ...], ys: tuple[Participant, ...], role: str, options: ClusterOptions
) -> Match:
    if not xs or not ys:
        return Match(True)
    best = 0.0
    for x in xs:
        for y in ys:
            if x.matches(y):
                named = bool(x.name and x.name == y.name)
                best = max(
                    best, _name_weight(x, options) if named else options.weight_generic_participant
                )
    if best:
        return Match(True, best, (f"same {role}",))
    # Sectors say who acts: police (COP) and a mob (no sector, or CVL) are different actors.
    sx = {x.sector for x in xs if x.sector}
    sy = {y.sector for y in ys if y.sector}
    if sx and sy and not sx & sy:
        return Match(
            False, why=(f"{role} sectors {'/'.join(sorted(sx))} vs {'/'.join(sorted(sy))}",)
        )
    if (sx and not sy) or (sy and not sx):
        # One side names a state force, the other only an unsectored group: a different actor.
        coded = xs if sx else ys
        if role == "actor" and any(p.sector in options.state_sectors for p in coded):
            return Match(False, why=(f"{role}: state force vs other",))
    return Match(True)


def participant_rule(a: Mention, b: Mention, options: ClusterOptions) -> Match:
    """Actors must not conflict (state forces vs others); a shared participant is evidence."""
    act = _side(a.actors, b.actors, "actor", options)
    if not act.compatible:
        return act
    rec = _side(a.recipients, b.recipients, "recipient", options)
    if not rec.compatible:
        return rec
    return Match(True, act.evidence + rec.evidence, act.why + rec.why)


def size_rule(a: Mention, b: Mention, options: ClusterOptions) -> Match:
    """Never a conflict (tolls change as reports come in); the same specific count is evidence.

    Counts below ``min_specific_count`` ("one killed", "two injured") recur every day of a riot
    and say nothing about which happening it is.
    """
    why: list[str] = []
    for name in ("dead", "injured", "arrested"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x == y and x >= options.min_specific_count:
            why.append(f"same {name} {x}")
    return Match(True, options.weight_size if why else 0.0, tuple(why))


def text_rule(a: Mention, b: Mention, options: ClusterOptions, text: TextIndex | None) -> Match:
    """Never a conflict; evidence: ``weight_text`` times the TF-IDF cosine of the sentences."""
    if text is None:
        return Match(True)
    cos, shared = text.similarity(a, b)
    if cos <= 0:
        return Match(True)
    return Match(True, options.weight_text * cos, (f"text {cos:.2f} ({', '.join(shared)})",))


def compare(
    a: Mention, b: Mention, options: ClusterOptions, text: TextIndex | None = None
) -> Match:
    """All rules on one pair: incompatible on the first conflict, else the summed evidence.

    Two events of one sentence are never one happening: the coder found two predicates there
    ("four burnt alive and two killed in police firing").
    """
    if a.article_id == b.article_id and a.sentence is not None and a.sentence == b.sentence:
        return Match(False, why=("same sentence",))
    if not types_compatible(a, b):
        return Match(False, why=(f"types {a.type}/{b.type}",))
    total, why, kinds = 0.0, [], set()
    for rule in (date_rule, place_rule, participant_rule, size_rule):
        m = rule(a, b, options)
        if not m.compatible:
            return m
        total += m.evidence
        why += m.why
        if m.evidence > 0 and specific(rule, m.evidence, options):
            kinds.add(rule.__name__)
    m = text_rule(a, b, options, text)
    total += m.evidence
    why += m.why
    if m.evidence >= options.weight_text * options.text_kind:
        kinds.add("text_rule")
    if a.type == b.type:
        why.insert(0, f"type {a.type}")
    if m.evidence < options.weight_text * options.text_alone and (
        len(kinds) < 2 or not kinds & {"date_rule", "place_rule", "size_rule"}
    ):
        # A happening is pinned by two specific things both reports agree on, one of them a
        # town, a day the texts name or a count: New Delhi alone, or a day alone, holds a dozen
        # happenings, and "four persons were killed" recurs all month. Near-identical
        # sentences (the same report) need nothing more.
        return Match(True, 0.0, tuple(why) + ("too little in common",))
    return Match(True, round(total, 4), tuple(why))


def specific(rule: object, evidence: float, options: ClusterOptions) -> bool:
    """Whether a rule's evidence pins a happening: a town (not region), day, named party, count."""
    if rule is place_rule:
        return evidence > options.weight_region
    if rule is participant_rule:
        return evidence >= options.weight_named_participant
    return True
