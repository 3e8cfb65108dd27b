"""Speech verbs (data/speech_verbs.yaml): the verbs whose subject is a quote's speaker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import AUX, VERB

from communique import yamlio

DATA = Path(__file__).parent / "data"
SPEECH_VERBS_FILE = DATA / "speech_verbs.yaml"
_VERBAL = frozenset({VERB, AUX})  # the parts of speech ``matches`` accepts


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

    def candidates(self, doc) -> list[int]:  # a spaCy Doc
        """Indices of the tokens ``matches`` may accept: verbs and auxiliaries whose lemma is
        a speech verb or heads a phrasal one ("said", "pointed" of "pointed out"). Read from
        the Doc's arrays: asking ``matches`` of every token of every parsed sentence made a
        Token object per word, most of the quote pass's cost."""
        words = _lemmas_to_check(self.single, self.phrasal)
        strings = doc.vocab.strings
        return [i for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist())
                if pos in _VERBAL and strings[lemma].lower() in words]


@lru_cache(maxsize=8)
def _heads(phrasal: frozenset[tuple[str, str]]) -> frozenset[str]:
    return frozenset(v for v, _ in phrasal)


@lru_cache(maxsize=8)
def _lemmas_to_check(single: frozenset[str], phrasal: frozenset[tuple[str, str]]) -> frozenset[str]:
    return single | _heads(phrasal)


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
