"""A recognised toponym (:class:`Found`) and what the words around a name say: relation, offset,
facility; shared by the recognition passes in :mod:`eventwire.geo.toponyms`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Span

LOCATIVE_PREPS = frozenset({"in", "at", "near", "into", "outside", "inside", "across", "throughout",
                            "from", "to", "toward", "towards", "around", "on", "within", "over", "off"})
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
             "southwest": 225, "west": 270, "northwest": 315}
_DIR = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
#: "the capital, Baghdad" / "the city of Mosul" between the relation and the name.
_APPOSITION = r"(?:the\s+(?:\w+\s+)?(?:capital|city|town|village|province|region|border)(?:\s+of)?\s*,?\s*)?"
_DISTANCE = re.compile(
    r"(\d[\d,.]*)\s*-?\s*(km|kms|kilometers?|kilometres?|miles?|mi)\s+\(?[^()]{0,20}?\)?\s*"
    + _DIR + r"\s+of\s+" + _APPOSITION + r"$", re.I)
_DIRECTION = re.compile(r"\b" + _DIR + r"\s+of\s+" + _APPOSITION + r"$", re.I)
_NEAR = re.compile(r"\b(near|nearby|outside|close to|just outside|on the outskirts of|outskirts of|"
                   r"in the vicinity of|not far from)\s+(?:the\s+)?" + _APPOSITION + r"$", re.I)
_PART = re.compile(r"\b(northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|"
                   r"south-?western|central|downtown)\s+$")
_FACILITY = re.compile(r"^(\s+(?:air ?base|airfield|air field|airport|military base|army base|naval base|"
                       r"base|camp|prison|refinery|border crossing|crossing))\b", re.I)
_MILES_KM = 1.609344
#: "in (the) X", "in central X", "in nearby X", "the village of X", "north of X", "the outskirts of X", "the
#: capital X": words before a name that make it a place.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?:" + "|".join(sorted(LOCATIVE_PREPS)) + r")\s+(?:the\s+)?(?:(?:north|south|east|west)?(?:-?(?:north|"
    r"south|east|west))?(?:ern)?\s+|central\s+|downtown\s+|nearby\s+)?|(?:village|town|city|district|province|"
    r"region|area|neighbou?rhood|suburb|county|state|camp|island|municipality|governorate|capital|"
    r"hometown)\s+of\s+|"
    # "northeast of X", "the outskirts of X", "the entrance to X"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?|outskirts|countryside|suburbs|edge|heart|"
    r"vicinity|environs|entrance|gates|inside|outside)\s+(?:of|to)\s+(?:the\s+)?|"
    r"\bcapital(?:\s+city)?,?\s+)$", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """A recognised toponym: its evidence span, the name to look up and how it relates to the place."""

    span: Span
    text: str
    lookup: str
    label: str
    relation: str | None = None
    precision: int | None = None  # forced precision (2 for "near", parts, offsets)
    distance_km: float | None = None
    bearing: float | None = None
    demonym: bool = False  # "Russian", "Iraqis": a reference to a country, never an event's site
    modifier: bool = False  # "US-led", "Iran-backed", "London-based": says who, never an event's site


def _bearing_of(word: str) -> tuple[str, float]:
    key = word.lower().replace("-", "")
    for name, deg in _BEARINGS.items():
        if key.startswith(name):
            abbrev = "".join(p[0].upper() for p in re.findall(r"north|south|east|west", name))
            return abbrev, float(deg)
    return "?", 0.0


def _context(text: str, start: int, end: int) -> tuple[str | None, int | None, float | None, float | None, int]:
    """(relation, precision, distance km, bearing, new start) from the words before a toponym."""
    before = text[max(0, start - 80) : start]
    m = _DISTANCE.search(before)
    if m:
        raw = float(m.group(1).replace(",", ""))
        km = raw * _MILES_KM if m.group(2).lower().startswith("mi") else raw
        abbrev, deg = _bearing_of(m.group(3))
        return f"{m.group(1)} {m.group(2)} {abbrev} of", 2, km, deg, start - (len(before) - m.start())
    m = _DIRECTION.search(before)
    if m:
        abbrev, deg = _bearing_of(m.group(1))
        return f"{abbrev} of", 2, None, deg, start - (len(before) - m.start())
    m = _NEAR.search(before)
    if m:
        return "near", 2, None, None, start - (len(before) - m.start())
    m = _PART.search(before)
    if m:
        return f"{m.group(1)} part of", 2, None, None, start - (len(before) - m.start())
    return None, None, None, None, start


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


#: Around a name but not part of it: a leading article, a possessive ending ("Iran's").
_LEADING_THE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?$")
#: abbreviations a place name ends in, whose stop is part of the name (US states as AP writes them)
_ABBREVIATIONS = frozenset(
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont "
    "neb nebr nev okla ore pa penn tenn tex va vt wash wis wisc wyo st mt ft".split()
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The name's own offsets: "the United States" -> "United States", "Iran's" -> "Iran", and
    "Hama." -> "Hama" at the end of a line, where the tokenizer leaves the sentence's full stop on
    the word (an abbreviation keeps its stop: "U.S.", "St.", "Calif.")."""
    m = _LEADING_THE.match(text[start:end])
    if m and end - start - m.end() >= 2:
        start += m.end()
    m = _POSSESSIVE.search(text[start:end])
    if m and end - start - len(m.group(0)) >= 2:
        end -= len(m.group(0))
    if (end - start > 4 and text[end - 1] == "." and "." not in text[start:end - 1]
            and (end == len(text) or text[end] in "\r\n")
            and text[start:end - 1].split()[-1].lower() not in _ABBREVIATIONS):
        end -= 1
    return start, end


def _make(text: str, start: int, end: int, label: str) -> Found:
    start, end = _trim(text, start, end)
    name = text[start:end]
    lookup = _strip_the(name)
    fac = _FACILITY.match(text[end : end + 30])
    if fac:
        end += len(fac.group(1))
        lookup = _strip_the(text[start:end])
        label = "FAC"
    relation, precision, km, bearing, rel_start = _context(text, start, end)
    del rel_start  # the evidence span stays the name itself; the relation words are in `relation`
    return Found(Span(start, end), text[start:end], lookup, label, relation, precision, km, bearing)


def offset_point(lat: float, lon: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) on the given bearing (spherical earth)."""
    r = km / 6371.0
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(r) + math.cos(p1) * math.sin(r) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(r) * math.cos(p1), math.cos(r) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


#: "the village of Sogam", "the towns of Khan Touman, Aleis and Alzorba", "the settlement of Rashah".
