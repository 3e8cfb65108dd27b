"""The FastAPI application: JSON API under /api, the web UI at /, offline API docs at /docs.

Queries open the store read-only per request; every filter is validated (patterns, ranges,
real dates) and reaches DuckDB only as a bound parameter. Where each kind of work runs (queries,
coding, store writes) and why no request can hang the others is in ``server.work``.
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from functools import partial
from typing import Annotated, Any, Literal, TypeVar

import anyio.to_thread
import duckdb
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from communique.analysis import queries
from communique.analysis.filters import (
    ARTICLE_ID_PATTERN,
    CAMEO_PATTERN,
    DATE_PATTERN,
    MAX_TEXT,
    PLACE_PATTERN,
    PLOVER_PATTERN,
    ROOT_PATTERN,
    EventFilter,
    FilterError,
)
from communique.analysis.names import DYAD_NAME_PATTERN, NAME_PATTERN, parse_filter, suggest
from communique.export import export_con
from communique.model.text import replace_surrogates
from communique.server.limits import BodyLimit, HostCheck, SecurityHeaders
from communique.server.rwlock import LockTimeout, RWLock
from communique.server.work import Busy, Worker, Writer
from communique.store import Store, StoreError

MAX_BODY_BYTES = 200_000
MAX_ARTICLE_CHARS = 150_000
# Articles waiting for the coder (one at a time). A short article codes in ~20 ms, a 150,000-char
# one in ~10 s: 32 waiting keeps the worst wait a few minutes, and request 33 hears 503 at once.
MAX_CODING_QUEUE = 32
MAX_WRITE_QUEUE = 1_000  # coded articles waiting for the writer (one transaction takes them all)
# How long a query waits for a store write (or a write for running queries) before answering
# 503 "store busy, retry": a write batch takes well under a second, so 15 s means trouble.
LOCK_WAIT = 15.0
T = TypeVar("T")
STATIC = resources.files("communique.server").joinpath("static")


class CodeRequest(BaseModel):
    """An article to code. A wire header on the first line (``date 2023-12-28 (MENAFN)``)
    supplies date and source when they are not given."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    date: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="publication date YYYY-MM-DD")
    source: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    # strict: "store": "no" would otherwise be read as true
    store: StrictBool = Field(False, description="also write the coded article to the store")

    @field_validator("text", "source", "title", "url", mode="before")
    @classmethod
    def _no_lone_surrogates(cls, v: Any) -> Any:
        # {"text": "Putin \ud800 met"} decodes to a str that UTF-8 cannot carry (hashing or
        # answering it raised UnicodeEncodeError: 500). U+FFFD, as a decoder would put for a
        # bad byte, keeps every offset in place.
        return replace_surrogates(v) if isinstance(v, str) else v

    @field_validator("date")
    @classmethod
    def _real_date(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                date.fromisoformat(v)
            except ValueError as exc:
                raise ValueError(f"{v!r} is not a real date") from exc
        return v

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is blank")
        if "\x00" in v:
            raise ValueError("text contains NUL characters")
        return v


def _jsonable(value: Any) -> Any:
    """``value`` with what JSON cannot carry made printable: a 422 that echoes the input
    ``{"date": NaN}`` or a lone surrogate must not itself fail to encode (it did: 500)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _jsonable(str(value))


def _read_in_thread(app: FastAPI, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    lock: RWLock = app.state.lock
    try:
        lock.acquire_read(app.state.lock_wait)
    except LockTimeout as exc:
        raise Busy(f"the store is busy (a write is under way); retry in a few seconds ({exc})") from exc
    try:
        c = queries.open_readonly(app.state.db_path)
        try:
            return query(c)
        finally:
            c.close()
    finally:
        lock.release_read()


async def read_store(request: Request, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``query`` on a read-only connection, on a pool thread, under the read lock: lock,
    connection and query in one thread call, so the lock is never held while waiting for a pool
    slot (see ``rwlock``)."""
    return await anyio.to_thread.run_sync(_read_in_thread, request.app, query)


async def read_json(request: Request, query: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
    """As read_store, and the answer rendered to JSON on that thread too: rendering a 2,000-point
    map or a page of events on the event loop would hold up every other request, /api/health
    included. (Returned as a Response, FastAPI passes it through; the return annotations of the
    endpoints still document the shape.)"""
    return await anyio.to_thread.run_sync(_json_response, _read_in_thread, request.app, query)


def _json_response(fn: Callable[..., Any], *args: Any) -> JSONResponse:
    return JSONResponse(fn(*args))


StoreQuery = Callable[[duckdb.DuckDBPyConnection], EventFilter]


async def event_filter(
    actor: Annotated[str | None, Query(pattern=NAME_PATTERN, description="actor code on either side, prefix match (RUS, RUSGOV), or a name (Putin, Venezuela)")] = None,
    source: Annotated[str | None, Query(pattern=NAME_PATTERN, description="source actor code or country, or a name")] = None,
    target: Annotated[str | None, Query(pattern=NAME_PATTERN, description="target actor code or country, or a name")] = None,
    country: Annotated[str | None, Query(pattern=NAME_PATTERN, description="ISO3 country on either side, or its name")] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD_NAME_PATTERN, description="SOURCE:TARGET, e.g. RUS:IND or russia:india")] = None,
    both: Annotated[bool, Query(description="dyad in both directions")] = False,
    root: Annotated[str | None, Query(pattern=ROOT_PATTERN, description="CAMEO root code 01-20")] = None,
    cameo: Annotated[str | None, Query(pattern=CAMEO_PATTERN, description="CAMEO code, prefix match (04 covers 040-046)")] = None,
    plover: Annotated[str | None, Query(pattern=PLOVER_PATTERN, description="PLOVER event type, e.g. CONSULT")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="GDELT quad class 1-4")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE_PATTERN, description="YYYY-MM-DD or YYYY-MM")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE_PATTERN, description="YYYY-MM-DD or YYYY-MM (whole month)")] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="text in the evidence sentence")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="events coded with at least this confidence (0-1)")] = None,
    place: Annotated[str | None, Query(pattern=PLACE_PATTERN, description="lat,lon of a point of /api/map")] = None,
    undated: Annotated[bool, Query(description="only events without a date")] = False,
) -> StoreQuery:
    """The filter, to be read against the store inside the query (names are turned into codes
    against it, see ``analysis.names``): ``flt(c)`` is the EventFilter."""
    return partial(
        parse_filter, actor=actor, source=source, target=target, country=country, dyad=dyad, both_directions=both,
        root=root, cameo=cameo, plover=plover, quad=quad, date_from=date_from, date_to=date_to, text=q,
        min_confidence=min_confidence, place=place, undated=undated,
    )


Filter = Annotated[StoreQuery, Depends(event_filter)]
EXPORT_MEDIA = {
    "csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
    "gdelt": ("text/tab-separated-values", "gdelt.tsv"), "icews": ("text/tab-separated-values", "icews.tsv"),
}


def check_store(db_path: Path) -> None:
    """Raise StoreUnavailable, naming the file and what to do, unless ``db_path`` is a
    communique store: ``serve --db notes.txt`` must refuse to start, not answer 503 to every
    query. A store another process is writing (an ingest) passes: queries answer 503 with a
    note until the ingest ends."""
    what_to_do = f"give --db a store written by `communique ingest ARTICLES... --db {db_path.name}`"
    try:
        queries.open_readonly(db_path).close()
    except queries.StoreUnavailable as exc:
        cause = exc.__cause__
        if isinstance(cause, duckdb.Error) and "lock" in str(cause).lower():
            return
        detail = str(cause) if isinstance(cause, duckdb.Error) else str(exc)
        raise queries.StoreUnavailable(f"{db_path}: not a communique store ({detail}); {what_to_do}") from exc


def create_app(
    db_path: str | Path,
    *,
    coder: Any = None,
    allow_store: bool = True,
    max_body_bytes: int = MAX_BODY_BYTES,
    warm_coder: bool = False,
    max_coding_queue: int = MAX_CODING_QUEUE,
    lock_wait: float = LOCK_WAIT,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """Build the app for one store. ``coder`` (a ``communique.pipeline.Coder``) is created on
    the first POST /api/code when not given, or before, in a background thread: when the web
    UI opens its paste view (POST /api/code/warm), or with ``warm_coder`` as the app starts.
    The first pasted article is then answered at once instead of after the model loads (a
    request that comes sooner waits for the load under way); the other views are not slowed
    by a load nobody asked for. ``allow_store=False`` makes the server never write.

    ``max_coding_queue`` articles may wait for the coder, more get 503; a query or write waits
    at most ``lock_wait`` seconds for the store, then gets 503. ``allowed_hosts`` (names and
    addresses, see ``limits.HostCheck``) turns on the Host header check; ``communique serve``
    always passes it."""
    db_path = Path(db_path)
    lock = RWLock()
    coder_lock = threading.Lock()
    state: dict[str, Any] = {"coder": coder}
    warm_lock = threading.Lock()

    def warm() -> None:
        try:
            get_coder()
        except Exception:  # noqa: BLE001 - the first POST /api/code tries again and reports it
            return

    def start_warming() -> None:
        with warm_lock:  # not coder_lock: a load under way holds that one
            if app.state.coder_ready.is_set() or state.get("warming"):
                return
            state["warming"] = True
        threading.Thread(target=warm, name="communique-coder-load", daemon=True).start()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_coder:
            start_warming()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="communique",
        version="0.1.0",
        description="Political event data (CAMEO / PLOVER) coded from news text. "
        "All list endpoints are bounded; dates are YYYY-MM-DD or YYYY-MM.",
        docs_url=None,  # the stock docs page loads its script from a CDN; ours is offline
        redoc_url=None,
    )

    app.state.db_path = db_path
    app.state.lock = lock
    app.state.lock_wait = lock_wait
    coding = Worker("communique-coder", max_coding_queue,
                    "the coder is busy ({n} articles waiting); retry in a few seconds")
    writer = Writer(lambda batch: _write_batch(batch), MAX_WRITE_QUEUE,
                    "the store writer is busy ({n} articles waiting); retry in a few seconds")
    app.state.coding = coding
    app.state.writer = writer
    app.state.coder_ready = threading.Event()  # set once the coder is loaded
    if coder is not None:
        app.state.coder_ready.set()

    @app.exception_handler(FilterError)
    async def _filter_error(request: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": [{"loc": ["query", exc.field], "msg": exc.message, "type": "value_error"}]},
        )

    @app.exception_handler(queries.StoreUnavailable)
    async def _unavailable(request: Request, exc: queries.StoreUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)},
                            headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _jsonable(exc.errors())})

    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, Any]:
        """Answered on the event loop: no store lock, no thread, so it answers while the coder
        and the store are busy (async on purpose; a plain def would wait for a pool slot)."""
        return {"status": "ok", "db": db_path.name, "coder_ready": app.state.coder_ready.is_set(),
                "coding_queue": coding.pending, "write_queue": writer.pending}

    @app.get("/api/stats", tags=["meta"], summary="Table sizes and event date span")
    async def stats(request: Request) -> dict[str, Any]:
        return await read_json(request, queries.store_stats)

    @app.get("/api/events", tags=["events"], summary="Search deduplicated events")
    async def events(
        request: Request,
        flt: Filter,
        page: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 1,
        page_size: Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)] = 50,
        sort: Literal["date_desc", "date_asc", "mentions_desc", "goldstein_asc", "goldstein_desc"] = "date_desc",
    ) -> dict[str, Any]:
        """Events matching every given filter, newest first by default, each with the evidence
        sentence and trigger of one mention (from its first article when possible)."""
        return await read_json(request, lambda c: queries.search_events(c, flt(c), page, page_size, sort))

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="An article with its mentions, actors and quotes")
    async def article(request: Request, article_id: Annotated[str, PathParam(pattern=ARTICLE_ID_PATTERN)]) -> dict[str, Any]:
        def one(c: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            art = queries.get_article(c, article_id)
            if art is None:
                raise HTTPException(status_code=404, detail=f"no article {article_id}")
            return art

        return await read_json(request, one)

    @app.get("/api/dyad", tags=["analysis"], summary="Monthly series for a dyad")
    async def dyad(
        request: Request,
        flt: Filter,
        weight: Literal["events", "mentions"] = "events",
    ) -> dict[str, Any]:
        """Counts per quad class and mean Goldstein per month for `dyad` (required), with
        empty months filled in."""
        def series(c: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            f = flt(c)
            if not f.dyad:
                raise FilterError("dyad", "required, e.g. RUS:IND")
            return queries.dyad_series(c, f, weight)

        return await read_json(request, series)

    @app.get("/api/network", tags=["analysis"], summary="Country network")
    async def network(
        request: Request,
        flt: Filter,
        min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """Directed edges between countries weighted by event count (with mean Goldstein and
        quad-class counts), and the countries they join."""
        return await read_json(request, lambda c: queries.country_network(c, flt(c), min_weight, limit))

    @app.get("/api/actors/top", tags=["analysis"], summary="Most active actors")
    async def actors_top(
        request: Request,
        flt: Filter,
        by: Literal["code", "country", "name"] = "code",
        role: Literal["any", "source", "target"] = "any",
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 20,
    ) -> list[dict[str, Any]]:
        return await read_json(request, lambda c: queries.top_actors(c, flt(c), by, role, limit))

    @app.get("/api/cameo", tags=["analysis"], summary="Events per CAMEO code or root")
    async def cameo_counts(
        request: Request,
        flt: Filter,
        level: Literal["cameo", "root"] = "root",
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 20,
    ) -> list[dict[str, Any]]:
        return await read_json(request, lambda c: queries.cameo_breakdown(c, flt(c), level, limit))

    @app.get("/api/map", tags=["analysis"], summary="Event locations and events per country")
    async def event_map(
        request: Request,
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_MAP_POINTS)] = 2000,
        by: Literal["location", "actor"] = "location",
    ) -> dict[str, Any]:
        """One point per place with events (count per quad class, dominant quad class), the
        number of events without coordinates, and events per country for a choropleth: where
        they happened (`by=location`) or which countries took part (`by=actor`)."""
        def points(c: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            f = flt(c)
            out = queries.map_points(c, f, limit)
            out["countries"] = queries.country_counts(c, f, by)
            out["by"] = by
            return out

        return await read_json(request, points)

    @app.get("/api/network/actors", tags=["analysis"], summary="Actor network")
    async def network_actors(
        request: Request,
        flt: Filter,
        min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """As /api/network between actor codes (RUSGOV, INDGOV...) instead of countries."""
        return await read_json(request, lambda c: queries.actor_network(c, flt(c), min_weight, limit))

    @app.get("/api/suggest", tags=["meta"], summary="Countries and actors for a filter box")
    async def suggestions(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=80, description="what the user typed")],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> list[dict[str, Any]]:
        """Countries and actor codes whose code or name starts with `q` (a word of the name),
        most events first: `value` is what the filter takes, `label` what to show."""
        return await read_json(request, lambda c: suggest(c, q, limit))

    @app.get("/api/explain/{term}", tags=["meta"], summary="Codebook: a CAMEO code, an actor code or a name")
    def explain(term: Annotated[str, PathParam(min_length=1, max_length=80, pattern=NAME_PATTERN)]) -> dict[str, Any]:
        """`0874`: the CAMEO code's name, description, Goldstein, quad class, PLOVER type and
        the words that trigger it. `RUSGOV`: the country and sectors, and the people and
        organisations the knowledge base codes so, with roles and dates. `Jaishankar`: what the
        knowledge base makes of the name."""
        # imported here, as the coder is: the knowledge base and lexicon load spaCy, which
        # browsing the store must not wait for
        from communique.analysis import explain as codebook

        try:
            return codebook.explain(term)
        except codebook.NotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc

    @app.get("/api/export", tags=["events"], summary="Download the filtered events")
    async def download(
        request: Request,
        flt: Filter,
        format: Literal["csv", "jsonl", "gdelt", "icews"] = "csv",
    ) -> FileResponse:
        """The events matching the filters as a file: CSV or JSONL (the deduplicated events with
        every field), GDELT 2.0 event table, or ICEWS TSV (as `communique export`)."""
        media, ext = EXPORT_MEDIA[format]
        tmp = tempfile.NamedTemporaryFile(prefix="communique-", suffix="." + ext, delete=False)
        tmp.close()
        try:
            await read_store(request, lambda c: export_con(c, format, tmp.name, flt(c).where()))
        except BaseException:
            os.unlink(tmp.name)
            raise
        return FileResponse(tmp.name, media_type=media, filename=f"communique-events.{ext}",
                            background=BackgroundTask(os.unlink, tmp.name))

    def get_coder() -> Any:
        with coder_lock:
            if state["coder"] is None:
                try:
                    from communique.pipeline import Coder
                except ImportError as exc:
                    raise HTTPException(status_code=503, detail=f"the coder is not available: {exc}") from exc
                state["coder"] = Coder()
            app.state.coder_ready.set()
            return state["coder"]

    @app.post("/api/code/warm", tags=["coding"], summary="Load the coder now, in the background")
    async def code_warm() -> dict[str, bool]:
        """Starts loading the coder (spaCy model, lexicon, knowledge base) if it is not loaded,
        and returns at once: the web UI calls it when its paste view opens, so that the first
        article pasted does not wait for the load. ``ready`` says whether it is loaded."""
        start_warming()
        return {"ready": app.state.coder_ready.is_set()}

    @app.post("/api/code", tags=["coding"], summary="Code an article on the fly")
    async def code(req: CodeRequest) -> dict[str, Any]:
        """Codes the text and returns the CodedArticle JSON (offsets index `text` of the
        response, which is the article body without its wire header). With `store: true`
        and a server started with writing allowed, the result is also written to the store.
        503 (with Retry-After) when too many articles wait for the coder, or the store is
        busy or held by another process."""
        coded, out = await coding.run(partial(_code, req))
        out["stored"] = False
        out["store_note"] = None
        if req.store:
            if not allow_store:
                out["store_note"] = "this server was started with --no-store"
            else:
                out["stored"], out["store_note"] = await writer.write(coded)
        # a coded article's JSON is tens of kB: rendered on a pool thread, not the event loop
        return await anyio.to_thread.run_sync(JSONResponse, out)

    def _code(req: CodeRequest) -> tuple[Any, dict[str, Any]]:
        """On the coding thread: one article at a time through the shared models."""
        from communique.model import Article

        article = Article.from_text(req.text, date=req.date, source=req.source,
                                    title=req.title, url=req.url, origin="api")
        coder_ = get_coder()
        with coder_lock:  # the warm-up thread may be loading it
            coded = coder_.code(article)
        return coded, coded.to_dict()

    def _write_batch(batch: list[Any]) -> list[tuple[bool, str | None]]:
        """On the writer thread: every queued article in one transaction, under the write lock.
        Another process writing the store (an ingest) is 503 with what to do, not a 500."""
        try:
            with lock.write(lock_wait):
                try:
                    store = Store(db_path)
                except (StoreError, duckdb.Error) as exc:
                    # StoreError wraps DuckDB's "Could not set lock on file ...: Conflicting lock"
                    if "lock" in str(exc.__cause__ or exc).lower():
                        raise Busy(f"the store {db_path.name} is being written by another process (is "
                                   "`communique ingest` running?); retry when it has finished, or "
                                   "start the server with --no-store to code without storing", 30) from exc
                    raise queries.StoreUnavailable(f"{db_path}: cannot open for writing ({exc})") from exc
                try:
                    return _write_each(store, batch)
                finally:
                    store.close()
        except LockTimeout as exc:
            raise Busy(f"the store is busy (queries are running); retry in a few seconds ({exc})") from exc

    def _write_each(store: Any, batch: list[Any]) -> list[tuple[bool, str | None]]:
        try:
            store.write(batch)
            return [(True, None)] * len(batch)
        except Exception:  # noqa: BLE001 - the transaction rolled back; find the article at fault
            pass
        # one bad article must not fail the others: one by one (writes are idempotent)
        results: list[tuple[bool, str | None]] = []
        for coded in batch:
            try:
                store.write([coded])
                results.append((True, None))
            except Exception as exc:  # noqa: BLE001 - reported in the article's answer
                results.append((False, f"not stored: {type(exc).__name__}: {exc}"))
        return results

    # --- web UI and docs -----------------------------------------------------------------

    static_dir = Path(str(STATIC))
    app.mount("/static", StaticFiles(directory=static_dir), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(static_dir / "index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(static_dir / "docs.html")

    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory communique.server.app:app_from_env`` (COMMUNIQUE_DB)."""
    db = os.environ.get("COMMUNIQUE_DB")
    if not db:
        raise RuntimeError("set COMMUNIQUE_DB to the DuckDB store path")
    return create_app(db, allow_store=os.environ.get("COMMUNIQUE_NO_STORE") != "1")
