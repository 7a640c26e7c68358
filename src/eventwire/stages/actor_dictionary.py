"""The actor dictionary: countries, generic agents, titles, named organizations and people.

``load_dictionary(paths)`` builds one :class:`ActorDictionary` (done once, in ``ActorsStage.open``)
from the countryinfo package (names, alternative spellings, demonyms, capitals), the packaged
``data/actors.yaml`` and any user YAML files (later files win). ``ActorDictionary.scan(text)``
finds every dictionary name in a text with a token n-gram index (no regex alternation, no I/O).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ResourceError

#: Tokens for matching: dotted abbreviations ("U.S.") stay whole, words, single punctuation.
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|[^\w\s]")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})

#: ISO codes the package carries as alternative spellings that are also English words or
#: common abbreviations ("IN", "IT", "ME"): only two-letter codes listed here are kept.
_KEEP_SHORT = {"US", "UK", "UAE", "USA", "DRC", "RSA", "DPRK", "PRC"}
#: Dependencies whose names are words or places far more often than countries in news.
_SKIP_COUNTRY_NAMES = {
    "jersey",
    "guernsey",
    "island",
    "man",
    "mann",
    "chad republic",
    "georgia state",
}


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split text into ``(start, end, token)`` with the matcher's own simple tokenizer."""
    text = text.translate(_APOS)
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


def pluralize(word: str) -> str:
    """A regular English plural of the last word (police -> police, militia -> militias)."""
    head, _, last = word.rpartition(" ")
    if last in {
        "police",
        "media",
        "military",
        "press",
        "people",
        "men",
        "children",
        "women",
        "personnel",
        "intelligence",
        "clergy",
        "leadership",
        "judiciary",
        "gendarmerie",
        "law enforcement",
        "enforcement",
        "mujahideen",
        "administration",
        "opposition",
        "population",
    }:
        plural = last
    elif last.endswith("s") and not last.endswith("ss"):
        plural = last  # already plural ("armed forces", "authorities")
    elif last.endswith(("ss", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@dataclass(frozen=True)
class Period:
    """A date range (either end open) in which an entry has another code or sector."""

    start: _dt.date | None
    end: _dt.date | None
    code: str | None = None
    sector: str | None = None

    def covers(self, day: _dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """One named actor of the dictionary (an organization, a group, a person)."""

    id: str
    name: str
    kind: str  # organization, group, person
    code: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    affiliation: str | None = None
    #: in-office ranges: inside one, ``sector``; outside all of them, ``out_sector``
    offices: tuple[Period, ...] = ()
    out_sector: str | None = None
    periods: tuple[Period, ...] = ()
    source: str = ""

    def coding(self, day: _dt.date | None) -> tuple[str | None, str | None]:
        """The (code, sector) that holds on ``day`` (the entry's default when no date is known)."""
        code, sector = self.code, self.sector
        if day is None:
            return code, sector
        if self.offices and not any(p.covers(day) for p in self.offices):
            sector = self.out_sector
        for p in self.periods:
            if p.covers(day):
                code = p.code or code
                sector = p.sector or sector
        return code, sector


@dataclass(frozen=True)
class Hit:
    """A dictionary name found in a text: ``what`` is country/demonym/capital/entry."""

    start: int
    end: int
    text: str
    what: str
    code: str | None
    entry: Entry | None = None


@dataclass
class ActorDictionary:
    """Every lookup table the actors stage needs, built once."""

    #: alias -> ("country"|"demonym"|"capital", ISO3) or ("entry", Entry)
    _index: dict[tuple[str, ...], tuple[str, Any]] = field(default_factory=dict)
    _first: dict[str, int] = field(default_factory=dict)  # first token -> longest n-gram length
    _exact: set[tuple[str, ...]] = field(default_factory=set)  # keys that must match case
    _shared: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)  # one alias, many
    #: agent phrase (lowercase words) -> sector; titles likewise
    agents: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> canonical name
    country_wikidata: dict[str, str] = field(default_factory=dict)
    max_agent_words: int = 1

    # --- building ------------------------------------------------------------------------

    def add_name(self, name: str, kind: str, value: Any) -> None:
        words = tuple(t for _, _, t in tokenize(name))
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]
        if not words:
            return
        key = tuple(w.lower() for w in words)
        # single-word names (acronyms, "Hamas") match only with their own case: "us" is no country
        if len(words) == 1 or all(w.isupper() for w in words if w.isalpha()):
            self._exact.add(tuple(words))
            key = tuple(words)
        old = self._index.get(key)
        if kind == "entry" and old is not None and old[0] == "entry" and old[1].id != value.id:
            # one alias, several people ("Assad", "Bush"): the date decides at scan time
            self._shared.setdefault(key, [old[1]])
            self._shared[key] = [e for e in self._shared[key] if e.id != value.id] + [value]
        elif key in self._shared:
            del self._shared[key]
        self._index[key] = (kind, value)
        first = key[0]
        self._first[first] = max(self._first.get(first, 0), len(key))

    def lookup(self, name: str) -> tuple[str, Any] | None:
        """The (kind, value) stored for an exact name, case as the matcher would see it."""
        words = tuple(t for _, _, t in tokenize(name))
        if words and words[0].lower() == "the" and len(words) > 1:
            words = words[1:]
        if not words:
            return None
        return self._index.get(tuple(words)) or (
            self._index.get(tuple(w.lower() for w in words)) if len(words) > 1 else None
        )

    def country_of(self, name: str) -> str | None:
        """ISO3 for a country name, alternative spelling, demonym or capital; else None."""
        found = self.lookup(name)
        if found and found[0] in ("country", "demonym", "capital"):
            return found[1]
        return None

    # --- matching ------------------------------------------------------------------------

    def scan(self, text: str, day: _dt.date | None = None) -> list[Hit]:
        """Every longest, non-overlapping dictionary name in ``text``, left to right."""
        toks = tokenize(text)
        hits: list[Hit] = []
        i = 0
        n = len(toks)
        while i < n:
            found = None
            word = toks[i][2]
            low = word.lower()
            if word not in self._first and low not in self._first:
                i += 1  # most words start no name: skip the search below (it would find none)
                continue
            for first in {word, low}:
                longest = self._first.get(first, 0)
                for size in range(min(longest, n - i), 0, -1):
                    words = tuple(t[2] for t in toks[i : i + size])
                    # a multi-word name is not matched across a gap (a sentence or paragraph break)
                    if size > 1 and any(
                        toks[k + 1][0] - toks[k][1] > 1 for k in range(i, i + size - 1)
                    ):
                        continue
                    if words in self._exact:
                        value = self._index.get(words)
                    else:
                        if not any(w[:1].isupper() or w[:1].isdigit() for w in words):
                            continue  # names are capitalised in running text ("al-Qaeda")
                        value = self._index.get(tuple(w.lower() for w in words))
                        if value is not None and tuple(w.lower() for w in words) in self._exact:
                            value = None
                    if value is not None:
                        if found is None or size > found[0]:
                            found = (size, value)
                        break
            if found is None:
                i += 1
                continue
            size, (kind, value) = found
            start, end = toks[i][0], toks[i + size - 1][1]
            if kind == "entry":
                key = tuple(t[2] for t in toks[i : i + size])
                shared = self._shared.get(key) or self._shared.get(tuple(w.lower() for w in key))
                if shared and day is not None:
                    # the one in office that day, else the last one in office before it
                    value = next((e for e in shared if any(p.covers(day) for p in e.offices)), None) or max(
                        shared, key=lambda e: max((p.start or _dt.date.min for p in e.offices
                                                   if (p.start or _dt.date.min) <= day), default=_dt.date.min))
                hits.append(Hit(start, end, text[start:end], "entry", value.code, value))
            else:
                hits.append(Hit(start, end, text[start:end], kind, value))
            i += size
        return hits

    def agent_sector(self, words: Sequence[str]) -> str | None:
        return self.agents.get(" ".join(w.lower() for w in words))

    def title_sector(self, words: Sequence[str]) -> str | None:
        return self.titles.get(" ".join(w.lower() for w in words))


# (dictionary, the last words of its agent and title phrases), for the one dictionary in use
_LAST_WORDS: tuple[Any, int, frozenset[str]] = (None, 0, frozenset())


def phrase_last_words(d: ActorDictionary) -> frozenset[str]:
    """The last word of every agent and title phrase (a token ending none starts no search)."""
    global _LAST_WORDS
    size = len(d.agents) + len(d.titles)
    cached = _LAST_WORDS
    if cached[0] is d and cached[1] == size:
        return cached[2]
    words = frozenset(k.rsplit(" ", 1)[-1] for k in (*d.agents, *d.titles))
    _LAST_WORDS = (d, size, words)
    return words


# --- loading --------------------------------------------------------------------------------


def _parse_date(value: Any, end: bool = False) -> _dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return _dt.date(int(text), 12, 31) if end else _dt.date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = map(int, text.split("-"))
        if end:
            nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
            return nxt - _dt.timedelta(days=1)
        return _dt.date(y, m, 1)
    return _dt.date.fromisoformat(text)


def _office(value: str) -> Period:
    start, _, end = str(value).partition("/")
    return Period(_parse_date(start), _parse_date(end, end=True))


def _countries_from_package(d: ActorDictionary) -> None:
    """Names, alternative spellings, demonyms and capitals from countryinfo (MIT)."""
    try:
        from countryinfo._cache import load_countries  # one cached read of the package's JSON
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise ResourceError(
            f"the countryinfo package cannot be imported: {exc}",
            hint="install it with `pip install countryinfo`",
        ) from None
    countries = load_countries()["countries"]
    # when two territories share a name or demonym ("American", "Chinese"), the bigger wins
    ranked = sorted(countries.values(), key=lambda c: -(c.get("population") or 0))
    for info in reversed(ranked):  # small first, so big ones overwrite
        iso = (info.get("ISO") or {}).get("alpha3")
        if not iso or len(iso) != 3:
            continue
        names = [info.get("name") or ""]
        names += [a for a in info.get("altSpellings") or [] if isinstance(a, str)]
        for name in names:
            name = name.strip()
            if not name or name.lower() in _SKIP_COUNTRY_NAMES:
                continue
            if len(name) <= 4 and name.isupper() and name not in _KEEP_SHORT:
                continue  # ISO codes such as IN, IT, ME, NO are words
            if not any(ch.isascii() and ch.isalpha() for ch in name):
                continue  # names in other scripts never match English text
            d.add_name(name, "country", iso)
        for demonym in re.split(r"[,/]", info.get("demonym") or ""):
            demonym = demonym.strip()
            if (
                demonym
                and demonym.lower() not in _SKIP_COUNTRY_NAMES
                and demonym != info.get("capital")
            ):
                d.add_name(demonym, "demonym", iso)
                if demonym[-1:] in ("n", "i"):  # "Ghanaians", "Iraqis"; not "Chinese", "French"
                    d.add_name(demonym + "s", "demonym", iso)
        capital = info.get("capital")
        if isinstance(capital, str) and capital.strip():
            d.add_name(capital.strip(), "capital", iso)
    for info in reversed(ranked):  # the biggest territory names the code
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso:
            d.country_names[iso] = info.get("name") or iso


class _Loader:
    """Merges YAML dictionaries into an ActorDictionary; names each file in its errors."""

    def __init__(self, d: ActorDictionary) -> None:
        self.d = d

    def load_text(self, text: str, source: str) -> None:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = f" line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(
                f"{source}:{line}: not valid YAML: {exc.problem or exc}",
                hint="fix the actor dictionary's syntax (see data/actors.yaml for the format)",
            ) from None
        except yaml.YAMLError as exc:
            raise ConfigError(
                f"{source}: not valid YAML: {exc}", hint="fix the file's syntax"
            ) from None
        if data is None:
            return
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: an actor dictionary must be a mapping of sections")
        unknown = set(data) - {"countries", "agents", "titles", "organizations", "people"}
        if unknown:
            raise ConfigError(
                f"{source}: unknown section(s) {sorted(unknown)}",
                hint="sections are countries, agents, titles, organizations, people",
            )
        try:
            self._countries(data.get("countries") or {})
            self._lexicon(data.get("agents") or {}, self.d.agents, plural=True)
            self._lexicon(data.get("titles") or {}, self.d.titles, plural=True)
            for kind, section in (("organization", "organizations"), ("person", "people")):
                for item in data.get(section) or []:
                    self._entry(item, kind, source)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ConfigError(
                f"{source}: malformed actor dictionary entry: {exc}",
                hint="see data/actors.yaml for the format of each section",
            ) from None
        self.d.max_agent_words = max(
            [len(k.split()) for k in (*self.d.agents, *self.d.titles)] or [1]
        )

    def _countries(self, section: dict[str, Any]) -> None:
        for iso, spec in section.items():
            spec = spec or {}
            for name in spec.get("aliases") or []:
                self.d.add_name(str(name), "country", iso)
            for name in spec.get("demonyms") or []:
                self.d.add_name(str(name), "demonym", iso)
            for name in spec.get("capitals") or []:
                self.d.add_name(str(name), "capital", iso)
            if spec.get("wikidata"):
                self.d.country_wikidata[iso] = str(spec["wikidata"])
            if spec.get("name"):
                self.d.country_names[iso] = str(spec["name"])
                self.d.add_name(str(spec["name"]), "country", iso)
            elif spec.get("aliases"):
                self.d.country_names.setdefault(iso, str(spec["aliases"][0]))

    @staticmethod
    def _lexicon(section: dict[str, Any], table: dict[str, str], plural: bool) -> None:
        for sector, words in section.items():
            for word in words or []:
                word = " ".join(str(word).lower().split())
                table[word] = sector
                if plural:
                    table.setdefault(pluralize(word), sector)

    def _entry(self, item: dict[str, Any], kind: str, source: str) -> None:
        name = str(item["name"])
        entry = Entry(
            id=f"{kind[0]}:{name.lower()}",
            name=name,
            kind=str(item.get("kind") or kind),
            code=item.get("code"),
            sector=item.get("sector"),
            aliases=tuple(str(a) for a in item.get("aliases") or ()),
            wikidata=item.get("wikidata"),
            affiliation=item.get("affiliation"),
            offices=tuple(_office(o) for o in item.get("in_office") or ()),
            out_sector=item.get("out_sector"),
            periods=tuple(
                Period(
                    _parse_date(p.get("from")),
                    _parse_date(p.get("to"), end=True),
                    p.get("code"),
                    p.get("sector"),
                )
                for p in item.get("periods") or ()
            ),
            source=source,
        )
        self.d.entries[entry.id] = entry  # a later file's entry of the same name replaces it
        for alias in (name, *entry.aliases):
            self.d.add_name(alias, "entry", entry)


def load_dictionary(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> ActorDictionary:
    """Build the dictionary: countryinfo, then the packaged YAML, then each user file in order."""
    d = ActorDictionary()
    loader = _Loader(d)
    if builtin:
        _countries_from_package(d)
        text = resources.files("eventwire").joinpath("data/actors.yaml").read_text(encoding="utf-8")
        loader.load_text(text, "eventwire/data/actors.yaml")
    for path in paths:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(
                f"{p}: actor dictionary not found", hint="check [actors] dictionaries"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: actor dictionary cannot be read: {exc}") from None
        loader.load_text(text, str(p))
    return d
