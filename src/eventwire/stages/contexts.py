"""PLOVER contexts: what an event is about, whatever its type (military, election, crime, ...).

``ContextsStage(options)`` requires sentences, parse and events and produces ``contexts``. The
cues are a transparent lexicon, ``data/contexts.yaml``: lemma sequences ("catch fire", "peace
talk"), optionally limited to one part of speech ("storm/NOUN" is no "stormed the building"),
and names matched as written ("WHO", "NATO", "Boko Haram"). Where cues overlap the longest
wins ("gas explosion" is a disaster, not natural resources). Each cue found is kept on the
document with its span (:class:`ContextCue`, the evidence), and an event's contexts are those
cued in its own sentence, in the order of the manual's list. A disaster cue carries its EM-DAT
group, ``natural`` or ``technological``; a blast or fire the event coder judges an accident
("the fireworks warehouse exploded") is a technological disaster too. Two contexts are also read
off an event's participants (:func:`participant_cues`): legal (a court) and diplomatic (a verbal
or diplomatic event between two states); their evidence is the participant's or trigger's span.

PLOVER codes contexts per event, paragraph or document; the sentence is the narrowest of those
and the one whose evidence an analyst can check at a glance. Contexts are a topic tag, not a
type: they never change an event's type, actors or status.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.parts_of_speech import PROPN

from ..config import ContextsOptions
from ..errors import ResourceError
from ..model import ContextCue, Document, Event, Participant, Span
from .event_lexicon import read_yaml
from .token_strings import token_strings

VERSION = "1"

#: PLOVER's contexts in the manual's order (ontology.md section 2.2).
PLOVER_CONTEXTS = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "legal", "diplomatic", "territory", "peacekeeping",
    "economic", "natural_resource", "environment", "technology",
    "reparations", "human_rights", "rights_freedoms", "repression", "human_security", "gender",
    "lgbt", "religion_ethnicity", "inequality",
    "health", "asylum", "migration", "disasters",
    "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption", "illegal_drugs",
    "trafficking",
)
_ORDER = {name: i for i, name in enumerate(PLOVER_CONTEXTS)}
#: EM-DAT's disaster groups, the only sub-groups a context has.
DISASTER_GROUPS = ("natural", "technological")

Token = Any


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # lower-case lemmas
    pos: str | None
    context: str
    group: str | None
    text: str  # as written in the lexicon


@dataclass(frozen=True)
class ContextLexicon:
    #: first lemma -> cues starting with it, longest first
    cues: dict[str, tuple[Cue, ...]] = field(default_factory=dict)
    #: one regex per context (and group) over the names, matched as written
    names: tuple[tuple[re.Pattern[str], str, str | None], ...] = ()


def _cue_words(cue: str) -> tuple[str, ...]:
    """A cue's tokens as spaCy splits them: words, and hyphens and other marks apart."""
    return tuple(re.findall(r"\w+|[^\w\s]", cue.lower()))


def load_lexicon(path: str | Path | None = None) -> ContextLexicon:
    """Read and check the context lexicon; ResourceError names the bad entry."""
    data, where = read_yaml("contexts.yaml", path, "context lexicon")
    contexts = (data or {}).get("contexts")
    if not isinstance(contexts, dict):
        raise ResourceError(f"{where}: no 'contexts' table", hint="see the packaged contexts.yaml")
    by_first: dict[str, list[Cue]] = {}
    names: list[tuple[re.Pattern[str], str, str | None]] = []
    for context, body in contexts.items():
        if context not in _ORDER or not isinstance(body, dict):
            raise ResourceError(
                f"{where}: {context!r} is not a PLOVER context (or has no cues)",
                hint=f"contexts are {', '.join(PLOVER_CONTEXTS)}",
            )
        groups = [(g, body[g]) for g in DISASTER_GROUPS if g in body] or [(None, body)]
        for group, entry in groups:
            unknown = set(entry) - {"cues", "names"}
            if unknown:
                raise ResourceError(
                    f"{where}: {context}: unknown key(s) {sorted(unknown)}",
                    hint="an entry has 'cues' and 'names'",
                )
            for raw in entry.get("cues") or []:
                word, _, pos = str(raw).partition("/")
                words = _cue_words(word)
                if not words:
                    raise ResourceError(f"{where}: {context}: empty cue {raw!r}")
                cue = Cue(words, pos.upper() or None, context, group, str(raw))
                by_first.setdefault(words[0], []).append(cue)
            written = [str(n) for n in entry.get("names") or [] if str(n).strip()]
            if written:
                alts = "|".join(re.escape(n) for n in sorted(written, key=len, reverse=True))
                names.append((re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"), context, group))
    cues = {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in by_first.items()}
    return ContextLexicon(cues, tuple(names))


class DocStrings:
    """A parse with its tokens' strings (:mod:`.token_strings`) and the article text."""

    def __init__(self, spdoc: Any, text: str) -> None:
        ts = token_strings(spdoc)
        self.doc = spdoc
        self.text = text  # the article text the parse was made from (Doc.text rebuilds it)
        self.lemmas, self.lowers, self.pos = ts.lemmas, ts.lowers, ts.pos


_PROPN = PROPN  # the parser's proper-noun id, as TokenStrings.pos holds it


def _matches(cue: Cue, ds: DocStrings, i: int, end: int) -> bool:
    n = len(cue.words)
    if i + n > end:
        return False
    for k, word in enumerate(cue.words):
        if word != ds.lemmas[i + k] and word != ds.lowers[i + k]:
            return False
    if n > 1:
        return True
    tok = ds.doc[i]
    if cue.pos is not None and tok.pos_ != cue.pos:
        return False
    # a lower-case cue is no part of a name ("Bill" is no bill, "Storm Shadow" no storm)
    return ds.pos[i] != _PROPN or tok.text.islower()


def accident_cues(
    ds: DocStrings, sent: Any, sent_index: int, events_lexicon: Any
) -> list[ContextCue]:
    """Blasts and fires the event coder judges accidents ("a gas cylinder exploded", "the
    fireworks warehouse exploded"): a technological disaster, with the blast word as evidence."""
    from .event_rules import BLAST_WORDS, accidental

    out = []
    for i in range(sent.start, sent.end):
        if ds.lemmas[i] in BLAST_WORDS and accidental(ds.doc[i], events_lexicon):
            t = ds.doc[i]
            out.append(ContextCue("disasters", Span(t.idx, t.idx + len(t.text)), sent_index,
                                  "technological", "accidental blast"))
    return out


def find_cues(
    lexicon: ContextLexicon, ds: DocStrings, sent: Any, sent_index: int
) -> list[ContextCue]:
    """Every context cue of one parsed sentence, longest first where cues overlap."""
    found: list[ContextCue] = []
    table, lemmas, lowers = lexicon.cues, ds.lemmas, ds.lowers
    i, end = sent.start, sent.end
    while i < end:
        by_lemma, by_form = table.get(lemmas[i]), table.get(lowers[i])
        if by_lemma is None and by_form is None:  # the common case: no cue starts here
            i += 1
            continue
        hits: list[Cue] = []
        for cue in (*(by_lemma or ()), *(by_form or ())):
            if cue not in hits and _matches(cue, ds, i, end):
                hits.append(cue)
        longest = max((len(c.words) for c in hits), default=0)
        if not longest:
            i += 1
            continue
        first, last = ds.doc[i], ds.doc[i + longest - 1]
        span = Span(first.idx, last.idx + len(last.text))
        for cue in hits:  # one cue may stand in two contexts ("martial law")
            if len(cue.words) == longest:
                found.append(ContextCue(cue.context, span, sent_index, cue.group, cue.text))
        i += longest
    start = sent.start_char
    taken = [c.span for c in found]
    text = ds.text[start : sent.end_char]  # (Span.text would make every Token)
    for pattern, context, group in lexicon.names:
        for m in pattern.finditer(text):
            span = Span(start + m.start(), start + m.end())
            if not any(span.overlaps(t) for t in taken):
                found.append(ContextCue(context, span, sent_index, group, m.group(0)))
    return sorted(found, key=lambda c: c.span.start)


def ordered(contexts: object) -> tuple[str, ...]:
    """Context names without repeats, in the manual's order."""
    return tuple(sorted(set(contexts), key=_ORDER.__getitem__))  # type: ignore[arg-type]


#: PLOVER types that are diplomacy when two states (or a state and an IGO) are the parties.
DIPLOMATIC_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "SANCTION",
})
#: Codes of international organisations (ontology.md 2.3) that make a party to diplomacy.
_IGO_CODES = frozenset({"IGO", "UNO", "EUR"})


def participant_cues(doc: Document, event: Event) -> list[ContextCue]:
    """Contexts an event's participants imply, each with the span that shows it: legal (a court,
    sector JUD) and diplomatic (a verbal or diplomatic event between two states, or a state and an
    international organisation). An armed actor does not make an event military by itself: on the
    PLOVER gold that rule added twelve wrong contexts for one right one; the words do it."""
    out: list[ContextCue] = []
    parts = [(p, doc.actor(p.actor_id)) for p in (*event.actors, *event.recipients) if p.actor_id]
    hit = next((p for p, a in parts if a is not None and a.sector == "JUD"), None)
    if hit is not None:
        out.append(ContextCue("legal", hit.span, event.sentence, None, "participant sector JUD"))
    if event.type in DIPLOMATIC_TYPES:

        def states(side: tuple[Participant, ...]) -> set[str]:
            codes = set()
            for p in side:
                a = doc.actor(p.actor_id) if p.actor_id else None
                if a is not None and a.code and (
                    a.sector in _STATE_SECTORS or a.code in _IGO_CODES
                ):
                    codes.add(a.code)  # type: ignore[union-attr]
            return codes

        ours, theirs = states(event.actors), states(event.recipients)
        if ours and theirs and ours != theirs and not (ours | theirs) <= _IGO_CODES:
            out.append(
                ContextCue("diplomatic", event.trigger, event.sentence, None, "interstate event")
            )
    return out


#: Sectors that speak for a state (an unset sector on a country-coded actor is the state itself).
_STATE_SECTORS = frozenset({None, "GOV", "MIL", "LEG", "JUD"})


class ContextsStage:
    """Adds PLOVER contexts to events and keeps every cue as evidence; see the module docstring."""

    name = "contexts"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "parse", "events"})
    produces: frozenset[str] = frozenset({"contexts"})

    def __init__(self, options: ContextsOptions | None = None) -> None:
        self.options = options or ContextsOptions()
        self.lexicon: ContextLexicon | None = None
        self.events_lexicon: Any = None  # the event coder's, for its judgment of accidents

    def open(self) -> None:
        if self.lexicon is None:
            self.lexicon = load_lexicon(self.options.lexicon or None)
        if self.events_lexicon is None:
            from .event_lexicon import load_lexicon as load_events_lexicon

            self.events_lexicon = load_events_lexicon()

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            return doc
        self.open()
        assert self.lexicon is not None
        cues: list[ContextCue] = []
        ds = DocStrings(doc.parse, doc.text)
        for i, sent in enumerate(doc.parse.sents):
            found = find_cues(self.lexicon, ds, sent, i)
            taken = [c.span for c in found if c.context == "disasters"]
            found += [c for c in accident_cues(ds, sent, i, self.events_lexicon)
                      if not any(c.span.overlaps(t) for t in taken)]
            cues.extend(found)
        by_sent: dict[int, list[str]] = {}
        for cue in cues:
            by_sent.setdefault(cue.sentence, []).append(cue.context)
        events = []
        for e in doc.events:
            implied = participant_cues(doc, e)
            cues.extend(implied)
            named = by_sent.get(e.sentence, [])
            contexts = ordered([*named, *(c.context for c in implied)])
            events.append(dataclasses.replace(e, contexts=contexts))
        # (the cue and group last: a set's order varies between processes, the output must not)
        unique = sorted(set(cues), key=lambda c: (c.span.start, c.span.end, _ORDER[c.context],
                                                  c.cue, c.group or ""))
        return dataclasses.replace(doc, events=tuple(events), contexts=tuple(unique))
