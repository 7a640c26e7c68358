"""The event trigger lexicon: a transparent YAML file (data/event_lexicon.yaml) read into lookup tables.

``load_lexicon(path=None) -> Lexicon``; the packaged file is used when no path is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..model import PLOVER_TYPES


@dataclass(frozen=True)
class LexEntry:
    """One lexicon entry: what its triggers mean (type, mode, CAMEO) and how strong they are."""

    id: str
    type: str
    cameo: str | None = None
    mode: str | None = None
    weight: float = 1.0
    intent: bool = False
    needs_object: bool = False
    people_object: bool = False  # its object, when it has one, must name people ("release X")
    future_type: str | None = None  # the type when the event is announced for the future
    subjects: frozenset[str] = frozenset()
    not_subjects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    #: the subject is who suffered it, not who did it ("their vehicle hit a landmine")
    victim_subject: bool = False
    #: when set, the verb's object (or a noun under it) must be one of these ("defused explosives")
    objects: frozenset[str] = frozenset()
    recipient_preps: frozenset[str] | None = None


@dataclass(frozen=True)
class Phrase:
    """A verb with dependents: the verb lemma, then one set of alternative lemmas per further word."""

    verb: str
    rest: tuple[frozenset[str], ...]
    entry: LexEntry


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, LexEntry]
    verbs: dict[str, tuple[LexEntry, ...]]
    nouns: dict[tuple[str, ...], tuple[LexEntry, ...]]  # lemma sequence -> entries
    phrases: dict[str, tuple[Phrase, ...]]  # first verb lemma -> phrases
    max_noun_len: int
    light_verbs: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    light_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    outcome_verbs: frozenset[str] = frozenset()
    accident_nouns: frozenset[str] = frozenset()
    accident_sources: frozenset[str] = frozenset()
    weapon_nouns: frozenset[str] = frozenset()
    disposal_verbs: frozenset[str] = frozenset()
    hypothetical_nouns: frozenset[str] = frozenset()
    hypothetical_mods: frozenset[str] = frozenset()
    alleged_nouns: frozenset[str] = frozenset()
    alleged_mods: frozenset[str] = frozenset()
    governor_status: dict[str, str] = field(default_factory=dict)
    modal_hypothetical: frozenset[str] = frozenset()
    modal_future: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    crowd_nouns: frozenset[str] = frozenset()
    police_nouns: frozenset[str] = frozenset()
    mode_cues: dict[str, str] = field(default_factory=dict)  # cue lemma -> ASSAULT mode


def _words(items: object) -> frozenset[str]:
    return frozenset(str(x).lower() for x in (items or []))  # type: ignore[union-attr]


def _loader(yaml: Any) -> Any:
    """A SafeLoader that reads only true/false as booleans (YAML 1.2), so that the words "on",
    "off", "yes" and "no" in word lists stay words: PyYAML's YAML 1.1 rules made the "on" of
    ``recipient_preps: [from, of, on]`` the boolean True ("called on X" lost X)."""
    import re

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


def read_yaml(packaged: str, path: str | Path | None, what: str) -> tuple[Any, str]:
    """A lexicon file's YAML (the packaged ``data/<packaged>`` when ``path`` is None) and the name
    to give it in errors; ResourceError when it cannot be read or parsed."""
    import yaml

    try:
        if path is None:
            text = resources.files("eventwire").joinpath(f"data/{packaged}").read_text("utf-8")
            where = f"{packaged} (packaged)"
        else:
            text = Path(path).read_text(encoding="utf-8")
            where = str(path)
        data = yaml.load(text, Loader=_loader(yaml))  # noqa: S506 - a SafeLoader subclass
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(
            f"{what} cannot be read: {exc}", hint="reinstall eventwire or fix the YAML file"
        ) from None
    return data, where


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and check the event lexicon; ResourceError names the bad entry."""
    data, where = read_yaml("event_lexicon.yaml", path, "event lexicon")

    entries: dict[str, LexEntry] = {}
    verbs: dict[str, list[LexEntry]] = {}
    nouns: dict[tuple[str, ...], list[LexEntry]] = {}
    phrases: dict[str, list[Phrase]] = {}
    for raw in data.get("entries", []):
        eid = raw.get("id")
        if raw.get("type") not in PLOVER_TYPES or not eid or eid in entries:
            raise ResourceError(
                f"{where}: bad or duplicate entry {eid!r} (type {raw.get('type')!r})",
                hint="each entry needs a unique id and a PLOVER type",
            )
        preps = raw.get("recipient_preps")
        entry = LexEntry(
            id=eid,
            type=raw["type"],
            cameo=str(raw["cameo"]) if raw.get("cameo") else None,
            mode=raw.get("mode"),
            weight=float(raw.get("weight", 1.0)),
            intent=bool(raw.get("intent", False)),
            needs_object=bool(raw.get("needs_object", False)),
            people_object=bool(raw.get("people_object", False)),
            future_type=raw.get("future_type"),
            subjects=_words(raw.get("subjects")),
            not_subjects=_words(raw.get("not_subjects")),
            not_objects=_words(raw.get("not_objects")),
            objects=_words(raw.get("objects")),
            victim_subject=bool(raw.get("victim_subject", False)),
            recipient_preps=_words(preps) if preps is not None else None,
        )
        entries[eid] = entry
        for verb in raw.get("verbs") or []:
            verbs.setdefault(str(verb).lower(), []).append(entry)
        for noun in raw.get("nouns") or []:
            nouns.setdefault(tuple(str(noun).lower().split()), []).append(entry)
        for phrase in raw.get("phrases") or []:
            parts = str(phrase).lower().split()
            heads = parts[0].split("|")
            rest = tuple(frozenset(p.split("|")) for p in parts[1:])
            for head in heads:
                phrases.setdefault(head, []).append(Phrase(head, rest, entry))

    cues: dict[str, str] = {}
    for mode, words in (data.get("assault_mode_cues") or {}).items():
        for w in words:
            cues[str(w).lower()] = mode
    gov: dict[str, str] = {}
    for status, words in (data.get("governor_status") or {}).items():
        for w in words:
            gov.setdefault(str(w).lower(), status)
    return Lexicon(
        entries=entries,
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        max_noun_len=max((len(k) for k in nouns), default=1),
        light_verbs=_words(data.get("light_verbs")),
        quantity_nouns=_words(data.get("quantity_nouns")),
        light_preps={k: _words(v) for k, v in (data.get("light_preps") or {}).items()},
        outcome_verbs=_words(data.get("outcome_verbs")),
        accident_nouns=_words(data.get("accident_nouns")),
        accident_sources=_words(data.get("accident_sources")),
        weapon_nouns=_words(data.get("weapon_nouns")),
        disposal_verbs=_words(data.get("disposal_verbs")),
        hypothetical_nouns=_words(data.get("hypothetical_nouns")),
        hypothetical_mods=_words(data.get("hypothetical_mods")),
        alleged_nouns=_words(data.get("alleged_nouns")),
        alleged_mods=_words(data.get("alleged_mods")),
        governor_status=gov,
        modal_hypothetical=_words(data.get("modal_hypothetical")),
        modal_future=_words(data.get("modal_future")),
        speech_verbs=_words(data.get("speech_verbs")),
        crowd_nouns=_words(data.get("crowd_nouns")),
        police_nouns=_words(data.get("police_nouns")),
        mode_cues=cues,
    )
