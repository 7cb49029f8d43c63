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
import hashlib
import json
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.models import calendar as cal
from app.models import categories as cats
from app.models import case_projection, rules, workflow
from app.models.cases import GRID_KINDS, SOURCES, URGENCY
from app.models.dictionaries import TAG_TYPES
from app.models.rights import KEY_GROUP_ROLES
from app.models.ids import uuid7
from server import blobs, db
from server.auth import (CASE_CREATORS, CONFLICT_RESOLVERS, ROSTER_WRITERS, SYNC_ROLES,
                         Principal)
from server.db import FOR_ALL, FOR_OTHERS, FOR_PREVENT
from server.errors import Gone, Reject

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
PULL_ENTITIES = tuple(db.ENTITIES) + ("conflicts",)   # parents before children
MAX_TEXT = 20000
# 重点人群 tags (PIPL sensitive) reach only roles holding 防 (domain.md §2–§3)
KEY_TAGS = frozenset(code for code, t in TAG_TYPES.items() if t.group == "key")
CASE_ENTITIES = frozenset({"cases", "case_events", "case_residents"})
# text columns holding a JSON list (of resident ids, of photo hashes)
JSON_LISTS = {"visits": ("participants",)}
TX = "griddesk_push_tx"    # conn.info key: the Ctx of the push running on this connection


class _Redo(Exception):
    """The fast path met something only a savepoint can undo: redo the push carefully."""


def sees_key_groups(p: Principal) -> bool:
    return p.role in KEY_GROUP_ROLES


def key_restricted(entity: str, row: dict | None) -> bool:
    """A row only roles holding 防 may know of: a key-group tag (重点人群)."""
    return row is not None and entity == "resident_tags" and row.get("tag") in KEY_TAGS


def random_id(value) -> bool:
    """A random UUID (version 4) in its canonical form: an id that carries no time, so
    it does not sort next to the rows made with it (a UUIDv7 tag id sorts right after
    its resident's and names the tagged person)."""
    try:
        u = uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        return False
    return str(u) == value and u.version == 4 and u.variant == uuid.RFC_4122


def merge_notices(*lists) -> list[dict]:
    """Calendar year notices, one per year: the higher version wins and a later list
    wins a tie (as app.models.calendar.load_notices does for folders)."""
    by_year: dict[int, dict] = {}
    for notices in lists:
        for notice in notices or ():
            year = int(notice["year"])
            old = by_year.get(year)
            if old is None or int(notice.get("version", 1)) >= int(old.get("version", 1)):
                by_year[year] = notice
    return [by_year[y] for y in sorted(by_year)]


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


class Engine:
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
        categories = fixed_cats or (cats.Categories(content["categories"])
                                    if "categories" in content else cats.load())
        calendar = fixed_cal or (cal.WorkCalendar(merge_notices(cal.load_notices(),
                                                                content["calendar"]))
                                 if "calendar" in content else cal.default_calendar())
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
        if is_key != was_key and old is not None:
            self._key_turn(c, entity, row["id"], old, (path, path2), version, is_key)
        seq = self._change(c, entity, row["id"], "upsert", path, path2, shared,
                           audience=FOR_PREVENT if is_key else FOR_ALL)
        values = {k: v for k, v in row.items() if k in t.c}
        values.update(version=version, server_seq=seq, scope_path=path, scope_path2=path2,
                      updated_at=c.at, updated_by=c.p.user_id)
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
        for cid, path, path2, cversion in c.conn.execute(
                sa.select(cf.c.id, cf.c.scope_path, cf.c.scope_path2, cf.c.version).where(
                    cf.c.entity == entity, cf.c.entity_id == row_id)).all():
            if to_key:
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
        if self._may_exist(c, entity, row_id) and self._get(c.conn, entity, row_id) is not None:
            raise Reject("duplicate_id", f"{entity} {row_id} exists")
        self._check_key_tag(c.p, entity, None, values)
        if entity == "org_units":
            parent = self._unit(c.conn, values.get("parent_id"))
            if values.get("parent_id") and parent is None:
                raise Reject("parent_not_found", "parent_id not found")
            values["path"] = (parent["path"] if parent else "/") + values["code"] + "/"
        if entity == "residents":
            self._validate_resident(values)
        if entity == "visits":
            values.setdefault("participants", "[]")   # the desktop's column is NOT NULL
        if entity == "cases":
            self._validate_case(values)
            values.update(state=workflow.DRAFT, supervision="normal", rework_count=0,
                          extra_days=0, has_conflict=0, holder_unit_id=None)
        self._check_path(c, entity, values)
        scope = self.scope_of(c.conn, entity, values)
        self._in_scope_or_reject(c, scope[0])
        seq, version = self.write_row(c, entity, values, old=None, scope=scope)
        return {"status": "applied", "server_seq": seq, "version": version}

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
        old = self._get(c.conn, entity, op["entity_id"], lock=True)
        if old is None:
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        self._in_scope_or_reject(c, old["scope_path"])
        values = self._clean(entity, op["changed"], creating=False)
        values.pop("id", None)
        self._check_key_tag(c.p, entity, old, {**old, **values})
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
        scope = self.scope_of(c.conn, entity, row)
        self._in_scope_or_reject(c, scope[0])
        ids = [self._conflict(c, entity, old, "field", field=key, kept=value, other=server_value,
                              kept_author=c.p.user_id, other_author=old["updated_by"],
                              kept_at=c.at, other_at=old["updated_at"], op_id=op["op_id"])
               for key, value, server_value in conflicts]
        seq, version = self.write_row(c, entity, row, old=old, scope=scope)
        if ids:
            return {"status": "conflict", "conflict_id": ids[0], "conflict_ids": ids,
                    "server_seq": seq, "version": version}
        return {"status": "applied", "server_seq": seq, "version": version}

    def _delete(self, c: Ctx, op: dict) -> dict:
        entity = op["entity"]
        self._check_write_role(c.p, entity)
        old = self._get(c.conn, entity, op["entity_id"], lock=True)
        if old is None:
            raise Reject("not_found", f"{entity} {op['entity_id']} not found")
        self._in_scope_or_reject(c, old["scope_path"])
        self._check_key_tag(c.p, entity, old, None)
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
        old = self._get(c.conn, entity, op["entity_id"], lock=True)
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

    def _transition(self, c: Ctx, op: dict) -> dict:
        if op["entity"] != "case_events":
            raise Reject("bad_op", "transition ops add case_events")
        values = self._clean("case_events", op["changed"], creating=True)
        event_id = values.setdefault("id", op["entity_id"])
        if event_id != op["entity_id"]:
            raise Reject("id_mismatch", "changed.id differs from entity_id")
        if not values.get("case_id") or not values.get("action"):
            raise Reject("required", "missing case_id or action")
        # locked: transitions of one case are checked strictly one after the other
        case = self._get(c.conn, "cases", values["case_id"], lock=True)
        if case is None or case["deleted_at"]:
            raise Reject("not_found", "case not found")
        self._in_scope_or_reject(c, case["scope_path"], case["scope_path2"], via_holder=True)
        if self._may_exist(c, "case_events", event_id) and \
                self._get(c.conn, "case_events", event_id) is not None:
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
                             .with_for_update()).mappings().first()
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
        target = self._get(c.conn, entity, row["entity_id"], lock=True)
        if target is not None and resolution != "keep":
            if row["kind"] == "field":
                new = row["other_value"] if resolution == "take_other" else value
                new = self._clean(entity, {row["field"]: new}, creating=False)
                merged = {**target, **new}
                # a value typed while resolving passes the checks a patch gets
                if entity == "residents":
                    self._validate_resident(merged)
                if entity == "cases":
                    self._validate_case(merged)
                self._check_path(c, entity, merged)
                self.write_row(c, entity, merged, old=target)
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
            return [_public(r) for r in found]

    # ------------------------------------------------------------ push
    def push(self, p: Principal, ops: list[dict], now: float) -> list[dict]:
        """Apply one request's ops in ``device_seq`` order, in one database transaction
        (so each client transaction commits whole), each op in a savepoint so a
        rejected one leaves no trace. Ops after a gap in ``device_seq`` are held;
        ops held earlier that this request makes contiguous are applied with it."""
        if p.role not in SYNC_ROLES and p.role != "admin":
            raise Reject("forbidden", f"{p.role} does not sync")
        if not p.device_id:
            raise Reject("device_required", "sign in with a device id to sync")
        careful = False
        for attempt in range(4):
            try:
                results = self._push_tx(p, ops, now, careful)
                break
            except _Redo:
                careful = True
            except sa.exc.OperationalError as exc:
                # two pushes locking the same rows in opposite orders: PostgreSQL
                # picks one to fail; nothing of it was kept, so run it again
                if attempt == 3 or getattr(exc.orig, "sqlstate", None) not in (
                        "40P01", "40001"):
                    raise
        return [{"op_id": o["op_id"], **(results.get(o["op_id"]) or {"status": "held"})}
                for o in ops]

    def _push_tx(self, p: Principal, ops: list[dict], now: float, careful: bool
                 ) -> dict[str, dict]:
        results: dict[str, dict] = {}
        ordered = sorted(ops, key=lambda o: o["device_seq"])
        with self.store.write() as conn:
            try:
                return self._push_in(conn, p, ordered, now, results, careful)
            finally:
                conn.info.pop(TX, None)

    def _push_in(self, conn, p: Principal, ordered: list[dict], now: float,
                 results: dict, careful: bool) -> dict:
        ao, ho = db.applied_ops, db.held_ops
        # the device row is the per-device lock: one push of a device at a time
        dev = conn.execute(sa.select(db.devices).where(db.devices.c.id == p.device_id)
                           .with_for_update()).mappings().first()
        if dev is None or dev["revoked"]:
            raise Reject("device_revoked", "this device is not registered")
        for r in conn.execute(sa.select(ao).where(
                ao.c.op_id.in_([o["op_id"] for o in ordered]))).mappings():
            results[r["op_id"]] = self._stored(r, p)
        todo = [o for o in ordered if o["op_id"] not in results]
        c = Ctx(conn, self.store, p, now, _now_iso(now), deferred=True, careful=careful,
                units={}, rows=None if careful else {}, unflushed=None if careful else {})
        conn.info[TX] = c
        done: list[tuple[dict, dict]] = []
        last, waiting = self._apply_run(c, todo, dev["last_seq"], results, done)
        had_held = conn.execute(sa.select(ho.c.op_id).where(ho.c.device_id == p.device_id)
                                .limit(1)).first() is not None
        while had_held:
            held = [dict(r) for r in conn.execute(
                sa.select(ho.c.op).where(ho.c.device_id == p.device_id,
                                         ho.c.device_seq > last)
                .order_by(ho.c.device_seq).limit(500)).scalars()]
            run = [o for o in held if o["op_id"] not in results]
            if not run or run[0]["device_seq"] > last + 1:
                break
            last, _ = self._apply_run(c, run, last, results, done)
        if had_held:
            conn.execute(ho.delete().where(ho.c.device_id == p.device_id,
                                           ho.c.device_seq <= last))
        waiting = [o for o in waiting if o["op_id"] not in results]
        if waiting:
            have = set(conn.execute(sa.select(ho.c.op_id).where(
                ho.c.op_id.in_([o["op_id"] for o in waiting]))).scalars())
            new = [dict(op_id=o["op_id"], device_id=p.device_id, device_seq=o["device_seq"],
                        user_id=p.user_id, op=o, at=c.at)
                   for o in waiting if o["op_id"] not in have]
            if new:
                conn.execute(ho.insert(), new)
        conn.execute(db.devices.update().where(db.devices.c.id == p.device_id)
                     .values(last_seq=last, last_seen_at=c.at))
        applied = [dict(op_id=op["op_id"], device_id=p.device_id, device_seq=op["device_seq"],
                        user_id=p.user_id, outcome=outcome, at=c.at) for op, outcome in done]
        try:
            self.settle(c, applied)    # takes the numbering lock: nothing slow after this
        except sa.exc.IntegrityError as exc:
            if careful:
                raise
            raise _Redo() from exc     # a held-back row met a duplicate id
        return results

    def _apply_run(self, c: Ctx, ops: list[dict], last: int, results: dict,
                   done: list) -> tuple[int, list[dict]]:
        """Apply ``ops`` while they are contiguous with ``last``; returns the new last
        device_seq and the ops after a gap.

        Carefully, each op runs in a savepoint so a rejected one leaves no trace. The
        fast path (tried first) skips the savepoints, which are most of a push's
        statements: almost every rejection is found before the op writes anything,
        and when one is not (or the database refuses a write) the whole push is
        redone carefully, with the same outcome."""
        if any(op["entity"] in CASE_ENTITIES for op in ops):
            self.refresh_dictionaries(c.conn)
        for i, op in enumerate(ops):
            if op["device_seq"] > last + 1:
                return last, ops[i:]
            if op["op_id"] in results:      # the same op twice in one request
                continue
            mark = len(c.pending)
            sp = c.conn.begin_nested() if c.careful else None
            try:
                outcome = self.apply_op(c, op)
                if sp is not None:
                    sp.commit()
            except (Reject, sa.exc.IntegrityError) as exc:
                if sp is None:
                    # every write goes with a change (Engine._change): none yet = no trace
                    if isinstance(exc, sa.exc.IntegrityError) or len(c.pending) > mark:
                        raise _Redo() from exc
                else:
                    sp.rollback()
                    del c.pending[mark:]
                    c.units = {}                    # it may hold what was rolled back
                outcome = ({"status": "rejected", "code": exc.code, "message": exc.message}
                           if isinstance(exc, Reject) else
                           {"status": "rejected", "code": "integrity",
                            "message": str(exc.orig).splitlines()[0][:200]})
            results[op["op_id"]] = outcome
            done.append((op, outcome))
            last = max(last, op["device_seq"])
        return last, []

    @staticmethod
    def _stored(r, p: Principal) -> dict:
        if r["user_id"] != p.user_id or r["device_id"] != p.device_id:
            return {"status": "rejected", "code": "op_id_reused",
                    "message": "this op id belongs to another device"}
        return dict(r["outcome"])

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
        """Scope rules for one loaded row (the change feed); ``_row_clause`` is the same
        in SQL (snapshot, verify, conflict list)."""
        if entity not in self._visible_entities(p):
            return False
        if entity == "org_units":
            return (p.in_scope(row["scope_path"]) or row["kind"] == "department"
                    or row["scope_path"] in ancestors(p.scope_path))
        return p.sees(row["scope_path"], row.get("scope_path2"))

    def _row_clause(self, p: Principal, entity: str, t) -> list:
        """Live rows of ``entity`` that reach ``p``: the scope (org units: also the
        ancestors and the departments), not deleted, no key-group tag without 防."""
        where = [self._scope_clause(p, t)]
        if entity == "org_units":
            where = [sa.or_(where[0], t.c.kind == "department",
                            t.c.path.in_(ancestors(p.scope_path)))]
        if entity != "conflicts":
            where.append(t.c.deleted_at.is_(None))
        if not sees_key_groups(p):
            if entity == "resident_tags":
                where.append(sa.or_(t.c.tag.is_(None), t.c.tag.notin_(KEY_TAGS)))
            elif entity == "conflicts":
                rt = db.ENTITIES["resident_tags"]
                where.append(sa.not_(sa.and_(
                    t.c.entity == "resident_tags",
                    t.c.entity_id.in_(sa.select(rt.c.id).where(rt.c.tag.in_(KEY_TAGS))))))
        return where

    def read_clause(self, p: Principal, entity: str, t) -> list | None:
        """The rows of ``entity`` that ``p`` may read now, as a WHERE list (the same as a
        snapshot's), or None when the role receives none at all (server/blobs.py reads
        photos through these)."""
        if entity not in self._visible_entities(p):
            return None
        return self._row_clause(p, entity, t)

    def _audience_clause(self, p: Principal):
        """The changes ``p`` may receive at all, by who they were written for (see
        db.changes.audience). Conflicts are judged by their tag as it is now: a
        conflict is about a row, and follows that row's visibility."""
        ch = db.changes
        if sees_key_groups(p):
            return ch.c.audience.in_((FOR_ALL, FOR_PREVENT))
        cf, rt = db.conflicts, db.ENTITIES["resident_tags"]
        about_key = sa.select(cf.c.id).where(
            cf.c.entity == "resident_tags",
            cf.c.entity_id.in_(sa.select(rt.c.id).where(rt.c.tag.in_(KEY_TAGS))))
        return sa.and_(ch.c.audience.in_((FOR_ALL, FOR_OTHERS)),
                       sa.not_(sa.and_(ch.c.entity == "conflicts", ch.c.audience == FOR_ALL,
                                       ch.c.entity_id.in_(about_key))))

    def _key_hidden(self, conn, p: Principal, rows: dict) -> set:
        """Keys of loaded rows a role without 防 may not hold: key-group tags and the
        conflicts about them."""
        if sees_key_groups(p):
            return set()
        hidden = {k for k, row in rows.items()
                  if k[0] == "resident_tags" and row.get("tag") in KEY_TAGS}
        about = {row["entity_id"]: k for k, row in rows.items()
                 if k[0] == "conflicts" and row["entity"] == "resident_tags"}
        if about:
            rt = db.ENTITIES["resident_tags"]
            for tag_id in conn.execute(sa.select(rt.c.id).where(
                    rt.c.id.in_(list(about)), rt.c.tag.in_(KEY_TAGS))).scalars():
                hidden.add(about[tag_id])
        return hidden

    def _retained(self, conn) -> int:
        return int(self.store.meta(conn, "retained_from", "0"))

    @staticmethod
    def _safe_seq(conn) -> int:
        """The highest ``server_seq`` below which nothing can still commit: numbers are
        taken under a lock held until commit (db.Store.next_seq), so the committed
        counter is that horizon."""
        return conn.execute(sa.select(db.counters.c.value).where(
            db.counters.c.key == "server_seq")).scalar_one()

    def changes(self, p: Principal, cursor: int, limit: int) -> dict:
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        ch = db.changes
        with self.store.read() as conn:
            epoch = self.store.meta(conn, "epoch")
            if cursor < self._retained(conn):
                raise Gone()
            if cursor > self._safe_seq(conn):
                # restored from a backup without new-epoch: the numbers after the backup
                # are being handed out again, below this desktop's cursor
                raise Gone("cursor_ahead")
            scope = self._scope_clause(p, ch)
            org = sa.and_(ch.c.entity == "org_units",
                          sa.or_(ch.c.shared, ch.c.scope_path.in_(ancestors(p.scope_path))))
            # who may receive a change is decided here, in SQL: a change the reader may
            # never see is not in the page, not in its size, not in has_more and not
            # in next_cursor (sync-protocol.md: invisible rows stay invisible)
            q = (sa.select(ch).where(ch.c.server_seq > cursor, ch.c.entity.in_(entities),
                                     sa.or_(scope, org), self._audience_clause(p))
                 .order_by(ch.c.server_seq).limit(limit + 1))
            raw = [dict(r) for r in conn.execute(q).mappings()]
            if cursor < self._retained(conn):
                raise Gone()     # a prune committed between the two reads
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
            hidden = self._key_hidden(conn, p, rows)
            self._name_authors(conn, [row for (e, _), row in rows.items() if e == "conflicts"])
        out = []
        for r in raw:
            key = (r["entity"], r["entity_id"])
            row = rows.get(key)
            if row is None:
                continue
            visible = self._visible(p, r["entity"], row) and key not in hidden
            if r["kind"] == "remove":
                # the row left the scope, or turned key-group (a FOR_OTHERS removal);
                # unless it is back by now, the reader drops what they held. Its
                # version is the one it left at, not a count of later hidden edits.
                if not visible:
                    out.append({"server_seq": r["server_seq"], "entity": r["entity"],
                                "id": r["entity_id"], "deleted": True, "removed": True,
                                "version": r["version"] or row["version"]})
                continue
            if row["server_seq"] > r["server_seq"] or not visible:
                # a later change of this row follows; or the row is no longer the
                # reader's (its removal comes with the change that took it away)
                continue
            item = {"server_seq": r["server_seq"], "entity": r["entity"], "id": r["entity_id"],
                    "version": row["version"]}
            if row.get("deleted_at") and r["entity"] != "conflicts":
                item["deleted"] = True
            else:
                item["data"] = _public(row)
            out.append(item)
        # the last change the reader may receive, or where they asked from: never the
        # number of a change they may not see (the head would count hidden changes)
        next_cursor = raw[-1]["server_seq"] if raw else cursor
        return {"changes": out, "next_cursor": next_cursor, "has_more": has_more,
                "epoch": epoch, "scope_version": p.scope_version}

    # ------------------------------------------------------------ snapshot
    def snapshot_plan(self, p: Principal) -> dict:
        """What an initial sync (or a rebuild after 410, a new epoch or a new
        scope_version) fetches: these entities in this order, each as snapshot pages,
        then /sync/changes from ``at``."""
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        with self.store.read() as conn:
            return {"entities": list(entities), "at": self._safe_seq(conn),
                    "epoch": self.store.meta(conn, "epoch"), "scope_version": p.scope_version}

    def snapshot(self, p: Principal, entity: str, after: str | None, limit: int,
                 at: int | None = None) -> dict:
        """One page of the live rows of ``entity`` in ``p``'s scope, by id after
        ``after``. Rows are read now, not as of ``at``: a row changed after ``at`` comes
        with its newer version here and again in the changes after ``at``, and the
        client keeps the higher version; a row deleted or moved away after ``at`` is
        missing here and its removal is in those changes."""
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        if entity not in PULL_ENTITIES:
            raise Reject("unknown_entity", f"unknown entity {entity!r}")
        if entity not in entities:
            raise Reject("forbidden", f"{p.role} does not receive {entity}")
        t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
        with self.store.read() as conn:
            epoch = self.store.meta(conn, "epoch")
            current = self._safe_seq(conn)
            if at is None:
                at = current
            elif at > current:
                raise Gone("at_ahead")
            if at < self._retained(conn):
                raise Gone()
            where = self._row_clause(p, entity, t)
            if after:
                where.append(t.c.id > after)
            found = [dict(r) for r in conn.execute(
                sa.select(t).where(*where).order_by(t.c.id).limit(limit + 1)).mappings()]
            if at < self._retained(conn):
                raise Gone()     # a prune committed meanwhile: `at` no longer leads anywhere
            if entity == "conflicts":
                self._name_authors(conn, found)
        has_more = len(found) > limit
        found = found[:limit]
        return {"entity": entity,
                "rows": [{"id": r["id"], "version": r["version"], "data": _public(r)}
                         for r in found],
                "next_after": found[-1]["id"] if found else None, "has_more": has_more,
                "at": at, "epoch": epoch, "scope_version": p.scope_version}

    @staticmethod
    def _name_authors(conn, conflict_rows: list[dict]) -> None:
        """A supervisor resolving a conflict wants to see who made each side, by name."""
        ids = {row.get(k) for row in conflict_rows for k in ("kept_author", "other_author")}
        ids.discard(None)
        if not ids:
            return
        u = db.users
        names = dict(conn.execute(sa.select(u.c.id, u.c.display_name).where(
            u.c.id.in_(sorted(ids)))).all())
        for row in conflict_rows:
            for side in ("kept", "other"):
                row[f"{side}_author_name"] = names.get(row.get(f"{side}_author"))

    # ------------------------------------------------------------ verify
    def verify(self, p: Principal) -> dict:
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        out = {}
        with self.store.read() as conn:
            for entity in entities:
                t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
                h = hashlib.sha256()
                n = 0
                for row_id, version in conn.execute(
                        sa.select(t.c.id, t.c.version).where(*self._row_clause(p, entity, t))
                        .order_by(t.c.id)):
                    h.update(f"{row_id}:{version}\n".encode())
                    n += 1
                out[entity] = {"count": n, "hash": h.hexdigest()}
        return {"tables": out, "algorithm": "sha256 over 'id:version\\n' of live rows by id"}


def _json_list(value) -> bool:
    try:
        return isinstance(json.loads(value), list)
    except (TypeError, ValueError):
        return False


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items()
            if k not in ("scope_path", "scope_path2", "server_seq", "updated_by")}
