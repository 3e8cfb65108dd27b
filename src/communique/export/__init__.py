"""Exports of the store: GDELT 2.0 event table, ICEWS-style TSV, and events as JSONL, Parquet, CSV."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

FORMATS = ("gdelt", "icews", "jsonl", "parquet", "csv")


@dataclass
class ExportResult:
    rows: int
    skipped_undated: int = 0
    skipped_coarse: int = 0  # GDELT/ICEWS rows need a day; events known to a month or year only


# Events with the sectors and evidence of their representative (earliest) mention, which the
# events table does not repeat.
TABULAR_SQL = """
WITH ranked AS (
    SELECT m.*, row_number() OVER (PARTITION BY m.event_id
        ORDER BY a.date NULLS LAST, a.url IS NULL, m.article_id, m.sentence, m.trigger_start, m.id) AS rk
    FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
    WHERE NOT coalesce(m.negated, false)
)
SELECT e.id, e.date, e.date_precision, e.source_code, e.source_name, e.source_country, {src_sectors} AS source_sectors,
       e.target_code, e.target_name, e.target_country, {tgt_sectors} AS target_sectors,
       e.cameo, e.root, e.cameo_name, e.plover, e.plover_mode, e.quad_class, e.goldstein,
       e.location_name, e.location_country, e.lat, e.lon,
       e.num_mentions, e.num_sources, e.num_articles, e.confidence,
       e.first_article_id, e.first_url, r.sentence AS first_sentence, r.trigger_text, r.evidence
FROM events e LEFT JOIN ranked r ON r.event_id = e.id AND r.rk = 1
ORDER BY e.date NULLS LAST, e.id
"""


def export(db_path: str | Path, fmt: str, out_path: str | Path) -> ExportResult:
    """Write the store's events at ``db_path`` as ``fmt`` to ``out_path`` ("-" = stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if fmt in ("gdelt", "icews"):
            from communique.export import gdelt, icews

            writer = gdelt.write if fmt == "gdelt" else icews.write
            if str(out_path) == "-":
                rows, skipped, coarse = writer(con, sys.stdout)
            else:
                with open(out_path, "w", encoding="utf-8", newline="") as fh:
                    rows, skipped, coarse = writer(con, fh)
            return ExportResult(rows, skipped, coarse)
        return ExportResult(_copy(con, fmt, out_path))
    finally:
        con.close()


def _copy(con: duckdb.DuckDBPyConnection, fmt: str, out_path: str | Path) -> int:
    if fmt == "csv":  # CSV has no lists: sectors as "GOV,MIL"
        sql = TABULAR_SQL.format(src_sectors="array_to_string(r.source_sectors, ',')",
                                 tgt_sectors="array_to_string(r.target_sectors, ',')")
        options = "FORMAT csv, HEADER true"
    else:
        sql = TABULAR_SQL.format(src_sectors="r.source_sectors", tgt_sectors="r.target_sectors")
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT json"
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    if str(out_path) == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"out.{fmt}"
            con.execute(f"COPY ({sql}) TO '{_quote(path)}' ({options})")
            with path.open("rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
        return n
    con.execute(f"COPY ({sql}) TO '{_quote(Path(out_path))}' ({options})")
    return n


def _quote(path: Path) -> str:
    # COPY takes no parameters; a path is a string literal, so its quotes are doubled.
    return str(path).replace("'", "''")


__all__ = ["FORMATS", "ExportResult", "export"]
