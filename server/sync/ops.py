"""The op kinds of a push and the resolution of conflicts (sync-protocol.md), as a
mixin of ``Engine``.

Every path that writes a row runs the same checks (server/authority.py and
``_check_row`` here): the role may write this kind of row, the row was and stays
inside the writer's scope, key-group tags only for roles holding 防, the row is
valid by the rules the desktop uses (app.models.validation), its links point at
live rows in the writer's scope. A conflict resolution writes the row a patch by
the resolver would have written, through the same checks (``_write_as_patch``).

Concurrency is judged per device (``updated_device``): one person's two PCs can
conflict with each other, a device never with itself. A resident's move (grid,
household, address path, relation) is one value (``MOVE_FIELDS``): merged,
conflicted and resolved whole. An edit refused because its row moved out of the
sender's scope becomes a "moved" conflict in the inbox of whoever holds the row
now; an edit of a deleted row is an edit-vs-delete conflict, also after the
tombstone was pruned (the id stays in ``graveyard``).
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from app.models.domain import addresses, rules, validation, workflow
from app.models.domain.validation import MOVE_FIELDS
from server import authority, db
from server.errors import Reject
from server.sync import stars
from server.sync.conflicts import DELETED, MOVE, PRUNED

# references a row may hold: (entity, column) -> (target entity, same grid required)
LINKS = {("residents", "household_id"): ("households", True),
         ("households", "room_id"): ("addresses", True),
         ("households", "head_id"): ("residents", False),
         ("visits", "resident_id"): ("residents", False),
         ("visits", "household_id"): ("households", False),
         ("case_residents", "resident_id"): ("residents", False),
         ("cases", "address_id"): ("addresses", False),
         # 实有房屋 and 实有单位: a house is an address of its own grid; the rest may
         # name rows anywhere in the writer's scope (a tenant from the next grid)
         ("houses", "address_id"): ("addresses", True),
         ("houses", "owner_id"): ("residents", False),
         ("houses", "landlord_id"): ("residents", False),
         ("house_tenants", "resident_id"): ("residents", False),
         ("organizations", "house_id"): ("houses", False),
         ("organizations", "address_id"): ("addresses", False),
         ("org_employees", "resident_id"): ("residents", False),
         ("inspections", "case_id"): ("cases", False)}

# one live row per value in the writer's scope (entity -> column, the domain's issue code)
UNIQUE_IN_SCOPE = {"houses": ("address_id", "house.exists"),
                   "organizations": ("credit_code", "credit.duplicate")}

# creates that may be forwarded to the present holder of their place (a case is a
# command log, not a row: a case made in a grid the worker left is refused, visibly)
FORWARDED_CREATES = ("addresses", "households", "residents", "resident_tags", "visits",
                     "houses", "house_tenants", "organizations", "org_employees",
                     "inspections")

REQUIRED = {
    "org_units": {"code", "name", "kind"},
    "addresses": {"grid_id", "kind", "code", "name", "path", "full_name"},
    "households": {"number", "grid_id", "kind", "path"},
    "residents": {"grid_id", "name", "id_type", "residence_type", "path"},
    "resident_tags": {"resident_id", "tag"},
    "visits": {"grid_id", "visited_on", "kind"},
    "cases": {"number", "grid_id", "title", "category", "source"},
    "case_residents": {"case_id", "resident_id"},
    "case_events": {"case_id", "action"},
    "houses": {"address_id", "grid_id", "path", "use"},
    "house_tenants": {"house_id", "resident_id", "moved_in"},
    "organizations": {"name", "kind", "grid_id", "path"},
    "org_employees": {"organization_id", "resident_id"},
    "inspections": {"organization_id", "inspected_on"},
    "star_assessments": {"unit_id", "year", "state"},
}


def applied(seq: int, version: int) -> dict:
    return {"status": "applied", "server_seq": seq, "version": version}

def conflicted(ids: list[str], **extra) -> dict:
    return {"status": "conflict", "conflict_id": ids[0], "conflict_ids": ids, **extra}


class Ops:
    # ------------------------------------------------------------ dispatch
    def apply_op(self, c, op: dict) -> dict:
        entity, kind = op["entity"], op["op"]
        if entity == "conflicts":
            if kind != "patch":
                raise Reject("bad_op", "conflicts are resolved with a patch")
            return self.resolve(c, op["entity_id"], op["changed"].get("resolution"),
                                op["changed"].get("value"))
        if entity not in db.ENTITIES:
            raise Reject("unknown_entity", f"unknown entity {entity!r}")
        stars.refuse_delete(entity, kind)
        if kind == "transition":
            return self._transition(c, op)
        if entity == "case_events":
            if kind == "attach":
                return self._attach(c, op)
            raise Reject("events_append_only", "case events are added by transition ops")
        if kind == "create":
            return self._create(c, op)
        if kind == "patch":
            return self._patch(c, op)
        if kind == "delete":
            return self._delete(c, op)
        if kind == "attach":
            return self._attach(c, op)
        raise Reject("bad_op", f"unknown op {kind!r}")

    # ------------------------------------------------------------ checks
    @staticmethod
    def _in_scope_or_reject(c, path: str, path2: str | None = None, *,
                            via_holder: bool = False) -> None:
        if not (c.p.in_scope(path) or (via_holder and c.p.in_scope(path2))):
            raise Reject("out_of_scope", "outside your scope")

    @staticmethod
    def _may_touch(c, entity: str, old: dict) -> bool:
        """Whether the writer may change this stored row now (its scope)."""
        return c.p.in_scope(old["scope_path"])

    @staticmethod
    def _held(c) -> list[str]:
        if getattr(c, "held_scopes", None) is None or c.held_scopes[0] != c.p.user_id:
            c.held_scopes = (c.p.user_id, authority.scopes_held(c.conn, c.p))
        return c.held_scopes[1]

    def _ever_held(self, c, path: str | None) -> bool:
        return bool(path) and any(path.startswith(s) for s in self._held(c))

    def _once_saw(self, c, entity: str, row_id: str, path: str | None = None) -> bool:
        """Whether the row lay in a scope the writer holds or held: an edit made while
        the writer held it is forwarded to its present holder, not refused unseen; a
        row they never held stays "not found" (its existence is not told). Known from
        the scopes the row left (``departed``, kept beyond the feed's retention) and
        from the change feed."""
        held = self._held(c)
        if "/" in held or self._ever_held(c, path):
            return True

        def within(col):
            return sa.or_(*[sa.and_(col >= s, col < s[:-1] + chr(ord(s[-1]) + 1))
                            for s in held])
        d, ch = db.departed, db.changes
        if c.conn.execute(sa.select(d.c.entity).where(
                d.c.entity == entity, d.c.id == row_id, within(d.c.scope_path)).limit(1)
        ).first() is not None:
            return True
        seen = [ch.c.entity == entity, ch.c.entity_id == row_id, within(ch.c.scope_path)]
        if not authority.sees_key_groups(c.p):
            seen.append(ch.c.audience != 1)    # changes only 防 ever received
        return c.conn.execute(sa.select(ch.c.server_seq).where(*seen).limit(1)
                              ).first() is not None

    def _check_links(self, c, entity: str, row: dict, changed: dict) -> None:
        """Links the write sets point at live rows in the writer's scope (and a
        resident's household, a household's room, in the row's own grid)."""
        for (e, column), (target, same_grid) in LINKS.items():
            if e != entity or column not in changed or row.get(column) is None:
                continue
            other = self.get_row(c.conn, target, row[column]) if isinstance(
                row[column], str) else None
            if other is None or other["deleted_at"] or not c.p.in_scope(other["scope_path"]):
                raise Reject("link_not_found", f"{column} does not name a {target[:-1]} "
                                               "in your scope")
            if same_grid and other.get("grid_id") != row.get("grid_id"):
                raise Reject("link_other_grid", f"{column} lies in another grid")

    def _check_row(self, c, entity: str, row: dict, changed: dict) -> tuple:
        """A row about to be written passes the rules and stays in the writer's
        scope; returns its scope (``scope_of``)."""
        if entity == "cases":
            row.setdefault("urgency", "normal")
            row.setdefault("path", None)
        authority.validate(entity, row, categories=self.categories)
        stars.check_step(self, c, entity, row)       # 五星支部: the workflow's rules
        self.check_path(c, entity, row)
        if entity == "addresses" and changed.keys() & {"kind", "code", "parent_id", "grid_id"}:
            self._check_address_shape(c, row)
        self._check_links(c, entity, row, changed)
        scope = self.scope_of(c.conn, entity, row)
        self._in_scope_or_reject(c, scope[0])
        if entity == "residents" and "id_number" in changed:
            # stored as the desktop stores it: a resident ID in its canonical 18-digit
            # form (a 15-digit legacy ID is the same person), invisible characters gone
            if isinstance(row.get("id_number"), str):
                row["id_number"] = changed["id_number"] = rules.stored_id_number(
                    row["id_number"], row.get("id_type"))
            self._check_unique_id(c, row)
        if entity in UNIQUE_IN_SCOPE and UNIQUE_IN_SCOPE[entity][0] in changed:
            self._check_unique_place(c, entity, row)
        return scope

    def _check_address_shape(self, c, row: dict) -> None:
        """An address node fits the tree as the desktop's ``create_address`` makes it
        (domain.addresses): its kind may sit under its parent's (a road or an estate
        under the grid itself), the parent is a live address of the same grid in the
        writer's scope, and the code is the parent's (or the grid's) code plus the
        segment that kind adds there. Refused in the form's words (``address.parent``,
        ``address.code``): a door under an estate, or a code that would not nest,
        never enters the tree."""
        parent_id = row.get("parent_id")
        if parent_id is None:
            grid = self.unit(c.conn, row.get("grid_id"))
            parent_kind, base = None, (grid or {}).get("code") or ""
        else:
            parent = self.get_row(c.conn, "addresses", parent_id) if isinstance(
                parent_id, str) else None
            if parent is None or parent["deleted_at"] or not c.p.in_scope(parent["scope_path"]):
                raise Reject("link_not_found", "parent_id does not name an address "
                                               "in your scope")
            if parent.get("grid_id") != row.get("grid_id"):
                raise Reject("link_other_grid", "parent_id lies in another grid")
            parent_kind, base = parent["kind"], parent["code"] or ""
        if not addresses.may_sit_under(row.get("kind"), parent_kind):
            raise Reject("invalid", "parent: address.parent")
        code = row.get("code") or ""
        segment = code[len(base):] if base and code.startswith(base) else ""

        def fits(prefix: str, width: int) -> bool:
            digits = segment[len(prefix):]
            return (segment.startswith(prefix) and len(digits) == width and digits.isdigit()
                    and digits.isascii())
        if not any(fits(*shape) for shape in addresses.accepted_shapes(row["kind"],
                                                                       parent_kind)):
            raise Reject("invalid", "code: address.code")

    def _check_unique_place(self, c, entity: str, row: dict) -> None:
        """One house per address, one organization per credit code in the writer's
        scope: what the desktop's form refuses (``house.exists``,
        ``credit.duplicate``), refused here alike (docs/domain-houses.md)."""
        column, code = UNIQUE_IN_SCOPE[entity]
        value = row.get(column)
        if not value:
            return
        if c.rows is not None:
            self.flush(c)        # rows held back by the fast path are in the table now
        t = db.ENTITIES[entity]
        where = [t.c[column] == value, t.c.id != row["id"], t.c.deleted_at.is_(None)]
        lo = c.p.scope_path
        if lo != "/":
            where += [t.c.scope_path >= lo, t.c.scope_path < lo[:-1] + chr(ord(lo[-1]) + 1)]
        if c.conn.execute(sa.select(t.c.id).where(*where).limit(1)).first() is not None:
            raise Reject("invalid", f"{column}: {code}")

    def _check_unique_id(self, c, row: dict) -> None:
        """An ID number another live resident of the writer's scope holds is refused,
        as the desktop's form refuses it (rules: ``id.duplicate``): one person, one
        record in a scope, whichever form (15 or 18 digits) either row holds."""
        number = row.get("id_number")
        if not number or row.get("id_type", "resident_id") != "resident_id":
            return
        forms = rules.id_number_forms(number) or (number,)
        lo = c.p.scope_path

        def holds(other: dict) -> bool:      # a live resident of the scope with it
            return (other["id"] != row["id"] and other.get("id_number") in forms
                    and other.get("deleted_at") is None
                    and (lo == "/" or (other.get("scope_path") or "").startswith(lo)))

        # The fast path holds rows back (c.rows): they are checked here as they stand
        # instead of being written first, so a push of new residents stays one insert
        # per table (a flush per check cost a third of the push's time).
        mine = c.rows or {}
        if c.rows is not None and c.id_holders and all(f in c.id_holders for f in forms):
            # read ahead for the run (Rows.read_ahead)
            hits = [i for f in forms for i, path in c.id_holders[f]
                    if i != row["id"] and (lo == "/" or (path or "").startswith(lo))]
        else:
            r = db.ENTITIES["residents"]
            where = [r.c.id_number.in_(forms), r.c.id != row["id"], r.c.deleted_at.is_(None)]
            if lo != "/":
                where += [r.c.scope_path >= lo,
                          r.c.scope_path < lo[:-1] + chr(ord(lo[-1]) + 1)]
            hits = c.conn.execute(sa.select(r.c.id).where(*where).limit(50)).scalars().all()
            if len(hits) == 50 and all(("residents", h) in mine for h in hits):
                self.flush(c)        # all ours so far and maybe more: ask the table
                hits = c.conn.execute(sa.select(r.c.id).where(*where).limit(1)).scalars().all()
                mine = {}            # written now: the table is the whole truth
        if any(("residents", hit) not in mine for hit in hits) or any(
                k[0] == "residents" and holds(v) for k, v in mine.items()):
            raise Reject("invalid", "id_number: id.duplicate")

    @staticmethod
    def complete_move(entity: str, old: dict, values: dict) -> dict:
        """A move is one value: a write naming any of its fields writes them all (the
        ones not named keep the row's current values)."""
        group = MOVE_FIELDS.get(entity, ())
        if group and any(k in values for k in group):
            for k in group:
                values.setdefault(k, old.get(k))
        return values

    def write_as_patch(self, c, entity: str, old: dict, values: dict) -> tuple[int, int]:
        """Write ``values`` over ``old`` as the writer's patch would: every check a
        patch gets, no conflict detection (a resolution decides)."""
        authority.check_write_role(c.p, entity)
        if not self._may_touch(c, entity, old):
            raise Reject("not_found", f"{entity} {old['id']} not found")
        self.check_key_tag(c.p, entity, old, {**old, **values})
        if entity == "org_units":
            if "code" in values or "parent_id" in values:
                raise Reject("forbidden", "an org unit's code and parent change by import only")
            values.pop("path", None)
        values = self.complete_move(entity, old, values)
        row = {**old, **values}
        scope = self._check_row(c, entity, row, values)
        return self.write_row(c, entity, row, old=old, scope=scope)

    def delete_checked(self, c, entity: str, old: dict) -> tuple[int, int]:
        authority.check_write_role(c.p, entity)
        if not self._may_touch(c, entity, old):
            raise Reject("not_found", f"{entity} {old['id']} not found")
        self.check_key_tag(c.p, entity, old, None)
        return self.write_row(c, entity, {**old, "deleted_at": c.at}, old=old)

    def _same_device(self, c, old: dict) -> bool:
        if old.get("updated_device"):
            return old["updated_device"] == c.p.device_id
        return old.get("updated_by") == c.p.user_id     # rows written before devices counted

    # ------------------------------------------------------------ op kinds
    def _create(self, c, op: dict) -> dict:
        entity = op["entity"]
        authority.check_write_role(c.p, entity)
        values = self.clean(entity, op["changed"], creating=True)
        row_id = values.setdefault("id", op["entity_id"])
        if row_id != op["entity_id"]:
            raise Reject("id_mismatch", "changed.id differs from entity_id")
        missing = sorted(f for f in REQUIRED[entity] if values.get(f) in (None, ""))
        if missing:
            # in the words of the domain's issues ("field: code"), as every refusal
            raise Reject("invalid", "; ".join(f"{f}: required" for f in missing))
        try:
            return applied(*self.create_checked(c, entity, values))
        except Reject as exc:
            if exc.code != "out_of_scope":
                raise
            return self._forward_create(c, entity, values, op)

    def create_checked(self, c, entity: str, values: dict) -> tuple[int, int]:
        """Create a row as the writer: every check, then write it."""
        authority.check_write_role(c.p, entity)
        if self.may_exist(c, entity, values["id"]) and \
                self.get_row(c.conn, entity, values["id"]) is not None:
            raise Reject("duplicate_id", f"{entity} {values['id']} exists")
        self.check_key_tag(c.p, entity, None, values)
        if entity == "org_units":
            parent = self.unit(c.conn, values.get("parent_id"))
            if values.get("parent_id") and parent is None:
                raise Reject("parent_not_found", "parent_id not found")
            values["path"] = (parent["path"] if parent else "/") + values["code"] + "/"
        if entity == "visits":
            values.setdefault("participants", "[]")   # the desktop's column is NOT NULL
        if entity == "cases":
            values.update(state=workflow.DRAFT, supervision="normal", rework_count=0,
                          extra_days=0, has_conflict=0, holder_unit_id=None)
        scope = self._check_row(c, entity, values, values)
        return self.write_row(c, entity, values, old=None, scope=scope)

    def _forward_create(self, c, entity: str, values: dict, op: dict) -> dict:
        """A row made offline in a place the writer held then but not now (their
        scope moved, or the parent moved away): the place's present holder decides."""
        scope = self.scope_of(c.conn, entity, values)
        if entity not in FORWARDED_CREATES or not self._ever_held(c, scope[0]):
            if entity in ("resident_tags", "case_residents", "case_events"):
                raise Reject("parent_not_found", "the row it belongs to is not found")
            raise Reject("out_of_scope", "outside your scope")
        row = {"id": values["id"], "scope_path": scope[0], "scope_path2": scope[1]}
        cid = self.open_conflict(c, entity, row, "moved", field="create", kept=None, other=values,
                             kept_author=None, other_author=c.p.user_id, kept_at=None,
                             other_at=c.at, op_id=op["op_id"])
        return conflicted([cid], code="moved_out_of_scope",
                          message="made where you no longer work: its present holder decides")

    def _patch(self, c, op: dict) -> dict:
        entity = op["entity"]
        authority.check_write_role(c.p, entity)
        values = self.clean(entity, op["changed"], creating=False)
        values.pop("id", None)
        old = self.get_row(c.conn, entity, op["entity_id"], lock=True)
        if old is None:
            return self._edit_of_pruned(c, entity, op, values)
        if not self._may_touch(c, entity, old):
            return self._forward(c, entity, old, op, values)
        self.check_key_tag(c.p, entity, old, {**old, **values})
        if old["deleted_at"]:
            # what waits for a supervisor is only what this writer could have written:
            # an edit of a deleted row can't carry it out of the writer's scope
            self.complete_move(entity, old, values)
            self._check_row(c, entity, {**old, **values, "deleted_at": None}, values)
            cid = self.open_conflict(c, entity, old, "edit_delete", kept=None, other=values,
                                 kept_author=old["updated_by"], other_author=c.p.user_id,
                                 kept_at=old["deleted_at"], other_at=c.at, op_id=op["op_id"])
            return conflicted([cid])
        if entity == "org_units":
            if "code" in values or "parent_id" in values:
                raise Reject("forbidden", "an org unit's code and parent change by import only")
            values.pop("path", None)
        values = self.complete_move(entity, old, values)
        found = self._field_conflicts(entity, old, values, op.get("base_values") or {})
        row = {**old, **values}
        scope = self._check_row(c, entity, row, values)
        ids = [self.open_conflict(c, entity, old, "field", field=key, kept=mine, other=theirs,
                              kept_author=c.p.user_id, other_author=old["updated_by"],
                              kept_at=c.at, other_at=old["updated_at"], op_id=op["op_id"])
               for key, mine, theirs in found]
        seq, version = self.write_row(c, entity, row, old=old, scope=scope)
        if ids:
            return conflicted(ids, server_seq=seq, version=version)
        return applied(seq, version)

    @staticmethod
    def _field_conflicts(entity: str, old: dict, values: dict, base: dict) -> list[tuple]:
        """(field, this op's value, the server's value) for each field both sides
        changed: the server's value differs from the one this edit was based on.
        A move is one field ``move`` whose values are dicts of its fields."""
        group = MOVE_FIELDS.get(entity, ())
        out = []
        if group and any(k in values for k in group):
            mine = {k: values.get(k) for k in group}
            theirs = {k: old.get(k) for k in group}
            moved_meanwhile = any(base[k] != old.get(k) for k in group if k in base)
            if moved_meanwhile and mine != theirs:
                out.append((MOVE, mine, theirs))
        for key, value in values.items():
            if key in group:
                continue
            server_value = old.get(key)
            if key in base and base[key] != server_value and server_value != value:
                out.append((key, value, server_value))
        return out

    def _forward(self, c, entity: str, old: dict, op: dict, values: dict) -> dict:
        """An edit (or delete) of a row that has left the sender's scope since they
        made it: the row's present holder decides (a "moved" conflict in their
        inbox), instead of a refusal nobody who can act on ever sees."""
        if not self._once_saw(c, entity, old["id"], old["scope_path"]):
            raise Reject("not_found", f"{entity} {old['id']} not found")
        self.check_key_tag(c.p, entity, old, None if values is DELETED else {**old, **values})
        if values is not DELETED:
            if set(values) & set(MOVE_FIELDS.get(entity, ())):
                # who lost a row can't decide where it lives now
                raise Reject("out_of_scope", "a row outside your scope can't be moved by you")
            row = {**old, **values}
            if entity == "cases":
                row.setdefault("urgency", "normal")
            authority.validate(entity, row, categories=self.categories)
            kept = {k: old.get(k) for k in values}
        else:
            kept = None
        cid = self.open_conflict(c, entity, old, "moved", kept=kept, other=values,
                             kept_author=old["updated_by"], other_author=c.p.user_id,
                             kept_at=old["updated_at"], other_at=c.at, op_id=op["op_id"])
        return conflicted([cid], code="moved_out_of_scope",
                          message="the row now belongs to another scope: its holder decides")

    def _edit_of_pruned(self, c, entity: str, op: dict, values) -> dict:
        grave = c.conn.execute(sa.select(db.graveyard).where(
            db.graveyard.c.entity == entity, db.graveyard.c.id == op["entity_id"])
        ).mappings().first()
        if grave is None or not self._once_saw(c, entity, op["entity_id"], grave["scope_path"]):
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        if values is DELETED:
            return {"status": "applied", "server_seq": None, "version": None}
        row = {"id": op["entity_id"], "scope_path": grave["scope_path"],
               "scope_path2": grave["scope_path2"]}
        cid = self.open_conflict(c, entity, row, "edit_delete", field=PRUNED, kept=None,
                             other=values, kept_author=grave["deleted_by"],
                             other_author=c.p.user_id, kept_at=grave["deleted_at"],
                             other_at=c.at, op_id=op["op_id"])
        return conflicted([cid])

    def _delete(self, c, op: dict) -> dict:
        entity = op["entity"]
        authority.check_write_role(c.p, entity)
        old = self.get_row(c.conn, entity, op["entity_id"], lock=True)
        if old is None:
            return self._edit_of_pruned(c, entity, op, DELETED)
        if not self._may_touch(c, entity, old):
            return self._forward(c, entity, old, op, DELETED)
        self.check_key_tag(c.p, entity, old, None)
        if old["deleted_at"]:
            return applied(old["server_seq"], old["version"])
        base_version = op.get("base_version") or 0
        if old["version"] > max(base_version, 1) and not self._same_device(c, old):
            cid = self.open_conflict(c, entity, old, "delete_edit", kept=None, other=DELETED,
                                 kept_author=old["updated_by"], other_author=c.p.user_id,
                                 kept_at=old["updated_at"], other_at=c.at, op_id=op["op_id"])
            return conflicted([cid])
        return applied(*self.delete_checked(c, entity, old))

    def _attach(self, c, op: dict) -> dict:
        """Add photo references (sha256) to a visit or case event: add-only, never a conflict."""
        entity = op["entity"]
        if entity not in ("visits", "case_events"):
            raise Reject("bad_op", "attach adds photos to a visit or a case event")
        authority.check_write_role(c.p, entity)
        old = self.get_row(c.conn, entity, op["entity_id"], lock=True)
        if old is None or not (c.p.in_scope(old["scope_path"]) or (
                entity == "case_events" and c.p.in_scope(old["scope_path2"]))):
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        photos = op["changed"].get("photos")
        if not isinstance(photos, list) or not all(
                isinstance(s, str) and len(s) == 64 and all(ch in "0123456789abcdef" for ch in s)
                for s in photos):
            raise Reject("bad_value", "photos must be a list of sha256 hex strings")
        current = json.loads(old.get("photos") or "[]")
        merged = current + [s for s in photos if s not in current]
        seq, version = self.write_row(c, entity, {**old, "photos": json.dumps(merged)}, old=old)
        return applied(seq, version)

    # ------------------------------------------------------------ case steps
    def _transition(self, c, op: dict) -> dict:
        if op["entity"] != "case_events":
            raise Reject("bad_op", "transition ops add case_events")
        values = self.clean("case_events", op["changed"], creating=True)
        event_id = values.setdefault("id", op["entity_id"])
        if event_id != op["entity_id"]:
            raise Reject("id_mismatch", "changed.id differs from entity_id")
        if not values.get("case_id") or not values.get("action"):
            raise Reject("required", "missing case_id or action")
        action = values["action"]
        # the role alone decides whether this step can ever be taken: refused before the
        # case is read, so the answer says nothing about the case
        authority.check_case_step(c.p, action)
        # locked: transitions of one case are checked strictly one after the other
        case = self.get_row(c.conn, "cases", values["case_id"], lock=True)
        if case is None or case["deleted_at"] or not (
                c.p.in_scope(case["scope_path"]) or c.p.in_scope(case["scope_path2"])):
            raise Reject("not_found", "case not found")
        if self.may_exist(c, "case_events", event_id) and \
                self.get_row(c.conn, "case_events", event_id) is not None:
            raise Reject("duplicate_id", "event exists")
        authority.validate("case_events", values, categories=self.categories)
        for key in ("data", "photos"):
            if values.get(key) is not None:
                try:
                    parsed = json.loads(values[key])
                except ValueError:
                    raise Reject("bad_value", f"{key} must be JSON") from None
                if not isinstance(parsed, dict if key == "data" else list):
                    raise Reject("bad_value", f"{key} has the wrong JSON type")
        data = json.loads(values.get("data") or "{}")
        if action in ("dispatch", "escalate", "report") and data.get("unit") is not None:
            unit = self.unit(c.conn, data["unit"])
            if unit is None or unit["deleted_at"]:
                raise Reject("unit_not_found", "the target unit does not exist")
        events = self.case_events(c.conn, case["id"])
        if action == "report":
            # a case is filed by its report: one that says neither what nor where is
            # refused as the desktop's form refuses it (validation.validate_report)
            photos = sum(len(json.loads(e.get("photos") or "[]")) for e in events)
            photos += len(json.loads(values.get("photos") or "[]"))
            issues = validation.validate_report(case, photos)
            if issues:
                raise Reject("invalid", "; ".join(f"{i.field}: {i.code}" for i in issues))
        # the role and the actor come from the token, never from the client
        values.update(role=c.p.role, actor_id=c.p.user_id, server_time=c.at,
                      seq=(events[-1]["seq"] + 1) if events else 1,
                      data=values.get("data") or "{}", photos=values.get("photos") or "[]",
                      device_time=values.get("device_time") or c.at)
        _, before = self.project(case, events)
        ev = self.workflow_event(values)
        try:
            workflow.check(before, ev, self_handle_allowed=self.self_handle_allowed(case))
            if action == "request_extension" and isinstance(data.get("days"), bool):
                raise workflow.TransitionError("extension_days", action, before.state)
            conflict_code = None
        except workflow.TransitionError as exc:
            conflict_code = exc.code
        values["conflict"] = 1 if conflict_code else 0
        seq, version = self.write_row(c, "case_events", values, old=None)
        projection, _ = self.project(case, events + [values])
        new_case = {**case, **projection}
        if any(case.get(k) != v for k, v in projection.items()):
            self.write_row(c, "cases", new_case, old=case)
        if conflict_code:
            cid = self.open_conflict(c, "cases", case, "transition", field=action,
                                 kept={"state": before.state},
                                 other={"event_id": event_id, "action": action,
                                        "code": conflict_code},
                                 kept_author=case["updated_by"], other_author=c.p.user_id,
                                 kept_at=case["updated_at"], other_at=values["device_time"],
                                 op_id=op["op_id"])
            return conflicted([cid], code=conflict_code, server_seq=seq, version=version)
        return applied(seq, version)

