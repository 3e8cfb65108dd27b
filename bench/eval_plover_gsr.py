"""Development accuracy on the PLOVER gold-standard records (../shared/reference).

    python bench/eval_plover_gsr.py            # scores table
    python bench/eval_plover_gsr.py -v         # plus recall per PLOVER type and the misses
    python bench/eval_plover_gsr.py --dyads    # the records whose (source, target, type) differ

The 322 records are expert example sentences, each with one PLOVER event type and its source
and target actors (country + sector). The coder codes CAMEO; every CAMEO code maps to a PLOVER
type (events/data/cameo.csv), so this scores actor resolution and event typing together on
text nobody tuned the lexicon to. Three levels, micro P/R/F1 over distinct keys per sentence:

  type     the PLOVER types found in the sentence
  source   (source country, type)
  dyad     (source country, target country, type), sentences whose gold has a target only

Countries are the first three letters of the actor code (IGO/NGO as such). The records use a
few CAMEO country codes that are not ISO 3166 (JAP, ITL); they are mapped to ISO here. They
also use PLOVER type names from before the 2021 manual, which the CAMEO conversion table (and
so the coder) uses: DEMAND is now REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE (modes
disapprove, investigate), FIGHT is ASSAULT (military context).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

GSR = Path(__file__).resolve().parents[2] / "shared" / "reference" / "PLOVER_GSR_CAMEO.clean.json"
# CAMEO country codes that differ from ISO 3166-1 alpha-3
_NOT_ISO = {"JAP": "JPN", "ITL": "ITA"}
# pre-2021 PLOVER type names in the records -> the 2021 names
_RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _countries(value) -> list[str]:
    actors = value if isinstance(value, list) else []
    out = []
    for a in actors:
        code = (a.get("code") or "")[:3].upper() if isinstance(a, dict) else ""
        if code:
            out.append(_NOT_ISO.get(code, code))
    return out


def _country(actor) -> str | None:
    if actor is None or not actor.code:
        return None
    return actor.code[:3]


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gsr", type=Path, default=GSR, help="PLOVER GSR JSON file")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-type recall and misses")
    ap.add_argument("--dyads", action="store_true", help="list the records whose dyads differ from gold")
    args = ap.parse_args()
    if not args.gsr.exists():
        print(f"{args.gsr} not found; it ships in ../shared/reference", file=sys.stderr)
        return 2

    from communique.model import Article
    from communique.pipeline import Coder

    records = json.loads(args.gsr.read_text(encoding="utf-8"))
    coder = Coder()
    articles = [Article(text=r["text"], date=r.get("date")) for r in records]
    levels = {name: Tally() for name in ("type", "source", "dyad")}
    per_type: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []
    dyad_errors: list[str] = []
    for record, coded in zip(records, coder.code_many(articles), strict=True):
        etype = _RENAMED.get(record["event"].upper(), record["event"].upper())
        sources = _countries(record.get("source"))
        targets = _countries(record.get("target"))
        events = [e for e in coded.events if not e.negated and e.plover]
        pred_types = {e.plover.upper() for e in events}
        levels["type"].add({etype}, pred_types)
        levels["source"].add({(s, etype) for s in sources},
                             {(_country(e.source), e.plover.upper()) for e in events})
        if targets:
            gold_dyads = {(s, t, etype) for s in sources for t in targets}
            pred_dyads = {(_country(e.source), _country(e.target), e.plover.upper()) for e in events}
            levels["dyad"].add(gold_dyads, pred_dyads)
            if args.dyads and gold_dyads != pred_dyads:
                dyad_errors.append(f"{record['id']}: missed {sorted(gold_dyads - pred_dyads)} "
                                   f"false {sorted(pred_dyads - gold_dyads, key=str)}: "
                                   f"{record['text'][:110]}")
        per_type[etype]["gold"] += 1
        per_type[etype]["found"] += etype in pred_types
        if etype not in pred_types:
            got = ", ".join(sorted(f"{e.cameo}/{e.plover}" for e in events)) or "nothing"
            misses.append(f"{record['id']}: want {etype} got {got}: {record['text'][:110]}")

    scores = {name: t.scores() for name, t in levels.items()}
    if args.json:
        print(json.dumps({"records": len(records), **scores}))
        return 0
    print(f"PLOVER GSR: {len(records)} sentences")
    print(f"{'level':8} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
    for name, s in scores.items():
        print(f"{name:8} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['tp']:5} {s['fp']:5} {s['fn']:5}")
    if args.verbose:
        print("\nrecall of the event type, per PLOVER type:")
        for etype, c in sorted(per_type.items(), key=lambda kv: -kv[1]["gold"]):
            print(f"  {etype:12} {c['found']:3}/{c['gold']:3}")
        print("\nmisses:")
        for m in misses:
            print("  " + m)
    if args.dyads:
        print("\ndyad errors (gold with a target):")
        for m in dyad_errors:
            print("  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
