"""The ingest pipeline scaled out on Ray Data, with Parquet shards as its output.

``ingest_ray`` is the entry point (``communique ingest --engine ray``). Ray is imported only
when it runs; ``shards`` (the Parquet directory) needs only pyarrow.

On a cluster: every node needs communique installed (the actors import it; the spaCy model
ships as a package), ``ray start --head`` on one node and ``ray start --address=HEAD:6379``
on the others, then on a machine that reaches the head (with ``RAY_AUTH_MODE=token`` and the
cluster's token when it uses Ray's token authentication)::

    communique ingest corpus/ --engine ray --address HEAD:6379 --parquet-dir coded/
    communique ingest corpus/ --engine ray --address HEAD:6379 --db events.duckdb

The input is read, and the shards written, on the machine that runs the command: no shared
file system is needed. ``load_parquet_dir`` brings a shard directory into a store later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from communique.scale.errors import RayConnectError

if TYPE_CHECKING:
    from communique.ingest.run import IngestStats


def ingest_ray(*args: Any, **kwargs: Any) -> IngestStats:
    from communique.scale.ray_engine import ingest_ray as run

    return run(*args, **kwargs)


def load_parquet_dir(parquet_dir: str, db: str) -> int:
    """Load every whole batch of a shard directory into the store at ``db`` and rebuild its
    events; returns the number of articles that were new to the store."""
    from pathlib import Path

    from communique.scale.shards import ShardDir, load_into_store
    from communique.store import Store

    if not Path(parquet_dir).is_dir():
        raise FileNotFoundError(f"no such Parquet directory: {parquet_dir}")
    with Store(db) as store:
        new = load_into_store(ShardDir(parquet_dir), store)
        store.refresh_events()
    return new


__all__ = ["RayConnectError", "ingest_ray", "load_parquet_dir"]
