"""The first stage of the model's tok2vec, kept per word.

tok2vec first embeds every token on its own: six hashed features of the token alone (its
norm, prefix, suffix, shape ...: nothing of its neighbours) are looked up, concatenated and
mixed by a Maxout and a LayerNorm into 96 numbers, before the window layers bring in the
context. That first stage is a third of tok2vec's arithmetic (its Maxout is twice the size of
a window layer's) and gives the same numbers for the same six features, so they are kept per
feature row: a word already seen ("the", "police", "said") is a table lookup, and only words
new to the process are computed (most of a batch's tokens after the first few articles).

The kept numbers were computed with the batch of new words they first came in. BLAS sums a
product's terms in an order that depends on the matrix's number of rows, so a value can differ
in the last bit from the one a different batch would give (as it already does whenever the
same sentence is parsed in another batch: alone, in ingest, through the API); the tags,
dependencies and codes do not change (same_output over 1,000 articles, and over the same
articles parsed in batches of 200 instead of 256).
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from thinc.api import Model

NAME = "communique_embed_memo"
# Words kept at most: 96 float32 each and their key, so 50,000 words are under 30 MB per
# process. 300 benchmark articles hold about 17,000 distinct feature rows, and each further
# article brings a few dozen new ones.
MAX_WORDS = 50_000


class _Memo:
    """Feature row (as bytes) -> its vector, in one growing table."""

    def __init__(self, width: int) -> None:
        self.rows: dict[bytes, int] = {}
        self.table = numpy.zeros((4096, width), dtype="float32")

    def find(self, keys: list[bytes]) -> numpy.ndarray:
        get = self.rows.get
        return numpy.array([get(k, -1) for k in keys], dtype="int64")

    def add(self, keys: list[bytes], vectors: numpy.ndarray) -> None:
        room = max(MAX_WORDS - len(self.rows), 0)
        keys, vectors = keys[:room], vectors[:room]
        if not keys:
            return
        start = len(self.rows)
        end = start + len(keys)
        if end > len(self.table):
            size = max(end, min(2 * len(self.table), MAX_WORDS))
            grown = numpy.zeros((size, self.table.shape[1]), dtype="float32")
            grown[:start] = self.table[:start]
            self.table = grown
        self.table[start:end] = vectors
        self.rows.update(zip(keys, range(start, end)))


def _forward(model: Model, docs, is_train: bool):
    embed = model.layers[0]
    if is_train:
        return embed(docs, is_train)
    # the embedding chain: extract_features >> list2ragged >> with_array(hash embeddings)
    # >> with_array(maxout >> layernorm >> dropout) >> ragged2list
    extract, _, features_to_vectors, mix, _ = embed.layers
    features = extract.predict(docs)
    lengths = [len(f) for f in features]
    if not sum(lengths):
        return embed(docs, is_train)
    rows = numpy.ascontiguousarray(numpy.concatenate(features))
    keys = rows.view(numpy.dtype((numpy.void, rows.shape[1] * rows.itemsize))).ravel()
    unique, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
    unique_keys = unique.tolist()
    memo: _Memo = model.attrs["memo"]
    found = memo.find(unique_keys)
    vectors = numpy.empty((len(unique_keys), memo.table.shape[1]), dtype="float32")
    known = found >= 0
    vectors[known] = memo.table[found[known]]
    missing = numpy.flatnonzero(~known)
    if len(missing):
        new = mix.predict(features_to_vectors.predict(rows[first[missing]]))
        vectors[missing] = new
        memo.add([unique_keys[j] for j in missing.tolist()], new)
    out = model.ops.unflatten(vectors[inverse.ravel()], lengths)
    return out, lambda d_out: []


def install(nlp: Language) -> Language:
    """Put the memo in front of the ``tok2vec`` pipe's embedding stage (once)."""
    if "tok2vec" not in nlp.pipe_names:
        return nlp
    tok2vec = nlp.get_pipe("tok2vec").model
    embed = tok2vec.layers[0]
    if embed.name == NAME:
        return nlp
    names = [layer.name for layer in embed.layers]
    if len(names) != 5 or names[0] != "extract_features" or names[-1] != "ragged2list":
        raise ValueError(f"tok2vec embedding stage not recognised: {embed.name}")
    width = embed.get_dim("nO")
    tok2vec.layers[0] = Model(NAME, _forward, layers=[embed], attrs={"memo": _Memo(width)},
                              dims={"nO": width})
    return nlp
