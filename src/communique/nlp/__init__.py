"""spaCy loading and the cheap pre-parse passes (sentence split, tokenization)."""

from communique.nlp.loader import MODEL_NAME, load_nlp, load_tokenizer_pipeline

__all__ = ["MODEL_NAME", "load_nlp", "load_tokenizer_pipeline"]
