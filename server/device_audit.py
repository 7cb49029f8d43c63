"""The desktops' audit logs on the server (domain.md §6: the audit log is kept at
least 6 months and synced to the server; the auditor reads it).

- ``POST /audit/upload``: a signed-in desktop sends its own records in ``seq``
  order. The server keeps who uploaded each one (the token's user and device), and
  takes a record only as the device's next one (``seq`` = the last stored + 1) and
  only as the uploader's: ``actor`` is the uploader's user id, or "sync" / "system"
  for what the desktop did by itself (stored as the uploader's automatic actions).
  Anything else is refused with 422 (``audit_seq_gap``, ``audit_actor``) naming the
  record and the last one stored; the records before it are kept, nothing from it
  on, and the refusal goes on the server's own audit log. A record stored for
  (device, seq) is never replaced or erased: one sent again is skipped (a lost
  answer), whatever it holds. The server re-computes each record's hash with the
  desktop's digest (``app.models.audit``) and checks the link to the device's
  previous record: an edited or removed record on the PC shows as ``link_ok =
  false`` from that record on, and is kept as evidence. The answer names the last
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

from app.models.domain import rights
from app.models.domain.audit_chain import GENESIS, digest as _digest
from server import auth, db
from server.errors import Reject

AUDIT_READERS = rights.AUDIT_READERS     # the one table (app/models/domain/rights.py)
# what the desktop writes as ``actor`` for what it did by itself (app/sync/engine.py:
# a refused op noted during a sync; app/models/repository.py SYSTEM: demo data, a
# case re-derived after a pull): the uploader's own automatic actions
AUTOMATIC_ACTORS = frozenset({"sync", "system"})


class Refused(Exception):
    """An upload stopped at a record the server does not take (HTTP 422)."""

    def __init__(self, code: str, message: str, **extra):
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


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
    actor: str | None = None        # a device's record: always its uploader
    actor_name: str | None = None
    automatic: str | None = None    # "sync" / "system": the uploader's desktop by itself
    uploaded_by: str | None = None
    claimed_actor: str | None = None    # a record stored before uploads were checked
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


def _last_contiguous(conn, device_id: str) -> tuple[int, str | None]:
    """(seq, hash) of the device's last record with every record before it stored.
    Normally the highest; a database written before seqs were checked may hold a
    forged jump (seq 10^9) that must not swallow the records after the real ones."""
    t = db.device_audit
    top, count = conn.execute(sa.select(sa.func.max(t.c.seq), sa.func.count()).where(
        t.c.device_id == device_id)).one()
    if not count:
        return 0, None
    if top != count:
        nxt = t.alias("nxt")
        ends = sa.select(sa.func.min(t.c.seq)).where(
            t.c.device_id == device_id, ~sa.exists().where(
                nxt.c.device_id == t.c.device_id, nxt.c.seq == t.c.seq + 1))
        has_first = conn.execute(sa.select(t.c.seq).where(
            t.c.device_id == device_id, t.c.seq == 1)).first() is not None
        top = conn.execute(ends).scalar() if has_first else 0
        if not top:
            return 0, None
    digest = conn.execute(sa.select(t.c.hash).where(t.c.device_id == device_id,
                                                    t.c.seq == top)).scalar()
    return top, digest


def _note_rewritten(conn, p: auth.Principal, again: list[dict], now: float) -> None:
    """Records sent again are skipped; one that differs from what is stored (a log
    rewritten or restored on the PC) is noted on the server's audit log."""
    if not again:
        return
    t = db.device_audit
    stored = dict(conn.execute(sa.select(t.c.seq, t.c.hash).where(
        t.c.device_id == p.device_id, t.c.seq.in_([r["seq"] for r in again]))).all())
    differ = sorted(r["seq"] for r in again if r["seq"] in stored and
                    stored[r["seq"]] != r["hash"])
    if differ:
        auth.audit(conn, now, p.user_id, "audit.rewritten", "devices", p.device_id,
                   {"first_seq": differ[0], "count": len(differ)})


def store_records(store: db.Store, p: auth.Principal, records: list[dict], now: float) -> dict:
    """Store what continues the device's log; raises ``Refused`` (after keeping the
    records before it) at the first record that does not."""
    if not p.device_id:
        raise Reject("device_required", "sign in with a device id to upload")
    t = db.device_audit
    stored, refused = 0, None
    with store.write() as conn:
        # one upload of a device at a time (the device row, as a push takes it)
        conn.execute(sa.select(db.devices.c.id).where(db.devices.c.id == p.device_id)
                     .with_for_update()).first()
        have_seq, have_hash = _last_contiguous(conn, p.device_id)
        _note_rewritten(conn, p, [r for r in records if r["seq"] <= have_seq], now)
        for r in sorted(records, key=lambda r: r["seq"]):
            if r["seq"] <= have_seq:
                continue   # sent again after a lost answer: kept once, never replaced
            if r["seq"] != have_seq + 1:
                refused = Refused("audit_seq_gap", f"record {r['seq']} does not follow the "
                                  f"last one stored ({have_seq}): send {have_seq + 1} next",
                                  seq=r["seq"])
                break
            if r.get("actor") != p.user_id and r.get("actor") not in AUTOMATIC_ACTORS:
                refused = Refused("audit_actor", f"record {r['seq']} names another actor: a "
                                  "desktop uploads only its user's own records",
                                  seq=r["seq"])
                break
            expected_prev = have_hash if have_seq else GENESIS
            ok = (r["prev_hash"] == expected_prev and
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
        if refused is not None:
            refused.extra.update(last_seq=have_seq, stored=stored)
            # the auditor sees that a device tried to upload what it may not
            auth.audit(conn, now, p.user_id, "audit.refused", "devices", p.device_id,
                       {"code": refused.code, "seq": refused.extra["seq"],
                        "last_seq": have_seq})
    if refused is not None:
        raise refused
    return {"stored": stored, "last_seq": have_seq, "broken_at": broken}


def router(store: db.Store, principal, now) -> APIRouter:
    from server.http import ERRORS, ApiError

    r = APIRouter(prefix="/audit", tags=["audit"])

    def reader(p: auth.Principal) -> None:
        if p.role not in AUDIT_READERS:
            raise ApiError(403, "forbidden", "only the auditor reads the audit log")

    @r.post("/upload", response_model=AuditUploadOut, responses=ERRORS)
    def upload(body: AuditUploadIn, p: auth.Principal = Depends(principal)):
        """422 ``audit_seq_gap`` / ``audit_actor`` with ``seq``
        (the refused record), ``last_seq`` (the last one stored) and ``stored``."""
        try:
            return store_records(store, p, [x.model_dump() for x in body.records], now())
        except Refused as exc:
            raise ApiError(422, exc.code, exc.message, **exc.extra) from None

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
                if user:   # a device's record is its uploader's
                    q = q.where((t.c.user_id if t is d else t.c.actor) == user)
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
            if row["source"] == "device":
                raw = row.get("actor")
                row["uploaded_by"] = row["actor"] = row["user_id"]
                row["automatic"] = raw if raw in AUTOMATIC_ACTORS else None
                row["claimed_actor"] = raw if raw not in AUTOMATIC_ACTORS and \
                    raw != row["user_id"] else None
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
