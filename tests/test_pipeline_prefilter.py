"""Which sentences the coder sends to the parser (pipeline/prefilter.py)."""

from __future__ import annotations

import pytest

from communique.events import Lexicon
from communique.nlp import load_tokenizer_pipeline
from communique.pipeline.prefilter import Prefilter


@pytest.fixture(scope="module")
def worth():
    tok = load_tokenizer_pipeline()
    prefilter = Prefilter(Lexicon.load())

    def check(text: str) -> bool:
        (sent,) = list(tok(text).sents)
        return prefilter.worth_parsing(sent)

    return check


@pytest.mark.parametrize(
    "text",
    [
        "Russia condemned the missile strike on the port.",
        "The army shelled villages near the border overnight.",
        "He later met the delegation in the capital.",
        "Protesters clashed with police outside parliament.",
        "Governor Amara Okonkwo visited the flooded district.",  # unknown name, capitalised
        "\u201cWe will not give up,\u201d the spokesman said.",
    ],
)
def test_sentences_that_can_hold_an_event_are_parsed(worth, text):
    assert worth(text)


@pytest.mark.parametrize(
    "text",
    [
        "The weather was mild and dry for most of the week.",
        "Prices of rice and maize have been stable since spring.",
        "It is what it is, and that has always been so.",  # only forms of be/have/do
        "the decision was condemned as hasty by many.",  # a trigger but nobody to do it
    ],
)
def test_sentences_without_trigger_or_actor_are_skipped(worth, text):
    assert not worth(text)


def test_a_verb_that_needs_its_object_needs_it_in_the_sentence(worth):
    # every entry of "burn" asks for an object ("burned the church", "burned the flag")
    assert worth("Rebels burned the church in the capital.")
    assert worth("The church was burned by rebels in the capital.")
    assert not worth("Rebels burned the stubble in the capital.")
