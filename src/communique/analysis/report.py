"""A self-contained HTML report: summary tables and matplotlib plots embedded inline (SVG,
or base64 PNG), with no external stylesheet, script or image, so it opens offline and can be
mailed as one file."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

from communique.analysis import plots
from communique.analysis.filters import EventFilter
from communique.analysis.queries import (
    QUAD_NAMES,
    cameo_breakdown,
    country_network,
    dyad_series,
    open_readonly,
    search_events,
    summary,
    top_actors,
)

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#666;font-size:.9rem} table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem;width:100%}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f6f8fa;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.3rem} figure{margin:1rem 0} figure svg,figure img{max-width:100%;height:auto}
.q1{color:#4c9be8}.q2{color:#1f5fa8}.q3{color:#d9822b}.q4{color:#c8372d}
"""
_CSS_MIN = re.sub(r"\s+", " ", CSS)


def _embed(fig, fmt: str) -> str:
    data = plots.figure_bytes(fig, fmt)
    if fmt == "png":
        return f'<img alt="" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">'
    svg = data.decode("utf-8")
    # Drop the XML prolog and DOCTYPE: they are not allowed inside an HTML document.
    return svg[svg.index("<svg"):]


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], numeric: set[str] = frozenset()) -> str:
    if not rows:
        return "<p class=meta>none</p>"
    head = "".join(f"<th>{escape(label)}</th>" for _, label in columns)
    body = []
    for r in rows:
        cells = []
        for key, _ in columns:
            v = r.get(key)
            text = "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
            cls = ' class="n"' if key in numeric else ""
            cells.append(f"<td{cls}>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cards(s: dict[str, Any]) -> str:
    items = [
        ("events", s["events"]),
        ("mentions", s["mentions"]),
        ("articles", s["articles"]),
        ("publishers", s["sources"]),
        ("mean Goldstein", s["goldstein"] if s["goldstein"] is not None else "–"),
        ("span", f"{s['first_date'] or '–'} … {s['last_date'] or '–'}"),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in items
    ) + "</div>"


def build_report(
    db_path: str | Path,
    dyad: str | None = None,
    both_directions: bool = True,
    date_from: str | None = None,
    date_to: str | None = None,
    fmt: str = "svg",
    top: int = 15,
) -> str:
    """The report as an HTML string. With a dyad: its monthly series, event types, actors and
    the most reported events with their evidence; always: the store's country network and
    top actors over the same dates."""
    if fmt not in ("svg", "png"):
        raise ValueError("fmt must be svg or png")
    base = EventFilter.parse(date_from=date_from, date_to=date_to)
    flt = EventFilter.parse(dyad=dyad, both_directions=both_directions, date_from=date_from, date_to=date_to) if dyad else base
    con = open_readonly(db_path)
    try:
        parts: list[str] = []
        title = f"Dyad report: {flt.describe()}" if dyad else f"Event report: {base.describe()}"
        parts.append(f"<h1>{escape(title)}</h1>")
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f'<p class="meta">store {escape(Path(db_path).name)} · generated {generated} by communique</p>')
        parts.append(_cards(summary(con, flt)))
        if dyad:
            series = dyad_series(con, flt)
            parts.append("<h2>Monthly events by quad class</h2>")
            parts.append(f"<figure>{_embed(plots.dyad_timeline(series, flt.describe()), fmt)}</figure>")
            parts.append(
                _table(
                    series["months"],
                    [("month", "month")] + [(f"q{q}", QUAD_NAMES[q]) for q in (1, 2, 3, 4)]
                    + [("total", "total"), ("goldstein", "mean Goldstein")],
                    {"q1", "q2", "q3", "q4", "total", "goldstein"},
                )
            )
            if series["undated"]:
                parts.append(f'<p class="meta">{series["undated"]} matching events have no date and are not plotted.</p>')
            codes = cameo_breakdown(con, flt, "cameo", top)
            parts.append("<h2>Event types</h2>")
            if codes:
                parts.append(f"<figure>{_embed(plots.cameo_bars(codes, 'events per CAMEO code'), fmt)}</figure>")
            parts.append(
                _table(codes, [("code", "CAMEO"), ("name", "name"), ("quad_class", "quad"), ("events", "events"),
                               ("mentions", "mentions"), ("goldstein", "mean Goldstein")],
                       {"events", "mentions", "goldstein", "quad_class"})
            )
            parts.append("<h2>Actors in the dyad</h2>")
            parts.append(
                _table(top_actors(con, flt, "code", "any", top),
                       [("code", "code"), ("name", "name"), ("events", "events"), ("as_source", "as source"),
                        ("as_target", "as target"), ("mentions", "mentions"), ("goldstein", "mean Goldstein")],
                       {"events", "as_source", "as_target", "mentions", "goldstein"})
            )
            parts.append("<h2>Most reported events</h2>")
            events = search_events(con, flt, 1, min(top, 50), "mentions_desc")["events"]
            parts.append(
                _table(events,
                       [("date", "date"), ("source_code", "source"), ("target_code", "target"), ("cameo", "CAMEO"),
                        ("cameo_name", "name"), ("goldstein", "Goldstein"), ("num_mentions", "mentions"),
                        ("evidence", "evidence")],
                       {"goldstein", "num_mentions"})
            )
        net = country_network(con, base, 1, 60)
        parts.append("<h2>Country network</h2>")
        parts.append(f"<figure>{_embed(plots.network_figure(net, 'directed events between countries'), fmt)}</figure>")
        parts.append(
            _table(net["edges"][:top],
                   [("source", "from"), ("target", "to"), ("weight", "events"), ("mentions", "mentions"),
                    ("goldstein", "mean Goldstein"), ("q1", "q1"), ("q2", "q2"), ("q3", "q3"), ("q4", "q4")],
                   {"weight", "mentions", "goldstein", "q1", "q2", "q3", "q4"})
        )
        actors = top_actors(con, base, "code", "any", top)
        parts.append("<h2>Top actors</h2>")
        if actors:
            parts.append(f"<figure>{_embed(plots.top_actor_bars(actors, 'events per actor code'), fmt)}</figure>")
        parts.append(
            _table(actors, [("code", "code"), ("name", "name"), ("country", "country"), ("events", "events"),
                            ("mentions", "mentions"), ("goldstein", "mean Goldstein")],
                   {"events", "mentions", "goldstein"})
        )
    finally:
        con.close()
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_CSS_MIN}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def write_report(out_path: str | Path, db_path: str | Path, **kwargs: Any) -> Path:
    html = build_report(db_path, **kwargs)
    out = Path(out_path)
    out.write_text(html, encoding="utf-8")
    return out
