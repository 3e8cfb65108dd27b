"""Which way a yearless date points: the tense of the clause the expression belongs to."""

from __future__ import annotations

from spacy.tokens import Token

from communique.model.grammar import FUTURE_AUX, INTENT_HEADS

PAST_AUX = frozenset({"did", "had", "was", "were", "has", "have"})
# "the upcoming summit on Thursday", "scheduled for March"
FUTURE_MARKERS = frozenset({
    "upcoming", "forthcoming", "planned", "scheduled", "expected", "proposed", "coming",
    "slated", "next", "anticipated", "future",
})

Direction = str  # "past" | "future" | "present" | "nearest"


def clause_verb(tok: Token, limit: int = 8) -> Token | None:
    """The verb a token hangs from: itself if it is one, else the nearest verb ancestor."""
    current = tok
    for _ in range(limit):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def direction(tok: Token | None) -> Direction:
    """future, past, present or nearest (no tense cue) for the clause around ``tok``."""
    if tok is None:
        return "nearest"
    if tok.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in FUTURE_MARKERS for c in tok.children if c.dep_ in ("amod", "compound")
    ):
        return "future"
    verb = clause_verb(tok)
    if verb is None:
        return "nearest"
    current = verb
    for _ in range(4):
        aux = [c.lower_ for c in current.children if c.dep_ in ("aux", "auxpass")]
        if any(a in FUTURE_AUX for a in aux):
            return "future"
        if current.lemma_.lower() in ("schedule", "slate", "plan") and current.tag_ == "VBN":
            return "future"
        if current.tag_ == "VBD" or any(a in PAST_AUX for a in aux):
            # "was expected to meet" is still about a later meeting
            if current.i != verb.i and current.lemma_.lower() in INTENT_HEADS:
                return "future"
            return "past"
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in INTENT_HEADS:
            return "future"
        if current.dep_ != "xcomp" or current.head.i == current.i:
            break
        current = current.head
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):  # "talks held on Monday"
        return "past"
    if verb.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children) \
            and verb.head.i != verb.i:
        # "gathering to start a convention on Monday": a purpose lies ahead of its clause
        # unless that clause is itself over ("flew to Moscow to meet him on Monday").
        return "past" if direction(verb.head) == "past" else "future"
    if _present(verb):
        return "present"
    return "nearest"


def _present(verb: Token) -> bool:
    """Simple present or present progressive: "the court rules on Friday", "is meeting ..."."""
    if verb.tag_ in ("VBZ", "VBP") and verb.dep_ not in ("aux", "auxpass"):
        return True
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'s", "'re") for c in verb.children)
