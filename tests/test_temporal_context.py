"""Dates carried across an article: "During the talks, ..." takes the talks' date."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.temporal import DateContext
from communique.temporal.context import load_event_nouns

PUB = "2023-12-28"  # a Thursday


def run(nlp, ctx: DateContext, text: str, trigger: str):
    doc = nlp(text)
    return ctx.resolve(doc, next(t for t in doc if t.text == trigger))


def test_during_the_talks_takes_the_date_of_the_talks(nlp):
    ctx = DateContext(PUB)
    assert run(nlp, ctx, "The president held talks on Wednesday evening with the envoy.",
               "held") == ("2023-12-27", "day", "Wednesday evening")
    assert run(nlp, ctx, "During the talks, the president invited the prime minister.",
               "invited") == ("2023-12-27", "day", "the talks")
    assert run(nlp, ctx, "At the meeting, the envoy handed over a letter.", "handed") == (
        "2023-12-27", "day", "the meeting")
    assert run(nlp, ctx, "The two met on the sidelines of the summit.", "met") == (
        "2023-12-27", "day", "the summit")


def test_clauses_without_an_event_anaphor_keep_the_publication_date(nlp):
    ctx = DateContext(PUB)
    run(nlp, ctx, "The president held talks on Wednesday with the envoy.", "held")
    assert run(nlp, ctx, "In a statement, the president praised the envoy.", "praised") == (
        PUB, "publication", None)
    assert run(nlp, ctx, "After the talks, the envoy left for the airport.", "left") == (
        PUB, "publication", None)
    assert run(nlp, ctx, "During talks, the envoy smiled.", "smiled") == (
        PUB, "publication", None)


def test_nothing_to_carry_before_a_dated_event(nlp):
    ctx = DateContext(PUB)
    assert run(nlp, ctx, "During the talks, the president invited the envoy.", "invited") == (
        PUB, "publication", None)


def test_a_future_event_is_not_carried(nlp):
    ctx = DateContext(PUB)
    assert run(nlp, ctx, "The president will hold talks on Friday with the envoy.", "hold") == (
        "2023-12-29", "day", "Friday")
    assert run(nlp, ctx, "During the talks, the president invited the envoy.", "invited") == (
        PUB, "publication", None)


def test_an_explicit_date_wins_over_the_anaphor(nlp):
    ctx = DateContext(PUB)
    run(nlp, ctx, "The president held talks on Wednesday with the envoy.", "held")
    assert run(nlp, ctx, "During the talks on Monday, the envoy signed a deal.", "signed") == (
        "2023-12-25", "day", "Monday")


def test_event_nouns_table():
    import yaml

    from communique.temporal.lexicon import DATA

    raw = yaml.safe_load((DATA / "event_nouns.yaml").read_text(encoding="utf-8"))
    assert set(raw) == {"nouns", "preps"}
    for key in ("nouns", "preps"):
        assert len(raw[key]) == len(set(raw[key])), f"duplicates in {key}"
    table = load_event_nouns()
    assert {"talk", "meeting", "visit", "summit"} <= table.nouns
    assert table.preps == {"during", "at", "on", "in"}
    assert all(w == w.lower() and w.isalpha() for w in table.nouns | table.preps)


def test_event_nouns_rejects_yaml_booleans(tmp_path: Path):
    bad = tmp_path / "event_nouns.yaml"
    bad.write_text("nouns: [talk]\npreps: [on]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_event_nouns(bad)
