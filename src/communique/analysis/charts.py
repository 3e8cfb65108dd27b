"""Vega-Lite specifications for the report's interactive charts (tooltips, hover), as plain
dicts; ``report`` embeds them with the Vega runtime inlined, so the file opens offline.

Thin data gets no empty axes and no one-colour legends: a series of fewer than two months is
said in a sentence instead of drawn (``None``), and a colour legend appears only when at least
two quad classes are present (otherwise the one class is named in the title).
"""

from __future__ import annotations

from typing import Any

from communique.analysis.queries import QUAD_NAMES

QUAD_COLORS = {1: "#4c9be8", 2: "#1f5fa8", 3: "#f0a04b", 4: "#c8372d"}
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only; nothing is fetched
WIDTH = "container"


def _quad_color(present: list[int], field: str = "quad") -> tuple[dict[str, Any], str]:
    """A colour encoding over the quad classes present, and a title suffix when only one is."""
    names = [QUAD_NAMES[q] for q in present]
    enc: dict[str, Any] = {
        "field": field, "type": "nominal", "title": "quad class",
        "scale": {"domain": names, "range": [QUAD_COLORS[q] for q in present]},
        "sort": names,
    }
    if len(present) < 2:
        enc["legend"] = None
        return enc, f" (all {names[0].lower()})" if names else ""
    enc["legend"] = {"orient": "top"}
    return enc, ""


def timeline(series: dict[str, Any], title: str) -> dict[str, Any] | None:
    """Stacked monthly bars per quad class and the mean Goldstein line on its own axis;
    None when fewer than two months have events (a chart would be one bar on empty axes)."""
    months = series["months"]
    if sum(1 for m in months if m["total"]) < 2:
        return None
    present = [q for q in QUAD_NAMES if any(m[f"q{q}"] for m in months)]
    color, suffix = _quad_color(present)
    weight = series.get("weight", "events")
    bars = [{"month": m["month"], "quad": QUAD_NAMES[q], "count": m[f"q{q}"]}
            for m in months for q in present if m[f"q{q}"]]
    gold = [{"month": m["month"], "goldstein": m["goldstein"]} for m in months if m["goldstein"] is not None]
    x = {"field": "month", "type": "ordinal", "title": None, "sort": [m["month"] for m in months],
         "scale": {"domain": [m["month"] for m in months]}, "axis": {"labelAngle": -45}}
    return {
        "$schema": SCHEMA, "title": title + suffix, "width": WIDTH, "height": 280,
        "resolve": {"scale": {"y": "independent"}},
        "layer": [
            {"data": {"values": bars}, "mark": {"type": "bar", "tooltip": True},
             "encoding": {"x": x, "y": {"field": "count", "type": "quantitative", "stack": "zero",
                                        "title": weight, "axis": {"format": "d", "tickMinStep": 1}},
                          "color": color,
                          "tooltip": [{"field": "month"}, {"field": "quad", "title": "quad class"},
                                      {"field": "count", "title": weight, "format": ","}]}},
            {"data": {"values": gold}, "mark": {"type": "line", "point": True, "color": "#222"},
             "encoding": {"x": x, "y": {"field": "goldstein", "type": "quantitative", "title": "mean Goldstein",
                                        "scale": {"domain": [-10, 10]}, "axis": {"orient": "right", "format": "+.0f"}},
                          "tooltip": [{"field": "month"}, {"field": "goldstein", "title": "mean Goldstein", "format": "+.2f"}]}},
        ],
    }


def ranked_bars(rows: list[dict[str, Any]], title: str, label_width: int = 48) -> dict[str, Any] | None:
    """Events per code (CAMEO code or root), coloured by quad class, most first."""
    if not rows:
        return None
    present = sorted({r["quad_class"] for r in rows if r.get("quad_class")})
    color, suffix = _quad_color(present)
    values = [{"label": f"{r['code']} {r.get('name') or ''}".strip()[:label_width], "events": r["events"],
               "quad": QUAD_NAMES.get(r.get("quad_class"), "?"), "goldstein": r.get("goldstein")} for r in rows]
    return {
        "$schema": SCHEMA, "title": title + suffix, "width": WIDTH, "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "events", "type": "quantitative", "axis": {"format": "d", "tickMinStep": 1}},
            "color": color,
            "tooltip": [{"field": "label", "title": "code"}, {"field": "events", "format": ","},
                        {"field": "goldstein", "title": "mean Goldstein", "format": "+.2f"}],
        },
    }


def actor_bars(rows: list[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Events per actor, split into as source and as target (two colours, both always present)."""
    if not rows:
        return None
    values = []
    for r in rows:
        label = f"{r.get('code') or r.get('key')} {r.get('name') or ''}".strip()[:40]
        values.append({"label": label, "role": "as source", "events": r["as_source"], "order": 0})
        values.append({"label": label, "role": "as target", "events": r["as_target"], "order": 1})
    return {
        "$schema": SCHEMA, "title": title, "width": WIDTH, "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "events", "type": "quantitative", "aggregate": "sum", "title": "events",
                  "axis": {"format": "d", "tickMinStep": 1}},
            "color": {"field": "role", "type": "nominal", "title": None, "legend": {"orient": "top"},
                      "scale": {"domain": ["as source", "as target"], "range": ["#4c9be8", "#f0a04b"]}},
            "order": {"field": "order"},
            "tooltip": [{"field": "label", "title": "actor"}, {"field": "role"}, {"field": "events", "format": ","}],
        },
    }
