"""Toponym resolution: rank gazetteer candidates on prominence, feature type and document context."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .base import Gazetteer
from .normalize import normalize
from .records import Candidate, Country

#: Prior weight of a feature code: countries and capitals are what news usually means.
_FEATURE_PRIOR = {"PCLI": 0.35, "CONT": 0.3, "PPLC": 0.25, "ADM1": 0.2, "RGN": 0.2, "RGNE": 0.2,
                  "PEN": 0.2, "UPLD": 0.2, "OCN": 0.3, "DSRT": 0.2, "SEA": 0.2, "GULF": 0.2, "STRT": 0.2,
                  "PPLA": 0.15, "ADM2": 0.1,
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
    #: True when the name is not in the gazetteer and the candidate is the story's town it lies in.
    inherited: bool = False
    #: The score's lead over the best reading more than RIVAL_KM from the chosen one (None: no such
    #: rival), and how many readings are that far: what makes a choice a guess between places.
    margin: float | None = None
    rivals: int = 0
    #: The probability that the place is right (within 161 km), from a calibration trained on gold
    #: (:mod:`eventwire.learn.train_resolution`); None without one, when ``score`` is all there is.
    probability: float | None = None


#: A reading this far from the chosen one is another place, not the same one in another record.
RIVAL_KM = 161.0


def decision_inputs(r: Resolution) -> dict[str, float]:
    """What the resolution calibration reads of a choice: its score and lead over the nearest
    rival reading, how many rivals there were, how prominent and what kind of place it chose."""
    c = r.candidate
    if c is None:
        return {}
    if r.inherited:
        return {"inherited": 1.0}
    code = c.feature_code or ""
    kind = {"PCLI": "country", "CONT": "region", "RGN": "region", "ADM1": "adm1", "ADM2": "adm2",
            "PPLC": "capital"}.get(code, "town" if c.feature_class == "P" else "other")
    return {
        "score": min(r.score, 1.0),
        "margin": 1.0 if r.margin is None else min(r.margin, 1.0),
        "no_rival": float(r.margin is None),
        "rivals": math.log10(1 + r.rivals),
        "population": math.log10(c.population + 1) / 7.0,
        f"kind={kind}": 1.0,
        "alternate_name": float(c.match != "name"),
    }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Resolver:
    """Resolves every toponym of one document together, so each informs the others."""

    def __init__(self, gazetteer: Gazetteer, min_score: float = 0.2, limit: int = 30,
                 demonyms: bool = True, calibration: Callable[[Resolution], float] | None = None,
                 min_probability: float = 0.0) -> None:
        self.gaz = gazetteer
        self.min_score = min_score
        #: Maps a choice to the probability that it is right; with it, a choice under
        #: ``min_probability`` is left unresolved (no place rather than a likely wrong one).
        self.calibration = calibration
        self.min_probability = min_probability
        self.limit = limit
        self.country_weight = 0.5
        self.admin1_weight = 0.15
        self.support_weight = 0.5
        self.demonyms = demonyms  # resolve "Russian" to Russia, "European" to Europe

    def resolve(self, text: str, toponyms: list[Toponym],
                extra_countries: tuple[str, ...] = ()) -> list[Resolution]:
        """One Resolution per toponym (candidate None when nothing scores ``min_score``)."""
        cands = [self._spelled_out(text, t) or self._candidates(t) for t in toponyms]
        countries = [self.gaz.country(t.text) for t in toponyms]
        # Each distinct name votes once: a story that says "Dublin" twelve times has not
        # thereby told us twelve times that it is about Ireland.
        keys = [normalize(t.text) for t in toponyms]
        votes: dict[str, Counter[str]] = {}
        units: dict[str, set[str]] = {}
        for key, country, cs in zip(keys, countries, cands, strict=True):
            if key in votes:
                continue
            vote: Counter[str] = Counter()
            mine: set[str] = set()
            if country is not None:
                # "Georgia" is a country and a US state: split the vote between them.
                rivals = [c for c in cs if c.feature_code == "ADM1" and c.population >= 1_000_000]
                vote[country.iso2] += 0.5 if rivals else 1.0
                for c in rivals[:1]:
                    vote[c.country or ""] += 0.5
                    mine.add(c.admin1 or "")
            elif cs and _dominant(cs):
                vote[cs[0].country or ""] += 0.5
                if cs[0].admin1:
                    mine.add(cs[0].admin1)
            votes[key], units[key] = vote, mine
        evidence: Counter[str] = Counter()
        for iso in extra_countries:
            evidence[iso] += 1.0
        for vote in votes.values():
            evidence.update(vote)
        cands = [self._subdivision_code(t, cs, evidence) for t, cs in zip(toponyms, cands, strict=True)]
        own = [votes[k] for k in keys]
        others_units = {k: set().union(*(u for k2, u in units.items() if k2 != k)) for k in units}
        cands = [self._bare_county(t, cs, others_units[k]) for t, k, cs in zip(toponyms, keys, cands, strict=True)]
        support = _support(toponyms, cands)
        cells = _cells(keys, cands)
        # First pass without distances gives provisional points for the second.
        first = [self._rank(text, t, cs, evidence - mine, others_units[k], [], sup, None, cells.get(k))[:2]
                 for t, k, cs, mine, sup in zip(toponyms, keys, cands, own, support, strict=True)]
        points = [(t.text, c.lat, c.lon) for t, (c, _s) in zip(toponyms, first, strict=True) if c is not None]
        out = []
        longer = _longer_forms(toponyms, first)
        for t, k, cs, country, mine, sup in zip(toponyms, keys, cands, countries, own, support, strict=True):
            others = [(la, lo) for name, la, lo in points if name != t.text]
            best, score, rival, rivals = self._rank(text, t, cs, evidence - mine, others_units[k], others, sup,
                                                    longer.get(k), cells.get(k), rivals=True)
            if best is not None and score < self.min_score:
                best = None
            chosen_country = country if best is not None and best.feature_code == "PCLI" else None
            margin = None if best is None or rival is None else round(score - rival, 3)
            out.append(Resolution(t, best, round(min(score, 1.0), 3), chosen_country, margin=margin,
                                  rivals=rivals if best is not None else 0))
        return self._calibrated(self._inherit_focus(out))

    def _calibrated(self, out: list[Resolution]) -> list[Resolution]:
        """Each choice with its calibrated probability; one under ``min_probability`` unresolved."""
        if self.calibration is None:
            return out
        done = []
        for r in out:
            if r.candidate is not None:
                p = round(self.calibration(r), 3)
                r = dataclasses.replace(r, probability=p)
                if p < self.min_probability:
                    r = dataclasses.replace(r, candidate=None, country=None, inherited=False)
            done.append(r)
        return done

    def _inherit_focus(self, out: list[Resolution]) -> list[Resolution]:
        """Streets, buildings and neighbourhoods the gazetteer lacks ("Royal Street", "Bywater")
        lie in the story's town.

        The focus is the locality the document names most (twice at least, or the only one);
        without a clear one the name stays unresolved. Names that are likely far from it (see
        :func:`_inheritable`) stay unresolved too. The low score and ``inherited`` mark the guess.
        """
        if not any(r.candidate is None and _inheritable(r.toponym.text) for r in out):
            return out
        towns = Counter(r.candidate.geonameid for r in out
                        if r.candidate is not None and r.candidate.feature_class == "P")
        if not towns:
            return out
        (gid, n), *rest = towns.most_common(2) + [(None, 0)]
        if n < 2 and len(towns) > 1 or rest[0][1] == n:
            # No town leads: a street or building lies in the town named next to it ("MetroHealth
            # Medical Center in Cleveland"), when one is named within a few lines.
            return [self._nearest_town(r, out) if r.candidate is None and _inheritable(r.toponym.text)
                    else r for r in out]
        focus = next(r.candidate for r in out if r.candidate is not None and r.candidate.geonameid == gid)
        # A plain name (not a street or building) needs a story clearly about one town.
        clear = n >= 3 and n >= 2 * rest[0][1]
        return [Resolution(r.toponym, focus, self.min_score, None, inherited=True)
                if r.candidate is None and (_FACILITY_HEAD.search(r.toponym.text) or clear
                                            and _inheritable(r.toponym.text)) else r for r in out]

    def _nearest_town(self, r: Resolution, out: list[Resolution]) -> Resolution:
        """The town named closest to this name in the text, within ``_NEAR_CHARS``; else unresolved."""
        best: tuple[int, Candidate] | None = None
        for o in out:
            c = o.candidate
            if c is None or c.feature_class != "P" or o.inherited:
                continue
            gap = max(o.toponym.start - r.toponym.end, r.toponym.start - o.toponym.end)
            if gap <= _NEAR_CHARS and (best is None or gap < best[0]):
                best = (gap, c)
        return Resolution(r.toponym, best[1], self.min_score, None, inherited=True) if best else r

    def _spelled_out(self, text: str, t: Toponym) -> list[Candidate]:
        """"T&T", "SA", "NSW": initials the article spells out ("Trinidad and Tobago", "South
        Africa") are read as what they stand for, the spelling nearest before them (else after)."""
        letters = t.text.replace("&", "").replace(".", "")
        if not _INITIALS.match(t.text) or not 2 <= len(letters) <= 4:
            return []
        pattern = re.compile(r"\b" + letters[0] + r"[a-z]+" + "".join(
            r"(?:\s+(?:and|of|the|&))?\s+" + c + r"[a-z]+" for c in letters[1:]) + r"\b(?!\s+[A-Z][a-z])")
        spelled = [m for m in pattern.finditer(text) if not (m.start() < t.end and t.start < m.end())]
        if not spelled:
            return []
        before = [m for m in spelled if m.end() <= t.start]
        name = (before[-1] if before else spelled[0]).group(0)
        try:
            return [c for c in self.gaz.candidates(name, self.limit) if c.match in ("name", "alt")]
        except Exception:  # noqa: BLE001 - one bad name must never empty a document
            return []

    def _candidates(self, t: Toponym) -> list[Candidate]:
        try:
            found = self.gaz.candidates(t.text, self.limit)
            abbrev = re.sub(r"\.\s+", ".", t.text).rstrip(".").lower()  # "W. Va." is "W.Va."
            if abbrev in _US_STATES and (t.text.endswith(".") or t.text.isupper() or not found):
                code = _US_STATES[abbrev]
                found = [c for c in self.gaz.candidates(_US_STATE_NAMES[code], self.limit)
                         if c.admin1 == f"US.{code}" and c.feature_code == "ADM1"]
            province = _CA_PROVINCES.get(abbrev) if t.text.endswith(".") else None
            if province:  # "St. John's, N.L.", "Kelowna, B.C.": the Canadian press's abbreviations
                found = [c for c in self.gaz.candidates(province, self.limit)
                         if c.country == "CA" and c.feature_code == "ADM1"]
            if self.demonyms and (not any(c.population >= 100_000 for c in found)
                                  or normalize(t.text) in REGION_DEMONYMS):
                # "Canadian" officials are Canada's, not those of Canadian, Texas; "Western" leaders
                # are the West's unless the story is about a Western Province.
                found = self._demonym(t.text) + found
            if not found:
                stripped = _ADMIN_WORDS.sub("", t.text).strip()
                if stripped and stripped != t.text:
                    found = self.gaz.candidates(stripped, self.limit)
            for guess in _backoffs(t.text) if not found else ():
                found = self.gaz.candidates(guess, self.limit)
                if found:
                    break
            of = _INSTITUTION_OF.match(t.text) if not found else None
            if of:
                # "Bank of England", "University of California": the place after "of".
                found = [c for c in self.gaz.candidates(of.group(1), self.limit)
                         if c.match in ("name", "alt") and (c.feature_class in "AL" or c.population >= 10_000)]
            words = t.text.split()
            institution = bool(_FACILITY_HEAD.search(t.text)) or words[-1].isupper()
            # A river or lake is mostly near the town it is named after, an institution anywhere.
            min_town = 10_000 if _NATURAL_TAIL.search(t.text) else 100_000
            for n in range(len(words) - 1, 0, -1) if not found else ():
                # "Manila Cathedral", "Cavan Institute": the leading words name a well-known place.
                # A town must be a city: a leading "Bank", "Federal" or "Carnegie" is rarely a town.
                head = " ".join(words[:n])
                if not head[:1].isupper() or len(normalize(head)) < 4 or _COMPASS_PREFIX.match(head + " x"):
                    continue
                found = [c for c in self.gaz.candidates(head, self.limit)
                         if c.match == "name" and (c.feature_class == "A" and institution
                                                   or c.feature_class == "P" and c.population >= min_town)]
                if found:
                    break
            if not found and len(words) > 1:
                found = self._national(words)
            return found
        except Exception:  # noqa: BLE001 - one bad name must never empty a document
            return []

    def _national(self, words: list[str]) -> list[Candidate]:
        """A national body or thing by its people or country: "European Commission", "Mexican Senate",
        "US Federal Reserve", "Nazi Germany", "Western US" -> the country, continent or region."""
        if self.demonyms and words[0][:1].isupper():
            lead = self._demonym(words[0])
            if lead:
                return lead
        for word in (words[0], words[-1]):
            bare = word.replace(".", "")
            if len(bare) <= 3 and bare not in _NATIONAL_CODES:
                continue  # "SA", "NI": too many countries and provinces answer to two letters
            country = self.gaz.country(word)
            if country is not None:
                return [c for c in self.gaz.candidates(country.name, self.limit) if c.feature_code == "PCLI"][:1]
        return []

    def _bare_county(self, t: Toponym, found: list[Candidate], states: set[str]) -> list[Candidate]:
        """"Barrow", "DeKalb" in a story about Georgia: also the county of that name in the
        admin-1 units the other names of the story lie in (news drops "County" in lists)."""
        words = t.text.split()
        if not states or not 1 <= len(words) <= 2 or not t.text[:1].isupper() or t.text.isupper():
            return found
        if any(c.feature_code in ("ADM2", "ADM1", "PCLI", "CONT") or c.admin1 in states for c in found):
            return found  # a town of that name in those units is the likelier reading
        try:
            county = [c for c in self.gaz.candidates(f"{t.text} County", 10)
                      if c.feature_code == "ADM2" and c.admin1 in states and c.match == "name"]
        except Exception:  # noqa: BLE001 - one bad name must never empty a document
            return found
        return found + county

    def _subdivision_code(self, t: Toponym, found: list[Candidate], evidence: Counter[str]) -> list[Candidate]:
        """"BC", "NSW", "N.B.": a province's ISO 3166-2 code, read in the story's leading country.

        Only when the story's evidence points at a country (other than through this name) that
        has a subdivision with that code; the US postal codes keep their own path unless another
        country leads ("WA" in an Australian story is Western Australia).
        """
        code = t.text.replace(".", "").strip()
        if not _ABBREVIATION.match(t.text.strip()) or not evidence:
            return found
        if any(c.feature_code in ("PCLI", "CONT") or c.population >= 100_000 for c in found
               if not (c.feature_code == "ADM1" and c.country == "US")):
            return found
        iso, weight = evidence.most_common(1)[0]
        if not iso or (iso != "US" and evidence.get("US", 0.0) >= weight):
            return found
        try:
            sub = [c for c in self.gaz.candidates(f"{iso}-{code}", 5)
                   if c.feature_code == "ADM1" and c.country == iso]
        except Exception:  # noqa: BLE001 - one bad name must never empty a document
            return found
        return sub[:1] or found

    def _demonym(self, word: str) -> list[Candidate]:
        """The country, continent or region a demonym names ("Iraqi", "Europeans", "Ohioans")."""
        norm = normalize(word)
        if not norm or not word[:1].isupper():
            return []
        country = self.gaz.demonym(word)
        if country is None and norm.endswith("s"):
            country = self.gaz.demonym(word[:-1])
        if country is None and not norm.endswith("s"):
            country = self.gaz.country(word + "s")  # the adjective of a plural name: "Philippine"
        if country is not None:
            return [c for c in self.gaz.candidates(country.name, self.limit) if c.feature_code == "PCLI"][:1]
        singular = norm[:-1] if norm.endswith("ans") or norm[:-1] in REGION_DEMONYMS else norm
        name = REGION_DEMONYMS.get(singular)
        guesses = [name] if name else []
        if not guesses and singular.endswith("an") and len(singular) >= 5:
            # Derived demonyms of admin units: Ohio-an, Californi-an, Ontari-an, Texa-n.
            guesses = [singular[:-2], singular[:-1], singular[:-2] + "o", singular[:-1] + "s"]
        elif not guesses and len(singular) >= 5 and norm == singular:
            # Dagestan-i, Abkhaz-ia: the unit's name without its demonym ending, or with -ia.
            guesses = [singular[:-1]] if singular.endswith("i") else [singular + "ia"]
        for guess in guesses:
            found = [c for c in self.gaz.candidates(guess, self.limit)
                     if c.feature_code in ("PCLI", "CONT", "RGN", "RGNE", "ADM1", "PEN")]
            if found:
                return found[:1]
        return []

    def _rank(self, text: str, t: Toponym, cands: list[Candidate], evidence: Counter[str],
              admin1s: set[str], others: list[tuple[float, float]],
              support: Counter[str] | None = None, longer: set[int] | None = None,
              cells: set[tuple[int, int]] | None = None, rivals: bool = False
              ) -> tuple[Candidate | None, float, float | None, int]:
        """(best reading, its score, and with ``rivals`` the best score of a reading more than
        RIVAL_KM from it or None, and how many readings lie that far)."""
        if not cands:
            return None, 0.0, None, 0
        if longer and any(c.feature_code == "PCLI" for c in cands):
            longer = None  # "Mexico City" named in the story does not make "Mexico" the city
        total = sum(evidence.values()) or 1.0
        after = text[t.end : t.end + 40]
        admin_word = bool(_ADMIN_WORDS.match(after))
        facility = bool(_FACILITY_WORDS.search(t.text))
        comma = _comma_context(after)
        city_names = {(normalize(c.name), c.admin1) for c in cands if c.feature_class == "P"}
        big_namesake = any(c.feature_class == "P" and (c.feature_code == "PPLC" or c.population >= 300_000)
                           for c in cands)
        top_pop = max(c.population for c in cands)
        best, best_score = None, -1.0
        scores = []
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
            # Context moves a reading past a much more prominent namesake only so far: not past
            # China or Washington, D.C. for a hamlet in a state the article names.
            gap = math.log10((top_pop + 1) / (c.population + 1))
            context_fade = max(0.0, min(1.0, 1.0 - (gap - 1.0) / _CONTEXT_SPAN))
            score += self.country_weight * evidence.get(c.country or "", 0.0) / total * context_fade
            if c.admin1 and c.admin1 in admin1s and c.feature_code != "ADM1":
                score += self.admin1_weight * context_fade
            nearest = min((haversine_km(c.lat, c.lon, la, lo) for la, lo in others), default=math.inf)
            if support and (c.match == "name" or longer and c.geonameid in longer
                            or c.match == "alt" and c.population >= 1_000_000 and nearest <= _CITY_KM):
                # Co-mentioned names in the same state (or country, for a country) back this reading;
                # a city known by a longer name ("New York City") when the story names its longer
                # form or places around it ("Brooklyn"), and not only the state of that name.
                unit = c.admin1 if c.admin1 and c.feature_code != "PCLI" else f"={c.country}"
                fade = max(0.0, min(1.0, 1.0 - (gap - 1.0) / _GAPSPAN))
                score += self.support_weight * min(_CAP, support.get(unit, 0.0)) * fade
            if comma and self._comma_matches(comma, c):
                score += 0.6
            if cells and c.feature_code in _LOCAL_CODES and _cell(c.lat, c.lon, cells):
                # Another name of the story has a reading right next to this one ("Athens" beside
                # "Henderson County": Athens, Texas), however the first pass read that name.
                score += _NEIGHBOUR * max(0.0, min(1.0, 1.0 - (gap - 1.0) / _GAPSPAN))
            if longer and c.geonameid in longer and c.feature_class == "P":
                score += _LONGER_FORM  # "New York" in a story that says "New York City" is the city
            if others and c.feature_code not in ("PCLI", "CONT"):
                score += 0.15 * math.exp(-nearest / 300.0)
            scores.append(score)
            if score > best_score:
                best, best_score = c, score
        if not rivals or best is None:
            return best, best_score, None, 0
        far = [sc for c, sc in zip(cands, scores, strict=True)
               if haversine_km(c.lat, c.lon, best.lat, best.lon) > RIVAL_KM]
        return best, best_score, max(far, default=None), len(far)

    def _comma_matches(self, name: str, c: Candidate) -> bool:
        country = self.gaz.country(name)
        if country is not None:
            return country.iso2 == c.country
        if c.admin1_name and normalize(c.admin1_name) == normalize(name):
            return True
        abbrev = _US_STATES.get(name.rstrip(".").lower())
        return bool(abbrev and c.admin1 == f"US.{abbrev}")


#: Most co-mentions a reading can bank, and the prominence gap (decades of population past the
#: first) over which that backing fades to nothing.
_CAP = 2.0
_GAPSPAN = 1.5
_CONTEXT_SPAN = 6.0  # the same fade, gentler, for the document's countries and admin-1s


_LONGER_FORM = 0.3
_NEAR_CHARS = 300  # a street or building with no leading town lies in the town named this close
_CITY_KM = 50.0  # co-mentioned places this close to a big city are in or around it


def _longer_forms(toponyms: list[Toponym], first: list[tuple[Candidate | None, float]]) -> dict[str, set[int]]:
    """Per name, the places that longer names of the story containing it were read as: "New York" ->
    New York City when the story also says "New York City", "Washington" -> D.C. after "Washington, D.C."."""
    chosen: dict[str, set[int]] = {}
    for t, (c, _score) in zip(toponyms, first, strict=True):
        if c is not None:
            chosen.setdefault(normalize(t.text), set()).add(c.geonameid)
    out: dict[str, set[int]] = {}
    for key in chosen.keys() | {normalize(t.text) for t in toponyms}:
        if not key:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")
        ids = {gid for other, gids in chosen.items() if other != key and pattern.search(other) for gid in gids}
        if ids:
            out[key] = ids
    return out


_NEIGHBOUR = 0.15
_CELL_DEG = 0.25  # grid cells of a quarter degree (~28 km): the same or a touching cell is next door
_LOCAL_CODES = frozenset({"PPL", "PPLA", "ADM2"})  # towns and counties; a capital is rarely the local one


def _cells(keys: list[str], cands: list[list[Candidate]]) -> dict[str, set[tuple[int, int]]]:
    """Per distinct name, the grid cells of the local readings (towns, counties) of the other names."""
    own: dict[str, set[tuple[int, int]]] = {}
    for key, cs in zip(keys, cands, strict=True):
        cells = own.setdefault(key, set())
        for c in cs:
            if c.feature_code in _LOCAL_CODES:
                cells.add((int(c.lat // _CELL_DEG), int(c.lon // _CELL_DEG)))
    return {k: set().union(*(v for k2, v in own.items() if k2 != k)) for k in own}


def _cell(lat: float, lon: float, cells: set[tuple[int, int]]) -> bool:
    i, j = int(lat // _CELL_DEG), int(lon // _CELL_DEG)
    return any((i + di, j + dj) in cells for di in (-1, 0, 1) for dj in (-1, 0, 1))


def _support(toponyms: list[Toponym], cands: list[list[Candidate]]) -> list[Counter[str]]:
    """Per toponym, how strongly the other names of the document point at each admin-1.

    A name whose candidates lie in few admin-1s ("Ohio", "Franklin County, Ohio") votes firmly;
    one found in every state ("Springfield") spreads its vote thin. Repeats of a name count once.
    """
    votes: dict[str, Counter[str]] = {}
    for t, cs in zip(toponyms, cands, strict=True):
        key = normalize(t.text)
        if key in votes:
            continue
        # Each reading votes in proportion to its prominence, so "Greece" backs the country
        # far more than Greece, New York.
        weights = [math.sqrt(c.population + 100) for c in cs]
        norm_w = sum(weights) or 1.0
        vote: Counter[str] = Counter()
        for c, w in zip(cs, weights, strict=True):
            if c.admin1 and c.feature_code != "PCLI":
                vote[c.admin1] += w / norm_w
            if c.country:
                vote[f"={c.country}"] += w / norm_w
        votes[key] = vote
    total: Counter[str] = Counter()
    for v in votes.values():
        total.update(v)
    out = []
    for t in toponyms:
        mine = votes.get(normalize(t.text), Counter())
        out.append(Counter({u: w - mine.get(u, 0.0) for u, w in total.items() if w - mine.get(u, 0.0) > 1e-9}))
    return out


_NATIONAL_CODES = frozenset({"US", "USA", "UK", "UAE", "EU"})

#: A province code as news writes it: "BC", "NSW", "N.B.", "W.A." (two or three capitals).
_ABBREVIATION = re.compile(r"^(?:[A-Z]{2,3}|(?:[A-Z]\.){2,3})$")
#: Initials that may stand for a name the article spells out: "SA", "NSW", "T&T", "U.K.".
_INITIALS = re.compile(r"^(?:[A-Z]{2,4}|[A-Z]&[A-Z]|(?:[A-Z]\.){2,4})$")

_NATURAL_TAIL = re.compile(r"\s(?:river|creek|lake|bayou|valley|mountains?|hills?|forest|beach|island|bay|"
                           r"falls|springs?|canyon|reservoir|dam|park)$", re.I)
_INSTITUTION_OF = re.compile(r"^(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+of\s+(?:the\s+)?"
                             r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$")

_COMPASS_PREFIX = re.compile(r"^(?:north|south|east|west|central|northern|southern|eastern|western|"
                             r"northeast|northwest|southeast|southwest|upper|lower|downtown|greater|"
                             r"inner|outer|metro|metropolitan|suburban|rural)\s+(?=\S)", re.I)
_OF_PATTERN = re.compile(r"^(?:port|city|county|state|province|university|republic|district|"
                         r"region|commonwealth|municipality|town|township|village)\s+of\s+(?:the\s+)?(.+)$",
                         re.I)
_TRAILING_WORDS = re.compile(r"\s+(?:city|town|township|twp\.?|village|borough|metro|area|county|co\.|"
                             r"parish|state university|university|college|state)$", re.I)
_CITY_ABBREVIATIONS = {"la": "Los Angeles", "nyc": "New York City", "sf": "San Francisco"}


_FACILITY_HEAD = re.compile(
    r"\b(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|drive|highway|square|plaza|"
    r"center|centre|hall|cathedral|church|mosque|temple|tower|stadium|arena|court|academy|college|"
    r"school|university|hospital|medical center|park|estate|institute|bridge|mall|market|station|"
    r"quarter|neighbo(?:u)?rhood|prison|jail|courthouse|library|museum|hotel|airport|campus)$", re.I)


#: Names an unknown place probably lies far from the story's town with: natural features and
#: regions, countries and peoples, institutions of a state.
_FAR = re.compile(r"\b(?:mountains?|mount|mt|islands?|isles?|delta|sound|sea|ocean|gulf|bay|river|lake|"
                  r"valley|desert|peninsula|coast|region|republic|federal|national|ministry|reserve|"
                  r"kingdom|empire|union)\b|(?:ans?|ese|ish|ers)$", re.I)


def _inheritable(name: str) -> bool:
    """A name the gazetteer lacks that likely lies inside the story's town: a street or building,
    or a plain local name ("Bywater", "Faubourg Marigny"); not a natural feature, region, people,
    acronym or national body ("Appalachians", "Abkhaz", "UCLA", "US Federal Reserve")."""
    if _FACILITY_HEAD.search(name):
        return True
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or name.isupper():
        return False
    return not _FAR.search(name) and not any(w.isupper() and len(w) > 1 for w in words)


def _backoffs(name: str) -> list[str]:
    """Looser forms of a name the gazetteer lacks, most specific first.

    "Oconee" -> "Oconee County"; "Loudon Co." -> "Loudon County"; "South Los Angeles" ->
    "Los Angeles"; "Port of Tacoma" -> "Tacoma"; "Birmingham City" -> "Birmingham"; "W. Va." -> "W.Va.".
    """
    name = name.strip()
    out: list[str] = []
    compact = name.replace(". ", ".")
    if compact != name:
        out.append(compact)
    abbrev = _CITY_ABBREVIATIONS.get(name.replace(".", "").lower())
    if abbrev and "." in name:
        out.append(abbrev)
    if re.search(r"\bCo\.?$", name):
        out.append(re.sub(r"\bCo\.?$", "County", name))
    elif " " not in name and name[:1].isupper():
        out += [f"{name} County", f"{name} Parish"]
    m = _OF_PATTERN.match(name)
    if m:
        out.append(m.group(1))
    trimmed = _TRAILING_WORDS.sub("", name)
    if trimmed != name and trimmed:
        out.append(trimmed)
    core = _COMPASS_PREFIX.sub("", name)
    if core != name and core[:1].isupper():
        out.append(core)
    return [o for o in out if len(normalize(o)) >= 3]


def _dominant(cands: list[Candidate]) -> bool:
    top = cands[0]
    if len(cands) == 1:
        return True
    return top.population >= 100_000 and top.population >= 10 * max(1, cands[1].population)


def _comma_context(after: str) -> str | None:
    m = re.match(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", after)
    return m.group(1) if m else None


#: Demonyms of continents and regions that are not countries (lower-cased, singular).
REGION_DEMONYMS = {
    "european": "Europe", "african": "Africa", "asian": "Asia", "north american": "North America",
    "south american": "South America", "middle eastern": "Middle East", "scottish": "Scotland",
    "scot": "Scotland", "welsh": "Wales", "english": "England", "balkan": "Balkans",
    "korean": "Korean Peninsula", "central american": "Central America", "latin american": "Latin America",
    "kurdish": "Kurdistan Region",
    # the Western world and the Arab world: GeoNames' nearest features are these regions
    "western": "Western Europe", "arab": "Arabia",
    # peoples news names for their land: the country, province or region (one land each)
    "serb": "Serbia", "croat": "Croatia", "bosniak": "Bosnia and Herzegovina", "sinhalese": "Sri Lanka",
    "maori": "New Zealand", "uighur": "Xinjiang", "uyghur": "Xinjiang", "catalan": "Catalonia",
    "basque": "Basque Country", "flemish": "Flanders", "persian": "Iran", "chechen": "Chechnya",
    "kashmiri": "Kashmir", "baloch": "Balochistan", "sindhi": "Sindh",
}

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

#: The Canadian press's province abbreviations (with their periods) -> the province.
_CA_PROVINCES = {"b.c": "British Columbia", "alta": "Alberta", "sask": "Saskatchewan", "man": "Manitoba",
                 "ont": "Ontario", "que": "Quebec", "n.b": "New Brunswick", "n.s": "Nova Scotia",
                 "p.e.i": "Prince Edward Island", "n.l": "Newfoundland and Labrador",
                 "nfld": "Newfoundland and Labrador", "y.t": "Yukon", "n.w.t": "Northwest Territories"}

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
