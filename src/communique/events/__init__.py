"""Event coding: the CAMEO/PLOVER ontology, the predicate lexicon and the parse-based extractor."""

from communique.events.extractor import EventExtractor
from communique.events.lexicon import Lexicon
from communique.events.ontology import CameoCode, Ontology

__all__ = ["CameoCode", "EventExtractor", "Lexicon", "Ontology"]
