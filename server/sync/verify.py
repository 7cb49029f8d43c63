"""Scoped reads by id and verification by content (sync-protocol.md, Amendments
2026-12: "Verify by content", "Invisible rows stay invisible").

The routes are in server/routes/verify.py.

- ``POST /sync/rows {"entity", "ids"}``: the current server state of up to 500
  rows, with exactly the visibility of a snapshot page: live rows through the
  snapshot's own clause (``Engine.row_clause``), deleted rows through the change
  feed's rules (``Engine.visible`` and ``Engine.key_hidden``), which is how the
  caller learnt of them. A row the caller may not see is reported exactly like
  one that does not exist: listed in ``missing``, nothing else.
- ``GET /sync/verify``: per entity, the count and content hash of the live rows
  the caller holds (app.models.content: the encoding the desktop computes too);
  ``?entity=E`` the same per bucket (a hash of the id), ``?entity=E&bucket=b``
  each row's digest in those buckets. A desktop narrows a difference down level
  by level and fetches only the rows that differ with /sync/rows.

Cost: digests are computed here, streaming the rows the caller's snapshot would
hold (nothing is stored per row, so no write path has to keep a digest current
and a row edited behind the server's back is still seen as it is). bench/verify.py
measures a street of 100,000 residents.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain import content
from server import auth, db
from server.errors import Reject
from server.sync.scope import public_row

MAX_IDS = 500


def _table(entity: str) -> sa.Table:
    return db.conflicts if entity == "conflicts" else db.ENTITIES[entity]


def check_entity(engine, p: auth.Principal, entity: str) -> sa.Table:
    """The same refusals as a snapshot page."""
    return engine.check_entity(p, entity)


def read_rows(engine, p: auth.Principal, entity: str, ids: list[str]) -> dict:
    """The rows ``ids`` of ``entity`` as ``p`` may see them, in the order asked."""
    t = check_entity(engine, p, entity)
    ids = list(dict.fromkeys(ids))
    live: dict[str, dict] = {}
    deleted: dict[str, dict] = {}
    if ids:
        with engine.store.read() as conn:
            for r in conn.execute(sa.select(t).where(*engine.row_clause(p, entity, t),
                                                     t.c.id.in_(ids))).mappings():
                live[r["id"]] = dict(r)
            rest = [i for i in ids if i not in live]
            if rest and entity != "conflicts":
                found = {(entity, r["id"]): dict(r) for r in conn.execute(
                    sa.select(t).where(t.c.id.in_(rest), t.c.deleted_at.is_not(None)))
                    .mappings()}
                hidden = engine.key_hidden(conn, p, found)
                deleted = {key[1]: row for key, row in found.items()
                           if key not in hidden and engine.visible(p, entity, row)}
            if entity == "conflicts":
                engine.name_authors(conn, list(live.values()))
    rows, missing = [], []
    for row_id in ids:
        if row_id in live:
            row = live[row_id]
            rows.append({"id": row_id, "version": row["version"], "data": public_row(row)})
        elif row_id in deleted:
            rows.append({"id": row_id, "version": deleted[row_id]["version"], "deleted": True})
        else:
            missing.append(row_id)
    return {"rows": rows, "missing": missing}


def _hashes(engine, conn, p: auth.Principal, entity: str, wanted=None):
    """(id, row_hash) of every live row of ``entity`` that reaches ``p`` (the snapshot's
    clause), streamed; ``wanted``: only the rows in these buckets."""
    t = _table(entity)
    cols = content.COLUMNS[entity]
    q = (sa.select(t.c.id, t.c.version, *[t.c[c] for c in cols])
         .where(*engine.row_clause(p, entity, t))
         .execution_options(stream_results=True, yield_per=2000))
    row_hash, bucket = content.row_hash, content.bucket
    for row in conn.execute(q):
        if wanted is not None and bucket(row[0]) not in wanted:
            continue
        yield row[0], row_hash(entity, row[0], row[1], row[2:], decoded=True)


def _summary(engine, conn, p: auth.Principal, entity: str) -> content.Summary:
    s = content.Summary()
    for row_id, digest in _hashes(engine, conn, p, entity):
        s.add(row_id, digest)
    return s


def summary(engine, p: auth.Principal) -> dict:
    """Engine.verify: count and content hash per entity the caller syncs."""
    entities = engine.visible_entities(p)
    if not entities:
        raise Reject("forbidden", f"{p.role} does not sync")
    with engine.store.read() as conn:
        tables = {entity: _summary(engine, conn, p, entity).table() for entity in entities}
    return {"tables": tables, "algorithm": content.ALGORITHM, "buckets": content.BUCKETS}


def buckets(engine, p: auth.Principal, entity: str) -> dict:
    check_entity(engine, p, entity)
    with engine.store.read() as conn:
        s = _summary(engine, conn, p, entity)
    return {"entity": entity, **s.table(),
            "buckets": {str(b): v for b, v in s.buckets().items()}}


def bucket_digests(engine, p: auth.Principal, entity: str, wanted: list[int]
                   ) -> dict:
    check_entity(engine, p, entity)
    with engine.store.read() as conn:
        rows = {row_id: digest.hex()
                for row_id, digest in _hashes(engine, conn, p, entity, set(wanted))}
    return {"entity": entity, "rows": rows}


