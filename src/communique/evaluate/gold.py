"""Reading gold files and prediction files into one shape."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True, frozen=True)
class GoldEvent:
    source: str
    target: str | None
    code: str
    alternates: tuple[str, ...] = ()
    confidence: float | None = None  # the coder's, for a predicted event (eval --calibration)


@dataclass(slots=True)
class GoldDocument:
    doc_id: str
    text: str
    date: str | None = None
    source: str | None = None
    events: list[GoldEvent] = field(default_factory=list)


class GoldFormatError(ValueError):
    pass


def _actor_code(value: object) -> str | None:
    """Gold files give codes as strings; our own output gives actor objects."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("code")
    return str(value).upper() if value else None


def parse_event(raw: dict) -> GoldEvent:
    code = raw.get("code", raw.get("cameo"))
    if code is None or not raw.get("source"):
        raise GoldFormatError(f"event needs 'source' and 'code': {raw!r}")
    return GoldEvent(
        source=_actor_code(raw["source"]) or "",
        target=_actor_code(raw.get("target")),
        code=str(code),
        alternates=tuple(str(a) for a in raw.get("alternates", []) or []),
        confidence=float(raw["confidence"]) if isinstance(raw.get("confidence"), (int, float)) else None,
    )


def read_gold(path: str | Path) -> list[GoldDocument]:
    """Read a JSONL file of documents (gold or predictions: both have doc_id and events)."""
    docs: list[GoldDocument] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                doc_id = raw.get("doc_id", raw.get("id"))
                if doc_id is None:
                    raise GoldFormatError("missing 'doc_id'")
                docs.append(
                    GoldDocument(
                        doc_id=str(doc_id),
                        text=raw.get("text", ""),
                        date=raw.get("date"),
                        source=raw.get("source") if isinstance(raw.get("source"), str) else None,
                        events=[parse_event(e) for e in raw.get("events", [])],
                    )
                )
            except (json.JSONDecodeError, GoldFormatError, AttributeError, TypeError) as exc:
                raise GoldFormatError(f"{path}:{lineno}: {exc}") from exc
    return docs
