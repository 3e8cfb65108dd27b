"""``communique export``: the store's events as GDELT, ICEWS, JSONL, Parquet or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from communique.export import FORMATS


@click.command(name="export")
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="gdelt: GDELT 2.0 event table (61 columns, tab-separated, no header); icews: ICEWS-style"
                   " TSV with header; jsonl/parquet/csv: the deduplicated events.")
@click.option("-o", "--output", "out", required=True, metavar="OUT", help="Output file, or - for stdout.")
def command(db: str, fmt: str, out: str) -> None:
    """Export the events of --db."""
    import duckdb

    from communique.export import export

    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such store; create it with `communique ingest ... --db {db}`")
    if fmt == "parquet" and out == "-":
        raise click.BadParameter("parquet is a binary format; give a file name", param_hint="-o")
    try:
        result = export(db, fmt, out)
    except duckdb.Error as exc:
        raise click.ClickException(f"{db}: {exc}") from exc
    msg = f"{result.rows} rows written to {out} ({fmt})"
    if result.skipped_undated:
        msg += f"; {result.skipped_undated} undated left out ({fmt} needs a date on every row)"
    if result.skipped_coarse:
        msg += f"; {result.skipped_coarse} dated only to a month or year left out ({fmt} dates are days)"
    click.echo(msg, err=True)
