"""The desktops' audit logs reach the server (domain.md §6): each record once,
its hash chain re-checked, and only the auditor may read them."""
from __future__ import annotations

import json

from app.models.store.database import open_store
from app.models.write import audit


def local_records(tmp_path, actor, n=3, tamper_at=None):
    store = open_store(tmp_path / "pc")
    with store.transaction() as conn:
        for i in range(n):
            audit.append(conn, at=f"2026-11-28T09:0{i}:00+08:00", actor=actor,
                         action="reveal", entity="residents", entity_id=f"r{i}",
                         detail={"field": "id_number", "reason": "核实"})
    cur = store.conn.execute("SELECT seq, at, actor, action, entity, entity_id, detail, "
                             "prev_hash, hash FROM audit_log ORDER BY seq")
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    store.close()
    if tamper_at is not None:   # what a record edited in the file on the PC looks like
        rows[tamper_at - 1]["detail"] = json.dumps({"field": "phone"})
    return rows


def test_upload_is_idempotent_and_the_auditor_reads_it(tmp_path, device):
    w1 = device("w1")
    records = local_records(tmp_path, w1.get("/auth/me").json()["user_id"])
    r = w1.post("/audit/upload", json={"records": records[:2]})
    assert r.status_code == 200, r.text
    assert r.json() == {"stored": 2, "last_seq": 2, "broken_at": None}
    # a lost answer: the same records again plus the next one
    r = w1.post("/audit/upload", json={"records": records})
    assert r.json() == {"stored": 1, "last_seq": 3, "broken_at": None}

    assert w1.get("/audit/records").status_code == 403   # a worker does not read the log
    auditor = device("audit")
    rows = auditor.get("/audit/records", params={"action": "reveal"}).json()
    assert [row["entity_id"] for row in rows if row["source"] == "device"] == ["r2", "r1", "r0"]
    assert rows[0]["device_name"] == "PC w1"
    chains = auditor.get("/audit/chains").json()
    assert chains == [{"device_id": w1.device_id, "device_name": "PC w1",
                       "user_id": chains[0]["user_id"], "count": 3, "last_seq": 3,
                       "broken_at": None}]


def test_a_record_edited_on_the_pc_breaks_that_devices_chain(tmp_path, device):
    w1 = device("w1")
    me = w1.get("/auth/me").json()["user_id"]
    r = w1.post("/audit/upload", json={"records": local_records(tmp_path, me, 4, tamper_at=3)})
    assert r.json()["broken_at"] == 3
    chains = device("audit").get("/audit/chains").json()
    assert chains[0]["broken_at"] == 3 and chains[0]["count"] == 4


def test_a_forged_jump_stored_before_seqs_were_checked_swallows_nothing(tmp_path, device,
                                                                        store):
    """A database from before the fix may hold a forged seq 10^9 for a device: the
    device's real records after its real ones are still taken."""
    from server import db
    w1 = device("w1")
    me = w1.get("/auth/me").json()["user_id"]
    records = local_records(tmp_path, me, 4)
    assert w1.post("/audit/upload", json={"records": records[:2]}).json()["last_seq"] == 2
    with store.write() as conn:
        conn.execute(db.device_audit.insert().values(
            device_id=w1.device_id, seq=10**9, user_id=me, at="2026-11-28T09:00:00+08:00",
            actor=me, action="export", prev_hash=records[1]["hash"], hash="f" * 64,
            link_ok=True, received_at="2026-11-28T09:00:00+08:00"))
    r = w1.post("/audit/upload", json={"records": records[2:]})
    assert r.json() == {"stored": 2, "last_seq": 4, "broken_at": None}
