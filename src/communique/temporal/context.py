"""Dates across one article: a clause set "during the talks" takes the talks' date.

``resolve_date`` sees one sentence; news often dates an encounter once ("met on Wednesday
evening") and then reports what was said "during the talks" or "at the meeting". A
``DateContext`` remembers the last explicitly dated event of the article and gives it to
later clauses that point back at an event with a definite noun phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from communique import yamlio
from communique.temporal.lexicon import DATA
from communique.temporal.resolve import Resolved, clause_chain, resolve_date

_MARGINS = frozenset({"sideline", "sidelines", "margin", "margins"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "their", "his", "her", "its"})


@dataclass(frozen=True, slots=True)
class EventNouns:
    nouns: frozenset[str]
    preps: frozenset[str]


def load_event_nouns(path=None) -> EventNouns:
    raw = yamlio.load((path or DATA / "event_nouns.yaml").read_text(encoding="utf-8"))
    for key in ("nouns", "preps"):
        bad = [w for w in raw[key] if not isinstance(w, str)]
        if bad:  # YAML 1.1 turns a bare on/off/yes into a boolean
            raise ValueError(f"event_nouns.yaml: {key} holds non-words {bad!r}; quote them")
    return EventNouns(frozenset(raw["nouns"]), frozenset(raw["preps"]))


@lru_cache(maxsize=1)
def event_nouns() -> EventNouns:
    return load_event_nouns()


@dataclass(slots=True)
class DateContext:
    """One per article, like the actors' ArticleContext."""

    pub_date: str | None
    last: Resolved | None = field(default=None)

    def resolve(self, doc: Doc, trigger: Token | None) -> Resolved:
        found = resolve_date(doc, self.pub_date, trigger)
        if found[1] == "day":
            # Only what already happened can be "the talks" later sentences look back to.
            if self.pub_date is None or (found[0] or "") <= self.pub_date[:10]:
                self.last = found
            return found
        if found[1] != "publication" or self.last is None:
            return found
        anaphor = _event_anaphor(doc, trigger)
        if anaphor is None:
            return found
        return self.last[0], self.last[1], anaphor


def _event_anaphor(doc: Doc, trigger: Token | None) -> str | None:
    """ "the talks" in "During the talks, ..." when it hangs in the trigger's clause chain."""
    table = event_nouns()
    candidates: dict[int, str] = {}
    for tok in doc:
        if tok.lemma_.lower() not in table.nouns and tok.lower_ not in table.nouns:
            continue
        prep = tok.head
        if tok.dep_ != "pobj":
            continue
        if prep.lower_ == "of" and prep.head.lemma_.lower() in _MARGINS \
                and prep.head.dep_ == "pobj":  # "on the sidelines of the summit"
            prep = prep.head.head
        if prep.lower_ not in table.preps or prep.head.i == prep.i:
            continue
        if not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children):
            continue
        candidates[prep.head.i] = doc[tok.left_edge.i:tok.i + 1].text
    if not candidates:
        return None
    for members in clause_chain(doc, trigger):
        for i, text in candidates.items():
            if i in members:
                return text
    return None
