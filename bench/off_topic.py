"""Events the coder finds in news that holds none: AG News Sports and Business items.

    python bench/off_topic.py                  # 250 Sports + 250 Business items
    python bench/off_topic.py --n 1000 -v      # more, and list the events found

Sport results, earnings and deals are no political events (the annotation conventions code
them as nothing unless a government or political actor acts), so every dyadic event here is
a likely false alarm. Prints events per article by label, the share of articles with any
event, and the rules that fired most, to compare before and after a change.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from communique.model import Article
from communique.pipeline import Coder

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ag_news_test.jsonl"
LABELS = ("Sports", "Business")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500, help="items in all, split evenly between labels")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every dyadic event")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus} not found; it ships in ../shared/corpus", file=sys.stderr)
        return 1
    per_label = args.n // len(LABELS)
    items: dict[str, list[dict]] = {label: [] for label in LABELS}
    with args.corpus.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            bucket = items.get(rec.get("label"))
            if bucket is not None and len(bucket) < per_label:
                bucket.append(rec)
    coder = Coder()
    rules: Counter = Counter()
    print(f"{'label':10} {'articles':>8} {'events/art':>10} {'dyadic/art':>10} {'with any':>9}")
    for label, recs in items.items():
        events = dyadic = with_any = 0
        for rec, coded in zip(recs, coder.code_many(
                Article(text=r["text"], id=r["id"], date=r.get("date")) for r in recs), strict=True):
            found = [e for e in coded.events if not e.negated]
            events += len(found)
            with_any += bool(found)
            for e in found:
                if e.target is not None:
                    dyadic += 1
                    rules[e.rule] += 1
                    if args.verbose:
                        print(f"  {rec['id']}: {e.source.code} -> {e.target.code} {e.cameo} "
                              f"[{e.rule}] {e.trigger.text!r}")
        n = max(len(recs), 1)
        print(f"{label:10} {len(recs):8} {events / n:10.3f} {dyadic / n:10.3f} {with_any / n:9.1%}")
    print("rules of the dyadic events:", ", ".join(f"{r} {c}" for r, c in rules.most_common(12)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
