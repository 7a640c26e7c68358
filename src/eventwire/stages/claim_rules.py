"""Claim rules: the reporting-verb and cue vocabularies, quote finding and kind from content.

Tables and small pure functions used by :mod:`eventwire.stages.claims`; no spaCy needed here
(the per-Doc helpers at the end take a parsed Doc but import nothing from spaCy).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..model import Participant, Span
from .token_strings import token_strings

_SAY = frozenset(
    "say tell state add claim announce declare insist assert confirm report note explain "
    "stress argue write acknowledge admit maintain reiterate contend testify tweet quote "
    "comment predict estimate".split()
)
_KIND_VERBS = {
    **dict.fromkeys("accuse blame allege charge".split(), "accusation"),
    **dict.fromkeys("deny reject dismiss refute rebuff".split(), "denial"),
    **dict.fromkeys("threaten warn vow pledge".split(), "threat"),
    **dict.fromkeys("find conclude determine reveal show establish".split(), "finding"),
}
#: "expressed concern / condolences / hope": an attitude stated, a statement (CAMEO 012-018)
_ATTITUDE_VERBS = frozenset({"express", "voice", "convey", "extend", "offer"})
_ATTITUDE_NOUNS = frozenset(
    "concern condolence regret hope optimism pessimism sympathy satisfaction disappointment "
    "gratitude thanks solidarity dismay alarm worry doubt skepticism scepticism frustration "
    "appreciation confidence readiness willingness wish desire reservation anger outrage "
    "displeasure unease apprehension sorrow grief".split()
)
#: "declined to comment": a statement that nothing is said (CAMEO 011)
_NO_COMMENT_VERBS = frozenset({"decline", "refuse"})
#: "is considering the possibility of X": a policy option stated (CAMEO 014)
_CONSIDER_VERBS = frozenset({"consider", "explore", "weigh", "mull", "study", "contemplate"})
_OPTION_NOUNS = frozenset(
    "possibility option proposal plan idea request offer measure step way prospect".split()
)
_REPORTING = (
    _SAY | set(_KIND_VERBS) | {"hold"} | _ATTITUDE_VERBS | _NO_COMMENT_VERBS | _CONSIDER_VERBS
)
#: Objects that make "reject/dismiss X" a denial of speech rather than of a policy or offer.
_SPEECH_NOUNS = frozenset(
    "statement claim accusation allegation report charge suggestion assertion account story "
    "rumour rumor remark comment version".split()
)
#: Subjects that make "found/showed" a finding.
_INQUIRY_NOUNS = frozenset(
    "investigation inquiry enquiry probe report study autopsy commission panel review audit "
    "investigator inquest analysis court tribunal post-mortem examination".split()
)
_STATEMENT_NOUNS = frozenset(
    "statement communique communiqué release declaration letter message post tweet "
    "announcement".split()
)
_MEDIA = re.compile(
    r"\b(news|agency|times|post|journal|tv|television|radio|reuters|afp|ap|bbc|cnn|press|daily|"
    r"herald|tribune|gazette|telegraph|guardian|al jazeera|xinhua|tass|interfax|network|channel|"
    r"newspaper|magazine|wire|broadcaster|outlet|website|daily|weekly|monitor|observer|express|"
    r"chronicle|independent|mail|sun|globe|dispatch|bulletin|media)\b",
    re.IGNORECASE,
)
_ACCUSE_RE = re.compile(
    r"\b(responsible for|to blame|behind the|accus\w*|blam\w*|alleg\w*|carried out by|"
    r"perpetrat\w*|culprit)",
    re.IGNORECASE,
)
#: Letting armed agents act is complicity: "the US had authorized Israeli drones to enter Iraq".
_COMPLICITY_RE = re.compile(
    r"\b(authori[sz]e[ds]?|allow(?:ed|s)?|permit(?:ted|s)?|enabled|let|helped)\s+"
    r"(?:[\w-]+\s+){0,3}?(drones?|warplanes?|jets?|aircraft|warships?|forces|troops|soldiers|"
    r"militants?|fighters?|militias?|gunmen|terrorists?|rebels?|insurgents?)\s+to\s+"
    r"(enter|cross|attack|strike|bomb|shell|carry\s+out|use|operate|fly|launch|infiltrate|"
    r"target|hit|raid)\b",
    re.IGNORECASE,
)
_DENY_RE = re.compile(
    r"\b(no truth|baseless|unfounded|false|fabricat\w*|not involved|nothing to do with|"
    r"deny|denies|denied|never happened|did not happen|untrue)\b",
    re.IGNORECASE,
)
_THREAT_RE = re.compile(
    r"\b(will|would|shall|'ll)\s+(\w+\s+)?(act|respond|retaliate|strike|hit|pay|"
    r"hold\s+(?:\w+\s+){1,3}accountable|punish|crush|destroy|attack|avenge|fight)\b|"
    r"\b(revenge|retaliation|no immunity|consequences|will not hesitate)\b",
    re.IGNORECASE,
)
#: Event types that are deeds rather than words: only these become "alleged" through an accusation.
_MATERIAL = frozenset(
    "ASSAULT COERCE PROTEST MOBILIZE SANCTION AID RETREAT CONCEDE COOPERATE".split()
)
_QUOTE_OPEN = {"“": "”", '"': '"', "«": "»"}
_QUOTE_ANY_CLOSE = {"”", "“", '"', "»"}


_FIRST_PERSON = frozenset({"we", "us", "i", "me", "our", "ourselves"})


def _first_person(parts: tuple[Participant, ...], speaker: str | None) -> tuple[Participant, ...]:
    """Unresolved first-person participants of an event inside a quote become its speaker."""
    if speaker is None:
        return parts
    return tuple(
        dataclasses.replace(p, actor_id=speaker)
        if p.actor_id is None and p.text.lower() in _FIRST_PERSON
        else p
        for p in parts
    )


def _kind_from_content(text: str) -> str:
    if _ACCUSE_RE.search(text) or _COMPLICITY_RE.search(text):
        return "accusation"
    if _DENY_RE.search(text):
        return "denial"
    if _THREAT_RE.search(text):
        return "threat"
    return "statement"


def find_quotes(text: str) -> list[Span]:
    """Spans of quoted text (inside the marks), curly or straight; an opening curly mark may close."""
    out: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _QUOTE_OPEN:
            j = i + 1
            closer = _QUOTE_OPEN[ch]
            while (
                j < n
                and text[j] != closer
                and not (ch == "“" and text[j] == "“")
                and text[j] != "\n" * 1
            ):
                if text[j] == "\n" and j + 1 < n and text[j + 1] == "\n":
                    break
                j += 1
            if j < n and text[j] in _QUOTE_ANY_CLOSE:
                start, end = i + 1, j
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if len(text[start:end].split()) >= 3:
                    out.append(Span(start, end))
                i = j + 1
                continue
        i += 1
    return out


_LAST_BLOCK: tuple[Any, frozenset[int]] = (None, frozenset())


def according_block(doc: Any) -> frozenset[int]:
    """Indices of the tokens under (or being) "according" or the "to" of "according to": the
    tokens with such an ancestor-or-self, found once per spaCy Doc from those few heads."""
    global _LAST_BLOCK
    cached = _LAST_BLOCK
    if cached[0] is doc:
        return cached[1]
    heads = []
    prev = ""
    for i, low in enumerate(token_strings(doc).lowers):
        if low == "according" or (low == "to" and prev == "according"):
            heads.append(doc[i])
        prev = low
    block = frozenset(w.i for h in heads for w in h.subtree)
    _LAST_BLOCK = (doc, block)
    return block
