"""Date arithmetic for the resolver: periods, weekdays and yearless month names."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta


def shift_period(base: date, unit: str, n: int) -> date:
    """First day of the period ``n`` units away from ``base``'s period (day, Monday, 1st, Jan 1)."""
    if unit == "day":
        return base + timedelta(days=n)
    if unit == "week":
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(weeks=n)
    if unit == "weekend":
        if n < 0:  # the last Saturday before base, then weeks further back
            back = (base.weekday() - 5) % 7 or 7
            return base - timedelta(days=back) + timedelta(weeks=n + 1)
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(days=5, weeks=n)
    if unit == "month":
        months = base.year * 12 + (base.month - 1) + n
        return date(months // 12, months % 12 + 1, 1)
    if unit == "year":
        return date(base.year + n, 1, 1)
    raise ValueError(unit)


def weekday_date(base: date, weekday: int, direction: str) -> date:
    """The weekday nearest ``base`` in ``direction``.

    past/future include ``base`` itself (wire copy of a Thursday says "on Thursday" for that
    day); last/next exclude it ("next Thursday" is never today).
    """
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if direction == "past":
        return base - timedelta(days=back)
    if direction == "future":
        return base + timedelta(days=ahead)
    if direction == "last":
        return base - timedelta(days=back or 7)
    if direction == "next":
        return base + timedelta(days=ahead or 7)
    raise ValueError(direction)


def month_year(base: date, month: int, direction: str) -> int:
    """Year of a yearless month name: the current one if it fits ``direction``, else the
    neighbour (past: latest not after base's month; future: earliest not before; nearest;
    last/next: strictly before/after; this: base's year)."""
    if direction == "this":
        return base.year
    if direction == "last":
        return base.year if month < base.month else base.year - 1
    if direction == "next":
        return base.year if month > base.month else base.year + 1
    if direction == "past":
        return base.year if month <= base.month else base.year - 1
    if direction == "future":
        return base.year if month >= base.month else base.year + 1
    diff = month - base.month
    if diff > 6:
        return base.year - 1
    if diff < -6:
        return base.year + 1
    return base.year


def day_month_year(base: date, month: int, day: int, direction: str) -> date | None:
    """Year of a yearless "March 3": past picks the latest such date not after ``base``,
    future the earliest not before it, nearest the closer one."""
    years = (base.year - 1, base.year, base.year + 1)
    options = [d for y in years if (d := safe_date(y, month, day))]
    if not options:
        return None
    if direction == "past":
        past = [d for d in options if d <= base]
        return max(past) if past else None
    if direction == "future":
        future = [d for d in options if d >= base]
        return min(future) if future else None
    return min(options, key=lambda d: (abs((d - base).days), d > base))


def safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= year <= 9999):
        return None
    if not (1 <= month <= 12) or not (1 <= day <= _cal.monthrange(year, month)[1]):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
