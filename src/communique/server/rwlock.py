"""Readers-writer lock. DuckDB refuses, within one process, a read-write connection to a file
that read-only connections hold open (and the reverse), so storing a coded article must wait
for running queries to finish, and queries must wait for the write.

Every wait has a deadline: a request that cannot get the lock in time is answered 503 ("store
busy, retry") instead of waiting forever. Callers hold the lock only while they run on one
thread, never while they wait for another thread or a pool slot: holding it across such a wait
is how 40 storing requests and a few readers once hung the server for good (a reader held the
read lock while waiting for a slot of the 40-thread pool, whose slots were all taken by writers
waiting for that reader)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from collections.abc import Callable, Iterator


class LockTimeout(TimeoutError):
    """The lock was not free within the deadline."""


class RWLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    def _wait_until(self, blocked: Callable[[], bool], timeout: float | None) -> bool:
        """Wait on the condition (held by the caller) until ``blocked()`` is false; False when
        ``timeout`` seconds pass first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while blocked():
            if deadline is None:
                self._cond.wait()
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._cond.wait(left)
        return True

    def acquire_read(self, timeout: float | None = None) -> None:
        """Raises LockTimeout when a write holds or awaits the lock for ``timeout`` seconds."""
        with self._cond:
            # Waiting writers go first so a steady stream of queries cannot starve a store.
            if not self._wait_until(lambda: self._writer or self._waiting_writers > 0, timeout):
                raise LockTimeout(f"no read access to the store within {timeout:g} s")
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    @contextmanager
    def read(self, timeout: float | None = None) -> Iterator[None]:
        self.acquire_read(timeout)
        try:
            yield
        finally:
            self.release_read()

    @contextmanager
    def write(self, timeout: float | None = None) -> Iterator[None]:
        """Raises LockTimeout when queries still hold the lock after ``timeout`` seconds."""
        with self._cond:
            self._waiting_writers += 1
            got = False
            try:
                got = self._wait_until(lambda: self._writer or self._readers > 0, timeout)
            finally:
                self._waiting_writers -= 1
                if not got:  # readers held back for this writer may go again
                    self._cond.notify_all()
            if not got:
                raise LockTimeout(f"no write access to the store within {timeout:g} s")
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
