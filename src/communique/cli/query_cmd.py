"""``communique query``: events of a dyad (or any filter) and their monthly summary.

Filtering and the monthly series come from ``communique.analysis`` so the command, the HTTP
API and the report agree on what "RUS:IND from 2023-01 to 2024-01" means.
"""

from __future__ import annotations

import json
from typing import Any

import click


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actor(code: str | None, name: str | None) -> str:
    if not code:
        return "-"
    return f"{code} {name}" if name and name != code else code


def render_events(events: list[dict[str, Any]], total: int) -> list[str]:
    lines = [f"{total} event{'s' if total != 1 else ''}" + (f" (showing {len(events)})" if len(events) < total else "")]
    if not events:
        return lines
    header = f"{'date':<10}  {'source':<28}  {'target':<28}  {'cameo':<5}  {'name':<32}  {'q':>1}  {'gold':>5}  {'m/s/a':>8}  evidence"
    lines += [header, "-" * len(header)]
    for e in events:
        counts = f"{e['num_mentions']}/{e['num_sources']}/{e['num_articles']}"
        lines.append(
            f"{e['date'] or 'undated':<10}  {_clip(_actor(e['source_code'], e['source_name']), 28):<28}  "
            f"{_clip(_actor(e['target_code'], e['target_name']), 28):<28}  {e['cameo']:<5}  "
            f"{_clip(e['cameo_name'], 32):<32}  {e['quad_class']:>1}  {e['goldstein']:>5.1f}  {counts:>8}  "
            f"{_clip(e.get('evidence'), 80)}"
        )
    return lines


def render_months(series: dict[str, Any]) -> list[str]:
    months = series["months"]
    lines = ["", "monthly summary (events per quad class: 1 verbal coop, 2 material coop, 3 verbal conflict,"
                 " 4 material conflict; mean Goldstein)"]
    header = f"{'month':<7}  {'events':>6}  {'q1':>4}  {'q2':>4}  {'q3':>4}  {'q4':>4}  {'goldstein':>9}"
    lines += [header, "-" * len(header)]
    for m in months:
        gold = f"{m['goldstein']:>9.2f}" if m["goldstein"] is not None else f"{'-':>9}"
        lines.append(f"{m['month']:<7}  {m['total']:>6}  {m['q1']:>4}  {m['q2']:>4}  {m['q3']:>4}  {m['q4']:>4}  {gold}")
    if not months:
        lines.append("(no dated events)")
    if series.get("undated"):
        lines.append(f"{series['undated']} undated event(s) not in the monthly summary")
    return lines


@click.command(name="query")
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@click.option("--dyad", metavar="SRC:TGT", help="Source and target, e.g. RUS:IND or RUSGOV:INDGOV.")
@click.option("--both", "both_directions", is_flag=True, help="Count the dyad in both directions.")
@click.option("--actor", metavar="CODE", help="Events with this actor on either side.")
@click.option("--cameo", metavar="CODE", help="CAMEO code prefix, e.g. 04 or 042.")
@click.option("--from", "date_from", metavar="YYYY-MM[-DD]", help="First month or day (inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM[-DD]", help="Last month or day (inclusive: 2024-01 = to Jan 31).")
@click.option("--limit", type=click.IntRange(0, 200), default=50, show_default=True, help="Events to print.")
@click.option("--sort", type=click.Choice(["date_asc", "date_desc", "mentions_desc", "goldstein_asc",
                                           "goldstein_desc"]), default="date_asc", show_default=True)
@click.option("--weight", type=click.Choice(["events", "mentions"]), default="events", show_default=True,
              help="Monthly counts of distinct events or of all their mentions.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def command(db: str, dyad: str | None, both_directions: bool, actor: str | None, cameo: str | None,
            date_from: str | None, date_to: str | None, limit: int, sort: str, weight: str, as_json: bool) -> None:
    """Print the events matching the filters and a monthly summary per quad class."""
    from communique.analysis.filters import EventFilter, FilterError
    from communique.analysis.queries import StoreUnavailable, dyad_series, open_readonly, search_events

    try:
        flt = EventFilter.parse(dyad=dyad.upper() if dyad else None, both_directions=both_directions,
                                actor=actor.upper() if actor else None, cameo=cameo,
                                date_from=date_from, date_to=date_to)
    except FilterError as exc:
        raise click.BadParameter(exc.message, param_hint=f"--{exc.field}") from exc
    try:
        con = open_readonly(db)
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        page = search_events(con, flt, page=1, page_size=max(limit, 1), sort=sort)
        series = dyad_series(con, flt, weight=weight)
    finally:
        con.close()
    events = page["events"][:limit]
    if as_json:
        click.echo(json.dumps({"total": page["total"], "events": events, "summary": series}, ensure_ascii=False))
        return
    for line in render_events(events, page["total"]) + render_months(series):
        click.echo(line)
