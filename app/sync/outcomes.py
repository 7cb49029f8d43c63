"""What became of an op, as the 同步 page and the engine name it: when an op needs a
person's attention, the code of an op sent on to a record's present holder, and the
name of an op's record (kept with a refusal: the record may leave this computer)."""
from __future__ import annotations

from app.sync.conflicts import describe

NEEDS_ATTENTION_ATTEMPTS = 5   # sync-protocol.md: shown to a person, never dropped
FORWARDED = "moved_out_of_scope"    # a conflict outcome: the row's present holder decides


def label_of(conn, entity: str, entity_id: str, changed: dict, kept: str | None = None) -> str:
    """A name a person recognises for an op's record: the record's, or the one kept
    when the op was refused or forwarded (the record may have left this computer)."""
    if entity == "case_events":
        return event_label(conn, changed)
    found = describe(conn, {"entity": entity, "entity_id": entity_id})
    if found != entity_id[:8]:
        return found
    return kept or changed.get("name") or changed.get("number") or found


def event_label(conn, changed: dict) -> str:
    case_id = changed.get("case_id")
    row = conn.execute("SELECT number FROM cases WHERE id = ?", (case_id,)).fetchone()
    return row[0] if row else (case_id or "")[:8]
