"""Event identity across articles: mentions are one event only when source, target, code and a
day agree. Undated mentions, and mentions dated only to a month or a year, stay their own
article's events; the precision of every date reaches the events table and the exports."""

from __future__ import annotations

import csv
import json

import duckdb

from communique.export import export
from communique.model import Article
from communique.store import Store

# Two unrelated stories with the same dyad and code (KENCOP arrests KENOPP).
ARRESTS = ("Kenyan police arrested opposition supporters in Nairobi.",
           "Kenyan police arrested dozens of opposition supporters after the rally.")
# Two stories that both look back at a war known to the year only.
BACKGROUND = ("Serbia attacked Bosnia in 1992, the report said.",
              "The court heard that Serbia attacked Bosnia in 1992.")


def _events(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT source_code, target_code, cameo, date, date_precision, num_articles"
                           " FROM events ORDER BY source_code, num_articles").fetchall()
    finally:
        con.close()


def _store(tmp_path, coder, texts, date=None):
    db = tmp_path / "events.duckdb"
    with Store(db) as store:
        store.write([coder.code(Article(text=t, date=date)) for t in texts])
    return db


def test_two_unrelated_undated_articles_make_two_events(tmp_path, coder):
    rows = _events(_store(tmp_path, coder, ARRESTS))
    assert [(r[0], r[1], r[5]) for r in rows] == [("KENCOP", "KENOPP", 1), ("KENCOP", "KENOPP", 1)]
    assert all(r[3] is None and r[4] is None for r in rows)  # no date, no precision


def test_the_same_dyad_on_the_same_day_is_one_event(tmp_path, coder):
    rows = _events(_store(tmp_path, coder, ARRESTS, date="2024-03-05"))
    assert [(r[0], r[1], r[3].isoformat(), r[4], r[5]) for r in rows] == [
        ("KENCOP", "KENOPP", "2024-03-05", "publication", 2)]


def test_a_year_is_no_day_in_the_store_or_the_exports(tmp_path, coder):
    db = _store(tmp_path, coder, BACKGROUND, date="2005-06-10")
    rows = _events(db)
    # two stories, two events, each known to the year only (not "1 January 1992")
    assert [(r[0], r[1], r[3].isoformat(), r[4], r[5]) for r in rows] == [
        ("SRB", "BIH", "1992-01-01", "year", 1), ("SRB", "BIH", "1992-01-01", "year", 1)]
    out = tmp_path / "events.jsonl"
    export(db, "jsonl", out)
    assert {json.loads(line)["date_precision"] for line in out.read_text().splitlines()} == {"year"}
    out = tmp_path / "events.csv"
    export(db, "csv", out)
    with out.open(newline="") as fh:
        assert {row["date_precision"] for row in csv.DictReader(fh)} == {"year"}
    out = tmp_path / "events.parquet"
    export(db, "parquet", out)
    assert duckdb.sql(f"SELECT DISTINCT date_precision FROM read_parquet('{out}')").fetchall() == [("year",)]
    # GDELT's SQLDATE and ICEWS's Event Date are days: a year-only event is left out and counted
    for fmt in ("gdelt", "icews"):
        result = export(db, fmt, tmp_path / f"events.{fmt}")
        assert (result.rows, result.skipped_coarse) == (0, 2), fmt
