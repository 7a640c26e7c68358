"""Event detection: lexicon triggers -> PLOVER events with mode, roles, status, CAMEO and confidence.

``EventsStage(options)`` requires sentences, mentions, parse and actors and produces ``events``.
Per sentence it finds triggers from the YAML lexicon (verb phrases first, then verbs, then
nouns in event positions), reads actor/recipient roles and status from the dependency parse
(:mod:`.event_roles`), adds intent events (future cooperation -> AGREE, future force ->
THREATEN, "X must ..." in reported speech -> REQUEST, as in the PLOVER manual), and keeps one
event per (type, actors, recipients) in a sentence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..config import EventsOptions
from ..model import EVENT_STATUSES, Document, Event, Participant, Provenance, Span
from ..ontology import cameo_code
from .event_lexicon import LexEntry, Lexicon, load_lexicon
from .event_roles import (
    NOUN_POS,
    ActorIndex,
    find_prep_objects,
    future_aux,
    intent_cameo,
    intent_governor,
    is_conditional,
    is_protest_word,
    match_phrase,
    is_historical,
    objects,
    participants,
    prep_objects,
    status_of,
    subjects,
)

VERSION = "1"

Token = Any

#: prepositions whose objects are recipients, per type (an entry's recipient_preps overrides)
TYPE_PREPS: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"on", "against", "at", "upon"}),
    "COERCE": frozenset({"against", "on", "from"}),
    "MOBILIZE": frozenset({"against", "to"}),
    "SANCTION": frozenset({"against", "on", "with", "from"}),
    "PROTEST": frozenset({"against"}),
    "THREATEN": frozenset({"against", "with"}),
    "ACCUSE": frozenset({"against", "at", "with"}),
    "REJECT": frozenset(),
    "REQUEST": frozenset({"from", "of", "on", "upon"}),
    "AGREE": frozenset({"with", "to"}),
    "CONSULT": frozenset({"with", "to"}),
    "SUPPORT": frozenset({"for", "with"}),
    "COOPERATE": frozenset({"with"}),
    "AID": frozenset({"to", "for"}),
    "RETREAT": frozenset({"from", "to"}),
    "CONCEDE": frozenset({"to"}),
}
#: nominalisations whose "of" object is the one acted on ("the killing of X", "release of X")
PATIENT_OF_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "SANCTION"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"})
FORCEFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
VERBAL = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})
NON_EVENT_COMPLEMENTS = frozenset({
    "comment", "elaborate", "confirm", "speculate", "say", "disclose", "name", "identify",
    "reveal", "specify", "discuss", "answer", "respond", "give", "provide", "detail",
})
ENTITY_LABELS = frozenset({"NORP", "GPE", "ORG", "PERSON", "FAC", "LOC"})


@dataclass
class _Cand:
    entry: LexEntry
    type: str
    tokens: list[Token]  # trigger tokens
    head: Token  # trigger head
    anchor: Token  # carries tense/modality
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    nominal: bool = False
    derived: str | None = None  # rule of a derived event
    status: set[str] = field(default_factory=set)
    future: bool = False
    modes: list[str] = field(default_factory=list)
    cameo: str | None = None


class EventsStage:
    """Finds PLOVER events per sentence; see the module docstring for the method."""

    name = "events"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "mentions", "parse", "actors"})
    produces: frozenset[str] = frozenset({"events"})

    def __init__(self, options: EventsOptions | None = None, lexicon: Lexicon | None = None) -> None:
        self.options = options or EventsOptions()
        self._lex = lexicon

    def open(self) -> None:
        if self._lex is None:
            self._lex = load_lexicon()

    def close(self) -> None:
        pass

    @property
    def lexicon(self) -> Lexicon:
        self.open()
        assert self._lex is not None
        return self._lex

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            return dataclasses.replace(doc, events=())
        lex = self.lexicon
        index = ActorIndex(doc)
        events: list[Event] = []
        year = doc.article.published.year if doc.article.published else None
        for sent_i, sent in enumerate(doc.parse.sents):
            cands = self._detect(sent, lex)
            cands = self._derive(cands, sent, lex)
            cands = _absorb(cands)
            for c in cands:
                if c.type not in VERBAL and not c.derived and is_historical(c.anchor, year):
                    c.status.add("historical")
            for cand in self._dedupe(cands, doc, index):
                events.append(self._event(cand, sent_i, len(events), doc, index))
        events = [e for e in events if e.confidence >= self.options.min_confidence]
        return dataclasses.replace(doc, events=tuple(events))

    # --- detection -----------------------------------------------------------------------

    def _detect(self, sent: Any, lex: Lexicon) -> list[_Cand]:
        used: set[int] = set()
        cands: list[_Cand] = []
        for tok in sent:  # verb phrases ("open fire", "take to the streets")
            if tok.pos_ not in {"VERB", "AUX"} and not tok.tag_.startswith("VB"):
                continue
            for phrase in lex.phrases.get(tok.lemma_.lower(), ()):
                matched = match_phrase(tok, phrase)
                if matched is not None:
                    cands.append(self._verb_cand(tok, phrase.entry, [tok, *matched], lex, matched))
                    used.update(t.i for t in [tok, *matched])
                    break
        for tok in sent:  # single verbs
            if tok.i in used or not (tok.pos_ == "VERB" or tok.tag_.startswith("VB")):
                continue
            if tok.dep_ in {"amod", "compound"}:  # "Iranian-backed": an attribute, not an event
                continue
            if tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"} and tok.tag_ in {"VBN", "VBG"}:
                continue  # "evacuated the wounded": a participle used as a noun
            if tok.tag_ == "VBN" and tok.head.i > tok.i and tok.head.pos_ in NOUN_POS:
                continue  # "the internationally recognised government"
            entries = lex.verbs.get(tok.lemma_.lower())
            if not entries:
                continue
            entry = _choose(entries, tok, lex)
            if not _verb_allowed(tok, entry, lex):
                continue
            cands.append(self._verb_cand(tok, entry, [tok], lex, []))
            used.add(tok.i)
        i = sent.start
        while i < sent.end:  # nouns, longest lemma sequence first
            found = None
            for n in range(min(lex.max_noun_len, sent.end - i), 0, -1):
                toks = [sent.doc[j] for j in range(i, i + n)]
                key = tuple(t.lemma_.lower() for t in toks)
                alt = tuple(t.lower_ for t in toks)
                entries = lex.nouns.get(key) or lex.nouns.get(alt)
                if entries and any(t.pos_ in NOUN_POS or t.pos_ == "ADJ" for t in toks):
                    found = (toks, entries)
                    break
            if found is None:
                i += 1
                continue
            toks, entries = found
            i += len(toks)
            if any(t.i in used for t in toks):
                continue
            head = next((t for t in toks if t.head not in toks or t.head is t), toks[-1])
            if head.pos_ not in NOUN_POS:
                continue
            entry = _choose(entries, head, lex)
            cand = self._noun_cand(head, toks, entry, lex)
            if cand is not None:
                cands.append(cand)
                used.update(t.i for t in toks)
        return cands

    def _verb_cand(
        self, verb: Token, entry: LexEntry, toks: list[Token], lex: Lexicon, consumed: list[Token]
    ) -> _Cand:
        cand = _Cand(entry, entry.type, toks, verb, verb)
        preps = entry.recipient_preps if entry.recipient_preps is not None else TYPE_PREPS[entry.type]
        consumed_i = {t.i for t in consumed}
        cand.actors = subjects(verb)
        recips = []
        if entry.id == "accuse.blame":
            on = find_prep_objects([verb, *objects(verb)], frozenset({"on"}))
            recips = on or objects(verb)
        else:
            for obj in objects(verb):
                if obj.i in consumed_i:
                    continue
                if tuple([obj.lemma_.lower()]) in lex.nouns:
                    recips.extend(_owners(obj))  # "condemned Israel's attack" -> Israel
                else:
                    recips.append(obj)
            recips += [t for t in prep_objects(verb, preps) if t.i not in consumed_i]
            # small clauses: "hold them accountable" -> them
            recips += [s for t in consumed if t.pos_ == "ADJ" for s in t.children if s.dep_ == "nsubj"]
        cand.recipients = recips
        return cand

    def _noun_cand(self, h: Token, toks: list[Token], entry: LexEntry, lex: Lexicon) -> _Cand | None:
        preps = entry.recipient_preps if entry.recipient_preps is not None else TYPE_PREPS[entry.type]
        if entry.type in PATIENT_OF_TYPES:
            preps = preps | {"of"}
        own_actors = _owners(h)
        own_recips = prep_objects(h, preps)
        cand = _Cand(entry, entry.type, toks, h, h, nominal=True)
        dep, gov = h.dep_, h.head
        glemma = gov.lemma_.lower()
        if dep in {"conj", "appos"} and gov.pos_ in NOUN_POS and gov is not h:
            h2 = gov  # "strikes and raids hit ...": take the first conjunct's position
            while h2.dep_ in {"conj", "appos"} and h2.head is not h2 and h2.head.pos_ in NOUN_POS:
                h2 = h2.head
            dep, gov, glemma = h2.dep_, h2.head, h2.head.lemma_.lower()
        if dep in {"nsubj", "nsubjpass"} and gov.pos_ in {"VERB", "AUX"} and entry.type not in VERBAL:
            cand.anchor = gov
            cand.actors = own_actors
            cand.recipients = own_recips + (objects(gov) if dep == "nsubj" else [])
            cand.recipients += prep_objects(gov, frozenset({"on", "against"}))
        elif dep in {"dobj", "attr"} and glemma in lex.light_verbs and gov.pos_ in {"VERB", "AUX"}:
            cand.anchor = gov
            cand.actors = own_actors or subjects(gov)
            cand.recipients = own_recips + prep_objects(gov, preps)
            cand.recipients += [c for c in gov.children if c.dep_ == "dative"]
        elif dep == "pobj" and gov.dep_ in {"prep", "agent"}:
            verb = gov.head
            vlemma = verb.lemma_.lower()
            if gov.lower_ in lex.light_preps.get(vlemma, frozenset()) and verb.pos_ in {"VERB", "NOUN"}:
                cand.anchor = verb if verb.pos_ == "VERB" else verb.head
                cand.actors = own_actors or subjects(cand.anchor)  # "claimed responsibility for"
                cand.recipients = own_recips + prep_objects(verb, preps)
            elif (
                gov.lower_ in {"in", "during", "by", "with", "from"}
                and vlemma in lex.outcome_verbs
                and verb.pos_ == "VERB"
            ):
                cand.anchor = verb
                victims = objects(verb)
                if not victims and vlemma in {"die", "perish", "flee"}:
                    victims = subjects(verb)
                cand.actors = own_actors or ([] if vlemma in {"die", "perish", "flee"} else subjects(verb))
                cand.recipients = own_recips + victims
            else:
                return None
        elif dep == "ROOT":
            cand.actors, cand.recipients = own_actors, own_recips
        elif own_actors and (_by_agent(h) or own_recips) and entry.type not in VERBAL:
            cand.actors, cand.recipients = own_actors, own_recips  # "an attack by X on Y"
        else:
            return None
        return cand

    # --- derived events and statuses -------------------------------------------------------

    def _derive(self, cands: list[_Cand], sent: Any, lex: Lexicon) -> list[_Cand]:
        by_head = {c.head.i: c for c in cands}
        for c in cands:
            c.status, c.future = status_of(c.head, c.anchor, lex)
            if c.type == "ASSAULT":
                c.modes = _assault_modes(c, lex)
            elif c.entry.mode:
                c.modes = [c.entry.mode]
            c.cameo = c.entry.cameo
        out = list(cands)
        for c in cands:
            if c.entry.future_type and c.future and not is_conditional(c.status, c.head, c.anchor):
                c.type, c.cameo, c.modes = c.entry.future_type, None, []  # "will hold X accountable"
            if c.type in VERBAL and c.future and not is_conditional(c.status, c.head, c.anchor):
                c.status.discard("hypothetical")  # "will investigate" announces the verbal act
            if "negated" in c.status and c.type in COOPERATIVE and c.actors and not c.derived:
                # "will not lift the ban", "failed to reach agreement": decline to yield (CAMEO 12)
                d = _Cand(c.entry, "REJECT", list(c.tokens), c.head, c.anchor,
                          actors=list(c.actors), recipients=list(c.recipients),
                          derived=f"refuse:{c.entry.id}")
                d.cameo = "124" if c.type in {"CONCEDE", "RETREAT"} else "120"
                out.append(d)
                continue
        for c in cands:
            if c.derived or "negated" in c.status or c.type in VERBAL:
                continue
            if not c.future:
                continue
            if is_conditional(c.status, c.head, c.anchor):
                continue
            new_type = "AGREE" if c.type in COOPERATIVE else "THREATEN" if c.type in FORCEFUL else None
            if new_type is None:
                continue
            gov = intent_governor(c.anchor, lex)
            owner = by_head.get(gov.i) if gov is not None else None
            if owner is not None:
                if owner.entry.intent and owner.type != new_type:
                    owner.type, owner.cameo = new_type, intent_cameo(new_type, c.type)
                    owner.modes = []
                if not owner.recipients:
                    owner.recipients = list(c.recipients)
                continue
            if gov is not None:
                trigger = gov
                gov_verb = gov.head if gov.dep_ in {"acomp", "amod"} else gov
                status, fut = status_of(gov_verb, gov_verb, lex)
                if fut:
                    status.discard("hypothetical")  # a stated intention is itself reported
            else:
                trigger = future_aux(c.anchor, lex) or c.anchor
                status = set(c.status) - {"hypothetical"}
            toks = [trigger] if gov is not None else [trigger, c.anchor]
            d = _Cand(c.entry, new_type, toks, trigger, trigger,
                      actors=list(c.actors), recipients=list(c.recipients),
                      derived=f"intent:{c.entry.id}")
            d.status = status
            d.cameo = intent_cameo(new_type, c.type)
            out.append(d)
            by_head[trigger.i] = d
        out.extend(_must_requests(sent, lex, by_head))
        # a demand or complaint that is the purpose of a protest is part of the protest
        protests = {c.head.i for c in out if c.type == "PROTEST"}
        out = [c for c in out if not (
            c.type in {"REQUEST", "ACCUSE"} and c.anchor.dep_ in {"advcl", "xcomp", "acl"}
            and (c.anchor.head.i in protests or is_protest_word(c.anchor.head, lex)))]
        # an intention verb with no event in its complement keeps its own type, else it
        # was retyped above; a bare "will" is not an event
        return out

    def _dedupe(self, cands: list[_Cand], doc: Document, index: ActorIndex) -> list[_Cand]:
        keyed: list[tuple[_Cand, frozenset[str], frozenset[str], tuple[Participant, ...], tuple[Participant, ...]]] = []
        lex = self.lexicon
        for c in cands:
            own = {t.i for t in c.tokens}
            c.actors = [t for t in c.actors if t.i not in own]
            c.recipients = [t for t in c.recipients if t.i not in own and not (
                t.lemma_.lower() in lex.mode_cues or t.ent_type_ in {"DATE", "TIME"})]
            acts = participants(c.actors, doc, index)
            recs = participants(c.recipients, doc, index)
            # an actor is not its own recipient (reflexives, mis-attached PPs)
            recs = tuple(r for r in recs if _pkey(r) not in {_pkey(a) for a in acts})
            keyed.append((c, frozenset(map(_pkey, acts)), frozenset(map(_pkey, recs)), acts, recs))
        kept: list[list[Any]] = []
        for c, ak, rk, acts, recs in keyed:
            asserted = not ({"hypothetical", "negated"} & c.status)
            merged = False
            for k in kept:
                kc, kak, krk = k[0], k[1], k[2]
                if kc.type != c.type or (not ({"hypothetical", "negated"} & kc.status)) != asserted:
                    continue
                if (ak <= kak or kak <= ak) and (rk <= krk or krk <= rk):
                    if _strength(c, ak, rk) > _strength(kc, kak, krk):
                        modes = c.modes + [m for m in kc.modes if m not in c.modes]
                        k[:] = [c, ak, rk, acts, recs]
                        c.modes = modes
                    else:
                        kc.modes += [m for m in c.modes if m not in kc.modes]
                    merged = True
                    break
            if not merged:
                kept.append([c, ak, rk, acts, recs])
        for k in kept:
            k[0]._acts, k[0]._recs = k[3], k[4]  # type: ignore[attr-defined]
        return [k[0] for k in kept]

    def _event(self, c: _Cand, sent_i: int, n: int, doc: Document, index: ActorIndex) -> Event:
        acts: tuple[Participant, ...] = c._acts  # type: ignore[attr-defined]
        recs: tuple[Participant, ...] = c._recs  # type: ignore[attr-defined]
        start = min(t.idx for t in c.tokens)
        end = max(t.idx + len(t.text) for t in c.tokens)
        conf = 0.3 + 0.35 * c.entry.weight + 0.15 * bool(acts) + 0.1 * bool(recs)
        conf += 0.1 * any(p.actor_id for p in (*acts, *recs))
        if c.nominal:
            conf *= 0.9
        if c.anchor.dep_ == "ROOT" or (c.anchor.dep_ == "conj" and c.anchor.head.dep_ == "ROOT"):
            conf += 0.05  # the main clause states the main event
        elif c.anchor.dep_ in {"relcl", "acl"}:
            conf -= 0.1
        if "alleged" in c.status:
            conf -= 0.1
        if c.derived:
            conf *= 0.9
        status = tuple(s for s in EVENT_STATUSES if s in c.status) or ("reported",)
        event = Event(
            id=f"e{n}",
            type=c.type,
            trigger=Span(start, end),
            sentence=sent_i,
            mode=tuple(dict.fromkeys(c.modes)),
            actors=acts,
            recipients=recs,
            status=status,
            confidence=round(min(1.0, max(0.0, conf)), 3),
            cameo=c.cameo,
            provenance=Provenance(self.name, self.version, rule=c.derived or c.entry.id),
        )
        if event.cameo is None:  # retyped events take the default code of their type and mode
            event = dataclasses.replace(event, cameo=cameo_code(event))
        return event


# --- helpers ---------------------------------------------------------------------------------


def _absorb(cands: list[_Cand]) -> list[_Cand]:
    """Merge an event into a same-type event whose trigger is its argument.

    "Another explosion sent rockets, killing one": the killing's actor is the explosion, so
    the victims belong to the explosion event; "an explosion caused by a drone attack" likewise.
    """
    heads = {c.head.i: c for c in cands if not c.derived}
    out: list[_Cand] = []
    for c in cands:
        target = None
        for tok in (*c.actors, *c.recipients):
            other = heads.get(tok.i)
            if other is not None and other is not c and other.type == c.type:
                target = other
                break
        if target is None:
            out.append(c)
            continue
        target.recipients += [t for t in c.recipients if t.i != target.head.i]
        target.modes += [m for m in c.modes if m not in target.modes]
        target.tokens = list(target.tokens)  # keep the noun as trigger
    return out


def _pkey(p: Participant) -> str:
    return p.actor_id or p.text.lower()


def _strength(c: _Cand, ak: frozenset[str], rk: frozenset[str]) -> float:
    return c.entry.weight + 0.3 * len(ak) + 0.2 * len(rk) - 0.2 * c.nominal - 0.1 * bool(c.derived)




def _verb_allowed(tok: Token, entry: LexEntry, lex: Lexicon) -> bool:
    objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if entry.needs_object and not objs:
        return False
    if entry.not_objects and any(o.lemma_.lower() in entry.not_objects for o in objs):
        return False
    if entry.subjects:
        subj = [c for c in tok.children if c.dep_ in {"nsubj"}]
        words = {t.lemma_.lower() for s in subj for t in s.subtree}
        if not words & entry.subjects:
            return False
    if entry.type == "ASSAULT":
        # "killed in a car crash", "the earthquake killed": not an attack
        for sub in tok.children:
            if sub.dep_ in {"nsubj", "prep", "agent"}:
                words = {t.lemma_.lower() for t in sub.subtree}
                if words & lex.accident_nouns:
                    return False
    if entry.type == "REQUEST" and not any(
        c.dep_ in {"dobj", "xcomp", "ccomp", "dative", "nsubjpass"}
        or (c.dep_ == "prep" and c.lower_ in {"for", "on", "upon", "to", "that", "from"})
        for c in tok.children
    ):
        return False  # "Asked about the reports, he said": a question, not a request
    if entry.type == "REJECT" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in NON_EVENT_COMPLEMENTS for c in tok.children
    ):
        return False  # "declined to comment"
    if tok.lemma_.lower() == "demonstrate" and any(c.dep_ in {"ccomp", "dobj"} for c in tok.children):
        return False  # "demonstrated that...", "demonstrated resolve"
    return True


def _choose(entries: tuple[LexEntry, ...], tok: Token, lex: Lexicon) -> LexEntry:
    """Pick among entries sharing a word; "protest" by a crowd is a demonstration, by a state a complaint."""
    if len(entries) == 1:
        return entries[0]
    types = {e.type for e in entries}
    if {"PROTEST", "ACCUSE"} <= types:
        subj = [c for c in tok.children if c.dep_ == "nsubj"] if tok.pos_ == "VERB" else []
        if not subj and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        accuse = next(e for e in entries if e.type == "ACCUSE")
        protest = next(e for e in entries if e.type == "PROTEST")
        if tok.pos_ == "VERB" and (any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ == "parataxis"):
            return accuse  # "..., a rights group protested": a verbal complaint
        for s in subj:
            if s.lemma_.lower() in lex.crowd_nouns or any(c.dep_ == "nummod" for c in s.children):
                return protest
            if s.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} or s.pos_ == "PROPN":
                return accuse
        return protest
    return entries[0]


def _owners(h: Token) -> list[Token]:
    """Who a nominal event belongs to: possessor, "by" agent, or an entity modifier ("Israeli strike")."""
    out = [c for c in h.children if c.dep_ == "poss" and c.pos_ in NOUN_POS]
    out += [p for c in h.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"
            for p in c.children if p.dep_ == "pobj"]
    out += [c for c in h.children if c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ in ENTITY_LABELS]
    return out


def _by_agent(h: Token) -> bool:
    return any(c.dep_ in {"prep", "agent"} and c.lower_ == "by" for c in h.children) or any(
        c.dep_ == "poss" and c.lower_ not in {"its", "their", "his", "her", "our", "my", "your"}
        for c in h.children
    )


def _assault_modes(c: _Cand, lex: Lexicon) -> list[str]:
    modes = [c.entry.mode] if c.entry.mode else []
    pool: list[Token] = []
    for t in c.tokens:
        pool.extend(t.children)
    pool.extend(c.tokens)
    for a in c.actors:
        pool.extend([a, *[x for x in a.children if x.dep_ in {"compound", "amod"}]])
    for t in list(pool):
        if t.dep_ == "prep" and t.lower_ in {"with", "by", "using", "from"}:
            pool.extend(t.subtree)
    for t in pool:
        if t.dep_ in {"prep", "det", "punct"}:
            continue
        mode = lex.mode_cues.get(t.lemma_.lower()) or lex.mode_cues.get(t.lower_)
        if mode and mode not in modes:
            modes.append(mode)
    if "suicide-attack" in modes and "explosives" in modes:
        modes.remove("explosives")
    if "drone" in modes and "aerial" in modes:
        modes.remove("aerial")
    return modes










def _must_requests(sent: Any, lex: Lexicon, by_head: dict[int, _Cand]) -> list[_Cand]:
    """'X said Y must withdraw' is a REQUEST by X to Y (PLOVER codes demands made in speech)."""
    out: list[_Cand] = []
    for tok in sent:
        if tok.dep_ != "aux" or tok.lower_ not in {"must", "should"}:
            continue
        verb = tok.head
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in lex.speech_verbs | {"reiterate", "demand", "insist"}:
            continue
        speech = verb.head
        if speech.i in by_head:
            continue
        speakers = subjects(speech)
        targets = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in NOUN_POS]
        if not speakers or not targets:
            continue
        if {s.lower_ for s in speakers} & {t.lower_ for t in targets} or targets[0].pos_ == "PRON":
            continue
        entry = LexEntry(id="request.must", type="REQUEST", cameo="100", weight=0.7)
        c = _Cand(entry, "REQUEST", [tok], tok, speech, actors=speakers, recipients=targets,
                  derived="request.must")
        c.cameo = "100"
        out.append(c)
        by_head[tok.i] = c
    return out
