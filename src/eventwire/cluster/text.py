"""Lexical evidence: how much two event sentences share the rare words that name a happening.

Reports of one happening repeat its proper names ("Sabarmati Express", "Gulbarg Society",
"Sardarpura") even when the gazetteer does not know the village and the date stage dates the
mention by publication. ``TextIndex`` weighs each word by its inverse document frequency over the
sentences being clustered (a word in every report, "police", "killed", weighs almost nothing) and
scores a pair by the cosine of their binary TF-IDF vectors, 0..1.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .mention import Mention

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)

#: Function words (no content): never evidence. Short on purpose; IDF discounts the rest.
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves said says say told tell according one two three four
five six seven eight nine ten monday tuesday wednesday thursday friday saturday sunday yesterday
today tonight last week month year day night morning evening afternoon since still even however
""".split()
)


def content_words(text: str | None) -> frozenset[str]:
    """The case-folded content words of a sentence (no function words, no numbers, 3+ letters)."""
    if not text:
        return frozenset()
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return frozenset(w.strip("'-") for w in words if len(w) >= 3 and w not in STOPWORDS)


class TextIndex:
    """IDF over the sentences of a batch of mentions; ``similarity(a, b)`` is their cosine, 0..1."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        # One document per distinct sentence: events of one sentence must not inflate its words.
        docs: dict[tuple[str, str], frozenset[str]] = {}
        self._words: dict[str, frozenset[str]] = {}
        for m in mentions:
            words = content_words(m.text)
            self._words[m.event_id] = words
            docs[(m.article_id, m.text or "")] = words
        df: Counter[str] = Counter()
        for words in docs.values():
            df.update(words)
        n = max(len(docs), 1)
        self._idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
        self._default = math.log(n + 1) + 1.0  # a word never seen: as rare as it gets
        self._norm: dict[str, float] = {}

    def _weight(self, word: str) -> float:
        return self._idf.get(word, self._default)

    def _length(self, m: Mention) -> float:
        if m.event_id not in self._norm:
            words = self.words(m)
            self._norm[m.event_id] = math.sqrt(sum(self._weight(w) ** 2 for w in words))
        return self._norm[m.event_id]

    def words(self, m: Mention) -> frozenset[str]:
        found = self._words.get(m.event_id)
        if found is None:
            found = self._words[m.event_id] = content_words(m.text)
        return found

    def rare_words(self, m: Mention, k: int = 8) -> tuple[str, ...]:
        """The ``k`` rarest content words of the mention's sentence (its blocking keys)."""
        return tuple(sorted(self.words(m), key=lambda w: (-self._weight(w), w))[:k])

    def similarity(self, a: Mention, b: Mention) -> tuple[float, tuple[str, ...]]:
        """(cosine of the two sentences' TF-IDF vectors, the shared words rarest first)."""
        shared = self.words(a) & self.words(b)
        if not shared:
            return 0.0, ()
        la, lb = self._length(a), self._length(b)
        if not la or not lb:
            return 0.0, ()
        dot = sum(self._weight(w) ** 2 for w in shared)
        top = tuple(sorted(shared, key=lambda w: (-self._weight(w), w))[:3])
        return dot / (la * lb), top
