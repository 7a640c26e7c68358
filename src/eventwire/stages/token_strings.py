"""Every token's lower-cased lemma, lower form and part of speech, read once per spaCy Doc.

Stages that look words up in a lexicon (events, contexts) test each token's strings before they
make a Token object; reading ``lemma_``/``lower_`` token by token costs more than the lookups.
:func:`token_strings` reads the three columns with ``Doc.to_array`` once per parse, keeps the
result in the Doc's ``user_data`` for the next stage, and turns string hashes into lower-cased
strings through one process-wide table (a hash is the string's own, whatever the vocabulary).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_KEY = "eventwire.token_strings"
#: string hash -> the string in lower case, shared by every parse of the process
_LOWER: dict[int, str] = {}


@dataclass(frozen=True)
class TokenStrings:
    lemmas: list[str]  # lower-cased lemma of each token
    lowers: list[str]  # lower-cased form of each token
    pos: list[int]  # spaCy's coarse part-of-speech id of each token


def token_strings(spdoc: Any) -> TokenStrings:
    """The strings of every token of ``spdoc`` (computed on the first call, then kept)."""
    cached = spdoc.user_data.get(_KEY)
    if cached is not None:
        return cached
    from spacy.attrs import LEMMA, LOWER, POS

    if len(spdoc):
        arr = spdoc.to_array([LEMMA, LOWER, POS])
        lemma_h, lower_h, pos = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
    else:
        lemma_h, lower_h, pos = [], [], []
    strings = spdoc.vocab.strings
    for h in set(lemma_h).union(lower_h).difference(_LOWER):
        _LOWER[h] = strings[h].lower()
    out = TokenStrings([_LOWER[h] for h in lemma_h], [_LOWER[h] for h in lower_h], pos)
    spdoc.user_data[_KEY] = out
    return out
