"""``communique ingest``: code a corpus into a DuckDB store."""

from __future__ import annotations

import os

import click

from communique.ingest.readers import DEFAULT_MAX_BYTES


@click.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store to write (created if missing).")
@click.option("--workers", "-w", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Coding processes; each loads the spaCy model once.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Articles per worker task and per store transaction.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Records larger than this are rejected as oversized.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Log every committed batch on stderr.")
def command(paths: tuple[str, ...], db: str, workers: int, batch_size: int, max_bytes: int,
            progress: bool, verbose: bool) -> None:
    """Read PATH... (files, directories, or - for stdin) and code every article into --db.

    Reads .txt (with or without a `date YYYY-MM-DD (SOURCE)` first line), .jsonl/.json
    (fields text, title, date, url, source, id), .csv (a text column), .html/.htm. Each
    record ends in the articles table or in rejects with its reason and file:line. Running
    the same ingest again adds nothing; an interrupted ingest resumes where it stopped.
    """
    from communique.ingest.run import ingest

    if workers > (os.cpu_count() or 1) * 2:
        click.echo(f"warning: {workers} workers on {os.cpu_count()} CPUs; each holds its own model", err=True)
    log = (lambda msg: click.echo(msg, err=True)) if verbose else None
    try:
        stats = ingest(list(paths), db, workers=workers, batch_size=batch_size, max_bytes=max_bytes,
                       progress=progress, log=log)
    except OSError as exc:
        raise click.ClickException(f"{db}: {exc}") from exc
    except Exception as exc:  # DuckDB lock held by another process, broken worker pool...
        if type(exc).__module__.startswith("duckdb") or "lock" in str(exc).lower():
            raise click.ClickException(f"{db}: cannot write the store ({exc}); is another ingest or a"
                                       " writing server using it?") from exc
        raise
    click.echo(stats.summary(), err=True)
    if stats.rejects:
        click.echo(f"rejected records and their reasons are in the rejects table of {db}"
                   " (origin, reason, record)", err=True)
