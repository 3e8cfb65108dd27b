"""Fit the coder's confidence calibration on gold files and write it to the package.

Run from the repository root after a change to the coder (the gold is read, never copied):

    python tools/calibrate_confidence.py ../shared/eval/dev-news.jsonl ../shared/eval/seed.jsonl
    python tools/calibrate_confidence.py ../shared/eval/dev-news.jsonl ../shared/eval/seed.jsonl --check

It codes every gold document with the raw scores (``Coder(calibrate=False)``), takes each
distinct predicted key at root level with the dyad (as ``communique eval --calibration``
counts them) with its highest raw score and whether the gold has it, fits isotonic steps
(``communique.events.calibration.fit``) and writes ``src/communique/events/data/calibration.csv``.
``--check`` exits 1 when the packaged file differs from what the gold gives now. Fitting and
reporting on the same gold is in-sample: README says so next to the table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from communique.evaluate.gold import read_gold
from communique.evaluate.predict import CoderPredictor
from communique.evaluate.score import scored_keys
from communique.events.calibration import fit, write

OUT = Path(__file__).resolve().parents[1] / "src/communique/events/data/calibration.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", help="gold JSONL files (shared/eval/FORMAT.md)")
    parser.add_argument("--min-events", type=int, default=8, help="fewest events a step may hold")
    parser.add_argument("--check", action="store_true", help="exit 1 if the packaged file is stale")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    predictor = CoderPredictor(calibrate=False)
    pairs: list[tuple[float, bool]] = []
    for path in args.gold:
        pairs += [(c, right) for c, right in scored_keys(read_gold(path), predictor) if c is not None]
    steps = fit(pairs, min_events=args.min_events)
    names = ", ".join(Path(p).name for p in args.gold)
    note = (f"Confidence calibration fitted by tools/calibrate_confidence.py on {names}:\n"
            f"{len(pairs)} predicted root-level keys with the dyad, {sum(r for _, r in pairs)} right.\n"
            "raw_from/raw_to: the raw scores a step was fitted on; confidence: its share right.")
    if args.check:
        tmp = args.out.with_suffix(".check")
        write(steps, tmp, note)
        stale = tmp.read_text("utf-8") != args.out.read_text("utf-8")
        tmp.unlink()
        print("stale" if stale else "up to date")
        return 1 if stale else 0
    write(steps, args.out, note)
    for s in steps:
        print(f"raw {s.raw_from:.2f}-{s.raw_to:.2f}  {s.right:3d}/{s.events:3d} right -> {s.confidence:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
