"""Applying server rows to the local store (sync-protocol.md "Pull").

Rules kept here, in one place:

- A row is written only if its server version is newer than the local one
  (a snapshot may already have delivered a later version than a change).
- Server data never overwrites a row that still has unconfirmed local ops:
  the server row is taken and those ops are re-applied on top.
- A deleted row keeps its id with ``deleted_at`` (children may still point at
  it); a row that left the user's scope (``removed``) is erased, because no
  client may hold data outside its scope.
- Residents are re-indexed for search as they change; cases with local
  unpushed events are re-projected with the shared state machine.

Foreign keys are not checked while applying: the change feed is ordered by
the server's last change of each row, so a child can arrive before its
parent's latest version. The server guarantees integrity.
"""
from __future__ import annotations

import json
from typing import Iterable

from app.models.roster import search
from app.models.store import clock

# Parents before children: the order of a full snapshot.
ENTITIES = ("org_units", "addresses", "households", "residents", "resident_tags", "visits",
            "cases", "case_events", "case_residents", "houses", "house_tenants",
            "organizations", "org_employees", "inspections", "conflicts")
ENTITIES = ENTITIES[:-1] + ("star_assessments", "conflicts")   # 五星支部, before conflicts
LOCAL_ONLY = {"rid"}
# Columns the server keeps as JSON of any type: stored locally as JSON text always, so
# a value that is a string ("13800000001") reads back as a string, not a number.
JSON_COLUMNS = {"conflicts": ("kept_value", "other_value")}


class Applier:
    """Applies one page inside the caller's transaction; remembers what it touched so
    derived data (search index, case projections) is refreshed once per page."""

    def __init__(self, conn, *, track_seen: bool = False, force: bool = False):
        self.conn = conn
        self.track_seen = track_seen
        # a full resync writes every row it is given, whatever the local version: after
        # a restore from backup (new epoch) the server's versions restart lower, and a
        # row with the same version number may hold other values than the local one
        self.force = force
        self._columns: dict[str, list[str]] = {}
        self._defaults: dict[str, dict] = {}
        self._removed: set | None = None
        self._previews: dict | None = None
        self._removed_dirty = False
        self.touched: dict[str, set[str]] = {}
        self.residents_to_index: set[str] = set()
        self.cases_to_reproject: set[str] = set()
        self.new_case_ids: list[str] = []
        self.count = 0

    def columns(self, entity: str) -> list[str]:
        if entity not in self._columns:
            info = self.conn.execute(f"PRAGMA table_info({entity})").fetchall()
            self._columns[entity] = [r[1] for r in info]
            # NOT NULL columns with a default: the server may hold NULL there (a row it
            # got without that field, e.g. from intake or an older desktop), which
            # means "the default" here rather than a failed page
            self._defaults[entity] = {r[1]: _literal(r[4]) for r in info
                                      if r[3] and r[4] is not None and r[1] != "version"}
        return self._columns[entity]

    # ------------------------------------------------------------ unconfirmed ops
    def _unconfirmed(self, entity: str, row_id: str, seq: int | None) -> list[tuple[str, dict]]:
        """Local ops the server row cannot include yet: never pushed, in flight, or
        applied at a server_seq after the one this row was read at. A conflict
        resolution's preview of this row counts as a patch of it."""
        rows = self.conn.execute(
            "SELECT op, changed FROM outbox WHERE entity = ? AND entity_id = ? AND "
            "(state IN ('pending', 'inflight') OR (state = 'applied' AND server_seq > ?)) "
            "ORDER BY device_seq", (entity, row_id, seq if seq is not None else 2**62)).fetchall()
        out = []
        for op, changed in rows:
            changed = json.loads(changed)
            if entity == "conflicts":
                # a resolution on its way: the conflict stays resolved here meanwhile
                out.append(("patch", {"state": "resolved",
                                      "resolution": changed.get("resolution")}))
            else:
                out.append((op, changed))
        out += [("patch", fields) for fields in self.previews().get((entity, row_id), ())]
        return out

    def previews(self) -> dict[tuple[str, str], list[dict]]:
        """Rows a conflict resolution on its way rewrites: (entity, id) -> the fields,
        in the order they were resolved (loaded once per page: resolutions are few)."""
        if self._previews is None:
            self._previews = {}
            for (changed,) in self.conn.execute(
                    "SELECT changed FROM outbox WHERE entity = 'conflicts' AND (state IN "
                    "('pending', 'inflight') OR (state = 'applied' AND server_seq > "
                    "(SELECT cursor FROM sync_state WHERE id = 1))) ORDER BY device_seq"):
                preview = json.loads(changed).get("preview")
                if isinstance(preview, dict) and preview.get("fields"):
                    self._previews.setdefault((preview["entity"], preview["id"]), []).append(
                        dict(preview["fields"]))
        return self._previews

    # ------------------------------------------------------------ rows
    def upsert(self, entity: str, row_id: str, version: int, data: dict | None, *,
               deleted: bool = False, seq: int | None = None) -> bool:
        """Write one server row; False if the local copy was already as new."""
        later = self._removed_later()
        if later and (entity, row_id) in later:
            later.discard((entity, row_id))   # it is back in the scope
            self._removed_dirty = True
        if self.track_seen:
            self.conn.execute("INSERT OR IGNORE INTO sync_seen(entity, id) VALUES (?, ?)",
                              (entity, row_id))
        cur = self.conn.execute(f"SELECT version, deleted_at FROM {entity} WHERE id = ?",
                                (row_id,)).fetchone()
        if cur is not None and cur[0] >= version and not self.force:
            return False
        cols = self.columns(entity)
        if deleted or data is None:
            if cur is None:
                return False   # never had it: nothing to hide
            self.conn.execute(f"UPDATE {entity} SET version = ?, "
                              "deleted_at = coalesce(deleted_at, ?) WHERE id = ?",
                              (version, clock.now_iso(), row_id))
            values = {}
        else:
            values = {k: v for k, v in data.items() if k in cols and k not in LOCAL_ONLY}
            for k, default in self._defaults[entity].items():
                if k in values and values[k] is None:
                    values[k] = default
            for k in JSON_COLUMNS.get(entity, ()):
                if values.get(k) is not None:
                    values[k] = json.dumps(values[k], ensure_ascii=False, sort_keys=True)
            values["id"] = row_id
            values["version"] = version
        pending = self._unconfirmed(entity, row_id, seq)
        for op, changed in pending:
            if op == "patch":
                values.update({k: v for k, v in changed.items() if k in cols})
            elif op == "delete" and "deleted_at" in cols:
                values["deleted_at"] = values.get("deleted_at") or clock.now_iso()
        if values and "id" not in values:
            # a deletion of a row that has unpushed local edits (made while this page
            # was on its way): the row stays a tombstone, the edits stay on it until
            # the push turns them into an edit-vs-delete conflict
            self.conn.execute(f"UPDATE {entity} SET {', '.join(f'{c} = ?' for c in values)} "
                              "WHERE id = ?", [*map(self._sql, values.values()), row_id])
        elif values:
            names = list(values)
            update = ", ".join(f"{c} = excluded.{c}" for c in names if c != "id")
            self.conn.execute(
                f"INSERT INTO {entity} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT(id) DO UPDATE SET {update}", [self._sql(values[c]) for c in names])
        self._touch(entity, row_id, values, is_new=cur is None)
        self.count += 1
        return True

    def upsert_page(self, entity: str, rows: list[dict]) -> None:
        """A snapshot page (``{"id", "version", "data"}`` rows, all live, all forced):
        the same rules as ``upsert``, a few statements per page instead of four per
        row — the initial sync of a street is hundreds of thousands of rows. Rows
        with unpushed local ops take the careful one-by-one path."""
        if not rows:
            return
        cols = self.columns(entity)
        ids = [r["id"] for r in rows]
        if self.track_seen:
            self.conn.executemany("INSERT OR IGNORE INTO sync_seen(entity, id) VALUES (?, ?)",
                                  [(entity, i) for i in ids])
        later = self._removed_later()
        if later:
            back = later & {(entity, i) for i in ids}
            if back:
                later -= back          # they are back in the scope
                self._removed_dirty = True
        existing, pending = set(), set()
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join("?" * len(part))
            existing.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM {entity} WHERE id IN ({marks})", part))
            pending.update(r[0] for r in self.conn.execute(
                f"SELECT entity_id FROM outbox WHERE entity = ? AND state IN ('pending', "
                f"'inflight') AND entity_id IN ({marks})", [entity, *part]))
        pending.update(i for e, i in self.previews() if e == entity)
        groups: dict[tuple, list] = {}
        defaults, json_cols = self._defaults[entity], JSON_COLUMNS.get(entity, ())
        allowed = frozenset(cols) - LOCAL_ONLY - {"id", "version"}
        sql = self._sql
        for r in rows:
            if r["id"] in pending:
                self.upsert(entity, r["id"], r["version"], r.get("data"))
                continue
            values = {k: v for k, v in (r.get("data") or {}).items() if k in allowed}
            for k, default in defaults.items():
                if k in values and values[k] is None:
                    values[k] = default
            for k in json_cols:
                if values.get(k) is not None:
                    values[k] = json.dumps(values[k], ensure_ascii=False, sort_keys=True)
            # rows of one page share their columns: one statement per shape
            groups.setdefault(tuple(values), []).append(
                [r["id"], r["version"], *map(sql, values.values())])
            self.count += 1
        for shape, params in groups.items():
            names = ("id", "version", *shape)
            update = ", ".join(f"{c} = excluded.{c}" for c in names if c != "id")
            self.conn.executemany(
                f"INSERT INTO {entity} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT(id) DO UPDATE SET {update}", params)
        self.touched.setdefault(entity, set()).update(ids)
        if entity == "cases":
            self.new_case_ids += [i for i in ids if i not in existing]
        if entity in ("cases", "case_events"):
            # only cases with events not pushed yet need a local re-projection
            self.cases_to_reproject.update(r[0] for r in self.conn.execute(
                "SELECT DISTINCT e.case_id FROM case_events e JOIN outbox o ON o.entity_id = e.id "
                "AND o.state IN ('pending', 'inflight')"))

    @staticmethod
    def _sql(value):
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, bool):
            return int(value)
        return value

    def remove(self, entity: str, row_id: str) -> None:
        """The row left the user's scope: erase it (and its search entry)."""
        if entity == "residents":
            rid = self.conn.execute("SELECT rid FROM residents WHERE id = ?", (row_id,)).fetchone()
            if rid:
                search.unindex_resident(self.conn, rid[0])
        if self._unconfirmed(entity, row_id, None):
            # the push will be rejected as out of scope and reported; keep it until then,
            # and remember to erase it once its ops are settled (settle_removals)
            self._removed_later().add((entity, row_id))
            self._removed_dirty = True
            return
        self.conn.execute(f"DELETE FROM {entity} WHERE id = ?", (row_id,))
        self.touched.setdefault(entity, set()).add(row_id)
        self.count += 1

    def _removed_later(self) -> set:
        if self._removed is None:
            self._removed = {tuple(x) for x in _load_removed(self.conn)}
        return self._removed

    def _touch(self, entity: str, row_id: str, values: dict, *, is_new: bool) -> None:
        self.touched.setdefault(entity, set()).add(row_id)
        if entity == "residents":
            self.residents_to_index.add(row_id)
        elif entity in ("households", "addresses"):
            # a changed address text changes the search tokens of the people living there
            col = "household_id" if entity == "households" else None
            if col:
                for (rid,) in self.conn.execute("SELECT id FROM residents WHERE household_id = ?",
                                                (row_id,)):
                    self.residents_to_index.add(rid)
        elif entity == "case_events":
            case_id = values.get("case_id") or self._case_of_event(row_id)
            if case_id:
                self.cases_to_reproject.add(case_id)
        elif entity == "cases" and is_new:
            self.new_case_ids.append(row_id)
        if entity == "cases":
            self.cases_to_reproject.add(row_id)

    def _case_of_event(self, event_id: str) -> str | None:
        row = self.conn.execute("SELECT case_id FROM case_events WHERE id = ?",
                                (event_id,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ derived data
    def finish(self, *, reindex: bool = True) -> None:
        if self._removed_dirty:
            _save_removed(self.conn, sorted(self._removed or ()))
        if reindex and self.residents_to_index:
            ids = sorted(self.residents_to_index)
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                for (rid,) in self.conn.execute(
                        f"SELECT rid FROM residents WHERE deleted_at IS NOT NULL AND id IN "
                        f"({','.join('?' * len(part))})", part):
                    search.unindex_resident(self.conn, rid)
                search.reindex_where(self.conn, f"r.id IN ({','.join('?' * len(part))})", part)
        self._reproject_cases()

    def _reproject_cases(self) -> None:
        """Cases whose log holds events this device has not pushed yet are re-derived
        locally (server events first, in the server's order, then ours); others keep
        the server's projection, which was made from the same log by the same rules."""
        if not self.cases_to_reproject:
            return
        from app.models.cases.repository import reproject
        from app.models.store import dictionaries
        from app.models.write.unit import SYSTEM, UnitOfWork

        if not hasattr(self, "categories"):   # the versions synced from the server
            self.categories, self.calendar = dictionaries.current(self.conn)

        for case_id in sorted(self.cases_to_reproject):
            local = self.conn.execute(
                "SELECT e.id FROM case_events e JOIN outbox o ON o.entity_id = e.id "
                "AND o.state IN ('pending', 'inflight') WHERE e.case_id = ? ORDER BY o.device_seq",
                (case_id,)).fetchall()
            if not local:
                continue
            top = self.conn.execute(
                "SELECT coalesce(max(seq), 0) FROM case_events WHERE case_id = ? AND version > 0",
                (case_id,)).fetchone()[0]
            for i, (event_id,) in enumerate(local, start=1):
                self.conn.execute("UPDATE case_events SET seq = ? WHERE id = ?", (top + i, event_id))
            if self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                continue
            reproject(UnitOfWork(self.conn, SYSTEM), case_id, self.categories, self.calendar)


REMOVED_LATER = "sync.removed_later"


def _load_removed(conn) -> list:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (REMOVED_LATER,)).fetchone()
    return json.loads(row[0]) if row else []


def _save_removed(conn, items) -> None:
    if items:
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                     "SET value = excluded.value", (REMOVED_LATER, json.dumps(list(items))))
    else:
        conn.execute("DELETE FROM meta WHERE key = ?", (REMOVED_LATER,))


def settle_removals(conn) -> int:
    """Rows that left the user's scope while local ops for them were unpushed were
    kept (Applier.remove); once those ops are settled (rejected as out of scope,
    usually) the rows go, so no desktop keeps data outside its scope."""
    items = _load_removed(conn)
    if not items:
        return 0
    left, gone = [], 0
    for entity, row_id in items:
        if entity not in ENTITIES or conn.execute(
                "SELECT 1 FROM outbox WHERE entity_id = ? AND state IN ('pending', 'inflight') "
                "LIMIT 1", (row_id,)).fetchone():
            left.append([entity, row_id])
            continue
        if entity == "residents":
            rid = conn.execute("SELECT rid FROM residents WHERE id = ?", (row_id,)).fetchone()
            if rid:
                search.unindex_resident(conn, rid[0])
        conn.execute(f"DELETE FROM {entity} WHERE id = ?", (row_id,))
        gone += 1
    _save_removed(conn, left)
    return gone


def _literal(sql_default: str):
    """A column default as PRAGMA table_info gives it ('living', 0, '[]')."""
    text = sql_default.strip()
    if text[:1] == "'" and text[-1:] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def sweep_unseen(conn, entities: Iterable[str]) -> int:
    """After a full resync: erase synced rows the server no longer gave us (gone, or
    outside the scope) unless a local op still waits to be pushed for them."""
    gone = 0
    for entity in entities:
        ids = [r[0] for r in conn.execute(
            f"SELECT t.id FROM {entity} t WHERE NOT EXISTS (SELECT 1 FROM sync_seen s "
            f"WHERE s.entity = ? AND s.id = t.id) AND NOT EXISTS (SELECT 1 FROM outbox o "
            f"WHERE o.entity_id = t.id AND o.state IN ('pending', 'inflight'))", (entity,))]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join("?" * len(part))
            if entity == "residents":
                for (rid,) in conn.execute(f"SELECT rid FROM residents WHERE id IN ({marks})", part):
                    search.unindex_resident(conn, rid)
            conn.execute(f"DELETE FROM {entity} WHERE id IN ({marks})", part)
        gone += len(ids)
    conn.execute("DELETE FROM sync_seen")
    return gone


class foreign_keys_off:
    """The change feed is ordered by each row's last change, so a child can arrive a
    page before its parent's latest version: the engine's connection applies
    server rows without foreign-key checks (the server keeps integrity). The
    pragma only takes effect outside a transaction, so it wraps the whole run."""

    def __init__(self, conn):
        self.conn = conn
        self.was = None

    def __enter__(self):
        if not self.conn.in_transaction:
            self.was = self.conn.execute("PRAGMA foreign_keys").fetchone()[0]
            self.conn.execute("PRAGMA foreign_keys = OFF")
        return self

    def __exit__(self, *exc):
        if self.was and not self.conn.in_transaction:
            self.conn.execute("PRAGMA foreign_keys = ON")
        return False
