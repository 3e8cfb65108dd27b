"""Publication dates: one reading (``iso_date``), applied when an Article is built; the dateline
when the metadata has none; ``ingest --date`` after that."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

import communique
from communique.ingest.run import ingest
from communique.model import Article, DateError, iso_date


@pytest.mark.parametrize("value, day", [
    ("2023-12-28", "2023-12-28"), ("20231228", "2023-12-28"), (20231228, "2023-12-28"),
    ("2023-12-28T23:10:00Z", "2023-12-28"), (dt.date(2023, 12, 28), "2023-12-28"),
    (dt.datetime(2023, 12, 28, 9, 0), "2023-12-28"), (None, None), ("  ", None),
])
def test_iso_date_reads_a_day_in_its_usual_spellings(value, day):
    assert iso_date(value) == day


@pytest.mark.parametrize("value, says", [("2023-12", "month or a year"), ("2023", "month or a year"),
                                          ("2023-02-30", "not a real calendar date"), ("next week", "not a date")])
def test_iso_date_refuses_what_is_not_a_day(value, says):
    with pytest.raises(DateError, match=says):
        iso_date(value)


def test_an_article_normalises_its_date_once():
    assert Article(text="Talks went on.", date="20231228").date == "2023-12-28"
    with pytest.raises(DateError):
        Article(text="Talks went on.", date="2023-12")


def test_public_code_rejects_a_bad_date_before_coding():
    with pytest.raises(ValueError, match="not a day"):
        communique.code("Russia condemned the strike.", date="2023-12")


@pytest.mark.parametrize("text, day", [
    ("BERNE 1996-08-28 The Swiss government said it would freeze the accounts.", "1996-08-28"),
    ("Lamb exports stopped.\nJohn Smith\nBRUSSELS 1996-08-22\nThe Commission said it disagreed.", "1996-08-22"),
    # month and day from the dateline, the year from the story
    ("OSLO, March 4 (Reuters) - Norway recalled its envoy over the 2004 dispute.", "2004-03-04"),
    # no year anywhere: a day without its year is no date
    ("OSLO, March 4 (Reuters) - Norway recalled its envoy.", None),
    ("Norway recalled its envoy on March 4.", None),
])
def test_without_metadata_the_dateline_dates_the_article(text, day):
    assert Article(text=text).date == day


def test_metadata_wins_over_the_dateline():
    assert Article(text="BERNE 1996-08-28 Talks began.", date="1996-09-01").date == "1996-09-01"


def test_ingest_date_is_the_last_resort_and_the_summary_counts_undated(tmp_path, coder):
    path = tmp_path / "in.jsonl"
    records = [
        {"text": "Officials met in Oslo to discuss fishing quotas.", "date": "2005-02-01"},
        {"text": "OSLO, March 4 (Reuters) - Norway recalled its envoy to Sweden."},
        {"text": "Norway recalled its envoy to Denmark."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stats = ingest([str(path)], tmp_path / "none.duckdb", progress=False, coder=coder)
    assert stats.undated == 2 and "(2 without a publication date)" in stats.summary()
    db = tmp_path / "dated.duckdb"
    stats = ingest([str(path)], db, progress=False, coder=coder, default_date="2005-06-30")
    assert stats.undated == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        dates = sorted(d.isoformat() for (d,) in con.execute("SELECT date FROM articles").fetchall())
    finally:
        con.close()
    # the dateline's month and day take the year of --date
    assert dates == ["2005-02-01", "2005-03-04", "2005-06-30"]


def test_ingest_and_code_commands_refuse_a_date_that_is_no_day(tmp_path):
    from click.testing import CliRunner

    from communique.cli.code_cmd import command as code_command
    from communique.cli.ingest_cmd import command as ingest_command

    article = tmp_path / "a.txt"
    article.write_text("Norway recalled its envoy.", encoding="utf-8")
    for command, args in ((ingest_command, ["--db", str(tmp_path / "x.duckdb")]), (code_command, [])):
        res = CliRunner().invoke(command, [str(article), *args, "--date", "2023-12"])
        assert res.exit_code == 2 and "not a day" in res.output, res.output
