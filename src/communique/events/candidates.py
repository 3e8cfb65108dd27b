"""Candidate finding: trigger token -> lexicon entry -> construction -> a ``Candidate``.

Two kinds of trigger besides the wrappers (``wrappers``):

- nominal triggers carried by a light verb, a presence PP or a possessor ("held talks with",
  "is on a visit to", "Russia's invasion of");
- verbal triggers ("condemned", "cracked down on"), with passives swapped; and, for a verb
  the strict reading left without a party, a looser recall reading.

The entries come from ``matching``; the parties from ``slots``.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from communique.events.implicit import unnamed_attacker, unnamed_authorities
from communique.events.lexicon import Entry, Lexicon
from communique.events.matching import EntryMatcher
from communique.events.records import Candidate, Found, lemmas, support
from communique.events.slots import LOCATIVE_PREPS, SlotFinder
from communique.events.syntax import (
    agent_of,
    direct_object,
    first_child,
    is_passive,
    lemma,
    particle_token,
    passive_subject,
    possessor,
    pp_objects,
    subject_of,
)
from communique.events.wrappers import WrapperFinder


class Parties(NamedTuple):
    """A reading's sources and targets."""

    sources: list[Found]
    targets: list[Found]


class NounFrame(NamedTuple):
    """How an event noun sits in its clause: "Putin held talks with Xi"."""

    source: Token | None  # who does it: "Putin"
    carrier: Token | None  # the verb carrying it: "held"
    licensed: bool  # carried by a light verb or presence PP, not only a possessor or "by"


class CandidateFinder:
    def __init__(self, lexicon: Lexicon, slots: SlotFinder, wrappers: WrapperFinder) -> None:
        self.lexicon = lexicon
        self.slots = slots
        self.wrappers = wrappers
        self.matcher = EntryMatcher(lexicon)

    def verb(self, tok: Token, actors) -> list[Candidate]:
        """The strict readings of a trigger verb, one per matching entry, most specific first;
        a passive swaps the roles ("Ortega was shot by gunmen": gunmen -> Ortega)."""
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            return []
        if self.wrappers.demanded_clause(tok):
            return []
        if lemma(tok) in self.lexicon.naming_verbs and first_child(tok, ("oprd",)) is not None:
            return []  # "called Uganda a rogue state": a name given, no call made
        entries = self.matcher.verb_entries(tok)
        out = []
        for entry in entries:
            passive = is_passive(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
            if (passive and lemmas(tok, self.lexicon) & self.lexicon.mutual_triggers
                    and not any(c.dep_ in ("auxpass", "agent") for c in tok.children)
                    and (pp_objects(tok, "with") or pp_objects(tok, "against"))):
                # "Hundreds of students clashed with riot police" tagged as a participle: one
                # clashes with someone, nobody is clashed
                passive = False
            if passive and entry.family in self.lexicon.motion_entries:
                continue  # "the cartel is headed by a former commander": led, not visited
            if entry.family in self.lexicon.patient_subject_entries and not passive:
                sources, targets = self._undergone(tok, entry, actors)
            elif passive:
                sources, targets = self._passive_parties(tok, entry, actors)
            else:
                sources, targets = self._active_parties(tok, entry, actors)
            if not targets and entry.code not in self.lexicon.place_object_codes and (
                    entry.code[:2] in self.lexicon.violent_roots or entry.code in self.lexicon.state_acts):
                # "Ortega was shot by masked men", "marines captured Juan Garcia"
                patient = (passive_subject(tok) if passive and tok.dep_ != "acl"
                           else None if passive else direct_object(tok))
                person = self.slots.unknown_person(patient, actors) if patient is not None else None
                if person is not None:
                    targets = [person]
            if not sources and not targets and lemmas(tok, self.lexicon) & self.lexicon.mutual_triggers:
                # "Fighting between Sudanese troops and rebels continued": a gerund naming
                # both sides in its "between" phrase, as the noun does
                sources, targets = self.slots.between(tok, actors)
            if not targets and not passive and entry.code[:2] in self.lexicon.violent_roots:
                targets = self.slots.place_targets(tok, actors)
            if lemmas(tok, self.lexicon) & self.lexicon.sport_verbs:
                # "Europe beat the USA in the Ryder Cup": a bare country is beaten at games
                targets = [t for t in targets if t.actor.sectors]
            span = [tok]
            if entry.particle:
                p = particle_token(tok, entry.particle)
                if p is not None:
                    span.append(p)
            allow = entry.no_target or (not passive and self.slots.unnamed_victims(tok, entry))
            out.append(Candidate("verb", entry.code, entry.id, tok, span, sources, targets,
                                 allow, [tok], passive=passive, imported=entry.imported))
        return out

    def _undergone(self, tok: Token, entry: Entry, actors) -> Parties:
        """'The former president will stand trial': the subject undergoes what the courts of
        the place do (the source, as for an agentless passive)."""
        subj = subject_of(tok)
        targets = self.slots.actors([subj], actors, fallback=True) if subj is not None else []
        if not targets:
            return Parties([], [])
        return Parties([self._authorities(tok, entry)], targets)

    def _passive_parties(self, tok: Token, entry: Entry, actors) -> Parties:
        """The by-agent is the source, the passive subject (or the noun a participle
        modifies: "civilians killed by the army") the target; with no agent, violence has
        unidentified attackers and an arrest the authorities."""
        agent = agent_of(tok)
        sources = self.slots.actors([agent] if agent is not None else [], actors,
                                    fallback=True)
        if tok.dep_ == "acl" and passive_subject(tok) is None:
            patient = tok.head
        else:
            patient = passive_subject(tok)
        targets = self.slots.actors([patient] if patient is not None else [], actors,
                                    fallback=True)
        if not targets:
            targets = self.slots.slot_targets(entry.target, [tok], None, actors, skip_dobj=True)
        weapon = self._weapon(agent)
        if (not sources and weapon is not None and entry.code[:2] in self.lexicon.violent_roots):
            # "were killed by a roadside bomb", "hit by US drone strikes": the weapon's owner
            # when it is named, else someone the story does not name, as for an active weapon
            sources = self._weapon_owner(weapon, actors, tok)
        elif not sources and agent is None and self.slots.unnamed_attack(tok, entry):
            sources = [Found(unnamed_attacker(tok, self.slots.cause_place(tok, actors)),
                             tok, fallback=True)]
        elif not sources and agent is None and entry.code in self.lexicon.state_acts and targets:
            # "16 Colombians were arrested in Lima": only the state arrests
            sources = [self._authorities(tok, entry)]
        return Parties(sources, targets)

    def _authorities(self, tok: Token, entry: Entry) -> Found:
        """The state no one names behind a state act: its courts for a legal step
        (``judicial_entries``), else its government."""
        sector = "JUD" if entry.family in self.lexicon.judicial_entries else "GOV"
        return Found(unnamed_authorities(tok, sector), tok, fallback=True)

    def _weapon(self, tok: Token | None) -> Token | None:
        """``tok`` when it names a weapon or an attack ("a roadside bomb", "drone strikes")."""
        return tok if tok is not None and lemma(tok) in self.lexicon.weapon_subjects else None

    def _weapon_owner(self, weapon: Token, actors, anchor: Token) -> list[Found]:
        """Who used a weapon: its owner when a modifier names one ("US drone attacks"), else
        unidentified attackers - unless it is a state's kind of weapon ("tank fire")."""
        owners = self.slots.modifier_actors(weapon, actors)
        if owners or self._military_weapon(weapon):
            return owners
        return [Found(unnamed_attacker(anchor, self.slots.cause_place(anchor, actors)),
                      anchor, fallback=True)]

    def _military_weapon(self, subj: Token) -> bool:
        """'air and tank attacks', 'helicopter gunfire': a state's forces, not unnamed
        attackers of the place."""
        words = {lemma(t) for t in subj.subtree if t.i < subj.i} | {lemma(subj)}
        return bool(words & self.lexicon.military_weapons)

    def _active_parties(self, tok: Token, entry: Entry, actors) -> Parties:
        """The subject is the source (or a weapon's owner); the target is in the entry's
        slots."""
        subj = subject_of(tok)
        sources = self.slots.actors([subj] if subj is not None else [], actors)
        if (not sources and self._weapon(subj) is not None
                and entry.code[:2] in self.lexicon.violent_roots):
            # "US drone attacks killed ...": the weapon's owner when it is named
            sources = self._weapon_owner(subj, actors, subj)
        if not sources and subj is not None and lemma(subj) in self.lexicon.document_nouns:
            # a document speaks for its author: "a report by the US government criticizes
            # Peru", "a UN report accused Sudan", "the ministry's statement condemned"
            authors = pp_objects(subj, "by") or pp_objects(subj, "from")
            sources = (self.slots.actors(authors[:1], actors)
                       or self.slots.modifier_actors(subj, actors, include_poss=True))
        targets = self.slots.slot_targets(entry.target, [tok], None, actors,
                                          skip_dobj=bool(entry.objects) and "dobj" not in entry.target)
        return Parties(sources, targets)

    def loose(self, tok: Token, actors,
              strict: list[Candidate] | None = None) -> list[Candidate]:
        """The recall pass: a trigger verb the strict reading left without a party, read
        again with the source taken from the subject's modifiers too ("supporters of the
        president said") and the target as the nearest actor among the verb's nominal
        arguments ("began an assault on towns the rebels hold"). Events made here carry the
        'loose' kind, so a lower confidence. ``strict``: this token's strict readings, when
        they were made already (they are changed in place)."""
        if lemmas(tok, self.lexicon) & self.lexicon.sport_verbs:
            return []  # "Brazil beats Haiti 6-0": a game verb takes only the strict reading
        out = []
        for cand in strict if strict is not None else self.verb(tok, actors):
            if cand.imported or cand.family in self.lexicon.strict_entries:
                continue  # the imported patterns are read strictly: "makes", "sets" read loosely are noise
            if not cand.sources:
                subj = subject_of(tok) if not cand.passive else None
                cand.sources = self.slots.actors([subj], actors, fallback=True) if subj is not None else []
            if not cand.sources:
                continue
            if not cand.targets and not cand.passive:
                if cand.code.startswith("11") and _accused_in_headline(tok):
                    continue  # "Minister criticised over prison deaths": the minister is criticised
                cand.targets = self.slots.argument_targets(tok, cand.sources, actors)
                if cand.family in self.lexicon.destination_entries:
                    cand.targets = [f for f in cand.targets if _destination(f.token)]
            if not cand.targets:
                continue
            cand.kind = "loose"
            cand.rule = f"{cand.rule}+loose"
            out.append(cand)
        return out

    def noun(self, tok: Token, actors) -> list[Candidate]:
        """The readings of an event noun its clause carries ("held talks with", "is on a visit
        to", "Russia's invasion of"), one per matching entry, most specific first."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        entries = self.matcher.noun_entries(tok)
        out = []
        for entry in entries:
            frame = self._noun_frame(tok, set(entry.light), actors)
            if frame is None:
                continue
            source_tok, carrier, licensed = frame
            if carrier is not None and self.wrappers.demanded_clause(carrier):
                continue  # "urged Rwanda and Burundi to resume talks": the talks are asked for
            sources = self.slots.actors([source_tok], actors) if source_tok is not None else []
            if not sources and source_tok is None:
                sources = self.slots.modifier_actors(tok, actors, include_poss=False)
            carriers = [carrier] if carrier is not None else []
            slots = entry.target if licensed else tuple(
                s for s in entry.target if s not in LOCATIVE_PREPS)  # "the siege in Russia"
            targets = self.slots.slot_targets(slots, [tok, *carriers], tok, actors,
                                         skip_dobj=True, exclude=source_tok)
            if not sources and source_tok is None:
                sources, targets = self.slots.between(tok, actors)
            span = sorted([tok, *carriers], key=lambda t: t.i)
            anchors = carriers or [tok]
            cand = Candidate("noun", entry.code, entry.id, tok, span, sources, targets,
                             entry.no_target, anchors, consumes=carriers)
            if not licensed:
                cand.kind = "noun_unlicensed"
            out.append(cand)
        return out

    def _noun_frame(self, noun: Token, extra_light: set, actors) -> NounFrame | None:
        """Who does an event noun and what carries it, or None when the noun
        only names an event someone else talks about ("condemned the attack")."""
        lex = self.lexicon
        slot = self._measured(noun)
        head = slot.head
        light = lex.light_verbs | {lv for lv, _ in extra_light}
        answered = support(head, self.lexicon) & lex.receiving_verbs and (
            lemma(noun) in lex.wrappers_by_noun)
        if (slot.dep_ in ("dobj", "nsubjpass", "attr") and head.i != slot.i
                and support(head, self.lexicon) & light and not answered):
            if slot.dep_ == "nsubjpass" or is_passive(head):
                return NounFrame(agent_of(head), head, True)
            return NounFrame(subject_of(head), head, True)
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
            verb = head.head
            preps = lex.presence_verbs.get(lemma(verb))
            preps = preps or next((lex.presence_verbs[v] for v in support(verb, self.lexicon)
                                   if v in lex.presence_verbs), None)
            if preps and head.lower_ in preps:
                return NounFrame(subject_of(verb), verb, True)
            if (head.lower_ in lex.encounter_preps and lemma(noun) in lex.encounter_nouns
                    and verb.pos_ in ("VERB", "AUX")):
                # "the minister declared ... during a visit to Chad": the subject's own visit; in
                # what someone said, the speaker's ("the minister said Chile was winning
                # during a visit to Bolivia": the minister visited, not the country he spoke
                # of; "X said he and Y agreed after talks" stays theirs; not the source a story
                # cites after the fact: "..., Xinhua said")
                while (verb.dep_ == "ccomp" and lemma(verb.head) in lex.say_verbs
                       and verb.head.i < verb.i and first_child(verb.head, ("nsubj",)) is not None
                       and not self._acts_itself(subject_of(verb), actors)):
                    verb = verb.head
                return NounFrame(subject_of(verb), None, True)
        if (noun.dep_ == "pobj" and head.lower_ == "for" and lemma(head.head) == "responsibility"
                and head.head.dep_ == "dobj" and lemma(head.head.head) in lex.owning_verbs):
            # "the group claimed responsibility for the attack on Indian soldiers"; its place
            # stays no target ("for the siege in southern Russia")
            return NounFrame(subject_of(head.head.head), None, False)
        if noun.dep_ == "nsubj" and lemma(head) in lex.happen_verbs:
            return NounFrame(None, head, True)
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and support(c, self.lexicon) & light:
                agent = agent_of(c)
                if agent is not None:
                    return NounFrame(agent, c, True)
        if (slot.dep_ == "dobj" and head.i != slot.i
                and support(head, self.lexicon) & lex.ending_verbs):
            # "halted its mediation", "prevented a demonstration": ended or prevented
            return None
        poss = possessor(noun)
        if poss is not None:
            return NounFrame(poss, None, False)
        for prep in ("by", "from"):
            objs = pp_objects(noun, prep)
            if objs:
                return NounFrame(objs[0], None, False)
        return NounFrame(None, None, False)

    @staticmethod
    def _acts_itself(subject: Token | None, actors) -> bool:
        """Whether a clause's subject is an actor that travels and meets in person: a person,
        a body, a force ("he and the rebel leader"), not a bare country spoken of."""
        actor = actors.actor_for(subject) if subject is not None else None
        return actor is not None and bool(actor.sectors)

    def _measured(self, noun: Token) -> Token:
        """For 'tons of food aid', '5 million dollars of aid': the measure noun, which holds
        the place in the clause that the event noun would hold alone."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == prep.i:
            return noun
        measure = prep.head
        if lemma(measure) in self.lexicon.measure_nouns or measure.like_num:
            return measure
        return noun


def _accused_in_headline(verb: Token) -> bool:
    """A disapproval verb with no object but an "over"/"for" phrase is a passive without its
    auxiliary, as headlines write them ("Agency accused over detainees", "Mayor blamed for
    riots"): its subject is the one accused."""
    return (verb.tag_ in ("VBD", "VBN") and first_child(verb, ("dobj",)) is None
            and any(c.dep_ == "prep" and c.lower_ in ("over", "for") for c in verb.children))


def _destination(tok: Token) -> bool:
    """A place one goes to: the object of "to", "in", "into" ("arrives in Tripoli")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "in", "into")

