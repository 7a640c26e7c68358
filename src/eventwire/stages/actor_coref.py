"""In-article actor resolution: one actor per real-world actor, with all its mentions.

A mixin of the actors stage's per-document resolver: aliases and acronyms defined in the text,
acronyms by initials (in any order, as foreign-language acronyms are), repeated surnames, a few
precise definite-description and pronoun rules, and the final grouping into ``Actor`` records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor, Provenance, Span
from .actor_dictionary import Entry, tokenize
from .token_strings import token_strings


def words(text: str) -> frozenset[str]:
    """A frozen set of the space-separated words of ``text`` (keeps word lists compact)."""
    return frozenset(text.split())


SUBJECT_DEPS = words("nsubj nsubjpass agent csubj")
PERSON_PRONOUNS = words("he him his she her")
GROUP_PRONOUNS = words("it its")
PLURAL_PRONOUNS = words("they them their")
GROUP_DESCRIPTIONS = words("group organization organisation movement militia faction alliance")
_PRONOUNS = frozenset({*PERSON_PRONOUNS, *GROUP_PRONOUNS, *PLURAL_PRONOUNS})
ACRONYM_SKIP = words("of the and for in on de du des la le al el a an to")
ALIAS_PARTICLES = words("al el bin ibn abu de da van von")
#: Agent nouns that all name a country's government ("the government", "the authorities").
STATE_SECTORS = words("GOV MIL COP JUD LEG SPY")
#: "group-run", "militia-held": a description that names its group's hold on a thing.
RUN_PARTICIPLES = words("run held controlled owned operated managed")
GOVERNMENT_NOUNS = words("government governments authorities administration regime cabinet leadership")


@dataclass
class Cand:
    """One candidate mention before clustering (mutable while the resolver works)."""

    start: int
    end: int
    kind: str  # country, person, organization, group, city, pronoun
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    key: tuple[Any, ...] | None = None
    entry: Entry | None = None
    affiliation: str | None = None
    wikidata: str | None = None
    rule: str = ""
    head: int = -1  # spaCy token index of the head
    sent: int = 0
    subject: bool = False
    plural: bool = False
    proper: bool = False  # a name (not a description or a pronoun)
    title: str | None = None  # "prime minister" for "Prime Minister Benjamin Netanyahu"
    link: int | None = None  # index of the candidate this one refers to
    tokens: set[int] = field(default_factory=set)


def _clause_subjects(tok: Any) -> set[int]:
    """Token indices of the subjects of the clause a word is an object in (a conjunct or xcomp
    without a subject of its own shares its head's)."""
    verb = tok.head
    while verb.dep_ in ("prep", "agent", "dative") and verb.head is not verb:
        verb = verb.head
    out: set[int] = set()
    while True:
        out |= {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}
        if out or verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            return out  # a conjunct with its own subject ("X did, and we will ...") stops here
        verb = verb.head


class Coreference:
    """Resolution steps; the host class supplies sp, text, cands, claimed, sent_of, quoted, _add."""

    sp: Any
    text: str
    cands: list[Cand]
    claimed: set[int]
    sent_of: dict[int, int]
    quoted: set[int]
    _add: Callable[[Cand, Any], Cand]

    def _token_lowers(self) -> list[str]:
        """Every token's ``lower_``, read once per document for the word tests of the passes."""
        lowers: list[str] | None = getattr(self, "_lowers_cache", None)
        if lowers is None:
            lowers = token_strings(self.sp).lowers
            self._lowers_cache = lowers
        return lowers

    def _named(self, c: Cand) -> bool:
        """A name, or an agent phrase written as one ("Iraqi Security Forces")."""
        if c.proper:
            return True
        ws = [w for w in self.text[c.start : c.end].split() if w[:1].isalpha()]
        return c.rule.startswith("agent:") and len(ws) >= 2 and all(w[0].isupper() for w in ws)

    def _cand_at(self, i: int) -> Cand | None:
        for c in self.cands:
            if i in c.tokens:
                return c
        return None

    def _merge(self, keep: Cand, other: Cand) -> None:
        if keep is not other:
            other.link = self.cands.index(keep)

    def _alias_spans(self, after: int) -> list[list[int]]:
        """Alias token runs defined after token ``after``: "(PMF)", "(ISIL, or ISIS)", ", or Y,"."""
        sp, n = self.sp, len(self.sp)
        runs: list[list[int]] = []
        k = after + 1
        if k < n and sp[k].text == "(":
            j, cur = k + 1, []
            while j < n and sp[j].text != ")" and j - k < 12:
                if sp[j].text == "," or sp[j].lower_ in ("or", "aka"):
                    if cur:
                        runs.append(cur)
                    cur = []
                else:
                    cur.append(j)
                j += 1
            if cur and j < n and sp[j].text == ")":
                runs.append(cur)
            k = j + 1
        if k + 2 < n and sp[k].text == ",":
            j = k + 1
            if sp[j].lower_ == "or":
                j += 1
            elif [t.lower_ for t in sp[j : j + 3]] == ["also", "known", "as"]:
                j += 3
            elif [t.lower_ for t in sp[j : j + 2]] == ["known", "as"]:
                j += 2
            else:
                return [r for r in runs if self._name_like(r)]
            cur = []
            while j < n and len(cur) <= 6 and (
                sp[j].text[:1].isupper() or sp[j].text in ("-", "'") or sp[j].lower_ in ALIAS_PARTICLES
            ):
                cur.append(j)
                j += 1
            if cur and (j >= n or sp[j].text in (",", ".", ")", ";")):
                runs.append(cur)
        return [r for r in runs if self._name_like(r)]

    def _name_like(self, run: list[int]) -> bool:
        text = "".join(self.sp[k].text_with_ws for k in run).strip()
        return bool(text) and text[:1].isupper() and len(run) <= 7 and not any(
            self.sp[k].is_quote for k in run
        )

    def _alias_cand(self, cand: Cand, run: list[int], rule: str) -> None:
        start, end = self.sp[run[0]].idx, self.sp[run[-1]].idx + len(self.sp[run[-1]])
        new = self._add(Cand(start, end, cand.kind, rule=rule, proper=True), run)
        self._merge(cand, new)

    def _text_aliases(self) -> None:
        """Aliases defined in the text become mentions of the actor they follow, and so do repeats."""
        aliases: dict[str, Cand] = {}
        for cand in list(self.cands):
            if not self._named(cand) or cand.kind in ("country", "city") or cand.link is not None:
                continue
            for run in self._alias_spans(max(cand.tokens)):
                text = "".join(self.sp[k].text_with_ws for k in run).strip()
                existing = self._cand_at(run[0])
                if existing is None:
                    aliases.setdefault(text, cand)
                    self._alias_cand(cand, run, "alias:defined")
                elif existing is not cand and existing.kind not in ("country", "city"):
                    aliases.setdefault(text, cand)
                    if existing.entry is None:
                        self._merge(cand, existing)
                    elif cand.entry is None:
                        self._merge(existing, cand)  # "Islamic State (ISIS)": the dictionary knows it
        if not aliases:
            return
        toks = tokenize(self.text)
        for alias, cand in aliases.items():
            target = [w for _, _, w in tokenize(alias)]
            size = len(target)
            for i in range(len(toks) - size + 1):
                if [w for _, _, w in toks[i : i + size]] != target:
                    continue
                span = self.sp.char_span(toks[i][0], toks[i + size - 1][1], alignment_mode="expand")
                if span is None:
                    continue
                run = [t.i for t in span]
                existing = self._cand_at(run[0])
                if existing is None:
                    self._alias_cand(cand, run, "alias:repeat")
                elif (existing is not cand and existing.link is None and existing.entry is None
                      and existing.kind not in ("country", "city")):
                    self._merge(cand, existing)

    def _acronyms(self) -> None:
        """An all-capitals word matching the initials of a named group (in any order) is that group."""
        initials: list[tuple[str, Cand]] = []
        for c in self.cands:
            if not (self._named(c) and c.kind in ("organization", "group") and c.link is None):
                continue
            name = self.text[c.start : c.end] if not c.proper else (c.name or self.text[c.start : c.end])
            ws = [w for _, _, w in tokenize(name) if w.isalpha()]
            letters = "".join(w[0] for w in ws if w.lower() not in ACRONYM_SKIP and w[0].isupper())
            if len(letters) >= 2:
                initials.append((letters, c))
        if not initials:
            return
        for i, word in enumerate(token_strings(self.sp).texts):
            if not (2 <= len(word) <= 6 and word.isupper() and word.isalpha()):
                continue
            t = self.sp[i]
            existing = self._cand_at(t.i)
            if existing is not None and (existing.entry is not None or existing.link is not None
                                         or len(existing.tokens) > 1):
                continue
            for letters, c in initials:
                if c is existing:
                    continue
                if word == letters or (sorted(word) == sorted(letters) and c.start < t.idx):
                    if existing is None:
                        self._alias_cand(c, [t.i], "alias:initials")
                    else:
                        self._merge(c, existing)
                    break

    def _surnames(self) -> None:
        """"Netanyahu" after "Benjamin Netanyahu" is the same person."""
        # a lone surname is sometimes tagged ORG ("Police said Kovacs resisted")
        people = [c for c in self.cands if c.proper and c.link is None and (
            c.kind == "person" or (c.rule == "ner:ORG" and len(c.tokens) == 1 and c.code is None))]
        for k, c in enumerate(people):
            if c.entry is not None:
                continue
            ws = (c.name or "").split()
            for prev in reversed(people[:k]):
                pws = (prev.name or "").split()
                if prev.kind != "person" or len(pws) <= len(ws) or not ws:
                    continue
                if pws[-len(ws) :] == ws or (len(ws) == 1 and ws[0] in pws[1:]):
                    self._merge(prev, c)
                    break

    def _nearest(self, tok: Any, ok: Callable[[Cand], bool], window: int, subject: bool = False) -> Cand | None:
        sent = self.sent_of.get(tok.i, 0)
        best = None
        for c in self.cands:
            if c.start >= tok.idx or c.kind == "pronoun" or not ok(c):
                continue
            if sent - c.sent > window or (subject and not c.subject):
                continue
            if best is None or c.start > best.start:
                best = c
        return best

    def _tok_at(self, i: int) -> str:
        lowers = self._token_lowers()
        return lowers[i] if 0 <= i < len(lowers) else ""

    def _descriptions(self) -> None:
        """"the group" -> the nearest named group; "the police" -> the nearest coded police."""
        for i, low in enumerate(self._token_lowers()):
            if low not in GROUP_DESCRIPTIONS or i in self.claimed:
                continue
            t = self.sp[i]
            # "a group-run depot", "militia-held villages": the group is the one named before
            run = self._tok_at(i + 1) == "-" and self._tok_at(i + 2) in RUN_PARTICIPLES
            if not run and not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                continue
            if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in t.children):
                continue
            target = self._nearest(t, lambda c: c.kind in ("organization", "group") and c.proper, 4)
            if target is not None:
                new = self._add(Cand(t.idx, t.idx + len(t), "pronoun", rule="description"), [t.i])
                self._merge(target, new)
        for c in self.cands:
            if not c.rule.startswith("agent:") or c.code is not None or c.link is not None:
                continue
            noun = c.rule.split(":", 1)[1]
            if c.kind == "person":  # "the prime minister" -> "Prime Minister Benjamin Netanyahu"
                target = self._nearest(self.sp[c.head], lambda o: o.title == noun and o.proper, 8)
            else:
                same = (lambda o: o.rule == c.rule or (noun in GOVERNMENT_NOUNS and
                        o.rule.split(":", 1)[-1] in GOVERNMENT_NOUNS and o.sector == c.sector))
                target = self._nearest(self.sp[c.head], lambda o: same(o) and o.code is not None, 5)
            if target is not None:
                self._merge(target, c)

    def _pronouns(self) -> None:
        """He/she -> the last person subject; it/its -> the last group subject; they -> plural subject."""
        for i, low in enumerate(self._token_lowers()):
            if low not in _PRONOUNS:
                continue  # the branches below take only these words
            t = self.sp[i]
            if t.pos_ != "PRON" or t.i in self.claimed:
                continue
            if t.i in self.quoted:
                # a speaker's "we" is the speaker's, but an object "them" after a plural group
                # earlier in the same quoted sentence is that group ("... are the US forces, and
                # we will hold them accountable"), unless the group is its own clause's subject
                # ("the police helped them": someone else)
                if low != "them":
                    continue
                own = _clause_subjects(t)
                target = self._nearest(
                    t, lambda c: c.kind == "group" and c.plural and c.head in self.quoted
                    and c.head not in own, 0
                ) or self._nearest(  # "Iran has no immunity ... we will act against them"
                    t, lambda c: c.kind == "country" and c.head in self.quoted
                    and c.head not in own, 0, subject=True,
                )
            elif low in PERSON_PRONOUNS:
                target = self._nearest(t, lambda c: c.kind == "person", 2, subject=True) or \
                    self._nearest(t, lambda c: c.kind == "person" and c.proper, 1)
            elif low in GROUP_PRONOUNS:
                if low == "it" and (t.dep_ not in SUBJECT_DEPS or (
                        t.head.lemma_ in ("be", "seem", "appear") and not _disposed(t.head))):
                    continue  # "it is known", "it would be": no actor ("it is willing to": one)
                # the previous sentence only for a main-clause subject ("It also canceled ...")
                main = t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ROOT"
                target = self._nearest(
                    t, lambda c: c.kind in ("organization", "group", "country") and not c.plural,
                    1 if main else 0, subject=True,
                )
                if target is None and main:
                    target = self._government_of_leader(t)
            elif low in PLURAL_PRONOUNS:
                target = self._nearest(
                    t, lambda c: c.kind in ("group", "organization") and (c.plural or c.proper), 1,
                    subject=True,
                )
            else:
                continue
            if target is not None:
                new = self._add(Cand(t.idx, t.idx + len(t), "pronoun", rule=f"pronoun:{low}"), [t.i])
                self._merge(target, new)

    def _government_of_leader(self, t: Any) -> Cand | None:
        """"Iraqi Prime Minister X ordered ... It also canceled ...": after a sentence led by a
        titled government person, a main-clause "It" is that country's government, when the
        article has named it before."""
        leader = self._nearest(t, lambda c: c.kind == "person" and c.sector == "GOV"
                               and c.code is not None and c.title is not None, 1, subject=True)
        if leader is None or leader.sent != self.sent_of.get(t.i, 0) - 1:
            return None
        return self._nearest(t, lambda c: c.kind in ("group", "organization") and c.sector == "GOV"
                             and c.code == leader.code and not c.plural
                             and self.sp[c.head].lemma_.lower() in GOVERNMENT_NOUNS, 10_000)

    # --- output -----------------------------------------------------------------------------

    def _root(self, k: int) -> int:
        seen: set[int] = set()
        while self.cands[k].link is not None and k not in seen:
            seen.add(k)
            k = self.cands[k].link  # type: ignore[assignment]
        return k

    def _build(self, version: str) -> tuple[Actor, ...]:
        clusters: dict[Any, list[Cand]] = {}
        for k, c in enumerate(self.cands):
            root = self.cands[self._root(k)]
            key = root.key
            if key is None:
                if root.code is not None and root.rule.startswith("agent:") and root.kind == "group":
                    # "US-led coalition" is not "US forces": a backer or leader keeps groups apart;
                    # a country's state bodies of one sector are one actor, other groups go by noun
                    group = "state" if root.sector in STATE_SECTORS else self.sp[root.head].lemma_.lower()
                    key = ("A", root.code, root.sector, group, root.affiliation)
                elif root.rule.startswith("agent:") and root.kind == "group":
                    key = ("U", root.rule, root.sector)  # "the government" twice is one actor
                else:
                    key = ("#", id(root))
                root.key = key
            clusters.setdefault(key, []).append(c)
        ordered = sorted(clusters.values(), key=lambda ms: min(c.start for c in ms))
        return tuple(self._actor(f"a{n}", ms, version) for n, ms in enumerate(ordered))

    def _actor(self, actor_id: str, members: list[Cand], version: str) -> Actor:
        members = sorted(members, key=lambda c: c.start)
        lead = next((c for c in members if c.entry is not None), None) or next(
            (c for c in members if c.proper and c.kind != "pronoun"), None
        ) or next((c for c in members if c.kind != "pronoun"), members[0])
        code = lead.code or next((c.code for c in members if c.code), None)
        sector = lead.sector or next((c.sector for c in members if c.sector), None)
        texts = [self.text[c.start : c.end] for c in members if c.kind != "pronoun"]
        if lead.kind == "person" and lead.entry is None:
            names = [c.name or "" for c in members if c.kind == "person" and c.proper]
            name = max(names, key=len, default="") or self.text[lead.start : lead.end]
        else:
            name = lead.name or self.text[lead.start : lead.end]
        return Actor(
            id=actor_id,
            name=name,
            kind=lead.kind if lead.kind != "pronoun" else "group",
            code=code,
            sector=sector,
            mentions=tuple(sorted({Span(c.start, c.end) for c in members}, key=lambda s: (s.start, s.end))),
            aliases=tuple(dict.fromkeys(t for t in texts if t != name)),
            affiliation=next((c.affiliation for c in members if c.affiliation), None),
            wikidata=next((c.wikidata for c in members if c.wikidata), None),
            provenance=Provenance("actors", version, rule=lead.rule or None),
        )


#: adjectives of a will or readiness: "it is willing to withdraw" names an actor, "it is clear" not
DISPOSITIONS = frozenset({
    "willing", "ready", "prepared", "determined", "committed", "keen", "eager", "unwilling",
    "reluctant", "able", "unable", "opposed", "resolved", "poised", "set",
})


def _disposed(verb: Any) -> bool:
    """Whether a copula's complement is a disposition ("is willing", "is prepared to")."""
    return any(c.dep_ in ("acomp", "xcomp") and c.lower_ in DISPOSITIONS for c in verb.children)
