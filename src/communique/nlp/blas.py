"""Run the model's matrix products on numpy's BLAS, one thread per process.

thinc multiplies matrices with its bundled BLIS unless told otherwise. On the machines this
project runs on, numpy's OpenBLAS does the same products (the tok2vec and parser layers, the
bulk of parsing) about three times faster per core, and in measurements over 118,000 tokens of
the benchmark corpora the tags, dependencies, heads and lemmas came out identical. The coder
runs one process per core (ingest workers), so OpenBLAS is held to one thread: with more, each
product of a sentence batch costs more CPU in thread hand-offs than it saves in wall time, and
two workers would fight over the same two cores.
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits


def use_numpy_blas(nlp: Language) -> Language:
    """Make every model of ``nlp`` compute with numpy's BLAS (``NumpyOps(use_blis=False)``)
    and limit the process's BLAS to one thread."""
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
    threadpool_limits(limits=1, user_api="blas")
    return nlp
