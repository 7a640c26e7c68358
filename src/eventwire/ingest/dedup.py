"""Content identity for articles: an exact hash, a short id, and a near-duplicate signature.

``article_hash`` ignores Unicode normalisation form and whitespace layout, so the same story read
from a CRLF file, a JSON line or a re-flowed HTML page gets the same hash. ``near_duplicate_key``
is a MinHash over word 5-shingles (datasketch): two keys agree in a fraction of their slots that
estimates the Jaccard similarity of the two texts' shingle sets.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..model import Article

#: Words per shingle: 5 keeps common phrases ("said on Tuesday that the") from making unrelated
#: wire stories look alike, while a lightly edited copy still shares most shingles.
SHINGLE_WORDS = 5
#: Permutations in a signature: the Jaccard estimate's standard error is about 1/sqrt(NUM_PERM).
NUM_PERM = 64
_SEED = 1  # fixed, so keys computed in different runs and processes compare

_WORD = re.compile(r"\w+", re.UNICODE)


def _text_of(article_or_text: Article | str) -> str:
    return article_or_text.text if isinstance(article_or_text, Article) else article_or_text


def canonical_text(text: str) -> str:
    """NFC-normalised text with every run of whitespace collapsed to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_hash(article: Article | str) -> str:
    """sha256 hex digest of the article's canonical text (see :func:`canonical_text`)."""
    return hashlib.sha256(canonical_text(_text_of(article)).encode("utf-8")).hexdigest()


def content_id(article: Article | str) -> str:
    """A stable short article id from the content: 'a' + the first 16 hex digits of the hash."""
    return "a" + article_hash(article)[:16]


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of case-folded word k-grams of ``text`` (one shingle of all words if fewer)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def near_duplicate_key(text: str, num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """A MinHash signature (``num_perm`` ints) of the text's word 5-shingles; deterministic."""
    from datasketch import MinHash  # imported here: it pulls in scipy, which costs ~1 s

    mh = MinHash(num_perm=num_perm, seed=_SEED)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return tuple(int(v) for v in mh.hashvalues)


def near_duplicate_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two texts from their keys: the share of equal slots."""
    if len(a) != len(b):
        raise ValueError(f"keys of different lengths ({len(a)} and {len(b)}) cannot be compared")
    if not a:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def band_keys(key: tuple[int, ...], bands: int = 16) -> tuple[str, ...]:
    """LSH bucket labels: texts that share a label are candidate near-duplicates.

    With 64 slots in 16 bands of 4, pairs with Jaccard 0.8 share a band with probability ~0.9999
    and pairs at 0.3 with probability ~0.12.
    """
    if bands <= 0 or len(key) % bands:
        raise ValueError(f"{len(key)} slots do not split into {bands} bands")
    rows = len(key) // bands
    out = []
    for b in range(bands):
        chunk = ",".join(str(v) for v in key[b * rows : (b + 1) * rows])
        out.append(f"{b}:" + hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest())
    return tuple(out)
