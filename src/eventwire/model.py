"""The record types that flow through eventwire: frozen dataclasses, no I/O, no third-party imports.

Every annotation is standoff: a :class:`Span` of character offsets into ``Document.text``.
Stages never mutate a record; they return ``dataclasses.replace(doc, field=...)``.
Every derived record carries a :class:`Provenance` naming the stage (and model) that made it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

# --- vocabularies -----------------------------------------------------------------------------

#: The 16 PLOVER event types (manual draft 0.8).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)

#: Event status values of the output contract.
EVENT_STATUSES: tuple[str, ...] = (
    "reported", "alleged", "denied", "historical", "hypothetical", "negated",
)

#: Claim kinds of the output contract.
CLAIM_KINDS: tuple[str, ...] = ("accusation", "denial", "threat", "finding", "statement")

#: Date precisions, finest first.
DATE_PRECISIONS: tuple[str, ...] = (
    "time", "day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` range of character offsets into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which stage (and version, and model if any) produced a record."""

    stage: str
    version: str
    model: str | None = None
    rule: str | None = None  # the lexicon entry or rule that fired, for explanations


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as read from a source, before any analysis."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: _dt.date | None = None
    #: Where ``published`` came from: "option", "field", "html-meta", "feed", "dateline".
    published_source: str | None = None
    language: str | None = None
    #: The file, line or row the article came from, for error messages ("feed.jsonl:17").
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    span: Span


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity or noun-phrase mention found in the text."""

    id: str
    span: Span
    text: str
    label: str  # spaCy/OntoNotes label (PERSON, ORG, GPE, NORP, LOC, FAC, DATE, ...) or our own
    sentence: int
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Actor:
    """One real-world actor of the article, with every mention of it (aliases, acronyms, pronouns)."""

    id: str
    name: str  # canonical name
    kind: str  # person, organization, country, group, ...
    code: str | None  # ISO3, or IGO / NGO / UNO / ...
    sector: str | None  # PLOVER sector: GOV, MIL, COP, PRM, REB, OPP, JUD, CVL, ...
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None  # backer code ("Iranian-backed militias" -> IRN)
    wikidata: str | None = None
    provenance: Provenance = Provenance("actors", "0")


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor in a role of one event, with the span that names it in the event's sentence."""

    actor_id: str | None  # None when the text names someone we could not resolve to an Actor
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym and where it resolves (or not) in the gazetteer."""

    id: str
    span: Span
    text: str
    geonameid: int | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO3
    admin1: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    #: ACLED-style: 1 named town or site, 2 near or part of a place, 3 region or country.
    precision: int | None = None
    relation: str | None = None  # e.g. "80 km N of", "southern part of", "near"
    score: float | None = None
    provenance: Provenance = Provenance("geo", "0")


@dataclass(frozen=True, slots=True)
class DateRef:
    """A temporal expression, normalised TIMEX3-style against the publication date."""

    id: str
    span: Span | None  # None for a date inferred from the publication date
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # TIMEX3 value: 2019-08-21, 2019-W33, 2019-08, 1981, PAST_REF, ... None if unresolved
    precision: str  # one of DATE_PRECISIONS
    start: _dt.date | None = None  # first day the value covers
    end: _dt.date | None = None  # last day the value covers
    provenance: Provenance = Provenance("dates", "0")


@dataclass(frozen=True, slots=True)
class Casualties:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    spans: tuple[Span, ...] = ()
    #: Which stage and rule set the counts (None for the empty default).
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class EventPlace:
    """The place chosen for an event, and how precise that choice is."""

    place_id: str
    precision: int  # ACLED 1/2/3


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str  # a PLOVER type
    trigger: Span
    sentence: int
    mode: tuple[str, ...] = ()
    actors: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()
    status: tuple[str, ...] = ("reported",)
    confidence: float = 0.5
    cameo: str | None = None
    place: EventPlace | None = None
    date: DateRef | None = None
    casualties: Casualties = Casualties()
    claims: tuple[str, ...] = ()
    provenance: Provenance = Provenance("events", "0")
    contexts: tuple[str, ...] = ()  # PLOVER contexts cued in the event's sentence


@dataclass(frozen=True, slots=True)
class ContextCue:
    """A word or name that says what a sentence is about: one PLOVER context, with its evidence."""

    context: str  # a PLOVER context name ("military", "disasters", ...)
    span: Span
    sentence: int
    group: str | None = None  # for disasters, EM-DAT's group: "natural" or "technological"
    cue: str = ""  # the lexicon entry that matched


@dataclass(frozen=True, slots=True)
class Claim:
    """Something someone says: a quote or reported speech, with who says it and who reports it."""

    id: str
    kind: str  # one of CLAIM_KINDS
    content: Span
    speaker: Participant | None = None
    cited_source: str | None = None
    cited_span: Span | None = None
    events: tuple[str, ...] = ()
    provenance: Provenance = Provenance("claims", "0")
    #: a claim of responsibility ("X claimed responsibility for the attack"; GTD's "claimed")
    responsibility: bool = False


@dataclass(frozen=True)
class Document:
    """The central record: an article plus every annotation the stages have added so far."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    timexes: tuple[DateRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    contexts: tuple[ContextCue, ...] = ()
    #: Names of what the stages so far have produced ("sentences", "actors", ...).
    produced: frozenset[str] = frozenset()
    #: The NLP backend's own parse (a spaCy Doc). Opaque here; never serialised.
    parse: Any = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.article.text

    def span_text(self, span: Span) -> str:
        return self.article.text[span.start : span.end]

    def sentence_of(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.span.start <= offset < sentence.span.end:
                return sentence
        return None

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None

    def place(self, place_id: str | None) -> Place | None:
        if place_id is None:
            return None
        for place in self.places:
            if place.id == place_id:
                return place
        return None
