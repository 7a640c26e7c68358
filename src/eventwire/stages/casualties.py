"""Casualty counts: killed / injured / arrested numbers read from the parse and attached to events.

``CasualtiesStage(options)`` requires sentences, parse and events and produces ``casualties``.
Per sentence, :func:`find_counts` finds casualty words (kill, die, dead, death toll, injure,
wound, hurt, arrest, detain, ...) and reads the count of their victims from the dependency parse:
a number word or digits ("twenty-nine", "1,200", "a dozen"), a ``nummod`` on the victim noun
("killing 12 people"), a single person or singular noun ("X was killed" -> 1), a negated victim
("no one was hurt" -> 0) or a toll ("the death toll rose to 30").

Counting policy, so that a number is never invented:
- "at least 12", "more than 100", "about 30", "nearly 40" -> the number as written (a lower
  bound or estimate; Casualties holds plain ints).
- vague plurals ("dozens", "scores", "hundreds", "several", "many") -> no count (None).
- coordinated victims ("three soldiers and two civilians were killed") are summed; a later
  count of the same kind for the same event ("seven dead, including four officers"; "the toll
  rose to 30") keeps the largest number.

Each count goes to one event of its sentence: the event whose trigger is the casualty word,
else the nearest event of the preferred type (ASSAULT for dead/injured, COERCE for arrested).
A sentence without any event continues the last ASSAULT of the previous sentence (dead and
injured only, and only when that event has no count of that kind yet).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..config import CasualtiesOptions
from ..model import Casualties, Document, Event, Provenance, Span
from .casualty_numbers import (
    coordinated,
    count_victims,
    is_num,
    number_at,
    victim_count,
)
from .token_strings import token_strings

VERSION = "1"

Token = Any

DEAD, INJURED, ARRESTED = "dead", "injured", "arrested"

#: Verb lemmas whose object (active) or subject (passive) are the victims.
_TRANSITIVE = {
    **dict.fromkeys(
        "kill slay murder behead massacre lynch execute assassinate slaughter gun shoot".split(),
        DEAD,
    ),
    **dict.fromkeys("injure wound hurt maim".split(), INJURED),
    **dict.fromkeys("arrest detain apprehend nab jail round book hold take".split(), ARRESTED),
}
#: Verbs that need a particle or object to mean a casualty ("shot dead", "round up", "take into custody").
_NEEDS = {
    "gun": "down",
    "shoot": "dead",
    "round": "up",
    "book": None,
    "hold": None,
    "take": "custody",
}
#: Intransitive verbs whose subject are the victims.
_INTRANSITIVE = {"die": DEAD, "perish": DEAD, "succumb": DEAD, "drown": DEAD}
#: Adjectives / participles used predicatively ("left 7 dead", "12 injured", "2 critically hurt").
_ADJECTIVES = {
    **dict.fromkeys(("dead", "killed"), DEAD),
    **dict.fromkeys(("injured", "wounded", "hurt"), INJURED),
    **dict.fromkeys(("arrested", "detained"), ARRESTED),
}
#: Nouns counted by their own number ("30 deaths", "no casualties", "15 arrests").
_NOUNS = {
    **dict.fromkeys(("death", "killing", "fatality", "body", "casualty"), DEAD),
    "injury": INJURED,
    **dict.fromkeys(("arrest", "detention"), ARRESTED),
}
#: every lemma _kind_of can return a kind for (besides _ADJECTIVES' words): any other word is
#: skipped before its children are read
_KIND_LEMMAS = frozenset({"burn", "bury", "lose", *_TRANSITIVE, *_INTRANSITIVE, *_NOUNS})

#: "were reported / said / feared to be killed": an infinitive under these still reports a count.
_RAISING = frozenset("report say believe fear confirm seem appear know understand claim".split())
_MODALS = {"can", "could", "may", "might", "would", "should", "will", "shall", "must", "ca", "wo"}


@dataclass(frozen=True)
class CountMention:
    """One casualty count found in a sentence."""

    kind: str  # dead, injured or arrested
    value: int
    keyword: Span  # the casualty word
    spans: tuple[Span, ...]  # evidence: number span(s) and the keyword
    token: int  # token index of the casualty word, for attaching to events


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _subject(tok: Token) -> Token | None:
    """The subject of a verb (a relative pronoun's antecedent; the first conjunct's when it has none)."""
    while True:
        subs = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # a mis-parse can give two subjects ("post - godhra, 668 persons had died"): prefer a counted one
        s = next((c for c in subs if victim_count(c)[0] is not None), subs[-1] if subs else None)
        if s is not None and s.lower_ in {"who", "that", "which"} and tok.dep_ == "relcl":
            return tok.head
        if s is not None or tok.dep_ != "conj":
            return s
        tok = tok.head


def _kind_of(tok: Token) -> str | None:
    lemma, low = tok.lemma_.lower(), tok.lower_
    if lemma not in _KIND_LEMMAS and low not in _ADJECTIVES:
        return None
    if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
        if any(
            c.dep_ == "neg"
            or c.dep_ == "aux"
            and c.lower_ in _MODALS
            or c.tag_ == "TO"
            and c.dep_ == "aux"
            and tok.head.lemma_.lower() not in _RAISING
            for c in tok.children
        ):
            return (
                None  # "cannot be arrested", "would be killed", "opting to kill": no reported count
            )
        if lemma in {"burn", "bury"} and any(c.lower_ == "alive" for c in tok.children):
            return DEAD
        if lemma in _INTRANSITIVE:
            return _INTRANSITIVE[lemma]
        if lemma == "lose" and any(c.lemma_ in {"life"} for c in tok.children):
            return DEAD
        if lemma in _TRANSITIVE:
            need = _NEEDS.get(lemma, "")
            if need is None:
                # "held"/"booked" are arrests only in a police context
                return ARRESTED if _near_police(tok) else None
            if need:
                around = {
                    t.lower_
                    for t in tok.sent[
                        max(0, tok.i - tok.sent.start - 1) : tok.i - tok.sent.start + 4
                    ]
                }
                if need not in around:
                    return None
            return _TRANSITIVE[lemma]
    if low in _ADJECTIVES and tok.pos_ in {"ADJ", "VERB"}:
        return _ADJECTIVES[low]
    if tok.pos_ == "NOUN" and lemma in _NOUNS:
        return _NOUNS[lemma]
    return None


def _near_police(tok: Token) -> bool:
    return any(
        t.lemma_.lower() in {"police", "policeman", "cop", "officer", "custody"} for t in tok.sent
    )


def _mentions_for(tok: Token, kind: str) -> list[tuple[str, int | None, list[Span]]]:
    """The (kind, value, spans) read around one casualty word."""
    out: list[tuple[str, int | None, list[Span]]] = []
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN":
        if lemma == "casualty":
            value, spans = count_victims([tok], single=False)
            if value == 0:  # "no casualties": neither dead nor injured
                out += [(DEAD, 0, spans), (INJURED, 0, spans)]
            return out  # a positive "casualties" count mixes dead and wounded: not a death count
        value, spans = count_victims([tok], single=False)
        if value is None and lemma in {"death", "killing", "arrest", "detention"}:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = _child(of, "pobj") if of is not None else None
            if obj is not None:
                value, spans = count_victims(coordinated(obj))
        if value is not None:
            out.append((kind, value, spans))
        return out
    own = _child(tok, "nummod")
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    if (
        own is None
        and prev is not None
        and is_num(prev)
        and prev.head.i <= tok.i
        and tok.tag_ in {"VBN", "JJ"}
        and _child(tok, "nsubj", "nsubjpass", "auxpass", "dobj") is None
    ):
        own = prev  # "more than 1,200 injured", "12 dead": the number right before the participle
    if own is not None and is_num(own) and (tok.pos_ == "ADJ" or tok.tag_ in {"VBN", "JJ"}):
        value, span = number_at(own)
        if value is not None:
            out.append((kind, value, [span]))
        return out
    if tok.pos_ in {"ADJ"} or (
        tok.lower_ in _ADJECTIVES
        and tok.dep_ in {"amod", "acomp", "oprd", "advcl", "xcomp", "ccomp", "conj"}
        and _child(tok, "nsubj", "nsubjpass", "dobj") is None
    ):
        if tok.dep_ == "amod" or (tok.dep_ in {"acl"}):
            value, spans = count_victims(
                [tok.head]
            )  # "12 dead and 40 injured": the adjective binds one number
        elif tok.dep_ in {"oprd", "ccomp", "xcomp", "advcl", "acomp"}:
            subj = _child(tok, "nsubj", "nsubjpass")
            target = subj or _child(tok.head, "dobj") or _subject(tok.head)
            value, spans = count_victims(coordinated(target)) if target is not None else (None, [])
        elif tok.dep_ == "conj":
            target = _subject(tok) or _child(tok, "npadvmod", "nummod")
            value, spans = count_victims(coordinated(target)) if target is not None else (None, [])
        else:
            num = _child(tok, "nummod", "npadvmod", "nsubj")
            value, spans = count_victims([num]) if num is not None else (None, [])
        if value is not None:
            out.append((kind, value, spans))
        return out
    # verbs
    if (
        lemma in _INTRANSITIVE
        or lemma == "lose"
        or lemma in {"burn", "bury"}
        and _child(tok, "dobj") is None
    ):
        subj = _subject(tok)
        target = subj if subj is not None else (tok.head if tok.dep_ in {"relcl", "acl"} else None)
    elif (
        _child(tok, "nsubjpass", "auxpass") is not None
        or tok.tag_ == "VBN"
        and tok.dep_ in {"acl", "relcl", "conj", "ROOT", "ccomp"}
        and _child(tok, "dobj") is None
    ):
        target = _child(tok, "nsubjpass")
        if target is None and tok.dep_ in {"acl", "relcl"}:
            target = tok.head
        if target is None and tok.dep_ == "conj":
            target = _child(tok, "nsubj") or _subject(tok)
        if target is None:
            target = _child(tok, "npadvmod", "nummod", "nsubj")
    else:
        target = _child(tok, "dobj")
        if (
            target is None
            and tok.tag_ in {"VBD", "VBN"}
            and not any(c.dep_.startswith("aux") for c in tok.children)
        ):
            subj = _subject(tok)  # headline style "4 policemen and 4 civilians also killed"
            if subj is not None and victim_count(subj)[0] is not None and subj.pos_ != "PROPN":
                target = subj
    if target is None:
        return out
    victims = coordinated(target)
    if any(c.dep_ == "amod" and _ADJECTIVES.get(c.lower_, kind) != kind for c in target.children):
        victims = victims[
            1:
        ]  # "12 dead and 40 injured": the parse makes "12" the subject of "injured"
        if not victims:
            return out
    value, spans = count_victims(victims)
    if value is not None:
        out.append((kind, value, spans))
        # gapping: "two were killed in A and six in B", "29 arrested in A, 18 in B and 46 in C"
        gapped = [
            c
            for c in tok.children
            if c.dep_ in {"conj", "npadvmod"}
            and c is not target
            and is_num(c)
            and not any(_kind_of(g) for g in c.children)
        ]
        for g in list(gapped):
            gapped += [c for c in g.children if c.dep_ == "conj" and is_num(c)]
        for g in gapped:
            v, sp = number_at(g)
            if v is not None:
                out.append((kind, v, [sp]))
    return out


def _toll(toks: list[Token]) -> list[CountMention]:
    """ "the death toll rose to 30", "the toll stood at 12", "the death toll is 30"."""
    out: list[CountMention] = []
    for tok in toks:
        if tok.lower_ != "toll":
            continue
        kind = INJURED if any(c.lemma_ in {"injury", "injured"} for c in tok.children) else DEAD
        head = tok.head
        nums: list[Token] = []
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in {"to", "at"}:
                nums += [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ in {"attr", "dobj"} and c is not tok:
                nums.append(c)
        for n in nums:
            value, spans = count_victims([n])
            if value is not None:
                kw = Span(tok.idx, tok.idx + len(tok.text))
                out.append(CountMention(kind, value, kw, tuple(spans) + (kw,), tok.i))
                break
    return out


def find_counts(sent: Any) -> list[CountMention]:
    """Every casualty count stated in one spaCy sentence, one per (casualty word, kind)."""
    # Tokens only for the words either pass can take (the attribute table says which)
    ts, doc = token_strings(sent.doc), sent.doc
    toks = [doc[i] for i in range(sent.start, sent.end)
            if ts.lemmas[i] in _KIND_LEMMAS or ts.lowers[i] in _ADJECTIVES or ts.lowers[i] == "toll"]
    found: list[CountMention] = _toll(toks)
    for tok in toks:
        kind = _kind_of(tok)
        if kind is None:
            continue
        for k, value, spans in _mentions_for(tok, kind):
            if value is None:
                continue
            kw = Span(tok.idx, tok.idx + len(tok.text))
            found.append(CountMention(k, value, kw, tuple(spans) + (kw,), tok.i))
    # the same number read twice (a toll noun and its verb) counts once per kind
    seen: set[tuple[str, tuple[Span, ...]]] = set()
    unique: list[CountMention] = []
    for m in found:
        key = (m.kind, tuple(s for s in m.spans if s != m.keyword))
        if key in seen and key[1]:
            continue
        seen.add(key)
        unique.append(m)
    return unique


_PREFERRED = {
    DEAD: ("ASSAULT", "COERCE", "PROTEST"),
    INJURED: ("ASSAULT", "COERCE", "PROTEST"),
    ARRESTED: ("COERCE",),
}


def _choose(mention: CountMention, events: list[Event]) -> Event | None:
    for ev in events:  # the casualty word is the event's own trigger ("killed", "arrested")
        if ev.trigger.overlaps(mention.keyword) and ev.type in _PREFERRED[mention.kind]:
            return ev
    for wanted in _PREFERRED[mention.kind]:
        pool = [e for e in events if e.type == wanted and "negated" not in e.status]
        if pool:
            return min(pool, key=lambda e: abs(e.trigger.start - mention.keyword.start))
    return None


def _merge(c: Casualties, m: CountMention) -> Casualties:
    old = getattr(c, m.kind)
    new = m.value if old is None else max(old, m.value)
    spans = c.spans + tuple(s for s in m.spans if s not in c.spans)
    return dataclasses.replace(c, **{m.kind: new, "spans": spans})


class CasualtiesStage:
    """Adds killed / injured / arrested counts to events; see the module docstring for the method."""

    name = "casualties"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "parse", "events"})
    produces: frozenset[str] = frozenset({"casualties"})

    def __init__(self, options: CasualtiesOptions | None = None) -> None:
        self.options = options or CasualtiesOptions()

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None or not doc.events:
            return doc
        by_sent: dict[int, list[Event]] = {}
        for ev in doc.events:
            by_sent.setdefault(ev.sentence, []).append(ev)
        updated: dict[str, Casualties] = {}
        own: set[tuple[str, str]] = (
            set()
        )  # (event id, kind) counted by the event's own trigger word
        for sent_i, sent in enumerate(doc.parse.sents):
            mentions = find_counts(sent)
            if not mentions:
                continue
            events = by_sent.get(sent_i, [])
            for m in mentions:
                target = _choose(m, events)
                if target is None and not events and m.kind != ARRESTED:
                    prev = [e for e in by_sent.get(sent_i - 1, []) if e.type == "ASSAULT"]
                    if prev:
                        cand = prev[-1]
                        current = updated.get(cand.id, cand.casualties)
                        if getattr(current, m.kind) is None:
                            target = cand
                if target is None:
                    continue
                is_own = target.trigger.overlaps(m.keyword)
                if (target.id, m.kind) in own and not is_own:
                    continue  # "the toll reached 544, excluding the 58 killed": 58 stays with "killed"
                current = updated.get(target.id, target.casualties)
                if is_own and (target.id, m.kind) not in own:
                    current = dataclasses.replace(current, **{m.kind: None})
                    own.add((target.id, m.kind))
                rule = (
                    "own-trigger"
                    if is_own
                    else ("previous-sentence" if target.sentence != sent_i else "same-sentence")
                )
                updated[target.id] = dataclasses.replace(
                    _merge(current, m), provenance=Provenance("casualties", VERSION, rule=rule)
                )
        if not updated:
            return doc
        events_out = tuple(
            dataclasses.replace(ev, casualties=updated[ev.id]) if ev.id in updated else ev
            for ev in doc.events
        )
        return dataclasses.replace(doc, events=events_out)
