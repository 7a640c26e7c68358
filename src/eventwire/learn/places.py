"""The place model: which toponym of its sentence, if any, is where an event happened.

The geo stage's rules (:meth:`eventwire.stages.geo.GeoStage._rule_place`) pick an event's place
by tiers: a toponym hanging off the trigger through a locative preposition, then one the trigger
acted on, then the subject's, then any other. The place model reads the same sentence as the
rules do, with what the rules decided as features, and was trained on Halterman's human-marked
event locations (:mod:`.train_places`): every toponym of the event's sentence is a candidate,
labelled by whether the annotator marked it. At run time (:func:`decide`) the best candidate the
rules would consider (:func:`eligible`) wins when its probability reaches ``PICK_MIN``; below that
the rules' own place stays when it reaches ``KEEP_MIN``; else the event has no place in its
sentence, and the geo stage's fallback (the country of the place the rules took, else the
article's dominant country) stands in. Statements keep the rules' place (see the geo stage).

``candidates(doc, ev, places)`` lists the candidates, ``features(doc, ev, cands, rule)`` their
binary feature names; training and run time call the same functions on the same parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import Document, Event, Place, Span

#: probability the best candidate needs to be the event's place (set out-of-fold, see train_places)
PICK_MIN = 0.4
#: below PICK_MIN, the rules' place stays while its probability reaches this. The annotators left
#: many plain places unmarked (of the candidates the rules take after "killed ... in", about half
#: are marked), so the model's "nowhere" was often a clear place lost ("killed four soldiers in
#: Samarra": 0.37). Out of fold this keeps 238 of the rules' places it would drop: accuracy 77.9 ->
#: 77.7, where the gold has a place 72.9 -> 74.7, where it has none 84.5 -> 81.7.
KEEP_MIN = 0.3
#: dependency labels kept of each half of the path between a toponym and the trigger
_MAX_PATH = 4


def candidates(doc: Document, ev: Event, places: Sequence[Place]) -> list[Place]:
    """The toponyms (of ``places``, the document's) in the event's sentence with a text span, in
    text order (references and modifiers too: their features say what they are)."""
    from ..stages.geo import FALLBACK_RULES, _sentence_index

    return sorted(
        (
            p
            for p in places
            if p.span.end > p.span.start
            and p.provenance.rule not in FALLBACK_RULES
            and _sentence_index(doc, p.span) == ev.sentence
        ),
        key=lambda p: p.span.start,
    )


#: provenance rules of a toponym that say what it is beyond a gazetteer match
_SOURCES = frozenset({"demonym", "modifier", "unresolved", "inherited-town"})


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5-8" if n < 9 else "9+"


def _root(parsed: Any, start: int, end: int) -> Any:
    sp = parsed.char_span(start, end, alignment_mode="expand")
    return sp.root if sp is not None and len(sp) else None


def _path(a: Any, b: Any) -> tuple[list[str], list[str], Any]:
    """Dependency labels from ``a`` up to the lowest common ancestor, from ``b`` up to it, and
    that ancestor (None when they share none)."""
    up_b = {t.i: k for k, t in enumerate([b, *b.ancestors])}
    ups: list[str] = []
    node = a
    while node.i not in up_b:
        ups.append(node.dep_ if node.dep_ != "prep" else f"prep:{node.lower_}")
        if node.head.i == node.i:
            return ups, [], None
        node = node.head
    lca = node
    downs: list[str] = []
    node = b
    while node.i != lca.i:
        downs.append(node.dep_ if node.dep_ != "prep" else f"prep:{node.lower_}")
        node = node.head
    return ups, downs, lca


def features(
    doc: Document, ev: Event, cands: Sequence[Place], rule: Place | None
) -> list[list[str]]:
    """Each candidate's binary feature names (see the module docstring)."""
    from ..stages import geo as g

    parsed = doc.parse
    trig = _root(parsed, ev.trigger.start, ev.trigger.end) if parsed is not None else None
    n = len(cands)
    out: list[list[str]] = []
    rule_here = rule is not None and any(c.id == rule.id for c in cands)
    dists = [abs(c.span.start - ev.trigger.start) for c in cands]
    nearest = min(dists, default=0)
    actors = [r.span for r in ev.actors]
    others = [e.trigger for e in doc.events
              if e.sentence == ev.sentence and not e.trigger.overlaps(ev.trigger)]
    n_other = f"n_events={_bucket(len(others))}"
    for k, c in enumerate(cands):
        f = [
            "bias",
            f"n={_bucket(n)}",
            f"etype={ev.type or '-'}",
            "rule"
            if rule is not None and c.id == rule.id
            else ("rule_elsewhere" if rule_here else "rule_none" if rule is None else "rule_prev"),
        ]
        ref = c.provenance.rule
        f.append(f"src={ref if ref in _SOURCES else 'gaz'}")
        f.append(f"fc={c.feature_code or '-'}")
        f.append(f"fcl={c.feature_class or '-'}")
        f.append(f"prec={c.precision or '-'}")
        if c.relation:
            f.append("relation")
        if k == 0:
            f.append("first")
        if dists[k] == nearest:
            f.append("nearest")
        f.append("before" if c.span.start < ev.trigger.start else "after")
        if any(
            o is not c and o.span.start <= c.span.start and c.span.end <= o.span.end for o in cands
        ):
            f.append("inside_other")
        if any(
            o is not c and c.span.start <= o.span.start and o.span.end <= c.span.end for o in cands
        ):
            f.append("holds_other")
        f.extend(_relations(doc, c, cands, ev.trigger))
        if parsed is not None and g._modifies_trigger(doc, c.span, ev.trigger):
            f.append("mod_trigger")
        elif any(c.span.overlaps(s) for s in actors):
            f.append(
                "in_actor"
                + ("_located" if any(g._located_within(doc, c.span, s) for s in actors) else "")
            )
        if any(g._inside(c.span, r.span) for r in ev.recipients):
            f.append("in_recipient")
        f.append(n_other)
        lo, hi = sorted((c.span.end, ev.trigger.start) if c.span.start < ev.trigger.start
                        else (ev.trigger.end, c.span.start))
        between = doc.text[lo:hi]
        if any(lo <= o.start and o.end <= hi for o in others):
            f.append("event_between")
        if others and min(abs(o.start - c.span.start) for o in others) < dists[k]:
            f.append("nearer_other_event")
        for mark, name in ((",", "comma"), (";", "semicolon"), ('"', "quote"), ("(", "paren")):
            if mark in between:
                f.append(f"between_{name}")
        if c.lat is None:
            f.append("unresolved")
        prev = doc.text[max(0, c.span.start - 30) : c.span.start].lower().split()
        f.append(f"prev={prev[-1] if prev else '^'}")
        if len(prev) >= 2:
            f.append(f"prev2={prev[-2]}_{prev[-1]}")
        nxt = doc.text[c.span.end : c.span.end + 20].lower().split()
        f.append(f"next={nxt[0] if nxt else '$'}")
        if trig is None or parsed is None:
            out.append(f)
            continue
        f.append(f"tpos={trig.pos_}")
        prep = g._governing_prep(doc, c.span)
        f.append(f"prep={prep or '-'}")
        for name, test in (
            ("attached", g._attached),
            ("own", g._own_phrase),
            ("off", g._off_trigger),
            ("acted", g._acted_on),
        ):
            if test(doc, ev.trigger, c.span):
                f.append(name)
        if g._is_modifier(doc, c.span, ev.trigger):
            f.append("modifier")
        if g._not_where(doc, c, ev.trigger):
            f.append("not_where")
        tok = _root(parsed, c.span.start, c.span.end)
        if tok is None:
            out.append(f)
            continue
        f.append(f"ent={tok.ent_type_ or '-'}")
        # what the place's phrase hangs on ("in clashes in X", "a market in X", "killed in X");
        # by its part of speech: its lemma overfitted ("soldiers in X" read as nowhere)
        head = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if head.i != tok.i:
            f.append(f"phead_pos={'trig' if head.i == trig.i else head.pos_}")
            if head.i != trig.i and any(o.start <= head.idx < o.end for o in others):
                f.append("phead_event")
        f.append(f"tdep={trig.dep_}")
        f.append(f"dep={tok.dep_}")
        ups, downs, lca = _path(tok, trig)
        up, down = "/".join(ups[:_MAX_PATH]), "/".join(downs[:_MAX_PATH])
        f.append(f"up={up}")
        f.append(f"down={down}")
        f.append(f"path={up}|{down}")
        f.append(f"plen={_bucket(len(ups) + len(downs))}")
        if lca is not None:
            f.append(
                "lca=trig"
                if lca.i == trig.i
                else "lca=place"
                if lca.i == tok.i
                else f"lca={lca.pos_}"
            )
        f.append(f"tdist={_bucket(abs(tok.i - trig.i))}")
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            f.append("verb=none")
        elif verb.i == trig.i:
            f.append("verb=trig")
        elif verb.head.i == trig.i:
            f.append(f"verb=child:{verb.dep_}")
        elif trig.head.i == verb.i:
            f.append(f"verb=parent:{trig.dep_}")
        else:
            f.append("verb=other")
        f.append(f"tlem={trig.lemma_.lower()}")
        for st in ev.status:
            f.append(f"status={st}")
        if prep:
            f.append(f"prep={prep}|{'before' if c.span.start < ev.trigger.start else 'after'}")
            f.append(f"prep={prep}|{'rule' if rule is not None and c.id == rule.id else 'x'}")
        out.append(f)
    return out


def _relations(doc: Document, c: Place, cands: Sequence[Place], trigger: Span) -> list[str]:
    """What the words and the gazetteer say of a candidate against the sentence's other
    toponyms: the smaller of a pair the text nests ("Azaz in northern Aleppo", "Mogadishu's
    Hodan district") or the larger; named as a town ("the town of Buinaksk") or a site; the
    finest of them, or a coarser unit holding a finer one of its country ("In Dagestan, ... in
    the town of Buinaksk"); a name the sentence repeats, nearer the trigger or not."""
    from ..stages import geo as g

    out = []
    others = [o for o in cands if o is not c and not o.span.overlaps(c.span)]
    if any(g._lies_in(doc, c, o) for o in others):
        out.append("nested_smaller")
    if any(g._lies_in(doc, o, c) for o in others):
        out.append("nested_larger")
    if g._named_town(doc, c):
        out.append("named_town")
    if g._site(doc, c):
        out.append("site")
    if g._reference_point(c):
        out.append("reference_point")
    spec = g._specificity(c)
    places = [o for o in others if o.provenance.rule not in g._REFERENCES]
    if places:
        finest = min(g._specificity(o) for o in places)
        out.append("finest" if spec < finest else "as_fine" if spec == finest else "coarser")
        if c.country_code and any(o.country_code == c.country_code and g._specificity(o) < spec
                                  for o in places):
            out.append("holds_finer_same_country")
    same = [abs(o.span.start - trigger.start) for o in others if o.text == c.text]
    if same:
        # "a diplomat in Gaza ... shot as he drove on a Gaza street": which mention is the event's
        out.append("repeat_nearer" if abs(c.span.start - trigger.start) < min(same) else "repeat_farther")
    return out


def eligible(feats: list[str]) -> bool:
    """Whether a candidate may be the event's place at all: only what the rules would consider
    (not a demonym or a modifier, "Iraqi forces", "the Scientology homepage"; not an actor's
    name, "Israel captured"; not an origin, destination or partner, "captured from Jordan",
    "flew to New York", "talks with Iran"). On the held-out folds this costs 0.7 points of
    accuracy (annotators sometimes mark such names); on news, the model's picks among them
    were mostly wrong."""
    return not ({"src=demonym", "src=modifier", "modifier", "not_where", "in_actor"} & set(feats))


def decide(
    probs: np.ndarray,
    feats: Sequence[list[str]],
    cands: Sequence[Any],
    pick_min: float = PICK_MIN,
    keep_min: float | None = KEEP_MIN,
) -> Any:
    """The eligible candidate with the highest probability if it reaches ``pick_min``; else the
    rules' own choice (the candidate with the feature "rule") if it reaches ``keep_min``; else
    None."""
    best, best_p = None, pick_min
    for c, p, f in zip(cands, probs, feats, strict=True):
        if p >= best_p and eligible(f):
            best, best_p = c, p
    if best is None and keep_min is not None:
        for c, p, f in zip(cands, probs, feats, strict=True):
            if p >= keep_min and "rule" in f:
                return c
    return best
