"""The confidence calibration: isotonic steps fitted on gold, loaded from data, applied last."""

from __future__ import annotations

import pytest

from communique.events.calibration import Calibration, Step, fit, write
from communique.model import Article


def test_fit_never_lets_confidence_fall_and_pools_violators():
    # raw 0.3 is right more often than raw 0.5: the two are pooled into one step
    pairs = [(0.3, True)] * 6 + [(0.3, False)] * 4 + [(0.5, True)] * 4 + [(0.5, False)] * 6 \
        + [(0.8, True)] * 9 + [(0.8, False)]
    steps = fit(pairs, min_events=1)
    assert [(s.raw_from, s.raw_to, s.events, s.right) for s in steps] == [(0.3, 0.5, 20, 10), (0.8, 0.8, 10, 9)]
    # shares smoothed by one right and one wrong event: 11/22, 10/12
    assert [s.confidence for s in steps] == [0.5, 0.83]


def test_fit_merges_steps_too_small_to_mean_anything():
    pairs = [(0.2, False)] * 10 + [(0.4, True)] + [(0.6, True)] * 7 + [(0.6, False)] * 3
    steps = fit(pairs, min_events=5)
    assert all(s.events >= 5 for s in steps)
    assert [s.confidence for s in steps] == sorted(s.confidence for s in steps)


def test_a_raw_score_takes_its_step_or_the_one_below():
    cal = Calibration([Step(0.2, 0.4, 0.45, 20, 9), Step(0.5, 0.65, 0.68, 25, 17), Step(0.85, 0.9, 0.9, 20, 18)])
    assert cal(0.3) == 0.45
    assert cal(0.45) == 0.45  # between steps: the one below
    assert cal(0.7) == 0.68
    assert cal(0.05) == 0.45  # under every step: the first
    assert cal(0.95) == 0.9


def test_loader_refuses_unknown_columns_and_a_falling_calibration(tmp_path):
    bad = tmp_path / "cal.csv"
    bad.write_text("raw_from,raw_to,confidence,events,right,extra\n0.1,0.2,0.5,10,5,x\n")
    with pytest.raises(ValueError, match="columns"):
        Calibration.load(bad)
    falling = tmp_path / "falling.csv"
    write([Step(0.1, 0.2, 0.6, 10, 6), Step(0.3, 0.4, 0.5, 10, 5)], falling, "a test")
    with pytest.raises(ValueError, match="must not fall"):
        Calibration.load(falling)


def test_the_packaged_calibration_loads_and_rises():
    cal = Calibration.load()
    values = [s.confidence for s in cal.steps]
    assert values == sorted(values) and all(0 < v <= 1 for v in values)


def test_the_coder_gives_calibrated_confidences(coder):
    cal = Calibration.load()
    coded = coder.code(Article(text="Peruvian police arrested three smugglers in Lima on Monday.", date="2010-05-01"))
    assert coded.events
    assert {e.confidence for e in coded.events} <= {s.confidence for s in cal.steps}
