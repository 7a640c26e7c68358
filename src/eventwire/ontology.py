"""Event ontology tables: PLOVER type -> quad class, CAMEO code <-> PLOVER, PLOVER -> ACLED types.

Pure functions over small packaged tables; nothing is loaded until first use.

- :func:`quad_class` gives the GDELT/Phoenix QuadClass (1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict) of a PLOVER type.
- :func:`cameo_code` gives an event's CAMEO code (its own, else the default for its type and mode),
  :func:`cameo_root` the two-digit root, :func:`plover_for_cameo` the official CAMEO -> PLOVER
  translation (``data/cameo2plover.tsv``, from openeventdata/PLOVER CAMEO2PLOVER-2021, CC BY-SA 4.0).
- :func:`acled_types` derives an ACLED ``(event_type, sub_event_type)`` for export, or
  ``(None, None)`` where ACLED has no category (verbal events).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from .model import PLOVER_TYPES, Document, Event

#: QuadClass per PLOVER type (PLOVER manual draft 0.8, "quad" column).
QUAD_CLASS: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: Default CAMEO code per PLOVER type, used when an event carries none.
TYPE_CAMEO: dict[str, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "084",
    "REQUEST": "100",
    "ACCUSE": "110",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "190",
}

#: Default CAMEO code per (type, mode), more specific than TYPE_CAMEO.
MODE_CAMEO: dict[tuple[str, str], str] = {
    ("CONSULT", "phone"): "041",
    ("CONSULT", "visit"): "042",
    ("CONSULT", "third-party"): "045",
    ("RETREAT", "release"): "0841",
    ("RETREAT", "return"): "0842",
    ("RETREAT", "access"): "086",
    ("RETREAT", "disarm"): "0873",
    ("RETREAT", "ceasefire"): "0871",
    ("RETREAT", "withdraw"): "0872",
    ("RETREAT", "resign"): "0831",
    ("ACCUSE", "investigate"): "090",
    ("ACCUSE", "disapprove"): "111",
    ("ACCUSE", "allege"): "112",
    ("REQUEST", "assist"): "101",
    ("REQUEST", "change"): "104",
    ("REQUEST", "yield"): "105",
    ("REQUEST", "meet"): "106",
    ("REJECT", "assist"): "121",
    ("REJECT", "change"): "123",
    ("REJECT", "yield"): "124",
    ("REJECT", "meet"): "125",
    ("THREATEN", "restrict"): "1312",
    ("THREATEN", "relations"): "1313",
    ("THREATEN", "expel"): "136",
    ("THREATEN", "violence"): "138",
    ("PROTEST", "demo"): "141",
    ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143",
    ("PROTEST", "boycott"): "143",
    ("PROTEST", "obstruct"): "144",
    ("PROTEST", "riot"): "145",
    ("SANCTION", "withdraw"): "161",
    ("SANCTION", "discontinue"): "162",
    ("SANCTION", "expel"): "166",
    ("SANCTION", "convict"): "116",
    ("MOBILIZE", "police"): "153",
    ("MOBILIZE", "troops"): "154",
    ("COERCE", "seize"): "171",
    ("COERCE", "restrict"): "172",
    ("COERCE", "censor"): "1721",
    ("COERCE", "ban"): "1722",
    ("COERCE", "curfew"): "1723",
    ("COERCE", "martial-law"): "1724",
    ("COERCE", "arrest"): "173",
    ("COERCE", "deport"): "174",
    ("ASSAULT", "abduct"): "181",
    ("ASSAULT", "beat"): "182",
    ("ASSAULT", "sexual"): "1821",
    ("ASSAULT", "torture"): "1822",
    ("ASSAULT", "explosives"): "183",
    ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "targeted"): "186",
    ("ASSAULT", "destroy"): "1712",
    ("ASSAULT", "crowd-control"): "175",
    ("ASSAULT", "firearms"): "193",
    ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "drone"): "195",
    ("ASSAULT", "unconventional"): "204",
    ("ASSAULT", "primitive"): "1823",
}

#: The 2-digit CAMEO roots that CAMEO2PLOVER maps across, per the code-level table.
_ROOT_PLOVER: dict[str, str] = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}


def quad_class(plover_type: str) -> int:
    """QuadClass 1-4 of a PLOVER type; ValueError for an unknown type."""
    try:
        return QUAD_CLASS[plover_type]
    except KeyError:
        raise ValueError(f"unknown PLOVER type {plover_type!r}; known: {PLOVER_TYPES}") from None


@functools.cache
def cameo_table() -> dict[str, tuple[str, str | None, str]]:
    """CAMEO code -> (PLOVER type, mode or None, CAMEO description), from the packaged TSV."""
    text = (
        resources.files("eventwire").joinpath("data/cameo2plover.tsv").read_text(encoding="utf-8")
    )
    table: dict[str, tuple[str, str | None, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, plover, mode, desc = (line.split("\t") + ["", "", "", ""])[:4]
        table[code] = (plover, mode or None, desc)
    return table


def cameo_root(code: str | None) -> str | None:
    """The 2-digit root of a CAMEO code ("1831" -> "18"); None for None or a malformed code."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    return code[:2]


def pentaclass(code: str | None) -> int | None:
    """Phoenix pentaclass of a CAMEO code: 0 statement (01-02), 1 verbal coop (03-05), 2 material
    coop (06-08), 3 verbal conflict (09-13, 16), 4 material conflict (14-15, 17-20); else None."""
    root = cameo_root(code)
    if root is None or not 1 <= int(root) <= 20:
        return None
    r = int(root)
    if r <= 2:
        return 0
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13 or r == 16:
        return 3
    return 4


def plover_for_cameo(code: str) -> tuple[str | None, str | None]:
    """The PLOVER (type, mode) for a CAMEO code: exact row, else its base code, else its root.

    Roots 01 and 02 (statements, appeals) have no PLOVER type: (None, None). Root 08 splits:
    081-083 -> CONCEDE, 084-087 -> RETREAT.
    """
    table = cameo_table()
    for candidate in (code, code[:3]):
        if candidate in table:
            plover, mode, _ = table[candidate]
            return plover, mode
    root = cameo_root(code)
    if root == "08":
        return ("CONCEDE", None) if code[:3] in {"080", "081", "082", "083"} else ("RETREAT", None)
    return _ROOT_PLOVER.get(root or "", None), None


def cameo_code(event: Event) -> str:
    """The CAMEO code of an event: its own if set, else the default for its type and first mode."""
    if event.cameo:
        return event.cameo
    for mode in event.mode:
        code = MODE_CAMEO.get((event.type, mode))
        if code:
            return code
    try:
        return TYPE_CAMEO[event.type]
    except KeyError:
        raise ValueError(f"unknown PLOVER type {event.type!r}") from None


# --- ACLED ---------------------------------------------------------------------------------

_ARMED_SECTORS = frozenset({"MIL", "REB", "PRM", "UAF", "SPY", "COP", "INS"})
_STATE_SECTORS = frozenset({"MIL", "COP", "GOV", "SPY"})
_CIVILIAN_SECTORS = frozenset(
    {"CVL", "REF", "JRN", "EDU", "MED", "REL", "AGR", "BUS", "LAB", "SOC", "ELI", "NGO"}
)

_ASSAULT_REMOTE: dict[str, str] = {
    "aerial": "Air/drone strike",
    "drone": "Air/drone strike",
    "suicide-attack": "Suicide bomb",
    "heavy-weapons": "Shelling/artillery/missile attack",
    "unconventional": "Chemical weapon",
    "explosives": "Remote explosive/landmine/IED",
}

#: Trigger words of fighting with two sides: a crowd on either side of one is fighting too.
_CLASH_WORDS = ("clash", "skirmish", "scuffle", "fight", "battle")

# Words in participant text, used when the actors carry no sector (no actor dictionary hit).
_WORDS_STATE = frozenset(
    "army military government troops soldiers forces police security authorities "
    "officers regime navy marines".split()
)
_WORDS_ARMED = _WORDS_STATE | frozenset(
    "militants rebels insurgents fighters militia militias guerrillas gunmen jihadists "
    "taliban terrorists combatants separatists".split()
)
_WORDS_CIVILIAN = frozenset(
    "civilians civilian villagers residents people tourists students children women men "
    "worker workers journalists farmers family families pilgrims worshippers patients "
    "passengers village villages market school hospital mosque church home homes".split()
)
_WORDS_PROTEST = frozenset(
    "protest protests protesters protestors demonstration demonstrations demonstrators "
    "rally rallies march marchers sit-in crowd crowds".split()
)
_WORDS_WEAPONS = frozenset(
    "weapon weapons arms gun guns ammunition explosives rifles rifle pistols pistol grenades "
    "rockets mines ieds rounds munitions cache stockpile".split()
)


def _sectors(participants: tuple[Any, ...], doc: Document | None) -> set[str]:
    sectors: set[str] = set()
    if doc is None:
        return sectors
    for p in participants:
        actor = doc.actor(p.actor_id)
        if actor is not None and actor.sector:
            sectors.add(actor.sector)
    return sectors


def _words(participants: tuple[Any, ...]) -> set[str]:
    return {w.strip(".,'\"()").lower() for p in participants for w in p.text.split()}


def _trigger_text(event: Event, doc: Document | None) -> str:
    return doc.span_text(event.trigger).lower() if doc is not None else ""


def acled_types(event: Event, doc: Document | None = None) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) for an event, or (None, None) when ACLED has no category.

    ``doc`` (optional) supplies the actors' sectors, which separate an armed clash (armed actors
    on both sides) from violence against civilians, the trigger text ("grenade") and the other
    events of the sentence: arrests at a protest and non-lethal force against it are a protest
    with intervention, force against a crowd that riots is a violent demonstration. Without
    sectors, words of the participants' text decide ("protesters", "villagers", "militants").
    """
    t, modes = event.type, set(event.mode)
    src, tgt = _sectors(event.actors, doc), _sectors(event.recipients, doc)
    src_w, tgt_w = _words(event.actors), _words(event.recipients)
    trigger = _trigger_text(event, doc)
    others = doc.events if doc is not None else ()
    siblings = [e for e in others if e.sentence == event.sentence and e is not event]
    if t == "ASSAULT":
        if (src_w | tgt_w) & _WORDS_PROTEST and any(w in trigger for w in _CLASH_WORDS):
            return "Riots", "Violent demonstration"  # "clashes between police and protesters"
        state_or_armed = bool(src & (_ARMED_SECTORS | _STATE_SECTORS)) or bool(src_w & _WORDS_ARMED)
        crowd_hit = (tgt_w | set(trigger.split())) & _WORDS_PROTEST
        if crowd_hit and event.actors and not state_or_armed:
            return "Riots", "Mob violence"  # "a group of Turks attacked a peaceful rally"
        if "crowd-control" in modes or tgt_w & _WORDS_PROTEST:
            sentence = (
                doc.span_text(doc.sentences[event.sentence].span).lower()
                if doc is not None and event.sentence < len(doc.sentences) else ""
            )
            if (
                any(e.type == "PROTEST" and "riot" in e.mode for e in siblings)
                or any(e.type == "ASSAULT" and _words(e.actors) & _WORDS_PROTEST for e in siblings)
                or any(w in sentence for w in _CLASH_WORDS)  # "in hard clashes with protesters"
            ):
                return "Riots", "Violent demonstration"  # force against a crowd that fights
            lethal = event.casualties.dead or modes & {"firearms", "heavy-weapons", "aerial"}
            if not lethal:
                return "Protests", "Protest with intervention"  # tear gas, dispersal, beatings
            return "Protests", "Excessive force against protesters"
        if src_w & {"rioters", "mob", "protesters", "demonstrators"}:
            return "Riots", "Mob violence" if "mob" in src_w else "Violent demonstration"
        if "grenade" in trigger:
            return "Explosions/Remote violence", "Grenade"
        for mode, sub in _ASSAULT_REMOTE.items():
            if mode in modes:
                return "Explosions/Remote violence", sub
        if "sexual" in modes:
            return "Violence against civilians", "Sexual violence"
        if "abduct" in modes:
            return "Violence against civilians", "Abduction/forced disappearance"
        if "destroy" in modes:
            return "Strategic developments", "Looting/property destruction"
        if trigger.startswith(("retake", "retook", "recapture", "regain", "liberat", "reclaim")):
            return "Battles", "Government regains territory"
        civilian = bool(tgt & _CIVILIAN_SECTORS) or (not tgt and bool(tgt_w & _WORDS_CIVILIAN))
        armed_target = bool(tgt & _ARMED_SECTORS) or bool(tgt_w & _WORDS_ARMED)
        if civilian and not armed_target:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if t == "PROTEST":
        if "riot" in modes:
            return "Riots", "Violent demonstration"
        return "Protests", "Peaceful protest"
    if t == "COERCE":
        if "arrest" in modes and any(e.type == "PROTEST" for e in siblings):
            return "Protests", "Protest with intervention"  # detained at their own protest
        if "arrest" in modes:
            return "Strategic developments", "Arrests"
        if "seize" in modes and (
            tgt_w & _WORDS_WEAPONS or event.provenance.rule == "coerce.disrupt_weapons"
        ):
            return "Strategic developments", "Disrupted weapons use"
        if "seize" in modes and event.cameo == "192":
            if any(e.type == "RETREAT" and "withdraw" in e.mode for e in siblings) and not any(
                e.type == "ASSAULT" for e in siblings
            ):
                # "took control of the town after YPG forces pulled out": no fight for it
                return "Strategic developments", "Non-violent transfer of territory"
            state = bool(src & _STATE_SECTORS) or (not src and bool(src_w & _WORDS_STATE))
            if state:
                return "Battles", "Government regains territory"
            if src & _ARMED_SECTORS or src_w & _WORDS_ARMED:
                return "Battles", "Non-state actor overtakes territory"
            return "Strategic developments", "Non-violent transfer of territory"
        if "seize" in modes:
            return "Strategic developments", "Looting/property destruction"
        if event.cameo == "163":
            return None, None  # sanctions and embargoes: diplomacy, which ACLED does not code
        return "Strategic developments", "Other"
    if t == "AGREE" or (t == "RETREAT" and modes & {"ceasefire", "release"}):
        return "Strategic developments", "Agreement"  # ACLED counts prisoner releases and swaps
    if t == "MOBILIZE" and event.provenance.rule == "mobilize.base":
        return "Strategic developments", "Headquarters or base established"
    if t == "MOBILIZE":
        return "Strategic developments", "Change to group/activity"
    if t == "RETREAT" and modes & {"withdraw", "disarm"}:
        return "Strategic developments", "Change to group/activity"
    return None, None
