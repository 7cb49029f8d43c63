"""The audit log's hash chain: one record's hash from the previous hash and its fields.

The desktop's audit log (``app.models.write.audit``), the server's own audit log and
the device audit records a desktop uploads are all chained with this function, so a
record written on one side is checked on the other.
"""
from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def digest(prev_hash: str, at: str, actor: str, action: str, entity: str | None,
           entity_id: str | None, detail: str | None) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, detail],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
