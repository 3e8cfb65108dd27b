"""What one article has seen so far, as plain data: the mentions in reading order (for
pronouns and descriptions), the people learned from a title, the surnames of people met, the
offices named for imported people, where the story was filed, and the publication date that
decides who held an office.

The modules that read a sentence (``chunks``), make actors (``build``) and resolve
descriptions and pronouns (``describe``) all read and write this one record; nothing else
about an article is kept anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from communique.actors.coref import History
from communique.actors.kb import Entry
from communique.actors.mentions import Learned
from communique.model import Actor, iso_date


class NamedOffice(NamedTuple):
    """The office an article named for an imported person in a dated ELI span."""

    sectors: list[str]
    classes: list[str]


class Resolved(NamedTuple):
    """What a mention resolved to: the actor (None: nobody), whether it is one person, the
    person's gender ("m", "f", None for unknown) and the classes of the office they hold.
    No actor but a person: someone the text names whom no code fits ("Mr Smith")."""

    actor: Actor | None
    person: bool = False
    gender: str | None = None
    classes: list[str] = []


# A mention that is nobody, and says so: the search for a referent stops here.
NOBODY = Resolved(None)


@dataclass(slots=True)
class ArticleState:
    """One article's resolution state."""

    pub_date: str | None
    history: History = field(default_factory=History)
    # people the KB lacks, learned from "Kenyan President William Ruto": name words -> person
    learned: dict[tuple[str, ...], Learned] = field(default_factory=dict)
    # ids of KB people mentioned in full; a later bare surname is then coreference
    seen_people: set[str] = field(default_factory=set)
    # last name alone -> the person met in full in this article
    surnames: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    # imported people in a dated ELI span whose office the article named
    office_named: dict[str, NamedOffice] = field(default_factory=dict)
    # the country of the dateline ("BAGHDAD (Reuters) -"), the first one only
    dateline_country: str | None = None
    # genders the text gave people the KB has none for ("Mr Tarn", a "she" that meant them),
    # by ``coref.person_key``
    genders: dict[str, str] = field(default_factory=dict)
    # offices the text gave known people ("Chancellor Hans Brenner"): id -> title classes
    stated_classes: dict[str, list[str]] = field(default_factory=dict)
    # ids of known business people the text introduced as such ("tycoon Rupert Vance")
    in_business: set[str] = field(default_factory=set)
    # the countries of every actor the article named so far (and its dateline's)
    countries: set[str] = field(default_factory=set)

    @classmethod
    def for_article(cls, pub_date: str | None) -> ArticleState:
        return cls(iso_date(pub_date))

    def article_country(self, sector: str | None = None) -> str | None:
        """The country the recent sentences are about (see ``History.article_country``)."""
        return self.history.article_country(sector, self.dateline_country)
