"""Find where the event of one parsed sentence happened.

NER is off in the coder's pipeline, so place names are found by matching the longest run of
capitalised tokens against the gazetteer, and judged by their place in the parse:

role 3  object of a locative preposition: "in Kyiv", "at the Kremlin", "near Iran", also
        through "the city of X", "the X region", "30 km north of X", "in Kyiv, Ukraine"
role 2  destination of a visit ("a visit to Russia"), object of a visiting or attacking verb
        ("visited Moscow", "shelled Kharkiv", "Kharkiv was shelled")
role 1  source of a movement ("withdrew from Gaza"), or the dateline ("KYIV (Reuters) -")
role 0  any other mention
role -1 a topic: "the situation in Ukraine", "the dispute over Kashmir", "talks about Gaza";
        never the answer.

The answer is the best role, then the most specific feature (landmark > city > admin1/region
> country > continent), then the earliest mention; given the event's trigger, a place of role
1+ in the trigger's own clause comes first.  Role 0 only counts for regions, admin1 regions
and non-capital cities of 500k+ people that are not an actor and not a subject or possessor:
GDELT's action geo is where it happened, and "Russia condemned ..." or "Kyiv's mayor" say who,
not where.  A country named only as an actor gives None (the coder may fall back to the
actors' countries; we do not guess).  Demonyms ("Russian") are never places: they are
adjectives, not in the index.  The word lists are in data/locator_words.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from communique.geo import data_files
from communique.geo.names import first_word, fold, key
from communique.geo.places import Place, choose
from communique.model import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class Gazetteer(Protocol):
    """What the locator reads of the gazetteer (``geo.gazetteer.Gazetteer``, which calls the
    locator: described here rather than imported, so the two modules make no circle)."""

    def lookup(self, name: str, countries: frozenset[str] | set[str] = ...,
               home: str | None = ...) -> Location | None: ...

    def capital(self, iso3: str) -> Place | None: ...

    def first_word_length(self, word_key: str) -> int: ...

    def places_for_key(self, name_key: str) -> list[Place]: ...

_WORDS = data_files.locator_words()
LOCATIVE_PREPS = _WORDS["locative_preps"]
TOWARD_PREPS = _WORDS["toward_preps"]
FROM_PREPS = _WORDS["from_preps"]
ATTACK_NOUNS = _WORDS["attack_nouns"]
TOPIC_NOUNS = _WORDS["topic_nouns"]
PLACE_NOUNS = _WORDS["place_nouns"]
DIRECTIONS = _WORDS["directions"]
VISIT_WORDS = _WORDS["visit_words"]
STRIKE_VERBS = _WORDS["strike_verbs"]
COUNTRY_OBJECT_VERBS = _WORDS["country_object_verbs"]
DATE_WORDS = _WORDS["date_words"]
_DATE_TOKEN = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}/\d{1,2}(/\d{2,4})?$")
# Alone (not after "in", "at"...), a city counts as the place only if it is big enough to be
# named for itself rather than for a person or firm sharing the name.
ROLE0_MIN_POPULATION = 500_000
# Punctuation no name in the tables runs across.
_SPAN_STOPS = frozenset({",", ";", ":", "(", ")", '"', "[", "]", "?", "!", "“", "”"})
SPECIFICITY = {"landmark": 5, "city": 4, "admin1": 3, "region": 3, "country": 1}
_MAX_HOPS = 4
_BASE_WORDS = frozenset({"based", "born", "headquartered", "registered", "listed", "bound"})


@dataclass(slots=True)
class Mention:
    """A run of tokens matching the gazetteer, with the place chosen for it."""

    start: int  # token index
    end: int  # exclusive
    place: Place
    candidates: list[Place]


def locate(
    gaz: Gazetteer, doc: Doc, pub_country: str | None = None, actors: Any = None, trigger: Token | None = None
) -> Location | None:
    """The event's place in a one-sentence parsed doc (see module docstring), or None.

    With ``trigger`` (the event's trigger token), a place whose phrase (role 1 or more) hangs on
    the trigger's clause wins over places elsewhere in the sentence ("met in Kampala and flew
    to Nairobi": Kampala for "met", Nairobi for "flew").
    """
    best: tuple[int, int, int, int] | None = None
    best_place: Place | None = None
    texts = [t.text for t in doc]
    headline = _title_case(texts)
    mentions = find_mentions(gaz, doc, frozenset(), texts)
    if "capital" in texts or "capital," in texts:
        mentions += _capital_mentions(gaz, doc, actors)
    if not mentions:
        return None
    countries = _context_countries(pub_country, actors, doc, mentions)
    if countries:
        for m in mentions:
            if len(m.candidates) > 1:
                m.place = choose(m.candidates, countries, pub_country) or m.place
    for m in mentions:
        if headline and m.place.weak:
            continue  # "Hit Squad in Mine-Rich Region": every word is capitalised
        role, anchor = _role(doc, m)
        if role == 0:
            role = _dateline_role(doc, m)
        if not _admissible(doc, m, role, actors):
            continue
        near = 1 if role >= 1 and trigger is not None and _same_clause(anchor, trigger) else 0
        rank = (near, role, 0 if m.place.broad else SPECIFICITY.get(m.place.feature, 0), -m.start)
        if best is None or rank > best:
            best, best_place = rank, m.place
    return best_place.location() if best_place else None


def _capital_mentions(gaz: Gazetteer, doc: Doc, actors: Any) -> list[Mention]:
    """ "in the Russian capital", "Sudan's capital": the capital of the country the modifier
    names (a demonym through the actors stage, a country name through the gazetteer)."""
    out: list[Mention] = []
    actor_for = getattr(actors, "actor_for", None)
    for t in doc:
        if t.lower_ != "capital" or t.pos_ != "NOUN":
            continue
        for child in t.children:
            if child.dep_ not in ("amod", "compound", "poss", "nmod"):
                continue
            country = None
            if actor_for is not None:
                try:
                    actor = actor_for(child)
                except Exception:  # the actors stage must never break place finding
                    actor = None
                country = getattr(actor, "country", None)
            if country is None:
                named = gaz.lookup(child.text)
                country = named.country if named is not None and named.feature == "country" else None
            place = gaz.capital(country) if country else None
            if place is not None:
                out.append(Mention(t.i, t.i + 1, place, [place]))
                break
    return out


def find_mentions(
    gaz: Gazetteer, doc: Doc, countries: frozenset[str] = frozenset(), texts: list[str] | None = None
) -> list[Mention]:
    """Longest gazetteer matches, left to right, without overlap."""
    out: list[Mention] = []
    # One pass over the doc for the texts; spaCy token objects are the cost here, so tags
    # and offsets are read only around a token that starts a known name.
    if texts is None:
        texts = [t.text for t in doc]
    n = len(texts)
    i_next = 0
    for i, word in enumerate(texts):
        if i < i_next or not word[:1].isupper():
            continue
        limit = gaz.first_word_length(first_word(fold(word)))
        if not limit:
            continue
        j = i + 1
        size = len(word)
        # Grow the span while it can still fit a known name; keep the longest that matches.
        while j < n and size + len(texts[j]) <= limit + 1 and texts[j] not in _SPAN_STOPS:
            size += len(texts[j])
            j += 1
        parts = [doc[k].text_with_ws for k in range(i, j)] if j > i + 1 else [word]
        tags: list[str] | None = None
        for end in range(j, i, -1):
            span_text = "".join(parts[: end - i]).rstrip()
            places = gaz.places_for_key(key(span_text))
            if not places:
                continue
            if tags is None:
                tags = [doc[k].tag_ for k in range(i, j)]
            cands = [
                p for p in places
                if (p.cased is None or p.cased == span_text) and _plausible(texts, tags, i, end, p)
            ]
            place = choose(cands, countries)
            if place is not None:
                out.append(Mention(i, end, place, cands))
                i_next = end
                break
    return out


def _title_case(texts: list[str]) -> bool:
    """A headline in title case, where capitals say nothing about proper nouns."""
    words = [t for t in texts if t[:1].isalpha()]
    if len(words) < 4:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.7 * len(words)


def _plausible(texts: list[str], tags: list[str], start: int, end: int, place: Place) -> bool:
    """Token-level checks a name must pass: proper nouns, not a demonym or common word.

    ``tags`` holds the tags of the tokens from ``start`` on.
    """
    span_tags = tags[: end - start]
    if span_tags[0] == "JJ" and place.rank < 4:
        return False  # demonyms and other adjectives ("Russian", "Indian")
    if place.rank == 1:  # GeoNames cities: their names are full of ordinary words
        if not texts[end - 1][:1].isupper():
            return False
        if end - start == 1 and texts[start].lower().rstrip(".") in DATE_WORDS:
            return False  # "in March", "on Sunday"
        if "NNP" not in span_tags and "NNPS" not in span_tags:
            return False
    return True


def _role(doc: Doc, m: Mention) -> tuple[int, Token | None]:
    """The mention's role (module docstring) and the word its phrase hangs on."""
    t = _root(doc, m)
    for _ in range(_MAX_HOPS):
        head = t.head
        if head.i == t.i:
            return 0, None
        dep = t.dep_
        head_lemma = head.lemma_.lower()
        if dep in ("appos", "conj"):
            t = head
            continue
        if dep in ("compound", "poss", "nmod", "amod", "npadvmod") and head_lemma in PLACE_NOUNS:
            t = head
            continue
        if dep == "pobj" or (dep == "pcomp" and head.pos_ == "ADP"):
            prep = head.lower_
            governor = head.head
            governor_lemma = governor.lemma_.lower()
            if governor_lemma in TOPIC_NOUNS or prep in ("about", "regarding", "concerning"):
                return -1, governor
            if prep in LOCATIVE_PREPS:
                return 3, governor
            if prep == "of" and governor.pos_ == "PROPN" and governor.text[:1].isupper():
                t = governor  # "at the University of Nairobi": the institution is in the place
                continue
            if prep == "of" and governor_lemma in PLACE_NOUNS:
                if governor_lemma in DIRECTIONS and governor.dep_ in ("advmod", "npadvmod", "prep", "advcl"):
                    return 3, governor.head
                t = governor
                continue
            if prep in ("on", "upon", "against") and governor_lemma in ATTACK_NOUNS and governor.pos_ == "NOUN":
                return 2, governor
            if prep in TOWARD_PREPS and governor_lemma in VISIT_WORDS:
                return 2, governor
            if prep in FROM_PREPS and governor.pos_ in ("VERB", "AUX"):
                return 1, governor
            return 0, governor
        if dep in ("dobj", "nsubjpass") and head_lemma in STRIKE_VERBS:
            return 2, head
        return 0, head
    return 0, t.head


# Edges that start a new clause: a place there belongs to another event of the sentence.
_CLAUSE_EDGES = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp", "acl"})


def _same_clause(anchor: Token | None, trigger: Token | None) -> bool:
    """Whether the phrase hangs on the trigger, on a word under it, or on the words above it,
    without crossing into another clause."""
    if anchor is None or trigger is None:
        return False
    for low, high in ((anchor, trigger), (trigger, anchor)):
        t = low
        for _ in range(12):
            if t.i == high.i:
                return True
            if t.dep_ in _CLAUSE_EDGES or t.head.i == t.i:
                break
            t = t.head
    return False


def _root(doc: Doc, m: Mention) -> Token:
    span = doc[m.start : m.end]
    return span.root


def _admissible(doc: Doc, m: Mention, role: int, actors: Any) -> bool:
    place = m.place
    if role < 0:
        return False
    if place.weak and role < 3:
        return False
    if _inside_name(doc, m):
        return False
    if role >= 1:
        # The actors stage reads every place name as an actor too ("a visit to Russia"), so
        # only a place outside such phrases is dropped for being an actor.
        # A country as object of "hit" or "target" is mostly a target of words or sanctions
        # ("hit Russia with sanctions"); only force or travel makes it the place.
        if place.feature == "country" and role == 2 and _root(doc, m).dep_ in ("dobj", "nsubjpass"):
            return _root(doc, m).head.lemma_.lower() in COUNTRY_OBJECT_VERBS
        return True
    if _is_actor(doc, m, actors) or not place.primary:
        return False  # alone, an old or foreign spelling is too often a different word
    if place.feature not in ("region", "admin1", "city"):
        return False  # outside a locative phrase countries and landmarks stand for governments
    if place.feature == "city" and (place.capital or place.population < ROLE0_MIN_POPULATION):
        # Capitals alone are metonyms ("Washington warned"); small towns alone are mostly
        # people or firms that share their name ("Campbell", "Hartford").
        return False
    root = _root(doc, m)
    if root.dep_ in ("nsubj", "poss", "agent", "nsubjpass") or (root.dep_ == "pobj" and root.head.lower_ == "by"):
        return False
    if m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in _BASE_WORDS:
        return False  # "a Vancouver-based firm" says where the firm is, not where it acted
    return True


def _inside_name(doc: Doc, m: Mention) -> bool:
    """A place name run into other proper nouns is part of a person's or a body's name
    ("Hillary Clinton", "Jesus Guerrero", "White House Press Secretary"), unless the neighbour is
    a place noun ("Kyiv Oblast") or a date ("in Kyiv Monday").  Country names are exempt:
    "Russia Today" aside, they are rarely surnames."""
    if m.place.feature == "country":
        return False
    if m.start > 0:
        before = doc[m.start - 1]
        if before.pos_ == "PROPN" and before.text[:1].isupper() and before.lower_ not in DATE_WORDS:
            return True
    if m.end + 1 < len(doc) and doc[m.end].lower_ == "of" and doc[m.end + 1].text[:1].isupper():
        return True  # "University of California", "Bank of Scotland"
    if m.end < len(doc):
        after = doc[m.end]
        if after.pos_ == "PROPN" and after.text[:1].isupper():
            low = after.lower_
            return low not in PLACE_NOUNS and low not in DATE_WORDS and after.lemma_.lower() not in PLACE_NOUNS
    return False


def _dateline_role(doc: Doc, m: Mention) -> int:
    """"KYIV (Reuters) -", "PHNOM PENH, Oct. 10", "Brussels -": the wire's place, role 1."""
    if any(not (t.is_punct or t.is_space) for t in doc[: m.start]):
        return 0
    if m.end >= len(doc):
        return 0
    nxt = doc[m.end].text
    if nxt in ("(", "-", "--", "—", "–") or _DATE_TOKEN.match(nxt):
        return 1
    if nxt == "," and m.end + 1 < len(doc):
        after = doc[m.end + 1]
        # "PHNOM PENH, Oct. 10" or "AKRON, Ohio 1996-08-25" (the state or country follows)
        if after.lower_.rstrip(".") in DATE_WORDS:
            return 1
        if doc[m.start].text.isupper() and len(doc[m.start].text) > 1:
            return 1
    return 0


def _is_actor(doc: Doc, m: Mention, actors: Any) -> bool:
    if actors is None:
        return False
    actor_for = getattr(actors, "actor_for", None)
    if actor_for is None:
        return False
    for t in doc[m.start : m.end]:
        try:
            if actor_for(t) is not None:
                return True
        except Exception:  # the actors stage must never break place finding
            return False
    return False


def _context_countries(pub_country: str | None, actors: Any, doc: Doc, mentions: list[Mention]) -> frozenset[str]:
    """Countries that settle a name clash: the publisher's and the actors', leaving out actors
    that are the place names themselves (the actors stage reads "Tripoli" as Libya's
    government, which would decide the very clash we are settling)."""
    out: set[str] = set()
    if pub_country:
        out.add(pub_country)
    listed = getattr(actors, "mentions", None) or ()
    if not listed:
        return frozenset(out)
    place_names = {key(doc[m.start : m.end].text) for m in mentions}
    on_places = {id(a) for a in listed if key(getattr(a, "text", "") or "") in place_names}
    for a in listed:
        c = getattr(a, "country", None)
        if c and id(a) not in on_places:
            out.add(c)
    return frozenset(out)
