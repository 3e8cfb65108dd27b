"""The parsing pipeline multiplies matrices with numpy's BLAS on one thread (nlp/blas.py),
and parses as the model does with its default BLIS."""

from __future__ import annotations

import spacy
from threadpoolctl import threadpool_info

from communique.nlp import load_nlp
from communique.nlp.loader import MODEL_NAME

SENTENCES = [
    "Rebels attacked an army convoy near the border on Monday, killing three soldiers.",
    "The foreign minister said his government would not negotiate with the kidnappers.",
    "Police in Medellin arrested two suspected members of the Clan del Golfo.",
]


def test_every_model_layer_uses_numpy_blas():
    nlp = load_nlp(ner=False)
    for name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        assert all(getattr(node.ops, "use_blis", False) is False for node in model.walk()), name


def test_blas_runs_on_one_thread():
    load_nlp(ner=False)
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_same_parse_as_the_model_with_blis():
    reference = spacy.load(MODEL_NAME, exclude=["ner"])
    fast = load_nlp(ner=False)

    def parse(doc):
        return [(t.tag_, t.dep_, t.head.i) for t in doc]

    assert [parse(d) for d in fast.pipe(SENTENCES)] == [parse(d) for d in reference.pipe(SENTENCES)]
