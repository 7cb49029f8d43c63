"""The audit log: append-only (triggers refuse UPDATE/DELETE) and hash-chained,
so removing or editing a record in the file breaks the chain and shows. The
chain's hash is ``app.models.domain.audit_chain`` (shared with the server)."""
from __future__ import annotations

import json

from app.models.domain import audit_chain, rules


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


# What an audit record says about the values it changed: enough for an auditor to
# read "电话：138****1234 → 139****5678", no more (the log goes to the city server):
# ID numbers and phones masked, numbers in free text redacted, long text cut.
MASKED_FIELDS = {"id_number": rules.mask_id, "phone": rules.mask_phone,
                 "reporter_phone": rules.mask_phone}
SHOWN_LEN = 60


def shown_value(field: str, value):
    """One value as the audit record keeps it (see MASKED_FIELDS)."""
    if value is None or value == "":
        return None
    if field in MASKED_FIELDS:
        return MASKED_FIELDS[field](str(value))
    if isinstance(value, (bool, int, float)) or field.endswith("_id"):
        return value
    text = rules.redact_numbers(str(value))
    return text if len(text) <= SHOWN_LEN else text[:SHOWN_LEN] + "…"


def shown_changes(current: dict, changed: dict) -> dict:
    """field -> [old, new] for an update's audit record."""
    # a move carries all of its fields; the ones that stayed are no change to read,
    # and the address path is a code (the household and the grid say it)
    return {k: [shown_value(k, current.get(k)), shown_value(k, v)]
            for k, v in sorted(changed.items()) if k != "path" and current.get(k) != v}


def record_label(conn, table: str, row: dict) -> str | None:
    """Which record, in words, as the audit record keeps it: a resident by name and
    masked ID number, a household by its address (else its number), a case by its number
    and title. Kept in the record itself, so the city's auditor (whose desktop holds
    no roster) and a later reader (the row deleted meanwhile) read it too."""
    def one(sql, *params):
        got = conn.execute(sql, params).fetchone()
        return got if got else None
    if table == "residents":
        return " ".join(x for x in (row.get("name"), rules.mask_id(row.get("id_number")))
                        if x) or None
    if table in ("resident_tags", "visits") and row.get("resident_id"):
        got = one("SELECT name, id_number FROM residents WHERE id = ?", row["resident_id"])
        return record_label(conn, "residents", {"name": got[0], "id_number": got[1]}) \
            if got else None
    if table == "households":
        got = one("SELECT full_name FROM addresses WHERE id = ?", row.get("room_id")) \
            if row.get("room_id") else None
        return (got[0] if got else None) or row.get("number")
    if table == "cases":
        return " ".join(x for x in (row.get("number"), row.get("title")) if x) or None
    if table == "addresses":
        return row.get("full_name") or row.get("name")
    if table == "org_units":
        return row.get("name")
    return None
