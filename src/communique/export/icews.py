"""ICEWS-style event table: tab-separated, a header row, the 20 columns of the ICEWS dataverse
files.

ICEWS records an event per story sentence, so rows are mentions (not the deduplicated
events): Story ID and Sentence Number point back to the article. Negated mentions are left
out, as they make no event. Event ID is the mention's hash as an integer; Story ID is the
article's content hash. Sectors are written as names, comma-separated, as ICEWS does.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

import duckdb

from communique.export.codes import country_name, sector_name

COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
]

SQL = """
SELECT m.id, m.date, m.source_name, m.source_sectors, m.source_country, m.source_code,
       m.cameo_name, m.cameo, m.goldstein,
       m.target_name, m.target_sectors, m.target_country, m.target_code,
       m.article_id, m.sentence, a.source AS publisher,
       m.location_name, m.location_country, m.location_admin1, m.lat, m.lon, g.feature
FROM mentions m
LEFT JOIN articles a ON a.id = m.article_id
LEFT JOIN mention_geo g ON g.mention_id = m.id
WHERE NOT coalesce(m.negated, false) AND m.event_id IN (SELECT e.id FROM events e WHERE {where})
ORDER BY m.date, m.article_id, m.sentence, m.trigger_start, m.id
"""


def _country(iso3: str | None) -> str:
    return (country_name(iso3) or iso3) if iso3 else ""


def _sectors(codes: list[str] | None) -> str:
    return ",".join(sector_name(c) for c in codes or [])


def _num(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def row_fields(r: dict[str, Any]) -> list[str]:
    feature = r["feature"]
    city = r["location_name"] if r["location_name"] and feature not in {"country", "admin1"} else ""
    province = r["location_name"] if feature == "admin1" else ""
    return [
        str(int(r["id"][:15], 16)), r["date"].isoformat(),
        r["source_name"] or "", _sectors(r["source_sectors"]), _country(r["source_country"]),
        r["cameo_name"] or "", r["cameo"], f"{float(r['goldstein']):.1f}",
        r["target_name"] or "", _sectors(r["target_sectors"]), _country(r["target_country"]),
        r["article_id"], str(r["sentence"] + 1),  # ICEWS counts sentences from 1
        r["publisher"] or "",
        city or "", "", province or "", _country(r["location_country"]) if r["location_name"] else "",
        _num(r["lat"]), _num(r["lon"]),
    ]


def write(con: duckdb.DuckDBPyConnection, out: TextIO, where: tuple[str, list[Any]] = ("TRUE", [])) -> tuple[int, int]:
    """Write the header and one row per dated mention; returns (rows, undated mentions left out)."""
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    cur = con.execute(SQL.format(where=where[0]), where[1])
    names = [c[0] for c in cur.description]
    written = skipped = 0
    while chunk := cur.fetchmany(10_000):
        for values in chunk:
            r = dict(zip(names, values, strict=True))
            if r["date"] is None:
                skipped += 1
                continue
            writer.writerow([" ".join(f.split()) for f in row_fields(r)])
            written += 1
    return written, skipped
