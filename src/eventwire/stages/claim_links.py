"""Claim linking: the events each claim concerns, and what claims do to those events.

Events: those whose trigger lies in the content, plus, for accusations, denials and findings,
events elsewhere whose trigger noun the content names ("blamed the explosions on X" -> the
explosion events). Those events get the claim id; their "reported" status becomes "alleged" when
the claim is an accusation and the event's perpetrator is named only inside it (or nowhere). A
denial of "the statement / accusation / claims" links to the latest earlier claim's events, and
marks them "denied" only when it denies that something happened ("denied the attack took place").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..model import Claim, Document, Event, Participant, Provenance, Span
from .claim_rules import _MATERIAL, _first_person
from .headlines import drop_headline_repeats, renumbered

Token = Any


@dataclass
class Draft:
    """A claim found but not yet linked: what the finders hand to :func:`link_claims`."""

    kind: str
    content: Span
    sentence: int
    rule: str
    verb: Token | None = None
    speaker: Participant | None = None
    cited: tuple[str, Span] | None = None
    events: list[str] = field(default_factory=list)
    refers_claims: bool = False  # a denial of "the statement": link to the previous claim
    responsibility: bool = False  # "claimed responsibility for X": the speaker says it did X


def link_claims(doc: Document, drafts: list[Draft], version: str) -> Document:
    """The claims of the drafts, linked to their events; the events get claim ids and statuses."""
    merged = _rementions(doc, drafts)
    events = [e for e in doc.events if e.id not in merged]
    by_lemma: dict[str, list[Event]] = {}
    trig_lemma: dict[str, str] = {}
    for ev in events:
        # the trigger's tokens by offset lookup, not a scan of the whole article per event
        toks = (
            doc.parse.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            or ()
        )
        if toks:
            trig_lemma[ev.id] = toks[-1].lemma_.lower()
            if toks[-1].pos_ == "NOUN":
                by_lemma.setdefault(toks[-1].lemma_.lower(), []).append(ev)
    claims: list[Claim] = []
    status: dict[str, tuple[str, ...]] = {}
    links: dict[str, list[str]] = {}
    speaker_of: dict[str, str] = {}
    actors_of: dict[str, tuple[Participant, ...]] = {}
    for n, d in enumerate(drafts):
        cid = f"c{n}"
        inside = [e.id for e in doc.events if d.content.contains(e.trigger)]
        inside = list(dict.fromkeys(merged.get(eid, eid) for eid in inside))
        refs: list[str] = []
        if (d.kind in {"accusation", "denial", "finding"} or d.responsibility) and not d.refers_claims:
            inside_trig = [e.trigger for e in doc.events if d.content.contains(e.trigger)]
            for t in (
                doc.parse.char_span(d.content.start, d.content.end, alignment_mode="expand")
                or ()
            ):
                own = any(tr.start <= t.idx < tr.end for tr in inside_trig)
                if t.pos_ == "NOUN" and not own:
                    refs += [
                        e.id
                        for e in by_lemma.get(t.lemma_.lower(), ())
                        if e.id not in inside and e.type == "ASSAULT"
                    ]
        material = {e.id for e in events if e.type in _MATERIAL}
        if d.kind == "accusation" and not refs and _names_what_happened(doc, d):
            # "responsible for what happened": the deeds of the latest earlier accusation
            earlier_acc = [c for c in claims if c.kind == "accusation" and material & set(c.events)]
            if earlier_acc:
                refs += [e for e in earlier_acc[-1].events if e in material and e not in inside]
        if d.refers_claims:
            earlier = [
                c
                for c in claims
                if c.content.end <= d.content.start
                and c.events
                and (
                    c.speaker is None
                    or d.speaker is None
                    or c.speaker.actor_id != d.speaker.actor_id
                    or c.speaker.actor_id is None
                )
            ]
            if earlier:
                refs += [e for e in earlier[-1].events if e not in inside]
        ids = tuple(dict.fromkeys(inside + refs))
        if d.speaker is not None and d.speaker.actor_id is not None:
            for eid in inside:  # "we will act" inside X's quote: "we" is X
                speaker_of.setdefault(eid, d.speaker.actor_id)
        for eid in ids:
            links.setdefault(eid, []).append(cid)
        if d.kind == "accusation":
            for e in events:
                if (
                    e.id in ids
                    and e.type in _MATERIAL
                    and "reported" in status.get(e.id, e.status)
                ):
                    named_inside = all(d.content.contains(p.span) for p in e.actors)
                    if named_inside:
                        _restatus(status, e, {"reported"}, "alleged")
        if d.responsibility and d.speaker is not None:
            for e in events:
                if e.id in ids and e.type in _MATERIAL and _claimed_by(e, d.speaker):
                    # the claimant is the perpetrator on its own word: alleged, not established
                    _restatus(status, e, {"reported"}, "alleged")
                    if not e.actors:
                        actors_of[e.id] = (d.speaker,)
        if d.kind == "denial" and d.verb is not None and _denies_occurrence(d, doc):
            for e in events:
                if e.id in ids and e.type not in {"ACCUSE", "REJECT"}:
                    _restatus(status, e, {"reported", "alleged"}, "denied")
        claims.append(
            Claim(
                id=cid,
                kind=d.kind,
                content=d.content,
                speaker=d.speaker,
                cited_source=d.cited[0] if d.cited else None,
                cited_span=d.cited[1] if d.cited else None,
                events=ids,
                provenance=Provenance("claims", version, rule=d.rule),
                responsibility=d.responsibility,
            )
        )
    modes: dict[str, tuple[str, ...]] = {}
    by_id = {e.id: e for e in doc.events}
    for gone, kept in merged.items():  # the re-mention's manner is the event's ("a drone attack")
        modes[kept] = tuple(dict.fromkeys(modes.get(kept, by_id[kept].mode) + by_id[gone].mode))
    new_events = tuple(
        dataclasses.replace(
            e,
            mode=modes.get(e.id, e.mode),
            claims=tuple(dict.fromkeys(e.claims + tuple(links.get(e.id, ())))),
            status=status.get(e.id, e.status),
            actors=_first_person(actors_of.get(e.id, e.actors), speaker_of.get(e.id)),
            recipients=_first_person(e.recipients, speaker_of.get(e.id)),
        )
        if e.id in links or e.id in status or e.id in modes
        else e
        for e in events
    )
    # A headline's event the body tells again goes once statuses and quoted speakers are known.
    return renumbered(drop_headline_repeats(dataclasses.replace(doc, claims=tuple(claims), events=new_events)))


def _restatus(status: dict[str, tuple[str, ...]], e: Event, old: set[str], new: str) -> None:
    """Replace ``old`` statuses of ``e`` (as the claims so far left them) by ``new``, once."""
    st = status.get(e.id, e.status)
    status[e.id] = tuple(dict.fromkeys(new if s in old else s for s in st))


def _claimed_by(event: Event, speaker: Participant) -> bool:
    """True when an event names no perpetrator but the one claiming it (or none at all)."""
    return all(
        p.actor_id == speaker.actor_id if speaker.actor_id is not None else p.span == speaker.span
        for p in event.actors
    )


def _denies_occurrence(d: Draft, doc: Document) -> bool:
    span = doc.parse.char_span(d.content.start, d.content.end, alignment_mode="expand")
    if span is None:
        return False
    lemmas = {t.lemma_.lower() for t in span}
    return (
        bool(lemmas & {"happen", "occur"})
        or ("take" in lemmas and "place" in lemmas)
        or any(t.lemma_.lower() == "report" and t.pos_ == "NOUN" for t in span)
    )


#: Words of an event noun's phrase that can tie it to an earlier report of the same event.
_TIE_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


def _rementions(doc: Document, drafts: list[Draft]) -> dict[str, str]:
    """Events a claim re-mentions -> the earlier event they are ("Another explosion last week ...
    killed one. An investigation found that an explosion last week near Baghdad was caused by a
    drone attack": one explosion).

    A re-mention is a nominal event inside a claim's content, with no actor the earlier event
    lacks, whose phrase shares at least two words with the sentence of exactly one earlier event
    of the same type and trigger noun ("last week", "Baghdad"), and more than with any other.
    """
    out: dict[str, str] = {}
    events = doc.events
    for d in drafts:
        for ev in events:
            if not d.content.contains(ev.trigger) or ev.id in out:
                continue
            trig = _trigger_noun(doc, ev)
            if trig is None:
                continue
            ties = {
                t.lower_
                for t in trig.subtree
                if t.i != trig.i and t.pos_ in _TIE_POS and d.content.start <= t.idx
            }
            if len(ties) < 2:
                continue
            scored = []
            for other in events:
                if (
                    other.type != ev.type
                    or other.sentence >= ev.sentence
                    or other.id in out
                    or not {_pkey(p) for p in ev.actors} <= {_pkey(p) for p in other.actors}
                ):
                    continue
                head = _trigger_noun(doc, other)
                if head is None or head.lemma_.lower() != trig.lemma_.lower():
                    continue
                words = {t.lower_ for t in head.sent}
                scored.append((len(ties & words), other.id))
            scored.sort(reverse=True)
            if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                out[ev.id] = scored[0][1]
        if d.responsibility:
            out.update(_claimed_rementions(doc, d, out))
    return out


#: how many sentences back "claimed responsibility for the attack" may reach for the attack
_CLAIM_REACH = 3


def _claimed_rementions(doc: Document, d: Draft, done: dict[str, str]) -> dict[str, str]:
    """"X claimed responsibility for the attack": a bare definite event noun ("the attack",
    "the bombings") names the latest earlier event of its type within a few sentences."""
    out: dict[str, str] = {}
    for ev in doc.events:
        if not d.content.contains(ev.trigger) or ev.id in done:
            continue
        trig = _trigger_noun(doc, ev)
        if trig is None or not any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}
            for c in trig.children
        ):
            continue
        if any(c.dep_ in {"compound", "amod", "nummod", "poss"} for c in trig.children):
            continue  # "the Easter bombings", "the drone attack": a description of its own
        earlier = [
            o
            for o in doc.events
            if o.type == ev.type
            and o.id not in done
            and 0 < ev.sentence - o.sentence <= _CLAIM_REACH
        ]
        if earlier:
            best = max(earlier, key=lambda o: (o.sentence, o.confidence))
            out[ev.id] = best.id
    return out


#: Nouns that refer back to an event without naming it ("the incident").
_EVENT_ANAPHORS = frozenset({"incident", "incidents", "episode", "events"})


def _names_what_happened(doc: Document, d: Draft) -> bool:
    """Content that refers to events without naming them: "what happened", "the incident"."""
    span = doc.parse.char_span(d.content.start, d.content.end, alignment_mode="expand") or ()
    for t in span:
        if t.lemma_.lower() in {"happen", "occur"} and any(
            c.dep_ == "nsubj" and c.lower_ in {"what", "whatever"} for c in t.children
        ):
            return True
        if t.lower_ in _EVENT_ANAPHORS and any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "these", "that", "those"}
            for c in t.children
        ):
            return True
    return False


def _trigger_noun(doc: Document, ev: Event) -> Token | None:
    """The noun an event's trigger ends in, when it is a noun."""
    toks = doc.parse.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if not toks or toks[-1].pos_ != "NOUN":
        return None
    return toks[-1]


def _pkey(p: Participant) -> str:
    """A participant's identity: its actor, else its words."""
    return p.actor_id or p.text.lower()
