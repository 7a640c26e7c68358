"""Recognition for the TIMEX3 normaliser: regular-expression families, cheap validity checks,
the longest non-overlapping candidates, and the tense of the clause around a match."""

from __future__ import annotations

import re
from typing import Any

_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
)
_MONTH_FULL = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMWORD = (
    rf"(?:{_TENS}(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|a\s+hundred|one\s+hundred)"
)
_NUM = rf"(?:\d{{1,3}}(?:\.\d+)?(?:\s+\d/\d)?|{_NUMWORD}(?:\s+and\s+a\s+half)?|an?|a\s+couple\s+of|a\s+few|few|several|some|many)"
_UNIT = r"(?:second|minute|hour|day|night|week|weekend|month|quarter|year|decade|centur(?:y|ie))s?"
_APPROX = (
    r"(?:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|over|under"
    r"|at\s+least|up\s+to|no\s+more\s+than|only|just|another|an\s+additional|the\s+last|the\s+past"
    r"|the\s+next|the\s+first|the\s+final|the\s+previous|the\s+coming|the\s+following|past|last|next"
    r"|recent|the|first)"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_SPOKEN_YEAR = rf"(?:nineteen[\s-]{_NUMWORD}|two\s+thousand(?:\s+and)?(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
_F = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", _F)


#: (family, regex); every match is a candidate, the longest non-overlapping candidates win.
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", _rx(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")),
    ("numeric", _rx(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)")),
    (
        "mdy",
        _rx(
            rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<y>{_YEAR}))?(?!\s*(?:,\d|\d|%))"
        ),
    ),
    (
        "dmy",
        _rx(
            rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})"
            rf"(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    (
        "monthyear",
        _rx(
            rf"(?:(?P<mod>early|mid|late|mid-|the\s+end\s+of|the\s+middle\s+of|the\s+beginning\s+of)[\s-]*)?"
            rf"(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR}|this\s+year|last\s+year|next\s+year)"
        ),
    ),
    (
        "month",
        _rx(
            rf"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+middle\s+of|the\s+beginning\s+of|last|next"
            rf"|this|this\s+past|this\s+coming|past|coming)[\s-]+)?(?P<mon>{_MONTH_FULL}|mid-{_MONTH_FULL}|sept\.)"
            rf"(?:\s+(?P<num>{_SPOKEN_YEAR}))?"
        ),
    ),
    (
        "year",
        _rx(
            rf"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|fiscal|calendar|the\s+year|the"
            rf"\s+fiscal\s+year|the\s+calendar\s+year)[\s-]+)?(?P<y>{_YEAR}|{_SPOKEN_YEAR})(?!\s*(?:%|,\d|\.\d))"
        ),
    ),
    (
        "decade",
        _rx(
            r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<dec>1[5-9]\d|20\d)0'?s|'(?P<short>\d)0s"
            r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
        ),
    ),
    (
        "century",
        _rx(
            r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century"
        ),
    ),
    (
        "quarter",
        _rx(
            rf"(?:the\s+)?(?:(?P<y>{_YEAR})(?:'s)?\s+)?(?:(?:this|last|next)\s+year's\s+)?(?:(?:fiscal|calendar|a\s+flat)\s+)?"
            rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|next|previous|past"
            rf"|this|recent|year-earlier|year-ago|same|the)[\s-]+quarter(?![\s-]*(?:s\b|ly\b))"
            rf"(?:\s+of\s+(?:(?P<y2>{_YEAR})|(?P<rel>this|last|next)\s+year))?"
        ),
    ),
    (
        "season",
        _rx(
            rf"(?:(?P<mod>early|mid|late|last|next|this|past|coming|the)[\s-]+)?(?:(?P<mod2>early|mid|late)[\s-]+)?"
            rf"(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}|{_SPOKEN_YEAR}))?"
        ),
    ),
    (
        "dayword",
        _rx(
            r"(?:(?P<mod>early|late|earlier|later|mid-?|the\s+day\s+before|the\s+day\s+after)[\s-]+)?"
            r"(?P<w>yesterday|today|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
    ),
    (
        "partofday",
        _rx(
            r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+"
            r"(?P<part>morning|afternoon|evening|night)|overnight"
        ),
    ),
    (
        "weekday",
        _rx(
            rf"(?:(?P<mod>last|next|this|coming|this\s+coming|this\s+past|past|early|late|earlier|later|mid-?)[\s-]+)?"
            rf"(?:(?P<pre>morning|afternoon|evening|night|noon|midnight|mid-?afternoon)\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?P<pl>s)?(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
    ),
    (
        "relperiod",
        _rx(
            r"(?:(?P<mod>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+rest\s+of)[\s-]+(?:in\s+)?)?"
            r"(?:the\s+)?(?P<rel>this|last|next|past|previous|coming|current|following|same|prior)\s+"
            r"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|decade|century)(?!s)"
        ),
    ),
    (
        "endof",
        _rx(
            r"(?:the\s+)?(?P<mod>end|beginning|middle|start)\s+of\s+the\s+(?P<unit>week|month|year|decade)"
        ),
    ),
    (
        "duration",
        _rx(
            rf"(?:{_APPROX}\s+)?(?:{_APPROX}\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})"
            rf"(?:\s+or\s+(?:so|two|more))?"
            r"(?:\s+(?P<rel>ago|earlier|later|before|after|from\s+now|hence|previously))?"
        ),
    ),
    (
        "bareunits",
        _rx(
            r"(?:(?P<mod>recent|coming|past|the\s+past|the\s+last|the\s+next|the\s+coming)\s+)?"
            r"(?P<unit>days|weeks|months|years|decades|centuries|hours|minutes)(?:\s+(?P<rel>ago|earlier))?"
        ),
    ),
    ("weekend", _rx(r"(?:the|this\s+past)\s+weekend")),
    ("yearago", _rx(r"(?:the\s+)?(?:year-earlier|year-ago)(?:\s+period)?")),
    (
        "relday",
        _rx(
            r"(?:the\s+)?(?P<rel>next|following|previous|prior|same|preceding)\s+(?P<unit>day|night|morning|week|month|year)"
        ),
    ),
    (
        "dayrel",
        _rx(r"the\s+(?P<unit>day|night|week|month|year)\s+(?P<rel>before|after|earlier|later)"),
    ),
    (
        "ref",
        _rx(
            r"(?P<w>right\s+now|now|currently|current|nowadays|at\s+present|presently|at\s+the\s+moment|recently"
            r"|lately|the\s+past|the\s+near\s+future|the\s+future|these\s+days)"
        ),
    ),
    (
        "time",
        _rx(
            r"(?:(?P<mod>about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after)|until)\s+)?"
            r"(?:(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s*(?P<ap>a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b)|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>\d\d)(?!\d)"
            r"|(?P<word>noon|midnight|midday|mid-?afternoon|mid-?morning))"
            r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time)\b)?"
        ),
    ),
    (
        "set",
        _rx(
            rf"(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biannually|biweekly)"
            rf"|(?P<q>every|each)\s+(?:other\s+)?(?P<what>day|night|morning|week|month|year|quarter|{_WEEKDAY}|{_MONTH_FULL})"
            rf"|(?P<times>once|twice|three\s+times|\d+\s+times)\s+(?:a|an|per|every)\s+(?P<per>day|week|month|year)"
            rf"|(?:a|per)\s+(?P<per2>year|month)(?=\s*[,.;)]|\s+(?:in|for|of|on|to|and|through)\b)"
        ),
    ),
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|won't|wo|going\s+to|plans?\s+to|planning\s+to|scheduled|(?:is|are)\s+expected"
    r"|(?:is|are)\s+due|set\s+to|is\s+to|are\s+to|upcoming|slated|intends?\s+to|next|as\s+soon\s+as"
    r"|as\s+early\s+as|planned\s+to|until|effective|payable|would|could|might|expires?)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|ago|last|since|(?!expected|scheduled|planned|slated|intended|postponed)\w{3,}ed"
    r"|began|came|made|took|met|left|went"
    r"|held|won|lost|fell|rose|gave|hit|struck|killed|shot|fought|sent|spoke|saw|got|led|paid|sold|won)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\bsaid\b|\bsays\b", re.IGNORECASE)
_NOT_YEAR_AFTER = re.compile(
    r"\s+(?!was\b|has\b|is\b|as\b|its\b|this\b|his\b|plus\b|versus\b|thus\b|less\b|levels\b|results\b"
    r"|figures\b|elections?\b|levels\b|earnings\b|sales\b|models?\b|budget\b|season\b)[a-z]+s\b"
    r"|\s*(?:-|\s)(?:mile|meter|foot|feet|yard|km|kilomet|ton|pound|acre|member|page|point)",
)
_HINTS = (
    ("week", re.compile(r"week", _F)),
    ("month", re.compile(rf"month|{_MONTH_FULL}", _F)),
    ("quarter", re.compile(r"quarter", _F)),
    ("season", re.compile(r"spring|summer|fall|autumn|winter", _F)),
    ("decade", re.compile(r"decade", _F)),
    ("century", re.compile(r"centur", _F)),
    ("year", re.compile(r"year", _F)),
    ("day", re.compile(rf"day|night|tomorrow|{_WEEKDAY}", _F)),
)


def _tense(text: str, start: int, end: int, parse: Any = None) -> str | None:
    """'future', 'past' or None for the clause around ``text[start:end]``; the parse helps when given."""
    if parse is not None:
        tense = _tense_from_parse(parse, start)
        if tense:
            return tense
    left_start = max(0, start - 90)
    left = text[left_start:start]
    cut = None
    for cut in _CLAUSE_BREAK.finditer(left):
        pass
    if cut is not None:
        left = left[cut.end() :]
    cues = [(m.end(), m.group(0).lower()) for m in _FUTURE.finditer(left)]
    cues += [(m.end(), "past") for m in _PAST.finditer(left)]
    if not cues:
        right = text[end : end + 40]
        m = _CLAUSE_BREAK.search(right)
        right = right[: m.start()] if m else right
        fut, past = _FUTURE.search(right), _PAST.search(right)
        if fut and (not past or fut.start() < past.start()):
            return "future"
        return "past" if past else None
    _, cue = max(cues)
    return "past" if cue in ("past", "last") else "future"


def _tense_from_parse(parse: Any, offset: int) -> str | None:
    # the token at ``offset`` (spaCy's own lookup; a Python loop over the Doc cost more than the
    # rest of the dates stage)
    span = parse.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span[0]
    verb, steps = token, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 6:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "'ll", "wo", "shall", "would") for a in auxes):
        return "future"
    if verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBG" and any(a.lower_ in ("is", "are", "'re", "'s", "am") for a in auxes):
        return "future"  # "is meeting on Monday": the present progressive plans
    return None


def _valid(family: str, m: re.Match[str], text: str) -> bool:
    """Cheap checks that drop the readings of common words that are not times."""
    g = m.groupdict()
    before = text[max(0, m.start() - 24) : m.start()]
    if family in ("mdy", "dmy", "monthyear", "month"):
        mon = g["mon"]
        if not mon[0].isupper():
            return False
        if (
            family == "mdy"
            and not mon.lower().startswith(("may", "march"))
            and len(mon) == 3
            and not g.get("y")
        ):
            return bool(re.match(r"[A-Z][a-z]{2}\s+\d", m.group(0)) or g.get("wd"))
        if (
            family == "month"
            and mon.lower() in ("may", "march")
            and not g.get("mod")
            and not g.get("num")
        ):
            return bool(
                re.search(
                    r"\b(?:in|since|until|of|during|by|through|early|late|last|next|this|"
                    r"from|between|mid)\s+$",
                    before,
                    re.IGNORECASE,
                )
            )
        if family == "mdy" and re.match(r"\s*[-:.]\d", text[m.end() :]):
            return False
    if family == "year":
        if g.get("mod") or not g["y"].isdigit():
            return not re.search(r"[$#]\s*$|\bNo\.\s*$", before)
        if re.search(
            r"[$#£€]\s*$|\b(?:No|Nos|Flight|Route|Highway|Room|Article|model|number)\.?\s*$",
            before,
            re.IGNORECASE,
        ):
            return False
        return not _NOT_YEAR_AFTER.match(text, m.end())
    if family == "season":
        if not (g.get("mod") or g.get("y") or g.get("mod2")) and g["s"].lower() in (
            "fall",
            "spring",
        ):
            return bool(
                re.search(
                    r"\b(?:in|since|until|during|by|through|this|last|next)\s+$",
                    before,
                    re.IGNORECASE,
                )
            )
        if (
            g.get("mod", "")
            and g["mod"].lower() == "the"
            and g["s"].lower() == "fall"
            and re.match(r"\s+of\s+(?![12]\d{3})", text[m.end() :])
        ):
            return False  # "the fall of the government"
    if family == "duration":
        num = g["num"].lower()
        if num in ("some", "many") and not g.get("rel"):
            return False
        if num in ("a", "an") and g["unit"].lower() in ("second", "minute") and not g.get("rel"):
            return False  # "a second round", "a minute of silence"
        if re.match(r"\s*(?:-|\s)?(?:old\b)", text[m.end() :]):  # ages are not times
            return False
        if g["unit"].lower().startswith("second") and num in ("a", "an", "one"):
            return False
    if family == "ref":
        w = g["w"].lower()
        after = text[m.end() : m.end() + 20]
        if w == "current" and re.match(
            r"\s+(?:account|affairs|events|accounts|flows?|assets|liabilit)", after, re.IGNORECASE
        ):
            return False
        if w == "current" and not re.match(r"\s+[a-z]", after):
            return False
    if family == "bareunits" and not g.get("mod") and not g.get("rel"):
        return False
    return not (
        family == "set"
        and g.get("per2")
        and not re.search(r"\d\s*$|\b(?:dollars|cents|percent|times|once|twice)\s+$", before)
    )


_WORDS = re.compile(r"[a-z]+")


def _any(*words: str):
    keys = frozenset(words)
    return lambda text, present: not keys.isdisjoint(present)


def _all(*gates):
    return lambda text, present: all(g(text, present) for g in gates)


def _search(pattern: str):
    rx = re.compile(pattern, _F)
    return lambda text, present: rx.search(text) is not None


_UNITS = ("day", "night", "morning", "week", "month", "year")
_WEEKDAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_REF_WORDS = ("now", "currently", "current", "nowadays", "present", "presently", "moment",
              "recently", "lately", "past", "future", "days")
_SET_WORDS = ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biannually",
              "biweekly", "every", "each", "once", "twice", "times", "year", "month")
_BARE_UNITS = ("days", "weeks", "months", "years", "decades", "centuries", "hours", "minutes")
_MONTH_FULL_WORDS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTH_WORDS = (*_MONTH_FULL_WORDS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                "oct", "nov", "dec")
#: Necessary conditions for a family to match anywhere: the words (or a cheap pattern) it cannot
#: match without. Python's re tries every family at every position, which made the scan most of
#: the dates stage's time; a family whose words are absent from the article is not scanned.
#: Families matched in most news articles (month, weekday, year, duration, ...) have no gate.
_GATES = {
    "iso": _search(r"\d{4}-\d\d-\d\d"),
    "numeric": _search(r"\d/\d"),
    "dmy": _search(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
    "century": _any("century", "centuries"),
    "quarter": _any("quarter"),
    "season": _any("spring", "summer", "fall", "autumn", "winter"),
    "dayword": _any("yesterday", "today", "tomorrow", "tonight"),
    "partofday": _any("morning", "afternoon", "evening", "night", "overnight"),
    "endof": _all(_any("end", "beginning", "middle", "start"), _any("week", "month", "year", "decade")),
    "weekend": _any("weekend"),
    "yearago": _all(_any("year"), _any("earlier", "ago")),
    "relday": _all(_any("next", "following", "previous", "prior", "same", "preceding"), _any(*_UNITS)),
    "dayrel": _all(_any("before", "after", "earlier", "later"), _any(*_UNITS)),
    "duration": _any(*(u + s for u in ("second", "minute", "hour", "day", "night", "week", "weekend",
                                       "month", "quarter", "year", "decade") for s in ("", "s")),
                     "century", "centuries"),
    "bareunits": _any(*_BARE_UNITS),
    "month": _any(*_MONTH_FULL_WORDS, "sept"),
    "mdy": _any(*_MONTH_WORDS),
    "monthyear": _any(*_MONTH_WORDS),
    "weekday": _any(*(d + s for d in _WEEKDAY_WORDS for s in ("", "s"))),
    "relperiod": _any("week", "weekend", "month", "year", "decade", "century"),
    "ref": _any(*_REF_WORDS),
    "set": _any(*_SET_WORDS),
}


#: Families scanned only from shortly before the word (or number) they cannot match without: a
#: match starts at most ``_LOOKBACK`` characters before that anchor (the longest modifier and
#: number phrases are far shorter), so scanning from there, left to right and never before the
#: last match's end, finds exactly the matches a scan of the whole line finds (checked on TBAQ and
#: all 1,257 IndiaPoliceEvents articles: the same candidates), at a fraction of the cost. Word
#: anchors are looked up in the line's words, split once; the others are one regex scan each.
_LOOKBACK = 160
_REACH = 200
def _words_rx(*words: str) -> frozenset[str]:
    """An anchor that is one of these words (a whole run of letters, any case): looked up in the
    line's words, which ``_candidates`` splits once, instead of a regex scan per family."""
    return frozenset(words)


_MONTH_ANCHOR = _words_rx(*_MONTH_WORDS)
_ANCHORS = {
    "duration": re.compile(rf"(?<=[\s-]){_UNIT}(?![\w])", _F),  # after "<number> " or "<number>-"
    "month": _words_rx(*_MONTH_FULL_WORDS, "sept"),
    "mdy": _MONTH_ANCHOR,
    "monthyear": _MONTH_ANCHOR,
    "weekday": _words_rx(*(d + s for d in _WEEKDAY_WORDS for s in ("", "s"))),
    "year": re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|nineteen|thousand", _F),
    "decade": re.compile(r"\d0'?s|ties(?![a-z])", _F),
    "time": re.compile(r"\d\s*[ap]\.?\s?m\b|\d:\d\d|noon|midnight|midday|mid-?afternoon|mid-?morning", _F),
    "ref": _words_rx(*_REF_WORDS),
    "set": _words_rx(*_SET_WORDS),
    "bareunits": _words_rx(*_BARE_UNITS),
    "relperiod": _words_rx("week", "weekend", "month", "year", "decade", "century"),
}


def _anchored(rx: re.Pattern[str], hits: list[tuple[int, int]], text: str, a: int, b: int):
    """``rx.finditer(text, a, b)`` restricted to a window around each ``anchor`` match.

    A window ends ``_REACH`` characters after its anchor, further than any trailing part of a
    match reaches ("or so", "from now"); a match that comes within that distance of the window's
    end is matched again against the whole line, so the window's end never cuts one short.
    """
    last = a
    for h_start, h_end in hits:
        pos = max(last, h_start - _LOOKBACK)
        if pos > h_start:
            continue  # this anchor lies inside the last match
        end = min(b, h_end + _REACH)
        while pos <= h_end:
            m = rx.search(text, pos, end)
            if m is None or m.start() > h_end:
                break  # past this anchor: the next window finds it
            if end < b and m.end() > end - _REACH // 2:
                full = rx.match(text, m.start(), b)
                if full is None:
                    pos = m.start() + 1
                    continue
                m = full
            yield m
            last = pos = max(m.end(), m.start() + 1)


def _segments(text: str) -> list[tuple[int, int]]:
    """The text's lines as (start, end); no expression spans a line break in practice (checked on
    the gold and benchmark corpora: the same candidates with and without segments)."""
    out, start = [], 0
    for m in re.finditer("\n", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _candidates(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    found = []
    low = text.lower()
    # families possible anywhere in the article first, then line by line among those
    everywhere = frozenset(_WORDS.findall(low))
    possible = [
        (family, rx, _GATES.get(family))
        for family, rx in _FAMILIES
        if family not in _GATES or _GATES[family](text, everywhere)
    ]
    for a, b in _segments(text):
        piece = text[a:b]
        where: dict[str, list[tuple[int, int]]] = {}
        for w in _WORDS.finditer(low, a, b):
            where.setdefault(w.group(), []).append(w.span())
        present = frozenset(where)
        hits: dict[Any, list[tuple[int, int]]] = {}
        for family, rx, gate in possible:
            if gate is not None and not gate(piece, present):
                continue
            anchor = _ANCHORS.get(family)
            if anchor is None:
                found_here: Any = rx.finditer(text, a, b)
            else:
                if anchor not in hits:  # families sharing an anchor look it up once
                    hits[anchor] = (
                        sorted(span for w in anchor & present for span in where[w])
                        if isinstance(anchor, frozenset)
                        else [m.span() for m in anchor.finditer(text, a, b)]
                    )
                found_here = _anchored(rx, hits[anchor], text, a, b)
            for m in found_here:
                if m.end() > m.start() and _valid(family, m, text):
                    found.append((m.start(), m.end(), family, m))
    # longest first at each start; a later candidate wins only where nothing overlaps it yet
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for cand in found:
        if all(cand[1] <= s or cand[0] >= e for s, e in taken):
            chosen.append(cand)
            taken.append((cand[0], cand[1]))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _precision_hint(text: str) -> str:
    """The grain an unresolved expression names ("last week" -> week), to keep when it has no value."""
    for precision, rx in _HINTS:
        if rx.search(text):
            return precision
    return "unknown"
