"""The coder end to end: Python API, `communique code`, `communique eval` on the seed gold.

The articles here are written for these tests; the shared example and gold are read from
../shared when present (DESIGN §6).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import communique
from communique.cli.main import cli

ARTICLE = """date 2024-05-17 (TESTWIRE) French President Emmanuel Macron held talks with Brazilian \
President Luiz Inacio Lula da Silva in Paris on Wednesday. The two leaders signed an agreement \
on climate finance. Macron said, "Our countries will work together on the Amazon." \
Separately, Brazilian police arrested three gang members in Manaus on Tuesday."""

EVENT_FIELDS = {
    "source", "target", "cameo", "root", "cameo_name", "plover", "quad_class", "goldstein",
    "date", "location", "sentence", "trigger", "evidence", "rule", "modality", "negated",
    "confidence",
}
ACTOR_FIELDS = {"code", "name", "country", "sectors"}


@pytest.fixture(scope="module")
def coded():
    return communique.code(ARTICLE)


def test_header_gives_date_and_source(coded):
    assert coded.article.date == "2024-05-17"
    assert coded.article.source == "TESTWIRE"
    assert not coded.article.text.startswith("date")


def test_meeting_is_coded_with_actors_date_and_place(coded):
    meeting = next(e for e in coded.events if e.cameo == "040")
    assert (meeting.source.code, meeting.target.code) == ("FRAGOV", "BRAGOV")
    assert meeting.source.name == "Emmanuel Macron"
    assert meeting.date == "2024-05-15"  # Wednesday before Friday 2024-05-17
    assert meeting.location is not None and meeting.location.country == "FRA"
    assert meeting.quad_class == 1 and meeting.goldstein > 0
    # the trigger's offsets point into the article text
    text = coded.article.text
    assert text[meeting.trigger.start : meeting.trigger.end] == meeting.trigger.text
    assert meeting.evidence in text


def test_arrest_has_police_source_and_its_own_date(coded):
    arrest = [e for e in coded.events if e.root == "17"]
    assert arrest, [e.cameo for e in coded.events]
    assert arrest[0].source.code == "BRACOP"
    assert arrest[0].date == "2024-05-14"


def test_quote_has_its_speaker(coded):
    quote = next(q for q in coded.quotes if "Amazon" in q.text)
    assert quote.speaker is not None and quote.speaker.code == "FRAGOV"


def test_jsonl_output_has_the_design_fields(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["code", "--format", "jsonl", str(path)])
    assert res.exit_code == 0, res.output
    (line,) = [ln for ln in res.output.splitlines() if ln.strip()]
    record = json.loads(line)
    assert record["date"] == "2024-05-17" and record["events"]
    for event in record["events"]:
        assert EVENT_FIELDS <= set(event)
        assert ACTOR_FIELDS <= set(event["source"])
        assert {"text", "start", "end"} <= set(event["trigger"])


def test_table_output_is_readable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["code", str(path)])
    assert res.exit_code == 0, res.output
    assert "FRAGOV" in res.output and "040" in res.output and "2024-05-15" in res.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty article"),
        (b"   \n\n  ", "empty article"),
        (b"\x00\x01\x02PK\x03\x04", "binary data"),
        ("Le pr\u00e9sident a rencontr\u00e9".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_named_and_the_rest_goes_on(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["code", "--format", "jsonl", str(bad), str(good)])
    assert res.exit_code == 1
    assert message in res.output and "bad.txt" in res.output
    assert '"FRAGOV"' in res.output  # the good file after it was still coded


def test_garbage_text_yields_no_events():
    coded = communique.code("%%%% ### 1234 5678 ,,,, ;;;; lorem ipsum dolor sit amet")
    assert coded.events == []


def test_example_article(shared_dir):
    path = shared_dir / "examples" / "menafn-2023-12-28-putin-modi.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    coded = communique.code(path.read_text(encoding="utf-8"))
    assert coded.article.source == "MENAFN"
    meeting = next(e for e in coded.events if e.cameo == "040")
    assert (meeting.source.code, meeting.target.code) == ("RUSGOV", "INDGOV")
    assert meeting.date == "2023-12-27"
    assert any(e.cameo == "036" and e.source.code == "RUSGOV" and e.target
               and e.target.code == "INDGOV" for e in coded.events)
    intended = [e for e in coded.events if e.modality == "intended"]
    assert intended and intended[0].date.startswith("2024")


def test_eval_on_seed_gold_meets_the_bar(shared_dir, tmp_path):
    gold = shared_dir / "eval" / "seed.jsonl"
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    preds = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(cli, ["eval", str(gold), "--json", "--predictions", str(preds)])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output)
    assert scores["root"]["f1"] >= 0.85
    by_doc = {json.loads(ln)["doc_id"]: json.loads(ln) for ln in preds.read_text().splitlines()}
    assert by_doc["no-event-weather"]["events"] == []


def test_people_learned_in_one_article_stay_in_that_article():
    """One article, one answer: "Kenyan Governor Amos Wekesa" in one article does not make a
    bare "Wekesa" in the next one Kenyan, so the second codes the same alone as after it."""
    from communique.model import Article
    from communique.pipeline import Coder

    coder = Coder()
    first = Article(text="Kenyan Governor Amos Wekesa met Ugandan officials in Kisumu on Monday."
                         " Wekesa condemned the Ugandan police.", date="2024-02-07")
    later = Article(text="Wekesa condemned the Ugandan police.", date="2024-02-08")
    coded_first, coded_later = coder.code_many([first, later])
    (event,) = [e for e in coded_first.events if e.root == "11"]
    assert event.source.code == "KENGOV"
    alone = Coder().code(later)
    assert [e.to_dict() for e in coded_later.events] == [e.to_dict() for e in alone.events]
    assert all(e.source is None or e.source.country != "KEN" for e in coded_later.events)
