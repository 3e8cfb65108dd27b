"""Read-only queries over the store: event search, articles, dyad series, networks, top actors.

Functions take an open DuckDB connection and an EventFilter and return plain JSON-ready
dicts, so the HTTP API, the report and tests all see the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from communique.analysis.filters import EventFilter
from communique.store import StoreError, check_whole, open_error

MAX_PAGE_SIZE = 200
MAX_PAGE = 10_000
MAX_LIMIT = 500
MAX_MAP_POINTS = 5000
QUADS = (1, 2, 3, 4)
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}

# Sort keys are an allow-list mapped to fixed SQL, so no user text reaches ORDER BY.
SORTS = {
    "date_desc": "e.date DESC NULLS LAST, e.num_mentions DESC, e.id",
    "date_asc": "e.date ASC NULLS LAST, e.num_mentions DESC, e.id",
    "mentions_desc": "e.num_mentions DESC, e.date DESC NULLS LAST, e.id",
    "goldstein_asc": "e.goldstein ASC, e.date DESC NULLS LAST, e.id",
    "goldstein_desc": "e.goldstein DESC, e.date DESC NULLS LAST, e.id",
}
ACTOR_KEYS = {"code": "code", "country": "country", "name": "name"}
WEIGHTS = {"events": "1", "mentions": "coalesce(e.num_mentions, 1)"}

EVENT_COLUMNS = (
    "e.id, e.source_code, e.source_name, e.source_country, e.target_code, e.target_name,"
    " e.target_country, e.cameo, e.root, e.cameo_name, e.plover, e.plover_mode, e.quad_class,"
    " e.goldstein, e.date, e.date_precision, e.location_name, e.location_country, e.lat, e.lon, e.num_mentions,"
    " e.num_sources, e.num_articles, e.first_article_id, e.first_url, e.confidence"
)


class StoreUnavailable(RuntimeError):
    """The database file is missing, locked by a writer, or not a communique store."""


def open_readonly(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store at ``path``; StoreUnavailable saying what the file
    is and what to do when it is missing, a directory, not a DuckDB file, locked or truncated."""
    p = Path(path)
    if not p.is_file():
        raise StoreUnavailable(open_error(p))
    try:
        con = duckdb.connect(str(p), read_only=True)
    except duckdb.Error as exc:
        raise StoreUnavailable(open_error(p, exc)) from exc
    try:
        check_whole(con, p)
    except StoreError as exc:
        con.close()
        raise StoreUnavailable(str(exc)) from exc
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = {"articles", "mentions", "events", "actors", "quotes"} - tables
    if missing:
        con.close()
        raise StoreUnavailable(f"{p}: not a communique store (missing tables: {', '.join(sorted(missing))})")
    return con


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{n: _jsonable(v) for n, v in zip(names, row)} for row in cur.fetchall()]


def search_events(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter,
    page: int = 1,
    page_size: int = 50,
    sort: str = "date_desc",
) -> dict[str, Any]:
    """One page of deduplicated events, each with the evidence sentence of its first mention."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be 1-{MAX_PAGE_SIZE}")
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page must be 1-{MAX_PAGE}")
    order = SORTS[sort]
    where, params = flt.where()
    total = con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    cur = con.execute(
        f"""
        SELECT {EVENT_COLUMNS},
               m.evidence, m.article_id, m.trigger_text, m.trigger_start, m.trigger_end,
               m.modality, m.negated, m.rule, m.date_text,
               m.confidence AS mention_confidence
        FROM (SELECT * FROM events e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) e
        LEFT JOIN LATERAL (
            SELECT * FROM mentions m WHERE m.event_id = e.id
            ORDER BY (m.article_id = e.first_article_id) DESC, m.confidence DESC, m.id
            LIMIT 1
        ) m ON TRUE
        ORDER BY {order}
        """,
        params + [page_size, (page - 1) * page_size],
    )
    return {"total": int(total), "page": page, "page_size": page_size, "sort": sort, "events": _rows(cur)}


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article with its text, event mentions, actor mentions and quotes (char offsets into text)."""
    cur = con.execute(
        "SELECT id, title, date, source, url, origin, text, n_sentences, n_words, n_events"
        " FROM articles WHERE id = ?",
        [article_id],
    )
    rows = _rows(cur)
    if not rows:
        return None
    art = rows[0]
    art["mentions"] = _rows(
        con.execute(
            "SELECT * FROM mentions WHERE article_id = ? ORDER BY sentence, trigger_start, id", [article_id]
        )
    )
    art["actors"] = _rows(
        con.execute(
            "SELECT sentence, start_char AS start, end_char AS \"end\", text, name, code, country,"
            " sectors, kb_id, how FROM actors WHERE article_id = ? ORDER BY start_char, end_char",
            [article_id],
        )
    )
    art["quotes"] = _rows(
        con.execute(
            "SELECT sentence, start_char AS start, end_char AS \"end\", text, kind, speaker_text,"
            " speaker_code, speaker_name FROM quotes WHERE article_id = ? ORDER BY start_char",
            [article_id],
        )
    )
    return art


def _months(first: date, last: date) -> list[str]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def dyad_series(con: duckdb.DuckDBPyConnection, flt: EventFilter, weight: str = "events") -> dict[str, Any]:
    """Monthly counts per quad class and mean Goldstein for the events matching ``flt``.

    Months without events inside the span (or inside the filter's date range) are present
    with zero counts and a null Goldstein, so charts keep a true time axis.
    ``weight="mentions"`` counts every mention (GDELT NumMentions) instead of distinct events.
    """
    w = WEIGHTS[weight]
    where, params = flt.where()
    cur = con.execute(
        f"""
        SELECT strftime(e.date, '%Y-%m') AS month,
               {", ".join(f"sum(CASE WHEN e.quad_class = {q} THEN {w} ELSE 0 END) AS q{q}" for q in QUADS)},
               sum({w}) AS total,
               sum(e.goldstein * {w}) / sum({w}) AS goldstein
        FROM events e
        WHERE {where} AND e.date IS NOT NULL
        GROUP BY month ORDER BY month
        """,
        params,
    )
    by_month = {r["month"]: r for r in _rows(cur)}
    undated = con.execute(f"SELECT count(*) FROM events e WHERE {where} AND e.date IS NULL", params).fetchone()[0]
    months: list[str] = []
    if by_month or (flt.date_from and flt.date_to):
        keys = sorted(by_month)
        first = flt.date_from or date.fromisoformat(keys[0] + "-01")
        last = flt.date_to or date.fromisoformat(keys[-1] + "-01")
        months = _months(first, last)
    series = []
    for month in months:
        r = by_month.get(month)
        series.append(
            {
                "month": month,
                **{f"q{q}": int(r[f"q{q}"]) if r else 0 for q in QUADS},
                "total": int(r["total"]) if r else 0,
                "goldstein": round(float(r["goldstein"]), 3) if r and r["goldstein"] is not None else None,
            }
        )
    return {
        "dyad": ":".join(flt.dyad) if flt.dyad else None,
        "both_directions": flt.both_directions,
        "weight": weight,
        "months": series,
        "undated": int(undated),
        "quad_names": {f"q{q}": n for q, n in QUAD_NAMES.items()},
    }


def country_network(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, min_weight: int = 1, limit: int = 100
) -> dict[str, Any]:
    """Directed country-to-country edges weighted by event count, with mean Goldstein and
    counts per quad class; nodes are the countries on the kept edges."""
    return _network(con, flt, "country", min_weight, limit)


def actor_network(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, min_weight: int = 1, limit: int = 100
) -> dict[str, Any]:
    """As ``country_network`` between actor codes (RUSGOV, INDGOV, UKRMIL...), with each
    code's most frequent name on its node."""
    graph = _network(con, flt, "code", min_weight, limit)
    # each code's commonest name; ties go to the first name alphabetically, so the same store
    # always labels a node the same way (mode() picks any of the tied names)
    # (only for the codes on the graph: the store may hold many more)
    names: dict[str, str] = {}
    codes = [n["id"] for n in graph["nodes"]]
    rows = con.execute(
        "SELECT code, name FROM (SELECT source_code AS code, source_name AS name FROM events"
        " UNION ALL SELECT target_code, target_name FROM events)"
        " WHERE name IS NOT NULL AND list_contains(?, code)"
        " GROUP BY code, name ORDER BY code, count(*) DESC, name", [codes]
    ).fetchall() if codes else []
    for code, name in rows:
        names.setdefault(code, name)
    for n in graph["nodes"]:
        n["name"] = names.get(n["id"])
    return graph


def _network(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, level: Literal["country", "code"],
    min_weight: int, limit: int,
) -> dict[str, Any]:
    """Directed edges between the events' source_<level> and target_<level> (self-loops left
    out) and the nodes they join."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1-{MAX_LIMIT}")
    where, params = flt.where()
    source, target = f"e.source_{level}", f"e.target_{level}"
    cur = con.execute(
        f"""
        SELECT {source} AS source, {target} AS target,
               count(*) AS weight, sum(coalesce(e.num_mentions, 1)) AS mentions,
               round(avg(e.goldstein), 3) AS goldstein,
               {", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in QUADS)}
        FROM events e
        WHERE {where} AND {source} IS NOT NULL AND {target} IS NOT NULL
              AND {source} <> {target}
        GROUP BY 1, 2 HAVING count(*) >= ?
        ORDER BY weight DESC, source, target
        LIMIT ?
        """,
        params + [min_weight, limit],
    )
    return _graph(_rows(cur))


def _graph(edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes (with events in and out and degree) of directed weighted edges."""
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for end, role in ((e["source"], "out"), (e["target"], "in")):
            n = nodes.setdefault(end, {"id": end, "events": 0, "out": 0, "in": 0, "degree": 0})
            n["events"] += e["weight"]
            n[role] += e["weight"]
            n["degree"] += 1
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])), "edges": edges}


def map_points(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 2000) -> dict[str, Any]:
    """Event locations for a map: one point per coordinate pair (rounded as the ``place``
    filter rounds, so a click lists exactly the point's events) with its commonest place name,
    its event count per quad class and the quad class most of its events have."""
    if not 1 <= limit <= MAX_MAP_POINTS:
        raise ValueError(f"limit must be 1-{MAX_MAP_POINTS}")
    where, params = flt.where()
    cur = con.execute(
        f"""
        SELECT mode(e.location_name) AS name, mode(e.location_country) AS country,
               round(e.lat, 4) AS lat, round(e.lon, 4) AS lon, count(*) AS events,
               {", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in QUADS)},
               round(avg(e.goldstein), 3) AS goldstein
        FROM events e
        WHERE {where} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
        GROUP BY 3, 4 ORDER BY events DESC, name, lat, lon LIMIT ?
        """,
        params + [limit],
    )
    points = _rows(cur)
    for p in points:
        # ties go to the more conflictual class, the one an analyst should not miss
        p["quad_class"] = max(QUADS, key=lambda q: (p[f"q{q}"], q))
    unplaced = con.execute(
        f"SELECT count(*) FROM events e WHERE {where} AND (e.lat IS NULL OR e.lon IS NULL)", params
    ).fetchone()[0]
    return {"points": points, "unplaced": int(unplaced), "quad_names": {str(q): n for q, n in QUAD_NAMES.items()}}


def country_counts(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, by: str = "location"
) -> list[dict[str, Any]]:
    """Events per country for a choropleth: where they happened (``location``) or the
    countries taking part on either side (``actor``)."""
    where, params = flt.where()
    if by == "location":
        sql = (f"SELECT e.location_country AS country, count(*) AS events, round(avg(e.goldstein), 3) AS goldstein"
               f" FROM events e WHERE {where} AND e.location_country IS NOT NULL GROUP BY 1")
        args = params
    elif by == "actor":
        sql = (f"SELECT country, count(DISTINCT id) AS events, round(avg(g), 3) AS goldstein FROM ("
               f" SELECT e.id, e.source_country AS country, e.goldstein AS g FROM events e WHERE {where}"
               f" UNION ALL SELECT e.id, e.target_country, e.goldstein FROM events e WHERE {where})"
               f" WHERE country IS NOT NULL GROUP BY 1")
        args = params + params
    else:
        raise ValueError(f"unknown country count {by!r}")
    return _rows(con.execute(sql + " ORDER BY events DESC, country", args))


def top_actors(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, by: str = "code", role: str = "any", limit: int = 20
) -> list[dict[str, Any]]:
    """Actors ranked by the number of events they take part in (as source, target or either)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1-{MAX_LIMIT}")
    key = ACTOR_KEYS[by]
    roles = {"any": ("source", "target"), "source": ("source",), "target": ("target",)}[role]
    where, params = flt.where()
    sides = []
    side_params: list[Any] = []
    for r in roles:
        sides.append(
            f"SELECT e.{r}_code AS code, e.{r}_name AS name, e.{r}_country AS country, '{r}' AS role,"
            f" coalesce(e.num_mentions, 1) AS n, e.goldstein AS g FROM events e"
            f" WHERE {where} AND e.{r}_code IS NOT NULL"
        )
        side_params += params
    cur = con.execute(
        f"""
        WITH sides AS ({" UNION ALL ".join(sides)})
        SELECT {key} AS key, {"NULL" if by == "country" else "mode(code)"} AS code,
               {"NULL" if by == "country" else "mode(name)"} AS name, mode(country) AS country,
               count(*) AS events, sum(n) AS mentions,
               count(*) FILTER (WHERE role = 'source') AS as_source,
               count(*) FILTER (WHERE role = 'target') AS as_target,
               round(avg(g), 3) AS goldstein
        FROM sides WHERE {key} IS NOT NULL
        GROUP BY {key} ORDER BY events DESC, mentions DESC, key LIMIT ?
        """,
        side_params + [limit],
    )
    return _rows(cur)


def cameo_breakdown(con: duckdb.DuckDBPyConnection, flt: EventFilter, level: str = "cameo", limit: int = 20) -> list[dict[str, Any]]:
    """Event counts per CAMEO code (or root), most frequent first."""
    col = {"cameo": "e.cameo", "root": "e.root"}[level]
    where, params = flt.where()
    cur = con.execute(
        f"""
        SELECT {col} AS code, mode(e.cameo_name) AS name, mode(e.quad_class) AS quad_class,
               count(*) AS events, sum(coalesce(e.num_mentions, 1)) AS mentions,
               round(avg(e.goldstein), 3) AS goldstein
        FROM events e WHERE {where}
        GROUP BY 1 ORDER BY events DESC, code LIMIT ?
        """,
        params + [limit],
    )
    return _rows(cur)


def summary(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> dict[str, Any]:
    """Totals for the matching events: events, mentions, articles, sources, date span."""
    where, params = flt.where()
    row = _rows(
        con.execute(
            f"""
            SELECT count(*) AS events, coalesce(sum(e.num_mentions), 0) AS mentions,
                   min(e.date) AS first_date, max(e.date) AS last_date,
                   round(avg(e.goldstein), 3) AS goldstein
            FROM events e WHERE {where}
            """,
            params,
        )
    )[0]
    row["articles"] = con.execute(
        f"SELECT count(DISTINCT m.article_id) FROM mentions m JOIN events e ON m.event_id = e.id WHERE {where}",
        params,
    ).fetchone()[0]
    row["sources"] = con.execute(
        f"SELECT count(DISTINCT a.source) FROM mentions m JOIN events e ON m.event_id = e.id"
        f" JOIN articles a ON a.id = m.article_id WHERE {where}",
        params,
    ).fetchone()[0]
    return row


def store_stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Sizes of the store's tables and the event date span, for the UI header."""
    out: dict[str, Any] = {}
    for table in ("articles", "mentions", "events", "actors", "quotes"):
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    first, last = con.execute("SELECT min(date), max(date) FROM events").fetchone()
    out["first_date"] = _jsonable(first)
    out["last_date"] = _jsonable(last)
    return out
