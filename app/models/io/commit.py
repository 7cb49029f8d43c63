"""The last stage of a roster import: a plan written in ONE transaction through the
one write path (``UnitOfWork``: row + outbox op + audit record per row), the search
index updated, an 'import' audit note. Cancelling rolls everything back."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.models.domain import rules
from app.models.domain.ids import uuid7
from app.models.io.address import NewHousehold
from app.models.io.plan import Plan
from app.models.io.source import CHECK_EVERY, CHUNK, CancelCheck, Progress, check_cancel
from app.models.roster import search
from app.models.roster.repository import RESIDENT_FIELDS
from app.models.write.unit import Actor, unit_of_work

SYNC_GROUP = 100            # ops per sync transaction (sync-protocol.md: ≤ 100 ops per push)
WRITE_BATCH = 500           # rows per executemany in a commit


class StaleData(Exception):
    """The roster changed between the preview and the commit; check the file again."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    not_imported: int = 0
    new_addresses: int = 0
    new_households: int = 0
    resident_ids: list[str] = field(default_factory=list)


def commit(store, actor: Actor, plan: Plan, *, progress: Progress | None = None,
           cancel: CancelCheck | None = None) -> ImportResult:
    """Write the plan in ONE transaction through the one write path. ``store`` is a
    Store or a ``repository.ConnectionStore`` (a worker's own connection)."""
    if not plan.ready:
        raise ValueError("some rows still wait for an update/skip decision")
    result = ImportResult(unchanged=len(plan.unchanged), skipped=len(plan.skip),
                          not_imported=len(plan.errors) + len(plan.blocked),
                          new_addresses=len(plan.new_nodes),
                          new_households=len(plan.new_households))
    total = len(plan.create) + len(plan.update)
    done = 0
    with unit_of_work(store, actor) as w:
        conn = w.conn
        _recheck(conn, plan, cancel)
        # 1. address nodes, top down
        for start in range(0, len(plan.new_nodes), WRITE_BATCH):
            check_cancel(cancel)
            w.create_many("addresses", [n.row() for n in plan.new_nodes[start:start + WRITE_BATCH]],
                          ops_per_tx=SYNC_GROUP)
            w.new_sync_group()
        # 2. households; the head is known up front (its resident id is made here)
        for row in plan.create:
            row.resident_id = uuid7()
        heads_to_set: dict[str, str] = {}
        writing = set(plan.create) | set(plan.update)
        if plan.new_households:
            hh_rows = []
            for hh in plan.new_households:
                head = hh.head_row
                head_id = head.resident_id if head is not None and head in writing else None
                hh_rows.append(dict(id=hh.id, number=hh.number, room_id=hh.room_id(),
                                    grid_id=hh.grid_id, kind=hh.kind, head_id=head_id,
                                    path=hh.path))
            for start in range(0, len(hh_rows), WRITE_BATCH):
                check_cancel(cancel)
                w.create_many("households", hh_rows[start:start + WRITE_BATCH],
                              ops_per_tx=SYNC_GROUP)
                w.new_sync_group()
        new_hh_ids = {hh.id for hh in plan.new_households}
        # 3. new residents
        grid_codes = dict(conn.execute("SELECT id, code FROM org_units"))
        for start in range(0, len(plan.create), WRITE_BATCH):
            check_cancel(cancel)
            batch = []
            for row in plan.create[start:start + WRITE_BATCH]:
                hh = row.household
                # every row names every field (None where blank), so a whole chunk is
                # one executemany; the stored row is the same as create_resident's
                rec = {k: row.clean.get(k) for k in RESIDENT_FIELDS}
                rec["in_service_party_member"] = rec["in_service_party_member"] or 0
                if hh is None:
                    rec.update(grid_id=row.grid_id, household_id=None, relation=None,
                               path=grid_codes[row.grid_id])
                else:
                    new = isinstance(hh, NewHousehold)
                    hh_id = hh.id if new else hh["id"]
                    rec.update(grid_id=hh.grid_id if new else hh["grid_id"], household_id=hh_id,
                               relation=row.relation or "other",
                               path=hh.path if new else hh["path"])
                    if not new and row.relation == "self":
                        heads_to_set[hh_id] = row.resident_id
                rec["id"] = row.resident_id
                batch.append(rec)
            w.create_many("residents", batch, ops_per_tx=SYNC_GROUP, history={
                row.resident_id: row.history
                for row in plan.create[start:start + WRITE_BATCH] if row.history})
            w.new_sync_group()
            done += len(batch)
            if progress and (done % CHUNK == 0 or done == len(plan.create)):
                progress("write", done, total)
        # 4. residents already in the roster
        for i, row in enumerate(plan.update):
            if i % CHECK_EVERY == 0:
                check_cancel(cancel)
            if i % CHUNK == 0 and progress:
                progress("write", done, total)
            if i and i % SYNC_GROUP == 0:
                w.new_sync_group()
            placement = row.placement()
            changes = dict(row.changes, **placement)
            rid = row.existing["id"]
            old_hh = row.existing.get("household_id")
            w.patch("residents", rid, changes,
                    history=row.history if "id_number" in changes else None)
            new_hh = placement.get("household_id", old_hh)
            new_rel = placement.get("relation", row.existing.get("relation"))
            if old_hh and (new_hh != old_hh or new_rel != "self"):
                current = w.get("households", old_hh)
                if current["head_id"] == rid:
                    w.patch("households", old_hh, {"head_id": None})
            if new_hh and new_rel == "self" and new_hh not in new_hh_ids:
                heads_to_set[new_hh] = rid
            done += 1
        w.new_sync_group()
        for hh_id, head in heads_to_set.items():
            current = w.get("households", hh_id)
            if not current["head_id"]:
                w.patch("households", hh_id, {"head_id": head})
        # 5. search index: new residents are added, changed ones re-indexed
        ids = [r.resident_id for r in plan.create] + [r.existing["id"] for r in plan.update]
        new_count = len(plan.create)
        for start in range(0, len(ids), 500):
            check_cancel(cancel)
            if start % CHUNK == 0 and progress:
                progress("index", start, len(ids))
            chunk = ids[start:start + 500]
            where = f"r.id IN ({','.join('?' * len(chunk))})"
            if start + len(chunk) <= new_count:
                rows = conn.execute(search.ADDRESS_OF_RESIDENT + " WHERE " + where, chunk)
                conn.executemany(
                    "INSERT INTO resident_search(rowid, name, py, addr, tail) VALUES (?, ?, ?, ?, ?)",
                    [(rid, *search.index_values(name, idn, phone, addr))
                     for rid, name, idn, phone, addr in rows.fetchall()])
            else:
                search.reindex_where(conn, where, chunk)
        if progress:
            progress("index", len(ids), len(ids))
        check_cancel(cancel)
        result.created = len(plan.create)
        result.updated = len(plan.update)
        result.resident_ids = ids
        w.note("import", "residents", None, {
            # a file name may hold an ID number or phone: masked like on screen
            "file": rules.redact_numbers(plan.analysis.source_name or ""),
            "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged,
            "skipped": result.skipped, "not_imported": result.not_imported,
            "new_addresses": result.new_addresses, "new_households": result.new_households,
            "policy": plan.policy})
    return result


def _recheck(conn, plan: Plan, cancel: CancelCheck | None = None) -> None:
    """Between the preview and the commit someone may have added a resident with one
    of the new ID numbers, or changed a resident to be updated: check again."""
    # either form of a resident ID (rows stored before the rule may hold 15 digits)
    numbers = [f for r in plan.create if r.id_number
               for f in rules.id_number_forms(r.id_number) or (r.id_number,)]
    for start in range(0, len(numbers), 500):
        check_cancel(cancel)
        chunk = numbers[start:start + 500]
        if conn.execute(f"SELECT 1 FROM residents WHERE deleted_at IS NULL AND id_number IN "
                        f"({','.join('?' * len(chunk))}) LIMIT 1", chunk).fetchone():
            raise StaleData("id_number")
    for i, row in enumerate(plan.update):
        if i % CHECK_EVERY == 0:
            check_cancel(cancel)
        now = conn.execute("SELECT updated_at, deleted_at FROM residents WHERE id = ?",
                           (row.existing["id"],)).fetchone()
        if now is None or now[1] or now[0] != row.existing["updated_at"]:
            raise StaleData("resident")
