"""Finds CAMEO events on a parsed sentence: trigger, source, target, modality, negation.

Three kinds of trigger, tried in this order on each sentence:

1. wrappers ("agreed to hold talks", "threatened to impose sanctions", "called for a
   ceasefire", "expressed a desire to meet"): the code comes from the complement's family
   under the wrapper's kind (data/frames.yaml), and the complement is not coded again;
2. nominal triggers carried by a light verb, a presence PP or a possessor ("held talks with",
   "is on a visit to", "Russia's invasion of");
3. verbal triggers ("condemned", "cracked down on"), with passives swapped.

A token that has fired is consumed, so one trigger gives one event per (source, target).

``EventExtractor`` composes the parts, each a module of this package: ``candidates`` (with
``matching``) finds the readings of a trigger, ``wrappers`` the wrapper readings, ``slots``
their sources and targets, and ``build`` turns a reading into events.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from communique.events.build import (EventBuilder, Key, Where, drop_agreement_terms,
                                     drop_redundant_untargeted)
from communique.events.candidates import CandidateFinder
from communique.events.lexicon import Lexicon
from communique.events.ontology import Ontology
from communique.events.records import Candidate, SentenceActorsLike, is_trigger
from communique.events.slots import SlotFinder
from communique.events.statements import comment_candidates
from communique.events.wrappers import WrapperFinder
from communique.model import Event, Quote

_TRIGGER_KEY = [LEMMA, LOWER]  # what ``is_trigger`` reads of a token


class EventExtractor:
    def __init__(self, ontology: Ontology | None = None, lexicon: Lexicon | None = None,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        """``place_country`` gives the country of a city or province name (the coder passes
        the gazetteer's), so violence against a named place targets its country."""
        self.ontology = ontology or Ontology.load()
        self.place_country = place_country
        self.lexicon = lexicon or Lexicon.load()
        lex = self.lexicon
        self.slots = SlotFinder(lex, place_country)
        self.wrappers = WrapperFinder(lex, self.slots)
        self.candidates = CandidateFinder(lex, self.slots, self.wrappers)
        self.builder = EventBuilder(self.ontology, lex, self.slots)
        # every finder starts from a lexicon lookup by lemma: a token none of these names can
        # trigger nothing, and is skipped (most tokens of a sentence)
        self._trigger_lemmas = frozenset().union(
            lex.by_verb, lex.by_noun, lex.wrappers_by_verb, lex.wrappers_by_noun,
            lex.obligation_verbs, lex.obligation_nouns)
        self._is_trigger: dict[tuple[int, int], bool] = {}  # (lemma, lower) -> is_trigger

    # -- public -------------------------------------------------------------------------------

    def extract(
        self,
        sent: Span | Doc,
        actors: SentenceActorsLike,
        article_id: str,
        sent_index: int,
        char_offset: int,
    ) -> list[Event]:
        tokens = [sent[k] for k in self._trigger_positions(sent)]
        consumed: set[int] = set()
        events: list[Event] = []
        seen: set[Key] = set()
        # the recall pass re-reads the strict verb readings of the tokens left unconsumed,
        # rather than matching their entries again
        strict: dict[int, list[Candidate]] = {}

        def verb_readings(tok: Token, actors) -> list[Candidate]:
            strict[tok.i] = self.candidates.verb(tok, actors)
            return strict[tok.i]

        def loose_readings(tok: Token, actors) -> list[Candidate]:
            return self.candidates.loose(tok, actors, strict.pop(tok.i, None))

        for finder in (self.wrappers.candidates, self.candidates.noun, verb_readings,
                       loose_readings):
            for tok in tokens:
                if tok.i in consumed:
                    continue
                chosen = self.builder.first_reading(finder(tok, actors), consumed, seen, actors,
                                                    Where(sent, article_id, sent_index, char_offset))
                if chosen is not None:
                    cand, made, keys = chosen
                    events.extend(made)
                    seen |= keys
                    consumed.add(cand.trigger.i)
                    consumed.update(t.i for t in cand.consumes)
        return drop_agreement_terms(drop_redundant_untargeted(events))

    def comments(self, sent: Span | Doc, quotes: list[Quote], events: list[Event],
                 actors: SentenceActorsLike, article_id: str, sent_index: int,
                 char_offset: int) -> list[Event]:
        """Statements about another actor that nothing else of the sentence codes
        ("the minister said Bolivia's tariffs would hurt trade" = 010 -> Bolivia); see
        ``statements``."""
        where = Where(sent, article_id, sent_index, char_offset)
        seen: set[Key] = set()
        out: list[Event] = []
        for cand in comment_candidates(sent, quotes, events, actors, char_offset, self.lexicon):
            out.extend(self.builder.events(cand, *where, seen, actors))
        return out

    def _trigger_positions(self, sent: Span | Doc) -> list[int]:
        """The positions in ``sent`` of the tokens ``is_trigger`` accepts. Its answer depends
        only on a token's lemma and lower-case form, so it is kept per (lemma, form) pair and
        read from the sentence's arrays: "said" is asked once per process, not once per
        sentence, and the words that trigger nothing (most) need no Token object."""
        known = self._is_trigger
        out: list[int] = []
        for k, key in enumerate(map(tuple, sent.to_array(_TRIGGER_KEY).tolist())):
            found = known.get(key)
            if found is None:
                found = is_trigger(sent[k], self.lexicon, self._trigger_lemmas)
                if len(known) < 500_000:
                    known[key] = found
            if found:
                out.append(k)
        return out

    def announce_future(self, event: Event, publication: str | None) -> None:
        """'Hu Jintao visits Canada next week': an act dated after the article is announced,
        not done, and CAMEO codes it as the intent (036) or threat it is."""
        self.builder.announce_future(event, publication)
