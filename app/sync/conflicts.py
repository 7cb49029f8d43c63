"""The supervisor's conflict inbox (sync-protocol.md "Conflicts"), read from the
local mirror of the server's conflicts. Resolving one is itself a synced op
(entity ``conflicts``, op ``patch``, changed ``{resolution, value}``), written
with the row and its audit record in one transaction like every other write.

Both values of a conflict are masked in the listing like everywhere else (domain.md
§6): ID numbers and phones by field, and any ID number or phone inside other text
or inside a whole row's values. ``reveal`` gives the full values for a stated
reason and writes the same audit record as the resident form's 显示."""
from __future__ import annotations

import json

from app.models.domain import rules
from app.models.roster.repository import record_reveal
from app.models.write.unit import Actor, unit_of_work

# Columns shown masked, with their masks (the roster's: rules.mask_id, mask_phone).
MASKED_FIELDS = {"id_number": rules.mask_id, "phone": rules.mask_phone,
                 "reporter_phone": rules.mask_phone,
                 # houses' and organizations' phones (docs/domain-houses.md)
                 "owner_phone": rules.mask_phone, "landlord_phone": rules.mask_phone,
                 "contact_phone": rules.mask_phone}

RESOLUTIONS = {"field": ("keep", "take_other", "edit"), "edit_delete": ("keep", "take_other"),
               "delete_edit": ("keep", "take_other"), "transition": ("keep",),
               "moved": ("keep", "take_other")}
PRUNED = "pruned"      # an edit of a row whose tombstone the server pruned: only "keep"
MOVE = "move"          # a move conflict: values are dicts of the move's fields
ROSTER = ("addresses", "households", "residents", "resident_tags", "visits", "houses",
          "house_tenants", "organizations", "org_employees", "inspections")


class ResolveError(ValueError):
    def __init__(self, code: str, issues=()):
        super().__init__(code)
        self.code = code
        self.issues = list(issues)


def value_of(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def mask_value(field: str | None, value):
    """``value`` as a list may show it: a masked column masked, an ID number or phone
    inside any other text masked, a whole row (an edit against a delete) by column."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: mask_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(field, v) for v in value]
    if field in MASKED_FIELDS and not isinstance(value, bool):
        return MASKED_FIELDS[field](str(value))
    if isinstance(value, str):
        return rules.redact_numbers(value)
    return value


def listing(conn, state: str | None = "open", limit: int = 500, *,
            masked: bool = True) -> list[dict]:
    """The conflicts, newest first, both values masked for a screen (each row's
    ``masked`` says whether masking hid anything, i.e. whether 显示 has something to
    show). ``masked=False`` is for code that compares values, never for a screen."""
    sql = "SELECT * FROM conflicts"
    params: list = []
    if state:
        sql += " WHERE state = ?"
        params.append(state)
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
    cur = conn.execute(sql, [*params, limit])
    cols = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(cols, r))
        hidden = False
        for side in ("kept_value", "other_value"):
            full = value_of(row[side])
            row[side] = mask_value(row["field"], full) if masked else full
            hidden = hidden or row[side] != full
        row["masked"] = hidden
        row["label"] = describe(conn, row)
        out.append(row)
    return out


def reveal(store, actor: Actor, conflict_id: str, reason: str) -> dict:
    """Both full values of a conflict, ``{"kept_value", "other_value"}``, for a stated
    reason; the reveal is audited like the resident form's (roster.record_reveal).
    Raises ValidationError (reveal.reason_required) without a reason, ResolveError
    (not_found) for an unknown conflict."""
    row = store.conn.execute("SELECT entity, entity_id, field, kept_value, other_value "
                             "FROM conflicts WHERE id = ?", (conflict_id,)).fetchone()
    if row is None:
        raise ResolveError("not_found")
    entity, entity_id, field, kept, other = row
    record_reveal(store, actor, entity, entity_id, field or "row", reason,
                  conflict=conflict_id)
    return {"kept_value": value_of(kept), "other_value": value_of(other)}


def describe(conn, row: dict) -> str:
    """A name a person recognises for the row in conflict (resident name, case number)."""
    entity, row_id = row["entity"], row["entity_id"]
    column = {"residents": "name", "cases": "number", "households": "number",
              "addresses": "full_name", "organizations": "name"}.get(entity)
    if column:
        found = conn.execute(f"SELECT {column} FROM {entity} WHERE id = ?", (row_id,)).fetchone()
        if found and found[0]:
            return str(found[0])
    return row_id[:8]


def resolutions(row: dict) -> tuple[str, ...]:
    """What a supervisor may choose for this conflict (the server allows the same)."""
    if row.get("field") == PRUNED:
        return ("keep",)
    if row.get("field") == MOVE:
        return ("keep", "take_other")     # a move is taken whole, not typed
    return RESOLUTIONS.get(row.get("kind"), ("keep",))


def resolve(store, actor: Actor, conflict_id: str, resolution: str, value=None) -> None:
    """Resolve a conflict through the one write path (repository
    ``UnitOfWork.resolve_conflict``): the op, the local outcome and the audit
    record in one transaction."""
    with unit_of_work(store, actor) as w:
        conn = w.conn
        cur = conn.execute("SELECT kind, state, entity, entity_id, field, other_value "
                           "FROM conflicts WHERE id = ?", (conflict_id,))
        row = cur.fetchone()
        if row is None:
            raise ResolveError("not_found")
        kind, state, entity, entity_id, field, other = row
        if state != "open":
            raise ResolveError("resolved")
        if resolution not in resolutions({"kind": kind, "field": field}):
            raise ResolveError("bad_resolution")
        if resolution == "edit" and (value is None or str(value).strip() == ""):
            raise ResolveError("value_required")
        if resolution == "edit" and field:
            # the typed value passes the rules of its record (the server checks the same)
            from app.models.domain import validation
            from app.models.store import clock, dictionaries
            cur = conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (entity_id,)) \
                if entity in validation.VALIDATED else None
            found = cur.fetchone() if cur is not None else None
            if found:
                current = dict(zip([c[0] for c in cur.description], found))
                categories, _calendar = dictionaries.current(conn)
                errors = [i for i in validation.validate_row(
                    entity, {**current, field: value}, today=clock.today(),
                    categories=categories) if i.field == field]
                if errors:
                    raise ResolveError("invalid_value", errors)
        changed = {"resolution": resolution}
        if resolution == "edit":
            changed["value"] = value
        w.resolve_conflict(conflict_id, changed,
                           preview=preview_of(kind, field, entity, entity_id, resolution,
                                            value_of(other), value, w.at))


def preview_of(kind, field, entity, entity_id, resolution, other, value, at):
    """The row change a resolution makes, shown at once (entity, id, fields), or None."""
    if resolution == "keep" or entity not in ROSTER + ("cases",):
        return None
    if kind == "field" and field:
        new = other if resolution == "take_other" else value
        if field == MOVE:
            return (entity, entity_id, dict(new)) if isinstance(new, dict) else None
        return entity, entity_id, {field: new}
    if kind in ("edit_delete", "moved") and isinstance(other, dict):
        if other.get("deleted") is True:
            return entity, entity_id, {"deleted_at": at}
        if field == "create":
            return None      # the row is made on the server and arrives with the next pull
        fields = {k: v for k, v in other.items() if k != "id"}
        if kind == "edit_delete":
            fields["deleted_at"] = None
        return entity, entity_id, fields
    if kind == "delete_edit":
        return entity, entity_id, {"deleted_at": at}
    return None
