"""Plain-text rendering of coded articles for the terminal."""

from __future__ import annotations

import shutil

from communique.model import Actor, CodedArticle, Event


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.code} {actor.name}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "\u2026"


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
        where = e.location.name if e.location else ""
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
                e.trigger.text,
            ]
        )
    return rows


HEADERS = ["sent", "source", "target", "CAMEO", "date", "where", "flags", "conf", "trigger"]
# How many characters each column may take at most, so one long name cannot push the rest
# off the screen.
_LIMITS = [4, 34, 34, 40, 10, 24, 16, 4, 28]


def render_table(coded: CodedArticle, label: str) -> str:
    a = coded.article
    head = f"{label}  date={a.date or '?'}  source={a.source or '?'}  " \
        f"sentences={coded.sentences}  events={len(coded.events)}"
    if not coded.events:
        return head + "\n  (no events found)\n"
    rows = event_rows(coded)
    term = shutil.get_terminal_size((160, 24)).columns
    widths = [
        min(limit, max(len(h), *(len(r[i]) for r in rows)))
        for i, (h, limit) in enumerate(zip(HEADERS, _LIMITS, strict=True))
    ]
    # Shrink the widest columns until the table fits the terminal.
    while sum(widths) + 2 * len(widths) > term and max(widths) > 10:
        widths[widths.index(max(widths))] -= 1
    lines = [head]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    lines.append(fmt.format(*HEADERS))
    lines.append(fmt.format(*("-" * w for w in widths)))
    for row in rows:
        lines.append(fmt.format(*(_clip(c, w) for c, w in zip(row, widths, strict=True))))
    if coded.quotes:
        lines.append("quotes:")
        for q in coded.quotes:
            who = q.speaker.code + " " + q.speaker.name if q.speaker else (q.speaker_text or "?")
            lines.append(f"  [{q.sentence}] {who}: {_clip(q.text, term - 20)}")
    return "\n".join(lines) + "\n"
