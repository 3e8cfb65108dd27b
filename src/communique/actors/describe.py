"""What a mention without a name refers to: a title alone ("the minister", "police", "its
troops"), a description with a country ("the Russian leader"), an office ("the French
president" on the article's date) and pronouns ("he", "they"), against what the article
mentioned before (``state.history``) and the places its clause names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from communique.actors.build import Builder
from communique.actors.coref import PRONOUNS, Mentioned, identity, person_key
from communique.actors.kb import Entry, KnowledgeBase
from communique.actors.mentions import Chunk, Sentence, determiner, sector_from, title_gender, title_pieces
from communique.actors.state import NOBODY, ArticleState, Resolved
from communique.actors.tables import LOCAL_SECTORS, Title
from communique.model import Actor
from communique.model.codes import state_sectors

# Offices one person holds at a time, so "the French president" is whoever held it that day.
_OFFICES = frozenset(
    "president prime-minister chancellor foreign-minister defence-minister interior-minister "
    "finance-minister vice-president supreme-leader secretary-general monarch crown-prince "
    "justice-minister trade-minister energy-minister health-minister".split()
)
# Descriptions too vague to pick out a person named before.
_UNSPECIFIC = frozenset({"official", "chief", "officer"})
# Prepositions that place a group or office in a country: "police in Brazil", "rebels from Mali",
# "the government of Chad".
_PLACE_PREPS = frozenset({"in", "inside", "from", "of"})
_STATE_BODIES = state_sectors()
# Prepositions that put a clause's action somewhere: "arrested two men in Lagos".
_SCENE_PREPS = frozenset({"in", "inside", "at", "near", "outside"})


class Describer:
    """Resolves one article's titles, descriptions and pronouns."""

    def __init__(self, kb: KnowledgeBase, state: ArticleState, build: Builder,
                 place_country: Callable[[str], str | None]) -> None:
        self.kb = kb
        self.state = state
        self.build = build
        # the country of a city or province the KB has no entry for (the coder's gazetteer)
        self.place_country = place_country

    def bare_title(self, s: Sentence, c: Chunk, title: Title, plural: bool) -> Resolved:
        """A title with no country in the phrase: the owner a possessive pronoun points to
        ("its troops"), an earlier mention, else the country the article is about ("the
        government", "police"), else the sector alone."""
        person = title.kind == "person"
        if not title.guess:
            return NOBODY
        owner = self.build.possessive_owner(s, c.start)
        if owner is not None and owner.country and owner.country in self.kb.countries:
            a = self.build.sector_actor(owner.country, title, "coref:possessive")
            return Resolved(a, person and not plural, None, title.classes)
        if person and not plural:
            found = self.description(s, c, None, title)
            if found is not None:
                return found
        elif not person:
            found = self.group_description(c, title, plural)
            if found is not None:
                return found
        if person and plural and "leader" in title.classes and title.sector == "GOV":
            # "the two leaders": nobody in particular (but "rebel leaders", "opposition
            # leaders" are the rebels and the opposition of where they are)
            return NOBODY
        place = self.country_of_place_pp(s, c)
        if place is not None:  # "opposition groups in Zimbabwe", "police in Brazil"
            sector = self.body_of_place_pp(s, c) or sector_from(title_pieces(c))
            a = self.build.sector_actor(place, title, "title+place", sector)
            return Resolved(a, person and not plural, None, title.classes)
        # a person travels, so the scene is no one's country; a group of them named by a
        # party's title is of where it is ("opposition leaders in Caracas")
        scene = None if person and not plural else self.country_of_scene(s, c)
        if scene is not None and (title.sector in LOCAL_SECTORS or (person and plural)
                                  or self.state.article_country(title.sector) is None):
            # "Police arrested two men in Lagos": a body acting where its clause happens
            a = self.build.sector_actor(scene, title, "title+scene", sector_from(title_pieces(c)))
            return Resolved(a, False, None, title.classes)
        country = self.state.article_country(title.sector)
        if country is not None:
            if person and not plural and determiner(c) not in ("a", "an"):
                found = self.office(country, title.classes[0] if title.classes else None)
                if found is not None:
                    return found
            a = self.build.sector_actor(country, title, "title+context", sector_from(title_pieces(c)))
            return Resolved(a, person and not plural, None, title.classes)
        if person and plural:
            return NOBODY
        a = self.build.sector_actor(None, title, "title", sector_from(title_pieces(c)))
        return Resolved(a, person, None, title.classes)

    def country_of_scene(self, s: Sentence, c: Chunk) -> str | None:
        """The one country of the places where the clause of a group title happens ("in",
        "at", "near", "outside" + a country or capital on the clause's verb); None when the
        clause names none, or places in several countries."""
        if not s.parsed or c.end <= 0:
            return None
        head = s.tokens[c.end - 1]
        while head.dep_ == "conj" and head.head.i != head.i:  # "US forces and militiamen battled"
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM"):
            head = head.head.head  # "hundreds of students clashed": the count is the subject
        verb = head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        preps = [p for p in verb.children if p.dep_ == "prep" and p.lower_ in _SCENE_PREPS]
        # "clashed with riot police in Seoul": the parser hangs the place on the other party
        preps += [q for p in verb.children if p.dep_ == "prep" and p.lower_ in ("with", "against")
                  for o in p.children if o.dep_ == "pobj"
                  for q in o.children if q.dep_ == "prep" and q.lower_ in _SCENE_PREPS]
        preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.lower_ in _SCENE_PREPS]
        found = {self._country_of_pp(s, prep) for prep in preps}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _country_of_pp(self, s: Sentence, prep: Token) -> str | None:
        first = s.tokens[0].i  # s.tokens is the sentence's run of doc tokens
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            for i in range(obj.left_edge.i - first, obj.i - first + 1):
                hit = self.kb.names.match_at(s.texts, s.lowers, i, s.shouting)
                if hit is not None and hit[1].kind in ("country", "capital") and hit[1].country:
                    return hit[1].country
            if obj.pos_ == "PROPN":  # a city or province the knowledge base has no entry for
                name = " ".join(t.text for t in obj.subtree if t.pos_ == "PROPN" and t.i <= obj.i)
                country = self.place_country(name)
                if country:
                    return country
            for inner in obj.children:  # "outside the embassy in Nairobi"
                if inner.dep_ == "prep" and inner.lower_ == "in":
                    country = self._country_of_pp(s, inner)
                    if country is not None:
                        return country
        return None

    def body_of_place_pp(self, s: Sentence, c: Chunk) -> str | None:
        """The state body a person serves in, when the place phrase names one: "an officer in
        El Salvador's army" (MIL, not the police an officer alone is), "a judge of Peru's
        supreme court"."""
        for prep in _place_preps(s, c):
            for obj in prep.children:
                body = self.kb.title_index.get(obj.lower_) if obj.dep_ == "pobj" else None
                if body is not None and body.kind == "group" and body.sector in _STATE_BODIES:
                    return body.sector
        return None

    def country_of_place_pp(self, s: Sentence, c: Chunk) -> str | None:
        """The country of a place the title's phrase is located in: "in"/"from"/"of" + a
        country or capital attached to the phrase's head on the parse."""
        for prep in _place_preps(s, c):
            country = self._country_of_pp(s, prep)
            if country is not None:
                return country
        return None

    def description(self, s: Sentence, c: Chunk, country: str | None, title: Title) -> Resolved | None:
        """'the Russian leader', 'the minister', 'the Queen': the latest person who agrees in
        country, office and gender, else the office holder on the publication date. 'a
        minister' is somebody new."""
        if determiner(c) in ("a", "an"):
            return None
        want = title.classes[0] if title.classes else None
        if want in _UNSPECIFIC:
            return self.office(country, want)  # "the official said": someone unnamed
        gender = title_gender(s, c)
        fits = [h for h in self.state.history.recent() if h.person
                and (country is None or h.actor.country == country)
                and (want is None or want in h.classes)
                and (gender is None or h.gender is None or h.gender == gender)]
        if fits:
            # The latest sentence naming someone who fits: its one such person, else its
            # subject ("Lavrov met Kerry. The minister said" is Lavrov); two and no subject
            # ("talks between Lavrov and Kerry. The minister said"): nobody, not a guess.
            nearest = [h for h in fits if h.sentence == fits[0].sentence]
            if len({identity(h) for h in nearest}) > 1:
                nearest = [h for h in nearest if h.subject]
                if not nearest:  # "the Russian minister" falls back to RUSGOV; "the minister" to nobody
                    return None if country is not None else NOBODY
            h = nearest[0]
            a = replace(h.actor, how="coref:description", sectors=list(h.actor.sectors))
            return Resolved(a, True, h.gender or gender, h.classes)
        return self.office(country, want)

    def office(self, country: str | None, want: str | None) -> Resolved | None:
        # Without a publication date there is no telling which holder is meant.
        if country is None or want not in _OFFICES or self.state.pub_date is None:
            return None
        person = self.kb.office_holder(country, want, self.state.pub_date)
        if person is None:
            return None
        entry = Entry("person", person.name, person.country, person=person)
        found = self.build.person(person, entry, [], [], False)
        found.actor.how = "kb:office"
        return found

    def group_description(self, c: Chunk, title: Title, plural: bool) -> Resolved | None:
        """'the police', 'the army': the same body named with its country a little earlier."""
        if determiner(c) in ("a", "an"):
            return None
        for h in self.state.history.recent():
            if h.person or not h.actor.country:
                continue
            if plural and h.actor.kb_id is not None:
                continue  # "cartels" are not the one cartel named before
            if title.sector in h.actor.sectors:
                a = replace(h.actor, how="coref:description", sectors=list(h.actor.sectors))
                return Resolved(a, False, None, [])
        return None

    def pronouns(self, s: Sentence, mentions: list[Actor], by_token: dict[int, Actor]) -> None:
        """Adds the sentence's pronouns that have an antecedent to its mentions."""
        for i, low in enumerate(s.lowers):
            if i in by_token or low not in PRONOUNS:
                continue
            kind, gender, case = PRONOUNS[low]
            if s.parsed:
                dep = s.tokens[i].dep_
                if dep == "expl":
                    continue
                if low == "her" and dep != "poss":
                    case = "obj"
            hit = self.state.history.antecedent(s.index, i, kind, gender, case)
            if hit is None:
                continue
            if kind == "person" and gender is not None and hit.gender is None:
                # "she" tells the gender of a person the KB has none for, for later pronouns
                key = person_key(hit.actor)
                self.state.genders[key] = gender
                self.state.history.learn_gender(key, gender)
            a = replace(hit.actor, sectors=list(hit.actor.sectors), how="coref:pronoun")
            tok = s.tokens[i]
            a.text = tok.text
            a.start = s.offset + tok.idx
            a.end = a.start + len(tok.text)
            a.sentence = s.index
            mentions.append(a)
            by_token[i] = a
            subject = s.dep(i) in ("nsubj", "nsubjpass")
            self.state.history.add(Mentioned(a, s.index, i, hit.person, hit.gender or gender, hit.classes,
                                             subject, hit.plural))


def _place_preps(s: Sentence, c: Chunk) -> list[Token]:
    """The "in"/"inside"/"from"/"of" phrases attached to the head of a title's phrase."""
    if not s.parsed or c.end <= 0:
        return []
    return [p for p in s.tokens[c.end - 1].children if p.dep_ == "prep" and p.lower_ in _PLACE_PREPS]

