"""Issue 13 #7: the device audit upload was forgeable and could be emptied.

- records whose ``actor`` is someone else were shown to the auditor as theirs;
- a record with seq 10^9 made the server drop every later real record while it
  answered ``last_seq`` = 10^9, so the desktop never sent them again.

Reproduced against a real server on SQLite and PostgreSQL (TestClient through the
``db_url`` fixtures, and a real ``python -m server serve`` for the desktop side,
which uploads from a real SQLCipher store through its HTTP client).
"""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.models.domain.audit_chain import digest
from app.models.write import audit
from app.models.store.database import open_store
from server import db
from srvhelpers import PASSWORD

AT = "2026-11-28T09:00:00+08:00"


def user_id(dev) -> str:
    return dev.get("/auth/me").json()["user_id"]


def local_log(tmp_path, actors: list[str], name: str = "pc") -> list[dict]:
    """A desktop's audit log with one record per actor, as the desktop writes it."""
    store = open_store(tmp_path / name)
    try:
        with store.transaction() as conn:
            for i, actor in enumerate(actors):
                audit.append(conn, at=AT, actor=actor, action="reveal", entity="residents",
                             entity_id=f"r{i + 1}", detail={"field": "id_number"})
        return read_log(store)
    finally:
        store.close()


def read_log(store) -> list[dict]:
    cur = store.conn.execute("SELECT seq, at, actor, action, entity, entity_id, detail, "
                             "prev_hash, hash FROM audit_log ORDER BY seq")
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def forged(after: dict, seq: int, actor: str, **fields) -> dict:
    """A record a crafted client makes: well formed, correctly hashed, chained on."""
    rec = dict(seq=seq, at=AT, actor=actor, action=fields.get("action", "export"),
               entity=None, entity_id=None, detail=fields.get("detail"),
               prev_hash=after["hash"])
    rec["hash"] = digest(rec["prev_hash"], rec["at"], rec["actor"], rec["action"],
                        rec["entity"], rec["entity_id"], rec["detail"])
    return rec


def device_rows(store, device_id: str) -> list[dict]:
    t = db.device_audit
    with store.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).where(t.c.device_id == device_id)
                                              .order_by(t.c.seq)).mappings()]


# ---------------------------------------------------------------- the server
def test_a_record_naming_another_person_is_refused(tmp_path, device, store):
    w1, sup, auditor = device("w1"), device("sup"), device("audit")
    me, victim = user_id(w1), user_id(sup)
    records = local_log(tmp_path, [me, me, victim, me])
    r = w1.post("/audit/upload", json={"records": records})
    assert r.status_code == 422, r.text
    problem = r.json()["detail"]
    assert (problem["code"], problem["seq"], problem["last_seq"]) == ("audit_actor", 3, 2)
    # nothing from the refused record on; the two before it are kept
    rows = device_rows(store, w1.device_id)
    assert [row["seq"] for row in rows] == [1, 2]
    assert {row["user_id"] for row in rows} == {me}
    listed = [x for x in auditor.get("/audit/records").json() if x["source"] == "device"]
    assert len(listed) == 2
    assert {x["actor"] for x in listed} == {me} and victim not in json.dumps(listed)
    # the refusal itself is on the server's own audit log, for the auditor
    refused = auditor.get("/audit/records", params={"action": "audit.refused"}).json()
    assert [x["detail"]["seq"] for x in refused] == [3]


def test_a_seq_jump_is_refused_and_later_records_still_arrive(tmp_path, device, store):
    w1, auditor = device("w1"), device("audit")
    me = user_id(w1)
    records = local_log(tmp_path, [me] * 4)
    assert w1.post("/audit/upload", json={"records": records[:2]}).json()["last_seq"] == 2
    jump = forged(records[1], 10**9, me)
    r = w1.post("/audit/upload", json={"records": [jump]})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "audit_seq_gap"
    assert r.json()["detail"]["last_seq"] == 2
    # a gap inside one upload is refused at the gap too, keeping what came before
    r = w1.post("/audit/upload", json={"records": [records[2], forged(records[2], 9, me)]})
    assert r.status_code == 422 and r.json()["detail"]["last_seq"] == 3
    r = w1.post("/audit/upload", json={"records": records[2:]})
    assert r.status_code == 200 and r.json() == {"stored": 1, "last_seq": 4, "broken_at": None}
    assert [row["seq"] for row in device_rows(store, w1.device_id)] == [1, 2, 3, 4]
    chains = auditor.get("/audit/chains").json()
    assert [(c["count"], c["last_seq"], c["broken_at"]) for c in chains] == [(4, 4, None)]


def test_a_stored_record_can_never_be_replaced_or_erased(tmp_path, device, store):
    w1, auditor = device("w1"), device("audit")
    me = user_id(w1)
    records = local_log(tmp_path, [me] * 3)
    assert w1.post("/audit/upload", json={"records": records}).status_code == 200
    before = device_rows(store, w1.device_id)
    # the same seqs again with other content (a whitewashed log), and "fewer" records
    other = local_log(tmp_path, [me, me], name="whitewashed")
    other = [{**rec, "detail": json.dumps({"field": "nothing"})} for rec in other]
    for attempt in (other, records[:1], []):
        r = w1.post("/audit/upload", json={"records": attempt})
        assert r.status_code == 200 and r.json()["last_seq"] == 3
    assert device_rows(store, w1.device_id) == before
    listed = [x for x in auditor.get("/audit/records").json() if x["source"] == "device"]
    assert sorted(x["entity_id"] for x in listed) == ["r1", "r2", "r3"]


def test_automatic_records_are_the_uploaders_own(tmp_path, device):
    """The desktop writes "sync" and "system" for what it did by itself (a refused op
    noted during a sync, demo data): they are the uploader's automatic actions,
    never another person's."""
    w1, auditor = device("w1"), device("audit")
    me = user_id(w1)
    records = local_log(tmp_path, [me, "sync", "system"])
    assert w1.post("/audit/upload", json={"records": records}).status_code == 200
    listed = sorted((x for x in auditor.get("/audit/records").json()
                     if x["source"] == "device"), key=lambda x: x["seq"])
    assert [(x["actor"], x["automatic"]) for x in listed] == [
        (me, None), (me, "sync"), (me, "system")]
    assert {x["actor_name"] for x in listed} == {"w1"}
    assert {x["uploaded_by"] for x in listed} == {me}
    assert {x["device_id"] for x in listed} == {w1.device_id}
    by_user = auditor.get("/audit/records", params={"user": me}).json()
    assert len([x for x in by_user if x["source"] == "device"]) == 3


# ---------------------------------------------------------------- the desktop
@pytest.fixture
def signed_in(live_server, tmp_path):
    """A desktop (real SQLCipher store) signed in as w1 to a real server process."""
    from app.sync import session
    made = []

    def make(name: str = "pc-w1", username: str = "w1"):
        local = open_store(tmp_path / name)
        s = session.sign_in(local, live_server, username, PASSWORD, device_name=name)
        made.append(local)
        return local, session.client_for(local, s), s.user["user_id"]
    yield make
    for local in made:
        local.close()


class Counting:
    """The desktop's own client, counting the audit uploads it sends."""

    def __init__(self, client):
        self.client, self.calls = client, 0

    def upload_audit(self, records):
        self.calls += 1
        return self.client.upload_audit(records)


def append(local, actors):
    with local.transaction() as conn:
        for actor in actors:
            audit.append(conn, at=AT, actor=actor, action="reveal", entity="residents",
                         entity_id="r", detail={"field": "phone"})


def sent_seq(local) -> int:
    row = local.conn.execute("SELECT value FROM meta WHERE key = 'audit.sent_seq'").fetchone()
    return int(row[0]) if row else 0


def test_desktop_stops_at_a_refusal_without_looping_or_losing_records(signed_in, store,
                                                                      monkeypatch):
    from app.sync import audit_upload
    local, client, me = signed_in()
    append(local, [me, me, "local-worker", me])   # a record the server will refuse
    counting = Counting(client)
    audit_upload.upload(local, counting)                 # no exception: the sync goes on
    assert counting.calls == 1
    device_id = local.meta("device_id")
    assert [row["seq"] for row in device_rows(store, device_id)] == [1, 2]
    assert sent_seq(local) == 2
    refusal = audit_upload.refusal(local)
    assert (refusal["seq"], refusal["code"]) == (3, "audit_actor")
    for _ in range(3):      # later syncs do not hammer the server with the same records
        audit_upload.upload(local, counting)
    assert counting.calls == 1
    # nothing is lost on the PC: the refused record and the one after it are kept
    assert [r["seq"] for r in read_log(local)] == [1, 2, 3, 4]
    # after a while it asks once more (the server may have been upgraded meanwhile)
    monkeypatch.setattr(audit_upload, "RETRY_REFUSED_AFTER", 0)
    audit_upload.upload(local, counting)
    assert counting.calls == 2 and audit_upload.refusal(local)["seq"] == 3


def test_desktop_sends_again_what_the_server_lost(signed_in, store):
    """The server went back to an older state (a restored backup): the desktop is told
    where the server is and sends the rest, instead of leaving a gap forever."""
    from app.sync import audit_upload
    local, client, me = signed_in()
    append(local, [me] * 5)
    audit_upload.upload(local, client)
    device_id = local.meta("device_id")
    with store.write() as conn:
        conn.execute(db.device_audit.delete().where(db.device_audit.c.device_id == device_id,
                                                    db.device_audit.c.seq > 2))
    append(local, [me])
    audit_upload.upload(local, client)
    rows = device_rows(store, device_id)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert all(r["link_ok"] for r in rows)
    assert audit_upload.refusal(local) is None


def test_desktop_does_not_trust_a_last_seq_beyond_its_own_log(signed_in, store):
    """What the old server answered after a forged seq 10^9: the desktop had stored it
    as "sent" and never sent its records again."""
    from app.sync import audit_upload
    local, client, me = signed_in()
    append(local, [me] * 3)
    with local.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('audit.sent_seq', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(10**9),))
    audit_upload.upload(local, client)
    assert [r["seq"] for r in device_rows(store, local.meta("device_id"))] == [1, 2, 3]
    assert sent_seq(local) == 3
