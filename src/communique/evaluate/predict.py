"""Running the coder over gold documents, optionally saving what it predicted."""

from __future__ import annotations

import json
from typing import IO

from communique.evaluate.gold import GoldDocument, GoldEvent
from communique.model import Article


class CoderPredictor:
    """Callable turning a gold document into predicted events with the default coder."""

    def __init__(self, out_path: str | None = None, min_confidence: float = 0.0,
                 calibrate: bool = True) -> None:
        self.min_confidence = min_confidence
        from communique.pipeline import Coder

        self.coder = Coder(calibrate=calibrate)
        self._out: IO[str] | None = open(out_path, "w", encoding="utf-8") if out_path else None

    def __call__(self, doc: GoldDocument) -> list[GoldEvent]:
        coded = self.coder.code(Article.from_text(doc.text, date=doc.date, source=doc.source))
        if self._out:
            record = coded.to_dict()
            record["doc_id"] = doc.doc_id
            for e in record["events"]:  # gold-format fields so the file can be re-scored
                e["code"] = e["cameo"]
            self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return [
            GoldEvent(e.source.code, e.target.code if e.target else None, e.cameo, confidence=e.confidence)
            for e in coded.events
            # negated and hypothetical events are coded with their flag, not as done
            if e.source is not None and not e.negated and e.modality != "hypothetical"
            and e.confidence >= self.min_confidence
        ]

    def close(self) -> None:
        if self._out:
            self._out.close()
