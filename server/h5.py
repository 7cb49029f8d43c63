"""随手拍 for residents' phones (issue 21): a mobile web page on the city server.

A resident opens ``/h5/?c=<community code>`` (the QR code on the community's notice
board), reports what they see with up to three photos, and gets a tracking code. The
report becomes a case through the same intake path as the Open311 channels
(open311.intake_case): source 居民随手拍 (``resident_snapshot``), in the community's 待受理 queue,
reported by the channel's role, so desktops receive it by sync like any case. With the
code AND the phone number the resident sees the three steps, the supervisor's reply
(the case's ``reply`` steps, never its other notes) and rates the result once closed;
不满意 is recorded as the case's evaluation and opens a 回访核实 case in the same
queue (a closed case is never reopened, domain.md §5).

Abuse resistance, because the page is open to anyone on the internet:

- nothing about anyone else: the page lists only address names of the community, and a
  report is read only with its code and its phone; a wrong pair, someone else's pair
  and an unknown code all get the same answer;
- rate limits (counted in the database, so they hold across worker processes): reports
  per phone and per client address, photos per client address, failed look-ups per
  client address and per code;
- photos: at most ``h5_max_photo`` bytes, JPEG, PNG or WebP judged by their first bytes
  (never by the declared type); a JPEG's metadata segments (EXIF: where and with what
  it was taken) are dropped before it is stored;
- CSRF: every POST carries the page's token in a header equal to its cookie (double
  submit), must be JSON or an image body, and a browser's Origin / Sec-Fetch-Site must
  say the same site;
- headers: a CSP without inline script (the page's script is a file), nosniff, no
  referrer, no framing;
- weak connections: every photo and the report carry the page's idempotency key; a
  retry gets the same photo and the same case, never a second one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from app.models.domain import calendar as cal
from app.models.domain import resident_report as rr
from app.models.domain import workflow
from app.models.domain.case_fields import GRID_KINDS
from app.models.domain.ids import uuid7
from server import auth, db
from server.open311 import channel_principal, intake_case
from server.sync.context import Ctx, now_iso

STATIC = Path(__file__).resolve().parent / "static" / "h5"
ASSETS = {"h5.js": "text/javascript; charset=utf-8", "h5.css": "text/css; charset=utf-8"}
PAGES = {"report": "report.html", "status": "status.html"}
CHANNEL, CHANNEL_NAME = "snapshot", "居民随手拍"
SOURCE = "resident_snapshot"      # case_fields.SOURCES: 居民随手拍
RESIDENT_NAME = "居民（随手拍）"
COOKIE, HEADER = "h5_csrf", "x-csrf-token"
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"      # no 0/O, 1/I/L: read aloud, typed
CODE_LEN = 12
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(self), camera=(self), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# (count, seconds): override with settings.extra["h5_<name>"] = [count, seconds]
LIMITS = {"reports_per_phone": (5, 24 * 3600), "reports_per_address": (20, 3600),
          "photos_per_address": (60, 3600), "misses_per_address": (20, 3600),
          "misses_per_code": (10, 3600)}
MAX_PHOTO = 3 * 1024 * 1024
NOT_FOUND = "没有找到这条诉求，请核对查询码和手机号"


class H5Error(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def _secured(response: Response, *, api: bool) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if api:
        response.headers["Cache-Control"] = "no-store"
    return response


class H5Route(APIRoute):
    """Every answer of the page (errors too) in the page's words and with its headers."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                response = await handler(request)
            except H5Error as exc:
                body = {"error": exc.code, "message": exc.message}
                if exc.field:
                    body["field"] = exc.field
                response = JSONResponse(body, status_code=exc.status)
            except RequestValidationError:
                response = JSONResponse({"error": "invalid", "message": "请求有误"},
                                        status_code=400)
            return _secured(response, api=request.url.path.startswith("/h5/api/"))
        return run


def sniff(data: bytes) -> str | None:
    """The image type by its first bytes (what a declared type or a name cannot fake)."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG without its APP1–APP15 and comment segments (EXIF with GPS, maker notes):
    the picture itself is untouched. An unparsable file is refused."""
    out, i = bytearray(data[:2]), 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("not a JPEG segment")
        marker = data[i + 1] if i + 1 < len(data) else None
        if marker is None:
            raise ValueError("truncated")
        if marker == 0xFF:          # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            out += data[i:i + 2]
            i += 2
            continue
        if marker == 0xD9:
            out += data[i:i + 2]
            return bytes(out)
        if i + 4 > len(data):
            raise ValueError("truncated")
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if length < 2 or i + 2 + length > len(data):
            raise ValueError("bad segment length")
        if marker == 0xDA:          # start of scan: the rest is the picture
            out += data[i:]
            return bytes(out)
        if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += data[i:i + 2 + length]
        i += 2 + length
    raise ValueError("no image data")


def normal_code(value) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    code = re.sub(r"[\s\-]", "", value).upper()
    return code if len(code) == CODE_LEN and all(ch in CODE_ALPHABET for ch in code) else None


def shown_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def router(store: db.Store, settings, engine, now) -> APIRouter:
    r = APIRouter(prefix="/h5", tags=["h5"], route_class=H5Route)
    blob_root = settings.resolved_blob_dir()

    # ------------------------------------------------------------ helpers
    def limit(name: str) -> tuple[int, int]:
        value = settings.extra.get(f"h5_{name}")
        return tuple(value) if value else LIMITS[name]

    def max_photo() -> int:
        return int(settings.extra.get("h5_max_photo") or MAX_PHOTO)

    key_cache: list[bytes] = []

    def secret() -> bytes:
        """The key of the phone HMACs: made once per database (workers race: the first
        insert wins and everyone reads it back)."""
        if not key_cache:
            with store.write() as conn:
                _insert_new(conn, db.server_meta, dict(key="h5_secret",
                                                        value=secrets.token_hex(32)))
                key_cache.append(bytes.fromhex(store.meta(conn, "h5_secret")))
        return key_cache[0]

    def phone_hash(_conn, phone: str) -> str:
        return hmac.new(secret(), phone.encode(), hashlib.sha256).hexdigest()

    def address_of(request: Request) -> str:
        key = auth.address_key(request.client.host if request.client else None)
        return hashlib.sha256(key.encode()).hexdigest()[:40]

    def hits(conn, kind: str, key: str, window: int) -> int:
        h = db.h5_hits
        return conn.execute(sa.select(sa.func.count()).select_from(h).where(
            h.c.kind == kind, h.c.key == key, h.c.at > now() - window)).scalar_one()

    def hit(conn, kind: str, key: str) -> None:
        conn.execute(db.h5_hits.insert().values(kind=kind, key=key, at=now()))

    def throttle(conn, name: str, kind: str, key: str) -> None:
        count, window = limit(name)
        if hits(conn, kind, key, window) >= count:
            raise H5Error(429, "rate_limited", "提交太频繁，请稍后再试")

    def guard(request: Request) -> None:
        """CSRF: a browser says where a request comes from; a page of another site can
        neither read our cookie nor set our header."""
        site = request.headers.get("sec-fetch-site")
        if site and site not in ("same-origin", "none"):
            raise H5Error(403, "csrf", "请从随手拍页面提交")
        origin = request.headers.get("origin")
        if origin and origin != "null":
            if origin.split("://", 1)[-1] != request.headers.get("host", ""):
                raise H5Error(403, "csrf", "请从随手拍页面提交")
        elif origin == "null":
            raise H5Error(403, "csrf", "请从随手拍页面提交")
        cookie = request.cookies.get(COOKIE) or ""
        token = request.headers.get(HEADER) or ""
        if len(cookie) < 20 or not hmac.compare_digest(cookie.encode(), token.encode()):
            raise H5Error(403, "csrf", "页面已过期，请刷新后再提交")

    async def json_body(request: Request) -> dict:
        guard(request)
        if (request.headers.get("content-type") or "").split(";")[0].strip() != \
                "application/json":
            raise H5Error(415, "json_only", "请求格式有误")
        raw = b""
        async for part in request.stream():
            raw += part
            if len(raw) > 64 * 1024:
                raise H5Error(413, "too_large", "内容太长")
        try:
            body = json.loads(raw)
        except ValueError:
            raise H5Error(400, "invalid", "请求格式有误") from None
        if not isinstance(body, dict):
            raise H5Error(400, "invalid", "请求格式有误")
        return body

    def text(body: dict, name: str, most: int, *, required: bool = False, words: str = ""
             ) -> str | None:
        value = body.get(name)
        if value is None or value == "":
            if required:
                raise H5Error(400, "required", f"请填写{words}", name)
            return None
        if not isinstance(value, str) or "\x00" in value:
            raise H5Error(400, "invalid", f"{words}有误", name)
        value = value.strip()
        if len(value) > most:
            raise H5Error(400, "too_long", f"{words}最多 {most} 个字", name)
        if required and not value:
            raise H5Error(400, "required", f"请填写{words}", name)
        return value or None

    def community_of(conn, code) -> dict:
        unit = auth.unit_by_code(conn, code) if isinstance(code, str) and \
            re.fullmatch(r"[0-9]{12}", code) else None
        if unit is None or unit["kind"] != "community" or unit["deleted_at"]:
            raise H5Error(404, "no_community", "没有这个社区，请重新扫码", "community")
        return unit

    def page(request: Request, name: str) -> Response:
        html = (STATIC / PAGES[name]).read_text(encoding="utf-8")
        response = Response(html, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-store"})
        if len(request.cookies.get(COOKIE) or "") < 20:
            response.set_cookie(COOKIE, secrets.token_urlsafe(24), path="/h5",
                                samesite="strict", secure=request.url.scheme == "https",
                                httponly=False)    # the page's script sends it back
        return _secured(response, api=False)

    # ------------------------------------------------------------ pages
    @r.get("/", include_in_schema=False)
    def report_page(request: Request):
        return page(request, "report")

    @r.get("/status", include_in_schema=False)
    def status_page(request: Request):
        return page(request, "status")

    @r.get("/static/{name}", include_in_schema=False)
    def asset(name: str):
        if name not in ASSETS:
            raise H5Error(404, "not_found", "没有这个文件")
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                        headers={"Cache-Control": "max-age=300"})

    # ------------------------------------------------------------ API
    @r.get("/api/community", summary="A community's name, its places and the choices")
    def community(c: str = Query(max_length=20)):
        """Only address names (estates and buildings): never rooms, never residents."""
        with store.read() as conn:
            unit = community_of(conn, c)
            a = db.ENTITIES["addresses"]
            rows = conn.execute(
                sa.select(a.c.id, a.c.full_name, a.c.name).where(
                    a.c.scope_path.startswith(unit["path"], autoescape=True),
                    a.c.kind.in_(("estate", "building")), a.c.deleted_at.is_(None))
                .order_by(a.c.code).limit(500)).mappings().all()
        return {"name": unit["name"],
                "places": [{"id": p["id"], "name": p["full_name"] or p["name"]} for p in rows],
                "choices": [{"code": code, "words": words}
                            for code, words, _cat in rr.CHOICES]}

    @r.post("/api/photos", summary="One photo of a report (idempotent by its key)",
            openapi_extra={"requestBody": {"required": True, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}})
    async def photo(request: Request):
        guard(request)
        key = request.headers.get("idempotency-key") or ""
        if not KEY.match(key):
            raise H5Error(400, "key", "缺少上传编号")
        declared = (request.headers.get("content-length") or "").strip()
        if declared.isdigit() and int(declared) > max_photo():
            raise H5Error(413, "photo_too_large", "照片太大，请换一张")
        data = b""
        async for part in request.stream():
            data += part
            if len(data) > max_photo():
                raise H5Error(413, "photo_too_large", "照片太大，请换一张")
        kind = sniff(data)
        if kind is None:
            raise H5Error(415, "photo_type", "只能上传 JPG、PNG 或 WebP 照片")
        if kind == "jpeg":
            try:
                data = strip_jpeg_metadata(data)
            except ValueError:
                raise H5Error(415, "photo_type", "照片已损坏，请换一张") from None
        return await run_in_threadpool(store_photo, key, data, address_of(request))

    def store_photo(key: str, data: bytes, address: str) -> dict:
        sha = hashlib.sha256(data).hexdigest()
        with store.write() as conn:
            known = conn.execute(sa.select(db.h5_photos.c.sha256).where(
                db.h5_photos.c.key == key)).scalar_one_or_none()
            if known is not None:
                return {"photo": key}           # a retry: stored already
            throttle(conn, "photos_per_address", "photo_addr", address)
            dest = blob_root / sha[:2] / sha
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_name(f"{sha}.{secrets.token_hex(4)}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, dest)
            at = auth.iso(now())
            _insert_new(conn, db.blobs, dict(sha256=sha, size=len(data), received=len(data),
                                              state="available", uploaded_by=CHANNEL_NAME,
                                              created_at=at, completed_at=at))
            _insert_new(conn, db.h5_photos, dict(key=key, sha256=sha, created_at=at))
            hit(conn, "photo_addr", address)
        return {"photo": key}

    @r.post("/api/reports", summary="Report (idempotent by its key): the tracking code")
    async def report(request: Request):
        body = await json_body(request)
        return await run_in_threadpool(create_report, body, address_of(request))

    def create_report(body: dict, address: str) -> dict:
        secret()        # made before any transaction of this request holds the database
        key = body.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise H5Error(400, "key", "缺少提交编号")
        phone = rr.normal_phone(body.get("phone"))
        if phone is None:
            raise H5Error(400, "phone", "请填写正确的手机号", "phone")
        with store.read() as conn:
            found = conn.execute(sa.select(db.h5_reports).where(
                db.h5_reports.c.idem_key == key)).mappings().first()
            if found is not None:
                return same_report(conn, found, phone)
        choice = body.get("choice")
        if choice not in rr.CATEGORY_OF:
            raise H5Error(400, "choice", "请选择问题类型", "choice")
        description = text(body, "description", rr.MAX_DESCRIPTION, required=True,
                           words="问题描述")
        place_text = text(body, "place_text", rr.MAX_PLACE, words="地点")
        lat, lon = body.get("lat"), body.get("lon")
        if lat is not None or lon is not None:
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       for v in (lat, lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise H5Error(400, "location", "位置有误", "place")
            lat, lon = round(float(lat), 6), round(float(lon), 6)
        photo_keys = body.get("photos") or []
        if not isinstance(photo_keys, list) or len(photo_keys) > rr.MAX_PHOTOS or not all(
                isinstance(k, str) and KEY.match(k) for k in photo_keys):
            raise H5Error(400, "photos", f"最多 {rr.MAX_PHOTOS} 张照片", "photos")
        t = now()
        at = now_iso(t)
        p = channel_principal(CHANNEL_NAME)
        try:
            with store.write() as conn:
                engine.refresh_dictionaries(conn)
                unit = community_of(conn, body.get("community"))
                ph = phone_hash(conn, phone)
                throttle(conn, "reports_per_phone", "report_phone", ph)
                throttle(conn, "reports_per_address", "report_addr", address)
                grid, address_id, where = place_of(conn, unit, body.get("place_id"))
                if where is None and not place_text and lat is None:
                    raise H5Error(400, "place", "请选择或填写地点", "place")
                shas = []
                for k in photo_keys:
                    sha = conn.execute(sa.select(db.h5_photos.c.sha256).where(
                        db.h5_photos.c.key == k)).scalar_one_or_none()
                    if sha is None:
                        raise H5Error(400, "photo_missing", "照片还没传完，请稍候再提交",
                                      "photos")
                    shas.append(sha)
                    # the channel has these bytes: it may name them on its event
                    _insert_new(conn, db.blob_uploads, dict(
                        sha256=sha, user_id=p.user_id, size=0, received=0, created_at=at,
                        completed_at=at))
                words = dict((c, w) for c, w, _x in rr.CHOICES)[choice]
                location = " ".join(x for x in (where, place_text) if x) or (
                    "手机定位" if lat is not None else None)
                case_id, number = intake_case(
                    Ctx(conn, store, p, t, at), engine, CHANNEL, CHANNEL_NAME, grid=grid,
                    unit_id=unit["id"], code=rr.CATEGORY_OF[choice], source=SOURCE,
                    title=f"{words}：{description}", description=description,
                    location_text=location[:200] if location else None, lon=lon, lat=lat,
                    reporter_name=None, reporter_phone=phone, photos=list(dict.fromkeys(shas)),
                    address_id=address_id, data={"h5": True})
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LEN))
                conn.execute(db.h5_reports.insert().values(
                    code=code, case_id=case_id, phone_hash=ph, idem_key=key, created_at=at))
                hit(conn, "report_phone", ph)
                hit(conn, "report_addr", address)
                # hits older than the longest window count for nothing: forget them
                longest = max(limit(name)[1] for name in LIMITS)
                conn.execute(db.h5_hits.delete().where(db.h5_hits.c.at < now() - longest))
                auth.audit(conn, t, p.user_id, "intake.create", "cases", case_id,
                           {"channel": CHANNEL, "number": number})
        except sa.exc.IntegrityError:
            # the same report arrived twice at once: the first one won; answer with it
            with store.read() as conn:
                found = conn.execute(sa.select(db.h5_reports).where(
                    db.h5_reports.c.idem_key == key)).mappings().first()
                if found is None:
                    raise
                return same_report(conn, found, phone)
        return {"code": shown_code(code)}

    def same_report(conn, found, phone: str) -> dict:
        if not hmac.compare_digest(found["phone_hash"], phone_hash(conn, phone)):
            raise H5Error(409, "key_used", "提交编号已被使用，请刷新页面后重新提交")
        return {"code": shown_code(found["code"])}

    def place_of(conn, unit: dict, place_id) -> tuple[dict, str | None, str | None]:
        """(grid, address id, address name) of the chosen place; with no place, the
        community's first grid (the supervisor routes it on)."""
        o = db.ENTITIES["org_units"]
        if place_id is not None:
            a = db.ENTITIES["addresses"]
            row = conn.execute(sa.select(a).where(a.c.id == str(place_id)[:64])
                               ).mappings().first() if isinstance(place_id, str) else None
            if row is None or row["deleted_at"] or row["kind"] not in ("estate", "building") \
                    or not (row["scope_path"] or "").startswith(unit["path"]):
                raise H5Error(400, "place", "请重新选择地点", "place")
            grid = conn.execute(sa.select(o).where(o.c.id == row["grid_id"])).mappings().first()
            return dict(grid), row["id"], row["full_name"] or row["name"]
        grid = conn.execute(sa.select(o).where(
            o.c.parent_id == unit["id"], o.c.kind.in_(GRID_KINDS), o.c.deleted_at.is_(None))
            .order_by(o.c.code).limit(1)).mappings().first()
        if grid is None:
            raise H5Error(400, "no_grid", "这个社区还没有开通随手拍", "community")
        return dict(grid), None, None

    def mine(conn, body: dict, address: str) -> dict:
        """The report named by code AND phone, or the one answer for every miss."""
        code, phone = normal_code(body.get("code")), rr.normal_phone(body.get("phone"))
        code_key = hashlib.sha256((code or "").encode()).hexdigest()[:40]
        throttle(conn, "misses_per_address", "miss_addr", address)
        if code:
            throttle(conn, "misses_per_code", "miss_code", code_key)
        found = None
        if code and phone:
            found = conn.execute(sa.select(db.h5_reports).where(
                db.h5_reports.c.code == code)).mappings().first()
            if found is not None and not hmac.compare_digest(
                    found["phone_hash"], phone_hash(conn, phone)):
                found = None
        if found is None:
            raise H5Error(404, "not_found", NOT_FOUND)
        return dict(found)

    @r.post("/api/status", summary="A report's steps, reply and rating (code + phone)")
    async def status(request: Request):
        body = await json_body(request)
        found = await run_in_threadpool(looked_up_or_miss, body, address_of(request))
        return await run_in_threadpool(describe, found)

    def looked_up_or_miss(body: dict, address: str) -> dict:
        # the miss is counted in a transaction of its own: the look-up's is rolled back
        secret()
        try:
            with store.read() as conn:
                return mine(conn, body, address)
        except H5Error as exc:
            if exc.code != "not_found":
                raise
            with store.write() as conn:
                hit(conn, "miss_addr", address)
                code = normal_code(body.get("code"))
                if code:
                    hit(conn, "miss_code", hashlib.sha256(code.encode()).hexdigest()[:40])
            raise

    def describe(found: dict) -> dict:
        with store.read() as conn:
            case = engine.get_row(conn, "cases", found["case_id"])
            events = engine.case_events(conn, found["case_id"])
            verify = engine.get_row(conn, "cases", found["verify_case_id"]) \
                if found["verify_case_id"] else None
        step = rr.step_of(case["state"])
        reply = next((e for e in reversed(events) if e["action"] == workflow.REPLY
                      and not e["conflict"] and (e["note"] or "").strip()), None)
        rating = next((e for e in reversed(events) if e["action"] == "evaluate"
                       and not e["conflict"] and e["role"] == workflow.INTAKE), None)
        rating_data = json.loads(rating["data"] or "{}") if rating else {}
        cat_words = next((w for _c, w, cat in rr.CHOICES if cat == case["category"]), "其他问题")
        order = list(rr.STEPS)
        return {
            "code": shown_code(found["code"]),
            "choice": cat_words,
            "description": case["description"],
            "place": case["location_text"],
            "submitted": local_time(found["created_at"]),
            "step": step, "step_words": rr.STEP_WORDS[step],
            "steps": [{"code": s, "words": rr.STEP_WORDS[s],
                       "done": step in order and order.index(s) <= order.index(step)}
                      for s in order],
            "reply": (reply["note"].strip() if reply else None),
            "reply_at": local_time(reply["server_time"]) if reply else None,
            "rating": ({"value": rating_data.get("satisfaction"),
                        "words": rr.RATINGS.get(rating_data.get("satisfaction"), ""),
                        "comment": rating["note"]} if rating else None),
            "can_rate": case["state"] == workflow.CLOSED and rating is None,
            "verification": (rr.STEP_WORDS[rr.step_of(verify["state"])] if verify else None),
        }

    def local_time(value: str | None) -> str | None:
        if not value:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(cal.TZ).strftime("%Y-%m-%d %H:%M")

    @r.post("/api/rate", summary="Rate a closed report (code + phone); 不满意 is verified")
    async def rate(request: Request):
        body = await json_body(request)
        rating = body.get("rating")
        if rating not in rr.RATINGS:
            raise H5Error(400, "rating", "请选择满意、基本满意或不满意", "rating")
        comment = text(body, "comment", rr.MAX_COMMENT, words="评价")
        found = await run_in_threadpool(looked_up_or_miss, body, address_of(request))
        await run_in_threadpool(record_rating, found, rating, comment)
        return await run_in_threadpool(describe, {**found, **_reread(found["code"])})

    def _reread(code: str) -> dict:
        with store.read() as conn:
            return dict(conn.execute(sa.select(db.h5_reports).where(
                db.h5_reports.c.code == code)).mappings().one())

    def record_rating(found: dict, rating: str, comment: str | None) -> None:
        t = now()
        at = now_iso(t)
        p = channel_principal(CHANNEL_NAME)
        with store.write() as conn:
            engine.refresh_dictionaries(conn)
            case = engine.get_row(conn, "cases", found["case_id"], lock=True)
            events = engine.case_events(conn, case["id"])
            _, before = engine.project(case, events)
            event = dict(id=uuid7(), case_id=case["id"], seq=events[-1]["seq"] + 1,
                         action="evaluate", actor_id=p.user_id, actor_name=RESIDENT_NAME,
                         role=workflow.INTAKE, device_time=at, server_time=at, note=comment,
                         photos="[]", conflict=0,
                         data=json.dumps({"satisfaction": rating, "channel": CHANNEL,
                                          "by": "resident"}))
            try:
                workflow.check(before, engine.workflow_event(event))
            except workflow.TransitionError:
                if before.state == workflow.EVALUATED:
                    raise H5Error(409, "rated", "这条诉求已经评价过了") from None
                raise H5Error(409, "not_closed", "办结后才能评价") from None
            c = Ctx(conn, store, p, t, at)
            engine.write_row(c, "case_events", event, old=None)
            projection, _ = engine.project(case, events + [event])
            engine.write_row(c, "cases", {**case, **projection}, old=case)
            verify_id = None
            if rating == rr.DISSATISFIED:
                grid = engine.unit(conn, case["grid_id"])
                unit_id = case["level_unit_id"] or grid["parent_id"]
                verify_id, number = intake_case(
                    c, engine, CHANNEL, CHANNEL_NAME, grid=grid, unit_id=unit_id,
                    code=case["category"], source=SOURCE,
                    title=f"回访核实：{case['title'] or ''}",
                    description=f"居民对事件 {case['number']} 的办理结果不满意。"
                                + (f"居民意见：{comment}" if comment else ""),
                    location_text=case["location_text"], lon=case["lon"], lat=case["lat"],
                    reporter_name=None, reporter_phone=case["reporter_phone"],
                    address_id=case["address_id"],
                    data={"verifies": case["id"], "verifies_number": case["number"]})
                auth.audit(conn, t, p.user_id, "intake.create", "cases", verify_id,
                           {"channel": CHANNEL, "number": number, "verifies": case["number"]})
            conn.execute(db.h5_reports.update().where(db.h5_reports.c.code == found["code"])
                         .values(rated_at=at, verify_case_id=verify_id))
            auth.audit(conn, t, p.user_id, "intake.rate", "cases", case["id"],
                       {"channel": CHANNEL, "satisfaction": rating})

    return r


def _insert_new(conn, table, values: dict) -> None:
    """INSERT unless the key exists (two requests racing)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())
