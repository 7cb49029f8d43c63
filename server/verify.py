"""Scoped reads by id and verification by content (sync-protocol.md, Amendments
2026-12: "Verify by content", "Invisible rows stay invisible").

- ``POST /sync/rows {"entity", "ids"}``: the current server state of up to 500
  rows, with exactly the visibility of a snapshot page: live rows through the
  snapshot's own clause (``Engine._row_clause``), deleted rows through the change
  feed's rules (``Engine._visible`` and ``Engine._key_hidden``), which is how the
  caller learnt of them. A row the caller may not see is reported exactly like
  one that does not exist: listed in ``missing``, nothing else.
"""
from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from server import auth, db
from server.sync import PULL_ENTITIES, Engine, Reject, public_row

ID = r"^[A-Za-z0-9_.:\-]{1,64}$"
MAX_IDS = 500
RowId = Annotated[str, Field(pattern=ID)]


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


def _table(entity: str) -> sa.Table:
    return db.conflicts if entity == "conflicts" else db.ENTITIES[entity]


def check_entity(engine: Engine, p: auth.Principal, entity: str) -> sa.Table:
    """The same refusals as a snapshot page."""
    entities = engine._visible_entities(p)
    if not entities:
        raise Reject("forbidden", f"{p.role} does not sync")
    if entity not in PULL_ENTITIES:
        raise Reject("unknown_entity", f"unknown entity {entity!r}")
    if entity not in entities:
        raise Reject("forbidden", f"{p.role} does not receive {entity}")
    return _table(entity)


def read_rows(engine: Engine, p: auth.Principal, entity: str, ids: list[str]) -> dict:
    """The rows ``ids`` of ``entity`` as ``p`` may see them, in the order asked."""
    t = check_entity(engine, p, entity)
    ids = list(dict.fromkeys(ids))
    live: dict[str, dict] = {}
    deleted: dict[str, dict] = {}
    if ids:
        with engine.store.read() as conn:
            for r in conn.execute(sa.select(t).where(*engine._row_clause(p, entity, t),
                                                     t.c.id.in_(ids))).mappings():
                live[r["id"]] = dict(r)
            rest = [i for i in ids if i not in live]
            if rest and entity != "conflicts":
                found = {(entity, r["id"]): dict(r) for r in conn.execute(
                    sa.select(t).where(t.c.id.in_(rest), t.c.deleted_at.is_not(None)))
                    .mappings()}
                hidden = engine._key_hidden(conn, p, found)
                deleted = {key[1]: row for key, row in found.items()
                           if key not in hidden and engine._visible(p, entity, row)}
            if entity == "conflicts":
                engine._name_authors(conn, list(live.values()))
    rows, missing = [], []
    for row_id in ids:
        if row_id in live:
            row = live[row_id]
            rows.append({"id": row_id, "version": row["version"], "data": public_row(row)})
        elif row_id in deleted:
            rows.append({"id": row_id, "version": deleted[row_id]["version"], "deleted": True})
        else:
            missing.append(row_id)
    return {"rows": rows, "missing": missing}


def router(engine: Engine, principal) -> APIRouter:
    from server.app import ERRORS

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
        return read_rows(engine, p, body.entity, body.ids)

    return r
