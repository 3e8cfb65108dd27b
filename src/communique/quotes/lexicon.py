"""Speech verbs (data/speech_verbs.yaml): the verbs whose subject is a quote's speaker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from communique import yamlio

DATA = Path(__file__).parent / "data"
SPEECH_VERBS_FILE = DATA / "speech_verbs.yaml"


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    single: frozenset[str]  # "say"
    phrasal: frozenset[tuple[str, str]]  # ("point", "out")

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.single

    def matches(self, token) -> bool:  # a spaCy Token
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX"):
            return False
        if lemma in self.single:
            return True
        # Only verbs that head a phrasal entry need their particles looked at; walking the
        # children of every verb showed up in the coder's profile.
        if lemma not in self.phrasal_heads:
            return False
        particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "advmod")}
        return any(v == lemma and p in particles for v, p in self.phrasal)

    @property
    def phrasal_heads(self) -> frozenset[str]:
        return _heads(self.phrasal)


@lru_cache(maxsize=8)
def _heads(phrasal: frozenset[tuple[str, str]]) -> frozenset[str]:
    return frozenset(v for v, _ in phrasal)


def load_speech_verbs(path: Path | None = None) -> SpeechVerbs:
    raw = yamlio.load((path or SPEECH_VERBS_FILE).read_text(encoding="utf-8"))
    single: set[str] = set()
    phrasal: set[tuple[str, str]] = set()
    for entry in raw["verbs"]:
        words = str(entry).lower().split()
        if len(words) == 1:
            single.add(words[0])
        elif len(words) == 2:
            phrasal.add((words[0], words[1]))
        else:
            raise ValueError(f"speech_verbs.yaml: {entry!r} is neither a verb nor verb+particle")
    return SpeechVerbs(frozenset(single), frozenset(phrasal))


@lru_cache(maxsize=1)
def speech_verbs() -> SpeechVerbs:
    return load_speech_verbs()
