"""Sending this desktop's audit log to the city server (domain.md §6: the audit log
is synced to the server), and reading the city's audit log back for the auditor.

The local log is append-only and hash-chained; records go up in ``seq`` order,
each with its ``prev_hash`` and ``hash``, and the server re-computes every link
with the same digest (``app.models.write.audit``), so a record edited or removed on
the PC shows as a broken chain for that device. ``meta['audit.sent_seq']``
remembers how far the server has confirmed; a lost answer only means the same
records are sent again (the server keeps one per device and seq).

The server takes a record only as the device's next one and only as its user's
(or "sync"/"system"). When it refuses one it says which and how far it has
stored: the desktop keeps that as the confirmed point and

- if the server is behind (it lost records: a restored backup), sends the rest
  again at once;
- otherwise remembers the refusal (``refusal``) and asks again only after
  ``RETRY_REFUSED_AFTER`` seconds, so a sync never loops on it. Nothing is lost:
  the records stay in the local log, which is never pruned.

A confirmed point beyond the local log (what a server answered after a forged seq
10^9, before it checked seqs) is not believed: everything is offered again, and
the server skips what it has.
"""
from __future__ import annotations

import json
import time

from app.sync.client import Client, ServerRefused

BATCH = 500
RETRY_REFUSED_AFTER = 6 * 3600.0
SENT, REFUSED = "audit.sent_seq", "audit.refused"


def _meta(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _sent(conn) -> int:
    value = _meta(conn, SENT)
    return int(value) if value else 0


def _put(store, **values) -> None:
    with store.transaction() as conn:
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                             "DO UPDATE SET value = excluded.value", (key, value))


def refusal(store) -> dict | None:
    """The server's last refusal of this desktop's records (``seq``, ``code``,
    ``message``, ``at``), or None while uploads go through."""
    value = _meta(store.conn, REFUSED)
    return json.loads(value) if value else None


def upload(store, client: Client) -> int:
    """Send every record the server has not confirmed; returns how many it took."""
    conn = store.conn
    top = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    if _sent(conn) > top:
        _put(store, **{SENT: "0"})     # a confirmation we never sent that far: resend all
    held = refusal(store)
    if held and _sent(conn) + 1 >= held["seq"] and \
            time.time() - held["at"] < RETRY_REFUSED_AFTER:
        return 0     # refused before, nothing new could pass it: not again so soon
    total, rewound = 0, False
    while True:
        last = _sent(conn)
        cur = conn.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", (last, BATCH))
        cols = [c[0] for c in cur.description]
        records = [dict(zip(cols, r)) for r in cur.fetchall()]
        if not records:
            if held:
                _put(store, **{REFUSED: None})
            return total
        try:
            answer = client.upload_audit(records)
        except ServerRefused as exc:
            if exc.status in (404, 405):
                raise      # a server without the endpoint: the engine keeps the records
            stored = exc.detail.get("last_seq")
            if not isinstance(stored, int) or stored < 0 or stored > records[-1]["seq"]:
                stored = last
            if exc.code == "audit_seq_gap" and stored < last and not rewound:
                _put(store, **{SENT: str(stored)})   # the server is behind: resend from there
                rewound = True
                continue
            seq = exc.detail.get("seq")
            _put(store, **{SENT: str(max(stored, 0)), REFUSED: json.dumps(
                {"seq": seq if isinstance(seq, int) else stored + 1, "code": exc.code,
                 "message": str(exc), "at": time.time()}, ensure_ascii=False)})
            return total
        # never beyond what went up in this batch, whatever the answer says
        confirmed = min(int(answer.get("last_seq") or 0), records[-1]["seq"])
        _put(store, **{SENT: str(confirmed), REFUSED: None})
        total += max(0, confirmed - last)
        held = None
        if confirmed <= last:
            return total   # the server did not move on: it says why in broken_at
