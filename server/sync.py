"""The sync engine (sync-protocol.md): push, changes, verify, conflicts.

Push: ops are applied in ``device_seq`` order, one database transaction per
client transaction (``tx_id``), each op in a savepoint so a rejected op leaves
no trace. ``applied_ops`` is written in the same transaction, so a replayed
``op_id`` returns its stored outcome and changes nothing. An op after a gap in
``device_seq`` is held (``held_ops``) and applied when the gap is filled.

Scope: every row carries the org path of its grid (``scope_path``) and, for
cases, of the unit holding it (``scope_path2``, e.g. a department). Every op is
checked against the scope the server derives from the token; a row that moves
out of a scope is announced to that scope as a removal.

Cases are commands: a ``transition`` op appends an event that the shared state
machine (app.models.workflow) checks against the current state in order of
receipt; an invalid one is kept, flagged and becomes a conflict.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa

from app.models import calendar as cal
from app.models import categories as cats
from app.models import case_projection, rules, workflow
from app.models.cases import GRID_KINDS, SOURCES, URGENCY
from app.models.ids import uuid7
from server import db
from server.auth import (CASE_CREATORS, CONFLICT_RESOLVERS, ROSTER_WRITERS, SYNC_ROLES,
                         Principal)

ROSTER = ("addresses", "households", "residents", "resident_tags", "visits")
SERVER_FIELDS = {"version", "deleted_at", "updated_at", "rid", "server_seq", "scope_path",
                 "scope_path2", "updated_by"}
CASE_DERIVED = {"state", "holder_unit_id", "holder_user_id", "level_unit_id", "supervision",
                "rework_count", "extension_pending", "extra_days", "clock_start", "deadline",
                "reported_at", "closed_at", "satisfaction", "has_conflict"}
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
}
CHILDREN = {"residents": [("resident_tags", "resident_id")],
            "cases": [("case_events", "case_id"), ("case_residents", "case_id")]}
ORG_READERS_ONLY = frozenset({"admin", "auditor"})
PULL_ENTITIES = tuple(db.ENTITIES) + ("conflicts",)
MAX_TEXT = 20000


class Reject(Exception):
    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code, self.message = code, message or code


class Gone(Exception):
    """The cursor is older than the tombstone retention: full resync (HTTP 410)."""


def _now_iso(now: float) -> str:
    return cal.to_iso(dt.datetime.fromtimestamp(now, cal.TZ), cal.TZ)


def path_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def ancestors(path: str) -> list[str]:
    """'/4101/410105/x/' -> ['/4101/', '/4101/410105/'] (the scope's parents)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


@dataclass
class Ctx:
    conn: sa.Connection
    store: db.Store
    p: Principal
    now: float
    at: str
    seq: int | None = None

    def next_seq(self) -> int:
        self.seq = self.store.next_seq(self.conn)
        return self.seq


class Engine:
    def __init__(self, store: db.Store, settings, *, categories=None, calendar=None):
        self.store = store
        self.settings = settings
        self.categories = categories or cats.load()
        self.calendar = calendar or cal.default_calendar()

    # ------------------------------------------------------------ helpers
    def _get(self, conn, entity: str, row_id: str) -> dict | None:
        t = db.ENTITIES[entity]
        row = conn.execute(sa.select(t).where(t.c.id == row_id)).mappings().first()
        return dict(row) if row else None

    def _unit(self, conn, unit_id) -> dict | None:
        return self._get(conn, "org_units", unit_id) if isinstance(unit_id, str) else None

    def scope_of(self, conn, entity: str, row: dict) -> tuple[str, str | None, bool]:
        """(scope_path, scope_path2, shared) of a row, derived on the server."""
        if entity == "org_units":
            return row["path"], None, row.get("kind") == "department"
        if entity in ("addresses", "households", "residents", "visits", "cases"):
            grid = self._unit(conn, row.get("grid_id"))
            if grid is None or grid["kind"] not in GRID_KINDS or grid["deleted_at"]:
                raise Reject("grid_not_found", "grid_id is not a grid")
            path2 = None
            if entity == "cases" and row.get("holder_unit_id"):
                holder = self._unit(conn, row["holder_unit_id"])
                path2 = holder["path"] if holder else None
            return grid["path"], path2, False
        parent_entity, key = {"resident_tags": ("residents", "resident_id"),
                              "case_events": ("cases", "case_id"),
                              "case_residents": ("cases", "case_id")}[entity]
        parent = self._get(conn, parent_entity, row.get(key)) if isinstance(
            row.get(key), str) else None
        if parent is None:
            raise Reject("parent_not_found", f"{key} not found")
        return parent["scope_path"], parent["scope_path2"], False

    def _change(self, c: Ctx, entity: str, row_id: str, kind: str, path: str,
                path2: str | None = None, shared: bool = False) -> int:
        seq = c.next_seq()
        c.conn.execute(db.changes.insert().values(
            server_seq=seq, entity=entity, entity_id=row_id, kind=kind, scope_path=path,
            scope_path2=path2, shared=shared, at=c.at))
        return seq

    def write_row(self, c: Ctx, entity: str, row: dict, *, old: dict | None) -> tuple[int, int]:
        """Insert or update ``row`` (full values), bump version, log the change and
        announce a removal to any scope the row left (cascading to children)."""
        t = db.ENTITIES[entity]
        path, path2, shared = self.scope_of(c.conn, entity, row)
        version = (old["version"] + 1) if old else 1
        for old_path in self._left(old, path, path2):
            self._change(c, entity, row["id"], "remove", old_path)
        seq = self._change(c, entity, row["id"], "upsert", path, path2, shared)
        values = {k: v for k, v in row.items() if k in t.c}
        values.update(version=version, server_seq=seq, scope_path=path, scope_path2=path2,
                      updated_at=c.at, updated_by=c.p.user_id)
        if old is None:
            c.conn.execute(t.insert().values(**values))
        else:
            c.conn.execute(t.update().where(t.c.id == row["id"]).values(**values))
            if (old["scope_path"], old["scope_path2"]) != (path, path2):
                self._rescope_children(c, entity, row["id"])
        return seq, version

    @staticmethod
    def _left(old, path, path2) -> list[str]:
        if old is None:
            return []
        return [p for p in (old["scope_path"], old["scope_path2"]) if p and p not in (path, path2)]

    def _rescope_children(self, c: Ctx, entity: str, row_id: str) -> None:
        for child, key in CHILDREN.get(entity, ()):
            t = db.ENTITIES[child]
            for kid in c.conn.execute(sa.select(t).where(t.c[key] == row_id)).mappings().all():
                kid = dict(kid)
                path, path2, _ = self.scope_of(c.conn, child, kid)
                for old_path in self._left(kid, path, path2):
                    self._change(c, child, kid["id"], "remove", old_path)
                seq = self._change(c, child, kid["id"], "upsert", path, path2)
                c.conn.execute(t.update().where(t.c.id == kid["id"]).values(
                    server_seq=seq, scope_path=path, scope_path2=path2))
                self._rescope_children(c, child, kid["id"])

    def _clean(self, entity: str, changed: dict, *, creating: bool) -> dict:
        types = db.COLUMNS[entity]
        out = {}
        for key, value in changed.items():
            if key in SERVER_FIELDS:
                continue
            if key not in types:
                raise Reject("unknown_field", f"{entity} has no field {key!r}")
            if entity == "cases" and key in CASE_DERIVED:
                if creating:
                    continue
                raise Reject("derived_field", f"{key} is derived from the case's events")
            if value is not None:
                py = types[key]
                ok = (isinstance(value, str) if py is str else
                      isinstance(value, int) and not isinstance(value, bool) if py is int else
                      isinstance(value, (int, float)) and not isinstance(value, bool))
                if not ok:
                    raise Reject("bad_type", f"{key} must be {py.__name__}")
                if py is str and ("\x00" in value or len(value) > MAX_TEXT):
                    raise Reject("bad_value", f"{key}: NUL character or too long")
                if py is int and not -2**62 < value < 2**62:
                    raise Reject("bad_value", f"{key} out of range")
            out[key] = value
        return out

    def _check_write_role(self, p: Principal, entity: str) -> None:
        if entity == "org_units":
            if p.role != "admin":
                raise Reject("forbidden", "only an admin changes the org tree")
        elif entity == "cases":
            if p.role not in CASE_CREATORS:
                raise Reject("forbidden", f"{p.role} may not create or edit cases")
        elif p.role not in ROSTER_WRITERS:
            raise Reject("forbidden", f"{p.role} may not change the roster")

    # ------------------------------------------------------------ op kinds
    def apply_op(self, c: Ctx, op: dict) -> dict:
        entity, kind = op["entity"], op["op"]
        if entity == "conflicts":
            if kind != "patch":
                raise Reject("bad_op", "conflicts are resolved with a patch")
            return self.resolve(c, op["entity_id"], op["changed"].get("resolution"),
                                op["changed"].get("value"))
        if entity not in db.ENTITIES:
            raise Reject("unknown_entity", f"unknown entity {entity!r}")
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

    def _in_scope_or_reject(self, c: Ctx, path: str, path2: str | None = None,
                            *, via_holder: bool = False) -> None:
        if not (c.p.in_scope(path) or (via_holder and c.p.in_scope(path2))):
            raise Reject("out_of_scope", "outside your scope")

    def _create(self, c: Ctx, op: dict) -> dict:
        entity = op["entity"]
        self._check_write_role(c.p, entity)
        values = self._clean(entity, op["changed"], creating=True)
        row_id = values.setdefault("id", op["entity_id"])
        if row_id != op["entity_id"]:
            raise Reject("id_mismatch", "changed.id differs from entity_id")
        missing = sorted(f for f in REQUIRED[entity] if values.get(f) in (None, ""))
        if missing:
            raise Reject("required", f"missing {', '.join(missing)}")
        if self._get(c.conn, entity, row_id) is not None:
            raise Reject("duplicate_id", f"{entity} {row_id} exists")
        if entity == "org_units":
            parent = self._unit(c.conn, values.get("parent_id"))
            if values.get("parent_id") and parent is None:
                raise Reject("parent_not_found", "parent_id not found")
            values["path"] = (parent["path"] if parent else "/") + values["code"] + "/"
        if entity == "residents":
            self._validate_resident(values)
        if entity == "cases":
            self._validate_case(values)
            values.update(state=workflow.DRAFT, supervision="normal", rework_count=0,
                          extra_days=0, has_conflict=0, holder_unit_id=None)
        self._check_path(c, entity, values)
        path, path2, _ = self.scope_of(c.conn, entity, values)
        self._in_scope_or_reject(c, path)
        seq, version = self.write_row(c, entity, values, old=None)
        return {"status": "applied", "server_seq": seq, "version": version}

    def _check_path(self, c: Ctx, entity: str, values: dict) -> None:
        # the desktop's own `path` (room or grid code) must lie under the row's grid
        if entity in ("addresses", "households", "residents", "cases") and values.get("path"):
            grid = self._unit(c.conn, values.get("grid_id"))
            if grid and not values["path"].startswith(grid["code"]):
                raise Reject("path_mismatch", "path is not under the row's grid")

    def _validate_resident(self, values: dict) -> None:
        today = dt.date.today()
        _, issues = rules.validate_resident(values, today)
        errors = rules.errors(issues)
        if errors:
            raise Reject("invalid", "; ".join(f"{i.field}: {i.code}" for i in errors))

    def _validate_case(self, values: dict) -> None:
        if values["category"] not in self.categories:
            raise Reject("invalid", f"unknown category {values['category']!r}")
        if values["source"] not in SOURCES:
            raise Reject("invalid", f"unknown source {values['source']!r}")
        values.setdefault("urgency", "normal")
        if values["urgency"] not in URGENCY:
            raise Reject("invalid", f"unknown urgency {values['urgency']!r}")
        values.setdefault("path", None)

    def _conflict(self, c: Ctx, entity: str, row: dict, kind: str, *, field=None,
                  kept=None, other=None, kept_author=None, other_author=None,
                  kept_at=None, other_at=None, op_id=None) -> str:
        cid = uuid7()
        seq = self._change(c, "conflicts", cid, "upsert", row["scope_path"], row["scope_path2"])
        c.conn.execute(db.conflicts.insert().values(
            id=cid, entity=entity, entity_id=row["id"], kind=kind, field=field,
            kept_value=kept, other_value=other, kept_author=kept_author,
            other_author=other_author, kept_at=kept_at, other_at=other_at, op_id=op_id,
            state="open", version=1, server_seq=seq, scope_path=row["scope_path"],
            scope_path2=row["scope_path2"], created_at=c.at))
        return cid

    def _patch(self, c: Ctx, op: dict) -> dict:
        entity = op["entity"]
        self._check_write_role(c.p, entity)
        old = self._get(c.conn, entity, op["entity_id"])
        if old is None:
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        self._in_scope_or_reject(c, old["scope_path"])
        values = self._clean(entity, op["changed"], creating=False)
        values.pop("id", None)
        if entity == "org_units" and ("code" in values or "parent_id" in values):
            raise Reject("forbidden", "an org unit's code and parent change by import only")
        values.pop("path", None) if entity == "org_units" else None
        if old["deleted_at"]:
            cid = self._conflict(c, entity, old, "edit_delete", kept=None, other=values,
                                 kept_author=old["updated_by"], other_author=c.p.user_id,
                                 kept_at=old["deleted_at"], other_at=c.at, op_id=op["op_id"])
            return {"status": "conflict", "conflict_id": cid, "conflict_ids": [cid]}
        base = op.get("base_values") or {}
        conflicts = []
        for key, value in values.items():
            server_value = old.get(key)
            if key in base and base[key] != server_value and server_value != value:
                conflicts.append((key, value, server_value))
        row = {**old, **values}
        if entity == "residents":
            self._validate_resident(row)
        if entity == "cases":
            self._validate_case(row)
        self._check_path(c, entity, row)
        path, _, _ = self.scope_of(c.conn, entity, row)
        self._in_scope_or_reject(c, path)
        ids = [self._conflict(c, entity, old, "field", field=key, kept=value, other=server_value,
                              kept_author=c.p.user_id, other_author=old["updated_by"],
                              kept_at=c.at, other_at=old["updated_at"], op_id=op["op_id"])
               for key, value, server_value in conflicts]
        seq, version = self.write_row(c, entity, row, old=old)
        if ids:
            return {"status": "conflict", "conflict_id": ids[0], "conflict_ids": ids,
                    "server_seq": seq, "version": version}
        return {"status": "applied", "server_seq": seq, "version": version}

    def _delete(self, c: Ctx, op: dict) -> dict:
        entity = op["entity"]
        self._check_write_role(c.p, entity)
        old = self._get(c.conn, entity, op["entity_id"])
        if old is None:
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        self._in_scope_or_reject(c, old["scope_path"])
        if old["deleted_at"]:
            return {"status": "applied", "server_seq": old["server_seq"],
                    "version": old["version"]}
        base_version = op.get("base_version") or 0
        if old["version"] > max(base_version, 1) and old["updated_by"] != c.p.user_id:
            cid = self._conflict(c, entity, old, "delete_edit", kept=None, other={"deleted": True},
                                 kept_author=old["updated_by"], other_author=c.p.user_id,
                                 kept_at=old["updated_at"], other_at=c.at, op_id=op["op_id"])
            return {"status": "conflict", "conflict_id": cid, "conflict_ids": [cid]}
        seq, version = self.write_row(c, entity, {**old, "deleted_at": c.at}, old=old)
        return {"status": "applied", "server_seq": seq, "version": version}

    def _attach(self, c: Ctx, op: dict) -> dict:
        """Add photo references (sha256) to a visit or case event: add-only, never a conflict."""
        entity = op["entity"]
        if entity not in ("visits", "case_events"):
            raise Reject("bad_op", "attach adds photos to a visit or a case event")
        old = self._get(c.conn, entity, op["entity_id"])
        if old is None:
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        self._in_scope_or_reject(c, old["scope_path"], old["scope_path2"],
                                 via_holder=entity == "case_events")
        photos = op["changed"].get("photos")
        if not isinstance(photos, list) or not all(
                isinstance(s, str) and len(s) == 64 and all(ch in "0123456789abcdef" for ch in s)
                for s in photos):
            raise Reject("bad_value", "photos must be a list of sha256 hex strings")
        current = json.loads(old.get("photos") or "[]")
        merged = current + [s for s in photos if s not in current]
        seq, version = self.write_row(c, entity, {**old, "photos": json.dumps(merged)}, old=old)
        return {"status": "applied", "server_seq": seq, "version": version}

    # ------------------------------------------------------------ cases
    def case_events(self, conn, case_id: str) -> list[dict]:
        t = db.ENTITIES["case_events"]
        return [dict(r) for r in conn.execute(
            sa.select(t).where(t.c.case_id == case_id, t.c.deleted_at.is_(None))
            .order_by(t.c.seq)).mappings()]

    @staticmethod
    def _wf_event(e: dict) -> workflow.Event:
        try:
            data = json.loads(e.get("data") or "{}")
        except ValueError:
            data = {}
        return workflow.Event(e["action"], e["role"], e.get("actor_id") or "",
                              data if isinstance(data, dict) else {}, e.get("device_time") or "")

    def _self_handle(self, case: dict) -> bool:
        cat = self.categories.get(case.get("category"))
        return bool(cat and cat.self_handle)

    def project(self, case: dict, events: list[dict]) -> tuple[dict, workflow.CaseState]:
        """The case's derived columns from its event log (as app.models.cases does)."""
        state = workflow.replay([self._wf_event(e) for e in events],
                                self_handle_allowed=self._self_handle(case))
        return case_projection.project(case, state, self.categories, self.calendar), state

    def _transition(self, c: Ctx, op: dict) -> dict:
        if op["entity"] != "case_events":
            raise Reject("bad_op", "transition ops add case_events")
        values = self._clean("case_events", op["changed"], creating=True)
        event_id = values.setdefault("id", op["entity_id"])
        if event_id != op["entity_id"]:
            raise Reject("id_mismatch", "changed.id differs from entity_id")
        if not values.get("case_id") or not values.get("action"):
            raise Reject("required", "missing case_id or action")
        case = self._get(c.conn, "cases", values["case_id"])
        if case is None or case["deleted_at"]:
            raise Reject("not_found", "case not found")
        self._in_scope_or_reject(c, case["scope_path"], case["scope_path2"], via_holder=True)
        if self._get(c.conn, "case_events", event_id) is not None:
            raise Reject("duplicate_id", "event exists")
        action = values["action"]
        if action not in workflow.ACTIONS:
            raise Reject("unknown_action", f"unknown action {action!r}")
        for key in ("data", "photos"):
            if values.get(key) is not None:
                try:
                    parsed = json.loads(values[key])
                except ValueError:
                    raise Reject("bad_value", f"{key} must be JSON") from None
                if not isinstance(parsed, dict if key == "data" else list):
                    raise Reject("bad_value", f"{key} has the wrong JSON type")
        data = json.loads(values.get("data") or "{}")
        for key in ("unit",):
            if action in ("dispatch", "escalate", "report") and data.get(key) is not None:
                unit = self._unit(c.conn, data[key])
                if unit is None or unit["deleted_at"]:
                    raise Reject("unit_not_found", "the target unit does not exist")
        events = self.case_events(c.conn, case["id"])
        # the role and the actor come from the token, never from the client
        values.update(role=c.p.role, actor_id=c.p.user_id, server_time=c.at,
                      seq=(events[-1]["seq"] + 1) if events else 1,
                      data=values.get("data") or "{}", photos=values.get("photos") or "[]",
                      device_time=values.get("device_time") or c.at)
        _, before = self.project(case, events)
        ev = self._wf_event(values)
        try:
            workflow.check(before, ev, self_handle_allowed=self._self_handle(case))
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
            cid = self._conflict(c, "cases", {**case, **{"scope_path": case["scope_path"]}},
                                 "transition", field=action,
                                 kept={"state": before.state},
                                 other={"event_id": event_id, "action": action,
                                        "code": conflict_code},
                                 kept_author=case["updated_by"], other_author=c.p.user_id,
                                 kept_at=case["updated_at"], other_at=values["device_time"],
                                 op_id=op["op_id"])
            return {"status": "conflict", "conflict_id": cid, "conflict_ids": [cid],
                    "code": conflict_code, "server_seq": seq, "version": version}
        return {"status": "applied", "server_seq": seq, "version": version}

    # ------------------------------------------------------------ conflicts
    def resolve(self, c: Ctx, conflict_id: str, resolution, value=None) -> dict:
        if c.p.role not in CONFLICT_RESOLVERS:
            raise Reject("forbidden", "only a supervisor resolves conflicts")
        row = c.conn.execute(sa.select(db.conflicts).where(db.conflicts.c.id == conflict_id)
                             ).mappings().first()
        if row is None or not c.p.sees(row["scope_path"], row["scope_path2"]):
            raise Reject("not_found", "conflict not found")
        row = dict(row)
        if row["state"] != "open":
            raise Reject("resolved", "conflict already resolved")
        allowed = {"field": ("keep", "take_other", "edit"), "edit_delete": ("keep", "take_other"),
                   "delete_edit": ("keep", "take_other"), "transition": ("keep",)}[row["kind"]]
        if resolution not in allowed:
            raise Reject("bad_resolution", f"resolution must be one of {', '.join(allowed)}")
        entity = row["entity"]
        target = self._get(c.conn, entity, row["entity_id"])
        if target is not None and resolution != "keep":
            if row["kind"] == "field":
                new = row["other_value"] if resolution == "take_other" else value
                new = self._clean(entity, {row["field"]: new}, creating=False)
                self.write_row(c, entity, {**target, **new}, old=target)
            elif row["kind"] == "edit_delete":
                other = self._clean(entity, row["other_value"] or {}, creating=False)
                self.write_row(c, entity, {**target, **other, "deleted_at": None}, old=target)
            elif row["kind"] == "delete_edit":
                self.write_row(c, entity, {**target, "deleted_at": c.at}, old=target)
        seq = self._change(c, "conflicts", conflict_id, "upsert", row["scope_path"],
                           row["scope_path2"])
        c.conn.execute(db.conflicts.update().where(db.conflicts.c.id == conflict_id).values(
            state="resolved", resolution=resolution, resolved_by=c.p.user_id,
            resolved_at=c.at, version=row["version"] + 1, server_seq=seq))
        return {"status": "applied", "server_seq": seq, "version": row["version"] + 1}

    def list_conflicts(self, p: Principal, state: str | None, limit: int) -> list[dict]:
        t = db.conflicts
        q = sa.select(t).where(self._scope_clause(p, t)).order_by(t.c.server_seq).limit(limit)
        if state:
            q = q.where(t.c.state == state)
        with self.store.read() as conn:
            return [_public(dict(r)) for r in conn.execute(q).mappings()]

    # ------------------------------------------------------------ push
    def push(self, p: Principal, ops: list[dict], now: float) -> list[dict]:
        if p.role not in SYNC_ROLES and p.role != "admin":
            raise Reject("forbidden", f"{p.role} does not sync")
        if not p.device_id:
            raise Reject("device_required", "sign in with a device id to sync")
        results: dict[str, dict] = {}
        ordered = sorted(ops, key=lambda o: o["device_seq"])
        ids = [o["op_id"] for o in ordered]
        with self.store.read() as conn:
            for r in conn.execute(sa.select(db.applied_ops).where(db.applied_ops.c.op_id.in_(ids))
                                  ).mappings():
                results[r["op_id"]] = self._stored(r, p)
        todo = [o for o in ordered if o["op_id"] not in results]
        if todo:
            self._run(p, todo, now, results)
        self._drain(p, now, results)
        out = []
        for o in ops:
            res = results.get(o["op_id"]) or {"status": "held"}
            out.append({"op_id": o["op_id"], **res})
        return out

    @staticmethod
    def _stored(r, p: Principal) -> dict:
        if r["user_id"] != p.user_id or r["device_id"] != p.device_id:
            return {"status": "rejected", "code": "op_id_reused",
                    "message": "this op id belongs to another device"}
        return dict(r["outcome"])

    def _run(self, p: Principal, ops: list[dict], now: float, results: dict) -> None:
        """Apply what is contiguous with the device's last applied seq; hold the rest."""
        i = 0
        while i < len(ops):
            tx = ops[i]["tx_id"]
            group = [ops[i]]
            i += 1
            while i < len(ops) and ops[i]["tx_id"] == tx:
                group.append(ops[i])
                i += 1
            if not self._apply_group(p, group, now, results):
                self._hold(p, [o for o in ops[i - len(group):] if o["op_id"] not in results], now)
                return

    def _apply_group(self, p: Principal, group: list[dict], now: float, results: dict) -> bool:
        at = _now_iso(now)
        with self.store.write() as conn:
            dev = conn.execute(sa.select(db.devices).where(db.devices.c.id == p.device_id)
                               .with_for_update()).mappings().first()
            if dev is None or dev["revoked"]:
                raise Reject("device_revoked", "this device is not registered")
            last = dev["last_seq"]
            c = Ctx(conn, self.store, p, now, at)
            complete = True
            for op in group:
                stored = conn.execute(sa.select(db.applied_ops).where(
                    db.applied_ops.c.op_id == op["op_id"])).mappings().first()
                if stored is not None:
                    results[op["op_id"]] = self._stored(stored, p)
                    continue
                if op["device_seq"] > last + 1:
                    complete = False   # a gap: this and the rest wait for it to fill
                    break
                sp = conn.begin_nested()
                try:
                    outcome = self.apply_op(c, op)
                    sp.commit()
                except Reject as exc:
                    sp.rollback()
                    outcome = {"status": "rejected", "code": exc.code, "message": exc.message}
                except sa.exc.IntegrityError as exc:
                    sp.rollback()
                    outcome = {"status": "rejected", "code": "integrity",
                               "message": str(exc.orig).splitlines()[0][:200]}
                conn.execute(db.applied_ops.insert().values(
                    op_id=op["op_id"], device_id=p.device_id, device_seq=op["device_seq"],
                    user_id=p.user_id, outcome=outcome, server_seq=outcome.get("server_seq"),
                    at=at))
                conn.execute(db.held_ops.delete().where(db.held_ops.c.op_id == op["op_id"]))
                results[op["op_id"]] = outcome
                last = max(last, op["device_seq"])
            conn.execute(db.devices.update().where(db.devices.c.id == p.device_id)
                         .values(last_seq=last, last_seen_at=at))
        return complete

    def _hold(self, p: Principal, ops: list[dict], now: float) -> None:
        if not ops:
            return
        with self.store.write() as conn:
            have = set(conn.execute(sa.select(db.held_ops.c.op_id).where(
                db.held_ops.c.op_id.in_([o["op_id"] for o in ops]))).scalars())
            for o in ops:
                if o["op_id"] not in have:
                    conn.execute(db.held_ops.insert().values(
                        op_id=o["op_id"], device_id=p.device_id, device_seq=o["device_seq"],
                        user_id=p.user_id, op=o, at=_now_iso(now)))

    def _drain(self, p: Principal, now: float, results: dict) -> None:
        """Apply held ops that the gap-filling ops made contiguous."""
        while True:
            with self.store.read() as conn:
                last = conn.execute(sa.select(db.devices.c.last_seq).where(
                    db.devices.c.id == p.device_id)).scalar_one_or_none() or 0
                held = [dict(r["op"]) for r in conn.execute(
                    sa.select(db.held_ops).where(db.held_ops.c.device_id == p.device_id)
                    .order_by(db.held_ops.c.device_seq)).mappings()]
            if not held or held[0]["device_seq"] > last + 1:
                return
            run, expected = [], last + 1
            for o in held:
                if o["device_seq"] > expected:
                    break
                run.append(o)
                expected = max(expected, o["device_seq"] + 1)
            before = len(results)
            self._run(p, run, now, results)
            if len(results) == before:
                return

    # ------------------------------------------------------------ pull
    def _scope_clause(self, p: Principal, t):
        if p.scope_path == "/":
            return sa.true()
        lo, hi = path_range(p.scope_path)
        return sa.or_(sa.and_(t.c.scope_path >= lo, t.c.scope_path < hi),
                      sa.and_(t.c.scope_path2 >= lo, t.c.scope_path2 < hi))

    def _visible_entities(self, p: Principal) -> tuple[str, ...]:
        if p.role in ORG_READERS_ONLY:
            return ("org_units",)
        if p.role in SYNC_ROLES:
            return PULL_ENTITIES
        return ()

    def _visible(self, p: Principal, entity: str, row: dict) -> bool:
        if entity not in self._visible_entities(p):
            return False
        if entity == "org_units":
            return (p.in_scope(row["scope_path"]) or row["kind"] == "department"
                    or row["scope_path"] in ancestors(p.scope_path))
        return p.sees(row["scope_path"], row.get("scope_path2"))

    def changes(self, p: Principal, cursor: int, limit: int) -> dict:
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        ch = db.changes
        with self.store.read() as conn:
            epoch = self.store.meta(conn, "epoch")
            retained = int(self.store.meta(conn, "retained_from", "0"))
            if 0 < cursor < retained:
                raise Gone()
            scope = self._scope_clause(p, ch)
            org = sa.and_(ch.c.entity == "org_units",
                          sa.or_(ch.c.shared, ch.c.scope_path.in_(ancestors(p.scope_path))))
            q = (sa.select(ch).where(ch.c.server_seq > cursor, ch.c.entity.in_(entities),
                                     sa.or_(scope, org))
                 .order_by(ch.c.server_seq).limit(limit + 1))
            raw = [dict(r) for r in conn.execute(q).mappings()]
            has_more = len(raw) > limit
            raw = raw[:limit]
            rows: dict[tuple[str, str], dict] = {}
            by_entity: dict[str, set] = {}
            for r in raw:
                by_entity.setdefault(r["entity"], set()).add(r["entity_id"])
            for entity, ids in by_entity.items():
                t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
                key = t.c.id
                for row in conn.execute(sa.select(t).where(key.in_(list(ids)))).mappings():
                    rows[(entity, row["id"])] = dict(row)
        out = []
        for r in raw:
            row = rows.get((r["entity"], r["entity_id"]))
            if row is None:
                continue
            visible = self._visible(p, r["entity"], row)
            if r["kind"] == "remove":
                if not visible:
                    out.append({"server_seq": r["server_seq"], "entity": r["entity"],
                                "id": r["entity_id"], "version": row["version"],
                                "deleted": True, "removed": True})
                continue
            if row["server_seq"] > r["server_seq"] or not visible:
                continue   # a later change of this row follows (or a removal)
            item = {"server_seq": r["server_seq"], "entity": r["entity"], "id": r["entity_id"],
                    "version": row["version"]}
            if row.get("deleted_at") and r["entity"] != "conflicts":
                item["deleted"] = True
            else:
                item["data"] = _public(row)
            out.append(item)
        next_cursor = raw[-1]["server_seq"] if raw else cursor
        return {"changes": out, "next_cursor": next_cursor, "has_more": has_more,
                "epoch": epoch, "scope_version": p.scope_version}

    # ------------------------------------------------------------ verify
    def verify(self, p: Principal) -> dict:
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        out = {}
        with self.store.read() as conn:
            for entity in entities:
                t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
                where = [self._scope_clause(p, t)]
                if entity == "org_units":
                    where = [sa.or_(where[0], t.c.kind == "department",
                                    t.c.path.in_(ancestors(p.scope_path)))]
                if entity != "conflicts":
                    where.append(t.c.deleted_at.is_(None))
                h = hashlib.sha256()
                n = 0
                for row_id, version in conn.execute(
                        sa.select(t.c.id, t.c.version).where(*where).order_by(t.c.id)):
                    h.update(f"{row_id}:{version}\n".encode())
                    n += 1
                out[entity] = {"count": n, "hash": h.hexdigest()}
        return {"tables": out, "algorithm": "sha256 over 'id:version\\n' of live rows by id"}


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items()
            if k not in ("scope_path", "scope_path2", "server_seq", "updated_by")}
