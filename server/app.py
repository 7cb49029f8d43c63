"""The FastAPI application: ``create_app(settings)``.

Errors are JSON ``{"detail": {"code", "message"}}`` with a 4xx status; a
malformed or hostile request never gets a 5xx (checked with schemathesis).
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import time
from typing import Any, Literal

import anyio
import anyio.to_thread
import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import server
from server import auth, db, logs, migrations
from server.config import Settings
from server.sync import Engine, Gone, Reject

ID = r"^[A-Za-z0-9_.:\-]{1,64}$"
TEXT = r"^[^\x00]*$"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None,
                 **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = (
            status, code, message, headers, extra)


def error_body(code: str, message: str, **extra) -> dict:
    return {"detail": {"code": code, "message": message, **extra}}


class Problem(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    detail: Problem | list | str


ERRORS = {s: {"model": ErrorOut} for s in (400, 401, 403, 404, 409, 410, 422, 423, 426)}
AUTH_ERRORS = {**ERRORS, 429: {"model": ErrorOut, "description": "too many failed sign-ins "
                               "from this client address (see the Retry-After header)"}}


# ---------------------------------------------------------------- models
class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=TEXT)
    password: str = Field(min_length=1, max_length=256, pattern=TEXT)
    device_id: str | None = Field(default=None, pattern=ID)
    device_secret: str | None = Field(
        default=None, max_length=128, pattern=r"^[A-Za-z0-9_\-]*$",
        description="the secret this server issued when the device was registered")
    device_name: str | None = Field(default=None, max_length=100, pattern=TEXT)


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    refresh_expires_in: int
    device_id: str | None = Field(
        default=None, description="the device these tokens are bound to. It differs from "
        "the one presented when that one is another person's or came without its "
        "secret: the desktop then uses this id (its device_seq starts again at 1)")
    device_secret: str | None = Field(
        default=None, description="issued when the device was registered (or first "
        "given a secret) by this sign-in; keep it and present it with device_id")


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200, pattern=TEXT)


class MeOut(BaseModel):
    user_id: str
    username: str
    display_name: str | None = None
    role: str
    scope_unit_id: str | None
    scope_path: str
    scope_version: int
    device_id: str | None
    protocol_version: int


class OpIn(BaseModel):
    """An op as the desktop wrote it. Only ``op_id`` and ``device_seq`` are checked
    here: without them no outcome can be recorded. Everything else is judged per op
    by the engine (server/authority.py ``intake_problem``), so one malformed op is
    refused at its ``device_seq`` and never blocks the ops after it."""
    op_id: str = Field(pattern=ID)
    device_seq: int = Field(ge=1, le=2**62)
    tx_id: str = Field(default="", max_length=200)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=200)
    op: str = Field(max_length=32, description="create | patch | delete | transition | attach")
    changed: Any = Field(default_factory=dict)
    base_version: Any = 0
    base_values: Any = Field(default_factory=dict)


class PushIn(BaseModel):
    ops: list[OpIn] = Field(max_length=100)


class OpResult(BaseModel):
    op_id: str
    status: Literal["applied", "conflict", "rejected", "held"]
    server_seq: int | None = None
    version: int | None = None
    conflict_id: str | None = None
    conflict_ids: list[str] | None = None
    code: str | None = None
    message: str | None = None


class PushOut(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    server_seq: int
    entity: str
    id: str
    version: int
    data: dict[str, Any] | None = None
    deleted: bool | None = None
    removed: bool | None = None


class ChangesOut(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    epoch: str
    scope_version: int


class SnapshotRow(BaseModel):
    id: str
    version: int
    data: dict[str, Any]


class SnapshotPage(BaseModel):
    entity: str
    rows: list[SnapshotRow]
    next_after: str | None = Field(description="the last id of this page (pass it as "
                                               "`after` for the next), null when empty")
    has_more: bool
    at: int = Field(description="the server_seq the snapshot is fixed at: pass it back "
                                "on every page, then pull /sync/changes from cursor=at")
    epoch: str
    scope_version: int


class SnapshotPlan(BaseModel):
    entities: list[str] = Field(description="what to snapshot, in this order "
                                            "(parents before children)")
    at: int
    epoch: str
    scope_version: int


class HealthOut(BaseModel):
    status: str
    database: str
    schema_version: int | None = None
    version: str


class ConflictOut(BaseModel):
    id: str
    entity: str
    entity_id: str
    kind: str
    field: str | None
    kept_value: Any = None
    other_value: Any = None
    kept_author: str | None
    other_author: str | None
    kept_author_name: str | None = None
    other_author_name: str | None = None
    kept_at: str | None
    other_at: str | None
    op_id: str | None
    state: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: str | None
    version: int
    created_at: str


class ResolveIn(BaseModel):
    resolution: Literal["keep", "take_other", "edit"]
    value: Any = None


class ResolveOut(BaseModel):
    status: str
    server_seq: int
    version: int


class DictionaryOut(BaseModel):
    name: str
    version: int
    content: Any


class DictionaryVersion(BaseModel):
    version: int
    sha256: str


class DictionaryVersions(BaseModel):
    dictionaries: dict[str, DictionaryVersion]


class StatusOut(BaseModel):
    status: str
    version: str
    protocol_version: int
    epoch: str


# ---------------------------------------------------------------- app
def create_app(settings: Settings | None = None, *, store: db.Store | None = None,
               clock=time.time, migrate: bool = True) -> FastAPI:
    settings = settings or Settings()
    store = store or db.Store(settings.db_url, pool_size=settings.db_pool_size,
                              max_overflow=settings.db_max_overflow)
    if migrate:
        migrations.migrate(store)
    engine = Engine(store, settings)
    @contextlib.asynccontextmanager
    async def lifespan(app_):
        # Threads run the database work; more of them than database connections only
        # queue for a connection while contending for the GIL
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        app_.state.loop = asyncio.get_running_loop()
        app_.state.changed = asyncio.Event()
        app_.state.argon2_limiter = anyio.CapacityLimiter(
            settings.argon2_threads or max(1, (os.cpu_count() or 2) // 2))
        await anyio.to_thread.run_sync(auth.dummy_hash, settings)
        yield

    def argon2_limiter() -> anyio.CapacityLimiter:
        limiter = getattr(app.state, "argon2_limiter", None)
        return limiter if limiter is not None else anyio.CapacityLimiter(1)

    app = FastAPI(title="GridDesk city server", version=server.__version__, lifespan=lifespan,
                  description="Sign-in, org tree, scoped sync (sync-protocol.md), blobs and "
                              "Open311 GeoReport v2 intake.")
    app.add_middleware(logs.RequestLog)
    app.state.settings, app.state.store, app.state.engine = settings, store, engine
    app.state.clock = clock
    app.state.changed = None   # asyncio.Event, made on the server's loop

    def now() -> float:
        return app.state.clock()

    def notify() -> None:
        loop, ev = getattr(app.state, "loop", None), app.state.changed
        if loop is not None and ev is not None:
            loop.call_soon_threadsafe(ev.set)

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

    # ------------------------------------------------------------ auth
    a = APIRouter(prefix="/auth", tags=["auth"])

    @a.post("/login", response_model=TokenOut, responses=AUTH_ERRORS)
    async def login(body: LoginIn, request: Request):
        """Sign in (and register or prove the device). Wrong passwords lock the account
        name for a while (423), whether or not such a user exists; too many failures
        from one address get 429. Both carry Retry-After."""
        address = request.client.host if request.client else None
        attempt = await run_in_threadpool(auth.begin_login, store, settings, body.username,
                                          address, now())
        if isinstance(attempt, auth.AuthError):
            raise attempt
        # argon2 on its own small pool, outside any transaction and outside the request
        # threads: a burst of sign-ins queues here instead of holding up pushes
        ok = await anyio.to_thread.run_sync(auth.check_password, settings, attempt,
                                            body.password, limiter=argon2_limiter())
        result = await run_in_threadpool(
            functools.partial(auth.finish_login, store, settings, attempt, ok,
                              device_id=body.device_id, device_secret=body.device_secret,
                              device_name=body.device_name, now=now()))
        if isinstance(result, auth.AuthError):
            raise result
        return result

    @a.post("/refresh", response_model=TokenOut, responses=ERRORS)
    def refresh(body: RefreshIn):
        return auth.refresh(store, settings, body.refresh_token, now())

    @a.post("/logout", status_code=204, responses=ERRORS)
    def logout(p: auth.Principal = Depends(principal)):
        auth.logout(store, p, now())

    @a.get("/me", response_model=MeOut, responses=ERRORS)
    def me(p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            display = conn.execute(sa.select(db.users.c.display_name).where(
                db.users.c.id == p.user_id)).scalar()
        return MeOut(user_id=p.user_id, username=p.username, display_name=display,
                     role=p.role,
                     scope_unit_id=p.scope_unit_id, scope_path=p.scope_path,
                     scope_version=p.scope_version, device_id=p.device_id,
                     protocol_version=server.PROTOCOL_VERSION)

    app.include_router(a)

    # ------------------------------------------------------------ sync
    s = APIRouter(prefix="/sync", tags=["sync"])

    @s.post("/push", response_model=PushOut, responses=ERRORS)
    def push(body: PushIn, p: auth.Principal = Depends(principal)):
        results = engine.push(p, [o.model_dump() for o in body.ops], now())
        if any(r.get("server_seq") for r in results):
            notify()
        counts: dict[str, int] = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        logs.event("push", ops=len(results), **counts)
        return {"results": results}

    @s.get("/changes", response_model=ChangesOut, responses=ERRORS,
           response_model_exclude_none=True)
    async def changes(cursor: int = Query(0, ge=0, le=2**62),
                      limit: int = Query(500, ge=1, le=10000),
                      wait: float = Query(0, ge=0, le=600,
                                          description="long-poll: seconds to wait for a change"),
                      p: auth.Principal = Depends(principal)):
        """The change feed after `cursor`, in server_seq order, within the caller's
        scope. A row that left the scope (moved, or became a key-group tag for a role
        without 防) comes as `removed`.

        The desktop keeps `epoch` and `scope_version` and rebuilds (snapshot, then
        changes from its `at`) when either differs from what it has: `epoch` after
        the server was restored from a backup (re-push unconfirmed ops first),
        `scope_version` after the user's scope or role changed. The feed does not
        replay the rows of an old scope as removals; the rebuild drops them.
        410 `cursor_expired` when the cursor is older than the retention (or 0 after a
        prune): rebuild with a snapshot."""
        limit = min(limit, settings.page_limit_max)
        deadline = time.monotonic() + min(wait, settings.long_poll_max)
        while True:
            ev = app.state.changed
            if ev is not None:
                ev.clear()
            try:
                page = await run_in_threadpool(engine.changes, p, cursor, limit)
            except Gone as exc:
                raise gone(exc) from None
            left = deadline - time.monotonic()
            if page["changes"] or page["has_more"] or left <= 0:
                return page
            if page["next_cursor"] > cursor:
                cursor = page["next_cursor"]   # invisible changes only: skip past them
            try:   # woken by a push in this process; polls for other server processes
                await asyncio.wait_for(ev.wait() if ev else asyncio.sleep(left),
                                       timeout=min(left, 1.0))
            except asyncio.TimeoutError:
                pass

    def gone(exc: Gone | None = None) -> ApiError:
        if exc is not None and exc.args and exc.args[0] == "at_ahead":
            return ApiError(410, "at_ahead", "`at` is ahead of this server (restored from "
                                             "a backup?): start the snapshot again")
        if exc is not None and exc.args and exc.args[0] == "cursor_ahead":
            return ApiError(410, "cursor_ahead", "the cursor is ahead of this server "
                                                 "(restored from a backup?): resync")
        return ApiError(410, "cursor_expired",
                        "older than the server's retention: start again with a snapshot")

    @s.get("/snapshot/entities", response_model=SnapshotPlan, responses=ERRORS)
    def snapshot_entities(p: auth.Principal = Depends(principal)):
        """The entities to snapshot, in order, and the `at` to fix the snapshot at
        (the same as GET /sync/snapshot without `entity`)."""
        return engine.snapshot_plan(p)

    @s.get("/snapshot", response_model=SnapshotPage | SnapshotPlan, responses=ERRORS)
    def snapshot(entity: str | None = Query(None, pattern=r"^[a-z_]{1,32}$"),
                 after: str | None = Query(None, pattern=ID,
                                           description="the `next_after` of the page before"),
                 limit: int = Query(500, ge=1, le=10000),
                 at: int | None = Query(None, ge=0, le=2**62,
                                        description="the `at` of the first page"),
                 p: auth.Principal = Depends(principal)):
        """Initial sync (and the rebuild after 410, a new epoch or a new scope_version).

        Without `entity`: the plan, `{entities, at, epoch, scope_version}`. With it:
        one page of the live rows of that entity in the caller's scope, ordered by id,
        `data` shaped as in /sync/changes. The first page fixes `at` (the highest
        server_seq no earlier one can still commit under); pass it back on every page,
        then pull /sync/changes from cursor=at. A row changed after `at` may come here
        with a newer version and again in those changes: keep the higher version.
        410 `cursor_expired` when `at` is older than the retention, 410 `at_ahead`
        when the server no longer knows it (restored from a backup): start again."""
        try:
            if entity is None:
                return engine.snapshot_plan(p)
            return engine.snapshot(p, entity, after, min(limit, settings.page_limit_max), at)
        except Gone as exc:
            raise gone(exc) from None

    @s.get("/conflicts", response_model=list[ConflictOut], responses=ERRORS)
    def list_conflicts(state: Literal["open", "resolved"] | None = None,
                       limit: int = Query(200, ge=1, le=1000),
                       p: auth.Principal = Depends(principal)):
        return engine.list_conflicts(p, state, limit)

    @s.post("/conflicts/{conflict_id}/resolve", response_model=ResolveOut, responses=ERRORS)
    def resolve(body: ResolveIn, conflict_id: str = Path(pattern=ID),
                p: auth.Principal = Depends(principal)):
        from server.sync import Ctx, _now_iso
        t = now()
        with store.write() as conn:
            result = engine.resolve(Ctx(conn, store, p, t, _now_iso(t)), conflict_id,
                                    body.resolution, body.value)
        notify()
        return result

    app.include_router(s)

    # ------------------------------------------------------------ misc
    @app.get("/health", response_model=HealthOut, tags=["misc"],
             responses={503: {"model": HealthOut}})
    def health():
        """For a load balancer or monitoring: 200 when the database answers, else 503."""
        try:
            with store.read() as conn:
                version = migrations.current_version(conn)
        except sa.exc.SQLAlchemyError:
            logs.log.warning("health: database unreachable")
            return JSONResponse({"status": "unavailable", "database": "unreachable",
                                 "version": server.__version__}, status_code=503)
        return HealthOut(status="ok", database="ok", schema_version=version,
                         version=server.__version__)

    @app.get("/status", response_model=StatusOut, tags=["misc"])
    def status():
        with store.read() as conn:
            epoch = store.meta(conn, "epoch") or ""
        return StatusOut(status="ok", version=server.__version__,
                         protocol_version=server.PROTOCOL_VERSION, epoch=epoch)

    digests: dict[tuple, str] = {}     # (name, version, updated_at) -> sha256

    @app.get("/dictionaries", response_model=DictionaryVersions, responses=ERRORS,
             tags=["misc"])
    def dictionary_versions(p: auth.Principal = Depends(principal)):
        """The loaded dictionaries' versions (and SHA-256 of their canonical JSON), which
        a desktop polls each sync to fetch only what changed. A dictionary not listed
        was never loaded: both sides use the one shipped with GridDesk."""
        from app.models.domain.dictionaries import digest
        t = db.dictionaries
        with store.read() as conn:
            rows = conn.execute(sa.select(t.c.name, t.c.version, t.c.updated_at)).all()
            if any(tuple(r) not in digests for r in rows):   # a newly loaded version
                rows = []
                for name, version, updated_at, content in conn.execute(sa.select(
                        t.c.name, t.c.version, t.c.updated_at, t.c.content)):
                    digests[(name, version, updated_at)] = digest(content)
                    rows.append((name, version, updated_at))
        return {"dictionaries": {name: {"version": version,
                                        "sha256": digests[(name, version, updated_at)]}
                                 for name, version, updated_at in rows}}

    @app.get("/dictionaries/{name}", response_model=DictionaryOut, responses=ERRORS,
             tags=["misc"])
    def dictionary(name: str = Path(pattern=r"^[a-z_]{1,32}$"),
                   p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            row = conn.execute(sa.select(db.dictionaries).where(db.dictionaries.c.name == name)
                               ).mappings().first()
        if row is None:
            raise ApiError(404, "not_found", f"no dictionary {name!r}")
        return DictionaryOut(name=row["name"], version=row["version"], content=row["content"])

    from server import blobs, open311
    app.include_router(blobs.router(store, settings, engine, principal, now))
    from server import device_audit
    app.include_router(device_audit.router(store, principal, now))
    from server import verify as verifying
    app.include_router(verifying.router(engine, principal))
    app.include_router(open311.router(store, settings, engine, now, notify))
    return app


def app_from_env() -> FastAPI:
    """The application as uvicorn builds it in each worker process of ``python -m
    server serve`` (settings from the GRIDDESK_SERVER_* environment that the command
    set; it has already migrated the database)."""
    from server import config
    return create_app(config.load(), migrate=False)
