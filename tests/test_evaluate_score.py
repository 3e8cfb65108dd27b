import json

from click.testing import CliRunner

from communique.cli.eval_cmd import command
from communique.evaluate import read_gold, score_documents
from communique.evaluate.gold import GoldDocument, GoldEvent
from communique.evaluate.score import calibration, country_part, event_key, recall_by_root


def test_actor_parts_follow_the_format():
    assert country_part("RUSGOV") == "RUS"
    assert country_part("IGOUNO") == "IGOUNO"
    assert country_part("NGOHRW") == "NGOHRW"
    assert event_key("sector", "RUSGOV", "INDGOVMIL", "0401") == ("RUSGOV", "INDGOV", "04")
    assert event_key("code", "RUSGOV", "IND", "0401") == ("RUSGOV", "IND", "0401")


def _doc(events):
    return GoldDocument("d1", "text", events=events)


def test_alternate_is_taken_when_predicted_and_duplicates_count_once():
    gold = [_doc([GoldEvent("RUSGOV", "INDGOV", "040", ("043",)),
                  GoldEvent("RUSGOV", "INDGOV", "040"),
                  GoldEvent("INDGOV", None, "010")])]  # no target: not scored
    predicted = [GoldEvent("RUSGOV", "INDGOV", "043"), GoldEvent("RUSGOV", "INDGOV", "043"),
                 GoldEvent("USAGOV", "CHNGOV", "111"), GoldEvent("RUSGOV", None, "010")]
    scores, results = score_documents(gold, lambda d: predicted)
    code = scores["code"]
    # gold keys {043 (alternate taken), 040}; predicted {043, USA->CHN 111}
    assert (code.tp, code.fp, code.fn) == (1, 1, 1)
    root = scores["root"]
    # at root level 040 and 043 are the same key
    assert (root.tp, root.fp, root.fn) == (1, 1, 0)
    assert round(root.precision, 3) == 0.5 and root.recall == 1.0


def test_no_event_document_counts_false_positives():
    gold = [_doc([])]
    scores, _ = score_documents(gold, lambda d: [GoldEvent("FRA", "DEU", "042")])
    assert (scores["root"].tp, scores["root"].fp, scores["root"].fn) == (0, 1, 0)
    assert scores["root"].f1 == 0.0


def test_read_gold_accepts_actor_objects(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"id": "a", "events": [
        {"source": {"code": "ukrmil"}, "target": {"code": "RUS"}, "cameo": "190"}]}) + "\n")
    docs = read_gold(path)
    assert docs[0].events == [GoldEvent("UKRMIL", "RUS", "190")]


def test_recall_by_root_counts_each_roots_hits_misses_and_false_alarms():
    gold = [_doc([GoldEvent("RUSGOV", "INDGOV", "040"), GoldEvent("ISRMIL", "PSE", "190"),
                  GoldEvent("USA", "IRN", "111")])]
    predicted = [GoldEvent("RUS", "IND", "043"), GoldEvent("USA", "IRN", "130")]
    _, results = score_documents(gold, lambda d: predicted)
    roots = recall_by_root(results)
    assert (roots["04"].tp, roots["04"].fn) == (1, 0)
    assert (roots["19"].tp, roots["19"].fn) == (0, 1)
    assert (roots["11"].fn, roots["13"].fp) == (1, 1)
    assert list(roots) == sorted(roots)


# -- calibration: precision per confidence band ---------------------------------------------------


def test_calibration_bands_count_distinct_root_keys_at_their_best_confidence():
    gold = [GoldDocument("a", "", events=[GoldEvent("RUSGOV", "UKRGOV", "111"), GoldEvent("USA", "CHN", "040")])]
    predicted = {"a": [
        GoldEvent("RUSMIL", "UKR", "112", confidence=0.85),  # right at root level, best of two
        GoldEvent("RUS", "UKRGOV", "111", confidence=0.2),
        GoldEvent("USA", "CHN", "042", confidence=0.55),  # right
        GoldEvent("FRA", "DEU", "040", confidence=0.65),  # wrong
        GoldEvent("FRA", "ITA", "040", confidence=0.3),  # wrong, on the band's lower bound
        GoldEvent("FRA", None, "010", confidence=0.9),  # not dyadic: not scored, not banded
        GoldEvent("GBR", "IRL", "036"),  # no confidence given
    ]}
    bands, unknown = calibration(gold, lambda d: predicted[d.doc_id])
    table = {b.label: (b.events, b.correct) for b in bands}
    assert table == {"<0.3": (0, 0), "0.3-0.5": (1, 0), "0.5-0.6": (1, 1), "0.6-0.7": (1, 0),
                     "0.7-0.8": (0, 0), ">=0.8": (1, 1)}
    assert unknown == 1
    assert bands[-1].precision == 1.0 and bands[0].precision == 0.0


def test_eval_calibration_prints_the_table(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "a", "text": "x", "events": [
        {"source": "RUSGOV", "target": "UKRGOV", "code": "111"}]}) + "\n", encoding="utf-8")
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"doc_id": "a", "events": [
        {"source": "RUSGOV", "target": "UKRGOV", "code": "112", "confidence": 0.82},
        {"source": "FRAGOV", "target": "DEUGOV", "code": "040", "confidence": 0.42}]}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(command, [str(gold), "--score", str(preds), "--calibration"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert ">=0.8            1       1   1.000" in lines
    assert "0.3-0.5          1       0   0.000" in lines
    assert "<0.3             0       0       -" in lines
    res = CliRunner().invoke(command, [str(gold), "--score", str(preds), "--calibration", "--json"])
    out = json.loads(res.output)
    assert out["calibration"][-1] == {"band": ">=0.8", "events": 1, "correct": 1, "precision": 1.0}
