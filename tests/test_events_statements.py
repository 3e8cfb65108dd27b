"""Comments about another actor (events/statements.py): a speaker's opinion about an actor is
an ICEWS-style statement event (010, 012 pessimistic, 013 optimistic, 100 when it says what
the actor should do) with that actor as the target; reports of facts, plans, relayed news
and anonymous targets are not.

Sentences written for these tests; each runs the full Coder.
"""

from __future__ import annotations

import pytest

from communique.model import Article


def comments(coder, text: str) -> set[tuple[str | None, str | None, str]]:
    article = coder.code(Article(text=text, date="2001-05-01"))
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
        for e in article.events if e.rule.startswith("comment")
    }


@pytest.mark.parametrize("text, expected", [
    # a modal of judgment about another country, pessimistic by its verb
    ("The Thai premier said Cambodia's decision may hurt tourism.", ("THAGOV", "KHM", "012")),
    # a copula with an adjective, optimistic; "they" is the speaker, South Korea the target
    ("Japanese officials said they were confident that South Korea would accept the proposal.",
     ("JPNGOV", "KOR", "013")),
    # a verb of stance, the target in its prepositional object
    ("Argentina said it expected a fruitful partnership with the new Chilean government.",
     ("ARG", "CHLGOV", "013")),
    # a direct quote with a verb of stance, negated: the comment was still made
    ('"We do not trust the Kenyan army," the Ugandan rebel commander said.',
     ("UGAREB", "KENMIL", "010")),
    # an adjective's object ("worried about")
    ("Germany's foreign minister said he was worried about Turkey's plans.",
     ("DEUGOV", "TUR", "012")),
    # what another actor should do is a demand of it
    ("The Austrian chancellor said Hungary should reopen its border.", ("AUTGOV", "HUN", "100")),
    # a noun of tone after a copula
    ("The Israeli prime minister said Iran was a threat to world peace.", ("ISRGOV", "IRN", "012")),
    # blame for something bad is an accusation
    ("Pakistan's army chief said India was behind the attacks.", ("PAKMIL", "IND", "112")),
    ("The Chinese foreign ministry said Japan was responsible for the tension.", ("CHNGOV", "JPN", "112")),
])
def test_comment_about_another_actor(coder, text, expected):
    assert expected in comments(coder, text)


@pytest.mark.parametrize("text", [
    # a report of something done is the speaker's source, not a comment
    "Officials said Peruvian firefighters pulled three survivors from the rubble.",
    # "would" of reported speech: a plan, and Paraguay is only where it happens
    "The Brazilian minister said the envoy would spend two days in Paraguay.",
    # a news outlet relays
    "The news agency Interfax said Moldova could join the bloc.",
    # a demonym alone is no speaker, and a passive "are expected" nobody's stance
    "No delays are expected at airports in Poland, the Russian Weather Service said.",
    # a state's plan for its own army
    "The Peruvian president said the army would be deployed to the border.",
    # people the knowledge base does not know are no target
    "Mexican officials said the protesters were angry.",
    # a place is no blame, a plain noun no tone
    "The Israeli minister said Hamas was behind the lines.",
    "The Chilean minister said Peru was a member of the group.",
    # "ready to" is a plan, and the place in a relative clause is not what it is about
    "The refugees said they were ready to return to towns where Polish troops patrol.",
])
def test_no_comment(coder, text):
    assert comments(coder, text) == set()


def test_an_event_in_the_quote_is_coded_instead(coder):
    # the attack is what was said; no comment besides it
    article = coder.code(Article(text="Nepalese police said Maoist rebels attacked an army convoy "
                                      "near the Indian border.", date="2001-05-01"))
    assert article.events
    assert not [e for e in article.events if e.rule.startswith("comment")]


def test_speech_sentences_reach_the_parser(coder):
    # no event trigger but a speech verb: parsed, so its quote and comment are found
    article = coder.code(Article(text="The Thai premier said Cambodia's decision may hurt tourism.",
                                 date="2001-05-01"))
    assert [q.text for q in article.quotes] == ["Cambodia's decision may hurt tourism"]
