"""conflibert-cameo: CAMEO pentaclass macro-F1 and source/target span F1 on the token tags.

Gold: ``conflibert-cameo/conflibert_cameo_test_moved.jsonl`` then ``conflibert_cameo_train.jsonl``
(one sentence per line). Each sentence is one article.

- pentaclass: our sentence class is that of the most confident event the sentence asserts
  (ties: the first): its CAMEO code's root when it has one, else its PLOVER type's CAMEO root(s)
  from the official table ``cameo2plover/cameo2plover.json`` (``roots``), mapped to the five
  classes (0 statement 01-02, 1 verbal coop 03-05, 2 material coop 06-08, 3 verbal conflict 09-13
  and 16, 4 material conflict 14-15 and 17-20). An event that is only alleged, denied or
  hypothetical is what the sentence talks about, not an act it reports ("claimed that they had
  attacked", "denied charges that it tortured", "is considering sending aid"): CAMEO codes such a
  sentence as the statement (015 claim responsibility, 016 deny, 014 consider a policy option), so
  it is class 0 when no asserted event is left. AGREE, THREATEN and REQUEST are about future acts
  by definition, so their hypothetical status does not set them aside. No event but a claim -> 0
  (make a statement); nothing -> no class (a miss for the gold class). Macro-F1 over the five
  classes. ``pentaclass_any_macro_f1`` is the older figure: the most confident event whatever its
  status.
- spans: predicted actor spans are S, recipient spans T, over every event of the sentence (the
  gold spans are not tied to one event); a span both S and T is R. Character spans become token
  spans through the gold tokens. source F1: gold S+R vs predicted S+R; target F1: gold T+R vs
  predicted T+R; exact token spans, and overlap as a second figure. Only ``has_spans`` sentences.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ..model import Article
from ..ontology import pentaclass
from .base import ErrorSink, article, brief_event, events_of, read_jsonl
from .metrics import Report, bio_spans, macro_f1, match_spans, per_label_counts, prf

NAME = "conflibert-cameo"
FOLDER = "conflibert-cameo"
FILES = ("conflibert_cameo_test_moved.jsonl", "conflibert_cameo_train.jsonl")
CLASSES = (0, 1, 2, 3, 4)


def root_class(root: str) -> int | None:
    """Pentaclass of a two-digit CAMEO root, None for a malformed one."""
    if not (len(root) == 2 and root.isdigit()):
        return None
    return pentaclass(root)


@functools.cache
def type_classes(table_path: str) -> dict[str, int]:
    """PLOVER type -> pentaclass from the official CAMEO->PLOVER roots table (first root wins)."""
    roots = json.loads(Path(table_path).read_text(encoding="utf-8"))["roots"]
    out: dict[str, int] = {}
    for row in roots:
        cls = root_class(row["cameo_root"])
        if cls is not None:
            out.setdefault(row["plover"], cls)
    return out


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    table = folder.parent / "cameo2plover" / "cameo2plover.json"
    items: list[dict[str, Any]] = []
    for name in FILES:
        left = None if limit is None else limit - len(items)
        if left is not None and left <= 0:
            break
        items += read_jsonl(folder / name, left)
    for it in items:
        it["_table"] = str(table)
    return items


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"]) for g in gold]


#: statuses of an event the sentence talks about rather than reports done
NOT_ASSERTED = frozenset({"alleged", "denied", "hypothetical"})
#: types whose events are commitments or demands about the future: hypothetical by nature
FUTURE_TYPES = frozenset({"AGREE", "THREATEN", "REQUEST"})


def asserted(event: dict) -> bool:
    """True unless the event is only alleged, denied or hypothetical (see the module note)."""
    status = set(event.get("status") or ())
    if event.get("event_type") in FUTURE_TYPES:
        status.discard("hypothetical")
    return not status & NOT_ASSERTED


def predict_class(
    record: dict | None, classes: dict[str, int], any_status: bool = False
) -> int | None:
    evs = events_of(record)
    if not evs:
        return 0 if record and record.get("claims") else None
    if not any_status:
        evs = [e for e in evs if asserted(e)]
        if not evs:
            return 0  # a statement about an alleged, denied or possible event
    best = max(evs, key=lambda e: e.get("confidence") or 0.0)  # max keeps the first of ties
    code = best.get("cameo")
    if code and len(str(code)) >= 2 and root_class(str(code)[:2]) is not None:
        return root_class(str(code)[:2])
    return classes.get(best.get("event_type") or "")


def token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character span of each token in text, in order; None where a token cannot be found."""
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for tok in tokens:
        at = text.find(tok, cursor)
        if at < 0 or (at - cursor) > 40:  # far away: probably a different occurrence
            out.append(None)
            continue
        out.append((at, at + len(tok)))
        cursor = at + len(tok)
    return out


def char_to_tokens(
    offsets: list[tuple[int, int] | None], start: int, end: int
) -> tuple[int, int] | None:
    idx = [i for i, o in enumerate(offsets) if o and o[0] < end and start < o[1]]
    return (idx[0], idx[-1] + 1) if idx else None


def predicted_spans(record: dict | None, offsets: list) -> list[tuple[str, int, int]]:
    """Labelled token spans (S, T or R) of every participant of every event; duplicates merged."""
    labels: dict[tuple[int, int], set[str]] = {}
    for ev in events_of(record):
        for key, lab in (("actor", "S"), ("recipient", "T")):
            for ent in ev.get(key) or []:
                if ent and ent.get("start") is not None:
                    tok = char_to_tokens(offsets, ent["start"], ent["end"])
                    if tok:
                        labels.setdefault(tok, set()).add(lab)
    return [("R" if len(ls) > 1 else next(iter(ls)), s, e) for (s, e), ls in sorted(labels.items())]


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    class_pairs: list[tuple[int | None, int | None]] = []
    any_pairs: list[tuple[int | None, int | None]] = []
    span_counts = {(side, mode): [0, 0, 0] for side in "ST" for mode in ("exact", "overlap")}
    n_span_items = 0
    for item in gold:
        rec = records.get(item["id"])
        gcls = (item.get("events") or [{}])[0].get("pentaclass")
        if gcls is not None:
            pcls = predict_class(rec, type_classes(item["_table"]))
            class_pairs.append((gcls, pcls))
            any_pairs.append((gcls, predict_class(rec, type_classes(item["_table"]), True)))
            if errors and pcls != gcls:
                errors.add(
                    item["id"],
                    "wrong_pentaclass",
                    item["text"],
                    gcls,
                    {"class": pcls, "events": [brief_event(e) for e in events_of(rec)]},
                )
        if not item.get("has_spans"):
            continue
        n_span_items += 1
        gspans = bio_spans(item["tags"])
        pspans = predicted_spans(rec, token_offsets(item["text"], item["tokens"]))
        for side in "ST":
            g = [(s, e) for lab, s, e in gspans if lab in (side, "R")]
            p = [(s, e) for lab, s, e in pspans if lab in (side, "R")]
            for mode in ("exact", "overlap"):
                m = match_spans(g, p, mode)
                c = span_counts[(side, mode)]
                c[0] += m.tp
                c[1] += m.fp
                c[2] += m.fn
                if errors and mode == "exact" and (m.fp or m.fn):
                    toks = item["tokens"]
                    errors.add(
                        item["id"],
                        f"span_{side}",
                        item["text"],
                        [" ".join(toks[s:e]) for s, e in g],
                        [" ".join(toks[s:e]) for s, e in p],
                    )
    counts_by_class = per_label_counts(class_pairs)
    metrics = {
        "pentaclass_macro_f1": macro_f1(class_pairs, CLASSES),
        "pentaclass_acc": sum(g == p for g, p in class_pairs) / len(class_pairs)
        if class_pairs
        else 0.0,
        "pentaclass_any_macro_f1": macro_f1(any_pairs, CLASSES),
    }
    for mode in ("exact", "overlap"):
        s = prf(*span_counts[("S", mode)])["f1"]
        t = prf(*span_counts[("T", mode)])["f1"]
        suffix = "" if mode == "exact" else "_overlap"
        metrics[f"source_f1{suffix}"] = s
        metrics[f"target_f1{suffix}"] = t
        metrics[f"span_macro_f1{suffix}"] = (s + t) / 2
    counts = {
        "classified": len(class_pairs),
        "span_items": n_span_items,
        "no_class_predicted": sum(p is None for _, p in class_pairs),
    }
    counts.update({f"gold_class_{k}": v[0] + v[2] for k, v in sorted(counts_by_class.items())})
    support = {
        k: (len(class_pairs) if k.startswith("pentaclass") else n_span_items) for k in metrics
    }
    return Report(
        NAME,
        len(gold),
        metrics,
        counts,
        ["sentence class = most confident asserted event; spans from all events of the sentence"],
        support=support,
    )
