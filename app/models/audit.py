"""The audit log: append-only (triggers refuse UPDATE/DELETE) and hash-chained,
so removing or editing a record in the file breaks the chain and shows."""
from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, actor: str, action: str, entity: str | None,
            entity_id: str | None, detail: str | None) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, detail],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn, *, at: str, actor: str, action: str, entity: str | None = None,
           entity_id: str | None = None, detail: dict | None = None) -> str:
    """Append one record; call inside the caller's transaction."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
    digest = _digest(prev, at, actor, action, entity, entity_id, detail_text)
    conn.execute(
        "INSERT INTO audit_log(at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, entity_id, detail_text, prev, digest),
    )
    return digest


def verify_chain(conn) -> int | None:
    """Return the seq of the first record that breaks the chain, or None if intact."""
    prev = GENESIS
    for seq, at, actor, action, entity, entity_id, detail, prev_hash, digest in conn.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_log ORDER BY seq"):
        if prev_hash != prev or _digest(prev, at, actor, action, entity, entity_id, detail) != digest:
            return seq
        prev = digest
    return None
