"""A directory of Parquet shards holding the same tables as the store, one shard per batch.

Layout: ``DIR/<table>/part-<key>.parquet`` for the store tables (articles, mentions,
mention_geo, actors, quotes, rejects, ingest_warnings), with the same Arrow schemas the
DuckDB writer uses, so ``duckdb``, ``pyarrow.dataset``, Spark or pandas read it as it is.

``key`` is a content hash of what the batch holds, and the directory is kept idempotent the
same way the store is: articles, rejects and warnings already in it are not written again.
A batch's articles shard is written last (an empty one for a batch with only rejects), so
it marks the batch as whole: shards of other tables without it were left by a run killed
mid-batch and are deleted when the directory is opened again, and those articles coded anew.
Every file is written under a dot-name and renamed into place, so no reader sees half a file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from communique.store import ARROW_SCHEMAS, Store, rows
from communique.store.rows import Columns

TABLES = list(rows.TABLE_COLS)
MARKER = "articles"
# Tables whose rows are keyed by their own ``id`` column and may come again in a later run.
_KEYED = ("articles", "rejects", "ingest_warnings")


class ShardDir:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        for table in TABLES:
            (self.path / table).mkdir(parents=True, exist_ok=True)
        self.drop_partial()
        self.known: dict[str, set[str]] = {t: self._ids(t) for t in _KEYED}

    # -- reads ------------------------------------------------------------------------------

    def keys(self) -> list[str]:
        """Keys of the whole batches in the directory, sorted."""
        return sorted(p.name[len("part-"):-len(".parquet")] for p in (self.path / MARKER).glob("part-*.parquet"))

    def read(self, key: str) -> dict[str, Columns]:
        """One batch as store columns, ready for ``Store.write_columns``."""
        out = rows.empty_columns()
        for table in TABLES:
            f = self._file(table, key)
            if f.is_file():
                out[table] = pq.read_table(f, schema=ARROW_SCHEMAS[table]).to_pydict()
        return out

    def article_ids(self, key: str) -> list[str]:
        return pq.read_table(self._file(MARKER, key), columns=["id"]).column("id").to_pylist()

    def existing_articles(self, ids: Sequence[str]) -> set[str]:
        return self.known["articles"].intersection(ids)

    # -- writes -----------------------------------------------------------------------------

    def write(self, columns: dict[str, Columns]) -> str | None:
        """Write one batch, less the rows of the keyed tables the directory already holds.
        Returns the batch key, or None when nothing was left to write."""
        columns = {t: dict(c) for t, c in columns.items()}  # the caller's counts stay whole
        for table in _KEYED:
            _drop_rows(columns, table, self.known[table])
        key = batch_key(columns)
        if key is None:
            return None
        for table in [t for t in TABLES if t != MARKER] + [MARKER]:
            if table == MARKER or rows.n_rows(columns, table):
                self._write_table(table, key, columns[table])
        for table in _KEYED:
            self.known[table].update(columns[table]["id"])
        return key

    def drop_partial(self) -> None:
        """Delete what a killed run left: temporary files, and shards of batches without their
        articles shard."""
        whole = {p.name for p in (self.path / MARKER).glob("part-*.parquet")}
        for table in TABLES:
            for f in (self.path / table).iterdir():
                if f.name.startswith(".part-") or (table != MARKER and f.name.startswith("part-")
                                                   and f.name not in whole):
                    f.unlink()

    def _write_table(self, table: str, key: str, cols: Columns) -> None:
        final = self._file(table, key)
        tmp = final.with_name("." + final.name)
        pq.write_table(pa.table(cols, schema=ARROW_SCHEMAS[table]), tmp)
        os.replace(tmp, final)

    def _file(self, table: str, key: str) -> Path:
        return self.path / table / f"part-{key}.parquet"

    def _ids(self, table: str) -> set[str]:
        ids: set[str] = set()
        for f in (self.path / table).glob("part-*.parquet"):
            ids.update(pq.read_table(f, columns=["id"]).column("id").to_pylist())
        return ids


def batch_key(columns: dict[str, Columns]) -> str | None:
    """Content hash naming a batch's shards: the same batch always gets the same file names."""
    ids = [i for table in _KEYED for i in sorted(columns[table]["id"])]
    if not ids:
        return None
    return hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:20]


def load_into_store(shards: ShardDir, store: Store, keys: Sequence[str] | None = None) -> int:
    """Load whole batches into the store, one transaction each; rows already stored are kept
    as they are (content-hash keys). Returns the number of articles that were new."""
    new = 0
    for key in keys if keys is not None else shards.keys():
        new += store.write_columns(shards.read(key))
    return new


def iter_keys_not_in(shards: ShardDir, store: Store) -> Iterator[str]:
    """Batches of the directory with an article the store lacks, or with only rejects."""
    for key in shards.keys():
        ids = shards.article_ids(key)
        if not ids or len(store.existing_articles(ids)) < len(ids):
            yield key


def _drop_rows(columns: dict[str, Columns], table: str, known: set[str]) -> None:
    cols = columns[table]
    keep = [i for i, v in enumerate(cols["id"]) if v not in known]
    if len(keep) == len(cols["id"]):
        return
    for name, values in cols.items():
        cols[name] = [values[i] for i in keep]
