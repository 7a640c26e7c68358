"""Candidate phrases for an event's target and the features the target model reads of them.

CAMEO's target is the phrase an action is done to or aimed at, as the parse gives it: the object
("lifted sanctions on Iran"), a prepositional argument ("sent officials to Qatar"), a coordinated
group ("Chile and Norway have agreed"), a phrase with its modifiers ("parties to the conflict
in Iraq"). The rules pick the party inside such a phrase for actor coding; the target model,
trained on ConfliBERT's target spans, decides which candidate phrase is the target of a
sentence's main event and where it ends.

``candidates(sent)`` lists token spans ``(start, end, variant, head)`` around every noun head
of the sentence; ``features(cand, trigger, event, rule_targets, rule_sources)`` gives one's
binary feature names, ``features_pair`` every candidate's for both models at once. Training
(:mod:`.train_targets`) and run time (:mod:`.targets`) call the same functions on the same parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ..model import Event
from ..stages.token_strings import token_strings

Token = Any

NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
#: left dependents that belong to a noun's base phrase
_BASE_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case",
                        "predet", "npadvmod", "advmod", "punct"})
#: right dependents a phrase with its modifiers keeps
_KEEP_RIGHT = frozenset({"prep", "pobj", "appos", "case", "punct", "acl", "relcl", "amod"})
#: heads a noun modifies inside another phrase: such a noun is never a phrase head itself
_INSIDE = frozenset({"compound", "poss", "nmod", "amod", "nummod", "quantmod", "det"})
_PRONOUNS_KEPT = frozenset({"him", "her", "them", "it", "us", "he", "she", "they", "we", "i",
                            "you", "me"})


class Candidate(NamedTuple):
    start: int  # token index in the Doc, inclusive
    end: int  # token index, exclusive
    variant: str  # base | full | coord | coordfull
    head: Token


class _Phrases:
    """The phrase arithmetic of one parse, on its attribute table (:mod:`..stages.token_strings`):
    a Token object is made only for a subtree's edge and a candidate's head."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        ts = token_strings(doc)
        self.ts, self.deps, self.pos, self.texts = ts, ts.deps, ts.pos_, ts.texts
        self._bases: dict[int, tuple[int, int]] = {}

    def trim(self, start: int, end: int) -> tuple[int, int]:
        deps, texts, punct = self.deps, self.texts, self.ts.punct
        while end > start + 1 and (punct[end - 1] and texts[end - 1] not in {")", "'"}
                                     or deps[end - 1] in {"cc", "prep"}):
            end -= 1
        while start < end - 1 and (punct[start] or deps[start] == "cc"):
            start += 1
        return start, end

    def base(self, i: int) -> tuple[int, int]:
        """The noun's base phrase: its left modifiers' subtrees and the noun (with a possessive 's)."""
        known = self._bases.get(i)
        if known is not None:
            return known
        start, end = i, i + 1
        for c in self.ts.children(i):
            if c < i:
                if self.deps[c] in _BASE_LEFT:
                    start = min(start, self.doc[c].left_edge.i)
            elif self.deps[c] == "case" and c == end:
                end += 1
        self._bases[i] = (start, end)
        return start, end

    def full(self, i: int, clauses: bool = True) -> tuple[int, int]:
        """The noun with its modifiers up to a coordination (without relative and participle
        clauses when ``clauses`` is false)."""
        start, _ = self.base(i)
        end = i + 1
        for c in self.ts.children(i):
            if c < i:
                continue
            dep = self.deps[c]
            if dep in {"conj", "cc"}:
                break
            if dep in _KEEP_RIGHT and (clauses or dep not in {"relcl", "acl"}):
                end = max(end, self.doc[c].right_edge.i + 1)
        return start, end

    def parenthesis(self, end: int) -> int | None:
        """The end of a parenthesis right after a phrase ("... Party (CNRP)"), None without one."""
        texts = self.texts
        if end + 2 < len(texts) and texts[end] == "(":
            for j in range(end + 1, min(end + 8, len(texts))):
                if texts[j] == ")":
                    return j + 1
        return None

    def conjuncts(self, i: int) -> list[int]:
        out, cur = [], i
        while True:
            nxt = [c for c in self.ts.children(cur)
                   if self.deps[c] == "conj" and self.pos[c] in NOUNISH]
            if not nxt:
                return out
            cur = nxt[0]
            out.append(cur)


def candidates(sent: Any) -> list[Candidate]:
    """Phrase candidates around every noun head of a sentence (deduplicated by span)."""
    doc = sent.doc
    ph = _Phrases(doc)
    deps, pos, lowers = ph.deps, ph.pos, ph.ts.lowers
    seen: dict[tuple[int, int], tuple[str, int]] = {}

    def add(start: int, end: int, variant: str, head: int) -> None:
        start, end = ph.trim(start, end)
        start, end = max(start, sent.start), min(end, sent.end)
        if end > start and (start, end) not in seen:
            seen[(start, end)] = (variant, head)

    for i in range(sent.start, sent.end):
        if pos[i] not in NOUNISH or deps[i] in _INSIDE:
            continue
        if pos[i] == "PRON" and lowers[i] not in _PRONOUNS_KEPT:
            continue
        if pos[i] == "NUM" and deps[i] not in {"dobj", "pobj", "nsubj", "nsubjpass"}:
            continue
        b0, b1 = ph.base(i)
        full = ph.full(i)
        add(b0, b1, "base", i)
        add(*full, "full", i)
        if deps[b0] in {"det", "predet"} and b0 < i:
            add(b0 + 1, b1, "nodet", i)  # "a Turkish ship" named "Turkish ship"
        paren = ph.parenthesis(b1)
        if paren:
            add(b0, paren, "paren", i)  # "the Kachin Independence Organization (KIO)"
        norel = ph.full(i, clauses=False)
        if norel != full:
            add(*norel, "noclause", i)
        conj = ph.conjuncts(i) if deps[i] != "conj" else []
        if conj:
            add(b0, ph.base(conj[-1])[1], "coord", i)
            add(b0, ph.full(conj[-1])[1], "coordfull", i)
    heads = {h: doc[h] for _, h in seen.values()}  # one Token per head, shared by its phrases
    return [Candidate(start, end, variant, heads[h]) for (start, end), (variant, h) in seen.items()]


def _path(tok: Token, trigger: Token, limit: int = 5) -> str:
    """Dependency path from a candidate head up to the trigger ("dobj", "pobj<prep:to"), or
    where they meet ("nsubj^...")."""
    ts = token_strings(tok.doc)
    heads, deps, lowers = ts.heads, ts.deps, ts.lowers
    steps = []
    cur, trig = tok.i, trigger.i
    for _ in range(limit):
        if cur == trig:
            return "<".join(steps) or "self"
        label = deps[cur]
        if label == "prep" or label == "agent":
            label = f"{label}:{lowers[cur]}"
        steps.append(label)
        if heads[cur] == cur:
            break
        cur = heads[cur]
    # not below the trigger: the path from the trigger up to a shared ancestor
    anc = {tok.i}
    a = tok.i
    for _ in range(len(heads)):
        if heads[a] == a:
            break
        a = heads[a]
        anc.add(a)
    up = []
    cur = trig
    for _ in range(limit):
        if cur in anc:
            return "^" + ">".join(up) + "|" + "<".join(steps[:2])
        up.append(deps[cur])
        if heads[cur] == cur:
            break
        cur = heads[cur]
    return "far"


def _side(cand: Candidate, trigger: Token) -> str:
    if cand.end <= trigger.i:
        return "before"
    return "after" if cand.start > trigger.i else "over"


def _size(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else "7+")


def features(
    cand: Candidate,
    trigger: Token,
    event: Event | None,
    rule_targets: Iterable[tuple[int, int]],
    rule_sources: Iterable[tuple[int, int]],
) -> list[str]:
    """Binary features of one candidate phrase against the main event's trigger."""
    return _features([cand], trigger, event, [(list(rule_targets), list(rule_sources))])[0][0]


def _head_features(head: Token, trigger: Token, lemma: str, event: Event | None,
                   passive: bool) -> tuple[list[str], str, list[str]]:
    """(features of a phrase head, its path to the trigger, its right dependents' labels)."""
    path = _path(head, trigger)
    hlem = head.lemma_.lower()
    feats = [
        f"path={path}", f"dep={head.dep_}", f"pos={head.pos_}", f"ent={head.ent_type_ or '-'}",
        f"trig={lemma}|path={path}", f"hlem={hlem}", f"hlem={hlem}|path={path}",
    ]
    if head.dep_ == "pobj":
        prep = head.head
        feats += [
            f"prep={prep.lower_}", f"prep={prep.lower_}|trig={lemma}",
            f"prep={prep.lower_}|hdep={prep.head.dep_}|hpos={prep.head.pos_}",
        ]
    if passive:
        feats.append(f"passive|path={path}")
    if event is not None:
        feats.append(f"type={event.type}|path={path}")
    rights = {c.dep_ for c in head.rights}
    return feats, path, [d for d in ("prep", "relcl", "acl", "appos", "conj") if d in rights]


def features_pair(
    cands: Sequence[Candidate],
    trigger: Token,
    event: Event | None,
    rule_targets: Sequence[tuple[int, int]],
    rule_sources: Sequence[tuple[int, int]],
) -> tuple[list[list[str]], list[list[str]]]:
    """(target view, source view) of every candidate's features, the shared part read once."""
    target, source = _features(
        cands, trigger, event, [(rule_targets, rule_sources), (rule_sources, rule_targets)]
    )
    return target, source


def _features(
    cands: Sequence[Candidate],
    trigger: Token,
    event: Event | None,
    views: Sequence[tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]]],
) -> list[list[list[str]]]:
    doc = trigger.doc
    lemma = trigger.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in trigger.children)
    per_head: dict[int, tuple[list[str], str, list[str]]] = {}
    out: list[list[list[str]]] = [[] for _ in views]
    for cand in cands:
        head = cand.head
        if head.i not in per_head:
            per_head[head.i] = _head_features(head, trigger, lemma, event, passive)
        hfeats, path, rights = per_head[head.i]
        first = doc[cand.start]
        v = cand.variant
        shared = [
            "bias", f"v={v}", f"path={path}|v={v}", f"dep={head.dep_}|v={v}",
            f"ent={head.ent_type_ or '-'}|v={v}", f"len={_size(cand.end - cand.start)}|v={v}",
            f"first={first.lower_ if first.dep_ in {'det', 'predet'} else first.pos_}",
            f"side={_side(cand, trigger)}", *hfeats, *(f"has_{d}|v={v}" for d in rights),
        ]
        if event is not None:
            shared.append(f"type={event.type}|v={v}")
        for k, (own, other) in enumerate(views):
            out[k].append(sorted({*shared, *_rule_features(cand, v, own, other)}))
    return out


def _rule_features(
    cand: Candidate, v: str, own: Sequence[tuple[int, int]], other: Sequence[tuple[int, int]]
) -> list[str]:
    """How a candidate sits against the rules' parties of its own side and of the other."""
    feats = []
    inside = last = False
    for s, e in own:
        if (s, e) == (cand.start, cand.end):
            feats.append("rule_t=exact")
        elif s >= cand.start and e <= cand.end:
            inside = True
        elif cand.start >= s and cand.end <= e:
            last = True
    if inside:
        feats.append(f"rule_t=within|v={v}")
    if last:
        feats.append("rule_t=covers")
    for s, e in other:
        if s < cand.end and cand.start < e:
            feats.append("rule_s=overlap")
            if (s, e) == (cand.start, cand.end):
                feats.append("rule_s=exact")
    return feats
