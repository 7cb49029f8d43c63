"""Issue 21: the residents' 随手拍 page on the city server, on SQLite and PostgreSQL.

A resident reports from the page (photos, plain-words category, place, phone), gets a
tracking code, follows the steps and the supervisor's reply, and rates the result;
不满意 opens a 回访核实 case. Every abuse check is tried the way an attacker would:
another site's form, a wrong phone, a script that is not a photo, a flood of reports,
and a retry on a weak connection must never make a second case.
"""
from __future__ import annotations

import json
import threading
import uuid

import pytest
import sqlalchemy as sa

from h5helpers import (COMMUNITY, DEPT, G1, OTHER_GRID, Phone, case_of, count, jpeg, png,
                       step, webp)
from server import db
from srvfixtures import app, client, clock, db_url, device, settings, store, units  # noqa: F401
from srvhelpers import resident

CASES = db.ENTITIES["cases"]


def address(dev, units, grid_code: str, name: str, kind: str = "estate",
            parent_id: str | None = None) -> str:
    row_id = str(uuid.uuid4())
    result = dev.push(dev.op("addresses", "create", dict(
        grid_id=units[grid_code], kind=kind, code=f"{grid_code}{uuid.uuid4().int % 10**6:06d}",
        name=name, full_name=name, path=grid_code, parent_id=parent_id), entity_id=row_id))[0]
    assert result["status"] == "applied", result
    return row_id


def cases(store) -> list[dict]:
    with store.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(CASES)).mappings()]


# ---------------------------------------------------------------- the page itself
def test_the_page_carries_its_security_headers_and_no_inline_script(client):
    page = client.get(f"/h5/?c={COMMUNITY}")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script src=" in page.text and "<script>" not in page.text
    assert " style=" not in page.text and " on" + "click" not in page.text
    cookie = page.headers["set-cookie"]
    assert "h5_csrf=" in cookie and "samesite=strict" in cookie.lower()
    for path in ("/h5/status", "/h5/static/h5.js", "/h5/static/h5.css"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/h5/static/report.html").status_code == 404     # only the assets
    assert client.get("/h5/static/..%2Fh5.py").status_code == 404
    api = client.get(f"/h5/api/community?c={COMMUNITY}")
    assert api.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in api.headers["content-security-policy"]


def test_the_community_lists_place_names_only_never_rooms_or_residents(client, device, units):
    w1, w2 = device("w1"), device("w2")
    estate = address(w1, units, G1, "金水花园")
    address(w1, units, G1, "金水花园 3号楼 2单元 501", kind="room", parent_id=estate)
    address(w2, units, "410105003001002", "农科苑")
    assert w1.push(w1.op("residents", "create", resident(units[G1], name="李秘密")))[0][
        "status"] == "applied"
    r = client.get(f"/h5/api/community?c={COMMUNITY}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "经三路社区"
    assert sorted(p["name"] for p in body["places"]) == ["农科苑", "金水花园"]
    assert "501" not in r.text and "李秘密" not in r.text
    assert {c["words"] for c in body["choices"]} >= {"路灯不亮", "其他问题"}
    for bad in ("410105003", "4101050030019", "x' OR 1=1", "410105003001001"):
        r = client.get("/h5/api/community", params={"c": bad})
        assert r.status_code in (404, 400) and r.json()["error"] in ("no_community", "invalid")


# ---------------------------------------------------------------- the loop
def test_a_report_becomes_a_case_in_the_communitys_queue_with_its_photos(
        client, store, settings, device, units):
    sup = device("sup")
    estate = address(device("w1"), units, G1, "金水花园")
    phone = Phone(client)
    photo = jpeg(exif_secret=b"GPS 34.7766N 113.6654E")
    r = phone.photo(photo, key="k" * 20)
    assert r.status_code == 200, r.text
    r = phone.report(choice="streetlight", place_id=estate, place_text="3号楼东侧",
                     description="3号楼东侧路灯不亮", photos=["k" * 20])
    assert r.status_code == 200, r.text
    code = r.json()["code"]
    assert len(code.replace("-", "")) == 12
    case = case_of(store, code)
    assert case["source"] == "resident_snapshot" and case["state"] == "reported"
    assert case["category"] == "streetlight_out"
    assert case["grid_id"] == units[G1] and case["address_id"] == estate
    assert case["level_unit_id"] == units[COMMUNITY] == case["holder_unit_id"]
    assert case["reporter_phone"] == "13812345678"
    assert "金水花园" in case["location_text"] and "3号楼东侧" in case["location_text"]
    # the supervisor's desktop gets it by sync, photo included; the EXIF did not survive
    changes, _ = sup.pull_all()
    events = [c["data"] for c in changes if c["entity"] == "case_events"
              and c["data"]["case_id"] == case["id"]]
    assert [e["action"] for e in events] == ["report"]
    assert json.loads(events[0]["data"])["channel"] == "snapshot"
    (sha,) = json.loads(events[0]["photos"])
    stored = sup.get(f"/blobs/{sha}")
    assert stored.status_code == 200
    assert stored.content.startswith(b"\xff\xd8") and b"GPS 34.77" not in stored.content
    assert device("w2").get(f"/blobs/{sha}").status_code == 404     # another grid's worker


def test_steps_reply_and_rating_dissatisfied_goes_back_for_verification(
        client, store, device, units):
    sup, dept, w1 = device("sup"), device("dept"), device("w1")
    phone = Phone(client)
    code = phone.report().json()["code"]
    case_id = case_of(store, code)["id"]

    def seen():
        r = phone.status(code)
        assert r.status_code == 200, r.text
        return r.json()

    s = seen()
    assert s["step_words"] == "已受理" and [x["done"] for x in s["steps"]] == [True, False, False]
    assert s["reply"] is None and not s["can_rate"]
    assert phone.rate(code, "satisfied").json()["error"] == "not_closed"
    assert step(sup, case_id, "accept")["status"] == "applied"
    assert step(sup, case_id, "dispatch", {"unit": units[DEPT]})["status"] == "applied"
    assert seen()["step_words"] == "处理中"
    assert step(dept, case_id, "sign")["status"] == "applied"
    assert step(dept, case_id, "note", note="内部：联系了供电所张工 139xxxx")["status"] == "applied"
    assert step(dept, case_id, "feedback", note="已更换灯泡")["status"] == "applied"
    assert step(sup, case_id, "verify_pass")["status"] == "applied"
    # the reply: a supervisor's step; a grid worker or a department cannot write it
    assert step(w1, case_id, "reply", note="假答复")["status"] != "applied"
    assert step(dept, case_id, "reply", note="假答复")["status"] != "applied"
    assert step(sup, case_id, "reply", note="您好，路灯已修复，感谢反映！")["status"] == "applied"
    s = seen()
    assert s["step_words"] == "已办结" and all(x["done"] for x in s["steps"])
    assert s["reply"] == "您好，路灯已修复，感谢反映！" and s["can_rate"]
    text = json.dumps(s, ensure_ascii=False)
    assert "张工" not in text and "已更换灯泡" not in text and "假答复" not in text
    r = phone.rate(code, "dissatisfied", comment="晚上还是黑的")
    assert r.status_code == 200, r.text
    assert r.json()["rating"]["words"] == "不满意" and not r.json()["can_rate"]
    assert r.json()["verification"] == "已受理"
    case = case_of(store, code)
    assert case["state"] == "evaluated" and case["satisfaction"] == "dissatisfied"
    verify = [c for c in cases(store) if c["id"] != case_id]
    assert len(verify) == 1
    v = verify[0]
    assert v["state"] == "reported" and v["title"].startswith("回访核实")
    assert v["level_unit_id"] == units[COMMUNITY] and v["source"] == "resident_snapshot"
    assert case["number"] in v["description"] and "晚上还是黑的" in v["description"]
    # the supervisor's desktop receives the rating and the verification case
    changes, _ = sup.pull_all()
    rated = [c["data"] for c in changes if c["entity"] == "case_events"
             and c["data"]["case_id"] == case_id and c["data"]["action"] == "evaluate"]
    assert json.loads(rated[0]["data"])["satisfaction"] == "dissatisfied"
    assert any(c["entity"] == "cases" and c["data"]["id"] == v["id"] for c in changes)
    # once: a second rating (or the supervisor's own after it) changes nothing
    assert phone.rate(code, "satisfied").json()["error"] == "rated"
    assert case_of(store, code)["satisfaction"] == "dissatisfied"
    assert len(cases(store)) == 2


def test_satisfied_rating_closes_the_loop_without_a_verification_case(client, store, device,
                                                                       units):
    sup = device("sup")
    phone = Phone(client)
    code = phone.report(phone="13900001111").json()["code"]
    case_id = case_of(store, code)["id"]
    for action, data in (("accept", None), ("dispatch", {"unit": units[DEPT]})):
        assert step(sup, case_id, action, data)["status"] == "applied"
    dept = device("dept")
    step(dept, case_id, "sign")
    step(dept, case_id, "feedback")
    step(sup, case_id, "verify_pass")
    r = phone.rate(code, "basically_satisfied", phone="139 0000 1111")
    assert r.status_code == 200 and r.json()["rating"]["words"] == "基本满意"
    assert case_of(store, code)["satisfaction"] == "basically_satisfied"
    assert len(cases(store)) == 1


# ---------------------------------------------------------------- abuse
def test_a_wrong_phone_or_code_gets_the_one_answer_and_nothing_else(client, store):
    phone = Phone(client)
    code = phone.report(description="私密描述：我家楼下").json()["code"]
    other = Phone(client).report(phone="13700000000", description="别人的诉求").json()["code"]
    answers = [phone.status(code, phone="13800000000"),        # right code, wrong phone
               phone.status(other),                             # someone else's code
               phone.status("ABCD-EFGH-JKMN"),                  # no such code
               phone.status("../../etc"),                       # not a code at all
               phone.status(code, phone="not a phone"),
               phone.rate(code, "satisfied", phone="13800000000")]
    for r in answers:
        assert r.status_code == 404
        assert r.json() == answers[0].json()
        assert "私密" not in r.text and "别人" not in r.text
    assert phone.status(code).json()["description"] == "私密描述：我家楼下"


def csrf_attempts(client, phone: Phone, path: str, body: bytes, content_type: str):
    base = {"Content-Type": content_type, "Idempotency-Key": uuid.uuid4().hex}
    yield {**base}                                                     # no token
    yield {**base, "X-CSRF-Token": "x" * 32}                           # a guessed token
    yield {**base, "X-CSRF-Token": phone.token, "Origin": "https://evil.example"}
    yield {**base, "X-CSRF-Token": phone.token, "Origin": "null"}
    yield {**base, "X-CSRF-Token": phone.token, "Sec-Fetch-Site": "cross-site"}


@pytest.mark.parametrize("path", ["/h5/api/photos", "/h5/api/reports", "/h5/api/status",
                                  "/h5/api/rate"])
def test_csrf_is_refused_on_every_post(client, store, path):
    phone = Phone(client)
    code = phone.report().json()["code"]
    before = (count(store, CASES), count(store, db.h5_photos))
    if path == "/h5/api/photos":
        body, ctype = jpeg(), "image/jpeg"
    else:
        body = json.dumps(dict(key=uuid.uuid4().hex, community=COMMUNITY, choice="garbage",
                               place_text="路口", description="垃圾", phone="13812345678",
                               code=code, rating="satisfied")).encode()
        ctype = "application/json"
    for headers in csrf_attempts(client, phone, path, body, ctype):
        r = client.post(path, content=body, headers=headers)
        assert r.status_code == 403, (headers, r.text)
        assert r.json()["error"] == "csrf"
    if path != "/h5/api/photos":
        # a plain HTML form can send no JSON: a form body is refused even with the token
        r = client.post(path, content=b"code=x", headers={
            "X-CSRF-Token": phone.token, "Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415
    assert (count(store, CASES), count(store, db.h5_photos)) == before
    # the page's own request goes through
    ok = client.post(path, content=body, headers={"Content-Type": ctype, "X-CSRF-Token":
                     phone.token, "Origin": "http://testserver", "Idempotency-Key":
                     uuid.uuid4().hex, "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code in (200, 409), ok.text      # 409: rate before closing


def test_photos_are_checked_by_their_bytes_and_size(client, store, settings):
    phone = Phone(client)
    settings.extra["h5_max_photo"] = 200_000
    for data in (b"<script>alert(1)</script>", b"GIF89a" + b"\x00" * 100,
                 b"%PDF-1.4 hello", b"\xff\xd8\xff" + b"\x00" * 10, b""):
        r = phone.photo(data, content_type="image/jpeg")
        assert r.status_code == 415, (data[:10], r.text)
        assert r.json()["error"] == "photo_type"
    r = phone.photo(b"\xff\xd8\xff\xe0" + b"\x00" * 300_000)
    assert r.status_code == 413 and r.json()["error"] == "photo_too_large"
    assert count(store, db.h5_photos) == 0
    for data, ctype in ((jpeg(), "image/jpeg"), (png(), "image/png"), (webp(), "image/webp"),
                        (png(), "image/jpeg")):          # the bytes decide, not the label
        assert phone.photo(data, content_type=ctype).status_code == 200
    r = phone.report(photos=["nope" * 5])
    assert r.status_code == 400 and r.json()["field"] == "photos"
    keys = [uuid.uuid4().hex for _ in range(4)]
    for k in keys:
        phone.photo(jpeg(), key=k)
    assert phone.report(photos=keys).status_code == 400          # at most 3
    assert count(store, CASES) == 0


def test_rate_limits_per_phone_per_address_and_for_guessing(client, store, settings, clock):
    phone = Phone(client)
    settings.extra.update(h5_reports_per_phone=[2, 3600], h5_reports_per_address=[4, 3600],
                          h5_photos_per_address=[3, 3600], h5_misses_per_address=[5, 3600],
                          h5_misses_per_code=[3, 3600])
    first_key = uuid.uuid4().hex
    first = phone.report(key=first_key)
    assert first.status_code == 200
    assert phone.report(phone="138 1234 5678").status_code == 200
    r = phone.report(phone="+8613812345678")
    assert r.status_code == 429 and r.json()["error"] == "rate_limited"
    # the page retrying a report that did arrive is not a new report: same code, no 429
    again = phone.report(key=first_key)
    assert again.status_code == 200 and again.json() == first.json()
    assert phone.report(phone="13900000001").status_code == 200
    assert phone.report(phone="13900000002").status_code == 200
    assert phone.report(phone="13900000003").status_code == 429      # the address's limit
    assert count(store, CASES) == 4
    for _ in range(3):
        assert phone.photo(jpeg()).status_code == 200
    assert phone.photo(jpeg()).status_code == 429
    clock.advance(3601)
    assert phone.report(phone="13900000003").status_code == 200
    assert phone.photo(jpeg()).status_code == 200
    # guessing a code's phone: a few misses per code, then even the right phone waits
    code = phone.report(phone="13900000004").json()["code"]
    for i in range(3):
        assert phone.status(code, phone=f"1390000100{i}").status_code == 404
    assert phone.status(code, phone="13900000004").status_code == 429
    clock.advance(3601)
    assert phone.status(code, phone="13900000004").status_code == 200
    for i in range(5):
        assert phone.status("ABCD-EFGH-JKM" + "NPQRS"[i]).status_code == 404
    assert phone.status(code, phone="13900000004").status_code == 429    # the address's


def test_a_retried_report_or_photo_makes_nothing_twice(client, store, units):
    phone = Phone(client)
    key = uuid.uuid4().hex
    assert phone.photo(jpeg(), key=key + "-p0").status_code == 200
    assert phone.photo(jpeg(), key=key + "-p0").status_code == 200          # resent
    assert count(store, db.h5_photos) == 1
    report_key = uuid.uuid4().hex
    first = phone.report(key=report_key, photos=[key + "-p0"])
    again = phone.report(key=report_key, photos=[key + "-p0"])
    assert first.status_code == again.status_code == 200
    assert first.json()["code"] == again.json()["code"]
    assert count(store, CASES) == 1
    # the same key from another phone: refused, and it reveals nothing
    r = phone.report(key=report_key, phone="13700000000")
    assert r.status_code == 409 and first.json()["code"] not in r.text
    # a burst of the same report at once (the page retrying on a flaky connection)
    burst_key = uuid.uuid4().hex
    answers: list = []

    def send():
        answers.append(phone.report(key=burst_key, phone="13600000000"))
    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [200] * 4
    assert len({a.json()["code"] for a in answers}) == 1
    assert count(store, CASES) == 2


def test_bad_input_gets_a_clear_400_and_saves_nothing(client, store, device, units):
    phone = Phone(client)
    # a place of another community: a real address, but not this community's
    other_place = address(device("center"), units, OTHER_GRID, "农业路小区")
    cases_before = count(store, CASES)
    for fields, field in (({"phone": "12345"}, "phone"), ({"description": ""}, "description"),
                          ({"description": "长" * 501}, "description"),
                          ({"choice": "bomb"}, "choice"),
                          ({"place_text": None}, "place"),
                          ({"place_id": other_place}, "place"),
                          ({"lat": 999, "lon": 1}, "place"),
                          ({"community": "410105003002001"}, "community")):
        r = phone.report(**fields)
        assert 400 <= r.status_code < 500 and r.json().get("field") == field, (fields, r.text)
        assert r.json()["message"]
    assert count(store, CASES) == cases_before
    r = client.post("/h5/api/reports", content=b"[1,2", headers={
        "X-CSRF-Token": phone.token, "Content-Type": "application/json"})
    assert r.status_code == 400



def test_the_server_reports_the_three_rates_of_residents_demands(client, store, device, units):
    sup, dept = device("sup"), device("dept")
    phone = Phone(client)
    code = phone.report().json()["code"]
    other = phone.report(phone="13900002222", choice="other", place_text="别处").json()["code"]
    case_id = case_of(store, code)["id"]
    step(sup, case_id, "accept")
    step(sup, case_id, "dispatch", {"unit": units[DEPT]})
    step(dept, case_id, "sign")
    step(dept, case_id, "feedback")
    step(sup, case_id, "verify_pass")
    assert phone.rate(code, "dissatisfied").status_code == 200
    r = sup.get("/indicators/three-rates", params={"org": COMMUNITY, "by": "org",
                                                     "depth": 15})
    assert r.status_code == 200, r.text
    total = r.json()["total"]
    number = case_of(store, code)["number"]
    # the 回访核实 case is a resident's demand too, reported now and not answered yet
    assert total["resident_satisfaction_rate"]["denominator"] == 1
    assert total["resident_satisfaction_rate"]["value"] == 0.0
    assert total["resolution_rate"]["numerator"] == 0          # rated 不满意: not resolved
    assert number in total["resolution_rate"]["denominator_cases"]
    assert case_of(store, other)["number"] in total["resolution_rate"]["denominator_cases"]
    assert [g["key"] for g in r.json()["groups"]] == [G1]
    # only the 评 right asks; a grid worker's scope is not the community's
    assert device("w1").get("/indicators/three-rates").status_code == 403
    assert sup.get("/indicators/three-rates", params={"by": "org"}).status_code == 422
    assert device("w2").get("/indicators/three-rates").status_code == 403


def test_old_rate_limit_hits_are_forgotten(client, store, settings, clock):
    """The counters keep only what a window can still count (hashed keys, no phone)."""
    phone = Phone(client)
    for i in range(3):
        assert phone.report(phone=f"1390000300{i}").status_code == 200
    assert count(store, db.h5_hits) == 6
    with store.read() as conn:
        keys = conn.execute(sa.select(db.h5_hits.c.key)).scalars().all()
    assert not any("1390000300" in k for k in keys)
    clock.advance(2 * 24 * 3600)
    assert phone.report(phone="13900003009").status_code == 200
    assert count(store, db.h5_hits) == 2
