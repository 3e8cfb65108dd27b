"""Dates as the records hold them: one normaliser, and the publication date a dateline gives.

Every stage used to read a date its own way ("20231228" was a day to the ingest, nothing to
the temporal resolver; "2023-12" was 1 December to the actors and nothing to the others).
``iso_date`` is the one reading: a calendar day, written ``YYYY-MM-DD``, or an error that says
what was expected. It is applied once, when an ``Article`` is built.
"""

from __future__ import annotations

import datetime as dt
import re

# Accepted spellings of one calendar day: ISO "2023-12-28", compact "20231228", and an ISO
# timestamp whose day is taken ("2023-12-28T10:00:00Z").
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_PARTIAL = re.compile(r"^\d{4}(?:-\d{2})?$")


class DateError(ValueError):
    """A value that is not a calendar day; the message says what was expected."""


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a day given as a ``date``, ``datetime``, ISO string, ISO timestamp or
    ``YYYYMMDD``; None for None or a blank string. Anything else raises ``DateError``: a month
    ("2023-12") or a year is not a publication day, and guessing its first day would date every
    event of the article wrong."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a date like 2023-12-28")
    text = value.strip()
    if not text:
        return None
    m = _COMPACT.match(text) or _ISO_DAY.match(text)
    if m is None:
        if _PARTIAL.match(text):
            raise DateError(f"{text!r} is a month or a year, not a day: give a date like 2023-12-28")
        raise DateError(f"{text!r} is not a date like 2023-12-28")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real calendar date ({exc})") from exc


def try_iso_date(value: object) -> str | None:
    """``iso_date``, or None where it would raise: for readers that keep an article whose
    date field is unreadable (and say so) rather than reject it."""
    try:
        return iso_date(value)
    except DateError:
        return None
