"""Rendering of coded articles for the terminal."""

from __future__ import annotations

from communique.cli import tables
from communique.model import Actor, CodedArticle, Event
from communique.model.text import printable

# Everything shown here that comes from the article (names, places, triggers, quotes, its
# source) goes through ``printable``: an escape sequence in a scraped page must not reach the
# terminal ("\x1b[2J" clears it), nor a bidirectional override reorder the line.


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.code} {printable(actor.name)}"


def _flags(event: Event) -> str:
    flags = []
    if event.negated:
        flags.append("NOT")
    if event.modality != "asserted":
        flags.append(event.modality)
    return ",".join(flags)


def event_rows(coded: CodedArticle) -> list[list[str]]:
    rows = []
    for e in coded.events:
        where = printable(e.location.name) if e.location else ""
        if e.location and e.location.country and e.location.country not in where:
            where = f"{where}, {e.location.country}" if where else e.location.country
        rows.append(
            [
                str(e.sentence),
                _actor(e.source),
                _actor(e.target),
                f"{e.cameo} {e.cameo_name}",
                e.date or "",
                where,
                _flags(e),
                f"{e.confidence:.2f}",
                printable(e.trigger.text),
            ]
        )
    return rows


HEADERS = ["sent", "source", "target", "CAMEO", "q", "date", "where", "flags", "conf", "trigger"]


def render_table(coded: CodedArticle, label: str) -> str:
    """The article's events as a rich table: long names and CAMEO names wrap in their cell
    instead of being cut, the quad class is coloured on a terminal."""
    a = coded.article
    head = f"{printable(label)}  date={printable(a.date) or '?'}  source={printable(a.source) or '?'}  " \
        f"sentences={coded.sentences}  events={len(coded.events)}"
    if not coded.events:
        return head + "\n  (no events found)\n"
    t = tables.table(*HEADERS)
    for e, row in zip(coded.events, event_rows(coded), strict=True):
        sent, source, target, cameo, date, where, flags, conf, trigger = row
        t.add_row(sent, source, target, cameo, tables.quad(e.quad_class), date, where, flags, conf, trigger)
    for col in t.columns:
        col.no_wrap = col.header in ("sent", "q", "date", "conf")
        if col.header in ("source", "target", "CAMEO", "where", "trigger"):
            col.max_width = 30
    parts: list[object] = [head, t]
    if coded.quotes:
        parts.append("quotes:")
        for q in coded.quotes:
            who = q.speaker.code + " " + q.speaker.name if q.speaker else (q.speaker_text or "?")
            parts.append(f"  [{q.sentence}] {printable(who)}: {printable(q.text)}")
    return tables.render(*parts) + "\n"
