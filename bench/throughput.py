"""Ingest throughput on the shared benchmark corpus: articles/s, words/s, events/article, peak RSS.

    python bench/throughput.py                      # 300 insightcrime articles, 1 and 2 workers
    python bench/throughput.py --n 1000 --corpus ag_news_test --workers 1,2,4
    python bench/throughput.py --engine ray --workers 2   # the same figures on a local Ray

Runs the real ingest path (readers -> Coder in worker processes -> DuckDB writer) into a
throw-away store, once per worker count. With --engine ray the Coder runs in Ray Data actors
(a local Ray started per run with that many CPUs, its start-up counted in "wall") and the
rows go through Parquet shards into the store; peak RSS counts the coder actors, not Ray's
own processes (raylet, GCS, object store). Rates are given two ways: over the whole run
including process start and model loading ("wall"), and from the first committed batch to the
last ("steady"), which is what a long corpus run converges to. Peak RSS is summed over the
processes that coded (the workers; the parent as well when it codes itself with 1 worker).
Cold start is the time for a fresh process to import and build a Coder. "CPU ms/art" is the
coder's CPU time per article after the first batch, summed over the workers: on a shared
machine it measures the code where wall-clock rates measure the neighbours too; "parent CPU s"
is what the reading and DuckDB-writing parent spent, "load" the 1-minute load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from communique.ingest.run import DEFAULT_BATCH

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def sample(corpus: str, n: int, out: Path) -> int:
    src = CORPUS / f"{corpus}.jsonl"
    if not src.is_file():
        sys.exit(f"benchmark corpus not found: {src}")
    count = 0
    with src.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            if count >= n:
                break
            rec = json.loads(line)
            dst.write(json.dumps({k: rec.get(k) for k in ("id", "text", "title", "date", "url")}) + "\n")
            count += 1
    return count


def cold_start() -> float:
    code = ("import time; t = time.perf_counter(); from communique.pipeline import Coder; Coder();"
            " print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run(path: Path, workers: int, batch_size: int, engine: str = "local") -> dict:
    load = os.getloadavg()[0]
    parent_cpu = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        if engine == "ray":
            from communique.scale import ingest_ray

            stats = ingest_ray([str(path)], Path(tmp) / "bench.duckdb", workers=workers, batch_size=batch_size,
                               progress=False)
        else:
            from communique.ingest.run import ingest

            stats = ingest([str(path)], Path(tmp) / "bench.duckdb", workers=workers, batch_size=batch_size,
                           progress=False)
    first_t = stats.commits[0][0] if stats.commits else 0.0
    last_t = stats.commits[-1][0] if stats.commits else 0.0
    steady_articles = sum(a for _, a, _ in stats.commits[1:])
    steady_words = sum(w for _, _, w in stats.commits[1:])
    steady_cpu = sum(stats.coder_cpu[1:])
    span = last_t - first_t
    return {
        "workers": workers,
        "articles": stats.new_articles,
        "words": stats.words,
        "seconds": stats.seconds,
        "wall_aps": stats.new_articles / stats.seconds if stats.seconds else 0.0,
        "steady_aps": steady_articles / span if span > 0 else float("nan"),
        "steady_wps": steady_words / span if span > 0 else float("nan"),
        "events_per_article": stats.mentions / max(stats.new_articles, 1),
        "peak_rss_mib": sum(stats.peak_rss.values()) / 2**20,
        "max_worker_rss_mib": max(stats.peak_rss.values(), default=0) / 2**20,
        "rejects": stats.rejects,
        # CPU time the coder spent per article after the first batch, summed over the workers:
        # what the code costs, whatever else the machine is doing
        "cpu_ms_per_article": 1000 * steady_cpu / steady_articles if steady_articles else float("nan"),
        "parent_cpu_s": time.process_time() - parent_cpu,
        "load": (load + os.getloadavg()[0]) / 2,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="documents to code (default 300)")
    ap.add_argument("--corpus", default="insightcrime", help="file stem under ../shared/corpus")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    # what `communique ingest` uses unless told otherwise: the figures are the ones users get
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH,
                    help=f"articles per batch (default {DEFAULT_BATCH}, as communique ingest)")
    ap.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="local process pool (default) or Ray Data actors on a local Ray")
    ap.add_argument("--no-cold-start", action="store_true", help="skip the cold-start measurement")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{args.corpus}.jsonl"
        n = sample(args.corpus, args.n, path)
        print(f"corpus {args.corpus}: {n} documents, batch size {args.batch_size}, engine {args.engine}")
        if not args.no_cold_start:
            print(f"cold start (import + Coder()): {cold_start():.2f} s")
        header = (f"{'workers':>7}  {'articles':>8}  {'wall s':>7}  {'art/s wall':>10}  {'art/s steady':>12}  "
                  f"{'words/s':>8}  {'events/art':>10}  {'peak RSS MiB':>12}  {'max/worker':>10}  {'rejects':>7}"
                  f"  {'CPU ms/art':>10}  {'parent CPU s':>12}  {'load':>5}")
        print(header)
        print("-" * len(header))
        for w in (int(x) for x in args.workers.split(",")):
            r = run(path, w, args.batch_size, args.engine)
            print(f"{r['workers']:>7}  {r['articles']:>8}  {r['seconds']:>7.1f}  {r['wall_aps']:>10.1f}  "
                  f"{r['steady_aps']:>12.1f}  {r['steady_wps']:>8.0f}  {r['events_per_article']:>10.2f}  "
                  f"{r['peak_rss_mib']:>12.0f}  {r['max_worker_rss_mib']:>10.0f}  {r['rejects']:>7}"
                  f"  {r['cpu_ms_per_article']:>10.1f}  {r['parent_cpu_s']:>12.1f}  {r['load']:>5.1f}", flush=True)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total bench time {time.perf_counter() - t0:.0f} s")
