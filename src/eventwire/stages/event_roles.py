"""Roles and status of an event trigger, read from the spaCy dependency parse.

- :class:`ActorIndex` maps a text span to the ``doc.actors`` Actor whose mention covers it.
- :func:`subjects` / :func:`objects` / :func:`prep_objects` find argument heads of a verb,
  following passives, control verbs (``vowed to attack``), relative clauses and conjunctions.
- :func:`participants` turns argument heads (with their ``conj`` siblings) into Participants,
  each named by its phrase (:func:`np_span`).

Statuses (negation, modality, governing verbs) are read in :mod:`.event_status`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Document, Participant, Span

Token = Any  # spacy.tokens.Token; spaCy is not imported here

NOUN_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
SUBJ_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom", "whose"})
#: verbs whose object is the subject of their infinitive complement ("urged X to withdraw")
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "force",
        "order",
        "persuade",
        "allow",
        "permit",
        "tell",
        "invite",
        "encourage",
        "press",
        "pressure",
        "compel",
        "request",
        "authorize",
        "authorise",
        "help",
        "want",
        "expect",
        "instruct",
        "direct",
        "warn",
        "advise",
        "oblige",
        "require",
        "demand",
    }
)
#: people who speak or act for an organisation ("a spokesman for the Taliban")
ROLE_NOUNS = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "leader",
        "commander",
        "chief",
        "head",
        "representative",
        "envoy",
        "minister",
        "member",
        "fighter",
        "officer",
        "secretary",
        "director",
        "negotiator",
        "source",
    }
)
#: nouns for documents: "a report accusing X" is the accusation of whoever issued the report
DOCUMENT_NOUNS = frozenset(
    {
        "report",
        "statement",
        "letter",
        "communique",
        "message",
        "document",
        "study",
        "resolution",
        "declaration",
        "video",
        "post",
        "tweet",
        "note",
        "petition",
        "complaint",
        "lawsuit",
    }
)
#: dependents that end a noun phrase: clauses, appositions, coordination
_NP_STOP = frozenset({"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "prep", "parataxis"})


class ActorIndex:
    """Finds the doc.actors Actor whose mention covers a span.

    Uses the actors stage's ``actor_for_span`` (one definition for every stage); the local
    rule (a mention covering the head token, else the mention inside the phrase nearest the
    head) is the fallback when that module is not importable.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        try:
            from .actors import actor_for_span
        except ImportError:  # the actors stage is optional for this one
            actor_for_span = None
        self._shared = actor_for_span
        self._found: dict[Span, str | None] = {}  # span -> actor id: lookups repeat per event
        self._mentions: list[tuple[Span, str]] = sorted(
            ((span, actor.id) for actor in doc.actors for span in actor.mentions),
            key=lambda m: (m[0].start, len(m[0])),
        )

    def covering(self, start: int, end: int) -> str | None:
        best: tuple[int, str] | None = None
        for span, actor_id in self._mentions:
            if span.start <= start and end <= span.end and (best is None or len(span) < best[0]):
                best = (len(span), actor_id)
        return best[1] if best else None

    def inside(self, start: int, end: int, anchor: int) -> str | None:
        """The actor with a mention inside [start, end), nearest to the offset ``anchor``."""
        best: tuple[int, str] | None = None
        for span, actor_id in self._mentions:
            if start <= span.start and span.end <= end:
                dist = min(abs(span.start - anchor), abs(span.end - anchor))
                if best is None or dist < best[0]:
                    best = (dist, actor_id)
        return best[1] if best else None

    def antecedent(self, pron: Token, actor_id: str) -> Span | None:
        """The phrase naming a pronoun's actor earlier in its sentence ("the European Commission
        announced that it had suspended aid" -> the European Commission), else None."""
        sent = pron.sent
        lo, hi = sent.start_char, pron.idx
        for span, aid in reversed(self._mentions):
            if aid != actor_id or not (lo <= span.start and span.end <= hi):
                continue
            piece = pron.doc.char_span(span.start, span.end, alignment_mode="expand")
            if piece is None or not len(piece) or piece.root.pos_ == "PRON":
                continue
            root = piece.root
            if root.dep_ == "appos" and _same_party(root.head, root):
                root = root.head  # "the Hungarian Civil Liberties Union (TASZ)", not "TASZ"
            return np_span(root)
        return None

    def lookup(self, head: Token, span: Span) -> str | None:
        if not self._mentions:
            return None
        if self._shared is not None:
            if span not in self._found:
                actor = self._shared(self._doc, span)
                self._found[span] = actor.id if actor is not None else None
            return self._found[span]
        head_start, head_end = head.idx, head.idx + len(head.text)
        return self.covering(head_start, head_end) or self.inside(span.start, span.end, head_start)


def np_span(head: Token, places: bool = True) -> Span:
    """The noun phrase headed by ``head``: its modifiers, without clauses, appositions or conjuncts.

    An "of" phrase stays ("leaders of Romania's government"): the actor is often inside it; so
    does a place after a group noun ("security forces in Guinea") unless ``places`` is False.
    """
    left, right = head.i, head.i
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            keep_pp = child.dep_ == "prep" and (
                child.lower_ == "of"
                or (child.lower_ == "for" and tok.lemma_.lower() in ROLE_NOUNS)
                or (places and _place_pp(tok, child))
            )  # "leaders of X", "a spokesman for the Taliban", "security forces in Guinea"
            if child.dep_ == "appos" and _same_party(tok, child) and not _list_member(tok, child):
                keep_pp = True  # "Vladimir Putin, the Russian president", "the WFP (WFP)"
            if child.dep_ in _NP_STOP and not keep_pp:
                continue
            if child.dep_ in {"advmod", "npadvmod"} and child.i > tok.i:
                continue  # "a depot north of the capital": a location, not part of the name
            left, right = min(left, child.i), max(right, child.i)
            stack.append(child)
    doc = head.doc
    # trim edge punctuation/determiners that dangle after pruning
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    opened = sum(doc[j].text == "(" for j in range(left, right + 1))
    if opened > sum(doc[j].text == ")" for j in range(left, right + 1)):
        if right + 1 < len(doc) and doc[right + 1].text == ")":
            right += 1  # "the World Food Program (WFP)": the bracket closes
    return Span(doc[left].idx, doc[right].idx + len(doc[right].text))


#: entity labels of places: "police in Jericho" names where the police are, as part of the name
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _place_pp(noun: Token, prep: Token) -> bool:
    """An in/at/from phrase naming a place under a common noun ("demonstrators in Baghdad")."""
    if prep.lower_ not in {"in", "at", "from"}:
        return False
    if noun.pos_ != "NOUN" and not (noun.pos_ == "PROPN" and noun.ent_type_ in {"ORG", "NORP"}):
        return False  # "the World Food Program in Afghanistan"; not "Saad Hariri in Washington"
    top = noun
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    if top.dep_ == "pobj" and top.head.dep_ in {"agent", "prep"} and top.head.lower_ == "by":
        return False  # "shot by militants in the courtyard": where it happened, not who
    return any(
        p.dep_ == "pobj" and any(t.ent_type_ in _PLACE_ENTS for t in p.subtree)
        for p in prep.children
    )  # "settlers in the West Bank city of Hebron"


def _same_party(tok: Token, appos: Token) -> bool:
    """Whether an apposition renames the same party: a bracketed short name ("(WFP)"), a name
    right after its title ("the church leader Saboi Jum"), or a person and a role noun phrase
    around a comma ("Vladimir Putin, the Russian president"); not a list or a description
    ("Ghanaians, by far the biggest group")."""
    doc = tok.doc
    lo, hi = sorted((tok.i, appos.i))
    between = doc[appos.left_edge.i - 1] if appos.left_edge.i > 0 else None
    if between is not None and between.text in {"(", "["}:
        return True
    if any(doc[j].lower_ in {"and", "or", ";"} for j in range(lo, hi)):
        return False
    gap = range(min(tok.i, appos.left_edge.i), appos.left_edge.i)
    if not any(doc[j].is_punct and doc[j].tag_ != "HYPH" for j in gap):
        return True
    person = [t for t in (tok, appos) if t.ent_type_ == "PERSON" or _personal_name(t)]
    titled = [t for t in (tok, appos) if t.lemma_.lower() in ROLE_NOUNS | _TITLES]
    if titled and any(_multiword_name(t) for t in (tok, appos) if t is not titled[0]):
        return True  # "Kenzo Oshima, the United Nations Emergency Relief Coordinator"
    role = [
        t for t in (tok, appos)
        if t.lemma_.lower() in ROLE_NOUNS | _TITLES or (t.pos_ == "NOUN" and t.ent_type_ == "")
    ]  # "Thomas Shannon, U.S. undersecretary of state", "Sidhoum, Algeria's leading activist"
    return bool(person) and bool(role) and any(p is not r for p in person for r in role)


def _multiword_name(tok: Token) -> bool:
    """A proper name of two or more words (whatever entity label the tagger gave it)."""
    return tok.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children
    )


def _personal_name(tok: Token) -> bool:
    """A proper name of two or more words that is no place, people or date ("Kenzo Oshima")."""
    if tok.pos_ != "PROPN" or tok.ent_type_ in {"GPE", "NORP", "LOC", "FAC", "DATE", "ORG"}:
        return False
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children)


#: titles that name a person by office ("the Russian president")
_TITLES = frozenset(
    {
        "president", "premier", "chancellor", "king", "queen", "prince", "ambassador",
        "governor", "mayor", "general", "counterpart", "coordinator", "chairman", "chair",
        "founder", "ceo", "emir", "sheikh", "senator", "lawmaker", "deputy", "vice",
    }
)


def expand_conj(head: Token) -> list[Token]:
    """The head and its coordinated siblings ("the US and Israel" -> [US, Israel])."""
    out = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            member = child.dep_ == "conj" or (child.dep_ == "appos" and _list_member(tok, child))
            if member and child.pos_ in NOUN_POS and child not in out:
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _list_member(tok: Token, appos: Token) -> bool:
    """An apposition that is an item of a list: "Mordor, the Shire, Fornost and Bree", "Evil
    Mordor, the awful Fornost, and good Gondor" (the parser's appos before the conjuncts)."""
    if any(c.dep_ == "conj" for c in appos.children):
        return True
    return any(c.dep_ == "conj" and c.i > appos.i for c in tok.children) and any(
        c.dep_ == "cc" and c.i > appos.i for c in tok.children
    )


def participants(
    heads: Iterable[Token], doc: Document, index: ActorIndex, wide: dict[int, Token] | None = None
) -> tuple[Participant, ...]:
    """Participants for argument heads (each expanded over conj), in text order, no repeats.

    ``wide`` maps a party token to the phrase that names it as the argument ("the offices of
    the administrators"): the evidence span is that phrase, the actor the party's.
    """
    seen: set[int] = set()
    out: list[Participant] = []
    for head in heads:
        for tok in expand_conj(head):
            if tok.i in seen or tok.lower_ in RELATIVE_WORDS:
                continue
            seen.add(tok.i)
            span = np_span(tok)
            actor_id = index.lookup(tok, span)
            if wide and tok.i in wide:  # the phrase naming the party (through it, if inside)
                thing = wide[tok.i]
                outer = np_span(thing)
                if tok.dep_ == "poss" and tok.head.i == thing.i:
                    # "Serbia's suppression (of the unrest)": the possessor and its noun
                    outer = Span(outer.start, thing.idx + len(thing.text))
                inside = wide[tok.i].sent.start <= tok.i < wide[tok.i].sent.end
                if inside:
                    outer = Span(min(outer.start, span.start), max(outer.end, span.end))
                span = outer
            if tok.pos_ == "PRON" and actor_id is not None:
                span = index.antecedent(tok, actor_id) or span  # "X announced that it had ..."
            if actor_id is None:
                for holder in _holders(tok):  # "a position held by a PMF group" -> the group
                    actor_id = index.lookup(holder, np_span(holder))
                    if actor_id:
                        break
            out.append(Participant(actor_id, span, doc.text[span.start : span.end]))
    return tuple(out)


def _holders(tok: Token) -> list[Token]:
    """Who holds or runs a place named as an argument ("held/run/used/controlled by X"), or
    the organisation people belong to ("workers affiliated with the Serbian Workers' Union")."""
    return [
        p
        for acl in tok.children
        if acl.dep_ == "acl"
        for agent in acl.children
        if agent.dep_ == "agent"
        or (agent.dep_ == "prep" and agent.lower_ == "by")
        or (agent.dep_ == "prep" and acl.lemma_.lower() in _AFFILIATIONS)
        for p in agent.children
        if p.dep_ == "pobj"
    ]


#: participles that tie people to an organisation ("workers affiliated with the union")
_AFFILIATIONS = frozenset({"affiliate", "link", "belong", "ally", "attach"})


def is_passive(verb: Token) -> bool:
    """Passive voice: a passive subject or auxiliary, a participle modifying a noun, or a
    participle clause with its "by" agent ("Rebuked by Eriador, Osgiliath ...")."""
    if any(c.dep_ in PASS_SUBJ_DEPS or c.dep_ == "auxpass" for c in verb.children):
        return True
    if verb.tag_ != "VBN":
        return False
    return verb.dep_ in {"acl", "amod"} or (
        verb.dep_ == "advcl" and any(c.dep_ == "agent" for c in verb.children)
    )


#: verbs whose bare complement is their subject's own act ("Egypt let free X")
_CAUSATIVES = frozenset({"let", "make", "have", "help"})


def _named(tok: Token) -> bool:
    """A word the parser mis-tagged but the entity recogniser names ("USAID" as an adjective)."""
    return tok.ent_type_ in {"ORG", "GPE", "NORP", "PERSON"}


def _resolve_relative(tok: Token, verb: Token) -> Token:
    """A relative pronoun subject ("the militia that attacked") stands for the noun modified."""
    if tok.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
        head = verb.head
        if head.lemma_.lower() in {"responsibility", "credit", "blame"}:
            # "claimed responsibility for a car bomb ... that killed eight": the bomb killed
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "for"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    return obj
        return head
    return tok


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The acting argument heads of a verb: nsubj, passive agent, or inherited from a governor."""
    if depth > 4:
        return []
    if is_passive(verb):
        agents = [
            p
            for c in verb.children
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return agents
    kids = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if not kids:  # "the UK and France have opposed": the subject hung on the auxiliary
        auxes = [a for a in verb.children if a.dep_ == "aux"]
        kids = [s for a in auxes for s in a.children if s.dep_ in SUBJ_DEPS]
    found = [_resolve_relative(c, verb) for c in kids]
    found = [t for t in found if t.dep_ != "expl" and (t.pos_ in NOUN_POS or _named(t))]
    if found:
        return found
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" and head.pos_ not in {"VERB", "AUX"}:
        # "the government rejects and condemns X" with "rejects" tagged a noun
        shared = [c for c in head.children if c.dep_ in SUBJ_DEPS and c.pos_ in NOUN_POS]
        if shared:
            return shared
    if verb.dep_ == "ccomp" and head.lemma_.lower() in _CAUSATIVES:
        return subjects(head, depth + 1)  # "Egypt let free X": Egypt frees X
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in {"acomp", "amod"}:
        return subjects(head.head, depth + 1)  # "they are willing to forgive"
    if verb.dep_ == "xcomp" and is_passive(head):
        # "Israel is known to have struck": the raised subject of the passive acts
        raised = [c for c in head.children if c.dep_ in PASS_SUBJ_DEPS]
        if raised:
            return raised
    if verb.dep_ == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in {"dobj", "dative"}]
            if objs:
                return objs
        return subjects(head, depth + 1)
    if verb.dep_ in {"conj", "advcl"} and head.pos_ in {"VERB", "AUX"}:
        return subjects(head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in NOUN_POS and verb.tag_ == "VBG":
        if (
            head.lemma_.lower() in DOCUMENT_NOUNS
            and head.head.pos_ == "VERB"
            and head.dep_ == "dobj"
        ):
            issuers = subjects(head.head, depth + 1)  # "Amnesty put out a report accusing X"
            if issuers:
                return issuers
        return [head]  # "militants attacking the base"
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "pcomp":
        gov = head.head
        while gov.pos_ not in {"VERB", "AUX"} and gov.head.i != gov.i:
            gov = gov.head  # "expressed pessimism over holding talks": up to the verb
        if gov.pos_ not in {"VERB", "AUX"}:
            return []
        if gov.lemma_.lower() in {"accuse", "charge", "suspect", "blame", "convict"}:
            return [c for c in gov.children if c.dep_ in {"dobj", "nsubjpass"}]
        return subjects(gov, depth + 1)
    return []


def objects(verb: Token) -> list[Token]:
    """Patient heads of a verb: passive subject, direct object, dative, or the noun a passive acl modifies."""
    if is_passive(verb):
        found = [c for c in verb.children if c.dep_ in PASS_SUBJ_DEPS]
        if not found and verb.dep_ in {"acl", "amod"} and verb.head.pos_ in NOUN_POS:
            found = [verb.head]
        if not found and verb.dep_ == "advcl":  # "Rebuked by X, Y ...": Y was rebuked
            found = [c for c in verb.head.children if c.dep_ in SUBJ_DEPS | PASS_SUBJ_DEPS]
        return found
    return [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.pos_ in NOUN_POS]


def prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ("attack on X", "fired at X")."""
    out = []
    for c in tok.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ in preps:
            found = [p for p in c.children if p.dep_ == "pobj" and p.pos_ in NOUN_POS]
            out.extend(found or _stranded_object(c))
    return out


def _stranded_object(prep: Token) -> list[Token]:
    """The object the parser made the subject of a following clause: "granted asylum to five
    officers holed up in a residence" (officers as the subject of "holed")."""
    if any(True for _ in prep.children) or prep.i + 1 >= len(prep.doc):
        return []
    start = prep.doc[prep.i + 1]
    for tok in prep.doc[prep.i + 1 : min(prep.i + 8, len(prep.doc))]:
        if (
            tok.dep_ in {"nsubj", "nsubjpass"}
            and tok.pos_ in NOUN_POS
            and tok.left_edge.i == start.i
            and tok.head.head.i == prep.head.i
            and tok.head.dep_ in {"advcl", "ccomp", "conj", "acl"}
        ):
            return [tok]
    return []


def find_prep_objects(tokens: Sequence[Token], preps: frozenset[str]) -> list[Token]:
    """Prep objects under any of ``tokens`` (misattached PPs: "blamed explosions at bases on X")."""
    out: list[Token] = []
    for t in tokens:
        for sub in t.subtree:
            if sub.dep_ == "prep" and sub.lower_ in preps:
                out.extend(p for p in sub.children if p.dep_ == "pobj" and p.pos_ in NOUN_POS)
    return out
