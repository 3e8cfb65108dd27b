"""Exports of the store: GDELT 2.0 event table, ICEWS-style TSV, and events as JSONL, Parquet,
CSV, Stata .dta, or a pandas DataFrame.

Every export takes an optional ``where``: a WHERE clause over ``events e`` and its bound
parameters (what ``communique.analysis.filters.EventFilter.where()`` returns), so the web UI's
downloads and ``communique.load_events`` export exactly the events a filter shows.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("gdelt", "icews", "jsonl", "parquet", "csv", "dta")
Where = tuple[str, list[Any]]
ALL: Where = ("TRUE", [])

# Columns of the tabular exports that hold codes: zero-padded strings ("010", "043") that a
# CSV reader would turn into numbers. Read a CSV export back with ``dtype=CSV_DTYPES``.
CODE_COLUMNS = ("cameo", "root", "source_code", "target_code", "source_country", "target_country",
                "location_country", "first_article_id", "id")
CSV_DTYPES = {c: "string" for c in CODE_COLUMNS}


@dataclass
class ExportResult:
    rows: int
    skipped_undated: int = 0
    skipped_coarse: int = 0  # GDELT/ICEWS rows need a day; events known to a month or year only


# Events with the sectors, evidence, rule, modality, negation and date precision of their
# representative mention (the earliest one not negated; the store builds no event from negated
# mentions alone, but a store written by other tools may), which the events table does not repeat.
TABULAR_SQL = """
WITH ranked AS (
    SELECT m.*, row_number() OVER (PARTITION BY m.event_id
        ORDER BY coalesce(m.negated, false), a.date NULLS LAST, a.url IS NULL, m.article_id, m.sentence,
                 m.trigger_start, m.id) AS rk
    FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
)
SELECT e.id, e.date, e.source_code, e.source_name, e.source_country, {src_sectors} AS source_sectors,
       e.target_code, e.target_name, e.target_country, {tgt_sectors} AS target_sectors,
       e.cameo, e.root, e.cameo_name, e.plover, e.plover_mode, e.quad_class, e.goldstein,
       e.location_name, e.location_country, e.lat, e.lon,
       r.location_admin1, r.date_precision, r.date_text,
       e.num_mentions, e.num_sources, e.num_articles, e.confidence,
       e.first_article_id, e.first_url, r.sentence AS first_sentence, r.trigger_text, r.evidence,
       r.rule, r.modality, r.negated
FROM events e LEFT JOIN ranked r ON r.event_id = e.id AND r.rk = 1
WHERE {where}
ORDER BY e.date NULLS LAST, e.id
"""


def export(db_path: str | Path, fmt: str, out_path: str | Path, where: Where = ALL) -> ExportResult:
    """Write the events of the store at ``db_path`` that match ``where`` as ``fmt`` to
    ``out_path`` ("-" = stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return export_con(con, fmt, out_path, where)
    finally:
        con.close()


def export_con(con: duckdb.DuckDBPyConnection, fmt: str, out_path: str | Path, where: Where = ALL) -> ExportResult:
    """``export`` on an open connection (the web server's read-only one).

    A file export is written to a temporary file beside ``out_path`` and renamed onto it when
    complete (``replacing``), so ``out_path`` holds the previous export or the new one, never a
    part of one, whatever interrupts the export (an error, Ctrl-C, kill -9)."""
    if str(out_path) == "-":
        return _export_to(con, fmt, "-", where)
    with replacing(out_path) as tmp:
        return _export_to(con, fmt, tmp, where)


def _export_to(con: duckdb.DuckDBPyConnection, fmt: str, out_path: str | Path, where: Where) -> ExportResult:
    if fmt in ("gdelt", "icews"):
        from communique.export import gdelt, icews

        writer = gdelt.write if fmt == "gdelt" else icews.write
        if str(out_path) == "-":
            rows, skipped, coarse = writer(con, sys.stdout, where)
        else:
            with open(out_path, "w", encoding="utf-8", newline="") as fh:
                rows, skipped, coarse = writer(con, fh, where)
        return ExportResult(rows, skipped, coarse)
    if fmt == "dta":
        return ExportResult(_dta(con, out_path, where))
    return ExportResult(_copy(con, fmt, out_path, where))


@contextmanager
def replacing(out_path: str | Path) -> Iterator[Path]:
    """A temporary path in ``out_path``'s directory, renamed onto ``out_path`` (os.replace, atomic
    on one file system) when the block ends normally and deleted when it raises. The temporary
    name ends with the target's name ("events.csv.gz" -> ".tmp-k2j4-events.csv.gz"), so writers
    that choose compression by the extension (DuckDB's COPY, pandas' to_stata) choose as they
    would for the target. A kill -9 can leave such a hidden ``.tmp-`` file behind, never a
    truncated export under the final name.

    A target that exists and is not a regular file (/dev/null, a FIFO) is written in place:
    renaming onto it would replace the device. A symbolic link is followed, so the file it points
    to is replaced, not the link."""
    target = Path(os.path.realpath(out_path))
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        yield Path(out_path)
        return
    fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=f"-{target.name}", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        # mkstemp makes the file private (0600); an export is as readable as any file written
        # with open(): 0644 under the usual umask 022
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def _umask() -> int:
    """The process's umask, read without changing it (os.umask sets it, racing other threads);
    022 where /proc does not say."""
    with suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def tabular_sql(where: Where = ALL, lists: bool = True) -> tuple[str, list[Any]]:
    """The deduplicated events with every field, and the parameters; ``lists=False`` writes
    sectors as "GOV,MIL" for formats without lists."""
    if lists:
        sql = TABULAR_SQL.format(src_sectors="r.source_sectors", tgt_sectors="r.target_sectors", where=where[0])
    else:
        sql = TABULAR_SQL.format(src_sectors="array_to_string(r.source_sectors, ',')",
                                 tgt_sectors="array_to_string(r.target_sectors, ',')", where=where[0])
    return sql, list(where[1])


def frame(con: duckdb.DuckDBPyConnection, where: Where = ALL) -> pd.DataFrame:
    """The events matching ``where`` as a DataFrame: codes as strings, dates as datetimes,
    sectors as lists."""
    import pandas as pd  # on use: pandas costs a second at import, which the web server need not pay

    sql, params = tabular_sql(where)
    df = con.execute(sql, params).df()
    for c in CODE_COLUMNS:
        df[c] = df[c].astype("string")
    df["date"] = pd.to_datetime(df["date"])
    return df


def _dta(con: duckdb.DuckDBPyConnection, out_path: str | Path, where: Where) -> int:
    """Stata 118 (Stata 14+): no list columns, so sectors are joined; booleans become 0/1;
    text longer than Stata's 2045-byte str limit becomes strL."""
    import pandas as pd  # on use, as in frame()

    if str(out_path) == "-":
        raise ValueError("dta is a binary format; give a file name")
    sql, params = tabular_sql(where, lists=False)
    df = con.execute(sql, params).df()
    df["date"] = pd.to_datetime(df["date"])
    df["negated"] = df["negated"].astype("float").astype("Int8")
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].astype("string").fillna("")
    df.to_stata(out_path, write_index=False, version=118, convert_dates={"date": "td"},
                variable_labels=DTA_LABELS)
    return len(df)


DTA_LABELS = {
    "cameo": "CAMEO event code", "root": "CAMEO root code", "quad_class": "GDELT quad class 1-4",
    "goldstein": "Goldstein scale (GDELT)", "plover": "PLOVER event type", "confidence": "coder confidence 0-1",
    "rule": "rule that coded the event", "modality": "asserted, intended, ...", "negated": "1 if negated",
    "date_precision": "day, month, year", "num_mentions": "mentions (GDELT NumMentions)",
}


def _copy(con: duckdb.DuckDBPyConnection, fmt: str, out_path: str | Path, where: Where) -> int:
    sql, params = tabular_sql(where, lists=fmt != "csv")  # CSV has no lists: sectors as "GOV,MIL"
    if fmt == "csv":
        # codes quoted so spreadsheet tools show them as text; pandas and readr still need
        # CSV_DTYPES / col_types to keep "043" from becoming 43 (README says so)
        options = f"FORMAT csv, HEADER true, FORCE_QUOTE ({', '.join(CODE_COLUMNS)})"
    else:
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT json"
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    if str(out_path) == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"out.{fmt}"
            con.execute(f"COPY ({sql}) TO '{_quote(path)}' ({options})", params)
            with path.open("rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
        return n
    con.execute(f"COPY ({sql}) TO '{_quote(Path(out_path))}' ({options})", params)
    return n


def _quote(path: Path) -> str:
    # COPY takes no parameters; a path is a string literal, so its quotes are doubled.
    return str(path).replace("'", "''")


__all__ = ["CSV_DTYPES", "FORMATS", "ExportResult", "export", "export_con", "frame", "replacing", "tabular_sql"]
