"""The records the extractor's parts hand each other: a party found for a slot (``Found``), a
reading of a trigger before it becomes events (``Candidate``), and the view of the sentence's
actors they all read (``SentenceActorsLike``).

The parts, in the order a sentence goes through them: ``candidates`` (trigger -> lexicon entry
-> construction, with ``matching`` choosing the entries), ``wrappers`` ("agreed to hold talks":
what wraps a predicate), ``slots`` (who the source and target of a predicate are) and
``build`` (a candidate and its parties -> ``Event`` records). ``extractor`` composes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Token

from communique.events.lexicon import Lexicon
from communique.events.syntax import lemma
from communique.model import Actor

# Particles the parser sometimes attaches as prepositions ("pulled out of": out -> of).
PARTICLES = frozenset({"out", "down", "up", "off", "back", "away", "over"})


class SentenceActorsLike(Protocol):
    mentions: list[Actor]

    def actor_for(self, token: Token) -> Actor | None: ...


@dataclass
class Found:
    """An actor with the token it was read from and how it was found."""

    actor: Actor
    token: Token
    fallback: bool = False  # read from a possessor or modifier, not the phrase head


@dataclass
class Candidate:
    kind: str  # verb | noun | noun_unlicensed | derived | loose
    code: str
    rule: str
    trigger: Token
    span_tokens: list[Token]
    sources: list[Found]
    targets: list[Found]
    allow_no_target: bool
    anchors: list[Token]  # tokens whose clause decides modality and negation
    consumes: list[Token] = field(default_factory=list)
    passive: bool = False
    extra_modality: str | None = None
    imported: bool = False  # from the PETRARCH2 layer under the curated lexicon

    @property
    def family(self) -> str:
        """The id of the data file's entry the reading came from, as ``Entry.family`` gives
        it: the rule up to its first colon ("travel.to:arrive" -> "travel.to")."""
        return self.rule.split(":")[0]


def lemmas(tok: Token, lexicon: Lexicon) -> set[str]:
    """The lemmas a token may be looked up by: the parser's, and those the lexicon's forms
    give its surface form (a back-up for the tagger's lemma on odd tokens)."""
    return {lemma(tok)} | lexicon.lemma_for_form(tok.lower_)


def ordered_lemmas(tok: Token, lexicon: Lexicon) -> list[str]:
    """``lemmas`` in a fixed order, the parser's first: where two lemmas match entries of one
    id ("funding" as fund and funding), the rule an event reports must not follow string
    hashing from run to run."""
    own = lemma(tok)
    return [own, *sorted(lexicon.lemma_for_form(tok.lower_) - {own})]


def is_trigger(tok: Token, lexicon: Lexicon, triggers: frozenset[str]) -> bool:
    """Whether one of ``lemmas(tok, lexicon)`` is in ``triggers``, without building the set:
    the extractor asks it of every token of every parsed sentence."""
    return lemma(tok) in triggers or not triggers.isdisjoint(lexicon.lemma_for_form(tok.lower_))


def support(verb: Token, lexicon: Lexicon) -> set[str]:
    """The lemmas of a verb that may carry an event noun: its own, and the carrying verbs its
    form belongs to (the tagger lemmatizes some wrongly: "staged" -> "stag")."""
    return {lemma(verb)} | lexicon.support_lemmas_for_form(verb.lower_)


def particles(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "prt" or c.lower_ in PARTICLES]


def same_actor(a: Actor, b: Actor) -> bool:
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.name == b.name and a.code == b.code
