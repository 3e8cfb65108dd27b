"""Validated event filters, shared by the HTTP API, the report and the query helpers.

Every user value is checked against a strict pattern here and reaches SQL only as a bound
parameter; the SQL text itself is built from fixed fragments chosen by which filters are set.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# CAMEO actor codes are a 3-letter country/IGO code followed by 3-letter sector codes.
ACTOR_CODE_PATTERN = r"^[A-Z0-9]{3,24}$"
COUNTRY_PATTERN = r"^[A-Z]{3}$"
CAMEO_PATTERN = r"^[0-9]{2,4}$"
ROOT_PATTERN = r"^(0[1-9]|1[0-9]|20)$"
PLOVER_PATTERN = r"^[A-Za-z_]{2,32}$"
DYAD_PATTERN = r"^[A-Z0-9]{3,24}:[A-Z0-9]{3,24}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"
ARTICLE_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
MAX_TEXT = 200

_ACTOR_RE = re.compile(ACTOR_CODE_PATTERN)
_COUNTRY_RE = re.compile(COUNTRY_PATTERN)
_CAMEO_RE = re.compile(CAMEO_PATTERN)
_ROOT_RE = re.compile(ROOT_PATTERN)
_PLOVER_RE = re.compile(PLOVER_PATTERN)
_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")


class FilterError(ValueError):
    """A filter value that does not pass validation; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_date_bound(value: str | None, field: str, end: bool = False) -> date | None:
    """``YYYY-MM-DD`` or ``YYYY-MM``; a month as an upper bound means its last day."""
    if value is None or value == "":
        return None
    m = _DATE_RE.match(value)
    if not m:
        raise FilterError(field, f"{value!r} is not a date like 2024-01-31 or a month like 2024-01")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise FilterError(field, f"{value!r}: month must be 01-12")
    if not 1900 <= year <= 2200:
        raise FilterError(field, f"{value!r}: year must be between 1900 and 2200")
    if m.group(3):
        try:
            return date(year, month, int(m.group(3)))
        except ValueError as exc:
            raise FilterError(field, f"{value!r} is not a real date ({exc})") from None
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def parse_dyad(value: str, field: str = "dyad") -> tuple[str, str]:
    """``RUS:IND`` -> ("RUS", "IND"); each side is a country or actor code."""
    parts = value.split(":")
    if len(parts) != 2 or not all(_ACTOR_RE.match(p) for p in parts):
        raise FilterError(field, f"{value!r} is not a dyad like RUS:IND (two upper-case codes)")
    return parts[0], parts[1]


PLACE_PATTERN = r"^-?[0-9]{1,3}(\.[0-9]{1,6})?,-?[0-9]{1,3}(\.[0-9]{1,6})?$"


def parse_place(value: str, field: str = "place") -> tuple[float, float]:
    """"55.7522,37.6156" -> (55.7522, 37.6156), rounded as the map's points are."""
    if not re.match(PLACE_PATTERN, value):
        raise FilterError(field, f"{value!r} is not a place like 55.7522,37.6156 (lat,lon)")
    lat, lon = (round(float(x), 4) for x in value.split(","))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FilterError(field, f"{value!r} is outside -90..90, -180..180")
    return lat, lon


def _check(value: str | None, regex: re.Pattern[str], field: str, example: str) -> str | None:
    if value is None or value == "":
        return None
    if not regex.match(value):
        raise FilterError(field, f"{value!r} is not valid; expected something like {example}")
    return value


def _side(role: str, code: str) -> tuple[str, list[Any]]:
    """SQL for "this side of the event is ``code``": a 3-letter code also matches the country
    field (a person coded INDGOV belongs to IND); longer codes match as a prefix, because
    CAMEO codes nest (RUSGOV covers RUSGOVMIL)."""
    assert role in ("source", "target")
    if len(code) == 3:
        return f"(e.{role}_country = ? OR starts_with(e.{role}_code, ?))", [code, code]
    return f"starts_with(e.{role}_code, ?)", [code]


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    country: str | None = None  # either side, ISO3
    dyad: tuple[str, str] | None = None
    both_directions: bool = False
    root: str | None = None
    cameo: str | None = None  # prefix: "04" covers 040-046
    plover: str | None = None
    quad: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None  # substring of an evidence sentence, case-insensitive
    min_confidence: float | None = None  # the event's confidence (max over its mentions), 0-1
    place: tuple[float, float] | None = None  # lat, lon of a map point (4 decimals, as map_points)
    undated: bool = False  # only events without a date (the dyad view's "undated" link)

    @classmethod
    def parse(
        cls,
        *,
        actor: str | None = None,
        source: str | None = None,
        target: str | None = None,
        country: str | None = None,
        dyad: str | None = None,
        both_directions: bool = False,
        root: str | None = None,
        cameo: str | None = None,
        plover: str | None = None,
        quad: int | str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        text: str | None = None,
        min_confidence: float | str | None = None,
        place: str | None = None,
        undated: bool = False,
    ) -> EventFilter:
        """Build a filter from raw strings; raises FilterError naming the bad field."""
        q: int | None = None
        if quad not in (None, ""):
            try:
                q = int(quad)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise FilterError("quad", f"{quad!r} is not a quad class 1-4") from None
            if not 1 <= q <= 4:
                raise FilterError("quad", f"{quad!r} is not a quad class 1-4")
        if text is not None:
            text = text.strip()
            if len(text) > MAX_TEXT:
                raise FilterError("q", f"search text longer than {MAX_TEXT} characters")
            if "\x00" in text:
                raise FilterError("q", "search text contains a NUL character")
        conf: float | None = None
        if min_confidence not in (None, ""):
            try:
                conf = float(min_confidence)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise FilterError("min_confidence", f"{min_confidence!r} is not a number 0-1") from None
            if not 0.0 <= conf <= 1.0:
                raise FilterError("min_confidence", f"{min_confidence!r} is not between 0 and 1")
        at = parse_place(place) if place else None
        lo = parse_date_bound(date_from, "from")
        hi = parse_date_bound(date_to, "to", end=True)
        if lo and hi and lo > hi:
            raise FilterError("from", f"{date_from} is after {date_to}")
        return cls(
            actor=_check(actor, _ACTOR_RE, "actor", "RUSGOV"),
            source=_check(source, _ACTOR_RE, "source", "RUS"),
            target=_check(target, _ACTOR_RE, "target", "IND"),
            country=_check(country, _COUNTRY_RE, "country", "IND"),
            dyad=parse_dyad(dyad) if dyad else None,
            both_directions=bool(both_directions),
            root=_check(root, _ROOT_RE, "root", "04 (01-20)"),
            cameo=_check(cameo, _CAMEO_RE, "cameo", "042"),
            plover=_check(plover, _PLOVER_RE, "plover", "CONSULT"),
            quad=q,
            date_from=lo,
            date_to=hi,
            text=text or None,
            min_confidence=conf or None,  # 0 keeps every event, as no filter does
            place=at,
            undated=bool(undated),
        )

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over ``events e`` and its parameters (never user text in the SQL)."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, values: list[Any]) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.actor:
            s_sql, s_par = _side("source", self.actor)
            t_sql, t_par = _side("target", self.actor)
            add(f"({s_sql} OR {t_sql})", s_par + t_par)
        if self.source:
            add(*_side("source", self.source))
        if self.target:
            add(*_side("target", self.target))
        if self.country:
            add("(e.source_country = ? OR e.target_country = ?)", [self.country, self.country])
        if self.dyad:
            a, b = self.dyad
            a_s, a_sp = _side("source", a)
            b_t, b_tp = _side("target", b)
            forward = (f"({a_s} AND {b_t})", a_sp + b_tp)
            if self.both_directions:
                b_s, b_sp = _side("source", b)
                a_t, a_tp = _side("target", a)
                add(f"({forward[0]} OR ({b_s} AND {a_t}))", forward[1] + b_sp + a_tp)
            else:
                add(*forward)
        if self.root:
            add("e.root = ?", [self.root])
        if self.cameo:
            add("starts_with(e.cameo, ?)", [self.cameo])
        if self.plover:
            add("upper(e.plover) = ?", [self.plover.upper()])
        if self.quad:
            add("e.quad_class = ?", [self.quad])
        if self.date_from:
            add("e.date >= ?", [self.date_from])
        if self.date_to:
            add("e.date <= ?", [self.date_to])
        if self.min_confidence is not None:
            add("e.confidence >= ?", [self.min_confidence])
        if self.place is not None:
            add("round(e.lat, 4) = ? AND round(e.lon, 4) = ?", list(self.place))
        if self.undated:
            add("e.date IS NULL", [])
        if self.text:
            add(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id"
                " AND contains(lower(m.evidence), lower(?)))",
                [self.text],
            )
        return (" AND ".join(clauses) if clauses else "TRUE"), params

    def describe(self) -> str:
        """Human-readable summary for report headings."""
        bits = []
        if self.dyad:
            arrow = "<->" if self.both_directions else "->"
            bits.append(f"{self.dyad[0]} {arrow} {self.dyad[1]}")
        for name in ("actor", "source", "target", "country", "root", "cameo", "plover", "quad", "text"):
            value = getattr(self, name)
            if value:
                bits.append(f"{name}={value}")
        if self.min_confidence is not None:
            bits.append(f"confidence >= {self.min_confidence:g}")
        if self.place is not None:
            bits.append(f"at {self.place[0]:g},{self.place[1]:g}")
        if self.undated:
            bits.append("undated")
        if self.date_from or self.date_to:
            bits.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        return ", ".join(bits) or "all events"
