"""Names where filters want codes: "Venezuela", "venezuela" and "VEN" all mean VEN, and
"Putin" means the code his events carry (RUSGOV).

Analysts know countries and people by name; the store keys them by CAMEO code. A value that
is already a code passes through untouched. Otherwise it is looked up, in order, as an ISO3
code in any case, a country name or alias (the actor tables the coder itself uses), the name
of an actor in the store's events (the code the coder actually assigned), and last a name
the knowledge base knows (a person's latest role: Putin -> RUSGOV).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import duckdb

from communique.analysis.filters import ACTOR_CODE_PATTERN, EventFilter, FilterError
from communique.model import ActorCode

_CODE_RE = re.compile(ACTOR_CODE_PATTERN)
MAX_NAME = 80
# Letters of any script, digits, and what names contain: "Côte d'Ivoire", "U.S.", "Al-Shabaab".
NAME_PATTERN = r"^[\w .,'’()&-]{1,80}$"
DYAD_NAME_PATTERN = r"^[\w .,'’()&-]{1,80}:[\w .,'’()&-]{1,80}$"
_NAME_RE = re.compile(NAME_PATTERN)

# The store's actors, one row per code and name with its number of events.
_ACTOR_NAMES_SQL = """
SELECT code, name, country, count(*) AS events FROM (
    SELECT source_code AS code, source_name AS name, source_country AS country FROM events
    UNION ALL
    SELECT target_code, target_name, target_country FROM events
) WHERE code IS NOT NULL
GROUP BY code, name, country
"""


def _tables():  # noqa: ANN202
    # Imported on first use, not for a cycle: the actors package loads spaCy when imported,
    # which the web server and `communique query` must not pay for at start.
    from communique.actors import tables

    return tables


def _kb_code(name: str) -> str | None:
    """The code the knowledge base gives a name: a person's most recent role (Putin ->
    RUSGOV), an organisation's code, a country's ISO3. Asked only when the store's own names
    do not know it, since loading the knowledge base takes seconds."""
    from communique.actors.kb import KnowledgeBase  # on first use, as _tables()

    entry = KnowledgeBase.load().names.get(name)
    if entry is None:
        return None
    if entry.person is not None:
        role = entry.person.role_at(None)
        return (role.country + role.sector) if role else None
    if entry.candidates:  # a name several people share: no one code
        return None
    return entry.code or ((entry.country or "") + "".join(entry.sectors)) or None


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased country name or alias -> ISO3, from the coder's own country tables."""
    tables = _tables()
    out: dict[str, str] = {}
    countries = tables.load_countries()
    for iso3, aliases in tables.load_country_aliases().items():
        for a in aliases:
            out.setdefault(a.lower(), iso3)
    for c in countries.values():  # the official name wins over an alias that shares it
        out[c.name.lower()] = c.iso3
    return out


@lru_cache(maxsize=1)
def country_labels() -> dict[str, str]:
    """ISO3 -> country name."""
    return {c.iso3: c.name for c in _tables().load_countries().values()}


def _store_actor(con: duckdb.DuckDBPyConnection, low: str) -> str | None:
    """The code most events carry for actors whose name is ``low`` or contains it as a word."""
    row = con.execute(
        f"""
        WITH names AS ({_ACTOR_NAMES_SQL})
        SELECT code FROM names
        WHERE lower(name) = ? OR regexp_matches(lower(name), ?)
        GROUP BY code ORDER BY (max(CASE WHEN lower(name) = ? THEN 1 ELSE 0 END)) DESC,
                 sum(events) DESC, code LIMIT 1
        """,
        [low, r"\b" + re.escape(low) + r"\b", low],
    ).fetchone()
    return row[0] if row else None


def resolve(con: duckdb.DuckDBPyConnection | None, value: str | None, field: str,
            country_only: bool = False) -> str | None:
    """The code a filter value stands for; raises FilterError naming ``field`` when the value
    is neither a code nor a name anyone knows."""
    if value is None:
        return None
    v = " ".join(value.split())
    if not v:
        return None
    if _CODE_RE.match(v) and (not country_only or len(v) == 3):
        return v
    if len(v) > MAX_NAME or not _NAME_RE.match(v):
        raise FilterError(field, f"{value!r} is neither a code like RUS or RUSGOV nor a name")
    upper = v.upper()
    if upper in country_labels():
        return upper
    low = v.lower()
    iso3 = country_names().get(low) or country_names().get(low.removeprefix("the "))
    if iso3:
        return iso3
    code = (_store_actor(con, low) if con is not None else None) or _kb_code(v)
    if code and country_only:
        root = ActorCode.parse(code).root
        code = root if root in country_labels() else None
    if code:
        return code
    what = "a country" if country_only else "a country or actor"
    raise FilterError(field, f"{value!r} is not {what} that this store or the knowledge base knows; give a"
                             f" code like {'IND' if country_only else 'RUS or RUSGOV'} or a name like India")


def resolve_dyad(con: duckdb.DuckDBPyConnection | None, value: str | None, field: str = "dyad") -> str | None:
    """"russia:india" -> "RUS:IND"."""
    if value is None or not value.strip():
        return None
    parts = value.split(":")
    if len(parts) != 2:
        raise FilterError(field, f"{value!r} is not a dyad like RUS:IND (SOURCE:TARGET)")
    a, b = (resolve(con, p, field) for p in parts)
    return f"{a}:{b}"


def parse_filter(con: duckdb.DuckDBPyConnection | None, **raw: Any) -> EventFilter:
    """``EventFilter.parse`` after turning names in the actor, source, target, country and
    dyad fields into codes."""
    for field in ("actor", "source", "target"):
        raw[field] = resolve(con, raw.get(field), field)
    raw["country"] = resolve(con, raw.get("country"), "country", country_only=True)
    raw["dyad"] = resolve_dyad(con, raw.get("dyad"))
    return EventFilter.parse(**raw)


def suggest(con: duckdb.DuckDBPyConnection, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Countries and store actors whose code or name starts with (or has a word starting with)
    ``text``, those with the most events first: what a filter box offers while typing."""
    v = " ".join(text.split()).lower()
    if not v:
        return []
    counts = dict(con.execute(
        "SELECT c, count(*) FROM (SELECT source_country AS c FROM events UNION ALL"
        " SELECT target_country FROM events) WHERE c IS NOT NULL GROUP BY c").fetchall())
    word = re.compile(r"\b" + re.escape(v))
    out: dict[str, dict[str, Any]] = {}
    for iso3, name in country_labels().items():
        if iso3.lower().startswith(v) or word.search(name.lower()):
            out[iso3] = {"value": iso3, "label": name, "kind": "country", "events": int(counts.get(iso3, 0))}
    for alias, iso3 in country_names().items():
        if iso3 not in out and word.search(alias):
            out[iso3] = {"value": iso3, "label": country_labels().get(iso3, iso3), "kind": "country",
                         "events": int(counts.get(iso3, 0))}
    rows = con.execute(
        f"""
        WITH names AS ({_ACTOR_NAMES_SQL})
        SELECT code, arg_max(name, events) AS name, sum(events) AS events FROM names
        WHERE starts_with(lower(code), ?) OR regexp_matches(lower(coalesce(name, '')), ?)
        GROUP BY code ORDER BY events DESC, code LIMIT ?
        """,
        [v, r"\b" + re.escape(v), limit * 2],
    ).fetchall()
    for code, name, events in rows:
        if code not in out:
            out[code] = {"value": code, "label": name or code, "kind": "actor", "events": int(events)}
    ranked = sorted(out.values(), key=lambda s: (-s["events"], s["kind"] != "country", s["value"]))
    return ranked[:limit]
