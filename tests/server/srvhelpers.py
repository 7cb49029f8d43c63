"""Helpers shared by the server tests (imported as a module, not a conftest)."""
from __future__ import annotations

import itertools
import os
import socket
import time
import uuid
from pathlib import Path


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

PG_URL = os.environ.get("GRIDDESK_TEST_PG_URL")
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse 1"
ORG = [
    dict(code="4101", name="郑州市"),
    dict(code="410105", name="金水区"),
    dict(code="410105003", name="花园路街道"),
    dict(code="410105003001", name="经三路社区"),
    dict(code="410105003001001", name="第一网格"),
    dict(code="410105003001002", name="第二网格"),
    dict(code="410105003002", name="农业路社区"),
    dict(code="410105003002001", name="农业路第一网格"),
    dict(code="410105D01", name="金水区城管局", kind="department", parent_code="410105"),
]
USERS = [("w1", "grid_worker", "410105003001001"), ("w2", "grid_worker", "410105003001002"),
         ("head1", "grid_head", "410105003001001"),
         ("sup", "community_supervisor", "410105003001"),
         ("center", "center_operator", "410105003"),
         ("dept", "dept_handler", "410105D01"), ("root", "admin", None),
         ("audit", "auditor", None)]


class Clock:
    def __init__(self):
        self.t = time.time()

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


_devices = itertools.count(1)


class Device:
    """A desktop as the server sees it: a signed-in user, a device id and an op counter."""

    def __init__(self, client, username: str, device_id: str | None = None):
        self.client = client
        self.username = username
        self.device_id = device_id or f"dev-{username}-{next(_devices)}"
        self.seq = 0
        r = client.post("/auth/login", json=dict(username=username, password=PASSWORD,
                                                 device_id=self.device_id,
                                                 device_name=f"PC {username}"))
        assert r.status_code == 200, r.text
        self.tokens = r.json()

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def op(self, entity: str, op: str, changed: dict, *, entity_id: str | None = None,
           tx_id: str | None = None, base_version: int = 0, base_values: dict | None = None,
           device_seq: int | None = None) -> dict:
        if device_seq is None:
            self.seq += 1
            device_seq = self.seq
        entity_id = entity_id or changed.get("id") or str(uuid.uuid4())
        if op in ("create", "transition"):
            changed = {"id": entity_id, **changed}
        return dict(op_id=str(uuid.uuid4()), device_seq=device_seq,
                    tx_id=tx_id or str(uuid.uuid4()), entity=entity, entity_id=entity_id, op=op,
                    changed=changed, base_version=base_version, base_values=base_values or {})

    def push(self, *ops) -> list[dict]:
        r = self.client.post("/sync/push", json={"ops": list(ops)}, headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def pull_all(self, cursor: int = 0) -> tuple[list[dict], int]:
        out = []
        while True:
            r = self.client.get("/sync/changes", params={"cursor": cursor, "limit": 50},
                                headers=self.headers)
            assert r.status_code == 200, r.text
            page = r.json()
            out += page["changes"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return out, cursor

    def get(self, path, **kw):
        return self.client.get(path, headers=self.headers, **kw)

    def post(self, path, **kw):
        return self.client.post(path, headers=self.headers, **kw)


_ids = itertools.count(1)


def fresh_id_number() -> str:
    """A valid 18-digit ID number, another on every call (a scope holds each number
    once: the server refuses a second resident with it, as the desktop does)."""
    import datetime as dt

    from app.models.domain import rules
    n = next(_ids)
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=n % 25000)
    first17 = f"110105{birth:%Y%m%d}{(n // 25000) % 1000:03d}"
    return first17 + rules.id_check_char(first17)


def resident(grid_id: str, name: str = "张三", **extra) -> dict:
    row = dict(grid_id=grid_id, name=name, id_type="resident_id", residence_type="registered",
               status="living", path="410105003001001", created_at="2026-11-28T09:00:00+08:00",
               in_service_party_member=0, id_number=fresh_id_number())
    row.update(extra)
    return row


def snapshot_all(dev, limit=2, at=None) -> tuple[dict, dict]:
    """A desktop's initial sync: the plan, then every entity page by page (small pages
    so paging is exercised). Returns (plan, {(entity, id): row})."""
    plan = dev.get("/sync/snapshot").json()
    at = plan["at"] if at is None else at
    rows = {}
    for entity in plan["entities"]:
        after = None
        while True:
            params = {"entity": entity, "limit": limit, "at": at}
            if after:
                params["after"] = after
            r = dev.get("/sync/snapshot", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            assert page["entity"] == entity and page["at"] == at
            ids = [row["id"] for row in page["rows"]]
            assert ids == sorted(ids) and (not after or ids[0] > after)
            rows.update({(entity, row["id"]): row for row in page["rows"]})
            if not page["has_more"]:
                break
            after = page["next_after"]
    return {**plan, "at": at}, rows


def apply(state: dict, changes: list[dict]) -> dict:
    """Apply a change page the way a desktop does: keep the higher version."""
    for c in changes:
        key = (c["entity"], c["id"])
        old = state.get(key)
        if old is not None and old["version"] > c["version"]:
            continue
        if c.get("deleted"):
            state.pop(key, None)
        else:
            state[key] = {"id": c["id"], "version": c["version"], "data": c["data"]}
    return state


def replay(dev, cursor=0) -> dict:
    changes, _ = dev.pull_all(cursor)
    return apply({}, changes)
