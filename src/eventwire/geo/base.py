"""The Gazetteer protocol every place lookup goes through, and an in-memory fake for tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from .normalize import normalize, variants
from .records import Candidate, Country

#: Bump when the SQLite layout or its build inputs change: the default file name carries it.
SCHEMA_VERSION = "12"


@runtime_checkable
class Gazetteer(Protocol):
    """Name -> candidate places, code/name -> country, id -> place. Lookups never raise on bad input."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]: ...

    def country(self, iso_or_name: str) -> Country | None: ...

    def demonym(self, word: str) -> Country | None: ...

    def get(self, geonameid: int) -> Candidate | None: ...


class FakeGazetteer:
    """An in-memory gazetteer over given candidates and countries, matching names as SQLite does."""

    def __init__(
        self,
        places: Iterable[tuple[Candidate, Iterable[str]]] = (),
        countries: Iterable[Country] = (),
    ) -> None:
        self._by_id: dict[int, Candidate] = {}
        self._names: dict[str, dict[int, int]] = {}
        self._countries: dict[str, Country] = {}
        self._demonyms: dict[str, Country] = {}
        for country in countries:
            self.add_country(country)
        for candidate, alternates in places:
            self.add(candidate, alternates)

    def add(self, candidate: Candidate, alternates: Iterable[str] = ()) -> None:
        self._by_id[candidate.geonameid] = candidate
        for kind, name in [(0, candidate.name)] + [(1, a) for a in alternates]:
            for i, key in enumerate(variants(normalize(name))):
                slot = self._names.setdefault(key, {})
                k = 2 if i else kind
                slot[candidate.geonameid] = min(slot.get(candidate.geonameid, k), k)

    def add_country(self, country: Country) -> None:
        for key in (country.iso2, country.iso3, country.name):
            self._countries[normalize(key)] = country
        for word in country.demonyms:
            self._demonyms[normalize(word)] = country

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]:
        found: dict[int, int] = {}
        for key in variants(normalize(name)):
            for gid, kind in self._names.get(key, {}).items():
                found[gid] = min(found.get(gid, kind), kind)
        ranked = sorted(found, key=lambda g: (found[g] >= 2, -self._by_id[g].population))
        labels = ("name", "alt", "variant")
        return [_with_match(self._by_id[g], labels[found[g]]) for g in ranked[: max(limit, 0)]]

    def country(self, iso_or_name: str) -> Country | None:
        return self._countries.get(normalize(iso_or_name)) if isinstance(iso_or_name, str) else None

    def demonym(self, word: str) -> Country | None:
        return self._demonyms.get(normalize(word)) if isinstance(word, str) else None

    def get(self, geonameid: int) -> Candidate | None:
        return self._by_id.get(geonameid)


def _with_match(candidate: Candidate, match: str) -> Candidate:
    from dataclasses import replace

    return candidate if candidate.match == match else replace(candidate, match=match)
