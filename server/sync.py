"""The sync engine (sync-protocol.md): push, changes, verify, conflicts.

Push: a request's ops are applied in ``device_seq`` order in one database
transaction (so every client transaction, ``tx_id``, commits whole); a rejected
op leaves no trace (a savepoint each, or the fast path described at
``Engine._apply_run``). ``applied_ops`` is written in the same transaction, so a
replayed ``op_id`` returns its stored outcome and changes nothing. An op after a
gap in ``device_seq`` is held (``held_ops``) and applied when the gap is filled.
``server_seq``s are taken at the end of the transaction (``Engine.settle``), so
the lock that keeps them in commit order is held only briefly.

Scope: every row carries the org path of its grid (``scope_path``) and, for
cases, of the unit holding it (``scope_path2``, e.g. a department). Every op is
checked against the scope the server derives from the token; a row that moves
out of a scope is announced to that scope as a removal.

Cases are commands: a ``transition`` op appends an event that the shared state
machine (app.models.workflow) checks against the current state in order of
receipt; an invalid one is kept, flagged and becomes a conflict.

Pull: the change feed (``changes``) and, for an initial sync or a rebuild,
snapshot pages of the live rows at a fixed ``at`` (``snapshot_plan``,
``snapshot``). A new scope or role bumps the user's ``scope_version`` and a
restored backup the server's ``epoch``; both come with every page and tell the
desktop to rebuild from a snapshot (the feed does not replay an old scope as
removals). Key-group tags (重点人群) and conflicts about them reach only roles
holding 防, in the feed, snapshots, verify and the conflict list alike; in the feed
each change row says who may receive it (``changes.audience``, set when it is
written), so a reader without 防 gets no change, removal, id, count or cursor of a
key-group tag. A tag that turns key-group reaches them once more, as a removal of
what they held. Key-group tags have random ids (UUIDv4), which sort next to nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.models.domain import calendar as cal
from app.models.domain import categories as cats
from app.models.domain import case_projection, workflow
from app.models.domain.case_fields import GRID_KINDS
from app.models.domain.ids import uuid7
from server import blobs, db
from server.ops import Ops
from server.pull import (KEY_TAGS, ORG_READERS_ONLY, PULL_ENTITIES, Pull,  # noqa: F401
                         ancestors, key_restricted, path_range, public_row, sees_key_groups)
from server.push import Push
from server.auth import Principal
from server.db import FOR_ALL, FOR_OTHERS, FOR_PREVENT
from server.errors import Gone, Reject  # noqa: F401 - raised here, imported from here

ROSTER = ("addresses", "households", "residents", "resident_tags", "visits")
SERVER_FIELDS = {"version", "deleted_at", "updated_at", "rid", "server_seq", "scope_path",
                 "updated_device",
                 "scope_path2", "updated_by"}
CASE_DERIVED = {"state", "holder_unit_id", "holder_user_id", "level_unit_id", "supervision",
                "rework_count", "extension_pending", "extra_days", "clock_start", "deadline",
                "reported_at", "closed_at", "satisfaction", "has_conflict"}
CHILDREN = {"residents": [("resident_tags", "resident_id")],
            "cases": [("case_events", "case_id"), ("case_residents", "case_id")]}
MAX_TEXT = 20000
# text columns holding a JSON list (of resident ids, of photo hashes)
JSON_LISTS = {"visits": ("participants",)}
TX = "griddesk_push_tx"    # conn.info key: the Ctx of the push running on this connection


def random_id(value) -> bool:
    """A random UUID (version 4) in its canonical form: an id that carries no time, so
    it does not sort next to the rows made with it (a UUIDv7 tag id sorts right after
    its resident's and names the tagged person)."""
    try:
        u = uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        return False
    return str(u) == value and u.version == 4 and u.variant == uuid.RFC_4122


def _now_iso(now: float) -> str:
    return cal.to_iso(dt.datetime.fromtimestamp(now, cal.TZ), cal.TZ)


@dataclass
class Ctx:
    """One write transaction. ``deferred`` (push): changes get provisional negative
    ``server_seq``s and are numbered for real by ``Engine.settle`` just before
    commit, so the global numbering lock is held for a few statements instead of
    the whole transaction (the lock, not the work, is what all pushes queue for)."""
    conn: sa.Connection
    store: db.Store
    p: Principal
    now: float
    at: str
    seq: int | None = None
    deferred: bool = False
    careful: bool = True       # False: a push's fast path (Engine._apply_run)
    pending: list = field(default_factory=list)   # deferred change rows, in order
    _provisional: int = 0
    # push only: org units read (they change by import, not by pushes of others)
    units: dict | None = None
    # the fast path writes behind: rows as this transaction left them, by (entity, id),
    # and which of them still wait to be written ("insert" | "update"), see Engine.flush
    rows: dict | None = None
    unflushed: dict | None = None

    def next_seq(self) -> int:
        if self.deferred:
            self._provisional -= 1
            self.seq = self._provisional
        else:
            self.seq = self.store.next_seq(self.conn)
        return self.seq


class Engine(Ops, Push, Pull):
    def __init__(self, store: db.Store, settings, *, categories=None, calendar=None):
        self.store = store
        self.settings = settings
        self._fixed = (categories, calendar)
        # (loaded versions, categories, calendar), swapped whole so threads never mix them
        self._dicts = (None, categories or cats.load(), calendar or cal.default_calendar())

    @property
    def categories(self) -> cats.Categories:
        return self._dicts[1]

    @property
    def calendar(self) -> cal.WorkCalendar:
        return self._dicts[2]

    def refresh_dictionaries(self, conn: sa.Connection | None = None) -> None:
        """Use the categories and calendar loaded into the database (``python -m server
        load-dictionary``), falling back to the shipped ones; a cheap version check,
        so a dictionary loaded while the server runs applies from the next case op."""
        if conn is None:
            with self.store.read() as conn:
                return self.refresh_dictionaries(conn)
        t = db.dictionaries
        versions = dict(conn.execute(sa.select(t.c.name, t.c.version).where(
            t.c.name.in_(("categories", "calendar")))).all())
        key = (versions.get("categories"), versions.get("calendar"))
        if key == self._dicts[0]:
            return
        content = dict(conn.execute(sa.select(t.c.name, t.c.content).where(
            t.c.name.in_(("categories", "calendar")))).all())
        fixed_cats, fixed_cal = self._fixed
        # the same rules as the desktop's (app.models.dictionaries)
        categories = fixed_cats or cats.with_loaded(content.get("categories"))
        calendar = fixed_cal or cal.with_loaded(content.get("calendar"))
        self._dicts = (key, categories, calendar)

    # ------------------------------------------------------------ helpers
    def _get(self, conn, entity: str, row_id: str, *, lock: bool = False) -> dict | None:
        """A row; ``lock`` (a row about to be changed from what is read now) waits for
        a concurrent writer of it and reads its committed result (PostgreSQL), so two
        pushes editing one row never lose either's fields. A row this push wrote
        comes from its own record (it is ours, locked, or not yet written)."""
        tx = conn.info.get(TX)
        if tx is not None and tx.rows is not None and (entity, row_id) in tx.rows:
            return dict(tx.rows[(entity, row_id)])
        t = db.ENTITIES[entity]
        q = sa.select(t).where(t.c.id == row_id)
        row = conn.execute(q.with_for_update() if lock else q).mappings().first()
        return dict(row) if row else None

    def _unit(self, conn, unit_id) -> dict | None:
        if not isinstance(unit_id, str):
            return None
        tx = conn.info.get(TX)
        if tx is None or tx.units is None:
            return self._get(conn, "org_units", unit_id)
        if unit_id not in tx.units:
            tx.units[unit_id] = self._get(conn, "org_units", unit_id)
        return tx.units[unit_id]

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
                path2: str | None = None, shared: bool = False, *,
                audience: int = FOR_ALL, version: int | None = None) -> int:
        seq = c.next_seq()
        values = dict(server_seq=seq, entity=entity, entity_id=row_id, kind=kind,
                      scope_path=path, scope_path2=path2, shared=shared, at=c.at,
                      audience=audience, version=version)
        if c.deferred:
            c.pending.append(values)
        else:
            c.conn.execute(db.changes.insert().values(**values))
        return seq

    def settle(self, c: Ctx, applied: list[dict]) -> None:
        """Number the deferred changes for real (under the lock, db.Store.take_seqs),
        write them to the feed, give their rows the real numbers, and record the
        ``applied`` ops (``applied_ops`` rows, their outcomes given the real numbers
        in place). Call last before commit: the lock is held until then."""
        if c.pending and self.store.is_postgres:
            return self._settle_pg(c, applied)
        real = self._settle_rows(c)
        for row in applied:
            outcome = row["outcome"]
            if (outcome.get("server_seq") or 0) < 0:
                outcome["server_seq"] = real[outcome["server_seq"]]
            row["server_seq"] = outcome.get("server_seq")
        if applied:
            c.conn.execute(db.applied_ops.insert(), applied)

    def _settle_pg(self, c: Ctx, applied: list[dict]) -> None:
        """``settle`` on PostgreSQL in one statement: the numbering lock is held from
        inside it until the commit that follows, whatever the Python thread is doing
        meanwhile (with many threads it may wait for the GIL between statements, and
        every other push would wait with it)."""
        self.flush(c)           # rows go in with provisional numbers, before the lock
        index = {ch["server_seq"]: i for i, ch in enumerate(c.pending)}
        changes = [{**{k: ch[k] for k in ("entity", "entity_id", "kind", "scope_path",
                                          "scope_path2", "shared", "at", "audience",
                                          "version")}, "i": i}
                   for i, ch in enumerate(c.pending)]
        latest: dict[tuple[str, str], int] = {}
        for i, ch in enumerate(c.pending):
            if ch["kind"] == "upsert":
                latest[(ch["entity"], ch["entity_id"])] = i
        tables: dict[str, list[dict]] = {}
        for (entity, row_id), i in latest.items():
            tables.setdefault(entity, []).append({"id": row_id, "i": i})
        ops = []
        for row in applied:
            seq = row["outcome"].get("server_seq")
            ops.append({**row, "i": index[seq] if seq is not None and seq < 0 else None,
                        "server_seq": seq if seq is not None and seq >= 0 else None})
        params = {"k": db.SEQ_LOCK_KEY, "n": len(c.pending),
                  "changes": json.dumps(changes, ensure_ascii=False),
                  "ops": json.dumps(ops, ensure_ascii=False)}
        parts = ["""WITH l AS (SELECT pg_advisory_xact_lock(:k) AS got),
c AS (UPDATE counters SET value = counters.value + :n FROM l
      WHERE counters.key = 'server_seq' RETURNING counters.value - :n AS base),
ch AS (INSERT INTO changes (server_seq, entity, entity_id, kind, scope_path, scope_path2,
                            shared, at, audience, version)
       SELECT c.base + 1 + x.i, x.entity, x.entity_id, x.kind, x.scope_path, x.scope_path2,
              x.shared, x.at, x.audience, x.version
       FROM c CROSS JOIN jsonb_to_recordset(CAST(:changes AS jsonb)) AS x(
            i bigint, entity text, entity_id text, kind text, scope_path text,
            scope_path2 text, shared boolean, at text, audience smallint, version bigint)),
a AS (INSERT INTO applied_ops (op_id, device_id, device_seq, user_id, outcome, server_seq, at)
      SELECT x.op_id, x.device_id, x.device_seq, x.user_id,
             CAST(CASE WHEN x.i IS NULL THEN x.outcome
                       ELSE jsonb_set(x.outcome, '{server_seq}', to_jsonb(c.base + 1 + x.i))
                  END AS json),
             CASE WHEN x.i IS NULL THEN x.server_seq ELSE c.base + 1 + x.i END, x.at
      FROM c CROSS JOIN jsonb_to_recordset(CAST(:ops AS jsonb)) AS x(
           op_id text, device_id text, device_seq bigint, user_id text, outcome jsonb,
           i bigint, server_seq bigint, at text))"""]
        for n, (entity, rows) in enumerate(sorted(tables.items())):
            name = db.conflicts.name if entity == "conflicts" else db.ENTITIES[entity].name
            params[f"t{n}"] = json.dumps(rows)
            parts.append(f"""u{n} AS (UPDATE {name} AS t SET server_seq = c.base + 1 + x.i
      FROM c CROSS JOIN jsonb_to_recordset(CAST(:t{n} AS jsonb)) AS x(id text, i bigint)
      WHERE t.id = x.id)""")
        base = c.conn.execute(sa.text(",\n".join(parts) + "\nSELECT base FROM c"),
                              params).scalar_one()
        for row in applied:
            outcome = row["outcome"]
            if (outcome.get("server_seq") or 0) < 0:
                outcome["server_seq"] = base + 1 + index[outcome["server_seq"]]
        c.pending = []

    def _settle_rows(self, c: Ctx) -> dict[int, int]:
        """Changes and rows of ``settle``, statement by statement (SQLite, where writers
        take turns anyway). Returns provisional -> real."""
        if not c.pending:
            self.flush(c)
            return {}
        last = self.store.take_seqs(c.conn, len(c.pending))
        real = {}
        for i, change in enumerate(c.pending):
            real[change["server_seq"]] = change["server_seq"] = last - len(c.pending) + 1 + i
        c.conn.execute(db.changes.insert(), c.pending)
        latest: dict[tuple[str, str], int] = {}     # a row carries its last upsert's number
        for change in c.pending:
            if change["kind"] == "upsert":
                latest[(change["entity"], change["entity_id"])] = change["server_seq"]
        # rows held back are written now, with their real numbers; rows written
        # earlier carry provisional ones until the updates below
        for key in c.unflushed or ():
            c.rows[key]["server_seq"] = latest[key]
            del latest[key]
        self.flush(c)
        by_table: dict[str, list[dict]] = {}
        for (entity, row_id), seq in latest.items():
            by_table.setdefault(entity, []).append({"b_id": row_id, "b_seq": seq})
        for entity, params in by_table.items():
            t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
            c.conn.execute(t.update().where(t.c.id == sa.bindparam("b_id"))
                           .values(server_seq=sa.bindparam("b_seq")), params)
        c.pending = []
        return real

    def flush(self, c: Ctx) -> None:
        """Write the rows the fast path held back: one statement per table and kind
        instead of one per op. Runs before any query other than a read by id (which
        ``_get`` answers from ``c.rows``) and at settle."""
        if not c.unflushed:
            return
        by: dict[tuple[str, str], list[dict]] = {}
        for key, kind in c.unflushed.items():
            by.setdefault((key[0], kind), []).append(c.rows[key])
        c.unflushed.clear()
        for (entity, kind), rows in by.items():
            t = db.ENTITIES[entity]
            if kind == "insert":
                c.conn.execute(t.insert(), rows)
            else:
                c.conn.execute(t.update().where(t.c.id == sa.bindparam("b_id")),
                               [{**r, "b_id": r["id"]} for r in rows])

    def write_row(self, c: Ctx, entity: str, row: dict, *, old: dict | None,
                  scope: tuple | None = None) -> tuple[int, int]:
        """Insert or update ``row`` (full values), bump version, log the change and
        announce a removal to any scope the row left (cascading to children).
        ``scope``: the row's scope_of, when the caller has just derived it."""
        t = db.ENTITIES[entity]
        path, path2, shared = scope or self.scope_of(c.conn, entity, row)
        version = (old["version"] + 1) if old else 1
        blobs.check_photos(c.conn, self, c.p, entity, old, row)
        was_key, is_key = key_restricted(entity, old), key_restricted(entity, row)
        if is_key and not was_key and not random_id(row["id"]):
            raise Reject("ordered_id", "a key-group tag (重点人群) needs a random id "
                                       "(a version 4 UUID): its id must not sort next to "
                                       "its resident's; add it again as a new tag")
        for old_path in self._left(old, path, path2):
            self._change(c, entity, row["id"], "remove", old_path,
                         audience=FOR_PREVENT if was_key else FOR_ALL, version=version)
        self._departed(c, entity, row["id"], self._left(old, path, path2))
        if is_key != was_key and old is not None:
            self._key_turn(c, entity, row["id"], old, (path, path2), version, is_key)
        seq = self._change(c, entity, row["id"], "upsert", path, path2, shared,
                           audience=FOR_PREVENT if is_key else FOR_ALL)
        values = {k: v for k, v in row.items() if k in t.c}
        values.update(version=version, server_seq=seq, scope_path=path, scope_path2=path2,
                      updated_at=c.at, updated_by=c.p.user_id, updated_device=c.p.device_id)
        if c.rows is not None:
            key = (entity, row["id"])
            c.rows[key] = {col.name: values.get(col.name) for col in t.c}
            if c.unflushed.get(key) != "insert":
                c.unflushed[key] = "insert" if old is None else "update"
        # values as parameters, not in the statement: one cached statement per shape
        elif old is None:
            c.conn.execute(t.insert(), values)
        else:
            c.conn.execute(t.update().where(t.c.id == sa.bindparam("b_id")),
                           {**values, "b_id": row["id"]})
        if old is not None and (old["scope_path"], old["scope_path2"]) != (path, path2):
            self._rescope_children(c, entity, row["id"])
        if entity == "org_units" and c.units is not None:
            c.units.pop(row["id"], None)
        return seq, version

    def _key_turn(self, c: Ctx, entity: str, row_id: str, old: dict, scope: tuple,
                  version: int, to_key: bool) -> None:
        """A tag turned key-group (or stopped being one) where readers without 防 may
        see its scope. Turned key-group: those readers held it, so they get its
        removal (FOR_OTHERS: no one else learns of it), and the removal of the
        conflicts about it; from now on its changes are for 防 only. Stopped: it
        reaches them as a new row (the upsert that follows), and so do the conflicts
        about it."""
        kept = [p for p in (old["scope_path"], old["scope_path2"]) if p and p in scope]
        if to_key:
            for path in kept:
                self._change(c, entity, row_id, "remove", path, audience=FOR_OTHERS,
                             version=version)
        cf = db.conflicts
        for cid, path, path2, cversion, kept_value, other_value in c.conn.execute(
                sa.select(cf.c.id, cf.c.scope_path, cf.c.scope_path2, cf.c.version,
                          cf.c.kept_value, cf.c.other_value).where(
                    cf.c.entity == entity, cf.c.entity_id == row_id)).all():
            if to_key:
                values = json.dumps([kept_value, other_value])
                if any(f'"{tag}"' in values for tag in KEY_TAGS):
                    continue    # it named a key-group tag: those readers never had it
                self._change(c, "conflicts", cid, "remove", path, audience=FOR_OTHERS,
                             version=cversion)
            else:
                seq = self._change(c, "conflicts", cid, "upsert", path, path2)
                c.conn.execute(cf.update().where(cf.c.id == cid).values(server_seq=seq))

    @staticmethod
    def _left(old, path, path2) -> list[str]:
        if old is None:
            return []
        return [p for p in (old["scope_path"], old["scope_path2"]) if p and p not in (path, path2)]

    @staticmethod
    def _departed(c: Ctx, entity: str, row_id: str, paths: list[str]) -> None:
        """Remember the scopes a row left, beyond the change feed's retention: an edit
        made there while it was there is forwarded to the row's present holder
        (server/ops.py ``_once_saw``)."""
        d = db.departed
        for path in paths:
            if c.conn.execute(sa.select(d.c.entity).where(
                    d.c.entity == entity, d.c.id == row_id, d.c.scope_path == path)).first():
                continue
            c.conn.execute(d.insert().values(entity=entity, id=row_id, scope_path=path, at=c.at))

    def _rescope_children(self, c: Ctx, entity: str, row_id: str) -> None:
        if c.rows is not None:
            self.flush(c)
        for child, key in CHILDREN.get(entity, ()):
            t = db.ENTITIES[child]
            for kid in c.conn.execute(sa.select(t).where(t.c[key] == row_id)).mappings().all():
                kid = dict(kid)
                if c.rows is not None:
                    c.rows.pop((child, kid["id"]), None)    # changed below, past the record
                path, path2, _ = self.scope_of(c.conn, child, kid)
                audience = FOR_PREVENT if key_restricted(child, kid) else FOR_ALL
                for old_path in self._left(kid, path, path2):
                    self._change(c, child, kid["id"], "remove", old_path, audience=audience,
                                 version=kid["version"])
                self._departed(c, child, kid["id"], self._left(kid, path, path2))
                seq = self._change(c, child, kid["id"], "upsert", path, path2,
                                   audience=audience)
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
                if py is float and not math.isfinite(value):
                    raise Reject("bad_value", f"{key} must be a finite number")
            if key in JSON_LISTS.get(entity, ()) and not _json_list(value):
                raise Reject("bad_value", f"{key} must be a JSON list")
            out[key] = value
        return out

    @staticmethod
    def _check_key_tag(p: Principal, entity: str, old: dict | None, new: dict | None) -> None:
        """Without 防 a key-group tag is invisible: it can be neither made nor touched."""
        if entity != "resident_tags" or sees_key_groups(p):
            return
        if old is not None and old.get("tag") in KEY_TAGS:
            raise Reject("not_found", f"resident_tags {old['id']} not found")
        if new is not None and new.get("tag") in KEY_TAGS:
            raise Reject("forbidden", "key-group tags (重点人群) need the 防 right")

    @staticmethod
    def _may_exist(c: Ctx, entity: str, row_id: str) -> bool:
        """Whether a create must look for an existing row first. The fast path skips
        the query: a duplicate of a stored row fails on the primary key when the
        rows are written, and the push is redone carefully; one made earlier in
        this push is in its own record."""
        return c.careful or (entity, row_id) in c.rows

    def _check_path(self, c: Ctx, entity: str, values: dict) -> None:
        # the desktop's own `path` (room or grid code) must lie under the row's grid
        if entity in ("addresses", "households", "residents", "cases") and values.get("path"):
            grid = self._unit(c.conn, values.get("grid_id"))
            if grid and not values["path"].startswith(grid["code"]):
                raise Reject("path_mismatch", "path is not under the row's grid")

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

    # ------------------------------------------------------------ cases
    def case_events(self, conn, case_id: str) -> list[dict]:
        tx = conn.info.get(TX)
        if tx is not None:
            self.flush(tx)      # a query, not a read by id: the held-back rows first
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
        _, categories, calendar = self._dicts    # one consistent pair, even mid-swap
        state = workflow.replay([self._wf_event(e) for e in events],
                                self_handle_allowed=self._self_handle(case))
        return case_projection.project(case, state, categories, calendar), state

    def list_conflicts(self, p: Principal, state: str | None, limit: int) -> list[dict]:
        if "conflicts" not in self._visible_entities(p):
            raise Reject("forbidden", f"{p.role} does not see conflicts")
        t = db.conflicts
        q = (sa.select(t).where(*self._row_clause(p, "conflicts", t))
             .order_by(t.c.server_seq).limit(limit))
        if state:
            q = q.where(t.c.state == state)
        with self.store.read() as conn:
            found = [dict(r) for r in conn.execute(q).mappings()]
            self._name_authors(conn, found)
            return [public_row(r) for r in found]

    # ------------------------------------------------------------ verify
    def verify(self, p: Principal) -> dict:
        """Per entity, the count and content hash (app.models.content) of the live rows
        that reach ``p``, as a snapshot would give them; narrowing a difference down
        and reading the rows that differ: server/verify.py."""
        from server import verify as verifying
        return verifying.summary(self, p)


def _json_list(value) -> bool:
    try:
        return isinstance(json.loads(value), list)
    except (TypeError, ValueError):
        return False
