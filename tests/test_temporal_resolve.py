"""Event dates from time expressions in parsed sentences, against a publication date.

Publication date in most cases: Thursday 2023-12-28. The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from communique.temporal import resolve_date
from communique.temporal.calendar import day_month_year, month_year, shift_period, weekday_date
from communique.temporal.expressions import find_expressions

PUB = "2023-12-28"  # a Thursday


def resolve(nlp, text: str, trigger: str | None, pub: str | None = PUB):
    doc = nlp(text)
    tok = None
    if trigger is not None:
        tok = next(t for t in doc if t.text == trigger)
    return resolve_date(doc, pub, tok)


# (sentence, trigger word, expected (iso, precision, matched text))
CASES = [
    # the two examples of the design document
    ("The president held a long meeting on Wednesday evening with the visiting minister.",
     "held", ("2023-12-27", "day", "Wednesday evening")),
    ("The envoy expressed confidence that a summit would take place in the coming year.",
     "take", ("2024-01-01", "year", "the coming year")),
    ("The envoy expressed confidence that a summit would take place in the coming year.",
     "expressed", ("2024-01-01", "year", "the coming year")),
    # weekdays: past by default, future under will / plans to / expected to
    ("The ministers met on Monday in the capital.", "met", ("2023-12-25", "day", "Monday")),
    ("The ministers will meet on Monday in the capital.", "meet",
     ("2024-01-01", "day", "Monday")),
    ("The ministers plan to meet on Tuesday.", "meet", ("2024-01-02", "day", "Tuesday")),
    ("The ministers are expected to sign the accord on Saturday.", "sign",
     ("2023-12-30", "day", "Saturday")),
    ("The ministers signed the accord on Saturday.", "signed",
     ("2023-12-23", "day", "Saturday")),
    ("The upcoming summit on Friday will focus on trade.", "summit",
     ("2023-12-29", "day", "Friday")),
    # the publication's own weekday is that day, in either direction
    ("The ministers met on Thursday.", "met", ("2023-12-28", "day", "Thursday")),
    ("The ministers met last Thursday.", "met", ("2023-12-21", "day", "last Thursday")),
    ("The ministers will meet next Thursday.", "meet", ("2024-01-04", "day", "next Thursday")),
    ("The ministers met this past Sunday.", "met", ("2023-12-24", "day", "this past Sunday")),
    ("Wednesday's talks ended without an agreement.", "ended",
     ("2023-12-27", "day", "Wednesday")),
    # present tense and purpose infinitives announce a weekday; a past clause keeps it past
    ("The court rules on Friday on the appeal.", "rules", ("2023-12-29", "day", "Friday")),
    ("The ministers are meeting on Monday.", "meeting", ("2024-01-01", "day", "Monday")),
    ("Delegates are gathering in the capital to open a congress on Monday.", "open",
     ("2024-01-01", "day", "Monday")),
    ("Delegates gathered in the capital to open a congress on Monday.", "open",
     ("2023-12-25", "day", "Monday")),
    ("Officials say the attack happened on Monday.", "happened", ("2023-12-25", "day", "Monday")),
    # relative words from relative.yaml
    ("The army shelled the town yesterday.", "shelled", ("2023-12-27", "day", "yesterday")),
    ("The army will withdraw tomorrow.", "withdraw", ("2023-12-29", "day", "tomorrow")),
    ("The leaders will speak tonight.", "speak", ("2023-12-28", "day", "tonight")),
    ("The leaders spoke this morning.", "spoke", ("2023-12-28", "day", "this morning")),
    ("The rebels attacked the base last night.", "attacked",
     ("2023-12-27", "day", "last night")),
    ("The rebels attacked the base three days ago.", "attacked",
     ("2023-12-25", "day", "three days ago")),
    ("The rebels attacked the base a week ago.", "attacked",
     ("2023-12-18", "day", "a week ago")),
    ("The two sides met last week.", "met", ("2023-12-18", "day", "last week")),
    ("The two sides will meet next week.", "meet", ("2024-01-01", "day", "next week")),
    ("The two sides met earlier this month.", "met", ("2023-12-01", "month",
                                                     "earlier this month")),
    ("The two sides will meet next month.", "meet", ("2024-01-01", "month", "next month")),
    ("Refugees voted last weekend.", "voted", ("2023-12-23", "day", "last weekend")),
    ("Refugees voted this past weekend.", "voted", ("2023-12-23", "day", "this past weekend")),
    ("Refugees voted over the weekend.", "voted", ("2023-12-23", "day", "the weekend")),
    ("Refugees will vote this weekend.", "vote", ("2023-12-30", "day", "this weekend")),
    ("The two sides signed a deal last year.", "signed", ("2022-01-01", "year", "last year")),
    ("The two sides signed a deal this year.", "signed", ("2023-01-01", "year", "this year")),
    ("The two sides will sign a deal next year.", "sign", ("2024-01-01", "year", "next year")),
    # absolute dates and month names
    ("The treaty was signed on 3 March 2023.", "signed", ("2023-03-03", "day", "3 March 2023")),
    ("The treaty was signed on March 3, 2021.", "signed",
     ("2021-03-03", "day", "March 3, 2021")),
    ("The treaty was signed on March 3.", "signed", ("2023-03-03", "day", "March 3")),
    ("The treaty will be signed on January 5.", "signed", ("2024-01-05", "day", "January 5")),
    ("The treaty was signed on the 3rd of March.", "signed",
     ("2023-03-03", "day", "the 3rd of March")),
    ("The treaty was signed on Dec. 20.", "signed", ("2023-12-20", "day", "Dec. 20")),
    ("The treaty was signed on 20 Dec 2022.", "signed", ("2022-12-20", "day", "20 Dec 2022")),
    ("The treaty was signed in Sept 2021.", "signed", ("2021-09-01", "month", "Sept 2021")),
    ("The treaty was signed on 2023-12-20.", "signed", ("2023-12-20", "day", "2023-12-20")),
    ("The treaty was signed on 20/12/2023.", "signed", ("2023-12-20", "day", "20/12/2023")),
    ("The treaty was signed on 20-12-2023.", "signed", ("2023-12-20", "day", "20-12-2023")),
    ("The treaty was signed on 12/20/2023.", "signed", ("2023-12-20", "day", "12/20/2023")),
    ("The treaty was signed on Wednesday, December 20.", "signed",
     ("2023-12-20", "day", "Wednesday, December 20")),
    ("The treaty was signed in March.", "signed", ("2023-03-01", "month", "March")),
    ("The treaty will be signed in March.", "signed", ("2024-03-01", "month", "March")),
    ("The rules were proposed last September.", "proposed",
     ("2023-09-01", "month", "last September")),
    ("The rules will be proposed next March.", "proposed", ("2024-03-01", "month", "next March")),
    ("The deal takes effect in March.", "takes", ("2024-03-01", "month", "March")),
    ("Regional summit in March", "summit", ("2023-03-01", "month", "March")),  # no tense
    ("Regional summit on December 30", "summit", ("2023-12-30", "day", "December 30")),
    ("The treaty was signed in December.", "signed", ("2023-12-01", "month", "December")),
    ("The treaty was signed in May 2022.", "signed", ("2022-05-01", "month", "May 2022")),
    ("The treaty was signed in 2019.", "signed", ("2019-01-01", "year", "2019")),
    ("The treaty was signed in early 2019.", "signed", ("2019-01-01", "year", "2019")),
]


@pytest.mark.parametrize("text,trigger,expected", CASES, ids=[c[0][:50] for c in CASES])
def test_resolve(nlp, text, trigger, expected):
    assert resolve(nlp, text, trigger) == expected


def test_no_expression_gives_publication(nlp):
    assert resolve(nlp, "The two sides held talks.", "held") == (PUB, "publication", None)


def test_no_publication_date_keeps_absolute_dates_only(nlp):
    assert resolve(nlp, "They met on 3 March 2023.", "met", pub=None) == (
        "2023-03-03", "day", "3 March 2023")
    assert resolve(nlp, "They met on Monday.", "met", pub=None) == (None, "publication", None)
    assert resolve(nlp, "They met on Monday.", "met", pub="not a date") == (
        None, "publication", None)


@pytest.mark.parametrize("text", ["", "   ", "...", "2023", "Monday"])
def test_degenerate_sentences(nlp, text):
    doc = nlp(text)
    iso, precision, _ = resolve_date(doc, PUB, doc[0] if len(doc) else None)
    assert precision in ("day", "publication") and iso is not None


def test_modal_may_and_verb_march_are_not_months(nlp):
    assert resolve(nlp, "The army may attack the town.", "attack") == (
        PUB, "publication", None)
    assert resolve(nlp, "Protesters march to the parliament.", "march") == (
        PUB, "publication", None)


def test_year_as_a_modifier_is_not_the_event_date(nlp):
    assert resolve(nlp, "Candidates campaigned ahead of the 2024 vote.", "campaigned") == (
        PUB, "publication", None)


def test_each_clause_gets_its_own_date(nlp):
    text = "The ministers met on Monday and will meet again on Friday."
    assert resolve(nlp, text, "met") == ("2023-12-25", "day", "Monday")
    assert resolve(nlp, text, "meet") == ("2023-12-29", "day", "Friday")


def test_enclosing_clause_dates_a_reported_event(nlp):
    text = "The minister said on Tuesday that the army would withdraw."
    assert resolve(nlp, text, "withdraw") == ("2023-12-26", "day", "Tuesday")


def test_said_on_tuesday_dates_the_saying(nlp):
    text = "The minister said on Tuesday he would press the government to end the sanctions."
    assert resolve(nlp, text, "said") == ("2023-12-26", "day", "Tuesday")
    assert resolve(nlp, text, "press") == ("2023-12-26", "day", "Tuesday")


def test_a_gerund_clause_keeps_its_own_date(nlp):
    text = ("Police said on Wednesday they had arrested a man on suspicion of violating the law"
            " in 2019.")
    assert resolve(nlp, text, "arrested") == ("2023-12-27", "day", "Wednesday")


def test_the_only_expression_of_the_sentence_is_used(nlp):
    text = "The army withdrew after the rebels attacked on Tuesday."
    assert resolve(nlp, text, "withdrew") == ("2023-12-26", "day", "Tuesday")


@pytest.mark.parametrize("text,trigger", [
    ("The envoy, who arrived on Tuesday, met the president.", "met"),  # describes the envoy
    ("The April arrests came after a row in which the envoy was expelled.", "expelled"),
    ("The congress, due to be held on January 8, worries the government.", "worries"),
    ("A panel monitoring the truce will meet on Sunday.", "truce"),
    ("Envoys from states which are fighting rebels will meet on Sunday.", "fighting"),
])
def test_dates_of_other_things_are_not_taken(nlp, text, trigger):
    assert resolve(nlp, text, trigger) == (PUB, "publication", None)


def test_a_state_in_a_relative_clause_shares_the_main_clause_date(nlp):
    text = "The president met the minister, who is on a visit to Moscow, on Wednesday evening."
    assert resolve(nlp, text, "visit") == ("2023-12-27", "day", "Wednesday evening")


def test_a_noun_trigger_keeps_the_clause_describing_it(nlp):
    text = "The talks held on Tuesday ended without a deal."
    assert resolve(nlp, text, "talks") == ("2023-12-26", "day", "Tuesday")


def test_day_and_month_a_year_off_fall_back_to_the_nearest(nlp):
    text = "The committee will meet over an incident on December 26."
    assert resolve(nlp, text, "meet") == ("2023-12-26", "day", "December 26")


def test_dateline_is_not_an_event_date(nlp):
    text = "PARIS 2023-12-20\nSoldiers killed two rebels on Tuesday."
    assert resolve(nlp, text, "killed") == ("2023-12-26", "day", "Tuesday")


def test_no_trigger_uses_the_main_clause(nlp):
    assert resolve(nlp, "The ministers met on Monday.", None) == (
        "2023-12-25", "day", "Monday")


def test_expressions_are_found_with_their_spans(nlp):
    doc = nlp("They met on Wednesday evening, again on March 3, 2021 and in 2019.")
    found = [(e.kind, e.text(doc)) for e in find_expressions(doc)]
    assert found == [("weekday", "Wednesday evening"), ("date", "March 3, 2021"),
                     ("year", "2019")]


def test_calendar_helpers():
    from datetime import date

    thu = date(2023, 12, 28)
    assert shift_period(thu, "week", 0) == date(2023, 12, 25)
    assert shift_period(thu, "month", 1) == date(2024, 1, 1)
    assert shift_period(date(2024, 1, 31), "month", -1) == date(2023, 12, 1)
    assert shift_period(thu, "weekend", -1) == date(2023, 12, 23)
    assert shift_period(date(2023, 12, 31), "weekend", -1) == date(2023, 12, 30)
    assert shift_period(thu, "weekend", 1) == date(2024, 1, 6)
    assert month_year(thu, 12, "last") == 2022 and month_year(thu, 12, "next") == 2024
    assert weekday_date(thu, 3, "past") == thu
    assert weekday_date(thu, 3, "last") == date(2023, 12, 21)
    assert weekday_date(thu, 4, "past") == date(2023, 12, 22)
    assert weekday_date(thu, 4, "future") == date(2023, 12, 29)
    assert month_year(thu, 1, "past") == 2023
    assert month_year(thu, 1, "future") == 2024
    assert month_year(thu, 1, "nearest") == 2024
    assert month_year(date(2023, 2, 1), 11, "nearest") == 2022
    assert day_month_year(date(2024, 3, 1), 2, 29, "past") == date(2024, 2, 29)
    assert day_month_year(thu, 1, 2, "nearest") == date(2024, 1, 2)


# -- a background year dates its noun, not the reported act ------------------------------------


def test_a_background_year_does_not_date_the_reported_act(coder):
    from communique.model import Article

    for text in ("Rwanda accused France of complicity in the genocide in 1994.",
                 "Rwanda accused France over the 1994 genocide."):
        (event,) = coder.code(Article(text=text, date="2005-06-10")).events
        assert (event.date, event.date_precision) == ("2005-06-10", "publication"), text
    # a year that dates the act itself stays, known to the year only
    (event,) = coder.code(Article(text="Serbia attacked Bosnia in 1992.", date="2005-06-10")).events
    assert (event.date, event.date_precision, event.date_text) == ("1992-01-01", "year", "1992")
