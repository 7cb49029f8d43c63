"""Helpers for the 随手拍 page's tests (issue 21): a phone's browser as the server sees
it (the page's cookie sent back in the CSRF header), photos, and the case steps a
supervisor takes on the desktop, pushed the way a desktop pushes them."""
from __future__ import annotations

import io
import json
import uuid

COMMUNITY, G1, G2, DEPT = "410105003001", "410105003001001", "410105003001002", "410105D01"
OTHER_COMMUNITY, OTHER_GRID = "410105003002", "410105003002001"


def jpeg(width: int = 64, height: int = 48, *, exif_secret: bytes | None = None) -> bytes:
    """A real JPEG (Pillow), with an APP1 segment holding ``exif_secret`` if given."""
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buf, "JPEG")
    data = buf.getvalue()
    if exif_secret is not None:
        payload = b"Exif\x00\x00" + exif_secret
        segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
        data = data[:2] + segment + data[2:]
    return data


def png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 255)).save(buf, "PNG")
    return buf.getvalue()


def webp() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 255, 0)).save(buf, "WEBP")
    return buf.getvalue()


class Phone:
    """One phone's browser: opens the page (gets the CSRF cookie) and posts as the
    page's script does."""

    def __init__(self, client, community: str = COMMUNITY):
        self.client = client
        self.community = community
        page = client.get(f"/h5/?c={community}")
        assert page.status_code == 200, page.text
        self.token = client.cookies.get("h5_csrf")
        assert self.token

    def headers(self, **extra) -> dict:
        return {"X-CSRF-Token": self.token, **extra}

    def post(self, path: str, body: dict, **headers):
        return self.client.post(path, content=json.dumps(body, ensure_ascii=False),
                                headers=self.headers(**{"Content-Type": "application/json",
                                                        **headers}))

    def photo(self, data: bytes, key: str | None = None, content_type: str = "image/jpeg"):
        return self.client.post("/h5/api/photos", content=data, headers=self.headers(**{
            "Content-Type": content_type, "Idempotency-Key": key or uuid.uuid4().hex}))

    def report(self, **fields):
        body = dict(key=uuid.uuid4().hex, community=self.community, choice="garbage",
                    place_text="经三路与农业路交叉口", description="垃圾桶满了两天没人清运",
                    phone="13812345678", photos=[])
        body.update(fields)
        return self.post("/h5/api/reports", body)

    def status(self, code: str, phone: str = "13812345678"):
        return self.post("/h5/api/status", {"code": code, "phone": phone})

    def rate(self, code: str, rating: str, comment: str | None = None,
             phone: str = "13812345678"):
        return self.post("/h5/api/rate", {"code": code, "phone": phone, "rating": rating,
                                          "comment": comment})


def step(dev, case_id: str, action: str, data: dict | None = None, note: str | None = None):
    """A case step pushed by a desktop; returns the push result."""
    op = dev.op("case_events", "transition", dict(
        case_id=case_id, action=action, device_time="2026-12-01T10:00:00+08:00",
        data=json.dumps(data or {}), photos="[]", note=note))
    return dev.push(op)[0]


def case_of(store, code: str) -> dict:
    """The case a tracking code names (read from the server's database)."""
    import sqlalchemy as sa

    from server import db
    with store.read() as conn:
        case_id = conn.execute(sa.select(db.h5_reports.c.case_id).where(
            db.h5_reports.c.code == code.replace("-", ""))).scalar_one()
        return dict(conn.execute(sa.select(db.ENTITIES["cases"]).where(
            db.ENTITIES["cases"].c.id == case_id)).mappings().one())


def count(store, table) -> int:
    import sqlalchemy as sa
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
