"""Blobs (resumable, checksummed), Open311 intake and long-poll on a real server."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import time

import httpx

from srvhelpers import PASSWORD, resident

G1 = "410105003001001"


def chunk_headers(dev, offset, total, data):
    return {**dev.headers, "Upload-Offset": str(offset), "Upload-Length": str(total),
            "Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(data).digest()
                                                            ).decode(),
            "Content-Type": "application/offset+octet-stream"}


def test_resumable_upload_with_corrupt_chunk_and_restart(client, device, units):
    w1 = device("w1")
    data = os.urandom(150_000)
    sha = hashlib.sha256(data).hexdigest()
    assert client.head(f"/blobs/{sha}", headers=w1.headers).status_code == 404
    part = data[:64 * 1024]
    r = client.patch(f"/blobs/{sha}", content=part, headers=chunk_headers(w1, 0, len(data), part))
    assert r.status_code == 200 and r.json()["offset"] == len(part)
    # a corrupt chunk (checksum of other bytes) is refused and not stored
    nxt = data[len(part):2 * len(part)]
    bad = chunk_headers(w1, len(part), len(data), nxt)
    r = client.patch(f"/blobs/{sha}", content=b"x" + nxt[1:], headers=bad)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "checksum_mismatch"
    # a client that lost its place asks the server for the offset and resumes
    head = client.head(f"/blobs/{sha}", headers=w1.headers)
    assert head.status_code == 404 and int(head.headers["Upload-Offset"]) == len(part)
    r = client.patch(f"/blobs/{sha}", content=nxt, headers=chunk_headers(w1, 0, len(data), nxt))
    assert r.status_code == 409 and r.json()["detail"]["offset"] == len(part)
    offset = len(part)
    while offset < len(data):
        piece = data[offset:offset + 64 * 1024]
        r = client.patch(f"/blobs/{sha}", content=piece,
                         headers=chunk_headers(w1, offset, len(data), piece))
        assert r.status_code == 200, r.text
        offset = r.json()["offset"]
    assert r.json()["state"] == "available"
    assert client.head(f"/blobs/{sha}", headers=w1.headers).status_code == 200
    # a photo is read through the rows that name it (the uploader had the bytes)
    assert client.get(f"/blobs/{sha}", headers=w1.headers).status_code == 404
    person = w1.op("residents", "create", resident(units[G1], "孙七"))
    visit = w1.op("visits", "create", {"resident_id": person["entity_id"],
                                       "grid_id": units[G1], "visited_on": "2026-11-20",
                                       "kind": "routine", "photos": json.dumps([sha])})
    assert [r["status"] for r in w1.push(person, visit)] == ["applied"] * 2
    assert client.get(f"/blobs/{sha}", headers=w1.headers).content == data
    # another grid's worker can't download it: nothing they see references it
    assert client.get(f"/blobs/{sha}", headers=device("w2").headers).status_code == 404


def test_upload_whose_bytes_do_not_hash_to_the_name(client, device):
    w1 = device("w1")
    data = b"not the bytes you named"
    sha = hashlib.sha256(b"other").hexdigest()
    r = client.patch(f"/blobs/{sha}", content=data, headers=chunk_headers(w1, 0, len(data), data))
    assert r.status_code == 422 and r.json()["detail"]["code"] == "hash_mismatch"
    assert client.head(f"/blobs/{sha}", headers=w1.headers).status_code == 404


def add_key(store, channel="hotline"):
    from server.open311 import add_api_key
    with store.write() as conn:
        return add_api_key(conn, "12345 热线", channel, time.time())


def test_open311_request_lands_in_grid_queue(client, store, device, units):
    key = add_key(store)
    services = client.get("/open311/v2/services.json").json()
    code = services[0]["service_code"]
    assert client.get(f"/open311/v2/services/{code}.json").status_code == 200
    assert client.post("/open311/v2/requests.json", data={
        "api_key": "wrong", "service_code": code, "attribute[grid_code]": G1}).status_code == 403
    r = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": code, "attribute[grid_code]": G1,
        "description": "路灯不亮", "address_string": "经三路 1 号", "lat": "34.78",
        "long": "113.66", "first_name": "三", "last_name": "张", "phone": "13812345678"})
    assert r.status_code == 200, r.text
    token = r.json()[0]["service_request_id"]
    status = client.get(f"/open311/v2/requests/{token}.json", params={"api_key": key}).json()
    assert status[0]["status"] == "open" and status[0]["status_notes"] == "已受理 / received"
    # the grid's workers see it as 上级交办, reported, with everything the caller said;
    # the neighbour grid does not
    seen, _ = device("head1").pull_all()
    cases = [c["data"] for c in seen if c["entity"] == "cases" and "data" in c]
    assert [(c["number"][:len(G1)], c["source"], c["state"], c["description"],
             c["reporter_phone"]) for c in cases] == [
        (G1, "assigned", "reported", "路灯不亮", "13812345678")]
    assert not [c for c in device("w2").pull_all()[0] if c["entity"] == "cases"]
    bad = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": code, "attribute[grid_code]": "410105003009009"})
    assert bad.status_code == 400


def test_live_server_long_poll_sees_a_change_within_a_second(live_server, units):
    def login(user, dev):
        r = httpx.post(live_server + "/auth/login", json=dict(
            username=user, password=PASSWORD, device_id=dev, device_name=dev))
        r.raise_for_status()
        return {"Authorization": "Bearer " + r.json()["access_token"]}

    a, b = login("w1", "pc-a"), login("head1", "pc-b")
    cursor = httpx.get(live_server + "/sync/changes", params={"cursor": 0, "limit": 1000},
                       headers=b).json()["next_cursor"]
    got: dict = {}

    def poll():
        t0 = time.monotonic()
        r = httpx.get(live_server + "/sync/changes",
                      params={"cursor": cursor, "wait": 10}, headers=b, timeout=20)
        got["at"], got["body"] = time.monotonic(), r.json()
        got["waited"] = got["at"] - t0

    t = threading.Thread(target=poll)
    t.start()
    time.sleep(1.0)
    op = dict(op_id="op-live-1", device_seq=1, tx_id="tx-1", entity="residents",
              entity_id="res-live-1", op="create",
              changed={"id": "res-live-1", **resident(units[G1], "王五")})
    pushed = time.monotonic()
    r = httpx.post(live_server + "/sync/push", json={"ops": [op]}, headers=a)
    assert r.json()["results"][0]["status"] == "applied", r.text
    t.join(15)
    assert [c["id"] for c in got["body"]["changes"]] == ["res-live-1"]
    assert got["at"] - pushed < 1.0
    assert got["waited"] > 0.9     # it really waited for the change
    assert json.dumps(got["body"])
