"""Decides, on tokenizer output alone, which sentences are worth the statistical pipeline.

A sentence can only yield an event if it has a trigger of the predicate lexicon and someone
to do it: a name or word the knowledge base knows (country, demonym, capital, organisation,
person, title, sector noun), a pronoun that coreference may resolve, or a capitalised word
that may be a name the resolver learned. Forms of "be", "have" and "do" are in the lexicon
only as parts of wrapped phrases ("be ready to ...") whose complement is itself a trigger,
so they do not count alone; nor does a verb whose every entry asks for an object or PP word
("rush" aid, troops ...: most of the layer imported from PETRARCH2) without such a word in the
sentence. Sentences with quotation marks are parsed for their quotes, and a speech verb
counts as a trigger: "the minister said Bolivia's tariffs would hurt trade" is a comment
(``events.statements``), and its quote is kept.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.attrs import LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from communique import disk_cache
from communique.actors import KnowledgeBase
from communique.actors.names import ANY, EXACT
from communique.events import Lexicon
from communique.quotes.lexicon import SPEECH_VERBS_FILE, speech_verbs

_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u00ab", "\u00bb"})
_AUXILIARY_LEMMAS = frozenset({"be", "have", "do"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "him", "her", "them", "his", "their", "its"})
_CACHE_KIND = "prefilter"
WORD_IDS = [ORTH, LOWER]  # what the prefilter reads of a token
# per word: (quotation mark, lower form, trigger, the words a conditional trigger needs,
# an actor anywhere, an actor after the first word)
_Word = tuple[bool, str, bool, "frozenset[str] | None", bool, bool]
_FIELDS = ("conditional", "triggers", "exact", "cased", "anycase")


def _cache_key(lexicon: Lexicon, kb: KnowledgeBase) -> str | None:
    """The word sets' disk-cache key: the keys of the cached lexicon and knowledge base they
    are derived from, this code and spaCy's (its stop words); None when either was built
    in memory (a test's own tables), which is never cached."""
    lex_key, kb_key = getattr(lexicon, "cache_key", None), getattr(kb, "cache_key", None)
    if not (lex_key and kb_key):
        return None
    return disk_cache.fingerprint([lex_key.encode(), kb_key.encode(), Path(__file__).read_bytes(),
                                   SPEECH_VERBS_FILE.read_bytes(), spacy.about.__version__.encode()])


class Prefilter:
    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase | None = None) -> None:
        kb = kb if kb is not None else KnowledgeBase.load()
        # the word sets, from the disk cache when the lexicon and the knowledge base came from
        # theirs (walking the ~45,000 names of the knowledge base is most of the build)
        key = _cache_key(lexicon, kb)
        cached = disk_cache.read(_CACHE_KIND, key) if key else None
        self._words: dict[int, _Word] = {}  # token orth id -> what it says (see _word)
        if isinstance(cached, dict) and cached.keys() == set(_FIELDS):
            self.__dict__.update(cached)
            return
        self._build(lexicon, kb)
        if key:
            disk_cache.write(_CACHE_KIND, key, {f: getattr(self, f) for f in _FIELDS})

    def _build(self, lexicon: Lexicon, kb: KnowledgeBase) -> None:
        # a verb that only fires with one of its pattern's words (most imported ones) counts
        # as a trigger only when the sentence holds such a word too
        self.conditional = {f: w for f, w in lexicon.conditional_triggers().items()
                            if not lexicon.lemma_for_form(f) <= _AUXILIARY_LEMMAS}
        self.triggers = frozenset(
            f for f in lexicon.trigger_forms()
            if not lexicon.lemma_for_form(f) <= _AUXILIARY_LEMMAS and f not in self.conditional
        ) | lexicon.inflect_verbs(speech_verbs().single)
        exact: set[str] = set()
        cased: set[str] = set()
        anycase: set[str] = set(_PRONOUNS)
        for index in (kb.names, kb.title_index):
            for tokens, surfaces, rules in index.shapes():  # without making lazy entries
                for low, surface, rule in zip(tokens, surfaces, rules, strict=True):
                    if rule == EXACT:
                        exact.add(surface)
                    elif rule != ANY:
                        cased.add(low)
                    elif low not in STOP_WORDS and any(c.isalpha() for c in low):
                        anycase.add(low)
        self.exact = frozenset(exact)
        self.cased = frozenset(cased)
        self.anycase = frozenset(anycase)

    def worth_parsing(self, sent: Span) -> bool:
        return self.worth_parsing_ids(sent.doc.to_array(WORD_IDS)[sent.start:sent.end].tolist(),
                                      sent.doc.vocab.strings)

    def worth_parsing_ids(self, ids: list[list[int]], strings) -> bool:
        """``worth_parsing`` of the sentence whose tokens' (ORTH, LOWER) ids are ``ids``: the
        coder reads them once per article (``Doc.to_array(WORD_IDS)``) and slices them."""
        trigger = actor = False
        seen: set[str] = set()
        needed: set[str] = set()  # words a conditional trigger seen so far waits for
        words = self._words
        for n, (orth, lower) in enumerate(ids):
            word = words.get(orth)
            if word is None:
                word = self._word(orth, lower, strings)
            quote, low, is_trigger, need, actor_anywhere, actor_after_first = word
            if quote:
                return True
            if not trigger:
                if is_trigger or low in needed:
                    trigger = True
                else:
                    if need is not None:
                        if need & seen:
                            trigger = True
                        else:
                            needed |= need
                    seen.add(low)
            if not actor and (actor_anywhere or (n > 0 and actor_after_first)):
                actor = True
            if trigger and actor:
                return True
        return False

    def _word(self, orth: int, lower: int, strings) -> _Word:
        """What ``worth_parsing`` needs of one word, a function of its text alone: kept per
        word, so a sentence is read from its token ids with no Token objects (the split and
        the prefilter run over every sentence, parsed or not)."""
        text, low = strings[orth], strings[lower]
        word = (
            text in _QUOTE_MARKS,
            low,
            low in self.triggers,
            self.conditional.get(low),
            low in self.anycase or text in self.exact or (text[:1].isupper() and low in self.cased),
            # a capitalised word after the first: an unknown name, or one the resolver learns
            text[:1].isupper() and low not in STOP_WORDS,
        )
        if len(self._words) < 500_000:
            self._words[orth] = word
        return word
