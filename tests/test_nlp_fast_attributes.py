"""The compiled attribute ruler + lemmatizer must annotate exactly like the model's own pipes."""

from __future__ import annotations

import pytest
import spacy

from communique.nlp import load_nlp
from communique.nlp.fast_attributes import FACTORY
from communique.nlp.loader import MODEL_NAME

SENTENCES = [
    "The defence minister said on Tuesday that the talks had been postponed.",
    "I told them it wasn't going to work, and they ignored me.",
    "We're gonna meet 'em in Nairobi, y'all, so let's go.",
    "There were protests outside the embassy as police detained dozens of students.",
    "She gave it to him  after the vote, nothin' more.",
    "Rebels ain't leaving the town until the army withdraws its tanks.",
    "Does the government have a plan?  Nobody knows, and something must change.",
    "Officials have said the ceasefire would hold; the rebels did not.",
]


@pytest.fixture(scope="module")
def reference():
    return spacy.load(MODEL_NAME, exclude=["ner"])


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_loader_uses_the_compiled_pipe():
    names = load_nlp(ner=False).pipe_names
    assert FACTORY in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotation_as_the_model(reference, text):
    fast = load_nlp(ner=False)
    assert _annotations(fast(text)) == _annotations(reference(text))


def test_same_annotation_in_batches(reference):
    fast = load_nlp(ner=False)
    got = [_annotations(d) for d in fast.pipe(SENTENCES * 3, batch_size=4)]
    want = [_annotations(d) for d in reference.pipe(SENTENCES * 3, batch_size=4)]
    assert got == want


def test_pronoun_lemmas_set_by_the_ruler_survive(reference):
    doc = load_nlp(ner=False)("I saw them and they saw me.")
    assert [t.lemma_ for t in doc if t.pos_ == "PRON"] == ["I", "they", "they", "I"]
