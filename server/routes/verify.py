"""``POST /sync/rows`` (scoped reads by id) and ``GET /sync/verify`` (verification by
content): the HTTP side of server/sync/verify.py."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from app.models.domain import content
from server import auth
from server.errors import Reject
from server.http import ERRORS, ID
from server.sync import verify as verifying
from server.sync.verify import MAX_IDS

RowId = Annotated[str, Field(pattern=ID)]
Bucket = Annotated[int, Field(ge=0, lt=content.BUCKETS)]


class RowsIn(BaseModel):
    entity: str = Field(pattern=r"^[a-z_]{1,32}$")
    ids: list[RowId] = Field(max_length=MAX_IDS)


class RowOut(BaseModel):
    id: str
    version: int
    data: dict[str, Any] | None = None
    deleted: bool | None = None


class RowsOut(BaseModel):
    rows: list[RowOut]
    missing: list[str] = Field(description="ids the caller cannot see: never existed, "
                                           "outside the scope, or hidden (key-group tags)")



class TableCheck(BaseModel):
    count: int
    hash: str


class BucketsOut(BaseModel):
    entity: str
    count: int
    hash: str
    buckets: dict[str, TableCheck] = Field(description="non-empty buckets by number")


class DigestsOut(BaseModel):
    entity: str
    rows: dict[str, str] = Field(description="id -> content digest, for the rows in the "
                                             "buckets asked for")


class VerifyOut(BaseModel):
    tables: dict[str, TableCheck]
    algorithm: str
    buckets: int = content.BUCKETS



def router(engine, principal) -> APIRouter:


    r = APIRouter(prefix="/sync", tags=["sync"])

    @r.post("/rows", response_model=RowsOut, responses=ERRORS,
            response_model_exclude_none=True)
    def rows(body: RowsIn, p: auth.Principal = Depends(principal)):
        """The server's current state of specific rows (up to 500), e.g. to repair
        what a verify found different, or to rebase a refused edit. Visibility is a
        snapshot page's: `{id, version, data}` for a live row (`data` shaped as in
        /sync/changes), `{id, version, deleted: true}` for a deleted row in the
        caller's scope, and every other id, whether it never existed or the caller
        may not see it, only in `missing`."""
        return verifying.read_rows(engine, p, body.entity, body.ids)

    @r.get("/verify", response_model=VerifyOut | BucketsOut | DigestsOut, responses=ERRORS)
    def verify(entity: str | None = Query(None, pattern=r"^[a-z_]{1,32}$"),
               bucket: list[Bucket] | None = Query(None, max_length=content.BUCKETS),
               p: auth.Principal = Depends(principal)):
        """Verification by content (app.models.content, algorithm `griddesk-content-1`):
        the live rows the caller's snapshot would hold, each as the SHA-256 of its id,
        version and shared column values in canonical form; a bucket's hash is the sum
        of its rows' digests and a table's the SHA-256 of its buckets.

        Without `entity`: `{tables: {entity: {count, hash}}, algorithm, buckets}`.
        With `entity`: that table's count and hash and its non-empty buckets'.
        With `entity` and one or more `bucket`: `{entity, rows: {id: digest}}` for
        the rows in those buckets. Fetch the rows that differ with POST /sync/rows."""
        if entity is None:
            if bucket:
                raise Reject("entity_required", "bucket needs entity")
            return engine.verify(p)
        if bucket:
            return verifying.bucket_digests(engine, p, entity, bucket)
        return verifying.buckets(engine, p, entity)

    return r
