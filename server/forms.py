"""一表通 through the city server (issue 20, the second half): a street or a district
publishes a department's table (its FormSpec: mapping, population and the workbook),
the communities in its scope fill it on their desktops and return the filled
workbook, and the publisher follows the progress and collects the returns.

- ``POST /forms/tasks``: publish (``rights.FORM_PUBLISHERS`` holding a unit of a kind
  in ``rights.FORM_PUBLISH_KINDS``). The task goes to every community under the
  publisher's unit. Publishing the same template again (by its name) from the same
  unit is its next version: the previous one is withdrawn.
- ``GET /forms/tasks``: the tasks the caller may see, newest first: a community's
  (or its grids') people see the current tasks whose scope covers their unit, with
  their community's return; a publisher sees the tasks published in their scope.
- ``GET /forms/tasks/{id}``: one task with its spec.
- ``POST /forms/tasks/{id}/returns``: a community's filled workbook (roles of
  ``rights.FORM_FILLERS`` whose unit is that community). Every return is kept; the
  latest is the current one.
- ``GET /forms/tasks/{id}/progress``: per community in scope: not started, submitted
  (gaps, rows, when) or overdue.
- ``GET /forms/tasks/{id}/returns``: the current returns, workbooks included, in the
  communities' order, for the merged workbook the desktop builds
  (app/models/forms/merge.py: the server installs without openpyxl).

Whatever the caller may not see is 404 as if it did not exist, counts included.
Publish, submit and download are audit records (server/audit.py).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from app.models.domain import calendar as cal
from app.models.domain import rights
from app.models.forms import checks
from server import auth, db

MAX_B64 = checks.MAX_WORKBOOK * 4 // 3 + 8
COMMUNITY = "community"


class PublishIn(BaseModel):
    title: str = Field(min_length=1, max_length=checks.MAX_TITLE)
    due: str = Field(max_length=10)
    spec: dict


class ReturnIn(BaseModel):
    workbook_b64: str = Field(max_length=MAX_B64)
    gaps: int = Field(ge=0, le=10_000_000)
    rows: int = Field(ge=0, le=10_000_000)


class MyReturn(BaseModel):
    version: int
    gaps: int
    rows: int
    submitted_at: str


class TaskOut(BaseModel):
    id: str
    title: str
    version: int
    due: str
    publisher_name: str | None = None
    unit_name: str | None = None
    created_at: str
    subject: str
    withdrawn_at: str | None = None   # a later version replaced it (publishers see it)
    mine: MyReturn | None = None      # the caller's community's current return
    spec: dict | None = None


class ProgressOut(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    state: str                         # not_started | submitted | overdue
    version: int | None = None
    gaps: int | None = None
    rows: int | None = None
    submitted_at: str | None = None
    late: bool = False


class ReturnOut(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    version: int
    gaps: int
    rows: int
    submitted_at: str
    workbook_b64: str


def city_today(now: float) -> dt.date:
    return dt.datetime.fromtimestamp(now, cal.TZ).date()


def _unit(conn, unit_id: str | None) -> dict | None:
    if not unit_id:
        return None
    o = db.ENTITIES["org_units"]
    row = conn.execute(sa.select(o.c.id, o.c.code, o.c.name, o.c.kind, o.c.path).where(
        o.c.id == unit_id, o.c.deleted_at.is_(None))).mappings().first()
    return dict(row) if row else None


def _community_of(conn, p: auth.Principal) -> dict | None:
    """The community the caller works in (their unit or the community above their grid)."""
    o = db.ENTITIES["org_units"]
    if not p.scope_unit_id or p.scope_path == "/":
        return None
    prefixes = [p.scope_path[:i + 1] for i, ch in enumerate(p.scope_path) if ch == "/"][1:]
    row = conn.execute(sa.select(o.c.id, o.c.code, o.c.name, o.c.kind, o.c.path).where(
        o.c.path.in_(prefixes), o.c.kind == COMMUNITY, o.c.deleted_at.is_(None))
        .order_by(sa.func.length(o.c.path).desc())).mappings().first()
    return dict(row) if row else None


def _covers(task_path: str, path: str) -> bool:
    return bool(path) and path.startswith(task_path)


def _may_see(p: auth.Principal, task: dict, community: dict | None) -> bool:
    """A publisher of the task's scope, or someone working in a community the task
    reaches (its own people and its grids'; not a department that happens to sit
    under the street), while the task is current."""
    if p.role in rights.FORM_PUBLISHERS and p.in_scope(task["scope_path"]):
        return True
    return community is not None and p.role in rights.SYNC_ROLES and \
        _covers(task["scope_path"], community["path"]) and task["withdrawn_at"] is None


def _publisher_side(p: auth.Principal, task: dict) -> bool:
    return p.role in rights.FORM_PUBLISHERS and p.in_scope(task["scope_path"])


def _task(conn, p: auth.Principal, task_id: str) -> dict:
    from server.http import ApiError
    row = conn.execute(sa.select(db.form_tasks).where(db.form_tasks.c.id == task_id)
                       ).mappings().first()
    if row is None or not _may_see(p, dict(row), _community_of(conn, p)):
        raise ApiError(404, "not_found", "no such task")     # another street's: as if none
    return dict(row)


def _communities(conn, scope_path: str) -> list[dict]:
    o = db.ENTITIES["org_units"]
    return [dict(r) for r in conn.execute(
        sa.select(o.c.id, o.c.code, o.c.name, o.c.path).where(
            o.c.kind == COMMUNITY, o.c.deleted_at.is_(None),
            o.c.path.like(scope_path.replace("%", r"\%").replace("_", r"\_") + "%",
                          escape="\\"))
        .order_by(o.c.code)).mappings()]


def _current_returns(conn, task_id: str, *, with_workbook: bool = False) -> dict[str, dict]:
    r = db.form_returns
    cols = [r.c.unit_id, r.c.version, r.c.gaps, r.c.rows, r.c.submitted_at]
    if with_workbook:
        cols.append(r.c.workbook)
    return {row["unit_id"]: dict(row) for row in conn.execute(
        sa.select(*cols).where(r.c.task_id == task_id, r.c.superseded_at.is_(None))
    ).mappings()}


def _names(conn, user_ids, unit_ids) -> tuple[dict, dict]:
    u, o = db.users, db.ENTITIES["org_units"]
    users = dict(conn.execute(sa.select(u.c.id, u.c.display_name).where(
        u.c.id.in_(sorted(set(user_ids))))).all()) if user_ids else {}
    units = dict(conn.execute(sa.select(o.c.id, o.c.name).where(
        o.c.id.in_(sorted(set(unit_ids))))).all()) if unit_ids else {}
    return users, units


def _task_out(task: dict, users: dict, units: dict, mine: dict | None = None,
              with_spec: bool = False) -> dict:
    spec = json.loads(task["spec"])
    return {"id": task["id"], "title": task["title"], "version": task["version"],
            "due": task["due"], "publisher_name": users.get(task["publisher"]),
            "unit_name": units.get(task["unit_id"]), "created_at": task["created_at"],
            "subject": spec.get("subject", ""), "withdrawn_at": task.get("withdrawn_at"),
            "mine": ({k: mine[k] for k in ("version", "gaps", "rows", "submitted_at")}
                     if mine else None),
            "spec": spec if with_spec else None}


def publish(store: db.Store, p: auth.Principal, body: PublishIn, now: float) -> dict:
    from server.http import ApiError
    if p.role not in rights.FORM_PUBLISHERS:
        raise ApiError(403, "forbidden", f"{p.role} does not publish tables")
    problem = checks.due_problem(body.due, city_today(now)) or checks.spec_problem(body.spec)
    if problem:
        raise ApiError(422, problem, "the table cannot be published: " + problem)
    key = (body.spec.get("template_name") or body.spec["title"])[:200]
    spec = {**body.spec, "title": body.title}
    text = json.dumps(spec, ensure_ascii=False)
    if len(text) > MAX_B64 + 1024 * 1024:        # the workbook and its mapping, no more
        raise ApiError(413, "workbook.too_large", "the table and its mapping are too large")
    t = db.form_tasks
    with store.write() as conn:
        unit = _unit(conn, p.scope_unit_id)
        if unit is None or unit["kind"] not in rights.FORM_PUBLISH_KINDS:
            raise ApiError(403, "forbidden", "tables are published by a street or a district")
        at = auth.iso(now)
        previous = conn.execute(sa.select(sa.func.max(t.c.version)).where(
            t.c.unit_id == unit["id"], t.c.template_key == key)).scalar() or 0
        conn.execute(t.update().where(t.c.unit_id == unit["id"], t.c.template_key == key,
                                      t.c.withdrawn_at.is_(None)).values(withdrawn_at=at))
        task = dict(id=uuid.uuid4().hex, title=body.title, template_key=key,
                    version=previous + 1, spec=text, due=body.due, publisher=p.user_id,
                    unit_id=unit["id"], scope_path=unit["path"], created_at=at,
                    withdrawn_at=None)
        conn.execute(t.insert().values(**task))
        auth.audit(conn, now, p.user_id, "forms.publish", "form_tasks", task["id"],
                   {"title": body.title[:200], "version": task["version"], "due": body.due,
                    "unit": unit["code"], "communities": len(_communities(conn, unit["path"]))})
        users, units = _names(conn, [p.user_id], [unit["id"]])
    return _task_out(task, users, units)


def submit(store: db.Store, p: auth.Principal, task_id: str, body: ReturnIn,
           now: float) -> dict:
    from server.http import ApiError
    with store.read() as conn:
        task = _task(conn, p, task_id)          # 404 before anything else is said
    if p.role not in rights.FORM_FILLERS:
        raise ApiError(403, "forbidden", f"{p.role} does not return tables")
    if task["withdrawn_at"] is not None:
        raise ApiError(409, "withdrawn", "this version of the table was withdrawn")
    data = checks.decode_workbook(body.workbook_b64)
    problem = "workbook.not_xlsx" if data is None else checks.workbook_problem(data)
    if problem:
        raise ApiError(413 if problem == "workbook.too_large" else 422, problem,
                       "the filled table is not an .xlsx workbook we can take: " + problem)
    r = db.form_returns
    with store.write() as conn:
        unit = _unit(conn, p.scope_unit_id)
        if unit is None or unit["kind"] != COMMUNITY or \
                not _covers(task["scope_path"], unit["path"]):
            raise ApiError(403, "forbidden", "a community returns its own table")
        # one submission of a community at a time: the task row is the lock
        conn.execute(sa.select(db.form_tasks.c.id).where(db.form_tasks.c.id == task_id)
                     .with_for_update()).first()
        at = auth.iso(now)
        version = (conn.execute(sa.select(sa.func.max(r.c.version)).where(
            r.c.task_id == task_id, r.c.unit_id == unit["id"])).scalar() or 0) + 1
        conn.execute(r.update().where(r.c.task_id == task_id, r.c.unit_id == unit["id"],
                                      r.c.superseded_at.is_(None)).values(superseded_at=at))
        sha = hashlib.sha256(data).hexdigest()
        conn.execute(r.insert().values(
            id=uuid.uuid4().hex, task_id=task_id, unit_id=unit["id"], version=version,
            workbook=data, sha256=sha, gaps=body.gaps, rows=body.rows,
            submitted_by=p.user_id, submitted_at=at, superseded_at=None))
        auth.audit(conn, now, p.user_id, "forms.submit", "form_tasks", task_id,
                   {"unit": unit["code"], "version": version, "gaps": body.gaps,
                    "rows": body.rows, "sha256": sha, "bytes": len(data)})
    return {"version": version, "gaps": body.gaps, "rows": body.rows, "submitted_at": at}


def progress(store: db.Store, p: auth.Principal, task_id: str, now: float) -> list[dict]:
    from server.http import ApiError
    with store.read() as conn:
        task = _task(conn, p, task_id)
        if not _publisher_side(p, task):
            raise ApiError(404, "not_found", "no such task")
        units = _communities(conn, task["scope_path"])
        got = _current_returns(conn, task_id)
    overdue = city_today(now) > dt.date.fromisoformat(task["due"])
    out = []
    for u in units:
        mine = got.get(u["id"])
        row = {"unit_id": u["id"], "unit_code": u["code"], "unit_name": u["name"]}
        if mine:
            row.update(state="submitted", version=mine["version"], gaps=mine["gaps"],
                       rows=mine["rows"], submitted_at=mine["submitted_at"],
                       late=mine["submitted_at"][:10] > task["due"])
        else:
            row["state"] = "overdue" if overdue else "not_started"
        out.append(row)
    return out


def returns(store: db.Store, p: auth.Principal, task_id: str, now: float) -> list[dict]:
    from server.http import ApiError
    with store.read() as conn:
        task = _task(conn, p, task_id)
        if not _publisher_side(p, task):
            raise ApiError(404, "not_found", "no such task")
        units = _communities(conn, task["scope_path"])
        got = _current_returns(conn, task_id, with_workbook=True)
    out = [{"unit_id": u["id"], "unit_code": u["code"], "unit_name": u["name"],
            **{k: got[u["id"]][k] for k in ("version", "gaps", "rows", "submitted_at")},
            "workbook_b64": base64.b64encode(got[u["id"]]["workbook"]).decode("ascii")}
           for u in units if u["id"] in got]
    with store.write() as conn:
        auth.audit(conn, now, p.user_id, "forms.download", "form_tasks", task_id,
                   {"returns": len(out), "units": [r["unit_code"] for r in out][:500]})
    return out


def list_tasks(store: db.Store, p: auth.Principal) -> list[dict]:
    t = db.form_tasks
    with store.read() as conn:
        community = _community_of(conn, p)
        q = sa.select(t.c.id, t.c.title, t.c.version, t.c.spec, t.c.due, t.c.publisher,
                      t.c.unit_id, t.c.scope_path, t.c.created_at, t.c.withdrawn_at)
        rows = [dict(r) for r in conn.execute(q.order_by(t.c.created_at.desc(), t.c.version.desc()))
                .mappings() if _may_see(p, dict(r), community)]
        mine = {}
        if community:
            r = db.form_returns
            mine = {row["task_id"]: dict(row) for row in conn.execute(
                sa.select(r.c.task_id, r.c.version, r.c.gaps, r.c.rows, r.c.submitted_at)
                .where(r.c.unit_id == community["id"], r.c.superseded_at.is_(None),
                       r.c.task_id.in_([x["id"] for x in rows]))).mappings()}
        users, units = _names(conn, [x["publisher"] for x in rows], [x["unit_id"] for x in rows])
    return [_task_out(x, users, units, mine.get(x["id"])) for x in rows
            if x["withdrawn_at"] is None or _publisher_side(p, x)]


def router(store: db.Store, principal, now) -> APIRouter:
    from server.http import ERRORS

    r = APIRouter(prefix="/forms", tags=["forms"])

    @r.post("/tasks", response_model=TaskOut, responses={**ERRORS, 413: ERRORS[422]})
    def publish_task(body: PublishIn, p: auth.Principal = Depends(principal)):
        """Publish a table to the communities in the caller's street or district."""
        return publish(store, p, body, now())

    @r.get("/tasks", response_model=list[TaskOut], responses=ERRORS)
    def tasks(p: auth.Principal = Depends(principal)):
        return list_tasks(store, p)

    @r.get("/tasks/{task_id}", response_model=TaskOut, responses=ERRORS)
    def task(task_id: str, p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            row = _task(conn, p, task_id[:64])
            community = _community_of(conn, p)
            mine = _current_returns(conn, row["id"]).get(community["id"]) if community \
                else None
            users, units = _names(conn, [row["publisher"]], [row["unit_id"]])
        return _task_out(row, users, units, mine, with_spec=True)

    @r.post("/tasks/{task_id}/returns", response_model=MyReturn,
            responses={**ERRORS, 413: ERRORS[422]})
    def submit_return(task_id: str, body: ReturnIn, p: auth.Principal = Depends(principal)):
        """A community's filled workbook; a new one replaces the current return."""
        return submit(store, p, task_id[:64], body, now())

    @r.get("/tasks/{task_id}/progress", response_model=list[ProgressOut], responses=ERRORS)
    def task_progress(task_id: str, p: auth.Principal = Depends(principal)):
        return progress(store, p, task_id[:64], now())

    @r.get("/tasks/{task_id}/returns", response_model=list[ReturnOut], responses=ERRORS)
    def task_returns(task_id: str, p: auth.Principal = Depends(principal)):
        """The current returns, to merge (audited as a download)."""
        return returns(store, p, task_id[:64], now())

    return r
