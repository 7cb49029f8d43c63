"""Verification by content on the desktop (sync-protocol.md, Amendments 2026-12).

The desktop and the server compute the same canonical digest of every live row
(app.models.domain.content). A verify run compares the tables' hashes (GET
/sync/verify), narrows a difference down to the buckets and then the rows that
differ, fetches those rows (POST /sync/rows) and applies them as the server's
state (forced, through app.sync.apply.Applier), and erases local rows the server
does not have. A row with local ops the server has not confirmed yet is never
touched: pushing and pulling will settle it, and the next verify looks again.

``SyncEngine._run`` calls ``maybe_run`` after every sync: it runs after a full
resync and then every ``sync.verify_hours`` hours (a setting; 0 = only after a
full resync). What was repaired goes to the sync history (a ``verify`` run with
the number of rows repaired) and to the audit log, as counts only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from app.models.domain import calendar as cal
from app.models.domain import content
from app.models.store import clock
from app.models.store import settings as app_settings
from app.models.write import audit
from app.sync import apply as applying
from app.sync.client import Offline, ServerRefused

VERIFIED_AT = "sync.verified_at"
AFTER_RESYNC = "sync.verify_after_resync"     # a resync's verify, owed to the next sync
ROWS_BATCH = 500      # what one POST /sync/rows takes
BUCKET_BATCH = 64     # buckets asked for in one GET /sync/verify?entity=&bucket=


@dataclass
class Report:
    """What one verify run found and did, per entity (counts only)."""
    checked: list = field(default_factory=list)
    different: list = field(default_factory=list)
    fetched: dict = field(default_factory=dict)     # rows rewritten with the server's state
    erased: dict = field(default_factory=dict)      # local rows the server does not have
    skipped: dict = field(default_factory=dict)     # differing, but with unconfirmed ops
    supported: bool = True

    @property
    def repaired(self) -> int:
        return sum(self.fetched.values()) + sum(self.erased.values())

    def detail(self) -> dict:
        return {k: v for k, v in (("fetched", self.fetched), ("erased", self.erased),
                                  ("skipped", self.skipped),
                                  ("different", self.different)) if v}


# ------------------------------------------------------------ the local side
def _local_hashes(conn, entity: str, buckets: set[int] | None = None):
    cols = content.COLUMNS[entity]
    row_hash, bucket = content.row_hash, content.bucket
    for row in conn.execute(f"SELECT id, version, {', '.join(cols)} FROM {entity} "
                            "WHERE deleted_at IS NULL"):
        if buckets is not None and bucket(row[0]) not in buckets:
            continue
        yield row[0], row_hash(entity, row[0], row[1], row[2:], decoded=False)


def local_digests(conn, entity: str, buckets: set[int] | None = None) -> dict[str, str]:
    """id -> content digest of the live local rows of ``entity`` (in ``buckets``)."""
    return {row_id: h.hex() for row_id, h in _local_hashes(conn, entity, buckets)}


def local_summary(conn, entity: str) -> content.Summary:
    s = content.Summary()
    for row_id, h in _local_hashes(conn, entity):
        s.add(row_id, h)
    return s


def unconfirmed(conn, entity: str) -> set[str]:
    """Ids with local ops the server's rows cannot include yet: not sent, in flight,
    or applied after the cursor (the pull has not brought them back). A case with
    such an event is one too: its row is re-projected here from those events."""
    cursor = conn.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()[0]
    waiting = "(state IN ('pending', 'inflight') OR (state = 'applied' AND server_seq > ?))"
    ids = {r[0] for r in conn.execute(
        f"SELECT entity_id FROM outbox WHERE entity = ? AND {waiting}", (entity, cursor))}
    if entity == "cases":
        ids |= {r[0] for r in conn.execute(
            f"SELECT json_extract(changed, '$.case_id') FROM outbox WHERE entity = "
            f"'case_events' AND {waiting}", (cursor,)) if r[0]}
    return ids


# ------------------------------------------------------------ comparing
def differing_ids(conn, client, entity: str, mine: content.Summary | None = None
                  ) -> tuple[list[str], list[str]]:
    """(ids whose server row differs from ours or that we lack, ids only we hold)."""
    theirs = client.verify_buckets(entity)
    mine = mine or local_summary(conn, entity)
    wanted = content.differing_buckets(mine.buckets(), theirs["buckets"])
    server: dict[str, str] = {}
    for i in range(0, len(wanted), BUCKET_BATCH):
        server.update(client.verify_digests(entity, wanted[i:i + BUCKET_BATCH]))
    local = local_digests(conn, entity, set(wanted))
    fetch = sorted(i for i, d in server.items() if local.get(i) != d)
    erase = sorted(i for i in local if i not in server)
    return fetch, erase


def run(store, client, *, stop: Callable[[], bool] = lambda: False,
        report: Report | None = None) -> Report:
    """One verify run: compare every table, repair what differs. Raises the client's
    errors (Offline, …); whatever was repaired before stays repaired (and counted in
    ``report``)."""
    from app.sync.apply import foreign_keys_off
    from app.sync.progress import Cancelled

    report = report if report is not None else Report()
    answer = client.verify()
    if answer.get("algorithm") != content.ALGORITHM:
        report.supported = False      # an older server: its hashes mean something else
        return report
    conn = store.conn
    with foreign_keys_off(conn):      # a child may be repaired before its parent
        for entity in applying.ENTITIES:
            theirs = answer["tables"].get(entity)
            if theirs is None:
                continue
            if stop():
                raise Cancelled()
            report.checked.append(entity)
            mine = local_summary(conn, entity)
            if mine.table() == theirs:
                continue
            report.different.append(entity)
            fetch, erase = differing_ids(conn, client, entity, mine)
            _repair(store, client, entity, fetch, erase, report)
    return report


def _repair(store, client, entity: str, fetch: list[str], erase: list[str],
            report: Report) -> None:
    for i in range(0, len(fetch), ROWS_BATCH):
        part = fetch[i:i + ROWS_BATCH]
        answer = client.rows(entity, part)
        with store.transaction() as conn:
            busy = unconfirmed(conn, entity)     # read in the writing transaction
            a = applying.Applier(conn, force=True)
            for row in answer["rows"]:
                if row["id"] in busy:
                    _count(report.skipped, entity)
                    continue
                a.upsert(entity, row["id"], row["version"], row.get("data"),
                         deleted=bool(row.get("deleted")))
                _count(report.fetched, entity)
            for row_id in answer["missing"]:     # gone since the digests were read
                if row_id in busy:
                    _count(report.skipped, entity)
                elif _erase(conn, a, entity, row_id):
                    _count(report.erased, entity)
            a.finish()
    if erase:
        with store.transaction() as conn:
            busy = unconfirmed(conn, entity)
            a = applying.Applier(conn, force=True)
            for row_id in erase:
                if row_id in busy:
                    _count(report.skipped, entity)
                elif _erase(conn, a, entity, row_id):
                    _count(report.erased, entity)
            a.finish()


def _erase(conn, a: applying.Applier, entity: str, row_id: str) -> bool:
    if conn.execute(f"SELECT 1 FROM {entity} WHERE id = ?", (row_id,)).fetchone() is None:
        return False
    a.remove(entity, row_id)
    return True


def _count(counts: dict, entity: str) -> None:
    counts[entity] = counts.get(entity, 0) + 1


# ------------------------------------------------------------ when, and the record
def due(conn, *, resynced: bool, now: dt.datetime | None = None) -> bool:
    """After a full resync always; otherwise once ``sync.verify_hours`` have passed
    since the last verify run that finished (0 = only after a full resync)."""
    if resynced:
        return True
    hours = app_settings.get(conn, "sync.verify_hours")
    if hours <= 0:
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (VERIFIED_AT,)).fetchone()
    if row is None:
        return True
    last = cal.parse_iso(row[0])
    now = now or clock.now()
    return now - last >= dt.timedelta(hours=hours)


def maybe_run(engine, result, stop: Callable[[], bool] = lambda: False) -> Report | None:
    """Called by ``SyncEngine._run``: verify when due, record it, and add the repaired
    entities to the sync result so the screens refresh. A verify cut short by the
    network is recorded as failed and tried again at the next sync; the sync itself
    has succeeded by then."""
    store = engine.store
    if result.resynced:
        # Every row just came in full and unseen ones were swept: checking them again
        # now would cost as much once more (3 s for a street's 339k rows) before the
        # first sync may say it is done. The verify owed to a resync runs at the next
        # sync instead (the watcher's, seconds later).
        with store.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') "
                         "ON CONFLICT(key) DO UPDATE SET value = '1'", (AFTER_RESYNC,))
        return None
    owed = store.conn.execute("SELECT 1 FROM meta WHERE key = ?", (AFTER_RESYNC,)).fetchone()
    if not due(store.conn, resynced=owed is not None):
        return None
    with store.transaction() as conn:
        log_id = conn.execute("INSERT INTO sync_log(started_at, kind) VALUES (?, 'verify')",
                              (clock.now_iso(),)).lastrowid
    report = Report()
    try:
        run(store, engine.client, stop=stop, report=report)
    except (Offline, ServerRefused) as exc:
        if isinstance(exc, ServerRefused) and exc.status in (404, 405):
            report.supported = False     # an older server: nothing to verify against
            _record(store, log_id, report, None)
            with store.transaction() as conn:
                conn.execute("DELETE FROM meta WHERE key = ?", (AFTER_RESYNC,))
        else:
            _record(store, log_id, report, f"{exc.code}: {exc}")
    except BaseException as exc:
        _record(store, log_id, report, f"{getattr(exc, 'code', type(exc).__name__)}: {exc}")
        raise
    else:
        _record(store, log_id, report, None)
        with store.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (AFTER_RESYNC,))
    result.changed |= set(report.fetched) | set(report.erased)
    return report


def _record(store, log_id: int, report: Report, error: str | None) -> None:
    now = clock.now_iso()
    with store.transaction() as conn:
        conn.execute("UPDATE sync_log SET finished_at = ?, pulled = ?, repaired = ?, error = ? "
                     "WHERE id = ?", (now, sum(report.fetched.values()), report.repaired,
                                      error[:500] if error else None, log_id))
        if error is None:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", (VERIFIED_AT, now))
        if report.different or error:
            detail = report.detail()
            if error:
                detail["error"] = error.split(":")[0]
            audit.append(conn, at=now, actor="sync", action="sync.verify", detail=detail)
