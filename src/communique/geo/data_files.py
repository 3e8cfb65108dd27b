"""Loaders for the packaged geo tables in ``data/`` (checked on load; tests call them too)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


from communique import yamlio

FEATURES = frozenset({"country", "admin1", "city", "region", "landmark"})
CURATED_FEATURES = frozenset({"landmark", "region", "admin1", "city"})


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    name: str
    aliases: tuple[str, ...]
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    city: str | None  # GeoNames city name the place lies in
    geonameid: int | None
    broad: bool = False  # continent-scale: ranks below a country when both are named


def _text(name: str) -> str:
    return resources.files("communique.geo").joinpath(f"data/{name}").read_text(encoding="utf-8")


@cache
def curated_places() -> tuple[CuratedPlace, ...]:
    """data/places.yaml: landmarks, seas, regions and city overrides."""
    rows = yamlio.load(_text("places.yaml")) or []
    out: list[CuratedPlace] = []
    for i, row in enumerate(rows):
        where = f"places.yaml entry {i} ({row.get('name')!r})"
        unknown = set(row) - {"name", "aliases", "feature", "country", "admin1", "lat", "lon", "city", "geonameid", "broad"}
        if unknown:
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
        if not isinstance(row.get("name"), str) or not row["name"].strip():
            raise ValueError(f"{where}: name is required")
        if row.get("feature") not in CURATED_FEATURES:
            raise ValueError(f"{where}: feature must be one of {sorted(CURATED_FEATURES)}")
        country = row.get("country")
        if country is not None and not (isinstance(country, str) and len(country) == 3 and country.isupper()):
            raise ValueError(f"{where}: country must be ISO3 or null")
        lat, lon = row.get("lat"), row.get("lon")
        if (lat is None) != (lon is None):
            raise ValueError(f"{where}: give both lat and lon or neither")
        if lat is None and not row.get("city"):
            raise ValueError(f"{where}: needs lat/lon or a city to take them from")
        if lat is not None and not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            raise ValueError(f"{where}: lat/lon out of range")
        admin1 = row.get("admin1")
        out.append(
            CuratedPlace(
                name=row["name"].strip(),
                aliases=tuple(str(a).strip() for a in row.get("aliases") or ()),
                feature=row["feature"],
                country=country,
                admin1=str(admin1) if admin1 is not None else None,
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
                city=row.get("city"),
                geonameid=int(row["geonameid"]) if row.get("geonameid") is not None else None,
                broad=bool(row.get("broad", False)),
            )
        )
    return tuple(out)


@cache
def country_aliases() -> dict[str, tuple[str, ...]]:
    """data/countries.yaml: ISO3 -> extra names."""
    data = yamlio.load(_text("countries.yaml")) or {}
    out: dict[str, tuple[str, ...]] = {}
    for iso3, names in data.items():
        if not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
            raise ValueError(f"countries.yaml: bad ISO3 key {iso3!r}")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"countries.yaml: {iso3} must map to a list of names")
        out[iso3] = tuple(n.strip() for n in names)
    return out


@cache
def stop_names() -> frozenset[str]:
    """data/stop_names.yaml: words never taken as a place on their own."""
    words = yamlio.load(_text("stop_names.yaml")) or []
    if not all(isinstance(w, str) and w == w.lower() and w.isascii() and w for w in words):
        raise ValueError("stop_names.yaml: entries must be lowercase ascii words")
    return frozenset(words)


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """data/country_points.yaml: ISO3 -> (lat, lon) for countries without a city in GeoNames."""
    data = yamlio.load(_text("country_points.yaml")) or {}
    out: dict[str, tuple[float, float]] = {}
    for iso3, point in data.items():
        if not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
            raise ValueError(f"country_points.yaml: bad ISO3 key {iso3!r}")
        if not (isinstance(point, list) and len(point) == 2):
            raise ValueError(f"country_points.yaml: {iso3} must map to [lat, lon]")
        lat, lon = float(point[0]), float(point[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"country_points.yaml: {iso3} out of range")
        out[iso3] = (lat, lon)
    return out


@dataclass(frozen=True, slots=True)
class Admin1Region:
    name: str
    aliases: tuple[str, ...]
    country: str
    seat: str  # a GeoNames city inside the region: gives its admin1 code
    lat: float | None
    lon: float | None
    forms: tuple[str, ...]  # words after the bare name ("Oblast", "region")

    def base(self) -> str:
        """The bare name: "Kharkiv" for "Kharkiv Oblast" when forms are given."""
        for form in self.forms:
            if self.name.lower().endswith(" " + form.lower()):
                return self.name[: -len(form) - 1]
        return self.name


@cache
def admin1_regions() -> tuple[Admin1Region, ...]:
    """data/admin1.yaml: provinces, states and oblasts by country."""
    data = yamlio.load(_text("admin1.yaml")) or {}
    out: list[Admin1Region] = []
    for iso3, rows in data.items():
        if not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
            raise ValueError(f"admin1.yaml: bad ISO3 key {iso3!r}")
        for row in rows or ():
            where = f"admin1.yaml {iso3} {row.get('name')!r}"
            unknown = set(row) - {"name", "aliases", "seat", "lat", "lon", "forms"}
            if unknown:
                raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
            if not isinstance(row.get("name"), str) or not isinstance(row.get("seat"), str):
                raise ValueError(f"{where}: name and seat are required")
            lat, lon = row.get("lat"), row.get("lon")
            if (lat is None) != (lon is None):
                raise ValueError(f"{where}: give both lat and lon or neither")
            if lat is not None and not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
                raise ValueError(f"{where}: lat/lon out of range")
            out.append(
                Admin1Region(
                    name=row["name"].strip(),
                    aliases=tuple(str(a).strip() for a in row.get("aliases") or ()),
                    country=iso3,
                    seat=row["seat"].strip(),
                    lat=float(lat) if lat is not None else None,
                    lon=float(lon) if lon is not None else None,
                    forms=tuple(str(f).strip() for f in row.get("forms") or ()),
                )
            )
    return tuple(out)


LOCATOR_WORD_LISTS = (
    "locative_preps", "toward_preps", "from_preps", "attack_nouns", "topic_nouns", "place_nouns",
    "directions", "visit_words", "strike_verbs", "country_object_verbs", "date_words",
)


@cache
def locator_words() -> dict[str, frozenset[str]]:
    """data/locator_words.yaml: the word lists the locator reads the parse with."""
    data = yamlio.load(_text("locator_words.yaml")) or {}
    missing = set(LOCATOR_WORD_LISTS) - set(data)
    unknown = set(data) - set(LOCATOR_WORD_LISTS)
    if missing or unknown:
        raise ValueError(f"locator_words.yaml: missing {sorted(missing)}, unknown {sorted(unknown)}")
    out: dict[str, frozenset[str]] = {}
    for name, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w == w.strip().lower() and w for w in words):
            raise ValueError(f"locator_words.yaml: {name} must be a list of lowercase words")
        if len(set(words)) != len(words):
            raise ValueError(f"locator_words.yaml: {name} lists a word twice")
        out[name] = frozenset(words)
    return out
