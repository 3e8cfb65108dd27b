"""Does a speed-up change what is coded? Snapshot the coder's whole output, then diff two.

    python bench/same_output.py snapshot --n 1000 --out before.jsonl      # on the old code
    PYTHONPATH=src python bench/same_output.py snapshot --n 1000 --out after.jsonl
    python bench/same_output.py diff before.jsonl after.jsonl

``snapshot`` reads the first N records of a benchmark corpus (``../shared/corpus``) the way
``communique ingest`` does (``ingest.readers``), codes them in one process and writes one line
per article: everything ``CodedArticle.to_dict()`` holds (events with their actors, codes,
dates, places, rules, confidence and evidence; quotes; actor mentions). ``diff`` prints the
articles whose output differs and the first differing field of each, and exits 1 if any
does: a change meant to be a pure speed-up must leave every line identical. It also prints
the CPU seconds per article of the coding (``time.process_time``, models loaded first).

Snapshots run with ``PYTHONHASHSEED=0`` (the script restarts itself with it when it is not
set): the rule name of an event whose trigger has two lemmas in the lexicon is read from a
set, so it follows the process's string hashing ("loan:fund" in one process, "loan:funding"
in the next, same event and code); two snapshots compare only under the same seed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def snapshot(corpus: str, n: int, out: Path) -> int:
    from communique.ingest.readers import Record, read_file
    from communique.pipeline import Coder

    src = CORPUS / f"{corpus}.jsonl"
    articles = [r.article for r in itertools.islice(read_file(src), n) if isinstance(r, Record)]
    coder = Coder()
    c0 = time.process_time()
    rows = [json.dumps(c.to_dict(), sort_keys=True, ensure_ascii=False) for c in coder.code_many(articles)]
    cpu = time.process_time() - c0
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    events = sum(len(json.loads(r)["events"]) for r in rows)
    print(f"{len(rows)} articles, {events} events -> {out}; coding CPU {cpu:.1f} s "
          f"({1000 * cpu / max(len(rows), 1):.1f} ms/article)")
    return 0


def _first_difference(a, b, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where or '.'}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{where}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where or '.'}: {str(a)[:120]!r} != {str(b)[:120]!r}"


def diff(before: Path, after: Path) -> int:
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        print(f"{len(a)} articles != {len(b)} articles")
        return 1
    bad = 0
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            bad += 1
            if bad <= 20:
                print(f"article {i}: {_first_difference(json.loads(x), json.loads(y))}")
    ev = sum(len(json.loads(x)["events"]) for x in a)
    print(f"{len(a)} articles, {ev} events before; {bad} articles differ")
    return 1 if bad else 0


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") is None:  # see the module docstring
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="code N articles and write their output")
    s.add_argument("--n", type=int, default=1000)
    s.add_argument("--corpus", default="insightcrime")
    s.add_argument("--out", type=Path, required=True)
    d = sub.add_parser("diff", help="compare two snapshots")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "snapshot":
        return snapshot(args.corpus, args.n, args.out)
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
