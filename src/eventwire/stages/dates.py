"""Dates stage: temporal expressions -> ``doc.timexes``, and a date for every event.

``DatesStage(options)`` requires sentences, parse and events and produces ``timexes`` and
``event_dates``. It normalises with the ``[dates] backend`` (:func:`.timex.find_timexes` by default,
or the optional HeidelTime one of :mod:`.timex_heideltime`) against the publication date, then
dates each event by, in order: the expression its trigger governs on the dependency path; for an
event said in a quote or reported speech, the day its speaker said it (the reporting verb's own
date, its event's, or the day a pronoun-subject "he said" carries from the previous sentence;
"now"/"today" in a quote is the speaker's now); "a day after X" chained from the main clause's
date (X happened a day before it); an expression of the same clause; the nearest expression in
the sentence; for a past-tense sentence with a pronoun subject, the last expression of the
previous sentence; for a reaction to a speech act made on publication day ("rejected the
statement"), that day; else the publication date as an inferred ``DateRef`` (``span=None``):
rule "publication-date" at day precision for present and present-perfect reports, rule
"publication-week" at week precision for an undated simple past; else an unknown date. Events
dated more than a year before publication get status "historical" (replacing "reported").
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from typing import Any

from ..config import DatesOptions
from ..errors import ConfigError
from ..model import Claim, DateRef, Document, Event, Provenance, Span
from .timex import Timex, find_timexes, interval, shift_value
from .token_strings import token_strings

VERSION = "2"

#: How a bare weekday with no tense in its clause resolves: on/before, on/after or nearest the anchor.
WEEKDAY_DEFAULTS = ("past", "future", "nearest")

#: Who finds and normalises the temporal expressions ([dates] backend); "heideltime" is an extra.
BACKENDS = ("eventwire", "heideltime")

#: An event whose date ends this many days before publication is "historical".
HISTORICAL_DAYS = 365

Token = Any

_PRONOUNS = frozenset({"it", "he", "she", "they", "we"})

#: Nouns naming a speech act that a later event can answer ("rejected the statement").
_SPEECH_NOUNS = frozenset({
    "statement", "claim", "accusation", "allegation", "remark", "comment", "announcement",
    "demand", "threat", "offer", "proposal", "ultimatum", "warning", "charge", "request",
})


class DatesStage:
    """Adds ``doc.timexes`` and gives every event a ``date``; see the module docstring for the rules."""

    name = "dates"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "parse", "events"})
    produces: frozenset[str] = frozenset({"timexes", "event_dates"})

    def __init__(self, options: DatesOptions | None = None) -> None:
        self.options = options or DatesOptions()
        if self.options.weekday_default not in WEEKDAY_DEFAULTS:
            raise ConfigError(
                f"[dates] weekday_default = {self.options.weekday_default!r} is not known",
                hint=f"use one of {', '.join(WEEKDAY_DEFAULTS)}",
            )
        if self.options.backend not in BACKENDS:
            raise ConfigError(
                f"[dates] backend = {self.options.backend!r} is not known",
                hint=f"use one of {', '.join(BACKENDS)}",
            )
        self.find: Any = find_timexes
        if self.options.backend == "heideltime":
            from .timex_heideltime import HeidelTimeFinder  # GPL extra: imported only when chosen

            self.find = HeidelTimeFinder(self.options.heideltime_tagger)
            # another backend gives other dates: stored articles are re-coded, not skipped
            self.version = f"{VERSION}+heideltime-{self.options.heideltime_tagger}"

    def open(self) -> None:
        """Start the chosen backend (HeidelTime's JVM); a missing extra or Java fails here."""
        opener = getattr(self.find, "open", None)
        if opener is not None:
            opener()

    def close(self) -> None:
        closer = getattr(self.find, "close", None)
        if closer is not None:
            closer()

    def __call__(self, doc: Document) -> Document:
        anchor = doc.article.published
        found = self.find(
            doc.text, anchor, parse=doc.parse, weekday_default=self.options.weekday_default
        )
        refs = tuple(
            DateRef(
                id=f"t{i}",
                span=Span(t.start, t.end),
                text=t.text,
                type=t.type,
                value=t.value,
                precision=t.precision,
                start=t.begin,
                end=t.until,
                provenance=Provenance(self.name, self.version, rule=t.rule),
            )
            for i, t in enumerate(found)
        )
        if not doc.events:
            return dataclasses.replace(doc, timexes=refs)
        dater = _EventDater(doc, found, refs)
        events = tuple(dater.date(ev) for ev in doc.events)
        return dataclasses.replace(doc, timexes=refs, events=events)


def _usable(t: Timex) -> bool:
    """A DATE/TIME that names a point or period (not "now", "recently", a duration or a set)."""
    return (
        t.type in ("DATE", "TIME")
        and not (t.value or "").endswith("_REF")
        and t.relation is None  # "the day before X" dates X, not its own clause
    )


class _EventDater:
    """Chooses each event's date from the timexes, the dependency parse and the publication date."""

    def __init__(self, doc: Document, found: list[Timex], refs: tuple[DateRef, ...]) -> None:
        self.doc, self.found, self.refs = doc, found, refs
        self.anchor = doc.article.published
        # the Doc itself (tokens made on access) and its token offsets as one array: a list of
        # every Token object per document was most of this stage's time
        self.tokens: Any = doc.parse if doc.parse is not None else ()
        self.starts = token_strings(doc.parse).idx if doc.parse is not None else []
        self.trigger_heads: dict[int, Event] = {}
        for ev in doc.events:
            head = self.head_of(ev.trigger)
            if head is not None:
                self.trigger_heads.setdefault(head.i, ev)
        # where each timex attaches: the first trigger or verb above it
        self.attach: list[Token | None] = [self.attachment(t) for t in found]
        self.cache: dict[str, DateRef] = {}

    # --- tokens ---------------------------------------------------------------------------------

    def head_of(self, span: Span) -> Token | None:
        """The token of ``span`` whose head lies outside it (the span's syntactic head)."""
        if not self.tokens:
            return None
        ts = token_strings(self.tokens)  # (Tokens are made only for the answer)
        starts, texts, heads = self.starts, ts.texts, ts.heads
        i = max(bisect.bisect_right(starts, span.start) - 1, 0)
        inside = []
        while i < len(starts) and starts[i] < span.end:
            if starts[i] + len(texts[i]) > span.start:
                inside.append(i)
            i += 1
        for i in inside:
            if not (span.start <= starts[heads[i]] < span.end) or heads[i] == i:
                return self.tokens[i]
        return self.tokens[inside[0]] if inside else None

    def attachment(self, t: Timex) -> Token | None:
        tok = self.head_of(Span(t.start, t.end))
        steps = 0
        while tok is not None and steps < 8:
            if tok.i in self.trigger_heads and not (t.start <= tok.idx < t.end):
                return tok
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
                return tok
            if tok.head.i == tok.i:
                return tok
            tok, steps = tok.head, steps + 1
        return tok

    @staticmethod
    def clause_verb(tok: Token | None) -> Token | None:
        steps = 0
        while tok is not None and steps < 10:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass", "amod"):
                return tok
            if tok.head.i == tok.i:
                return tok
            tok, steps = tok.head, steps + 1
        return tok

    # --- dating ---------------------------------------------------------------------------------

    def date(self, ev: Event) -> Event:
        ref = self.cache.get(ev.id) or self.choose(ev)
        self.cache[ev.id] = ref
        status = ev.status
        if (
            self.anchor is not None
            and ref.end is not None
            and (self.anchor - ref.end).days > HISTORICAL_DAYS
        ):
            status = tuple(s for s in status if s not in ("reported", "historical")) + (
                "historical",
            )
        return dataclasses.replace(ev, date=ref, status=status)

    def choose(self, ev: Event, depth: int = 0) -> DateRef:
        sentence = self.sentence_span(ev)
        trigger = self.head_of(ev.trigger)
        in_sentence = [
            i
            for i, t in enumerate(self.found)
            if sentence is None or (sentence.start <= t.start < sentence.end)
        ]
        quote = self.quote_of(ev)
        # 1. the expression attached to the trigger itself ("now" in a quote is the speaker's now)
        if trigger is not None:
            for i in in_sentence:
                a = self.attach[i]
                t = self.found[i]
                if _same(a, trigger) and t.type in ("DATE", "TIME") and t.relation is None:
                    if quote is not None and _deictic_now(t):
                        break
                    return self.rule(i, "dependency")
        # 1b. said in a quote or reported speech: the date the speaker said it, when the text gives it
        if quote is not None and depth < 3:
            spoken = self.speech_date(quote, depth)
            if spoken is not None:
                return spoken
        # 2. "a day after X": X is shifted from the date of the clause that governs "after"
        chained = self.chained(ev, trigger, in_sentence, depth)
        if chained is not None:
            return chained
        # 3. an expression of the same clause
        verb = self.clause_verb(trigger)
        if verb is not None:
            for i in in_sentence:
                if _usable(self.found[i]) and _same(self.clause_verb(self.attach[i]), verb):
                    return self.rule(i, "same-clause")
        # 4. the nearest usable expression in the sentence, outside any "after X" phrase
        mid = (ev.trigger.start + ev.trigger.end) // 2
        best = [i for i in in_sentence if _usable(self.found[i]) and self.found[i].relation is None]
        if best:
            i = min(best, key=lambda i: abs((self.found[i].start + self.found[i].end) // 2 - mid))
            return self.rule(i, "same-sentence")
        # 5. "It also canceled ...": a past-tense sentence that goes on with a pronoun subject
        #    keeps the last time the previous sentence named
        carried = self.carried(ev.sentence, verb)
        if carried is not None:
            return carried
        # 6. "rejected the statement": a reaction to an earlier, dated speech act on publication day
        reaction = self.reaction(ev, verb)
        if reaction is not None:
            return reaction
        return self.publication_date(ev, verb)

    def carried(self, sentence: int, verb: Token | None) -> DateRef | None:
        if verb is None or verb.tag_ != "VBD" or sentence <= 0:
            return None
        if not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _PRONOUNS for c in verb.children
        ):
            return None
        prev = next((s.span for s in self.doc.sentences if s.index == sentence - 1), None)
        if prev is None:
            return None
        last = [
            i
            for i, t in enumerate(self.found)
            if prev.start <= t.start < prev.end and _usable(t) and t.relation is None
        ]
        return self.rule(last[-1], "previous-sentence") if last else None

    def quote_of(self, ev: Event) -> Claim | None:
        """The innermost quote or reported speech whose content holds the event's trigger."""
        inside = [
            c
            for c in self.doc.claims
            if c.content.start <= ev.trigger.start and ev.trigger.end <= c.content.end
        ]
        return min(inside, key=lambda c: c.content.end - c.content.start) if inside else None

    def speech_date(self, claim: Claim, depth: int) -> DateRef | None:
        """When the speaker said it: the date of the reporting verb outside the quote, if the text gives one.

        "“We will act now,” he said during a visit" dates the threat by "said", which may carry the
        day the previous sentence named ("Netanyahu on Monday rejected ..."). None when only the
        publication date would be left, so the event's own clues still get their turn.
        """
        verb = self.reporting_verb(claim.content)
        if verb is None:
            return None
        sentence = self.doc.sentence_of(verb.idx)
        outside = [
            i
            for i, t in enumerate(self.found)
            if (sentence is None or sentence.span.start <= t.start < sentence.span.end)
            and not (claim.content.start <= t.start < claim.content.end)
        ]
        for i in outside:
            t = self.found[i]
            if _usable(t) and _same(self.clause_verb(self.attach[i]), verb):
                return self.rule(i, "speech")
        if verb.i in self.trigger_heads:
            other = self.trigger_heads[verb.i]
            ref = self.cache.get(other.id) or self.choose(other, depth + 1)
            if ref.span is not None:
                return ref
        carried = self.carried(sentence.index if sentence else -1, verb)
        if carried is not None:
            return dataclasses.replace(
                carried, provenance=Provenance("dates", VERSION, rule="speech:" + carried.provenance.rule)
            )
        return None

    def reporting_verb(self, content: Span) -> Token | None:
        """The verb outside a claim's content that governs it ("said" of "“...,” he said")."""
        tok = self.head_of(content)
        steps = 0
        while tok is not None and steps < 6:
            if not (content.start <= tok.idx < content.end) and tok.pos_ in ("VERB", "AUX"):
                return tok
            if tok.head.i == tok.i:
                return None
            tok, steps = tok.head, steps + 1
        return None

    def reaction(self, ev: Event, verb: Token | None) -> DateRef | None:
        """ "rejected the statement": a reaction to a speech act the text dated on publication day.

        A reaction comes no earlier than what it answers and no later than the report, so when the
        referent ("Wednesday's statement") was made on the publication day, so was the reaction.
        """
        if verb is None or self.anchor is None:
            return None
        nouns = [
            c
            for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _SPEECH_NOUNS
            and any(d.dep_ in ("det", "poss") for d in c.children)
        ]
        if not nouns:
            return None
        lemma = nouns[0].lemma_.lower()
        day = self.anchor.isoformat()
        earlier = [t for t in self.tokens[: nouns[0].i] if t.lemma_.lower() == lemma]
        # the same noun's earlier mentions corefer ("Wednesday's statement" ... "the statement
        # said"); the nearest one the text dates is the referent
        for tok in reversed(earlier[-3:]):
            for i, t in enumerate(self.found):
                head = self.head_of(Span(t.start, t.end))
                a = self.attach[i]
                dated = head is not None and (
                    head.head.i == tok.i  # "Wednesday's statement"
                    or _same(a, tok.head)  # "the statement came on Wednesday"
                    or (a is not None and a.head.i == tok.i)  # "the statement issued on Wednesday"
                )
                if dated and _usable(t) and t.value == day:
                    ref = self.refs[i]
                    return dataclasses.replace(
                        ref,
                        id=f"{ev.id}-date",
                        provenance=Provenance("dates", VERSION, rule="reaction-same-day"),
                    )
        return None

    def chained(
        self, ev: Event, trigger: Token | None, in_sentence: list[int], depth: int
    ) -> DateRef | None:
        for i in in_sentence:
            t = self.found[i]
            if t.relation is None or t.offset is None:
                continue
            signal = self.signal_token(t)
            if signal is not None and trigger is not None:
                # "after" as a preposition heads "after the ceasefire"; as a mark, its verb heads the clause
                root = signal.head if signal.dep_ == "mark" else signal
                if (root.i != signal.i and root.head.i == root.i) or not _in_subtree(trigger, root):
                    continue
                governor = self.clause_verb(root.head)
            elif ev.trigger.start >= t.end:  # no parse: everything after "a day after"
                governor = None
            else:
                continue
            base = self.governor_date(governor, i, in_sentence, depth)
            n, unit = t.offset
            sign = -1 if t.relation == "after" else 1  # X is before the main clause's time
            value = shift_value(base.value, sign * n, unit) if base.value else None
            precision, start, end = interval(value)
            if value and base.precision == "week" and base.start and base.end:
                # shifted from an inferred "week up to publication": the same uncertainty, moved
                delta = (start - base.end) if start else dt.timedelta(0)
                precision, start, end = "week", base.start + delta, base.end + delta
            text = self.doc.text[t.start : signal.idx + len(signal.text)] if signal else t.text
            return DateRef(
                id=f"{ev.id}-date",
                span=Span(t.start, t.start + len(text)),
                text=text,
                type="DATE",
                value=value,
                precision=precision if value else t.precision,
                start=start,
                end=end,
                provenance=Provenance("dates", VERSION, rule=f"chained-{t.relation}"),
            )
        return None

    def governor_date(
        self, governor: Token | None, skip: int, in_sentence: list[int], depth: int
    ) -> DateRef:
        """The date of the main clause around "a day after": its own expression, its event, or publication."""
        for i in in_sentence:
            usable = i != skip and _usable(self.found[i])
            if usable and _same(self.clause_verb(self.attach[i]), governor):
                return self.refs[i]
        if governor is not None and governor.i in self.trigger_heads and depth < 3:
            other = self.trigger_heads[governor.i]
            return self.cache.get(other.id) or self.choose(other, depth + 1)
        return self.publication_date(None)

    def signal_token(self, t: Timex) -> Token | None:
        if not self.tokens:
            return None
        j = bisect.bisect_left(self.starts, t.end)
        if j < len(self.tokens) and self.tokens[j].lower_ == t.relation:
            return self.tokens[j]
        return None

    def sentence_span(self, ev: Event) -> Span | None:
        for s in self.doc.sentences:
            if s.index == ev.sentence:
                return s.span
        s = self.doc.sentence_of(ev.trigger.start)
        return s.span if s else None

    def rule(self, i: int, how: str) -> DateRef:
        ref = self.refs[i]
        rule = f"{how}:{ref.provenance.rule}"
        if ref.value == "PRESENT_REF" and self.anchor is not None:
            # "act now": the evidence stays, the day is the publication day
            return dataclasses.replace(
                ref,
                value=self.anchor.isoformat(),
                precision="day",
                start=self.anchor,
                end=self.anchor,
                provenance=Provenance("dates", VERSION, rule=rule + ":publication-day"),
            )
        return dataclasses.replace(ref, provenance=Provenance("dates", VERSION, rule=rule))

    def publication_date(self, ev: Event | None, verb: Token | None = None) -> DateRef:
        """The fallback: the publication day, at week precision for an undated past event.

        A present or present-perfect report ("says", "have blamed") is news of the day; a
        simple-past event the text leaves undated ("police arrested five men") happened on or
        shortly before publication, which ACLED codes as time precision 2 (the week).
        """
        if self.anchor is None:
            return DateRef(
                id=f"{ev.id}-date" if ev else "undated",
                span=None,
                text="",
                type="DATE",
                value=None,
                precision="unknown",
                provenance=Provenance("dates", VERSION, rule="no-date"),
            )
        past = verb is not None and verb.tag_ == "VBD" and not any(
            c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children
        )
        return DateRef(
            id=f"{ev.id}-date" if ev else "published",
            span=None,
            text="",
            type="DATE",
            value=self.anchor.isoformat(),
            precision="week" if past else "day",
            start=self.anchor - dt.timedelta(days=6) if past else self.anchor,
            end=self.anchor,
            provenance=Provenance(
                "dates", VERSION, rule="publication-week" if past else "publication-date"
            ),
        )


def _deictic_now(t: Timex) -> bool:
    """ "now", "today", "currently": the time of speaking, which in a quote is the speaker's."""
    return t.value == "PRESENT_REF" or t.text.lower() in ("today", "now", "tonight", "this morning")


def _same(a: Token | None, b: Token | None) -> bool:
    """Whether two spaCy tokens are the same token (spaCy makes a new Token object per access)."""
    return a is not None and b is not None and a.i == b.i


def _in_subtree(tok: Token, root: Token) -> bool:
    steps = 0
    while steps < 20:
        if tok.i == root.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok, steps = tok.head, steps + 1
    return False
