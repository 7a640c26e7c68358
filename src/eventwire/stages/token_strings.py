"""Every token's strings and parse attributes, read once per spaCy Doc.

Stages that look words up in a lexicon (events, contexts) or read every token of a sentence
(the event model's features) test each token's attributes before they make a Token object;
reading ``lemma_``/``lower_``/``dep_`` token by token costs more than the lookups, since every
``doc[i]`` builds a new Token. :func:`token_strings` reads the columns with ``Doc.to_array`` once
per parse, keeps the result in the Doc's ``user_data`` for the next stage, and turns string
hashes into strings through process-wide tables (a hash is the string's own, whatever the
vocabulary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_KEY = "eventwire.token_strings"
#: string hash -> the string in lower case, shared by every parse of the process
_LOWER: dict[int, str] = {}
#: string hash -> the string as it is (tags, dependency and entity labels)
_EXACT: dict[int, str] = {}


@dataclass(frozen=True)
class TokenStrings:
    lemmas: list[str]  # lower-cased lemma of each token
    lowers: list[str]  # lower-cased form of each token
    pos: list[int]  # spaCy's coarse part-of-speech id of each token
    pos_: list[str] = field(default_factory=list)  # the same as a string ("VERB")
    deps: list[str] = field(default_factory=list)  # dependency label ("dobj", "ROOT")
    heads: list[int] = field(default_factory=list)  # the head's token index (a root its own)
    ents: list[str] = field(default_factory=list)  # entity label ("GPE"), "" outside entities
    alpha: list[bool] = field(default_factory=list)  # Token.is_alpha
    stop: list[bool] = field(default_factory=list)  # Token.is_stop
    texts: list[str] = field(default_factory=list)  # Token.text
    idx: list[int] = field(default_factory=list)  # Token.idx, the first character's offset
    starts: list[bool] = field(default_factory=list)  # Token.is_sent_start
    punct: list[bool] = field(default_factory=list)  # Token.is_punct
    _children: list[list[int]] | None = field(default=None, repr=False, compare=False)

    def children(self, i: int) -> list[int]:
        """Token ``i``'s children in order, as indices: every token whose head it is (what
        ``Token.children`` yields, except that spaCy looks for them only between the token's
        subtree edges, which a non-projective parse can leave short of a child)."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.heads]
            for j, h in enumerate(self.heads):
                if h != j:
                    kids[h].append(j)
            object.__setattr__(self, "_children", kids)
        assert self._children is not None
        return self._children[i]


def token_strings(spdoc: Any) -> TokenStrings:
    """The strings of every token of ``spdoc`` (computed on the first call, then kept)."""
    cached = spdoc.user_data.get(_KEY)
    if cached is not None:
        return cached
    from spacy.attrs import (
        DEP,
        ENT_TYPE,
        HEAD,
        IDX,
        IS_ALPHA,
        IS_PUNCT,
        IS_STOP,
        LEMMA,
        LOWER,
        ORTH,
        POS,
        SENT_START,
    )

    if len(spdoc):
        cols = spdoc.to_array([LEMMA, LOWER, POS, DEP, ENT_TYPE, IS_ALPHA, IS_STOP, ORTH, IDX,
                               SENT_START, HEAD, IS_PUNCT])
        lemma_h, lower_h, pos, dep_h, ent_h = (cols[:, k].tolist() for k in range(5))
        alpha, stop = cols[:, 5].astype(bool).tolist(), cols[:, 6].astype(bool).tolist()
        orth_h, idx = cols[:, 7].tolist(), cols[:, 8].tolist()
        starts = (cols[:, 9] == 1).tolist()
        # HEAD is the head's offset from the token, in an unsigned column: -1 wraps around
        heads = [i + r for i, r in enumerate(cols[:, 10].astype("int64").tolist())]
        punct = cols[:, 11].astype(bool).tolist()
    else:
        lemma_h, lower_h, pos, dep_h, ent_h, alpha, stop, orth_h, idx, starts, heads, punct = (
            [] for _ in range(12)
        )
    strings = spdoc.vocab.strings
    for h in set(lemma_h).union(lower_h).difference(_LOWER):
        _LOWER[h] = strings[h].lower()
    for h in set(dep_h).union(ent_h, pos).difference(_EXACT):
        _EXACT[h] = strings[h] if h else ""
    out = TokenStrings(
        [_LOWER[h] for h in lemma_h], [_LOWER[h] for h in lower_h], pos,
        [_EXACT[h] for h in pos], [_EXACT[h] for h in dep_h], heads,
        [_EXACT[h] for h in ent_h], alpha, stop, [strings[h] for h in orth_h], idx, starts, punct,
    )
    spdoc.user_data[_KEY] = out
    return out


#: (spaCy Doc, its entities) of the last call. Not kept in the Doc's user_data: a Span refers to
#: its Doc, and the cycle would keep every parse alive until the garbage collector found it. The
#: pair is swapped in one assignment so threads never see a Doc with another Doc's entities.
_LAST_ENTS: tuple[Any, tuple[Any, ...]] = (None, ())


def entities(spdoc: Any) -> tuple[Any, ...]:
    """``spdoc.ents`` (the property builds every entity Span on each read), made once for the
    parse a stage is working on."""
    global _LAST_ENTS
    cached = _LAST_ENTS
    if cached[0] is spdoc:
        return cached[1]
    ents = tuple(spdoc.ents)
    _LAST_ENTS = (spdoc, ents)
    return ents


_TEXT = "eventwire.text"


def remember_text(spdoc: Any, text: str) -> None:
    """Keep the text a parse was made from: spaCy's tokens keep it whole, so it is ``Doc.text``,
    which otherwise joins every token on each read."""
    spdoc.user_data[_TEXT] = text


def parse_text(spdoc: Any) -> str:
    """``spdoc.text``, from :func:`remember_text` when the nlp stage kept it."""
    text = spdoc.user_data.get(_TEXT)
    if text is None:
        text = spdoc.user_data[_TEXT] = spdoc.text
    return text


def span_text(span: Any) -> str:
    """``span.text`` for a spaCy Span, cut from the parse's text rather than joined from tokens."""
    return parse_text(span.doc)[span.start_char : span.end_char]
