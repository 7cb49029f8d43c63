"""Read models for the 同步 page: the outbox (waiting, needing attention), the
history of sync runs, and the one action a person may take on a failed op:
try it again. Nothing here deletes an op (sync-protocol.md: rows are never
dropped for having failed)."""
from __future__ import annotations

import json

from app.models.domain.ids import uuid7
from app.models.write.unit import SYNCED_TABLES, Actor, unit_of_work
from app.sync.outcomes import FORWARDED as FORWARDED_CODE
from app.sync.outcomes import NEEDS_ATTENTION_ATTEMPTS, label_of

WAITING = "waiting"
ATTENTION = "attention"
# changes of records that had moved to another grid or community (or made where their
# author no longer works): the server sent them to the records' present holders, whose
# supervisors decide (server/ops.py ``_forward``); nothing for the author to do
FORWARDED = "forwarded"


def _rows(cur) -> list[dict]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def outbox(conn, which: str = WAITING, limit: int = 1000) -> list[dict]:
    if which == ATTENTION:
        where = ("(state = 'rejected' AND retried_by IS NULL) OR "
                 "(state IN ('pending', 'inflight') AND attempts >= ?)")
        params = [NEEDS_ATTENTION_ATTEMPTS]
    elif which == FORWARDED:
        where, params = "state = 'conflict' AND last_error = ?", [FORWARDED_CODE]
    else:
        where, params = "state IN ('pending', 'inflight')", []
    rows = _rows(conn.execute(
        f"SELECT op_id, device_seq, entity, entity_id, op, changed, state, attempts, last_error, "
        f"created_at, label FROM outbox WHERE {where} ORDER BY device_seq LIMIT ?",
        [*params, limit]))
    for r in rows:
        changed = json.loads(r.pop("changed") or "{}")
        r["fields"] = sorted(k for k in changed if k not in ("id",))
        kept = r.pop("label")
        r["label"] = label_of(conn, r["entity"], r["entity_id"], changed, kept)
        r["action"] = changed.get("action") if r["op"] == "transition" else None
    return rows


def history(conn, limit: int = 200) -> list[dict]:
    return _rows(conn.execute("SELECT * FROM sync_log ORDER BY id DESC LIMIT ?", (limit,)))


def retry(store, actor: Actor, op_id: str) -> bool:
    """Try a change again. One the server never answered (stuck after many
    attempts) is sent again as it is. One it refused is made again as a NEW op
    over the row as the server has it now (the refusal restored it): the old op
    keeps its refusal (``retried_by`` names the new op) and the new one is judged afresh, so a
    change refused for a scope that was corrected since can now succeed (issue 14,
    F2: re-sending the same op id would only replay the stored refusal).
    Returns False when there is nothing to try again (the row is gone, the
    conflict was resolved meanwhile)."""
    with unit_of_work(store, actor) as w:
        conn = w.conn
        cur = conn.execute("SELECT * FROM outbox WHERE op_id = ?", (op_id,))
        found = cur.fetchone()
        if found is None:
            return False
        op = dict(zip([c[0] for c in cur.description], found))
        if op["state"] in ("pending", "inflight"):
            conn.execute("UPDATE outbox SET attempts = 0 WHERE op_id = ?", (op_id,))
            w.note("sync.retry", "outbox", op_id)
            return True
        if op["state"] != "rejected" or op.get("retried_by") or op.get("pruned_at"):
            return False     # a pruned op's content is gone (app/models/write/outbox.py)
        new_op = _redo(w, op, json.loads(op["changed"] or "{}"))
        if new_op is None:
            return False
        conn.execute("UPDATE outbox SET retried_by = ? WHERE op_id = ?", (new_op, op_id))
        w.note("sync.retry", "outbox", op_id, {"new_op": new_op})
        return True


def _last_op(conn) -> str | None:
    row = conn.execute("SELECT op_id FROM outbox ORDER BY device_seq DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _redo(w, op: dict, changed: dict) -> str | None:
    """Write the refused op's intent again through the write path; the new op id."""
    conn, entity, row_id, kind = w.conn, op["entity"], op["entity_id"], op["op"]
    exists = conn.execute(f"SELECT deleted_at, version FROM {entity} WHERE id = ?",
                          (row_id,)).fetchone() if entity in SYNCED_TABLES else None
    if entity == "conflicts":
        from app.sync import conflicts
        state = conn.execute("SELECT state, kind, field, entity, entity_id, other_value "
                             "FROM conflicts WHERE id = ?", (row_id,)).fetchone()
        if state is None or state[0] != "open":
            return None
        resolution, value = changed.get("resolution"), changed.get("value")
        body = {"resolution": resolution, **({"value": value} if resolution == "edit" else {})}
        w.resolve_conflict(row_id, body, preview=conflicts.preview_of(
            state[1], state[2], state[3], state[4], resolution, conflicts.value_of(state[5]),
            value, w.at))
        return _last_op(conn)
    if kind == "patch":
        if exists is None or exists[0]:
            return None
        fields = {k: v for k, v in changed.items() if k not in ("id", "updated_at")}
        if not w.patch(entity, row_id, fields):
            return None          # the server holds these values already
        _reindex(conn, entity, row_id)
        return _last_op(conn)
    if kind == "delete":
        if exists is None or exists[0]:
            return None
        w.delete(entity, row_id)
        return _last_op(conn)
    if kind == "create":
        if exists is not None and exists[1]:
            return None          # the server has it (made by someone else meanwhile)
        conn.execute(f"DELETE FROM {entity} WHERE id = ? AND version = 0", (row_id,))
        values = {k: v for k, v in changed.items()
                  if k not in ("version", "deleted_at", "updated_at")}
        w.create(entity, values)
        _reindex(conn, entity, row_id)
        return _last_op(conn)
    if kind == "transition":
        case_id = changed.get("case_id")
        if not case_id or conn.execute("SELECT 1 FROM cases WHERE id = ? AND deleted_at IS NULL",
                                       (case_id,)).fetchone() is None:
            return None
        from app.models.cases.repository import reproject
        from app.models.store import dictionaries
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?",
                           (case_id,)).fetchone()[0]
        event = {k: v for k, v in changed.items()
                 if k not in ("id", "version", "deleted_at", "updated_at", "server_time")}
        event.update(id=uuid7(), seq=seq, device_time=w.at)
        w.transition(case_id, event)
        reproject(w, case_id, *dictionaries.current(conn))
        return _last_op(conn)
    return None


def _reindex(conn, entity: str, row_id: str) -> None:
    if entity == "residents":
        from app.models.roster import search
        rid = conn.execute("SELECT rid, deleted_at FROM residents WHERE id = ?",
                           (row_id,)).fetchone()
        if rid and not rid[1]:
            search.reindex_where(conn, "r.id = ?", (row_id,))
