"""Dependency-tree helpers on parses built by hand, so each test states the tree it reads."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.events.syntax import with_conjuncts


def _doc(words: list[str], heads: list[int], deps: list[str]) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps)


def test_a_subject_left_with_its_and_takes_the_next_subject_of_its_verb():
    # "he and Hassan agreed", parsed with both as subjects of "agreed" and "and" left on "he"
    doc = _doc(["he", "and", "Hassan", "agreed"], [3, 0, 3, 3], ["nsubj", "cc", "nsubj", "ROOT"])
    assert [t.text for t in with_conjuncts(doc[0])] == ["he", "Hassan"]


def test_a_proper_coordination_is_read_as_the_parser_gives_it():
    doc = _doc(["he", "and", "Hassan", "agreed"], [3, 0, 0, 3], ["nsubj", "cc", "conj", "ROOT"])
    assert [t.text for t in with_conjuncts(doc[0])] == ["he", "Hassan"]
    # without an "and", a second subject is no conjunct
    doc = _doc(["he", "Hassan", "agreed"], [2, 2, 2], ["nsubj", "nsubj", "ROOT"])
    assert [t.text for t in with_conjuncts(doc[0])] == ["he"]
