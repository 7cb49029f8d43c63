"""Admin commands an IT person runs: the audit chain check, revoking a lost PC,
loading dictionaries that then decide case deadlines, and the schema ladder."""
from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from app.models.domain import categories as cats
from app.models.domain import calendar as cal
from server import audit, db, migrations
from server.__main__ import main as cli
from srvhelpers import PASSWORD, resident

G1 = "410105003001001"


# ---------------------------------------------------------------- audit chain
def audit_verify(settings, capsys) -> tuple[int, dict]:
    rc = cli(["--db", settings.db_url, "audit-verify"])
    return rc, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_audit_chain_detects_an_edited_and_a_removed_record(device, store, settings, capsys):
    device("w1"), device("sup")           # sign-ins are audited too
    rc, report = audit_verify(settings, capsys)
    assert rc == 0 and report["first_broken"] is None and report["records"] >= 10
    with store.read() as conn:
        victim = conn.execute(sa.select(db.audit).where(db.audit.c.action == "user.create")
                              .order_by(db.audit.c.seq).limit(1)).mappings().one()
    # someone quietly makes a user an admin in the record of its creation
    with store.write() as conn:
        conn.execute(db.audit.update().where(db.audit.c.seq == victim["seq"])
                     .values(detail={**victim["detail"], "role": "admin"}))
    rc, report = audit_verify(settings, capsys)
    assert rc == 1 and report["first_broken"] == victim["seq"]
    assert "edited" in report["reason"]
    with store.write() as conn:
        conn.execute(db.audit.update().where(db.audit.c.seq == victim["seq"])
                     .values(detail=victim["detail"]))
    assert audit_verify(settings, capsys)[0] == 0
    # …or removes it: the record after it no longer links
    with store.write() as conn:
        conn.execute(db.audit.delete().where(db.audit.c.seq == victim["seq"]))
        following = conn.execute(sa.select(sa.func.min(db.audit.c.seq))
                                 .where(db.audit.c.seq > victim["seq"])).scalar()
    rc, report = audit_verify(settings, capsys)
    assert rc == 1 and report["first_broken"] == following


def test_a_version_1_database_gets_its_audit_chain(db_url):
    store = db.Store(db_url)
    try:
        migrations.migrate(store, target=1)
        with store.write() as conn:     # schema version 1 had no chain columns
            conn.execute(sa.text("ALTER TABLE audit DROP COLUMN prev_hash"))
            conn.execute(sa.text("ALTER TABLE audit DROP COLUMN hash"))
            for i in range(3):
                conn.execute(sa.text("INSERT INTO audit(at, actor, action, detail) "
                                     "VALUES (:at, NULL, 'login', :d)"),
                             {"at": f"2026-01-0{i + 1}T00:00:00+00:00",
                              "d": json.dumps({"n": i})})
        assert migrations.migrate(store) == [s for s in migrations.step_numbers() if s > 1]
        with store.read() as conn:
            assert audit.verify(conn) == {"records": 3, "first_broken": None, "reason": None}
            columns = {c["name"] for c in sa.inspect(conn).get_columns("audit")}
        assert {"prev_hash", "hash"} <= columns
    finally:
        store.dispose()


# ---------------------------------------------------------------- devices
def test_revoked_device_is_locked_out_at_once(client, device, units, store, settings):
    lost, other = device("w1", "pc-lost"), device("w1", "pc-office")
    assert lost.push(lost.op("residents", "create", resident(units[G1])))[0]["status"] \
        == "applied"
    assert cli(["--db", settings.db_url, "revoke-device", "pc-lost"]) == 0
    assert lost.get("/auth/me").status_code == 401
    r = lost.post("/sync/push", json={"ops": [lost.op("residents", "create",
                                                       resident(units[G1]))]})
    assert r.status_code == 401
    r = client.post("/auth/refresh", json={"refresh_token": lost.tokens["refresh_token"]})
    assert r.status_code == 401 and r.json()["detail"]["code"] == "device_revoked"
    r = client.post("/auth/login", json=dict(username="w1", password=PASSWORD,
                                             device_id="pc-lost", device_name="PC"))
    assert r.status_code == 403 and r.json()["detail"]["code"] == "device_revoked"
    # even a token that escaped revocation is refused for that device
    with store.write() as conn:
        conn.execute(db.tokens.update().where(db.tokens.c.device_id == "pc-lost")
                     .values(revoked_at=None))
    r = lost.get("/auth/me")
    assert r.status_code == 401 and r.json()["detail"]["code"] == "device_revoked"
    # the user's other PC goes on working
    assert other.push(other.op("residents", "create", resident(units[G1])))[0]["status"] \
        == "applied"
    with pytest.raises(SystemExit):
        cli(["--db", settings.db_url, "revoke-device", "no-such-pc"])


# ---------------------------------------------------------------- dictionaries
def transition(dev, case_id, action, at, data=None):
    return dev.op("case_events", "transition", dict(
        case_id=case_id, action=action, device_time=at, data=json.dumps(data or {}),
        photos="[]"))


def dispatched_case(w1, sup, units, dispatch_at: str) -> dict:
    case_id = str(uuid.uuid4())
    tx = str(uuid.uuid4())
    create = w1.op("cases", "create", dict(
        number=f"{G1}-20261127-abc123-{uuid.uuid4().hex[:4]}", grid_id=units[G1], path=G1,
        title="垃圾", category="exposed_garbage", source="patrol",
        created_at="2026-11-27T09:00:00+08:00"), entity_id=case_id, tx_id=tx)
    report = transition(w1, case_id, "report", "2026-11-27T09:00:00+08:00",
                        {"unit": units[G1]})
    report["tx_id"] = tx
    assert [r["status"] for r in w1.push(create, report)] == ["applied"] * 2
    results = sup.push(transition(sup, case_id, "accept", dispatch_at),
                       transition(sup, case_id, "dispatch", dispatch_at,
                                  {"unit": units["410105D01"]}))
    assert [r["status"] for r in results] == ["applied"] * 2
    return [c for c in sup.pull_all()[0] if c["id"] == case_id][-1]["data"]


def test_deadlines_follow_the_dictionaries_loaded_into_the_server(device, units, settings,
                                                                  tmp_path):
    w1, sup = device("w1"), device("sup")
    friday = "2026-11-27T10:00:00+08:00"
    # the shipped dictionaries: 暴露垃圾 is 1 working day → Monday
    assert dispatched_case(w1, sup, units, friday)["deadline"] == "2026-11-30T10:00:00+08:00"
    # the city lengthens it to 3 working days
    data = json.loads(cats.default_path().read_text(encoding="utf-8"))
    data["version"] += 1
    for row in data["categories"]:
        if row["code"] == "exposed_garbage":
            row["limit"] = {"days": 3}
    (tmp_path / "categories.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert cli(["--db", settings.db_url, "load-dictionary", "categories",
                str(tmp_path / "categories.json")]) == 0
    assert dispatched_case(w1, sup, units, friday)["deadline"] == "2026-12-02T10:00:00+08:00"
    # and a corrected 2026 notice adds two days off (Mon 30 Nov, Tue 1 Dec)
    notice = json.loads((cal.calendar_dir() / "2026.json").read_text(encoding="utf-8"))
    notice["version"] = 2
    notice["holidays"].append({"name": "测试", "from": "2026-11-30", "to": "2026-12-01"})
    (tmp_path / "2026.json").write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
    assert cli(["--db", settings.db_url, "load-dictionary", "calendar",
                str(tmp_path / "2026.json")]) == 0
    assert dispatched_case(w1, sup, units, friday)["deadline"] == "2026-12-04T10:00:00+08:00"
    # loading one year's notice keeps the other years for the desktops
    content = sup.get("/dictionaries/calendar").json()["content"]
    assert [(n["year"], n["version"]) for n in content][-1] == (2026, 2)
    assert 2025 in [n["year"] for n in content]
