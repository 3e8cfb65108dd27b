"""Unit checks of the name index (case rules, longest match) and the coreference history
(window, salience, object pronouns), without parsing."""

from __future__ import annotations

import pickle
import random

from communique.actors.coref import WINDOW, History, Mentioned
from communique.actors.names import NameIndex, is_shouting, norm, split_name
from communique.model import Actor


def _match(index: NameIndex, text: str, i: int = 0):
    texts = list(split_name(text))
    lowers = [norm(t) for t in texts]
    return index.match_at(texts, lowers, i, is_shouting(texts))


def test_split_name_follows_the_tokenizer() -> None:
    assert split_name("al-Qaeda") == ("al", "-", "Qaeda")
    assert split_name("U.S.") == ("U.S.",)
    assert split_name("Côte d’Ivoire")[0] == "Côte"


def test_all_caps_keys_match_exactly_and_capitalised_keys_need_a_capital() -> None:
    index = NameIndex()
    index.add("US", "usa")
    index.add("Turkey", "tur")
    index.add("Hamas", "hamas")
    index.add("HAMAS", "hamas")
    assert _match(index, "US troops") == (1, "usa")
    assert _match(index, "us troops") is None
    assert _match(index, "Turkey said") == (1, "tur")
    assert _match(index, "turkey dinner") is None
    assert _match(index, "Hamas said") == (1, "hamas")
    assert _match(index, "HAMAS said") == (1, "hamas")


def test_longest_match_wins_and_later_definitions_replace_earlier_ones() -> None:
    index = NameIndex()
    index.add("Security Council", "unsc")
    index.add("UN Security Council", "un")
    index.add("UN", "un-short")
    assert _match(index, "UN Security Council members") == (3, "un")
    index.add("UN", "un-again")
    assert index.get("UN") == "un-again"


def test_names_added_after_a_lookup_are_found() -> None:
    # match_at keeps, per first word, the lengths names starting with it have: a name added
    # later (a learned one, a deferred row pulled in) must still be found, longest first
    index = NameIndex()
    index.add("Gulf", "gulf")
    assert _match(index, "Gulf Clan leaders met") == (1, "gulf")
    index.add("Gulf Clan", "clan")
    assert _match(index, "Gulf Clan leaders met") == (2, "clan")
    index.add("Gulf Clan Leaders Council", "council")
    assert _match(index, "Gulf Clan Leaders Council met") == (4, "council")
    assert _match(index, "Gulf Clan") == (2, "clan")  # a longer name does not fit the sentence
    restored = pickle.loads(pickle.dumps(index))  # as the disk cache reads it back
    restored.add("Gulf Clan Leaders", "leaders")
    assert _match(restored, "Gulf Clan Leaders met") == (3, "leaders")
    assert _match(index, "Gulf Clan Leaders met") == (2, "clan")  # the original is unchanged


def test_deferred_names_are_matched_at_any_length() -> None:
    index = NameIndex()
    index.add("Juarez", "city")
    rows = [("Juarez Cartel", ("Juarez", "Cartel"), ("juarez", "cartel"), "cartel", ("C", "C")),
            ("Juarez", ("Juarez",), ("juarez",), "under", ("C",))]
    index.defer(rows, make=lambda spec: spec)
    assert _match(index, "the Juarez Cartel said", 1) == (2, "cartel")
    assert _match(index, "in Juarez today", 1) == (1, "city")  # the earlier name stays on top


def _shouting_by_characters(texts: list[str]) -> bool:
    # the rule as written: more than 80% of at least 12 letters are capitals
    letters = [c for t in texts for c in t if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def test_is_shouting_counts_letters_as_the_rule_says() -> None:
    # is_shouting counts ASCII text in bytes; it must agree with the rule on any text
    assert is_shouting("POLICE ARREST 12 GANG MEMBERS IN LIMA".split())
    assert not is_shouting("Police arrest 12 gang members in Lima".split())
    assert not is_shouting(["NO", "CAPS"])  # fewer than 12 letters say nothing
    assert is_shouting("ÉLYSÉE DÉMENT LES RUMEURS".split())  # accents count as letters
    assert not is_shouting("ÉLYSÉE dément les rumeurs".split())
    rng = random.Random(7)
    alphabet = "aAzZ09 .-'Éé\u0130\u0131ß"
    for _ in range(5000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
                 for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.5:
            texts = [t.upper() for t in texts]
        assert is_shouting(texts) == _shouting_by_characters(texts), texts


def test_shouting_headlines_ignore_case() -> None:
    index = NameIndex()
    index.add("Turkey", "tur")
    assert _match(index, "TURKEY AND SYRIA SIGN BORDER DEAL TODAY") == (1, "tur")


def _m(name: str, sentence: int, pos: int, person: bool = True, subject: bool = False,
       gender: str | None = "m", plural: bool | None = False) -> Mentioned:
    return Mentioned(Actor(text=name, name=name, code=name[:3].upper()), sentence, pos, person, gender,
                     [], subject, plural)


def test_history_prefers_the_subject_and_object_pronouns_skip_it() -> None:
    h = History()
    h.add(_m("Putin", 0, 0, subject=True))
    h.add(_m("Modi", 0, 4))
    assert h.antecedent(0, 9, "person", "m", "nom").actor.name == "Putin"
    assert h.antecedent(0, 9, "person", "m", "obj").actor.name == "Modi"
    assert h.antecedent(1, 0, "person", "m", "nom").actor.name == "Putin"
    assert h.antecedent(1, 0, "person", "f", "nom") is None


def test_history_forgets_beyond_the_window() -> None:
    h = History()
    h.add(_m("Putin", 0, 0))
    h.add(_m("Russia", WINDOW + 2, 0, person=False))
    assert [x.actor.name for x in h.items] == ["Russia"]
    assert h.antecedent(WINDOW + 3, 0, "person", "m", "nom") is None


def test_article_country_counts_recent_mentions_and_dateline_places_groups() -> None:
    h = History()
    for pos, code in enumerate(["MEX", "USA", "MEX"]):
        h.add(Mentioned(Actor(text=code, name=code, code=code, country=code), 0, pos, False, None, [], False))
    assert h.article_country() == "MEX"
    assert h.article_country("REB", dateline="COL") == "COL"
    assert h.article_country("GOV", dateline="COL") == "MEX"


def test_accents_do_not_matter() -> None:
    index = NameIndex()
    index.add("Andrés Manuel López Obrador", "amlo")
    assert _match(index, "Andres Manuel Lopez Obrador said") == (4, "amlo")
    index.add("Elysee", "fra")
    assert _match(index, "Élysée said") == (1, "fra")


def test_article_country_falls_back_to_the_dateline() -> None:
    assert History().article_country("GOV", dateline="KEN") == "KEN"
    assert History().article_country("GOV") is None


def _person(name: str, code: str, sentence: int, pos: int, subject: bool = False, gender: str | None = "m"):
    return Mentioned(Actor(text=name, name=name, code=code), sentence, pos, True, gender, [], subject)


def test_a_pronoun_after_two_people_and_no_subject_resolves_to_nobody() -> None:
    # "Putin, Bush: talks in Moscow." then "He said ...": either could be meant
    h = History()
    h.add(_person("Vladimir Putin", "RUSGOV", 0, 0))
    h.add(_person("George Bush", "USAGOV", 0, 2))
    assert h.antecedent(1, 0, "person", "m", "nom") is None


def test_a_pronoun_takes_the_previous_subject_or_the_only_person_who_agrees() -> None:
    h = History()
    h.add(_person("Vladimir Putin", "RUSGOV", 0, 0, subject=True))
    h.add(_person("George Bush", "USAGOV", 0, 3))
    assert h.antecedent(1, 0, "person", "m", "nom").actor.name == "Vladimir Putin"
    # gender agrees with one of the two only: "Merkel, Putin." then "She said"
    h = History()
    h.add(_person("Angela Merkel", "DEUGOV", 0, 0, gender="f"))
    h.add(_person("Vladimir Putin", "RUSGOV", 0, 2))
    assert h.antecedent(1, 0, "person", "f", "nom").actor.name == "Angela Merkel"


def test_two_countries_as_present_as_each_other_give_no_article_country() -> None:
    # "Russia's Lavrov met Chinese officials. The president said ...": either president
    h = History()
    h.add(Mentioned(Actor(text="Lavrov", name="Sergey Lavrov", code="RUSGOV", country="RUS"), 0, 0, True, "m", [], True))
    h.add(Mentioned(Actor(text="Chinese officials", name="China official", code="CHNGOV", country="CHN"),
                    0, 3, False, None, [], False))
    assert h.article_country("GOV") is None
    assert h.article_country("GOV", dateline="CHN") == "CHN"  # the dateline settles it
    h.add(Mentioned(Actor(text="Beijing", name="China", code="CHN", country="CHN"), 1, 0, False, None, [], True))
    assert h.article_country("GOV") == "CHN"
