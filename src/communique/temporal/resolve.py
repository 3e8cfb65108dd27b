"""The date of an event: the time expression governing its trigger, else the publication date.

The expression is chosen on the parse: first one attached inside the trigger's own clause
("held a meeting on Wednesday evening"), then one dating a verb of an enclosing clause ("said
on Monday that it would ..."), then the sentence's only expression. Times that belong to
something else are not taken: a noun's own date ("the April arrests") outside the trigger's
clause, and the time of a clause describing a participant ("Jaishankar, who arrived on
Monday, met ..."), in either direction.

A yearless date points the way the clause does: future under "will/would/plans to/expected
to", past under a past-tense verb; with no cue weekdays look back (news reports what
happened) unless the verb is present tense ("the court rules on Friday"); month names look
back too, or take the nearer year under a present tense ("takes effect in March"). Relative phrases come from data/relative.yaml.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Token

from communique.model import try_iso_date
from communique.model.records import DatePrecision
from communique.temporal.calendar import (
    day_month_year,
    month_year,
    safe_date,
    shift_period,
    weekday_date,
)
from communique.temporal.expressions import TimeExpr, find_expressions
from communique.temporal.tense import clause_verb, direction

_PRECISION: dict[str, DatePrecision] = {"day": "day", "week": "day", "weekend": "day",
                                        "month": "month", "year": "year"}
# Dependents that open a new clause: an expression under one of them dates that clause.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj",
                          "pcomp"})

Resolved = tuple[str | None, DatePrecision, str | None]


def resolve_date(doc: Doc, pub_date: str | None, trigger: Token | None) -> Resolved:
    base = _parse_iso(pub_date)
    publication: Resolved = (base.isoformat() if base else None, "publication", None)
    exprs = [e for e in _expressions(doc) if (base is not None or e.absolute) and not _background_year(doc, e)]
    if not exprs:
        return publication
    chosen = _choose(doc, exprs, trigger)
    if chosen is None:
        return publication
    expr, clause_anchor = chosen
    value = _value(expr, base, _direction(doc, expr, clause_anchor))
    if value is None:
        return publication
    day, precision = value
    return day.isoformat(), precision, expr.text(doc)


def _background_year(doc: Doc, expr: TimeExpr) -> bool:
    """A bare year that dates a noun of the story's background, not the reported act:
    "accused France of complicity in the genocide in 1994" (the genocide's year, not the
    accusation's), "the 1994 genocide". The parser hangs such a year on the verb as often as
    on the noun, so the words around it decide."""
    if expr.kind != "year":
        return False
    span = doc[expr.start:expr.end]
    if span.root.dep_ in ("nummod", "compound", "amod") and span.root.head.pos_ == "NOUN":
        return True  # "the 1994 genocide"
    if expr.start < 2 or doc[expr.start - 1].lower_ not in ("in", "of", "since"):
        return False
    noun = doc[expr.start - 2]
    # "... in the genocide in 1994": the year follows a noun that is itself inside a phrase
    return noun.pos_ == "NOUN" and noun.dep_ == "pobj"


def _expressions(doc: Doc) -> list[TimeExpr]:
    """Found once per sentence: the coder asks again for every event of the sentence."""
    key = "communique.temporal.expressions"
    found = doc.user_data.get(key)
    if found is None or found[0] != len(doc):
        found = (len(doc), find_expressions(doc))
        doc.user_data[key] = found
    return found[1]


# -- choosing the expression ------------------------------------------------------------------


def _choose(
    doc: Doc, exprs: list[TimeExpr], trigger: Token | None
) -> tuple[TimeExpr, Token | None] | None:
    if trigger is None:
        trigger = _root(doc)
    cut = False
    if trigger is not None:
        chain, cut = _chain(doc, trigger)
        for depth, members in enumerate(chain):
            inside = [e for e in exprs if _attachment(doc, e).i in members]
            if depth > 0:
                # Above its own clause only what dates a verb counts: "the April arrests"
                # dates the arrests, not the row the trigger's relative clause tells of.
                inside = [e for e in inside if _attachment(doc, e).pos_ in ("VERB", "AUX")]
            if inside:
                best = min(inside, key=lambda e: _distance(e, trigger))
                return best, trigger
    # The sentence's only expression, unless it dates something else: a noun ("the April
    # arrests") or a clause describing a participant ("Jaishankar, who arrived on Monday").
    # Not for a trigger inside such a clause either: the main clause's time is not its time.
    if len(exprs) == 1 and not cut and _free_standing(doc, exprs[0]):
        return exprs[0], None
    return None


def _free_standing(doc: Doc, expr: TimeExpr) -> bool:
    attach = _attachment(doc, expr)
    if attach.pos_ not in ("VERB", "AUX") and attach.dep_ != "ROOT":
        return False
    current = attach
    for _ in range(len(doc)):
        if _describes(current):
            return False
        if current.head.i == current.i:
            return True
        current = current.head
    return True


def clause_chain(doc: Doc, trigger: Token | None) -> list[set[int]]:
    """The trigger's clause, then each enclosing clause up to the root, as token index sets
    (each without the clauses already listed). A noun trigger keeps the clauses that
    describe it ("talks held on Monday")."""
    if trigger is None:
        trigger = _root(doc)
        if trigger is None:
            return []
    return _chain(doc, trigger)[0]


def _chain(doc: Doc, trigger: Token) -> tuple[list[set[int]], bool]:
    """The clause chain, and whether it stopped at a clause describing a participant."""
    chain: list[set[int]] = []
    seen: set[int] = set()
    top = _clause_top(trigger)
    own = True
    for _ in range(len(doc)):  # each step climbs, so the root ends it
        members = _clause_members(top)
        if own and trigger.pos_ in ("NOUN", "PROPN"):
            for child in trigger.children:
                if _opens_clause(child):
                    members |= {t.i for t in child.subtree}
        own = False
        members -= seen
        chain.append(members)
        seen |= members
        if top.head.i == top.i:
            break
        if _describes_participant(top):
            return chain, True
        top = _clause_top(top.head)
    return chain, False


def _describes_participant(top: Token) -> bool:
    """A relative or participial clause about a participant ("the committee monitoring the
    agreement", "countries which are fighting rebels") has its own time; only a state
    ("who is on a visit to Russia") shares the time of the clause around it."""
    return _describes(top) and top.lemma_.lower() != "be"


def _describes(tok: Token) -> bool:
    """``tok`` heads a clause describing a noun: relative, participial, "due to ...". A
    content clause ("confidence that a meeting would take place") says what the noun holds,
    like the complement of a verb, and does not count."""
    if tok.dep_ == "relcl":
        return True
    if tok.dep_ == "acl":
        return not any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if")
                       for c in tok.children)
    return tok.dep_ == "amod" and _opens_clause(tok)


def _root(doc: Doc) -> Token | None:
    roots = [t for t in doc if t.dep_ == "ROOT"]
    return roots[0] if roots else None


def _clause_top(tok: Token) -> Token:
    """The head of the clause a trigger belongs to, climbing "plans to visit" chains."""
    verb = clause_verb(tok) or tok
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _clause_members(top: Token) -> set[int]:
    """Token indices of ``top``'s clause without the clauses nested in it."""
    members: set[int] = set()
    stack = [top]
    while stack:
        tok = stack.pop()
        members.add(tok.i)
        for child in tok.children:
            if not _opens_clause(child):
                stack.append(child)
    return members


def _opens_clause(tok: Token) -> bool:
    """A dependent that starts a clause of its own: complement, adverbial, relative or
    participial clause, a coordinated verb, a gerund after a preposition ("on suspicion of
    violating ... in 1994"), or "due to be held ..." under an adjective."""
    dep = tok.dep_
    if dep in _CLAUSE_DEPS:
        return dep not in ("conj", "pcomp") or tok.pos_ in ("VERB", "AUX")
    return dep == "amod" and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)


def _attachment(doc: Doc, expr: TimeExpr) -> Token:
    """Where the expression hangs in the parse: the head of its preposition ("met ... on
    Monday" -> met), or the noun or verb it modifies ("Monday's talks" -> talks)."""
    span = doc[expr.start:expr.end]
    root = span.root
    head = root.head
    if head.i == root.i:
        return root
    attach = head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        attach = head.head if head.head.i != head.i else head
    return _said_when(attach, expr)


def _said_when(attach: Token, expr: TimeExpr) -> Token:
    """ "X said on Tuesday he would press ...": the parser often hangs the time on the
    complement verb, but a time standing between the verb of saying and the complement's
    subject dates the saying."""
    if attach.dep_ != "ccomp" or attach.head.i > expr.start:
        return attach
    subjects = [c.i for c in attach.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and expr.end <= min(subjects):
        return attach.head
    return attach


def _distance(expr: TimeExpr, trigger: Token) -> int:
    return min(abs(expr.start - trigger.i), abs(expr.end - 1 - trigger.i))


# -- computing the date -----------------------------------------------------------------------


def _direction(doc: Doc, expr: TimeExpr, trigger: Token | None) -> str:
    own = direction(_attachment(doc, expr))
    if own in ("nearest", "present") and trigger is not None:
        theirs = direction(trigger)
        if theirs != "nearest":
            return theirs
    return own


def _value(expr: TimeExpr, base: date | None, way: str) -> tuple[date, DatePrecision] | None:
    if expr.kind == "relative" and base is not None and expr.rule is not None:
        unit = expr.rule.unit
        return shift_period(base, unit, expr.rule.shift * expr.count), _PRECISION[unit]
    if expr.kind == "weekday" and base is not None and expr.weekday is not None:
        if expr.modifier in ("last", "next"):
            how = expr.modifier
        else:
            # News in the present tense about a weekday announces it ("the court rules on
            # Friday"); otherwise the weekday already passed.
            how = "future" if way in ("future", "present") else "past"
        return weekday_date(base, expr.weekday, how), "day"
    # Yearless months: back in time with no cue (news reports what happened), the nearer
    # year under a present tense ("the deal takes effect in March").
    way = {"present": "nearest", "nearest": "past"}.get(way, way)
    if expr.kind == "date" and expr.month and expr.day:
        if expr.year is not None:
            d = safe_date(expr.year, expr.month, expr.day)
        elif base is not None:
            d = day_month_year(base, expr.month, expr.day, way)
            # A day and month almost a year off goes against how news writes dates: the
            # tense was misread ("will meet after an incident on August 29").
            near = day_month_year(base, expr.month, expr.day, "nearest")
            if d is not None and near is not None and abs((d - base).days) > 240 \
                    and abs((near - base).days) <= 31:
                d = near
        else:
            d = None
        return (d, "day") if d else None
    if expr.kind == "month" and expr.month:
        if expr.year is not None:
            year = expr.year
        elif base is not None:
            year = month_year(base, expr.month, expr.modifier or way)
        else:
            return None
        return date(year, expr.month, 1), "month"
    if expr.kind == "year" and expr.year:
        return date(expr.year, 1, 1), "year"
    return None


@lru_cache(maxsize=4096)
def _parse_iso(text: str | None) -> date | None:
    day = try_iso_date(text)
    return date.fromisoformat(day) if day else None
