"""Cold start: the time a fresh process takes to import the coder and build a ``Coder()``.

    python bench/cold_start.py              # median of 5 fresh processes
    python bench/cold_start.py --runs 9 --profile

Each run is a new Python process (``python -c "import time; t=...; from communique.pipeline
import Coder; Coder()"``), so nothing is warm in memory; the disk caches
(``communique.disk_cache``: the gazetteer index, the predicate lexicon and the PETRARCH2 actor
layer) are warmed by one untimed run first, as they are on any machine after the first use.
Prints each run, then the median of import, ``Coder()`` and their sum (wall clock), and of
the CPU time the process used for both: on a machine other work keeps busy the wall clock
measures the neighbours as much as the coder, the CPU time much less. ``--profile`` adds the
slowest steps of one more run (``cProfile``, cumulative time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

_RUN = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
from communique.pipeline import Coder
t1 = time.perf_counter()
Coder()
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import": t1 - t0, "coder": t2 - t1, "cpu": c2 - c0}))
"""

_PROFILE = """
import cProfile, pstats
cProfile.run("from communique.pipeline import Coder; Coder()", "{out}")
pstats.Stats("{out}").sort_stats("cumulative").print_stats(25)
"""


def run_once(env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _RUN], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed fresh processes (default 5)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of one run")
    args = ap.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    run_once(env)  # warms the disk caches
    runs = []
    for i in range(args.runs):
        r = run_once(env)
        runs.append(r)
        print(f"run {i + 1}: import {r['import']:.2f} s  Coder() {r['coder']:.2f} s  "
              f"total {r['import'] + r['coder']:.2f} s  (CPU {r['cpu']:.2f} s)")
    med = {k: statistics.median(r[k] for r in runs) for k in ("import", "coder", "cpu")}
    total = statistics.median(r["import"] + r["coder"] for r in runs)
    print(f"median of {args.runs}: import {med['import']:.2f} s  Coder() {med['coder']:.2f} s  "
          f"import + Coder() {total:.2f} s  (CPU {med['cpu']:.2f} s)")
    if args.profile:
        out = Path(os.environ.get("TMPDIR", "/tmp")) / "communique-cold-start.prof"
        subprocess.run([sys.executable, "-c", _PROFILE.format(out=out)], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
