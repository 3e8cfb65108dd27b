"""``communique query``: events of a dyad (or any filter) and their monthly summary.

Filtering and the monthly series come from ``communique.analysis`` so the command, the HTTP
API and the report agree on what "RUS:IND from 2023-01 to 2024-01" means.
"""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from communique.cli import tables
from communique.cli.filter_opts import build_filter, filter_options
from communique.model.text import printable


COLUMNS_NOTE = ("q: quad class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material"
                " conflict); gold: Goldstein score, -10 conflict to +10 cooperation; conf: the coder's"
                " confidence, 0-1; m/s/a: mentions, sources (publishers), articles.")


def _actor(code: str | None, name: str | None) -> str:
    if not code:
        return "-"
    return f"{code} {printable(name)}" if name and name != code else code


def events_table(events: list[dict[str, Any]]) -> Table:
    t = tables.table("date", "source", "target", "event", "q", "gold", "conf", "m/s/a", "evidence")
    for e in events:
        t.add_row(
            e["date"] or "undated", _actor(e["source_code"], e["source_name"]), _actor(e["target_code"], e["target_name"]),
            f"{e['cameo']} {e['cameo_name'] or ''}".strip(), tables.quad(e["quad_class"]), f"{e['goldstein']:+.1f}",
            f"{e['confidence']:.2f}" if e.get("confidence") is not None else "-",
            f"{e['num_mentions']}/{e['num_sources']}/{e['num_articles']}", printable(e.get("evidence")),
        )
    # fixed columns never wrap; names and the event wrap within a bound; the evidence takes the rest
    t.expand = True
    for col in t.columns:
        col.no_wrap = col.header in ("date", "q", "gold", "conf", "m/s/a")
        if col.header in ("gold", "conf", "m/s/a"):
            col.justify = "right"
        if col.header in ("source", "target", "event"):
            col.max_width = 26
            col.ratio = 1
        if col.header == "evidence":
            col.ratio = 3
            col.min_width = 30
    return t


def months_table(series: dict[str, Any]) -> tuple[Table | None, list[str]]:
    """Months with events; how many empty months in the span were left out, and undated events."""
    shown = [m for m in series["months"] if m["total"]]
    notes = []
    hidden = len(series["months"]) - len(shown)
    if hidden:
        notes.append(f"{hidden} month{'s' if hidden != 1 else ''} without events not shown")
    if not shown:
        notes.insert(0, "(no dated events)")
    if series.get("undated"):
        notes.append(f"{series['undated']} undated event(s) not in the monthly summary")
    if not shown:
        return None, notes
    t = tables.table("month", series.get("weight", "events"), "q1", "q2", "q3", "q4", "goldstein")
    for col in t.columns[1:]:
        col.justify = "right"
    for m in shown:
        t.add_row(m["month"], str(m["total"]), *(str(m[f"q{q}"]) for q in (1, 2, 3, 4)),
                  f"{m['goldstein']:+.2f}" if m["goldstein"] is not None else "-")
    return t, notes


EPILOG = """\b
Examples:
  communique query --db events.duckdb --dyad RUS:IND --from 2023-01 --to 2024-01
  communique query --db events.duckdb --dyad RUSGOV:INDGOV --both --sort mentions_desc
  communique query --db events.duckdb --actor UKRMIL --cameo 19 --min-confidence 0.5
  communique query --db events.duckdb --country VEN --json | jq .summary
"""


@click.command(name="query", epilog=EPILOG)
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@filter_options
@click.option("--limit", type=click.IntRange(0, 200), default=50, show_default=True, help="Events to print.")
@click.option("--sort", type=click.Choice(["date_asc", "date_desc", "mentions_desc", "goldstein_asc",
                                           "goldstein_desc"]), default="date_asc", show_default=True)
@click.option("--weight", type=click.Choice(["events", "mentions"]), default="events", show_default=True,
              help="Monthly counts of distinct events or of all their mentions.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def command(db: str, limit: int, sort: str, weight: str, as_json: bool, **filters: Any) -> None:
    """Print the events matching the filters and a monthly summary per quad class."""
    from communique.analysis.queries import dyad_series, search_events
    from communique.cli.stores import open_store

    con = open_store(db)
    try:
        flt = build_filter(con, **filters)
        page = search_events(con, flt, page=1, page_size=max(limit, 1), sort=sort)
        series = dyad_series(con, flt, weight=weight)
    finally:
        con.close()
    events = page["events"][:limit]
    if as_json:
        click.echo(tables.json_text({"total": page["total"], "events": events, "summary": series}))
        return
    total = page["total"]
    click.echo(f"{total} event{'s' if total != 1 else ''}" + (f" (showing {len(events)})" if len(events) < total else ""))
    if events:
        tables.echo(events_table(events))
        click.echo(COLUMNS_NOTE)
    months, notes = months_table(series)
    click.echo("")
    click.echo("monthly summary: events per quad class and mean Goldstein")
    if months is not None:
        tables.echo(months)
    for note in notes:
        click.echo(note)
