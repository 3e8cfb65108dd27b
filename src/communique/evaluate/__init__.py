"""Scoring the coder against gold event files (format: shared/eval/FORMAT.md)."""

from communique.evaluate.gold import GoldDocument, GoldEvent, read_gold
from communique.evaluate.score import LEVELS, Score, score_documents

__all__ = ["LEVELS", "GoldDocument", "GoldEvent", "Score", "read_gold", "score_documents"]
