"""Disk cache of data built from packaged files, so a new process skips rebuilding it.

One file per kind (``<kind>-<fingerprint>.marshal``) in ``$COMMUNIQUE_CACHE_DIR`` or
``$XDG_CACHE_HOME/communique`` (``~/.cache/communique``); ``COMMUNIQUE_CACHE_DIR=off`` disables
it. The caller's fingerprint is a hash of the bytes the data is built from (data files and
build code), so any change rebuilds it. Values are what ``marshal`` can hold (str, numbers,
None, tuples, lists, dicts, sets, frozensets). Any failure to read or write just means
building in memory, never an error. Used by the gazetteer index and the predicate lexicon.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def cache_dir() -> Path | None:
    env = os.environ.get("COMMUNIQUE_CACHE_DIR")
    if env:
        return None if env.lower() == "off" else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "communique"


def fingerprint(parts: Iterable[bytes]) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part)
    return h.hexdigest()[:16]


def path(kind: str, key: str) -> Path | None:
    d = cache_dir()
    return d / f"{kind}-{key}.marshal" if d else None


def read(kind: str, key: str):
    """The cached value, or None when there is none (or it cannot be read)."""
    try:
        p = path(kind, key)
        if p is None or not p.is_file():
            return None
        return marshal.loads(p.read_bytes())
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None


def write(kind: str, key: str, value) -> None:
    try:
        p = path(kind, key)
        if p is None:
            return
        p.parent.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps(value)
        # Write then rename: parallel workers may build at the same moment.
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, p)
        for old in p.parent.glob(f"{kind}-*.marshal"):
            if old != p:
                old.unlink(missing_ok=True)
    except Exception:
        return
