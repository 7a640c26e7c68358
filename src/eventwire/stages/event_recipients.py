"""Recipients that sit deeper than a verb's object: "demanded that X ...", "autonomy from X".

``dig(tok)`` replaces an object that names a thing, not a party ("the removal of X", "further
action against X", "X's military policies"), with the party inside it; ``clause_recipients(verb,
type)`` finds the recipient a clause names: the subject of what is demanded ("demanded that the
US cancel ..."), the target of a protest ("in defiance of X", "to protest at the settlement of X").
"""

from __future__ import annotations

from typing import Any

from .event_roles import NOUN_POS, ROLE_NOUNS
from .event_rules import PERSON_OBJECTS

Token = Any

#: named-entity labels that name a party
PARTY_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
#: common nouns that name a party ("the government", "rebels", "authorities")
PARTY_NOUNS = frozenset(
    {
        "government", "authority", "administration", "regime", "army", "military", "force",
        "troop", "police", "rebel", "militant", "militia", "insurgent", "group", "party",
        "people", "population", "civilian", "resident", "villager", "refugee", "student",
        "worker", "parliament", "assembly", "council", "court", "ministry", "state", "country",
        "nation", "president", "king", "leader", "opposition", "union", "movement", "faction",
        "settler", "immigrant", "protester", "demonstrator", "company", "firm", "bank",
    }
) | ROLE_NOUNS | PERSON_OBJECTS
#: prepositions under a thing-noun whose object is the party concerned
_PARTY_PREPS = frozenset({"of", "by", "from", "against", "on", "to", "with"})
#: request verbs whose "that" clause names who must act
_CLAUSE_REQUESTS = frozenset(
    {"demand", "urge", "insist", "ask", "request", "call", "press", "appeal", "recommend"}
)


def party(tok: Token) -> bool:
    """Whether a noun names a party (state, group, person) rather than a thing."""
    if tok.pos_ == "PRON":
        return tok.lower_ not in {"it", "this", "that", "which", "what"}
    if tok.ent_type_ in PARTY_ENTS or tok.pos_ == "PROPN":
        return True
    return tok.lemma_.lower() in PARTY_NOUNS


def dig(tok: Token, depth: int = 0) -> list[Token]:
    """The parties inside a thing-noun argument (possessor, then of/by/from/against objects)."""
    if party(tok) or depth > 2:
        return [tok]
    owners = [c for c in tok.children if c.dep_ == "poss" and party(c)]
    if owners:
        return owners
    named = [
        c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in {"ORG", "GPE", "NORP"}
    ]
    if named:  # "a Security Council resolution"
        return named[-1:]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _PARTY_PREPS:
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in NOUN_POS:
                    found = dig(p, depth + 1)
                    if found and party(found[0]):
                        return found
    return [tok]


def clause_recipients(verb: Token, type_: str) -> list[Token]:
    """Recipients a clause under the trigger names (see the module docstring)."""
    out: list[Token] = []
    lemma = verb.lemma_.lower()
    if type_ == "REQUEST" and lemma in _CLAUSE_REQUESTS:
        for c in verb.children:
            if c.dep_ == "ccomp":
                out += [s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"} and party(s)]
    if type_ == "PROTEST":
        for sub in verb.subtree:
            if sub.dep_ != "prep" or sub.i < verb.i:
                continue
            word, head = sub.lower_, sub.head
            if word in {"against", "at"} or (
                word in {"of", "for"} and head.lemma_.lower() in {"defiance", "disapproval"}
            ):
                for p in sub.children:
                    if p.dep_ == "pobj" and p.pos_ in NOUN_POS:
                        found = dig(p)
                        out += [t for t in found if party(t)]
            if out:
                break
    return out


#: entity labels of places that stand for their country as a recipient
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def place_recipients(tokens: list[Token]) -> list[Token]:
    """A place where the act happens, named in an in/at/from phrase of the trigger or its
    object: PLOVER's target when no party is named ("imposed a curfew in Abidjan")."""
    for tok in tokens:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "at", "from", "inside", "across"}:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    if p.ent_type_ in _PLACE_ENTS:
                        return [p]
                    inner = [  # "the capital Kabul", "the town of Gorazde"
                        q for q in p.subtree if q.ent_type_ in {"GPE", "LOC"} and q.pos_ == "PROPN"
                    ]
                    if inner:
                        return [inner[-1]]
    return []
