"""The sync engine (sync-protocol.md): push, then pull; a full resync when the
server asks for one. Qt-free: the desktop runs it on a worker thread with its
own database connection, the tests and the smoke run call it directly.

Every step is resumable because every step commits what it learned in the
same SQLite transaction as the data it changed:

- push: ops are marked ``inflight`` (attempts + 1) before sending; the answers
  are stored per op. A lost answer only means the same ops are sent again,
  and the server returns their stored outcomes (idempotent by op id).
- pull: a page of changes and the cursor after it are one transaction, so the
  cursor can never get ahead of the data.
- full resync (first sign-in, a new server epoch, a new scope, a cursor older
  than the server's retention): snapshot pages at a fixed ``server_seq``, each
  page committed with its position; rows the server did not send are swept
  at the end; then the change feed continues from that ``server_seq``.
"""
from __future__ import annotations

import json
from typing import Callable

from app.models.roster import search
from app.models.store import clock
from app.models.store import settings as app_settings
from app.models.write import audit, outbox
from app.models.write.unit import SYNCED_TABLES
from app.sync import apply as applying
from app.sync.apply import foreign_keys_off
from app.sync.client import Client, CursorExpired, ServerRefused
from app.sync.outcomes import FORWARDED, NEEDS_ATTENTION_ATTEMPTS, label_of
from app.sync.progress import Cancelled, Progress, SyncResult

PUSH_BATCH = 100
PULL_LIMIT = 500
SNAPSHOT_LIMIT = 5000
PULLED = tuple(e for e in applying.ENTITIES)




class SyncEngine:
    """``store`` is anything with ``.conn`` and ``.transaction()`` (a ``Store`` or a
    worker's ``ConnectionStore``); ``data_dir`` holds the photo files."""

    def __init__(self, store, client: Client, *, data_dir=None):
        self.store = store
        self.conn = store.conn
        self.client = client
        self.data_dir = data_dir
        self._previews: dict[str, dict] = {}   # op id -> a resolution's preview (not sent)

    # ------------------------------------------------------------ state
    def state(self) -> dict:
        cur = self.conn.execute("SELECT * FROM sync_state WHERE id = 1")
        cols = [c[0] for c in cur.description]
        return dict(zip(cols, cur.fetchone()))

    def status(self) -> dict:
        """What the status bar and the 同步 page show."""
        c = self.conn
        st = self.state()
        counts = dict(c.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        attention = c.execute(
            "SELECT count(*) FROM outbox WHERE (state = 'rejected' AND retried_by IS NULL) OR "
            "(state IN ('pending', 'inflight') AND attempts >= ?)",
            (NEEDS_ATTENTION_ATTEMPTS,)).fetchone()[0]
        open_conflicts = c.execute("SELECT count(*) FROM conflicts WHERE state = 'open'"
                                   ).fetchone()[0]
        return {"pending": counts.get("pending", 0) + counts.get("inflight", 0),
                "needs_attention": attention, "conflicts_open": open_conflicts,
                "last_success_at": st["last_success_at"], "cursor": st["cursor"],
                "initial_done": st["cursor"] > 0 or bool(st["server_epoch"]),
                "resync_pending": bool(st["resync_reason"] or st["snapshot_at"])}

    def _set_state(self, conn, **values) -> None:
        conn.execute(f"UPDATE sync_state SET {', '.join(f'{k} = ?' for k in values)} WHERE id = 1",
                     list(values.values()))

    # ------------------------------------------------------------ the whole run
    def sync(self, *, wait: float = 0, progress: Callable[[Progress], None] | None = None,
             cancel: Callable[[], bool] | None = None) -> SyncResult:
        """One sync: push everything pending, resync if needed, pull to the end
        (long-polling ``wait`` seconds for the first page when nothing else is due),
        push again if the pull made work, upload waiting photos. Raises ``Offline``
        and friends; whatever was done before the error stays done."""
        result = SyncResult()
        report = progress or (lambda p: None)
        stop = cancel or (lambda: False)
        log_id = self._log_start("sync")
        try:
            with foreign_keys_off(self.conn):
                self._run(result, report, stop, wait)
            self._log_end(log_id, result, None)
            return result
        except BaseException as exc:
            self._log_end(log_id, result, exc)
            raise

    def _run(self, result, report, stop, wait) -> None:
        self.push(result, report, stop)
        self.refetch()        # rows queued by a refusal while the server was unreachable
        st = self.state()
        if st["resync_reason"] or st["snapshot_at"] is not None or not st["server_epoch"]:
            self.resync(result, report, stop, reason=st["resync_reason"] or "initial")
        try:
            self.pull(result, report, stop, wait=0 if result.pushed else wait)
        except CursorExpired as exc:
            if exc.code == "cursor_ahead":
                # the server went back to a backup without announcing a new epoch: it
                # may have lost our ops too, so treat it as one
                self._request_resync("epoch", epoch_changed=True)
                self.push(result, report, stop)
                self.resync(result, report, stop, reason="epoch")
            else:
                self._request_resync("retention")
                self.resync(result, report, stop, reason="retention")
            self.pull(result, report, stop)
        if self.state()["resync_reason"]:   # the pull saw a new epoch or scope
            self.push(result, report, stop)
            self.resync(result, report, stop, reason=self.state()["resync_reason"])
            self.pull(result, report, stop)
        if self._has_pending():
            self.push(result, report, stop)
        from app.sync import dictionaries, verify   # after a resync, then periodically
        verify.maybe_run(self, result, stop)
        dictionaries.refresh(self.store, self.client)
        result.photos_up = self.upload_photos(report, stop)
        self.prune_outbox()
        self.upload_audit()
        if result.resynced:
            # a new scope (or the first sync) may name another org unit: the local
            # actor and the status bar follow what the server says now
            from app.sync import session
            session.refresh_user(self.store, self.client)
        with self.store.transaction() as conn:
            self._set_state(conn, last_success_at=clock.now_iso())
        report(Progress("done", 1, 1))

    def prune_outbox(self) -> int | None:
        """Once a day, clear the content of ops answered longer ago than the safety
        window (app/models/write/outbox.py ``prune``); here because a sync is what
        answers ops, and it runs on the worker's connection like the daily backup."""
        if not outbox.prune_due(self.conn):
            return None      # done today: no write transaction for nothing
        with self.store.transaction() as conn:
            return outbox.prune_daily(conn, keep_days=app_settings.get(
                conn, outbox.KEEP_DAYS_SETTING))

    def _has_pending(self) -> bool:
        return self.conn.execute("SELECT 1 FROM outbox WHERE state = 'pending' LIMIT 1"
                                 ).fetchone() is not None

    def _log_start(self, kind: str) -> int:
        with self.store.transaction() as conn:
            cur = conn.execute("INSERT INTO sync_log(started_at, kind) VALUES (?, ?)",
                               (clock.now_iso(), kind))
            # keep the history short: it is for people, not for forensics (that is the audit)
            conn.execute("DELETE FROM sync_log WHERE id <= ?", (cur.lastrowid - 500,))
            return cur.lastrowid

    def _log_end(self, log_id: int, r: SyncResult, exc: Exception | None) -> None:
        error = None
        if exc is not None:
            error = f"{getattr(exc, 'code', type(exc).__name__)}: {exc}"[:500]
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "UPDATE sync_log SET finished_at = ?, pushed = ?, pulled = ?, conflicts = ?, "
                    "rejected = ?, photos = ?, error = ?, kind = ? WHERE id = ?",
                    (clock.now_iso(), r.pushed, r.pulled, r.conflicts, r.rejected, r.photos_up,
                     error,
                     # why a full download ran: "resync:retention" tells the person
                     # their computer was away longer than the server keeps changes
                     f"resync:{r.resynced}" if r.resynced else "sync", log_id))
        except Exception:   # noqa: BLE001 - a full disk must not hide the real error
            pass

    # ------------------------------------------------------------ push
    def _next_batch(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT op_id, device_seq, tx_id, entity, entity_id, op, changed, base_version, "
            "base_values, pruned_at FROM outbox WHERE state IN ('pending', 'inflight') "
            "ORDER BY device_seq LIMIT ?", (PUSH_BATCH * 2,)).fetchall()
        batch: list[dict] = []
        for r in rows:
            op = dict(op_id=r[0], device_seq=r[1], tx_id=r[2], entity=r[3], entity_id=r[4],
                      op=r[5], changed=json.loads(r[6]), base_version=r[7],
                      base_values=json.loads(r[8]))
            if r[9]:
                # sent again after a server restore, its content pruned: a server that
                # knows the op id answers its stored outcome; one that does not refuses
                # it at intake (content null), which uses up its device_seq so the
                # ops after it are not held; it never applies a guess
                op.update(changed=None, base_values=None)
            else:
                # a resolution's local preview stays here: the server decides from the
                # conflict, and personal data need not travel twice
                preview = op["changed"].pop("preview", None)
                if preview:
                    self._previews[op["op_id"]] = preview
            if len(batch) >= PUSH_BATCH:
                break
            if batch and len(batch) + self._tx_size(op["tx_id"]) > PUSH_BATCH and \
                    op["tx_id"] != batch[-1]["tx_id"]:
                break   # keep a local transaction's ops together in one request
            batch.append(op)
        return batch

    def _tx_size(self, tx_id: str) -> int:
        return self.conn.execute("SELECT count(*) FROM outbox WHERE tx_id = ? AND state IN "
                                 "('pending', 'inflight')", (tx_id,)).fetchone()[0]

    def push(self, result: SyncResult, report=lambda p: None, stop=lambda: False) -> None:
        total = self.conn.execute("SELECT count(*) FROM outbox WHERE state IN "
                                  "('pending', 'inflight')").fetchone()[0]
        done = 0
        seen_held: set[str] = set()
        while True:
            if stop():
                raise Cancelled()
            batch = [op for op in self._next_batch() if op["op_id"] not in seen_held]
            if not batch:
                return
            report(Progress("push", done, total))
            with self.store.transaction() as conn:
                conn.executemany("UPDATE outbox SET state = 'inflight', attempts = attempts + 1 "
                                 "WHERE op_id = ?", [(o["op_id"],) for o in batch])
            try:
                answers = self.client.push(batch)
            except ServerRefused as exc:
                if len(batch) == 1:
                    self._record(batch, [{"op_id": batch[0]["op_id"], "status": "rejected",
                                          "code": exc.code, "message": str(exc)}], result)
                else:   # find the one op the server cannot take; push the rest
                    for op in batch:
                        try:
                            self._record([op], self.client.push([op]), result)
                        except ServerRefused as one:
                            self._record([op], [{"op_id": op["op_id"], "status": "rejected",
                                                 "code": one.code, "message": str(one)}], result)
                done += len(batch)
                continue
            held = self._record(batch, answers, result)
            seen_held |= held
            done += len(batch)
            if held and len(held) == len(batch):
                return   # everything waits for an earlier op the server has not seen

    def _record(self, batch: list[dict], answers: list[dict], result: SyncResult) -> set[str]:
        by_id = {a["op_id"]: a for a in answers}
        held: set[str] = set()
        refetch: list[tuple[str, str]] = []
        at = clock.now_iso()     # when the answer came: the pruning window starts here
        with self.store.transaction() as conn:
            for op in batch:
                a = by_id.get(op["op_id"])
                if a is None:
                    continue   # stays inflight: sent again next time
                status = a["status"]
                if (status == "rejected" or a.get("code") == FORWARDED) and \
                        op["changed"] is not None:
                    # keep the record's name: the refusal or the forward may take the
                    # record off this computer, and the list must still say what it was
                    # (not for a pruned op: it keeps no personal data)
                    conn.execute("UPDATE outbox SET label = ? WHERE op_id = ?",
                                 (label_of(conn, op["entity"], op["entity_id"], op["changed"]),
                                  op["op_id"]))
                if status == "applied":
                    conn.execute("UPDATE outbox SET state = 'applied', server_seq = ?, "
                                 "last_error = NULL, confirmed_at = ? WHERE op_id = ?",
                                 (a.get("server_seq"), at, op["op_id"]))
                    result.applied += 1
                elif status == "conflict":
                    conn.execute("UPDATE outbox SET state = 'conflict', server_seq = ?, "
                                 "conflict_id = ?, last_error = ?, confirmed_at = ? "
                                 "WHERE op_id = ?",
                                 (a.get("server_seq"), a.get("conflict_id"), a.get("code"), at,
                                  op["op_id"]))
                    result.conflicts += 1
                    if a.get("code") == FORWARDED:
                        # the row's present holder decides; here it goes as the server
                        # has it (gone from this scope, or never made)
                        refetch += _touched(op, self._previews.get(op["op_id"]))
                elif status == "rejected":
                    message = f"{a.get('code')}: {a.get('message') or ''}"[:500]
                    if op["changed"] is None:
                        # a pruned op the restored server did not know: its content is
                        # gone here too, so nothing can be undone or tried again; the
                        # server's present state of the row comes back by the refetch
                        message = (f"{PRUNED_REFUSED}: the server was restored from a "
                                   "backup that lacks this change, whose content this "
                                   "computer had removed after the safety window "
                                   f"({a.get('code')})")
                    conn.execute("UPDATE outbox SET state = 'rejected', last_error = ?, "
                                 "confirmed_at = ? WHERE op_id = ?", (message, at, op["op_id"]))
                    if op["changed"] is not None:
                        self._revert(conn, op)
                    refetch += _touched(op, self._previews.get(op["op_id"]))
                    audit.append(conn, at=at, actor="sync", action="sync.rejected",
                                 entity=op["entity"], entity_id=op["entity_id"],
                                 detail={"op_id": op["op_id"], "code": a.get("code")})
                    result.rejected += 1
                else:   # held: the server waits for an earlier device_seq
                    conn.execute("UPDATE outbox SET state = 'pending' WHERE op_id = ?",
                                 (op["op_id"],))
                    held.add(op["op_id"])
                    result.held += 1
                    continue
                result.pushed += 1
            applying.settle_removals(conn)
            if refetch:
                _queue_refetch(conn, refetch)
        if refetch:
            self.refetch()
        return held

    def _revert(self, conn, op: dict) -> None:
        """Undo a rejected op locally so the screen shows what the server holds. The
        op itself (with everything the user typed) stays in the outbox under
        "needs attention"."""
        entity, row_id, kind = op["entity"], op["entity_id"], op["op"]
        if entity not in SYNCED_TABLES:
            if entity == "conflicts":
                conn.execute("UPDATE conflicts SET state = 'open', resolution = NULL, "
                             "resolved_by = NULL, resolved_at = NULL WHERE id = ?", (row_id,))
            return
        later = {k for (changed,) in conn.execute(
            "SELECT changed FROM outbox WHERE entity_id = ? AND state IN ('pending', 'inflight') "
            "AND device_seq > ?", (row_id, op["device_seq"])) for k in json.loads(changed)}
        if kind == "create" or kind == "transition":
            conn.execute(f"UPDATE {entity} SET deleted_at = coalesce(deleted_at, ?) WHERE id = ? "
                         "AND version = 0", (clock.now_iso(), row_id))
            if entity == "residents":
                rid = conn.execute("SELECT rid FROM residents WHERE id = ?", (row_id,)).fetchone()
                if rid:
                    search.unindex_resident(conn, rid[0])
            if kind == "transition":
                case_id = op["changed"].get("case_id")
                if case_id:
                    a = applying.Applier(conn)
                    a.cases_to_reproject.add(case_id)
                    a.finish(reindex=False)
        elif kind == "patch":
            restore = {k: v for k, v in op["base_values"].items() if k not in later}
            cols = {r[1] for r in conn.execute(f"PRAGMA table_info({entity})")}
            restore = {k: v for k, v in restore.items() if k in cols}
            if restore:
                conn.execute(f"UPDATE {entity} SET {', '.join(f'{k} = ?' for k in restore)} "
                             "WHERE id = ?", [*restore.values(), row_id])
                if entity == "residents":
                    search.reindex_where(conn, "r.id = ?", (row_id,))
            outbox.rebase_pending(conn, row_id, op["base_values"], op["device_seq"])
        elif kind == "delete":
            conn.execute(f"UPDATE {entity} SET deleted_at = NULL WHERE id = ?", (row_id,))
            if entity == "residents":
                search.reindex_where(conn, "r.id = ?", (row_id,))

    # ------------------------------------------------------------ server state
    def refetch(self) -> int:
        """Take the server's present state of the rows a refused (or forwarded) op
        touched: the local revert is only a guess, and nothing newer may ever be
        pulled for a row the server did not change (issue 14, F1). Rows queued while
        offline are fetched by the next sync. Returns the rows written."""
        items = _load_refetch(self.conn)
        if not items:
            return 0
        done = 0
        by_entity: dict[str, list[str]] = {}
        for entity, row_id in items:
            by_entity.setdefault(entity, []).append(row_id)
        for entity, ids in by_entity.items():
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                answer = self.client.rows(entity, part)
                with self.store.transaction() as conn:
                    a = applying.Applier(conn, force=True)
                    for row in answer.get("rows", ()):
                        a.upsert(entity, row["id"], row["version"], row.get("data"),
                                 deleted=bool(row.get("deleted")))
                    for row_id in answer.get("missing", ()):
                        a.remove(entity, row_id)
                    a.finish()
                    applying.settle_removals(conn)
                    _unqueue_refetch(conn, [(entity, x) for x in part])
                done += a.count
        return done

    # ------------------------------------------------------------ pull
    def _check_page_identity(self, conn, page: dict) -> bool:
        """A new epoch (server restored from a backup) or scope version means the
        local copy may hold what the server no longer has: resync instead."""
        st = self.state()
        reason = None
        if st["server_epoch"] and page.get("epoch") and page["epoch"] != st["server_epoch"]:
            reason = "epoch"
        elif st["scope_version"] is not None and page.get("scope_version") is not None and \
                page["scope_version"] != st["scope_version"]:
            reason = "scope"
        if reason:
            self._request_resync(reason, conn=conn, epoch_changed=reason == "epoch")
            return False
        return True

    def _request_resync(self, reason: str, *, conn=None, epoch_changed: bool = False) -> None:
        def do(c):
            if epoch_changed:
                # the restored server may have lost ops it had applied: send every op
                # again; the ones it remembers come back with their stored outcome.
                # Conflicted and rejected ones too: the server holds an op until every
                # earlier device_seq has arrived, so one left out would hold all later
                # ones forever (the resync then rewrites what a second revert changed).
                # Ops of a previous device (device_seq < 1, session.adopt) stay as
                # they are: that device's counter is gone. Pruned ops go too, without
                # their content (``_next_batch``): they fill their slots; a server
                # restored from a backup younger than the pruning window knows them
                # (docs/architecture.md, "The outbox: pruning answered ops")
                c.execute("UPDATE outbox SET state = 'pending' WHERE state IN ('applied', "
                          "'inflight', 'conflict', 'rejected') AND device_seq >= 1")
            self._set_state(c, resync_reason=reason, snapshot_at=None, snapshot_entity=None,
                            snapshot_after=None)
            c.execute("DELETE FROM sync_seen")
        if conn is not None:
            do(conn)
        else:
            with self.store.transaction() as c:
                do(c)

    def pull(self, result: SyncResult, report=lambda p: None, stop=lambda: False, *,
             wait: float = 0) -> None:
        first = True
        while True:
            if stop():
                raise Cancelled()
            st = self.state()
            if st["resync_reason"]:
                return
            page = self.client.changes(st["cursor"], limit=PULL_LIMIT,
                                       wait=wait if first else 0)
            first = False
            with self.store.transaction() as conn:
                if not self._check_page_identity(conn, page):
                    return
                n = self._apply_changes(conn, page["changes"], result, track_seen=False)
                if page["next_cursor"] > st["cursor"]:
                    self._set_state(conn, cursor=page["next_cursor"], server_epoch=page["epoch"],
                                    scope_version=page["scope_version"])
            result.pulled += n
            report(Progress("pull", result.pulled, None))
            if not page["has_more"]:
                return

    def _apply_changes(self, conn, changes: list[dict], result: SyncResult, *,
                       track_seen: bool) -> int:
        a = applying.Applier(conn, track_seen=track_seen, force=track_seen)
        for ch in changes:
            entity = ch["entity"]
            if entity not in PULLED:
                continue
            if ch.get("removed"):
                a.remove(entity, ch["id"])
            else:
                a.upsert(entity, ch["id"], ch["version"], ch.get("data"),
                         deleted=bool(ch.get("deleted")), seq=ch.get("server_seq"))
        a.finish()
        result.changed |= set(a.touched)
        result.new_case_ids += a.new_case_ids
        return a.count

    # ------------------------------------------------------------ full resync
    def _plan(self) -> dict | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'sync.snapshot_plan'"
                                ).fetchone()
        return json.loads(row[0]) if row else None

    def resync(self, result: SyncResult, report=lambda p: None, stop=lambda: False, *,
               reason: str = "initial") -> None:
        st = self.state()
        plan = self._plan() if st["snapshot_at"] is not None else None
        if plan is None:
            try:
                answer = self.client.snapshot_plan()
            except ServerRefused as exc:
                if exc.status in (404, 405, 422):
                    return self._resync_from_feed(result, report, stop, reason)
                raise
            plan = {"entities": [e for e in answer.get("entities", PULLED) if e in PULLED],
                    "at": answer["at"], "epoch": answer.get("epoch"),
                    "scope_version": answer.get("scope_version")}
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM sync_seen")
                # a table empty now has nothing to sweep at the end: its rows need no
                # "seen" marks (a third of the local writes of a first sync). Kept in
                # the plan, so a resync resumed after a crash decides the same.
                plan["fresh"] = [e for e in PULLED if conn.execute(
                    f"SELECT 1 FROM {e} LIMIT 1").fetchone() is None]
                conn.execute("INSERT INTO meta(key, value) VALUES ('sync.snapshot_plan', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (json.dumps(plan),))
                self._set_state(conn, snapshot_at=plan["at"], snapshot_entity=(
                    plan["entities"] or [None])[0], snapshot_after=None, resync_reason=reason)
            st = self.state()
        entities, at = plan["entities"], plan["at"]
        fresh = set(plan.get("fresh", ()))
        start = entities.index(st["snapshot_entity"]) if st["snapshot_entity"] in entities \
            else len(entities)
        after = st["snapshot_after"]
        result.resynced = reason
        totals = plan.get("totals") or {}
        done = 0
        # the next page is fetched while this one is applied: the server's time and
        # the local writes overlap instead of adding up
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="griddesk-snapshot")

        def fetch(entity, after):
            return pool.submit(self.client.snapshot, entity, at=at, after=after,
                               limit=SNAPSHOT_LIMIT)
        todo = entities[start:]
        try:
            ahead = fetch(todo[0], after) if todo else None
            for n, entity in enumerate(todo):
                while True:
                    if stop():
                        raise Cancelled()
                    page = ahead.result()
                    if (page.get("epoch"), page.get("scope_version")) != (
                            plan["epoch"], plan["scope_version"]) and plan["epoch"] is not None:
                        raise CursorExpired("the server changed during the snapshot")
                    after = page.get("next_after") if page["has_more"] else None
                    nxt = entity if page["has_more"] else (
                        todo[n + 1] if n + 1 < len(todo) else None)
                    ahead = fetch(nxt, after) if nxt else None
                    with self.store.transaction() as conn:
                        a = applying.Applier(conn, track_seen=entity not in fresh,
                                             force=True)
                        a.upsert_page(entity, page["rows"])
                        a.finish(reindex=False)   # one rebuild at the end is cheaper
                        self._set_state(conn, snapshot_entity=nxt, snapshot_after=after)
                    done += len(page["rows"])
                    result.pulled += len(page["rows"])
                    result.changed.add(entity)
                    report(Progress("snapshot", done, totals.get(entity), entity))
                    if not page["has_more"]:
                        break
        except CursorExpired:
            self._request_resync(reason)   # the snapshot point aged out: start over
            return self.resync(result, report, stop, reason=reason)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        self._finish_resync(at, plan["epoch"], plan["scope_version"], fresh)

    def _finish_resync(self, cursor: int, epoch, scope_version, fresh=frozenset()) -> None:
        with self.store.transaction() as conn:
            applying.sweep_unseen(conn, [e for e in PULLED if e not in fresh])
            search.reindex_all(conn)
            self._set_state(conn, cursor=cursor, snapshot_at=None, snapshot_entity=None,
                            snapshot_after=None, resync_reason=None, server_epoch=epoch,
                            scope_version=scope_version)
            conn.execute("DELETE FROM meta WHERE key = 'sync.snapshot_plan'")

    def _resync_from_feed(self, result, report, stop, reason) -> None:
        """Servers without snapshot pages: replay the change feed from the start."""
        cursor, identity = 0, (None, None)
        result.resynced = reason
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM sync_seen")
        while True:
            if stop():
                raise Cancelled()
            page = self.client.changes(cursor, limit=PULL_LIMIT)
            with self.store.transaction() as conn:
                result.pulled += self._apply_changes(conn, page["changes"], result,
                                                     track_seen=True)
            cursor = page["next_cursor"]
            identity = (page["epoch"], page["scope_version"])
            report(Progress("snapshot", result.pulled, None))
            if not page["has_more"]:
                break
        self._finish_resync(cursor, *identity)

    # ------------------------------------------------------------ audit
    def upload_audit(self) -> int:
        """The audit log goes to the server too; a server without the endpoint (older
        than this desktop) keeps the records here until it has one."""
        from app.sync.audit_upload import upload
        try:
            return upload(self.store, self.client)
        except ServerRefused as exc:
            if exc.status in (404, 405):
                return 0
            raise

    # ------------------------------------------------------------ photos
    def upload_photos(self, report=lambda p: None, stop=lambda: False) -> int:
        from app.sync.photos import upload_pending
        if self.data_dir is None:
            return 0
        return upload_pending(self.store, self.client, self.data_dir, report=report, stop=stop)


# the refusal of a pruned op sent again to a restored server that did not know it
PRUNED_REFUSED = "pruned_op_unknown"
REFETCH = "sync.refetch"


def _touched(op: dict, preview: dict | None = None) -> list[tuple[str, str]]:
    """The rows an op changed locally (whose server state a refusal must restore)."""
    entity, changed = op["entity"], op["changed"] or {}
    if entity == "conflicts":
        out = [("conflicts", op["entity_id"])]
        if isinstance(preview, dict) and preview.get("entity") in SYNCED_TABLES:
            out.append((preview["entity"], preview["id"]))
        return out
    if entity not in SYNCED_TABLES:
        return []
    out = [(entity, op["entity_id"])]
    if op["op"] == "transition" and changed.get("case_id"):
        out.append(("cases", changed["case_id"]))
    return out


def _load_refetch(conn) -> list[tuple[str, str]]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (REFETCH,)).fetchone()
    return [tuple(x) for x in json.loads(row[0])] if row else []


def _queue_refetch(conn, items) -> None:
    have = _load_refetch(conn)
    merged = have + [tuple(x) for x in items if tuple(x) not in have]
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value", (REFETCH, json.dumps(merged)))


def _unqueue_refetch(conn, items) -> None:
    left = [x for x in _load_refetch(conn) if x not in set(items)]
    if left:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(left), REFETCH))
    else:
        conn.execute("DELETE FROM meta WHERE key = ?", (REFETCH,))


