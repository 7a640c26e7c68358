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
import re
from dataclasses import dataclass
from typing import Any

from ..config import CasualtiesOptions
from ..model import Casualties, Document, Event, Provenance, Span

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

_UNITS = {
    **{
        w: i
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen".split()
        )
    },
    **{
        w: 20 + 10 * i
        for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
    },
    **{"a": 1, "an": 1, "single": 1, "couple": 2, "both": 2, "dozen": 12, "half": 0},
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "lakh": 10**5, "crore": 10**7}
#: Vague quantities: a count exists but the text does not say it (policy: None).
_VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "many", "some", "few", "numerous"}
#: Singular nouns that name a group, not one person ("arrested the gang").
_COLLECTIVE = frozenset(
    "gang group crowd mob family team unit cell band convoy village population party community force "
    "army police staff crew delegation battalion platoon company militia movement organisation "
    "organization government leadership network rest majority minority bill plan deal proposal idea "
    "project engine story time".split()
)
_VICTIM_VERBS = frozenset(
    "kill murder slay assassinate behead execute injure wound hurt arrest detain apprehend nab shoot".split()
)
#: "were reported / said / feared to be killed": an infinitive under these still reports a count.
_RAISING = frozenset("report say believe fear confirm seem appear know understand claim".split())
_MODALS = {"can", "could", "may", "might", "would", "should", "will", "shall", "must", "ca", "wo"}
_NUMBER_WORD = re.compile(r"^\d[\d,]*(\.\d+)?$")


def parse_number(words: list[str]) -> int | None:
    """Read a number from its words: ["twenty", "-", "nine"] -> 29, ["1,200"] -> 1200, ["a", "dozen"] -> 12."""
    words = [w.lower() for w in words if w not in {"-", "and", "–"}]
    if not words:
        return None
    if words == ["half", "a", "dozen"]:
        return 6
    total = current = 0
    seen = False
    for w in words:
        if _NUMBER_WORD.match(w):
            current += int(float(w.replace(",", "")))
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        elif w in _UNITS:
            if w in {"a", "an"}:
                continue  # "a dozen", "a hundred": the scale supplies the value
            current += _UNITS[w]
            seen = True
        else:
            return None
    return total + current if seen else None


def _is_age(tok: Token) -> bool:
    """ "a 22-year-old housewife": the number is an age, not a count."""
    after = tok.doc[tok.i + 1 : tok.i + 4].text.lower().replace(" ", "")
    return after.startswith(("-year", "year-old", "yearold", "-month", "month-old"))


def _is_num(tok: Token) -> bool:
    low = tok.lower_
    if _is_age(tok):
        return False
    return (
        bool(_NUMBER_WORD.match(low))
        or low in _UNITS
        and low not in {"a", "an", "half", "single", "both"}
        or low in _SCALES
        or ("-" in low and all(p in _UNITS for p in low.split("-")))
        or tok.like_num
        and low not in _VAGUE
    )


def _number_at(tok: Token) -> tuple[int | None, Span]:
    """The number phrase around a numeric token ("twenty - nine", "a dozen", "1,200") and its span."""
    doc = tok.doc
    lo = hi = tok.i
    while lo - 1 >= tok.sent.start and (_is_num(doc[lo - 1]) or doc[lo - 1].text in {"-", "–"}):
        lo -= 1
    while hi + 1 < tok.sent.end and (
        _is_num(doc[hi + 1])
        or doc[hi + 1].text in {"-", "–"}
        and hi + 2 < tok.sent.end
        and _is_num(doc[hi + 2])
    ):
        hi += 1
    if (
        lo - 1 >= tok.sent.start
        and doc[lo - 1].lower_ in {"a", "an"}
        and doc[lo].lower_ in {"dozen", "hundred", "thousand"}
    ):
        lo -= 1
    if lo - 2 >= tok.sent.start and doc[lo - 2].lower_ == "half" and doc[lo - 1].lower_ == "a":
        lo -= 2
    words = [doc[i].text for i in range(lo, hi + 1)]
    return parse_number(words), Span(doc[lo].idx, doc[hi].idx + len(doc[hi].text))


def victim_count(noun: Token, single: bool = True) -> tuple[int | None, Span | None]:
    """How many victims a noun phrase names: its number, nummod, 0 if negated, 1 if one person.

    ``single=False`` for a casualty noun itself ("such a killing" is no count of one).
    """
    low = noun.lower_
    if low in _VAGUE:
        return None, None
    if low in {"total", "number"}:  # "a total of 12 people", "the number of dead"
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = _child(of, "pobj") if of is not None else None
        return victim_count(obj) if obj is not None else (None, None)
    if low in {"nobody", "none", "noone"} or any(
        c.lower_ == "no" and c.dep_ == "det" for c in noun.children
    ):
        return 0, Span(noun.idx, noun.idx + len(noun.text))
    if _is_num(noun) or low == "dozen":
        return _number_at(noun)
    for child in noun.children:
        if child.dep_ in {"nummod", "quantmod"} and (_is_num(child) or child.lower_ == "dozen"):
            return _number_at(child)
        if child.lower_ in _VAGUE and child.dep_ in {"amod", "det", "nummod"}:
            return None, None
    for (
        child
    ) in noun.children:  # "the two hizbul mujahideen members": the number sits on a modifier
        if child.dep_ in {"compound", "nmod"} and child.i < noun.i:
            for t in child.subtree:
                if (
                    t.dep_ == "nummod"
                    and _is_num(t)
                    and t.head.dep_ in {"compound", "nmod"} | {"ROOT"} | {t.head.dep_}
                ):
                    return _number_at(t)
    if low == "another" or low == "one" and noun.pos_ == "PRON":
        return 1, Span(noun.idx, noun.idx + len(noun.text))
    if noun.lower_ in {"he", "she", "him", "her"}:
        return 1, Span(noun.idx, noun.idx + len(noun.text))
    singular = single and noun.tag_ in {"NN", "NNP"}
    person = noun.ent_type_ == "PERSON" or any(
        c.dep_ == "det" and c.lower_ in {"a", "an", "one"} for c in noun.children
    )
    if not person and singular and noun.tag_ == "NN" and noun.lemma_.lower() not in _COLLECTIVE:
        # the victim of kill/injure/arrest: "killed the deputy chief", "her son was killed"
        person = (
            noun.dep_ in {"dobj", "nsubjpass"}
            and noun.head.lemma_.lower() in _VICTIM_VERBS
            and any(c.dep_ in {"det", "poss"} for c in noun.children)
        )
    if singular and person:
        # a single named person or "a policeman": span covers the whole name
        left = min(
            (t for t in noun.subtree if t.dep_ in {"compound", "det", "amod"} or t is noun),
            key=lambda t: t.i,
        )
        return 1, Span(left.idx, noun.idx + len(noun.text))
    return None, None


def _victims(noun: Token) -> list[Token]:
    """The noun and its coordinated nouns ("three soldiers and two civilians")."""
    out = [noun]
    for c in noun.children:
        if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
            out.extend(_victims(c))
    return out


def _count(nouns: list[Token], single: bool = True) -> tuple[int | None, list[Span]]:
    values: list[int] = []
    spans: list[Span] = []
    for k, n in enumerate(nouns):
        value, span = victim_count(n, single)
        if value is None and k > 0 and values and not any(c.dep_ == "det" for c in n.children):
            continue  # "17000 dalits and buddhists": the number covers the conjoined noun
        if value is None:
            return None, []
        values.append(value)
        if span is not None:
            spans.append(span)
    return (sum(values), spans) if values else (None, [])


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
            value, spans = _count([tok], single=False)
            if value == 0:  # "no casualties": neither dead nor injured
                out += [(DEAD, 0, spans), (INJURED, 0, spans)]
            return out  # a positive "casualties" count mixes dead and wounded: not a death count
        value, spans = _count([tok], single=False)
        if value is None and lemma in {"death", "killing", "arrest", "detention"}:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = _child(of, "pobj") if of is not None else None
            if obj is not None:
                value, spans = _count(_victims(obj))
        if value is not None:
            out.append((kind, value, spans))
        return out
    own = _child(tok, "nummod")
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    if (
        own is None
        and prev is not None
        and _is_num(prev)
        and prev.head.i <= tok.i
        and tok.tag_ in {"VBN", "JJ"}
        and _child(tok, "nsubj", "nsubjpass", "auxpass", "dobj") is None
    ):
        own = prev  # "more than 1,200 injured", "12 dead": the number right before the participle
    if own is not None and _is_num(own) and (tok.pos_ == "ADJ" or tok.tag_ in {"VBN", "JJ"}):
        value, span = _number_at(own)
        if value is not None:
            out.append((kind, value, [span]))
        return out
    if tok.pos_ in {"ADJ"} or (
        tok.lower_ in _ADJECTIVES
        and tok.dep_ in {"amod", "acomp", "oprd", "advcl", "xcomp", "ccomp", "conj"}
        and _child(tok, "nsubj", "nsubjpass", "dobj") is None
    ):
        if tok.dep_ == "amod" or (tok.dep_ in {"acl"}):
            value, spans = _count(
                [tok.head]
            )  # "12 dead and 40 injured": the adjective binds one number
        elif tok.dep_ in {"oprd", "ccomp", "xcomp", "advcl", "acomp"}:
            subj = _child(tok, "nsubj", "nsubjpass")
            target = subj or _child(tok.head, "dobj") or _subject(tok.head)
            value, spans = _count(_victims(target)) if target is not None else (None, [])
        elif tok.dep_ == "conj":
            target = _subject(tok) or _child(tok, "npadvmod", "nummod")
            value, spans = _count(_victims(target)) if target is not None else (None, [])
        else:
            num = _child(tok, "nummod", "npadvmod", "nsubj")
            value, spans = _count([num]) if num is not None else (None, [])
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
    victims = _victims(target)
    if any(c.dep_ == "amod" and _ADJECTIVES.get(c.lower_, kind) != kind for c in target.children):
        victims = victims[
            1:
        ]  # "12 dead and 40 injured": the parse makes "12" the subject of "injured"
        if not victims:
            return out
    value, spans = _count(victims)
    if value is not None:
        out.append((kind, value, spans))
        # gapping: "two were killed in A and six in B", "29 arrested in A, 18 in B and 46 in C"
        gapped = [
            c
            for c in tok.children
            if c.dep_ in {"conj", "npadvmod"}
            and c is not target
            and _is_num(c)
            and not any(_kind_of(g) for g in c.children)
        ]
        for g in list(gapped):
            gapped += [c for c in g.children if c.dep_ == "conj" and _is_num(c)]
        for g in gapped:
            v, sp = _number_at(g)
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
            value, spans = _count([n])
            if value is not None:
                kw = Span(tok.idx, tok.idx + len(tok.text))
                out.append(CountMention(kind, value, kw, tuple(spans) + (kw,), tok.i))
                break
    return out


def find_counts(sent: Any) -> list[CountMention]:
    """Every casualty count stated in one spaCy sentence, one per (casualty word, kind)."""
    toks = list(sent)  # made once for both passes
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
