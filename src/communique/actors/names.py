"""Token-sequence name index: finds the longest known name starting at each token.

Names are split with spaCy's English tokenizer rules so a key lines up with the tokens of a
parsed (or tokenizer-only) sentence: "al-Qaeda" is ``al - qaeda`` on both sides.
Case matters only where it separates a name from a common word: all-caps keys ("US", "WHO",
"IS") must match exactly, capitalised keys ("Turkey", "Chad") need a capital in the text
unless the whole sentence is upper case (headlines).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique import disk_cache

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

# Matching constraint per key token.
EXACT, CAPITAL, ANY = "U", "C", "-"


_TOKENIZER: list = []  # the one split_name uses


def share_tokenizer(tokenizer) -> None:
    """Split names with this tokenizer: the coder gives its model's, which has the blank
    English rules (a test checks), so a process builds no second tokenizer (~0.3 s)."""
    _TOKENIZER[:] = [tokenizer]


def _tokenizer():
    if not _TOKENIZER:
        import spacy

        _TOKENIZER.append(spacy.blank("en").tokenizer)
    return _TOKENIZER[0]


# Names split before, in this process or (``remember_splits``) in an earlier one: running
# spaCy's tokenizer over the thousands of names of the knowledge base was most of its build.
_splits: dict[str, tuple[str, ...]] = {}
_MAX_SPLITS = 262_144
_SPLITS_KIND = "names"


def split_name(text: str) -> tuple[str, ...]:
    found = _splits.get(text)
    if found is None:
        found = tuple(t.text for t in _tokenizer()(text.translate(APOSTROPHES).strip()) if t.text.strip())
        if len(_splits) < _MAX_SPLITS:
            _splits[text] = found
    return found


def remember_splits(key: str) -> Callable[[], None]:
    """Start from the splits the disk cache holds under ``key`` (a hash of the names' files
    and of this code); the returned function writes back the ones made since (with those
    read), when there are new ones: the names of what was built in between."""
    cached = disk_cache.read(_SPLITS_KIND, key)
    cached = cached if isinstance(cached, dict) else {}
    for text, tokens in cached.items():
        _splits.setdefault(text, tokens)
    before = set(_splits)

    def save() -> None:
        made = {text: tokens for text, tokens in _splits.items() if text not in before}
        if made:
            disk_cache.write(_SPLITS_KIND, key, {**cached, **made})

    return save


@lru_cache(maxsize=262144)
def norm(text: str) -> str:
    """Lower case without accents, so "Lopez" finds "López" and the other way round."""
    text = text.translate(APOSTROPHES).lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
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
        # Names added on first use ("under": only where no name with the same tokens exists
        # by then), by first token: (name, surface, tokens, spec, rules); ``_make`` turns a spec into
        # the value, or None to leave the name out.
        self._deferred: dict[str, list[tuple]] = {}
        self._make: Callable[[Any], Any] | None = None
        self._cased = True
        self._lock = threading.Lock()
        # first token -> (how many token tuples start with it, their lengths longest first),
        # read by match_at; rebuilt when that count changes
        self._lengths: dict[str, tuple[int, tuple[int, ...]]] = {}

    def __getstate__(self) -> dict:  # the disk cache keeps built indexes; a lock is per process
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_lengths")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._lengths = {}

    def defer(self, rows: Iterable[tuple], make: Callable[[Any], Any], cased: bool = True) -> None:
        """Index ``rows`` (name, surface, tokens, spec, rules) lazily, under the names indexed so far:
        a first token's rows are added the first time a lookup reaches it."""
        for row in rows:
            if row[2]:
                self._deferred.setdefault(row[2][0], []).append(row)
                self.max_len = max(self.max_len, len(row[2]))
        self._make = make
        self._cased = cased

    def _pull(self, first: str) -> None:
        with self._lock:
            rows = self._deferred.pop(first, None)
            if not rows:
                return
            for name, surface, tokens, spec, _ in rows:
                if tokens in self._by_first.get(first, {}):
                    continue
                value = self._make(spec)
                if value is not None:
                    self.add(name, value, cased=self._cased, surface=surface, tokens=tokens)

    def _pull_all(self) -> None:
        for first in list(self._deferred):
            self._pull(first)

    def add(self, name: str, value: Any, cased: bool = True,
            surface: tuple[str, ...] | None = None, tokens: tuple[str, ...] | None = None) -> None:
        """Index ``name``; ``surface`` (its ``split_name`` tokens) and ``tokens`` (those
        normalised) when already known."""
        surface = split_name(name) if surface is None else surface
        if not surface:
            return
        if tokens is None:
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

    def shapes(self):
        """(tokens, surface, rules) of every name, deferred ones included, without making
        their values (what the prefilter needs)."""
        for d in self._by_first.values():
            for keys in d.values():
                for k in keys:
                    yield k.tokens, k.surface, k.rules
        for rows in self._deferred.values():
            for _, surface, tokens, _, rules in rows:
                yield tokens, surface, rules

    def __contains__(self, name: str) -> bool:
        return self.has_surface(split_name(name))

    def has_tokens(self, tokens: tuple[str, ...]) -> bool:
        """Whether a name with these normalised tokens (any case) is indexed."""
        if not tokens:
            return False
        if tokens[0] in self._deferred:
            self._pull(tokens[0])
        return tokens in self._by_first.get(tokens[0], {})

    def has_surface(self, surface: tuple[str, ...]) -> bool:
        return self.has_tokens(tuple(norm(t) for t in surface))

    def get(self, name: str) -> Any:
        tokens = tuple(norm(t) for t in split_name(name))
        if tokens and tokens[0] in self._deferred:
            self._pull(tokens[0])
        keys = self._by_first.get(tokens[0], {}).get(tokens) if tokens else None
        if not keys:
            return None
        exact = [k for k in keys if k.surface == tuple(split_name(name))]
        return (exact or keys)[-1].value

    def keys(self):
        """Every indexed name as a Key (tokens, surface forms, case rules, value)."""
        self._pull_all()
        for d in self._by_first.values():
            for keys in d.values():
                yield from keys

    def values(self):
        self._pull_all()
        for d in self._by_first.values():
            for keys in d.values():
                for k in keys:
                    yield k.value

    def starts(self, lowers: Sequence[str]) -> list[bool]:
        """Per token, whether some name may start there (its first token is indexed, made or
        deferred): ``match_at`` finds nothing where this is False, so a caller walking every
        token of a sentence asks it only where it is True (most words start no name)."""
        by_first, deferred = self._by_first, self._deferred
        return [low in by_first or low in deferred for low in lowers]

    def match_at(self, texts: Sequence[str], lowers: Sequence[str], i: int, shouting: bool) -> tuple[int, Any] | None:
        """Longest key starting at token ``i``: (length, value) or None."""
        if lowers[i] in self._deferred:
            self._pull(lowers[i])
        cands = self._by_first.get(lowers[i])
        if not cands:
            return None
        # Only the lengths that names starting with this token have, not every length up to
        # the longest name of the whole index (most first words start names of one or two).
        lengths = self._lengths.get(lowers[i])
        if lengths is None or lengths[0] != len(cands):
            sizes = sorted({len(t) for t in list(cands)}, reverse=True)
            lengths = self._lengths[lowers[i]] = (len(cands), tuple(sizes))
        room = len(lowers) - i
        for length in lengths[1]:
            if length > room:
                continue
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


# ASCII bytes that are not letters, and the lower-case letters: deleting them with
# bytes.translate counts letters and capitals in C.
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_LOWER_LETTERS = bytes(range(ord("a"), ord("z") + 1))


def is_shouting(texts: Sequence[str]) -> bool:
    """A headline or wire slug in capitals, where case says nothing."""
    joined = "".join(texts)
    if joined.isascii():
        # the same count as below, per byte: an ASCII letter is [A-Za-z], a capital [A-Z]
        letters = joined.encode("ascii").translate(None, _NOT_LETTERS)
        capitals = len(letters.translate(None, _LOWER_LETTERS))
        return len(letters) >= 12 and capitals / len(letters) > 0.8
    letters = [c for c in joined if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8
