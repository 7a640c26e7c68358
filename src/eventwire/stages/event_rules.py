"""Rule tables and helpers of event detection: the candidate record, verb filters, word choice,
nominal owners, ASSAULT modes, merging, the "X must ..." request rule, verb-phrase matching and
the intent helpers (which word states an intention, its CAMEO code).

Used by :mod:`.events`; nothing here loads a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Participant
from .event_lexicon import LexEntry, Lexicon, Phrase
from .event_roles import NOUN_POS, prep_objects, subjects

Token = Any

#: prepositions whose objects are recipients, per type (an entry's recipient_preps overrides)
TYPE_PREPS: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"on", "against", "at", "upon"}),
    "COERCE": frozenset({"against", "on", "from"}),
    "MOBILIZE": frozenset({"against", "to"}),
    "SANCTION": frozenset({"against", "on", "with", "from", "to"}),
    "PROTEST": frozenset({"against"}),
    "THREATEN": frozenset({"against", "with"}),
    "ACCUSE": frozenset({"against", "at", "with", "into"}),  # "an investigation into X"
    "REJECT": frozenset({"on", "to"}),  # "reneged on its commitment to X", "refused entry to X"
    "REQUEST": frozenset({"from", "of", "on", "upon"}),
    "AGREE": frozenset({"with", "to", "between"}),
    "CONSULT": frozenset({"with", "to", "between"}),  # "a meeting between X and Y"
    "SUPPORT": frozenset({"for", "with"}),
    "COOPERATE": frozenset({"with", "to", "between"}),
    "AID": frozenset({"to", "for"}),
    "RETREAT": frozenset({"from", "to", "with"}),
    "CONCEDE": frozenset({"to"}),
}
#: nominalisations whose "of" object is the one acted on ("the killing of X", "release of X")
PATIENT_OF_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "SANCTION"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"})
FORCEFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
VERBAL = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})
NON_EVENT_COMPLEMENTS = frozenset(
    {
        "comment",
        "elaborate",
        "confirm",
        "speculate",
        "say",
        "disclose",
        "name",
        "identify",
        "reveal",
        "specify",
        "discuss",
        "answer",
        "respond",
        "give",
        "provide",
        "detail",
    }
)
MILITARY_WORDS = frozenset(
    {
        "military",
        "retaliatory",
        "israeli",
        "american",
        "russian",
        "targeted",
        "precision",
        "surgical",
        "coalition",
        "preemptive",
        "pre-emptive",
        "punitive",
        "us",
        "u.s.",
    }
)
#: nouns of a phrase that are themselves the recipients ("expelled the inspectors")
PERSON_OBJECTS = frozenset(
    {
        "diplomat",
        "ambassador",
        "envoy",
        "attache",
        "inspector",
        "observer",
        "peacekeeper",
        "staff",
        "worker",
        "monitor",
        "prisoner",
        "hostage",
        "detainee",
        "suspect",
        "protester",
        "demonstrator",
        "crowd",
        "journalist",
        "official",
        "captive",
        "agency",
        "ngo",
        "mission",
    }
)
ENTITY_LABELS = frozenset({"NORP", "GPE", "ORG", "PERSON", "FAC", "LOC"})
#: nouns naming people beyond crowds and PERSON_OBJECTS ("released the leader")
PEOPLE_NOUNS = frozenset(
    {
        "person", "people", "child", "national", "leader", "opponent", "dissident",
        "politician", "soldier", "fighter", "rebel", "militant", "insurgent", "sailor",
        "pilot", "crew", "passenger", "foreigner", "migrant", "immigrant", "asylum-seeker",
        "family", "relative", "group", "party", "opposition", "organization",
        "organisation", "minister", "president", "delegation", "team", "reporter",
        "blogger", "lawyer", "priest", "monk", "cleric", "colonel", "general", "commander",
        "captain", "chief", "boy", "girl", "victim", "individual", "resident", "troop",
        "convict", "inmate", "abductee", "kidnappee", "hostage-taker", "wife", "son",
        "daughter", "husband", "mother", "father", "brother", "sister", "guard",
        "follower", "candidate", "lawmaker", "legislator", "senator", "deputy", "mp",
        "student", "fisherman", "seafarer", "tourist", "citizen", "employee", "member",
        "activist", "protester", "opposition", "figure", "supporter", "defendant",
        # things held and released like people: ships, planes, bodies
        "ship", "vessel", "tanker", "boat", "trawler", "plane", "aircraft", "helicopter",
        "body", "remains",
        "counterpart", "colleague", "ally", "partner", "friend", "peer", "premier",
        "chancellor", "king", "queen", "prince", "emir", "sheikh", "pope", "secretary",
        "spokesman", "spokeswoman", "governor", "mayor", "ambassador", "head",
    }
)
_NON_PEOPLE_PRONOUNS = frozenset({"it", "this", "that", "which", "what", "these", "those"})


def is_people(tok: Token, lex: Lexicon) -> bool:
    """Whether a noun phrase head names people (a person, a group, a number of people)."""
    lemma = tok.lemma_.lower()
    if tok.ent_type_ in {"PERSON", "NORP", "ORG", "GPE"}:
        return True
    if tok.pos_ == "PROPN":
        return True  # a name the tagger left untyped ("let free Mohamed Soltan")
    if tok.pos_ == "PRON":
        return tok.lower_ not in _NON_PEOPLE_PRONOUNS
    if tok.like_num or tok.ent_type_ == "CARDINAL" or any(c.dep_ == "nummod" for c in tok.children):
        return True  # "released 50", "freed two ex-ministers": counted ones are mostly people
    lemma = lemma.removeprefix("ex-").removeprefix("former-")
    return lemma in PEOPLE_NOUNS or lemma in PERSON_OBJECTS or lemma in lex.crowd_nouns


@dataclass
class Cand:
    """A trigger found in a sentence, with the tokens of its roles, before it becomes an Event."""

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
    actor_parts: tuple[Participant, ...] = ()  # filled when roles are resolved
    recipient_parts: tuple[Participant, ...] = ()


def absorb(cands: list[Cand]) -> list[Cand]:
    """Merge an event into a same-type event whose trigger is its argument.

    "Another explosion sent rockets, killing one": the killing's actor is the explosion, so
    the victims belong to the explosion event; "an explosion caused by a drone attack" likewise.
    A verb whose same-type noun says how it happened is one event with it: "two brothers were
    killed in police firing" (the trigger spans both words, so the count stays with it).
    """
    heads = {c.head.i: c for c in cands if not c.derived}
    gone: set[int] = set()  # merged away: never a target (no event merges into its argument)
    for c in cands:
        verb = heads.get(c.anchor.i) if c.nominal and not c.derived else None
        if verb is None or verb is c or verb.type != c.type or id(verb) in gone:
            continue
        if not _through_prep(c.head, verb.head):
            continue  # "attacks ... have killed": the noun is the verb's subject, merged below
        gone.add(id(verb))
        c.tokens = sorted([*verb.tokens, *c.tokens], key=lambda t: t.i)
        c.actors = c.actors or verb.actors
        c.recipients = verb.recipients + [t for t in c.recipients if t not in verb.recipients]
        c.modes = verb.modes + [m for m in c.modes if m not in verb.modes]
    out: list[Cand] = []
    for c in cands:
        if id(c) in gone:
            continue
        target = None
        for tok in (*c.actors, *c.recipients):
            other = heads.get(tok.i)
            if other not in (None, c) and other.type == c.type and id(other) not in gone:
                target = other
                break
        if target is None:
            out.append(c)
            continue
        gone.add(id(c))
        target.recipients += [
            t for t in c.recipients if t.i != target.head.i and t not in target.recipients
        ]
        target.modes += [m for m in c.modes if m not in target.modes]
        target.tokens = list(target.tokens)  # keep the noun as trigger
    return out


def _through_prep(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` hangs from ``verb`` through a preposition ("killed in police firing")."""
    for anc in tok.ancestors:
        if anc.i == verb.i:
            return False
        if anc.dep_ in {"prep", "agent"}:
            return True
    return False


def pkey(p: Participant) -> str:
    return p.actor_id or p.text.lower()


def strength(c: Cand, ak: frozenset[str], rk: frozenset[str]) -> float:
    return c.entry.weight + 0.3 * len(ak) + 0.2 * len(rk) - 0.2 * c.nominal - 0.1 * bool(c.derived)


#: Vowed deeds the lexicon has no event for that still make a vow a threat.
HOSTILE_VOWS = frozenset("avenge punish crush eliminate wipe retaliate hunt annihilate".split())
#: "his country's position", "its own policy": what the actor's own side holds.
POSITION_NOUNS = frozenset("position policy stance line doctrine practice approach".split())
OWN_SIDE_NOUNS = frozenset("country nation government administration party state".split())


def own_position(obj: Token) -> bool:
    """A position of the subject's own side: "his country's position", "its own policy"."""
    if obj.lemma_.lower() not in POSITION_NOUNS:
        return False
    return any(
        c.lower_ == "own"
        or c.dep_ == "poss" and c.lemma_.lower() in OWN_SIDE_NOUNS
        and any(g.dep_ == "poss" and g.pos_ == "PRON" for g in c.children)
        for c in obj.children
    )


def expresses_accord(agree: Token) -> bool:
    """"agree with X (that ...)": sharing a view, not agreeing to do something. An agreement
    to act has its act ("agreed to", "agreed on", a that-clause with a modal) or its terms."""
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in agree.children):
        return False
    for c in agree.children:
        if c.dep_ in {"xcomp", "dobj"} or (c.dep_ == "prep" and c.lower_ in {"on", "upon", "to"}):
            return False
        if c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.lower_ in {"will", "would", "shall"} for a in c.children
        ):
            return False  # "agreed with Kabul that talks would resume"
    return True


def object_heads(verb: Token) -> list[Token]:
    """What a verb acts on: its object or passive subject; also the subject of a clause the parser
    hung under it ("discovered a large amount of ammunition believed to ...") and the noun a
    participle modifies ("a stash of projectiles ... found west of Mosul")."""
    objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    objs += [s for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        objs.append(verb.head)
    return objs


def object_among(verb: Token, words: frozenset[str]) -> bool:
    """Whether the verb's object (active or passive), or a noun under it, is one of ``words``:
    "defused 83 explosives", "dozens of heavy machine guns ... destroyed", "caches were found"."""
    places = "<place>" in words  # a named place counts ("took Mosul"); "<party>" a named party
    for obj in object_heads(verb):
        if any((t.lemma_.lower() in words or t.lower_ in words) and t.pos_ in NOUN_POS
               for t in obj.subtree):
            return True
        if places and obj.ent_type_ in {"GPE", "LOC", "FAC"}:
            return True
        if "<party>" in words and obj.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"}:
            return True
    return False


#: Words of a blast or fire, whose source may make it an accident.
BLAST_WORDS = frozenset({"explode", "explosion", "blast", "fire", "blaze", "burst", "leak"})


def accidental(tok: Token, lex: Lexicon) -> bool:
    """A blast or fire whose source is a thing that blows up by accident: "a gas cylinder
    exploded", "a boiler explosion", "the fireworks warehouse exploded"."""
    heads = [c for c in tok.children if c.dep_ in {"nsubj", "compound", "amod"}]
    if tok.pos_ in NOUN_POS and tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "explode":
        heads.append(tok)
    for h in heads:
        words = {h.lemma_.lower(), h.lower_} | {
            c.lemma_.lower() for c in h.children if c.dep_ in {"compound", "amod", "nmod"}
        }
        if words & lex.accident_sources:
            return True
    return False


def disposed(noun: Token, lex: Lexicon) -> bool:
    """A weapon noun that a disposal verb takes out of use ("defused 83 explosives", "IEDs were
    found and cleared"): no attack, the verb's own event is the one."""
    if noun.lemma_.lower() not in lex.weapon_nouns and noun.lower_ not in lex.weapon_nouns:
        return False
    h = noun
    while h.dep_ in {"conj", "appos", "pobj", "prep", "compound"} and h.head.i != h.i:
        h = h.head
        if h.pos_ in {"VERB", "AUX"}:
            break
    verb = h if h.pos_ in {"VERB", "AUX"} else h.head
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return any(v.lemma_.lower() in lex.disposal_verbs for v in verbs)


def verb_allowed(tok: Token, entry: LexEntry, lex: Lexicon) -> bool:
    objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if entry.needs_object and not (object_heads(tok) if entry.objects else objs):
        return False
    if entry.objects and not object_among(tok, entry.objects):
        return False
    if entry.not_objects and any(o.lemma_.lower() in entry.not_objects for o in objs):
        return False
    if entry.people_object:
        # "allowed elections to take place": the clause's subject stands as the object;
        # "hostages freed on Monday": the participle's noun
        cands = objs + [
            s for c in tok.children if c.dep_ in {"ccomp", "xcomp"}
            for s in c.children if s.dep_ == "nsubj"
        ]
        if tok.dep_ == "acl":
            cands.append(tok.head)
        if tok.dep_ in {"ccomp", "xcomp"}:  # "let him free": the small clause's subject
            cands += [c for c in tok.children if c.dep_ == "nsubj"]
        if any(c.dep_ == "oprd" for c in tok.children):
            return False  # "called him a traitor" names, it does not phone
        if cands and not any(is_people(o, lex) for o in cands):
            return False  # "released a report", "allowed drones to enter": not a concession
    if entry.not_subjects:
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if any(c.lemma_.lower() in entry.not_subjects for c in subj):
            return False  # "troops arrived" is not a visit
    if entry.subjects:
        subj = [c for c in tok.children if c.dep_ in {"nsubj"}]
        words = {t.lemma_.lower() for s in subj for t in s.subtree}
        if not words & entry.subjects:
            return False
    if entry.type == "ASSAULT" and accidental(tok, lex):
        return False  # "a cooking gas container exploded": an accident
    if (
        tok.lemma_.lower() == "burn"
        and not objs
        and any(c.dep_ == "nsubj" for c in tok.children)
        and not any(c.dep_ in {"auxpass", "nsubjpass"} or c.lower_ == "alive" for c in tok.children)
    ):
        return False  # "plants burned in the fire": what burned, not who burned it
    if entry.type == "ASSAULT":
        # "killed in a car crash", "the earthquake killed", "killed when a fireworks warehouse
        # exploded": not an attack
        near = [*tok.children, *(c for c in tok.children if c.dep_ == "conj" for c in c.children)]
        if tok.dep_ == "conj":  # "were killed and injured when ... exploded": one clause for both
            near += list(tok.head.children)
        near += [t for t in tok.subtree if t.dep_ == "advcl" and t is not tok]
        up = tok
        while up.dep_ in {"conj", "acl", "advcl", "xcomp"} and up.head.i != up.i:
            up = up.head  # "exploded ..., injuring forty": the clause it hangs from
            if up.lemma_.lower() in BLAST_WORDS and accidental(up, lex):
                return False
            near += [c for c in up.children if c.dep_ == "advcl" and c is not tok]
        for sub in near:
            if sub.dep_ in {"nsubj", "prep", "agent", "advcl"}:
                words = {t.lemma_.lower() for t in sub.subtree}
                if words & lex.accident_nouns:
                    return False
                if any(t.lemma_.lower() in BLAST_WORDS and accidental(t, lex) for t in sub.subtree):
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
    if entry.id == "agree.agree" and tok.lemma_.lower() == "agree" and expresses_accord(tok):
        return False  # "said they agree with the recommendation": accord voiced (CAMEO 019)
    if entry.type == "REJECT" and any(own_position(o) for o in objs):
        return False  # "rejected his country's traditional position": a change of course
    if entry.intent and entry.type == "THREATEN" and any(
        c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}
        and c.lemma_.lower() not in HOSTILE_VOWS
        for c in tok.children
    ):
        # "vowed to defend / to rebuild": a promise; a forceful event in the complement makes
        # its own THREATEN on this verb ("vowed to strike back")
        return False
    if tok.lemma_.lower() == "demonstrate" and any(
        c.dep_ in {"ccomp", "dobj"} for c in tok.children
    ):
        return False  # "demonstrated that...", "demonstrated resolve"
    return True


def choose(entries: tuple[LexEntry, ...], tok: Token, lex: Lexicon) -> LexEntry:
    """Pick among entries sharing a word; "protest" by a crowd is a demonstration, by a state a complaint."""
    if len(entries) == 1:
        return entries[0]
    restricted = [e for e in entries if e.objects]
    if restricted:  # "destroyed the weapons" disrupts their use, "destroyed houses" is an attack
        fit = next((e for e in restricted if object_among(tok, e.objects)), None)
        if fit is not None:
            return fit
        entries = tuple(e for e in entries if not e.objects) or entries
        if len(entries) == 1:
            return entries[0]
    types = {e.type for e in entries}
    if {"PROTEST", "ASSAULT"} <= types:  # "strike": air strike or labour strike
        assault = next(e for e in entries if e.type == "ASSAULT")
        protest = next(e for e in entries if e.type == "PROTEST")
        near = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "conj"}]
        if tok.dep_ == "conj":
            near += [tok.head, *tok.head.children]
        if any(
            c.lemma_.lower() in lex.mode_cues or c.lemma_.lower() in MILITARY_WORDS for c in near
        ) or prep_objects(tok, frozenset({"on", "against"})):
            return assault
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in {"carry", "conduct", "execute", "mount"}:
            return assault  # "carried out strikes in Gaza": workers stage or go on a strike
        return protest
    if {"PROTEST", "ACCUSE"} <= types:
        subj = [c for c in tok.children if c.dep_ == "nsubj"] if tok.pos_ == "VERB" else []
        if not subj and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        accuse = next(e for e in entries if e.type == "ACCUSE")
        protest = next(e for e in entries if e.type == "PROTEST")
        if tok.pos_ == "VERB" and (
            any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ == "parataxis"
        ):
            return accuse  # "..., a rights group protested": a verbal complaint
        for s in subj:
            if s.lemma_.lower() in lex.crowd_nouns or any(c.dep_ == "nummod" for c in s.children):
                return protest
            if s.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} or s.pos_ == "PROPN":
                return accuse
        return protest
    return entries[0]


def owners(h: Token) -> list[Token]:
    """Who a nominal event belongs to: possessor, "by" agent, or an entity modifier ("Israeli strike")."""
    out = [c for c in h.children if c.dep_ == "poss" and c.pos_ in NOUN_POS]
    out += [
        p
        for c in h.children
        if c.dep_ in {"prep", "agent"} and c.lower_ == "by"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    out += [
        c
        for c in h.children
        if (c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ in ENTITY_LABELS)
        or (c.dep_ in {"compound", "nmod"} and c.lemma_.lower() in AGENT_NOUNS)
    ]
    return out


#: nouns that, modifying an event noun, name its agent ("police firing", "army shelling")
AGENT_NOUNS = frozenset(
    {
        "police", "army", "troop", "soldier", "security", "militant", "rebel", "insurgent",
        "guerrilla", "militia", "mob", "paramilitary", "commando", "gunman", "navy",
        "policeman", "cop", "jihadist", "separatist", "maoist",
    }
)


def by_agent(h: Token) -> bool:
    return any(c.dep_ in {"prep", "agent"} and c.lower_ == "by" for c in h.children) or any(
        c.dep_ == "poss" and c.lower_ not in {"its", "their", "his", "her", "our", "my", "your"}
        for c in h.children
    )


def assault_modes(c: Cand, lex: Lexicon) -> list[str]:
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
        elif t.dep_ in {"advcl", "xcomp"} and t.lemma_.lower() in {"use", "employ", "fire"}:
            # "attacked government forces using anti-aircraft guns and mortars"
            pool.extend(x for o in t.children if o.dep_ == "dobj" for x in o.subtree)
    if c.nominal and c.anchor is not c.head and c.anchor.lemma_.lower() in {"use", "employ"}:
        # "used sulfur mustard in an attack": what was used is the means
        pool.extend(x for o in c.anchor.children if o.dep_ == "dobj" for x in o.subtree)
    for t in pool:
        if t.dep_ in {"prep", "det", "punct"} or (c.entry.mode and t in c.tokens):
            continue  # "bombed" under an aerial entry is not also an explosives cue
        mode = lex.mode_cues.get(t.lemma_.lower()) or lex.mode_cues.get(t.lower_)
        if mode and mode not in modes:
            modes.append(mode)
    if "suicide-attack" in modes and "explosives" in modes:
        modes.remove("explosives")
    if "drone" in modes and "aerial" in modes:
        modes.remove("aerial")
    return modes


def must_requests(sent: Any, lex: Lexicon, by_head: dict[int, Cand]) -> list[Cand]:
    """'X said Y must withdraw' is a REQUEST by X to Y (PLOVER codes demands made in speech)."""
    out: list[Cand] = []
    for tok in sent:
        if tok.dep_ != "aux" or tok.lower_ not in {"must", "should"}:
            continue
        verb = tok.head
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in lex.speech_verbs | {
            "reiterate",
            "demand",
            "insist",
        }:
            continue
        speech = verb.head
        if speech.i in by_head:
            continue
        speakers = subjects(speech)
        targets = [
            c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in NOUN_POS
        ]
        if not speakers or not targets:
            continue
        if {s.lower_ for s in speakers} & {t.lower_ for t in targets} or targets[0].pos_ == "PRON":
            continue
        entry = LexEntry(id="request.must", type="REQUEST", cameo="100", weight=0.7)
        c = Cand(
            entry,
            "REQUEST",
            [tok],
            tok,
            speech,
            actors=speakers,
            recipients=targets,
            derived="request.must",
        )
        c.cameo = "100"
        out.append(c)
        by_head[tok.i] = c
    return out


# --- trigger helpers --------------------------------------------------------------------
def phrase_pool(verb: Token) -> list[tuple[Token, str, str]]:
    """The dependents a verb phrase may take its words from, in match order, with each one's
    lower-cased lemma and lower form (made once per verb, shared by all its phrases)."""
    pool: list[Token] = []
    frontier = [
        (c, 1)
        for c in verb.children
        if c.dep_ not in {"nsubj", "csubj", "conj", "advcl", "ccomp", "punct", "cc"}
        or (c.dep_ == "ccomp" and c.pos_ == "ADJ")
    ]  # "hold them accountable"
    frontier += [
        (m, 3)
        for c in verb.children
        if c.dep_ == "advcl"
        for m in c.children
        if m.dep_ == "mark" and m.lower_ == "for"
    ]  # "pushed for the law to be revised": the for-to clause's "for"
    while frontier:
        tok, depth = frontier.pop()
        pool.append(tok)
        if depth < 3:
            frontier.extend((c, depth + 1) for c in tok.children if c.dep_ not in {"relcl", "acl"})
    return [
        (t, t.lemma_.lower(), t.lower_)
        for t in sorted(pool, key=lambda t: (t.dep_ in {"compound", "amod"}, t.i))
        if t.i > verb.i or t.dep_ == "nsubjpass"
    ]


def match_phrase(
    verb: Token, phrase: Phrase, pool: list[tuple[Token, str, str]] | None = None
) -> list[Token] | None:
    """The dependent tokens that complete a verb phrase, or None if it does not match."""
    if pool is None:
        pool = phrase_pool(verb)
    matched: list[Token] = []
    for n, alts in enumerate(phrase.rest):
        hit = next(
            (t for t, lem, low in pool if (lem in alts or low in alts) and t not in matched),
            None,
        )
        if hit is None:
            return None
        if (
            alts <= PARTICLES
            and n == len(phrase.rest) - 1
            and hit.dep_ != "prt"
            and (hit.head.i != verb.i or any(c.dep_ == "pobj" for c in hit.children))
        ):
            return None  # "gave an address in Rome" is not "give in"
        if len(phrase.rest) == 1 and hit.dep_ == "prep" and hit.lower_ in PREPOSITIONS:
            # "called Aoun on Tuesday" is a phone call, not "call on": a prepositional verb
            # takes no direct object, and its object is no date
            if any(c.dep_ == "dobj" for c in verb.children) or any(
                c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in hit.children
            ):
                return None
        matched.append(hit)
    return matched


#: prepositions of prepositional verbs ("call on X", "push for X"), never separable particles
PREPOSITIONS = frozenset({"on", "upon", "for", "to", "with", "at", "into", "against", "from"})
#: words that complete a phrasal verb as its particle ("give in", "back down", "pull out")
PARTICLES = frozenset({"in", "up", "down", "out", "off", "back", "over", "away", "on"})


def is_protest_word(tok: Token, lex: Lexicon) -> bool:
    entries = lex.nouns.get((tok.lemma_.lower(),), ()) + lex.verbs.get(tok.lemma_.lower(), ())
    return any(e.type == "PROTEST" for e in entries)


def intent_governor(anchor: Token, lex: Lexicon) -> Token | None:
    """The verb or adjective stating the intention ("vowed", "plans", "ready") above an event."""
    cur = anchor
    for _ in range(3):
        if cur.dep_ not in {"xcomp", "ccomp", "pcomp", "prep", "dobj"} or cur.head.i == cur.i:
            return None
        gov = cur.head
        if gov.pos_ in {"VERB", "AUX", "ADJ"} and gov.lemma_.lower() not in lex.speech_verbs:
            if lex.governor_status.get(
                gov.lemma_.lower()
            ) == "hypothetical" or gov.lemma_.lower() in {"prepare", "set", "poise"}:
                return gov
        if gov.lemma_.lower() in lex.speech_verbs:
            return None
        cur = gov
    return None


def future_aux(anchor: Token, lex: Lexicon) -> Token | None:
    for c in anchor.children:
        if c.dep_ == "aux" and (c.lower_ in lex.modal_future or c.lower_ in {"would", "going"}):
            return c
    return None


def intent_cameo(new_type: str, base_type: str) -> str:
    """CAMEO code of an intent event: AGREE to do X (03x), THREATEN to do X (13x)."""
    if new_type == "AGREE":
        return {
            "CONSULT": "036",
            "AID": "033",
            "COOPERATE": "031",
            "SUPPORT": "032",
            "RETREAT": "035",
            "CONCEDE": "035",
        }.get(base_type, "030")
    return {
        "ASSAULT": "138",
        "COERCE": "132",
        "SANCTION": "131",
        "MOBILIZE": "138",
        "PROTEST": "133",
    }.get(base_type, "130")
