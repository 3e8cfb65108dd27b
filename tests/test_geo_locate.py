"""Gazetteer.locate on parsed sentences (NER off, as in the coder)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from communique.geo import Gazetteer
from communique.model import Actor


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def parse(nlp):
    return lambda text: nlp(text)


@dataclass
class FakeActors:
    """Stands in for actors.SentenceActors: mentions plus actor_for(token) by token span."""

    mentions: list[Actor] = field(default_factory=list)
    spans: list[tuple[int, int, Actor]] = field(default_factory=list)

    def actor_for(self, token):
        for start, end, actor in self.spans:
            if start <= token.i < end:
                return actor
        return None


def actors_on(doc, *words_and_countries: tuple[str, str]) -> FakeActors:
    out = FakeActors()
    for word, country in words_and_countries:
        tok = next(t for t in doc if t.text == word)
        actor = Actor(text=word, name=word, code=country, country=country)
        out.mentions.append(actor)
        out.spans.append((tok.i, tok.i + 1, actor))
    return out


def where(gaz, doc, **kw):
    loc = gaz.locate(doc, **kw)
    return (loc.name, loc.country, loc.feature) if loc else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After the talks at the Kremlin, the two ministers signed a grain deal.",
         ("Kremlin, Moscow", "RUS", "landmark")),
        ("Farmers protested outside the White House on Tuesday.",
         ("White House, Washington", "USA", "landmark")),
        ("The envoy arrived in New Delhi for two days of meetings.", ("New Delhi", "IND", "city")),
        ("The envoy arrived in Kiev late on Sunday.", ("Kyiv", "UKR", "city")),
        ("Drones struck a fuel depot near Odessa overnight.", ("Odesa", "UKR", "city")),
        ("Artillery units shelled the city of Kharkiv for hours.", ("Kharkiv", "UKR", "city")),
        ("The army said fighting continued in the Donetsk region.",
         ("Donetsk Oblast", "UKR", "admin1")),
        ("Rebels attacked a cargo ship in the Red Sea.", ("Red Sea", None, "region")),
        ("Two tankers collided in the Strait of Hormuz.", ("Strait of Hormuz", None, "region")),
        ("Militants ambushed a convoy in the Sahel.", ("Sahel", None, "region")),
        ("Soldiers raided homes in the West Bank.", ("West Bank", "PSE", "region")),
        ("Aid trucks finally entered Gaza on Saturday.", ("Gaza Strip", "PSE", "region")),
        ("The foreign minister is on a three-day visit to Japan.", ("Japan", "JPN", "country")),
        ("Thousands rallied in Georgia against the new law.", ("Georgia", "GEO", "country")),
    ],
)
def test_locative_places(gaz, parse, text, expected) -> None:
    assert where(gaz, parse(text)) == expected


def test_city_beats_its_country_in_same_phrase(gaz, parse) -> None:
    assert where(gaz, parse("The mayor met the delegation in Lviv, Ukraine, last week.")) == (
        "Lviv", "UKR", "city")


def test_locative_place_beats_earlier_actor_country(gaz, parse) -> None:
    doc = parse("Brazil and Argentina signed a trade pact in Montevideo on Friday.")
    assert where(gaz, doc) == ("Montevideo", "URY", "city")


def test_actor_only_country_is_not_a_location(gaz, parse) -> None:
    # Documented behaviour: a country named only as the one acting (or acted upon) gives None.
    assert gaz.locate(parse("Russia condemned the decision by the court.")) is None
    assert gaz.locate(parse("Canada imposed new sanctions on Venezuela.")) is None
    doc = parse("France accused Mali of breaking the agreement.")
    assert gaz.locate(doc, actors=actors_on(doc, ("France", "FRA"), ("Mali", "MLI"))) is None


def test_metonym_subjects_are_not_locations(gaz, parse) -> None:
    assert gaz.locate(parse("The Kremlin rejected the proposal.")) is None
    assert gaz.locate(parse("Washington warned Beijing against any escalation.")) is None


def test_demonyms_are_not_locations(gaz, parse) -> None:
    assert gaz.locate(parse("Russian and Chinese diplomats exchanged letters.")) is None


def test_person_names_are_not_places(gaz, parse) -> None:
    assert gaz.locate(parse("Hillary Clinton praised the agreement.")) is None


def test_common_word_city_only_after_preposition(gaz, parse) -> None:
    assert gaz.locate(parse("Police arrested two suspects yesterday.")) is None
    assert where(gaz, parse("The summit was held in Nice last spring.")) == ("Nice", "FRA", "city")


def test_no_place_gives_none(gaz, parse) -> None:
    assert gaz.locate(parse("The minister said talks would resume next week.")) is None


def test_ambiguous_city_follows_actor_country(gaz, parse) -> None:
    text = "Gunmen opened fire on a checkpoint in Tripoli, the army said."
    assert where(gaz, parse(text)) == ("Tripoli", "LBY", "city")
    doc = parse("Lebanese troops clashed with gunmen in Tripoli on Monday.")
    actors = FakeActors(mentions=[Actor(text="Lebanese troops", name="Lebanon", code="LBNMIL", country="LBN")])
    assert where(gaz, doc, actors=actors) == ("Tripoli", "LBN", "city")


def test_ambiguous_city_follows_publication_country(gaz, parse) -> None:
    doc = parse("Storms flooded streets in Birmingham overnight.")
    assert where(gaz, doc) == ("Birmingham", "GBR", "city")
    assert where(gaz, doc, pub_country="USA") == ("Birmingham", "USA", "city")


def test_accepts_no_actors_and_empty_doc(gaz, parse) -> None:
    assert gaz.locate(parse(""), pub_country=None, actors=None) is None


# -- with the real actors stage (which also reads place names as actors) ---------------------


@pytest.fixture(scope="module")
def resolve(nlp):
    from communique.actors import ActorResolver

    resolver = ActorResolver()

    def run(text: str):
        doc = nlp(text)
        return doc, resolver.new_context("2024-03-14").resolve_sentence(doc, 0, 0)

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign minister is on a three-day visit to Japan.", ("Japan", "JPN", "country")),
        ("Israeli troops withdrew from the Gaza Strip overnight.", ("Gaza Strip", "PSE", "region")),
        ("The two presidents met at the Kremlin on Friday.", ("Kremlin, Moscow", "RUS", "landmark")),
        ("Russia condemned the decision by the court.", None),
        ("Washington warned Beijing against any escalation.", None),
    ],
)
def test_with_real_actors(gaz, resolve, text, expected) -> None:
    # only outcomes that hold whatever the actors stage makes of the place names
    doc, found = resolve(text)
    assert where(gaz, doc, actors=found) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The minister praised the envoy's remarks on the situation in Ukraine.",
        "Both sides said ties between Peru and Chile were improving.",
        "The two leaders discussed the dispute over Kashmir.",
        "The senator spoke about the war in Sudan.",
    ],
)
def test_topic_places_are_not_where_it_happened(gaz, parse, text) -> None:
    assert gaz.locate(parse(text)) is None


def test_topic_place_does_not_hide_the_real_place(gaz, parse) -> None:
    doc = parse("In Geneva, the envoys discussed the crisis in Sudan.")
    assert where(gaz, doc) == ("Geneva", "CHE", "city")


def test_dateline_counts_when_nothing_better(gaz, parse) -> None:
    assert where(gaz, parse("NAIROBI (Reuters) - The central bank raised its main rate.")) == (
        "Nairobi", "KEN", "city")
    doc = parse("NAIROBI (Reuters) - Rebels seized a town in Ituri province on Sunday.")
    assert where(gaz, doc) == ("Ituri", "COD", "admin1")


def test_region_name_inside_a_person_name(gaz, parse) -> None:
    doc = parse("She went to see Carlos de Jesus Guerrero, a jailed trafficker.")
    assert gaz.locate(doc) is None


def test_continent_ranks_below_country(gaz, parse) -> None:
    doc = parse("Police in Honduras seized timber bound for buyers in Asia.")
    assert where(gaz, doc) == ("Honduras", "HND", "country")
    assert where(gaz, parse("Prices rose across Europe last winter.")) == ("Europe", None, "region")


def test_name_before_of_is_an_institution(gaz, parse) -> None:
    doc = parse("Researchers at the University of Nairobi published the survey.")
    assert where(gaz, doc) == ("Nairobi", "KEN", "city")


def test_state_form_and_oceans(gaz, parse) -> None:
    assert where(gaz, parse("Floods hit towns in upstate New York state.")) == (
        "New York", "USA", "admin1")
    assert where(gaz, parse("The navy tracked the vessel in the Indian Ocean.")) == (
        "Indian Ocean", None, "region")


def test_trigger_prefers_place_in_its_own_clause(gaz, parse) -> None:
    doc = parse("The envoy met rebel leaders in Kampala and later flew to Nairobi for talks.")
    met = next(t for t in doc if t.text == "met")
    flew = next(t for t in doc if t.text == "flew")
    assert where(gaz, doc, trigger=met) == ("Kampala", "UGA", "city")
    assert where(gaz, doc, trigger=flew) == ("Nairobi", "KEN", "city")
    assert where(gaz, doc) == ("Kampala", "UGA", "city")
    doc = parse("Troops clashed in Goma while the ministers met in Kigali.")
    met = next(t for t in doc if t.text == "met")
    clashed = next(t for t in doc if t.text == "clashed")
    assert where(gaz, doc, trigger=met) == ("Kigali", "RWA", "city")
    assert where(gaz, doc, trigger=clashed) == ("Goma", "COD", "city")
    assert where(gaz, doc) == ("Goma", "COD", "city")


def test_actor_that_is_the_place_name_does_not_decide_the_clash(gaz, parse) -> None:
    # the actors stage may read "Tripoli" as Libya's government; that must not pick Libya
    doc = parse("Lebanon's army deployed soldiers in Tripoli after the clashes.")
    tripoli = next(t for t in doc if t.text == "Tripoli")
    lebanon = next(t for t in doc if t.text == "Lebanon")
    army = Actor(text="Lebanon's army", name="Lebanese Army", code="LBNMIL", country="LBN")
    gov = Actor(text="Tripoli", name="Libya", code="LBYGOV", country="LBY")
    actors = FakeActors(
        mentions=[army, gov],
        spans=[(lebanon.i, lebanon.i + 3, army), (tripoli.i, tripoli.i + 1, gov)],
    )
    assert where(gaz, doc, actors=actors) == ("Tripoli", "LBN", "city")


def test_based_compounds_are_not_the_place(gaz, parse) -> None:
    assert gaz.locate(parse("The Toronto-based miner raised its offer again.")) is None


def test_capital_of_a_named_country(gaz, parse) -> None:
    assert where(gaz, parse("A blast shook Sudan's capital overnight.")) == ("Khartoum", "SDN", "city")
    doc = parse("Fighting reached the outskirts of the Sudanese capital.")
    demonym = next(t for t in doc if t.text == "Sudanese")
    actors = FakeActors()
    actor = Actor(text="the Sudanese", name="Sudan", code="SDN", country="SDN")
    actors.mentions.append(actor)
    actors.spans.append((demonym.i - 1, demonym.i + 1, actor))
    assert where(gaz, doc, actors=actors) == ("Khartoum", "SDN", "city")
    # without the actors stage a demonym names no country
    assert gaz.locate(doc) is None
    assert gaz.locate(parse("Drones attacked the capital overnight.")) is None
