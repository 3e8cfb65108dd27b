"""Checks the predicate lexicon data: it loads, its codes exist, every root is covered."""

from __future__ import annotations

from importlib import resources

import pytest

from communique.events.lexicon import Lexicon
from communique.events.ontology import Ontology


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.from_package()


def test_one_file_per_root():
    names = sorted(p.name for p in resources.files("communique.events").joinpath(
        "data/predicates").iterdir() if p.name.endswith(".yaml"))
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(1, 21)]


def test_every_code_exists_and_ids_unique(lex):
    onto = Ontology.load()
    ids = [e.id for e in lex.entries]
    assert len(ids) == len(set(ids))
    for e in lex.entries:
        assert e.code in onto, (e.id, e.code)
        assert e.pos in ("verb", "noun")
        assert e.target or e.no_target, f"{e.id} can never have a target"
    for fam in lex.families:
        for kind, code in fam.codes.items():
            assert kind in {"intent", "demand", "appeal", "threat", "refuse"}
            # null: the family is explicitly no event for that kind ("agreed to buy")
            assert code is None or code in onto, (fam.name, code)
    for ws in [*lex.wrappers_by_verb.values(), *lex.wrappers_by_noun.values()]:
        for w in ws:
            assert w.default is None or w.default in onto


def test_every_root_has_entries_and_breadth(lex):
    roots = {e.code[:2] for e in lex.entries}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len(lex.entries) >= 500
    assert sum(e.pos == "noun" for e in lex.entries) >= 150


def test_yaml_words_are_not_booleans(lex):
    # "on", "off", "no" are prepositions/particles here, never YAML booleans
    assert "on" in lex.presence_verbs["be"]
    assert any("on" in e.target for e in lex.entries)
    assert all(isinstance(t, str) for e in lex.entries for t in e.target)


def test_trigger_forms_are_inflected(lex):
    forms = lex.trigger_forms()
    for word in ["condemned", "condemns", "condemning", "met", "held", "sought", "attacked",
                 "banned", "shelled", "visits", "talks", "sanctions", "cracked", "pledged",
                 "threatened", "kidnapped", "committed", "referred", "invasion", "atrocities"]:
        assert word in forms, word
    assert all(f == f.lower() for f in forms)
    assert "the" not in forms and "commitedd" not in forms


def test_british_spellings_of_a_final_l_are_trigger_forms(lex):
    # wire copy from London: "travelled", "cancelled", "signalling" beside the US forms
    forms = lex.trigger_forms()
    for word in ["travelled", "traveled", "travelling", "cancelled", "canceled", "signalled"]:
        assert word in forms, word
    assert "appealled" not in forms and "killled" not in forms


def test_lemma_lookup_backs_up_tagger(lex):
    assert "hold" in lex.lemma_for_form("held")
    assert "meet" in lex.lemma_for_form("met")


def test_family_lookup(lex):
    assert lex.family_of("meet").codes["intent"] == "036"
    assert lex.family_of("hold talk").name == "meet"
    assert lex.family_of("sanction").codes["threat"] == "1312"
