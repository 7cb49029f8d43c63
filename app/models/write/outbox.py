"""Outbox ops (sync-protocol.md): written in the same transaction as the change.

``base_values`` are the values of the changed fields this edit was made over,
for the server's three-way compare: the server's values, or where this device's
own earlier op of the same field is still on its way, that op's value. The
server applies a device's ops in order, so by the time this op arrives the
field holds that earlier value unless someone else changed it meanwhile: a
device's own successive edits of one field (a typo, then its correction) never
conflict with each other, and another person's edit in between still does
(sync-protocol.md amendments: concurrency is judged per device).

Pruning (``prune``): an op the server has answered keeps what the person typed
(``changed``, ``base_values``: names, ID numbers, phones) and the record's
``label`` only for a safety window after the answer (``confirmed_at``; the
setting ``sync.outbox_keep_days``, default 30), then those are cleared and
``pruned_at`` set. The row itself stays: op id, device_seq, entity and id, op,
state, server_seq, conflict id, refusal and times, so the device's numbering,
the 同步 history and the "every op has one outcome" checks still hold. Never
pruned: an op not yet answered, and a refused one nobody has tried again (it
waits under 需要处理 with everything the person typed).

After a server restore (new epoch) the engine sends every op again to fill the
server's device_seq slots; a pruned one goes without its content (app/sync/
engine.py): a server restored from a backup younger than the window knows it
and answers its stored outcome (``applied_ops`` is kept for ever).
"""
from __future__ import annotations

import datetime as dt
import json

from app.models.domain.ids import uuid7
from app.models.store import clock
from app.models.write import audit

UNCONFIRMED = ("pending", "inflight")
ANSWERED = ("applied", "conflict", "rejected")
KEEP_DAYS_SETTING = "sync.outbox_keep_days"
MIN_KEEP_DAYS = 1
PRUNED_ON = "outbox.pruned_on"       # meta: the city day the daily prune last ran


def next_device_seq(conn) -> int:
    """The next of this device's op numbers (the server applies a device's ops in
    this order and holds every op after a gap)."""
    return reserve_device_seqs(conn, 1)


def reserve_device_seqs(conn, n: int) -> int:
    """The first of ``n`` consecutive device_seq values (a bulk write takes a run at
    once), counted in ``meta['device_seq']`` inside the caller's transaction."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_seq'").fetchone()
    first = int(row[0]) + 1 if row else 1
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('device_seq', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(first + n - 1),))
    return first


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
        (op_id, next_device_seq(conn), tx_id, entity, entity_id, op,
         json.dumps(changed, ensure_ascii=False, sort_keys=True), base_version,
         json.dumps(base_values or {}, ensure_ascii=False, sort_keys=True), created_at),
    )
    return op_id


def record_creates(conn, entity: str, creates: list[tuple[str, str, dict]], *,
                   created_at: str) -> None:
    """'create' ops for many rows at once (an import): ``creates`` holds (tx_id,
    entity_id, changed) in write order; each gets the next device_seq."""
    if not creates:
        return
    seq = reserve_device_seqs(conn, len(creates))
    conn.executemany(
        "INSERT INTO outbox(op_id, device_seq, tx_id, entity, entity_id, op, changed, "
        "base_version, base_values, state, created_at) VALUES (?,?,?,?,?,?,?,?,?, 'pending', ?)",
        [(uuid7(), seq + i, tx_id, entity, entity_id, "create",
          json.dumps(changed, ensure_ascii=False, sort_keys=True), 0, "{}", created_at)
         for i, (tx_id, entity_id, changed) in enumerate(creates)])


def pending_count(conn) -> int:
    return conn.execute(
        "SELECT count(*) FROM outbox WHERE state IN ('pending', 'inflight')").fetchone()[0]


def prune(conn, *, keep_days: int, now: dt.datetime | None = None) -> int:
    """Clear the personal data of ops answered more than ``keep_days`` ago, inside
    the caller's transaction; returns how many ops were pruned.

    Pruned: applied and conflict ops (the server holds their effect, or the conflict
    holds both values for the supervisor), once the pull has passed their
    ``server_seq`` (a pulled row older than the op may still need it re-applied);
    a refused op once it was tried again (``retried_by``) and that new op was
    answered more than ``keep_days`` ago as well (it carries the intent)."""
    keep_days = max(int(keep_days), MIN_KEEP_DAYS)
    now = now or clock.now()
    cutoff = clock.iso(now - dt.timedelta(days=keep_days))
    cur = conn.execute(
        "UPDATE outbox SET changed = '{}', base_values = '{}', label = NULL, pruned_at = ? "
        "WHERE pruned_at IS NULL AND confirmed_at < ? AND ("
        "  (state IN ('applied', 'conflict') AND (server_seq IS NULL OR server_seq <= "
        "   (SELECT cursor FROM sync_state WHERE id = 1)))"
        "  OR (state = 'rejected' AND retried_by IS NOT NULL AND EXISTS ("
        "   SELECT 1 FROM outbox r WHERE r.op_id = outbox.retried_by "
        "   AND r.state IN ('applied', 'conflict', 'rejected') AND r.confirmed_at < ?)))",
        (clock.iso(now), cutoff, cutoff))
    return cur.rowcount


def prune_due(conn, now: dt.datetime | None = None) -> bool:
    """Whether the daily prune has not run yet this city day."""
    day = (now or clock.now()).date().isoformat()
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (PRUNED_ON,)).fetchone()
    return not (row and row[0] == day)


def prune_daily(conn, *, keep_days: int, now: dt.datetime | None = None) -> int | None:
    """``prune`` once per city day (like the daily backup), with an audit record of
    how many ops it cleared; None when it ran today already."""
    now = now or clock.now()
    day = now.date().isoformat()
    if not prune_due(conn, now):
        return None
    count = prune(conn, keep_days=keep_days, now=now)
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (PRUNED_ON, day))
    if count:
        audit.append(conn, at=clock.iso(now), actor="system", action="outbox.prune",
                     detail={"ops": count, "keep_days": max(int(keep_days), MIN_KEEP_DAYS)})
    return count
