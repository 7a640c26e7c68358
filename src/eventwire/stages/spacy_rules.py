"""Faster stand-ins for two of spaCy's rule components, with the same output.

The English pipelines run an attribute ruler (universal POS and morphology from the fine tag,
plus word exceptions) and a rule lemmatizer after the parser. Together they took about a quarter
of the time of the small English model on our news (``benchmarks/throughput.py``): the ruler
runs a 179-pattern ``Matcher`` over every token and the lemmatizer makes a ``Token`` object per
word. Both are pure functions of a few attributes of the token, so the stand-ins remember them:

- :class:`FastAttributeRuler` decides every token spec of the ruler's patterns (tests of TAG,
  LOWER, DEP or IS_SPACE by equality, ``IN``, ``NOT_IN`` or ``REGEX``, as the ``Matcher`` reads
  them) once per distinct (TAG, LOWER, DEP, IS_SPACE), finds the few patterns of several tokens
  from those answers, and gives each token the attributes of the patterns that match it in the
  ruler's order (a later pattern wins, as the ruler sorts its matches); a ruler with any other
  kind of pattern keeps its stock component.
- :class:`FastLemmatizer` gives a token without a lemma the rule lemmatizer's answer for its
  (ORTH, POS, MORPH), which is all spaCy's rule lemmatizer and its English subclass read (its own
  cache has the same key), asking the lemmatizer once per new key.

:func:`speed_up` swaps them in where a loaded pipeline has the stock components, keeping their
names, and leaves any other pipeline as it is. ``tests/unit/test_spacy_rules.py`` compares every
token attribute with the stock components on real news.
"""

from __future__ import annotations

import re
from typing import Any

#: the token attributes the stand-in reads, and the operators it knows; a ruler with a pattern
#: testing anything else keeps its stock component
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OPS = frozenset({"IN", "NOT_IN", "REGEX"})
#: distinct keys a stand-in remembers before it starts afresh (bounds memory on a long run)
MEMO_MAX = 200_000
RULER = "eventwire_fast_attribute_ruler"
LEMMATIZER = "eventwire_fast_lemmatizer"


def _spec_test(spec: dict[str, Any]) -> Any:
    """A function of a token's (TAG, LOWER, DEP, IS_SPACE) strings that says whether one token
    spec of a Matcher pattern holds, as the Matcher decides it (a missing TAG or DEP reads as the
    empty string; REGEX searches); None when the spec uses anything else."""
    tests = []
    for key, value in spec.items():
        if key not in _KEYS:
            return None
        at = _KEYS.index(key)
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= _OPS or key == "IS_SPACE":
                return None
            op, arg = next(iter(value.items()))
            if op == "REGEX":
                tests.append((at, "re", re.compile(arg)))
            else:
                tests.append((at, op, frozenset(arg)))
        elif isinstance(value, bool) == (key == "IS_SPACE"):
            tests.append((at, "==", value))
        else:
            return None

    def holds(attrs: tuple[str, str, str, bool]) -> bool:
        for at, op, arg in tests:
            got = attrs[at]
            if op == "==":
                ok = got == arg
            elif op == "IN":
                ok = got in arg
            elif op == "NOT_IN":
                ok = got not in arg
            else:
                ok = arg.search(got) is not None
            if not ok:
                return False
        return True

    return holds


class FastAttributeRuler:
    """The stock attribute ruler's output without its Matcher: every token spec of its patterns
    is decided once per distinct (TAG, LOWER, DEP, IS_SPACE), and a token's attributes are the
    matching patterns' in the ruler's order (a later pattern wins, as the ruler sorts them).
    Build with :meth:`of`, which says None for a ruler whose patterns need more."""

    def __init__(self, ruler: Any, specs: list[Any], patterns: list[tuple[int, list[int], int]]):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.specs = specs  # the distinct token specs' tests
        #: (attr_id, spec ids, index) of the one-token patterns and of the longer ones
        self.single = [(a, ids[0]) for a, ids, _ in patterns if len(ids) == 1]
        self.multi = [(a, ids, index) for a, ids, index in patterns if len(ids) > 1]
        self.multi_specs = frozenset(i for _, ids, _ in self.multi for i in ids)
        #: key -> (the one-token patterns' attribute ids in order, the multi-token specs held)
        self.memo: dict[tuple[str, str, str, bool], tuple[tuple[int, ...], frozenset[int]]] = {}

    @classmethod
    def of(cls, ruler: Any) -> FastAttributeRuler | None:
        specs: list[Any] = []
        seen: dict[str, int] = {}
        patterns = []
        for attr_id in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(ruler.vocab.strings[str(attr_id)])[1]:
                ids = []
                for spec in pattern:
                    key = repr(sorted(spec.items()))
                    if key not in seen:
                        test = _spec_test(spec)  # None for an operator ("OP") or other key
                        if test is None:
                            return None
                        seen[key] = len(specs)
                        specs.append(test)
                    ids.append(seen[key])
                index = ruler.indices[attr_id]
                if not ids or not -len(ids) <= index < len(ids):
                    return None  # the stock ruler reports such a pattern; leave it to it
                patterns.append((attr_id, ids, index % len(ids)))
        return cls(ruler, specs, patterns)

    def _decide(self, key: tuple[str, str, str, bool]) -> tuple[tuple[int, ...], frozenset[int]]:
        if len(self.memo) >= MEMO_MAX:
            self.memo.clear()
        held = {i for i, test in enumerate(self.specs) if test(key)}
        attr_ids = tuple(sorted({a for a, spec in self.single if spec in held}))
        found = self.memo[key] = (attr_ids, frozenset(held & self.multi_specs))
        return found

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        strings = self.vocab.strings
        memo, decide = self.memo, self._decide
        decided = []
        for tag, lower, dep, space in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist():
            key = (strings[tag] if tag else "", strings[lower], strings[dep] if dep else "",
                   bool(space))
            decided.append(memo.get(key) or decide(key))
        extra: dict[int, list[int]] = {}
        if self.multi:
            n = len(decided)
            starts = [i for i, (_, held) in enumerate(decided) if held]
            for attr_id, ids, index in self.multi:
                for i in starts:
                    if i + len(ids) <= n and all(s in decided[i + k][1] for k, s in enumerate(ids)):
                        extra.setdefault(i + index, []).append(attr_id)
        attrs = self.ruler.attrs
        for i, (attr_ids, _) in enumerate(decided):
            if i in extra:
                attr_ids = tuple(sorted({*attr_ids, *extra[i]}))
            if attr_ids:
                merged: dict[int, Any] = {}
                for a in attr_ids:
                    merged.update(attrs[a])
                set_token_attrs(doc[i], merged)
        return doc


class FastLemmatizer:
    """The stock rule lemmatizer's output, remembered per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lem = self.lemmatizer
        if not lem._validated:
            return lem(doc)  # the stock path raises its own error for missing tables
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.arange(len(doc)) if lem.overwrite else np.flatnonzero(arr[:, 3] == 0)
        if not len(todo):
            return doc
        memo, strings = self.memo, self.vocab.strings
        for i, key in zip(todo.tolist(), map(tuple, arr[todo, :3].tolist()), strict=True):
            lemma = memo.get(key)
            if lemma is None:
                if len(memo) >= MEMO_MAX:
                    memo.clear()
                lemma = memo[key] = strings.add(lem.lemmatize(doc[i])[0])
            arr[i, 3] = lemma
        doc.from_array([LEMMA], arr[:, 3:4])
        return doc


def speed_up(nlp: Any) -> list[str]:
    """Swap the stand-ins in for a stock attribute ruler and rule lemmatizer (same names, same
    places); the names of the components swapped."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer

    if not Language.has_factory(RULER):
        Language.factory(RULER, func=lambda nlp, name: _Holder())
    if not Language.has_factory(LEMMATIZER):
        Language.factory(LEMMATIZER, func=lambda nlp, name: _Holder())
    swapped = []
    for name, proc in list(nlp.pipeline):
        if type(proc) is AttributeRuler and (ruler := FastAttributeRuler.of(proc)) is not None:
            fast: Any = ruler
            factory = RULER
        elif type(proc) in (Lemmatizer, EnglishLemmatizer) and proc.mode == "rule":
            fast, factory = FastLemmatizer(proc), LEMMATIZER
        else:
            continue
        nlp.replace_pipe(name, factory)
        holder = nlp.get_pipe(name)
        holder.inner = fast
        swapped.append(name)
    return swapped


class _Holder:
    """The pipeline slot of a stand-in (spaCy builds components from factories by name)."""

    inner: Any = None

    def __call__(self, doc: Any) -> Any:
        return self.inner(doc)

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        inner = self.inner
        for doc in docs:
            yield inner(doc)
