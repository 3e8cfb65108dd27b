"""The FastAPI application: JSON API under /api, the web UI at /, offline API docs at /docs.

Queries open the store read-only per request; every filter is validated (patterns, ranges,
real dates) and reaches DuckDB only as a bound parameter.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from pydantic import BaseModel, ConfigDict, Field, field_validator

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
from communique.server.limits import BodyLimit, SecurityHeaders
from communique.server.rwlock import RWLock

MAX_BODY_BYTES = 200_000
MAX_ARTICLE_CHARS = 150_000
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
    store: bool = Field(False, description="also write the coded article to the store")

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


def store_connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request, held under the app's read lock."""
    lock: RWLock = request.app.state.lock
    lock.acquire_read()
    try:
        c = queries.open_readonly(request.app.state.db_path)
        try:
            yield c
        finally:
            c.close()
    finally:
        lock.release_read()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(store_connection)]


def event_filter(
    c: Con,
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
) -> EventFilter:
    """Names are turned into codes against this store (see ``analysis.names``)."""
    return parse_filter(
        c, actor=actor, source=source, target=target, country=country, dyad=dyad, both_directions=both,
        root=root, cameo=cameo, plover=plover, quad=quad, date_from=date_from, date_to=date_to, text=q,
        min_confidence=min_confidence, place=place, undated=undated,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
EXPORT_MEDIA = {
    "csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
    "gdelt": ("text/tab-separated-values", "gdelt.tsv"), "icews": ("text/tab-separated-values", "icews.tsv"),
}


def create_app(
    db_path: str | Path,
    *,
    coder: Any = None,
    allow_store: bool = True,
    max_body_bytes: int = MAX_BODY_BYTES,
    warm_coder: bool = False,
) -> FastAPI:
    """Build the app for one store. ``coder`` (a ``communique.pipeline.Coder``) is created on
    the first POST /api/code when not given, or before, in a background thread: when the web
    UI opens its paste view (POST /api/code/warm), or with ``warm_coder`` as the app starts.
    The first pasted article is then answered at once instead of after the model loads (a
    request that comes sooner waits for the load under way); the other views are not slowed
    by a load nobody asked for. ``allow_store=False`` makes the server never write."""
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

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "db": db_path.name}

    @app.get("/api/stats", tags=["meta"], summary="Table sizes and event date span")
    def stats(c: Con) -> dict[str, Any]:
        return queries.store_stats(c)

    @app.get("/api/events", tags=["events"], summary="Search deduplicated events")
    def events(
        c: Con,
        flt: Filter,
        page: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 1,
        page_size: Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)] = 50,
        sort: Literal["date_desc", "date_asc", "mentions_desc", "goldstein_asc", "goldstein_desc"] = "date_desc",
    ) -> dict[str, Any]:
        """Events matching every given filter, newest first by default, each with the evidence
        sentence and trigger of one mention (from its first article when possible)."""
        return queries.search_events(c, flt, page, page_size, sort)

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="An article with its mentions, actors and quotes")
    def article(c: Con, article_id: Annotated[str, PathParam(pattern=ARTICLE_ID_PATTERN)]) -> dict[str, Any]:
        art = queries.get_article(c, article_id)
        if art is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return art

    @app.get("/api/dyad", tags=["analysis"], summary="Monthly series for a dyad")
    def dyad(
        c: Con,
        flt: Filter,
        weight: Literal["events", "mentions"] = "events",
    ) -> dict[str, Any]:
        """Counts per quad class and mean Goldstein per month for `dyad` (required), with
        empty months filled in."""
        if not flt.dyad:
            raise FilterError("dyad", "required, e.g. RUS:IND")
        return queries.dyad_series(c, flt, weight)

    @app.get("/api/network", tags=["analysis"], summary="Country network")
    def network(
        c: Con,
        flt: Filter,
        min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """Directed edges between countries weighted by event count (with mean Goldstein and
        quad-class counts), and the countries they join."""
        return queries.country_network(c, flt, min_weight, limit)

    @app.get("/api/actors/top", tags=["analysis"], summary="Most active actors")
    def actors_top(
        c: Con,
        flt: Filter,
        by: Literal["code", "country", "name"] = "code",
        role: Literal["any", "source", "target"] = "any",
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 20,
    ) -> list[dict[str, Any]]:
        return queries.top_actors(c, flt, by, role, limit)

    @app.get("/api/cameo", tags=["analysis"], summary="Events per CAMEO code or root")
    def cameo_counts(
        c: Con,
        flt: Filter,
        level: Literal["cameo", "root"] = "root",
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 20,
    ) -> list[dict[str, Any]]:
        return queries.cameo_breakdown(c, flt, level, limit)

    @app.get("/api/map", tags=["analysis"], summary="Event locations and events per country")
    def event_map(
        c: Con,
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_MAP_POINTS)] = 2000,
        by: Literal["location", "actor"] = "location",
    ) -> dict[str, Any]:
        """One point per place with events (count per quad class, dominant quad class), the
        number of events without coordinates, and events per country for a choropleth: where
        they happened (`by=location`) or which countries took part (`by=actor`)."""
        out = queries.map_points(c, flt, limit)
        out["countries"] = queries.country_counts(c, flt, by)
        out["by"] = by
        return out

    @app.get("/api/network/actors", tags=["analysis"], summary="Actor network")
    def network_actors(
        c: Con,
        flt: Filter,
        min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """As /api/network between actor codes (RUSGOV, INDGOV...) instead of countries."""
        return queries.actor_network(c, flt, min_weight, limit)

    @app.get("/api/suggest", tags=["meta"], summary="Countries and actors for a filter box")
    def suggestions(
        c: Con,
        q: Annotated[str, Query(min_length=1, max_length=80, description="what the user typed")],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> list[dict[str, Any]]:
        """Countries and actor codes whose code or name starts with `q` (a word of the name),
        most events first: `value` is what the filter takes, `label` what to show."""
        return suggest(c, q, limit)

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
    def download(
        c: Con,
        flt: Filter,
        format: Literal["csv", "jsonl", "gdelt", "icews"] = "csv",
    ) -> FileResponse:
        """The events matching the filters as a file: CSV or JSONL (the deduplicated events with
        every field), GDELT 2.0 event table, or ICEWS TSV (as `communique export`)."""
        media, ext = EXPORT_MEDIA[format]
        tmp = tempfile.NamedTemporaryFile(prefix="communique-", suffix="." + ext, delete=False)
        tmp.close()
        export_con(c, format, tmp.name, flt.where())
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
    def code_warm() -> dict[str, bool]:
        """Starts loading the coder (spaCy model, lexicon, knowledge base) if it is not loaded,
        and returns at once: the web UI calls it when its paste view opens, so that the first
        article pasted does not wait for the load. ``ready`` says whether it is loaded."""
        start_warming()
        return {"ready": app.state.coder_ready.is_set()}

    @app.post("/api/code", tags=["coding"], summary="Code an article on the fly")
    def code(req: CodeRequest) -> dict[str, Any]:
        """Codes the text and returns the CodedArticle JSON (offsets index `text` of the
        response, which is the article body without its wire header). With `store: true`
        and a server started with writing allowed, the result is also written to the store."""
        from communique.model import Article

        article = Article.from_text(req.text, date=req.date, source=req.source,
                                    title=req.title, url=req.url, origin="api")
        coder_ = get_coder()
        with coder_lock:  # one article at a time through the shared models
            coded = coder_.code(article)
        out = coded.to_dict()
        out["stored"] = False
        out["store_note"] = None
        if req.store:
            out["stored"], out["store_note"] = _store(coded)
        return out

    def _store(coded: Any) -> tuple[bool, str | None]:
        if not allow_store:
            return False, "this server was started with --no-store"
        try:
            from communique.store import Store
        except ImportError as exc:
            return False, f"the store writer is not available ({exc})"
        with lock.write():
            store = Store(db_path)
            try:
                store.write([coded])
            finally:
                closer = getattr(store, "close", None) or getattr(getattr(store, "con", None), "close", None)
                if closer:
                    closer()
        return True, None

    # --- web UI and docs -----------------------------------------------------------------

    static_dir = Path(str(STATIC))
    app.mount("/static", StaticFiles(directory=static_dir), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static_dir / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(static_dir / "docs.html")

    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory communique.server.app:app_from_env`` (COMMUNIQUE_DB)."""
    db = os.environ.get("COMMUNIQUE_DB")
    if not db:
        raise RuntimeError("set COMMUNIQUE_DB to the DuckDB store path")
    return create_app(db, allow_store=os.environ.get("COMMUNIQUE_NO_STORE") != "1")
