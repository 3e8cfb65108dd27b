"""Matplotlib figures for reports (Agg backend: no display, no network), returned as SVG text
or PNG bytes so they can be embedded in a single HTML file."""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

# One colour per quad class, the same as the web UI uses, so a reader can move between them.
QUAD_COLORS = {1: "#4c9be8", 2: "#1f5fa8", 3: "#f0a04b", 4: "#c8372d"}
QUAD_LABELS = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}


def figure_bytes(fig: Figure, fmt: str = "svg") -> bytes:
    buf = io.BytesIO()
    # A fixed hash salt and no date metadata keep the SVG identical between runs.
    meta = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buf, format=fmt, bbox_inches="tight", dpi=110, metadata=meta)
    plt.close(fig)
    return buf.getvalue()


def dyad_timeline(series: dict[str, Any], title: str) -> Figure:
    """Stacked monthly bars by quad class with the mean Goldstein score on a second axis."""
    plt.rcParams["svg.hashsalt"] = "communique"
    months = [m["month"] for m in series["months"]]
    fig, ax = plt.subplots(figsize=(9, 4))
    x = list(range(len(months)))
    bottom = [0] * len(months)
    # only the classes present: a legend of colours that are not in the chart misleads
    present = [q for q in (1, 2, 3, 4) if any(m[f"q{q}"] for m in series["months"])]
    if len(present) == 1:
        title = f"{title} (all {QUAD_LABELS[present[0]].lower()})"
    for q in present:
        values = [m[f"q{q}"] for m in series["months"]]
        ax.bar(x, values, bottom=bottom, color=QUAD_COLORS[q], label=QUAD_LABELS[q], width=0.8)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("events" if series.get("weight", "events") == "events" else "mentions")
    ax.set_xticks(x)
    step = max(1, math.ceil(len(months) / 18))
    ax.set_xticklabels([m if i % step == 0 else "" for i, m in enumerate(months)], rotation=45, ha="right")
    ax.set_title(title)
    ax2 = ax.twinx()
    gx = [i for i, m in enumerate(series["months"]) if m["goldstein"] is not None]
    gy = [m["goldstein"] for m in series["months"] if m["goldstein"] is not None]
    ax2.plot(gx, gy, color="#222222", marker="o", linewidth=1.5, label="Mean Goldstein")
    ax2.axhline(0, color="#999999", linewidth=0.8, linestyle=":")
    ax2.set_ylim(-10.5, 10.5)
    ax2.set_ylabel("mean Goldstein (-10 conflict … +10 cooperation)")
    if len(present) > 1:
        handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
        labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
        ax.legend(handles, labels, loc="upper left", fontsize=8, frameon=False, ncol=3)
    top = max(bottom, default=0)
    ax.set_ylim(0, max(1, top) * 1.35)
    fig.tight_layout()
    return fig


def _ranked_bars(rows: list[dict[str, Any]], width: int):
    """A horizontal-bar figure sized to the rows, best first from the top, with code+name labels."""
    plt.rcParams["svg.hashsalt"] = "communique"  # stable SVG ids, so reports diff cleanly
    rows = list(reversed(rows))
    fig, ax = plt.subplots(figsize=(8, max(2.0, 0.35 * len(rows) + 1)))
    labels = [f"{r['code']} {r['name'] or ''}"[:width] for r in rows]
    return rows, fig, ax, labels


def cameo_bars(rows: list[dict[str, Any]], title: str) -> Figure:
    """Horizontal bars: events per CAMEO code, coloured by quad class."""
    rows, fig, ax, labels = _ranked_bars(rows, 48)
    ax.barh(labels, [r["events"] for r in rows], color=[QUAD_COLORS.get(r["quad_class"], "#888888") for r in rows])
    ax.set_xlabel("events")
    ax.xaxis.get_major_locator().set_params(integer=True)  # counts: no 0.5 ticks on thin data
    present = sorted({r["quad_class"] for r in rows if r["quad_class"] in QUAD_COLORS})
    if len(present) > 1:
        ax.legend(handles=[Patch(color=QUAD_COLORS[q], label=QUAD_LABELS[q]) for q in present],
                  frameon=False, fontsize=8, loc="lower right")
    elif present:
        title = f"{title} (all {QUAD_LABELS[present[0]].lower()})"
    ax.set_title(title)
    fig.tight_layout()
    return fig


def network_figure(network: dict[str, Any], title: str) -> Figure:
    """Countries on a circle, directed edges as arrows: width by event count, colour by mean
    Goldstein (red conflict, blue cooperation). A circle keeps the layout deterministic."""
    plt.rcParams["svg.hashsalt"] = "communique"
    nodes = network["nodes"]
    fig, ax = plt.subplots(figsize=(7, 7))
    ax.set_axis_off()
    ax.set_title(title)
    if not nodes:
        ax.text(0.5, 0.5, "no country-to-country events", ha="center", va="center")
        return fig
    n = len(nodes)
    pos = {
        node["id"]: (math.cos(2 * math.pi * i / n + math.pi / 2), math.sin(2 * math.pi * i / n + math.pi / 2))
        for i, node in enumerate(nodes)
    }
    max_w = max((e["weight"] for e in network["edges"]), default=1)
    # Neutral is grey rather than white so weak or mixed edges stay visible.
    cmap = LinearSegmentedColormap.from_list("goldstein", ["#c8372d", "#9a9a9a", "#1f5fa8"])
    for e in network["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        g = e["goldstein"] if e["goldstein"] is not None else 0.0
        ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "color": cmap((g + 10) / 20),
                "lw": 0.8 + 4 * e["weight"] / max_w,
                "shrinkA": 14,
                "shrinkB": 14,
                "connectionstyle": "arc3,rad=0.12",
            },
        )
    max_events = max(node["events"] for node in nodes)
    for node in nodes:
        x, y = pos[node["id"]]
        ax.scatter([x], [y], s=300 + 1200 * node["events"] / max_events, color="#f5f5f5", edgecolors="#333333", zorder=3)
        ax.text(x, y, node["id"], ha="center", va="center", fontsize=9, fontweight="bold", zorder=4)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    return fig


def top_actor_bars(rows: list[dict[str, Any]], title: str) -> Figure:
    rows, fig, ax, labels = _ranked_bars(rows, 40)
    ax.barh(labels, [r["as_source"] for r in rows], color="#4c9be8", label="as source")
    ax.barh(labels, [r["as_target"] for r in rows], left=[r["as_source"] for r in rows], color="#f0a04b", label="as target")
    ax.set_xlabel("events")
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig
