"""Roles an actor's own phrase gives: former office holders are elites (ELI), not the
government; shadow ministers are the opposition (OPP); a party's leader is the party (PTY)."""

from __future__ import annotations

import pytest

from communique.model import Article


def _sources(coder, text):
    return [e.source.code for e in coder.code(Article(text=text, date="2005-03-01")).events if e.source]


@pytest.mark.parametrize("text, code", [
    ("Former Pakistani prime minister Nawaz Sharif criticised the Indian government.", "PAKELI"),
    ("Ex-minister Peter Mandelson criticised the French government.", "ELI"),
    ("Shadow foreign secretary Michael Ancram criticised the Iranian government.", "OPP"),
    ("Tory leader Michael Howard attacked Tony Blair over Iraq.", "PTY"),
    # a party's chairman is no businessman; a company's is
    ("Conservative co-chairman Liam Fox accused Tony Blair of lying.", "PTY"),
    ("Toyota chairman Hiroshi Okuda criticised the Chinese government.", "BUS"),
    ("Kenyan opposition leader Raila Odinga accused President Mwai Kibaki of fraud.", "KENOPP"),
    # any state office left behind: a former police chief or judge is an elite too
    ("Bolivia's former police chief accused the Peruvian government of lying.", "BOLELI"),
    ("A former judge from Peru criticized the Chilean government.", "PERELI"),
    # the office held now stays the government
    ("Kenyan President Daniel Kiprono criticised the Ugandan government.", "KENGOV"),
])
def test_the_phrase_says_who_is_not_the_government(coder, text, code):
    assert _sources(coder, text)[:1] == [code]


def test_a_former_office_holder_learned_in_the_article_stays_former(coder):
    text = ("Former Kenyan President Daniel Kiprono criticised the Ugandan government."
            " Kiprono later condemned the Ugandan police.")
    assert _sources(coder, text) == ["KENELI", "KENELI"]


def test_a_surname_two_people_share_needs_their_given_name_or_title(coder):
    # Britain's Michael Howard is not Australia's John Howard, whom the knowledge base knows
    text = "Tory leader Michael Howard attacked Tony Blair. Mr Howard criticised the French government."
    events = coder.code(Article(text=text, date="2005-03-01")).events
    assert events and all(e.source.country != "AUS" for e in events if e.source)
    # with the given name, the known one
    (event,) = coder.code(Article(text="John Howard criticised the French government.", date="2005-03-01")).events
    assert event.source.code == "AUSGOV"


@pytest.mark.parametrize("text, name", [
    # the subject of the sentence that names both: "the minister" is Lavrov
    ("Sergei Lavrov met John Kerry in Geneva. The minister criticised the Iranian government.", "Sergey Lavrov"),
    # an agreeing country picks the one it names
    ("Sergei Lavrov met John Kerry in Geneva. The American minister criticised the Iranian government.",
     "John Kerry"),
])
def test_a_description_takes_the_antecedent_that_agrees(coder, text, name):
    events = [e for e in coder.code(Article(text=text, date="2015-03-01")).events if e.sentence == 1]
    assert [e.source.name for e in events] == [name]


def test_former_modifying_the_office_further_out_still_counts(coder):
    # "former" is four words before the office it modifies
    assert _sources(coder, "In May, the former Lima city mayor accused the Chilean government of lying.") == ["ELI"]
