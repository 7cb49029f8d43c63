"""Conflicts (a mixin of ``Engine``): opening one where two writers met, listing them
for a supervisor, and resolving one. A resolution writes the row a patch by the
resolver would have written, through the same checks (``Ops.write_as_patch``), so
it can never carry a row out of anyone's scope."""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain.ids import uuid7
from app.models.domain.validation import MOVE_FIELDS
from server import db
from app.models.domain.rights import CONFLICT_RESOLVERS
from server.auth import Principal
from server.errors import Reject
from server.sync.context import Ctx
from server.sync.scope import public_row

RESOLUTIONS = {"field": ("keep", "take_other", "edit"), "edit_delete": ("keep", "take_other"),
               "delete_edit": ("keep", "take_other"), "transition": ("keep",),
               "moved": ("keep", "take_other")}

PRUNED = "pruned"       # conflicts.field of an edit of a row whose tombstone was pruned

MOVE = "move"           # conflicts.field of a conflicting move (values are dicts)

DELETED = {"deleted": True}


def applied(seq, version) -> dict:
    return {"status": "applied", "server_seq": seq, "version": version}


class Conflicts:
    def open_conflict(self, c: Ctx, entity: str, row: dict, kind: str, *, field=None,
                  kept=None, other=None, kept_author=None, other_author=None,
                  kept_at=None, other_at=None, op_id=None) -> str:
        cid = uuid7()
        seq = self.record_change(c, "conflicts", cid, "upsert", row["scope_path"], row["scope_path2"])
        c.conn.execute(db.conflicts.insert().values(
            id=cid, entity=entity, entity_id=row["id"], kind=kind, field=field,
            kept_value=kept, other_value=other, kept_author=kept_author,
            other_author=other_author, kept_at=kept_at, other_at=other_at, op_id=op_id,
            state="open", version=1, server_seq=seq, scope_path=row["scope_path"],
            scope_path2=row["scope_path2"], created_at=c.at))
        return cid

    # ------------------------------------------------------------ conflicts
    def resolve(self, c, conflict_id: str, resolution, value=None) -> dict:
        """Resolve a conflict; the row it writes is one the resolver could have
        written with a patch (role, scope before and after, key groups, validation,
        links), so a resolution can never carry a row out of anyone's scope."""
        if c.p.role not in CONFLICT_RESOLVERS:
            raise Reject("forbidden", "only a supervisor resolves conflicts")
        if not isinstance(conflict_id, str):
            raise Reject("not_found", "conflict not found")
        row = c.conn.execute(sa.select(db.conflicts).where(db.conflicts.c.id == conflict_id)
                             .with_for_update()).mappings().first()
        if row is None or not c.p.sees(row["scope_path"], row["scope_path2"]):
            raise Reject("not_found", "conflict not found")
        row = dict(row)
        if row["state"] != "open":
            raise Reject("resolved", "conflict already resolved")
        allowed = RESOLUTIONS.get(row["kind"], ("keep",))
        if row["field"] == PRUNED:
            allowed = ("keep",)      # nothing left to restore: the row was pruned
        if resolution not in allowed:
            raise Reject("bad_resolution", f"resolution must be one of {', '.join(allowed)}")
        if resolution != "keep":
            self._carry_out(c, row, resolution, value)
        seq = self.record_change(c, "conflicts", conflict_id, "upsert", row["scope_path"],
                           row["scope_path2"])
        c.conn.execute(db.conflicts.update().where(db.conflicts.c.id == conflict_id).values(
            state="resolved", resolution=resolution, resolved_by=c.p.user_id,
            resolved_at=c.at, version=row["version"] + 1, server_seq=seq))
        return applied(seq, row["version"] + 1)

    def _carry_out(self, c, row: dict, resolution: str, value) -> None:
        entity = row["entity"]
        if entity not in db.ENTITIES:
            raise Reject("bad_resolution", "nothing to write for this conflict")
        target = self.get_row(c.conn, entity, row["entity_id"], lock=True)
        kind = row["kind"]
        if kind == "moved" and row["field"] == "create":
            if target is not None:
                raise Reject("duplicate_id", "the row exists already")
            values = self.clean(entity, row["other_value"] or {}, creating=True)
            values["id"] = row["entity_id"]
            self.create_checked(c, entity, values)
            return
        if target is None:
            raise Reject("not_found", "the row no longer exists")
        if kind == "field":
            new = row["other_value"] if resolution == "take_other" else value
            if row["field"] == MOVE:
                if not isinstance(new, dict) or set(new) - set(MOVE_FIELDS.get(entity, ())):
                    raise Reject("bad_value", "a move is resolved with its fields")
                values = self.clean(entity, new, creating=False)
            else:
                values = self.clean(entity, {row["field"]: new}, creating=False)
            if target["deleted_at"]:
                raise Reject("not_found", "the row was deleted meanwhile")
            self.write_as_patch(c, entity, target, values)
        elif kind in ("edit_delete", "moved") and row["other_value"] != DELETED:
            values = self.clean(entity, row["other_value"] or {}, creating=False)
            values.pop("id", None)
            if kind == "edit_delete":
                values["deleted_at"] = None
            self.write_as_patch(c, entity, target, values)
        elif kind in ("delete_edit", "moved"):
            if not target["deleted_at"]:
                self.delete_checked(c, entity, target)

    def list_conflicts(self, p: Principal, state: str | None, limit: int) -> list[dict]:
        if "conflicts" not in self.visible_entities(p):
            raise Reject("forbidden", f"{p.role} does not see conflicts")
        t = db.conflicts
        q = (sa.select(t).where(*self.row_clause(p, "conflicts", t))
             .order_by(t.c.server_seq).limit(limit))
        if state:
            q = q.where(t.c.state == state)
        with self.store.read() as conn:
            found = [dict(r) for r in conn.execute(q).mappings()]
            self.name_authors(conn, found)
            return [public_row(r) for r in found]

