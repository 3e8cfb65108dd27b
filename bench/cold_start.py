"""Cold start: what a fresh process takes to import the coder, build a ``Coder()`` and code a
first article; and the same seen from the command line and from the web server.

    python bench/cold_start.py                    # median of 5 fresh processes
    python bench/cold_start.py --runs 9 --cli --server
    python bench/cold_start.py --profile

Each run is a new Python process, so nothing is warm in memory. The disk caches
(``communique.disk_cache``: the lexicon, the knowledge base, the gazetteer, the prefilter's
word sets) are warmed by one untimed run first, as they are on any machine after the first
use; so is Python's bytecode cache (an installed package has its ``.pyc`` files; when
``PYTHONDONTWRITEBYTECODE`` is set, the runs use a bytecode cache of their own under the
temporary directory: ``--no-bytecode`` measures without one).

Per run: import (``from communique.pipeline import Coder``), ``Coder()``, and the first
article (``coder.code`` on a short article written for this bench: the time to the first
event, since anything left lazy is paid there), wall clock and the CPU time of the process.
On a machine other work keeps busy the wall clock measures the neighbours as much as the
coder, the CPU time much less; the load average is printed with the figures.

``--cli`` times ``communique code FILE`` on that article (a fresh process each time: what a
user waits for). ``--server`` starts ``communique serve`` on an empty store and times the
first ``POST /api/code``: once as an API client sends it, as soon as the server accepts
connections (the coder loads in that request); once as the web UI does, whose paste view
asks the server to load the coder when it opens, the article pasted a few seconds later.
``--profile`` adds the slowest steps of one more run (``cProfile``, cumulative time).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# A short wire story (written for this bench), coded in every timed run.
ARTICLE = (
    "date 2024-03-12 (Reuters) Russian President Vladimir Putin met Chinese President Xi "
    "Jinping in Moscow on Tuesday. The two leaders signed an agreement on energy cooperation. "
    "Ukraine's foreign ministry condemned the meeting and accused Moscow of seeking weapons."
)

_RUN = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
from communique.pipeline import Coder
t1, c1 = time.perf_counter(), time.process_time()
coder = Coder()
t2, c2 = time.perf_counter(), time.process_time()
from communique.model import Article
coded = coder.code(Article.from_text({article!r}))
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({{"import": t1 - t0, "coder": t2 - t1, "first": t3 - t2,
                  "cpu_import": c1 - c0, "cpu_coder": c2 - c1, "cpu_first": c3 - c2,
                  "events": len(coded.events)}}))
"""

_PROFILE = """
import cProfile, pstats
cProfile.run("from communique.pipeline import Coder; Coder()", "{out}")
pstats.Stats("{out}").sort_stats("cumulative").print_stats(25)
"""


def _env(bytecode: bool, tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    if bytecode and env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        env.setdefault("PYTHONPYCACHEPREFIX", str(tmp / "pycache"))
    return env


def _children_cpu() -> float:
    r = os.times()
    return r.children_user + r.children_system


def run_once(env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _RUN.format(article=ARTICLE)], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli_once(env: dict[str, str], path: Path) -> dict[str, float]:
    c0, t0 = _children_cpu(), time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "communique.cli.main", "code", str(path), "--format", "jsonl"],
                         env=env, check=True, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    return {"wall": wall, "cpu": cpu, "events": len(json.loads(out.stdout)["events"])}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(port: int) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/code", method="POST",
                                 data=json.dumps({"text": ARTICLE}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return len(json.loads(resp.read())["events"])


def server_once(env: dict[str, str], db: Path, wait: float, warm: bool) -> dict[str, float]:
    """Start a server; when it accepts connections, open the paste view (``warm``: the web
    UI's POST /api/code/warm), then ``wait`` seconds later time the first paste."""
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "communique.cli.main", "serve", "--db", str(db),
                             "--port", str(port), "--no-store"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the server exited")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        ready = time.perf_counter() - t0
        if warm:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/code/warm", method="POST", data=b"")
            urllib.request.urlopen(req, timeout=30).close()
        time.sleep(wait)
        t1 = time.perf_counter()
        events = _post(port)
        t2 = time.perf_counter()
        return {"ready": ready, "first": t2 - t1, "total": t2 - t0, "events": events}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed fresh processes (default 5)")
    ap.add_argument("--cli", action="store_true", help="also time `communique code FILE`")
    ap.add_argument("--server", action="store_true", help="also time the server's first POST /api/code")
    ap.add_argument("--server-wait", type=float, default=5.0,
                    help="seconds between opening the paste view and pasting (default 5)")
    ap.add_argument("--no-bytecode", action="store_true", help="measure without a bytecode cache")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of one run")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
          f" on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="communique-cold-") as d:
        tmp = Path(d)
        env = _env(not args.no_bytecode, tmp)
        run_once(env)  # warms the disk caches (and the bytecode cache)
        runs = []
        for i in range(args.runs):
            r = run_once(env)
            runs.append(r)
            print(f"run {i + 1}: import {r['import']:.2f} s  Coder() {r['coder']:.2f} s  "
                  f"first article {r['first']:.2f} s ({r['events']} events)  "
                  f"total {r['import'] + r['coder'] + r['first']:.2f} s  "
                  f"(CPU {r['cpu_import']:.2f} + {r['cpu_coder']:.2f} + {r['cpu_first']:.2f} s)")
        for r in runs:
            r["start"] = r["import"] + r["coder"]
            r["total"] = r["start"] + r["first"]
            r["cpu_start"] = r["cpu_import"] + r["cpu_coder"]
            r["cpu_total"] = r["cpu_start"] + r["cpu_first"]
        print(f"median of {args.runs}: import {_med(runs, 'import'):.2f} s  Coder() {_med(runs, 'coder'):.2f} s  "
              f"import + Coder() {_med(runs, 'start'):.2f} s  first article {_med(runs, 'first'):.2f} s  "
              f"to the first event {_med(runs, 'total'):.2f} s")
        print(f"  CPU: import {_med(runs, 'cpu_import'):.2f} s  Coder() {_med(runs, 'cpu_coder'):.2f} s  "
              f"import + Coder() {_med(runs, 'cpu_start'):.2f} s  first article {_med(runs, 'cpu_first'):.2f} s  "
              f"to the first event {_med(runs, 'cpu_total'):.2f} s")
        if args.cli:
            article = tmp / "article.txt"
            article.write_text(ARTICLE + "\n", encoding="utf-8")
            cli_once(env, article)
            rows = [cli_once(env, article) for _ in range(args.runs)]
            for i, r in enumerate(rows):
                print(f"cli {i + 1}: communique code {r['wall']:.2f} s (CPU {r['cpu']:.2f} s, {r['events']} events)")
            print(f"median of {args.runs}: communique code on one article {_med(rows, 'wall'):.2f} s "
                  f"(CPU {_med(rows, 'cpu'):.2f} s)")
        if args.server:
            db = tmp / "empty.duckdb"  # the server opens a store: an empty one
            subprocess.run([sys.executable, "-c", f"from communique.store import Store; Store({str(db)!r}).close()"],
                           env=env, check=True)
            for wait, warm, label in (
                    (0.0, False, "an API client: sent as soon as the server accepts"),
                    (args.server_wait, True, f"the web UI: paste view opened, then sent {args.server_wait:g} s later")):
                rows = [server_once(env, db, wait, warm) for _ in range(args.runs)]
                for i, r in enumerate(rows):
                    print(f"server {i + 1} ({label}): ready {r['ready']:.2f} s, first POST /api/code "
                          f"{r['first']:.2f} s ({r['events']} events)")
                print(f"median of {args.runs} ({label}): server ready {_med(rows, 'ready'):.2f} s, "
                      f"first POST /api/code answered in {_med(rows, 'first'):.2f} s")
        if args.profile:
            out = tmp / "communique-cold-start.prof"
            subprocess.run([sys.executable, "-c", _PROFILE.format(out=out)], env=env, check=True)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
