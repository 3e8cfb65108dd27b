"""Time-word tables: relative phrases (data/relative.yaml), weekday and month names, counts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from communique import yamlio

DATA = Path(__file__).parent / "data"
UNITS = ("day", "week", "weekend", "month", "year")
COUNT_SLOT = "{n}"

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Parts of the day that may follow a weekday ("Wednesday evening") without changing the date.
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "night's", "morning's"})
COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


@dataclass(frozen=True, slots=True)
class RelativeRule:
    words: tuple[str, ...]  # lowercase tokens; COUNT_SLOT matches a count
    unit: str
    shift: int

    @property
    def counted(self) -> bool:
        return COUNT_SLOT in self.words


def load_relative(path: Path | None = None) -> list[RelativeRule]:
    """Rules longest first, so "earlier this month" wins over "this month"."""
    raw = yamlio.load((path or DATA / "relative.yaml").read_text(encoding="utf-8"))
    rules: list[RelativeRule] = []
    for entry in raw:
        unit, shift = entry["unit"], int(entry["shift"])
        if unit not in UNITS:
            raise ValueError(f"relative.yaml: unknown unit {unit!r}")
        for phrase in entry["phrases"]:
            rules.append(RelativeRule(tuple(_split(str(phrase))), unit, shift))
    rules.sort(key=lambda r: -len(r.words))
    return rules


@lru_cache(maxsize=1)
def relative_rules() -> tuple[RelativeRule, ...]:
    return tuple(load_relative())


@lru_cache(maxsize=1)
def rules_by_first_word() -> dict[str, tuple[RelativeRule, ...]]:
    """Rules keyed by their first word, longest first; counted rules under COUNT_SLOT."""
    table: dict[str, list[RelativeRule]] = {}
    for rule in relative_rules():
        table.setdefault(rule.words[0], []).append(rule)
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def relative_first_words() -> frozenset[str]:
    """Words that may start a phrase: the cheap test before trying the rules at a position."""
    table = rules_by_first_word()
    words = set(table) - {COUNT_SLOT}
    if COUNT_SLOT in table:
        words |= set(COUNT_WORDS)
    return frozenset(words)


def _split(phrase: str) -> list[str]:
    """Split like the spaCy tokenizer does for these phrases: the possessive "'s" is a token."""
    words: list[str] = []
    for w in phrase.lower().split():
        if w.endswith("'s") and len(w) > 2:
            words.extend([w[:-2], "'s"])
        else:
            words.append(w)
    return words


def count_value(text: str) -> int | None:
    t = text.lower()
    if t.isdigit():
        return int(t) if 0 < int(t) < 1000 else None
    return COUNT_WORDS.get(t)
