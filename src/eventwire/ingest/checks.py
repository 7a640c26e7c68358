"""Checks an input passes before it becomes an Article: size, binary, encoding, emptiness, language.

Each check raises the matching :class:`~eventwire.errors.InputError` subclass with a message that
names the input (its ``origin``) and says what to do; the readers turn those into yielded errors.
"""

from __future__ import annotations

import codecs
import shlex

from ..config import IngestOptions
from ..errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputTooLargeError,
    UnsupportedLanguageError,
)

#: How much of a file the binary check and the format sniffer look at.
HEAD_BYTES = 8192
#: Below this many characters langdetect is a coin toss, so short texts are taken as English.
MIN_DETECT_CHARS = 40
#: langdetect only needs a sample; long articles cost time without changing the answer.
DETECT_SAMPLE_CHARS = 3000
#: Accept an article when an allowed language scores at least this much (names and quotes
#: in other languages pull English articles off course; dropping an English article is worse
#: than letting a foreign one through to stages that will find little in it).
MIN_ALLOWED_PROB = 0.1
#: Texts shorter than this are refused only when langdetect is this sure of another language.
SHORT_TEXT_CHARS = 200
SHORT_TEXT_MIN_PROB = 0.95

_LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "ar": "Arabic",
    "zh-cn": "Chinese",
    "zh-tw": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "tr": "Turkish",
    "fa": "Persian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "sv": "Swedish",
    "hi": "Hindi",
    "ur": "Urdu",
}

# Python codec names -> the names iconv knows, for the suggested fix command.
_ICONV_NAMES = {
    "cp1252": "WINDOWS-1252",
    "cp1251": "WINDOWS-1251",
    "cp1250": "WINDOWS-1250",
    "cp1253": "WINDOWS-1253",
    "cp1254": "WINDOWS-1254",
    "cp1256": "WINDOWS-1256",
    "latin_1": "ISO-8859-1",
    "iso8859_15": "ISO-8859-15",
    "mac_roman": "MACINTOSH",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16LE",
    "utf_16_be": "UTF-16BE",
    "utf_32": "UTF-32",
    "shift_jis": "SHIFT_JIS",
    "euc_jp": "EUC-JP",
    "gb2312": "GB2312",
    "gb18030": "GB18030",
    "big5": "BIG5",
    "koi8_r": "KOI8-R",
    "cp437": "CP437",
}

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)


def human_size(n: int) -> str:
    """A byte count for people: 512 B, 4.2 KB, 7.0 MB."""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} KB"
    return f"{n / 1_000_000:.1f} MB"


def check_size(size: int, options: IngestOptions, origin: str, what: str = "file") -> None:
    """Raise InputTooLargeError when ``size`` bytes exceed ``options.max_bytes``."""
    if size > options.max_bytes:
        raise InputTooLargeError(
            f"{what} is {human_size(size)}, over the {human_size(options.max_bytes)} limit",
            origin=origin,
            hint="split it into smaller articles or raise [ingest] max_bytes in eventwire.toml",
        )


def utf16_32_bom(data: bytes) -> str | None:
    """The iconv name of a UTF-16/32 byte-order mark at the start of ``data``, if any."""
    for bom, name in _UTF16_32_BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True when the head of ``data`` holds NUL bytes or is mostly control characters."""
    head = data[:HEAD_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    # Control bytes other than tab, newline, form feed, carriage return and escape are rare in text.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.1


def check_binary(data: bytes, origin: str) -> None:
    """Raise EncodingError for UTF-16/32 text and BinaryInputError for other binary data."""
    bom = utf16_32_bom(data)
    if bom:
        raise EncodingError(
            f"text is {bom}, not UTF-8",
            origin=origin,
            hint=f"convert it: iconv -f {bom} -t UTF-8 {shlex.quote(origin)} > fixed.txt",
        )
    if looks_binary(data):
        raise BinaryInputError(
            "looks like a binary file, not text (NUL or control bytes)",
            origin=origin,
            hint="give eventwire plain text, HTML, JSONL or CSV; convert PDFs and office files "
            "to text first, or remove the file",
        )


def guess_encoding(data: bytes) -> str | None:
    """The iconv name of the likeliest encoding of ``data``, via charset-normalizer if installed."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: without it we simply make no guess
        return None
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    encoding = best.encoding
    # Short Western text fits cp1250, cp1252 and cp1257 equally well; cp1252 is by far the
    # commonest legacy encoding of news text, so it wins a tie.
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    if "cp1252" in tied:
        encoding = "cp1252"
    return _ICONV_NAMES.get(encoding, encoding.upper().replace("_", "-"))


def decode_utf8(data: bytes, origin: str, *, guess: bool = True) -> str:
    """Decode ``data`` strictly as UTF-8 (dropping a BOM) or raise EncodingError naming the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        encoding = guess_encoding(data) if guess else None
        if encoding:
            hint = f"convert it: iconv -f {encoding} -t UTF-8 {shlex.quote(origin)} > fixed"
        else:
            hint = "convert it to UTF-8 (iconv -f <its encoding> -t UTF-8)"
        raise EncodingError(
            f"not valid UTF-8 (byte 0x{bad} at line {line}, column {column})"
            + (f"; it looks like {encoding}" if encoding else ""),
            origin=origin,
            hint=hint,
        ) from None


def normalise_newlines(text: str) -> str:
    """Drop a BOM and turn CRLF and lone CR into LF, so offsets never straddle a line break."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def check_not_empty(text: str, origin: str, what: str = "text") -> None:
    """Raise EmptyInputError when ``text`` holds nothing but whitespace."""
    if not text.strip():
        raise EmptyInputError(
            f"{what} is empty", origin=origin, hint="add the article text or remove the input"
        )


def normalise_language(code: str | None) -> str | None:
    """'EN', 'en-US', 'en_GB' -> 'en'; Chinese keeps its script ('zh-cn'); '' -> None."""
    if not code or not str(code).strip():
        return None
    code = str(code).strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return code
    return code.split("-")[0]


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, repr(code))


def detect_languages(text: str) -> list[tuple[str, float]]:
    """[(language, probability), ...] of ``text`` by seeded langdetect; [] when it cannot tell."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = (
        0  # langdetect is random without a seed; the same text must get the same answer
    )
    try:
        return [(x.lang, x.prob) for x in detect_langs(text[:DETECT_SAMPLE_CHARS])]
    except LangDetectException:  # no letters at all
        return []


def check_language(
    text: str, options: IngestOptions, origin: str, declared: str | None = None
) -> str | None:
    """The article's language, or UnsupportedLanguageError when it is not in ``options.languages``.

    A declared language (a record's ``language`` field) is trusted; otherwise langdetect decides,
    except for texts under ``MIN_DETECT_CHARS`` which are assumed to be the first allowed language.
    """
    allowed = tuple(normalise_language(x) for x in options.languages)
    language = normalise_language(declared)
    how = "declared"
    if language is None:
        if not options.detect_language:
            return None
        stripped = " ".join(text.split())
        if len(stripped) < MIN_DETECT_CHARS:
            return allowed[0] if allowed else None
        language = _detect_allowed(stripped, allowed)
        how = "detected"
        if language is None:
            return None
    if allowed and language not in allowed:
        names = ", ".join(language_name(x) for x in allowed)
        raise UnsupportedLanguageError(
            f"{how} language '{language}' ({language_name(language)}); only {names} "
            f"{'is' if len(allowed) == 1 else 'are'} supported for now; skipped",
            origin=origin,
            hint="add it to [ingest] languages in eventwire.toml only if the models cover it",
        )
    return language


def _detect_allowed(text: str, allowed: tuple[str | None, ...]) -> str | None:
    langs = detect_languages(text)
    if not langs:
        return None
    for lang, prob in langs:
        if lang in allowed and prob >= MIN_ALLOWED_PROB:
            return lang
    top, prob = langs[0]
    if len(text) < SHORT_TEXT_CHARS and prob < SHORT_TEXT_MIN_PROB and allowed:
        # A short English fragment ("Russian armored personnel carriers patrol") can come out
        # as Italian at 0.86; real foreign text of that length scores above 0.99.
        return allowed[0]
    return top
