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
