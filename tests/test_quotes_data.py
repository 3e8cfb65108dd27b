"""The speech-verb table: schema, no duplicates, lemmas the parser produces."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from communique.quotes.lexicon import DATA, load_speech_verbs, speech_verbs

RAW = yaml.safe_load((DATA / "speech_verbs.yaml").read_text(encoding="utf-8"))


def test_schema_and_no_duplicates():
    assert set(RAW) == {"verbs"}
    verbs = RAW["verbs"]
    assert all(isinstance(v, str) for v in verbs)  # YAML 1.1 booleans (on, yes) sneak in
    assert len(verbs) == len(set(verbs))
    for v in verbs:
        assert v == v.lower().strip() and 1 <= len(v.split()) <= 2, v
        assert all(w.isalpha() for w in v.split()), v


def test_core_verbs_present():
    verbs = speech_verbs()
    for lemma in ("say", "state", "tell", "add", "note", "stress", "emphasize", "declare",
                  "announce", "warn"):
        assert lemma in verbs


def test_verbs_that_only_carry_a_message_are_absent():
    verbs = speech_verbs()
    for lemma in ("convey", "refer", "express", "call"):
        assert lemma not in verbs


def test_bad_entry_is_rejected(tmp_path: Path):
    bad = tmp_path / "speech_verbs.yaml"
    bad.write_text("verbs: [say, go on and on]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_speech_verbs(bad)


@pytest.mark.parametrize("sentence,word", [
    ("The minister stressed that talks would go on.", "stressed"),
    ("The minister pointed out that talks would go on.", "pointed"),
    ("The ministers have warned that talks would stop.", "warned"),
])
def test_verbs_match_parsed_tokens(nlp, sentence, word):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == word)
    assert speech_verbs().matches(tok)
