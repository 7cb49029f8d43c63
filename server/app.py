"""The FastAPI application: ``create_app(settings)``.

Errors are JSON ``{"detail": {"code", "message"}}`` with a 4xx status; a
malformed or hostile request never gets a 5xx (checked with schemathesis).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import time

import anyio
import anyio.to_thread
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

import server
from server import auth, db, logs, migrations
from server.announce import Announcer
from server.config import Settings
from server.errors import Reject
from server.http import ApiError, Deps, error_body
from server.sync.engine import Engine


def create_app(settings: Settings | None = None, *, store: db.Store | None = None,
               clock=time.time, migrate: bool = True) -> FastAPI:
    settings = settings or Settings()
    store = store or db.Store(settings.db_url, pool_size=settings.db_pool_size,
                              max_overflow=settings.db_max_overflow)
    if migrate:
        migrations.migrate(store)
    engine = Engine(store, settings)
    announcer = Announcer()

    @contextlib.asynccontextmanager
    async def lifespan(app_):
        # Threads run the database work; more of them than database connections only
        # queue for a connection while contending for the GIL
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        app_.state.loop = asyncio.get_running_loop()
        app_.state.argon2_limiter = anyio.CapacityLimiter(
            settings.argon2_threads or max(1, (os.cpu_count() or 2) // 2))
        await anyio.to_thread.run_sync(auth.dummy_hash, settings)
        # parked long-polls wake on announced commits (server/announce.py): this
        # process's in memory, other processes' through PostgreSQL LISTEN/NOTIFY
        announcer.start(store, app_.state.loop)
        store.on_commit = announcer.publish
        try:
            yield
        finally:
            store.on_commit = None
            announcer.stop()

    def argon2_limiter() -> anyio.CapacityLimiter:
        limiter = getattr(app.state, "argon2_limiter", None)
        return limiter if limiter is not None else anyio.CapacityLimiter(1)

    app = FastAPI(title="GridDesk city server", version=server.__version__, lifespan=lifespan,
                  description="Sign-in, org tree, scoped sync (sync-protocol.md), blobs and "
                              "Open311 GeoReport v2 intake.")
    app.add_middleware(logs.RequestLog)
    app.state.settings, app.state.store, app.state.engine = settings, store, engine
    app.state.clock = clock
    app.state.announcer = announcer

    def now() -> float:
        return app.state.clock()

    @app.exception_handler(ApiError)
    async def _api_error(_req, exc: ApiError):
        return JSONResponse(error_body(exc.code, exc.message, **exc.extra),
                            status_code=exc.status, headers=exc.headers)

    @app.exception_handler(auth.AuthError)
    async def _auth_error(_req, exc: auth.AuthError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        if "retry_after" in exc.extra:        # 423 locked, 429 rate limited
            headers["Retry-After"] = str(exc.extra["retry_after"])
        return JSONResponse(error_body(exc.code, exc.message, **exc.extra),
                            status_code=exc.status, headers=headers or None)

    @app.exception_handler(Reject)
    async def _reject(_req, exc: Reject):
        status = {"forbidden": 403, "not_found": 404, "device_required": 400,
                  "device_revoked": 403, "resolved": 409}.get(exc.code, 422)
        return JSONResponse(error_body(exc.code, exc.message), status_code=status)

    @app.exception_handler(sa.exc.StatementError)
    async def _bad_value(_req, exc: sa.exc.StatementError):
        # text the database cannot store (a lone surrogate, a NUL byte): the client's fault
        if isinstance(exc.orig, (UnicodeError, ValueError)) or \
                type(exc.orig).__name__ in ("DataError", "StringDataRightTruncation"):
            return JSONResponse(error_body("bad_value", "a value cannot be stored"),
                                status_code=422)
        raise exc

    @app.exception_handler(UnicodeError)
    async def _unicode(_req, exc):
        return JSONResponse(error_body("bad_value", "text is not valid Unicode"),
                            status_code=422)

    bearer = HTTPBearer(auto_error=False)

    def principal(creds: HTTPAuthorizationCredentials | None = Depends(bearer),
                  x_griddesk_protocol: int | None = Header(default=None, ge=0, le=1000)
                  ) -> auth.Principal:
        if x_griddesk_protocol is not None and x_griddesk_protocol < settings.min_protocol:
            raise ApiError(426, "upgrade_required", "this GridDesk is too old; upgrade it")
        if creds is None:
            raise ApiError(401, "no_token", "sign in first",
                           headers={"WWW-Authenticate": "Bearer"})
        return auth.authenticate(store, creds.credentials, now())

    deps = Deps(store, settings, engine, principal, now, app.state)
    from server import blobs, device_audit, forms, h5, indicators, open311
    from server.routes import auth as auth_routes
    from server.routes import misc, sync
    from server.routes import verify as verify_routes
    app.include_router(auth_routes.router(deps))
    app.include_router(sync.router(deps))
    app.include_router(misc.router(deps))
    app.include_router(blobs.router(store, settings, engine, principal, now))
    app.include_router(device_audit.router(store, principal, now))
    app.include_router(verify_routes.router(engine, principal))
    app.include_router(open311.router(store, settings, engine, now))
    app.include_router(h5.router(store, settings, engine, now))
    app.include_router(indicators.router(engine, principal, now))
    app.include_router(forms.router(store, principal, now))
    return app


def app_from_env() -> FastAPI:
    """The application as uvicorn builds it in each worker process of ``python -m
    server serve`` (settings from the GRIDDESK_SERVER_* environment that the command
    set; it has already migrated the database)."""
    from server import config
    return create_app(config.load(), migrate=False)
