"""Read models for the 同步 page: the outbox (waiting, needing attention), the
history of sync runs, and the one action a person may take on a failed op:
try it again. Nothing here deletes an op (sync-protocol.md: rows are never
dropped for having failed)."""
from __future__ import annotations

import json

from app.models import audit
from app.models.repository import Actor, now_iso
from app.sync.conflicts import describe
from app.sync.engine import NEEDS_ATTENTION_ATTEMPTS

WAITING = "waiting"
ATTENTION = "attention"


def _rows(cur) -> list[dict]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def outbox(conn, which: str = WAITING, limit: int = 1000) -> list[dict]:
    if which == ATTENTION:
        where = "state = 'rejected' OR (state IN ('pending', 'inflight') AND attempts >= ?)"
        params = [NEEDS_ATTENTION_ATTEMPTS]
    else:
        where, params = "state IN ('pending', 'inflight')", []
    rows = _rows(conn.execute(
        f"SELECT op_id, device_seq, entity, entity_id, op, changed, state, attempts, last_error, "
        f"created_at FROM outbox WHERE {where} ORDER BY device_seq LIMIT ?", [*params, limit]))
    for r in rows:
        changed = json.loads(r.pop("changed") or "{}")
        r["fields"] = sorted(k for k in changed if k not in ("id",))
        r["label"] = describe(conn, {"entity": r["entity"], "entity_id": r["entity_id"]}) \
            if r["entity"] != "case_events" else _event_label(conn, changed)
        r["action"] = changed.get("action") if r["op"] == "transition" else None
    return rows


def _event_label(conn, changed: dict) -> str:
    case_id = changed.get("case_id")
    row = conn.execute("SELECT number FROM cases WHERE id = ?", (case_id,)).fetchone()
    return row[0] if row else (case_id or "")[:8]


def history(conn, limit: int = 200) -> list[dict]:
    return _rows(conn.execute("SELECT * FROM sync_log ORDER BY id DESC LIMIT ?", (limit,)))


def retry(store, actor: Actor, op_id: str) -> bool:
    """Send a rejected or stuck op again (after the cause was fixed on the server,
    e.g. the worker's scope was corrected). The server still decides."""
    with store.transaction() as conn:
        cur = conn.execute("UPDATE outbox SET state = 'pending', attempts = 0 WHERE op_id = ? "
                           "AND state IN ('rejected', 'pending', 'inflight')", (op_id,))
        if cur.rowcount:
            audit.append(conn, at=now_iso(), actor=actor.user_id, action="sync.retry",
                         entity="outbox", entity_id=op_id)
        return bool(cur.rowcount)
