"""Outbox ops (sync-protocol.md): written in the same transaction as the change.

``base_values`` are the values of the changed fields this edit was made over,
for the server's three-way compare: the server's values, or where this device's
own earlier op of the same field is still on its way, that op's value. The
server applies a device's ops in order, so by the time this op arrives the
field holds that earlier value unless someone else changed it meanwhile: a
device's own successive edits of one field (a typo, then its correction) never
conflict with each other, and another person's edit in between still does
(sync-protocol.md amendments: concurrency is judged per device).
"""
from __future__ import annotations

import json

from app.models.domain.ids import uuid7

UNCONFIRMED = ("pending", "inflight")


def _next_device_seq(conn) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_seq'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('device_seq', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(seq),))
    return seq


def server_base(conn, entity_id: str, current: dict, fields) -> dict:
    """The base of an edit of ``fields``: the local row's current values, which are
    the server's values with this device's own unconfirmed ops on top."""
    return {f: current.get(f) for f in fields}


def rebase_pending(conn, entity_id: str, restored: dict, after_seq: int) -> None:
    """An op of this row was refused and its fields put back to ``restored`` (the
    server's values): the unconfirmed ops after it were based on the refused value,
    so their base becomes the restored one (else they would conflict with the
    server over a value it never had)."""
    if not restored:
        return
    rows = conn.execute(
        "SELECT op_id, base_values FROM outbox WHERE entity_id = ? AND device_seq > ? "
        "AND state IN (?, ?)", (entity_id, after_seq, *UNCONFIRMED)).fetchall()
    for op_id, text in rows:
        base = json.loads(text or "{}")
        touched = {k: restored[k] for k in base if k in restored}
        if touched:
            base.update(touched)
            conn.execute("UPDATE outbox SET base_values = ? WHERE op_id = ?",
                         (json.dumps(base, ensure_ascii=False, sort_keys=True), op_id))


def record(conn, *, tx_id: str, entity: str, entity_id: str, op: str, changed: dict,
           base_version: int = 0, base_values: dict | None = None, created_at: str) -> str:
    op_id = uuid7()
    conn.execute(
        "INSERT INTO outbox(op_id, device_seq, tx_id, entity, entity_id, op, changed, "
        "base_version, base_values, state, created_at) VALUES (?,?,?,?,?,?,?,?,?, 'pending', ?)",
        (op_id, _next_device_seq(conn), tx_id, entity, entity_id, op,
         json.dumps(changed, ensure_ascii=False, sort_keys=True), base_version,
         json.dumps(base_values or {}, ensure_ascii=False, sort_keys=True), created_at),
    )
    return op_id


def pending_count(conn) -> int:
    return conn.execute(
        "SELECT count(*) FROM outbox WHERE state IN ('pending', 'inflight')").fetchone()[0]
