"""``communique ingest``: code a corpus into a DuckDB store (or a Parquet directory, on Ray)."""

from __future__ import annotations

import importlib.util
import os

import click

from communique.ingest.readers import DEFAULT_MAX_BYTES, missing_paths
from communique.model import DateError, iso_date


EPILOG = """\b
Examples:
  communique ingest news/ --db events.duckdb
  communique ingest a.jsonl b.csv --db events.duckdb --workers 2
  cat article.txt | communique ingest - --db events.duckdb
  communique ingest corpus/ --engine ray --parquet-dir coded/      # needs communique[ray]
  communique ingest corpus/ --engine ray --address HEAD:6379 --db events.duckdb
"""


@click.command(name="ingest", epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--db", metavar="FILE.duckdb", help="Store to write (created if missing).")
@click.option("--workers", "-w", type=click.IntRange(1, 4096), default=None,
              help="Coding processes (Ray: coder actors); each loads the spaCy model once."
                   "  [default: local 1; ray: every CPU of the Ray cluster]")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Articles per worker task and per store transaction.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Records larger than this are rejected as oversized.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a pool of processes on this machine; ray: Ray Data actors, on a local Ray"
                   " or the cluster at --address.")
@click.option("--address", metavar="ADDR", help="Ray cluster to join (e.g. auto, HEAD:6379,"
              " ray://HEAD:10001); without it a local Ray is started. Only with --engine ray.")
@click.option("--parquet-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep the coded rows as Parquet shards in DIR (one sub-directory per table)."
                   " Without --db, DIR is the only output. Only with --engine ray.")
@click.option("--date", "default_date", metavar="YYYY-MM-DD",
              help="Publication date of articles whose record and text (wire header, dateline) give none.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Log every committed batch on stderr.")
def command(paths: tuple[str, ...], db: str | None, workers: int | None, batch_size: int, max_bytes: int,
            engine: str, address: str | None, parquet_dir: str | None, default_date: str | None, progress: bool,
            verbose: bool) -> None:
    """Read PATH... (files, directories, or - for stdin) and code every article into --db.

    Reads .txt (with or without a `date YYYY-MM-DD (SOURCE)` first line), .jsonl/.json
    (fields text, title, date, url, source, id), .csv (a text column), .html/.htm. Each
    record ends in the articles table or in rejects with its reason and file:line. Running
    the same ingest again adds nothing; an interrupted ingest resumes where it stopped.

    With --engine ray the same coder runs in Ray Data actors; the results are written as
    Parquet shards, then loaded into --db, or kept in --parquet-dir (or both).
    """
    try:
        default_date = iso_date(default_date)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    missing = missing_paths(paths)
    if missing:
        # A typo in a path is the user's mistake, not a rejected record: stop before the store
        # is touched, with a non-zero exit a script notices.
        raise click.BadParameter(f"no such file or directory: {', '.join(missing)}", param_hint="PATH...")
    if engine == "local" and (address or parquet_dir):
        raise click.UsageError("--address and --parquet-dir need --engine ray")
    if engine == "ray" and importlib.util.find_spec("ray") is None:
        # Ray is an extra: most users code on one machine and should not install it
        raise click.ClickException('--engine ray needs Ray, which is not installed: pip install "communique[ray]"')
    if db is None and parquet_dir is None:
        raise click.UsageError("Missing option '--db'" + (" (or --parquet-dir)" if engine == "ray" else ""))
    if workers and workers > (os.cpu_count() or 1) * 2 and not address:
        click.echo(f"Warning: {workers} workers on {os.cpu_count()} CPUs; each holds its own model", err=True)
    log = (lambda msg: click.echo(msg, err=True)) if verbose else None
    target = db or parquet_dir
    from communique.scale import RayConnectError

    try:
        if engine == "ray":
            from communique.scale import ingest_ray  # Ray itself is imported only from here on

            stats = ingest_ray(list(paths), db, parquet_dir=parquet_dir, workers=workers, address=address,
                               batch_size=batch_size, max_bytes=max_bytes, progress=progress, log=log,
                               default_date=default_date)
        else:
            from communique.ingest.run import ingest

            stats = ingest(list(paths), db, workers=workers or 1, batch_size=batch_size, max_bytes=max_bytes,
                           progress=progress, log=log, default_date=default_date)
    except RayConnectError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{target}: {exc}") from exc
    except Exception as exc:  # DuckDB lock held by another process, broken worker pool...
        if type(exc).__module__.startswith("duckdb") or "lock" in str(exc).lower():
            raise click.ClickException(f"{db}: cannot write the store ({exc}); is another ingest or a"
                                       " writing server using it?") from exc
        if engine == "ray" and type(exc).__module__.startswith("ray"):
            raise click.ClickException(f"Ray: {exc}") from exc
        raise
    summary = stats.summary()
    if db is None:  # no store, so no deduplicated events table to count
        summary = summary.replace(f", {stats.events} events in store", "")
    click.echo(summary, err=True)
    if parquet_dir:
        click.echo(f"coded rows are in {parquet_dir}/<table>/part-*.parquet", err=True)
    if stats.rejects:
        where = f"the rejects table of {db}" if db else f"{parquet_dir}/rejects"
        click.echo(f"rejected records and their reasons are in {where} (file, line, reason, record)", err=True)
