"""Stories and sentences that are not coded: sport, entertainment, disasters, history.

The phrases are PETRARCH2's discard list, converted by ``tools/import_petrarch_verbs.py`` into
``data/petrarch/discards.yaml``, and our own in ``data/discards.yaml`` (sports jargon PETRARCH
lacks: "best-of-three", "gold medal"): a ``story`` phrase
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

from communique import yamlio


def _regex(phrases: list[str]) -> re.Pattern[str] | None:
    """One regex for all phrases, as a character trie ("world (?:cup|war)"): a flat alternation
    of hundreds of phrases is tried one by one at every word, this one a letter or two."""
    trie: dict = {}
    for phrase in set(phrases):
        whole = phrase.endswith("_")
        words = phrase.rstrip("_").lower().split()
        if not words:
            continue
        node = trie
        for ch in " ".join(words):
            node = node.setdefault(ch, {})
        node[""] = node.get("", False) or not whole  # "": ends here; True: as a stem

    def pattern(node: dict) -> str:
        alternatives = [(r"\s+" if ch == " " else re.escape(ch)) + pattern(child)
                        for ch, child in sorted(node.items()) if ch]
        if "" in node:
            # a stem matches whatever follows; a whole phrase must end at a word boundary
            alternatives.append("" if node[""] else r"(?!\w)")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    if not trie:
        return None
    return re.compile(r"(?<!\w)" + pattern(trie), re.IGNORECASE)


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


def read_phrases(text: str, source: str) -> tuple[list[str], list[str]]:
    """The (story, sentence) phrases of a discards file; any other key is an error."""
    doc = yamlio.load_words(text) or {}
    if not isinstance(doc, dict):
        raise ValueError(f"{source}: expected a mapping with story and sentence lists")
    unknown = sorted(set(doc) - {"story", "sentence"})
    if unknown:
        raise ValueError(f"{source}: unknown key {', '.join(map(repr, unknown))}; known keys: sentence, story")
    return [str(p) for p in doc.get("story") or []], [str(p) for p in doc.get("sentence") or []]


@lru_cache(maxsize=1)
def _load_default() -> Discards:
    """PETRARCH2's discards and ours (data/discards.yaml: sports jargon PETRARCH lacks)."""
    data = resources.files("communique.events").joinpath("data")
    story: list[str] = []
    sentence: list[str] = []
    for path in (data.joinpath("petrarch", "discards.yaml"), data.joinpath("discards.yaml")):
        more_story, more_sentence = read_phrases(path.read_text("utf-8"), str(path))
        story += more_story
        sentence += more_sentence
    return Discards(story, sentence)
