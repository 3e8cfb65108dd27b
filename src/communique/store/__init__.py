"""The DuckDB store: idempotent writes of coded articles, rejects, and the deduplicated events.

Writes go through Arrow tables (``INSERT OR IGNORE ... SELECT FROM arrow``): row-by-row
``executemany`` manages a few hundred rows a second, Arrow appends millions. Every key is a
content hash, so writing the same thing twice adds nothing, and each batch is one transaction,
so an ingest killed at any moment leaves whole articles or none.

One process may write a store file at a time (DuckDB takes a file lock); readers open it
read-only once the writer is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from communique.model import CodedArticle, Reject
from communique.store import rows
from communique.store.rows import Columns

_S = pa.string()
_LS = pa.list_(pa.string())
_I = pa.int32()
_F = pa.float64()

ARROW_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([("id", _S), ("title", _S), ("date", _S), ("source", _S), ("url", _S),
                           ("origin", _S), ("text", _S), ("n_sentences", _I), ("n_words", _I),
                           ("n_events", _I), ("ext_id", _S)]),
    "mentions": pa.schema([
        ("id", _S), ("event_id", _S), ("article_id", _S),
        ("source_code", _S), ("source_name", _S), ("source_text", _S), ("source_country", _S),
        ("source_sectors", _LS), ("source_kb_id", _S),
        ("target_code", _S), ("target_name", _S), ("target_text", _S), ("target_country", _S),
        ("target_sectors", _LS), ("target_kb_id", _S),
        ("cameo", _S), ("root", _S), ("cameo_name", _S), ("plover", _S), ("plover_mode", _S),
        ("quad_class", pa.int8()), ("goldstein", _F),
        ("date", _S), ("date_precision", _S), ("date_text", _S),
        ("location_name", _S), ("location_country", _S), ("location_admin1", _S), ("lat", _F), ("lon", _F),
        ("sentence", _I), ("trigger_text", _S), ("trigger_start", _I), ("trigger_end", _I),
        ("evidence", _S), ("rule", _S), ("modality", _S), ("negated", pa.bool_()), ("confidence", _F),
    ]),
    "mention_geo": pa.schema([("mention_id", _S), ("feature", _S), ("geonameid", pa.int64())]),
    "actors": pa.schema([("article_id", _S), ("sentence", _I), ("start_char", _I), ("end_char", _I),
                         ("text", _S), ("name", _S), ("code", _S), ("country", _S), ("sectors", _LS),
                         ("kb_id", _S), ("how", _S)]),
    "quotes": pa.schema([("article_id", _S), ("sentence", _I), ("start_char", _I), ("end_char", _I),
                         ("text", _S), ("kind", _S), ("speaker_text", _S), ("speaker_code", _S),
                         ("speaker_name", _S)]),
    "rejects": pa.schema([("id", _S), ("origin", _S), ("file", _S), ("line", pa.int64()),
                          ("reason", _S), ("record", _S)]),
    "ingest_warnings": pa.schema([("id", _S), ("origin", _S), ("article_id", _S), ("message", _S)]),
}

# Columns held as ISO strings in the records; TRY_CAST so one odd value cannot sink a batch.
_DATE_COLS = {("articles", "date"), ("mentions", "date")}

# Parents first, so a reader never sees a mention without its article inside one batch.
_WRITE_ORDER = ["articles", "mentions", "mention_geo", "actors", "quotes", "rejects", "ingest_warnings"]


def schema_sql() -> str:
    return resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8")


class StoreError(RuntimeError):
    """A store file that cannot be opened or read; the message names the file, what is wrong
    with it and what to do."""


# The first bytes of files people pass as --db by mistake, to say what the file is instead.
_DUCKDB_MAGIC = b"DUCK"  # at offset 8 of every DuckDB database file
_KNOWN_HEADERS = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .xlsx/.docx)", b"SQLite format 3": "an SQLite database",
    b"PAR1": "a Parquet file", b"\x1f\x8b": "a gzip file",
}


def open_error(path: str | Path, exc: BaseException | str | None = None) -> str:
    """Why the store at ``path`` cannot be opened, for a person: what the file is and what to do.

    ``open_error("notes.txt")`` -> "notes.txt: not a DuckDB database (it holds text); give the
    .duckdb file that `communique ingest --db` wrote". ``exc`` is the error DuckDB gave, if any.
    """
    p = Path(path)
    detail = f" ({' '.join(str(exc).split())})" if exc is not None else ""
    if p.is_dir():
        return f"{p}: is a directory, not a store file; give the .duckdb file that `communique ingest --db` wrote"
    if not p.exists():
        return f"{p}: no such database file; create it with `communique ingest PATH... --db {p}`"
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as err:
        return f"{p}: cannot be read ({err.strerror}); check its permissions"
    if head[8:12] != _DUCKDB_MAGIC:
        kind = next((name for magic, name in _KNOWN_HEADERS.items() if head.startswith(magic)), None)
        if kind is None:
            kind = "nothing" if not head else "text" if _looks_like_text(head) else "unknown binary data"
        return (f"{p}: not a DuckDB database (it holds {kind}); give the .duckdb file that "
                "`communique ingest --db` wrote")
    if "could not set lock" in detail.lower() or "conflicting lock" in detail.lower():
        return (f"{p}: in use by another process{detail}; wait for the ingest or the writing server"
                " to finish, or stop it")
    return (f"{p}: the store is damaged or truncated{detail}; restore it from a copy, or delete it and"
            f" rerun `communique ingest PATH... --db {p}` (ingest is idempotent)")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 0x20 or b in b"\t\n\r" for b in head)


def check_whole(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """StoreError if the file at ``path`` is shorter than the blocks DuckDB's header says it
    holds: a store cut short (a copy interrupted, a full disk) opens fine and fails on the first
    query that reaches a missing block, so it is caught here, before anything is read or written.
    (The three 4 KiB headers are left out of the sum: a false alarm would lock a user out.)
    Used blocks, not total: free blocks at the end are cut from the file by DuckDB but still
    counted in total_blocks (after a few writes a whole store had 5,517,312 bytes of the
    6,029,312 that 23 blocks of 256 KiB make, 10 of them free)."""
    block_size, used_blocks = con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    size = Path(path).stat().st_size
    if size < block_size * used_blocks:
        raise StoreError(open_error(path, f"the file has {size:,} bytes of the {block_size * used_blocks:,} "
                                          "its header counts"))


def unfinished_ingest(con: duckdb.DuckDBPyConnection) -> int:
    """Articles whose events are missing from the events table: their mentions were written
    but the ingest that wrote them ended before it rebuilt the events (killed, or crashed).
    Those articles show no events until an ingest runs again; 0 for a finished store."""
    return con.execute("""
        SELECT count(DISTINCT m.article_id) FROM mentions m
        WHERE NOT coalesce(m.negated, false)
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_id)
    """).fetchone()[0]


def unfinished_ingest_warning(path: str | Path, articles: int) -> str:
    return (f"warning: {path}: an ingest did not finish: {articles} article{'s' if articles != 1 else ''}"
            f" have mentions but no events yet; rerun the same `communique ingest ... --db {path}`"
            " (it adds no duplicates) to complete it")


class Store:
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        """Opens (or, writable, creates) the store at ``path``; StoreError, naming the file and
        what to do, if it is not a store or cannot be read."""
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(open_error(self.path, exc)) from exc
        try:
            check_whole(self.con, self.path)
            if not read_only:
                self.con.execute(schema_sql())
        except StoreError:
            self.con.close()
            raise
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(open_error(self.path, exc)) from exc

    # -- context / lifetime -----------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads ------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def existing_articles(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        found = self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()
        return {r[0] for r in found}

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "actors", "quotes", "rejects", "ingest_warnings")}

    # -- writes -----------------------------------------------------------------------------

    def write(self, coded: Iterable[CodedArticle], refresh: bool = True) -> int:
        """Write coded articles in one transaction; already stored articles are left as they are.

        With ``refresh`` the deduplicated events the new mentions belong to are updated at once
        (the API writes single articles this way); ingest refreshes once at the end instead.
        Returns the number of articles that were new.
        """
        columns = rows.to_columns(coded)
        new = self.write_columns(columns)
        if refresh and rows.n_rows(columns, "mentions"):
            self.refresh_events(sorted(set(columns["mentions"]["event_id"])))
        return new

    def write_rejects(self, rejects: Iterable[Reject]) -> int:
        columns = rows.empty_columns()
        for r in rejects:
            rows.add_reject(columns, r)
        before = self._count("rejects")
        self.write_columns(columns)
        return self._count("rejects") - before

    def write_columns(self, columns: dict[str, Columns]) -> int:
        """Append one batch (articles with their mentions, actors, quotes; rejects; warnings)."""
        before = self._count("articles")
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in _WRITE_ORDER:
                if rows.n_rows(columns, table):
                    self.append(table, columns[table])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return self._count("articles") - before

    def append(self, table: str, cols: Columns) -> None:
        """Insert Arrow-typed columns into a table (new keys only); the caller owns the transaction."""
        arrow = pa.table(cols, schema=ARROW_SCHEMAS[table])
        names = list(cols)
        select = ", ".join(
            f"TRY_CAST({c} AS DATE)" if (table, c) in _DATE_COLS else c for c in names
        )
        self.con.register("_batch", arrow)
        try:
            self.con.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) SELECT {select} FROM _batch")
        finally:
            self.con.unregister("_batch")

    def _count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- cross-article dedup ----------------------------------------------------------------

    def refresh_events(self, event_ids: Sequence[str] | None = None) -> int:
        """Rebuild the events table (or only ``event_ids``) from the mentions.

        One event per (source code, target code, CAMEO code, day), counted as GDELT does (a
        mention without a day is an event of its own article, see ``rows.event_key``):
        NumMentions = mentions, NumSources = distinct publishers (an article without a known
        publisher counts as its own), NumArticles = distinct articles. Negated mentions ("did
        not attack") stay in the mentions table but make no event. Names, location and first
        article come from the earliest mention (publication date, then articles with a URL, article
        id, sentence), so the same store always gives the same representative.
        """
        self.con.execute("BEGIN TRANSACTION")
        try:
            if event_ids is None:
                self.con.execute("DELETE FROM events")
                where, params = "", []
            else:
                self.con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)])
                where, params = "AND m.event_id IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)]
            self.con.execute(_REFRESH_SQL.format(where=where), params)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return self._count("events")


_REFRESH_SQL = """
INSERT INTO events
WITH m AS (
    SELECT m.*, a.source AS publisher, a.url AS article_url,
           row_number() OVER (PARTITION BY m.event_id
                              ORDER BY a.date NULLS LAST, a.url IS NULL, m.article_id, m.sentence, m.trigger_start, m.id) AS rk
    FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
    WHERE NOT coalesce(m.negated, false) {where}
)
SELECT
    event_id AS id,
    arg_min_null(source_code, rk), arg_min_null(source_name, rk), arg_min_null(source_country, rk),
    arg_min_null(target_code, rk), arg_min_null(target_name, rk), arg_min_null(target_country, rk),
    arg_min_null(cameo, rk), arg_min_null(root, rk), arg_min_null(cameo_name, rk),
    arg_min_null(plover, rk), arg_min_null(plover_mode, rk),
    arg_min_null(quad_class, rk), arg_min_null(goldstein, rk),
    arg_min_null(date, rk),
    arg_min_null(location_name, rk) FILTER (WHERE location_name IS NOT NULL),
    arg_min_null(location_country, rk) FILTER (WHERE location_name IS NOT NULL),
    arg_min_null(lat, rk) FILTER (WHERE location_name IS NOT NULL),
    arg_min_null(lon, rk) FILTER (WHERE location_name IS NOT NULL),
    count(*) AS num_mentions,
    count(DISTINCT coalesce(publisher, 'article:' || article_id)) AS num_sources,
    count(DISTINCT article_id) AS num_articles,
    arg_min_null(article_id, rk) AS first_article_id,
    arg_min_null(article_url, rk) AS first_url,
    max(confidence) AS confidence,
    -- a day named in one article's text beats the same day known only as a publication day
    CASE WHEN bool_or(date_precision = 'day') THEN 'day' ELSE arg_min_null(date_precision, rk) END
        AS date_precision
FROM m
GROUP BY event_id
"""


def open_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


__all__ = ["Store", "StoreError", "check_whole", "open_error", "open_read_only", "rows", "schema_sql",
           "unfinished_ingest", "unfinished_ingest_warning"]
