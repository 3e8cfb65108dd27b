"""Where the coder's time goes, stage by stage, on one core.

    python bench/stages.py                       # 200 insightcrime articles
    python bench/stages.py --n 500 --corpus ag_news_test

Runs the Coder's own stages one after the other over the whole sample and times each (CPU
time of the process, which a shared machine disturbs less than the wall clock, and wall):
split (tokenizer + sentencizer over every sentence) and prefilter, the spaCy pipeline on the
sentences the prefilter kept (tok2vec, tagger, parser, attributes and lemmas), and the rest
(actors, events, dates, places, quotes). Also prints what share of sentences and words
the prefilter sent to the parser. Numbers are for one process; ingest runs one per worker.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="articles (default 200)")
    ap.add_argument("--corpus", default="insightcrime", help="file stem under ../shared/corpus")
    args = ap.parse_args()
    path = CORPUS / f"{args.corpus}.jsonl"
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2

    from communique.model import Article
    from communique.pipeline import Coder

    with path.open(encoding="utf-8") as fh:
        articles = [Article(text=json.loads(line)["text"]) for line in itertools.islice(fh, args.n)]
    coder = Coder()
    list(coder.code_many(articles[:5]))  # warm caches (lemmas, tokenizer) as a long run would

    c0, t0 = time.process_time(), time.perf_counter()
    plans = [coder._plan(a) for a in articles]
    c1, t1 = time.process_time(), time.perf_counter()
    jobs = [(p, i) for p in plans for i, keep in enumerate(p.parse) if keep]
    for (plan, i), doc in zip(jobs, coder.nlp.pipe((p.sentences[i].text for p, i in jobs),
                                                   batch_size=256), strict=True):
        plan.parsed[i] = doc
    c2, t2 = time.process_time(), time.perf_counter()
    coded = [coder._finish(p) for p in plans]
    c3, t3 = time.process_time(), time.perf_counter()

    sentences = sum(len(p.sentences) for p in plans)
    words = sum(c.words for c in coded)
    parsed_words = sum(len(p.sentences[i]) for p, i in jobs)
    all_tokens = sum(len(s) for p in plans for s in p.sentences)
    total = t3 - t0
    cpu = c3 - c0
    print(f"corpus {args.corpus}: {len(articles)} articles, {sentences} sentences, {words} words, "
          f"{sum(len(c.events) for c in coded)} events")
    print(f"prefilter sent {len(jobs)}/{sentences} sentences ({len(jobs) / max(sentences, 1):.0%}), "
          f"{parsed_words / max(all_tokens, 1):.0%} of tokens, to the parser")
    print(f"{'stage':44} {'CPU s':>7} {'share':>6} {'wall s':>7}")
    for name, secs, wall in [
        ("split + prefilter (every sentence)", c1 - c0, t1 - t0),
        ("spaCy tok2vec/tagger/parser/attrs (kept)", c2 - c1, t2 - t1),
        ("actors, events, dates, places, quotes", c3 - c2, t3 - t2),
    ]:
        print(f"{name:44} {secs:7.2f} {secs / cpu:6.0%} {wall:7.2f}")
    print(f"{'total':44} {cpu:7.2f} {'':6} {total:7.2f}   -> {len(articles) / cpu:.1f} articles/s "
          f"({1000 * cpu / len(articles):.0f} ms/article, {words / cpu:,.0f} words/s) on one core by CPU time, "
          f"{len(articles) / total:.1f} by wall clock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
