"""The relative-expression table: schema, no duplicate phrases, and every phrase is found."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from communique.temporal.expressions import find_expressions
from communique.temporal.lexicon import COUNT_SLOT, DATA, UNITS, load_relative

RAW = yaml.safe_load((DATA / "relative.yaml").read_text(encoding="utf-8"))


def test_schema():
    assert isinstance(RAW, list) and RAW
    for entry in RAW:
        assert set(entry) == {"phrases", "unit", "shift"}, entry
        assert entry["unit"] in UNITS
        assert isinstance(entry["shift"], int) and -10 <= entry["shift"] <= 10
        assert entry["phrases"] and all(isinstance(p, str) and p == p.lower().strip()
                                        for p in entry["phrases"])


def test_no_duplicate_phrases():
    phrases = [p for entry in RAW for p in entry["phrases"]]
    assert len(phrases) == len(set(phrases))


def test_loader_sorts_longest_first():
    rules = load_relative()
    lengths = [len(r.words) for r in rules]
    assert lengths == sorted(lengths, reverse=True)
    assert any(r.counted for r in rules)


def test_bad_unit_is_rejected(tmp_path: Path):
    bad = tmp_path / "relative.yaml"
    bad.write_text("- {phrases: [soon], unit: decade, shift: 1}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_relative(bad)


@pytest.mark.parametrize("phrase", [p for entry in RAW for p in entry["phrases"]])
def test_every_phrase_is_found_in_a_sentence(nlp, phrase):
    words = phrase.replace(COUNT_SLOT, "two")
    doc = nlp(f"The talks happened {words} in the capital.")
    found = [e for e in find_expressions(doc) if e.kind == "relative"]
    assert found, phrase
    assert found[0].text(doc).lower() == words.lower().replace(" 's", "'s")
