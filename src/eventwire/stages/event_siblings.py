"""What one event of a sentence tells about another: riots, and the means of an attack.

Violent demonstrations: a protest whose crowd fights is a riot (PLOVER PROTEST:riot, CAMEO 145).
ACLED draws the line between a protest and a riot at the demonstrators' own violence: "protesters
clashed with police", "pelted the forces with stones", "set banks ablaze". The coder finds the
demonstration ("marched", "protests") and the violence as separate events of one sentence;
:func:`riots_marked` gives the demonstration the mode ``riot`` when the same sentence has a violent
act by the crowd: an ASSAULT whose actor is a crowd, a clash with a crowd on either side, or a
riot word of its own. Police force against a crowd that stays peaceful leaves the protest a
demonstration.

The means of an attack: "six troops were killed when their vehicles hit improvised land mines"
codes the killing and the blast as two ASSAULT events, the killing with no mode of its own.
:func:`means_shared` gives such an unmoded ASSAULT the weapon mode of another ASSAULT of its
sentence when nothing sets them apart (no actor of its own, or the same actors), so that the
killing too is a remote-violence event, as ACLED codes it.
"""

from __future__ import annotations

import dataclasses

from ..model import Event

#: Words of a crowd in the street (the lexicon's crowd nouns are wider: "people", "villagers").
_CROWD = frozenset({
    "protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators",
    "rioter", "rioters", "mob", "mobs", "crowd", "crowds", "marcher", "marchers", "students",
    "youths", "activists", "supporters",
})
#: Triggers of fighting in which both sides act: a crowd on either side of one fights too.
_CLASH = frozenset({"clash", "clashes", "clashed", "clashing", "skirmish", "skirmishes", "fight",
                    "fighting", "scuffle", "scuffles", "scuffled", "battle", "battled"})


def _words(text: str) -> set[str]:
    return {w.strip(".,;:'\"()").lower() for w in text.split()}


def violent_crowd(event: Event, text: str) -> bool:
    """Whether ``event`` is violence by demonstrators (``text``: the article text)."""
    crowd = _CROWD
    if event.type == "PROTEST" and "riot" in event.mode:
        return True
    if event.type != "ASSAULT":
        return False
    if any(_words(p.text) & crowd for p in event.actors):
        return True
    trigger = text[event.trigger.start : event.trigger.end].lower().split()
    return bool(set(trigger) & _CLASH) and any(
        _words(p.text) & crowd for p in (*event.actors, *event.recipients)
    )


#: Words of the forces of order: their violence against a crowd does not make it a riot.
_STATE = frozenset({"police", "policemen", "officers", "troops", "soldiers", "forces", "army",
                    "authorities", "gendarmes", "guards", "military"})


def riots_marked(events: list[Event], text: str) -> list[Event]:
    """Demonstrations whose sentence tells of the crowd's violence become riots. Beside a
    demonstration, property destroyed ("with banks set ablaze") or a clash ("others clashed with
    police") by anyone but the forces of order is the crowd's violence too."""
    protests = {e.sentence for e in events if e.type == "PROTEST"}

    def by_crowd(e: Event) -> bool:
        if e.type != "ASSAULT" or e.sentence not in protests:
            return False
        if any(_words(p.text) & _STATE for p in e.actors):
            return False
        trigger = set(text[e.trigger.start : e.trigger.end].lower().split())
        return "destroy" in e.mode or bool(trigger & _CLASH)

    violent = {e.sentence for e in events if violent_crowd(e, text) or by_crowd(e)}
    if not violent:
        return events
    out = []
    for e in events:
        if e.type == "PROTEST" and e.sentence in violent and "riot" not in e.mode and (
            not e.mode or "demo" in e.mode
        ):
            e = dataclasses.replace(
                e,
                mode=("riot",),
                cameo="145",
                provenance=dataclasses.replace(e.provenance, rule=f"{e.provenance.rule}+riot"),
            )
        out.append(e)
    return out


#: Modes that name a weapon (the crowd-control and destroy modes name no means of killing).
_MEANS = ("explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "firearms",
          "primitive", "unconventional")


def means_shared(events: list[Event]) -> list[Event]:
    """Unmoded ASSAULT events take the weapon mode of a sibling ASSAULT of the same sentence."""
    out = []
    for e in events:
        if e.type == "ASSAULT" and not e.mode:
            mine = {p.text.lower() for p in e.actors}
            for other in events:
                if other is e or other.type != "ASSAULT" or other.sentence != e.sentence:
                    continue
                means = tuple(m for m in other.mode if m in _MEANS)
                theirs = {p.text.lower() for p in other.actors}
                if means and (not mine or mine == theirs):
                    e = dataclasses.replace(e, mode=means[:1])
                    break
        out.append(e)
    return out
