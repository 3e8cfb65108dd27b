"""Slots: who the source and the target of a predicate are.

A predicate's parties are read from its subject, object, by-agent, PPs, possessor and
conjuncts ("the governments of Chile and Argentina condemned ..."), through a
quantity ("thousands of protesters"), from a named place ("shelled Marinka": Ukraine), and,
when the text names nobody, as an implicit party: unidentified attackers ("five were killed in
a car bombing"), the authorities ("16 Colombians were arrested"), an unknown civilian
("Ortega was shot"), or no target at all ("killed 23 people").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from spacy.tokens import Token

from communique.events.implicit import unknown_person, with_sector
from communique.events.lexicon import Entry, Lexicon
from communique.events.records import PARTICLES, Found, lemmas, same_actor
from communique.events.syntax import (
    agent_of,
    direct_object,
    first_child,
    indirect_object,
    is_passive,
    lemma,
    modifiers,
    possessor,
    pp_objects,
    with_conjuncts,
)
from communique.model import Actor

# PPs that give where from, when or as what, never whom: "flew out of Abuja", "since the war".
_LOOSE_SKIPPED_PREPS = frozenset({"from", "out", "after", "before", "during", "since", "until",
                                  "through", "via", "across", "despite", "like", "as", "than",
                                  "by", "about", "over", "under", "within"})
# prepositions that say where a spot lies: "targets in Lebanon", "the town of Grozny"
_PLACE_PREPS = ("in", "of", "near", "outside", "around")
# A bare event noun's place is no party to it: "the school siege in southern Russia".
LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "inside", "outside"})
# Dependency edges a loose target may be reached by from its verb: the verb's nominal
# arguments and what hangs off them ("shelled positions of the rebels", "battled with
# police in the capital"), never another clause ("said that ...", "who ...").
_ARGUMENT_EDGES = frozenset({"dobj", "dative", "prep", "pobj", "attr", "oprd", "prt",
                             "compound", "amod", "nmod", "poss", "conj", "appos", "cc",
                             "npadvmod", "agent", "pcomp"})


class Head(NamedTuple):
    """A conjunct of a phrase with the actor it names, if any."""

    token: Token
    actor: Actor | None


class Sides(NamedTuple):
    """The two sides of a mutual event: 'talks between Russia and India'."""

    sources: list[Found]
    targets: list[Found]


class SlotFinder:
    def __init__(self, lexicon: Lexicon,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        """``place_country`` gives the country of a city or province name (the coder passes
        the gazetteer's), so violence against a named place targets its country."""
        self.lexicon = lexicon
        self.place_country = place_country

    def actors(self, toks: Iterable[Token], actors, fallback: bool = False) -> list[Found]:
        """The actors ``toks`` and their conjuncts name; with ``fallback``, a head that names
        none is read through its possessor or modifiers ("the rebels' positions") or its
        first 'of' PP ("positions of the rebel forces")."""
        out: list[Found] = []
        for tok in toks:
            for t, actor in self.heads_and_actors(tok, actors):
                if actor is not None:
                    out.append(Found(actor, t))
                elif lemma(t) in self.lexicon.opponent_nouns:
                    # "critics of the president" are not the president, but "its foes in the
                    # rebel movements" are the rebels
                    members = pp_objects(t, "in") or pp_objects(t, "among")
                    out.extend(f for m in members[:1] for f in self.actors([m], actors, fallback=True)
                               if f.actor.sectors)
                elif fallback and lemma(t) in self.lexicon.follower_nouns:
                    # "supporters of an Afghan governor" = AFGCVL
                    out.extend(Found(with_sector(f.actor, "CVL", t.text), t, fallback=True)
                               for f in self.modifier_actors(t, actors, include_poss=True)
                               + self._of_phrase_actor(t, actors)
                               if f.actor.country)
                elif fallback:
                    found = self.modifier_actors(t, actors, include_poss=True)
                    if not found and t.pos_ == "NOUN":
                        # "positions of the rebel forces", "the offices of Palestinian officials";
                        # not a name's own PP: "the Sea of Japan" is no part of Japan
                        found = self._of_phrase_actor(t, actors)
                    if not found and t.pos_ == "NOUN":
                        # "rejected the package offered by the Indian prime minister": what
                        # someone offered or proposed stands for them
                        agents = [a for c in t.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                  for a in [agent_of(c)] if a is not None]
                        found = [Found(f.actor, f.token, fallback=True) for f in self.actors(agents[:1], actors)]
                    out.extend(found)
        return out

    @staticmethod
    def _of_phrase_actor(tok: Token, actors) -> list[Found]:
        """The actor of ``tok``'s first 'of' PP, if it names one ("supporters of the governor")."""
        return [Found(actor, o, fallback=True) for o in pp_objects(tok, "of")[:1]
                for actor in [actors.actor_for(o)] if actor is not None]

    def heads_and_actors(self, tok: Token, actors) -> list[Head]:
        """Each conjunct of ``tok`` with its actor; a quantity or collective reads through
        its PP: "thousands of protesters", "leaders from Spain and Portugal" (both)."""
        out: list[Head] = []
        for t in with_conjuncts(tok):
            actor = actors.actor_for(t)
            if actor is None and (t.like_num or lemma(t) in self.lexicon.quantity_nouns):
                inner = pp_objects(t, "of") or pp_objects(t, "from")
                if inner:
                    envoys = lemma(t) in self.lexicon.envoy_nouns
                    for u in with_conjuncts(inner[0]):
                        found = actors.actor_for(u)
                        if found is None and envoys:
                            # "ministers from Britain and its old colonies in Asia":
                            # a conjunct that names no one stands for the place it is in
                            found = next((a for w in pp_objects(u, "in")
                                          for a in [actors.actor_for(w)] if a is not None), None)
                        if envoys and found is not None and not found.sectors and (
                                found.country or found.how.startswith("kb:region")):
                            found = with_sector(found, "GOV", t.text)
                        out.append(Head(u, found))
                    continue
            if actor is not None and actor.sectors:
                # "the governments of Chile and Argentina": the title reaches
                # every country of its PP, not only the first that the mention took in
                inner = pp_objects(t, "of") or pp_objects(t, "from")
                others = with_conjuncts(inner[0])[1:] if inner else []
                extra = [Head(u, with_sector(a, actor.sectors[0], t.text)) for u in others
                         for a in [actors.actor_for(u)]
                         if a is not None and not a.sectors and a.country
                         and a.country != actor.country]
                # "Afghan and U.S.-led troops": coordinated modifiers name one force each
                extra += [Head(u, a if a.sectors else with_sector(a, actor.sectors[0], t.text))
                          for m in t.children if m.dep_ in ("amod", "compound") and m.conjuncts
                          for u in with_conjuncts(m)
                          for a in [actors.actor_for(u)]
                          if a is not None and a.country and a.country != actor.country
                          and a.sectors in ([], actor.sectors)]
                if extra:
                    out.append(Head(t, actor))
                    out.extend(extra)
                    continue
            out.append(Head(t, actor))
        return out

    def modifier_actors(self, tok: Token, actors, include_poss: bool = True) -> list[Found]:
        cands = ([possessor(tok)] if include_poss else []) + modifiers(tok)
        # "Saudi-led coalition airstrikes": the leader of the weapon's owner, a modifier of
        # the modifier (but "Iranian-backed militias" are not Iran's own)
        cands += [l for m in modifiers(tok) for c in [m, *modifiers(m)] if lemma(c) == "lead"
                  and c.tag_ == "VBN" for l in modifiers(c)]
        for m in cands:
            if m is None:
                continue
            actor = actors.actor_for(m)
            if actor is not None:
                return [Found(actor, m, fallback=True)]
        return []

    def slot_targets(self, slots, holders, noun, actors, skip_dobj=False, exclude=None):
        """The targets of the first of an entry's ``slots`` that names any: "dobj", "iobj",
        "poss" (the event noun's possessor, or the object's: "acknowledged Modi's stance") or a
        preposition, looked for on the ``holders`` (the trigger and its carrier), then on the
        object's PPs and on the particles' ("pulled out of Iraq"). ``exclude`` is the source's
        token, which is never its own target."""
        for slot in slots:
            found: list[Found] = []
            if slot == "dobj" and not skip_dobj:
                obj = direct_object(holders[0])
                if obj is not None:
                    found = self.actors([obj], actors, fallback=True)
            elif slot == "iobj":
                for h in holders:
                    io = indirect_object(h)
                    if io is not None:
                        found = self.actors([io], actors)
                        break
            elif slot == "poss":
                owners = [noun] if noun is not None else [direct_object(holders[0])]
                for o in owners:
                    p = possessor(o) if o is not None else None
                    if p is not None and p is not exclude:
                        found = self.actors([p], actors)
            else:
                objs = [t for h in holders for t in pp_objects(h, slot)]
                if not objs and noun is None:
                    obj = direct_object(holders[0])
                    if obj is not None:
                        objs = pp_objects(obj, slot)
                if not objs:
                    for h in holders:
                        for c in h.children:
                            if c.dep_ == "prt" or c.lower_ in PARTICLES:
                                objs.extend(pp_objects(c, slot))
                found = self.actors(objs, actors, fallback=True)
            found = [f for f in found if exclude is None or f.token is not exclude]
            if found:
                return found
        return []

    def between(self, noun: Token, actors) -> Sides:
        """'talks between Russia and India': the first party is the source, the rest targets."""
        parties = self.actors(pp_objects(noun, "between"), actors)
        return Sides(parties[:1], parties[1:]) if len(parties) >= 2 else Sides([], [])

    def argument_targets(self, verb: Token, sources: list[Found], actors) -> list[Found]:
        """The actors nearest to ``verb`` along argument edges, closest level first; a bare
        place after a locative preposition is where, not whom ("fought in Baghdad")."""
        taken = {f.token.i for f in sources}
        # a verb's own conjunct is another clause ("stormed a village and shot six people")
        level = [c for c in verb.children if c.i > verb.i and c.dep_ in _ARGUMENT_EDGES
                 and c.dep_ not in ("conj", "cc")]
        for _ in range(4):
            found = []
            for t in level:
                actor = actors.actor_for(t)
                if actor is None or t.i in taken:
                    continue
                if t.dep_ == "pobj" and (
                        t.head.lower_ in _LOOSE_SKIPPED_PREPS
                        or t.head.head.lower_ in _LOOSE_SKIPPED_PREPS  # "flew out of Abuja"
                        or (t.head.lower_ in LOCATIVE_PREPS
                            and (not actor.sectors or actor.how.startswith("kb:capital")))):
                    # "met in Baghdad": a capital after "in" is where, not its government
                    continue
                if any(same_actor(actor, s.actor) for s in sources):
                    continue
                found.append(Found(actor, t, fallback=True))
            if found:
                return found
            level = [c for t in level for c in t.children if c.dep_ in _ARGUMENT_EDGES]
            if not level:
                break
        return []

    def place_targets(self, verb: Token, actors) -> list[Found]:
        """'Russian forces shelled Marinka', 'fired rockets at Sderot': a city or province as
        the object of violence is its country (bare: the place, not its government). So is
        the place around a spot that is no actor: 'bombed targets in southern Lebanon',
        'shelled the town of Grozny'."""
        if self.place_country is None:
            return []
        objs = [o for o in [direct_object(verb)] if o is not None]
        objs += [o for prep in ("at", "on", "into") for o in pp_objects(verb, prep)]
        for obj in objs:
            if obj.pos_ == "PROPN":
                found = self.place_actor(obj)
            elif lemma(obj) in self.lexicon.place_nouns and actors.actor_for(obj) is None:
                found = next((f for host in (obj, verb) for prep in _PLACE_PREPS
                              for o in pp_objects(host, prep)
                              for f in [self.place_actor(o, actors)] if f is not None), None)
            else:
                found = None
            if found is not None:
                return [found]
        return []

    def place_actor(self, tok: Token, actors=None) -> Found | None:
        """``tok`` as a place: a city or province the gazetteer knows, or (given ``actors``)
        a country named bare ('in Lebanon'), taken as the country without a sector."""
        if tok.pos_ != "PROPN":
            return None
        if actors is not None:
            actor = actors.actor_for(tok)
            if actor is not None:
                if actor.sectors or not actor.country or actor.code != actor.country:
                    return None  # "positions in Hezbollah's stronghold": not a place
                return Found(actor, tok, fallback=True)
        words = [t for t in tok.subtree if t.i <= tok.i and t.pos_ == "PROPN"]
        name = " ".join(t.text for t in words)
        country = self.place_country(name)
        if not country:
            return None
        actor = Actor(text=name, name=name, code=country, country=country,
                      start=words[0].idx, end=tok.idx + len(tok.text), how="place:object")
        return Found(actor, tok, fallback=True)

    def unknown_person(self, tok: Token, actors) -> Found | None:
        """A full name the knowledge base does not know, hit by violence or arrest: a civilian
        of the country where it happened ("Ortega was shot", "captured Manuel Garcia"). Two
        capitalised words at least, no place, no actor: organisations and places stay out."""
        if tok.pos_ != "PROPN" or actors.actor_for(tok) is not None:
            return None
        if any(c.dep_ == "appos" and any(actors.actor_for(t) is not None for t in c.subtree)
               for c in tok.children):
            return None  # "Karim Hossain, a Bangladeshi": the apposition says who
        words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in ("compound", "flat")
                 or t.i == tok.i]
        if not (2 <= len(words) <= 4) or any(
                t.pos_ != "PROPN" or not t.text.isalpha() or not t.text[:1].isupper()
                or actors.actor_for(t) is not None for t in words):
            return None
        if words[-1].lower_ in self.lexicon.organisation_heads:
            return None  # "the Beltran Leyva Organization"
        name = " ".join(t.text for t in words)
        if self.place_country is not None and self.place_country(name):
            return None
        return Found(unknown_person(name, words[0].idx, tok.idx + len(tok.text)), tok,
                      fallback=True)

    def cause_place(self, verb: Token, actors) -> str | None:
        """The country a violent cause is named with: "killed in Iraq bombings", "a Kabul
        car bomb" - where the attackers struck, so whose unidentified forces they are."""
        causes = self.lexicon.violent_causes | self.lexicon.weapon_subjects
        for t in verb.sent:
            if not (_cause_forms(t) & causes) or t.i == verb.i:
                continue
            for m in t.children:
                if m.dep_ not in ("compound", "nmod", "amod") or m.pos_ != "PROPN":
                    continue
                # a country actor ("Iraq bombings"), else the gazetteer's place - also for a
                # capital, whose actor is its government ("a Kabul car bomb")
                found = self.place_actor(m, actors) or self.place_actor(m)
                if found is not None:
                    return found.actor.country
        return None

    def unnamed_attack(self, verb: Token, entry: Entry) -> bool:
        """'Two diplomats were kidnapped', 'five were killed in a car bombing': violence done
        by someone the story does not name (not 'killed in floods')."""
        if entry.code[:2] not in self.lexicon.violent_roots:
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
            return False  # "to defend Saudi Arabia if it is attacked"
        if lemmas(verb, self.lexicon) & self.lexicon.deliberate_verbs:
            return True
        # the cause must be named besides the verb ("Kyiv was attacked" names no doer)
        others = [t for t in verb.sent if t.i != verb.i]
        words = {w for t in others for w in _cause_forms(t)}
        return bool(words & self.lexicon.violent_causes)

    def unnamed_victims(self, verb: Token, entry: Entry) -> bool:
        """'killed 23 people', 'arresting 12': violence against people nobody names is an
        event without a target (CAMEO codes the unknown target as such)."""
        victim_roots = self.lexicon.victim_roots
        if entry.code[:2] not in victim_roots and entry.code[:3] not in victim_roots:
            return False
        if lemmas(verb, self.lexicon) & self.lexicon.sport_verbs:
            return False  # "Togo beat Congo 1-0"
        obj = direct_object(verb)
        if obj is None:
            return False
        count = obj.like_num and not any(ch in obj.text for ch in "-:/")
        if not (count or lemma(obj) in self.lexicon.victim_nouns):
            return False
        # the killer must be this clause's subject, or share it with a violent verb
        # ("attacked the camp, killing 15"); not "floods submerged the country, killing 700"
        current = verb
        for _ in range(3):
            if first_child(current, ("nsubj",)) is not None or (
                    is_passive(current) and agent_of(current) is not None):
                return True
            head = current.head
            if head.i == current.i or current.dep_ not in ("advcl", "conj", "xcomp"):
                return False
            if not any(e.code[:2] in victim_roots or e.code[:3] in victim_roots
                       for lem in lemmas(head, self.lexicon) for e in self.lexicon.by_verb.get(lem, [])):
                return False
            current = head
        return False


def _cause_forms(tok: Token) -> set[str]:
    # headlines capitalise nouns the tagger then takes for names: "Killed in Iraq Bombings"
    low = tok.lower_
    return {lemma(tok), low, low[:-1] if low.endswith("s") else low}
