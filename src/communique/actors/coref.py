"""In-article coreference state: who was mentioned where, and whom a pronoun, a definite
description or an unnamed body most likely refers to.

Salience is kept simple and cheap: the subject of a sentence (or, without a parse, its first
mention) is what a later "he", "they" or "the minister" picks up; in its own sentence, the
subject of the nearest clause before it; an object pronoun skips the subject of its own clause
("Putin invited Modi to host him"). A pronoun takes only what agrees with it (gender, number),
and a person the article names but no code fits stops the search: nobody, not someone further
back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from communique.model import Actor, ActorCode

# pronoun -> (what it refers to, gender, case)
PRONOUNS: dict[str, tuple[str, str | None, str]] = {
    "he": ("person", "m", "nom"), "him": ("person", "m", "obj"), "his": ("person", "m", "poss"),
    "himself": ("person", "m", "obj"),
    "she": ("person", "f", "nom"), "her": ("person", "f", "poss"), "hers": ("person", "f", "poss"),
    "herself": ("person", "f", "obj"),
    "they": ("group", None, "nom"), "them": ("group", None, "obj"), "their": ("group", None, "poss"),
    "it": ("thing", None, "nom"), "its": ("thing", None, "poss"),
}
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
# Sectors of people who are not the state: unnamed, they belong where the story happens.
NON_STATE = frozenset("REB UAF CRM SEP OPP CVL REF LAB EDU HLH AGR REL HRI MED BUS SET".split())
WINDOW = 4  # sentences back that a pronoun or description may reach
# Mentions of a capital as a place: "talks in Pyongyang", "a Baghdad suburb". Unless the subject
# of their clause ("Pyongyang said", a capital speaking for its government), they say where
# something happened, not whose the story's unnamed officials are (the people of a place,
# "a Shiite cleric's militia fought in Baghdad", do belong where the story happens).
PLACE_HOWS = frozenset({"kb:capital", "kb:capital-place"})


@dataclass(slots=True)
class Mentioned:
    actor: Actor
    sentence: int
    pos: int  # token index in its sentence
    person: bool
    gender: str | None
    classes: list[str]
    subject: bool
    plural: bool | None = None  # for they/it; None when either fits ("Hamas said it/they")
    # False: a person the text names whom no code fits ("Mr Smith, a farmer"); a pronoun that
    # reaches them means them, so it resolves to nobody rather than to someone further back
    known: bool = True


class History:
    """The article's mentions in reading order."""

    def __init__(self) -> None:
        self.items: list[Mentioned] = []

    def add(self, item: Mentioned) -> None:
        self.items.append(item)
        if len(self.items) > 1 and _order(self.items[-2]) > _order(item):
            self.items.sort(key=_order)  # a pronoun resolved after the later mentions of its sentence
        # nothing older than the window is ever consulted: keep long articles cheap
        newest = self.items[-1].sentence
        drop = 0
        while drop < len(self.items) and newest - self.items[drop].sentence > WINDOW:
            drop += 1
        if drop:
            del self.items[:drop]

    def recent(self) -> Iterator[Mentioned]:
        """Newest first, within the window."""
        if not self.items:
            return
        newest = self.items[-1].sentence
        for h in reversed(self.items):
            if newest - h.sentence > WINDOW:
                return
            yield h

    def antecedent(self, sentence: int, pos: int, kind: str, gender: str | None, case: str) -> Mentioned | None:
        """The nearest mention that agrees with a pronoun: he/she a person of that gender (or
        of none known), they a plural group ("police", "rebels"), it a country or body, either
        of them a group that may be read both ways ("Hamas said it/they"); None when the
        nearest agreeing one is a person no code fits, or when nothing agrees."""
        if kind == "person":
            found = self._antecedent(sentence, pos, case, lambda h: h.person and (
                h.gender is None or gender is None or h.gender == gender))
            return found if found is not None and found.known else None
        wanted = (lambda h: h.plural is not False) if kind == "group" else (lambda h: h.plural is not True)
        return self._antecedent(sentence, pos, case, lambda h: not h.person and wanted(h))

    def learn_gender(self, key: str, gender: str) -> None:
        """The text said a person's gender (a pronoun that refers to them): their earlier
        mentions carry it too."""
        for h in self.items:
            if h.person and h.gender is None and person_key(h.actor) == key:
                h.gender = gender

    def _antecedent(self, sentence: int, pos: int, case: str,
                    fits: Callable[[Mentioned], bool]) -> Mentioned | None:
        window = [h for h in self.items if sentence - h.sentence <= WINDOW]
        same = [h for h in window if h.sentence == sentence and h.pos < pos and fits(h)]
        if same:
            if case == "obj":
                subj = identity(salient(same))
                rest = [h for h in same if identity(h) != subj]
                if rest:
                    return rest[-1]
            else:
                # the subject of the nearest clause before it ("Abu Rdainah said Arafat had
                # decided against flying because he had a busy schedule" is Arafat)
                return next((h for h in reversed(same) if h.subject), same[0])
        for back in range(sentence - 1, sentence - WINDOW - 1, -1):
            prev = [h for h in window if h.sentence == back and fits(h)]
            if prev:
                return _unambiguous(prev)
        return None

    def article_country(self, sector: str | None = None, dateline: str | None = None) -> str | None:
        """The country the recent sentences are about: most mentioned, then most recent, among
        the actors introduced (not the places named: "Talks in Pyongyang collapsed. The
        chancellor demanded savings" gives the chancellor no country). For non-state groups,
        the dateline's country first ("U.S. forces killed militiamen")."""
        if sector in NON_STATE and dateline:
            return dateline
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for n, h in enumerate(self.recent()):
            country = h.actor.country
            if not country or ActorCode.parse(country).is_igo:
                continue
            if h.actor.how in PLACE_HOWS and not h.subject and sector not in NON_STATE:
                continue
            counts[country] = counts.get(country, 0) + 1
            last.setdefault(country, n)
        if not counts:
            return dateline
        top = max(counts.values())
        tied = [k for k in counts if counts[k] == top]
        if len(tied) > 1:
            # "Russia's Lavrov met Chinese officials. The president said": either country's
            # president; a wrong actor is worse than none (the dateline may settle it)
            return dateline if dateline in tied else None
        return tied[0]


def _order(h: Mentioned) -> tuple[int, int]:
    return (h.sentence, h.pos)


def person_key(actor: Actor) -> str:
    """Who a person is within an article: the knowledge base's id, else the name."""
    return actor.kb_id or actor.name


def identity(h: Mentioned) -> tuple[str | None, str, str]:
    return (h.actor.kb_id, h.actor.name, h.actor.code)


def _unambiguous(items: list[Mentioned]) -> Mentioned | None:
    """The antecedent a sentence offers: its subject; else, when it names one referent only,
    that one. Two people and no parse to say which was the subject ("Putin, Bush." then "He
    said"): nobody, since a wrong actor is worse than none."""
    for h in items:
        if h.subject:
            return h
    if len({identity(h) for h in items}) > 1 and any(h.person for h in items):
        return None
    return items[0]


def salient(items: list[Mentioned]) -> Mentioned:
    """The subject if one is marked, else the first mention (news sentences lead with it)."""
    for h in items:
        if h.subject:
            return h
    return items[0]
