"""Dates stage: doc.timexes and one date per event (hand-made events; real parses where marked)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from eventwire.config import DatesOptions
from eventwire.errors import ConfigError
from eventwire.model import Article, Claim, Document, Event, Sentence, Span
from eventwire.stages.dates import VERSION, DatesStage

PUBLISHED = dt.date(2019, 8, 21)  # a Wednesday


def sentences_of(text: str) -> tuple[Sentence, ...]:
    """Naive sentence split on '. ' for hand-made documents (no spaCy)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(len(out), Span(start, i + 1)))
            start = i + 2
    if start < len(text):
        out.append(Sentence(len(out), Span(start, len(text))))
    return tuple(out)


def event_at(doc: Document, word: str, eid: str = "e0", nth: int = 0, **fields) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    span = Span(start, start + len(word))
    sentence = doc.sentence_of(start)
    assert sentence is not None
    return Event(id=eid, type="ASSAULT", trigger=span, sentence=sentence.index, **fields)


def hand_doc(text: str, published: dt.date | None = PUBLISHED) -> Document:
    return Document(article=Article(text=text, published=published), sentences=sentences_of(text))


def run(doc: Document, *events: Event) -> Document:
    return DatesStage(DatesOptions())(dataclasses.replace(doc, events=events))


# --- without a parse ----------------------------------------------------------------------------


def test_stage_contract():
    stage = DatesStage()
    assert stage.name == "dates" and stage.version == VERSION
    assert stage.requires == {"sentences", "parse", "events"}
    assert stage.produces == {"timexes", "event_dates"}


def test_unknown_weekday_default_is_a_config_error():
    with pytest.raises(ConfigError, match="weekday_default"):
        DatesStage(DatesOptions(weekday_default="sometimes"))


def test_weekday_default_future_is_used():
    doc = hand_doc("Militias meet the envoy on Friday.")
    out = DatesStage(DatesOptions(weekday_default="future"))(doc)
    assert out.timexes[0].value == "2019-08-23"


def test_timexes_are_added_with_spans_and_provenance():
    doc = run(hand_doc("Militias blamed Israel on Monday. An explosion last week hit a depot."))
    assert [(t.text, t.value, t.precision) for t in doc.timexes] == [
        ("Monday", "2019-08-19", "day"),
        ("last week", "2019-W33", "week"),
    ]
    for t in doc.timexes:
        assert doc.span_text(t.span) == t.text
        assert t.provenance.stage == "dates" and t.provenance.version == VERSION
        assert t.provenance.rule
    assert doc.timexes[1].start == dt.date(2019, 8, 12)


def test_event_takes_the_expression_of_its_sentence():
    doc = hand_doc("Militias blamed Israel on Monday. An explosion last week hit a depot.")
    out = run(doc, event_at(doc, "blamed", "e0"), event_at(doc, "explosion", "e1"))
    assert [e.date.value for e in out.events] == ["2019-08-19", "2019-W33"]
    assert out.events[0].date.span == Span(26, 32)
    assert out.events[1].date.precision == "week"


def test_undated_event_gets_the_publication_date_marked_inferred():
    doc = hand_doc("Militias blamed Israel for the raids.")
    (ev,) = run(doc, event_at(doc, "blamed")).events
    assert ev.date.value == "2019-08-21" and ev.date.precision == "day"
    assert ev.date.span is None and ev.date.text == ""
    assert ev.date.provenance.rule == "publication-date"
    assert ev.status == ("reported",)


def test_no_publication_date_and_no_expression_gives_an_unknown_date():
    doc = hand_doc("Militias blamed Israel for the raids.", published=None)
    (ev,) = run(doc, event_at(doc, "blamed")).events
    assert ev.date.value is None and ev.date.precision == "unknown"
    assert ev.date.provenance.rule == "no-date"


def test_no_publication_date_keeps_the_unresolved_expression():
    doc = hand_doc("An explosion last week hit a depot.", published=None)
    (ev,) = run(doc, event_at(doc, "explosion")).events
    assert (ev.date.text, ev.date.value, ev.date.precision) == ("last week", None, "week")


def test_old_year_makes_the_event_historical():
    doc = hand_doc("But the last time Israel struck inside Iraq was in 1981. Israel struck again.")
    old = event_at(doc, "struck", "e0", status=("alleged", "reported"))
    new = event_at(doc, "struck", "e1", nth=1)
    out = run(doc, old, new)
    assert out.events[0].date.value == "1981"
    assert out.events[0].status == ("alleged", "historical")
    assert out.events[1].status == ("reported",)


def test_a_recent_date_is_not_historical():
    doc = hand_doc("Rebels struck the base in 2019.")
    (ev,) = run(doc, event_at(doc, "struck")).events
    assert ev.date.value == "2019" and ev.status == ("reported",)


def test_a_day_after_without_parse_shifts_back_from_publication():
    doc = hand_doc("The statements came a day after several explosions hit a base.")
    (ev,) = run(doc, event_at(doc, "explosions")).events
    assert ev.date.value == "2019-08-20"
    assert ev.date.provenance.rule == "chained-after"
    assert ev.date.text == "a day"


def test_no_events_still_adds_timexes():
    doc = run(hand_doc("Nothing happened on Monday."))
    assert doc.events == () and len(doc.timexes) == 1


def test_empty_article():
    doc = run(hand_doc(""))
    assert doc.timexes == () and doc.events == ()


# --- with the real parse ------------------------------------------------------------------------


def parsed_events(parse, text: str, *triggers: str, published=PUBLISHED):
    doc = parse(text, published=published)
    events = tuple(event_at(doc, w, f"e{i}") for i, w in enumerate(triggers))
    out = DatesStage()(dataclasses.replace(doc, events=events))
    return {w: e.date for w, e in zip(triggers, out.events, strict=True)}, out


@pytest.mark.integration
def test_a_day_after_chains_from_the_main_clause(parse):
    dates, _ = parsed_events(
        parse,
        "The statements came a day after several explosions hit a base near the capital.",
        "explosions",
        "came",
    )
    assert dates["explosions"].value == "2019-08-20"
    assert dates["explosions"].provenance.rule == "chained-after"
    assert dates["came"].value == "2019-08-21"
    # "came" is an undated simple past: the week up to publication (the main clause is not an
    # event here, so "a day after" still counts back from the publication day itself)
    assert dates["came"].provenance.rule == "publication-week"


@pytest.mark.integration
def test_chain_follows_the_main_clause_date(parse):
    dates, _ = parsed_events(
        parse, "On Monday troops withdrew two days after the ceasefire.", "ceasefire", "withdrew"
    )
    assert dates["withdrew"].value == "2019-08-19"
    assert dates["ceasefire"].value == "2019-08-17"


@pytest.mark.integration
def test_before_shifts_forward(parse):
    dates, _ = parsed_events(
        parse, "Protesters marched on Monday, two days before the vote was held.", "held"
    )
    assert dates["held"].value == "2019-08-21"


@pytest.mark.integration
def test_the_day_before_dates_what_follows(parse):
    dates, _ = parsed_events(
        parse, "Crowds gathered on Monday, the day before the vote was held.", "held", "gathered"
    )
    assert dates["gathered"].value == "2019-08-19"
    assert dates["held"].value == "2019-08-20"
    assert dates["held"].provenance.rule == "chained-before"


@pytest.mark.integration
def test_dependency_picks_the_governing_expression(parse):
    dates, _ = parsed_events(
        parse,
        "Rebels shelled the town last week, officials said on Wednesday.",
        "shelled",
        "said",
    )
    assert dates["shelled"].value == "2019-W33"
    assert dates["said"].value == "2019-08-21"
    assert dates["said"].provenance.rule.startswith("dependency")


@pytest.mark.integration
def test_future_tense_weekday(parse):
    dates, _ = parsed_events(parse, "The envoys will resume talks on Monday.", "resume")
    assert dates["resume"].value == "2019-08-26"


@pytest.mark.integration
def test_historical_year_with_parse(parse):
    dates, out = parsed_events(
        parse,
        "The last time Israel struck inside Iraq was in 1981, when Israeli warplanes bombed a reactor.",
        "bombed",
    )
    assert dates["bombed"].value == "1981" and dates["bombed"].precision == "year"
    assert out.events[0].status == ("historical",)


@pytest.mark.integration
def test_pronoun_sentence_keeps_the_previous_time(parse):
    dates, _ = parsed_events(
        parse,
        "Troops raided a village last week. They also arrested ten people.",
        "arrested",
    )
    assert dates["arrested"].value == "2019-W33"
    assert dates["arrested"].provenance.rule.startswith("previous-sentence")


@pytest.mark.integration
def test_possessive_weekday_on_a_noun_trigger(parse):
    dates, _ = parsed_events(
        parse, "Wednesday's statement came from the coordinating group.", "statement"
    )
    assert dates["statement"].value == "2019-08-21"
    assert dates["statement"].span is not None


@pytest.mark.integration
def test_parse_without_publication_date(parse):
    dates, _ = parsed_events(
        parse, "The minister rejected the plan on Monday.", "rejected", published=None
    )
    assert dates["rejected"].value == "XXXX-WXX-1"
    assert dates["rejected"].provenance.rule.endswith(":unanchored")


# --- quotes, reactions and the undated fallback ---------------------------------------------------


def quoted(doc: Document, quote: str) -> Document:
    """``doc`` with one claim whose content is the first occurrence of ``quote``."""
    start = doc.text.index(quote)
    claim = Claim(id="c0", kind="threat", content=Span(start, start + len(quote)))
    return dataclasses.replace(doc, claims=(claim,))


@pytest.mark.integration
def test_now_in_a_quote_is_the_day_the_speaker_said_it(parse):
    text = (
        "Prime Minister Benjamin Netanyahu on Monday rejected the policy. "
        "\u201cWe will act now against them,\u201d he said during a visit to Ukraine."
    )
    doc = quoted(parse(text, published=PUBLISHED), "We will act now against them,")
    out = DatesStage()(dataclasses.replace(doc, events=(event_at(doc, "act"),)))
    (ev,) = out.events
    assert ev.date.value == "2019-08-19"  # Monday, not publication day (Wednesday)
    assert ev.date.provenance.rule.startswith("speech:")


@pytest.mark.integration
def test_a_quote_dated_by_its_reporting_verb(parse):
    text = "\u201cWe will strike back,\u201d the commander said on Tuesday."
    doc = quoted(parse(text, published=PUBLISHED), "We will strike back,")
    out = DatesStage()(dataclasses.replace(doc, events=(event_at(doc, "strike"),)))
    assert out.events[0].date.value == "2019-08-20"
    assert out.events[0].date.provenance.rule.startswith("speech")


@pytest.mark.integration
def test_a_date_inside_the_quote_beats_the_speech_date(parse):
    text = "\u201cThey attacked us on Sunday,\u201d the commander said on Tuesday."
    doc = quoted(parse(text, published=PUBLISHED), "They attacked us on Sunday,")
    out = DatesStage()(dataclasses.replace(doc, events=(event_at(doc, "attacked"),)))
    assert out.events[0].date.value == "2019-08-18"


@pytest.mark.integration
def test_a_quote_without_any_date_keeps_the_usual_fallback(parse):
    text = "\u201cWe will strike back,\u201d the commander said."
    doc = quoted(parse(text, published=PUBLISHED), "We will strike back,")
    out = DatesStage()(dataclasses.replace(doc, events=(event_at(doc, "strike"),)))
    assert out.events[0].date.value == "2019-08-21"
    assert out.events[0].date.span is None


@pytest.mark.integration
def test_rejecting_a_statement_made_on_publication_day(parse):
    dates, _ = parsed_events(
        parse,
        "Wednesday's statement came from the group. The coalition rejected the statement.",
        "rejected",
    )
    assert dates["rejected"].value == "2019-08-21" and dates["rejected"].precision == "day"
    assert dates["rejected"].provenance.rule == "reaction-same-day"


@pytest.mark.integration
def test_rejecting_an_older_statement_is_not_dated_by_it(parse):
    dates, _ = parsed_events(
        parse,
        "Monday's statement came from the group. The coalition rejected the statement.",
        "rejected",
    )
    # it came no earlier than Monday, but may be any day up to publication: not Monday itself
    assert dates["rejected"].provenance.rule.startswith("publication")


@pytest.mark.integration
def test_undated_simple_past_falls_back_to_the_publication_week(parse):
    dates, _ = parsed_events(parse, "Police arrested five men in the town.", "arrested")
    ref = dates["arrested"]
    assert (ref.value, ref.precision, ref.span) == ("2019-08-21", "week", None)
    assert (ref.start, ref.end) == (dt.date(2019, 8, 15), dt.date(2019, 8, 21))
    assert ref.provenance.rule == "publication-week"


@pytest.mark.integration
def test_undated_present_perfect_is_news_of_the_day(parse):
    dates, _ = parsed_events(parse, "Militias have blamed Israel for the raids.", "blamed")
    assert dates["blamed"].precision == "day"
    assert dates["blamed"].provenance.rule == "publication-date"
