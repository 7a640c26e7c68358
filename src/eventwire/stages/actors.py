"""Actors stage: mentions -> actors with ISO3 country code and PLOVER sector, one per real actor.

``ActorsStage(options)`` requires sentences, mentions and parse and produces ``actors``. Candidates
are dictionary names (countries, demonyms, capitals, organizations, people), spaCy PERSON/ORG/NORP
entities, and generic agent noun phrases ("Iraqi police", "US forces") coded from their
modifiers; :mod:`.actor_countries` codes countries, demonyms and capitals. :mod:`.actor_coref`
then merges them within the article. :func:`actor_for_span` finds the actor of a text span for
the later stages.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence
from typing import Any

from ..config import ActorsOptions
from ..model import Actor, Document, Span
from .actor_coref import GROUP_DESCRIPTIONS, SUBJECT_DEPS, Cand, Coreference, words
from .actor_countries import CountryCoding
from .actor_dictionary import ActorDictionary, Hit, load_dictionary, phrase_last_words
from .token_strings import entities, token_strings

VERSION = "4"

#: Words of an organization's name that give its sector when the dictionary does not know it.
ORG_HEADS: dict[str, str] = {
    **dict.fromkeys(words("union unions federation confederation"), "LAB"),
    **dict.fromkeys(words("court courts tribunal"), "JUD"),
    **dict.fromkeys(words("ministry government council cabinet agency commission"), "GOV"),
    **dict.fromkeys(words("army forces navy guard"), "MIL"),
    **dict.fromkeys(words("brigade brigades front"), "REB"),
    **dict.fromkeys(words("assembly parliament congress senate"), "LEG"),
    **dict.fromkeys(words("bank company corporation"), "BUS"),
    **dict.fromkeys(words("newspaper television radio"), "MED"),
    **dict.fromkeys(words("militia militias"), "PRM"),
    "party": "PTY", "police": "COP", "movement": "OPP", "university": "EDU", "church": "REL",
}
#: Nouns for a group as a whole that a group's name can stand on ("the Hamas movement"): the
#: descriptions coreference reads as a named group ("the group"), and "network".
GROUP_NOUNS = GROUP_DESCRIPTIONS | {"network"}
#: Nouns whose sector comes from an organization that modifies them ("Hamas gunmen").
MEMBER_NOUNS = words(
    "leader leaders official officials spokesman spokeswoman spokesperson fighter fighters member "
    "members commander commanders militant militants gunman gunmen chief supporter supporters "
    "activist activists delegation envoy"
)
SECTOR_MODIFIERS: dict[str, str] = {
    **dict.fromkeys(words("rebel insurgent militant guerrilla separatist jihadist"), "REB"),
    **dict.fromkeys(words("opposition dissident protest"), "OPP"),
    **dict.fromkeys(words("paramilitary militia"), "PRM"),
    "former": "ELI", "ex": "ELI", "civilian": "CVL",
}
#: Weapons are actors as heads ("Israeli drones struck"), not in compounds ("a drone attack").
WEAPONS = words("drone drones warplane warplanes jet jets aircraft tank tanks artillery gunship gunships "
                "helicopter helicopters warship warships")
#: Sectors of the lexicons that PLOVER writes as codes.
CODE_SECTORS = words("NGO IGO")
TITLE_SKIP = words("then late outgoing acting deputy senior junior interim top 's \u2019s -")
FORMER = words("former ex late outgoing")
#: Words a minister's portfolio may put between nationality and title ("Serbian Labour Minister").
PORTFOLIO_TITLES = words("minister secretary chief commander spokesman spokeswoman envoy")
#: Name endings and prepositions that mark a PERSON entity as a mis-tagged place.
PLACE_NOUNS = words("roundabout junction square street road avenue bridge park district province "
                    "village town city camp base airport hospital mosque market")
PLACE_PREPS = words("in at near into inside outside toward towards around across")


class ActorsStage:
    """Finds the actors of a document and codes each with country (ISO3) and PLOVER sector."""

    name = "actors"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "mentions", "parse"})
    produces: frozenset[str] = frozenset({"actors"})

    def __init__(
        self, options: ActorsOptions | None = None, dictionary: ActorDictionary | None = None
    ) -> None:
        self.options = options or ActorsOptions()
        self._dictionary = dictionary

    def open(self) -> None:
        if self._dictionary is None:
            self._dictionary = load_dictionary(self.options.dictionaries)

    def close(self) -> None:
        pass  # the dictionary is plain memory

    @property
    def dictionary(self) -> ActorDictionary:
        self.open()
        assert self._dictionary is not None
        return self._dictionary

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            return dataclasses.replace(doc, actors=())
        return dataclasses.replace(doc, actors=_Resolver(self.dictionary, doc).run())

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        return [self(d) for d in docs]


def actor_for_span(doc: Document, span: Span) -> Actor | None:
    """The actor with a mention containing (else overlapping) ``span``, preferring the tightest.

    When several mentions lie inside a longer span ("United Nations peacekeepers"), the one
    holding the span's syntactic head wins (when the parse is there), else the biggest piece.
    """
    head: Span | None = None
    if doc.parse is not None:
        piece = doc.parse.char_span(span.start, span.end, alignment_mode="expand")
        if piece is not None and len(piece):
            root = piece.root
            head = Span(root.idx, root.idx + len(root))
    best: tuple[int, int, int] | None = None
    found: Actor | None = None
    for actor in doc.actors:
        for m in actor.mentions:
            if m.contains(span):
                score = (0, len(m), 0)
            elif head is not None and m.overlaps(span) and m.contains(head):
                score = (1, len(m), 0)
            elif m.overlaps(span):
                overlap = min(m.end, span.end) - max(m.start, span.start)
                score = (2, -overlap, len(m))
            else:
                continue
            if best is None or score < best:
                best, found = score, actor
    return found


class _Resolver(CountryCoding, Coreference):
    """Finds the candidates of one document, then resolves them (see :class:`Coreference`)."""

    def __init__(self, dictionary: ActorDictionary, doc: Document) -> None:
        self.d = dictionary
        self.sp = doc.parse
        self.text = doc.text
        self.day: _dt.date | None = doc.article.published
        self.cands: list[Cand] = []
        self.claimed: set[int] = set()  # token indices inside some candidate
        self.hits = dictionary.scan(self.text, self.day)
        self.hit_at: dict[int, Hit] = {}  # token index -> the dictionary name covering it
        self.hit_tokens: dict[int, list[int]] = {}
        for n, hit in enumerate(self.hits):
            span = self.sp.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is not None:
                self.hit_tokens[n] = [t.i for t in span]
                for t in span:
                    self.hit_at.setdefault(t.i, hit)
        self.sent_of = {i: k for k, s in enumerate(self.sp.sents) for i in range(s.start, s.end)}
        self.quoted = self._quoted_tokens()
        self._low_words: list[str] | None = None

    def run(self) -> tuple[Actor, ...]:
        self._entries()
        self._people()
        self._agents()
        self._countries()
        self._organizations()
        self._setting_codes()
        self._text_aliases()
        self._acronyms()
        self._surnames()
        self._descriptions()
        self._pronouns()
        return self._build(VERSION)

    # --- helpers --------------------------------------------------------------------------

    def _lows(self) -> list[str]:
        """Every token's text lower-cased (the dictionary's key form), made once per document."""
        if self._low_words is None:
            self._low_words = token_strings(self.sp).lowers
        return self._low_words

    def _quoted_tokens(self) -> set[int]:
        inside: set[int] = set()
        open_quote = False
        for i, text in enumerate(token_strings(self.sp).texts):
            if text in ("\u201c", "\u201d", '"', "``", "''"):
                open_quote = text == "\u201c" or (text not in ("\u201d", "''") and not open_quote)
                continue
            if open_quote:
                inside.add(i)
            if "\n\n" in text:  # (a token's trailing whitespace is at most one space)
                open_quote = False  # an unclosed quote ends with its paragraph
        return inside

    def _add(self, cand: Cand, tokens: Any) -> Cand:
        cand.tokens = set(tokens)
        self.claimed |= cand.tokens
        if cand.tokens:
            head = self.sp[min(cand.tokens) : max(cand.tokens) + 1].root
            cand.head = head.i
            cand.sent = self.sent_of.get(head.i, 0)
            cand.subject = head.dep_ in SUBJECT_DEPS or (
                head.dep_ == "conj" and head.head.dep_ in SUBJECT_DEPS
            )
        self.cands.append(cand)
        return cand

    def _free(self, tokens: Any) -> bool:
        return not any(i in self.claimed for i in tokens)

    def _country_hit(self, i: int) -> Hit | None:
        hit = self.hit_at.get(i)
        return hit if hit is not None and hit.what in ("country", "demonym", "capital") else None

    def _range(self, hit: Hit) -> list[int]:
        span = self.sp.char_span(hit.start, hit.end, alignment_mode="expand")
        return [t.i for t in span] if span is not None else []

    def _tok(self, i: int) -> Any:
        return self.sp[i] if 0 <= i < len(self.sp) else None

    # --- candidates -----------------------------------------------------------------------

    def _entries(self) -> None:
        """Dictionary organizations and people found in the text."""
        persons = [e for e in entities(self.sp) if e.label_ == "PERSON"]
        orgs = [e for e in entities(self.sp) if e.label_ in ("ORG", "FAC")]
        for n, hit in enumerate(self.hits):
            if hit.what != "entry" or n not in self.hit_tokens or hit.entry is None:
                continue
            entry = hit.entry
            if entry.kind == "person" and any(self._other_person(e, hit) for e in persons):
                continue  # "Abbas" inside "Abbas Araghchi" is someone else
            if entry.kind != "person" and any(self._other_name(e, hit) for e in orgs):
                continue  # "Security Council" inside "National Security Council" is another body
            code, sector = entry.coding(self.day)
            cand = Cand(hit.start, hit.end, entry.kind, code, sector, entry.name, ("E", entry.id),
                        entry, entry.affiliation, entry.wikidata, f"dict:{entry.name}", proper=True)
            self._add(cand, self.hit_tokens[n])

    def _other_name(self, ent: Any, hit: Hit) -> bool:
        """An organization's name preceded, inside one entity, by capitalised non-country words."""
        if not (ent.start_char <= hit.start and hit.end <= ent.end_char) or ent.start_char == hit.start:
            return False
        before = [t for t in ent if t.idx < hit.start and t.lower_ != "the"]
        return bool(before) and all(t.text[:1].isupper() for t in before) and not any(
            self._country_hit(t.i) or t.i in self.hit_at for t in before)

    def _other_person(self, ent: Any, hit: Hit) -> bool:
        text = ent.text
        for suffix in ("'s", "\u2019s"):
            text = text.removesuffix(suffix)
        end = ent.start_char + len(text)
        return (ent.start_char <= hit.start and hit.end <= end and end - ent.start_char > len(hit.text)
                and self.d.lookup(text) is None)

    def _title_before(self, first: int) -> tuple[list[int], str | None, str | None, bool, str | None]:
        """Title right before a name: (tokens, sector, code, former, title words)."""
        best: list[int] = []
        sector = title = None
        for size in range(min(self.d.max_agent_words, first), 0, -1):
            rng = range(first - size, first)
            ws = [self.sp[k].text for k in rng]
            found = self.d.title_sector(ws) or self.d.agent_sector(ws)
            if found and self._free(rng) and not any(k in self.hit_at for k in rng):
                best, sector, title = list(rng), found, " ".join(ws).lower()
                break
        if not best:
            return [], None, None, False, None
        k, code, former = best[0] - 1, None, False
        portfolio = 0
        while k >= 0 and k >= best[0] - 5:
            tok = self.sp[k]
            hit = self.hit_at.get(k)
            if hit is not None and (hit.what != "entry" or (hit.entry and hit.entry.kind != "person")):
                code = code or hit.code  # "Iraqi Prime Minister", "Arab League Secretary General"
                if hit.entry is not None and title.split()[-1] in MEMBER_NOUNS:
                    sector = hit.entry.coding(self.day)[1] or sector  # "PMF deputy chief"
                best = [*self._range(hit), *best]
                k = min(best) - 1
                continue
            if tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "NORP", "GPE") and tok.i not in self.claimed:
                best = [k, *best]  # "French National Assembly president"
                k -= 1
                continue
            if tok.lower_ in TITLE_SKIP or tok.lower_ in FORMER:
                former = former or tok.lower_ in FORMER
                best = [k, *best]
                k -= 1
                continue
            if (portfolio < 2 and title.split()[-1] in PORTFOLIO_TITLES and tok.pos_ in ("NOUN", "PROPN", "ADJ")
                    and tok.i not in self.claimed):
                portfolio += 1  # "Serbian Labour Minister", "US Defense Secretary"
                best = [k, *best]
                k -= 1
                continue
            break
        while best and (self.sp[best[0]].lower_ in TITLE_SKIP or self.sp[best[0]].pos_ == "ADJ"
                        and best[0] not in self.hit_at):
            best = best[1:]
        return sorted(set(best)), sector, code, former, title

    def _people(self) -> None:
        """PERSON entities and dictionary people, with the title and nationality before them."""
        for cand in [c for c in self.cands if c.kind == "person"]:
            self._dress_person(cand)
        for ent in entities(self.sp):
            if ent.label_ != "PERSON":
                continue
            toks = [t.i for t in ent if t.text not in ("'s", "\u2019s")]
            while toks and self.sp[toks[-1]].is_punct:
                toks.pop()
            if not toks or not self._free(toks):
                continue
            if all(self._country_hit(k) is not None for k in toks):
                continue  # "Sri Lanka", "Bosnian Serbs" tagged PERSON are not people
            if self.sp[toks[-1]].lower_ in PLACE_NOUNS or self._located(ent.root):
                continue  # "Pearl Roundabout", "fighting in Mutsamudu": places tagged PERSON
            name = self.sp[toks[0] : toks[-1] + 1].text
            cand = Cand(self.sp[toks[0]].idx, self.sp[toks[-1]].idx + len(self.sp[toks[-1]]), "person",
                        name=name, rule="ner:PERSON", key=("P", name.lower()), proper=True)
            self._dress_person(self._add(cand, toks))

    def _located(self, tok: Any) -> bool:
        """An untitled name as the object of "in", "at", "near"... is a place, not a person."""
        return (tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS
                and self._title_before(tok.left_edge.i)[1] is None)

    def _dress_person(self, cand: Cand) -> None:
        first = min(cand.tokens)
        title_toks, sector, code, former, title = self._title_before(first)
        if not title_toks:
            # the title may be part of the dictionary name ("King Hassan")
            for size in (3, 2, 1):
                ws = [self.sp[k].text for k in range(first, min(first + size, max(cand.tokens)))]
                if ws and self.d.title_sector(ws):
                    sector, title = self.d.title_sector(ws), " ".join(ws).lower()
                    break
        root = self.sp[cand.head]
        for child in root.children:
            if child.dep_ == "appos" and child.i not in self.claimed:
                found = self.d.title_sector([child.text])  # "X, Iraq's prime minister"
                if found and not title_toks:
                    sector, title = found, child.lower_
                    code = code or next(iter(self._countries_in(list(child.subtree))[0]), (None,))[0]
            if child.dep_ == "prep" and child.lower_ == "of":  # "King Hassan of Morocco"
                for pobj in child.children:
                    hit = self._country_hit(pobj.i)
                    if hit is not None and (title or cand.entry is None):
                        code = code or hit.code
                        self.claimed |= set(self._range(hit))
        if title_toks:
            cand.start = min(cand.start, self.sp[title_toks[0]].idx)
            cand.tokens |= set(title_toks)
            self.claimed |= set(title_toks)
            cand.rule += "+title"
        cand.title = title
        if former:
            sector = "ELI"
        if sector in CODE_SECTORS:
            code, sector = code or sector, None
        if sector:
            cand.sector = sector
        if code and not cand.code:
            cand.code = code

    def _agent_phrase(self, t: Any) -> tuple[list[int], str, bool] | None:
        lows = self._lows()
        last = lows[t.i]
        if last not in phrase_last_words(self.d) and " " not in last:
            return None  # no agent or title phrase ends in this word
        agents, titles = self.d.agents, self.d.titles
        for size in range(min(self.d.max_agent_words, t.i + 1), 0, -1):
            rng = list(range(t.i - size + 1, t.i + 1))
            key = " ".join([lows[k] for k in rng])  # the key agent_sector/title_sector look up
            sector, title = agents.get(key), False
            if sector is None:
                sector = titles.get(key)
                title = sector is not None
            if sector and self._free(rng) and not any(k in self.hit_at for k in rng):
                return rng, sector, title
        return None

    def _agents(self) -> None:
        """Generic agent noun phrases ("Iraqi police", "US-led coalition", "Hamas gunmen")."""
        lows, lasts = self._lows(), phrase_last_words(self.d)
        for i, low in enumerate(lows):
            if low not in lasts and " " not in low:
                continue  # no agent or title phrase ends here (_agent_phrase would say None)
            t = self.sp[i]
            if t.i in self.claimed or t.i in self.hit_at or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if self._in_named_org(t):
                continue  # "Union of Democratic Forces" is a name: the ORG step codes it
            match = self._agent_phrase(t)
            if match is None:
                continue
            rng, sector, title = match
            mods = [c for c in t.children
                    if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and c.i < rng[0]]
            if t.dep_ == "compound":  # "Israeli army bulldozers": the army is the actor
                if self._agent_phrase(t.head) is not None or t.lower_ in WEAPONS:
                    continue
                mods += [c for c in t.head.children if c.dep_ in ("amod", "poss", "compound") and c.i < rng[0]]
            mod_toks = sorted({w for m in mods for w in m.subtree if w.i < rng[0]}, key=lambda w: w.i)
            has_det = any(c.dep_ == "det" for c in t.children)
            if title and not (t.tag_ in ("NNS", "NNPS") or mod_toks or has_det):
                continue  # a bare title word ("general", "speaker") is too ambiguous
            codes, used, affiliation = self._countries_in(mod_toks)
            for w in mod_toks:
                if w.lower_ in SECTOR_MODIFIERS and w.i not in used and sector not in ("CVL", "REF"):
                    sector = SECTOR_MODIFIERS[w.lower_]
                    used.append(w.i)
            # a named group or body among the modifiers codes the phrase; a person there is only
            # its possessor or namesake ("Osama bin Laden's al-Qaeda terror network": al-Qaeda)
            entry = next((h.entry for w in mod_toks if (h := self.hit_at.get(w.i)) is not None
                          and h.what == "entry" and h.entry is not None
                          and h.entry.kind != "person"), None)
            code = codes[0][0] if codes else None
            if entry is not None:
                e_code, e_sector = entry.coding(self.day)
                code = code or e_code
                if t.lower_ in MEMBER_NOUNS and e_sector:
                    sector = e_sector
            if code is None and entry is None:
                code = self._possessor_country(t, mod_toks)  # "Assad's forces", "Putin's government"
            if sector in CODE_SECTORS:
                code, sector = code or sector, None
            if code is None:
                code = self._prep_country(t)
            plural = t.tag_ in ("NNS", "NNPS")
            kind = "person" if title and not plural else "group"
            used = [k for k in used if k not in self.claimed]
            rule = f"agent:{' '.join(self.sp[k].lower_ for k in rng)}"
            # "Hungarian and Romanian officials": one actor per coordinated country
            if len(codes) > 1 and any(w.dep_ == "cc" for w in mod_toks):
                for c_code, c_rng in codes[:-1]:
                    if c_rng and self._free(c_rng):
                        start, end = self.sp[c_rng[0]].idx, self.sp[c_rng[-1]].idx + len(self.sp[c_rng[-1]])
                        self._add(Cand(start, end, kind, c_code, sector, self.text[start:end], rule=rule,
                                       plural=plural, affiliation=affiliation), c_rng)
                        used = [k for k in used if k not in c_rng]
                code = codes[-1][0]
            start_tok = min([rng[0], *used])
            start, end = self.sp[start_tok].idx, t.idx + len(t)
            cand = self._add(Cand(start, end, kind, code, sector, self.text[start:end], rule=rule,
                                  plural=plural, affiliation=affiliation,
                                  title=" ".join(self.sp[k].lower_ for k in rng)),
                             range(start_tok, t.i + 1))
            named = self._named_by(t, entry) if not plural else None
            if named is not None:
                self._merge(named, cand)  # "the al-Shabaab militant group" is al-Shabaab

    def _named_by(self, t: Any, entry: Any) -> Cand | None:
        """The dictionary group or body that a group noun ``t`` is a description of, named right
        on it as a modifier ("the al-Shabaab militant group", "al-Qaeda's terror network" is
        not: a possessor owns, "the Hamas-linked group" is not: a hyphen qualifies)."""
        if entry is None or entry.kind not in ("group", "organization") or \
                t.lower_ not in GROUP_NOUNS:
            return None
        for c in self.cands:
            if c.entry is not entry or not c.tokens:
                continue
            after = self._tok(max(c.tokens) + 1)
            if any(self.sp[k].head.i == t.i and self.sp[k].dep_ in ("compound", "amod", "nmod")
                   for k in c.tokens) and (after is None or after.text != "-"):
                return c
        return None

    def _possessor_country(self, t: Any, mod_toks: Sequence[Any]) -> str | None:
        """The country of a person of the dictionary who possesses an agent phrase ("Assad's
        forces", "Putin's government"), as coded on the article's day; None without one."""
        for w in mod_toks:
            hit = self.hit_at.get(w.i)
            if hit is None or hit.what != "entry" or hit.entry is None or hit.entry.kind != "person":
                continue
            if w.dep_ == "poss" and w.head.i == t.i:
                return hit.entry.coding(self.day)[0]
        return None

    def _in_named_org(self, t: Any) -> bool:
        if t.ent_type_ != "ORG":
            return False
        ent = next((e for e in entities(self.sp) if e.start <= t.i < e.end), None)
        return ent is not None and any(
            w.pos_ == "PROPN" and w.i not in self.hit_at and self.d.agent_sector([w.text]) is None
            and self.d.title_sector([w.text]) is None and w.lower_ not in ("the",)
            for w in ent
        )

    def _organizations(self) -> None:
        """ORG entities outside the dictionary, and NORP group nouns ("Kurds", "Shiites")."""
        for ent in entities(self.sp):
            toks = [t.i for t in ent if t.lower_ != "the" and t.text not in ("'s", "\u2019s")]
            if not toks or not self._free(toks):
                continue
            span = self.sp[toks[0] : toks[-1] + 1]
            if ent.label_ == "ORG":
                codes, _, affiliation = self._countries_in([self.sp[k] for k in toks])
                if not codes:
                    codes = self._countries_in([c for c in span.root.children if c.i < toks[0]])[0]
                # an agent phrase ending in the head first ("Associated Press news agency" is
                # media, not a government agency), the head noun next ("Serbian Workers' Union"
                # is a union), then the rest
                root = span.root.i
                sector = next((s for n in (3, 2) if root - n + 1 >= toks[0] for s in
                               [self.d.agent_sector([self.sp[k].text for k in range(root - n + 1, root + 1)])]
                               if s), None)
                order = [root, *reversed(toks)]
                sector = sector or next((s for k in order for s in
                                         [ORG_HEADS.get(self.sp[k].lower_) or self.d.agent_sector([self.sp[k].text])]
                                         if s), None)
                code = codes[0][0] if codes else None
                if sector in CODE_SECTORS:
                    code, sector = code or sector, None
                self._add(Cand(span.start_char, span.end_char, "organization", code, sector, span.text,
                               ("O", span.text.lower()), affiliation=affiliation, rule="ner:ORG",
                               proper=True), toks)
            elif ent.label_ == "NORP" and ent.root.pos_ in ("NOUN", "PROPN") and ent.root.tag_ == "NNPS":
                self._add(Cand(span.start_char, span.end_char, "group", None, None, span.text,
                               ("N", span.text.lower()), rule="ner:NORP", proper=True, plural=True), toks)
