"""An actor's country comes from its own phrase, the knowledge base or the actors the article
introduced, not from a place named in another sentence."""

from __future__ import annotations

from communique.model import Article


def _events(coder, text):
    return coder.code(Article(text=text, date="2005-03-01")).events


def test_a_capital_named_as_a_place_gives_no_official_its_country(coder):
    events = _events(coder, "Talks in Pyongyang collapsed on Monday."
                            " The chancellor has criticised the unions over the strike.")
    assert events and all(e.source.country != "PRK" for e in events)


def test_the_actors_introduced_still_place_unnamed_officials(coder):
    (event,) = _events(coder, "Iraqi officials met in Baghdad. Police arrested two men in the capital.")
    assert event.source.code == "IRQCOP"
