"""The audit log: append-only (triggers refuse UPDATE/DELETE) and hash-chained,
so removing or editing a record in the file breaks the chain and shows. The
chain's hash is ``app.models.domain.audit_chain`` (shared with the server)."""
from __future__ import annotations

import json

from app.models.domain import audit_chain


def detail_json(detail: dict | None) -> str | None:
    """A record's detail as stored (and hashed): sorted-key JSON, None when empty."""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None


def append(conn, *, at: str, actor: str, action: str, entity: str | None = None,
           entity_id: str | None = None, detail: dict | None = None) -> str:
    """Append one record; call inside the caller's transaction."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else audit_chain.GENESIS
    detail_text = detail_json(detail)
    digest = audit_chain.digest(prev, at, actor, action, entity, entity_id, detail_text)
    conn.execute(
        "INSERT INTO audit_log(at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, entity_id, detail_text, prev, digest),
    )
    return digest


def verify_chain(conn) -> int | None:
    """Return the seq of the first record that breaks the chain, or None if intact."""
    prev = audit_chain.GENESIS
    for seq, at, actor, action, entity, entity_id, detail, prev_hash, digest in conn.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_log ORDER BY seq"):
        if prev_hash != prev or audit_chain.digest(prev, at, actor, action, entity, entity_id,
                                                   detail) != digest:
            return seq
        prev = digest
    return None
