"""Country coding for the actors stage: countries, demonyms and capitals as actors or modifiers.

A mixin of the actors stage's per-document resolver: country modifiers of a phrase ("Iraqi
police", "Iranian-backed militias" -> an affiliation), country names, demonyms and capitals that
are actors in their own right (a capital that acts is its government), and the one country a
sentence is set in coding its uncoded agents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .actor_coref import SUBJECT_DEPS, Cand, words
from .actor_dictionary import ActorDictionary, Hit
from .token_strings import entities

#: "Iranian-backed": the backer is an affiliation; "Vietnamese-led forces": also the code.
AFFILIATION_WORDS = words("backed led funded supported sponsored allied aligned trained armed")
#: "Israeli-occupied", "Saudi-owned", "anti-Syria": the country is not the actor's own.
IGNORE_PARTICIPLES = words(
    "occupied owned based controlled held born made run dominated ruled administered built"
)
NEGATING_PREFIXES = words("anti non pro")
#: Prepositions whose object is a setting, so a country there can code the sentence's actors.
SETTING_PREPS = words("in inside across throughout within")


class CountryCoding:
    """Country steps; the host class supplies sp, text, d, hits, hit_tokens, cands and helpers."""

    sp: Any
    text: str
    d: ActorDictionary
    hits: list[Hit]
    hit_tokens: dict[int, list[int]]
    cands: list[Cand]
    _add: Callable[[Cand, Any], Cand]
    _free: Callable[[Any], bool]
    _country_hit: Callable[[int], Hit | None]
    _range: Callable[[Hit], list[int]]
    _tok: Callable[[int], Any]

    def _countries_in(self, tokens: Sequence[Any]) -> tuple[list[tuple[str, list[int]]], list[int], str | None]:
        """Country modifiers among ``tokens``: ([(code, tokens)], used tokens, affiliation)."""
        found: list[tuple[str, list[int]]] = []
        used: list[int] = []
        affiliation = None
        seen: set[int] = set()
        for tok in tokens:
            hit = self._country_hit(tok.i)
            if hit is None or tok.i in seen or hit.code is None:
                continue
            rng = self._range(hit)
            seen |= set(rng)
            before, before2 = self._tok(rng[0] - 1), self._tok(rng[0] - 2)
            nxt, after = self._tok(rng[-1] + 1), self._tok(rng[-1] + 2)
            if before is not None and (before.lower_ == "ethnic" or before.lower_ in NEGATING_PREFIXES or (
                    before.text == "-" and before2 is not None and before2.lower_ in NEGATING_PREFIXES)):
                used += rng
                continue  # "ethnic Albanians", "anti-Syria": not the actor's country
            if nxt is not None and nxt.text == "-" and after is not None:
                if after.lower_ in AFFILIATION_WORDS:
                    affiliation = affiliation or hit.code
                    used += rng + [nxt.i, after.i]
                    if after.lower_ == "led":
                        found.append((hit.code, []))  # "Vietnamese-led forces" are coded as the leader's
                    continue
                if after.lower_ in IGNORE_PARTICIPLES:
                    used += rng + [nxt.i, after.i]
                    continue
            found.append((hit.code, rng))
            used += rng
        # a leader's code only when nothing else codes the group
        own = [f for f in found if f[1]]
        return (own or found), sorted(set(used)), affiliation

    def _prep_country(self, t: Any) -> str | None:
        """A country in "police in Jericho" / "army of Iraq" / "refugees from Liberia"."""
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
                for pobj in child.children:
                    hit = self._country_hit(pobj.i)
                    if hit is not None:
                        return hit.code
        return None

    def _countries(self) -> None:
        """Country names, demonyms and capitals that are actors in their own right."""
        inside = [(e.start_char, e.end_char) for e in entities(self.sp)
                  if e.label_ in ("ORG", "FAC", "PERSON", "WORK_OF_ART")]
        for n, hit in enumerate(self.hits):
            if hit.what == "entry" or n not in self.hit_tokens or hit.code is None:
                continue
            toks = self.hit_tokens[n]
            if not self._free(toks):
                continue
            if any(s <= hit.start and hit.end <= e and (e - s) > (hit.end - hit.start) for s, e in inside
                   if not self._all_country(s, e)):
                continue  # "Times of Israel", "Bank of England": part of a bigger name
            nxt = self._tok(toks[-1] + 1)
            nhit = self._country_hit(nxt.i) if nxt is not None else None
            if (nhit is not None and nhit.what == "demonym" and nxt.tag_ in ("NNPS", "NNS")
                    and nhit.code != hit.code and hit.what in ("demonym", "country")):
                # "Bosnian Serbs", "Croatian Serbs": a people coded by the country they live in
                rng = [*toks, *self._range(nhit)]
                text = self.text[hit.start : nhit.end]
                self._add(Cand(hit.start, nhit.end, "group", hit.code, None, text, ("N", text.lower()),
                               rule=f"people:{text}", proper=True, plural=True), rng)
                continue
            head = self.sp[toks[-1]]
            before = self._tok(toks[0] - 1)
            if before is not None and before.lower_ == "ethnic":
                # "ethnic Albanians": a people, not the country (the setting may code it)
                self._add(Cand(hit.start, hit.end, "group", None, None, hit.text, ("N", hit.text.lower()),
                               rule="ner:NORP", proper=True, plural=True), toks)
                continue
            wikidata = self.d.country_wikidata.get(hit.code)
            if hit.what == "capital":
                if self._metonymic(head):  # "Washington and Tehran": the governments
                    name = f"Government of {self.d.country_names.get(hit.code, hit.text)}"
                    cand = Cand(hit.start, hit.end, "country", hit.code, "GOV", name,
                                ("A", hit.code, "GOV", "state", None), wikidata=wikidata,
                                rule=f"capital:{hit.text}", proper=True)
                else:  # "in Baghdad": the city, coded by its country
                    cand = Cand(hit.start, hit.end, "city", hit.code, None, hit.text, ("L", hit.text),
                                rule=f"city:{hit.text}", proper=True)
            elif hit.what == "demonym" and head.tag_ in ("NNS", "NNPS") and self._prep_country(head):
                # "Albanians of southern Serbia": a people coded by the country they live in
                cand = Cand(hit.start, hit.end, "group", self._prep_country(head), None, hit.text,
                            ("N", hit.text.lower()), rule=f"people:{hit.text}", proper=True, plural=True)
            else:
                cand = Cand(hit.start, hit.end, "country", hit.code, None,
                            self.d.country_names.get(hit.code, hit.text), ("C", hit.code),
                            wikidata=wikidata, rule=f"{hit.what}:{hit.text}", proper=True,
                            plural=head.tag_ == "NNPS")
            self._add(cand, toks)

    def _all_country(self, start: int, end: int) -> bool:
        span = self.sp.char_span(start, end, alignment_mode="expand")
        return span is not None and all(
            self._country_hit(t.i) is not None for t in span if t.text not in ("'s", "\u2019s"))

    @staticmethod
    def _metonymic(tok: Any) -> bool:
        """A capital names the government when it acts or is acted on, not when it is a place."""
        while tok.dep_ == "conj":
            tok = tok.head
        if tok.dep_ in SUBJECT_DEPS or tok.dep_ in ("dobj", "poss"):
            return True
        return tok.dep_ == "pobj" and tok.head.lower_ in ("between", "with", "by", "against")

    def _setting_codes(self) -> None:
        """An uncoded agent or titled person takes the one country its sentence is set in.

        "President Omar El Bashir ... the curfew imposed in Sudan": a country (or capital) named as
        the setting ("in Sudan") codes the sentence's uncoded agents; a country that is itself an
        actor there ("Israel attacked militants") does not.
        """
        settings: dict[int, set[str]] = {}
        for c in self.cands:
            if c.kind not in ("country", "city") or c.code is None:
                continue
            head = self.sp[c.head]
            if head.dep_ == "pobj" and head.head.lower_ in SETTING_PREPS:
                settings.setdefault(c.sent, set()).add(c.code)
            elif c.kind == "country" and c.sector is None:
                settings.setdefault(c.sent, set()).add("*")  # an acting country: no default
        for c in self.cands:
            if c.code is not None or not (c.rule.startswith(("agent:", "ner:NORP"))
                                          or (c.kind == "person" and c.title)):
                continue
            codes = settings.get(c.sent, set())
            if len(codes) == 1 and "*" not in codes:
                c.code = next(iter(codes))
                c.rule += "+setting"
        # "Judge Alejandro Rivera opened investigations against 28 Chilean officials": a titled
        # person or agent whose sentence codes everyone else to one and the same country
        named: dict[int, set[str]] = {}
        for c in self.cands:
            if c.code in self.d.country_names:
                named.setdefault(c.sent, set()).add(c.code)
        for c in self.cands:
            if c.code is not None or c.kind != "person" or not c.title:
                continue
            codes = named.get(c.sent, set())
            if len(codes) == 1:
                c.code = next(iter(codes))
                c.rule += "+sentence"
