"""Disk cache of data built from packaged files, so a new process skips rebuilding it.

One file per kind and content, ``<kind>-<fingerprint>.pickle``, in ``$COMMUNIQUE_CACHE_DIR``
or ``$XDG_CACHE_HOME/communique`` (``~/.cache/communique``); ``COMMUNIQUE_CACHE_DIR=off``
disables it. The caller's fingerprint is a hash of the bytes the data is built from (data
files and build code), so any change rebuilds it; the newest four files of a kind are kept.
Values are pickled (protocol 5): plain containers, and the built objects themselves (the
lexicon with its indexes, the knowledge base), whose shared references pickle keeps, so a new
process reads back the object graph instead of rebuilding it. The files are written and read
by this user only, like the bytecode Python caches next to the code. Any failure to read or
write just means building in memory, never an error.

The cyclic garbage collector is paused while a value is read: unpickling makes hundreds of
thousands of containers, none of them garbage, and without the pause the collector walks the
growing heap again and again (more than half the time of a read).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

_SUFFIX = ".pickle"
_PROTOCOL = 5
_KEEP = 4  # files kept per kind


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


def shared(value, memo: dict):
    """``value`` with every equal string, tuple and frozenset inside it (plain ones, not
    subclasses) made one object, the first one ``memo`` saw. Built tables repeat the same small
    values thousands of times ("C", ("the",), frozenset({"aid"})); shared, they take less
    memory and a cached table reads back a fraction of the objects (pickle keeps sharing)."""
    kind = type(value)
    if kind is tuple:
        value = tuple([shared(v, memo) for v in value])
    elif kind is frozenset:
        value = frozenset([shared(v, memo) for v in value])
    elif kind is not str:
        return value
    return memo.setdefault(value, value)


def path(kind: str, key: str) -> Path | None:
    d = cache_dir()
    return d / f"{kind}-{key}{_SUFFIX}" if d else None


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (restored after, if it was on): for code
    that makes many long-lived objects and no garbage, such as reading or building tables."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read(kind: str, key: str):
    """The cached value, or None when there is none (or it cannot be read)."""
    try:
        p = path(kind, key)
        if p is None or not p.is_file():
            return None
        data = p.read_bytes()
        with collector_paused():
            return pickle.loads(data)  # noqa: S301 - our own cache file, keyed by content
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None


def write(kind: str, key: str, value) -> None:
    try:
        p = path(kind, key)
        if p is None:
            return
        p.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=_PROTOCOL)
        # Write then rename: parallel workers may build at the same moment.
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, p)
        _prune(p, kind)
    except Exception:
        return


def _prune(kept: Path, kind: str) -> None:
    """Keep the newest few files of a kind: a few variants can be in use at once (the
    packaged tables with and without a user dictionary, two versions of the code), and
    keeping only one would have them rebuild each other's in turn."""
    files = [f for f in kept.parent.glob(f"{kind}-*")
             if f.suffix in (_SUFFIX, ".marshal") and f.stem[len(kind) + 1:].isalnum()]
    files.sort(key=lambda f: f.stat().st_mtime, reverse=True)
    for old in [f for f in files if f != kept][_KEEP - 1:]:
        old.unlink(missing_ok=True)
