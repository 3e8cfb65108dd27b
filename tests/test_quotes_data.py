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


# Past forms of every verb in the table: the parser must give back the lemma we list.
PAST = {
    "say": "said", "state": "stated", "tell": "told", "add": "added", "note": "noted",
    "stress": "stressed", "emphasize": "emphasized", "emphasise": "emphasised",
    "declare": "declared", "announce": "announced", "warn": "warned", "claim": "claimed",
    "insist": "insisted", "argue": "argued", "explain": "explained", "reiterate": "reiterated",
    "remark": "remarked", "comment": "commented", "assert": "asserted", "affirm": "affirmed",
    "confirm": "confirmed", "deny": "denied", "report": "reported", "write": "wrote",
    "tweet": "tweeted", "post": "posted", "reply": "replied", "respond": "responded",
    "answer": "answered", "acknowledge": "acknowledged", "admit": "admitted",
    "suggest": "suggested", "urge": "urged", "predict": "predicted", "promise": "promised",
    "pledge": "pledged", "vow": "vowed", "threaten": "threatened", "caution": "cautioned",
    "underline": "underlined", "underscore": "underscored", "observe": "observed",
    "mention": "mentioned", "recall": "recalled", "complain": "complained",
    "allege": "alleged", "proclaim": "proclaimed", "maintain": "maintained",
    "contend": "contended", "conclude": "concluded", "quip": "quipped", "joke": "joked",
    "shout": "shouted", "estimate": "estimated", "assure": "assured", "reaffirm": "reaffirmed",
    "clarify": "clarified",
}


def test_every_single_verb_has_a_checked_form():
    assert set(speech_verbs().single) == set(PAST)


def test_every_verb_is_a_lemma_the_parser_gives(nlp):
    verbs = speech_verbs()
    docs = nlp.pipe([f"The minister {form} that the talks would resume." for form in
                     PAST.values()])
    missed = [(lemma, doc[2].lemma_) for lemma, doc in zip(PAST, docs)
              if not verbs.matches(doc[2])]
    assert missed == []
