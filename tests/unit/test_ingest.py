"""Ingest: every format, ordering, id preservation, publication-date precedence, stdin."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from eventwire.config import IngestOptions
from eventwire.errors import InputError
from eventwire.ingest import content_id, read_bytes, read_inputs, sniff_format
from eventwire.model import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
D = dt.date


def read(*inputs: str | Path, **kwargs) -> list[Article | InputError]:
    return list(read_inputs([str(x) for x in inputs], **kwargs))


def articles(items) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def errors(items) -> list[InputError]:
    return [x for x in items if isinstance(x, InputError)]


# --- text -------------------------------------------------------------------------------------


def test_text_file_is_one_article_without_title():
    [art] = read(FIXTURES / "story.txt")
    assert art.text.startswith("Police in the capital arrested twelve protesters")
    assert "\n\nThe interior ministry" in art.text
    assert art.title is None
    assert art.language == "en"
    assert art.origin == str(FIXTURES / "story.txt")
    assert art.id == content_id(art.text) and art.id.startswith("a") and len(art.id) == 17


def test_text_crlf_and_bom_are_normalised_before_offsets(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(
        b"\xef\xbb\xbfSoldiers fired on the crowd.\r\nTwo people died, witnesses said.\rEnd.\r\n"
    )
    [art] = read(p)
    assert art.text == "Soldiers fired on the crowd.\nTwo people died, witnesses said.\nEnd.\n"


def test_short_text_is_assumed_english_without_detection(tmp_path):
    p = tmp_path / "short.txt"
    p.write_text("Rebels seized Goma.", encoding="utf-8")
    [art] = read(p)
    assert art.language == "en"


def test_language_detection_can_be_turned_off(tmp_path):
    [art] = read(FIXTURES / "french.txt", options=IngestOptions(detect_language=False))
    assert art.language is None
    [art] = read(FIXTURES / "french.txt", options=IngestOptions(languages=("en", "fr")))
    assert art.language == "fr"


# --- html -------------------------------------------------------------------------------------


def test_html_text_and_metadata():
    [art] = read(FIXTURES / "story.html")
    assert "Government troops clashed with rebel fighters" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text
    assert art.title == "Troops clash with rebels near border"
    assert art.author == "Jane Roe"
    assert art.source == "Example Times"
    assert art.url == "https://news.example.com/world/troops-clash"
    assert art.published == D(2019, 8, 21) and art.published_source == "html-meta"
    # paragraphs are separated by a blank line so a headline never runs into a sentence
    assert "border\n\nGovernment troops" in art.text


def test_html_meta_date_beats_the_option():
    [art] = read(FIXTURES / "story.html", published=D(2020, 1, 1))
    assert art.published == D(2019, 8, 21) and art.published_source == "html-meta"


def test_html_declared_legacy_charset_is_honoured(tmp_path):
    p = tmp_path / "legacy.html"
    body = (
        '<html><head><meta charset="windows-1252"><title>x</title></head><body><article>'
        "<p>The caf\xe9 owner said police raided the building on Monday and detained four men "
        "accused of smuggling weapons across the border.</p></article></body></html>"
    )
    p.write_bytes(body.encode("cp1252"))
    [art] = read(p)
    assert "caf\u00e9 owner" in art.text


# --- jsonl / csv --------------------------------------------------------------------------------


def test_jsonl_records_ids_fields_and_bad_lines_in_order():
    items = read(FIXTURES / "feed.jsonl")
    name = str(FIXTURES / "feed.jsonl")
    assert [x.origin for x in items] == [f"{name}:{n}" for n in (1, 3, 4, 5, 6, 7)]  # line 2 blank
    first, second, bad_json, fourth, no_text, bad_date = items
    assert first.id == "r-1" and first.title == "Talks resume" and first.source == "Wire"
    assert first.url == "https://example.org/1"
    assert first.published == D(2020, 3, 2) and first.published_source == "field"
    # a datetime keeps the publisher's own calendar day
    assert second.published == D(2020, 3, 1)
    assert second.id == content_id(second.text)
    assert fourth.id == "4"  # numeric ids become strings
    assert isinstance(bad_json, InputError) and "not valid JSON" in bad_json.message
    assert (
        bad_json.message.startswith(f"{name}:4: ") and "fix or remove the line" in bad_json.message
    )
    assert isinstance(no_text, InputError) and "'text'" in no_text.message
    assert isinstance(bad_date, InputError) and "last Tuesday" in bad_date.message
    assert bad_date.code == "EW404"


def test_csv_rows_multiline_quoted_text_and_bad_rows():
    items = read(FIXTURES / "feed.csv")
    name = str(FIXTURES / "feed.csv")
    assert [x.origin for x in items] == [f"{name}:{n}" for n in (2, 3, 5, 6)]
    strike, raid, bad_date, empty = items
    assert strike.id == "c-1" and strike.title == "Strike called"
    assert strike.text.endswith('wages had fallen "far too far" behind prices.')
    assert strike.published == D(2021, 5, 4) and strike.published_source == "field"
    assert raid.title is None and raid.published is None
    assert raid.text == (
        "Villagers said soldiers burned\nseveral houses during a raid overnight, "
        "according to a local rights group."
    )
    assert isinstance(bad_date, InputError) and "2021-13-45" in bad_date.message
    assert isinstance(empty, InputError) and empty.code == "EW401"


def test_csv_long_field_above_default_csv_limit(tmp_path):
    text = "The army said troops were deployed. " * 5000  # ~180 KB, over csv's 128 KiB default
    p = tmp_path / "big.csv"
    p.write_text('id,text\nx1,"' + text + '"\n', encoding="utf-8")
    [art] = read(p)
    assert art.id == "x1" and len(art.text) == len(text)


def test_json_array_by_extension(tmp_path):
    p = tmp_path / "batch.json"
    p.write_text(
        json.dumps(
            [
                {
                    "id": "j1",
                    "text": "Police detained the opposition leader at his home on Saturday.",
                },
                "oops",
            ]
        ),
        encoding="utf-8",
    )
    ok, bad = read(p)
    assert ok.id == "j1" and ok.origin == f"{p}:[0]"
    assert isinstance(bad, InputError) and bad.origin == f"{p}:[1]"


def test_record_language_field_is_trusted(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(
        json.dumps(
            {
                "text": "Police detained the opposition leader at his home on Saturday.",
                "language": "de",
            }
        )
        + "\n"
        + json.dumps({"text": "Die Polizei nahm den Oppositionsführer fest.", "language": "en-GB"})
        + "\n",
        encoding="utf-8",
    )
    de, en = read(p)
    assert isinstance(de, InputError) and "'de'" in de.message and de.code == "EW405"
    assert en.language == "en"


def test_gzipped_jsonl(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    p.write_bytes(
        gzip.compress(b'{"id": "g1", "text": "Troops withdrew from the town on Monday."}\n')
    )
    [art] = read(p)
    assert art.id == "g1" and art.origin == f"{p}:1"


# --- sources: directories, globs, order, explicit format ------------------------------------


def test_directory_recursive_sorted_skips_hidden():
    items = read(FIXTURES / "tree")
    root = str(FIXTURES / "tree")
    assert [x.origin for x in items] == [
        f"{root}/a_first.txt",
        f"{root}/b_sub/c_second.jsonl:1",
        f"{root}/b_sub/d_third.page",  # unknown extension: sniffed as HTML
    ]
    assert all(isinstance(x, Article) for x in items)
    assert items[1].id == "t-2"
    assert items[2].text.startswith("The foreign minister said")


def test_inputs_keep_their_order_and_glob_is_sorted():
    items = read(FIXTURES / "story.txt", FIXTURES / "tree" / "*.txt", FIXTURES / "feed.jsonl")
    origins = [x.origin for x in items]
    assert origins[0] == str(FIXTURES / "story.txt")
    assert origins[1] == str(FIXTURES / "tree" / "a_first.txt")  # glob skips .hidden.txt
    assert origins[2].startswith(str(FIXTURES / "feed.jsonl") + ":1")


def test_explicit_input_format_overrides_extension(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(
        "<p>Police said <b>ten</b> people were arrested after the rally in the capital on Sunday "
        "evening, and that more arrests were expected.</p>",
        encoding="utf-8",
    )
    [as_text] = read(p)
    assert "<b>" in as_text.text
    [as_html] = read(p, input_format="html")
    assert "<b>" not in as_html.text and "ten" in as_html.text


def test_unknown_input_format_is_a_programming_error():
    with pytest.raises(ValueError):
        read(FIXTURES / "story.txt", input_format="pdf")


# --- published precedence -------------------------------------------------------------------


def test_published_option_applies_only_when_the_input_has_none():
    items = read(FIXTURES / "feed.jsonl", published=D(2000, 1, 1))
    by_origin = {x.origin.rsplit(":", 1)[1]: x for x in articles(items)}
    assert by_origin["1"].published == D(2020, 3, 2) and by_origin["1"].published_source == "field"
    assert by_origin["5"].published == D(2000, 1, 1) and by_origin["5"].published_source == "option"


def test_dateline_used_only_when_nothing_else_dates_the_article(tmp_path):
    p = tmp_path / "wire.txt"
    p.write_text(
        "BAGHDAD, Aug. 21, 2019 (Reuters) - Iraqi militias accused the United States of "
        "attacking their bases.",
        encoding="utf-8",
    )
    [art] = read(p)
    assert art.published == D(2019, 8, 21) and art.published_source == "dateline"
    [art] = read(p, published=D(2019, 8, 22))
    assert art.published == D(2019, 8, 22) and art.published_source == "option"


def test_no_date_is_ever_taken_from_the_clock():
    for art in articles(read(FIXTURES / "story.txt", FIXTURES / "tree")):
        assert art.published is None and art.published_source is None


# --- stdin and in-memory bytes ----------------------------------------------------------------


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_sniffs_jsonl_html_and_text():
    jsonl = (
        b'{"id": "s1", "text": "Rebels shelled the airport on Friday."}\n\n'
        b'{"id": "s2", "text": "Two soldiers died."}\n'
    )
    assert [a.id for a in read("-", stdin=_Stdin(jsonl))] == ["s1", "s2"]
    assert read("-", stdin=_Stdin(jsonl))[0].origin == "<stdin>:1"
    html = (FIXTURES / "story.html").read_bytes()
    [art] = read("-", stdin=_Stdin(html))
    assert art.title == "Troops clash with rebels near border"
    [art] = read("-", stdin=io.StringIO("Protesters blocked the highway on Monday."))
    assert art.text == "Protesters blocked the highway on Monday." and art.origin == "<stdin>"


def test_read_bytes_in_memory():
    [art] = read_bytes(b"Police fired tear gas at students in the capital.", name="upload-1")
    assert art.origin == "upload-1" and art.language == "en"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b"\xef\xbb\xbf  <!doctype html><html>", "html"),
        (b"id,title,text\n1,x,y\n", "csv"),
        (b'[{"text": "a"}]', "json"),
        (b'{\n  "text": "a"\n}\n', "json"),
        (b"Plain words, with commas, and text.\nMore.", "text"),
        (b"Hello, text\n", "text"),  # a sentence is not a CSV header
    ],
)
def test_sniff_format(head, fmt):
    assert sniff_format(head) == fmt


# --- integration: the real example articles --------------------------------------------------


@pytest.mark.integration
def test_example_articles_jsonl_reads_cleanly():
    path = EXAMPLES / "articles" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"example articles not found at {path}")
    items = read(path)
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(items) == len(records) == 33
    assert errors(items) == []
    for art, rec in zip(items, records, strict=True):
        assert art.id == rec["id"] and art.title == rec["title"] and art.url == rec["url"]
        assert art.text == rec["text"]
        assert (
            art.published == D.fromisoformat(rec["published"]) and art.published_source == "field"
        )
        assert art.language == "en"
    assert len({a.id for a in items}) == 33
