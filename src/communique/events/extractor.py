"""Finds CAMEO events on a parsed sentence: trigger, source, target, modality, negation.

Three kinds of trigger, tried in this order on each sentence:

1. wrappers ("agreed to hold talks", "threatened to impose sanctions", "called for a
   ceasefire", "expressed a desire to meet"): the code comes from the complement's family
   under the wrapper's kind (data/frames.yaml), and the complement is not coded again;
2. nominal triggers carried by a light verb, a presence PP or a possessor ("held talks with",
   "is on a visit to", "Russia's invasion of");
3. verbal triggers ("condemned", "cracked down on"), with passives swapped.

A token that has fired is consumed, so one trigger gives one event per (source, target).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from communique.events.frames import WrapperKind
from communique.events.lexicon import Entry, Lexicon, Wrapper
from communique.events.modality import MODALITY_RANK, announced, claim_head, modality, negated
from communique.events.ontology import Ontology
from communique.events.syntax import (
    agent_of,
    direct_object,
    first_child,
    indirect_object,
    is_passive,
    lemma,
    modifiers,
    particle_token,
    passive_subject,
    possessor,
    pp_objects,
    subject_of,
    with_conjuncts,
)
from communique.events.implicit import unknown_person, unnamed_attacker, unnamed_authorities, with_sector
from communique.model import Actor, Event
from communique.model import Span as TextSpan
from communique.model.grammar import FUTURE_AUX

# PPs searched for the target of a derived (wrapper) event, in order.
_COMPLEMENT_TARGET_PREPS = ("with", "to", "between", "on", "against", "from", "for", "in", "by")
# what a complement is for or about, one step down: "contribute to a settlement of the conflict"
_PURPOSE_PREPS = ("to", "for", "of", "toward", "towards")
# Particles the parser sometimes attaches as prepositions ("pulled out of": out -> of).
_PARTICLES = frozenset({"out", "down", "up", "off", "back", "away", "over"})
# "X said Y must ...": a demand whose code comes from the complement's family.
_MUST_DEMAND = Wrapper("demand.must", WrapperKind.DEMAND, "verb", "must", None, "100")
# PPs that give where from, when or as what, never whom: "flew out of Abuja", "since the war".
_LOOSE_SKIPPED_PREPS = frozenset({"from", "out", "after", "before", "during", "since", "until",
                                  "through", "via", "across", "despite", "like", "as", "than",
                                  "by", "about", "over", "under", "within"})
# prepositions that say where a spot lies: "targets in Lebanon", "the town of Grozny"
_PLACE_PREPS = ("in", "of", "near", "outside", "around")
# A bare event noun's place is no party to it: "the school siege in southern Russia".
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "inside", "outside"})
_BASE_CONFIDENCE = {"verb": 0.85, "noun": 0.7, "noun_unlicensed": 0.6, "derived": 0.65,
                    "loose": 0.5}
# Dependency edges a loose target may be reached by from its verb: the verb's nominal
# arguments and what hangs off them ("shelled positions of the rebels", "battled with
# police in the capital"), never another clause ("said that ...", "who ...").
_ARGUMENT_EDGES = frozenset({"dobj", "dative", "prep", "pobj", "attr", "oprd", "prt",
                             "compound", "amod", "nmod", "poss", "conj", "appos", "cc",
                             "npadvmod", "agent", "pcomp"})

class SentenceActorsLike(Protocol):
    mentions: list[Actor]

    def actor_for(self, token: Token) -> Actor | None: ...


@dataclass
class _Found:
    """An actor with the token it was read from and how it was found."""

    actor: Actor
    token: Token
    fallback: bool = False  # read from a possessor or modifier, not the phrase head


@dataclass
class _Candidate:
    kind: str  # verb | noun | derived
    code: str
    rule: str
    trigger: Token
    span_tokens: list[Token]
    sources: list[_Found]
    targets: list[_Found]
    allow_no_target: bool
    anchors: list[Token]  # tokens whose clause decides modality and negation
    consumes: list[Token] = field(default_factory=list)
    passive: bool = False
    extra_modality: str | None = None
    imported: bool = False  # from the PETRARCH2 layer under the curated lexicon


class EventExtractor:
    def __init__(self, ontology: Ontology | None = None, lexicon: Lexicon | None = None,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        """``place_country`` gives the country of a city or province name (the coder passes
        the gazetteer's), so violence against a named place targets its country."""
        self.ontology = ontology or Ontology.load()
        self.place_country = place_country
        self.lexicon = lexicon or Lexicon.load()
        lex = self.lexicon
        refuse_verbs = {w.lemma for ws in lex.wrappers_by_verb.values() for w in ws
                        if w.kind == WrapperKind.REFUSE}
        self._negating_heads = lex.negating_heads | frozenset(refuse_verbs)
        # every finder starts from a lexicon lookup by lemma: a token none of these names can
        # trigger nothing, and is skipped (most tokens of a sentence)
        self._trigger_lemmas = frozenset().union(
            lex.by_verb, lex.by_noun, lex.wrappers_by_verb, lex.wrappers_by_noun,
            lex.obligation_verbs, lex.obligation_nouns)

    # -- public -------------------------------------------------------------------------------

    def extract(
        self,
        sent: Span | Doc,
        actors: SentenceActorsLike,
        article_id: str,
        sent_index: int,
        char_offset: int,
    ) -> list[Event]:
        tokens = [t for t in sent if self._lemmas(t) & self._trigger_lemmas]
        consumed: set[int] = set()
        events: list[Event] = []
        seen: set[tuple[int, str, str]] = set()
        # the recall pass re-reads the strict verb readings of the tokens left unconsumed,
        # rather than matching their entries again
        strict: dict[int, list[_Candidate]] = {}

        def verb_readings(tok: Token, actors) -> list[_Candidate]:
            strict[tok.i] = self._verb_candidates(tok, actors)
            return strict[tok.i]

        def loose_readings(tok: Token, actors) -> list[_Candidate]:
            return self._loose_verb_candidates(tok, actors, strict.pop(tok.i, None))

        for finder in (self._wrapper_candidates, self._noun_candidates, verb_readings,
                       loose_readings):
            for tok in tokens:
                if tok.i in consumed:
                    continue
                chosen = self._first_reading(finder(tok, actors), consumed, seen, actors,
                                             (sent, article_id, sent_index, char_offset))
                if chosen is not None:
                    cand, made, keys = chosen
                    events.extend(made)
                    seen |= keys
                    consumed.add(cand.trigger.i)
                    consumed.update(t.i for t in cand.consumes)
        return _drop_redundant_untargeted(events)

    def announce_future(self, event: Event, publication: str | None) -> None:
        """'Hu Jintao visits Canada next week': an act dated after the article is announced,
        not done, and CAMEO codes it as the intent (036) or threat it is."""
        if (event.modality != "asserted" or not publication or not event.date
                or not event.date_text or event.date[:10] <= publication[:10]
                or event.date_precision not in ("day", "month")):
            return
        intent = self.lexicon.announced_code(event.cameo)
        if intent is None:
            return
        for name, value in _code_fields(self.ontology.get(intent)).items():
            setattr(event, name, value)
        event.modality = "intended"
        event.rule = f"{event.rule}+future"

    def _first_reading(self, cands, consumed, seen, actors, where):
        """The first reading of a trigger that names a target, else the first that makes any
        event: "fired rockets at Sderot" is an attack on Israel (190), not the untargeted
        missile test (150) its entry would give alone."""
        fallback = None
        for cand in cands:
            if cand.trigger.i in consumed:
                continue
            keys = set(seen)
            made = self._events(cand, *where, keys, actors)
            if not made:
                continue
            if any(e.target is not None for e in made):
                return cand, made, keys
            if fallback is None:
                fallback = (cand, made, keys)
        return fallback

    # -- candidates ---------------------------------------------------------------------------

    def _lemmas(self, tok: Token) -> set[str]:
        return {lemma(tok)} | self.lexicon.lemma_for_form(tok.lower_)

    def _verb_candidates(self, tok: Token, actors) -> list[_Candidate]:
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            return []
        if self._demanded_clause(tok):
            return []
        entries = self._verb_matching(tok)
        out = []
        for entry in entries:
            passive = is_passive(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
            if passive:
                agent = agent_of(tok)
                sources = self._actors([agent] if agent is not None else [], actors,
                                       fallback=True)
                if tok.dep_ == "acl" and passive_subject(tok) is None:
                    patient = tok.head
                else:
                    patient = passive_subject(tok)
                targets = self._actors([patient] if patient is not None else [], actors,
                                       fallback=True)
                if not targets:
                    targets = self._slot_targets(entry.target, [tok], None, actors, skip_dobj=True)
                if not sources and agent is None and self._unnamed_attack(tok, entry):
                    sources = [_Found(unnamed_attacker(tok, self._cause_place(tok, actors)),
                                      tok, fallback=True)]
                elif not sources and agent is None and entry.code in self.lexicon.state_acts and targets:
                    # "16 Colombians were arrested in Lima": only the state arrests
                    sources = [_Found(unnamed_authorities(tok), tok, fallback=True)]
            else:
                subj = subject_of(tok)
                sources = self._actors([subj] if subj is not None else [], actors)
                if (not sources and subj is not None and entry.code[:2] in self.lexicon.violent_roots
                        and lemma(subj) in self.lexicon.weapon_subjects):
                    # "US drone attacks killed ...": the weapon's owner when it is named
                    sources = self._modifier_actors(subj, actors) or [
                        _Found(unnamed_attacker(subj), subj, fallback=True)]
                targets = self._slot_targets(entry.target, [tok], None, actors,
                                             skip_dobj=bool(entry.objects) and "dobj" not in entry.target)
            if not targets and (entry.code[:2] in self.lexicon.violent_roots or entry.code in self.lexicon.state_acts):
                # "Pavon was shot by unidentified assailants", "marines captured Juan Garcia"
                patient = (passive_subject(tok) if passive and tok.dep_ != "acl"
                           else None if passive else direct_object(tok))
                person = self._unknown_person(patient, actors) if patient is not None else None
                if person is not None:
                    targets = [person]
            if not sources and not targets and self._lemmas(tok) & self.lexicon.mutual_triggers:
                # "Fighting between Sudanese troops and rebels continued": a gerund naming
                # both sides in its "between" phrase, as the noun does
                sources, targets = self._between(tok, actors)
            if not targets and not passive and entry.code[:2] in self.lexicon.violent_roots:
                targets = self._place_targets(tok, actors)
            if self._lemmas(tok) & self.lexicon.sport_verbs:
                # "Europe beat the USA in the Ryder Cup": a bare country is beaten at games
                targets = [t for t in targets if t.actor.sectors]
            span = [tok]
            if entry.particle:
                p = particle_token(tok, entry.particle)
                if p is not None:
                    span.append(p)
            allow = entry.no_target or (not passive and self._unnamed_victims(tok, entry))
            out.append(_Candidate("verb", entry.code, entry.id, tok, span, sources, targets,
                                  allow, [tok], passive=passive, imported=entry.imported))
        return out

    def _loose_verb_candidates(self, tok: Token, actors,
                               strict: list[_Candidate] | None = None) -> list[_Candidate]:
        """The recall pass: a trigger verb the strict reading left without a party, read
        again with the source taken from the subject's modifiers too ("supporters of the
        president said") and the target as the nearest actor among the verb's nominal
        arguments ("launched an offensive on rebel-held towns"). Events made here carry the
        'loose' kind, so a lower confidence. ``strict``: this token's strict readings, when
        they were made already (they are changed in place)."""
        if self._lemmas(tok) & self.lexicon.sport_verbs:
            return []  # "Brazil beats Haiti 6-0": a game verb takes only the strict reading
        out = []
        for cand in strict if strict is not None else self._verb_candidates(tok, actors):
            if cand.imported:
                continue  # the imported patterns are read strictly: "makes", "sets" read loosely are noise
            if not cand.sources:
                subj = subject_of(tok) if not cand.passive else None
                cand.sources = self._actors([subj], actors, fallback=True) if subj is not None else []
            if not cand.sources:
                continue
            if not cand.targets and not cand.passive:
                cand.targets = self._argument_targets(tok, cand.sources, actors)
            if not cand.targets:
                continue
            cand.kind = "loose"
            cand.rule = f"{cand.rule}+loose"
            out.append(cand)
        return out

    def _argument_targets(self, verb: Token, sources: list[_Found], actors) -> list[_Found]:
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
                if t.dep_ == "pobj" and (t.head.lower_ in _LOOSE_SKIPPED_PREPS or (
                        t.head.lower_ in _LOCATIVE_PREPS and not actor.sectors)):
                    continue
                if any(_same_actor(actor, s.actor) for s in sources):
                    continue
                found.append(_Found(actor, t, fallback=True))
            if found:
                return found
            level = [c for t in level for c in t.children if c.dep_ in _ARGUMENT_EDGES]
            if not level:
                break
        return []

    def _place_targets(self, verb: Token, actors) -> list[_Found]:
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
                found = self._place_actor(obj)
            elif lemma(obj) in self.lexicon.place_nouns and actors.actor_for(obj) is None:
                found = next((f for host in (obj, verb) for prep in _PLACE_PREPS
                              for o in pp_objects(host, prep)
                              for f in [self._place_actor(o, actors)] if f is not None), None)
            else:
                found = None
            if found is not None:
                return [found]
        return []

    def _place_actor(self, tok: Token, actors=None) -> _Found | None:
        """``tok`` as a place: a city or province the gazetteer knows, or (given ``actors``)
        a country named bare ('in Lebanon'), taken as the country without a sector."""
        if tok.pos_ != "PROPN":
            return None
        if actors is not None:
            actor = actors.actor_for(tok)
            if actor is not None:
                if actor.sectors or not actor.country or actor.code != actor.country:
                    return None  # "positions in Hezbollah's stronghold": not a place
                return _Found(actor, tok, fallback=True)
        words = [t for t in tok.subtree if t.i <= tok.i and t.pos_ == "PROPN"]
        name = " ".join(t.text for t in words)
        country = self.place_country(name)
        if not country:
            return None
        actor = Actor(text=name, name=name, code=country, country=country,
                      start=words[0].idx, end=tok.idx + len(tok.text), how="place:object")
        return _Found(actor, tok, fallback=True)

    def _unknown_person(self, tok: Token, actors) -> _Found | None:
        """A full name the knowledge base does not know, hit by violence or arrest: a civilian
        of the country where it happened ("Pavon was shot", "captured Manuel Garcia"). Two
        capitalised words at least, no place, no actor: organisations and places stay out."""
        if tok.pos_ != "PROPN" or actors.actor_for(tok) is not None:
            return None
        if any(c.dep_ == "appos" and any(actors.actor_for(t) is not None for t in c.subtree)
               for c in tok.children):
            return None  # "Saifullah Al-Mamun, a Bangladeshi": the apposition says who
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
        return _Found(unknown_person(name, words[0].idx, tok.idx + len(tok.text)), tok,
                      fallback=True)

    def _cause_place(self, verb: Token, actors) -> str | None:
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
                found = self._place_actor(m, actors) or self._place_actor(m)
                if found is not None:
                    return found.actor.country
        return None

    def _unnamed_attack(self, verb: Token, entry: Entry) -> bool:
        """'Two diplomats were kidnapped', 'five were killed in a car bombing': violence done
        by someone the story does not name (not 'killed in floods')."""
        if entry.code[:2] not in self.lexicon.violent_roots:
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
            return False  # "to defend Saudi Arabia if it is attacked"
        if self._lemmas(verb) & self.lexicon.deliberate_verbs:
            return True
        # the cause must be named besides the verb ("Kyiv was attacked" names no doer)
        others = [t for t in verb.sent if t.i != verb.i]
        words = {w for t in others for w in _cause_forms(t)}
        return bool(words & self.lexicon.violent_causes)

    def _unnamed_victims(self, verb: Token, entry: Entry) -> bool:
        """'killed 23 people', 'arresting 12': violence against people nobody names is an
        event without a target (CAMEO codes the unknown target as such)."""
        victim_roots = self.lexicon.victim_roots
        if entry.code[:2] not in victim_roots and entry.code[:3] not in victim_roots:
            return False
        if self._lemmas(verb) & self.lexicon.sport_verbs:
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
            if head is current or current.dep_ not in ("advcl", "conj", "xcomp"):
                return False
            if not any(e.code[:2] in victim_roots or e.code[:3] in victim_roots
                       for lem in self._lemmas(head) for e in self.lexicon.by_verb.get(lem, [])):
                return False
            current = head
        return False

    def _demanded_clause(self, verb: Token) -> bool:
        """'(its demand) that Israel ease restrictions': a bare-verb clause under a demand or
        appeal word is asked for, not done, even when the wrapper itself found no actor; so is
        the infinitive of a coercing verb ('to force Paris to revoke the ban')."""
        if (verb.dep_ == "xcomp" and verb.head is not verb
                and lemma(verb.head) in self.lexicon.coercing_verbs):
            return True
        if verb.dep_ not in ("ccomp", "acl") or verb.tag_ != "VB" or verb.head is verb:
            return False
        if any(c.dep_ == "aux" for c in verb.children):
            return False
        head = verb.head
        table = self.lexicon.wrappers_by_noun if head.pos_ == "NOUN" else self.lexicon.wrappers_by_verb
        return any(w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) for lem in self._lemmas(head)
                   for w in table.get(lem, []))

    def _noun_candidates(self, tok: Token, actors) -> list[_Candidate]:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        entries = self._matching(tok, self.lexicon.by_noun, self._noun_entry_matches)
        out = []
        for entry in entries:
            frame = self._noun_frame(tok, set(entry.light))
            if frame is None:
                continue
            source_tok, carrier, licensed = frame
            sources = self._actors([source_tok], actors) if source_tok is not None else []
            if not sources and source_tok is None:
                sources = self._modifier_actors(tok, actors, include_poss=False)
            carriers = [carrier] if carrier is not None else []
            slots = entry.target if licensed else tuple(
                s for s in entry.target if s not in _LOCATIVE_PREPS)  # "the siege in Russia"
            targets = self._slot_targets(slots, [tok, *carriers], tok, actors,
                                         skip_dobj=True, exclude=source_tok)
            if not sources and source_tok is None:
                sources, targets = self._between(tok, actors)
            span = sorted([tok, *carriers], key=lambda t: t.i)
            anchors = carriers or [tok]
            cand = _Candidate("noun", entry.code, entry.id, tok, span, sources, targets,
                              entry.no_target, anchors, consumes=carriers)
            if not licensed:
                cand.kind = "noun_unlicensed"
            out.append(cand)
        return out

    def _noun_frame(self, noun: Token, extra_light: set) -> tuple[Token | None, Token | None, bool] | None:
        """(source token, carrying verb, licensed) for an event noun, or None when the noun
        only names an event someone else talks about ("condemned the attack")."""
        lex = self.lexicon
        slot = self._measured(noun)
        head = slot.head
        light = lex.light_verbs | {lv for lv, _ in extra_light}
        answered = self._support(head) & lex.receiving_verbs and (
            lemma(noun) in lex.wrappers_by_noun)
        if (slot.dep_ in ("dobj", "nsubjpass", "attr") and head is not slot
                and self._support(head) & light and not answered):
            if slot.dep_ == "nsubjpass" or is_passive(head):
                return agent_of(head), head, True
            return subject_of(head), head, True
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head is not head:
            verb = head.head
            preps = lex.presence_verbs.get(lemma(verb))
            preps = preps or next((lex.presence_verbs[v] for v in self._support(verb)
                                   if v in lex.presence_verbs), None)
            if preps and head.lower_ in preps:
                return subject_of(verb), verb, True
            if (head.lower_ in lex.encounter_preps and lemma(noun) in lex.encounter_nouns
                    and verb.pos_ in ("VERB", "AUX")):
                # "Rumsfeld declared ... during a visit to Iraq": the subject's own visit
                return subject_of(verb), None, True
        if noun.dep_ == "nsubj" and lemma(head) in lex.happen_verbs:
            return None, head, True
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and self._support(c) & light:
                agent = agent_of(c)
                if agent is not None:
                    return agent, c, True
        if (slot.dep_ == "dobj" and head is not slot
                and self._support(head) & lex.ending_verbs):
            # "halted its mediation", "prevented a demonstration": ended or prevented
            return None
        poss = possessor(noun)
        if poss is not None:
            return poss, None, False
        for prep in ("by", "from"):
            objs = pp_objects(noun, prep)
            if objs:
                return objs[0], None, False
        return None, None, False

    def _support(self, verb: Token) -> set[str]:
        return {lemma(verb)} | self.lexicon.support_lemmas_for_form(verb.lower_)

    def _measured(self, noun: Token) -> Token:
        """For 'tons of food aid', '5 million dollars of aid': the measure noun, which holds
        the place in the clause that the event noun would hold alone."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "of" or prep.head is prep:
            return noun
        measure = prep.head
        if lemma(measure) in self.lexicon.measure_nouns or measure.like_num:
            return measure
        return noun

    def _wrapper_candidates(self, tok: Token, actors) -> list[_Candidate]:
        lex = self.lexicon
        out = []
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            wrappers = [w for lem in self._lemmas(tok) for w in lex.wrappers_by_verb.get(lem, [])]
            wrappers = [w for w in wrappers if not w.particle or particle_token(tok, w.particle)]
            wrappers.sort(key=lambda w: w.particle is None)
            for w in wrappers[:1]:
                cand = self._verb_wrapper(tok, w, actors)
                if cand is not None:
                    out.append(cand)
            if not out and lemma(tok) in lex.obligation_verbs:
                cand = self._obligation(tok, subject_of(tok), tok, actors)
                if cand is not None:
                    out.append(cand)
        elif tok.pos_ == "NOUN":
            for w in lex.wrappers_by_noun.get(lemma(tok), [])[:1]:
                cand = self._noun_wrapper(tok, w, actors)
                if cand is not None:
                    out.append(cand)
            if not out and lemma(tok) in lex.obligation_nouns:
                head = tok.head
                carried = tok.dep_ in ("dobj", "attr") and head is not tok and (
                    lemma(head) in lex.light_verbs or lemma(head) in lex.noun_carriers)
                source_tok = possessor(tok) or (subject_of(head) if carried else None)
                if source_tok is not None:
                    cand = self._obligation(tok, source_tok, head if carried else tok, actors)
                    if cand is not None:
                        out.append(cand)
        return out

    def _obligation(self, holder: Token, source_tok: Token | None, anchor: Token,
                    actors) -> _Candidate | None:
        """'X said (that) Y must do Z': X demands Z of Y. Y must be an actor other than X
        ("Iran said it must defend itself" is no demand)."""
        if source_tok is None:
            return None
        lex = self.lexicon
        for clause in holder.children:
            if clause.dep_ not in ("ccomp", "acl") or clause.pos_ not in ("VERB", "AUX"):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in lex.obligation_modals
                       for c in clause.children):
                continue
            subj = first_child(clause, ("nsubj",))
            targets = self._actors([subj], actors) if subj is not None else []
            sources = self._actors([source_tok], actors)
            if not targets or not sources:
                return None
            complement = clause
            # "must be ready to mediate", "must agree to withdraw": the demand is the infinitive
            for _ in range(3):
                nxt = first_child(complement, ("acomp",)) if lemma(complement) == "be" else None
                nxt = first_child(nxt or complement, ("xcomp",))
                if nxt is None or not (lemma(complement) == "be"
                                       or lemma(complement) in lex.wrappers_by_verb):
                    break
                complement = nxt
            code = self._family_code(complement, _MUST_DEMAND)
            consumes = [clause, *self._complement_tokens(complement)]
            span = sorted({holder, clause}, key=lambda t: t.i)
            return _Candidate("derived", code or "100", _MUST_DEMAND.id, holder, span,
                              sources, targets, False, [anchor], consumes=consumes)
        return None

    def _verb_wrapper(self, tok: Token, w: Wrapper, actors) -> _Candidate | None:
        holders = [tok]
        if w.particle:
            p = particle_token(tok, w.particle)
            if p is not None:
                holders.append(p)
        complement, ccomp_subject = self._complement(holders, w.kind, actors)
        if complement is None:
            return None
        if complement.pos_ == "NOUN" and self.lexicon.wrappers_by_noun.get(lemma(complement)):
            # "pressed their demands for freedom": the noun wrapper codes it
            return None
        outer = complement
        if w.kind != WrapperKind.INTENT and complement.pos_ in ("VERB", "AUX"):
            # "refused to commit to any assistance": the refusal is of the inner complement
            inner_wrappers = [iw for lem in self._lemmas(complement)
                              for iw in self.lexicon.wrappers_by_verb.get(lem, [])
                              if iw.kind == WrapperKind.INTENT]
            if inner_wrappers:
                inner, _ = self._complement([complement], WrapperKind.INTENT, actors)
                if inner is not None:
                    complement = inner
        code = self._family_code(complement, w)
        if code is None:
            return None
        subj = subject_of(tok)
        sources = self._actors([subj] if subj is not None else [], actors)
        targets: list[_Found] = []
        if w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL, WrapperKind.THREAT, WrapperKind.REFUSE):
            obj = direct_object(tok)
            if obj is not None and obj is not complement:
                targets = self._actors([obj], actors, fallback=w.kind == WrapperKind.REFUSE)
            for prep in ("on", "upon", "to", "with", "from"):
                if targets:
                    break
                targets = self._actors([t for t in pp_objects(tok, prep) if t is not complement],
                                       actors)
            if not targets and ccomp_subject is not None:
                targets = self._actors([ccomp_subject], actors, fallback=True)
        if not targets:
            targets = self._complement_targets(complement, actors)
        if not targets:
            targets = self._actors([t for h in holders for prep in ("to", "with")
                                    for t in pp_objects(h, prep) if t is not complement], actors)
        if not targets and w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and not self._has_family(complement):
            # "insisted unrest reflected...", "demanded an end": asked of nobody, for nothing
            # the lexicon names; too vague to code
            return None
        consumes = [*self._complement_tokens(complement), outer]
        span = sorted({tok, complement}, key=lambda t: t.i)
        cand = _Candidate("derived", code, w.id, tok, span, sources, targets, True, [tok],
                          consumes=consumes)
        cand.extra_modality = self._complement_modality(complement, tok)
        return cand

    def _noun_wrapper(self, tok: Token, w: Wrapper, actors) -> _Candidate | None:
        lex = self.lexicon
        head = tok.head
        carrier = None
        if tok.dep_ in ("dobj", "attr") and head is not tok and (
            self._support(head) & (lex.noun_carriers | lex.light_verbs)
        ):
            carrier = head
        if carrier is not None and lemma(carrier) in lex.receiving_verbs:
            # "accepted the rebels' demands", "rejected calls for talks": the carrier's subject
            # answers someone else's demand or offer; the verb is coded on its own
            carrier = None
        # the possessor holds the intention ("welcomed Iran's offer to mediate"); without
        # one, whoever expresses it does
        source_tok = possessor(tok)
        if source_tok is None:
            if carrier is None:
                return None
            source_tok = subject_of(carrier)
        complement, clause_subject = self._complement([tok], w.kind, actors, noun=True)
        if complement is None:
            return None
        code = self._family_code(complement, w)
        if code is None:
            return None
        sources = self._actors([source_tok] if source_tok is not None else [], actors)
        targets: list[_Found] = []
        if clause_subject is None and complement.pos_ in ("VERB", "AUX"):
            clause_subject = first_child(complement, ("nsubj",))
        if w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and clause_subject is not None:
            # "its demand that Israel ease restrictions": asked of the clause's subject
            targets = self._actors([clause_subject], actors)
        if not targets:
            targets = self._complement_targets(complement, actors)
        if not targets:
            holders = [tok] + ([carrier] if carrier is not None else [])
            targets = self._actors([t for h in holders for prep in ("to", "with", "on")
                                    for t in pp_objects(h, prep) if t is not complement], actors)
        anchors = [carrier] if carrier is not None else [tok]
        span = sorted({tok, complement, *anchors}, key=lambda t: t.i)
        cand = _Candidate("derived", code, w.id, tok, span, sources, targets, True, anchors,
                          consumes=[*self._complement_tokens(complement), *anchors])
        cand.extra_modality = self._complement_modality(complement, tok)
        return cand

    def _complement(self, holders: list[Token], kind: str, actors, noun: bool = False):
        """The event a wrapper governs: an infinitive, a 'for'/'to'/'with' PP, a clause, or
        (for verbs) a non-actor direct object. Returns (complement, subject of a that-clause)."""
        happen = self.lexicon.happen_verbs
        for h in holders:
            for c in h.children:
                # the parser sometimes attaches "vowed to fight" as an infinitival advcl
                infinitive = c.dep_ == "advcl" and direct_object(h) is None and any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                if (c.dep_ in ("xcomp", "acl") or infinitive) and c.pos_ in ("VERB", "AUX"):
                    if lemma(c) in happen:
                        subj = first_child(c, ("nsubj", "nsubjpass"))
                        return (subj, None) if subj is not None else (None, None)
                    return c, None
        preps = ("for", "to", "of", "on") if noun else ("for", "to")
        if kind == WrapperKind.THREAT:
            preps = (*preps, "with")
        for h in holders:
            if h.dep_ == "prep" and h.lower_ in preps:
                objs = [g for g in h.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return objs[0], None
            for prep in preps:
                objs = pp_objects(h, prep)
                objs = [o for o in objs if actors.actor_for(o) is None]
                if objs:
                    return objs[0], None
        if not noun:
            obj = direct_object(holders[0])
            if obj is not None and actors.actor_for(obj) is None:
                return obj, None
        for h in holders:
            for c in h.children:
                if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX"):
                    subj = first_child(c, ("nsubj", "nsubjpass"))
                    if lemma(c) in happen and subj is not None:
                        return subj, None
                    if kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and not _mandative(c):
                        # "insisted (that) unrest reflected old tensions" is a claim
                        continue
                    if kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) or noun:
                        return c, subj
        return None, None

    def _family_code(self, complement: Token, w: Wrapper) -> str | None:
        for key in self._complement_keys(complement):
            fam = self.lexicon.family_of(key)
            if fam is None:
                continue
            if w.kind in fam.codes and fam.codes[w.kind] is None:
                return None  # a family that is no event for this kind ("agreed to buy")
            code = fam.codes.get(w.kind)
            if code is None and w.kind == WrapperKind.INTENT:
                code = fam.codes.get(WrapperKind.THREAT)
            # the most specific key decides: "halt attacks" is de-escalation even if a
            # later key ("attack") belongs to a family with a code for this kind
            return code if code is not None else w.default
        return w.default

    def _has_family(self, complement: Token) -> bool:
        return any(self.lexicon.family_of(k) is not None for k in self._complement_keys(complement))

    def _complement_keys(self, c: Token) -> list[str]:
        keys: list[str] = []
        lem = lemma(c)
        heads = [c]
        obj = direct_object(c)
        if obj is None and c.pos_ in ("NOUN", "PROPN"):
            objs = pp_objects(c, "of")
            obj = objs[0] if objs else None
        if obj is None and c.pos_ in ("VERB", "AUX"):
            for prep in ("to", "from", "of", "out", "in"):
                objs = pp_objects(c, prep)
                if objs:
                    keys.append(f"{lem} {lemma(objs[0])}")
        for p in c.children:
            if p.dep_ == "prt":
                if obj is not None:  # "lay down weapons", "hand over prisoners"
                    keys.append(f"{lem} {p.lower_} {lemma(obj)}")
                keys.append(f"{lem} {p.lower_}")
        if obj is not None:
            ol = lemma(obj)
            keys.append(f"{lem} {ol}")
            keys.extend(f"{lemma(m)} {ol}" for m in modifiers(obj))
            keys.extend(f"{lem} {lemma(m)}" for m in modifiers(obj))
            heads.insert(0, obj)
        for h in heads:
            keys.extend(f"{lemma(m)} {lemma(h)}" for m in modifiers(h))
            keys.extend([lemma(h), h.lower_])
        # last, what the complement is for or about: "ready to contribute to a settlement",
        # "pledged a fresh push for better ties"
        for h in heads:
            for prep in _PURPOSE_PREPS:
                for o in pp_objects(h, prep)[:1]:
                    keys.extend(f"{lemma(m)} {lemma(o)}" for m in modifiers(o))
                    keys.extend([lemma(o), o.lower_])
        return keys

    def _complement_tokens(self, c: Token) -> list[Token]:
        out = [c]
        obj = direct_object(c)
        if obj is not None:
            out.append(obj)
        out.extend(t for t in c.children if t.dep_ == "xcomp")
        return out

    def _complement_targets(self, c: Token, actors) -> list[_Found]:
        obj = direct_object(c)
        if obj is not None and self._object_can_be_target(c):
            found = self._actors([obj], actors, fallback=True)
            if found:
                return found
        nouns = [c] + ([obj] if obj is not None else [])
        for _ in range(3):
            # "contribute to a settlement of the conflict with the rebels": a party named
            # down the chain of what the complement is about, nearest first
            for prep in _COMPLEMENT_TARGET_PREPS:
                for n in nouns:
                    found = self._actors(pp_objects(n, prep), actors)
                    if found:
                        return found
            nouns = [o for n in nouns for prep in _PURPOSE_PREPS for o in pp_objects(n, prep)]
            if not nouns:
                break
        return []

    def _object_can_be_target(self, verb: Token) -> bool:
        """A complement verb whose lexicon entries never take their object as target ("discuss
        the conflict", "review the situation") has a topic there, not a party."""
        if verb.pos_ not in ("VERB", "AUX"):
            return True
        entries = self.lexicon.by_verb.get(lemma(verb))
        if not entries:
            return True
        # the curated entries decide for a verb they know; the imported ones only for others
        entries = [e for e in entries if not e.imported] or entries
        return any("dobj" in e.target for e in entries)

    def _complement_modality(self, complement: Token, wrapper: Token) -> str | None:
        verb = complement if complement.pos_ in ("VERB", "AUX") else complement.head
        for c in verb.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return "intended"
        if lemma(wrapper) in self.lexicon.intent_heads:
            return "intended"
        return None

    # -- entry matching -----------------------------------------------------------------------

    def _matching(self, tok: Token, table: dict[str, list[Entry]], matches) -> list[Entry]:
        found: dict[str, Entry] = {}
        for lem in self._lemmas(tok):
            for entry in table.get(lem, []):
                if entry.id not in found and matches(tok, entry):
                    found[entry.id] = entry
        return sorted(found.values(), key=lambda e: -e.specificity)

    def _verb_matching(self, tok: Token) -> list[Entry]:
        """Like _matching, but only the entries the clause's object words and prepositions
        can match are tried (Lexicon.verb_entries)."""
        words = self._object_words(tok)
        holders = [tok, direct_object(tok), *self._particles(tok)]
        preps = frozenset(c.lower_ for h in holders if h is not None for c in h.children
                          if c.dep_ in ("prep", "agent", "dative"))
        found: dict[str, Entry] = {}
        for lem in self._lemmas(tok):
            for entry in self.lexicon.verb_entries(lem, words, preps):
                if entry.id not in found and self._verb_entry_matches(tok, entry, words):
                    found[entry.id] = entry
        return sorted(found.values(), key=lambda e: -e.specificity)

    def _object_words(self, tok: Token) -> frozenset[str]:
        """The words a verb entry's object list may match: the object's lemma and form, its
        conjuncts, the measured noun ("a mission of observers", "part of the stronghold") and
        a generic head's compound ("halt mediation efforts")."""
        obj = direct_object(tok) or (passive_subject(tok) if is_passive(tok) else None)
        if obj is None:
            return frozenset()
        heads = [obj]
        if lemma(obj) in self.lexicon.collective_nouns:
            heads.extend(pp_objects(obj, "of")[:1])
        words = {lemma(o) for h in heads for o in with_conjuncts(h)} | {obj.lower_}
        words |= {lemma(c) for h in heads if lemma(h) in self.lexicon.generic_heads
                  for c in h.children if c.dep_ == "compound"}
        return frozenset(words)

    def _verb_entry_matches(self, tok: Token, entry: Entry,
                            words: frozenset[str] | None = None) -> bool:
        if entry.particle and particle_token(tok, entry.particle) is None:
            return False
        if entry.objects:
            if words is None:
                words = self._object_words(tok)
            if not words & entry.objects:
                return False
        return self._pps_match([tok, direct_object(tok), *self._particles(tok)], entry)

    @staticmethod
    def _particles(tok: Token) -> list[Token]:
        return [c for c in tok.children if c.dep_ == "prt" or c.lower_ in _PARTICLES]

    def _noun_entry_matches(self, tok: Token, entry: Entry) -> bool:
        if entry.mods:
            mods = {lemma(m) for m in modifiers(tok)} | {m.lower_ for m in modifiers(tok)}
            if not mods & entry.mods:
                return False
        return self._pps_match([tok], entry)

    @staticmethod
    def _pps_match(holders: list[Token | None], entry: Entry) -> bool:
        """Any one of the entry's PPs must be present ("by phone" or "over the phone")."""
        if not entry.pps:
            return True
        for prep, words in entry.pps:
            objs = [o for h in holders if h is not None for o in pp_objects(h, prep)]
            if objs and (not words or any(lemma(o) in words or o.lower_ in words for o in objs)):
                return True
        return False

    # -- actors ---------------------------------------------------------------------------------

    def _actors(self, toks: Iterable[Token], actors, fallback: bool = False) -> list[_Found]:
        out: list[_Found] = []
        for tok in toks:
            for t, actor in self._heads_and_actors(tok, actors):
                if actor is not None:
                    out.append(_Found(actor, t))
                elif fallback:
                    found = self._modifier_actors(t, actors, include_poss=True)
                    if not found and t.pos_ == "NOUN":
                        # "positions of the rebel forces", "the offices of Palestinian officials";
                        # not a name's own PP: "the Sea of Japan" is no part of Japan
                        for o in pp_objects(t, "of")[:1]:
                            actor = actors.actor_for(o)
                            found = [_Found(actor, o, fallback=True)] if actor is not None else []
                    out.extend(found)
        return out

    def _heads_and_actors(self, tok: Token, actors) -> list[tuple[Token, Actor | None]]:
        """Each conjunct of ``tok`` with its actor; a quantity or collective reads through
        its PP: "thousands of protesters", "leaders from Spain and Portugal" (both)."""
        out: list[tuple[Token, Actor | None]] = []
        for t in with_conjuncts(tok):
            actor = actors.actor_for(t)
            if actor is None and (t.like_num or lemma(t) in self.lexicon.quantity_nouns):
                inner = pp_objects(t, "of") or pp_objects(t, "from")
                if inner:
                    envoys = lemma(t) in self.lexicon.envoy_nouns
                    for u in with_conjuncts(inner[0]):
                        found = actors.actor_for(u)
                        if envoys and found is not None and not found.sectors and found.country:
                            found = with_sector(found, "GOV", t.text)
                        out.append((u, found))
                    continue
            if actor is not None and actor.sectors:
                # "the governments of Mexico and the Dominican Republic": the title reaches
                # every country of its PP, not only the first that the mention took in
                inner = pp_objects(t, "of") or pp_objects(t, "from")
                others = with_conjuncts(inner[0])[1:] if inner else []
                extra = [(u, with_sector(a, actor.sectors[0], t.text)) for u in others
                         for a in [actors.actor_for(u)]
                         if a is not None and not a.sectors and a.country
                         and a.country != actor.country]
                # "Afghan and U.S.-led troops": coordinated modifiers name one force each
                extra += [(u, a if a.sectors else with_sector(a, actor.sectors[0], t.text))
                          for m in t.children if m.dep_ in ("amod", "compound") and m.conjuncts
                          for u in with_conjuncts(m)
                          for a in [actors.actor_for(u)]
                          if a is not None and a.country and a.country != actor.country
                          and a.sectors in ([], actor.sectors)]
                if extra:
                    out.append((t, actor))
                    out.extend(extra)
                    continue
            out.append((t, actor))
        return out

    def _modifier_actors(self, tok: Token, actors, include_poss: bool = True) -> list[_Found]:
        cands = ([possessor(tok)] if include_poss else []) + modifiers(tok)
        for m in cands:
            if m is None:
                continue
            actor = actors.actor_for(m)
            if actor is not None:
                return [_Found(actor, m, fallback=True)]
        return []

    def _slot_targets(self, slots, holders, noun, actors, skip_dobj=False, exclude=None):
        for slot in slots:
            found: list[_Found] = []
            if slot == "dobj" and not skip_dobj:
                obj = direct_object(holders[0])
                if obj is not None:
                    found = self._actors([obj], actors, fallback=True)
            elif slot == "iobj":
                for h in holders:
                    io = indirect_object(h)
                    if io is not None:
                        found = self._actors([io], actors)
                        break
            elif slot == "poss":
                owners = [noun] if noun is not None else [direct_object(holders[0])]
                for o in owners:
                    p = possessor(o) if o is not None else None
                    if p is not None and p is not exclude:
                        found = self._actors([p], actors)
            else:
                objs = [t for h in holders for t in pp_objects(h, slot)]
                if not objs and noun is None:
                    obj = direct_object(holders[0])
                    if obj is not None:
                        objs = pp_objects(obj, slot)
                if not objs:
                    for h in holders:
                        for c in h.children:
                            if c.dep_ == "prt" or c.lower_ in _PARTICLES:
                                objs.extend(pp_objects(c, slot))
                found = self._actors(objs, actors, fallback=True)
            found = [f for f in found if exclude is None or f.token is not exclude]
            if found:
                return found
        return []

    def _between(self, noun: Token, actors) -> tuple[list[_Found], list[_Found]]:
        """'talks between Russia and India': the first party is the source, the rest targets."""
        parties = self._actors(pp_objects(noun, "between"), actors)
        return (parties[:1], parties[1:]) if len(parties) >= 2 else ([], [])

    # -- events ---------------------------------------------------------------------------------

    def _called_suspect(self, head: Token) -> bool:
        """Whether a participle on the phrase says its people are suspects or convicts: "a man
        convicted of murder", "a man who was wanted for robbery", "suspected smugglers"."""
        return any(c.dep_ in ("acl", "relcl", "amod") and c.lemma_.lower() in self.lexicon.suspect_participles
                   for c in head.children)

    def _events(self, cand: _Candidate, sent, article_id, sent_index, char_offset, seen,
                actors=None):
        lex = self.lexicon
        sources = cand.sources
        targets = cand.targets
        if not sources:
            return []
        mutual = bool(self._lemmas(cand.trigger) & lex.mutual_triggers)  # "clashed with"
        if not targets and len(sources) > 1 and (cand.code[:2] in self.lexicon.reciprocal_roots or mutual):
            targets = sources
        if not targets and not cand.allow_no_target:
            return []
        code = self.ontology.get(cand.code)
        mod = modality(cand.anchors, lex.intent_heads, lex.say_verbs, lex.unproven_heads,
                       self._lemmas)
        if cand.extra_modality and MODALITY_RANK[cand.extra_modality] > MODALITY_RANK[mod]:
            mod = cand.extra_modality
        rule = cand.rule
        if mod == "intended" and cand.kind != "derived" and announced(cand.anchors,
                                                                       lex.announcing_heads):
            # CAMEO codes "X will send aid" as an intent (03), "X will impose a curfew" as
            # a threat (13), not as the deed
            intent = lex.announced_code(cand.code)
            if intent is not None:
                code = self.ontology.get(intent)
                rule = f"{cand.rule}+announced"
        neg = negated([*cand.anchors, cand.trigger], self._negating_heads, lex.denying_heads)
        claims = self._claims(cand, code, mod, neg, actors, (sent, article_id, sent_index,
                                                             char_offset, seen))
        start = min(t.idx for t in cand.span_tokens)
        end = max(t.idx + len(t.text) for t in cand.span_tokens)
        doc = cand.trigger.doc
        trigger = TextSpan(doc.text[start:end], start + char_offset, end + char_offset)
        pairs = [(s, t) for s in sources for t in (targets or [None])]
        # by the entry's own code: "Putin met Xi" is mutual, "visited" (042) not; an announced
        # meeting is one side's intent ("Tsang will meet Suharto" = 036 Tsang -> Suharto) unless
        # both sides are its subject ("X and Y will meet": the pairs run both ways already)
        if (cand.code in lex.symmetric_codes or mutual) and code.code[:2] == cand.code[:2]:
            # "Putin met Xi": Xi met Putin too
            pairs += [(t, s) for s, t in pairs if t is not None]
        out = []
        for s, t in pairs:
            # an actor acting on its own code ("the minister met the president": GOV->GOV) is
            # no dyad an event coder can tell apart; PETRARCH and ICEWS drop these too
            if t is not None and (t.token.i == s.token.i or _same_actor(s.actor, t.actor)
                                  or s.actor.code == t.actor.code
                                  or (code.quad_class in (1, 2) and _own_country(s.actor, t.actor))):
                continue
            key = (cand.trigger.i, s.actor.code + s.actor.name, t.actor.code + t.actor.name if t else "")
            if key in seen:
                continue
            seen.add(key)
            made = code
            if code.root == "19" and set(s.actor.text.lower().split()) & lex.bombing_doers:
                made = self.ontology.get("183")  # "a suicide car bomber attacked a convoy"
            target = t.actor if t else None
            if target is not None and target.country and target.sectors in ([], ["CVL"]) and (
                    made.code in self.lexicon.suspect_codes or self._called_suspect(t.token)):
                target = with_sector(target, "CRM")  # "police detained a man"
            elif (target is not None and not target.sectors and target.how.startswith("kb:people")
                  and made.root in self.lexicon.violent_roots):
                target = with_sector(target, "CVL")  # "five Iraqis were killed": people, not the state
            source = s.actor
            if source.country and source.sectors in ([], ["CVL"]) and self._called_suspect(s.token):
                source = with_sector(source, "CRM")  # "a man wanted for murder shot a guard"
            out.append(
                Event(
                    article_id=article_id,
                    source=source,
                    target=target,
                    **_code_fields(made),
                    sentence=sent_index,
                    trigger=trigger,
                    evidence=sent.text,
                    rule=rule,
                    modality=mod,
                    negated=neg,
                    confidence=_confidence(cand, s, t),
                )
            )
        return out + claims if out else out

    def _claims(self, cand: _Candidate, code, mod, neg, actors, where) -> list[Event]:
        """'The US claimed that Iran attacked Iraq': CAMEO codes the claim, an accusation of
        the doer (USA -> IRN 112), and the attack only as a claim (hypothetical)."""
        if (actors is None or mod != "hypothetical" or neg or cand.kind == "derived"
                or code.quad_class not in (3, 4)):
            return []
        verb = claim_head(cand.anchors, self.lexicon.claiming_heads)
        if verb is None:
            return []
        subj = subject_of(verb)
        claimers = self._actors([subj], actors) if subj is not None else []
        if not claimers:
            return []
        accusation = _Candidate("derived", "112", "accuse.claim", verb, [verb], claimers,
                                cand.sources, False, [verb])
        return self._events(accusation, *where)


def _mandative(verb: Token) -> bool:
    """A clause that asks for something: a bare verb ("that Iran stop"), or must/should."""
    auxes = [a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB" or (verb.tag_ == "VBP" and lemma(verb) not in ("be", "have")):
        # the tagger gives a plural subject's subjunctive as VBP ("that the allies refuse")
        return all(a in ("must", "should", "to") for a in auxes)
    # "that control be taken away": a bare passive
    return verb.tag_ == "VBN" and "be" in auxes and all(
        a in ("must", "should", "be") for a in auxes)


def _code_fields(code) -> dict:
    """The event fields a CAMEO code decides (an ``Ontology`` row)."""
    return {"cameo": code.code, "root": code.root, "cameo_name": code.name,
            "plover": code.plover, "plover_mode": code.plover_mode,
            "quad_class": code.quad_class, "goldstein": code.goldstein}


def _own_country(source: Actor, target: Actor) -> bool:
    """'Putin called on India and Russia to work together', 'will visit a Russian region': a
    country's own people cooperating with the bare country are no dyad (but its police
    imposing a curfew on one of its towns are: the caller checks the quad class)."""
    return bool(source.country) and target.code == source.country and source.code != target.code


def _cause_forms(tok: Token) -> set[str]:
    # headlines capitalise nouns the tagger then takes for names: "Killed in Iraq Bombings"
    low = tok.lower_
    return {lemma(tok), low, low[:-1] if low.endswith("s") else low}


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.name == b.name and a.code == b.code


def _confidence(cand: _Candidate, s: _Found, t: _Found | None) -> float:
    c = _BASE_CONFIDENCE[cand.kind]
    if s.token.pos_ == "PRON" or s.actor.how.startswith("coref"):
        c -= 0.1
    if s.fallback:
        c -= 0.1
    if t is None:
        c -= 0.15
    else:
        if t.fallback:
            c -= 0.1
        if t.token.pos_ == "PRON" or t.actor.how.startswith("coref"):
            c -= 0.05
        if s.actor.kb_id and t.actor.kb_id:
            c += 0.05
    if cand.passive:
        c -= 0.05
    if cand.imported:
        c -= 0.1  # PETRARCH2's patterns, half of them right on the corpora we read
    if any(_regional(f.actor) for f in (s, t) if f is not None):
        # "Middle East leaders", "an African man": a region stands for countries the text
        # does not name; right at country level in few of the dev-news cases we read
        c -= 0.15
    return round(min(max(c, 0.05), 0.95), 2)


def _regional(actor: Actor) -> bool:
    return actor.how.startswith(("region", "kb:region"))


def _drop_redundant_untargeted(events: list[Event]) -> list[Event]:
    """An untargeted event adds nothing when the sentence has the same code and source with
    a target ("extended an invitation to Modi, expressing a desire for talks")."""
    targeted = {(e.cameo, e.source.code, e.source.name) for e in events if e.target is not None}
    return [
        e for e in events
        if e.target is not None or (e.cameo, e.source.code, e.source.name) not in targeted
    ]
