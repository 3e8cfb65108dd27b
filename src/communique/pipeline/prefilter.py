"""Decides, on tokenizer output alone, which sentences are worth the statistical pipeline."""

from __future__ import annotations

from spacy.tokens import Span

from communique.events import Lexicon

_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


class Prefilter:
    def __init__(self, lexicon: Lexicon) -> None:
        self.forms = lexicon.trigger_forms()

    def worth_parsing(self, sent: Span) -> bool:
        forms = self.forms
        for token in sent:
            if token.lower_ in forms or token.text in _QUOTE_MARKS:
                return True
        return False
