"""Name normalisation shared by the gazetteer builder and lookups: one function, so both sides agree."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes and similar marks vanish ("Karbala'" = "Karbala", "N'Djamena" = "Ndjamena");
# periods vanish so "U.S." = "US" and "St. Louis" = "St Louis".
_DROP = dict.fromkeys(map(ord, "'’‘`´ʼʻʾʿ.·\u200c\u200d\u200e\u200f\u0640"), None)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
#: Leading articles that spellings vary on ("al-Anbar" / "Anbar", "The Hague" / "Hague").
_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "az ", "the ")


def normalize(name: str) -> str:
    """Casefold, strip diacritics and punctuation, collapse spaces: the index key of a name."""
    if not isinstance(name, str) or not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_DROP).casefold()
    return _NON_WORD.sub(" ", text).strip()


def variants(norm: str) -> list[str]:
    """The normalised key plus its form without a leading article, most specific first."""
    if not norm:
        return []
    out = [norm]
    for article in _ARTICLES:
        if norm.startswith(article) and len(norm) > len(article) + 2:
            out.append(norm[len(article):])
            break
    return out
