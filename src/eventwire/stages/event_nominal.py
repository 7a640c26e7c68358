"""Noun triggers ("an attack by X on Y", "carried out an attack", "killed in police firing").

``noun_cand(head, tokens, entry, lex)`` builds the candidate for a noun trigger: its roles from
the noun itself (owner, "by" agent, type prepositions) or from the clause it stands in (the
subject of a verb, the object of a light verb, the "in/by/with" phrase of an outcome verb), or
None when the noun stands in no event position. ``gerund`` tells a verb form used as a noun.
"""

from __future__ import annotations

from typing import Any

from .event_lexicon import LexEntry, Lexicon
from .event_recipients import helped, party
from .event_roles import NOUN_POS, objects, prep_objects, subjects
from .event_rules import (
    AGENT_NOUNS,
    PATIENT_OF_TYPES,
    TYPE_PREPS,
    VERBAL,
    Cand,
    accidental,
    by_agent,
    disposed,
    owners,
)

Token = Any

#: Verbs whose object is the means of the attack named in their "in" phrase.
WEAPON_USE_VERBS = frozenset({"use", "employ", "fire", "launch", "drop"})


def noun_cand(h: Token, toks: list[Token], entry: LexEntry, lex: Lexicon) -> Cand | None:
    """The candidate for a noun trigger: its roles from the noun itself (owner, "by"/"on" phrases)
    or from the clause it stands in (subject of a verb, object of a light verb, "killed in X")."""
    if entry.type == "ASSAULT" and (disposed(h, lex) or accidental(h, lex)):
        return None  # "defused 83 explosives", "a gas explosion": no attack
    preps = (
        entry.recipient_preps if entry.recipient_preps is not None else TYPE_PREPS[entry.type]
    )
    if entry.type in PATIENT_OF_TYPES:
        preps = preps | {"of"}
    own_actors = owners(h)
    own_recips = prep_objects(h, preps)
    cand = Cand(entry, entry.type, toks, h, h, nominal=True)
    dep, gov = h.dep_, h.head
    if agent_gerund(h):  # "killed in police firing": the agent noun stands in the clause
        own_actors = [h.head]
        dep, gov = h.head.dep_, h.head.head
    if dep == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in lex.quantity_nouns:
        h = gov.head  # "a series of explosions hit": the series stands in the clause
        dep, gov = h.dep_, h.head
    glemma = gov.lemma_.lower()
    if dep in {"conj", "appos"} and gov.pos_ in NOUN_POS and gov is not h:
        h2 = gov  # "strikes and raids hit ...": take the first conjunct's position
        while h2.dep_ in {"conj", "appos"} and h2.head.i != h2.i and h2.head.pos_ in NOUN_POS:
            h2 = h2.head
        dep, gov, glemma = h2.dep_, h2.head, h2.head.lemma_.lower()
    if (
        dep in {"nsubj", "nsubjpass"}
        and gov.pos_ in {"VERB", "AUX"}
        and entry.type not in VERBAL
    ):
        cand.anchor = gov
        cand.actors = own_actors
        cand.recipients = own_recips + (objects(gov) if dep == "nsubj" else [])
        cand.recipients += prep_objects(gov, frozenset({"on", "against"}))
    elif dep in {"dobj", "attr"} and glemma in lex.light_verbs and gov.pos_ in {"VERB", "AUX"}:
        cand.anchor = gov
        cand.actors = _prefer_named(own_actors, subjects(gov))  # "intensified its bombardment"
        cand.recipients = own_recips + prep_objects(gov, preps)
        cand.recipients += [c for c in gov.children if c.dep_ == "dative"]
    elif dep == "pobj" and gov.dep_ in {"prep", "agent"}:
        verb = gov.head
        vlemma = verb.lemma_.lower()
        if gov.lower_ in lex.light_preps.get(vlemma, frozenset()) and verb.pos_ in {
            "VERB",
            "NOUN",
        }:
            cand.anchor = verb if verb.pos_ == "VERB" else verb.head
            cand.actors = _prefer_named(
                own_actors, subjects(cand.anchor)
            )  # claimed responsibility
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
            cand.actors = own_actors or (
                [] if vlemma in {"die", "perish", "flee"} else subjects(verb)
            )
            cand.recipients = own_recips + victims
        elif gov.lower_ in {"in", "during"} and vlemma in WEAPON_USE_VERBS and verb.pos_ == "VERB":
            # "used sulfur mustard in an attack on Saraqib": the user attacked with what it used
            cand.anchor = verb
            cand.actors = own_actors or subjects(verb)
            cand.recipients = own_recips
        else:
            return None
    elif dep == "ROOT":
        cand.actors, cand.recipients = own_actors, own_recips
    elif own_actors and (by_agent(h) or own_recips) and entry.type not in VERBAL:
        cand.actors, cand.recipients = own_actors, own_recips  # "an attack by X on Y"
    else:
        return None
    if entry.type in {"AID", "SUPPORT"} and not any(party(r) for r in cand.recipients):
        # "announced assistance of 60 million euros to help people in Somalia"
        cand.recipients += helped(cand.anchor)
    return cand


def _prefer_named(own: list[Token], clause: list[Token]) -> list[Token]:
    """A nominal event's own actor, unless it is only a pronoun and the clause names its subject."""
    if own and all(t.pos_ == "PRON" for t in own) and clause:
        return clause
    return own or clause


def gerund(tok: Token) -> bool:
    """A verb form standing as a noun: "killed in police firing" (the parser's VBG object)."""
    return tok.tag_ == "VBG" and (
        tok.dep_ in {"pobj", "nsubj", "nsubjpass", "dobj"} or agent_gerund(tok)
    )


def agent_gerund(tok: Token) -> bool:
    """ "in police firing" parsed as "police" modified by the participle "firing"."""
    return (
        tok.dep_ == "acl"
        and tok.head.i == tok.i - 1
        and tok.head.lemma_.lower() in AGENT_NOUNS
        and not any(c.dep_ == "dobj" for c in tok.children)  # "police firing tear gas"
    )
