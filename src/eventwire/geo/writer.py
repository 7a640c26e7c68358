"""Writes a gazetteer SQLite file atomically: temp file, bulk insert, index, check, rename."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ResourceError
from .base import SCHEMA_VERSION
from .normalize import normalize, variants

Progress = Callable[[str], None] | None

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place(geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, admin1 TEXT, feature_class TEXT, feature_code TEXT,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL);
CREATE TABLE name(norm TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE admin1(code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE country(iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, name TEXT NOT NULL, lat REAL,
    lon REAL, geonameid INTEGER, capital TEXT, population INTEGER, demonyms TEXT);
CREATE TABLE country_name(norm TEXT NOT NULL, iso2 TEXT NOT NULL, kind TEXT NOT NULL);
"""


def name_rows(geonameid: int, primary: str, alternates: Iterable[str]) -> list[tuple[str, int, int]]:
    """Index rows (norm, id, kind) for one place: kind 0 primary, 1 alternate, 2 article dropped."""
    best: dict[str, int] = {}
    for kind, raw in [(0, primary)] + [(1, a) for a in alternates]:
        norm = normalize(raw)
        # Very short alternates and codes ("LA", "75001") match ordinary words far more than places.
        if not norm or (kind and (len(norm) < 3 or norm.replace(" ", "").isdigit())):
            continue
        for i, key in enumerate(variants(norm)):
            k = 2 if i else kind
            if k < best.get(key, 9):
                best[key] = k
    return [(key, geonameid, kind) for key, kind in best.items()]


class GazetteerWriter:
    """Builds into ``<path>.<pid>.building``; ``commit()`` indexes, checks and renames over ``path``."""

    def __init__(self, path: str | Path, progress: Progress = None) -> None:
        self.path = Path(path)
        # One temp file per process: two first-use builds racing must not write the same file.
        self.tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.building")
        self.progress = progress or (lambda message: None)
        self.started = time.monotonic()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = None
        try:
            self.tmp.unlink(missing_ok=True)
            db = sqlite3.connect(self.tmp)
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()
            self.tmp.unlink(missing_ok=True)
            raise self._write_failed(exc) from None
        self.db = db
        self.place_ids: set[int] = set()

    def _write_failed(self, exc: BaseException) -> ResourceError:
        """A clear error for a failed write (a full disk above all) that says the old file stays."""
        return ResourceError(
            f"writing gazetteer {self.tmp} failed: {exc}",
            hint=f"free disk space in {self.tmp.parent} (the full GeoNames build needs about 2 GB) and "
                 f"retry; the previous gazetteer {self.path} was left in place",
        )

    def _many(self, sql: str, rows: Iterable[tuple]) -> None:
        try:
            self.db.executemany(sql, rows)
        except (sqlite3.Error, OSError) as exc:
            raise self._write_failed(exc) from None

    def add_places(self, rows: Iterable[tuple], names: Iterable[tuple[str, int, int]]) -> None:
        rows = [r for r in rows if r[0] not in self.place_ids]
        self.place_ids.update(r[0] for r in rows)
        self._many("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        self._many("INSERT INTO name VALUES (?,?,?)", names)

    def add_names(self, names: Iterable[tuple[str, int, int]]) -> None:
        self._many("INSERT INTO name VALUES (?,?,?)", names)

    def add_admin1(self, rows: Iterable[tuple[str, str]]) -> None:
        self._many("INSERT OR REPLACE INTO admin1 VALUES (?,?)", rows)

    def add_country(self, row: tuple, names: Iterable[str], demonyms: Iterable[str]) -> None:
        self._many("INSERT OR REPLACE INTO country VALUES (?,?,?,?,?,?,?,?,?)", [row])
        iso2 = row[0]
        rows = {(normalize(n), iso2, "name") for n in names if normalize(n)}
        rows |= {(normalize(d), iso2, "demonym") for d in demonyms if normalize(d)}
        self._many("INSERT INTO country_name VALUES (?,?,?)", sorted(rows))

    def abort(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)

    def commit(self, min_places: int, known: Callable[[Path], None] | None = None, **meta: str) -> Path:
        """Index, record meta, check counts and known entries, then atomically replace ``path``."""
        try:
            self.progress("indexing names")
            self.db.executescript(
                "CREATE INDEX name_norm ON name(norm, geonameid);"
                "CREATE INDEX country_name_norm ON country_name(norm);"
            )
            places = self.db.execute("SELECT COUNT(*) FROM place").fetchone()[0]
            names = self.db.execute("SELECT COUNT(*) FROM name").fetchone()[0]
            countries = self.db.execute("SELECT COUNT(*) FROM country").fetchone()[0]
            info = {"schema_version": SCHEMA_VERSION, "places": str(places), "names": str(names),
                    "countries": str(countries), "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    **meta}
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", info.items())
            self.db.commit()
            self.db.execute("ANALYZE")
            self.db.commit()
            self.db.close()
            if places < min_places or names < places:
                raise ResourceError(
                    f"gazetteer build for {self.path} produced {places} places and {names} names, "
                    f"expected at least {min_places} places",
                    hint="check the input data; the previous gazetteer file was left in place",
                )
            if known is not None:
                known(self.tmp)
            os.replace(self.tmp, self.path)
        except (sqlite3.Error, OSError) as exc:
            self.abort()
            raise self._write_failed(exc) from None
        except BaseException:
            self.abort()
            raise
        self.progress(f"gazetteer {self.path}: {places} places, {names} names, "
                      f"{time.monotonic() - self.started:.1f} s")
        return self.path
