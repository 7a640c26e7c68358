"""Plain text: the whole file is one article, decoded strictly as UTF-8, with LF line ends.

The title is left empty on purpose: a first line may be a headline, a dateline or a sentence,
and a wrong title is worse than none.
"""

from __future__ import annotations

from ..config import IngestOptions
from ..model import Article
from .checks import check_binary, check_not_empty, check_size, decode_utf8, normalise_newlines


def read_text(data: bytes, origin: str, options: IngestOptions) -> Article:
    """One article from the bytes of a text file; raises the InputError that says what is wrong."""
    check_size(len(data), options, origin)
    check_binary(data, origin)
    text = normalise_newlines(decode_utf8(data, origin))
    check_not_empty(text, origin, what="file")
    return Article(text=text, origin=origin)
