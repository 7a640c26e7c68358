"""Claims: direct quotes, reported speech, accusations, denials, threats and findings, with speaker and source.

``ClaimsStage(options)`` requires sentences, parse, actors and events and produces ``claims``.

1. Direct quotes: text between straight or curly quotes (spanning sentences allowed; at least
   three words, so scare quotes are not claims), attributed by the reporting verb of the
   sentence that closes the quote ("..., X said" / "said X" / "X said: ..."). A quote with no
   reporting verb right after an attributed quote continues that speaker.
2. Reported speech: a reporting verb (say, accuse, blame, deny, warn, vow, find, ...) with its
   complement ("X said (that) ...", "X accused Y of ...", "X denied ...", "an investigation
   found that ..."); the complement is the content span.
3. "according to Y", "quoted in/by Y", "told Y" name the cited source when Y is a news outlet;
   "according to Y" for a non-outlet Y makes Y the speaker of the sentence's statement.

Speaker: a Participant whose actor_id is the Actor with a mention covering the speaker's head
(pronouns resolve when the actors stage put them in an actor's mentions). "the statement said"
takes the statement's author: "signed/issued by X" in the sentence, else "the statement came
from X" / "X issued a statement" in the three sentences before; an unresolved "he/she said" right
after such a sentence speaks for that author too.

Kind comes from the reporting verb, then the content (see ``_KIND_VERBS`` / ``_kind_from_content``);
a vow or pledge is a threat only when the events stage made it one, and a plain statement that "he
said" right after X's denial, accusation or threat carries it on for X (``_continue_stance``).
:mod:`.claim_links` then links each claim to the events it concerns and marks those events.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..config import ClaimsOptions
from ..model import Document, Participant, Span
from .claim_links import Draft as _Draft
from .claim_links import link_claims
from .claim_rules import (
    according_block,
    _KIND_VERBS,
    _ATTITUDE_NOUNS,
    _ATTITUDE_VERBS,
    _CONSIDER_VERBS,
    _OPTION_NOUNS,
    _NO_COMMENT_VERBS,
    _REPORTING,
    _SPEECH_NOUNS,
    _INQUIRY_NOUNS,
    _STATEMENT_NOUNS,
    _MEDIA,
    _kind_from_content,
    find_quotes,
)
from .token_strings import parse_text, token_strings

VERSION = "6"

Token = Any

class _Actors:
    def __init__(self, doc: Document) -> None:
        self.mentions = sorted(
            ((s, a.id) for a in doc.actors for s in a.mentions), key=lambda m: len(m[0])
        )
        self.doc = doc

    def covering(self, tok: Token) -> str | None:
        start, end = tok.idx, tok.idx + len(tok.text)
        for span, actor_id in self.mentions:
            if span.start <= start and end <= span.end:
                return actor_id
        return None


def _np_span(head: Token) -> Span:
    """The noun phrase of a head: from its left edge to the head, plus compounds/flat names after it."""
    left = head.left_edge
    para_start, _ = _paragraph(head.doc, head)
    while left.i < head.i and (left.idx < para_start or left.is_punct or left.is_space):
        left = head.doc[left.i + 1]
    right = head
    for c in head.rights:
        if c.dep_ in {"compound", "flat", "nmod"} and c.i == right.i + 1:
            right = c
    return Span(left.idx, right.idx + len(right.text))


def _paragraph(doc: Any, tok: Token) -> tuple[int, int]:
    """Character bounds of the paragraph (blank-line separated) holding a token."""
    text = parse_text(doc)
    start = text.rfind("\n\n", 0, tok.idx)
    end = text.find("\n\n", tok.idx)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def _subtree_span(parts: list[Token], verb: Token | None = None) -> Span | None:
    """The span of the parts' subtrees, kept inside the verb's paragraph and on one side of the verb."""
    toks = sorted({t.i: t for tok in parts for t in tok.subtree}.values(), key=lambda t: t.i)
    if verb is not None and toks:
        lo_c, hi_c = _paragraph(verb.doc, verb)
        toks = [t for t in toks if lo_c <= t.idx < hi_c]
        after = sum(1 for p in parts if p.i > verb.i) >= sum(1 for p in parts if p.i < verb.i)
        toks = [t for t in toks if (t.i > verb.i) == after and t.i != verb.i]
    # "..., according to Y" names the source, not the content
    if toks:
        blocked = according_block(toks[0].doc)
        toks = [t for t in toks if t.i not in blocked]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if not toks:
        return None
    return Span(toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _responsibility(verb: Token) -> Token | None:
    """The "for" phrase of "claimed responsibility / credit for X", else None."""
    obj = _child(verb, "dobj")
    if obj is None or obj.lemma_.lower() not in {"responsibility", "credit"}:
        return None
    return next(
        (c for c in (*obj.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "for"),
        None,
    )


def _finite(clause: Token) -> bool:
    """A clause with its own tense or a "that": "found that X was", not "finds itself caught"."""
    return clause.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(
        c.dep_ in {"aux", "auxpass", "mark"} for c in clause.children
    )


#: Reporting verbs of commitment: a threat only when what is vowed is one.
_PROMISES = frozenset({"vow", "pledge", "swear"})
#: Claim kinds a pronoun-attributed statement right after them carries on.
_STANCES = frozenset({"accusation", "denial", "threat"})
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it"})


def _continue_stance(drafts: list[_Draft]) -> None:
    """A plain statement that "he said" right after X's denial (accusation, threat) argues it.

    "The coalition rejected the statement. 'Our mission is only to ...,' he said": the quote is
    the coalition's denial, and "he" speaks for it, unless the actors stage tied the pronoun to
    someone else. Quotes continuing the statement take the new speaker too; a carried stance is
    carried on only by the quote's own continuation, not by the next "he said" after it.
    """
    carried: set[int] = set()
    for n in range(1, len(drafts)):
        d, prev = drafts[n], drafts[n - 1]
        spk, prev_spk = d.speaker, prev.speaker
        if (
            d.kind != "statement"
            or prev.kind not in _STANCES
            or (n - 1 in carried and d.rule != "quote-continued")
            or d.sentence - prev.sentence != 1
            or spk is None
            or prev_spk is None
            or prev_spk.actor_id is None
            or spk.text.lower() not in _SPEAKER_PRONOUNS
            or spk.actor_id not in (None, prev_spk.actor_id)
        ):
            continue
        d.kind = prev.kind
        d.refers_claims = prev.refers_claims  # arguing a rejection of "the statement": about it too
        d.speaker = dataclasses.replace(spk, actor_id=prev_spk.actor_id)
        carried.add(n)
        for later in drafts[n + 1 :]:
            if later.speaker is not spk:
                break
            later.speaker = d.speaker


def _speaker_head(verb: Token) -> Token | None:
    subj = _child(verb, "nsubj")
    if subj is None:
        agent = _child(verb, "agent")
        if agent is not None:
            subj = _child(agent, "pobj")
    if (
        subj is None
        and verb.dep_ in {"conj", "advcl", "xcomp"}
        and verb.tag_ in {"VBG", "VBD", "VBZ", "VBP"}
    ):
        return _speaker_head(
            verb.head
        )  # "..., vowing to ..." inherits the subject of the main verb
    return subj


class ClaimsStage:
    """Finds claims and links them to events; see the module docstring for the method."""

    name = "claims"
    version = VERSION
    requires: frozenset[str] = frozenset({"sentences", "parse", "actors", "events"})
    produces: frozenset[str] = frozenset({"claims"})

    def __init__(self, options: ClaimsOptions | None = None) -> None:
        self.options = options or ClaimsOptions()

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            return dataclasses.replace(doc, claims=())
        sents = list(doc.parse.sents)
        actors = _Actors(doc)
        quotes = find_quotes(doc.text)
        drafts: list[_Draft] = []
        used_verbs: set[int] = set()
        for q in quotes:
            d = self._quote(doc, sents, q, actors, drafts)
            if d is not None:
                drafts.append(d)
                if d.verb is not None:
                    used_verbs.add(d.verb.i)
        spdoc = doc.parse
        ts = token_strings(spdoc)
        lemmas, lowers = ts.lemmas, ts.lowers
        for si, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                if lemmas[i] not in _REPORTING:
                    continue  # _reported takes reporting verbs only: skip the rest cheaply
                tok = spdoc[i]
                if tok.i in used_verbs or any(q.start <= tok.idx < q.end for q in quotes):
                    continue
                d = self._reported(doc, sents, si, tok, actors)
                if d is not None:
                    drafts.append(d)
            # _according reads only "according (to)" and "quoted (in/by)": skip sentences without
            lo, hi = sent.start, sent.end
            if "according" in lowers[lo:hi] or "quote" in lemmas[lo:hi]:
                self._according(doc, si, sent, actors, drafts)
        drafts.sort(key=lambda d: d.content.start)
        _continue_stance(drafts)
        return link_claims(doc, drafts, VERSION)

    # --- direct quotes -------------------------------------------------------------------

    def _quote(
        self, doc: Document, sents: list[Any], q: Span, actors: _Actors, drafts: list[_Draft]
    ) -> _Draft | None:
        si = next((i for i, s in enumerate(sents) if s.start_char <= q.end - 1 < s.end_char), None)
        if si is None:
            return None
        text = doc.text[q.start : q.end]
        verb = None
        for i in (si, si + 1):  # the closing mark may be parsed into the next sentence
            if i >= len(sents):
                break
            for tok in sents[i]:
                if (
                    tok.lemma_.lower() in _REPORTING
                    and not (q.start <= tok.idx < q.end)
                    and (tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"))
                ):
                    if abs(tok.idx - q.end) < 60 or abs(q.start - tok.idx) < 60:
                        verb = tok
                        break
            if verb is not None:
                if i != si:
                    si = i
                break
        kind = _KIND_VERBS.get(verb.lemma_.lower(), None) if verb is not None else None
        draft = _Draft(kind or _kind_from_content(text), q, si, "quote", verb=verb)
        if verb is not None:
            draft.speaker = self._speaker(doc, sents, si, verb, actors)
        else:
            prev = drafts[-1] if drafts else None
            # journalistic convention: an unattributed quote right after a quote continues its speaker
            if prev is not None and prev.rule == "quote" and 0 <= q.start - prev.content.end < 80:
                draft.speaker = prev.speaker
                draft.rule = "quote-continued"
            else:
                return None
        return draft

    # --- reported speech -----------------------------------------------------------------

    def _reported(
        self, doc: Document, sents: list[Any], si: int, tok: Token, actors: _Actors
    ) -> _Draft | None:
        lemma = tok.lemma_.lower()
        if lemma not in _REPORTING or not (
            tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB")
        ):
            return None
        comp = [c for c in tok.children if c.dep_ in {"ccomp"}]
        kind = _KIND_VERBS.get(lemma)
        parts: list[Token] = []
        refers = claimed = False
        if lemma in {"accuse", "charge"}:
            parts = [
                c
                for c in tok.children
                if c.dep_ in {"dobj", "prep", "ccomp"}
                and (c.dep_ != "prep" or c.lower_ in {"of", "with"})
            ]
        elif lemma == "blame":
            parts = [
                c
                for c in tok.children
                if c.dep_ in {"dobj", "ccomp"} or c.dep_ == "prep" and c.lower_ in {"on", "for"}
            ]
        elif lemma in {"deny", "reject", "dismiss", "refute", "rebuff"}:
            obj = _child(tok, "dobj")
            if comp or _child(tok, "xcomp", "pcomp") is not None:
                parts = comp or [_child(tok, "xcomp", "pcomp")]
            elif obj is not None and (lemma == "deny" or obj.lemma_.lower() in _SPEECH_NOUNS):
                parts = [obj]
                refers = obj.lemma_.lower() in _SPEECH_NOUNS
        elif lemma in _ATTITUDE_VERBS:  # "expressed concern over X"
            obj = _child(tok, "dobj")
            if obj is None or obj.lemma_.lower() not in _ATTITUDE_NOUNS:
                return None
            kind, parts = "statement", [obj]
            parts += [  # "offered condolences to the family", "voiced concern over X"
                c for c in tok.children
                if c.dep_ in {"dative", "prep"} and c.lower_ in {"to", "over", "about", "at", "for", "on"}
            ]
        elif lemma in {"claim", "acknowledge", "admit"} and (claimed_for := _responsibility(tok)):
            # "claimed responsibility for the attack": the claimant says it did it (CAMEO 015)
            subj = _speaker_head(tok)
            if any(c.dep_ == "neg" for c in tok.children) or (
                subj is not None
                and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children)
            ):
                return None  # "no group has claimed responsibility": nobody claims anything
            kind, parts, claimed = "statement", [claimed_for], True
        elif lemma in _CONSIDER_VERBS:  # "is considering the possibility of X"
            obj = _child(tok, "dobj")
            if obj is None or obj.lemma_.lower() not in _OPTION_NOUNS:
                return None
            kind, parts = "statement", [obj]
        elif lemma in _NO_COMMENT_VERBS:  # "declined to comment on X"
            comp_ = _child(tok, "xcomp")
            if comp_ is None or comp_.lemma_.lower() != "comment":
                return None
            kind, parts = "statement", [comp_]
        elif lemma == "hold":  # "X held Y responsible for Z"
            obj = _child(tok, "dobj")
            cands = list(tok.children) + (list(obj.children) if obj is not None else [])
            pred = next(
                (
                    c
                    for c in cands
                    if c.dep_ in {"oprd", "acomp", "ccomp", "xcomp", "amod"}
                    and c.lower_ in {"responsible", "guilty"}
                ),
                None,
            )
            if pred is None:
                return None
            kind = "accusation"
            parts = [c for c in (obj, pred) if c is not None]
        elif lemma in {"warn", "threaten", "vow", "pledge"}:
            parts = comp or [
                c
                for c in tok.children
                if c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ in {"of", "against"}
            ]
        elif lemma in {"find", "conclude", "determine", "reveal", "show", "establish"}:
            subj = _speaker_head(tok)
            inquiry = subj is not None and subj.lemma_.lower() in _INQUIRY_NOUNS
            marked = [
                c for c in comp if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
            # "an investigation found/showed ...", "X found that ...": not "X finds itself caught"
            parts = (
                comp if inquiry else (marked if lemma in {"find", "conclude", "determine"} else [])
            )
            parts = [c for c in parts if _finite(c)]
        else:
            parts = comp
            if lemma == "tell" and (
                not parts or any(m.lower_ in {"whether", "if"} for p in parts for m in p.children)
            ):
                return None
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        content = _subtree_span(parts, tok)
        if content is None or len(doc.text[content.start : content.end].split()) < 2:
            return None
        text = doc.text[content.start : content.end]
        if kind is None:
            kind = _kind_from_content(text)
        if lemma in {"find", "conclude", "determine"} or lemma in {"show", "reveal"}:
            kind = "finding"
        if lemma in _PROMISES and not any(
            e.type == "THREATEN" and e.trigger.start <= tok.idx < e.trigger.end for e in doc.events
        ):
            kind = _kind_from_content(text)  # "vowed to rebuild / to defend": a promise, unless
            # the events stage made the vow a threat ("vowed to strike back")
        draft = _Draft(kind, content, si, f"reported:{lemma}", verb=tok, refers_claims=refers)
        draft.responsibility = claimed
        draft.speaker = self._speaker(doc, sents, si, tok, actors)
        if lemma == "tell":
            dative = _child(tok, "dative", "dobj")
            if dative is not None and self._is_media(dative, actors, doc):
                draft.cited = (
                    doc.text[_np_span(dative).start : _np_span(dative).end],
                    _np_span(dative),
                )
        return draft

    # --- sources -------------------------------------------------------------------------

    def _is_media(self, head: Token, actors: _Actors, doc: Document) -> bool:
        actor = doc.actor(actors.covering(head))
        if actor is not None and actor.sector in {"MED", "JRN"}:
            return True
        span = _np_span(head)
        return (
            bool(_MEDIA.search(doc.text[span.start : span.end]))
            and head.pos_ == "PROPN"
            or head.lemma_.lower()
            in {"newspaper", "agency", "broadcaster", "magazine", "daily", "outlet"}
        )

    def _according(
        self, doc: Document, si: int, sent: Any, actors: _Actors, drafts: list[_Draft]
    ) -> None:
        for tok in sent:
            obj = None
            if tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
                to = to or (nxt if nxt is not None and nxt.lower_ == "to" else None)
                obj = _child(to, "pobj") if to is not None else None
            elif tok.lemma_.lower() == "quote" and tok.tag_ == "VBN":
                prep = next(
                    (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in", "by"}), None
                )
                if prep is None and tok.dep_ in {"advcl", "acl"}:
                    prep = next((c for c in tok.children if c.lower_ in {"in", "by"}), None)
                obj = _child(prep, "pobj") if prep is not None else None
            if obj is None:
                continue
            span = _np_span(obj)
            span = self._extend_fragment(doc, span)
            cited = (doc.text[span.start : span.end], span)
            in_sent = [d for d in drafts if d.sentence == si and d.cited is None]
            if self._is_media(obj, actors, doc) or tok.lower_ != "according":
                if in_sent:
                    in_sent[-1].cited = cited
                elif tok.lower_ == "according":
                    d = self._according_draft(doc, sent, tok, si)
                    if d is not None:
                        d.cited = cited
                        drafts.append(d)
            elif not in_sent:
                d = self._according_draft(doc, sent, tok, si)
                if d is not None:
                    d.speaker = Participant(
                        actors.covering(obj), span, doc.text[span.start : span.end]
                    )
                    drafts.append(d)

    def _according_draft(self, doc: Document, sent: Any, tok: Token, si: int) -> _Draft | None:
        """The statement that an "according to Y" phrase attributes: the rest of its sentence."""
        content = self._rest_of(sent, tok)
        if content is None:
            return None
        kind = _kind_from_content(doc.text[content.start : content.end])
        return _Draft(kind, content, si, "according-to")

    @staticmethod
    def _extend_fragment(doc: Document, span: Span) -> Span:
        # a generic "quoted in the newspaper. Times of X." where the splitter cut the outlet's name off
        m = re.match(
            r"\.\s+((?:[A-Z][\w'’-]*\s?(?:of\s|the\s)?){1,5})\.", doc.text[span.end : span.end + 60]
        )
        if m and doc.text[span.start : span.end].split()[-1].lower() in {
            "newspaper",
            "daily",
            "agency",
            "magazine",
            "outlet",
        }:
            name = m.group(1).rstrip()
            start = span.end + m.start(1)
            return Span(start, start + len(name))
        return span

    @staticmethod
    def _rest_of(sent: Any, according: Token) -> Span | None:
        """The sentence minus its "according to Y" phrase."""
        phrase = set(t.i for t in according.subtree)
        nxt = according.doc[according.i + 1] if according.i + 1 < len(according.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            phrase |= set(t.i for t in nxt.subtree)
        lo, hi = _paragraph(according.doc, according)
        toks = [
            t
            for t in sent
            if t.i not in phrase and not t.is_punct and not t.is_space and lo <= t.idx < hi
        ]
        if len(toks) < 3:
            return None
        return Span(toks[0].idx, toks[-1].idx + len(toks[-1].text))

    # --- speakers ------------------------------------------------------------------------

    def _speaker(
        self, doc: Document, sents: list[Any], si: int, verb: Token, actors: _Actors
    ) -> Participant | None:
        head = _speaker_head(verb)
        if head is None:
            return None
        if head.lemma_.lower() in _STATEMENT_NOUNS:
            author = self._author(doc, sents, si, verb, actors)
            if author is not None:
                return author
        if head.is_punct or not head.text.strip():
            return None
        span = _np_span(head)
        found = Participant(actors.covering(head), span, doc.text[span.start : span.end])
        if found.actor_id is None and head.lower_ in {"he", "she"}:
            # "The statement came from X. He said ...": X's spokesman speaks for X
            author = self._author(doc, sents, si, verb, actors, back=1, signed=False)
            if author is not None and author.actor_id is not None:
                found = dataclasses.replace(found, actor_id=author.actor_id)
        return found

    def _author(
        self,
        doc: Document,
        sents: list[Any],
        si: int,
        verb: Token,
        actors: _Actors,
        back: int = 3,
        signed: bool = True,
    ) -> Participant | None:
        """Who issued the statement that speaks: "signed by X" in its sentence (when ``signed``),
        else "came from X" / "X issued a statement" in the ``back`` sentences before."""

        def person(tok: Token) -> Participant:
            span = _np_span(tok)
            return Participant(actors.covering(tok), span, doc.text[span.start : span.end])

        # "..., the statement said, signed by X"; not for "he said ... an order signed by X"
        for tok in sents[si] if signed else ():
            if tok.lemma_.lower() in {"sign", "issue", "release"} and tok.tag_ == "VBN":
                agent = _child(tok, "agent")
                obj = _child(agent, "pobj") if agent is not None else None
                if obj is not None:
                    return person(obj)
        for j in range(si - 1, max(-1, si - 1 - back), -1):
            for tok in sents[j]:
                lemma = tok.lemma_.lower()
                subj = _child(tok, "nsubj")
                if lemma == "come" and subj is not None and subj.lemma_.lower() in _STATEMENT_NOUNS:
                    src = next(
                        (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"), None
                    )
                    obj = _child(src, "pobj") if src is not None else None
                    if obj is not None:
                        return person(obj)
                if lemma in {"issue", "release", "publish"} and subj is not None:
                    obj = _child(tok, "dobj")
                    if obj is not None and obj.lemma_.lower() in _STATEMENT_NOUNS:
                        return person(subj)
        return None
