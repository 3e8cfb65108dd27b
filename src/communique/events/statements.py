"""Comments: what a speaker says about another actor, when nothing else is coded from it.

ICEWS's most frequent category is the statement: "the Chilean minister said Bolivia's tariffs
would hurt trade" is a comment of Chile about Bolivia (CAMEO 010, or 012/013 when the comment
is pessimistic or optimistic), with the actor the statement is about as the target. The quotes
stage has already found what was said and who said it; here a quote becomes that event when

- its speaker is a resolved actor that is not a news outlet (an agency relays, it does not
  comment: "the agency quoted the minister as saying ...");
- it is an opinion, not a report of something done: its main clause has a modal of judgment
  ("the levy may hurt exports"), a copula with an adjective ("the talks were useful") or a
  verb of belief or stance ("expected", "do not trust"; ``comment_verbs`` in
  ``frames.yaml``). "Officials said firefighters pulled survivors from the rubble" is the
  officials' report, and "said the envoy would spend two days in Chad" a plan: reports are
  how news attributes facts. "X said Y should ..." is a demand of Y (100), as the annotation conventions code it;
- what the opinion is about (the clause's subject, or the object of the verb or adjective of
  stance: "a partnership with X") names another actor: not the speaker, not a pronoun, not an
  anonymous group the KB does not know ("protesters", "a company"), and not one of the
  speaker's own state's bodies ("the minister said the army's mission would be ...");
- nothing else is coded from the sentence with the speaker as the source or inside what was
  said: "officials said rebels attacked a convoy" is the attack, and "the minister accused
  the rebels of ..." the accusation, not a comment besides.

The tone of the comment comes from words of the quote (``frames.yaml``: ``pessimistic_words``,
``optimistic_words``): "would damage", "worried" make 012; "confident", "welcomed" 013;
otherwise 010.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from communique.events.lexicon import Lexicon
from communique.events.records import Candidate, Found, SentenceActorsLike
from communique.events.syntax import lemma
from communique.model import Event, Quote
from communique.model.codes import state_sectors
from communique.model.grammar import FUTURE_AUX

COMMENT = "010"
DEMAND = "100"
ACCUSE = "112"
# "may", "could", "must": a prediction or a judgment. "Would" and "will" are not: "said the
# envoy would spend two days in Chad" reports a plan (an intent, coded as such if at all),
# unless a word of tone makes it a judgment ("the tariffs would hurt trade").
_JUDGING_AUX = frozenset({"may", "might", "could", "can"})
# "Sudan should grant autonomy", "they must stop": what the target ought to do is a demand
# of it (CAMEO 10), as the annotation conventions code "X said Y should ...".
_OBLIGING_AUX = frozenset({"should", "must", "ought"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# clauses inside what was said that are not what it is about: "one of several towns where
# NATO troops fear violence", "as demanded by the kidnappers"
_ASIDE_DEPS = frozenset({"advcl", "relcl", "acl", "parataxis"})
# a place where something is is not what a comment is about: "want asylum in Britain"
_PLACE_PREPS = frozenset({"in", "at", "from", "into", "across", "near", "inside", "within",
                          "outside", "throughout", "around", "through", "to"})
# the state's own bodies: "the minister said the army would be deployed" is a plan of one
# state, not a comment of one actor about another
_STATE = state_sectors()
# how the resolver marks an actor read from a demonym alone ("the Russian Weather Service")
_DEMONYM_ONLY = "kb:demonym"


def comment_candidates(doc: Span | Doc, quotes: Sequence[Quote], events: Sequence[Event],
                       actors: SentenceActorsLike, offset: int, lex: Lexicon) -> list[Candidate]:
    """One candidate per quote of the sentence that comments on an actor (see the module)."""
    out: list[Candidate] = []
    tokens = list(doc)
    for quote in quotes:
        speaker = _speaker(tokens, quote, offset, actors)
        if (speaker is None or set(speaker.actor.sectors) & lex.relaying_sectors
                or speaker.actor.how == _DEMONYM_ONLY):
            continue  # "the Russian Weather Service said": a demonym is no speaker
        start, end = quote.start - offset, quote.end - offset
        said = [t for t in tokens if start <= t.idx < end]
        if not said or _coded(events, speaker.actor, quote):
            continue
        reading = _reading(said, lex)
        if reading is None:
            continue
        code, about = reading
        target = _first_other(about, speaker, actors, lex.unofficial_sectors)
        verb = _speech_verb(speaker.token, said)
        if target is None or verb is None:
            continue
        out.append(Candidate("comment", code, f"comment:{code}", verb, [verb], [speaker],
                             [target], False, [verb]))
    return out


def _reading(said: list[Token], lex: Lexicon) -> tuple[str, list[Token]] | None:
    """What kind of opinion the main clause of what was said is, and the words naming what it
    is about; None for a report of something done ("firefighters pulled survivors out")."""
    inside = {t.i for t in said}
    tone = _tone(said, lex.comment_tones)
    for head in (t for t in said if t.head.i not in inside or t.head.i == t.i):
        auxes = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        subject = [d for c in head.children if c.dep_ in _SUBJECTS for d in _main_words(c)]
        if auxes & _OBLIGING_AUX and not any(c.dep_ == "nsubjpass" for c in head.children):
            return DEMAND, subject  # "Sudan should grant more autonomy"
        if auxes & _JUDGING_AUX or (tone != COMMENT and auxes & FUTURE_AUX):
            return tone, subject  # "the levy may hurt exports", "would hurt trade"
        if lemma(head) in lex.comment_verbs and not any(c.dep_ == "nsubjpass" for c in head.children):
            # "it expected a fruitful partnership with X", "we don't trust the army"
            # (but "delays are expected" is nobody's stance)
            return tone, subject + _complements(head)
        if lemma(head) != "be":
            continue
        complement = next((c for c in head.children if c.dep_ == "acomp"), None)
        if _blames(head, complement, lex):
            return ACCUSE, subject  # "Japan was responsible for the unrest", "was behind"
        if complement is not None and not any(c.dep_ == "xcomp" for c in complement.children):
            # "the talks were useful", "he was not satisfied with Saudi cooperation" (but
            # "was due to fly to Miami", "were ready to return" are plans)
            return tone, subject + _complements(complement)
        attribute = next((c for c in head.children if c.dep_ == "attr"), None)
        if attribute is not None and _tone(list(attribute.subtree), lex.comment_tones) != COMMENT:
            # "Iran was a threat to peace", "the accord was a victory for Kenya": a noun of
            # tone (a plain "was a member of" is a fact)
            return tone, subject + _main_words(attribute)
    return None


def _blames(head: Token, complement: Token | None, lex: Lexicon) -> bool:
    """'X was responsible for the violence', 'X was behind the attacks': blame for something
    bad (a violent or pessimistic word in the phrase; not 'responsible for security', not
    'behind the lines')."""
    phrases = [c for c in head.children if c.dep_ == "prep" and c.lower_ in lex.blaming_words]
    if complement is not None and lemma(complement) in lex.blaming_words:
        phrases += [c for c in complement.children if c.dep_ == "prep"] or [complement]
    bad = lex.violent_causes | frozenset(lex.comment_tones_pessimistic)
    return any(lemma(t) in bad or t.lower_ in bad for p in phrases for t in p.subtree)


def _complements(head: Token) -> list[Token]:
    """The object of a verb or adjective of stance and its prepositional objects ("trust the
    army", "a partnership with X", "concerned about a meeting"), without places ("asylum in
    Britain") and clauses hanging off them ("towns where NATO troops fear violence")."""
    out: list[Token] = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
            continue
        if c.dep_ in ("dobj", "prep", "ccomp", "xcomp"):
            out.extend(_main_words(c))
    return out


def _main_words(top: Token) -> list[Token]:
    """``top``'s subtree without its relative and adverbial clauses and its place phrases."""
    out: list[Token] = []
    stack = [top]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _ASIDE_DEPS
                     and not (c.dep_ == "prep" and c.lower_ in _PLACE_PREPS))
    return sorted(out, key=lambda t: t.i)


def _speaker(tokens: list[Token], quote: Quote, offset: int,
             actors: SentenceActorsLike) -> Found | None:
    actor = quote.speaker
    if actor is None or not actor.code or actor.start < 0:
        return None
    for t in tokens:
        if t.idx + offset >= actor.start and t.idx + offset < actor.end:
            found = actors.actor_for(t)
            if found is not None and found.code == actor.code:
                return Found(actor, t)
    return None


def _coded(events: Iterable[Event], speaker, quote: Quote) -> bool:
    """Whether the sentence already codes the speaker's act or something said in the quote."""
    for e in events:
        if quote.start <= e.trigger.start < quote.end:
            return True
        if e.source is not None and e.source.code == speaker.code:
            return True
    return False


def _first_other(about: list[Token], speaker: Found, actors: SentenceActorsLike,
                 anonymous: frozenset[str]) -> Found | None:
    """The first actor named in ``about`` that is not the speaker ("our government", the
    speaker's own name), not a pronoun (whose antecedent is a guess the comment would stake its
    target on), not people the KB does not know ("protesters", "a company") and not one of the
    speaker's own state's bodies ("the minister said the police would patrol": a plan)."""
    own_state = speaker.actor.country and set(speaker.actor.sectors) & _STATE
    for t in about:
        actor = actors.actor_for(t)
        if actor is None or not actor.code or actor.code == speaker.actor.code or t.pos_ == "PRON":
            continue
        if speaker.actor.kb_id and actor.kb_id == speaker.actor.kb_id:
            continue
        if not actor.kb_id and (not actor.country or set(actor.sectors) & anonymous):
            continue  # "the army" of no country said, "protesters"
        if own_state and actor.country == speaker.actor.country and (
                not actor.sectors or set(actor.sectors) & _STATE):
            continue
        return Found(actor, t)
    return None


def _speech_verb(speaker: Token, said: list[Token]) -> Token | None:
    """The verb the speaker is the subject of ("the minister said", "said the minister"), or
    the nearest verb governing what was said."""
    inside = {t.i for t in said}
    head = speaker
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") and head.i not in inside:
            return head
        if head.head.i == head.i:
            break
        head = head.head
    return None


def _tone(said: list[Token], tones: dict[str, str]) -> str:
    for t in said:
        code = tones.get(t.lemma_.lower()) or tones.get(t.lower_)
        if code is not None:
            return code
    return COMMENT
