from communique.model.header import parse_header


def test_header_gives_date_source_and_body():
    body, date, source = parse_header(" date 2023-12-28 (MENAFN) Kenya's president met the envoy.")
    assert date == "2023-12-28"
    assert source == "MENAFN"
    assert body == "Kenya's president met the envoy."


def test_header_without_source():
    body, date, source = parse_header("date 2021-05-04\nTroops withdrew from the town.")
    assert (date, source) == ("2021-05-04", None)
    assert body.strip() == "Troops withdrew from the town."


def test_no_header_leaves_text_alone():
    text = "The date of the vote (May) was moved."
    assert parse_header(text) == (text, None, None)


def test_impossible_date_is_not_taken_as_header():
    text = "date 2023-02-30 (AFP) Talks resumed."
    assert parse_header(text) == (text, None, None)
