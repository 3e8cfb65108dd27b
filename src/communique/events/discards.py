"""Stories and sentences that are not coded: sport, entertainment, disasters, history.

The phrases are PETRARCH2's discard list, converted by ``tools/import_petrarch_verbs.py`` into
``data/petrarch/discards.yaml`` (the one owner of these word lists): a ``story`` phrase
anywhere in an article (title or text) means the article yields no events ("Champions
League", "grand prix", "midfielder"); a ``sentence`` phrase means that sentence yields none
("tennis", "test series", "tropical storm"). Matching follows PETRARCH: case-insensitive, the
phrase starts at a word boundary, and it is a stem ("world cup" matches "World Cups") unless
it ends in ``_`` (then it must end at a word boundary too).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from communique.events.lexicon import _read_yaml


def _regex(phrases: list[str]) -> re.Pattern[str] | None:
    alternatives = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        whole = phrase.endswith("_")
        words = phrase.rstrip("_").split()
        if not words:
            continue
        alternatives.append(r"\s+".join(map(re.escape, words)) + (r"(?!\w)" if whole else ""))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


class Discards:
    def __init__(self, story: list[str], sentence: list[str]) -> None:
        self._story = _regex(story)
        self._sentence = _regex(sentence)

    @classmethod
    def load(cls) -> Discards:
        return _load_default()

    def story(self, text: str) -> str | None:
        """The phrase that marks the whole article as not to be coded, if any."""
        m = self._story.search(text) if self._story else None
        return m.group(0) if m else None

    def sentence(self, text: str) -> str | None:
        """The phrase that marks this sentence as not to be coded, if any."""
        m = self._sentence.search(text) if self._sentence else None
        return m.group(0) if m else None


@lru_cache(maxsize=1)
def _load_default() -> Discards:
    text = resources.files("communique.events").joinpath("data", "petrarch", "discards.yaml")
    doc = _read_yaml(text.read_text("utf-8")) or {}
    return Discards([str(p) for p in doc.get("story") or []],
                    [str(p) for p in doc.get("sentence") or []])
