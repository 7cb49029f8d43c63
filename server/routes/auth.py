"""``/auth``: sign-in (and device registration), token refresh, sign-out, who am I."""
from __future__ import annotations

import functools

import anyio
import anyio.to_thread
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

import server
from server import auth, db
from server.http import ERRORS, Deps
from server.http import AUTH_ERRORS
from server.schemas import LoginIn, MeOut, RefreshIn, TokenOut


def router(d: Deps) -> APIRouter:
    store, settings, principal, now = d.store, d.settings, d.principal, d.now

    def argon2_limiter() -> anyio.CapacityLimiter:
        limiter = getattr(d.state, "argon2_limiter", None)
        return limiter if limiter is not None else anyio.CapacityLimiter(1)

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

    return a

