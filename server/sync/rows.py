"""Reading and writing the synced rows (a mixin of ``Engine``): a row with its
change-feed record and its ``server_seq`` (numbered at the end of a push,
``settle``, under the lock that keeps numbers in commit order), removals announced
to every scope a row leaves (cascading to its children), and the checks every write
shares (field types, key-group tags, paths).

Rows a push wrote are read back from its own record (``Ctx.rows``), so the fast
path can write them behind (``flush``)."""
from __future__ import annotations

import json
import math

import sqlalchemy as sa

from app.models.domain import rules
from app.models.domain.case_fields import GRID_KINDS
from server import announce, blobs, db
from server.sync import numbers
from server.auth import Principal
from server.db import FOR_ALL, FOR_OTHERS, FOR_PREVENT
from server.errors import Reject
from server.sync.context import (CASE_DERIVED, CHILDREN, GRID_ROWS, JSON_LISTS, MAX_TEXT,
                                 PARENT_ROWS, PATH_ROWS, SERVER_FIELDS, TX, Ctx, json_list,
                                 random_id)
from server.sync.scope import KEY_TAGS, key_restricted, sees_key_groups
from server.sync.stars import scope as stars_scope


class Rows:
    # ------------------------------------------------------------ helpers
    def get_row(self, conn, entity: str, row_id: str, *, lock: bool = False) -> dict | None:
        """A row; ``lock`` (a row about to be changed from what is read now) waits for
        a concurrent writer of it and reads its committed result (PostgreSQL), so two
        pushes editing one row never lose either's fields. A row this push wrote
        comes from its own record (it is ours, locked, or not yet written)."""
        tx = conn.info.get(TX)
        if tx is not None and tx.rows is not None:
            if (entity, row_id) in tx.rows:
                return dict(tx.rows[(entity, row_id)])
            if tx.locked is not None and (entity, row_id) in tx.locked:
                row = tx.locked[(entity, row_id)]     # read ahead, locked since
                return dict(row) if row is not None else None
        t = db.ENTITIES[entity]
        q = sa.select(t).where(t.c.id == row_id)
        row = conn.execute(q.with_for_update() if lock else q).mappings().first()
        return dict(row) if row else None

    def unit(self, conn, unit_id) -> dict | None:
        if not isinstance(unit_id, str):
            return None
        tx = conn.info.get(TX)
        if tx is None or tx.units is None:
            return self.get_row(conn, "org_units", unit_id)
        if unit_id not in tx.units:
            tx.units[unit_id] = self.get_row(conn, "org_units", unit_id)
        return tx.units[unit_id]

    def scope_of(self, conn, entity: str, row: dict) -> tuple[str, str | None, bool]:
        """(scope_path, scope_path2, shared) of a row, derived on the server."""
        if entity == "star_assessments":      # 五星支部: the community's own path
            return stars_scope(self, conn, row)
        if entity == "org_units":
            return row["path"], None, row.get("kind") == "department"
        if entity in GRID_ROWS:
            grid = self.unit(conn, row.get("grid_id"))
            if grid is None or grid["kind"] not in GRID_KINDS or grid["deleted_at"]:
                raise Reject("grid_not_found", "grid_id is not a grid")
            path2 = None
            if entity == "cases" and row.get("holder_unit_id"):
                holder = self.unit(conn, row["holder_unit_id"])
                path2 = holder["path"] if holder else None
            return grid["path"], path2, False
        parent_entity, key = PARENT_ROWS[entity]
        parent = self.get_row(conn, parent_entity, row.get(key)) if isinstance(
            row.get(key), str) else None
        if parent is None:
            raise Reject("parent_not_found", f"{key} not found")
        return parent["scope_path"], parent["scope_path2"], False

    def record_change(self, c: Ctx, entity: str, row_id: str, kind: str, path: str,
                path2: str | None = None, shared: bool = False, *,
                audience: int = FOR_ALL, version: int | None = None) -> int:
        seq = c.next_seq()
        values = dict(server_seq=seq, entity=entity, entity_id=row_id, kind=kind,
                      scope_path=path, scope_path2=path2, shared=shared, at=c.at,
                      audience=audience, version=version)
        # parked long-polls of these scopes wake when this commits (server/announce.py)
        announce.note(c.conn, path, path2, audience, shared)
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
        announce.note_head(c.conn, base + len(c.pending))
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

    def settle_bulk(self, c: Ctx) -> None:
        """``settle`` for a bulk load (``python -m server import-roster``): the numbers
        are taken first, so each held-back row is written once, with its real number
        (``settle`` on PostgreSQL writes them with provisional numbers and numbers them
        after), and the changes go in as one statement. The price: the numbering lock
        is held while the batch is written, so pushes wait that long (a few hundred
        ms per batch); big loads run off-peak."""
        if not c.pending or not self.store.is_postgres:
            self._settle_rows(c)
            return
        last = self.store.take_seqs(c.conn, len(c.pending))
        first = last - len(c.pending) + 1
        latest: dict[tuple[str, str], int] = {}
        for i, change in enumerate(c.pending):
            change["server_seq"] = first + i
            if change["kind"] == "upsert":
                latest[(change["entity"], change["entity_id"])] = first + i
        for key in c.unflushed or ():
            c.rows[key]["server_seq"] = latest.pop(key)
        self.flush(c)
        by_table: dict[str, list[dict]] = {}
        for (entity, row_id), seq in latest.items():      # rows flushed before
            by_table.setdefault(entity, []).append({"b_id": row_id, "b_seq": seq})
        for entity, params in by_table.items():
            t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
            c.conn.execute(t.update().where(t.c.id == sa.bindparam("b_id"))
                           .values(server_seq=sa.bindparam("b_seq")), params)
        c.conn.execute(sa.text(
            "INSERT INTO changes (server_seq, entity, entity_id, kind, scope_path, "
            "scope_path2, shared, at, audience, version) SELECT x.server_seq, x.entity, "
            "x.entity_id, x.kind, x.scope_path, x.scope_path2, x.shared, x.at, x.audience, "
            "x.version FROM jsonb_to_recordset(CAST(:changes AS jsonb)) AS x(server_seq bigint, "
            "entity text, entity_id text, kind text, scope_path text, scope_path2 text, "
            "shared boolean, at text, audience smallint, version bigint)"),
            {"changes": json.dumps(c.pending, ensure_ascii=False)})
        c.pending = []

    def read_ahead(self, c: Ctx, ops: list[dict]) -> None:
        """The fast path's reads for a run of ops, one statement per table instead of
        one per op: the rows the ops change, locked in id order (as each op's own
        locking read would, see ``get_row``), and the residents holding the ID numbers
        the ops set (``Ops._check_unique_id``)."""
        if c.rows is None:
            return
        if c.locked is None:
            c.locked = {}
        wanted: dict[str, set] = {}
        numbers: set[str] = set()
        for op in ops:
            entity, row_id = op.get("entity"), op.get("entity_id")
            if entity not in db.ENTITIES or not isinstance(row_id, str):
                continue
            changed = op.get("changed") if isinstance(op.get("changed"), dict) else {}
            if entity == "residents" and isinstance(changed.get("id_number"), str):
                # every form the number may be stored in (Ops._check_unique_id)
                number = rules.stored_id_number(changed["id_number"], changed.get("id_type"))
                if number:
                    numbers.update(rules.id_number_forms(number) or (number,))
            if op.get("op") != "create" and (entity, row_id) not in c.rows \
                    and (entity, row_id) not in c.locked:
                wanted.setdefault(entity, set()).add(row_id)
        for entity in sorted(wanted):
            t = db.ENTITIES[entity]
            ids = sorted(wanted[entity])
            found = {r["id"]: dict(r) for r in c.conn.execute(
                sa.select(t).where(t.c.id.in_(ids)).order_by(t.c.id).with_for_update()
            ).mappings()}
            for row_id in ids:
                c.locked[(entity, row_id)] = found.get(row_id)
        if c.id_holders is None:
            c.id_holders = {}
        numbers -= c.id_holders.keys()
        if numbers:
            r = db.ENTITIES["residents"]
            for number in numbers:
                c.id_holders[number] = []
            for row_id, number, path in c.conn.execute(
                    sa.select(r.c.id, r.c.id_number, r.c.scope_path).where(
                        r.c.id_number.in_(sorted(numbers)), r.c.deleted_at.is_(None))):
                c.id_holders[number].append((row_id, path))

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
            if self.store.is_postgres and all(map(_PLAIN[entity], rows)):
                # one parameter (the rows as JSON) instead of a bind per value: psycopg
                # adapts every value in Python, which was the push's largest CPU cost
                c.conn.execute(_bulk_sql(entity, kind),
                               {"rows": json.dumps(rows, ensure_ascii=False)})
            elif kind == "insert":
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
        if entity == "cases" and old is None and not row.get("short_no"):
            # every way a case arrives (a push, an intake, the demo) gets its number here
            grid = self.unit(c.conn, row.get("grid_id"))
            row = {**row, "short_no": numbers.city_number(c.conn, grid["code"], c.at)}
        blobs.check_photos(c.conn, self, c.p, entity, old, row)
        was_key, is_key = key_restricted(entity, old), key_restricted(entity, row)
        if is_key and not was_key and not random_id(row["id"]):
            raise Reject("ordered_id", "a key-group tag (重点人群) needs a random id "
                                       "(a version 4 UUID): its id must not sort next to "
                                       "its resident's; add it again as a new tag")
        for old_path in self._left(old, path, path2):
            self.record_change(c, entity, row["id"], "remove", old_path,
                         audience=FOR_PREVENT if was_key else FOR_ALL, version=version)
        self._departed(c, entity, row["id"], self._left(old, path, path2))
        if is_key != was_key and old is not None:
            self._key_turn(c, entity, row["id"], old, (path, path2), version, is_key)
        seq = self.record_change(c, entity, row["id"], "upsert", path, path2, shared,
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
                self.record_change(c, entity, row_id, "remove", path, audience=FOR_OTHERS,
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
                self.record_change(c, "conflicts", cid, "remove", path, audience=FOR_OTHERS,
                             version=cversion)
            else:
                seq = self.record_change(c, "conflicts", cid, "upsert", path, path2)
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
                    if c.locked is not None:
                        c.locked.pop((child, kid["id"]), None)
                path, path2, _ = self.scope_of(c.conn, child, kid)
                audience = FOR_PREVENT if key_restricted(child, kid) else FOR_ALL
                for old_path in self._left(kid, path, path2):
                    self.record_change(c, child, kid["id"], "remove", old_path, audience=audience,
                                 version=kid["version"])
                self._departed(c, child, kid["id"], self._left(kid, path, path2))
                seq = self.record_change(c, child, kid["id"], "upsert", path, path2,
                                   audience=audience)
                c.conn.execute(t.update().where(t.c.id == kid["id"]).values(
                    server_seq=seq, scope_path=path, scope_path2=path2))
                self._rescope_children(c, child, kid["id"])

    def clean(self, entity: str, changed: dict, *, creating: bool) -> dict:
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
            if entity == "cases" and key == "provisional_no" and not creating:
                raise Reject("derived_field", "a case's provisional number is given once")
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
            if key in JSON_LISTS.get(entity, ()) and not json_list(value):
                raise Reject("bad_value", f"{key} must be a JSON list")
            out[key] = value
        return out

    @staticmethod
    def check_key_tag(p: Principal, entity: str, old: dict | None, new: dict | None) -> None:
        """Without 防 a key-group tag is invisible: it can be neither made nor touched."""
        if entity != "resident_tags" or sees_key_groups(p):
            return
        if old is not None and old.get("tag") in KEY_TAGS:
            raise Reject("not_found", f"resident_tags {old['id']} not found")
        if new is not None and new.get("tag") in KEY_TAGS:
            raise Reject("forbidden", "key-group tags (重点人群) need the 防 right")

    @staticmethod
    def may_exist(c: Ctx, entity: str, row_id: str) -> bool:
        """Whether a create must look for an existing row first. The fast path skips
        the query: a duplicate of a stored row fails on the primary key when the
        rows are written, and the push is redone carefully; one made earlier in
        this push is in its own record."""
        return c.careful or (entity, row_id) in c.rows

    def check_path(self, c: Ctx, entity: str, values: dict) -> None:
        # the desktop's own `path` (room or grid code) must lie under the row's grid
        if entity in PATH_ROWS and values.get("path"):
            grid = self.unit(c.conn, values.get("grid_id"))
            if grid and not values["path"].startswith(grid["code"]):
                raise Reject("path_mismatch", "path is not under the row's grid")


def _plain_check(entity: str):
    """A test that a held-back row's values are exactly the column types (str, int,
    finite float or None): those alone go in as JSON; anything else takes the
    statement with binds, which refuses it as it always did."""
    t = db.ENTITIES[entity]
    kinds = [(col.name, str if isinstance(col.type, sa.Text | sa.String) else
              float if isinstance(col.type, sa.Float) else int) for col in t.c]

    def plain(row: dict) -> bool:
        for name, kind in kinds:
            v = row.get(name)
            if v is None:
                continue
            if kind is str:
                if type(v) is not str or "\x00" in v:
                    return False
            elif kind is int:
                if type(v) is not int:
                    return False
            elif type(v) is not int and (type(v) is not float or not math.isfinite(v)):
                return False
        return True
    return plain


_PLAIN = {entity: _plain_check(entity) for entity in db.ENTITIES}
_BULK: dict[tuple[str, str], sa.TextClause] = {}


def _bulk_sql(entity: str, kind: str) -> sa.TextClause:
    if (entity, kind) not in _BULK:
        t = db.ENTITIES[entity]
        cols = [col.name for col in t.c]
        source = f"jsonb_populate_recordset(NULL::{t.name}, CAST(:rows AS jsonb))"
        if kind == "insert":
            listed = ", ".join(cols)
            sql = f"INSERT INTO {t.name} ({listed}) SELECT {listed} FROM {source}"
        else:
            sets = ", ".join(f"{c} = x.{c}" for c in cols if c != "id")
            sql = f"UPDATE {t.name} AS t SET {sets} FROM {source} AS x WHERE t.id = x.id"
        _BULK[(entity, kind)] = sa.text(sql)
    return _BULK[(entity, kind)]

