"""Recipients that sit deeper than a verb's object: "demanded that X ...", "autonomy from X".

``dig(tok)`` replaces an object that names a thing, not a party ("the removal of X", "further
action against X", "X's military policies"), with the party inside it; ``clause_recipients(verb,
type)`` finds the recipient a clause names: the subject of what is demanded ("demanded that the
US cancel ..."), the target of a protest ("in defiance of X", "to protest at the settlement of X").
``helped`` finds whom a purpose clause helps, ``place_recipients`` the place of an act with no
party, ``statement_issuer`` who issued "the statement"; ``names_whole`` says whether a party's
evidence span is the thing phrase around it, ``within`` drops a place listed inside another
recipient's phrase, ``shifted_object`` finds an object moved after an "as" phrase.
"""

from __future__ import annotations

from typing import Any

from ..model import Participant
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
        "soldier", "policeman", "guerrilla", "terrorist", "jihadist", "extremist", "separatist",
        "militiaman", "gunman", "activist", "journalist", "politician", "lawmaker", "voter",
    }
) | ROLE_NOUNS | PERSON_OBJECTS
#: prepositions under a thing-noun whose object is the party concerned
_PREP_ORDER = ("by", "of", "from", "against", "on", "about", "to", "with", "for")
_PARTY_PREPS = frozenset(_PREP_ORDER)
#: request verbs whose "that" clause names who must act
_CLAUSE_REQUESTS = frozenset(
    {"demand", "urge", "insist", "ask", "request", "call", "press", "appeal", "recommend"}
)


def party(tok: Token) -> bool:
    """Whether a noun names a party (state, group, person) rather than a thing."""
    if tok.pos_ == "PRON":
        return tok.lower_ not in {"it", "this", "that", "which", "what"}
    if tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}:
        return False  # "Wednesday's statement"
    if tok.ent_type_ in PARTY_ENTS or tok.pos_ == "PROPN":
        return True
    return tok.lemma_.lower() in PARTY_NOUNS


def dig(tok: Token, depth: int = 0) -> list[Token]:
    """The parties inside a thing-noun argument (possessor, then of/by/from/against objects)."""
    if party(tok) or depth > 2:
        return [tok]
    owners = [c for c in tok.children if c.dep_ == "poss" and party(c)]
    if owners and not all(o.pos_ == "PRON" for o in owners):
        return owners
    named = [
        c for c in tok.children if c.dep_ == "compound"
        and (c.ent_type_ in {"ORG", "GPE", "NORP"} or c.lemma_.lower() in PARTY_NOUNS)
    ]
    if named:  # "a Security Council resolution", "an Afghan government offer"
        return named[-1:]
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in _PARTY_PREPS]
    preps += [  # "alleged war crimes by X", "property seized by X", "memos sent from X"
        c for m in tok.children if m.dep_ in {"amod", "acl"} for c in m.children
        if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}
    ]
    preps.sort(key=lambda c: _PREP_ORDER.index(c.lower_))  # the doer ("by X") first
    for c in preps:
        for p in c.children:
            if p.dep_ == "pobj" and p.pos_ in NOUN_POS:
                found = dig(p, depth + 1)
                if found and party(found[0]):
                    return found
    # "his commitment to the Zambian people", "its blockade of Yemen": a pronoun owner is
    # most often the actor itself, so a party named in the phrase comes first
    return owners or [tok]


def clause_recipients(verb: Token, type_: str) -> list[Token]:
    """Recipients a clause under the trigger names (see the module docstring)."""
    out: list[Token] = []
    lemma = verb.lemma_.lower()
    if type_ == "REQUEST" and lemma in _CLAUSE_REQUESTS:
        for c in verb.children:
            if c.dep_ == "ccomp":
                out += [s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"} and party(s)]
    if not any(c.dep_ in {"dobj", "dative"} for c in verb.children):
        # "allowed opposition leader X to bring out a rally", "will be hosting X to celebrate",
        # parsed with X as the subject of the infinitive: X is the one allowed, hosted, asked
        for c in verb.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                out += [s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"} and party(s)]
    if type_ in {"THREATEN", "REJECT"} and not out:
        # "threatened to deliver devastating blows to X", "refused to comply with X's rules": a
        # complement that is no event of its own still names whom the act is against
        for c in verb.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                objs = [o for o in c.children if o.dep_ == "dobj"]
                objs += [
                    p for pr in c.children
                    if pr.dep_ == "prep" and pr.lower_ in {"to", "against", "on", "at", "with"}
                    for p in pr.children if p.dep_ == "pobj"
                ]
                out += [o for o in objs if o.pos_ in NOUN_POS and party(dig(o)[0])]
    if type_ == "PROTEST":
        for sub in verb.subtree:
            if sub.dep_ != "prep" or sub.i < verb.i:
                continue
            word, head = sub.lower_, sub.head
            hlemma = head.lemma_.lower()
            if (
                word in {"against", "at"}
                or (word == "over" and head.i == verb.i)  # "a strike over a bill signed by X"
                or (word in {"of", "for"} and hlemma in {"defiance", "disapproval"})
                or (word == "for" and hlemma in _CALLS)  # "calling for the removal of X"
            ):
                for p in sub.children:
                    if p.dep_ == "pobj" and p.pos_ in NOUN_POS:
                        found = [t for t in dig(p) if party(t)]
                        out += [p] if len(found) == 1 and p is not found[0] else found
            if out:
                break
        if not out:  # "a drive to convince the Lithuanian Parliament to amend ..."
            out += [
                o for sub in verb.subtree if sub.lemma_.lower() in _PERSUADE and sub.i > verb.i
                for o in sub.children if o.dep_ == "dobj" and party(o)
            ]
    return out


#: verbs whose "for" names what a protest demands ("calling for the removal of X")
_CALLS = frozenset({"call", "demand", "press", "push", "clamor", "clamour"})
#: verbs whose object is whom a protest means to move
_PERSUADE = frozenset({"convince", "persuade", "pressure", "pressurise", "pressurize", "force"})


#: verbs of a purpose clause whose object is the one an aid goes to ("to help Haiti")
_HELP_VERBS = frozenset({"help", "aid", "assist", "support", "benefit", "feed", "rebuild"})


def helped(verb: Token) -> list[Token]:
    """Whom an aid or support act is for, named in its purpose clause: "earmarked euros in aid
    to help Haiti cope", "announced assistance to help people in Somalia and Kenya"."""
    for sub in verb.subtree:
        if sub.lemma_.lower() not in _HELP_VERBS or sub.i <= verb.i or sub.pos_ != "VERB":
            continue
        if not any(a.dep_ == "aux" and a.lower_ == "to" for a in sub.children):
            continue
        objs = [o for o in sub.children if o.dep_ == "dobj" and o.pos_ in NOUN_POS]
        objs += [  # "to help Haiti cope": the helped one as the subject of the next verb
            o for c in sub.children if c.dep_ in {"ccomp", "xcomp"}
            for o in c.children if o.dep_ == "nsubj" and o.pos_ in NOUN_POS
        ]
        found = [t for o in objs for t in dig(o) if party(t)]
        if found:
            return found
    return []


#: entity labels of places that stand for their country as a recipient
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def place_recipients(tokens: list[Token]) -> list[Token]:
    """A place where the act happens, named in an in/at/from phrase of the trigger or its
    object: PLOVER's target when no party is named ("imposed a curfew in Abidjan")."""
    for tok in tokens:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "at", "from", "inside", "across", "into"}:
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


#: nouns for something said or published: "rejected the statement" concerns whoever issued it
STATEMENT_NOUNS = frozenset(
    {"statement", "claim", "accusation", "allegation", "remark", "comment", "announcement"}
)
_ISSUE_VERBS = frozenset({"issue", "release", "make", "publish", "put", "post", "read"})


def statement_issuer(tok: Token, window: int = 3) -> Token | None:
    """Who issued "the statement" a verb acts on: the party named with the nearest earlier
    statement within ``window`` sentences ("X said in a statement", "a statement from X",
    "the statement came from X", "signed by X")."""
    if tok.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    if not any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its"}
               for c in tok.children):
        return None
    doc = tok.doc
    sent_start = tok.sent.start
    sents = 0
    for i in range(tok.i - 1, -1, -1):
        t = doc[i]
        if t.is_sent_start and i < sent_start:
            sents += 1
            if sents > window:
                break
        if t.lemma_.lower() not in STATEMENT_NOUNS and t.lemma_.lower() != "statement":
            continue
        found = _issuer_of(t)
        if found is not None:
            return found
    return None


def _issuer_of(t: Token) -> Token | None:
    from .event_roles import subjects

    def first_party(toks: list[Token]) -> Token | None:
        return next((p for p in toks if party(p)), None)

    owners = [c for c in t.children if c.dep_ == "poss"]
    if owners and first_party(owners):
        return first_party(owners)
    for c in t.children:  # "a statement from X", "signed by X"
        if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
            found = first_party([p for p in c.children if p.dep_ == "pobj"])
            if found is not None:
                return found
        if c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by"):
                    found = first_party([p for p in a.children if p.dep_ == "pobj"])
                    if found is not None:
                        return found
    head = t.head
    if t.dep_ == "nsubj" and head.pos_ == "VERB":  # "the statement came from X", "..., the statement said, signed by X"
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                found = first_party([p for p in c.children if p.dep_ == "pobj"])
                if found is not None:
                    return found
            if c.dep_ in {"advcl", "acl", "xcomp"} and c.tag_ == "VBN":
                for a in c.children:
                    if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by"):
                        found = first_party([p for p in a.children if p.dep_ == "pobj"])
                        if found is not None:
                            return found
    if t.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB":
        return first_party(subjects(head.head))  # "X said in a statement"
    if t.dep_ == "dobj" and head.lemma_.lower() in _ISSUE_VERBS:
        return first_party(subjects(head))  # "X issued a statement"
    return None


def within(inner: Participant, outer: Participant) -> bool:
    """Whether ``inner``'s span lies strictly inside ``outer``'s, naming no other actor."""
    a, b = inner.span, outer.span
    same = inner.actor_id is None or inner.actor_id == outer.actor_id
    return same and b.start <= a.start and a.end <= b.end and a != b


def shifted_object(verb: Token) -> list[Token]:
    """An object moved after an "as" phrase, parsed as that phrase's apposition ("denounced as
    an ugly crime Serbia's suppression of ...")."""
    return [
        a for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"
        for o in p.children if o.dep_ == "pobj"
        for a in o.children if a.dep_ == "appos" and a.pos_ in NOUN_POS
    ]


#: prepositions that join a party to a thing only as its doer, source or beneficiary: the party
#: is the participant ("war crimes by X" -> X, "support from X" -> X, "a commitment to X" -> X),
#: while a possessor or an "of" phrase is part of the thing's name ("X's request")
_PARTY_ONLY_PREPS = frozenset(
    {"by", "to", "against", "with", "about", "on", "for", "into", "from"}
)


def names_whole(party_tok: Token, thing: Token) -> bool:
    """Whether the evidence span of a party found inside a thing phrase is the whole phrase."""
    for anc in party_tok.ancestors:
        if anc.i == thing.i:
            return True
        if anc.dep_ in {"prep", "agent"} and anc.lower_ in _PARTY_ONLY_PREPS:
            # "two brothers from Burrabazar": a place they come from is part of their name
            return anc.lower_ == "from" and party_tok.ent_type_ in {"GPE", "LOC", "FAC", "NORP"}
    return party_tok.head.i == thing.i or party_tok.dep_ == "pobj"
