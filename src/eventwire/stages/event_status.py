"""Status of an event trigger, read from the spaCy dependency parse.

- :func:`status_of` reads negation, modality, conditionals and governing verbs
  ("accused of attacking" -> alleged; "if Israel carried out" -> hypothetical).
- :func:`is_historical`: a past event dated before the publication year.
- :func:`is_conditional`: hypothetical because of an if-clause, not an intention.
"""

from __future__ import annotations

from typing import Any

from .event_lexicon import Lexicon
from .event_roles import PASS_SUBJ_DEPS, SUBJ_DEPS

Token = Any  # spacy.tokens.Token; spaCy is not imported here

#: verbs whose that-clause is wished for, not reported ("demanded that X withdraw")
CCOMP_HYPOTHETICAL = frozenset(
    {
        "demand",
        "urge",
        "request",
        "propose",
        "insist",
        "ask",
        "recommend",
        "order",
        "want",
        "hope",
        "fear",
        "expect",
        "plan",
        "suggest",
        "wish",
        "pray",
        "threaten",
        "vow",
        "pledge",
        "promise",
    }
)
#: intention words: an event in their complement is intended, so future (PLOVER: AGREE/THREATEN)
INTENT_WORDS = frozenset(
    {
        "vow",
        "pledge",
        "promise",
        "plan",
        "intend",
        "prepare",
        "agree",
        "offer",
        "threaten",
        "decide",
        "aim",
        "willing",
        "ready",
        "prepared",
        "set",
        "poise",
        "resolve",
        "determined",
    }
)

def _has_neg(tok: Token) -> bool:
    return any(
        c.dep_ == "neg" or c.lower_ in {"never", "no"} and c.dep_ in {"neg", "advmod", "det"}
        for c in tok.children
    )


def _negated_subject(tok: Token) -> bool:
    """'no one was killed', 'nobody was hurt': the patient or agent is negated."""
    for c in tok.children:
        if c.dep_ in SUBJ_DEPS | PASS_SUBJ_DEPS:
            if c.lower_ in {"nobody", "none", "nothing", "noone"}:
                return True
            if any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                return True
    return False


def status_of(trigger: Token, anchor: Token, lex: Lexicon) -> tuple[set[str], bool]:
    """Statuses of an event (subset of model.EVENT_STATUSES) and whether it is future/intended.

    ``anchor`` is the verb that carries tense and modality: the trigger verb itself, or the
    light verb of a nominal event ("carried out an attack").
    """
    status: set[str] = set()
    future = False
    for tok in {trigger, anchor}:
        mods = {c.lower_ for c in tok.children if c.dep_ in {"amod", "det", "advmod"}}
        if mods & lex.hypothetical_mods:
            status.add("hypothetical")
        if mods & lex.alleged_mods or "allegedly" in mods:
            status.add("alleged")
    chain = [anchor]
    if anchor.dep_ == "conj" and anchor.head.pos_ in {"VERB", "AUX"}:
        chain.append(anchor.head)  # "did not attack or kill": the head's negation and modals count
    for verb in chain:
        if _has_neg(verb) or _negated_subject(verb):
            status.add("negated")
        for c in verb.children:
            low = c.lower_
            if c.dep_ in {"aux", "auxpass"}:
                if low in lex.modal_future or low == "going":
                    future = True
                    status.add("hypothetical")  # not happened yet
                elif low in {"may", "might", "could"} and any(
                    x.dep_ == "aux" and x.lower_ == "have" and x.i > c.i for x in verb.children
                ):
                    status.add("alleged")  # "may have launched": a possible past event, unconfirmed
                elif low in lex.modal_hypothetical:
                    # "would" under a speech verb is a reported future ("said it would strike")
                    if (
                        low == "would"
                        and verb.dep_ == "ccomp"
                        and verb.head.lemma_.lower() in lex.speech_verbs
                    ):
                        future = True
                    status.add("hypothetical")
            elif c.dep_ == "mark" and low in {
                "if",
                "unless",
                "whether",
                "lest",
                "before",
                "until",
                "so",
            }:
                status.add("hypothetical")
            elif c.dep_ == "advmod" and low in {"allegedly", "purportedly", "supposedly"}:
                status.add("alleged")
        if (
            (verb.dep_ == "advcl" and not _realized_object(verb.head))
            or (verb.dep_ == "acl" and verb.head.lemma_.lower() not in _REALIZED)
        ) and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            status.add("hypothetical")  # purpose: "deployed to protect", "resigned to allow"
    if trigger is not anchor and any(
        c.dep_ == "det" and c.lower_ in {"no"} for c in trigger.children
    ):
        status.add("negated")
    if trigger is not anchor and anchor.lemma_.lower() in INTENT_WORDS:
        status.add("hypothetical")  # "offered concessions", "threatened an attack"
        future = True
    # governing words: climb through complements
    cur = anchor
    for _ in range(6):
        if cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = (
                cur.head
            )  # coordinated verbs share their governor ("asked X to help and increase")
            continue
        if cur.dep_ not in {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj", "relcl"}:
            break
        gov = cur.head
        if gov.i == cur.i:
            break
        glemma = gov.lemma_.lower()
        if gov.pos_ in {"NOUN", "PROPN"} and glemma in lex.alleged_nouns:
            status.add("alleged")
            break
        if gov.pos_ in {"NOUN", "PROPN"} and glemma in lex.hypothetical_nouns:
            status.add("hypothetical")
            break
        kind = lex.governor_status.get(glemma) if gov.pos_ in {"VERB", "AUX", "ADJ"} else None
        if kind == "hypothetical" and cur.dep_ == "ccomp" and glemma not in CCOMP_HYPOTHETICAL:
            kind = None  # "told AFP that X had been demobilized" reports; "demanded that X go" does not
        if kind is not None and cur.dep_ != "relcl":
            if kind == "hypothetical":
                status.add("hypothetical")
                if glemma in INTENT_WORDS:
                    future = True
            elif kind == "alleged" and (
                cur.dep_ in {"pcomp", "pobj", "prep"}
                or (cur.dep_ == "ccomp" and glemma in {"claim", "allege"})
            ):
                status.add("alleged")  # "accused X of attacking", "claimed that they had attacked"
            elif kind == "denied":
                status.add("denied")
            elif kind == "negated":
                status.add("negated")
            if _has_neg(gov):
                status.add("negated")
            break
        if gov.dep_ == "ROOT" or gov.lemma_.lower() in lex.speech_verbs:
            break
        cur = gov
    return status, future


#: nouns whose infinitive tells what was done, not only intended ("an attempt to assassinate")
_REALIZED = frozenset({"attempt", "operation", "offensive", "mission", "raid", "assault"})


def _realized_object(verb: Token) -> bool:
    """'launched operations to detain 110 people': the infinitive says what the operation did."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _REALIZED for c in verb.children)


_PAST_CUES = frozenset({"ago", "previously", "formerly", "once", "past", "earlier"})


def is_historical(anchor: Token, year: int | None) -> bool:
    """A past event dated before the publication year ("in 1981", "years ago", "in the past")."""
    pool: list[Token] = []
    cur = anchor
    for _ in range(3):  # dates attached to the clause's governors ("was in 1981, when ... bombed")
        pool.append(cur)
        pool.extend(c for c in cur.children if c.dep_ in {"prep", "npadvmod", "advmod"})
        pool.extend(g for c in cur.children if c.dep_ == "prep" for g in c.children)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    for tok in pool:
        if tok.ent_type_ == "DATE":
            text = tok.text
            if year is not None and text.isdigit() and len(text) == 4 and 1800 <= int(text) < year:
                return True
            if tok.lower_ == "ago" and any(
                t.lemma_.lower() in {"year", "decade", "century"} for t in tok.subtree
            ):
                return True  # "two decades ago"; "two weeks ago" is recent news, not background
        elif tok.lower_ == "past" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            return True  # "in the past"
    return False


def is_conditional(status: set[str], trigger: Token, anchor: Token) -> bool:
    """True when hypothetical comes from an if-clause or a topic noun rather than an intention."""
    for tok in (anchor, anchor.head):
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in tok.children):
            return True
    return False
