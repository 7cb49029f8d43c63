"""The desktops' audit logs on the server (domain.md §6: the audit log is kept at
least 6 months and synced to the server; the auditor reads it).

- ``POST /audit/upload``: a signed-in desktop sends its own records in ``seq``
  order. Each is stored once per (device, seq), whatever is sent again. The
  server re-computes the record's hash with the desktop's digest
  (``app.models.audit``) and checks the link to the device's previous record:
  an edited, inserted or deleted record on the PC shows as ``link_ok = false``
  from that record on, and is kept as evidence. The answer names the last
  record stored and the first broken one.
- ``GET /audit/records`` (auditor): the desktops' records and the server's own,
  filtered by user, action, record and time, newest first, with user and device
  names.
- ``GET /audit/chains`` (auditor): per device, how many records, the last one,
  and where its chain first broke.

Retention: ``prune`` never touches these tables (they are kept, not pruned).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from app.models.audit import GENESIS, _digest
from server import auth, db

AUDIT_READERS = frozenset({"auditor"})


class AuditRecordIn(BaseModel):
    seq: int = Field(ge=1, le=2**62)
    at: str = Field(max_length=64)
    actor: str | None = Field(default=None, max_length=200)
    action: str = Field(max_length=64)
    entity: str | None = Field(default=None, max_length=32)
    entity_id: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=20000)
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class AuditUploadIn(BaseModel):
    records: list[AuditRecordIn] = Field(max_length=1000)


class AuditUploadOut(BaseModel):
    stored: int
    last_seq: int
    broken_at: int | None = None


class AuditRecordOut(BaseModel):
    source: str                     # device | server
    device_id: str | None = None
    device_name: str | None = None
    seq: int
    at: str
    actor: str | None = None
    actor_name: str | None = None
    action: str
    entity: str | None = None
    entity_id: str | None = None
    detail: Any = None
    link_ok: bool = True


class AuditChainOut(BaseModel):
    device_id: str
    device_name: str | None = None
    user_id: str | None = None
    count: int
    last_seq: int
    broken_at: int | None = None


def _now_iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="seconds")


def store_records(store: db.Store, p: auth.Principal, records: list[dict], now: float) -> dict:
    if not p.device_id:
        from server.sync import Reject
        raise Reject("device_required", "sign in with a device id to upload")
    t = db.device_audit
    stored = 0
    with store.write() as conn:
        last = conn.execute(sa.select(t.c.seq, t.c.hash).where(t.c.device_id == p.device_id)
                            .order_by(t.c.seq.desc()).limit(1)).first()
        have_seq, have_hash = (last[0], last[1]) if last else (0, None)
        for r in sorted(records, key=lambda r: r["seq"]):
            if r["seq"] <= have_seq:
                continue   # sent again after a lost answer: kept once
            expected_prev = have_hash if have_seq else GENESIS
            ok = (r["seq"] == have_seq + 1 and r["prev_hash"] == expected_prev and
                  _digest(r["prev_hash"], r["at"], r.get("actor") or "", r["action"],
                          r.get("entity"), r.get("entity_id"), r.get("detail")) == r["hash"])
            conn.execute(t.insert().values(
                device_id=p.device_id, seq=r["seq"], user_id=p.user_id, at=r["at"],
                actor=r.get("actor"), action=r["action"], entity=r.get("entity"),
                entity_id=r.get("entity_id"), detail=r.get("detail"),
                prev_hash=r["prev_hash"], hash=r["hash"], link_ok=ok,
                received_at=_now_iso(now)))
            have_seq, have_hash = r["seq"], r["hash"]
            stored += 1
        broken = conn.execute(sa.select(sa.func.min(t.c.seq)).where(
            t.c.device_id == p.device_id, t.c.link_ok.is_(False))).scalar()
    return {"stored": stored, "last_seq": have_seq, "broken_at": broken}


def router(store: db.Store, principal, now) -> APIRouter:
    from server.app import ERRORS, ApiError

    r = APIRouter(prefix="/audit", tags=["audit"])

    def reader(p: auth.Principal) -> None:
        if p.role not in AUDIT_READERS:
            raise ApiError(403, "forbidden", "only the auditor reads the audit log")

    @r.post("/upload", response_model=AuditUploadOut, responses=ERRORS)
    def upload(body: AuditUploadIn, p: auth.Principal = Depends(principal)):
        return store_records(store, p, [x.model_dump() for x in body.records], now())

    @r.get("/records", response_model=list[AuditRecordOut], responses=ERRORS)
    def records(user: str | None = Query(None, max_length=64),
                action: str | None = Query(None, max_length=64),
                entity_id: str | None = Query(None, max_length=64),
                since: str | None = Query(None, max_length=32),
                until: str | None = Query(None, max_length=32),
                limit: int = Query(500, ge=1, le=5000),
                p: auth.Principal = Depends(principal)):
        reader(p)
        d, a, u, dev = db.device_audit, db.audit, db.users, db.devices
        out = []
        with store.read() as conn:
            for t, source in ((d, "device"), (a, "server")):
                q = sa.select(t)
                if user:
                    q = q.where(t.c.actor == user)
                if action:
                    q = q.where(t.c.action == action)
                if entity_id:
                    q = q.where(t.c.entity_id == entity_id)
                if since:
                    q = q.where(t.c.at >= since)
                if until:
                    q = q.where(t.c.at < until + "T99")
                q = q.order_by(t.c.at.desc()).limit(limit)
                for row in conn.execute(q).mappings():
                    out.append({**dict(row), "source": source})
            names = {i: n for i, n in conn.execute(sa.select(u.c.id, u.c.display_name))}
            devices = {i: n for i, n in conn.execute(sa.select(dev.c.id, dev.c.name))}
        for row in out:
            row["actor_name"] = names.get(row.get("actor"))
            row["device_name"] = devices.get(row.get("device_id")) if row.get("device_id") \
                else None
            row.setdefault("link_ok", True)
        out.sort(key=lambda row: row["at"], reverse=True)
        return out[:limit]

    @r.get("/chains", response_model=list[AuditChainOut], responses=ERRORS)
    def chains(p: auth.Principal = Depends(principal)):
        reader(p)
        d, dev = db.device_audit, db.devices
        broken = sa.func.min(sa.case((d.c.link_ok.is_(False), d.c.seq), else_=None))
        with store.read() as conn:
            rows = conn.execute(sa.select(d.c.device_id, sa.func.count(), sa.func.max(d.c.seq),
                                          broken, sa.func.max(d.c.user_id))
                                .group_by(d.c.device_id)).all()
            devices = {i: n for i, n in conn.execute(sa.select(dev.c.id, dev.c.name))}
        return [{"device_id": r[0], "device_name": devices.get(r[0]), "count": r[1],
                 "last_seq": r[2], "broken_at": r[3], "user_id": r[4]} for r in rows]

    return r
