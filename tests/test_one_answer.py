"""One article, one answer: an article's events depend only on its text, its metadata, the
knowledge base and the user dictionary, never on which articles were coded before it or how.

110 real articles (Reuters 1996 copy with datelines, InsightCrime features, AG News leads) are
coded through every path a user has: the coder on each article alone (in reverse order),
``communique code`` on all the files at once, ``ingest`` with two workers, an ingest
interrupted after half the corpus and resumed, and ``POST /api/code``; every event of every
article must be the same. (Ray against the local engine: tests/test_scale_ray.py.)
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique.cli.code_cmd import command as code_command
from communique.model.header import parse_header
from communique.ingest.run import ingest
from communique.model import Article

CORPUS = (("conll2003_reuters.jsonl", 50), ("insightcrime.jsonl", 20), ("ag_news_test.jsonl", 40))


def _articles(shared_dir: Path, tmp_path: Path) -> list[Path]:
    """The sample as .txt files, a wire header where the record has a date (every path reads
    the same file, so every path sees the same text and metadata)."""
    files = []
    for name, n in CORPUS:
        src = shared_dir / "corpus" / name
        if not src.is_file():
            pytest.skip(f"{src} not found (the consistency test reads the shared benchmark corpus)")
        with src.open(encoding="utf-8") as fh:
            for i, line in enumerate(itertools.islice(fh, n)):
                rec = json.loads(line)
                head = f"date {rec['date'][:10]} (corpus)\n" if rec.get("date") else ""
                path = tmp_path / "articles" / f"{name.split('.')[0]}-{i:03d}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_text(head + rec["text"], encoding="utf-8")
                files.append(path)
    return files


def _key(d: dict) -> tuple:
    """What an analyst reads of an event mention, from an Event dict."""
    src, tgt, loc = d["source"] or {}, d["target"] or {}, d["location"] or {}
    return (d["article_id"], d["sentence"], d["trigger"]["start"], d["cameo"], src.get("code"), src.get("name"),
            tgt.get("code"), tgt.get("name"), d["date"], d["date_precision"], loc.get("name"), d["modality"],
            d["negated"], round(d["confidence"], 6), d["rule"])


def _stored(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT article_id, sentence, trigger_start, cameo, source_code, source_name, target_code, target_name,"
            " date, date_precision, location_name, modality, negated, confidence, rule FROM mentions"
        ).fetchall()
    finally:
        con.close()
    out = []
    for r in rows:
        r = list(r)
        r[8] = r[8].isoformat() if isinstance(r[8], dt.date) else r[8]
        r[13] = round(r[13], 6)
        out.append(tuple(r))
    return sorted(out, key=repr)


def _sorted(keys) -> list[tuple]:
    return sorted(keys, key=repr)


def test_every_path_codes_every_article_the_same(shared_dir, tmp_path, coder):
    files = _articles(shared_dir, tmp_path)
    assert len(files) >= 100

    # 1. each article alone, in reverse order (nothing an earlier article taught may matter)
    alone = []
    for path in reversed(files):
        body, date, source = parse_header(path.read_text(encoding="utf-8"))
        alone.extend(_key(e.to_dict()) for e in coder.code(Article(text=body, date=date, source=source)).events)
    want = _sorted(alone)
    assert len(want) >= 50 and any(k[9] == "day" for k in want)

    # 2. `communique code` on all the files in one run
    res = CliRunner().invoke(code_command, ["--format", "jsonl", *map(str, files)])
    assert res.exit_code == 0, res.output
    batch = [_key(e) for line in res.output.splitlines() if line.startswith("{") for e in json.loads(line)["events"]]
    assert _sorted(batch) == want

    # 3. ingest with two worker processes, batches of 7
    db = tmp_path / "two.duckdb"
    ingest([str(files[0].parent)], db, workers=2, batch_size=7, progress=False)
    assert _stored(db) == want

    # 4. ingest stopped after half the corpus, then resumed over all of it
    half = tmp_path / "half"
    half.mkdir()
    for path in files[: len(files) // 2]:
        (half / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "resumed.duckdb"
    ingest([str(half)], db, workers=1, batch_size=5, progress=False, coder=coder)
    stats = ingest([str(files[0].parent)], db, workers=1, batch_size=11, progress=False, coder=coder)
    assert stats.already_stored == len(files) // 2
    assert _stored(db) == want

    # 5. the API, one request per article, on a server with its own coder
    from fastapi.testclient import TestClient

    from communique.server import create_app

    client = TestClient(create_app(tmp_path / "api.duckdb", allow_store=False))
    api = []
    for path in files:
        r = client.post("/api/code", json={"text": path.read_text(encoding="utf-8")})
        assert r.status_code == 200, r.text
        api.extend(_key(e) for e in r.json()["events"])
    assert _sorted(api) == want
