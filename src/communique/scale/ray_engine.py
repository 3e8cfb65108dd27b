"""The ingest pipeline on Ray Data: the same readers, batches, coder and rows as the local engine.

The driver reads the input with the local engine's readers and batching (rejects and
duplicates are settled there, against the store and the shard directory), then hands the
batches to Ray Data in chunks: ``from_items`` -> ``map_batches`` with a callable class that
holds one Coder per actor (the spaCy model loads once per actor, not per batch). Each actor
codes one ingest batch per call with the local engine's ``code_batch`` and returns its store
tables as Arrow IPC. The driver writes them as Parquet shards (``shards.ShardDir``) and, with
a store, loads each shard into DuckDB as one transaction: it stays the single writer, and the
content-hash keys make every write idempotent, exactly as with the local engine.

The input goes to Ray in chunks rather than as one dataset so a corpus never has to fit in
the driver's memory; each chunk starts a fresh actor pool, so chunks are large enough
for the model loads to be a small share of the time.

Ray is imported only here, and this module only when ``--engine ray`` is asked for.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from communique.ingest.readers import DEFAULT_MAX_BYTES, iter_records
from communique.ingest.run import (
    DEFAULT_BATCH,
    Batch,
    IngestStats,
    Log,
    account,
    batch_columns,
    code_batch,
    estimate_records,
    plan_batches,
    show_progress,
)
from communique.scale.errors import RayConnectError
from communique.scale.shards import TABLES, ShardDir, iter_keys_not_in, load_into_store
from communique.store import ARROW_SCHEMAS, Store, rows

CoderFactory = Callable[[], Any]

# Articles handed to Ray per dataset: at least this many, and enough batches per actor that
# loading its model (seconds) is a small share of its coding time (a minute or more).
MIN_CHUNK_ARTICLES = 4096
BATCHES_PER_ACTOR = 64
# Tries of a batch whose actor process died (restarted each time) before the run stops.
TASK_RETRIES = 2


class CodeBatches:
    """Ray Data callable class: one Coder per actor, one ingest batch per row."""

    def __init__(self, coder_factory: CoderFactory | None = None) -> None:
        if coder_factory is None:
            from communique.pipeline import Coder

            coder_factory = Coder
        self.coder = coder_factory()

    def __call__(self, batch: pa.Table) -> pa.Table:
        out: dict[str, list[Any]] = {"key": [], "words": [], "pid": [], "rss": [], **{t: [] for t in TABLES}}
        for key, payload in zip(batch.column("key").to_pylist(), batch.column("payload").to_pylist(), strict=True):
            articles, ext_ids = pickle.loads(payload)
            result = code_batch(self.coder, articles, ext_ids)
            out["key"].append(key)
            out["words"].append(result["words"])
            out["pid"].append(result["pid"])
            out["rss"].append(result["rss"])
            for table in TABLES:
                out[table].append(_to_ipc(table, result["columns"][table]))
        return pa.table(out)


def _to_ipc(table: str, cols: rows.Columns) -> bytes:
    sink = pa.BufferOutputStream()
    arrow = pa.table(cols, schema=ARROW_SCHEMAS[table])
    with pa.ipc.new_stream(sink, arrow.schema) as writer:
        writer.write_table(arrow)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes) -> rows.Columns:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all().to_pydict()


def _result(row: dict[str, Any]) -> dict[str, Any]:
    """An actor's output row as the local engine's worker result."""
    return {"columns": {t: _from_ipc(row[t]) for t in TABLES}, "words": int(row["words"]),
            "pid": int(row["pid"]), "rss": int(row["rss"])}


class _Known:
    """Articles already coded: in the store, in the shard directory, or both."""

    def __init__(self, *sources: Any) -> None:
        self.sources = [s for s in sources if s is not None]

    def existing_articles(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for s in self.sources:
            found |= s.existing_articles(ids)
        return found


def connect(address: str | None, workers: int | None) -> tuple[bool, int]:
    """Join the cluster at ``address``, or start a local Ray with ``workers`` CPUs.

    Returns (whether this call started Ray, number of coder actors to run).
    """
    import ray

    started = False
    if not ray.is_initialized():
        # Ray's notices would break into the progress bar; its errors still show.
        quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
        if address:
            _check_reachable(address)
            try:
                ray.init(address=address, **quiet)
            except Exception as exc:  # noqa: BLE001 - ConnectionError, AuthenticationError, ValueError...
                raise RayConnectError(
                    f"cannot join the Ray cluster at {address}: {exc}. A cluster with token authentication"
                    " (Ray's default) also needs RAY_AUTH_MODE=token here, with the cluster's token in"
                    " ~/.ray/auth_token or RAY_AUTH_TOKEN; ray:// addresses need the ray[client] package."
                ) from exc
        else:
            # "local": a fresh Ray of our own even when `ray start` runs a cluster on this machine
            ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, **quiet)
        started = True
    cpus = int(ray.cluster_resources().get("CPU", 1))
    return started, max(1, min(workers or cpus, cpus))


def _check_reachable(address: str) -> None:
    """Fail at once on a host:port nothing listens on: ray.init retries such an address for minutes."""
    import socket

    hostport = address.split("://", 1)[-1]
    host, sep, port = hostport.rpartition(":")
    if address == "auto" or not sep or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as exc:
        raise RayConnectError(f"cannot join the Ray cluster at {address}: {exc}"
                              " (is `ray start --head` running there, and is this its GCS or client port?)") from exc


def _quiet_ray_data() -> None:
    import ray.data

    logging.getLogger("ray.data").setLevel(logging.ERROR)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # ours counts records into the store; one bar is enough
    if hasattr(ctx, "print_on_execution_start"):
        ctx.print_on_execution_start = False


def _chunks(batches: Iterable[Batch], articles: int) -> Iterator[list[Batch]]:
    chunk: list[Batch] = []
    n = 0
    for b in batches:
        chunk.append(b)
        n += len(b.records)
        if n >= articles:
            yield chunk
            chunk, n = [], 0
    if chunk:
        yield chunk


def _code_chunk(chunk: dict[int, Batch], actors: int, coder_factory: CoderFactory | None) -> Iterator[
        tuple[int, dict[str, Any]]]:
    """Code the batches of one chunk on the actor pool; yields (batch index, result) as they finish."""
    import ray.data

    items = [{"key": i, "payload": pickle.dumps(([r.article for r in b.records], [r.ext_id for r in b.records]))}
             for i, b in chunk.items()]
    ds = ray.data.from_items(items, override_num_blocks=len(items))
    args = {"fn_constructor_args": (coder_factory,) if coder_factory else None, "batch_size": 1,
            "batch_format": "pyarrow", "num_cpus": 1,
            "compute": ray.data.ActorPoolStrategy(size=min(actors, len(items)))}
    try:
        # Ray Data retries a task whose actor died without end: one article that kills the
        # process (a native crash, the OOM killer) would hang the ingest. Bounded, the run
        # stops with the error instead, its earlier batches committed. Ray marks these remote
        # arguments deprecated without a replacement yet; if one day it drops them, the
        # default (retry forever) still codes everything else right.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = ds.map_batches(CodeBatches, **args, max_task_retries=TASK_RETRIES)
    except TypeError:
        ds = ds.map_batches(CodeBatches, **args)
    for row in ds.iter_rows():
        yield int(row["key"]), _result(row)


@contextmanager
def _native_stderr_aside() -> Iterator[Path]:
    """Ray's C++ core writes its own log lines straight to file descriptor 2 ("[... E ...]
    core_worker.cc: Actor ... has constructor arguments in the object store", "logging.cc: Set
    ray log level..."), past Python's logging, in this process and the ones it starts. During
    the run, descriptor 2 goes to a file and Python's ``sys.stderr`` (the progress bar, our
    messages, tracebacks) to the terminal as before. The file is removed after a good run and
    kept, and named, after a failed one."""
    sys.stderr.flush()
    saved = os.dup(2)
    fd, name = tempfile.mkstemp(prefix="communique-ray-", suffix=".log")
    os.dup2(fd, 2)
    os.close(fd)
    before = sys.stderr
    sys.stderr = os.fdopen(os.dup(saved), "w", buffering=1, encoding=getattr(before, "encoding", None) or "utf-8",
                           errors="backslashreplace")
    ok = False
    try:
        yield Path(name)
        ok = True
    finally:
        sys.stderr.flush()
        sys.stderr.close()
        sys.stderr = before
        os.dup2(saved, 2)
        os.close(saved)
        if ok:
            os.unlink(name)
        elif os.path.getsize(name):
            print(f"Ray's own messages of this run are in {name}", file=sys.stderr)
        else:
            os.unlink(name)


def ingest_ray(*args: Any, **kwargs: Any) -> IngestStats:
    """``_ingest_ray`` with Ray's native log lines kept off the terminal (see
    ``_native_stderr_aside``)."""
    with _native_stderr_aside():
        return _ingest_ray(*args, **kwargs)


def _ingest_ray(
    paths: list[str],
    db: str | Path | None = None,
    parquet_dir: str | Path | None = None,
    workers: int | None = None,
    address: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
    log: Log | None = None,
    coder_factory: CoderFactory | None = None,
    chunk_articles: int | None = None,
    default_date: str | None = None,
) -> IngestStats:
    """Code ``paths`` on Ray into the store at ``db``, the shard directory ``parquet_dir``, or both.

    With only ``db``, shards go to a temporary directory removed at the end. With both, shards
    already in ``parquet_dir`` that the store lacks are loaded first, so a directory coded on a
    cluster can be brought into a store later. ``coder_factory`` builds the Coder in each actor
    (default ``communique.pipeline.Coder``); it must be importable or picklable by value there.
    """
    if db is None and parquet_dir is None:
        raise ValueError("ingest_ray needs a store (db), a Parquet directory (parquet_dir), or both")
    from tqdm import tqdm

    start = time.perf_counter()
    stats = IngestStats()
    started, actors = connect(address, workers)
    _quiet_ray_data()
    tmp = tempfile.TemporaryDirectory(prefix="communique-shards-") if parquet_dir is None else None
    total = estimate_records(paths) if progress else None
    bar = tqdm(total=total, unit="rec", file=sys.stderr, disable=not progress, dynamic_ncols=True,
               desc=f"ingest (ray, {actors} actors)", smoothing=0.1)
    store: Store | None = None
    try:
        store = Store(db) if db is not None else None
        shards = ShardDir(tmp.name if tmp else parquet_dir)  # type: ignore[arg-type]
        if store is not None and parquet_dir is not None:
            loaded = load_into_store(shards, store, list(iter_keys_not_in(shards, store)))
            if log and loaded:
                log(f"loaded {loaded} articles already coded in {parquet_dir}")

        def commit(batch: Batch, result: dict[str, Any] | None) -> None:
            columns, coder_failed = batch_columns(batch, result)
            key = shards.write(columns)
            if store is not None:
                new = store.write_columns(shards.read(key)) if key else 0
            else:
                new = rows.n_rows(columns, "articles")
            account(stats, batch, columns, result, new, coder_failed, time.perf_counter() - start)
            show_progress(bar, log, stats, batch, new)

        batches = plan_batches(iter_records(paths, max_bytes=max_bytes, default_date=default_date),
                               _Known(store, shards), batch_size, set())
        per_chunk = chunk_articles or max(MIN_CHUNK_ARTICLES, actors * batch_size * BATCHES_PER_ACTOR)
        for chunk in _chunks(batches, per_chunk):
            to_code = {}
            for i, b in enumerate(chunk):
                if b.records:
                    to_code[i] = b
                else:
                    commit(b, None)
            if to_code:
                # Each chunk has its own actor pool: peak RSS is that of the processes alive
                # together, so keep the chunk whose actors held the most, not a sum over all.
                before, stats.peak_rss = stats.peak_rss, {}
                for i, result in _code_chunk(to_code, actors, coder_factory):
                    commit(to_code.pop(i), result)
                stats.peak_rss = max(before, stats.peak_rss, key=lambda d: sum(d.values()))
            if to_code:  # Ray Data returns a row for every input row; anything else is a bug
                raise RuntimeError(f"{len(to_code)} batches came back without a result from Ray")
        bar.close()  # finished before the re-coding pass opens its own bar (one line each)
        if store is not None:
            stats.events = store.refresh_events()
    finally:
        bar.close()
        if store is not None:
            store.close()
        if tmp is not None:
            tmp.cleanup()
        if started:
            import ray

            ray.shutdown()
    stats.seconds = time.perf_counter() - start
    return stats
