"""Find time expressions in a parsed sentence with cheap token rules.

Only weekday and month names, digits and the first words of the relative phrases can start an
expression, so most tokens are rejected by one set lookup. Each expression keeps its calendar
fields; turning them into a date needs the publication date and the tense (see resolve.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from communique.doc_text import doc_text
from communique.temporal.lexicon import (
    COUNT_SLOT,
    COUNT_WORDS,
    DAY_PARTS,
    MONTHS,
    WEEKDAYS,
    RelativeRule,
    count_value,
    relative_first_words,
    rules_by_first_word,
)

_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$", re.I)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_ISO = re.compile(r"\b(1[89]\d\d|20\d\d)-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(1[89]\d\d|20\d\d)\b")
_WEEKDAY_MODIFIERS = {"last": "last", "next": "next", "this": "this", "past": "last",
                      "coming": "next"}
_MONTH_MODIFIERS = {"last": "last", "next": "next", "this": "this", "past": "last",
                    "coming": "next"}
_YEAR_PREPS = frozenset({"in", "during", "throughout"})
_YEAR_MODIFIERS = frozenset({"early", "late", "mid", "-", "the", "end", "of", "middle"})
# Words that can start a weekday or month expression (digits are checked apart).
_STARTERS = frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(f"{m}." for m in MONTHS)
_FULL_MONTHS = frozenset(k for k in MONTHS if len(k) > 4 or k in ("may", "june", "july"))


@dataclass(slots=True)
class TimeExpr:
    start: int  # token indices in the sentence doc, end exclusive
    end: int
    kind: str  # relative | weekday | date | month | year
    rule: RelativeRule | None = None
    count: int = 1
    weekday: int | None = None
    modifier: str | None = None  # last | next | this, for weekdays and month names
    year: int | None = None
    month: int | None = None
    day: int | None = None

    def text(self, doc: Doc) -> str:
        return doc[self.start:self.end].text

    @property
    def absolute(self) -> bool:
        """Resolvable without a publication date."""
        return self.year is not None


def find_expressions(doc: Doc) -> list[TimeExpr]:
    found: list[TimeExpr] = _numeric(doc)
    taken = {i for e in found for i in range(e.start, e.end)}
    firsts = relative_first_words()
    lows = [t.lower_ for t in doc]
    i = 0
    n = len(doc)
    while i < n:
        low = lows[i]
        if i in taken or not (low in firsts or low in _STARTERS or low[:1].isdigit()):
            i += 1
            continue
        tok = doc[i]
        expr = None
        if low in firsts:
            expr = _relative(doc, lows, i)
        if expr is None and low in WEEKDAYS and tok.text[0].isupper():
            expr = _weekday(doc, i)
        if expr is None and _is_month(tok):
            expr = _month(doc, i)
        if expr is None and _YEAR.match(tok.text):
            expr = _year(doc, i)
        if expr is None:
            i += 1
            continue
        found.append(expr)
        taken.update(range(expr.start, expr.end))
        i = max(expr.end, i + 1)
    found = [e for e in found if not _dateline(doc, e)]
    return _merge_weekday_dates(doc, sorted(found, key=lambda e: e.start))


def _dateline(doc: Doc, expr: TimeExpr) -> bool:
    """ "BRUSSELS 1996-08-22" on a line of its own dates the dispatch, not an event."""
    return expr.end < len(doc) and doc[expr.end].is_space and "\n" in doc[expr.end].text


def _relative(doc: Doc, lows: list[str], i: int) -> TimeExpr | None:
    table = rules_by_first_word()
    rules = table.get(lows[i], ())
    if COUNT_SLOT in table and (lows[i].isdigit() or lows[i] in COUNT_WORDS):
        rules = tuple(sorted(rules + table[COUNT_SLOT], key=lambda r: -len(r.words)))
    n = len(lows)
    for rule in rules:
        if i + len(rule.words) > n:
            continue
        count = 1
        for k, word in enumerate(rule.words):
            if word == COUNT_SLOT:
                value = count_value(lows[i + k])
                if value is None:
                    break
                count = value
            elif lows[i + k] != word:
                break
        else:
            return TimeExpr(i, i + len(rule.words), "relative", rule=rule, count=count)
    return None


def _weekday(doc: Doc, i: int) -> TimeExpr:
    start, modifier = i, None
    if i > 0 and doc[i - 1].lower_ in _WEEKDAY_MODIFIERS:
        start, modifier = i - 1, _WEEKDAY_MODIFIERS[doc[i - 1].lower_]
        if start > 0 and doc[start - 1].lower_ == "this" and modifier == "last":  # this past
            start -= 1
    end = i + 1
    if end < len(doc) and doc[end].lower_ in DAY_PARTS:
        end += 1
    return TimeExpr(start, end, "weekday", weekday=WEEKDAYS[doc[i].lower_], modifier=modifier)


def _is_month(tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    if low not in MONTHS or not tok.text[0].isupper():
        return False
    if tok.tag_ == "MD" or tok.pos_ == "VERB":  # "May" the modal, "March" the verb
        return False
    if low in _FULL_MONTHS:
        return True
    # Abbreviations ("Dec.", "Sept 3", "27 Dec 2023") only next to a dot, a day or a year:
    # "Jan" is also a name.
    doc = tok.doc
    nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    prev = doc[tok.i - 1].text if tok.i > 0 else ""
    return (tok.text.endswith(".") or nxt == "." or bool(_DAY.match(nxt))
            or bool(_YEAR.match(nxt)) or bool(_DAY.match(prev)))


def _day_value(tok: Token) -> int | None:
    m = _DAY.match(tok.text)
    if m and 1 <= int(m.group(1)) <= 31:
        return int(m.group(1))
    return None


def _month(doc: Doc, i: int) -> TimeExpr:
    month = MONTHS[doc[i].lower_.rstrip(".")]
    start, end, day, year = i, i + 1, None, None
    n = len(doc)
    if doc[i].lower_ not in _FULL_MONTHS and end < n and doc[end].text == ".":  # "Dec ." split
        end += 1
    # "March 3", "March 3rd, 2023"
    if end < n and (d := _day_value(doc[end])) is not None and not _YEAR.match(doc[end].text):
        day, end = d, end + 1
    # "3 March", "the 3rd of March"
    elif i > 0 and (d := _day_value(doc[i - 1])) is not None:
        day, start = d, i - 1
    elif i > 1 and doc[i - 1].lower_ == "of" and (d := _day_value(doc[i - 2])) is not None:
        day, start = d, i - 2
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
    k = end + 1 if end < n and doc[end].text == "," else end
    if k < n and _YEAR.match(doc[k].text):
        year, end = int(doc[k].text), k + 1
    modifier = None
    if day is None and year is None and start > 0 and doc[start - 1].lower_ in _MONTH_MODIFIERS:
        start -= 1  # "last September", "next March"
        modifier = _MONTH_MODIFIERS[doc[start].lower_]
    return TimeExpr(start, end, "date" if day else "month", month=month, day=day, year=year,
                    modifier=modifier)


def _year(doc: Doc, i: int) -> TimeExpr | None:
    """A bare year only after "in/during" ("in 2019", "in early 2024"): elsewhere four digits
    are more often a quantity or a name ("the 2019 election" dates the election, not the event)."""
    k = i - 1
    while k >= 0 and doc[k].lower_ in _YEAR_MODIFIERS and i - k <= 4:
        k -= 1
    if k < 0 or doc[k].lower_ not in _YEAR_PREPS:
        return None
    if i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN") and doc[i + 1].head.i != i:
        return None  # "in 2019 elections"
    return TimeExpr(i, i + 1, "year", year=int(doc[i].text))


def _numeric(doc: Doc) -> list[TimeExpr]:
    found: list[TimeExpr] = []
    for m in _ISO.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append(TimeExpr(span.start, span.end, "date", year=int(m.group(1)),
                                  month=int(m.group(2)), day=int(m.group(3))))
    for m in _NUMERIC.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or any(e.start < span.end and span.start < e.end for e in found):
            continue
        a, b = int(m.group(1)), int(m.group(3))
        # Day first unless impossible: most of the world's news writes 27/12/2023, and the
        # US order shows itself when the first number cannot be a month... or the second a day.
        day, month = (a, b) if b <= 12 else (b, a)
        found.append(TimeExpr(span.start, span.end, "date", year=int(m.group(4)), month=month,
                              day=day))
    return found


def _merge_weekday_dates(doc: Doc, exprs: list[TimeExpr]) -> list[TimeExpr]:
    """ "Wednesday, December 27" is one date: the weekday only repeats it."""
    out: list[TimeExpr] = []
    for e in exprs:
        if out and out[-1].kind == "weekday" and e.kind == "date":
            gap = doc[out[-1].end:e.start]
            if all(t.is_punct for t in gap):
                e.start = out[-1].start
                out[-1] = e
                continue
        out.append(e)
    return out
