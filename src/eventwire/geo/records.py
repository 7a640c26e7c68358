"""Records a gazetteer returns: one candidate place, one country. Frozen and cheap."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    geonameid: int  # GeoNames id; negative for entries from airportsdata or the supplement
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    country3: str | None  # ISO 3166-1 alpha-3
    admin1: str | None = None  # GeoNames admin1 code ("IQ.18" style: country.code)
    admin1_name: str | None = None
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    source: str = "geonames"
    #: How the queried name matched: "name" (primary), "alt" (alternate), "variant" (article dropped).
    match: str = "name"


@dataclass(frozen=True, slots=True)
class Country:
    """A country: codes, names, centroid, capital and demonyms."""

    iso2: str
    iso3: str
    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    capital: str | None = None
    population: int = 0
    demonyms: tuple[str, ...] = ()
