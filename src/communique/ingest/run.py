"""Corpus ingest: read -> skip what is stored -> code in worker processes -> one writer commits.

Coding is the cost, so it runs in a pool of processes, each holding one Coder (the spaCy model
is loaded once per worker, not per batch). Workers also turn their CodedArticles into column
lists, so the parent only reads input, appends Arrow tables and keeps the progress bar. The
parent is the only DuckDB writer: DuckDB allows one writing process per file.

Batches are committed in input order, each with its rejects and warnings in one transaction.
An ingest killed at any point has committed whole batches only; re-running skips the articles
already stored (by content hash) before coding them, and rejects and warnings are keyed by
hash, so the resumed store ends with the same rows as an uninterrupted run.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from communique.ingest.readers import (
    CSV_SUFFIXES,
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIXES,
    Record,
    iter_records,
)
from communique.model import Article, Reject
from communique.store import Store, rows
from communique.store.rows import Columns

DEFAULT_BATCH = 32

Log = Callable[[str], None]


class _KnownArticles(Protocol):
    """What batching asks of a store: which of these article ids it already holds."""

    def existing_articles(self, ids: list[str]) -> set[str]: ...


@dataclass
class IngestStats:
    records: int = 0  # input records seen (articles, duplicates and rejects)
    new_articles: int = 0
    undated: int = 0  # new articles without a publication date (record, dateline or --date)
    already_stored: int = 0  # in the store before this run, or repeated within the input
    rejects: int = 0
    warnings: int = 0
    mentions: int = 0
    words: int = 0
    batches: int = 0
    events: int = 0  # rows of the deduplicated events table after the run
    seconds: float = 0.0
    peak_rss: dict[int, int] = field(default_factory=dict)  # pid -> peak resident bytes
    commits: list[tuple[float, int, int]] = field(default_factory=list)  # (seconds since start, articles, words)
    coder_cpu: list[float] = field(default_factory=list)  # CPU seconds the coder spent on each committed batch

    def summary(self) -> str:
        return (f"{self.records} records: {self.new_articles} new articles"
                f" ({self.undated} without a publication date), {self.already_stored} already stored,"
                f" {self.rejects} rejected, {self.warnings} warnings; {self.mentions} event mentions,"
                f" {self.events} events in store;"
                f" {self.seconds:.1f}s")


@dataclass
class Batch:
    """Input records in one commit unit."""

    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    duplicates: int = 0

    @property
    def size(self) -> int:
        return len(self.records) + len(self.rejects) + self.duplicates


# --- worker side -----------------------------------------------------------------------------

_CODER: Any = None


def _init_worker() -> None:
    global _CODER
    _watch_parent(os.getppid())
    from communique.pipeline import Coder

    _CODER = Coder()


def _watch_parent(parent: int) -> None:
    """Exit when the parent dies: a SIGKILLed ingest must not leave workers holding a model each."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _peak_rss() -> int:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# A real article codes in well under a second (the longest of our corpora, 33 kB, in about
# one); this only stops a coder that never returns on some text, so that the batch goes on.
ARTICLE_SECONDS = 120.0
# A batch is coded in one go (spaCy parses its sentences together) and may take this much per
# article on top of one article's time (real articles take about 0.1 s): a batch with a hung
# article is then coded again article by article, each with its own ARTICLE_SECONDS.
BATCH_SECONDS_PER_ARTICLE = 2.0


class Overtime(Exception):
    """Coding one article (or batch) ran past its time."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``Overtime`` in this thread if the block runs longer than ``seconds``. A timer
    signal, so only in a process's main thread where the platform has one (ingest workers, the
    single-process ingest); elsewhere the block runs unbounded."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Overtime(f"took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def code_batch(coder: Any, articles: list[Article], ext_ids: list[str | None],
               seconds: float | None = ARTICLE_SECONDS) -> dict[str, Any]:
    """Code one batch into store columns. A coder failure on one article rejects that article
    only; the others are still coded. ``seconds``: the time one article may take; an article
    the coder does not finish in it is rejected as a coder error."""
    cpu = time.process_time()
    try:
        with deadline(seconds + min(seconds, BATCH_SECONDS_PER_ARTICLE) * len(articles) if seconds else None):
            coded = list(coder.code_many(articles, batch_size=max(len(articles), 1)))
        ok_ids = ext_ids
        failed: list[Reject] = []
    except Exception:  # noqa: BLE001 - find the article that broke the batch, keep the rest
        coded, ok_ids, failed = [], [], []
        for article, ext in zip(articles, ext_ids, strict=True):
            try:
                with deadline(seconds):
                    coded.append(coder.code(article))
                ok_ids.append(ext)
            except Overtime as exc:
                failed.append(Reject(article.origin or article.id,
                                     f"coder error: coding {exc} (a coder bug: please report it with "
                                     "this text); the rest of the batch was coded", article.text[:2000]))
            except Exception as exc:  # noqa: BLE001
                failed.append(Reject(article.origin or article.id, f"coder error: {type(exc).__name__}: {exc}",
                                     article.text[:2000]))
    columns = rows.to_columns(coded, ok_ids)
    for r in failed:
        rows.add_reject(columns, r)
    return {
        "columns": columns,
        "words": sum(c.words for c in coded),
        "pid": os.getpid(),
        "rss": _peak_rss(),
        "cpu": time.process_time() - cpu,  # this process's CPU time for the batch
    }


def _worker_code(articles: list[Article], ext_ids: list[str | None],
                 seconds: float | None = ARTICLE_SECONDS) -> dict[str, Any]:
    return code_batch(_CODER, articles, ext_ids, seconds)


# --- parent side -----------------------------------------------------------------------------


def estimate_records(paths: Iterable[str]) -> int | None:
    """Rough record count for the progress bar (JSONL/CSV lines, one per other file). Walks
    trees as the readers do (no symlinked directory followed, dot-names skipped) and opens
    only regular files: a FIFO or an unreadable file counts one and is explained by its reject."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        p = Path(raw)
        if not p.is_dir():
            total += _estimate_file(p)
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            total += sum(_estimate_file(Path(dirpath) / name) for name in filenames if not name.startswith("."))
    return max(total, 0)


def _estimate_file(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES and suffix not in CSV_SUFFIXES:
        return 1
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return 1
        return _count_lines(path) - (1 if suffix in CSV_SUFFIXES else 0)
    except OSError:
        return 1


def plan_batches(items: Iterator[Record | Reject], store: _KnownArticles, batch_size: int,
                 seen: set[str]) -> Iterator[Batch]:
    """Commit units in input order: up to ``batch_size`` articles to code (not already stored,
    not repeated within the input), with the rejects and duplicates read among them."""
    batch = Batch()
    pending: list[Record] = []

    def settle() -> None:
        # One query per batch for what the store already holds: resumed runs skip coding it.
        stored = store.existing_articles([r.article.id for r in pending])
        for r in pending:
            if r.article.id in stored:
                batch.duplicates += 1
            else:
                batch.records.append(r)
        pending.clear()

    for item in items:
        if isinstance(item, Reject):
            batch.rejects.append(item)
        elif item.article.id in seen:
            batch.duplicates += 1
        else:
            seen.add(item.article.id)
            pending.append(item)
        if len(pending) + len(batch.records) >= batch_size or len(batch.rejects) + batch.duplicates >= 10 * batch_size:
            settle()
            if len(batch.records) >= batch_size or len(batch.rejects) + batch.duplicates >= 10 * batch_size:
                yield batch
                batch = Batch()
    settle()
    if batch.size:
        yield batch


def ingest(
    paths: list[str],
    db: str | Path,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
    coder: Any = None,
    log: Log | None = None,
    default_date: str | None = None,
    article_seconds: float | None = ARTICLE_SECONDS,
) -> IngestStats:
    """Code ``paths`` into the store at ``db``; see the module docstring for the guarantees.
    ``default_date``: the publication date of articles whose record and text give none.

    ``coder`` (a ``communique.pipeline.Coder``) is used in-process when ``workers`` is 1; it
    is built here when not given. ``article_seconds``: an article the coder has not finished in
    that time is rejected (a coder bug), and the batch goes on.
    """
    from tqdm import tqdm

    start = time.perf_counter()
    stats = IngestStats()
    total = estimate_records(paths) if progress else None
    bar = tqdm(total=total, unit="rec", file=sys.stderr, disable=not progress, dynamic_ncols=True,
               desc="ingest", smoothing=0.1)
    executor: ProcessPoolExecutor | None = None
    if workers > 1:
        # spawn, not fork: a forked child would inherit DuckDB's and tqdm's threads mid-state.
        # The pool starts before the store opens, so workers hold no handle on the file.
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker)
    store = Store(db)
    try:
        if executor is None and coder is None:
            from communique.pipeline import Coder

            coder = Coder()
        items = iter_records(paths, max_bytes=max_bytes, default_date=default_date)
        batches = plan_batches(items, store, batch_size, set())
        inflight: deque[tuple[Batch, Future | dict[str, Any] | None]] = deque()
        window = 2 * workers

        def commit(batch: Batch, result: dict[str, Any] | None) -> None:
            columns, coder_failed = batch_columns(batch, result)
            new = store.write_columns(columns)
            account(stats, batch, columns, result, new, coder_failed, time.perf_counter() - start)
            show_progress(bar, log, stats, batch, new)

        for batch in batches:
            if not batch.records:
                inflight.append((batch, None))
            elif executor is None:
                result = code_batch(coder, [r.article for r in batch.records], [r.ext_id for r in batch.records],
                                    article_seconds)
                inflight.append((batch, result))
            else:
                fut = executor.submit(_worker_code, [r.article for r in batch.records],
                                      [r.ext_id for r in batch.records], article_seconds)
                inflight.append((batch, fut))
            while inflight and (len(inflight) > window or not isinstance(inflight[0][1], Future)):
                b, res = inflight.popleft()
                commit(b, res.result() if isinstance(res, Future) else res)
        while inflight:
            b, res = inflight.popleft()
            commit(b, res.result() if isinstance(res, Future) else res)
        if executor is None:
            stats.peak_rss[os.getpid()] = _peak_rss()
        bar.close()
        stats.events = store.refresh_events()
    finally:
        bar.close()  # closing twice is a no-op; here for the error path
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        store.close()
    stats.seconds = time.perf_counter() - start
    return stats


def batch_columns(batch: Batch, result: dict[str, Any] | None) -> tuple[dict[str, Columns], int]:
    """Everything one batch commits in one transaction: the coded rows, the read rejects and
    the warnings. Also returns how many of the batch's articles the coder failed on."""
    coder_failed = _coder_rejects(result)
    columns = result["columns"] if result else rows.empty_columns()
    for r in batch.rejects:
        rows.add_reject(columns, r)
    for rec in batch.records:
        for message in rec.warnings:
            rows.add_warning(columns, rec.article.origin or "", rec.article.id, message)
    return columns, coder_failed


def account(stats: IngestStats, batch: Batch, columns: dict[str, Columns], result: dict[str, Any] | None,
            new: int, coder_failed: int, elapsed: float) -> None:
    """Add one committed batch to the run's figures (``new``: articles the commit added)."""
    stats.batches += 1
    stats.records += batch.size
    stats.new_articles += new
    stats.undated += _undated(columns, new)
    stats.already_stored += batch.duplicates + (len(batch.records) - new - coder_failed)
    stats.rejects += rows.n_rows(columns, "rejects")
    stats.warnings += rows.n_rows(columns, "ingest_warnings")
    stats.mentions += rows.n_rows(columns, "mentions")
    if result:
        stats.words += result["words"]
        stats.peak_rss[result["pid"]] = max(stats.peak_rss.get(result["pid"], 0), result["rss"])
    stats.commits.append((elapsed, new, result["words"] if result else 0))
    stats.coder_cpu.append(result.get("cpu", 0.0) if result else 0.0)


def show_progress(bar: Any, log: Log | None, stats: IngestStats, batch: Batch, new: int) -> None:
    bar.update(batch.size)
    bar.set_postfix(articles=stats.new_articles, rejects=stats.rejects, mentions=stats.mentions, refresh=False)
    if log:
        log(f"committed batch {stats.batches}: {new} articles, {len(batch.rejects)} rejects,"
            f" {batch.duplicates} already stored")


def _undated(columns: dict[str, Columns], new: int) -> int:
    """Articles of a committed batch that have no publication date (at most the ``new`` ones:
    rows already stored were counted by the run that stored them)."""
    dates = columns["articles"]["date"] if "articles" in columns else []
    return min(new, sum(1 for d in dates if d is None))


def _coder_rejects(result: dict[str, Any] | None) -> int:
    """Articles the coder failed on come back as rejects among the batch's own."""
    if not result:
        return 0
    return rows.n_rows(result["columns"], "rejects")
