"""Gazetteer.lookup: cities, countries, spelling variants, landmarks, name clashes."""

from __future__ import annotations

import pytest

from communique.geo import Gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_load_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "country", "feature", "display"),
    [
        ("Kyiv", "UKR", "city", "Kyiv"),
        ("Kiev", "UKR", "city", "Kyiv"),
        ("kyiv", "UKR", "city", "Kyiv"),
        ("New Delhi", "IND", "city", "New Delhi"),
        ("Odessa", "UKR", "city", "Odesa"),
        ("Zurich", "CHE", "city", "Zürich"),
        ("São Paulo", "BRA", "city", "São Paulo"),
        ("Sao Paulo", "BRA", "city", "São Paulo"),
        ("The Hague", "NLD", "city", "The Hague"),
        ("Washington", "USA", "city", "Washington"),
        ("Moscow", "RUS", "city", "Moscow"),
        ("Paris", "FRA", "city", "Paris"),
        ("Russia", "RUS", "country", "Russia"),
        ("Britain", "GBR", "country", "United Kingdom"),
        ("U.S.", "USA", "country", "United States"),
        ("US", "USA", "country", "United States"),
        ("Georgia", "GEO", "country", "Georgia"),
        ("Lebanon", "LBN", "country", "Lebanon"),
        ("Texas", "USA", "admin1", "Texas"),
        ("the Kremlin", "RUS", "landmark", "Kremlin, Moscow"),
        ("Kremlin", "RUS", "landmark", "Kremlin, Moscow"),
        ("the White House", "USA", "landmark", "White House, Washington"),
        ("Gaza", "PSE", "region", "Gaza Strip"),
        ("Crimea", "UKR", "region", "Crimea"),
    ],
)
def test_lookup(gaz: Gazetteer, name: str, country: str, feature: str, display: str) -> None:
    loc = gaz.lookup(name)
    assert loc is not None, name
    assert (loc.country, loc.feature, loc.name) == (country, feature, display)
    assert loc.lat is not None and loc.lon is not None


def test_city_has_geonames_fields(gaz: Gazetteer) -> None:
    loc = gaz.lookup("Kyiv")
    assert loc is not None and loc.geonameid == 703448 and loc.admin1
    assert 50 < loc.lat < 51 and 30 < loc.lon < 31


def test_kremlin_points_at_moscow(gaz: Gazetteer) -> None:
    kremlin, moscow = gaz.lookup("the Kremlin"), gaz.lookup("Moscow")
    assert kremlin is not None and moscow is not None
    assert kremlin.geonameid == moscow.geonameid and kremlin.admin1 == moscow.admin1


def test_acronym_needs_its_case(gaz: Gazetteer) -> None:
    assert gaz.lookup("us") is None
    assert gaz.lookup("US") is not None


def test_unknown_and_common_words(gaz: Gazetteer) -> None:
    assert gaz.lookup("Atlantisville Prime") is None
    assert gaz.lookup("") is None


def test_name_clash_prefers_population_then_context(gaz: Gazetteer) -> None:
    assert gaz.lookup("Tripoli").country == "LBY"
    assert gaz.lookup("Tripoli", {"LBN"}).country == "LBN"
    # a tiny namesake in a context country does not beat a world city
    assert gaz.lookup("Paris", {"USA"}).country == "FRA"
    assert gaz.lookup("Birmingham").country == "GBR"
    assert gaz.lookup("Birmingham", {"USA"}).country == "USA"


def test_state_of_context_country_beats_foreign_country(gaz: Gazetteer) -> None:
    assert gaz.lookup("Georgia").country == "GEO"
    assert gaz.lookup("Georgia", home="USA").feature == "admin1"
    assert gaz.lookup("Georgia", {"USA"}).country == "GEO"  # an actor's country is not enough
    assert gaz.lookup("Lebanon", home="USA").country == "LBN"
    assert gaz.lookup("Punjab", {"IND"}).country == "IND"
    assert gaz.lookup("Punjab", {"PAK"}).country == "PAK"
