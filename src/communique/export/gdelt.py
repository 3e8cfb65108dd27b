"""The events table in the GDELT 2.0 event format: 61 tab-separated columns, no header.

What communique does not measure is left as GDELT leaves unknown values, empty: ethnic codes,
ADM2 codes. AvgTone is required by GDELT readers and communique computes no tone, so it is
written as 0.0 (GDELT's neutral value); see the README.

Actor geography: GDELT places an actor where the text places it. communique gives an actor the
event's location when that location is in the actor's country, otherwise the actor's country
(geo type 1) when known.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO

import duckdb

from communique.export.codes import country_name, fips
from communique.model import DAY_PRECISIONS
from communique.model.codes import ActorCode, sector_table

COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
assert len(COLUMNS) == 61

# Events whose first mention is within the lead (first three sentences) are GDELT "root" events.
LEAD_SENTENCES = 3

# Each event with its representative mention (same order as the store's dedup) for the sectors,
# and the first mention that has a location for the geo details the events table lacks.
EVENTS_SQL = """
WITH ranked AS (
    SELECT m.*, a.ingested_at, a.origin AS article_origin,
           row_number() OVER (PARTITION BY m.event_id
                              ORDER BY a.date NULLS LAST, a.url IS NULL, m.article_id, m.sentence,
                                       m.trigger_start, m.id) AS rk
    FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
    WHERE NOT coalesce(m.negated, false)
),
per_event AS (
    SELECT event_id,
           arg_min_null(source_sectors, rk) AS source_sectors,
           arg_min_null(target_sectors, rk) AS target_sectors,
           arg_min_null(article_origin, rk) AS first_origin,
           arg_min_null(id, rk) FILTER (WHERE location_name IS NOT NULL) AS loc_mention,
           arg_min_null(location_admin1, rk) FILTER (WHERE location_name IS NOT NULL) AS location_admin1,
           min(sentence) AS first_sentence,
           min(ingested_at) AS added
    FROM ranked GROUP BY event_id
)
SELECT e.*, p.source_sectors, p.target_sectors, p.first_origin, p.location_admin1,
       g.feature AS location_feature, g.geonameid, p.first_sentence, p.added
FROM events e
JOIN per_event p ON p.event_id = e.id
LEFT JOIN mention_geo g ON g.mention_id = p.loc_mention
WHERE {where}
ORDER BY e.date, e.id
"""


def day_dated(precision: str | None) -> bool:
    """Whether a date names a day ("on Tuesday", the story's own day), not a month or year.
    Stores written before precision was kept have none: their dates are taken as days."""
    return precision is None or precision in DAY_PRECISIONS


def global_event_id(event_id: str) -> int:
    """A stable integer id from the event's hex hash (60 bits: fits GDELT's INT64)."""
    return int(event_id[:15], 16)


def fraction_date(d: date) -> str:
    return f"{d.year + d.timetuple().tm_yday / 365:.4f}"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _num(value: float | None, places: int = 4) -> str:
    if value is None:
        return ""
    text = f"{float(value):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _actor(code: str | None, name: str | None, country: str | None, sector_codes: list[str] | None) -> list[str]:
    if not code:
        return [""] * 10
    table = sector_table()
    secs = list(sector_codes or [])
    types = [s for s in secs if table.get(s) is None or table[s].kind == "type"]
    religions = [s for s in secs if table.get(s) is not None and table[s].kind == "religion"]
    known_group = ""
    parsed = ActorCode.parse(code)
    if not country and parsed.is_org and parsed.rest:
        known_group = parsed.rest[0]
    return [code, _clean(name).upper(), country or "", known_group, "",
            *(religions + ["", ""])[:2], *(types + ["", "", ""])[:3]]


def _geo_type(feature: str | None, country: str | None) -> int:
    us = country == "USA"
    if feature == "country":
        return 1
    if feature == "admin1":
        return 2 if us else 5
    return 3 if us else 4


def _action_geo(row: dict[str, Any]) -> list[str]:
    name = row["location_name"]
    if not name:
        return ["0", "", "", "", "", "", "", ""]
    iso3 = row["location_country"]
    cc = fips(iso3) or ""
    feature = row["location_feature"] or ("country" if name == country_name(iso3) else "city")
    full = name if feature == "country" else ", ".join(x for x in (name, country_name(iso3)) if x)
    admin1 = row["location_admin1"] or ""
    adm1 = cc + admin1 if cc and admin1.isalnum() and len(admin1) <= 3 else cc
    feature_id = str(row["geonameid"]) if row["geonameid"] is not None and feature != "country" else cc
    return [str(_geo_type(feature, iso3)), _clean(full), cc, adm1, "", _num(row["lat"]), _num(row["lon"]),
            feature_id]


def _actor_geo(actor_country: str | None, action: list[str], location_country: str | None) -> list[str]:
    if not actor_country:
        return ["0", "", "", "", "", "", "", ""]
    if action[0] != "0" and location_country == actor_country:
        return action
    cc = fips(actor_country)
    name = country_name(actor_country)
    if not cc or not name:
        return ["0", "", "", "", "", "", "", ""]
    return ["1", name, cc, cc, "", "", "", cc]


def row_fields(row: dict[str, Any]) -> list[str]:
    d: date = row["date"]
    action = _action_geo(row)
    added: datetime | None = row["added"]
    url = row["first_url"] or row["first_origin"] or ""
    fields = [
        str(global_event_id(row["id"])), d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), fraction_date(d),
        *_actor(row["source_code"], row["source_name"], row["source_country"], row["source_sectors"]),
        *_actor(row["target_code"], row["target_name"], row["target_country"], row["target_sectors"]),
        "1" if (row["first_sentence"] or 0) < LEAD_SENTENCES else "0",
        row["cameo"], row["cameo"][:3], row["root"], str(int(row["quad_class"])), f"{float(row['goldstein']):.1f}",
        str(row["num_mentions"]), str(row["num_sources"]), str(row["num_articles"]), "0.0",
        *_actor_geo(row["source_country"], action, row["location_country"]),
        *_actor_geo(row["target_country"], action, row["location_country"]),
        *action,
        added.strftime("%Y%m%d%H%M%S") if added else "",
        _clean(url),
    ]
    return fields


def iter_rows(con: duckdb.DuckDBPyConnection, where: tuple[str, list[Any]] = ("TRUE", [])) -> Iterator[dict[str, Any]]:
    """Events matching ``where`` (a WHERE clause over ``events e`` and its parameters)."""
    cur = con.execute(EVENTS_SQL.format(where=where[0]), where[1])
    names = [c[0] for c in cur.description]
    while chunk := cur.fetchmany(10_000):
        for values in chunk:
            yield dict(zip(names, values, strict=True))


def write(con: duckdb.DuckDBPyConnection, out: TextIO,
          where: tuple[str, list[Any]] = ("TRUE", [])) -> tuple[int, int, int]:
    """Write the events; returns (rows written, undated events left out, events dated only to a
    month or a year left out). GDELT's SQLDATE is a day, and GDELT dates an event by the day
    of the story reporting it; "the genocide in 1994" written as 19940101 would read as a day."""
    written = skipped = coarse = 0
    for row in iter_rows(con, where):
        if row["date"] is None:
            skipped += 1
            continue
        if not day_dated(row.get("date_precision")):
            coarse += 1
            continue
        out.write("\t".join(row_fields(row)) + "\n")
        written += 1
    return written, skipped, coarse
