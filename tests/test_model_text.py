"""Article text repairs: numeric character references whose ampersand a feed turned into a space."""

from communique.model import Article
from communique.model.text import repair_text


def test_broken_apostrophe_reference_becomes_a_possessive():
    assert repair_text("Chile #39;s foreign minister") == "Chile's foreign minister"
    assert repair_text("the envoy doesn #39;t agree") == "the envoy doesn't agree"


def test_the_space_standing_for_the_ampersand_goes_but_the_texts_own_stays():
    assert repair_text("a loan of  #36;40 million") == "a loan of $40 million"


def test_whole_references_and_windows_1252_code_points():
    assert repair_text("a &#39;quiet&#39; deal") == "a 'quiet' deal"
    assert repair_text("talks  #151; and more") == "talks — and more"
    assert repair_text("he said,  #147;No. #148;") == "he said, “No.”"


def test_numbers_that_are_not_references_stay():
    assert repair_text("room #12; then") == "room #12; then"
    assert repair_text("ticket #1234; valid") == "ticket #1234; valid"
    assert repair_text("No. 10 #hashtag") == "No. 10 #hashtag"


def test_an_article_is_built_on_the_repaired_text_and_hashed_from_it():
    broken = Article(text="Peru #39;s president met Chile #39;s envoy.")
    clean = Article(text="Peru's president met Chile's envoy.")
    assert broken.text == clean.text
    assert broken.id == clean.id


def test_the_possessive_country_and_its_office_holder_are_one_actor(coder):
    coded = coder.code(Article(text="Kenya #39;s Foreign Minister Amina Odera paid a visit to Uganda on Monday.",
                               date="2004-10-01"))
    assert [(e.source.code, e.target.code, e.cameo) for e in coded.events] == [("KENGOV", "UGA", "042")]
