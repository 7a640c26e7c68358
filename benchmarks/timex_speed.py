"""Speed of the temporal normaliser against spaCy's pipeline on the same text, in one process.

    .venv/bin/python benchmarks/timex_speed.py

Input: TempEval-3 TBAQ (../shared/data/tempeval3-train). Prints words/s of ``find_timexes`` and
of ``nlp.pipe`` and their ratio: the dates stage should cost a small share of the pipeline
(HeidelTime with TreeTagger ran at 1,138 words/s on this machine kind, ../shared/docs/time.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))


def main() -> None:
    import spacy

    from eventwire.config import Settings
    from eventwire.stages.timex import find_timexes

    path = DATA / "tempeval3-train" / "tbaq_train.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path} (set EVENTWIRE_SHARED_DATA)")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    words = sum(len(d["text"].split()) for d in docs)

    t0 = time.perf_counter()
    for d in docs:
        find_timexes(d["text"], dt.date.fromisoformat(d["dct"][:10]))
    timex = time.perf_counter() - t0

    nlp = spacy.load(Settings().nlp.model)  # spaCy alone: the model as spaCy loads it
    t0 = time.perf_counter()
    for _ in nlp.pipe([d["text"] for d in docs], batch_size=32):
        pass
    spacy_s = time.perf_counter() - t0

    print(f"{len(docs)} docs, {words} words")
    print(f"find_timexes: {words / timex:9.0f} words/s")
    print(f"spaCy alone:  {words / spacy_s:9.0f} words/s")
    print(f"timex time as a share of spaCy's: {timex / spacy_s:.1%}  "
          f"(timex is {spacy_s / timex:.1f}x faster)")


if __name__ == "__main__":
    main()
