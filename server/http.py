"""What every route of the city server shares: the error shape (``{"detail":
{"code", "message"}}`` with a 4xx status; a malformed or hostile request never gets a
5xx), the id and text patterns, and ``Deps``, what the routers are built from."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel
from starlette.responses import Response

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


@dataclass
class Deps:
    """What a router needs: the store, settings and sync engine, the dependency that
    gives the signed-in principal, the clock, and the application's state (its
    announcer of changes, the argon2 pool)."""
    store: Any
    settings: Any
    engine: Any
    principal: Callable
    now: Callable[[], float]
    state: Any


def gone(exc: Exception | None = None) -> ApiError:
    """The 410 a desktop rebuilds after (a cursor or snapshot point it must drop)."""
    if exc is not None and exc.args and exc.args[0] == "at_ahead":
        return ApiError(410, "at_ahead", "`at` is ahead of this server (restored from "
                                         "a backup?): start the snapshot again")
    if exc is not None and exc.args and exc.args[0] == "cursor_ahead":
        return ApiError(410, "cursor_ahead", "the cursor is ahead of this server "
                                             "(restored from a backup?): resync")
    return ApiError(410, "cursor_expired",
                    "older than the server's retention: start again with a snapshot")


def json_page(obj: dict):
    """A page of rows (snapshot, change feed) encoded once by the standard library's C
    encoder, not validated and dumped again by pydantic: rows are plain JSON values and
    the route's ``response_model`` still documents the shape (a third of a snapshot
    page's server time went to that second pass)."""
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                               allow_nan=False).encode(), media_type="application/json")
