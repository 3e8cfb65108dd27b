"""Precision, recall and F1 at the three levels that shared/eval/FORMAT.md defines.

Keys are per document and distinct; only dyadic events count; gold alternates are matched by
taking, for each gold event, the first accepted key the coder predicted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from communique.evaluate.gold import GoldDocument, GoldEvent

LEVELS = ("root", "sector", "code")
_SIX_LETTER_PREFIXES = ("IGO", "NGO", "MNC")

Key = tuple[str, str, str]


def country_part(actor: str) -> str:
    return actor[:6] if actor.startswith(_SIX_LETTER_PREFIXES) else actor[:3]


def sector_part(actor: str) -> str:
    return actor[:6]


def event_key(level: str, source: str, target: str, code: str) -> Key:
    if level == "root":
        return (country_part(source), country_part(target), code[:2])
    if level == "sector":
        return (sector_part(source), sector_part(target), code[:2])
    if level == "code":
        return (sector_part(source), sector_part(target), code)
    raise ValueError(f"unknown level {level!r}; choose one of {LEVELS}")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class DocumentResult:
    doc_id: str
    true_positives: dict[str, set[Key]] = field(default_factory=dict)
    false_positives: dict[str, set[Key]] = field(default_factory=dict)
    false_negatives: dict[str, set[Key]] = field(default_factory=dict)


def _dyadic(events: Iterable[GoldEvent]) -> list[GoldEvent]:
    return [e for e in events if e.source and e.target]


def document_keys(
    level: str, gold: Sequence[GoldEvent], predicted: Sequence[GoldEvent]
) -> tuple[set[Key], set[Key]]:
    """The (gold keys, predicted keys) of one document at one level."""
    pred_keys = {event_key(level, e.source, e.target, e.code) for e in _dyadic(predicted)}
    gold_keys: set[Key] = set()
    for event in _dyadic(gold):
        accepted = [event_key(level, event.source, event.target, c) for c in (event.code, *event.alternates)]
        gold_keys.add(next((k for k in accepted if k in pred_keys), accepted[0]))
    return gold_keys, pred_keys


def score_documents(
    gold_docs: Sequence[GoldDocument],
    predict: Callable[[GoldDocument], Sequence[GoldEvent]],
) -> tuple[dict[str, Score], list[DocumentResult]]:
    scores = {level: Score() for level in LEVELS}
    results: list[DocumentResult] = []
    for doc in gold_docs:
        predicted = predict(doc)
        result = DocumentResult(doc.doc_id)
        for level in LEVELS:
            gold_keys, pred_keys = document_keys(level, doc.events, predicted)
            tp, fp, fn = gold_keys & pred_keys, pred_keys - gold_keys, gold_keys - pred_keys
            scores[level].tp += len(tp)
            scores[level].fp += len(fp)
            scores[level].fn += len(fn)
            result.true_positives[level] = tp
            result.false_positives[level] = fp
            result.false_negatives[level] = fn
        results.append(result)
    return scores, results


def recall_by_root(results: Sequence[DocumentResult]) -> dict[str, Score]:
    """Root-level true positives and misses per CAMEO root (false alarms counted per the root
    the coder gave), for the accuracy table of README: which kinds of event the coder finds."""
    by_root: dict[str, Score] = {}
    for r in results:
        for kind, keys in (("tp", r.true_positives.get("root", set())),
                           ("fn", r.false_negatives.get("root", set())),
                           ("fp", r.false_positives.get("root", set()))):
            for key in keys:
                score = by_root.setdefault(key[2], Score())
                setattr(score, kind, getattr(score, kind) + 1)
    return dict(sorted(by_root.items()))


# Confidence bands of the calibration table: (label, lower bound inclusive, upper exclusive).
BANDS: tuple[tuple[str, float, float], ...] = (
    ("<0.3", float("-inf"), 0.3), ("0.3-0.5", 0.3, 0.5), ("0.5-0.6", 0.5, 0.6), ("0.6-0.7", 0.6, 0.7),
    ("0.7-0.8", 0.7, 0.8), (">=0.8", 0.8, float("inf")),
)


@dataclass(slots=True)
class Band:
    label: str
    events: int = 0  # distinct predicted root-level keys whose best confidence falls here
    correct: int = 0  # of those, keys the gold has

    @property
    def precision(self) -> float:
        return self.correct / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, float | int | str]:
        return {"band": self.label, "events": self.events, "correct": self.correct,
                "precision": round(self.precision, 4)}


def scored_keys(gold_docs: Sequence[GoldDocument],
                predicted: Callable[[GoldDocument], Sequence[GoldEvent]]) -> list[tuple[float | None, bool]]:
    """(confidence, right) of each distinct predicted key at root level with the dyad
    (source and target country, CAMEO root), the keys the scores count. A key predicted by
    several events takes the highest confidence among them: that is what a user filtering on
    confidence would keep; None where a predictions file gives none."""
    out: list[tuple[float | None, bool]] = []
    for doc in gold_docs:
        events = _dyadic(predicted(doc))
        gold_keys, _ = document_keys("root", doc.events, events)
        best: dict[Key, float | None] = {}
        for e in events:
            key = event_key("root", e.source, e.target, e.code)
            if e.confidence is None:
                best.setdefault(key, None)
            else:
                prior = best.get(key)
                best[key] = e.confidence if prior is None else max(prior, e.confidence)
        out.extend((conf, key in gold_keys) for key, conf in best.items())
    return out


def calibration(gold_docs: Sequence[GoldDocument],
                predicted: Callable[[GoldDocument], Sequence[GoldEvent]]) -> tuple[list[Band], int]:
    """Precision per confidence band over ``scored_keys``. Returns the bands and the number
    of keys without a confidence (a predictions file that gives none)."""
    bands = [Band(label) for label, _, _ in BANDS]
    unknown = 0
    for conf, right in scored_keys(gold_docs, predicted):
        if conf is None:
            unknown += 1
            continue
        band = next(b for b, (_, lo, hi) in zip(bands, BANDS, strict=True) if lo <= conf < hi)
        band.events += 1
        band.correct += right
    return bands, unknown
