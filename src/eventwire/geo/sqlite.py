"""SqliteGazetteer: read-only lookups in one SQLite file made by :mod:`eventwire.geo.build`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ResourceError
from .base import SCHEMA_VERSION
from .normalize import normalize, variants
from .records import Candidate, Country

_MATCH = ("name", "alt", "variant")

_CANDIDATES_SQL = """
SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, a.name, p.feature_class,
       p.feature_code, p.population, p.source, MIN(n.kind) AS kind
FROM name n JOIN place p ON p.geonameid = n.geonameid
LEFT JOIN admin1 a ON a.code = p.admin1
WHERE n.norm IN ({marks})
GROUP BY p.geonameid
ORDER BY kind >= 2, p.population DESC
LIMIT ?
"""

_GET_SQL = """
SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, a.name, p.feature_class,
       p.feature_code, p.population, p.source, 0
FROM place p LEFT JOIN admin1 a ON a.code = p.admin1 WHERE p.geonameid = ?
"""


class SqliteGazetteer:
    """A gazetteer in one SQLite file; ``open()`` checks the file, lookups are indexed (tens of µs)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._countries: dict[str, Country] = {}
        self._country_names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}

    def open(self) -> None:
        if self._db is not None:
            return
        if not self.path.is_file():
            raise ResourceError(
                f"gazetteer {self.path} not found",
                hint="build it with eventwire.geo.ensure_gazetteer() or set [geo] gazetteer",
            )
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            rows = db.execute(
                "SELECT iso2, iso3, name, lat, lon, geonameid, capital, population, demonyms FROM country"
            ).fetchall()
            names = db.execute("SELECT norm, iso2, kind FROM country_name").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ResourceError(
                f"gazetteer {self.path} is not a readable eventwire gazetteer: {exc}",
                hint="delete it and rebuild with eventwire.geo.ensure_gazetteer()",
            ) from None
        if not version or version[0] != SCHEMA_VERSION:
            db.close()
            raise ResourceError(
                f"gazetteer {self.path} has schema {version[0] if version else None!r}, "
                f"this eventwire needs {SCHEMA_VERSION!r}",
                hint="rebuild it with eventwire.geo.build_gazetteer()",
            )
        for iso2, iso3, name, lat, lon, gid, capital, pop, dems in rows:
            demonyms = tuple(d for d in (dems or "").split("|") if d)
            self._countries[iso2] = Country(iso2, iso3, name, lat, lon, gid, capital, pop or 0, demonyms)
        for norm, iso2, kind in names:
            table = self._demonyms if kind == "demonym" else self._country_names
            # A shared name ("Chinese", "French") goes to the most populous country.
            held = self._countries.get(table.get(norm, ""))
            if held is None or held.population < self._countries[iso2].population:
                table[norm] = iso2
        self._db = db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> SqliteGazetteer:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.open()
        assert self._db is not None
        return self._db

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]:
        """Places whose normalised name or alternate name equals ``name``'s, most populous first."""
        keys = variants(normalize(name)) if isinstance(name, str) else []
        if not keys or limit <= 0:
            return []
        sql = _CANDIDATES_SQL.format(marks=",".join("?" * len(keys)))
        rows = self._conn().execute(sql, (*keys, int(limit))).fetchall()
        return [self._candidate(row) for row in rows]

    def get(self, geonameid: int) -> Candidate | None:
        try:
            row = self._conn().execute(_GET_SQL, (int(geonameid),)).fetchone()
        except (TypeError, ValueError, OverflowError):
            return None
        return self._candidate(row) if row else None

    def country(self, iso_or_name: str) -> Country | None:
        """A country by ISO2, ISO3, name or alternate spelling (not by demonym)."""
        if not isinstance(iso_or_name, str):
            return None
        self._conn()
        key = normalize(iso_or_name)
        iso2 = self._country_names.get(key)
        if iso2 is None and key.startswith("the "):
            iso2 = self._country_names.get(key[4:])
        return self._countries.get(iso2) if iso2 else None

    def demonym(self, word: str) -> Country | None:
        """The country a demonym names ("Iraqi" -> Iraq), else None."""
        if not isinstance(word, str):
            return None
        self._conn()
        iso2 = self._demonyms.get(normalize(word))
        return self._countries.get(iso2) if iso2 else None

    def country_of(self, iso2: str | None) -> Country | None:
        return self._countries.get(iso2) if iso2 else None

    def _candidate(self, row: tuple) -> Candidate:
        gid, name, lat, lon, cc, a1, a1name, fcl, fcode, pop, source, kind = row
        country = self._countries.get(cc) if cc else None
        return Candidate(
            gid, name, lat, lon, cc, country.iso3 if country else None, a1, a1name,
            fcl, fcode, pop or 0, source, _MATCH[min(int(kind), 2)],
        )
