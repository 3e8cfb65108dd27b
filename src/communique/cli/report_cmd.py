"""``communique report``: a self-contained HTML report with plots for a dyad or the whole store."""

from __future__ import annotations

import click


EPILOG = """\b
Examples:
  communique report --db events.duckdb -o report.html
  communique report --db events.duckdb --dyad RUS:IND --from 2023-01 --to 2024-06 -o rus-ind.html
  communique report --db events.duckdb --dyad RUSGOV:INDGOV --directed --format png -o gov.html
"""


@click.command(name="report", epilog=EPILOG)
@click.option("--db", "db_path", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@click.option("--dyad", metavar="SRC:TGT", help="Dyad such as RUS:IND (country or actor codes).")
@click.option("--directed", is_flag=True, help="Only SRC -> TGT events (default: both directions).")
@click.option("--from", "date_from", metavar="YYYY-MM[-DD]", help="First date (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM[-DD]", help="Last date (inclusive; a month means its end).")
@click.option("--format", "fmt", type=click.Choice(["interactive", "svg", "png"]), default="interactive",
              show_default=True,
              help="interactive: Vega-Lite charts with tooltips, the Vega runtime inlined (about 1 MB, opens"
                   " offline); svg/png: static matplotlib figures.")
@click.option("--top", type=click.IntRange(1, 100), default=15, show_default=True, help="Rows per ranking table.")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
def command(db_path: str, dyad: str | None, directed: bool, date_from: str | None, date_to: str | None,
            fmt: str, top: int, out: str) -> None:
    """Write one HTML file (charts embedded, opens offline) about the whole store, or about
    a dyad first and the whole store around it second."""
    from communique.analysis import FilterError, StoreUnavailable
    from communique.analysis.report import write_report
    from communique.cli.filter_opts import build_filter
    from communique.cli.stores import open_store

    open_store(db_path).close()  # a store it cannot read is an error, an unfinished one a warning
    if dyad:
        build_filter(None, dyad=dyad)  # a name where a code belongs: "did you mean RUS:IND?"
    try:
        path = write_report(out, db_path, dyad=dyad, both_directions=not directed, date_from=date_from,
                            date_to=date_to, fmt=fmt, top=top)
    except FilterError as exc:
        raise click.BadParameter(exc.message, param_hint=f"--{exc.field}") from exc
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from exc
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
