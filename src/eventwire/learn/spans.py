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


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    while end > start + 1 and (doc[end - 1].is_punct and doc[end - 1].text not in {")", "'"}
                                 or doc[end - 1].dep_ in {"cc", "prep"}):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return start, end


def _base(tok: Token) -> tuple[int, int]:
    """The noun's base phrase: its left modifiers' subtrees and the noun (with a possessive 's)."""
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in _BASE_LEFT:
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ == "case" and c.i == end:
            end += 1
    return start, end


def _full(tok: Token, clauses: bool = True) -> tuple[int, int]:
    """The noun with its modifiers up to a coordination (without relative and participle
    clauses when ``clauses`` is false)."""
    start, _ = _base(tok)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in {"conj", "cc"}:
            break
        if c.dep_ in _KEEP_RIGHT and (clauses or c.dep_ not in {"relcl", "acl"}):
            end = max(end, c.right_edge.i + 1)
    return start, end


def _parenthesis(tok: Token, end: int) -> int | None:
    """The end of a parenthesis right after a phrase ("... Party (CNRP)"), None without one."""
    doc = tok.doc
    if end + 2 < len(doc) and doc[end].text == "(":
        for j in range(end + 1, min(end + 8, len(doc))):
            if doc[j].text == ")":
                return j + 1
    return None


def _conjuncts(tok: Token) -> list[Token]:
    out, cur = [], tok
    while True:
        nxt = [c for c in cur.children if c.dep_ == "conj" and c.pos_ in NOUNISH]
        if not nxt:
            return out
        cur = nxt[0]
        out.append(cur)


def candidates(sent: Any) -> list[Candidate]:
    """Phrase candidates around every noun head of a sentence (deduplicated by span)."""
    doc = sent.doc
    seen: dict[tuple[int, int], Candidate] = {}

    def add(start: int, end: int, variant: str, head: Token) -> None:
        start, end = _trim(doc, start, end)
        start, end = max(start, sent.start), min(end, sent.end)
        if end > start and (start, end) not in seen:
            seen[(start, end)] = Candidate(start, end, variant, head)

    for tok in sent:
        if tok.pos_ not in NOUNISH or tok.dep_ in _INSIDE:
            continue
        if tok.pos_ == "PRON" and tok.lower_ not in _PRONOUNS_KEPT:
            continue
        if tok.pos_ == "NUM" and tok.dep_ not in {"dobj", "pobj", "nsubj", "nsubjpass"}:
            continue
        b0, b1 = _base(tok)
        full = _full(tok)
        add(b0, b1, "base", tok)
        add(*full, "full", tok)
        if doc[b0].dep_ in {"det", "predet"} and b0 < tok.i:
            add(b0 + 1, b1, "nodet", tok)  # "a Turkish ship" named "Turkish ship"
        paren = _parenthesis(tok, b1)
        if paren:
            add(b0, paren, "paren", tok)  # "the Kachin Independence Organization (KIO)"
        norel = _full(tok, clauses=False)
        if norel != full:
            add(*norel, "noclause", tok)
        conj = _conjuncts(tok) if tok.dep_ != "conj" else []
        if conj:
            add(b0, _base(conj[-1])[1], "coord", tok)
            add(b0, _full(conj[-1])[1], "coordfull", tok)
    return list(seen.values())


def _path(tok: Token, trigger: Token, limit: int = 5) -> str:
    """Dependency path from a candidate head up to the trigger ("dobj", "pobj<prep:to"), or
    where they meet ("nsubj^...")."""
    steps = []
    cur = tok
    for _ in range(limit):
        if cur.i == trigger.i:
            return "<".join(steps) or "self"
        label = cur.dep_
        if label == "prep" or label == "agent":
            label = f"{label}:{cur.lower_}"
        steps.append(label)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    # not below the trigger: the path from the trigger up to a shared ancestor
    up = []
    cur = trigger
    anc = {t.i for t in tok.ancestors} | {tok.i}
    for _ in range(limit):
        if cur.i in anc:
            return "^" + ">".join(up) + "|" + "<".join(steps[:2])
        up.append(cur.dep_)
        if cur.head.i == cur.i:
            break
        cur = cur.head
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
