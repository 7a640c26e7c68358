"""Ingest: every bad input becomes an InputError that names the input, and reading goes on."""

from __future__ import annotations

import gzip
from pathlib import Path

from eventwire.config import IngestOptions
from eventwire.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
    UnsupportedLanguageError,
)
from eventwire.ingest import read_inputs
from eventwire.model import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
GOOD = FIXTURES / "story.txt"


def read_around(bad: str | Path, **kwargs) -> list:
    """Read GOOD, the bad input, GOOD again: the bad one must not stop the run."""
    items = list(read_inputs([str(GOOD), str(bad), str(GOOD)], **kwargs))
    assert isinstance(items[0], Article) and isinstance(items[-1], Article), items
    return items[1:-1]


def only_error(items: list, cls: type[InputError], origin: str) -> InputError:
    assert len(items) == 1, items
    [err] = items
    assert type(err) is cls, err
    assert err.origin == origin
    assert str(err).startswith(origin + ": ")
    return err


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("  \n\t\n", encoding="utf-8")
    err = only_error(read_around(p), EmptyInputError, str(p))
    assert err.code == "EW401"


def test_binary_file(tmp_path):
    p = tmp_path / "photo.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    err = only_error(read_around(p), BinaryInputError, str(p))
    assert "binary" in err.message and "convert PDFs" in err.reason and err.hint is None


def test_binary_file_with_text_extension(tmp_path):
    p = tmp_path / "data.txt"
    p.write_bytes(b"abc\x00\x00\x00def")
    only_error(read_around(p), BinaryInputError, str(p))


def test_non_utf8_text_names_byte_and_suggests_iconv(tmp_path):
    p = tmp_path / "latin.txt"
    text = (
        "Le gouvernement a annonc\u00e9 lundi que les forces de s\u00e9curit\u00e9 avaient "
        "arr\u00eat\u00e9 plusieurs manifestants pr\u00e8s du minist\u00e8re, selon la police.\n"
    )
    p.write_bytes(text.encode("latin-1"))
    err = only_error(read_around(p), EncodingError, str(p))
    assert "not valid UTF-8" in err.message and "line 1" in err.message
    assert "iconv -f WINDOWS-1252 -t UTF-8" in err.reason


def test_utf16_text_is_an_encoding_error_not_binary(tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes("Troops entered the city.".encode("utf-16"))
    err = only_error(read_around(p), EncodingError, str(p))
    assert "UTF-16" in err.message and "iconv -f UTF-16" in err.reason


def test_malformed_jsonl_line_keeps_reading(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        '{"id": "a", "text": "Police arrested two men on Monday."}\n'
        '{"id": "b", "text": "broken\n'
        '["not", "an", "object"]\n'
        '{"id": "d", "text": "Rebels attacked a convoy on Tuesday."}\n',
        encoding="utf-8",
    )
    items = read_around(p)
    assert [getattr(x, "id", None) for x in items] == ["a", None, None, "d"]
    assert type(items[1]) is MalformedInputError and items[1].origin == f"{p}:2"
    assert str(items[1]).startswith(f"{p}:2: line is not valid JSON (")
    assert type(items[2]) is MalformedInputError and "not an object" in items[2].message


def test_jsonl_bad_utf8_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b'{"text": "caf\xe9 bombing"}\n{"id": "ok", "text": "Troops withdrew."}\n')
    bad, ok = read_around(p)
    assert type(bad) is EncodingError and bad.origin == f"{p}:1"
    assert ok.id == "ok"


def test_malformed_csv_row_keeps_reading(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_text(
        "id,text\n"
        'r1,"Police arrested two men on Monday."\n'
        'r2,"an "unescaped" quote breaks the row"\n'
        "r3,too,many,fields\n"
        'r4,"Rebels attacked a convoy on Tuesday."\n',
        encoding="utf-8",
    )
    items = read_around(p)
    assert [getattr(x, "id", None) for x in items] == ["r1", None, None, "r4"]
    assert type(items[1]) is MalformedInputError and items[1].origin == f"{p}:3"
    assert type(items[2]) is MalformedInputError and items[2].origin == f"{p}:4"
    assert "fields" in items[2].message


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "notext.csv"
    p.write_text("id,body\n1,Troops entered the city.\n", encoding="utf-8")
    err = only_error(read_around(p), MalformedInputError, f"{p}:1")
    assert "'text' column" in err.message and "body" in err.message


def test_malformed_json_array(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('[{"text": "a"},', encoding="utf-8")
    only_error(read_around(p), MalformedInputError, str(p))


def test_html_without_article_text(tmp_path):
    p = tmp_path / "shell.html"
    p.write_text(
        '<html><head><script src="app.js"></script></head>'
        '<body><div id="root"></div></body></html>',
        encoding="utf-8",
    )
    err = only_error(read_around(p), EmptyInputError, str(p))
    assert "no article text" in err.message


def test_non_english_article_is_skipped_with_reason():
    french = FIXTURES / "french.txt"
    err = only_error(read_around(french), UnsupportedLanguageError, str(french))
    assert "'fr'" in err.message and "only English is supported for now; skipped" in err.message


def test_non_english_jsonl_record(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text(
        '{"id": "es", "text": "El ej\u00e9rcito lanz\u00f3 una ofensiva contra los rebeldes '
        'en el norte del pa\u00eds el martes."}\n'
        '{"id": "en", "text": "The army launched an offensive against rebels '
        'in the north of the country on Tuesday."}\n',
        encoding="utf-8",
    )
    es, en = read_around(p)
    assert type(es) is UnsupportedLanguageError and es.origin == f"{p}:1" and "'es'" in es.message
    assert en.id == "en"


def test_too_large_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("Troops entered the city. " * 100, encoding="utf-8")
    opts = IngestOptions(max_bytes=1000)
    items = list(read_inputs([str(p), str(GOOD)], options=opts))
    err, good = items
    assert type(err) is InputTooLargeError and err.origin == str(p)
    assert "2.5 KB" in err.message and "1.0 KB" in err.message and "max_bytes" in err.reason
    assert isinstance(good, Article)


def test_too_large_record_and_gzipped_text(tmp_path):
    opts = IngestOptions(max_bytes=100)
    p = tmp_path / "feed.jsonl"
    p.write_text(
        '{"id": "big", "text": "' + "x " * 200 + '"}\n{"id": "small", "text": "Troops left."}\n',
        encoding="utf-8",
    )
    big, small = read_inputs([str(p)], options=opts)
    assert type(big) is InputTooLargeError and big.origin == f"{p}:1"
    assert small.id == "small"
    g = tmp_path / "story.txt.gz"
    g.write_bytes(gzip.compress(b"Troops entered the city. " * 100))
    [err] = read_inputs([str(g)], options=opts)
    assert type(err) is InputTooLargeError


def test_broken_gzip(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage")
    only_error(read_around(p), InputError, str(p))


def test_missing_path(tmp_path):
    missing = str(tmp_path / "nope.txt")
    err = only_error(read_around(missing), InputError, missing)
    assert "no such file" in err.message


def test_glob_without_match(tmp_path):
    pattern = str(tmp_path / "*.nothing")
    err = only_error(read_around(pattern), InputError, pattern)
    assert "matched no files" in err.message


def test_short_english_fragment_is_not_refused_on_a_weak_guess(tmp_path):
    # langdetect calls this Italian at 0.86; short texts are refused only on a near-certain guess.
    p = tmp_path / "fragment.txt"
    p.write_text("Russian armored personnel carriers patrol", encoding="utf-8")
    [art] = read_inputs([str(p)])
    assert isinstance(art, Article) and art.language == "en"
