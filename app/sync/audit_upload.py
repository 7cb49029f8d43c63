"""Sending this desktop's audit log to the city server (domain.md §6: the audit log
is synced to the server), and reading the city's audit log back for the auditor.

The local log is append-only and hash-chained; records go up in ``seq`` order,
each with its ``prev_hash`` and ``hash``, and the server re-computes every link
with the same digest (``app.models.audit``), so a record edited or removed on
the PC shows as a broken chain for that device. ``meta['audit.sent_seq']``
remembers how far the server has confirmed; a lost answer only means the same
records are sent again (the server keeps one per device and seq).
"""
from __future__ import annotations

from app.sync.client import Client

BATCH = 500


def _sent(conn) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'audit.sent_seq'").fetchone()
    return int(row[0]) if row else 0


def upload(store, client: Client) -> int:
    """Send every record the server has not confirmed; returns how many went."""
    total = 0
    while True:
        last = _sent(store.conn)
        cur = store.conn.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", (last, BATCH))
        cols = [c[0] for c in cur.description]
        records = [dict(zip(cols, r)) for r in cur.fetchall()]
        if not records:
            return total
        answer = client.upload_audit(records)
        confirmed = int(answer.get("last_seq") or 0)
        with store.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('audit.sent_seq', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (str(confirmed),))
        total += len(records)
        if confirmed <= last:
            return total   # the server refused to move on (a broken chain): it says why
