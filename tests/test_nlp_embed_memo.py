"""tok2vec's per-word embedding stage, kept per word (nlp/embed_memo.py)."""

from __future__ import annotations

import numpy

from communique.nlp import load_nlp
from communique.nlp import embed_memo
from communique.nlp.embed_memo import NAME

SENTENCES = [
    "Rebels attacked an army convoy near the border on Monday, killing three soldiers.",
    "The foreign minister said his government would not negotiate with the kidnappers.",
    "Police in Medellin arrested two suspected members of the Clan del Golfo.",
    "",
    "Police said the rebels attacked.",
]


def _layers():
    nlp = load_nlp(ner=False)
    memo = nlp.get_pipe("tok2vec").model.layers[0]
    return nlp, memo, memo.layers[0]


def test_the_parsing_pipeline_keeps_embeddings_per_word():
    _, memo, raw = _layers()
    assert memo.name == NAME
    assert raw.name.startswith("extract_features>>")


def test_same_vectors_as_the_embedding_stage_cold_and_warm():
    nlp, memo, raw = _layers()
    docs = [nlp.make_doc(t) for t in SENTENCES]
    want = raw.predict(docs)
    for _ in range(2):  # the first call computes the new words, the second reads them all back
        got = memo.predict(docs)
        assert [g.shape for g in got] == [w.shape for w in want]
        for g, w in zip(got, want, strict=True):
            # equal up to the last bit BLAS gives a product of another number of rows
            numpy.testing.assert_allclose(g, w, rtol=0, atol=1e-5)


def test_a_word_reads_back_the_numbers_it_was_given():
    nlp, memo, _ = _layers()
    first = memo.predict([nlp.make_doc("Kidnappers released the hostage.")])[0]
    again = memo.predict([nlp.make_doc("Kidnappers released the hostage.")])[0]
    assert numpy.array_equal(first, again)


def test_the_memo_stops_growing_at_its_bound(monkeypatch):
    nlp, memo, _ = _layers()
    table = memo.attrs["memo"]
    monkeypatch.setattr(embed_memo, "MAX_WORDS", len(table.rows))
    before = len(table.rows)
    out = memo.predict([nlp.make_doc("Xylophonists zigzagged quixotically past Qwertyville.")])[0]
    assert len(table.rows) == before and out.shape[0] == 6
