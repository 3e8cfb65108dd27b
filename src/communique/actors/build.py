"""Making ``Actor`` records: a known person on the article's date (with the office the
phrase names), a person the KB lacks learned from a title ("Kenyan President William Ruto"),
a country's body or office holder by title ("Kenyan police"), and the recoding of a phrase
that says its actor holds no government office ("former", "shadow", a party's officer).
"""

from __future__ import annotations

from communique.actors.coref import POSSESSIVE_PRONOUNS, PRONOUNS
from communique.actors.kb import Entry, KnowledgeBase
from communique.actors.mentions import NOT_NAMES, NOT_PERSON_WORDS, Chunk, Learned, Piece, Sentence, sector_from
from communique.actors.names import norm
from communique.actors.state import NOBODY, ArticleState, NamedOffice, Resolved
from communique.actors.tables import Person, Title
from communique.model import Actor, ActorCode
from communique.model.codes import state_sectors


class Builder:
    """Makes one article's actors; remembers in the article's state the people it met (their
    surnames then mean them), the people it learned and the offices it was told."""

    def __init__(self, kb: KnowledgeBase, state: ArticleState) -> None:
        self.kb = kb
        self.state = state

    def person(self, person: Person, entry: Entry, titles: list[Piece], places: list[Piece],
               appos: bool, honorific: str | None = None, titled: str | None = None) -> Resolved:
        """A known person on the article's date. ``honorific`` is the gender a courtesy title
        in the phrase says ("Mrs"): against the person's known gender, it is someone else of
        that surname, a person no code fits; else it tells the gender the KB lacks, as a
        gendered title does (``titled``: "Queen ...")."""
        state = self.state
        gender = person.gender or state.genders.get(person.id)
        if honorific is not None and gender is not None and honorific != gender:
            return Resolved(None, True, honorific, [])  # "Mrs Carver" is not Bill Carver
        said = honorific or titled
        if said is not None and gender is None:
            gender = state.genders[person.id] = said
        date = state.pub_date
        role = person.role_at(date)
        if role is not None:
            country, sectors = role.country, [role.sector]
            # the office the KB gives, and any the phrase gives ("Chancellor Hans Brenner"),
            # which later mentions keep: what a description must agree with
            stated = [k for t in titles if t.title.kind == "person" for k in t.title.classes]
            if stated:
                state.stated_classes[person.id] = list(dict.fromkeys(
                    [*state.stated_classes.get(person.id, []), *stated]))
            classes = list(dict.fromkeys([*self.kb.title_classes(role.title),
                                          *state.stated_classes.get(person.id, [])]))
            if "BUS" in sectors and not self._in_business(person, titles):
                sectors = []  # a business person only when the text says so
            person_titles = [t.title for t in titles]
            if person.strict and role.sector == "ELI" and role.start != "0001-01-01":
                # a dated ELI span of the dictionary is a career with offices it does not
                # list; the phrase names the office then ("Financial Secretary Donald Tsang"),
                # and later mentions in the article keep it. The undated default (after the
                # offices it lists) keeps ELI.
                if person_titles:
                    sectors, classes = [person_titles[-1].sector], list(person_titles[-1].classes)
                    self.state.office_named[person.id] = NamedOffice(sectors, classes)
                elif person.id in self.state.office_named:
                    sectors, classes = (list(x) for x in self.state.office_named[person.id])
        else:
            # Before any office we know of: what the phrase says ("opposition leader X"),
            # else the person's country with no sector.
            country, sectors, classes = self.person_country(person), [], []
            person_titles = [t.title for t in titles if t.title.kind == "person"]
            if person_titles:
                sectors, classes = [person_titles[-1].sector], list(person_titles[-1].classes)
            place = next((p.entry for p in places if p.entry.country), None)
            if place is not None:
                country = place.country
        if entry.surname_only:
            how = "coref:surname" if person.id in self.state.seen_people else "kb:surname"
        else:
            how = "kb:person"
        if appos:
            how += "+appos"
        self.state.seen_people.add(person.id)
        self._remember_surname(person)
        code = str(ActorCode.of(country, sectors))
        a = Actor(text="", name=person.name, code=code,
                  country=None if ActorCode.parse(country).is_igo else country,
                  sectors=sectors, kb_id=person.id, how=how)
        return Resolved(a, True, gender, classes)

    def _in_business(self, person: Person, titles: list[Piece]) -> bool:
        """Whether the article has said a known business person is in business: a business
        title or body in this phrase ("tycoon Rupert Vance", "Toyota chairman ...") or an
        earlier one."""
        if any(t.title.sector == "BUS" for t in titles):
            self.state.in_business.add(person.id)
        return person.id in self.state.in_business

    def person_country(self, person: Person) -> str | None:
        role = person.role_at(self.state.pub_date) or (person.roles[0] if person.roles else None)
        return role.country if role else None

    def _remember_surname(self, person: Person) -> None:
        """After a full mention, the last name alone means this person within the article."""
        last = norm(person.name.split()[-1])
        key = (last,)
        if key in self.state.surnames:
            return
        existing = self.kb.names.get(person.name.split()[-1])
        if existing is not None and not (existing.kind == "person" and (
                existing.person is person or any(c is person for c in existing.candidates))):
            return
        self.state.surnames[key] = Entry("person", person.name, person.country, person=person,
                                         surname_only=True, priority=6)

    def possessive_owner(self, s: Sentence, start: int) -> Actor | None:
        """The actor a possessive pronoun just before a phrase points to: "its" in "its
        leader", "their" in "their spokesman"."""
        if start <= 0 or s.lowers[start - 1] not in POSSESSIVE_PRONOUNS:
            return None
        kind, gender, _ = PRONOUNS[s.lowers[start - 1]]
        owner = self.state.history.antecedent(s.index, start - 1, kind, gender, "poss")
        return owner.actor if owner is not None else None

    def learn(self, s: Sentence, c: Chunk, names: list[Piece], titles: list[Piece],
              places: list[Piece], orgs: list[Piece]) -> Resolved:
        """An unknown name with a title: "Kenyan President William Ruto". The name is
        remembered for this article only."""
        first, last = names[0].start, names[-1].end
        if any(low in NOT_PERSON_WORDS for low in s.lowers[first:last]):
            return NOBODY
        full = " ".join(s.texts[first:last]).replace(" - ", "-")
        person_titles = [t.title for t in titles if t.title.kind == "person"]
        title = person_titles[-1] if person_titles else None
        if title is None:
            # "Mr. Smith": nothing says who they act for; a person all the same, whom a later
            # pronoun may mean
            return Resolved(None, c.gender is not None or any(p.kind == "honorific" for p in c.pieces),
                            c.gender, [])
        sectors = [sector_from([t for t in titles if t.kind == "title"]) or title.sector]
        classes = list(title.classes)
        country: str | None = None
        code: str | None = None
        if orgs:
            org = orgs[0].entry.org
            code, osectors = org.at(self.state.pub_date) if org else (orgs[0].entry.code or "", [])
            org_code = ActorCode.parse(code)
            country = None if org_code.is_igo else org_code.root
            sectors = list(osectors) if not org_code.is_igo else []
        elif places:
            place = places[0].entry
            if place.code:
                code = place.code
            else:
                country = place.country
        stated = code is not None or country is not None
        how = "learned"
        owner = None if stated else self.possessive_owner(s, c.start)
        if (owner is not None and owner.code and not set(owner.sectors) & _NOT_ORGANISATIONS
                and set(title.classes) & _GROUP_OFFICES and not set(title.classes) & _STATE_OFFICES):
            # "the rebels said their leader Ali Hassan ...": a group's officer is the group
            code, country, sectors, stated, how = (owner.code, owner.country, list(owner.sectors),
                                                   True, "title+name+possessive")
        if not stated:
            country = self.state.article_country(sectors[0] if sectors else None)
            how = "title+name+context" if country else "title+name"
        if code is None:
            code = str(ActorCode.of(country, sectors))
        learned = Learned(full, country, sectors, code, classes, c.gender)
        key = tuple(s.lowers[first:last])
        if country is not None or stated:
            self.state.learned[key] = learned
            # Later mentions use a surname: the last word, or for Spanish names an inner one.
            for j in range(first + 1, last):
                if self._free(s.texts[j]) and s.lowers[j] not in NOT_NAMES:
                    self.state.learned.setdefault((s.lowers[j],), learned)
            if last - first > 2:
                self.state.learned.setdefault(tuple(s.lowers[last - 2:last]), learned)
        a = Actor(text="", name=full, code=code, country=country, sectors=sectors, how=how)
        return Resolved(a, True, c.gender, classes)

    def _free(self, word: str) -> bool:
        """Whether a learned name may take this word as its surname: the KB has no entry for
        it, or only an imported one that is decided by date (those lie under learned names)."""
        entry = self.kb.names.get(word)
        return entry is None or bool(entry.candidates)

    def sector_actor(self, country: str | None, title: Title, how: str,
                     sector: str | None = None) -> Actor:
        sector = sector or title.sector
        if country in self.kb.countries:
            cname = self.kb.countries[country].name
        else:
            cname = self.kb.region_names.get(country or "", country)
        name = f"{cname} {title.title}" if cname else title.title
        return Actor(text="", name=name, code=str(ActorCode.of(country, [sector])), country=country,
                     sectors=[sector], how=how)

# Words before an office that say its holder is not the state now: "former president X",
# "ex-minister Y", "the former police chief" (elites, ELI, as CAMEO codes former officials); "shadow foreign secretary Z"
# (the opposition's spokesman for the office, OPP); "Tory leader X", "Labour spokesman Y" (a
# party's office, PTY, whichever party governs that year).
# A group's officers ("the rebels said their leader X", "its spokesman Y") are the group; state
# offices ("their mayor", "its prime minister") stay the state's, and people who are no
# organisation ("residents ... their leader") have no officers.
_GROUP_OFFICES = frozenset({"leader", "secretary-general", "spokesperson", "chief", "executive"})
_STATE_OFFICES = frozenset({"head-of-state", "head-of-government", "prime-minister", "monarch", "president",
                            "mayor", "governor", "minister"})
_NOT_ORGANISATIONS = state_sectors() | {"CVL", "REF"}
_FORMER = frozenset({"former", "ex", "ex-"})
# The state's offices a former holder leaves: not MIL ("former soldiers" joining a gang are
# not elites).
_OFFICE_SECTORS = ("GOV", "COP", "JUD", "LEG")
_SHADOW = frozenset({"shadow"})
_PARTY_WORDS = frozenset({"tory", "tories", "conservative", "labour", "liberal", "democrat", "democratic",
                          "republican", "socialist", "communist", "green", "nationalist"})
_PARTY_OFFICES = frozenset({"leader", "leaders", "chairman", "chairwoman", "spokesman", "spokeswoman",
                            "spokesperson", "official", "officials"})


def out_of_government(s: Sentence, first: int, last: int, actor: Actor) -> bool:
    """Recode an actor whose own phrase says it holds no government office, or is a party's
    officer rather than a business's (see above); whether it was recoded."""
    words = s.lowers[max(0, first - 2):last]
    party = not actor.how.startswith("kb:") and any(
        w in _PARTY_WORDS for w in s.lowers[max(0, first - 4):first + 1])
    if "BUS" in actor.sectors and party:
        # "Conservative co-chairman Liam Fox": the party's chairman, not a company's
        return _recode(actor, "BUS", "PTY")
    office = next((x for x in _OFFICE_SECTORS if x in actor.sectors), None)
    if office and s.parsed and last > first:
        # "the former Rio de Janeiro state governor": the word can stand further out than two words
        # when it modifies the office itself
        head = s.tokens[last - 1]
        words = words + [t.lower_ for t in s.tokens[max(0, head.left_edge.i - s.tokens[0].i):first]
                         if t.head.i == head.i]
    if office and any(w in _FORMER for w in words):
        return _recode(actor, office, "ELI")
    if "GOV" not in actor.sectors:
        return False
    if any(w in _SHADOW for w in words):
        return _recode(actor, "GOV", "OPP")
    if party and any(w in _PARTY_OFFICES for w in words):
        return _recode(actor, "GOV", "PTY")
    return False


def _recode(actor: Actor, old: str, new: str) -> bool:
    actor.sectors = [new if x == old else x for x in actor.sectors]
    actor.code = actor.code.replace(old, new, 1)
    return True

