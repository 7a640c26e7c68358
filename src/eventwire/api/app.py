"""The FastAPI app: settings, store lifecycle, authentication, errors and the dashboard files.

    app = create_app(ApiSettings(db="eventwire.db", token="s3cret"))
    uvicorn.run(app)            # what ``eventwire serve`` does

One store per app, opened at startup with ``eventwire.store.open_store`` (a path or a URL) and
used only from the event loop's thread: handlers are ``async`` and call it directly, so an
SQLite connection is never shared between threads and every write goes through one writer.
The pipeline for ``POST /api/articles`` is built at startup and loaded (models opened) at the
first article; it runs in a worker thread, one article at a time.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from fastapi import Depends, FastAPI, HTTPException, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from ..errors import ConfigError, EventwireError, InputError, StoreError

#: Env var ``eventwire serve`` reads the API token from when ``--token`` is not given.
TOKEN_ENV = "EVENTWIRE_API_TOKEN"


def default_static_dir() -> Path:
    """Where the built dashboard lives inside the package (``src/eventwire/web/static``)."""
    return Path(str(resources.files("eventwire").joinpath("web/static")))


@dataclass(frozen=True)
class ApiSettings:
    """How ``create_app`` serves: which store, which token, what limits."""

    db: str = "eventwire.db"  # path, sqlite:///path or postgresql://...
    token: str | None = None  # bearer token for POST /api/articles (and reads with protect_reads)
    protect_reads: bool = False  # reads need the token too
    max_body_bytes: int = 2_000_000  # largest POST body accepted (413 above)
    create_db: bool = False  # create a missing SQLite file instead of refusing to start
    config: Settings = field(default_factory=Settings)  # pipeline settings (eventwire --config)
    static_dir: Path | None = None  # dashboard files; default: the package's web/static

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise ConfigError("the API token is empty", hint="pass a non-empty --token or unset it")
        if self.protect_reads and not self.token:
            raise ConfigError(
                "--protect-reads needs a token", hint=f"pass --token TOKEN or set {TOKEN_ENV}"
            )
        if self.max_body_bytes <= 0:
            raise ConfigError(f"max_body_bytes must be > 0, not {self.max_body_bytes}")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error codes, all ``{"detail": str}``."""
    from .models import ErrorOut

    text = {
        400: "Bad request.",
        401: "No API token sent.",
        403: "Wrong API token, or ingest disabled.",
        404: "Not found.",
        406: "None of the accepted media types can be produced.",
        413: "Request body over the size limit.",
        415: "Unsupported request content type.",
        422: "Invalid parameter or body.",
        503: "The store is unavailable (locked or down).",
    }
    return {c: {"model": ErrorOut, "description": text[c]} for c in codes}


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The API token given to `eventwire serve --token` "
    f"(or ${TOKEN_ENV}), sent as `Authorization: Bearer <token>`.",
)


def _check_token(request: Request, creds: HTTPAuthorizationCredentials | None, what: str) -> None:
    token = request.app.state.api.token
    if token is None:
        raise HTTPException(
            403,
            f"{what} is disabled on this server: start it with "
            f"`eventwire serve --token TOKEN` (or set {TOKEN_ENV})",
        )
    if creds is None:
        raise HTTPException(
            401,
            "missing API token: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(creds.credentials.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            403, "wrong API token: use the token `eventwire serve` was started with"
        )


async def require_token(
    request: Request, creds: HTTPAuthorizationCredentials | None = Security(_bearer)
) -> None:
    """Dependency of the write routes: a valid bearer token, always."""
    _check_token(request, creds, "ingest")


async def read_access(
    request: Request, creds: HTTPAuthorizationCredentials | None = Security(_bearer)
) -> None:
    """Dependency of the read routes when reads are protected: a valid bearer token."""
    _check_token(request, creds, "reading")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:])
        place = {
            "query": "query parameter",
            "path": "path parameter",
            "header": "header",
            "body": "body field",
        }.get(where, where)
        label = f"{place} {name!r}" if name else ("request body" if where == "body" else place)
        parts.append(f"{label}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    from ..registry import load_pipeline
    from ..store import open_store

    api: ApiSettings = app.state.api
    # Opened here, on the event loop's thread, where every handler then uses it.
    app.state.store = open_store(api.db, create=api.create_db)
    app.state.pipeline = load_pipeline(api.config)  # built, not loaded: models load at first POST
    app.state.pipeline_open = False
    # One article at a time through the pipeline: a spaCy pipeline is not shared across threads.
    app.state.pipeline_slot = anyio.Lock()
    try:
        yield
    finally:
        if hasattr(app.state, "gate"):  # opened by the first POST over this store
            if app.state.gate is not None:
                app.state.gate.finish()
            del app.state.gate
        if app.state.pipeline_open:
            app.state.pipeline.close()
        app.state.store.close()


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """The eventwire FastAPI app over the store ``settings.db`` (opened when the app starts)."""
    from . import ingest, routes

    api = settings or ApiSettings()
    app = FastAPI(
        title="eventwire",
        version=__version__,
        summary="Coded political and conflict events from news, with the evidence behind every field.",
        description=(
            "Read the events, articles, actors, claims and aggregates of an eventwire store, and "
            "post articles to be coded. JSON by default; `GET /api/events` also answers CSV "
            "(ACLED-style) and GeoJSON by `Accept` header or `format`. Errors are "
            '`{"detail": "..."}` with a 4xx status.'
        ),
        lifespan=_lifespan,
        openapi_url="/openapi.json",
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; eventwire runs offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.api = api

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            # Starlette lists the methods of the first route matching the path only; GET and
            # POST /api/articles are two routes, so Allow is computed over all of them.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(
            {"detail": str(exc.detail)}, status_code=exc.status_code, headers=headers or None
        )

    @app.exception_handler(InputError)
    async def _bad_input(_request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": f"[{exc.code}] {exc}"}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"[{exc.code}] {exc}"}, status_code=503)

    @app.exception_handler(EventwireError)
    async def _eventwire(_request: Request, exc: EventwireError) -> JSONResponse:
        return JSONResponse({"detail": f"[{exc.code}] {exc}"}, status_code=422)

    app.include_router(
        routes.router, dependencies=[Depends(read_access)] if api.protect_reads else None
    )
    app.include_router(ingest.router)
    _mount_dashboard(app, api.static_dir or default_static_dir())
    return app


def _allowed_methods(request: Request) -> list[str]:
    from starlette.routing import Match, Route

    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match != Match.NONE or route.path_regex.match(request.url.path):
                methods |= set(route.methods)
    return sorted(methods)


def _mount_dashboard(app: FastAPI, static: Path) -> None:
    missing = (
        f"the dashboard assets are missing ({static / 'index.html'} not found): build them "
        "with `npm --prefix frontend ci && npm --prefix frontend run build`, or use the JSON API "
        "under /api/ "
        "(documented at /openapi.json)"
    )

    @app.get("/", include_in_schema=False)
    async def dashboard() -> FileResponse:
        index = static / "index.html"
        if not index.is_file():
            raise HTTPException(404, missing)
        return FileResponse(index, media_type="text/html")

    if static.is_dir():
        app.mount("/static", StaticFiles(directory=str(static)), name="static")
    else:

        @app.get("/static/{path:path}", include_in_schema=False)
        async def no_static(path: str) -> None:
            raise HTTPException(404, missing)


def env_token() -> str | None:
    """The API token from the environment (``$EVENTWIRE_API_TOKEN``), or None."""
    return os.environ.get(TOKEN_ENV) or None
