"""``/sync``: push, the change feed (long-poll), snapshot pages, conflicts, scoped
reads of rows and verification by content (sync-protocol.md)."""
from __future__ import annotations

import time
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query
from starlette.concurrency import run_in_threadpool

from server import auth, logs
from server.errors import Gone
from server.http import ERRORS, ID, Deps, gone, json_page
from server.sync.scope import ancestors, sees_key_groups
from server.schemas import (ChangesOut, ConflictOut, PushIn, PushOut, ResolveIn, ResolveOut,
                            SnapshotPage, SnapshotPlan)


def router(d: Deps) -> APIRouter:
    store, settings, engine, principal, now = (
        d.store, d.settings, d.engine, d.principal, d.now)
    s = APIRouter(prefix="/sync", tags=["sync"])

    @s.post("/push", response_model=PushOut, responses=ERRORS)
    def push(body: PushIn, p: auth.Principal = Depends(principal)):
        results = engine.push(p, [o.model_dump() for o in body.ops], now())
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
        wait = min(wait, settings.long_poll_max)
        announcer = d.state.announcer
        deadline = time.monotonic() + wait
        waiter = None
        try:
            while True:
                if wait > 0 and announcer is not None:
                    # registered before the query: a commit between the two is not missed
                    waiter = announcer.watch(p.scope_path, ancestors(p.scope_path),
                                             sees_key_groups(p), cursor)
                try:
                    page = await run_in_threadpool(engine.changes, p, cursor, limit)
                except Gone as exc:
                    raise gone(exc) from None
                left = deadline - time.monotonic()
                if page["changes"] or page["has_more"] or left <= 0 or waiter is None:
                    return json_page(page)
                cursor = max(cursor, page["next_cursor"])
                waiter.cursor = cursor
                # parked: no query and no thread until a commit that may touch this
                # scope is announced (server/announce.py)
                if not await announcer.wait(waiter, left):
                    return json_page(page)
                waiter = None
        finally:
            if waiter is not None:
                announcer.drop(waiter)

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
            return json_page(engine.snapshot(p, entity, after,
                                             min(limit, settings.page_limit_max), at))
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
        from server.sync.context import Ctx, now_iso
        t = now()
        with store.write() as conn:
            result = engine.resolve(Ctx(conn, store, p, t, now_iso(t)), conflict_id,
                                    body.resolution, body.value)
        return result

    return s

