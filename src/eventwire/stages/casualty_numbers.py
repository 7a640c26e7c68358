"""Casualty numbers: reading a count from its words and a victim noun phrase from the parse.

``parse_number(words)`` reads "twenty-nine", "1,200", "a dozen", "two lakh"; ``victim_count(noun)``
the count a noun phrase names (its number, 0 when negated, 1 for one person, None when vague);
``count_victims(nouns)`` sums coordinated victims. Used by :mod:`eventwire.stages.casualties`.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Span

Token = Any


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


_UNITS = {
    **{
        w: i
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen".split()
        )
    },
    **{
        w: 20 + 10 * i
        for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
    },
    **{"a": 1, "an": 1, "single": 1, "couple": 2, "both": 2, "dozen": 12, "half": 0},
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "lakh": 10**5, "crore": 10**7}
#: Vague quantities: a count exists but the text does not say it (policy: None).
_VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "many", "some", "few", "numerous"}
#: Singular nouns that name a group, not one person ("arrested the gang").
_COLLECTIVE = frozenset(
    "gang group crowd mob family team unit cell band convoy village population party community force "
    "army police staff crew delegation battalion platoon company militia movement organisation "
    "organization government leadership network rest majority minority bill plan deal proposal idea "
    "project engine story time".split()
)
_VICTIM_VERBS = frozenset(
    "kill murder slay assassinate behead execute injure wound hurt arrest detain apprehend nab shoot".split()
)
_NUMBER_WORD = re.compile(r"^\d[\d,]*(\.\d+)?$")


def parse_number(words: list[str]) -> int | None:
    """Read a number from its words: ["twenty", "-", "nine"] -> 29, ["1,200"] -> 1200, ["a", "dozen"] -> 12."""
    words = [w.lower() for w in words if w not in {"-", "and", "–"}]
    if not words:
        return None
    if words == ["half", "a", "dozen"]:
        return 6
    total = current = 0
    seen = False
    for w in words:
        if _NUMBER_WORD.match(w):
            current += int(float(w.replace(",", "")))
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        elif w in _UNITS:
            if w in {"a", "an"}:
                continue  # "a dozen", "a hundred": the scale supplies the value
            current += _UNITS[w]
            seen = True
        else:
            return None
    return total + current if seen else None


def is_age(tok: Token) -> bool:
    """ "a 22-year-old housewife": the number is an age, not a count."""
    after = tok.doc[tok.i + 1 : tok.i + 4].text.lower().replace(" ", "")
    return after.startswith(("-year", "year-old", "yearold", "-month", "month-old"))


def is_num(tok: Token) -> bool:
    low = tok.lower_
    if is_age(tok):
        return False
    return (
        bool(_NUMBER_WORD.match(low))
        or low in _UNITS
        and low not in {"a", "an", "half", "single", "both"}
        or low in _SCALES
        or ("-" in low and all(p in _UNITS for p in low.split("-")))
        or tok.like_num
        and low not in _VAGUE
    )


def number_at(tok: Token) -> tuple[int | None, Span]:
    """The number phrase around a numeric token ("twenty - nine", "a dozen", "1,200") and its span."""
    doc = tok.doc
    lo = hi = tok.i
    while lo - 1 >= tok.sent.start and (is_num(doc[lo - 1]) or doc[lo - 1].text in {"-", "–"}):
        lo -= 1
    while hi + 1 < tok.sent.end and (
        is_num(doc[hi + 1])
        or doc[hi + 1].text in {"-", "–"}
        and hi + 2 < tok.sent.end
        and is_num(doc[hi + 2])
    ):
        hi += 1
    if (
        lo - 1 >= tok.sent.start
        and doc[lo - 1].lower_ in {"a", "an"}
        and doc[lo].lower_ in {"dozen", "hundred", "thousand"}
    ):
        lo -= 1
    if lo - 2 >= tok.sent.start and doc[lo - 2].lower_ == "half" and doc[lo - 1].lower_ == "a":
        lo -= 2
    words = [doc[i].text for i in range(lo, hi + 1)]
    return parse_number(words), Span(doc[lo].idx, doc[hi].idx + len(doc[hi].text))


def victim_count(noun: Token, single: bool = True) -> tuple[int | None, Span | None]:
    """How many victims a noun phrase names: its number, nummod, 0 if negated, 1 if one person.

    ``single=False`` for a casualty noun itself ("such a killing" is no count of one).
    """
    low = noun.lower_
    if low in _VAGUE:
        return None, None
    if low in {"total", "number"}:  # "a total of 12 people", "the number of dead"
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = _child(of, "pobj") if of is not None else None
        return victim_count(obj) if obj is not None else (None, None)
    if low in {"nobody", "none", "noone"} or any(
        c.lower_ == "no" and c.dep_ == "det" for c in noun.children
    ):
        return 0, Span(noun.idx, noun.idx + len(noun.text))
    if is_num(noun) or low == "dozen":
        return number_at(noun)
    for child in noun.children:
        if child.dep_ in {"nummod", "quantmod"} and (is_num(child) or child.lower_ == "dozen"):
            return number_at(child)
        if child.lower_ in _VAGUE and child.dep_ in {"amod", "det", "nummod"}:
            return None, None
    for (
        child
    ) in noun.children:  # "the two hizbul mujahideen members": the number sits on a modifier
        if child.dep_ in {"compound", "nmod"} and child.i < noun.i:
            for t in child.subtree:
                if (
                    t.dep_ == "nummod"
                    and is_num(t)
                    and t.head.dep_ in {"compound", "nmod"} | {"ROOT"} | {t.head.dep_}
                ):
                    return number_at(t)
    if low == "another" or low == "one" and noun.pos_ == "PRON":
        return 1, Span(noun.idx, noun.idx + len(noun.text))
    if noun.lower_ in {"he", "she", "him", "her"}:
        return 1, Span(noun.idx, noun.idx + len(noun.text))
    singular = single and noun.tag_ in {"NN", "NNP"}
    person = noun.ent_type_ == "PERSON" or any(
        c.dep_ == "det" and c.lower_ in {"a", "an", "one"} for c in noun.children
    )
    if not person and singular and noun.tag_ == "NN" and noun.lemma_.lower() not in _COLLECTIVE:
        # the victim of kill/injure/arrest: "killed the deputy chief", "her son was killed"
        person = (
            noun.dep_ in {"dobj", "nsubjpass"}
            and noun.head.lemma_.lower() in _VICTIM_VERBS
            and any(c.dep_ in {"det", "poss"} for c in noun.children)
        )
    if singular and person:
        # a single named person or "a policeman": span covers the whole name
        left = min(
            (t for t in noun.subtree if t.dep_ in {"compound", "det", "amod"} or t is noun),
            key=lambda t: t.i,
        )
        return 1, Span(left.idx, noun.idx + len(noun.text))
    return None, None


def coordinated(noun: Token) -> list[Token]:
    """The noun and its coordinated nouns ("three soldiers and two civilians")."""
    out = [noun]
    for c in noun.children:
        if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
            out.extend(coordinated(c))
    return out


def count_victims(nouns: list[Token], single: bool = True) -> tuple[int | None, list[Span]]:
    values: list[int] = []
    spans: list[Span] = []
    for k, n in enumerate(nouns):
        value, span = victim_count(n, single)
        if value is None and k > 0 and values and not any(c.dep_ == "det" for c in n.children):
            continue  # "17000 dalits and buddhists": the number covers the conjoined noun
        if value is None:
            return None, []
        values.append(value)
        if span is not None:
            spans.append(span)
    return (sum(values), spans) if values else (None, [])
