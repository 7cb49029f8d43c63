"""The one write path: a unit of work writes each row, its outbox op and an
audit record inside one SQLite transaction. Nothing else writes synced tables
(architecture.md). Any exception rolls the whole unit back.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from app.models import audit, outbox
from app.models.ids import uuid7

SYNCED_TABLES = {"org_units", "addresses", "households", "residents", "resident_tags", "visits",
                 "cases", "case_events", "case_residents"}
LOCAL_ONLY_FIELDS = {"rid", "version"}


@dataclass(frozen=True)
class Actor:
    """Who is acting. Until sign-in exists this comes from the settings stand-in."""
    user_id: str
    name: str
    role: str = "grid_worker"
    scope_code: str = ""        # org code prefix of the user's subtree ('' = everything local)


SYSTEM = Actor("system", "system", "admin")


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


class NotFound(LookupError):
    pass


class UnitOfWork:
    def __init__(self, conn, actor: Actor):
        self.conn = conn
        self.actor = actor
        self.tx_id = uuid7()
        self.at = now_iso()

    def _columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def get(self, table: str, row_id: str) -> dict:
        cur = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"{table} {row_id} not found")
        return dict(zip([c[0] for c in cur.description], row))

    def _audit(self, action: str, table: str, row_id: str, fields) -> None:
        audit.append(self.conn, at=self.at, actor=self.actor.user_id, action=action,
                     entity=table, entity_id=row_id, detail={"fields": sorted(fields)} if fields else None)

    def create(self, table: str, values: dict) -> dict:
        assert table in SYNCED_TABLES, table
        row = dict(values)
        row.setdefault("id", uuid7())
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
        self._audit("create", table, row["id"], [])
        return row

    def patch(self, table: str, row_id: str, changes: dict) -> dict:
        """Write the fields that really change; returns them ({} = nothing to do)."""
        assert table in SYNCED_TABLES, table
        current = self.get(table, row_id)
        changed = {k: v for k, v in changes.items()
                   if k not in LOCAL_ONLY_FIELDS and current.get(k) != v}
        if not changed:
            return {}
        base = outbox.server_base(self.conn, row_id, current, changed)
        stamp = dict(changed, updated_at=self.at)
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in stamp)} WHERE id = ?",
            [*stamp.values(), row_id])
        outbox.record(self.conn, tx_id=self.tx_id, entity=table, entity_id=row_id, op="patch",
                      changed=changed, base_version=current["version"], base_values=base,
                      created_at=self.at)
        self._audit("update", table, row_id, changed)
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
        self._audit("delete", table, row_id, [])

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
        self._audit(f"case.{row['action']}", "cases", case_id, [])
        return row

    def set_derived(self, table: str, row_id: str, values: dict) -> None:
        """Update columns derived locally from synced data (a case's projection of its
        events). No outbox op: the server derives the same from the same events."""
        if values:
            self.conn.execute(
                f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                [*values.values(), row_id])

    def note(self, action: str, entity: str | None = None, entity_id: str | None = None,
             detail: dict | None = None) -> None:
        """An audit record for something that is not a row change (an import, a reveal)."""
        audit.append(self.conn, at=self.at, actor=self.actor.user_id, action=action,
                     entity=entity, entity_id=entity_id, detail=detail)


@contextlib.contextmanager
def unit_of_work(store, actor: Actor) -> Iterator[UnitOfWork]:
    with store.transaction() as conn:
        yield UnitOfWork(conn, actor)
