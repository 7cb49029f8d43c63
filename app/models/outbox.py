"""Outbox ops (sync-protocol.md): written in the same transaction as the change.

``base_values`` must be the *server's* values of the changed fields at the
time of the edit. When an earlier op for the same row is still unconfirmed,
the server has not seen that edit yet, so its base value is carried forward
instead of the current local value.
"""
from __future__ import annotations

import json

from app.models.ids import uuid7

UNCONFIRMED = ("pending", "inflight")


def _next_device_seq(conn) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_seq'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('device_seq', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(seq),))
    return seq


def server_base(conn, entity_id: str, current: dict, fields) -> dict:
    base = {f: current.get(f) for f in fields}
    for (values,) in conn.execute(
            "SELECT base_values FROM outbox WHERE entity_id = ? AND state IN (?, ?) "
            "ORDER BY device_seq DESC", (entity_id, *UNCONFIRMED)):
        for key, value in json.loads(values).items():
            if key in base:
                base[key] = value  # the earliest unconfirmed op wins (iterating newest first)
    return base


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
