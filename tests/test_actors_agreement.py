"""Coreference with agreement: a pronoun or description resolves only to an antecedent that
agrees in gender, number, office and country, never across an intervening person who may be
meant, and a business person is BUS only when the text says so.

The people are made up (a small knowledge base); some have no gender in it, as most imported
people have none, so the text (an honorific, a pronoun) is what says it.
"""

from __future__ import annotations

import pytest

from communique.actors import ActorResolver, KnowledgeBase
from communique.actors.tables import person_from_dict


def _role(country: str, sector: str, title: str, start: str = "2010-01-01") -> dict:
    return {"country": country, "sector": sector, "title": title, "start": start, "end": None}


PEOPLE = [
    {"id": "orlov-ivan", "name": "Ivan Orlov", "surnames": ["Orlov"], "gender": "m",
     "roles": [_role("RUS", "GOV", "President")]},
    # no gender in the knowledge base
    {"id": "sokol-lena", "name": "Lena Sokol", "surnames": ["Sokol"],
     "roles": [_role("RUS", "GOV", "Foreign Minister")]},
    {"id": "tarn-paul", "name": "Paul Tarn", "surnames": ["Tarn"],
     "roles": [_role("GBR", "GOV", "Minister")]},
    {"id": "carver-bill", "name": "Bill Carver", "surnames": ["Carver"], "gender": "m",
     "roles": [_role("USA", "GOV", "Senator")]},
    # an office the knowledge base does not name (as in the imported dictionaries)
    {"id": "brenner-hans", "name": "Hans Brenner", "surnames": ["Brenner"],
     "roles": [_role("DEU", "GOV", "")]},
    {"id": "berg-harald", "name": "Harald Berg", "surnames": ["Berg"],
     "roles": [_role("NOR", "GOV", "King")]},
    {"id": "lind-sonja", "name": "Sonja Lind", "surnames": ["Lind"],
     "roles": [_role("DNK", "GOV", "King")]},
    # a business person
    {"id": "vance-rupert", "name": "Rupert Vance", "surnames": ["Vance"], "gender": "m",
     "roles": [_role("USA", "BUS", "Chairman")]},
]


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(KnowledgeBase(people=[person_from_dict(p) for p in PEOPLE]))


def run(nlp, resolver, sentences: list[str], date: str = "2015-06-15"):
    ctx = resolver.new_context(date)
    out, offset = [], 0
    for i, text in enumerate(sentences):
        out.append(ctx.resolve_sentence(nlp(text), i, offset))
        offset += len(text) + 1
    return out


def mention(sa, text: str):
    found = [a for a in sa.mentions if a.text == text]
    return found[0] if found else None


# -- gender ----------------------------------------------------------------------------------


def test_an_honorific_gives_a_known_person_the_gender_the_kb_lacks(nlp, resolver):
    sas = run(nlp, resolver, [
        "Lena Sokol praised the plan.",
        "Mr Tarn criticised it.",  # Tarn has no gender in the KB: "Mr" says it
        "She said the plan was useful.",
    ])
    assert mention(sas[2], "She").kb_id == "sokol-lena"


def test_a_pronoun_tells_the_gender_of_its_antecedent_for_later_pronouns(nlp, resolver):
    sas = run(nlp, resolver, [
        "Lena Sokol criticised the plan.",
        "Paul Tarn defended the plan.",
        "He said it was needed.",  # Tarn is a man from here on
        "She said it was a mistake.",
    ])
    assert mention(sas[2], "He").kb_id == "tarn-paul"
    assert mention(sas[3], "She").kb_id == "sokol-lena"


def test_an_honorific_that_contradicts_the_kb_is_someone_else(nlp, resolver):
    (sa,) = run(nlp, resolver, ["Mrs Carver criticised the Russian government."])
    assert all(a.kb_id != "carver-bill" for a in sa.mentions)
    # the man the knowledge base knows is still found as himself
    (sa,) = run(nlp, resolver, ["Mr Carver criticised the Russian government."])
    assert mention(sa, "Mr Carver").kb_id == "carver-bill"


def test_the_woman_of_a_shared_surname_is_not_the_pronouns_man(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov criticised the plan.",
        "Mrs Carver praised it.",
        "She said it was useful.",
    ])
    assert mention(sas[2], "She") is None  # Mrs Carver is nobody the KB knows; not Orlov either


def test_a_gendered_title_picks_the_person_of_that_gender(nlp, resolver):
    sas = run(nlp, resolver, [
        "King Harald Berg met Queen Sonja Lind in Oslo.",  # the titles say who is who
        "The Queen praised the talks.",
        "He said they went well.",
    ])
    assert mention(sas[1], "The Queen").kb_id == "lind-sonja"
    assert mention(sas[2], "He").kb_id == "berg-harald"


# -- an intervening person -------------------------------------------------------------------


def test_a_pronoun_does_not_reach_across_an_unknown_person(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov criticised the plan.",
        "Mr Smith, a farmer, praised it.",
        "He said it would help farmers.",
    ])
    assert mention(sas[2], "He") is None  # Mr Smith, whom no code fits: no event, not Orlov


def test_a_pronoun_does_not_reach_across_a_name_nobody_knows(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov criticised the plan.",
        "Juan Guerrero praised it on Monday.",  # no title, no honorific: a person all the same
        "He said it would help farmers.",
    ])
    assert mention(sas[2], "He") is None


def test_a_body_or_place_named_between_does_not_block(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov criticised the plan.",
        "The Motion Picture Association praised it.",
        "He said it would fail.",
    ])
    assert mention(sas[2], "He").kb_id == "orlov-ivan"


def test_a_pronoun_skips_a_person_of_the_other_gender(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov criticised the plan.",
        "Ms Lopez, a farmer, praised it.",
        "He said it would fail.",
    ])
    assert mention(sas[2], "He").kb_id == "orlov-ivan"


# -- number ----------------------------------------------------------------------------------


def test_they_is_not_a_country_and_it_is_not_a_plural_body(nlp, resolver):
    sas = run(nlp, resolver, ["Russia condemned the attack.", "They accused Georgia of aggression."])
    assert mention(sas[1], "They") is None
    sas = run(nlp, resolver, ["Kenyan police arrested ten men.", "It accused them of theft."])
    assert mention(sas[1], "It") is None


def test_they_and_it_still_take_what_agrees(nlp, resolver):
    sas = run(nlp, resolver, ["Kenyan police raided the camp.", "They arrested four men."])
    assert mention(sas[1], "They").code == "KENCOP"
    sas = run(nlp, resolver, ["Russia condemned the attack.", "It accused Georgia of aggression."])
    assert mention(sas[1], "It").code == "RUS"


# -- office and country -------------------------------------------------------------------------


def test_an_office_the_text_gives_is_one_the_description_agrees_with(nlp, resolver):
    sas = run(nlp, resolver, [
        "Chancellor Hans Brenner met Ivan Orlov in Moscow.",
        "The chancellor criticised the Iranian government.",
    ])
    assert mention(sas[1], "The chancellor").kb_id == "brenner-hans"


def test_a_description_takes_no_one_who_does_not_hold_the_office(nlp, resolver):
    sas = run(nlp, resolver, [
        "Hans Brenner met Ivan Orlov in Moscow.",
        "The chancellor criticised the Iranian government.",
    ])
    assert mention(sas[1], "The chancellor").kb_id is None


def test_a_description_with_a_country_takes_only_that_countrys_person(nlp, resolver):
    sas = run(nlp, resolver, [
        "Ivan Orlov met Paul Tarn in London.",
        "The British minister criticised the Iranian government.",
    ])
    assert mention(sas[1], "The British minister").kb_id == "tarn-paul"


# -- business --------------------------------------------------------------------------------


def test_a_business_person_is_bus_only_when_the_text_says_so(nlp, resolver):
    (sa,) = run(nlp, resolver, ["Rupert Vance criticised the Russian government."])
    assert mention(sa, "Rupert Vance").code == "USA"
    (sa,) = run(nlp, resolver, ["Media tycoon Rupert Vance criticised the Russian government."])
    assert mention(sa, "Media tycoon Rupert Vance").code == "USABUS"
    # once the article has said so, later mentions keep it
    sas = run(nlp, resolver, ["Businessman Rupert Vance arrived in Moscow.",
                              "Vance criticised the Russian government."])
    assert mention(sas[1], "Vance").code == "USABUS"
