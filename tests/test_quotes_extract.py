"""Direct and reported quotes with speakers, on sentences written for these tests.

``FakeActors`` stands in for the actors stage: it knows a few names by token text.
"""

from __future__ import annotations

import pytest

from communique.model import Actor
from communique.quotes import extract_quotes

KNOWN = {
    "putin": ("Vladimir Putin", "RUS", ["GOV"]),
    "kremlin": ("Russia", "RUS", ["GOV"]),
    "zelensky": ("Volodymyr Zelensky", "UKR", ["GOV"]),
    "macron": ("Emmanuel Macron", "FRA", ["GOV"]),
    "modi": ("Narendra Modi", "IND", ["GOV"]),
    "minister": ("minister", None, ["GOV"]),
}
OFFSET = 100
PREFIX = "x" * (OFFSET - 1) + " "  # stands for the article text before the sentence


class FakeActors:
    def __init__(self) -> None:
        self.mentions: list[Actor] = []

    def actor_for(self, token):
        key = token.lower_
        if key not in KNOWN:
            return None
        name, country, sectors = KNOWN[key]
        return Actor(text=token.text, name=name, code=(country or "") + "".join(sectors),
                     country=country, sectors=list(sectors), start=token.idx + OFFSET,
                     end=token.idx + OFFSET + len(token.text), how="fake")


def quotes_of(nlp, text: str):
    doc = nlp(text)
    found = extract_quotes(doc, 3, OFFSET, FakeActors())
    article = PREFIX + text
    for q in found:  # offsets are article offsets: slicing the article gives the quote
        assert article[q.start:q.end] == q.text
        assert q.sentence == 3
    return found


def summary(quotes):
    return [(q.kind, q.text, q.speaker.name if q.speaker else None, q.speaker_text)
            for q in quotes]


def test_direct_quote_before_speech_verb(nlp):
    got = quotes_of(nlp, '"We will not give up," Zelensky told reporters in the capital.')
    assert summary(got) == [("direct", "We will not give up", "Volodymyr Zelensky", "Zelensky")]


def test_direct_quote_after_speech_verb_curly_marks(nlp):
    got = quotes_of(nlp, "According to the ministry, Putin stated, “We still have much to do.”")
    assert summary(got) == [("direct", "We still have much to do.", "Vladimir Putin", "Putin")]


def test_speaker_keeps_title_and_resolves_through_it(nlp):
    got = quotes_of(nlp, 'The foreign minister said: "Our borders are closed to them."')
    assert summary(got) == [("direct", "Our borders are closed to them.", "minister",
                             "The foreign minister")]


def test_quote_running_past_the_sentence_end(nlp):
    got = quotes_of(nlp, 'Macron added: "France will keep sending aid to the region.')
    assert summary(got) == [("direct", "France will keep sending aid to the region.",
                             "Emmanuel Macron", "Macron")]


def test_quote_begun_in_an_earlier_sentence(nlp):
    got = quotes_of(nlp, 'That is why we will keep talking," Macron said.')
    assert got and got[0].kind == "direct"
    assert got[0].text == "That is why we will keep talking"
    assert got[0].speaker is not None and got[0].speaker.name == "Emmanuel Macron"


def test_whole_sentence_quote_without_speaker(nlp):
    got = quotes_of(nlp, '"The border will stay closed until further notice."')
    assert summary(got) == [("direct", "The border will stay closed until further notice.",
                             None, None)]


def test_reported_that_clause(nlp):
    got = quotes_of(nlp, "Modi said that the talks had been productive.")
    assert summary(got) == [("reported", "the talks had been productive", "Narendra Modi",
                             "Modi")]


def test_reported_told_reporters(nlp):
    got = quotes_of(nlp, "Macron told reporters France would send more aid.")
    assert summary(got) == [("reported", "France would send more aid", "Emmanuel Macron",
                             "Macron")]


def test_reported_parenthetical_speech_verb(nlp):
    got = quotes_of(nlp, "The talks were useful, Putin said.")
    assert summary(got) == [("reported", "The talks were useful", "Vladimir Putin", "Putin")]


def test_according_to(nlp):
    got = quotes_of(nlp, "According to the Kremlin, the two leaders spoke by phone.")
    assert summary(got) == [("reported", "the two leaders spoke by phone", "Russia",
                             "the Kremlin")]


def test_according_to_names_a_speaker_nobody_knows(nlp):
    got = quotes_of(nlp, "According to local officials, the army shelled the village.")
    assert summary(got) == [("reported", "the army shelled the village", None,
                             "local officials")]


@pytest.mark.parametrize("text", [
    'Putin referred to Modi as a "friend" during the talks.',
    'The envoy conveyed "personal greetings" from Modi.',
    'Critics called the plan a "historic mistake" in parliament.',
])
def test_scare_quotes_are_not_speech(nlp, text):
    assert quotes_of(nlp, text) == []


def test_short_quote_under_a_speech_verb_is_kept(nlp):
    got = quotes_of(nlp, 'Putin said Modi was a "true friend".')
    direct = [q for q in got if q.kind == "direct"]
    assert [(q.text, q.speaker.name) for q in direct] == [("true friend", "Vladimir Putin")]


def test_no_quote_no_speech(nlp):
    assert quotes_of(nlp, "The army shelled the village on Monday.") == []


def test_quote_is_not_also_reported(nlp):
    got = quotes_of(nlp, 'Zelensky said, "We will rebuild every town."')
    assert [q.kind for q in got] == ["direct"]


def test_to_dict_carries_the_speaker(nlp):
    got = quotes_of(nlp, "Modi said that the talks had been productive.")
    d = got[0].to_dict()
    assert d["speaker"]["code"] == "INDGOV" and d["kind"] == "reported"


def test_lone_straight_mark_after_the_quote_closes_it(nlp):
    got = quotes_of(nlp, 'We will keep the border open, " the minister told reporters.')
    assert summary(got) == [("direct", "We will keep the border open", "minister",
                             "the minister")]


def test_mark_at_sentence_end_opens_the_next_sentence(nlp):
    assert quotes_of(nlp, 'Macron said the talks would resume. "') == [
        q for q in quotes_of(nlp, "Macron said the talks would resume.")]


def test_dateline_is_not_part_of_speaker_or_quote(nlp):
    text = "PARIS 2023-12-28\nThe army crossed the border overnight, the Kremlin said."
    got = quotes_of(nlp, text)
    assert summary(got) == [("reported", "The army crossed the border overnight", "Russia",
                             "the Kremlin")]


def test_marks_pairing():
    from communique.quotes.marks import quoted_regions

    def inner(text):
        return [text[r.start:r.end] for r in quoted_regions(text)]

    assert inner('He said, "we will go.') == ["we will go."]
    assert inner('we will go." He left.') == ["we will go."]
    assert inner('a "friend" and a "partner"') == ["friend", "partner"]
    assert inner("“One.” and “Two.”") == ["One.", "Two."]
    assert inner('nothing here') == []
    assert inner('ends with an opener "') == []


@pytest.mark.parametrize("text,speaker_text", [
    ("Putin was quoted as saying that the talks had been useful.", "Putin"),
    ("After saying the talks were useful, Putin left for the airport.", "Putin"),
    ("Zelensky, speaking in the capital, warned that the winter would be hard.", "Zelensky"),
    ("It was reported that the army had withdrawn.", None),
])
def test_speaker_of_embedded_speech_verbs(nlp, text, speaker_text):
    got = [q for q in quotes_of(nlp, text) if q.kind == "reported"]
    assert len(got) == 1 and got[0].speaker_text == speaker_text


def _article_quotes(nlp, article: str):
    from communique.quotes import QuoteContext

    ctx = QuoteContext()
    found = []
    for i, sent in enumerate(nlp(article).sents):
        found.extend(ctx.extract(nlp(sent.text), i, sent.start_char, FakeActors()))
    for q in found:
        assert article[q.start:q.end] == q.text
    return [(q.sentence, q.text, q.speaker_text) for q in found]


def test_quotation_over_several_sentences_shares_its_speaker(nlp):
    article = ('Macron spoke in the capital. "We will keep sending aid. Nobody should doubt '
               'our resolve. We will not stop," Macron said. The talks ended.')
    assert _article_quotes(nlp, article) == [
        (1, "We will keep sending aid.", "Macron"),
        (2, "Nobody should doubt our resolve.", "Macron"),
        (3, "We will not stop", "Macron"),
    ]


def test_speaker_named_first_carries_forward(nlp):
    article = 'Putin added: "We have a lot of work ahead. The talks were useful." Modi left.'
    assert _article_quotes(nlp, article) == [
        (0, "We have a lot of work ahead.", "Putin"),
        (1, "The talks were useful.", "Putin"),
    ]


def test_context_resets_when_a_sentence_was_skipped(nlp):
    from communique.quotes import QuoteContext

    ctx = QuoteContext()
    ctx.extract(nlp('Putin added: "We have a lot of work ahead.'), 0, 0, FakeActors())
    # sentence 1 was not given to the context (not parsed): sentence 2 starts afresh
    assert ctx.extract(nlp("The army crossed the border."), 2, 80, FakeActors()) == []


def test_doubled_straight_marks_count_once(nlp):
    got = quotes_of(nlp, 'Macron said it was ""a grave mistake that we will not repeat"".')
    direct = [q for q in got if q.kind == "direct"]
    assert [(q.text, q.speaker_text) for q in direct] == [
        ("a grave mistake that we will not repeat", "Macron")]


def test_relative_pronoun_speaker_is_its_antecedent(nlp):
    got = quotes_of(nlp, "Putin, who said the talks were useful, left the hall.")
    assert summary(got) == [("reported", "the talks were useful", "Vladimir Putin", "Putin")]


def test_wire_dateline_is_cut_from_speaker_and_clause(nlp):
    got = quotes_of(nlp, "PARIS (Wire) - Macron said the talks would resume in spring.")
    assert summary(got) == [("reported", "the talks would resume in spring", "Emmanuel Macron",
                             "Macron")]
    got = quotes_of(nlp, "PARIS (Wire) - The talks will resume in spring, Macron said.")
    assert summary(got) == [("reported", "The talks will resume in spring", "Emmanuel Macron",
                             "Macron")]


def test_a_stray_mark_does_not_quote_the_rest_of_the_article(nlp):
    from communique.quotes import QuoteContext

    ctx = QuoteContext()
    ctx.extract(nlp('The minister wrote: "The army moved north.'), 0, 0, FakeActors())
    kinds = []
    for i in range(1, 15):
        kinds.append([q.kind for q in ctx.extract(nlp("The army moved north again."), i,
                                                  i * 40, FakeActors())])
    assert kinds[0] == ["direct"] and kinds[-1] == []


@pytest.mark.parametrize("text", ["", "   ", '"', '""', '" "', "“”", "said."])
def test_degenerate_sentences(nlp, text):
    assert quotes_of(nlp, text) == []


def test_parenthetical_attribution_inside_the_clause(nlp):
    got = quotes_of(nlp, "The talks, Putin added, were useful and long.")
    assert summary(got) == [("reported", "The talks, Putin added, were useful and long",
                             "Vladimir Putin", "Putin")]
