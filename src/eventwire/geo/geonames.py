"""Streams a GeoNames dump (allCountries.zip, XX.zip, .txt; alternateNamesV2) into a gazetteer file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import ResourceError
from .build import add_countries, add_supplement
from .writer import GazetteerWriter, Progress, name_rows

_CHUNK = 50_000
#: alternateNamesV2 "languages" that are codes or links, not names.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "fr_1793", "tcid"}


@contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    """Open a .txt dump, or the dump inside a .zip, as UTF-8 text; errors name the file."""
    if not path.is_file():
        raise ResourceError(f"GeoNames file {path} not found",
                            hint="download it from https://download.geonames.org/export/dump/")
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
            members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise ResourceError(f"{path} holds no GeoNames .txt dump",
                                    hint="pass allCountries.zip, a country zip or alternateNamesV2.zip")
            wanted = path.stem + ".txt"
            member = wanted if wanted in members else members[0]
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError) as exc:
            raise ResourceError(f"{path} is not a readable zip ({exc})",
                                hint="the download may be truncated; fetch it again") from None
    else:
        with open(path, encoding="utf-8") as fh:
            yield fh


def _bad(path: Path, line_no: int, why: str) -> ResourceError:
    return ResourceError(f"{path}:{line_no}: not a GeoNames dump line ({why})",
                         hint="pass a GeoNames geoname table (19 tab-separated columns) "
                              "or alternateNamesV2 (10 columns), unmodified")


def import_geonames(
    file: str | Path,
    path: str | Path,
    progress: Progress = None,
    *,
    alternate_names: str | Path | None = None,
) -> Path:
    """Build the gazetteer at ``path`` from a GeoNames dump (plus alternateNamesV2); atomic."""
    file = Path(file)
    writer = GazetteerWriter(path, progress)
    try:
        add_countries(writer)
        admin1: dict[str, str] = {}
        rows: list[tuple] = []
        names: list[tuple[str, int, int]] = []
        count = 0
        with _open_text(file) as fh:
            try:
                for line_no, line in enumerate(fh, 1):
                    f = line.rstrip("\n").split("\t")
                    if len(f) != 19:
                        raise _bad(file, line_no, f"{len(f)} columns, expected 19")
                    try:
                        gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
                        pop = int(f[14] or 0)
                    except ValueError as exc:
                        raise _bad(file, line_no, str(exc)) from None
                    cc, fcl, fcode = f[8] or None, f[6] or None, f[7] or None
                    a1 = f"{cc}.{f[10]}" if cc and f[10] else None
                    if fcode == "ADM1" and a1:
                        admin1[a1] = f[1]
                    rows.append((gid, f[1], lat, lon, cc, a1, fcl, fcode, pop, "geonames"))
                    alternates = [f[2], *(a for a in f[3].split(",") if a)]
                    names.extend(name_rows(gid, f[1], alternates))
                    count += 1
                    if len(rows) >= _CHUNK:
                        writer.add_places(rows, names)
                        rows, names = [], []
                        writer.progress(f"{file.name}: {count} places")
            except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError) as exc:
                raise ResourceError(f"{file} is truncated or corrupt ({type(exc).__name__}: {exc})",
                                    hint="fetch the dump again") from None
        writer.add_places(rows, names)
        writer.add_admin1(admin1.items())
        if alternate_names is not None:
            _import_alternates(writer, Path(alternate_names))
        add_supplement(writer)
        if count == 0:
            raise ResourceError(f"{file} holds no places", hint="pass a GeoNames geoname table")
        return writer.commit(count, None, source=f"geonames:{file.name}")
    except BaseException:
        writer.abort()
        raise


def _import_alternates(writer: GazetteerWriter, file: Path) -> None:
    names: list[tuple[str, int, int]] = []
    with _open_text(file) as fh:
        try:
            for line_no, line in enumerate(fh, 1):
                f = line.rstrip("\n").split("\t")
                if len(f) not in (8, 10):
                    raise _bad(file, line_no, f"{len(f)} columns, expected 10")
                if f[2] in _NOT_NAMES or (len(f) > 7 and f[7] == "1"):  # codes, links, historic names
                    continue
                try:
                    gid = int(f[1])
                except ValueError as exc:
                    raise _bad(file, line_no, str(exc)) from None
                if gid in writer.place_ids:
                    names.extend(row for row in name_rows(gid, "", [f[3]]))
                if len(names) >= _CHUNK:
                    writer.add_names(names)
                    names = []
        except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError) as exc:
            raise ResourceError(f"{file} is truncated or corrupt ({type(exc).__name__}: {exc})",
                                hint="fetch the file again") from None
    writer.add_names(names)
