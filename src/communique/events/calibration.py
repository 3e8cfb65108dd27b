"""Confidence calibrated on the gold: the coder's raw score (``build._confidence``: how an
event was read - construction, fallbacks, pronouns, imported patterns, regions) mapped to the
share of events with that score that annotators coded too.

The map is a step function fitted by isotonic regression (pool-adjacent-violators) on the
gold sets with ``tools/calibrate_confidence.py`` and kept in ``data/calibration.csv``: a
higher raw score never gets a lower confidence, and each step holds enough events that its
share is not noise. Untargeted events, which the gold does not score, follow the same map.
"""

from __future__ import annotations

import bisect
import csv
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

COLUMNS = ("raw_from", "raw_to", "confidence", "events", "right")
SOURCE = "communique/events/data/calibration.csv"


@dataclass(frozen=True, slots=True)
class Step:
    raw_from: float  # lowest raw score the step was fitted on
    raw_to: float  # highest
    confidence: float  # share of the step's events that were right (smoothed: (right+1)/(events+2))
    events: int
    right: int


class Calibration:
    """``calibration(raw)``: the confidence of an event whose raw score is ``raw`` - the
    step whose fitted range holds it, else the step below (the first one for scores below
    every step)."""

    def __init__(self, steps: list[Step]) -> None:
        if not steps:
            raise ValueError(f"{SOURCE}: no steps")
        for a, b in zip(steps, steps[1:]):
            if b.raw_from <= a.raw_to:
                raise ValueError(f"{SOURCE}: steps overlap or are out of order at raw {b.raw_from}")
            if b.confidence < a.confidence:
                raise ValueError(f"{SOURCE}: confidence falls from {a.confidence} to {b.confidence} "
                                 f"at raw {b.raw_from}; a calibration must not fall")
        self.steps = steps
        self._starts = [s.raw_from for s in steps]

    def __call__(self, raw: float) -> float:
        i = bisect.bisect_right(self._starts, raw) - 1
        return self.steps[max(i, 0)].confidence

    @classmethod
    def load(cls, path: str | Path | None = None) -> Calibration:
        if path is None:
            text = resources.files("communique.events").joinpath("data/calibration.csv").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
        if not rows:
            raise ValueError(f"{path or SOURCE}: no rows")
        if tuple(rows[0].keys()) != COLUMNS:
            raise ValueError(f"{path or SOURCE}: columns must be {', '.join(COLUMNS)}; got "
                             f"{', '.join(rows[0].keys())}")
        return cls([Step(float(r["raw_from"]), float(r["raw_to"]), float(r["confidence"]),
                         int(r["events"]), int(r["right"])) for r in rows])


def fit(scored: list[tuple[float, bool]], min_events: int = 8) -> list[Step]:
    """Isotonic steps over (raw score, right) pairs: pool-adjacent-violators on the scores'
    distinct values, then steps with fewer than ``min_events`` events merged into a neighbour
    (merging neighbours of a non-decreasing sequence keeps it non-decreasing)."""
    events = Counter(r for r, _ in scored)
    right = Counter(r for r, ok in scored if ok)
    blocks: list[list[float]] = []  # [raw_from, raw_to, events, right]
    for raw in sorted(events):
        blocks.append([raw, raw, events[raw], right[raw]])
        while len(blocks) > 1 and blocks[-2][3] / blocks[-2][2] >= blocks[-1][3] / blocks[-1][2]:
            _merge(blocks, len(blocks) - 2)
    while len(blocks) > 1:
        small = min(range(len(blocks)), key=lambda i: blocks[i][2])
        if blocks[small][2] >= min_events:
            break
        # into the neighbour closest in share, the earlier one on a tie
        if small == 0:
            other = 1
        elif small == len(blocks) - 1:
            other = small - 1
        else:
            share = blocks[small][3] / blocks[small][2]
            left, right = blocks[small - 1], blocks[small + 1]
            other = small - 1 if abs(share - left[3] / left[2]) <= abs(right[3] / right[2] - share) else small + 1
        _merge(blocks, min(small, other))
    # each step's share with one right and one wrong event added (20 of 20 right is no
    # certainty), kept from falling where that evens out two neighbours
    steps, floor = [], 0.0
    for b in blocks:
        floor = max(floor, round((b[3] + 1) / (b[2] + 2), 2))
        steps.append(Step(b[0], b[1], floor, int(b[2]), int(b[3])))
    return steps


def _merge(blocks: list[list[float]], i: int) -> None:
    a, b = blocks[i], blocks.pop(i + 1)
    blocks[i] = [a[0], b[1], a[2] + b[2], a[3] + b[3]]


def write(steps: list[Step], path: str | Path, note: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for line in note.splitlines():
            fh.write(f"# {line}\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for s in steps:
            w.writerow([s.raw_from, s.raw_to, s.confidence, s.events, s.right])
