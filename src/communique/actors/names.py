"""Token-sequence name index: finds the longest known name starting at each token.

Names are split with spaCy's English tokenizer rules so a key lines up with the tokens of a
parsed (or tokenizer-only) sentence: "al-Qaeda" is ``al - qaeda`` on both sides.
Case matters only where it separates a name from a common word: all-caps keys ("US", "WHO",
"IS") must match exactly, capitalised keys ("Turkey", "Chad") need a capital in the text
unless the whole sentence is upper case (headlines).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

# Matching constraint per key token.
EXACT, CAPITAL, ANY = "U", "C", "-"


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


@lru_cache(maxsize=65536)
def split_name(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokenizer()(text.translate(APOSTROPHES).strip()) if t.text.strip())


@lru_cache(maxsize=262144)
def norm(text: str) -> str:
    """Lower case without accents, so "Lopez" finds "López" and the other way round."""
    text = text.translate(APOSTROPHES).lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _constraint(tok: str, cased: bool) -> str:
    letters = [c for c in tok if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return EXACT
    if cased and letters and tok[0].isupper():
        return CAPITAL
    return ANY


@dataclass(slots=True)
class Key:
    tokens: tuple[str, ...]  # lower-cased
    surface: tuple[str, ...]
    rules: tuple[str, ...]
    value: Any


class NameIndex:
    """Maps token sequences to values; later ``add`` calls win over earlier ones."""

    def __init__(self) -> None:
        # token tuple -> keys; several when only case tells them apart ("Hamas" and "HAMAS")
        self._by_first: dict[str, dict[tuple[str, ...], list[Key]]] = {}
        self.max_len = 1

    def add(self, name: str, value: Any, cased: bool = True) -> None:
        surface = split_name(name)
        if not surface:
            return
        tokens = tuple(norm(t) for t in surface)
        rules = tuple(_constraint(t, cased) for t in surface)
        keys = self._by_first.setdefault(tokens[0], {}).setdefault(tokens, [])
        key = Key(tokens, surface, rules, value)
        for n, old in enumerate(keys):
            if old.rules == rules:
                keys[n] = key  # same name again: the later definition wins
                break
        else:
            keys.append(key)
        self.max_len = max(self.max_len, len(tokens))

    def __contains__(self, name: str) -> bool:
        tokens = tuple(norm(t) for t in split_name(name))
        return bool(tokens) and tokens in self._by_first.get(tokens[0], {})

    def get(self, name: str) -> Any:
        tokens = tuple(norm(t) for t in split_name(name))
        keys = self._by_first.get(tokens[0], {}).get(tokens) if tokens else None
        if not keys:
            return None
        exact = [k for k in keys if k.surface == tuple(split_name(name))]
        return (exact or keys)[-1].value

    def keys(self):
        """Every indexed name as a Key (tokens, surface forms, case rules, value)."""
        for d in self._by_first.values():
            for keys in d.values():
                yield from keys

    def values(self):
        for d in self._by_first.values():
            for keys in d.values():
                for k in keys:
                    yield k.value

    def match_at(self, texts: Sequence[str], lowers: Sequence[str], i: int, shouting: bool) -> tuple[int, Any] | None:
        """Longest key starting at token ``i``: (length, value) or None."""
        cands = self._by_first.get(lowers[i])
        if not cands:
            return None
        n = len(lowers)
        for length in range(min(self.max_len, n - i), 0, -1):
            keys = cands.get(tuple(lowers[i : i + length]))
            if not keys:
                continue
            for key in reversed(keys):
                if _fits(key, texts, i, shouting):
                    return length, key.value
        return None


def _fits(key: Key, texts: Sequence[str], i: int, shouting: bool) -> bool:
    for j, rule in enumerate(key.rules):
        if rule == ANY:
            continue
        text = texts[i + j].translate(APOSTROPHES)
        if rule == EXACT:
            if text != key.surface[j] and not (shouting and text.upper() == key.surface[j].upper()):
                return False
        elif not text[:1].isupper():
            return False
    return True


def is_shouting(texts: Sequence[str]) -> bool:
    """A headline or wire slug in capitals, where case says nothing."""
    letters = [c for t in texts for c in t if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8
