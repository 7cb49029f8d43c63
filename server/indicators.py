"""The 三率 of 12345 as the city server reports them (issue 21): 响应率, 解决率, 满意率
over residents' demands, for the signed-in user's scope, per grid / community (``by=org``
with ``depth`` = the code length of the groups) or per holder department (``by=unit``),
with the case numbers behind each figure for drill-down.

The formulas are app.models.domain.three_rates, the ones the desktop's statistics count
with; this module only reads each case's facts from the server's database. Only roles
with the 评 (evaluate) right ask; cases are the ones a snapshot would give the user.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from app.models.domain import calendar as cal
from app.models.domain import rights
from app.models.domain import three_rates as rates
from server import auth, db
from server.http import ERRORS, ApiError

_WATCHED = rates.RESPONSE_ACTIONS + ("evaluate", "report")


class Rate(BaseModel):
    numerator: int
    denominator: int
    value: float | None
    numerator_cases: list[str]      # case numbers, for drill-down
    denominator_cases: list[str]


class Group(BaseModel):
    key: str | None
    rates: dict[str, Rate]


class ThreeRates(BaseModel):
    start: str | None
    end: str | None
    total: dict[str, Rate]
    groups: list[Group]


def _when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=cal.TZ)


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(0), cal.TZ) if day else None


def router(engine, principal, now) -> APIRouter:
    r = APIRouter(prefix="/indicators", tags=["indicators"])

    def facts(p: auth.Principal, org: str | None) -> list[tuple[dict, rates.CaseFacts]]:
        t, e = db.ENTITIES["cases"], db.ENTITIES["case_events"]
        where = engine.read_clause(p, "cases", t)
        if where is None:
            return []
        where = [*where, t.c.deleted_at.is_(None), t.c.state != "draft"]
        if org:
            where.append(t.c.path.startswith(org, autoescape=True))
        with engine.store.read() as conn:
            cases = [dict(row) for row in conn.execute(
                sa.select(t.c.id, t.c.number, t.c.path, t.c.holder_unit_id, t.c.state,
                          t.c.source, t.c.reported_at, t.c.satisfaction)
                .where(*where).order_by(t.c.number.desc())).mappings()]
            events = conn.execute(
                sa.select(e.c.case_id, e.c.seq, e.c.action, e.c.role, e.c.device_time)
                .where(e.c.case_id.in_(sa.select(t.c.id).where(*where)),
                       e.c.conflict == 0, e.c.deleted_at.is_(None),
                       e.c.action.in_(_WATCHED))
                .order_by(e.c.case_id, e.c.seq)).all()
        first_response: dict[str, str] = {}
        evaluated: dict[str, str] = {}
        via_channel: set[str] = set()
        for case_id, _seq, action, role, at in events:
            if action in rates.RESPONSE_ACTIONS:
                first_response.setdefault(case_id, at)
            elif action == "evaluate":
                evaluated[case_id] = at
            elif action == "report" and role == "intake":
                via_channel.add(case_id)
        return [(c, rates.CaseFacts(
            c["id"], c["state"], c["source"], _when(c["reported_at"]),
            _when(first_response.get(c["id"])), c["satisfaction"],
            _when(evaluated.get(c["id"])), c["id"] in via_channel)) for c in cases]

    def figures(rows: list[tuple[dict, rates.CaseFacts]], kw: dict) -> dict[str, Rate]:
        number = {c["id"]: c["number"] for c, _f in rows}
        tallied = rates.tally([f for _c, f in rows], **kw)
        return {name: Rate(numerator=len(num), denominator=len(den),
                           value=rates.percent(len(num), len(den)),
                           numerator_cases=[number[i] for i in num],
                           denominator_cases=[number[i] for i in den])
                for name, (num, den) in tallied.items()}

    @r.get("/three-rates", response_model=ThreeRates, responses=ERRORS)
    def three_rates(org: str | None = Query(None, pattern=r"^[0-9A-Za-z]{4,20}$"),
                    start: dt.date | None = None, end: dt.date | None = None,
                    by: Literal["org", "unit"] | None = None,
                    depth: int | None = Query(None, ge=4, le=17),
                    p: auth.Principal = Depends(principal)):
        """响应率、解决率、满意率 of residents' demands in [start, end) (dates, local)."""
        if not rights.may(p.role, rights.EVALUATE):
            raise ApiError(403, "forbidden", f"{p.role} does not read indicators")
        if by == "org" and depth is None:
            raise ApiError(422, "depth_required", "by=org needs depth (the groups' code length)")
        engine.refresh_dictionaries()
        rows = facts(p, org)
        kw = dict(start=_midnight(start), end=_midnight(end),
                  as_of=dt.datetime.fromtimestamp(now(), dt.timezone.utc),
                  hours_between=engine.calendar.working_hours_between)
        groups: dict[str | None, list] = {}
        if by:
            for c, f in rows:
                key = c["path"][:depth] if by == "org" else c["holder_unit_id"]
                groups.setdefault(key, []).append((c, f))
        return ThreeRates(
            start=start.isoformat() if start else None, end=end.isoformat() if end else None,
            total=figures(rows, kw),
            groups=[Group(key=k, rates=figures(v, kw))
                    for k, v in sorted(groups.items(), key=lambda kv: kv[0] or "")])

    return r
