"""Modality and negation of an event from the clause around its trigger.

An event inside "would/will ..." or under "plans to/expected to" is intended; under
"could/might/may", an "if" clause or a claim, hope or allegation ("claimed that Iran
attacked") it is hypothetical; inside the clausal complement of a verb of saying it is
reported. The first of hypothetical, intended, reported found wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from communique.events.syntax import has_negation, lemma
from communique.model.grammar import FUTURE_AUX

HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "can"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# Links that stay inside one clause (the infinitive chain "plans to begin to attack").
_SAME_CLAUSE = frozenset({"xcomp", "aux", "conj", "prep", "pobj", "dobj", "pcomp", "acomp"})
_CLAUSE_LINKS = frozenset({"ccomp", "advcl", "parataxis", "acl", "relcl"})

# Which modality wins when several anchors (or a wrapper) disagree.
MODALITY_RANK = {"hypothetical": 3, "intended": 2, "reported": 1, "asserted": 0}


def modality(
    anchors: Iterable[Token],
    intent_heads: frozenset[str],
    say_verbs: frozenset[str],
    unproven_heads: frozenset[str] = frozenset(),
    lemmas: Callable[[Token], set[str]] | None = None,
) -> str:
    """``lemmas`` backs up the tagger's lemma ("hopes" is sometimes read as "hop")."""
    best = "asserted"
    for anchor in anchors:
        m = _modality_of(anchor, intent_heads, say_verbs, unproven_heads, lemmas or _lemma_set)
        if MODALITY_RANK[m] > MODALITY_RANK[best]:
            best = m
    return best


def _lemma_set(tok: Token) -> set[str]:
    return {lemma(tok)}


def _modality_of(tok: Token, intent_heads: frozenset[str], say_verbs: frozenset[str],
                 unproven_heads: frozenset[str], lemmas: Callable[[Token], set[str]]) -> str:
    found: set[str] = set()
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ == "any" for c in tok.children):
        found.add("hypothetical")  # "would retaliate against any Israeli attack": none yet
    current = tok
    in_own_clause = True
    for _ in range(12):
        for c in current.children:
            if c.dep_ in ("aux", "auxpass") and in_own_clause:
                if c.lower_ in FUTURE_AUX:
                    found.add("intended")
                elif c.lower_ in HYPOTHETICAL_AUX:
                    found.add("hypothetical")
            elif c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
                found.add("hypothetical")
            elif c.dep_ == "prep" and c.lower_ == "according":
                found.add("reported")
        head = current.head
        if head.i == current.i:
            break
        dep = current.dep_
        if dep == "xcomp" and lemma(head) in intent_heads and in_own_clause:
            found.add("intended")
        if dep == "ccomp" and lemmas(head) & unproven_heads:
            found.add("hypothetical")  # "claimed that Iran attacked", "hopes Syria will sign"
        elif dep == "acl" and head.pos_ == "NOUN" and lemmas(head) & unproven_heads and _that_clause(current):
            found.add("hypothetical")  # "rumours that Chad had attacked", "fears that ..."
        elif (dep == "xcomp" and lemmas(head) & unproven_heads
              and any(c.dep_ == "auxpass" for c in current.children)):
            found.add("hypothetical")  # "feared being arrested", "claims to have been beaten"
        elif dep == "pcomp" and head.dep_ == "prep" and lemmas(head.head) & unproven_heads:
            found.add("hypothetical")  # "was accused of helping the rebels"
        elif dep in ("ccomp", "parataxis") and lemma(head) in say_verbs:
            found.add("reported")
        if dep == "advcl" and in_own_clause and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            found.add("intended")  # purpose: "opened fire to disperse the crowd"
        if dep in _CLAUSE_LINKS:
            in_own_clause = False
        current = head
    if _yes_no_question(current):
        found.add("hypothetical")  # "Did Russia attack Ukraine?" asks, it does not tell
    for m in ("hypothetical", "intended", "reported"):
        if m in found:
            return m
    return "asserted"


def _yes_no_question(root: Token) -> bool:
    """A sentence that asks whether its main clause is so: it ends with a question mark and
    an auxiliary comes before the subject ("Did Russia attack ...?", "Is crime behind ...?";
    not "Why did Russia attack ...?", which takes the attack as given)."""
    if root.head.i != root.i or not root.sent.text.rstrip().endswith("?"):
        return False
    subjects = [c.i for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects:
        return False
    first = root.sent[0]
    while first.is_punct or first.is_space:
        if first.i + 1 >= root.sent.end:
            return False
        first = root.doc[first.i + 1]
    return (first.tag_ in ("MD", "VBD", "VBZ", "VBP") and first.i < min(subjects)
            and first.head.i == root.i and first.lower_ not in _WH)


_WH = frozenset({"why", "how", "what", "when", "where", "who", "which"})


def _that_clause(verb: Token) -> bool:
    """Whether ``verb`` heads a clause opened by "that" ("reports that Chad attacked")."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def negated(anchors: Iterable[Token], negating_heads: frozenset[str],
            denying_heads: frozenset[str] = frozenset()) -> bool:
    """Negation on the trigger, its carrying verb, or an infinitive chain above it
    ("did not attack", "held no talks", "failed to reach a deal", "never met"), or a denial
    of the clause ("denied that its troops had attacked")."""
    for tok in anchors:
        if has_negation(tok):
            return True
        if tok.dep_ == "ccomp" and lemma(tok.head) in denying_heads and not has_negation(tok.head):
            return True
        if (tok.dep_ == "acl" and tok.head.dep_ == "dobj" and lemma(tok.head.head) in denying_heads
                and not has_negation(tok.head.head) and _that_clause(tok)):
            return True  # "denied a report that Libya was refusing visas"
        current = tok
        for _ in range(6):
            if current.dep_ != "xcomp" or current.head.i == current.i:
                break
            current = current.head
            if has_negation(current) or lemma(current) in negating_heads:
                return True
    return False


def announced(anchors: Iterable[Token], announcing_heads: frozenset[str]) -> bool:
    """The clause's subject announces the event for the future: "will send", "would withdraw",
    "plans to impose", "will continue to send" (not "expected to visit", not "if ... would")."""
    for tok in anchors:
        current = tok
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in current.children):
                return True
            head = current.head
            if current.dep_ != "xcomp" or head.i == current.i:
                break
            if lemma(head) in announcing_heads:
                return True
            current = head
    return False


def claim_head(anchors: Iterable[Token], claiming_heads: frozenset[str]) -> Token | None:
    """The verb whose that-clause holds the anchors when it only claims them: "claimed",
    "alleged" in "the US claimed that Iran attacked Iraq"."""
    for tok in anchors:
        current = tok
        for _ in range(4):
            head = current.head
            if head.i == current.i:
                break
            if current.dep_ == "ccomp":
                return head if lemma(head) in claiming_heads else None
            if current.dep_ not in ("xcomp", "conj", "aux"):
                break
            current = head
    return None
