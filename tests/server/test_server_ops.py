"""What the city's IT department sees: /health for the load balancer, and logs that
are JSON lines holding no token, key, password or resident data."""
from __future__ import annotations

import json
import time

import httpx
from fastapi.testclient import TestClient

from server import db
from server.app import create_app
from server.config import Settings
from server.open311 import add_api_key
from srvhelpers import PASSWORD, resident

G1 = "410105003001001"


def test_health_says_when_the_database_is_gone(tmp_path):
    app = create_app(Settings(db_url="postgresql://nobody@127.0.0.1:1/none"), migrate=False,
                     store=db.Store("postgresql://nobody@127.0.0.1:1/none"))
    with TestClient(app) as client:
        r = client.get("/health")
    assert r.status_code == 503 and r.json()["database"] == "unreachable"


def test_logs_are_json_lines_without_secrets_or_personal_data(live_server, store, units,
                                                              tmp_path):
    base = live_server
    r = httpx.get(base + "/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    tokens = httpx.post(base + "/auth/login", json=dict(
        username="w1", password=PASSWORD, device_id="pc-1", device_name="PC")).json()
    h = {"Authorization": f"Bearer {tokens['access_token']}"}
    person = resident(units[G1], "欧阳锋", phone="13812345678")
    op = dict(op_id="op-1", device_seq=1, tx_id="tx-1", entity="residents",
              entity_id="r-1", op="create", changed={"id": "r-1", **person})
    r = httpx.post(base + "/sync/push", json={"ops": [op]}, headers=h)
    assert r.json()["results"][0]["status"] == "applied"
    assert httpx.get(base + "/sync/changes", params={"cursor": 0}, headers=h).status_code == 200
    assert httpx.get(base + "/sync/snapshot", params={"entity": "residents"},
                     headers=h).status_code == 200
    with store.write() as conn:
        key = add_api_key(conn, "12345", "hotline", time.time())
    httpx.get(base + "/open311/v2/requests.json",
              params={"api_key": key, "service_request_id": "x"})
    httpx.post(base + "/auth/login", json=dict(username="w1", password="wrong-secret-42"))
    httpx.post(base + "/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    time.sleep(0.5)
    text = (tmp_path / "server.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert all({"ts", "level", "msg"} <= set(line) for line in lines)
    for secret in (tokens["access_token"], tokens["refresh_token"], key, PASSWORD,
                   "wrong-secret-42", "欧阳锋", "13812345678", person["id_number"]):
        assert secret not in text
    routes = {(x.get("route"), x.get("status")) for x in lines if x["msg"] == "request"}
    assert ("/sync/push", 200) in routes and ("/auth/login", 401) in routes
    assert ("/open311/v2/requests.json", 200) in routes
    assert any(x["msg"] == "push" and x.get("applied") == 1 for x in lines)
