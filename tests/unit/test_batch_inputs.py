"""Batch inputs: Parquet shards beside JSONL/CSV/text in directories and globs, with errors in place."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.batch_inputs import count_batch_inputs, read_batch_inputs
from eventwire.errors import InputError

TEXT = "Police arrested {n} protesters in Cairo on Friday, officials said."


def write_parquet(path, rows, row_group_size=None):
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)


def test_parquet_rows_become_articles_with_dates_and_origins(tmp_path):
    shard = tmp_path / "part-0.parquet"
    write_parquet(shard, [
        {"id": "p1", "text": TEXT.format(n=3), "published": dt.date(2011, 2, 4), "title": "A"},
        {"id": "p2", "text": TEXT.format(n=4), "published": None, "title": None},
        {"id": "p3", "text": "", "published": None, "title": None},
    ], row_group_size=2)
    out = list(read_batch_inputs([str(shard)], published=dt.date(2011, 2, 5)))
    a1, a2, bad = out
    assert (a1.id, a1.published, a1.published_source, a1.title) == ("p1", dt.date(2011, 2, 4), "field", "A")
    assert (a2.published, a2.published_source) == (dt.date(2011, 2, 5), "option")
    assert a1.origin == f"{shard}:[0]" and a2.origin == f"{shard}:[1]"
    assert isinstance(bad, InputError) and bad.origin == f"{shard}:[2]" and "empty" in bad.reason


def test_a_directory_of_mixed_shards_is_read_in_order(tmp_path):
    write_parquet(tmp_path / "a.parquet", [{"text": TEXT.format(n=1)}, {"text": TEXT.format(n=2)}])
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": TEXT.format(n=3)}) + "\n")
    (tmp_path / "c.csv").write_text('id,text\nc1,"' + TEXT.format(n=4) + '"\n')
    # A Parquet shard without the extension is known by its magic bytes.
    write_parquet(tmp_path / "d.shard", [{"text": TEXT.format(n=5)}])
    out = list(read_batch_inputs([str(tmp_path)]))
    assert [a.text.split()[2] for a in out] == ["1", "2", "3", "4", "5"]
    assert count_batch_inputs([str(tmp_path)]) == 5
    assert count_batch_inputs([str(tmp_path / "*.parquet")]) == 2


def test_bad_parquet_files_are_errors_in_place_and_reading_goes_on(tmp_path):
    write_parquet(tmp_path / "a.parquet", [{"body": "no text column"}])
    (tmp_path / "b.parquet").write_bytes(b"PAR1 this is not really parquet")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": TEXT.format(n=9)}) + "\n")
    out = list(read_batch_inputs([str(tmp_path), str(tmp_path / "missing.parquet")]))
    assert [type(x).__name__ for x in out[:2]] == ["MalformedInputError", "MalformedInputError"]
    assert "no 'text' column (columns: body)" in out[0].reason
    assert "not a readable Parquet file" in out[1].reason
    assert out[2].text.startswith("Police arrested 9")
    assert isinstance(out[3], InputError) and "no such file" in out[3].reason


def test_input_format_parquet_forces_the_reader(tmp_path):
    shard = tmp_path / "shard.bin"
    write_parquet(shard, [{"text": TEXT.format(n=6)}])
    assert len(list(read_batch_inputs([str(shard)], input_format="parquet"))) == 1
    with pytest.raises(ValueError):
        list(read_batch_inputs([str(shard)], input_format="xml"))
