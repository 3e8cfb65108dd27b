"""CodedArticles -> column lists per store table, ready to become Arrow tables.

This runs in the coding workers, so the single writer process only turns lists into Arrow and
appends; building rows in Python is a real share of the cost and parallelises with coding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from communique.model import DAY_PRECISIONS, Actor, CodedArticle, Event, Reject

Columns = dict[str, list[Any]]

ARTICLE_COLS = ["id", "title", "date", "source", "url", "origin", "text", "n_sentences", "n_words",
                "n_events", "ext_id"]
MENTION_COLS = [
    "id", "event_id", "article_id",
    "source_code", "source_name", "source_text", "source_country", "source_sectors", "source_kb_id",
    "target_code", "target_name", "target_text", "target_country", "target_sectors", "target_kb_id",
    "cameo", "root", "cameo_name", "plover", "plover_mode", "quad_class", "goldstein",
    "date", "date_precision", "date_text",
    "location_name", "location_country", "location_admin1", "lat", "lon",
    "sentence", "trigger_text", "trigger_start", "trigger_end", "evidence", "rule", "modality",
    "negated", "confidence",
]
MENTION_GEO_COLS = ["mention_id", "feature", "geonameid"]
ACTOR_COLS = ["article_id", "sentence", "start_char", "end_char", "text", "name", "code", "country",
              "sectors", "kb_id", "how"]
QUOTE_COLS = ["article_id", "sentence", "start_char", "end_char", "text", "kind", "speaker_text",
              "speaker_code", "speaker_name"]
REJECT_COLS = ["id", "origin", "file", "line", "reason", "record"]
WARNING_COLS = ["id", "origin", "article_id", "message"]

TABLE_COLS = {
    "articles": ARTICLE_COLS,
    "mentions": MENTION_COLS,
    "mention_geo": MENTION_GEO_COLS,
    "actors": ACTOR_COLS,
    "quotes": QUOTE_COLS,
    "rejects": REJECT_COLS,
    "ingest_warnings": WARNING_COLS,
}


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def event_key(event: Event, article_id: str | None = None) -> str:
    """Id of the deduplicated event a mention belongs to.

    Mentions from different articles are one event only when source, target, code and a day
    agree. An undated mention, or one dated only to a month or a year ("the genocide in 1994"),
    is an event of its own article: "Police arrested protesters" in two unrelated undated
    stories are two arrests, not one. Day-dated ids stay those of stores written before this
    rule (``None`` parts are hashed as the string "None", as plain SQL against the schema does).
    """
    source = event.source.code if event.source else None
    target = event.target.code if event.target else None
    if event.date is not None and event.date_precision in DAY_PRECISIONS:
        return _hash(source, target, event.cameo, event.date)
    return _hash(source, target, event.cameo, event.date, event.date_precision, article_id or event.article_id)


def reject_id(reject: Reject) -> str:
    return _hash(reject.origin, reject.reason, reject.record)


def warning_id(origin: str, message: str) -> str:
    return _hash(origin, message)


def empty_columns() -> dict[str, Columns]:
    return {table: {c: [] for c in cols} for table, cols in TABLE_COLS.items()}


def _actor_fields(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [None] * 6
    return [actor.code or None, actor.name, actor.text, actor.country, list(actor.sectors), actor.kb_id]


def add_coded(out: dict[str, Columns], coded: CodedArticle, ext_id: str | None = None) -> None:
    a = coded.article
    values = [a.id, a.title, a.date, a.source, a.url, a.origin, a.text, coded.sentences, coded.words,
              len(coded.events), ext_id]
    for col, v in zip(ARTICLE_COLS, values, strict=True):
        out["articles"][col].append(v)
    mentions = out["mentions"]
    for e in coded.events:
        loc = e.location
        row = [e.id, event_key(e, a.id), a.id, *_actor_fields(e.source), *_actor_fields(e.target),
               e.cameo, e.root, e.cameo_name, e.plover, e.plover_mode, e.quad_class, e.goldstein,
               e.date, e.date_precision, e.date_text,
               loc.name if loc else None, loc.country if loc else None, loc.admin1 if loc else None,
               loc.lat if loc else None, loc.lon if loc else None,
               e.sentence, e.trigger.text, e.trigger.start, e.trigger.end, e.evidence, e.rule, e.modality,
               e.negated, e.confidence]
        for col, v in zip(MENTION_COLS, row, strict=True):
            mentions[col].append(v)
        if loc is not None:
            out["mention_geo"]["mention_id"].append(e.id)
            out["mention_geo"]["feature"].append(loc.feature or None)
            out["mention_geo"]["geonameid"].append(loc.geonameid)
    actors = out["actors"]
    for act in coded.actors:
        row = [a.id, act.sentence, act.start, act.end, act.text, act.name, act.code or None, act.country,
               list(act.sectors), act.kb_id, act.how]
        for col, v in zip(ACTOR_COLS, row, strict=True):
            actors[col].append(v)
    quotes = out["quotes"]
    for q in coded.quotes:
        spk = q.speaker
        row = [a.id, q.sentence, q.start, q.end, q.text, q.kind, q.speaker_text,
               spk.code if spk else None, spk.name if spk else None]
        for col, v in zip(QUOTE_COLS, row, strict=True):
            quotes[col].append(v)


def add_reject(out: dict[str, Columns], reject: Reject) -> None:
    file, line = split_origin(reject.origin)
    values = [reject_id(reject), reject.origin, file, line, reject.reason, reject.record]
    for col, v in zip(REJECT_COLS, values, strict=True):
        out["rejects"][col].append(v)


def split_origin(origin: str) -> tuple[str, int | None]:
    """("corpus/a.jsonl", 17) from "corpus/a.jsonl:17"; a whole file has no line."""
    head, sep, tail = origin.rpartition(":")
    if sep and tail.isdigit() and head:
        return head, int(tail)
    return origin, None


def add_warning(out: dict[str, Columns], origin: str, article_id: str | None, message: str) -> None:
    for col, v in zip(WARNING_COLS, [warning_id(origin, message), origin, article_id, message], strict=True):
        out["ingest_warnings"][col].append(v)


def to_columns(coded: Iterable[CodedArticle], ext_ids: Iterable[str | None] | None = None) -> dict[str, Columns]:
    out = empty_columns()
    ids = list(ext_ids) if ext_ids is not None else None
    for i, c in enumerate(coded):
        add_coded(out, c, ids[i] if ids is not None else None)
    return out


def merge(into: dict[str, Columns], other: dict[str, Columns]) -> None:
    for table, cols in other.items():
        for col, values in cols.items():
            into[table][col].extend(values)


def n_rows(columns: dict[str, Columns], table: str) -> int:
    cols = TABLE_COLS[table]
    return len(columns[table][cols[0]])
