"""Where the server's slow work runs, so that no request can hang the others.

Three kinds of work, three places, none waiting on another's slots:

- Queries run on the event loop's thread pool, one call per request that takes the store's read
  lock, opens the store read-only, runs the query and lets go (``RWLock`` explains why the lock
  is never held across a wait for a pool slot).
- Coding (CPU: spaCy) runs on one dedicated thread (the coder's models are shared and used one
  article at a time anyway), behind a bounded queue: request number ``max_pending + 1`` is told
  503 "busy, retry" at once instead of waiting minutes behind the others.
- Store writes run on one dedicated writer thread, which writes every article queued meanwhile in
  one transaction (40 storing requests cost one open of the store and one refresh of the
  deduplicated events, about 0.3 s, instead of 40 of them) under the write lock.

``/api/health`` touches none of them: it is answered on the event loop itself.
"""

from __future__ import annotations

import asyncio
import queue
from abc import ABC, abstractmethod
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

BATCH = 200  # most articles the writer puts in one transaction


class Busy(RuntimeError):
    """The server cannot take this request now; answered 503 with Retry-After."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Queued(ABC):
    """One daemon thread fed by a queue, with at most ``max_pending`` items queued or running:
    more raise Busy at once. The thread starts on first use (an app that never codes or stores
    starts none) and is a daemon: work stuck in a slow tokenizer must not keep the process
    alive after SIGTERM."""

    def __init__(self, name: str, max_pending: int, busy_message: str) -> None:
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.name = name
        self.max_pending = max_pending
        self.busy_message = busy_message
        self._items: queue.SimpleQueue[tuple[Future, Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, item: Any) -> Future:
        with self._lock:
            if self._pending >= self.max_pending:
                raise Busy(self.busy_message.format(n=self._pending))
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        fut: Future = Future()
        self._items.put((fut, item))
        return fut

    def _finished(self, n: int) -> None:
        with self._lock:
            self._pending -= n

    @abstractmethod
    def _run(self) -> None:
        """The thread's loop: take items from ``self._items`` for ever, ``_finished`` each."""


class Worker(_Queued):
    """Runs jobs (callables) one at a time, in order."""

    async def run(self, job: Callable[[], Any]) -> Any:
        """Run ``job`` on the worker thread and wait for it without blocking the event loop. A
        job whose client went away before it started is skipped (its future is cancelled)."""
        return await asyncio.wrap_future(self.submit(job))

    def _run(self) -> None:
        while True:
            fut, job = self._items.get()
            try:
                if fut.set_running_or_notify_cancel():
                    try:
                        fut.set_result(job())
                    except BaseException as exc:  # noqa: BLE001 - handed to the request that asked
                        fut.set_exception(exc)
            finally:
                self._finished(1)


class Writer(_Queued):
    """Writes coded articles to the store; ``write_batch`` gets every article queued since the
    last batch (at most BATCH) and returns one result per article."""

    def __init__(self, write_batch: Callable[[list[Any]], list[Any]], max_pending: int, busy_message: str) -> None:
        super().__init__("communique-store-writer", max_pending, busy_message)
        self._write_batch = write_batch

    async def write(self, item: Any) -> Any:
        # shielded: a client that hangs up after asking to store still gets its article stored
        return await asyncio.shield(asyncio.wrap_future(self.submit(item)))

    def _run(self) -> None:
        while True:
            batch = [self._items.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._items.get_nowait())
                except queue.Empty:
                    break
            try:
                results = self._write_batch([item for _, item in batch])
                for (fut, _), result in zip(batch, results, strict=True):
                    fut.set_result(result)
            except BaseException as exc:  # noqa: BLE001 - every request of the batch hears why
                for fut, _ in batch:
                    if not fut.done():
                        fut.set_exception(exc)
            finally:
                self._finished(len(batch))
