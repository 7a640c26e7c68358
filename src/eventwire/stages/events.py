"""Event detection: lexicon triggers -> PLOVER events with mode, roles, status, CAMEO, confidence.

``EventsStage(options)`` requires sentences, mentions, parse and actors and produces ``events``.
Per sentence it finds triggers from the YAML lexicon (verb phrases first, then verbs, then
nouns in event positions, :mod:`.event_nominal`), reads actor/recipient roles and status from
the dependency parse (:mod:`.event_roles`, :mod:`.event_status`), adds intent events (future
cooperation -> AGREE, future force -> THREATEN, "X must ..." in reported speech -> REQUEST, as
in the PLOVER manual), and keeps one event per (type, actors, recipients) in a sentence. Rule
tables live in :mod:`.event_rules`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..config import EventsOptions, cache_dir
from ..model import EVENT_STATUSES, Document, Event, Participant, Provenance, Span
from ..ontology import cameo_code
from ..learn.apply import rescore
from ..learn.targets import retarget
from .event_model import headline_repeats_dropped, load_model, model_version, proposed_events
from .event_recipients import (
    clause_recipients,
    dig,
    helped,
    names_whole,
    party,
    place_recipients,
    shifted_object,
    statement_issuer,
    within,
)
from .event_lexicon import LexEntry, Lexicon, load_lexicon
from .event_nominal import gerund, noun_cand
from .event_roles import (
    expand_conj,
    np_span,
    NOUN_POS,
    ActorIndex,
    find_prep_objects,
    objects,
    participants,
    prep_objects,
    subjects,
)
from .event_siblings import means_shared, riots_marked
from .event_status import is_conditional, is_historical, status_of
from .event_rules import (
    future_aux,
    intent_cameo,
    intent_governor,
    is_protest_word,
    match_phrase,
    phrase_pool,
    COOPERATIVE,
    PERSON_OBJECTS,
    PATIENT_OF_TYPES,
    FORCEFUL,
    TYPE_PREPS,
    VERBAL,
    Cand,
    absorb,
    assault_modes,
    choose,
    must_requests,
    owners,
    pkey,
    strength,
    verb_allowed,
)
from .token_strings import token_strings

VERSION = "7"
_MUST = frozenset({"must", "should"})
#: types whose compound actor with no recipient acts with itself (CAMEO codes both
#: directions, ConfliBERT tags it R, the PLOVER GSR marks it reciprocal)
MUTUAL = frozenset({"AGREE", "CONSULT", "COOPERATE"})
#: types whose recipient may be a thing ("attacked a convoy", "seized a depot")
THING_TARGETS = frozenset({"ASSAULT", "COERCE"})  # the auxiliaries must_requests starts from
MODEL_FILE = "event-model-1.npz"

Token = Any


class EventsStage:
    """Finds PLOVER events per sentence; see the module docstring for the method."""

    name = "events"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "mentions", "parse", "actors"})
    produces: frozenset[str] = frozenset({"events"})

    def __init__(
        self, options: EventsOptions | None = None, lexicon: Lexicon | None = None
    ) -> None:
        self.options = options or EventsOptions()
        model = model_version(self.options.model, cache_dir() / MODEL_FILE)
        self.version = f"{VERSION}+model-{model}" if model else VERSION
        self._lex = lexicon
        self._model: Any = None
        self._wide: dict[int, Token] = {}  # per document: party token -> the phrase naming it
        self._model_loaded = False
        self._firsts_lex: Lexicon | None = None
        self._firsts: frozenset[str] = frozenset()

    def open(self) -> None:
        if self._lex is None:
            self._lex = load_lexicon()
        if not self._model_loaded:
            self._model = load_model(self.options.model, cache_dir() / MODEL_FILE)
            self._model_loaded = True

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
        self._wide = {}
        events: list[Event] = []
        year = doc.article.published.year if doc.article.published else None
        self.open()
        for sent_i, sent in enumerate(doc.parse.sents):
            cands = self._detect(sent, lex)
            cands = self._derive(cands, sent, lex)
            cands = absorb(cands)
            for c in cands:
                if c.type not in VERBAL and not c.derived and is_historical(c.anchor, year):
                    c.status.add("historical")
            found = [
                self._event(cand, sent_i, len(events) + k, doc, index)
                for k, cand in enumerate(self._dedupe(cands, doc, index))
            ]
            if self._model is not None:
                found = rescore(self._model, sent, found)
                found = retarget(self._model, sent, found, doc, index)
                if not found:
                    found = proposed_events(self, sent, sent_i, len(events), doc, index)
            events.extend(found)
        events = [e for e in events if e.confidence >= self.options.min_confidence]
        events = means_shared(riots_marked(events, doc.text))
        events = headline_repeats_dropped(events, doc)
        return dataclasses.replace(doc, events=tuple(events))

    # --- detection -----------------------------------------------------------------------

    def _detect(self, sent: Any, lex: Lexicon) -> list[Cand]:
        used: set[int] = set()
        cands: list[Cand] = []
        # the tests below are pure, so the lexicon lookup on the per-document lemma list runs
        # first and a Token is made only for a word the lexicon knows
        lemmas, lowers = self._strings(sent.doc)
        spdoc = sent.doc
        for i in range(sent.start, sent.end):  # verb phrases ("open fire", "take to the streets")
            phrases = lex.phrases.get(lemmas[i], ())
            if not phrases:
                continue
            tok = spdoc[i]
            if tok.pos_ not in {"VERB", "AUX"} and not tok.tag_.startswith("VB"):
                continue
            best = None  # the longest matching phrase: "give up arms" over "give arms"
            pool = phrase_pool(tok)
            for phrase in phrases:
                matched = match_phrase(tok, phrase, pool)
                if matched is not None and (best is None or len(matched) > len(best[1])):
                    best = (phrase, matched)
            if best is not None:
                phrase, matched = best
                cands.append(self._verb_cand(tok, phrase.entry, [tok, *matched], lex, matched))
                used.update(t.i for t in [tok, *matched])
        for i in range(sent.start, sent.end):  # single verbs
            if i in used:
                continue
            entries = lex.verbs.get(lemmas[i])
            if not entries:
                continue
            tok = spdoc[i]
            if not (tok.pos_ == "VERB" or tok.tag_.startswith("VB")):
                continue
            if tok.dep_ in {"amod", "compound"}:  # "Iranian-backed": an attribute, not an event
                continue
            if tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"} and tok.tag_ in {"VBN", "VBG"}:
                continue  # "evacuated the wounded": a participle used as a noun
            if tok.tag_ == "VBN" and tok.head.i > tok.i and tok.head.pos_ in NOUN_POS:
                continue  # "the internationally recognised government"
            entry = choose(entries, tok, lex)
            if not verb_allowed(tok, entry, lex):
                continue
            cands.append(self._verb_cand(tok, entry, [tok], lex, []))
            used.add(tok.i)
        # nouns, longest lemma sequence first; the lookup runs on per-document string lists and
        # a set of first words, so Token objects are made only where a lexicon key matches
        nouns, firsts = lex.nouns, self._noun_firsts(lex)
        i = sent.start
        while i < sent.end:
            found = None
            if lemmas[i] in firsts or lowers[i] in firsts:
                for n in range(min(lex.max_noun_len, sent.end - i), 0, -1):
                    key = tuple(lemmas[i : i + n])
                    alt = tuple(lowers[i : i + n])
                    entries = nouns.get(key) or nouns.get(alt)
                    if not entries:
                        continue
                    toks = [spdoc[j] for j in range(i, i + n)]
                    if any(t.pos_ in NOUN_POS or t.pos_ == "ADJ" or gerund(t) for t in toks):
                        found = (toks, entries)
                        break
            if found is None:
                i += 1
                continue
            toks, entries = found
            i += len(toks)
            if any(t.i in used for t in toks):
                continue
            head = next((t for t in toks if t.head not in toks or t.head.i == t.i), toks[-1])
            if head.pos_ not in NOUN_POS and not gerund(head):
                continue
            entry = choose(entries, head, lex)
            cand = noun_cand(head, toks, entry, lex)
            if cand is not None:
                cands.append(cand)
                used.update(t.i for t in toks)
        return cands

    def _strings(self, spdoc: Any) -> tuple[list[str], list[str]]:
        """Every token's lower-cased lemma and lower form, computed once per spaCy Doc."""
        ts = token_strings(spdoc)
        return ts.lemmas, ts.lowers

    def _noun_firsts(self, lex: Lexicon) -> frozenset[str]:
        """The first words of the lexicon's noun keys (a token starting none of them is skipped)."""
        if self._firsts_lex is not lex:
            self._firsts_lex = lex
            self._firsts = frozenset(k[0] for k in lex.nouns if k)
        return self._firsts

    def _verb_cand(
        self, verb: Token, entry: LexEntry, toks: list[Token], lex: Lexicon, consumed: list[Token]
    ) -> Cand:
        cand = Cand(entry, entry.type, toks, verb, verb)
        preps = (
            entry.recipient_preps if entry.recipient_preps is not None else TYPE_PREPS[entry.type]
        )
        consumed_i = {t.i for t in consumed}
        cand.actors = subjects(verb)
        recips = []
        if entry.id == "accuse.blame":
            on = find_prep_objects([verb, *objects(verb)], frozenset({"on"}))
            recips = on or objects(verb)
        elif entry.type == "MOBILIZE":
            # the forces mobilized are the actor's own; the target is whom they are against
            # ("mobilized the troops for a battle against the remnants of the Brotherhood")
            recips = find_prep_objects([verb], preps)
        else:
            for obj in objects(verb) or shifted_object(verb):
                if obj.i in consumed_i:
                    continue
                if tuple([obj.lemma_.lower()]) in lex.nouns:
                    # "condemned Israel's attack" -> Israel; "dismissed an appeal from X" -> X
                    found = owners(obj) or [d for d in dig(obj) if party(d)]
                    self._wide.update(
                        (t.i, obj) for t in found if len(found) == 1 and names_whole(t, obj)
                    )
                    recips.extend(found)
                else:
                    recips.append(obj)
            recips += [t for t in prep_objects(verb, preps) if t.i not in consumed_i]
            # small clauses: "hold them accountable" -> them
            recips += [
                s for t in consumed if t.pos_ == "ADJ" for s in t.children if s.dep_ == "nsubj"
            ]
            # the phrase's own noun: "lift the ban on X", "sanctions imposed on X", "expel inspectors"
            noun_preps = preps | {"on", "against", "to", "with"}  # "closed its border with X"
            # what a phrase's own preposition takes: "called for sanctions against X" -> X
            recips += [
                p for t in consumed if t.dep_ == "prep" and t.lower_ not in preps
                for p in t.children if p.dep_ == "pobj" and p.pos_ in NOUN_POS
            ]
            if entry.type in PATIENT_OF_TYPES:
                noun_preps |= {"of"}  # "lifted its blockade of Qatar"
            if any(t.dep_ == "dobj" and t.pos_ == "NOUN" for t in consumed):
                # the phrase's noun takes its dative on the verb: "set fire to X", "lay siege to X"
                extra = prep_objects(verb, noun_preps - preps)
                recips += [t for t in extra if t.i not in consumed_i]
            for t in consumed:
                if t.pos_ not in NOUN_POS:
                    continue
                if t.lemma_.lower() in PERSON_OBJECTS:
                    recips.append(t)
                recips += find_prep_objects([t], noun_preps)  # "€10m in aid to X"
                recips += [
                    o
                    for acl in t.children
                    if acl.dep_ == "acl"
                    for o in prep_objects(acl, noun_preps)
                ]
        recips = [self._dig(r) for r in recips]  # "demanded the removal of X"
        for k, r in enumerate(recips):  # "rejected the statement" -> whoever issued it
            issuer = statement_issuer(r)
            if issuer is not None:
                self._wide[issuer.i] = r
                recips[k] = issuer
        clause = [t if party(t) else self._dig(t) for t in clause_recipients(verb, entry.type)]
        recips += [t for t in clause if t not in recips]
        if entry.type not in THING_TARGETS and not any(party(r) for r in recips):
            recips += helped(verb)  # "earmarked 1.5 million euros in aid to help Haiti"
        if not any(party(r) for r in recips):
            # "a curfew in Abidjan", "evacuated the wounded from the town of Gorazde"; a verbal
            # act's place is that of what it concerns ("agreed to postpone the rally in Baku")
            where = [verb] if entry.type not in VERBAL else []
            where += [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            objs = [c for w in where for c in w.children if c.dep_ == "dobj" and c not in recips]
            recips += place_recipients([*where, *recips, *objs])
        cand.recipients = recips
        return cand

    def _dig(self, tok: Token) -> Token:
        """The party inside a thing-noun argument ("the offices of the Palestinian administrators"
        -> the administrators); the evidence span stays the whole phrase."""
        found = dig(tok)
        if found == [tok] and not party(tok) and tok.dep_ == "dobj":
            # "welcomed memos from Bree": the phrase's "from" hangs on the verb in the parse
            found = [
                p for c in tok.head.children
                if c.dep_ == "prep" and c.i == tok.right_edge.i + 1
                and c.lower_ in {"from", "by", "about", "of"}
                for p in c.children if p.dep_ == "pobj"
            ][:1] or found
        if len(found) == 1 and found[0] is not tok and party(found[0]):
            if names_whole(found[0], tok):
                self._wide[found[0].i] = tok
            return found[0]
        return tok

    # --- derived events and statuses -------------------------------------------------------

    def _derive(self, cands: list[Cand], sent: Any, lex: Lexicon) -> list[Cand]:
        by_head = {c.head.i: c for c in cands}
        for c in cands:
            c.status, c.future = status_of(c.head, c.anchor, lex)
            if c.type == "ASSAULT":
                c.modes = assault_modes(c, lex)
            elif c.entry.mode:
                c.modes = [c.entry.mode]
            c.cameo = c.entry.cameo
        out = list(cands)
        for c in cands:  # "refused to remove the ban on X": the refusal concerns X
            if c.anchor.dep_ in {"xcomp", "ccomp"} and c.recipients:
                gov = by_head.get(c.anchor.head.i)
                if gov is not None and gov.type in VERBAL and not gov.recipients:
                    gov.recipients = list(c.recipients)
        for c in cands:
            if c.entry.future_type and c.future and not is_conditional(c.status, c.head, c.anchor):
                c.type, c.cameo, c.modes = (
                    c.entry.future_type,
                    None,
                    [],
                )  # "will hold X accountable"
            if c.type in VERBAL and c.future and not is_conditional(c.status, c.head, c.anchor):
                c.status.discard("hypothetical")  # "will investigate" announces the verbal act
            if "negated" in c.status and c.type in COOPERATIVE and c.actors and not c.derived:
                # "will not lift the ban", "failed to reach agreement": decline to yield (CAMEO 12)
                d = Cand(
                    c.entry,
                    "REJECT",
                    list(c.tokens),
                    c.head,
                    c.anchor,
                    actors=list(c.actors),
                    recipients=list(c.recipients),
                    derived=f"refuse:{c.entry.id}",
                )
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
            new_type = (
                "AGREE" if c.type in COOPERATIVE else "THREATEN" if c.type in FORCEFUL else None
            )
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
            d = Cand(
                c.entry,
                new_type,
                toks,
                trigger,
                trigger,
                actors=list(c.actors),
                recipients=list(c.recipients),
                derived=f"intent:{c.entry.id}",
            )
            d.status = status
            d.cameo = intent_cameo(new_type, c.type)
            out.append(d)
            by_head[trigger.i] = d
        lowers = self._strings(sent.doc)[1]
        if not _MUST.isdisjoint(lowers[sent.start : sent.end]):  # must_requests needs one
            out.extend(must_requests(sent, lex, by_head))
        # a demand or complaint that is the purpose of a protest is part of the protest
        protests = {i: c for c in out if c.type == "PROTEST" for i in (c.anchor.i, c.head.i)}
        kept = []
        for c in out:
            if (
                c.type in {"REQUEST", "ACCUSE"}
                and c.anchor.dep_ in {"advcl", "xcomp", "acl"}
                and (c.anchor.head.i in protests or is_protest_word(c.anchor.head, lex))
            ):
                protest = protests.get(c.anchor.head.i)
                if protest is not None and not protest.recipients:
                    protest.recipients = list(c.recipients)  # whom the protest demands of
                continue
            kept.append(c)
        out = kept
        # an intention verb with no event in its complement keeps its own type, else it
        # was retyped above; a bare "will" is not an event
        return out

    def _dedupe(self, cands: list[Cand], doc: Document, index: ActorIndex) -> list[Cand]:
        keyed: list[
            tuple[
                Cand,
                frozenset[str],
                frozenset[str],
                tuple[Participant, ...],
                tuple[Participant, ...],
            ]
        ] = []
        lex = self.lexicon
        for c in cands:
            own = {t.i for t in c.tokens}
            c.actors = [t for t in c.actors if t.i not in own]
            c.recipients = [
                t
                for t in c.recipients
                if (t.i not in own or t.lemma_.lower() in PERSON_OBJECTS)
                and not (t.lemma_.lower() in lex.mode_cues or t.ent_type_ in {"DATE", "TIME"})
            ]
            # "refusing admittance to the Ghanaians": beside a party or an actor, a thing that
            # names neither is no recipient
            spread = list(dict.fromkeys(x for t in c.recipients for x in expand_conj(t)))
            # (a place after a thing names it only as a target of force: "a military base in
            # Borno" is attacked, "a ceasefire in Afghanistan" is what is agreed)
            places = c.type in THING_TARGETS
            named = [t for t in spread if party(t) or index.lookup(t, np_span(t, places))]
            if named:
                c.recipients = [t for t in spread if t in named or t.ent_type_ in {"LOC", "FAC"}]
            elif c.type not in THING_TARGETS:
                # "signed a deal", "accepted a formula", "donated ventilators": what is given,
                # agreed or discussed is the theme; only force is done to things
                c.recipients = [t for t in spread if t.ent_type_ in {"GPE", "LOC", "FAC"}]
            acts = participants(c.actors, doc, index)
            recs = participants(c.recipients, doc, index, self._wide)
            # an actor is not its own recipient (reflexives, mis-attached PPs)
            recs = tuple(r for r in recs if pkey(r) not in {pkey(a) for a in acts})
            # "a military base in Syria" and "Syria": the place inside the phrase is no second one
            recs = tuple(r for r in recs if not any(o is not r and within(r, o) for o in recs))
            if not recs and len(acts) > 1 and c.type in MUTUAL and not c.derived:
                recs = acts  # "the Philippines and France agree": each agrees with the other
            keyed.append((c, frozenset(map(pkey, acts)), frozenset(map(pkey, recs)), acts, recs))
        kept: list[list[Any]] = []
        for c, ak, rk, acts, recs in keyed:
            asserted = not ({"hypothetical", "negated"} & c.status)
            merged = False
            for k in kept:
                kc, kak, krk = k[0], k[1], k[2]
                if kc.type != c.type or (not ({"hypothetical", "negated"} & kc.status)) != asserted:
                    continue
                if (ak <= kak or kak <= ak) and (rk <= krk or krk <= rk):
                    if strength(c, ak, rk) > strength(kc, kak, krk):
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
            k[0].actor_parts, k[0].recipient_parts = k[3], k[4]
        return [k[0] for k in kept]

    def _event(self, c: Cand, sent_i: int, n: int, doc: Document, index: ActorIndex) -> Event:
        acts, recs = c.actor_parts, c.recipient_parts
        if c.type == "ASSAULT":  # "fired tear gas and rubber bullets": the means, not the targets
            recs = tuple(p for p in recs if not _names_means(p.text, self.lexicon))
        if c.entry.victim_subject:  # "their vehicle hit a landmine": the subject suffered it
            acts, recs = (), (*acts, *recs)
        if c.entry.objects:  # "defused the explosives": what is taken out of use is no recipient
            recs = tuple(p for p in recs if not _names_thing(p.text, c.entry.objects))
        start = min(t.idx for t in c.tokens)
        end = max(t.idx + len(t.text) for t in c.tokens)
        conf = 0.3 + 0.35 * c.entry.weight + 0.15 * bool(acts) + 0.1 * bool(recs)
        conf += 0.1 * any(p.actor_id for p in (*acts, *recs))
        if c.nominal:
            conf *= 0.9
        if _main_clause(c.anchor, self.lexicon):
            conf += 0.05  # the main clause (or what a speaker says) states the main event
        elif c.anchor.dep_ in {"relcl", "acl"}:
            conf -= 0.15  # "whom they had taken hostage": background to the main event
        if any(a.lower_ == "had" and a.dep_ == "aux" for a in c.anchor.children):
            conf -= 0.05  # the pluperfect tells what came before the news
        if "alleged" in c.status:
            conf -= 0.1
        if {"hypothetical", "negated"} & c.status:
            conf -= 0.15  # an act only wanted, threatened or denied is less surely an event
        if c.derived and not c.derived.startswith("intent:"):
            conf *= 0.9  # a stated intention is as sure as its statement
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


def _names_means(text: str, lex: Lexicon) -> bool:
    """A participant that is a weapon or a means of crowd control ("rubber bullets", "tear gas",
    "two rockets"): its last word names one."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return False
    last = words[-1]
    stem = last[:-1] if last.endswith("s") else last
    return bool({last, stem} & (lex.weapon_nouns | {"gas", "bullet", "cannon", "teargas", "shell"}))


def _names_thing(text: str, things: frozenset[str]) -> bool:
    """Whether a participant's words name one of ``things`` ("dozens of heavy machine guns")."""
    lower = text.lower()
    words = {w.rstrip("s") for w in lower.replace("-", " ").split()} | set(lower.split())
    return bool(words & things)


def _main_clause(anchor: Token, lex: Lexicon) -> bool:
    """Whether a trigger stands in the main clause or in what the main speech verb reports."""
    if anchor.dep_ == "conj" and anchor.head.dep_ == "ROOT":
        anchor = anchor.head
    if anchor.dep_ == "ROOT":
        return True
    gov = anchor.head
    return (
        anchor.dep_ == "ccomp"
        and gov.dep_ == "ROOT"
        and gov.lemma_.lower() in lex.speech_verbs
    )
