"""``communique export``: the store's events as GDELT, ICEWS, JSONL, Parquet, CSV or Stata."""

from __future__ import annotations

import click

from communique.cli.filter_opts import build_filter, filter_options
from communique.export import FORMATS

EPILOG = """\b
Examples:
  communique export --db events.duckdb --format gdelt -o events.gdelt.tsv
  communique export --db events.duckdb --format csv --dyad RUS:IND --both -o rus-ind.csv
  communique export --db events.duckdb --format dta --from 2023-01 --min-confidence 0.5 -o events.dta
  communique export --db events.duckdb --format jsonl -o - | head

\b
Read a CSV export with its codes as text: pandas.read_csv(f, dtype=communique.export.CSV_DTYPES);
or skip the file: communique.load_events("events.duckdb", dyad="RUS:IND").
"""


@click.command(name="export", epilog=EPILOG)
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="gdelt: GDELT 2.0 event table (61 columns, tab-separated, no header); icews: ICEWS-style"
                   " TSV with header; jsonl/parquet/csv/dta (Stata 14+): the deduplicated events with every"
                   " field.")
@click.option("-o", "--output", "out", required=True, metavar="OUT", help="Output file, or - for stdout.")
@filter_options
def command(db: str, fmt: str, out: str, **filters) -> None:
    """Export the events of --db (all of them, or those matching the filters)."""
    import duckdb

    from communique.cli.stores import open_store
    from communique.export import export_con
    from communique.store import open_error

    if fmt in ("parquet", "dta") and out == "-":
        raise click.BadParameter(f"{fmt} is a binary format; give a file name", param_hint="-o")
    con = open_store(db)
    try:
        flt = build_filter(con, **filters)
        result = export_con(con, fmt, out, flt.where())
    except duckdb.Error as exc:
        raise click.ClickException(open_error(db, exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from exc
    finally:
        con.close()
    msg = f"{result.rows} rows written to {out} ({fmt})"
    if result.skipped_undated:
        msg += f"; {result.skipped_undated} undated left out ({fmt} needs a date on every row)"
    if result.skipped_coarse:
        msg += f"; {result.skipped_coarse} dated only to a month or year left out ({fmt} dates are days)"
    click.echo(msg, err=True)
