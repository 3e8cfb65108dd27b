"""Entry matching: which lexicon entries a trigger token's construction fits.

An entry may ask for a particle ("cracked down"), object words ("restored relations"), a PP
("talked by phone") or a noun modifier ("peace talks"); the entries that fit come back most
specific first (the entry asking most of the construction), so the first reading tried is
the narrowest.
"""

from __future__ import annotations

from spacy.tokens import Token

from communique.events.lexicon import Entry, Lexicon
from communique.events.records import lemmas, ordered_lemmas, particles
from communique.events.syntax import (
    direct_object,
    is_passive,
    lemma,
    modifiers,
    particle_token,
    passive_subject,
    pp_objects,
    with_conjuncts,
)


class EntryMatcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def noun_entries(self, tok: Token) -> list[Entry]:
        """The noun entries ``tok`` matches, most specific first."""
        return self._matching(tok, self.lexicon.by_noun, self._noun_entry_matches)

    def _matching(self, tok: Token, table: dict[str, list[Entry]], matches) -> list[Entry]:
        found: dict[str, Entry] = {}
        for lem in ordered_lemmas(tok, self.lexicon):
            for entry in table.get(lem, []):
                if entry.id not in found and matches(tok, entry):
                    found[entry.id] = entry
        return sorted(found.values(), key=lambda e: -e.specificity)

    def verb_entries(self, tok: Token) -> list[Entry]:
        """The verb entries ``tok`` matches, most specific first; like ``noun_entries``, but only the entries the clause's object words and prepositions
        can match are tried (Lexicon.verb_entries)."""
        words = self._object_words(tok)
        holders = [tok, direct_object(tok), *particles(tok)]
        preps = frozenset(c.lower_ for h in holders if h is not None for c in h.children
                          if c.dep_ in ("prep", "agent", "dative"))
        found: dict[str, Entry] = {}
        for lem in ordered_lemmas(tok, self.lexicon):
            for entry in self.lexicon.verb_entries(lem, words, preps):
                if entry.id not in found and self._verb_entry_matches(tok, entry, words):
                    found[entry.id] = entry
        return sorted(found.values(), key=lambda e: -e.specificity)

    def _object_words(self, tok: Token) -> frozenset[str]:
        """The words a verb entry's object list may match: the object's lemma and form, its
        conjuncts, the measured noun ("a mission of observers", "part of the stronghold") and
        a generic head's compound ("halt mediation efforts")."""
        obj = direct_object(tok) or (passive_subject(tok) if is_passive(tok) else None)
        if obj is None:
            return frozenset()
        heads = [obj]
        if lemma(obj) in self.lexicon.collective_nouns:
            heads.extend(pp_objects(obj, "of")[:1])
        words = {lemma(o) for h in heads for o in with_conjuncts(h)} | {obj.lower_}
        words |= {lemma(c) for h in heads if lemma(h) in self.lexicon.generic_heads
                  for c in h.children if c.dep_ == "compound"}
        return frozenset(words)

    def _verb_entry_matches(self, tok: Token, entry: Entry,
                            words: frozenset[str] | None = None) -> bool:
        if entry.particle and particle_token(tok, entry.particle) is None:
            return False
        if entry.objects:
            if words is None:
                words = self._object_words(tok)
            if not words & entry.objects:
                return False
        return self._pps_match([tok, direct_object(tok), *particles(tok)], entry)

    def _noun_entry_matches(self, tok: Token, entry: Entry) -> bool:
        if entry.mods:
            mods = {lemma(m) for m in modifiers(tok)} | {m.lower_ for m in modifiers(tok)}
            if not mods & entry.mods:
                return False
        return self._pps_match([tok], entry)

    @staticmethod
    def _pps_match(holders: list[Token | None], entry: Entry) -> bool:
        """Any one of the entry's PPs must be present ("by phone" or "over the phone")."""
        if not entry.pps:
            return True
        for prep, words in entry.pps:
            objs = [o for h in holders if h is not None for o in pp_objects(h, prep)]
            if objs and (not words or any(lemma(o) in words or o.lower_ in words for o in objs)):
                return True
        return False
