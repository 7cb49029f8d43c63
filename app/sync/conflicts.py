"""The supervisor's conflict inbox (sync-protocol.md "Conflicts"), read from the
local mirror of the server's conflicts. Resolving one is itself a synced op
(entity ``conflicts``, op ``patch``, changed ``{resolution, value}``), written
with the row and its audit record in one transaction like every other write."""
from __future__ import annotations

import json

from app.models.repository import Actor, unit_of_work

RESOLUTIONS = {"field": ("keep", "take_other", "edit"), "edit_delete": ("keep", "take_other"),
               "delete_edit": ("keep", "take_other"), "transition": ("keep",)}
ROSTER = ("addresses", "households", "residents", "resident_tags", "visits")


class ResolveError(ValueError):
    def __init__(self, code: str, issues=()):
        super().__init__(code)
        self.code = code
        self.issues = list(issues)


def _value(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def listing(conn, state: str | None = "open", limit: int = 500) -> list[dict]:
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
        row["kept_value"], row["other_value"] = _value(row["kept_value"]), _value(
            row["other_value"])
        row["label"] = describe(conn, row)
        out.append(row)
    return out


def describe(conn, row: dict) -> str:
    """A name a person recognises for the row in conflict (resident name, case number)."""
    entity, row_id = row["entity"], row["entity_id"]
    column = {"residents": "name", "cases": "number", "households": "number",
              "addresses": "full_name"}.get(entity)
    if column:
        found = conn.execute(f"SELECT {column} FROM {entity} WHERE id = ?", (row_id,)).fetchone()
        if found and found[0]:
            return str(found[0])
    return row_id[:8]


def resolve(store, actor: Actor, conflict_id: str, resolution: str, value=None) -> None:
    with unit_of_work(store, actor) as w:
        conn = w.conn
        row = conn.execute("SELECT kind, state, entity, entity_id, field, other_value "
                           "FROM conflicts WHERE id = ?", (conflict_id,)).fetchone()
        if row is None:
            raise ResolveError("not_found")
        kind, state, entity, entity_id, field, other = row
        if state != "open":
            raise ResolveError("resolved")
        if resolution not in RESOLUTIONS.get(kind, ()):
            raise ResolveError("bad_resolution")
        if resolution == "edit" and (value is None or str(value).strip() == ""):
            raise ResolveError("value_required")
        if resolution == "edit" and entity == "residents" and field:
            # the typed value passes the same rules as the resident form (and the server)
            import datetime as dt

            from app.models import rules
            row = conn.execute("SELECT * FROM residents WHERE id = ?", (entity_id,))
            cols = [c[0] for c in row.description]
            current = dict(zip(cols, row.fetchone() or ()))
            if current:
                _values, issues = rules.validate_resident({**current, field: value},
                                                          dt.date.today())
                errors = [i for i in issues if i.is_error and i.field == field]
                if errors:
                    raise ResolveError("invalid_value", errors)
        w.set_derived("conflicts", conflict_id, {"state": "resolved", "resolution": resolution,
                                                 "resolved_by": actor.user_id,
                                                 "resolved_at": w.at})
        # show the outcome at once; the server's row arrives with the next pull
        if kind == "field" and resolution != "keep" and entity in ROSTER and field:
            new = _value(other) if resolution == "take_other" else value
            cols = {r[1] for r in conn.execute(f"PRAGMA table_info({entity})")}
            if field in cols:
                w.set_derived(entity, entity_id, {field: new})
        changed = {"resolution": resolution}
        if resolution == "edit":
            changed["value"] = value
        w.command("conflicts", conflict_id, "patch", changed, action="conflict.resolve",
                  detail={"resolution": resolution})
