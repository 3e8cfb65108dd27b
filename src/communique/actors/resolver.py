"""Actor resolution on sentences, with in-article coreference.

One ``ArticleContext`` per article walks its sentences in order over one ``ArticleState``
(what the article has seen). Each sentence is cut into mentions (``chunks``: pieces, chunks,
appositions such as "India's External Affairs Minister, Subrahmanyam Jaishankar"), each
mention is resolved to an actor here, the records made by ``build``, and titles, definite
descriptions and pronouns ("the minister", "the Russian leader", "he") are resolved against
what came before by ``describe``.

The parse, when there is one, only sharpens things: PROPN tags for unknown names, plural
tags, appositions, and subjects for pronoun salience.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from communique.actors.build import Builder, out_of_government
from communique.actors.chunks import Chunker, Unit, plural
from communique.actors.coref import Mentioned, person_key
from communique.actors.describe import Describer
from communique.actors.kb import KnowledgeBase
from communique.actors.mentions import (
    COUNTRYISH,
    Chunk,
    Sentence,
    determiner,
    heading_title,
    sector_from,
    title_gender,
)
from communique.actors.state import NOBODY, ArticleState, Resolved
from communique.actors.tables import ANAPHOR
from communique.model import Actor, ActorCode


class SentenceActors:
    """The actors of one sentence: its mentions, and the actor behind any token of one."""

    def __init__(self, mentions: list[Actor], by_token: dict[int, Actor]) -> None:
        self.mentions = mentions
        self._by_token = by_token

    def actor_for(self, token: Token) -> Actor | None:
        return self._by_token.get(token.i)

    def __repr__(self) -> str:
        return f"SentenceActors({[(a.text, a.code, a.how) for a in self.mentions]})"


def _no_place(name: str) -> str | None:
    return None


class ActorResolver:
    """Holds the knowledge base; one ``ArticleContext`` per article holds what it learned.

    Nothing is carried from one article to the next: a person learned from a title ("Kenyan
    President William Ruto" -> a later bare "Ruto") is known only within that article, so an
    article codes the same alone, in a batch, through ingest on any worker, or through the API.
    People worth knowing across a corpus go into the user dictionary (``communique actors
    suggest --db`` then ``actors add --from``), which every path reads the same way.
    """

    def __init__(self, kb: KnowledgeBase | None = None,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        self.kb = kb or KnowledgeBase.load()
        # The country of a city or province the knowledge base has no entry for ("police in
        # Marinka"); the coder gives the gazetteer's, so this package needs no geo import.
        self.place_country = place_country or _no_place

    def new_context(self, pub_date: str | None) -> ArticleContext:
        return ArticleContext(self, pub_date)


class ArticleContext:
    """Resolution of one article's sentences, in order, over its ``ArticleState``."""

    def __init__(self, resolver: ActorResolver, pub_date: str | None) -> None:
        self.resolver = resolver
        self.kb = resolver.kb
        self.state = ArticleState.for_article(pub_date)
        self.chunker = Chunker(self.kb, self.state)
        self.build = Builder(self.kb, self.state)
        self.describe = Describer(self.kb, self.state, self.build, resolver.place_country)

    @property
    def pub_date(self) -> str | None:
        return self.state.pub_date

    # -- public -----------------------------------------------------------------------------------

    def resolve_sentence(self, doc: Doc, index: int, offset: int) -> SentenceActors:
        return self._run(doc, index, offset)

    def observe(self, doc: Doc, index: int, offset: int) -> list[Actor]:
        return self._run(doc, index, offset).mentions

    # -- the pass over one sentence ------------------------------------------------------------

    def _run(self, doc: Doc, index: int, offset: int) -> SentenceActors:
        tokens = list(doc)
        if not tokens:
            return SentenceActors([], {})
        s = Sentence(doc, tokens, index, offset)
        mentions: list[Actor] = []
        by_token: dict[int, Actor] = {}
        covered: set[int] = set()
        spokesmen: list[tuple[Actor, int]] = []  # countryless spokespeople, with where they end
        for unit in self.chunker.units(s):
            found = self._resolve_unit(s, unit)
            actor = found.actor
            first, last = unit.start, unit.end
            lo, hi = tokens[first].idx, tokens[last - 1].idx + len(tokens[last - 1].text)
            subject = any(s.dep(i) in ("nsubj", "nsubjpass") for i in unit.token_indices())
            covered.update(unit.token_indices())
            if actor is None:
                if found.person:
                    # someone no code fits ("Mr Smith"): not an actor, but a person a later
                    # "he" may mean, so it does not reach past them to someone else
                    self._unknown_person(s, first, last, found.gender, subject)
                continue
            actor.start, actor.end = offset + lo, offset + hi
            actor.text = doc[first:last].text  # = doc.text[lo:hi], without joining the whole sentence
            actor.sentence = index
            if actor.country and actor.country not in self.kb.countries:
                actor.country = None  # a region ("European leaders" = EURGOV) is no country
            if actor.country:
                self.state.countries.add(actor.country)
            if out_of_government(s, first, last, actor):
                # later bare mentions of a person learned here ("Moi") keep the recoded role
                learned_names = self.state.learned
                for key, learned in list(learned_names.items()):
                    if learned.name == actor.name and learned.code != actor.code:
                        learned_names[key] = replace(learned, code=actor.code, sectors=list(actor.sectors))
            if spokesmen and spokesmen[-1][1] < first <= spokesmen[-1][1] + 3 and tokens[spokesmen[-1][1]].lower_ == "for":
                # "a spokesman for the Peruvian police" speaks for the police (PERCOP)
                spokesman = spokesmen.pop()[0]
                spokesman.code, spokesman.country = actor.code, actor.country
                spokesman.sectors, spokesman.name, spokesman.kb_id = list(actor.sectors), actor.name, actor.kb_id
                spokesman.how = f"{actor.how}+spokesperson"
            if "spokesperson" in found.classes and not actor.country and last < len(tokens):
                spokesmen.append((actor, last))
            mentions.append(actor)
            for i in unit.token_indices():
                by_token[i] = actor
            gender = found.gender or (self.state.genders.get(person_key(actor)) if found.person else None)
            self.state.history.add(Mentioned(actor, index, first, found.person, gender,
                                             found.classes, subject, self._number(s, unit)))
        for run in self.chunker.unknown_people(s, covered):
            self._unknown_person(s, run.start, run.end, None,
                                 any(s.dep(i) in ("nsubj", "nsubjpass") for i in range(run.start, run.end)))
        self.describe.pronouns(s, mentions, by_token)
        mentions.sort(key=lambda a: a.start)
        return SentenceActors(mentions, by_token)

    def _unknown_person(self, s: Sentence, first: int, last: int, gender: str | None, subject: bool) -> None:
        """Keeps a person no code fits in the history (not among the sentence's actors)."""
        tokens = s.tokens
        lo, hi = tokens[first].idx, tokens[last - 1].idx + len(tokens[last - 1].text)
        text = s.doc[first:last].text  # = doc.text[lo:hi], without joining the whole sentence
        unknown = Actor(text=text, name=text, code="", how="unknown:person",
                        start=s.offset + lo, end=s.offset + hi, sentence=s.index)
        self.state.history.add(Mentioned(unknown, s.index, first, True, gender, [], subject, False,
                                         known=False))

    # -- resolving a mention -------------------------------------------------------------------------

    def _resolve_unit(self, s: Sentence, unit: Unit) -> Resolved:
        return self._resolve_chunk(s, unit.chunk(), appos=unit.appositive)

    def _resolve_chunk(self, s: Sentence, c: Chunk, appos: bool = False) -> Resolved:
        date = self.state.pub_date
        content = c.content
        persons = [p for p in content if p.kind == "entry" and p.entry.kind == "person"]
        orgs = [p for p in content if p.kind == "entry" and p.entry.kind in ("igo", "group")]
        places = [p for p in content if p.kind == "entry" and p.entry.kind in COUNTRYISH]
        titles = [p for p in content if p.kind == "title"]
        names = [p for p in content if p.kind == "name"]
        last = content[-1]
        head_title = heading_title(c)
        if head_title is not None and ANAPHOR in head_title.classes and len(content) > 1:
            # "an Iraqi group", "a Taliban splinter group": the word adds no sector to what
            # names it (alone, "the group" is the organisation named before: group_anaphor)
            titles = [p for p in titles if ANAPHOR not in p.title.classes]
            head_title = titles[-1].title if titles else None
            content = [p for p in content if not (p.kind == "title" and ANAPHOR in p.title.classes)]
            last = content[-1]
        if head_title is not None and last.kind != "title":
            last = [p for p in content if p.kind == "title"][-1]

        if persons:
            p = persons[0]
            person = p.entry.person
            if head_title is not None and head_title.kind == "group":
                country = self.build.person_country(person)
                return Resolved(self.build.sector_actor(country, head_title, "person+title"), False, None, [])
            return self.build.person(person, p.entry, titles, places, appos, honorific=c.gender,
                                     titled=title_gender(s, c))

        if names:
            learned = next((p.learned for p in names if p.learned is not None), None)
            if learned is not None:
                key = tuple(s.lowers[names[0].start:names[0].end])
                if key not in self.state.learned:
                    how = "learned"
                    self.state.learned[key] = learned
                else:
                    how = "coref:surname" if len(key) == 1 else "coref:name"
                a = Actor(text="", name=learned.name, code=learned.code, country=learned.country,
                          sectors=list(learned.sectors), how=how)
                return Resolved(a, True, learned.gender, learned.classes)
            return self.build.learn(s, c, names, titles, places, orgs)

        if (orgs and head_title is not None and "diplomat" in head_title.classes
                and all(o.entry.kind == "igo" for o in orgs)
                and ((places and places[0].start < orgs[0].start)
                     or (c.start > 0 and s.lowers[c.start - 1] in ("its", "their")))):
            # "Iraq's U.N. ambassador", "its U.N. diplomats": the body is where a diplomat is
            # posted, the country (or the one "its" means) whom they speak for
            orgs = []

        if orgs:
            org = orgs[0].entry.org
            code, sectors = org.at(date) if org else (orgs[0].entry.code or "", orgs[0].entry.sectors)
            kind = orgs[0].entry.kind
            root = ActorCode.parse(code).root
            a = Actor(text="", name=orgs[0].entry.name, code=code,
                      country=None if kind == "igo" else (root if root in self.kb.countries else None),
                      sectors=list(sectors) if kind != "igo" else [], kb_id=org.id if org else None,
                      how=f"kb:{kind}")
            return Resolved(a, False, None, [])

        if places:
            place = places[0].entry
            if place.code:  # an organisation's seat ("Brussels")
                a = Actor(text="", name=place.name, code=place.code, how="kb:metonym")
                return Resolved(a, False, None, [])
            country = place.country
            if head_title is not None:
                many = plural(s, last)
                if head_title.kind == "person" and not many:
                    found = self.describe.description(s, c, country, head_title)
                    if found is not None:
                        return found
                how = {"demonym": "demonym", "people": "demonym", "anaphor": "coref:description"}.get(
                    place.kind, place.kind) + "+title"
                a = self.build.sector_actor(country, head_title, how, sector_from(titles))
                return Resolved(a, head_title.kind == "person" and not many, None, head_title.classes)
            sectors = list(place.sectors)
            how = "coref:description" if place.kind == "anaphor" else f"kb:{place.kind}"
            if place.kind == "capital" and self._place_modifier(s, c):
                sectors, how = [], "kb:capital-place"  # "a Baghdad suburb": where, not who
            a = Actor(text="", name=place.name, code=str(ActorCode.of(country, sectors)), country=country,
                      sectors=sectors, how=how)
            return Resolved(a, False, None, [])

        if head_title is not None:
            return self.describe.bare_title(s, c, head_title, plural(s, last))
        return NOBODY

    @staticmethod
    def _place_modifier(s: Sentence, c: Chunk) -> bool:
        if determiner(c) is not None:
            return True  # "the Moscow ..." is a place name's use, not the government's
        if not s.parsed:
            return False
        tok = s.tokens[c.end - 1]
        return tok.dep_ in ("compound", "nmod") and tok.head.i >= c.end and tok.head.pos_ == "NOUN"

    @staticmethod
    def _number(s: Sentence, unit: Unit) -> bool | None:
        """Whether a mention is plural ("officials"), singular, or either (a group: "Hamas
        said it/they")."""
        last = max((p for c in unit.chunks for p in c.content), key=lambda p: p.start)
        if last.kind == "title":
            return True if last.title.title == "police" else plural(s, last)
        if last.kind == "entry":
            kind = last.entry.kind
            if kind == "people":
                return True
            if kind == "group":
                return None
        return False
