"""Article-level completion of events whose target the sentence leaves implicit.

News reports a meeting once and then narrates what happened in it: "During the meeting, the
minister conveyed greetings". The greeting is addressed to the other side of the meeting,
though no sentence says so. Coders that work sentence by sentence drop such events (no
target) or guess from whatever country is nearby; here the target is taken from the encounter
the sentence refers back to, and the event is marked so users can see it was inferred.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Token

from communique.events.lexicon import Lexicon
from communique.events.syntax import lemma, token_at
from communique.model import Actor, Event

# An inferred target is a weaker claim than one read off the parse.
_CONFIDENCE_PENALTY = 0.15


def fill_implicit_targets(
    events: list[Event], docs: Mapping[int, Doc], offsets: Mapping[int, int], lexicon: Lexicon
) -> None:
    """Give target-less dialogue events the other party of the encounter their clause
    mentions ("During the meeting, X conveyed greetings"). Dates of such clauses are the
    temporal stage's job. ``events`` are in article order; ``docs`` maps sentence index to its
    parse and ``offsets`` to the sentence's first character."""
    encounters: list[Event] = []
    for event in events:
        if _is_encounter(event):
            encounters.append(event)
            continue
        if event.target is not None or event.source is None or not encounters:
            continue
        if event.root not in lexicon.implicit_target_roots:
            continue
        doc = docs.get(event.sentence)
        if doc is None:
            continue
        trigger = token_at(doc, event.trigger.start - offsets.get(event.sentence, 0))
        if trigger is None or not any(
            lemma(t) in lexicon.encounter_nouns for t in _clause_tokens(trigger)
        ):
            continue
        other = _other_party(event.source, encounters)
        if other is None:
            continue
        event.target = other
        event.rule = f"{event.rule}+encounter-target"
        event.confidence = round(max(0.05, event.confidence - _CONFIDENCE_PENALTY), 2)


def _clause_tokens(trigger: Token) -> list[Token]:
    """The trigger's own clause: the governing verb's subtree without its coordinated
    clauses, so "X highlighted A and expressed B during the talks" keeps "talks" to B."""
    head = trigger
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            skip.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in skip]


def _is_encounter(event: Event) -> bool:
    return (
        event.root == "04"
        and not event.negated
        and event.source is not None
        and event.target is not None
        and event.source.country is not None
        and event.target.country is not None
        and event.source.country != event.target.country
    )


def _other_party(source: Actor, encounters: list[Event]) -> Actor | None:
    """The other side of the latest encounter the source's country took part in, preferring
    encounters whose other side is a named, sector-coded actor (a person over a bare country)."""
    fallback: Actor | None = None
    for enc in reversed(encounters):
        assert enc.source is not None and enc.target is not None
        if enc.source.country == source.country:
            other = enc.target
        elif enc.target.country == source.country:
            other = enc.source
        else:
            continue
        if other.sectors:
            return other
        fallback = fallback or other
    return fallback
