"""The one write path: a unit of work writes each row, its outbox op and an
audit record inside one SQLite transaction. Nothing else writes synced tables
(architecture.md). Any exception rolls the whole unit back.
"""
from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from typing import Iterator

from app.models.domain import audit_chain
from app.models.domain.ids import uuid7
from app.models.domain.validation import MOVE_FIELDS
from app.models.store import clock
# a worker's own connection takes the write path too; it lives with the store
from app.models.store.database import ConnectionStore  # noqa: F401 - re-exported
from app.models.write import audit, outbox

SYNCED_TABLES = {"org_units", "addresses", "households", "residents", "resident_tags", "visits",
                 "cases", "case_events", "case_residents",
                 # 实有房屋 and 实有单位 (app/models/places)
                 "houses", "house_tenants", "organizations", "org_employees", "inspections"}
SYNCED_TABLES.add("star_assessments")          # 五星支部 (app/models/reports/star_workflow.py)
LOCAL_ONLY_FIELDS = {"rid", "version"}


@dataclass(frozen=True)
class Actor:
    """Who is acting. Until sign-in exists this comes from the settings stand-in."""
    user_id: str
    name: str
    role: str = "grid_worker"
    scope_code: str = ""        # org code prefix of the user's subtree ('' = everything local)


SYSTEM = Actor("system", "system", "admin")


def new_row_id(table: str) -> str:
    """A new row's id: UUIDv7 (sorts by creation), except a tag's, which is random: a
    tag made with its resident would sort right after the resident's id and name the
    person a key-group tag (重点人群) is about (the server refuses ordered ids there)."""
    return str(uuid.uuid4()) if table == "resident_tags" else uuid7()


class NotFound(LookupError):
    pass


def _append_audit_many(conn, records: list[dict]) -> None:
    """audit.append for many records: the same hash chain, one executemany."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else audit_chain.GENESIS
    out = []
    for r in records:
        detail = audit.detail_json(r.get("detail"))
        digest = audit_chain.digest(prev, r["at"], r["actor"], r["action"], r.get("entity"),
                                    r.get("entity_id"), detail)
        out.append((r["at"], r["actor"], r["action"], r.get("entity"), r.get("entity_id"),
                    detail, prev, digest))
        prev = digest
    conn.executemany(
        "INSERT INTO audit_log(at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)


class UnitOfWork:
    def __init__(self, conn, actor: Actor):
        self.conn = conn
        self.actor = actor
        self.tx_id = uuid7()
        self.at = clock.now_iso()

    def _columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def get(self, table: str, row_id: str) -> dict:
        cur = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"{table} {row_id} not found")
        return dict(zip([c[0] for c in cur.description], row))

    def _audit(self, action: str, table: str, row_id: str, fields,
               extra: dict | None = None, *, row: dict | None = None) -> None:
        detail = {"fields": sorted(fields)} if fields else {}
        detail.update(extra or {})
        label = audit.record_label(self.conn, table, row) if row else None
        if label:
            detail["record"] = label
        audit.append(self.conn, at=self.at, actor=self.actor.user_id, action=action,
                     entity=table, entity_id=row_id, detail=detail or None)

    def create(self, table: str, values: dict, *, history: dict | None = None) -> dict:
        """Insert a row. ``history``: what the row's audit record keeps beside it (what
        was typed before the domain rewrote it, e.g. a legacy ID number)."""
        assert table in SYNCED_TABLES, table
        row = dict(values)
        row.setdefault("id", new_row_id(table))
        row["version"] = 0
        row["deleted_at"] = None
        row["updated_at"] = self.at
        if "created_at" in self._columns(table):
            row.setdefault("created_at", self.at)
        cols = list(row)
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])
        changed = {k: v for k, v in row.items() if k not in LOCAL_ONLY_FIELDS}
        outbox.record(self.conn, tx_id=self.tx_id, entity=table, entity_id=row["id"], op="create",
                      changed=changed, created_at=self.at)
        self._audit("create", table, row["id"], [], history, row=row)
        return row

    def patch(self, table: str, row_id: str, changes: dict, *,
              history: dict | None = None) -> dict:
        """Write the fields that really change; returns them ({} = nothing to do).
        ``history`` as for ``create``."""
        assert table in SYNCED_TABLES, table
        current = self.get(table, row_id)
        changed = {k: v for k, v in changes.items()
                   if k not in LOCAL_ONLY_FIELDS and current.get(k) != v}
        if not changed:
            return {}
        group = MOVE_FIELDS.get(table, ())
        if changed.keys() & set(group):
            # a move is one value (grid, household, address path, relation): the op
            # carries all of it, so the server merges and conflicts it whole
            for k in group:
                changed.setdefault(k, changes.get(k, current.get(k)))
        base = outbox.server_base(self.conn, row_id, current, changed)
        stamp = dict(changed, updated_at=self.at)
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in stamp)} WHERE id = ?",
            [*stamp.values(), row_id])
        outbox.record(self.conn, tx_id=self.tx_id, entity=table, entity_id=row_id, op="patch",
                      changed=changed, base_version=current["version"], base_values=base,
                      created_at=self.at)
        # old -> new as an auditor reads it (masked, see audit.shown_changes)
        self._audit("update", table, row_id, changed,
                    {**(history or {}), "values": audit.shown_changes(current, changed)},
                    row={**current, **changed})
        return changed

    def delete(self, table: str, row_id: str) -> None:
        """Soft delete: the row stays as a tombstone until the server confirms it."""
        current = self.get(table, row_id)
        if current.get("deleted_at"):
            return
        self.conn.execute(f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                          (self.at, self.at, row_id))
        outbox.record(self.conn, tx_id=self.tx_id, entity=table, entity_id=row_id, op="delete",
                      changed={"deleted_at": self.at}, base_version=current["version"],
                      created_at=self.at)
        self._audit("delete", table, row_id, [], row=current)

    def transition(self, case_id: str, event_row: dict) -> dict:
        """Append a case event: the event row, a 'transition' op and an audit record.
        Events are commands checked by the state machine, not field overwrites."""
        row = dict(event_row)
        row.setdefault("id", uuid7())
        row["case_id"] = case_id
        row["version"] = 0
        row["deleted_at"] = None
        row["updated_at"] = self.at
        cols = list(row)
        self.conn.execute(
            f"INSERT INTO case_events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])
        changed = {k: v for k, v in row.items() if k not in LOCAL_ONLY_FIELDS}
        outbox.record(self.conn, tx_id=self.tx_id, entity="case_events", entity_id=row["id"],
                      op="transition", changed=changed, created_at=self.at)
        case = self.conn.execute("SELECT number, title FROM cases WHERE id = ?",
                                 (case_id,)).fetchone()
        self._audit(f"case.{row['action']}", "cases", case_id, [],
                    row=dict(number=case[0], title=case[1]) if case else None)
        return row

    def create_many(self, table: str, rows: list[dict], *, ops_per_tx: int | None = None,
                    history: dict[str, dict] | None = None) -> list[dict]:
        """Create many rows at once (an import): exactly what ``create`` writes for each
        row (the row, a 'create' op, an audit record), batched with executemany.

        ``ops_per_tx`` starts a new sync transaction id every that many ops, so a
        100,000-row import pushes in bodies that keep each sync transaction whole
        (sync-protocol.md: up to 100 ops per body); the local SQLite transaction
        stays one. ``history``: row id → what that row's audit record keeps (see
        ``create``)."""
        assert table in SYNCED_TABLES, table
        if not rows:
            return []
        has_created_at = "created_at" in self._columns(table)
        prepared = []
        for values in rows:
            row = dict(values)
            row.setdefault("id", new_row_id(table))
            row["version"] = 0
            row["deleted_at"] = None
            row["updated_at"] = self.at
            if has_created_at:
                row.setdefault("created_at", self.at)
            prepared.append(row)
        # Rows that leave out a column get its default, so insert runs of equal columns.
        start = 0
        while start < len(prepared):
            cols = list(prepared[start])
            end = start + 1
            while end < len(prepared) and list(prepared[end]) == cols:
                end += 1
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                ([r[c] for c in cols] for r in prepared[start:end]))
            start = end
        creates = []
        for i, row in enumerate(prepared):
            if ops_per_tx and i and i % ops_per_tx == 0:
                self.new_sync_group()
            creates.append((self.tx_id, row["id"],
                            {k: v for k, v in row.items() if k not in LOCAL_ONLY_FIELDS}))
        outbox.record_creates(self.conn, table, creates, created_at=self.at)
        history = history or {}
        def detail(row):
            label = audit.record_label(self.conn, table, row)
            return {**(history.get(row["id"]) or {}), "record": label} if label \
                else history.get(row["id"])
        _append_audit_many(self.conn, [dict(at=self.at, actor=self.actor.user_id, action="create",
                                           entity=table, entity_id=row["id"],
                                           detail=detail(row))
                                      for row in prepared])
        return prepared

    def new_sync_group(self) -> None:
        """Ops written from now on belong to a new sync transaction (see create_many)."""
        self.tx_id = uuid7()

    def set_derived(self, table: str, row_id: str, values: dict) -> None:
        """Update columns derived locally from synced data (a case's projection of its
        events). No outbox op: the server derives the same from the same events."""
        if values:
            self.conn.execute(
                f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                [*values.values(), row_id])

    def resolve_conflict(self, conflict_id: str, changed: dict, *,
                         preview: tuple[str, str, dict] | None = None) -> str:
        """Resolving a conflict: a command for the server (op ``patch`` of entity
        ``conflicts``), the local mirror's row marked resolved, and the outcome shown
        at once where the resolution rewrites a row (``preview`` = entity, id and the
        fields it sets). All in this unit's transaction with one audit record; the
        op carries the preview, so pulls re-apply it until the server answers, and a
        refusal restores the server's state of both rows (app/sync/engine.py)."""
        self.conn.execute("UPDATE conflicts SET state = 'resolved', resolution = ?, "
                          "resolved_by = ?, resolved_at = ? WHERE id = ?",
                          (changed["resolution"], self.actor.user_id, self.at, conflict_id))
        body = dict(changed)
        fields: list[str] = []
        if preview is not None:
            entity, row_id, values = preview
            assert entity in SYNCED_TABLES, entity
            cols = set(self._columns(entity))
            values = {k: v for k, v in values.items() if k in cols and k not in
                      LOCAL_ONLY_FIELDS}
            if values and self.conn.execute(f"SELECT 1 FROM {entity} WHERE id = ?",
                                            (row_id,)).fetchone():
                self.conn.execute(
                    f"UPDATE {entity} SET {', '.join(f'{k} = ?' for k in values)} "
                    "WHERE id = ?", [*values.values(), row_id])
            body["preview"] = {"entity": entity, "id": row_id, "fields": values}
            fields = sorted(values)
        op_id = outbox.record(self.conn, tx_id=self.tx_id, entity="conflicts",
                              entity_id=conflict_id, op="patch", changed=body,
                              created_at=self.at)
        self.note("conflict.resolve", "conflicts", conflict_id,
                  {"resolution": changed["resolution"], "fields": fields} if fields
                  else {"resolution": changed["resolution"]})
        return op_id

    def note(self, action: str, entity: str | None = None, entity_id: str | None = None,
             detail: dict | None = None) -> None:
        """An audit record for something that is not a row change (an import, a reveal)."""
        if entity in SYNCED_TABLES and entity_id and "record" not in (detail or {}):
            cur = self.conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (entity_id,))
            got = cur.fetchone()
            label = audit.record_label(self.conn, entity, dict(
                zip([c[0] for c in cur.description], got))) if got else None
            if label:
                detail = {**(detail or {}), "record": label}
        audit.append(self.conn, at=self.at, actor=self.actor.user_id, action=action,
                     entity=entity, entity_id=entity_id, detail=detail)


@contextlib.contextmanager
def unit_of_work(store, actor: Actor) -> Iterator[UnitOfWork]:
    with store.transaction() as conn:
        yield UnitOfWork(conn, actor)
