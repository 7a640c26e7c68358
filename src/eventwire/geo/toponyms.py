"""Toponym recognition: NER place mentions plus facilities, city parts, relative locations, NER misses."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz

from ..model import Document, Span
from ..stages.token_strings import token_strings
from .base import Gazetteer
from .found import (  # noqa: F401 - offset_point is re-exported for the geo stage
    _FACILITY, _LOCATIVE_BEFORE, _POSSESSIVE, LOCATIVE_PREPS, Found, _make, _strip_the, _trim, offset_point,
)
from .normalize import normalize, variants
from .records import Candidate
from .resolve import _US_STATES, REGION_DEMONYMS

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _person_names(doc: Document, besides: Span | None = None) -> set[str]:
    """Full names and surnames of the document's PERSON mentions (but the one at ``besides``)."""
    names: set[str] = set()
    for m in doc.mentions:
        if m.label == "PERSON" and not (besides is not None and m.span.overlaps(besides)):
            words = m.text.split()
            names.add(m.text)
            if len(words) > 1:
                names.add(words[-1])
    return names


def _mostly_person(doc: Document, name: str, gazetteer: Gazetteer) -> bool:
    """True when the story tags the name as a person at least as often as a place ("Chen was
    charged" six times, "Chen" a GPE once) and it is no country, admin-1 unit, capital or big city."""
    person = sum(1 for m in doc.mentions if m.label == "PERSON" and (m.text == name or m.text.endswith(" " + name)))
    place = sum(1 for m in doc.mentions if m.label in PLACE_LABELS and m.text == name)
    if person < place:
        return False
    return gazetteer.country(name) is None and not any(
        c.match == "name" and (c.feature_code in ("ADM1", "PCLI", "CONT", "PPLC") or c.population >= 500_000)
        for c in gazetteer.candidates(name, 10))  # the NER's PERSON for "Dublin" is the error


def _prominent(name: str, gazetteer: Gazetteer) -> bool:
    """A country, an admin-1 unit or a city of 100,000: not to be dropped for a namesake person."""
    if gazetteer.country(name) is not None:
        return True
    return any(c.feature_code in ("ADM1", "PCLI", "CONT") or c.population >= 100_000
               for c in gazetteer.candidates(name, 10))


def _norp_place(text: str, gazetteer: Gazetteer) -> bool:
    """A NORP mention that is a town or unit by its main name, not a people ("Tunis", "Essex")."""
    if not text[:1].isupper() or len(text) < 4 or text.isupper() or text.lower() in _GENERIC:
        return False
    cands = gazetteer.candidates(text, 10)
    if text.endswith(("ans", "an", "ese", "ish", "i", "ers", "ites", "ists", "ics")):
        # a people's name by its ending, unless it is a city of 100,000 and no demonym ("Kisangani")
        return not _is_demonym(text, gazetteer) and any(
            c.match == "name" and c.feature_class == "P" and c.population >= 100_000 for c in cands)
    return any(c.match == "name" and (c.feature_class == "A" and c.feature_code != "PCLI"
                                      or c.feature_class == "P" and c.population >= 10_000)
               for c in cands)


def _is_demonym(text: str, gazetteer: Gazetteer) -> bool:
    """True for a country's or continent's demonym, singular or plural ("Iraqi", "Europeans");
    not "Muslims", "Democrats"."""
    if not text[:1].isupper():
        return False
    if gazetteer.demonym(text) is not None or (text.endswith("s") and gazetteer.demonym(text[:-1]) is not None):
        return True
    norm = text.lower()
    return norm in REGION_DEMONYMS or (norm.endswith("s") and norm[:-1] in REGION_DEMONYMS)


#: Last words that make a name a place even when no gazetteer has it.
_PLACE_HEAD = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive|highway|square|plaza|canal|railroad|railway|"
    r"bridge|airport|base|camp|embassy|consulate|hospital|hall|church|cathedral|mosque|temple|park|"
    r"estate|village|town|city|district|county|state|province|region|governorate|island|islands|river|"
    r"lake|mountains?|valley|delta|peninsula|ocean|sea|gulf|bay|coast|desert|forest|strip|bank|heights|"
    r"market|station|prison|stadium|center|centre|court|school|university|college|quarter|neighbou?rhood)$",
    re.I)


#: An organisation named after its building or street, which GeoWebNews and the event data
#: treat as a place ("Holy Redeemer Church", "Colchester General Hospital", "Royal Street").
_SITE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*)*\s+(?:street|avenue|road|boulevard|lane|"
                   r"drive|square|plaza|estate|hospital|school|university|college|academy|centre|center|stadium|"
                   r"arena|embassy|consulate|airport|station|park|church|cathedral|mosque|temple|district court|"
                   r"hall|library|museum|market|mall|prison|jail|hotel|camp|barracks)$", re.I)
_NOT_SITE = re.compile(r"^(?:supreme|catholic|islamic|orthodox|anglican|methodist|baptist|episcopal)\b", re.I)


#: Country abbreviations news uses as names; other ISO codes ("BA", "GTM", "AI") are mostly not.
_COUNTRY_ABBREVIATIONS = frozenset({"US", "USA", "UK", "UAE", "DRC", "DPRK", "PRC", "ROK"})


def _country_name(name: str, gazetteer: Gazetteer) -> bool:
    """True for a country's name or a well-known abbreviation, not for a bare ISO code."""
    bare = name.replace(".", "")
    if (bare.isupper() and len(bare) <= 4 or len(bare) <= 3) and bare.upper() not in _COUNTRY_ABBREVIATIONS:
        return False  # "No", "La", "Mac" are codes of Norway, Laos and Macao to the packages only
    return gazetteer.country(name) is not None


def _opens_with_place(name: str, gazetteer: Gazetteer) -> bool:
    """True when the first one or two words name a town or unit ("Paris High School"): that
    place, found by :func:`_embedded`, is the more useful reading."""
    words = name.split()
    for n in (2, 1):
        head = " ".join(words[:n])
        if n < len(words) and (gazetteer.country(head) is not None or any(
                c.match == "name" and (c.feature_class == "A" or c.population >= 10_000)
                for c in gazetteer.candidates(head, 5))):
            return True
    return False


def _plausible(doc: Document, span: Span, gazetteer: Gazetteer) -> bool:
    """An NER place the gazetteer knows, that ends in a place word, or that follows "in"/"at"/..."""
    start, end = _trim(doc.text, span.start, span.end)
    name = doc.text[start:end].strip()
    if not name or _CAMEL.match(name):
        return False  # "MoD", "IoT", "PoP": acronyms, whatever a gazetteer's alternates say
    if len(name.split()) >= 2 and _PLACE_HEAD.search(name.rstrip(".")):
        return True  # "Royal Street", not a bare "Centre"
    if _country_name(name, gazetteer) or gazetteer.candidates(name, 1) or _state_abbreviation(name):
        return True
    fac = _FACILITY.match(doc.text[end : end + 30])
    return (bool(fac) or _after_locative(doc.text, span.start)
            or _dwelling_after(doc.text, start, end))


#: "at her Dharampeth residence", "outside his Monrovia home": a name between a possessive and
#: a dwelling is where the dwelling is.
_DWELLING = re.compile(r"\s+(?:home|house|residence|apartment|flat|villa|farmhouse)\b")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:his|her|their|its|our|my|your)\s+$", re.I)


def _dwelling_after(text: str, start: int, end: int) -> bool:
    return bool(_DWELLING.match(text, end)
                and _POSSESSIVE_BEFORE.search(text, max(0, start - 8), start))


_CAMEL = re.compile(r"^[A-Z][a-z]{1,2}[A-Z]\w{0,2}$")


def _state_abbreviation(name: str) -> bool:
    """A state's or province's abbreviation as datelines write it: "Calif.", "N.M.", "B.C.", "NSW"."""
    if name in ("D.C.", "DC"):
        return False  # part of "Washington, D.C.", which the NER tags apart
    return (name.endswith(".") and name.rstrip(".").lower() in _US_STATES) or bool(_DOTTED.match(name))


_DOTTED = re.compile(r"^(?:[A-Z]\.){2,3}$")


#: "Damboa town", "the Rangae district", "Kokrajhar district": a name before a lower-case place noun.
_NAME_PLACE_NOUN = re.compile(
    r"(?<![\w-])([A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+){0,2})[ ](?:town|village|city|district|province|"
    r"governorate|county|region|area|camp|neighbou?rhood|suburb|township|refugee camp|municipality|"
    r"countryside|outskirts|"
    # a junction or crossing, and the local units of Nigeria, Pakistan, Congo ("Logo LGA",
    # "the Torkham border crossing", "Mubingi commune", "Larzab mountain")
    r"junction|border crossing|crossing|airstrip|commune|LGA|tehsil|gorge|plains|mountain)\b")


def _past_possessive(text: str, start: int, end: int) -> int:
    """Where the name after a possessive starts: "Mogadishu's Hodan district" -> "Hodan"."""
    m = None
    for m in re.finditer(r"['’]s[ ]", text[start:end]):
        pass
    return start + m.end() if m is not None else start


def _before_place_noun(doc: Document, gazetteer: Gazetteer, taken: list[Span]) -> list[Found]:
    """Names the NER missed that a place noun follows ("attacked Damboa town"); the span is the
    name alone, as the gold sets mark it. Not a demonym ("Kurdish region") or a common word."""
    out: list[Found] = []
    for m in _NAME_PLACE_NOUN.finditer(doc.text):
        span = Span(_past_possessive(doc.text, m.start(1), m.end(1)), m.end(1))
        name = doc.text[span.start : span.end]
        if any(span.overlaps(t) for t in taken) or name.lower() in _GENERIC or name.lower() in _NOT_A_NAME:
            continue
        if _is_demonym(name, gazetteer) or name.split()[0].lower() in ("the", "a", "an", "this", "that"):
            continue
        if span.start == 0 or doc.text[max(0, span.start - 2) : span.start].strip() in (".", "!", "?"):
            # sentence-initial: "The town", "Each village" are caught above; a capitalised first
            # word is a name only when the gazetteer knows it
            if not gazetteer.candidates(name, 1) and gazetteer.country(name) is None:
                continue
        out.append(_make(doc.text, span.start, span.end, "GPE"))
        taken.append(span)
    return out


#: The small NER's labels for place names it misreads ("Aleppo" as LANGUAGE, "Souran" as PRODUCT).
_RELABELLED = frozenset({"ORG", "PERSON", "LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT"})
#: labels the small model gives town names it does not know, and rarely anything a story places
_ODD_LABELS = frozenset({"LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT"})
#: what an assault or a battle is for or on: "the battle for X", "an attack on X"
_TARGET_BEFORE = re.compile(r"\b(?:for|on|against|of)\s+(?:the\s+)?$")


def _relabelled(doc: Document, gazetteer: Gazetteer, taken: list[Span], found: list[Found]) -> list[Found]:
    """ORG or PERSON mentions that are places, where the small NER model often mislabels them:
    a country's or continent's name in any context ("the EU said", "UAE"); a name of two words or
    more that is exactly a country's or admin-1 unit's ("Tamil Nadu said"); the name of a
    prominent place the story already tags as one ("Aleppo's fall"); a capital or a city of 500,000
    that a verb or preposition takes as its object ("police patrolled Lusaka") or that names where a
    thing is ("a central Kiev courthouse"), and a smaller town a verb of taking ground takes
    ("captured Grozny"); or a country,
    admin-1 unit or town of 20,000 after a locative preposition ("in Abuja"), or there a "person"
    that is a city of 100,000 by another of its names ("in Hilla")."""
    places = {f.text for f in found if not f.demonym and _prominent(f.text, gazetteer)}
    out: list[Found] = []
    for m in doc.mentions:
        if m.label not in _RELABELLED or any(m.span.overlaps(t) for t in taken):
            continue
        start, end = _trim(doc.text, m.span.start, m.span.end)
        if m.label in _ODD_LABELS:
            end = _names_end(doc.text, start, end)
        name = doc.text[start:end]
        if not name[:1].isupper() or name.lower() in _NOT_A_NAME:
            continue
        country = (_country_name(name, gazetteer)
                   or any(c.feature_code == "CONT" for c in gazetteer.candidates(name, 5)))
        unit = len(name.split()) >= 2 and any(c.match == "name" and c.feature_code in ("PCLI", "ADM1")
                                              for c in gazetteer.candidates(name, 10))
        site = (m.label == "ORG" and _SITE.match(name) is not None and not _NOT_SITE.match(name)
                and not _opens_with_place(name, gazetteer))
        if m.label == "PERSON" and _is_demonym(name, gazetteer):
            out.append(Found(Span(start, end), name, name, "NORP", demonym=True))  # "Azerbaijani soldiers"
            taken.append(m.span)
            continue
        if not (country and m.label == "ORG" or unit or site or name in places
                or _city_object(doc, Span(start, end), name, gazetteer)
                or _list_mate(doc.text, start, end, name, found, gazetteer)):
            cands = gazetteer.candidates(name, 10)
            if not (_after_locative(doc.text, m.span.start) and any(
                    _spelled(c, name) and (c.feature_code in ("PCLI", "ADM1") or c.population >= 20_000)
                    # a name the NER calls a person, by another of its names, a city of 100,000
                    # ("in Hilla": Al Hillah; not an acronym such as an airport's code)
                    or m.label == "PERSON" and not name.isupper()
                    and c.feature_class == "P" and c.population >= 100_000
                    for c in cands) or _in_place(doc.text, m.span.start) and any(
                    _spelled(c, name) and (c.feature_class in "AP") for c in cands)
                    or _after_place(doc.text, m.span.start, found) and any(
                    c.match == "name" and c.feature_code in ("ADM1", "ADM2") for c in cands)
                    or (_RESIDENTS.match(doc.text, end)
                        or _dwelling_after(doc.text, start, end)) and any(
                    c.match == "name" and (c.feature_class == "A" or c.population >= 1_000) for c in cands)
                    # a town the small model calls a product or a work ("the battle for X", "an
                    # assault on X"): by any of its names, as the object of a target preposition
                    or m.label in _ODD_LABELS and " " not in name
                    and (_after_locative(doc.text, m.span.start) or _TARGET_BEFORE.search(
                        doc.text, max(0, m.span.start - 12), m.span.start) is not None)
                    and any(c.feature_class == "P" and c.population >= 20_000
                            or c.feature_code in ("ADM1", "ADM2") and _spelled(c, name) for c in cands)):
                continue
        out.append(_make(doc.text, start, end, "GPE"))
        taken.append(m.span)
    return out


#: lower-case words that belong inside a name ("Dar es Salaam", "Bosnia and Herzegovina")
_NAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "de", "del", "della",
                             "der", "des", "di", "da", "do", "dos", "du", "es", "la", "le", "les", "los",
                             "van", "von", "bin", "ibn", "of", "and", "the", "on", "upon", "sur", "am",
                             "im", "en"})


def _names_end(text: str, start: int, end: int) -> int:
    """Where the capitalised name that opens ``text[start:end]`` ends: the small model runs a work
    or a product on over the words after a town ("attacks on Aleppo for the ninth consecutive
    day"), which no name of its own has: the first lower-case word that is no particle of a name
    ("Dar es Salaam") ends it, where some capitalised word precedes it."""
    last = None
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group(0)
        if word[:1].islower() and word.lower().strip(".,;:") not in _NAME_PARTICLES:
            return end if last is None else last
        if word[:1].isupper():
            last = start + m.end()
    return end


#: what joins two names of one list: "X and Y", "X, Y", "X or Y"
_LIST_JOIN = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


def _list_mate(text: str, start: int, end: int, name: str, found: list[Found],
               gazetteer: Gazetteer) -> bool:
    """A name listed beside a place the story tags ("Hilla and Karbala", "X, Y and Z") that the
    gazetteer knows by a name of its own as a town or unit of that place's country: the NER's PERSON
    or ORG is the error there ("Obama and Biden" share no country's towns with a place)."""
    if " " not in name and len(name) < 4 or name.isupper():
        return False
    mates = [f for f in found if not f.demonym and (
        f.span.end <= start and _LIST_JOIN.match(text[f.span.end:start])
        or end <= f.span.start and _LIST_JOIN.match(text[end:f.span.start]))]
    if not mates:
        return False
    mine = {c.country for c in gazetteer.candidates(name, 10)
            if c.match in ("name", "alt") and c.feature_class in ("P", "A") and c.country}
    if not mine:
        return False
    for f in mates:
        country = gazetteer.country(f.lookup)
        theirs = {country.iso2} if country is not None else {
            c.country for c in gazetteer.candidates(f.lookup, 10) if c.match in ("name", "alt")}
        if mine & theirs:
            return True
    return False


def _city_object(doc: Document, span: Span, name: str, gazetteer: Gazetteer) -> bool:
    """A one-word capital or city of 500,000 (by any of its names) that is a verb's object or a
    preposition's ("patrolled Lusaka", "the hometown of Multan"), a possessor ("targeted Aleppo's
    residential areas"), an apposition ("Syria's largest city, Aleppo") or names where a thing is
    ("a central Kiev courthouse"): the NER's label is the error there, while as a subject ("Harare
    said") the name may be its government. As the object of a verb of taking or striking ground
    ("Russian troops captured Grozny", "to seize control of Azaz"; not "rebels controlling
    Misrata": control is held over people too) a smaller place will do: by its own name or a
    spelling of it a town of 5,000 or an admin unit, by another of its names a city of 100,000. Not
    the name of a person elsewhere in the story ("Houston" after "Whitney Houston")."""
    if name.isupper() or len(name) < 4:
        return False  # "CMB" is Colombo's code among its alternate names, and a bank's
    tok = _last_token(doc, span)
    if tok is None:
        return False
    verb = tok.head
    if tok.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_ == "control":
        verb = verb.head.head  # "seize control of X"
    ground = tok.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in _TERRITORY_VERBS
    big = " " not in name and (
        tok.dep_ in ("dobj", "pobj", "poss", "appos")
        # "patrolled Lusaka Sunday": the parse reads "Lusaka Sunday" as one time phrase
        or tok.dep_ == "compound" and tok.head.dep_ == "npadvmod" and tok.head.head.pos_ == "VERB"
        # "a central Kiev courthouse": the city names where a thing is
        or tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.text.islower())
    if not (ground or big):
        return False
    return any(
        big and c.feature_class == "P" and (c.feature_code == "PPLC" or c.population >= 500_000)
        or ground and c.feature_class in "PA" and (
            _spelled(c, name) and (c.population >= 5_000 or c.feature_class == "A") or c.population >= 100_000)
        for c in gazetteer.candidates(name, 10)) and name not in _person_names(doc, span)


#: verbs whose object is ground taken, struck or held, seldom a person or an organisation
_TERRITORY_VERBS = frozenset({"seize", "recapture", "retake", "storm", "besiege", "liberate", "shell",
                              "bombard", "overrun", "occupy", "invade", "encircle", "surround",
                              "patrol", "enter", "capture"})


def _spelled(c: Candidate, name: str) -> bool:
    """Whether ``name`` is the place's own name or a spelling of it ("Hama" for Ḩamāh, "Azaz" for
    I‘zāz, "Tal Afar" for Tall ‘Afar), not another name among its alternates, where GeoNames keeps
    nicknames, codes and oddities ("Google" for Topeka, "Hamas" for Hamm)."""
    if c.match == "name":
        return True
    a, b = variants(normalize(name)), variants(normalize(c.name))
    return any(fuzz.ratio(x, y) >= _SPELLING_MIN for x in a for y in b)


#: rapidfuzz ratio (0-100) above which an alternate name is a spelling of the place's own
_SPELLING_MIN = 75


def _last_token(doc: Document, span: Span) -> Any:
    parsed: Any = doc.parse
    if parsed is None:
        return None
    toks = parsed.char_span(span.start, span.end, alignment_mode="expand")
    return toks[-1] if toks is not None and len(toks) else None


#: Prepositions before which a name the gazetteer has is a place whatever the NER says ("in Almelo",
#: "on Oahu"); "to" and "from" also take people ("said to Hayes").
_IN_PLACE = re.compile(r"\b(?:in|near|outside|inside|across|throughout|around|within)\s+(?:the\s+)?$", re.I)


#: Nouns after a town's name that make it one ("a Winona man", "the Mansfield resident", "Woodstock mayor").
_RESIDENTS = re.compile(r"['’]?s?\s+(?:man|woman|men|women|residents?|mayor|natives?|teens?|teenager|boy|girl|"
                        r"couple|family|families|homeowners?|officials|police|city council|town council)\b")


def _in_place(text: str, offset: int) -> bool:
    return bool(_IN_PLACE.search(text, max(0, offset - 20), offset))


_LIST_GOES_ON = re.compile(r"[\w'’.-]+(?: [A-Z][\w'’.-]*)*(?:,| and) [A-Z]")


def _after_place(text: str, offset: int, found: list[Found]) -> bool:
    """True for the second name of "Brands Hatch Indy, Kent" or "Thruxton, Hampshire"."""
    before = text[max(0, offset - 3) : offset]
    if not before.endswith(", ") or _LIST_GOES_ON.match(text, offset):
        return False  # "Helen, Clarence, Irene and Marie" are people
    return any(f.span.end == offset - 2 for f in found)


#: A dateline: "BEIRUT (AP) —", "COLUMBUS, Ohio (AP)", "SOUTH WAZIRISTAN, April 5", "Muscat: ...".
_DATELINE = re.compile(r"(?m)^[ \t]*(?:(?P<caps>[A-Z][A-Z'.-]+(?:[ ][A-Z][A-Z'.-]+){0,3})(?=[ ]?[,(:—–]|[ ]-[ ])|"
                       r"(?P<title>[A-Z][a-z'.-]+(?:[ ][A-Z][a-z'.-]+){0,2})(?=:[ ]|[ ][—–(][ A-Z]))")


def _datelines(doc: Document, gazetteer: Gazetteer, taken: list[Span]) -> list[Found]:
    """The place of a dateline at the start of the text or of a line, when the gazetteer knows it
    as a country, an admin unit or a town of 10,000 (the NER rarely tags capitals-only words)."""
    out: list[Found] = []
    for m in _DATELINE.finditer(doc.text[:20_000]):
        group = "caps" if m.group("caps") else "title"
        span = Span(m.start(group), m.end(group))
        if any(span.overlaps(t) for t in taken):
            continue
        name = m.group(group)
        if gazetteer.country(name) is None and not any(
                c.feature_class == "A" or c.population >= 10_000 for c in gazetteer.candidates(name, 10)):
            continue
        out.append(_make(doc.text, span.start, span.end, "GPE"))
        taken.append(span)
    return out


def _after_locative(text: str, offset: int) -> bool:
    """True when the word before ``offset`` (past an article) is a locative preposition (not the
    "to" of "according to", which cites a source)."""
    return (bool(_LOCATIVE_BEFORE.search(text, max(0, offset - 30), offset))
            and not _ACCORDING.search(text, max(0, offset - 20), offset))


_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)


def recognise(doc: Document, gazetteer: Gazetteer) -> list[Found]:
    """Every toponym in the document, in text order, without overlaps."""
    text = doc.text
    found: list[Found] = []
    taken: list[Span] = []
    others = [m.span for m in doc.mentions if m.label not in PLACE_LABELS]
    people = _person_names(doc)
    for m in doc.mentions:
        if m.label not in PLACE_LABELS:
            continue
        if m.text in people and (not _prominent(m.text, gazetteer) or _mostly_person(doc, m.text, gazetteer)):
            continue  # "Ripley said": the NER's GPE for a surname the story uses for a person
        if _strip_the(m.text).lower() in _NOT_A_NAME:
            continue  # "the Centre" (India's central government), "the State", "downtown"
        if m.label != "LOC" and not _plausible(doc, m.span, gazetteer):
            continue  # "Yulia", "IoTX", "Easter Vigil": the small NER model's false places
        found.append(_make(text, m.span.start, m.span.end, m.label))
        taken.append(m.span)
    for m in doc.mentions:
        if m.label != "NORP" or any(m.span.overlaps(t) for t in taken):
            continue
        if _is_demonym(m.text, gazetteer):
            found.append(Found(m.span, m.text, m.text, "NORP", demonym=True))
            taken.append(m.span)
        elif _country_name(m.text, gazetteer) or _norp_place(m.text, gazetteer):
            found.append(_make(text, m.span.start, m.span.end, "GPE"))  # "Saudi", "in Tunis", "Essex"
            taken.append(m.span)
    relabelled = _relabelled(doc, gazetteer, taken, found) + _datelines(doc, gazetteer, taken)
    found.extend(relabelled)
    others = [o for o in others if not any(o.overlaps(f.span) for f in relabelled)]
    found.extend(_missed(doc, gazetteer, taken + others))
    found.extend(_before_place_noun(doc, gazetteer, taken + others + [f.span for f in found]))
    found.extend(_named_by_place_noun(doc, gazetteer, taken + [f.span for f in found]))
    found.extend(_repeats(doc, gazetteer, found, taken + others))
    found.extend(_embedded(doc, gazetteer, found, others))
    found.extend(_unmarked(doc, gazetteer, found, [m.span for m in doc.mentions]))
    found = _whole_names(text, found)
    found.sort(key=lambda f: f.span.start)
    return [replace(f, modifier=True) if _MODIFIER.match(text, f.span.end) else f for f in found]


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
#: Arabic and Persian words that open a place's name and are never all of it: hill, mountain,
#: spring, village, monastery, caravanserai, well, house, valley, cape, shrine ("Tal Al-‘Eiss",
#: "Jabal Al-Zawiya", "Kafr Nabl", "Mazar-e-Sharif"); and the article ("Al-Tarikh").
_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "az", "at"})
_NAME_HEADS = _ARTICLES | {"tal", "tall", "tel", "tell", "jabal", "jebel", "jabel", "ain", "ayn", "ein",
                           "kafr", "kfar", "deir", "dayr", "khan", "bir", "beit", "bayt", "wadi", "ras",
                           "qasr", "mazar", "mazraat", "jisr", "nahr", "qalaat", "umm", "sheikh", "shaykh"}
#: What goes on from such a word in the same name: a hyphenated or spaced capitalised word, through
#: an article or an ezafe ("-e-", "-i-", "-ul-"), with or without an ayn sign ("‘Eiss", "'Amer").
_NAME_GOES_ON = re.compile(
    r"(?:-|[ ]+)(?:(?:al|el|as|ash|ad|an|ar|az|at|e|i|ul|ud|Al|El)-)?[‘'’]?[A-Z][\w'’‘]*"
    r"(?:-[‘'’]?[A-Z][\w'’‘]*)*"
    r"(?:[ ](?:(?:al|el|Al|El)-)?[‘'’]?(?!" + _WEEKDAY + r")[A-Z][\w'’‘]*)?")


def _whole_names(text: str, found: list[Found]) -> list[Found]:
    """Toponyms the NER cut after a word that only opens a name ("Tal" of "Tal Al-‘Eiss",
    "Mazar" of "Mazar-e-Sharif", "Al" of "Al-Tarikh"), run on to the name's end, where no other
    toponym begins there."""
    out = []
    for f in found:
        words = f.text.split()
        if f.demonym or f.modifier or len(words) != 1 or words[0].lower() not in _NAME_HEADS:
            out.append(f)
            continue
        m = _NAME_GOES_ON.match(text, f.span.end)
        end = m.end() if m else f.span.end
        if m and words[0].lower() in _ARTICLES and not m.group().startswith("-"):
            end = f.span.end  # "Al Jazeera"-like spaced names are the NER's to cut
        if end == f.span.end or any(o is not f and o.span.start < end and f.span.end <= o.span.start
                                    for o in found):
            out.append(f)
            continue
        out.append(_make(text, f.span.start, end, f.label))
    return out


#: A place name fused to one of these ("US-led coalition") describes an actor, not a location.
_MODIFIER = re.compile(
    r"-(?:led|backed|sponsored|allied|funded|brokered|based|born|made|owned|run|supported|aligned)\b",
    re.IGNORECASE,
)


_NOT_A_NAME = frozenset({"city", "state", "county", "center", "centre", "downtown", "central", "metro"})
_GENERIC = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern",
                      "western", "gulf", "city", "state", "county", "center", "centre", "downtown", "midwest"})


def _propagable(f: Found, gazetteer: Gazetteer) -> bool:
    """A tagged name safe to spread to its repeats: a real gazetteer name, not "North" or "ICON"."""
    text = f.text
    if (f.demonym or not text[:1].isupper() or len(text.replace(".", "")) < 4 or text.lower() in _GENERIC
            or text.lower() in _NOT_A_NAME):
        return False
    if text.isupper() and len(text) <= 5 and gazetteer.country(text) is None:
        return False
    return gazetteer.country(text) is not None or any(c.match == "name" for c in gazetteer.candidates(text, 5))


#: A run of capitals ("SAN DIEGO (AP)", "BOSTON (Reuters)", "MARINE ENERGY WALES"); a capitalised word.
_CAPS_RUN = re.compile(r"(?<![\w'’.-])[A-Z][A-Z'’.&-]+(?:[ ][A-Z][A-Z'’.&-]+)*(?![\w'’-])")
_MAX_CAPS_LOOKUPS = 600
_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]{3,}(?![\w'’])")
#: "Knockhill, Fife." or "near New Quay, Ceredigion,": the unit that follows a place and a comma.
_COMMA_UNIT = re.compile(r", ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})(?=[.,;:)]|\s+[a-z(]|$)")


def _unmarked(doc: Document, gazetteer: Gazetteer, found: list[Found], mentions: list[Span]) -> list[Found]:
    """Places no NER mention covers: capitals the gazetteer knows ("BOSTON (Reuters)"), the unit after
    "Place, " ("Oulton Park, Cheshire."), and demonyms the NER left untagged ("Salvadoran migrant")."""
    text = doc.text
    taken = [f.span for f in found] + mentions
    out: list[Found] = []

    def add(start: int, end: int, demonym: bool = False) -> None:
        span = Span(start, end)
        if not any(span.overlaps(t) for t in taken):
            out.append(Found(span, text[start:end], text[start:end], "NORP", demonym=True) if demonym
                       else _make(text, start, end, "GPE"))
            taken.append(span)

    lower = set(re.findall(r"\b[a-z][a-z'’-]*", text))  # "COLLEGE" when the story says "college" too
    looked = 0
    for m in _CAPS_RUN.finditer(text):
        if looked >= _MAX_CAPS_LOOKUPS:
            break  # an all-capitals article: its first runs (the dateline) are what this pass is for
        words = m.group().split(" ")
        i, at = 0, m.start()
        while i < len(words) and looked < _MAX_CAPS_LOOKUPS:
            for n in range(min(3, len(words) - i), 0, -1):
                name = " ".join(words[i : i + n]).rstrip(".,'’&-")
                if len(name.replace(" ", "")) < 4 or all(w.lower() in lower for w in name.split()):
                    continue
                looked += 1
                if _caps_place(name, gazetteer):
                    add(at, at + len(name))
                    break
            else:
                n = 1
            at += len(" ".join(words[i : i + n])) + 1
            i += n
    for f in found:
        m = _COMMA_UNIT.match(text, f.span.end)
        if m and not _LIST_GOES_ON.match(text, m.start(1)) and (_state_abbreviation(m.group(1)) or any(
                c.match == "name" and c.feature_code in ("ADM1", "ADM2") for c in gazetteer.candidates(m.group(1), 10))):
            add(m.start(1), m.end(1))
    for m in _WORD.finditer(text):
        if _is_demonym(m.group(), gazetteer):
            add(m.start(), m.end(), demonym=True)
    return out


def _caps_place(name: str, gazetteer: Gazetteer) -> bool:
    """A capitals-only name that is a country, an admin-1 unit or a town of 10,000 by its main name."""
    return _country_name(name, gazetteer) or any(
        c.match == "name" and (c.feature_code in ("ADM1", "PCLI") or c.feature_class == "P" and c.population >= 10_000)
        for c in gazetteer.candidates(name, 10))


def _repeats(doc: Document, gazetteer: Gazetteer, found: list[Found], taken: list[Span]) -> list[Found]:
    """Other occurrences of a name already read as a place (one sense per discourse).

    The NER often tags "Gainesville" once and leaves it untagged (or ORG-tagged, left alone here)
    further down; an untagged, capitalised, whole-word repeat is the same place.
    """
    out: list[Found] = []
    names = {f.text for f in found if _propagable(f, gazetteer)}
    taken = list(taken) + [f.span for f in found]
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", doc.text):
            span = Span(m.start(), m.end())
            if any(span.overlaps(t) for t in taken):
                continue
            out.append(_make(doc.text, span.start, span.end, "GPE"))
            taken.append(span)
    return out


#: Entity labels whose names often hold a place: "Air Zimbabwe", "the Kidney Foundation of Canada",
#: "Canadian Blood Services", "59.2 billion US dollars", "anti-Russian", "the Washington Post".
_HOLDERS = frozenset({"ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "MONEY", "NORP"})
#: A capitalised word, or an upper-case one ("WASHINGTON"), inside an entity's name.
_NAME_WORD = re.compile(r"[A-Z][\w'’.]*[\w.]|[A-Z]")
#: Words that begin no place inside an organisation's name even where a gazetteer has them.
_NOT_INNER = frozenset({"the", "federal", "national", "central", "republic", "union", "state", "states",
                        "royal", "general", "international", "united", "new", "grand", "bank", "city"})


def _inner_place(name: str, whole: bool, label: str, known: set[str],
                 gazetteer: Gazetteer) -> tuple[bool, bool]:
    """(is a place, is a demonym) for a word or words inside an entity's name (``whole``: all of it)."""
    if _is_demonym(name, gazetteer):
        return True, True
    if _country_name(name, gazetteer) or name in known and not whole:
        return True, False  # a whole "White House" tagged ORG is the staff, left as the NER says
    if whole or len(name) < 4 or (name.isupper() and len(name) < 5):
        return False, False
    # A unit or region of some size by its main name; a city of 200,000 only inside an organisation
    # ("the Oakland Athletics", "Toronto Transit Commission"), where it is most often the place.
    return any(c.match == "name" and (c.feature_code in ("ADM1", "CONT", "RGN") and c.population >= 100_000
                                      or label == "ORG" and c.feature_class == "P" and c.population >= 200_000)
               for c in gazetteer.candidates(name, 10)), False


def _embedded(doc: Document, gazetteer: Gazetteer, found: list[Found], others: list[Span]) -> list[Found]:
    """Places and demonyms inside other entities' names, which GeoWebNews counts as toponyms: "Air
    Zimbabwe", "Bank of America", "the Oakland Athletics", "Canadian Blood Services", "US dollars".

    A country, a demonym, an admin-1 unit, continent or region, a city of 100,000 by its main
    name, or a name the document already reads as a place ("Washington Post" yields Washington,
    "Lincoln Financial" nothing unless the story places Lincoln). Person names are left alone.
    """
    known = {f.text for f in found if _propagable(f, gazetteer)}
    taken = [f.span for f in found]
    out: list[Found] = []
    for m in doc.mentions:
        if m.label not in _HOLDERS or any(m.span.overlaps(t) for t in taken):
            continue
        if m.label == "NORP" and _is_demonym(m.text, gazetteer):
            continue  # the demonym pass took it already, or chose to leave it
        words = [w for w in _NAME_WORD.finditer(doc.text, m.span.start, m.span.end)]
        i = 0
        while i < len(words):
            hit = None
            for n in range(min(3, len(words) - i), 0, -1):
                first, last = words[i], words[i + n - 1]
                name = doc.text[first.start() : last.end()]
                if n > 1 and not re.fullmatch(r"[\w'’.]+(?:[ -][\w'’.]+)*", name):
                    continue  # the words must touch: "Nelson-Creston", "Saint Lucia"
                name = _POSSESSIVE.sub("", name).rstrip(".") if not name.endswith(("U.S.", "D.C.")) else name
                if first.group().lower() in _NOT_INNER or name.lower() in _GENERIC or len(name) < 2:
                    continue
                whole = (first.start(), first.start() + len(name)) == _trim(
                    doc.text, m.span.start, m.span.end)
                place, demonym = _inner_place(name, whole, m.label, known, gazetteer)
                if place:
                    hit = (first.start(), first.start() + len(name), n, demonym)
                    break
            if hit is None:
                i += 1
                continue
            start, end, n, demonym = hit
            span = Span(start, end)
            if not any(span.overlaps(t) for t in taken):
                text = doc.text[start:end]
                out.append(Found(span, text, text, "NORP", demonym=True) if demonym
                           else _make(doc.text, start, end, "GPE"))
                taken.append(out[-1].span)
            i += n
    return out


def _missed(doc: Document, gazetteer: Gazetteer, taken: list[Span]) -> list[Found]:
    """Capitalised names after a locative preposition that the gazetteer knows and the NER missed."""
    parsed: Any = doc.parse
    if parsed is None:
        return []
    out = []
    ts = token_strings(parsed)  # (a Token object per word would cost more than the tests)
    lowers, texts, pos, idx = ts.lowers, ts.texts, ts.pos_, ts.idx
    n = len(texts)
    for i in range(n - 1):
        if lowers[i] not in LOCATIVE_PREPS:
            continue
        j = i + 1
        if lowers[j] == "the" and j + 1 < n:
            j += 1
        k = j
        while k < n and texts[k][:1].isupper() and pos[k] == "PROPN" and k - j < 4:
            k += 1
        if k == j:
            continue
        span = Span(idx[j], idx[k - 1] + len(texts[k - 1]))
        if any(span.overlaps(t) for t in taken):
            continue
        name = doc.text[span.start : span.end]
        cands = gazetteer.candidates(name, 5)
        if gazetteer.country(name) is None and not any(c.population >= 5000 or c.feature_class in "AL" for c in cands):
            continue
        out.append(_make(doc.text, span.start, span.end, "GPE"))
        taken.append(span)
    return out + _untagged(doc, gazetteer, taken)


def _untagged(doc: Document, gazetteer: Gazetteer, taken: list[Span]) -> list[Found]:
    """Untagged capitalised names that can only be a prominent place: a country, an admin-1 unit,
    or a city of 100,000 by its main name ("Russian troops captured Grozny")."""
    parsed: Any = doc.parse
    out: list[Found] = []
    ts = token_strings(parsed)
    texts, pos, idx = ts.texts, ts.pos_, ts.idx
    people = _person_names(doc)  # "Chen said", "Tyler added": surnames the NER left untagged
    i, n = 0, len(texts)
    while i < n:
        if not (texts[i][:1].isupper() and pos[i] == "PROPN") or ts.starts[i]:
            i += 1
            continue
        k = i
        while k < n and texts[k][:1].isupper() and pos[k] == "PROPN" and k - i < 3:
            k += 1
        span = Span(idx[i], idx[k - 1] + len(texts[k - 1]))
        i = k
        if any(span.overlaps(t) for t in taken):
            continue
        name = doc.text[span.start : span.end]
        if len(name) < 4 or name.isupper() or name in people or name.lower() in _NOT_A_NAME:
            continue
        if gazetteer.country(name) is None and not any(
                _spelled(c, name) and (c.feature_code == "ADM1" or c.feature_class == "P" and c.population >= 100_000)
                for c in gazetteer.candidates(name, 10)):
            continue
        out.append(_make(doc.text, span.start, span.end, "GPE"))
        taken.append(span)
    return out


_PLACE_NOUN_OF = re.compile(
    r"\b(?:villages?|towns?|cities|city|settlements?|hamlets?|districts?|areas?|neighbou?rhoods?|suburbs?|"
    r"camps?|townships?|localities|locality|municipalit(?:y|ies)|governorates?|provinces?|count(?:y|ies)|"
    r"regions?|"
    # the parts and surroundings of a place: "the outskirts of al-Rai", "the hills of Ein Tini",
    # "the southern slope of Tal Al-Bardah", "the streets of Al-Qamishli", "north of Karmah"
    r"outskirts|countryside|vicinity|environs|perimeter|hilltop|mountaintop|hills|slopes?|farms|"
    r"streets|islands?|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)"
    r"\s+of\s+")
#: A place's name of up to three capitalised words, with Arabic articles ("al-Rai", "Tal Al-Bardah"),
#: not running on into a weekday ("Ghouta Monday")
_NAME = (r"(?:al-|el-|Al-|El-|‘)?[A-Z][\w'’‘-]+"
         r"(?:[ ](?!" + _WEEKDAY + r")(?:al-|el-)?[A-Z][\w'’‘-]+){0,2}")
_OF_NAME = re.compile(r"(" + _NAME + r")")
#: A name whose own last word is a capitalised place noun: "the key Al-Hamdaniya Suburb", "the
#: Sheikh Maqsoud District", "Gwoza Town", "the Thawra Power Plant", "the Al-Zahraa Farms".
_NAMED_WITH_NOUN = re.compile(
    r"(?<![\w'’‘-])((?:al-|el-|Al-|El-|‘)?[A-Z][\w'’‘-]*"
    r"(?:[ ](?!" + _WEEKDAY + r")(?:al-|el-)?[A-Z][\w'’‘-]*){0,2}"
    r"[ ](?:District|Quarter|Suburb|Neighbou?rhood|Governorate|Town|Village|Farms?|Roundabout|"
    r"Power Plant|Gas Fields?|Oil Fields?|Springs|Checkpoint|Air ?[Bb]ase|Military Airport|"
    r"Refugee Camp|Camp))(?![\w'’-])")
#: A name in apposition to a place noun: "in Malir, a low-income area of Karachi", "Miringa, a village
#: in Biu", "at Ikpoba, a border town". The noun must head its phrase ("Smith, a city councilman" is
#: no place): a punctuation mark or a word that goes on to say where follows it.
_APPOSED_PLACE = re.compile(
    r"(?<![\w'’‘-])(" + _NAME + r"),[ ]+"
    r"(?:a|an|the)[ ]+(?:[\w'’-]+[ ]+){0,4}?"
    r"(?:town|village|city|community|area|district|neighbou?rhood|suburb|island|islet|hamlet|settlement|"
    r"locality|township|refugee camp|camp|port city|port town|border town|market town|enclave)"
    r"(?=[ ]*[,.;:)]|[ ]+(?:in|of|on|near|about|some|located|situated|where|which|that|outside|close|"
    r"just|along|bordering|north|south|east|west|northeast|northwest|southeast|southwest|between)\b)")
#: A name after a locative preposition and a compass adjective: "in eastern Ghouta", "at southern
#: Kobane", "in the northern Houla": people are not "in eastern" anything.
_DIRECTION_NAME = re.compile(
    r"\b(?:in|at|near|inside|across|throughout|around|within|into)[ ]+(?:the[ ]+)?"
    r"(?:(?:north|south)-?(?:east|west)ern|northern|southern|eastern|western)[ ]+"
    r"(" + _NAME + r")(?![\w'’-])")
#: First words that make such a name an organisation or a title, not a place ("Police District").
_NOT_PLACE_WORD = frozenset({"the", "a", "an", "police", "school", "water", "federal", "electoral",
                             "military", "congressional", "judicial", "health", "islamic",
                             "national", "central"})
_LIST_NEXT = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?:al-|el-|Al-|El-)?[A-Z])")
#: NER labels a place name often gets from the small model; a place noun beside the name overrules them.
_MISLABELS = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "WORK_OF_ART", "LANGUAGE", "EVENT", "FAC", "LAW"})


#: Faiths and sects, which the NER tags NORP like the peoples.
_FAITHS = frozenset({"sunni", "shia", "shiite", "shi'ite", "christian", "muslim", "jewish", "druze",
                     "alawite", "catholic", "protestant", "orthodox", "hindu", "sikh", "buddhist",
                     "coptic", "yazidi", "kurdish", "arab", "turkmen", "ismaili"})


def _people_word(name: str, gazetteer: Gazetteer) -> bool:
    """A people's, faith's or sect's name, in any of its words ("Sunni", "Rohingya Muslim",
    "Alawite"), not a place the NER tagged NORP ("Magam town")."""
    return any(w.lower() in _FAITHS or _is_demonym(w, gazetteer)
               or w.lower().endswith(("i", "an", "ans", "ese", "ish", "ite", "ites", "ic"))
               for w in name.split())


def _proper(doc: Document, offset: int) -> bool:
    """Whether the parse reads the word at ``offset`` as a proper noun (not "Meanwhile", "Later")."""
    tok = _last_token(doc, Span(offset, offset + 1))
    return tok is not None and tok.pos_ == "PROPN"


def _past_article(text: str, start: int) -> int:
    """``start`` moved past a leading article ("the X Power Plant", tagged ORG whole)."""
    m = re.match(r"(?:the|The)\s+", text[start : start + 4])
    return start + m.end() if m else start


def _named_by_place_noun(doc: Document, gazetteer: Gazetteer, taken: list[Span]) -> list[Found]:
    """Names a place noun marks as places whatever the NER said of them ("Dubuwa village", tagged
    PERSON; "the village of Sogam", untagged; "the towns of Khan Touman, Aleis and Alzorba"): the
    gazetteer need not know them, the event chooser still places events there (unresolved)."""
    others = [m for m in doc.mentions if m.label not in PLACE_LABELS]
    out: list[Found] = []

    def free(span: Span) -> bool:
        if any(span.overlaps(t) for t in taken):
            return False
        # a mislabelled name may be taken over, a date or number, or a longer name, may not;
        # nor a name after a possessive inside one ("Narathiwat's Rueso" tagged ORG)
        return all(not span.overlaps(m.span) or (m.label in _MISLABELS and (
            span.start <= _past_article(doc.text, m.span.start) and m.span.end <= span.end + 2
            or span.end == m.span.end and re.search(r"['’]s $", doc.text[m.span.start:span.start])))
            for m in others)

    def add(start: int, end: int) -> None:
        span = Span(start, end)
        name = doc.text[start:end]
        if (not free(span) or name.lower() in _GENERIC or name.lower() in _NOT_A_NAME
                or name.split()[0].lower() in ("the", "a", "an", "this", "that") or _is_demonym(name, gazetteer)):
            return
        out.append(_make(doc.text, start, end, "GPE"))
        taken.append(span)

    for m in _PLACE_NOUN_OF.finditer(doc.text):
        at = m.end()
        while True:
            name = _OF_NAME.match(doc.text, at)
            if name is None:
                break
            add(name.start(1), name.end(1))
            more = _LIST_NEXT.match(doc.text, name.end(1))
            if more is None or not m.group(0).split()[0].endswith("s"):
                break  # only a plural noun lists several names
            at = more.end()
    for m in _NAMED_WITH_NOUN.finditer(doc.text):
        # "Deir Ezzor's Jabiliyah District"
        start = _past_possessive(doc.text, m.start(1), m.end(1))
        if " " not in doc.text[start:m.end(1)]:
            start = m.start(1)  # "Joe's Village" is the name itself
        if (start == 0 or doc.text[max(0, start - 2) : start].strip() in (".", "!", "?")
                or doc.text[start:m.end(1)].split()[0].lower() in _NOT_PLACE_WORD):
            continue
        add(start, m.end(1))
    for m in _APPOSED_PLACE.finditer(doc.text):
        if _proper(doc, m.start(1)):  # not "Meanwhile, a village ..."
            add(m.start(1), m.end(1))  # "in Malir, a low-income area", "Miringa, a village in Biu"
    for m in _DIRECTION_NAME.finditer(doc.text):
        add(m.start(1), m.end(1))  # "clashes in eastern Ghouta", "at southern Kobane"
    for m in _NAME_PLACE_NOUN.finditer(doc.text):
        start = _past_possessive(doc.text, m.start(1), m.end(1))  # "Yala's Raman district"
        if start == 0 or doc.text[max(0, start - 2) : start].strip() in (".", "!", "?"):
            continue  # a capitalised first word is left to the gazetteer rules above
        if any(o.label == "NORP" and o.span.start <= start and m.end(1) <= o.span.end
               and _people_word(doc.text[start : m.end(1)], gazetteer) for o in others):
            continue  # "the Sunni neighborhood of Azamiyah", "a Christian village": who lives there
        add(start, m.end(1))
    return out
