"""Ingest end to end with the real Coder: every record accounted for, idempotent re-runs, a run
killed with SIGKILL and resumed ends with the same rows, and 2 workers give the same rows as 1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique.ingest.run import ingest
from communique.model import Article

# Short dispatches written for these tests; the names and places make clear actors and events.
LEADS = [
    "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in Moscow on Tuesday.",
    "China accused the United States of interfering in its internal affairs.",
    "French troops attacked rebel positions near the border with Chad.",
    "The German foreign minister visited Kenya to discuss trade.",
    "Japan and South Korea signed an agreement on fishing rights.",
    "Brazil condemned the Venezuelan government for arresting opposition leaders.",
    "Egyptian police arrested dozens of protesters in Cairo.",
    "The United Nations urged Ethiopia to allow aid into the region.",
    "Turkey threatened to impose sanctions on Greece over the islands dispute.",
    "Pakistan's army chief praised China for its economic support.",
]
TAILS = [
    "Officials described the talks as constructive.",
    "The statement came a day after a meeting of regional ministers.",
    "Analysts said the move was expected.",
    "Further discussions are planned for next month.",
    "Local media carried the news on their front pages.",
]


def write_corpus(root: Path) -> int:
    """A corpus in every format, with bad records among the good; returns the input record count."""
    root.mkdir(parents=True, exist_ok=True)
    texts = [f"{lead} {TAILS[i % len(TAILS)]} Report number {i}." for i, lead in enumerate(LEADS * 3)]
    n = 0
    with (root / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts[:18]):
            fh.write(json.dumps({"id": f"w{i}", "text": t, "date": f"2023-0{1 + i % 9}-1{i % 10}",
                                 "source": ["Wire One", "Harbor Times", "Daily Ledger"][i % 3],
                                 "url": f"https://news.example/{i}"}) + "\n")
            n += 1
        fh.write('{"text": "broken\n')  # malformed JSON
        fh.write(json.dumps({"title": "no text here"}) + "\n")  # missing text field
        fh.write(json.dumps({"text": texts[0], "date": "2023-01-10"}) + "\n")  # same article again
        fh.write(json.dumps({"text": texts[18], "date": "Tuesday-ish"}) + "\n")  # bad date: kept undated
        n += 4
    for i, t in enumerate(texts[19:25]):
        (root / f"story{i}.txt").write_text(f"date 2023-11-0{i + 1} (Coast Post) {t}\n", encoding="utf-8")
        n += 1
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Caf\xe9 owners in Lima protested.".encode("latin-1"))
    (root / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    n += 3
    (root / "more.csv").write_text("text,date,source\n" + "".join(f'"{t}",2023-12-0{i + 1},Andes Wire\n'
                                                                   for i, t in enumerate(texts[25:30])),
                                   encoding="utf-8")
    n += 5
    return n


def table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, without the wall-clock columns, in a stable order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
                    if r[0] not in {"ingested_at", "rejected_at", "warned_at"}]
            out[table] = sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return root, write_corpus(root)


@pytest.fixture(scope="module")
def reference(corpus, coder, tmp_path_factory):
    """An uninterrupted single-process ingest, the baseline the other runs are compared with."""
    root, _ = corpus
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    stats = ingest([str(root)], db, workers=1, batch_size=4, progress=False, coder=coder)
    return db, stats


def test_every_record_is_an_article_or_a_reject(corpus, reference):
    _, n_records = corpus
    db, stats = reference
    rows = table_rows(db)
    assert stats.records == n_records
    assert len(rows["articles"]) == 30 and stats.new_articles == 30
    assert stats.already_stored == 1  # the repeated article
    reasons = {r[2] for r in rows["rejects"]}  # (id, origin, reason, record)
    assert len(rows["rejects"]) == 5
    assert "empty" in reasons and "missing text field" in reasons
    assert any(r.startswith("binary: NUL byte") for r in reasons)
    assert any(r.startswith("not UTF-8: invalid byte 0xe9") for r in reasons)
    assert any(r.startswith("malformed JSON") for r in reasons)
    con = duckdb.connect(str(db), read_only=True)
    try:
        located = con.execute("SELECT file, line, reason FROM rejects WHERE reason LIKE 'malformed JSON%'").fetchall()
    finally:
        con.close()
    assert located and all(f.endswith(".jsonl") and isinstance(n, int) and n > 0 for f, n, _ in located)
    assert any(o.endswith("wire.jsonl:19") for _, o, *_ in rows["rejects"])
    # the bad date kept its article, undated, and was noted
    [(_, origin, article_id, message)] = rows["ingest_warnings"]
    assert origin.endswith("wire.jsonl:22") and "bad date 'Tuesday-ish'" in message
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT date FROM articles WHERE id = ?", [article_id]).fetchone() == (None,)
        assert con.execute("SELECT count(*) FROM articles WHERE ext_id = 'w3'").fetchone()[0] == 1
        # header-dated .txt articles carry the header's date and source
        assert con.execute("SELECT count(*) FROM articles WHERE source = 'Coast Post' AND date IS NOT NULL"
                           ).fetchone()[0] == 6
        n_mentions, linked = con.execute(
            "SELECT count(*), count(e.id) FROM mentions m LEFT JOIN events e ON e.id = m.event_id"
            " WHERE NOT m.negated").fetchone()
        assert n_mentions > 0 and linked == n_mentions  # every asserted mention belongs to an event
        assert con.execute("SELECT sum(num_mentions) FROM events").fetchone()[0] == n_mentions
    finally:
        con.close()


def test_reingest_adds_nothing(corpus, reference, coder, tmp_path):
    root, _ = corpus
    db = tmp_path / "again.duckdb"
    first = ingest([str(root)], db, batch_size=4, progress=False, coder=coder)
    before = table_rows(db)
    again = ingest([str(root)], db, batch_size=4, progress=False, coder=coder)
    assert again.new_articles == 0 and again.already_stored == first.new_articles + 1
    assert table_rows(db) == before == table_rows(reference[0])


def test_sigkill_mid_ingest_then_resume(corpus, reference, coder, tmp_path):
    root, _ = corpus
    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "communique.cli.main", "ingest", str(root), "--db", str(db),
         "--batch-size", "1", "--no-progress", "--verbose"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("committed batch 3:"):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    partial = table_rows(db)
    assert 0 < len(partial["articles"]) < 30  # killed part-way, with whole batches stored
    art_ids = {r[0] for r in partial["articles"]}
    assert {r[2] for r in partial["mentions"]} <= art_ids  # no mention without its article
    resumed = ingest([str(root)], db, batch_size=4, progress=False, coder=coder)
    assert resumed.new_articles == 30 - len(partial["articles"])
    assert table_rows(db) == table_rows(reference[0])


def test_two_workers_give_the_same_rows(corpus, reference, tmp_path):
    root, _ = corpus
    db = tmp_path / "two.duckdb"
    stats = ingest([str(root)], db, workers=2, batch_size=4, progress=False)
    assert stats.new_articles == 30
    assert len([pid for pid in stats.peak_rss if pid != os.getpid()]) >= 1
    assert table_rows(db) == table_rows(reference[0])


def test_ingest_command_reads_stdin_jsonl(tmp_path):
    from communique.cli.ingest_cmd import command

    db = tmp_path / "stdin.duckdb"
    lines = "".join(json.dumps({"text": t, "date": "2024-02-0%d" % (i + 1)}) + "\n" for i, t in enumerate(LEADS[:3]))
    lines += "not json at all\n"
    res = CliRunner().invoke(command, ["-", "--db", str(db), "--no-progress"], input=lines)
    assert res.exit_code == 0, res.output
    # a line that is not JSON makes stdin one plain-text article, not three JSONL records
    assert "1 new articles" in res.output
    db2 = tmp_path / "stdin2.duckdb"
    res = CliRunner().invoke(command, ["-", "--db", str(db2), "--no-progress"], input=lines.rsplit("not json", 1)[0])
    assert res.exit_code == 0 and "3 new articles" in res.output, res.output
    con = duckdb.connect(str(db2), read_only=True)
    try:
        origins = sorted(r[0] for r in con.execute("SELECT origin FROM articles").fetchall())
    finally:
        con.close()
    assert origins == ["stdin:1", "stdin:2", "stdin:3"]


LEARNING = [
    {"text": "Kenyan Governor Amos Wekesa met Ugandan officials in Kisumu on Monday.", "date": "2024-02-05"},
    {"text": "Officials in Kampala said nothing more about the border dispute.", "date": "2024-02-06"},
    {"text": "Wekesa condemned the Ugandan police on Tuesday.", "date": "2024-02-07"},
]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_person_learned_in_one_article_is_not_carried_to_another(tmp_path, coder, workers):
    """A bare "Wekesa" in its own article is coded as if alone, whatever batch or worker
    coded the article with his title ("Kenyan Governor Amos Wekesa") before it."""
    path = tmp_path / "learn.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in LEARNING), encoding="utf-8")
    db = tmp_path / "learn.duckdb"
    ingest([str(path)], db, workers=workers, batch_size=3, progress=False,
           coder=coder if workers == 1 else None)
    con = duckdb.connect(str(db), read_only=True)
    try:
        codes = con.execute("SELECT source_code FROM mentions WHERE source_name = 'Amos Wekesa'").fetchall()
    finally:
        con.close()
    assert codes == [("KENGOV",)] * len(codes)
    alone = coder.code(Article(text=LEARNING[2]["text"], date=LEARNING[2]["date"]))
    assert all(e.source is None or e.source.name != "Amos Wekesa" for e in alone.events)
    before = table_rows(db)
    ingest([str(path)], db, workers=1, batch_size=1, progress=False, coder=coder)
    assert table_rows(db) == before
