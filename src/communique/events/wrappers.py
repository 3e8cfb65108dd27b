"""Wrappers: a predicate that wraps another and decides what it codes as.

"agreed to hold talks", "threatened to impose sanctions", "called for a ceasefire", "expressed
a desire to meet", "X said Y must withdraw": the code comes from the complement's family under
the wrapper's kind (data/frames.yaml), and the complement is not coded again. A wrapper also
says how the complement holds: "will", "intends to" make it intended; a demand's clause is
asked for, not done ("its demand that Israel ease restrictions").
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from communique.events.frames import WrapperKind
from communique.events.lexicon import Lexicon, Wrapper
from communique.events.records import Candidate, Found, lemmas, ordered_lemmas, support
from communique.events.slots import SlotFinder
from communique.events.syntax import (
    direct_object,
    first_child,
    lemma,
    modifiers,
    particle_token,
    possessor,
    pp_objects,
    subject_of,
)
from communique.model.grammar import FUTURE_AUX

# PPs searched for the target of a derived (wrapper) event, in order.
_COMPLEMENT_TARGET_PREPS = ("with", "to", "between", "on", "against", "from", "for", "in", "by")
# what a complement is for or about, one step down: "help towards an end of the war"
_PURPOSE_PREPS = ("to", "for", "of", "toward", "towards")
# "X said Y must ...": a demand whose code comes from the complement's family.
_MUST_DEMAND = Wrapper("demand.must", WrapperKind.DEMAND, "verb", "must", None, "100")


class Complement(NamedTuple):
    """The event a wrapper governs ("agreed to *hold* talks"), and the subject of a
    that-clause it governs ("demanded that *Israel* withdraw"), which a demand is asked of."""

    token: Token | None
    clause_subject: Token | None


_NO_COMPLEMENT = Complement(None, None)


class WrapperFinder:
    def __init__(self, lexicon: Lexicon, slots: SlotFinder) -> None:
        self.lexicon = lexicon
        self.slots = slots

    def candidates(self, tok: Token, actors) -> list[Candidate]:
        lex = self.lexicon
        out = []
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            wrappers = [w for lem in ordered_lemmas(tok, lex) for w in lex.wrappers_by_verb.get(lem, [])]
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
                carried = tok.dep_ in ("dobj", "attr") and head.i != tok.i and (
                    lemma(head) in lex.light_verbs or lemma(head) in lex.noun_carriers)
                source_tok = possessor(tok) or (subject_of(head) if carried else None)
                if source_tok is not None:
                    cand = self._obligation(tok, source_tok, head if carried else tok, actors)
                    if cand is not None:
                        out.append(cand)
        return out

    def _obligation(self, holder: Token, source_tok: Token | None, anchor: Token,
                    actors) -> Candidate | None:
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
            targets = self.slots.actors([subj], actors) if subj is not None else []
            sources = self.slots.actors([source_tok], actors)
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
            return Candidate("derived", code or "100", _MUST_DEMAND.id, holder, span,
                             sources, targets, False, [anchor], consumes=consumes)
        return None

    def _verb_wrapper(self, tok: Token, w: Wrapper, actors) -> Candidate | None:
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
            inner_wrappers = [iw for lem in ordered_lemmas(complement, self.lexicon)
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
        sources = self.slots.actors([subj] if subj is not None else [], actors)
        targets: list[Found] = []
        if w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL, WrapperKind.THREAT, WrapperKind.REFUSE):
            obj = direct_object(tok)
            if obj is not None and obj.i != complement.i:
                targets = self.slots.actors([obj], actors, fallback=w.kind == WrapperKind.REFUSE)
            for prep in ("on", "upon", "to", "with", "from"):
                if targets:
                    break
                targets = self.slots.actors([t for t in pp_objects(tok, prep) if t.i != complement.i],
                                       actors)
            if not targets and ccomp_subject is not None:
                targets = self.slots.actors([ccomp_subject], actors, fallback=True)
        if not targets:
            targets = self._complement_targets(complement, actors)
        if not targets:
            targets = self.slots.actors([t for h in holders for prep in ("to", "with")
                                    for t in pp_objects(h, prep) if t.i != complement.i], actors)
        if not targets and w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and not self._has_family(complement):
            # "insisted unrest reflected...", "demanded an end": asked of nobody, for nothing
            # the lexicon names; too vague to code
            return None
        consumes = [*self._complement_tokens(complement), outer]
        if complement.head.i != tok.i and lemma(complement.head) in self.lexicon.happen_verbs:
            consumes.append(complement.head)  # "agreed to resume talks": one intent, not two
        span = sorted({tok, complement}, key=lambda t: t.i)
        cand = Candidate("derived", code, w.id, tok, span, sources, targets, True, [tok],
                         consumes=consumes)
        cand.extra_modality = self._complement_modality(complement, tok)
        return cand

    def _noun_wrapper(self, tok: Token, w: Wrapper, actors) -> Candidate | None:
        lex = self.lexicon
        head = tok.head
        carrier = None
        if tok.dep_ in ("dobj", "attr") and head.i != tok.i and (
            support(head, self.lexicon) & (lex.noun_carriers | lex.light_verbs)
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
        sources = self.slots.actors([source_tok] if source_tok is not None else [], actors)
        targets: list[Found] = []
        if clause_subject is None and complement.pos_ in ("VERB", "AUX"):
            clause_subject = first_child(complement, ("nsubj",))
        if w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and clause_subject is not None:
            # "its demand that Israel ease restrictions": asked of the clause's subject
            targets = self.slots.actors([clause_subject], actors)
        if not targets:
            targets = self._complement_targets(complement, actors)
        if not targets:
            holders = [tok] + ([carrier] if carrier is not None else [])
            targets = self.slots.actors([t for h in holders for prep in ("to", "with", "on")
                                    for t in pp_objects(h, prep) if t.i != complement.i], actors)
        anchors = [carrier] if carrier is not None else [tok]
        span = sorted({tok, complement, *anchors}, key=lambda t: t.i)
        cand = Candidate("derived", code, w.id, tok, span, sources, targets, True, anchors,
                         consumes=[*self._complement_tokens(complement), *anchors])
        cand.extra_modality = self._complement_modality(complement, tok)
        return cand

    def _complement(self, holders: list[Token], kind: str, actors,
                    noun: bool = False) -> Complement:
        """The event a wrapper governs: an infinitive, a 'for'/'to'/'with' PP, a clause, or
        (for verbs) a non-actor direct object, with the subject of a that-clause."""
        happen = self.lexicon.happen_verbs
        for h in holders:
            for c in h.children:
                # the parser sometimes attaches "vowed to fight" as an infinitival advcl
                infinitive = c.dep_ == "advcl" and direct_object(h) is None and any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                if (c.dep_ in ("xcomp", "acl") or infinitive) and c.pos_ in ("VERB", "AUX"):
                    if lemma(c) in happen:
                        # "talks began": the event is the subject; "threatened to resume
                        # attacks": the object
                        subj = first_child(c, ("nsubj", "nsubjpass")) or direct_object(c)
                        return Complement(subj, None) if subj is not None else _NO_COMPLEMENT
                    return Complement(c, None)
        preps = ("for", "to", "of", "on") if noun else ("for", "to")
        if kind == WrapperKind.THREAT:
            preps = (*preps, "with")
        for h in holders:
            if h.dep_ == "prep" and h.lower_ in preps:
                objs = [g for g in h.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return Complement(objs[0], None)
            for prep in preps:
                objs = pp_objects(h, prep)
                objs = [o for o in objs if actors.actor_for(o) is None]
                if objs:
                    return Complement(objs[0], None)
        if not noun:
            obj = direct_object(holders[0])
            if obj is not None and actors.actor_for(obj) is None:
                return Complement(obj, None)
        for h in holders:
            for c in h.children:
                if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX"):
                    subj = first_child(c, ("nsubj", "nsubjpass"))
                    if lemma(c) in happen and subj is not None:
                        return Complement(subj, None)
                    if kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) and not _mandative(c):
                        # "insisted (that) unrest reflected old tensions" is a claim
                        continue
                    if kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) or noun:
                        return Complement(c, subj)
        return _NO_COMPLEMENT

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
        # last, what the complement is for or about: "ready to help with a settlement",
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

    def _complement_targets(self, c: Token, actors) -> list[Found]:
        obj = direct_object(c)
        if obj is not None and self._object_can_be_target(c):
            found = self.slots.actors([obj], actors, fallback=True)
            if found:
                return found
        nouns = [c] + ([obj] if obj is not None else [])
        for _ in range(3):
            # "help towards an end of the war with the rebels": a party named
            # down the chain of what the complement is about, nearest first
            for prep in _COMPLEMENT_TARGET_PREPS:
                for n in nouns:
                    found = self.slots.actors(pp_objects(n, prep), actors)
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

    def demanded_clause(self, verb: Token) -> bool:
        """'(its demand) that Israel ease restrictions': a bare-verb clause under a demand or
        appeal word is asked for, not done, even when the wrapper itself found no actor; so is
        the infinitive of a coercing verb ('to force Paris to revoke the ban')."""
        if (verb.dep_ == "xcomp" and verb.head.i != verb.i
                and lemma(verb.head) in self.lexicon.coercing_verbs):
            return True
        if (verb.dep_ == "xcomp" and verb.head.i != verb.i
                and any(c.dep_ == "dobj" for c in verb.head.children)
                and self._asks(verb.head, self.lexicon.wrappers_by_verb)):
            return True  # "urged Rwanda and Burundi to resume talks": asked of them, not done
        if verb.dep_ not in ("ccomp", "acl") or verb.tag_ != "VB" or verb.head.i == verb.i:
            return False
        if any(c.dep_ == "aux" for c in verb.children):
            return False
        head = verb.head
        return self._asks(head, self.lexicon.wrappers_by_noun if head.pos_ == "NOUN" else self.lexicon.wrappers_by_verb)

    def _asks(self, head: Token, table) -> bool:
        """Whether ``head`` is a demand or appeal word of ``table`` ("urge", "demand")."""
        return any(w.kind in (WrapperKind.DEMAND, WrapperKind.APPEAL) for lem in lemmas(head, self.lexicon)
                   for w in table.get(lem, []))


def _mandative(verb: Token) -> bool:
    """A clause that asks for something: a bare verb ("that Iran stop"), or must/should."""
    auxes = [a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB" or (verb.tag_ == "VBP" and lemma(verb) not in ("be", "have")):
        # the tagger gives a plural subject's subjunctive as VBP ("that the allies refuse")
        return all(a in ("must", "should", "to") for a in auxes)
    # "that control be taken away": a bare passive
    return verb.tag_ == "VBN" and "be" in auxes and all(
        a in ("must", "should", "be") for a in auxes)
