"""Toponym resolution: rank gazetteer candidates on prominence, feature type and document context."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .base import Gazetteer
from .normalize import normalize
from .records import Candidate, Country

#: Prior weight of a feature code: countries and capitals are what news usually means.
_FEATURE_PRIOR = {"PCLI": 0.35, "CONT": 0.3, "PPLC": 0.25, "ADM1": 0.2, "RGN": 0.2, "RGNE": 0.2,
                  "PEN": 0.2, "UPLD": 0.2, "SEA": 0.2, "GULF": 0.2, "STRT": 0.2, "PPLA": 0.15, "ADM2": 0.1,
                  "PPL": 0.1, "MILB": 0.15, "AIRB": 0.05, "AIRP": 0.0, "BLDG": 0.1}
_MATCH_BONUS = {"name": 0.1, "alt": 0.05, "variant": 0.0}
_ADMIN_WORDS = re.compile(r"\s*(province|state|governorate|region|county|oblast|district|prefecture)\b", re.I)
_FACILITY_WORDS = re.compile(r"\b(air ?base|airfield|airport|air field|base|camp)\b", re.I)


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name to resolve, with its offsets in the document text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Resolution:
    toponym: Toponym
    candidate: Candidate | None
    score: float
    country: Country | None = None  # set when the name is a country's name


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Resolver:
    """Resolves every toponym of one document together, so each informs the others."""

    def __init__(self, gazetteer: Gazetteer, min_score: float = 0.2, limit: int = 30,
                 demonyms: bool = False) -> None:
        self.gaz = gazetteer
        self.min_score = min_score
        self.limit = limit
        self.country_weight = 0.5
        self.admin1_weight = 0.15
        self.demonyms = demonyms  # resolve "Russian" to Russia (for gold spans that mark them)

    def resolve(self, text: str, toponyms: list[Toponym],
                extra_countries: tuple[str, ...] = ()) -> list[Resolution]:
        """One Resolution per toponym (candidate None when nothing scores ``min_score``)."""
        cands = [self._candidates(t) for t in toponyms]
        countries = [self.gaz.country(t.text) for t in toponyms]
        evidence: Counter[str] = Counter()
        own: list[Counter[str]] = []  # each toponym's own vote, left out when ranking it
        admin1s: set[str] = set()
        for iso in extra_countries:
            evidence[iso] += 1.0
        for country, cs in zip(countries, cands, strict=True):
            vote: Counter[str] = Counter()
            if country is not None:
                # "Georgia" is a country and a US state: split the vote between them.
                rivals = [c for c in cs if c.feature_code == "ADM1" and c.population >= 1_000_000]
                vote[country.iso2] += 0.5 if rivals else 1.0
                for c in rivals[:1]:
                    vote[c.country or ""] += 0.5
                    admin1s.add(c.admin1 or "")
            elif cs and _dominant(cs):
                vote[cs[0].country or ""] += 0.5
                if cs[0].admin1:
                    admin1s.add(cs[0].admin1)
            own.append(vote)
            evidence.update(vote)
        # First pass without distances gives provisional points for the second.
        first = [self._rank(text, t, cs, evidence - mine, admin1s, [])
                 for t, cs, mine in zip(toponyms, cands, own, strict=True)]
        points = [(t.text, c.lat, c.lon) for t, (c, _s) in zip(toponyms, first, strict=True) if c is not None]
        out = []
        for t, cs, country, mine in zip(toponyms, cands, countries, own, strict=True):
            others = [(la, lo) for name, la, lo in points if name != t.text]
            best, score = self._rank(text, t, cs, evidence - mine, admin1s, others)
            if best is not None and score < self.min_score:
                best = None
            chosen_country = country if best is not None and best.feature_code == "PCLI" else None
            out.append(Resolution(t, best, round(min(score, 1.0), 3), chosen_country))
        return out

    def _candidates(self, t: Toponym) -> list[Candidate]:
        try:
            found = self.gaz.candidates(t.text, self.limit)
            abbrev = t.text.rstrip(".").lower()
            if abbrev in _US_STATES and (t.text.endswith(".") or t.text.isupper() or not found):
                code = _US_STATES[abbrev]
                found = [c for c in self.gaz.candidates(_US_STATE_NAMES[code], self.limit)
                         if c.admin1 == f"US.{code}" and c.feature_code == "ADM1"]
            if not found and self.demonyms:
                country = self.gaz.demonym(t.text)
                if country is not None:
                    found = [c for c in self.gaz.candidates(country.name, self.limit) if c.feature_code == "PCLI"]
            if not found:
                stripped = _ADMIN_WORDS.sub("", t.text).strip()
                if stripped and stripped != t.text:
                    found = self.gaz.candidates(stripped, self.limit)
            return found
        except Exception:  # noqa: BLE001 - one bad name must never empty a document
            return []

    def _rank(self, text: str, t: Toponym, cands: list[Candidate], evidence: Counter[str],
              admin1s: set[str], others: list[tuple[float, float]]) -> tuple[Candidate | None, float]:
        if not cands:
            return None, 0.0
        total = sum(evidence.values()) or 1.0
        after = text[t.end : t.end + 40]
        admin_word = bool(_ADMIN_WORDS.match(after))
        facility = bool(_FACILITY_WORDS.search(t.text))
        comma = _comma_context(after)
        city_names = {(normalize(c.name), c.admin1) for c in cands if c.feature_class == "P"}
        big_namesake = any(c.feature_class == "P" and (c.feature_code == "PPLC" or c.population >= 300_000)
                           for c in cands)
        best, best_score = None, -1.0
        for c in cands:
            pop = min(1.0, math.log10(c.population + 1) / 7.0)
            score = 0.45 * pop + _FEATURE_PRIOR.get(c.feature_code or "", 0.1) + _MATCH_BONUS.get(c.match, 0)
            if c.feature_code in ("AIRB", "AIRP", "MILB") and facility:
                score += 0.5
            if c.feature_code in ("ADM1", "ADM2"):
                if admin_word:
                    score += 0.3
                elif (normalize(c.name), c.admin1) in city_names or big_namesake:
                    score -= 0.2  # "Baghdad" is the city unless the text says "province"
            score += self.country_weight * evidence.get(c.country or "", 0.0) / total
            if c.admin1 and c.admin1 in admin1s and c.feature_code != "ADM1":
                score += self.admin1_weight
            if comma and self._comma_matches(comma, c):
                score += 0.6
            if others and c.feature_code not in ("PCLI", "CONT"):
                nearest = min(haversine_km(c.lat, c.lon, la, lo) for la, lo in others)
                score += 0.15 * math.exp(-nearest / 300.0)
            if score > best_score:
                best, best_score = c, score
        return best, best_score

    def _comma_matches(self, name: str, c: Candidate) -> bool:
        country = self.gaz.country(name)
        if country is not None:
            return country.iso2 == c.country
        if c.admin1_name and normalize(c.admin1_name) == normalize(name):
            return True
        abbrev = _US_STATES.get(name.rstrip(".").lower())
        return bool(abbrev and c.admin1 == f"US.{abbrev}")


def _dominant(cands: list[Candidate]) -> bool:
    top = cands[0]
    if len(cands) == 1:
        return True
    return top.population >= 100_000 and top.population >= 10 * max(1, cands[1].population)


def _comma_context(after: str) -> str | None:
    m = re.match(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", after)
    return m.group(1) if m else None


#: AP-style and postal state abbreviations ("Paris, Texas", "Athens, Ga.") -> GeoNames admin1.
_US_STATES = {
    "ala": "AL", "al": "AL", "alaska": "AK", "ak": "AK", "ariz": "AZ", "az": "AZ", "ark": "AR", "ar": "AR",
    "calif": "CA", "ca": "CA", "colo": "CO", "co": "CO", "conn": "CT", "ct": "CT", "del": "DE", "de": "DE",
    "fla": "FL", "fl": "FL", "ga": "GA", "hawaii": "HI", "hi": "HI", "idaho": "ID", "id": "ID", "ill": "IL",
    "il": "IL", "ind": "IN", "in": "IN", "iowa": "IA", "ia": "IA", "kan": "KS", "ks": "KS", "ky": "KY",
    "la": "LA", "maine": "ME", "me": "ME", "md": "MD", "mass": "MA", "ma": "MA", "mich": "MI", "mi": "MI",
    "minn": "MN", "mn": "MN", "miss": "MS", "ms": "MS", "mo": "MO", "mont": "MT", "mt": "MT", "neb": "NE",
    "ne": "NE", "nev": "NV", "nv": "NV", "n.h": "NH", "nh": "NH", "n.j": "NJ", "nj": "NJ", "n.m": "NM",
    "nm": "NM", "n.y": "NY", "ny": "NY", "n.c": "NC", "nc": "NC", "n.d": "ND", "nd": "ND", "ohio": "OH",
    "oh": "OH", "okla": "OK", "ok": "OK", "ore": "OR", "or": "OR", "pa": "PA", "r.i": "RI", "ri": "RI",
    "s.c": "SC", "sc": "SC", "s.d": "SD", "sd": "SD", "tenn": "TN", "tn": "TN", "texas": "TX", "tx": "TX",
    "utah": "UT", "ut": "UT", "vt": "VT", "va": "VA", "wash": "WA", "wa": "WA", "w.va": "WV", "wv": "WV",
    "d.c": "DC", "dc": "DC", "wis": "WI", "wi": "WI", "wyo": "WY", "wy": "WY",
}

_US_STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "DC": "District of Columbia", "WY": "Wyoming",
}
