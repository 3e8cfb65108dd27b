"""Event filter options shared by ``query`` and ``export``, with one error style.

The command line takes codes (RUS:IND, RUSGOV, 04); a name where a code belongs is refused
with the code it stands for, so scripts stay explicit and a typo does not silently match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import duckdb

from communique.analysis.filters import EventFilter, FilterError
from communique.analysis.names import resolve, resolve_dyad

EXPECTED = {
    "dyad": "SOURCE:TARGET in upper-case CAMEO codes, e.g. RUS:IND or RUSGOV:INDGOV",
    "actor": "an upper-case CAMEO actor code, e.g. RUS or RUSGOV",
    "country": "an ISO3 country code, e.g. IND",
}


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The filter options, in the order --help lists them."""
    opts = [
        click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only events coded with at least this confidence (0-1)."),
        click.option("--to", "date_to", metavar="YYYY-MM[-DD]", help="Last month or day (inclusive: 2024-01 = to Jan 31)."),
        click.option("--from", "date_from", metavar="YYYY-MM[-DD]", help="First month or day (inclusive)."),
        click.option("--cameo", metavar="CODE", help="CAMEO code prefix, e.g. 04 or 042."),
        click.option("--country", metavar="ISO3", help="Events with this country on either side."),
        click.option("--actor", metavar="CODE", help="Events with this actor on either side (prefix: RUS covers RUSGOV)."),
        click.option("--both", "both_directions", is_flag=True, help="Count the dyad in both directions."),
        click.option("--dyad", metavar="SRC:TGT", help="Source and target, e.g. RUS:IND or RUSGOV:INDGOV."),
    ]
    for opt in opts:
        f = opt(f)
    return f


def _suggest(con: duckdb.DuckDBPyConnection | None, field: str, value: str) -> str | None:
    try:
        if field == "dyad":
            return resolve_dyad(con, value)
        return resolve(con, value, field, country_only=field == "country")
    except FilterError:
        return None


def build_filter(con: duckdb.DuckDBPyConnection | None, **kw: Any) -> EventFilter:
    """An EventFilter from the options; a bad value raises click.BadParameter saying what was
    expected and, for a name, which code it means ("russia:india" -> RUS:IND)."""
    for field in ("dyad", "actor", "country"):
        value = kw.get(field)
        if not value:
            continue
        fixed = _suggest(con, field, value)
        if fixed != value:
            hint = f"; did you mean {fixed}?" if fixed else ""
            raise click.BadParameter(f"{value!r} is not {EXPECTED[field]}{hint}", param_hint=f"--{field}")
    try:
        return EventFilter.parse(**kw)
    except FilterError as exc:
        raise click.BadParameter(exc.message, param_hint=f"--{exc.field.replace('_', '-')}") from exc
