"""The Parquet shard directory of the Ray engine: round trip into the store, idempotent writes,
and what a run killed mid-batch leaves behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from communique.model import Actor, Article, CodedArticle, Event, Quote, Reject, Span
from communique.scale import load_parquet_dir
from communique.scale.shards import ShardDir, batch_key
from communique.store import Store, rows


def coded(text: str, date: str = "2024-03-05") -> CodedArticle:
    art = Article(text=text, date=date, source="Test Wire", origin="test:1")
    src = Actor("Ruritania", "Ruritania", "RUR", "RUR", [], start=0, end=9, sentence=0, how="test")
    tgt = Actor("Freedonia", "Freedonia", "FRDGOV", "FRD", ["GOV"], start=20, end=29, sentence=0, how="test")
    ev = Event(art.id, src, tgt, "040", "04", "Consult", "CONSULT", None, 1, 1.0, 0, Span("met", 10, 13),
               text, "test", date=date)
    q = Quote("we talked", 31, 40, 0, speaker=src)
    return CodedArticle(art, [ev], [src, tgt], [q], sentences=1, words=len(text.split()))


def columns_for(*texts: str, rejects: tuple[Reject, ...] = ()) -> dict[str, rows.Columns]:
    cols = rows.to_columns([coded(t) for t in texts])
    for r in rejects:
        rows.add_reject(cols, r)
    rows.add_warning(cols, "test:1", None, "a note")
    return cols


def store_rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in rows.TABLE_COLS:
            out[table] = sorted(con.execute(f"SELECT {', '.join(rows.TABLE_COLS[table])} FROM {table}").fetchall(),
                                key=repr)
        out["events"] = sorted(con.execute("SELECT * FROM events").fetchall(), key=repr)
        return out
    finally:
        con.close()


def test_shards_load_into_the_same_rows_as_a_direct_write(tmp_path):
    batches = [columns_for("Ruritania met Freedonia today.", rejects=(Reject("a.jsonl:3", "empty"),)),
               columns_for("Ruritania met Freedonia again; we talked.")]
    direct = tmp_path / "direct.duckdb"
    with Store(direct) as store:
        for b in batches:
            store.write_columns(b)
        store.refresh_events()
    shards = ShardDir(tmp_path / "shards")
    keys = [shards.write(b) for b in batches]
    assert all(keys) and sorted(keys) == shards.keys()
    assert (tmp_path / "shards" / "mentions" / f"part-{keys[0]}.parquet").is_file()
    assert load_parquet_dir(str(tmp_path / "shards"), str(tmp_path / "loaded.duckdb")) == 2
    assert store_rows(tmp_path / "loaded.duckdb") == store_rows(direct)
    # loading again adds nothing
    assert load_parquet_dir(str(tmp_path / "shards"), str(tmp_path / "loaded.duckdb")) == 0


def test_rows_already_in_the_directory_are_not_written_again(tmp_path):
    shards = ShardDir(tmp_path)
    reject = Reject("a.jsonl:3", "empty")
    first = columns_for("Ruritania met Freedonia today.", rejects=(reject,))
    assert shards.write(first) is not None
    assert rows.n_rows(first, "rejects") == 1  # the caller's columns are left whole
    # a re-run reads the same reject and warning again: nothing new, nothing written
    again = rows.empty_columns()
    rows.add_reject(again, reject)
    rows.add_warning(again, "test:1", None, "a note")
    assert shards.write(again) is None
    reopened = ShardDir(tmp_path)
    art = coded("Ruritania met Freedonia today.").article
    assert reopened.existing_articles([art.id, "other"]) == {art.id}
    total = sum(pq.read_table(f).num_rows for f in (tmp_path / "rejects").glob("part-*.parquet"))
    assert total == 1


def test_batch_key_is_a_content_hash():
    a = columns_for("Ruritania met Freedonia today.")
    b = columns_for("Ruritania met Freedonia today.")
    c = columns_for("Freedonia met Ruritania today.")
    assert batch_key(a) == batch_key(b) != batch_key(c)
    assert batch_key(rows.empty_columns()) is None


def test_a_batch_cut_off_before_its_articles_shard_is_dropped(tmp_path):
    shards = ShardDir(tmp_path)
    key = shards.write(columns_for("Ruritania met Freedonia today."))
    (tmp_path / "articles" / f"part-{key}.parquet").unlink()  # killed before the marker was renamed in
    (tmp_path / "quotes" / ".part-x.parquet").write_bytes(b"half a file")
    reopened = ShardDir(tmp_path)
    assert reopened.keys() == []
    assert not any(p.is_file() for p in tmp_path.rglob("*")), "orphan shards and temporaries are removed"
    assert reopened.existing_articles([coded("Ruritania met Freedonia today.").article.id]) == set()


def test_load_needs_an_existing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_parquet_dir(str(tmp_path / "missing"), str(tmp_path / "x.duckdb"))


def test_native_stderr_of_ray_kept_off_the_terminal(capfd):
    """What Ray's C++ core writes to descriptor 2 goes to a file; Python's stderr (the progress
    bar, our messages) still reaches the terminal; the file goes after a good run."""
    import os
    import sys

    from communique.scale.ray_engine import _native_stderr_aside

    with _native_stderr_aside() as path:
        os.write(2, b"[2026-01-01 E 1 1] core_worker.cc:2465: Actor with class name\n")
        print("ingest: 3/3", file=sys.stderr)
        assert "core_worker.cc" in path.read_text()
    err = capfd.readouterr().err
    assert "ingest: 3/3" in err and "core_worker" not in err
    assert not path.exists()
    # a failed run keeps the file and says where it is
    try:
        with _native_stderr_aside() as path:
            os.write(2, b"raylet died\n")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    err = capfd.readouterr().err
    assert f"Ray's own messages of this run are in {path}" in err and "raylet died" not in err
    assert path.read_text() == "raylet died\n"
    path.unlink()
