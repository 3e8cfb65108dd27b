"""Building: a candidate and its parties -> ``Event`` records.

The code (an announced act is coded as the intent or threat it is: "X will impose a curfew" is
a threat, 13), modality and negation from the anchors' clauses, one event per (source, target)
pair and both ways for a mutual act ("Putin met Xi"), the claim a hypothetical act is made in
("the US claimed that Iran attacked Iraq": USA -> IRN 112), the confidence, and the dedup of
an untargeted event a targeted one of the sentence makes redundant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from communique.events.frames import WrapperKind
from communique.events.implicit import with_sector
from communique.events.lexicon import Lexicon
from communique.events.modality import MODALITY_RANK, announced, claim_head, modality, negated
from communique.events.ontology import Ontology
from communique.events.records import Candidate, Found, SentenceActorsLike, lemmas, same_actor
from communique.events.slots import SlotFinder
from communique.events.syntax import direct_object, subject_of
from communique.model import Actor, Event
from communique.model.codes import state_sectors
from communique.model import Span as TextSpan
from communique.doc_text import doc_text

_STATE = state_sectors()
_BASE_CONFIDENCE = {"verb": 0.85, "noun": 0.7, "noun_unlicensed": 0.6, "derived": 0.65,
                    "loose": 0.5, "comment": 0.5}

# (trigger token index, source code + name, target code + name or ""): one event per key
Key = tuple[int, str, str]


class Where(NamedTuple):
    """Where a sentence's events are: the sentence, its article and its place there."""

    sent: Span | Doc
    article_id: str
    sent_index: int
    char_offset: int


class Reading(NamedTuple):
    """The reading of a trigger that made events, with the keys seen once they were made."""

    candidate: Candidate
    events: list[Event]
    keys: set[Key]


class EventBuilder:
    def __init__(self, ontology: Ontology, lexicon: Lexicon, slots: SlotFinder) -> None:
        self.ontology = ontology
        self.lexicon = lexicon
        self.slots = slots
        refuse_verbs = {w.lemma for ws in lexicon.wrappers_by_verb.values() for w in ws
                        if w.kind == WrapperKind.REFUSE}
        self._negating_heads = lexicon.negating_heads | frozenset(refuse_verbs)

    def _lemmas(self, tok: Token) -> set[str]:
        return lemmas(tok, self.lexicon)

    def first_reading(self, cands: Iterable[Candidate], consumed: set[int], seen: set[Key],
                      actors: SentenceActorsLike, where: Where) -> Reading | None:
        """The first reading of a trigger that names a target, else the first that makes any
        event: "fired rockets at Sderot" is an attack on Israel (190), not the untargeted
        missile test (150) its entry would give alone."""
        fallback = None
        for cand in cands:
            if cand.trigger.i in consumed:
                continue
            keys = set(seen)
            made = self.events(cand, *where, keys, actors)
            if not made:
                continue
            if any(e.target is not None for e in made):
                return Reading(cand, made, keys)
            if fallback is None:
                fallback = Reading(cand, made, keys)
        return fallback

    def _called_suspect(self, head: Token) -> bool:
        """Whether a participle on the phrase says its people are suspects or convicts: "a man
        convicted of murder", "a man who was wanted for robbery", "suspected smugglers"."""
        return any(c.dep_ in ("acl", "relcl", "amod") and c.lemma_.lower() in self.lexicon.suspect_participles
                   for c in head.children)

    def events(self, cand: Candidate, sent, article_id, sent_index, char_offset, seen,
               actors=None) -> list[Event]:
        """The events of one reading, one per (source, target) pair not in ``seen`` (which
        gets their keys); none when it has no source, or no target and needs one. ``actors``
        lets a claimed act make its claim ("the US claimed that Iran attacked Iraq")."""
        lex = self.lexicon
        sources = cand.sources
        targets = cand.targets
        if not sources:
            return []
        mutual_entry = cand.family in lex.mutual_entries  # "exchanged fire"
        mutual = bool(lemmas(cand.trigger, self.lexicon) & lex.mutual_triggers) or mutual_entry
        if not targets and len(sources) > 1 and (
                cand.code[:2] in self.lexicon.reciprocal_roots or cand.code in self.lexicon.reciprocal_roots
                # "Chad and Niger fought": each other; "sent troops to fight the group": a third
                # party the sentence does not resolve, not each other
                or mutual_entry or (mutual and direct_object(cand.trigger) is None)):
            targets = sources
        if not targets and not cand.allow_no_target:
            return []
        code = self.ontology.get(cand.code)
        mod = modality(cand.anchors, lex.intent_heads, lex.say_verbs, lex.unproven_heads,
                       self._lemmas)
        if cand.extra_modality and MODALITY_RANK[cand.extra_modality] > MODALITY_RANK[mod]:
            mod = cand.extra_modality
        rule = cand.rule
        if (mod == "intended" and cand.kind != "derived" and announced(cand.anchors, lex.announcing_heads)
                and cand.family not in lex.patient_subject_entries):
            # CAMEO codes "X will send aid" as an intent (03), "X will impose a curfew" as
            # a threat (13), not as the deed; what a subject undergoes is no announcement of
            # its own ("will stand trial")
            intent = lex.announced_code(cand.code)
            if intent is not None:
                code = self.ontology.get(intent)
                rule = f"{cand.rule}+announced"
        neg = negated([*cand.anchors, cand.trigger], self._negating_heads, lex.denying_heads)
        claims = self._claims(cand, code, mod, neg, actors, (sent, article_id, sent_index,
                                                             char_offset, seen))
        first = min(t.i for t in cand.span_tokens)
        last = max(t.i for t in cand.span_tokens)
        span = cand.trigger.doc[first:last + 1]  # its text is doc.text[start:end], read cheaply
        start, end = span.start_char, span.end_char
        trigger = TextSpan(span.text, start + char_offset, end + char_offset)
        pairs = [(s, t) for s in sources for t in (targets or [None])]
        # by the entry's own code: "Putin met Xi" is mutual, "visited" (042) not; an announced
        # meeting is one side's intent ("Tsang will meet Suharto" = 036 Tsang -> Suharto) unless
        # both sides are its subject ("X and Y will meet": the pairs run both ways already)
        if (cand.code in lex.symmetric_codes or mutual) and code.code[:2] == cand.code[:2]:
            # "Putin met Xi": Xi met Putin too
            pairs += [(t, s) for s, t in pairs if t is not None]
        if code.quad_class in (1, 2) or code.root == "15":
            # what a country does with its own forces has no target: "mobilised troops"
            pairs = [(s, None if t is not None and _own_organ(s.actor, t.actor) else t) for s, t in pairs]
        out = []
        for s, t in pairs:
            # an actor acting on its own code ("the minister met the president": GOV->GOV) is
            # no dyad an event coder can tell apart; PETRARCH and ICEWS drop these too
            if t is not None and (t.token.i == s.token.i or same_actor(s.actor, t.actor)
                                  or s.actor.code == t.actor.code
                                  or (code.quad_class in (1, 2) and _own_country(s.actor, t.actor))):
                continue
            if code.root in lex.violent_roots and _business(s.actor):
                # "an airline's plane crashed, killing 53": a company kills by accident
                continue
            if (cand.code in lex.visit_codes and s.actor.sectors
                    and set(s.actor.sectors) <= lex.unofficial_sectors):
                continue  # "the miners waited to fly home": travellers, not a visit
            key = (cand.trigger.i, s.actor.code + s.actor.name, t.actor.code + t.actor.name if t else "")
            if key in seen:
                continue
            seen.add(key)
            made = code
            if code.root == "19" and set(s.actor.text.lower().split()) & lex.bombing_doers:
                made = self.ontology.get("183")  # "a suicide car bomber attacked a convoy"
            elif (code.root == "19" and s.actor.sectors == ["COP"]
                  and self._lemmas(cand.trigger) & lex.raid_words):
                made = self.ontology.get("170")  # "police raided a house": coercion, not combat
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
                    **code_fields(made),
                    sentence=sent_index,
                    trigger=trigger,
                    evidence=doc_text(sent),
                    rule=rule,
                    modality=mod,
                    negated=neg,
                    confidence=_confidence(cand, s, t),
                )
            )
        return out + claims if out else out

    def _claims(self, cand: Candidate, code, mod, neg, actors, where) -> list[Event]:
        """'The US claimed that Iran attacked Iraq': CAMEO codes the claim, an accusation of
        the doer (USA -> IRN 112), and the attack only as a claim (hypothetical)."""
        if (actors is None or mod != "hypothetical" or neg or cand.kind == "derived"
                or code.quad_class not in (3, 4)):
            return []
        verb = claim_head(cand.anchors, self.lexicon.claiming_heads)
        if verb is None:
            return []
        subj = subject_of(verb)
        claimers = self.slots.actors([subj], actors) if subj is not None else []
        if not claimers:
            return []
        accusation = Candidate("derived", "112", "accuse.claim", verb, [verb], claimers,
                               cand.sources, False, [verb])
        return self.events(accusation, *where)

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
        for name, value in code_fields(self.ontology.get(intent)).items():
            setattr(event, name, value)
        event.modality = "intended"
        event.rule = f"{event.rule}+future"


def code_fields(code) -> dict:
    """The event fields a CAMEO code decides (an ``Ontology`` row)."""
    return {"cameo": code.code, "root": code.root, "cameo_name": code.name,
            "plover": code.plover, "plover_mode": code.plover_mode,
            "quad_class": code.quad_class, "goldstein": code.goldstein}

def _own_country(source: Actor, target: Actor) -> bool:
    """'Lula called on Brazil and Chile to work together', 'will visit a Russian region': a
    country's own people cooperating with the bare country are no dyad (but its police
    imposing a curfew on one of its towns are: the caller checks the quad class)."""
    return bool(source.country) and target.code == source.country and source.code != target.code


def _own_organ(source: Actor, target: Actor) -> bool:
    """'Kenya mobilised troops along the border', 'authorised the deployment of troops': a
    country moving or empowering its own forces or offices acts on no one (but its courts
    jailing its police are a dyad: the caller checks the code)."""
    return (bool(source.country) and source.code == source.country and target.country == source.country
            and bool(target.sectors) and set(target.sectors) <= _STATE)


def _confidence(cand: Candidate, s: Found, t: Found | None) -> float:
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


def _business(actor: Actor) -> bool:
    return "BUS" in actor.sectors or str(actor.code).startswith("MNC")


def _regional(actor: Actor) -> bool:
    return actor.how.startswith(("region", "kb:region"))


def drop_redundant_untargeted(events: list[Event]) -> list[Event]:
    """An untargeted event adds nothing when the sentence has the same code and source with
    a target ("extended an invitation to Modi, expressing a desire for talks")."""
    targeted = {(e.cameo, e.source.code, e.source.name) for e in events if e.target is not None}
    return [
        e for e in events
        if e.target is not None or (e.cameo, e.source.code, e.source.name) not in targeted
    ]


def drop_agreement_terms(events: list[Event]) -> list[Event]:
    """What two parties agree to in the sentence where they sign the agreement is its terms,
    not a further intent: "Chile and Peru signed a treaty, agreeing to share radar data" is
    the signing (057) alone."""
    signed = {(e.source.code, e.target.code) for e in events
              if e.cameo == "057" and e.source is not None and e.target is not None}
    return [e for e in events
            if not (e.root == "03" and e.target is not None and e.source is not None
                    and (e.source.code, e.target.code) in signed)]


def drop_vaguer_repeats(events: list[Event]) -> list[Event]:
    """One happening told twice, in two sentences, once with a bare country where the other
    telling names the organ, is one event: the headline's "Ruritania rejects UN mediation" repeats the body's
    "Ruritania's prime minister rejected the UN offer" (RUR -> IGOUNO 12 beside RURGOV ->
    IGOUNO 12), so only the specific telling stays."""
    def vaguer(a: Actor | None, b: Actor | None) -> bool | None:
        # True: a is b's bare country; False: the same actor; None: unrelated
        if a is None or b is None:
            return False if a is b else None
        if a.code == b.code:
            return False
        return True if a.country and a.code == a.country == b.country else None

    def repeats(e: Event, o: Event) -> bool:
        # in one sentence, two readings are two predications ("met X's minister, who is on
        # a visit to X": a meeting with the government and a visit to the country)
        if e is o or e.sentence == o.sentence or e.root != o.root or e.negated != o.negated:
            return False
        s, t = vaguer(e.source, o.source), vaguer(e.target, o.target)
        return s is not None and t is not None and (s or t)

    return [e for e in events if not any(repeats(e, o) for o in events)]
