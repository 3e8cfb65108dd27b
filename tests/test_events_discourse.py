"""Events completed from the encounter an article reported earlier (events/discourse.py).

The articles are written for these tests; they run through the full coder so the actors,
dates and the parse are the real ones.
"""

from __future__ import annotations

import pytest

from communique.model import Article

MEETING = (
    "Japanese Prime Minister Fumio Kishida held talks with Kenyan President William Ruto in "
    "Tokyo on Tuesday. During the meeting, Ruto conveyed warm greetings. "
)


def _events(coder, text: str, date: str = "2024-03-14"):
    return coder.code(Article(text=text, date=date)).events


@pytest.fixture(scope="module")
def meeting_events(coder):
    return _events(
        coder,
        MEETING + "Kishida pledged to expand aid, while Kenya separately criticized Somalia.",
    )


def _in_sentence(events, index):
    return [e for e in events if e.sentence == index]


def test_event_during_the_meeting_is_addressed_to_the_other_party(meeting_events):
    (greeting,) = _in_sentence(meeting_events, 1)
    assert greeting.source.code == "KENGOV"
    assert greeting.target is not None and greeting.target.name == "Fumio Kishida"
    assert greeting.rule.endswith("+encounter-target")


def test_event_during_the_meeting_takes_the_meeting_date(meeting_events):
    meeting = next(e for e in meeting_events if e.root == "04")
    assert meeting.date == "2024-03-12"  # "on Tuesday" before Thursday 2024-03-14
    (greeting,) = _in_sentence(meeting_events, 1)
    assert greeting.date == "2024-03-12"


def test_inferred_target_costs_confidence(meeting_events):
    (greeting,) = _in_sentence(meeting_events, 1)
    meeting = next(e for e in meeting_events if e.root == "04")
    assert greeting.confidence < meeting.confidence


def test_clause_without_encounter_noun_keeps_no_target(meeting_events):
    pledge = [e for e in _in_sentence(meeting_events, 2) if e.source.code.startswith("JPN")]
    assert pledge and all(e.target is None for e in pledge)
    criticism = [e for e in _in_sentence(meeting_events, 2) if e.root == "11"]
    assert [(e.source.code, e.target.code) for e in criticism] == [("KEN", "SOM")]


def test_coordinated_clause_does_not_borrow_the_encounter(coder):
    events = _events(
        coder,
        MEETING + "Ruto praised the partnership and said Kenya would discuss trade during "
        "further talks next year.",
    )
    assert all(e.target is None or e.target.country == "JPN" for e in _in_sentence(events, 2))


def test_no_encounter_no_inference(coder):
    events = _events(coder, "During the meeting, Kenyan President William Ruto conveyed greetings.")
    assert events and all(e.target is None for e in events)


def test_a_verbless_sentence_after_a_meeting_is_coded(coder):
    # the clause of a noun trigger in a sentence with no verb is the whole sentence; walking up
    # to a verb once never stopped at the root (spaCy makes a new Token per access, so the
    # root's "head is itself" test was never true) and coding this article hung
    from communique.model import Article

    article = coder.code(Article(text="Kenya's president met Uganda's president on Monday. "
                                      "The Kenyan president's appeal for calm.", date="2004-06-01"))
    assert ("KENGOV", "020") in {(e.source.code, e.cameo) for e in article.events if e.source}
