"""The server's audit log: append-only and hash-chained (domain.md §6, 等保 2.0).

Each record stores the hash of the record before it (``prev_hash``) and its own
``hash`` over that and its fields, with the same digest as the desktop's log
(``app.models.audit``), so editing, inserting or deleting a record breaks the
chain at that point and ``python -m server audit-verify`` names it.

Appending reads the last hash and inserts after it; two transactions doing that
at once would fork the chain, so on PostgreSQL a transaction-level advisory lock
serialises appenders (SQLite serialises writers anyway). A transaction that also
allocates ``server_seq`` must take that lock first and append its audit record
last (every caller does), so the two locks are always taken in one order.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from app.models.domain.audit_chain import GENESIS, digest as _digest
from server import db

AUDIT_LOCK_KEY = 0x61756474  # 'audt'


def _detail_text(detail) -> str | None:
    # canonical text of the JSON column: what is stored round-trips to the same dict
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None


def append(conn: sa.Connection, *, at: str, actor: str | None, action: str,
           entity: str | None = None, entity_id: str | None = None,
           detail: dict | None = None) -> str:
    """Append one record inside the caller's transaction; returns its hash."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
    t = db.audit
    prev = conn.execute(sa.select(t.c.hash).order_by(t.c.seq.desc()).limit(1)
                        ).scalar_one_or_none() or GENESIS
    digest = _digest(prev, at, actor or "", action, entity, entity_id, _detail_text(detail))
    conn.execute(t.insert().values(at=at, actor=actor, action=action, entity=entity,
                                   entity_id=entity_id, detail=detail, prev_hash=prev,
                                   hash=digest))
    return digest


def rechain(conn: sa.Connection) -> int:
    """Give records written before the chain existed (schema v1) their hashes, in
    order; returns how many. Used once by the migration."""
    t = db.audit
    prev, n = GENESIS, 0
    for row in conn.execute(sa.select(t).order_by(t.c.seq)).mappings().all():
        digest = _digest(prev, row["at"], row["actor"] or "", row["action"], row["entity"],
                         row["entity_id"], _detail_text(row["detail"]))
        conn.execute(t.update().where(t.c.seq == row["seq"]).values(prev_hash=prev,
                                                                     hash=digest))
        prev, n = digest, n + 1
    return n


def verify(conn: sa.Connection) -> dict:
    """Walk the chain: ``{"records": n, "first_broken": seq or None, "reason": ...}``."""
    t = db.audit
    prev, n = GENESIS, 0
    rows = conn.execute(sa.select(t).order_by(t.c.seq)
                        .execution_options(yield_per=2000)).mappings()
    for row in rows:
        n += 1
        if row["prev_hash"] != prev:
            return {"records": n, "first_broken": row["seq"],
                    "reason": "prev_hash does not match the record before it "
                              "(a record was removed or inserted)"}
        digest = _digest(prev, row["at"], row["actor"] or "", row["action"], row["entity"],
                         row["entity_id"], _detail_text(row["detail"]))
        if digest != row["hash"]:
            return {"records": n, "first_broken": row["seq"],
                    "reason": "the record's fields do not match its hash (it was edited)"}
        prev = digest
    return {"records": n, "first_broken": None, "reason": None}
