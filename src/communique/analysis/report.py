"""A self-contained HTML report: summary cards, tables and charts in one file with no external
stylesheet, script or image, so it opens offline and can be mailed.

Charts are interactive Vega-Lite (``fmt="interactive"``, the Vega runtime inlined from the
vendored files in ``analysis/vendor``) or static matplotlib figures (``svg``, ``png``). A dyad
report says which parts are about the dyad and which describe the whole store around it.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from communique.analysis import charts, plots
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

FORMATS = ("interactive", "svg", "png")
VENDOR = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
GOLDSTEIN_KEYS = frozenset({"goldstein"})

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#666;font-size:.9rem} table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem;width:100%}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f6f8fa;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.3rem} figure{margin:1rem 0} figure svg,figure img{max-width:100%;height:auto}
.q1{color:#4c9be8}.q2{color:#1f5fa8}.q3{color:#d9822b}.q4{color:#c8372d}
.vl{width:100%;margin:1rem 0} td.d{white-space:nowrap} .part{background:#eef3f8;border-left:4px solid #1f5fa8;padding:.5rem .8rem;margin:1.5rem 0 0}
"""
_CSS_MIN = re.sub(r"\s+", " ", CSS)


def fmt_value(key: str, v: Any) -> str:
    """One number format per kind everywhere in the report: counts with thousands separators,
    Goldstein signed with two decimals, other fractions with two decimals."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:+.2f}" if key in GOLDSTEIN_KEYS else f"{v:,.2f}"
    return str(v)


class _Figures:
    """Charts of one report: Vega-Lite specs (with their runtime added once at the end) or
    matplotlib figures embedded as SVG or PNG."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.specs: list[dict[str, Any]] = []

    def vega(self, spec: dict[str, Any]) -> str:
        n = len(self.specs)
        self.specs.append(spec)
        # "</" must not close the <script> that holds the JSON
        data = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
        return (f'<div class="vl" id="vl-{n}"></div>'
                f'<script type="application/json" id="vl-spec-{n}">{data}</script>')

    def static(self, fig) -> str:
        data = plots.figure_bytes(fig, self.fmt)
        if self.fmt == "png":
            return f'<figure><img alt="" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}"></figure>'
        svg = data.decode("utf-8")
        # Drop the XML prolog and DOCTYPE: they are not allowed inside an HTML document.
        return "<figure>" + svg[svg.index("<svg"):] + "</figure>"

    def chart(self, spec: dict[str, Any] | None, figure, empty: str) -> str:
        """``spec`` drawn interactively, or ``figure()`` statically; ``empty`` when the data is too thin."""
        if spec is None:
            return f'<p class="meta">{escape(empty)}</p>'
        return self.vega(spec) if self.fmt == "interactive" else self.static(figure())

    def runtime(self) -> str:
        if not self.specs:
            return ""
        vendor = resources.files("communique.analysis").joinpath("vendor")
        libs = "".join(f"<script>{vendor.joinpath(name).read_text(encoding='utf-8')}</script>\n" for name in VENDOR)
        boot = (
            "<script>document.querySelectorAll('script[id^=vl-spec-]').forEach(function(s){"
            "var id=s.id.replace('vl-spec-','vl-');"
            "vegaEmbed('#'+id, JSON.parse(s.textContent), {renderer:'svg', actions:false})"
            ".catch(function(e){document.getElementById(id).textContent='chart failed: '+e;});});</script>"
        )
        return libs + boot


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], numeric: set[str] = frozenset()) -> str:
    if not rows:
        return "<p class=meta>none</p>"
    head = "".join(f"<th>{escape(label)}</th>" for _, label in columns)
    body = []
    for r in rows:
        cells = []
        for key, _ in columns:
            v = r.get(key)
            text = fmt_value(key, v) if key in numeric else ("" if v is None else str(v))
            cls = ' class="n"' if key in numeric else (' class="d"' if key in ("date", "month") else "")
            cells.append(f"<td{cls}>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cards(s: dict[str, Any]) -> str:
    items = [
        ("events", fmt_value("events", s["events"])),
        ("mentions", fmt_value("mentions", s["mentions"])),
        ("articles", fmt_value("articles", s["articles"])),
        ("publishers", fmt_value("sources", s["sources"])),
        ("mean Goldstein", fmt_value("goldstein", s["goldstein"])),
        ("span", f"{s['first_date'] or '–'} … {s['last_date'] or '–'}"),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in items
    ) + "</div>"


MONTH_COLUMNS = ([("month", "month")] + [(f"q{q}", QUAD_NAMES[q]) for q in (1, 2, 3, 4)]
                 + [("total", "total"), ("goldstein", "mean Goldstein")])
MONTH_NUMERIC = {"q1", "q2", "q3", "q4", "total", "goldstein"}
CODE_COLUMNS = [("code", "CAMEO"), ("name", "name"), ("quad_class", "quad"), ("events", "events"),
                ("mentions", "mentions"), ("goldstein", "mean Goldstein")]
CODE_NUMERIC = {"events", "mentions", "goldstein", "quad_class"}


def _series_part(con, flt: EventFilter, figs: _Figures, heading: str, what: str) -> list[str]:
    """Monthly events per quad class with the table of months that have events."""
    series = dyad_series(con, flt)
    parts = [f"<h2>{escape(heading)}</h2>"]
    dated = [m for m in series["months"] if m["total"]]
    parts.append(figs.chart(
        charts.timeline(series, f"{what}: monthly events by quad class"),
        lambda: plots.dyad_timeline(series, f"{what}: monthly events by quad class"),
        f"Only {len(dated)} month has events ({dated[0]['month']}); no time series to draw." if len(dated) == 1
        else "No dated events.",
    ))
    empty = len(series["months"]) - len(dated)
    parts.append(_table(dated, MONTH_COLUMNS, MONTH_NUMERIC))
    notes = []
    if empty:
        notes.append(f"{empty:,} month{'s' if empty != 1 else ''} without events in the span not listed")
    if series["undated"]:
        notes.append(f"{series['undated']:,} matching events have no date and are not plotted")
    if notes:
        parts.append(f'<p class="meta">{escape("; ".join(notes))}.</p>')
    return parts


def _types_part(con, flt: EventFilter, figs: _Figures, heading: str, level: str, top: int) -> list[str]:
    codes = cameo_breakdown(con, flt, level, top)
    what = "CAMEO root" if level == "root" else "CAMEO code"
    parts = [f"<h2>{escape(heading)}</h2>"]
    parts.append(figs.chart(charts.ranked_bars(codes, f"events per {what}"),
                            lambda: plots.cameo_bars(codes, f"events per {what}"), "No events."))
    parts.append(_table(codes, CODE_COLUMNS, CODE_NUMERIC))
    return parts


def build_report(
    db_path: str | Path,
    dyad: str | None = None,
    both_directions: bool = True,
    date_from: str | None = None,
    date_to: str | None = None,
    fmt: str = "interactive",
    top: int = 15,
) -> str:
    """The report as an HTML string. Always: the whole store over the dates (monthly series,
    event types, country network, top actors). With a dyad, first a part about the dyad only:
    its series, event types, actors and most reported events with their evidence."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}")
    base = EventFilter.parse(date_from=date_from, date_to=date_to)
    flt = EventFilter.parse(dyad=dyad, both_directions=both_directions, date_from=date_from, date_to=date_to) if dyad else base
    figs = _Figures(fmt)
    con = open_readonly(db_path)
    try:
        parts: list[str] = []
        title = f"Dyad report: {flt.describe()}" if dyad else f"Event report: {base.describe()}"
        parts.append(f"<h1>{escape(title)}</h1>")
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f'<p class="meta">store {escape(Path(db_path).name)} · generated {generated} by communique</p>')
        if dyad:
            name = flt.describe()
            parts.append(f'<p class="part">Part 1, the dyad {escape(name)}: every number and chart here counts'
                         " only events between the two sides.</p>")
            parts.append(_cards(summary(con, flt)))
            parts += _series_part(con, flt, figs, f"Dyad {name}: events per month", f"Dyad {name}")
            parts += _types_part(con, flt, figs, f"Dyad {name}: event types", "cameo", top)
            parts.append(f"<h2>Dyad {escape(name)}: actors</h2>")
            parts.append(
                _table(top_actors(con, flt, "code", "any", top),
                       [("code", "code"), ("name", "name"), ("events", "events"), ("as_source", "as source"),
                        ("as_target", "as target"), ("mentions", "mentions"), ("goldstein", "mean Goldstein")],
                       {"events", "as_source", "as_target", "mentions", "goldstein"})
            )
            parts.append(f"<h2>Dyad {escape(name)}: most reported events</h2>")
            events = search_events(con, flt, 1, min(top, 50), "mentions_desc")["events"]
            parts.append(
                _table(events,
                       [("date", "date"), ("source_code", "source"), ("target_code", "target"), ("cameo", "CAMEO"),
                        ("cameo_name", "name"), ("goldstein", "Goldstein"), ("num_mentions", "mentions"),
                        ("confidence", "confidence"), ("evidence", "evidence")],
                       {"goldstein", "num_mentions", "confidence"})
            )
            parts.append('<p class="part">Part 2, the whole store over the same dates, as context: these'
                         " sections count every event, not only the dyad's.</p>")
        prefix = "Whole store: " if dyad else ""
        if not dyad:
            parts.append(_cards(summary(con, base)))
        parts += _series_part(con, base, figs, f"{prefix}events per month", "All events")
        parts += _types_part(con, base, figs, f"{prefix}event types", "root", top)
        net = country_network(con, base, 1, 60)
        parts.append(f"<h2>{prefix}country network</h2>")
        # a force layout needs a browser library; the static drawing serves every format
        net_figs = figs if fmt != "interactive" else _Figures("svg")
        parts.append(net_figs.static(plots.network_figure(net, "directed events between countries")))
        parts.append(
            _table(net["edges"][:top],
                   [("source", "from"), ("target", "to"), ("weight", "events"), ("mentions", "mentions"),
                    ("goldstein", "mean Goldstein"), ("q1", "q1"), ("q2", "q2"), ("q3", "q3"), ("q4", "q4")],
                   {"weight", "mentions", "goldstein", "q1", "q2", "q3", "q4"})
        )
        actors = top_actors(con, base, "code", "any", top)
        parts.append(f"<h2>{prefix}top actors</h2>")
        parts.append(figs.chart(charts.actor_bars(actors, "events per actor code"),
                                lambda: plots.top_actor_bars(actors, "events per actor code"), "No actors."))
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
        f"<body>\n{body}\n{figs.runtime()}</body></html>\n"
    )


def write_report(out_path: str | Path, db_path: str | Path, **kwargs: Any) -> Path:
    html = build_report(db_path, **kwargs)
    out = Path(out_path)
    out.write_text(html, encoding="utf-8")
    return out
