"""Intake for other channels: an Open311 GeoReport v2 compatible endpoint set.

The 12345 hotline and the 随手拍 app authenticate with an API key (made with
``python -m server add-api-key``). services = case categories; requests = cases.
A new request becomes a case in the named grid's queue, source 上级交办
(``assigned``), reported by the channel (role ``intake`` in the shared state
machine); the channel is kept in the report event's data. Routing: the
GeoReport ``attribute[grid_code]`` (or ``grid_code``), or ``address_id`` = a
standard address code (which starts with its grid's code).

Reading back (issue 13): ``service_request_id`` is a random token made for the
request (``open311_requests``), not the case number the workers see (numbers are
sequential per channel and day). A key reads only the requests it created, and only
the public fields: status, a public status note, the service, and the requested,
updated and expected times. Never the description, the address, the coordinates or
the reporter, which are resident data once the case exists. An unknown token and
another key's token get the same 404.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from app.models.domain import calendar as cal
from app.models.domain import workflow
from app.models.domain.case_fields import GRID_KINDS
from app.models.domain.ids import uuid7
from server import auth, db
from server.errors import Reject
from server.sync.context import Ctx, now_iso

CLOSED = {workflow.CLOSED, workflow.EVALUATED, workflow.REJECTED}
CODE = re.compile(r"^[0-9]{15}(?:[0-9]{2})?$")


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceAttribute(BaseModel):
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str
    order: int
    description: str


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[ServiceAttribute]


class RequestCreated(BaseModel):
    service_request_id: str
    service_notice: str
    account_id: str | None = None


class ServiceRequest(BaseModel):
    """The public view of a request: nothing a resident or a worker wrote into it."""
    service_request_id: str
    status: str
    status_notes: str | None = None
    service_name: str | None = None
    service_code: str
    requested_datetime: str | None = None
    updated_datetime: str | None = None
    expected_datetime: str | None = None


# what the channel may tell the caller about the case's progress (not its state names,
# its holders or its notes)
PUBLIC_NOTES = {
    workflow.DRAFT: "已受理 / received",
    workflow.REPORTED: "已受理 / received",
    workflow.ACCEPTED: "已受理，待派遣 / accepted",
    workflow.DISPATCHED: "处置中 / in progress",
    workflow.HANDLING: "处置中 / in progress",
    workflow.HANDLED: "已处置，待核查 / handled, being checked",
    workflow.CLOSED: "已办结 / closed",
    workflow.EVALUATED: "已办结 / closed",
    workflow.REJECTED: "不予受理 / not accepted",
}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class Open311Error(BaseModel):
    code: int
    description: str


ERR = {s: {"model": list[Open311Error]} for s in (400, 403, 404)}


def err(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def router(store: db.Store, settings, engine, now) -> APIRouter:
    r = APIRouter(prefix="/open311/v2", tags=["open311"])

    def channel_of(api_key: str | None) -> dict | None:
        if not api_key or len(api_key) > 200:
            return None
        with store.read() as conn:
            row = conn.execute(sa.select(db.api_keys).where(
                db.api_keys.c.key_hash == key_hash(api_key),
                db.api_keys.c.revoked_at.is_(None))).mappings().first()
        return dict(row) if row else None

    def service(cat) -> dict:
        return dict(service_code=cat.code, service_name=cat.name, description=cat.full_label(),
                    metadata=True, type="realtime", keywords=cat.en or "", group=cat.major)

    @r.get("/services.json", response_model=list[Service])
    def services():
        engine.refresh_dictionaries()     # the categories loaded into the database
        return [service(c) for c in engine.categories.all()]

    @r.get("/services/{service_code}.json", response_model=ServiceDefinition, responses=ERR)
    def definition(service_code: str = Path(max_length=64)):
        engine.refresh_dictionaries()
        if engine.categories.get(service_code) is None:
            return err(404, "unknown service_code")
        return ServiceDefinition(service_code=service_code, attributes=[ServiceAttribute(
            variable=True, code="grid_code", datatype="string", required=True, order=1,
            datatype_description="15- or 17-digit grid code",
            description="网格编码: the grid whose queue receives the case")])

    def as_request(token: str, case: dict) -> dict:
        cat = engine.categories.get(case["category"])
        return dict(service_request_id=token,
                    status="closed" if case["state"] in CLOSED else "open",
                    status_notes=PUBLIC_NOTES.get(case["state"], "处置中 / in progress"),
                    service_name=cat.name if cat else None, service_code=case["category"],
                    requested_datetime=case["created_at"],
                    updated_datetime=case["updated_at"], expected_datetime=case["deadline"])

    @r.post("/requests.json", response_model=list[RequestCreated], responses=ERR,
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["api_key", "service_code"],
                    "properties": {k: {"type": "string", "maxLength": 4000} for k in (
                        "api_key", "service_code", "lat", "long", "address_string",
                        "address_id", "description", "first_name", "last_name", "phone",
                        "email", "media_url", "grid_code", "attribute[grid_code]")}}}}}})
    async def create(request: Request):
        try:
            form = await request.form()
        except Exception:   # noqa: BLE001 - a malformed body is the caller's fault
            return err(400, "malformed form body")
        f = {k: v for k, v in form.items() if isinstance(v, str)}
        if any("\x00" in v or len(v) > 4000 for v in f.values()):
            return err(400, "a field is too long or holds a NUL character")
        key = channel_of(f.get("api_key"))
        if key is None:
            return err(403, "invalid api_key")
        code = f.get("service_code") or ""
        await run_in_threadpool(engine.refresh_dictionaries)
        if engine.categories.get(code) is None:
            return err(400, "unknown service_code")
        grid_code = f.get("attribute[grid_code]") or f.get("grid_code") or ""
        if not grid_code and f.get("address_id"):
            grid_code = f["address_id"].split("-")[0]
        if not CODE.match(grid_code):
            return err(400, "attribute[grid_code] (a grid code) is required")
        lat = lon = None
        if f.get("lat") or f.get("long"):
            try:
                lat, lon = float(f["lat"]), float(f["long"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except (KeyError, ValueError):
                return err(400, "lat and long must be numbers in range")
        name = " ".join(x for x in (f.get("last_name"), f.get("first_name")) if x) or None
        try:
            token = await _create_case(key, code, grid_code, f, name, lat, lon)
        except Reject as exc:
            return err(400, exc.message)
        return [RequestCreated(service_request_id=token,
                               service_notice="已转交网格处理 / sent to the grid",
                               account_id=None)]

    async def _create_case(key, code, grid_code, f, name, lat, lon) -> str:
        return await run_in_threadpool(create_case, key, code, grid_code, f, name, lat, lon)

    def create_case(key, code, grid_code, f, name, lat, lon) -> str:
        t = now()
        at = now_iso(t)
        p = channel_principal(key["name"])
        with store.write() as conn:
            engine.refresh_dictionaries(conn)
            grid = auth.unit_by_code(conn, grid_code)
            if grid is None or grid["kind"] not in GRID_KINDS or grid["deleted_at"]:
                raise Reject("grid_not_found", "no grid with that code")
            media = f.get("media_url")
            case_id, number = intake_case(
                Ctx(conn, store, p, t, at), engine, key["channel"], key["name"], grid=grid,
                unit_id=grid["id"], code=code, source="assigned",
                description=f.get("description"), location_text=f.get("address_string"),
                lon=lon, lat=lat, reporter_name=name, reporter_phone=f.get("phone"),
                note=f"媒体: {media}" if media else None, data={"open311": True})
            # the channel's handle: random, and kept with the key that made it
            token = secrets.token_urlsafe(24)
            conn.execute(db.open311_requests.insert().values(
                token=token, case_id=case_id, api_key_id=key["id"], created_at=at))
            auth.audit(conn, t, p.user_id, "intake.create", "cases", case_id,
                       {"channel": key["channel"], "number": number})
        return token

    def lookup(key: dict, tokens: list[str]) -> list[dict]:
        """The requests among ``tokens`` that ``key`` created (others: as if unknown)."""
        tokens = [x for x in tokens if TOKEN.match(x)]
        if not tokens:
            return []
        t, o = db.ENTITIES["cases"], db.open311_requests
        with store.read() as conn:
            engine.refresh_dictionaries(conn)
            rows = conn.execute(
                sa.select(o.c.token, t).join(t, t.c.id == o.c.case_id)
                .where(o.c.token.in_(tokens), o.c.api_key_id == key["id"],
                       t.c.deleted_at.is_(None))).mappings().all()
        return [as_request(row["token"], dict(row)) for row in rows]

    @r.get("/requests.json", response_model=list[ServiceRequest], responses=ERR)
    def requests(api_key: str = Query(max_length=200),
                 service_request_id: str = Query(max_length=2000)):
        key = channel_of(api_key)
        if key is None:
            return err(403, "invalid api_key")
        tokens = [n.strip() for n in service_request_id.split(",") if n.strip()][:100]
        return lookup(key, tokens)

    @r.get("/requests/{service_request_id}.json", response_model=list[ServiceRequest],
           responses=ERR)
    def one_request(service_request_id: str = Path(max_length=100),
                    api_key: str = Query(max_length=200)):
        key = channel_of(api_key)
        if key is None:
            return err(403, "invalid api_key")
        found = lookup(key, [service_request_id])
        if not found:
            return err(404, "no such service request")
        return found

    return r


def channel_principal(name: str) -> auth.Principal:
    """Who a channel's steps are by: the intake role of the shared state machine."""
    return auth.Principal(f"intake:{name}", name, workflow.INTAKE, None, "/", 1, None, "")


def intake_case(c: Ctx, engine, channel: str, channel_name: str, *, grid: dict, unit_id: str,
                code: str, source: str, description: str | None, location_text: str | None,
                lon: float | None, lat: float | None, reporter_name: str | None,
                reporter_phone: str | None, note: str | None = None, photos=(),
                address_id: str | None = None, title: str | None = None,
                data: dict | None = None) -> tuple[str, str]:
    """A case reported by a channel (12345, 随手拍) into ``unit_id``'s queue, in the
    caller's transaction: the case row, its report event and its projection, the way
    a desktop's report would leave them. Returns (case id, case number)."""
    conn, t, at, p = c.conn, c.now, c.at, c.p
    day = dt.datetime.fromtimestamp(t, cal.TZ).strftime("%Y%m%d")
    counter = f"case.{channel}.{day}"
    if conn.execute(db.counters.update().where(db.counters.c.key == counter)
                    .values(value=db.counters.c.value + 1)).rowcount == 0:
        conn.execute(db.counters.insert().values(key=counter, value=1))
    seq = conn.execute(sa.select(db.counters.c.value)
                       .where(db.counters.c.key == counter)).scalar_one()
    number = f"{grid['code']}-{day}-{channel[:3]}-{seq:04d}"
    cat = engine.categories.get(code)
    case_id = uuid7()
    case = dict(id=case_id, number=number, grid_id=grid["id"], path=grid["code"],
                title=(title or description or cat.name)[:100],
                description=description, category=code, source=source,
                urgency=cat.default_urgency, address_id=address_id,
                location_text=location_text or None,
                lon=lon, lat=lat, reporter_name=reporter_name[:50] if reporter_name else None,
                reporter_phone=reporter_phone or None, created_by=p.user_id,
                state=workflow.DRAFT, supervision="normal", rework_count=0,
                extra_days=0, has_conflict=0, created_at=at)
    engine.write_row(c, "cases", case, old=None)
    event = dict(id=uuid7(), case_id=case_id, seq=1, action="report", actor_id=p.user_id,
                 actor_name=channel_name, role=workflow.INTAKE, device_time=at,
                 server_time=at, note=note, photos=json.dumps(list(photos)),
                 data=json.dumps({"unit": unit_id, "channel": channel, **(data or {})},
                                 ensure_ascii=False), conflict=0)
    engine.write_row(c, "case_events", event, old=None)
    stored = engine.get_row(conn, "cases", case_id)
    projection, _ = engine.project(stored, [event])
    engine.write_row(c, "cases", {**stored, **projection}, old=stored)
    return case_id, number


def add_api_key(conn, name: str, channel: str, now: float) -> str:
    import secrets
    if channel not in ("hotline", "snapshot"):
        raise ValueError("channel is hotline (12345) or snapshot (随手拍)")
    key = secrets.token_urlsafe(32)
    conn.execute(db.api_keys.insert().values(id=uuid7(), key_hash=key_hash(key), name=name,
                                             channel=channel, created_at=auth.iso(now)))
    return key
