"""Event coding: the CAMEO/PLOVER ontology, the predicate lexicon and the parse-based extractor."""

from communique.events.ontology import CameoCode, Ontology

__all__ = ["CameoCode", "Ontology"]
