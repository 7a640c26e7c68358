"""GDELT TSV, Parquet and GeoJSON exports, and every format read back with pandas/pyarrow/json with
the right types and values; ``eventwire export`` with the API's filters."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from test_export import PMF, ev, filled_store, rec

from eventwire.cli import cli
from eventwire.export import FORMATS, Tally, export, gdelt_tsv, parquet, run_export, stream
from eventwire.export.acled_csv import COLUMNS as ACLED_COLUMNS
from eventwire.export.gdelt_tsv import COLUMNS as GDELT_COLUMNS
from eventwire.export.gdelt_tsv import gdelt_event_id
from eventwire.store import EventFilter, open_store


@pytest.fixture
def store(tmp_path):
    yield from filled_store(tmp_path)


@pytest.fixture
def odd_store(tmp_path):
    """Events the formats leave out or fill from elsewhere: no date, no CAMEO, no place."""
    with open_store(str(tmp_path / "odd.db")) as s:
        undated = ev("c1", 1, "ASSAULT", ("Battles", "Armed clash"), actor=[PMF], date=None)
        no_cameo = dict(ev("c1", 2, "ASSAULT", actor=[PMF]), cameo=None)
        nowhere = ev("c1", 3, "PROTEST", ("Protests", "Peaceful protest"), country=None)
        s.save(rec("c1", [undated, no_cameo, nowhere]), "text c", "hc", "p1")
        undated_unpublished = ev("d1", 1, "ASSAULT", actor=[PMF], date=None)
        r = rec("d1", [undated_unpublished])
        r["article"]["published"] = None
        s.save(r, "text d", "hd", "p1")
        yield s


def gdelt_frame(text: str, header: bool = False) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep="\t", header=0 if header else None,
                       names=None if header else list(GDELT_COLUMNS), quoting=3,
                       dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str,
                              "ActionGeo_ADM1Code": str, "Actor1Code": str, "Actor2Code": str},
                       keep_default_na=False, na_values=[""])


# --- GDELT -------------------------------------------------------------------------------------

def test_gdelt_has_61_columns_no_header_and_reads_back_typed(store, tmp_path):
    out = tmp_path / "events.tsv"
    n = export(store, "gdelt-tsv", out)
    text = out.read_text(encoding="utf-8")
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[0] == "GlobalEventID"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert all(line.count("\t") == 60 for line in text.splitlines())
    assert not text.startswith("GlobalEventID")
    df = gdelt_frame(text)
    assert n == len(df) == 5  # a1:e3 is negated: left out; verbal ACCUSE is a GDELT event
    assert str(df["GlobalEventID"].dtype) == "int64" and str(df["Day"].dtype) == "int64"
    assert str(df["ActionGeo_Lat"].dtype) == "float64" and str(df["QuadClass"].dtype) == "int64"
    row = df.set_index("GlobalEventID").loc[gdelt_event_id("a1:e1")]
    assert (row["Day"], row["MonthYear"], row["Year"]) == (20190820, 201908, 2019)
    assert row["FractionDate"] == pytest.approx(2019 + 231 / 365, abs=1e-4)
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == ("ISRMIL", "ISRAEL", "ISR")
    assert row["Actor1Type1Code"] == "MIL"
    # PRM (pro-government militia) is no CAMEO role code: country code only.
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("IRQ", "IRQ") and pd.isna(row["Actor2Type1Code"])
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("190", "190", "19")
    assert row["QuadClass"] == 4 and pd.isna(row["GoldsteinScale"]) and pd.isna(row["AvgTone"])
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (1, 1, 1)
    assert row["ActionGeo_Type"] == 4  # a city outside the US
    assert row["ActionGeo_Fullname"] == "Baghdad, Iraq"  # place and admin1 are both "Baghdad"
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_FeatureID"]) == ("IZ", 98182)  # FIPS, GeoNames
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (33.34, 44.4)
    assert pd.isna(row["Actor1Geo_Type"]) and pd.isna(row["ActionGeo_ADM1Code"])
    added = dt.datetime.strptime(str(row["DATEADDED"]), "%Y%m%d%H%M%S")
    assert abs((added - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)).total_seconds()) < 3600
    assert row["SOURCEURL"] == "https://x.example/a1"
    ukr = df.set_index("GlobalEventID").loc[gdelt_event_id("a1:e5")]
    assert ukr["Actor1Name"] == "ШАХТЁРЫ" and ukr["ActionGeo_CountryCode"] == "UP"


def test_gdelt_header_option(store, tmp_path):
    out = tmp_path / "h.tsv"
    n = export(store, "gdelt-tsv", out, header=True)
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].split("\t") == list(GDELT_COLUMNS)
    df = gdelt_frame(text, header=True)
    assert list(df.columns) == list(GDELT_COLUMNS) and len(df) == n == 5
    # The option belongs to gdelt-tsv alone.
    from eventwire.errors import ConfigError

    with pytest.raises(ConfigError, match="gdelt-tsv"):
        export(store, "acled-csv", tmp_path / "x.csv", header=True)


def test_gdelt_dates_undated_events_by_publication_and_needs_a_cameo_code(odd_store):
    tally = Tally()
    lines = "".join(stream(odd_store.iter_events(), "gdelt-tsv", tally)).splitlines()
    rows = {int(line.split("\t")[0]): line.split("\t") for line in lines}
    assert (tally.read, tally.written) == (4, 2)
    undated = rows[gdelt_event_id("c1:e1")]
    assert undated[1] == "20190821"  # the article's publication date
    assert gdelt_event_id("c1:e2") not in rows  # no CAMEO code
    assert gdelt_event_id("d1:e1") not in rows  # no date at all
    nowhere = rows[gdelt_event_id("c1:e3")]
    assert nowhere[GDELT_COLUMNS.index("ActionGeo_Type")] == ""


def test_gdelt_cells_never_break_a_line():
    assert gdelt_tsv._cell("a\tb\nc  d") == "a b c d" and gdelt_tsv._cell(None) == ""
    ids = {gdelt_event_id(f"a{i}:e{j}") for i in range(50) for j in range(20)}
    assert len(ids) == 1000 and max(ids) < 2**52


# --- Parquet -----------------------------------------------------------------------------------

def test_parquet_reads_back_with_its_typed_schema(store, tmp_path):
    out = tmp_path / "events.parquet"
    n = export(store, "parquet", out)
    table = pq.read_table(out)
    assert table.schema.equals(parquet.SCHEMA) and table.num_rows == n == 6
    rows = {r["event_id"]: r for r in table.to_pylist()}
    strike = rows["a1:e1"]
    assert strike["date_start"] == dt.date(2019, 8, 20) and strike["date"] == "2019-08-20"
    assert strike["mode"] == ["aerial"] and strike["actor_code"] == ["ISR"]
    assert (strike["dead"], strike["injured"], strike["arrested"]) == (1, 29, None)
    assert strike["lat"] == 33.34 and strike["geo_precision"] == 1 and strike["quad_class"] == 4
    assert strike["geo_score"] == 0.93  # the record's location score
    assert strike["coded_at"].tzinfo is not None
    stored = store.event("a1:e1")
    assert json.loads(strike["record_json"]) == dict(stored.record)
    assert [c["id"] for c in json.loads(strike["claims_json"])] == ["a1:c1"]
    week = rows["a1:e5"]
    assert (week["date_start"], week["date_end"]) == (dt.date(2019, 8, 12), dt.date(2019, 8, 18))
    # pandas reads it with numeric columns as numbers and lists as lists.
    df = pd.read_parquet(out).set_index("event_id")
    assert str(df["lat"].dtype) == "float64" and df.loc["a1:e1", "confidence"] == 0.8
    assert list(df.loc["a1:e1", "mode"]) == ["aerial"]


def test_parquet_streams_row_groups(store, monkeypatch, tmp_path):
    monkeypatch.setattr(parquet, "ROW_GROUP", 2)
    rows = store.events()
    pulled = 0

    def lazily():
        nonlocal pulled
        for row in rows:
            pulled += 1
            yield row

    pieces = parquet.chunks(lazily())
    first = next(pieces)
    assert first[:4] == b"PAR1" and pulled == 2  # the first row group left before the rest was read
    data = first + b"".join(pieces)
    f = pq.ParquetFile(io.BytesIO(data))
    assert f.metadata.num_row_groups == 3 and f.metadata.num_rows == len(rows)


def test_parquet_empty_and_stdout(tmp_path, store, capsysbinary):
    with open_store(str(tmp_path / "empty.db")) as s:
        assert export(s, "parquet", tmp_path / "e.parquet") == 0
    empty = pq.read_table(tmp_path / "e.parquet")
    assert empty.num_rows == 0 and empty.schema.equals(parquet.SCHEMA)
    assert export(store, "parquet", "-", EventFilter(country="UKR")) == 1
    assert pq.read_table(io.BytesIO(capsysbinary.readouterr().out)).column("event_id").to_pylist() == ["a1:e5"]


# --- GeoJSON -----------------------------------------------------------------------------------

def test_geojson_points_with_properties_and_a_count_of_the_rest(store, odd_store, tmp_path):
    out = tmp_path / "events.geojson"
    n = export(store, "geojson", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == n == 6
    assert doc["eventwire"] == {"events_without_coordinates": 0}
    f = {x["id"]: x for x in doc["features"]}["a1:e1"]
    assert f["type"] == "Feature"
    assert f["geometry"] == {"type": "Point", "coordinates": [44.4, 33.34]}  # lon, lat
    props = f["properties"]
    assert "lat" not in props and "lon" not in props
    assert props["type"] == "ASSAULT" and props["dead"] == 1 and props["mode"] == ["aerial"]
    assert props["geo_score"] == 0.93 and props["geo_precision"] == 1
    assert props["event_text"].startswith("Rockets hit")

    tally = run_export(odd_store, "geojson", tmp_path / "odd.geojson")
    odd = json.loads((tmp_path / "odd.geojson").read_text(encoding="utf-8"))
    assert (tally.read, tally.written, tally.left_out) == (4, 3, 1)
    assert len(odd["features"]) == 3 and odd["eventwire"] == {"events_without_coordinates": 1}
    assert "c1:e3" not in {x["id"] for x in odd["features"]}


def test_geojson_of_nothing_is_valid(tmp_path):
    with open_store(str(tmp_path / "empty.db")) as s:
        text = "".join(stream(s.iter_events(), "geojson"))
    assert json.loads(text) == {"type": "FeatureCollection", "features": [],
                                "eventwire": {"events_without_coordinates": 0}}


# --- pandas round trips of the text formats ----------------------------------------------------

def test_acled_csv_reads_back_typed_with_pandas(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled-csv", out)
    df = pd.read_csv(out, parse_dates=["event_date"], keep_default_na=False, na_values=[""])
    assert list(df.columns) == list(ACLED_COLUMNS)
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert str(df["latitude"].dtype) == "float64" and str(df["fatalities"].dtype) == "int64"
    assert str(df["iso"].dtype) == "int64" and str(df["time_precision"].dtype) == "int64"
    strike = df.set_index("event_id_cnty").loc["a1:e1"]
    assert strike["event_date"] == pd.Timestamp("2019-08-20") and strike["admin1"] == "Baghdad"
    assert strike["fatalities"] == 1 and strike["geo_precision"] == 1


def test_plover_jsonl_reads_back_with_pandas(store, tmp_path):
    out = tmp_path / "p.jsonl"
    export(store, "plover-jsonl", out)
    df = pd.read_json(out, lines=True, dtype={"date": str})
    assert len(df) == 6 and set(df["event"]) == {"ASSAULT", "ACCUSE", "PROTEST"}
    assert df.set_index("id").loc["a1:e1", "size"] == {"dead": 1, "injured": 29, "arrested": None}


def test_plover_contexts_reach_plover_jsonl_and_parquet(tmp_path):
    with open_store(str(tmp_path / "ctx.db")) as s:
        quake = ev("q1", 1, "AID", context=("human_security", "disasters"))
        plain = ev("q1", 2, "ASSAULT", ("Battles", "Armed clash"), actor=[PMF])
        s.save(rec("q1", [quake, plain]), "text q", "hq", "p1")
        export(s, "plover-jsonl", tmp_path / "p.jsonl")
        export(s, "parquet", tmp_path / "p.parquet")
    lines = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: r["context"] for r in lines} == {
        "q1:e1": ["human_security", "disasters"], "q1:e2": []}
    rows = {r["event_id"]: r["context"] for r in pq.read_table(tmp_path / "p.parquet").to_pylist()}
    assert rows == {"q1:e1": ["human_security", "disasters"], "q1:e2": []}


def test_every_format_is_registered_with_a_media_type():
    assert set(FORMATS) == {"acled-csv", "gdelt-tsv", "plover-jsonl", "parquet", "geojson"}
    assert FORMATS["parquet"].binary and not FORMATS["geojson"].binary
    assert FORMATS["geojson"].media_type == "application/geo+json"


# --- eventwire export --------------------------------------------------------------------------

def invoke(*args: str):
    return CliRunner(mix_stderr=False).invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_cli_exports_each_format_with_filters(store, tmp_path, fmt):
    out = tmp_path / f"out{FORMATS[fmt].suffix}"
    r = invoke("export", "--db", store.path, "--format", fmt, "--country", "IRQ", "--type", "assault",
               str(out))
    assert r.exit_code == 0, r.stderr
    expected = export(store, fmt, tmp_path / f"direct{FORMATS[fmt].suffix}",
                      EventFilter(country="IRQ", type="ASSAULT"))
    assert f"{expected} event(s) written to {out}" in r.stderr
    assert out.read_bytes() == (tmp_path / f"direct{FORMATS[fmt].suffix}").read_bytes()


def test_cli_export_filters_match_the_store(store, tmp_path):
    cases = [
        (["--acled-type", "Air/drone strike"], EventFilter(acled_type="Air/drone strike")),
        (["--text", "ROCKETS"], EventFilter(text="ROCKETS")),
        (["--bbox", "40,30,50,40"], EventFilter(bbox=(40, 30, 50, 40))),
        (["--status", "negated"], EventFilter(status="negated")),
        (["--admin1", "baghdad", "--since", "2019-09-01"], EventFilter(admin1="baghdad", since="2019-09-01")),
        (["--mode", "aerial", "--min-confidence", "0.5"], EventFilter(mode="aerial", min_confidence=0.5)),
        (["--actor", "pmf", "--limit", "1"], EventFilter(actor="pmf", limit=1)),
    ]
    for args, f in cases:
        out = tmp_path / "f.jsonl"
        r = invoke("export", "--db", store.path, "--format", "plover-jsonl", *args, str(out))
        assert r.exit_code == 0, (args, r.stderr)
        got = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert got == [e.event_id for e in store.events(f)] and got, args


def test_cli_export_reports_what_a_format_leaves_out(store, tmp_path):
    r = invoke("export", "--db", store.path, "--format", "acled-csv", str(tmp_path / "a.csv"))
    assert r.exit_code == 0
    assert "3 event(s) written" in r.stderr and "3 left out: events ACLED does not code" in r.stderr


def test_cli_export_usage_errors(store, tmp_path):
    r = invoke("export", "--db", store.path, "--format", "acled-csv", "--header", str(tmp_path / "x"))
    assert r.exit_code == 2 and "gdelt-tsv" in r.stderr
    r = invoke("export", "--db", store.path, "--format", "geojson", "--bbox", "1,2", str(tmp_path / "x"))
    assert r.exit_code == 2 and "bbox" in r.stderr
    r = invoke("export", "--db", str(tmp_path / "missing.db"), "--format", "geojson", str(tmp_path / "x"))
    assert r.exit_code == 1 and "no database" in r.stderr
    assert not (tmp_path / "x").exists()


def test_an_event_row_reads_its_location_score_from_the_record():
    from eventwire.store.base import _geo_score

    assert _geo_score({"location": {"score": 0.42}}) == 0.42
    assert _geo_score({"location": {"lat": 1.0}}) is None  # coded before places were scored
    assert _geo_score({"location": None}) is None and _geo_score({}) is None
    assert _geo_score({"location": {"score": True}}) is None
