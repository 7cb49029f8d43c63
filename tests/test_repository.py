"""The one write path (architecture.md): every roster write leaves exactly one
outbox op per changed row, with the fields of sync-protocol.md, and one audit
record, in the same transaction; the audit log is a tamper-evident chain."""
from __future__ import annotations

import json
import uuid

import pytest
import sqlcipher3

from app.models.domain import audit_chain
from app.models.roster.repository import ValidationError
from app.models.write import audit, outbox
from app.models.write.unit import unit_of_work

ZSF_ID = "11010519491231002X"
ACTION = {"create": "create", "patch": "update", "delete": "delete"}


def rows(conn, sql, params=()):
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


class Journal:
    """Watches the outbox and audit log from a starting point."""

    def __init__(self, conn):
        self.conn = conn
        self.mark()

    def mark(self):
        self.seq = self.conn.execute("SELECT coalesce(max(device_seq), 0) FROM outbox").fetchone()[0]
        self.aseq = self.conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]

    def ops(self):
        return rows(self.conn, "SELECT * FROM outbox WHERE device_seq > ? ORDER BY device_seq",
                    (self.seq,))

    def audits(self):
        return rows(self.conn, "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq", (self.aseq,))

    def unit(self, expected):
        """Check the ops written since mark() form one unit of work touching exactly
        ``expected`` = [(entity, entity_id, op), ...]; return them by entity_id."""
        ops = self.ops()
        assert sorted((o["entity"], o["entity_id"], o["op"]) for o in ops) == sorted(expected)
        # one op per changed row
        assert len({o["entity_id"] for o in ops}) == len(ops)
        # device_seq continues without a gap
        assert [o["device_seq"] for o in ops] == list(range(self.seq + 1, self.seq + 1 + len(ops)))
        # one transaction id for the unit, not shared with any earlier op
        tx_ids = {o["tx_id"] for o in ops}
        assert len(tx_ids) == 1
        tx_id = tx_ids.pop()
        assert uuid.UUID(tx_id).version == 7
        assert self.conn.execute("SELECT count(*) FROM outbox WHERE tx_id = ? AND device_seq <= ?",
                                 (tx_id, self.seq)).fetchone()[0] == 0
        for o in ops:
            assert uuid.UUID(o["op_id"]).version == 7 and str(uuid.UUID(o["op_id"])) == o["op_id"]
            assert o["state"] == "pending" and o["attempts"] == 0 and o["last_error"] is None
            o["changed"] = json.loads(o["changed"])
            o["base_values"] = json.loads(o["base_values"])
            assert isinstance(o["changed"], dict) and o["changed"]
            assert isinstance(o["base_values"], dict)
            assert isinstance(o["base_version"], int)
            assert "rid" not in o["changed"] and "version" not in o["changed"]
            if o["op"] == "patch":
                assert set(o["base_values"]) == set(o["changed"])
        # one audit record per op, same entity, same time
        audits = self.audits()
        assert sorted((a["entity"], a["entity_id"], a["action"]) for a in audits) == sorted(
            (o["entity"], o["entity_id"], ACTION[o["op"]]) for o in ops)
        assert {a["at"] for a in audits} == {o["created_at"] for o in ops}
        assert {a["actor"] for a in audits} == {"worker-1"}
        assert audit.verify_chain(self.conn) is None
        self.mark()
        return {o["entity_id"]: o for o in ops}

    def nothing(self):
        assert self.ops() == [] and self.audits() == []


@pytest.fixture
def journal(store, street):
    return Journal(store.conn)


def zsf_values(**extra):
    values = {"name": "张三丰", "id_number": "11010519491231002x", "phone": "13812341234",
              "residence_type": "registered"}
    values.update(extra)
    return values


@pytest.fixture
def zsf(roster, street, journal):
    row = roster.create_resident(zsf_values(), household_id=street["household1"]["id"],
                                 relation="self")
    journal.mark()
    return row


# -- one op per changed row, one audit record each -------------------------------

def test_create_resident_as_head_writes_resident_and_household_ops(roster, street, journal):
    h1 = street["household1"]["id"]
    row = roster.create_resident(zsf_values(), household_id=h1, relation="self")
    ops = journal.unit([("residents", row["id"], "create"), ("households", h1, "patch")])
    created = ops[row["id"]]["changed"]
    assert created["name"] == "张三丰" and created["id_number"] == ZSF_ID
    assert created["gender"] == "F" and created["birth_date"] == "1949-12-31"
    assert created["household_id"] == h1 and created["relation"] == "self"
    assert created["id"] == row["id"] and created["deleted_at"] is None
    assert ops[row["id"]]["base_version"] == 0 and ops[row["id"]]["base_values"] == {}
    assert ops[h1]["changed"] == {"head_id": row["id"]}
    assert ops[h1]["base_values"] == {"head_id": None}
    assert roster.household(h1)["head_id"] == row["id"]
    assert row["id_number"] == ZSF_ID  # lower-case x stored upper-case


def test_create_resident_without_household_is_one_op(roster, street, journal):
    row = roster.create_resident(zsf_values(), grid_id=street["grid2"]["id"])
    journal.unit([("residents", row["id"], "create")])
    assert row["path"] == street["grid2"]["code"] and row["relation"] is None


def test_update_resident_writes_only_the_changed_fields(roster, zsf, journal):
    roster.update_resident(zsf["id"], {"phone": "13900001111", "occupation": "道士",
                                       "name": "张三丰"})
    op = journal.unit([("residents", zsf["id"], "patch")])[zsf["id"]]
    assert op["changed"] == {"phone": "13900001111", "occupation": "道士"}
    assert op["base_values"] == {"phone": "13812341234", "occupation": None}
    assert op["base_version"] == 0
    detail = json.loads(journal.conn.execute(
        "SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert detail["fields"] == ["occupation", "phone"]
    # old -> new as an auditor reads it, the phones masked (issue 17)
    assert detail["values"] == {"occupation": [None, "道士"],
                                "phone": ["138****1234", "139****1111"]}
    assert detail["record"].startswith("张三丰 ")
    assert roster.resident(zsf["id"])["phone"] == "13900001111"


def test_move_head_to_another_household(roster, street, zsf, journal):
    h1, h2 = street["household1"]["id"], street["household2"]["id"]
    roster.move_member(zsf["id"], h2, "self")
    ops = journal.unit([("households", h1, "patch"), ("residents", zsf["id"], "patch"),
                        ("households", h2, "patch")])
    assert ops[h1]["changed"] == {"head_id": None}
    # h1's head was set by this device's own op, still on its way: the server applies it
    # first, so this edit is based on it (a device never conflicts with itself)
    assert ops[h1]["base_values"] == {"head_id": zsf["id"]}
    assert ops[h2]["changed"] == {"head_id": zsf["id"]}
    # a move is one value: the op carries all of its fields, changed or not
    grid1 = street["grid1"]["id"]
    assert ops[zsf["id"]]["changed"] == {"household_id": h2, "relation": "self",
                                         "grid_id": grid1, "path": street["room502"]["code"]}
    assert ops[zsf["id"]]["base_values"] == {"household_id": h1, "relation": "self",
                                             "grid_id": grid1, "path": street["room501"]["code"]}
    assert roster.household(h1)["head_id"] is None
    assert roster.household(h2)["head_id"] == zsf["id"]


def test_move_member_to_another_grid_changes_grid_too(roster, street, zsf, journal):
    h3 = roster.create_household("H0003", grid_id=street["grid2"]["id"])
    journal.mark()
    roster.move_member(zsf["id"], h3["id"], "spouse")
    ops = journal.unit([("households", street["household1"]["id"], "patch"),
                        ("residents", zsf["id"], "patch")])
    assert ops[zsf["id"]]["changed"] == {"household_id": h3["id"], "relation": "spouse",
                                         "grid_id": street["grid2"]["id"],
                                         "path": street["grid2"]["code"]}


def test_move_into_the_same_place_writes_nothing(roster, street, zsf, journal):
    roster.move_member(zsf["id"], street["household1"]["id"], "self")
    journal.nothing()


def test_add_tag_and_record_visit_are_one_op_each(roster, zsf, journal):
    tag = roster.add_tag(zsf["id"], "elderly_alone", since="2025-03-01", notes="独居 𠮷")
    op = journal.unit([("resident_tags", tag["id"], "create")])[tag["id"]]
    assert op["changed"]["tag"] == "elderly_alone" and op["changed"]["since"] == "2025-03-01"
    assert op["changed"]["resident_id"] == zsf["id"] and op["changed"]["notes"] == "独居 𠮷"

    visit = roster.record_visit(resident_id=zsf["id"], kind="care", findings="身体健康",
                                visited_on="2026-11-27")
    op = journal.unit([("visits", visit["id"], "create")])[visit["id"]]
    assert op["changed"]["findings"] == "身体健康" and op["changed"]["visited_on"] == "2026-11-27"
    assert op["changed"]["visitor"] == "王网格" and op["changed"]["grid_id"] == zsf["grid_id"]


def test_delete_head_writes_tombstone_and_clears_head(roster, street, zsf, journal):
    h1 = street["household1"]["id"]
    roster.delete_resident(zsf["id"])
    ops = journal.unit([("residents", zsf["id"], "delete"), ("households", h1, "patch")])
    tomb = roster.resident(zsf["id"])
    assert ops[zsf["id"]]["changed"] == {"deleted_at": tomb["deleted_at"]}
    assert tomb["deleted_at"] is not None  # soft delete: kept until the server confirms
    assert ops[h1]["changed"] == {"head_id": None}
    assert roster.household_members(h1) == []
    roster.delete_resident(zsf["id"])  # deleting again changes nothing
    journal.nothing()


def test_device_seq_has_no_gaps_across_a_working_session(roster, street, zsf, journal):
    roster.update_resident(zsf["id"], {"phone": "13900001111"})
    roster.add_tag(zsf["id"], "very_old")
    with pytest.raises(ValidationError):
        roster.update_resident(zsf["id"], {"phone": "12345"})
    roster.move_member(zsf["id"], street["household2"]["id"], "self")
    roster.record_visit(household_id=street["household2"]["id"])
    roster.delete_resident(zsf["id"])
    all_ops = rows(journal.conn, "SELECT device_seq, tx_id, op_id FROM outbox ORDER BY device_seq")
    assert [o["device_seq"] for o in all_ops] == list(range(1, len(all_ops) + 1))
    assert len({o["op_id"] for o in all_ops}) == len(all_ops)
    assert journal.conn.execute("SELECT value FROM meta WHERE key = 'device_seq'").fetchone()[0] \
        == str(len(all_ops))
    # op ids sort in creation order (UUIDv7), like device_seq
    assert [o["op_id"] for o in all_ops] == sorted(o["op_id"] for o in all_ops)
    n_audit = journal.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert n_audit == len(all_ops)
    assert outbox.pending_count(journal.conn) == len(all_ops)


def test_rejected_write_leaves_no_op(roster, zsf, journal):
    with pytest.raises(ValidationError) as err:
        roster.update_resident(zsf["id"], {"gender": "M"})
    assert [(i.field, i.code) for i in err.value.issues] == [("gender", "id.gender_mismatch")]
    journal.nothing()
    assert roster.resident(zsf["id"])["gender"] == "F"


def test_duplicate_id_number_is_refused_naming_the_other_resident(roster, street, zsf, journal):
    with pytest.raises(ValidationError) as err:
        roster.create_resident(zsf_values(name="假三丰"), grid_id=street["grid2"]["id"])
    assert [(i.field, i.code, i.params["other"]) for i in err.value.issues] == [
        ("id_number", "id.duplicate", "张三丰")]
    journal.nothing()
    # a resident's own ID is not a duplicate of itself
    roster.update_resident(zsf["id"], {"occupation": "道士"})
    journal.unit([("residents", zsf["id"], "patch")])
    # once the holder is deleted the number is free again
    roster.delete_resident(zsf["id"])
    journal.mark()
    other = roster.create_resident(zsf_values(name="张君宝"), grid_id=street["grid2"]["id"])
    journal.unit([("residents", other["id"], "create")])


def test_id_warnings_do_not_block_saving(roster, street, journal):
    legacy = roster.create_resident(zsf_values(name="老户口", id_number="110105491231003"),
                                    grid_id=street["grid1"]["id"])
    # stored in its 18-digit form (issue 18: one identity); the warning did not block it
    assert (legacy["id_number"], legacy["gender"], legacy["birth_date"]) == (
        "110105194912310038", "M", "1949-12-31")
    journal.unit([("residents", legacy["id"], "create")])
    unknown_area = roster.create_resident(
        zsf_values(name="外地人", id_number="990101199001011230"), grid_id=street["grid1"]["id"])
    assert unknown_area["birth_date"] == "1990-01-01"
    journal.unit([("residents", unknown_area["id"], "create")])


# -- nothing changed, nothing written -----------------------------------------

@pytest.mark.parametrize("values", [
    {},
    {"name": "张三丰"},
    {"name": "  张三丰 "},
    {"phone": "138 1234 1234"},
    {"phone": "１３８１２３４１２３４"},
    {"id_number": "11010519491231002x"},
    {"gender": "F", "birth_date": "1949-12-31", "status": "living"},
])
def test_patch_that_changes_nothing_writes_no_op(roster, zsf, journal, values):
    before = roster.resident(zsf["id"])
    roster.update_resident(zsf["id"], values)
    journal.nothing()
    assert roster.resident(zsf["id"]) == before


# -- base_values: the server's value, not the last local one --------------------

def test_base_values_are_what_this_device_last_wrote(roster, zsf, journal):
    """A typo and its correction, offline: the correction is based on the typo (the
    server will hold it when the correction arrives), so the device never conflicts
    with itself and "take the other" could never bring the typo back (issue 14, F5)."""
    conn = journal.conn
    conn.execute("UPDATE outbox SET state = 'applied'")  # the create was confirmed by the server
    roster.update_resident(zsf["id"], {"phone": "13900000001"})
    roster.update_resident(zsf["id"], {"phone": "13900000002"})
    roster.update_resident(zsf["id"], {"occupation": "道士"})
    roster.update_resident(zsf["id"], {"phone": "13900000003", "occupation": "掌门"})
    ops = [(json.loads(o["changed"]), json.loads(o["base_values"])) for o in journal.ops()]
    assert ops == [
        ({"phone": "13900000001"}, {"phone": "13812341234"}),
        ({"phone": "13900000002"}, {"phone": "13900000001"}),
        ({"occupation": "道士"}, {"occupation": None}),
        ({"phone": "13900000003", "occupation": "掌门"},
         {"phone": "13900000002", "occupation": "道士"}),
    ]


def test_inflight_ops_are_the_base_of_the_next_edit(roster, zsf, journal):
    conn = journal.conn
    conn.execute("UPDATE outbox SET state = 'applied'")
    roster.update_resident(zsf["id"], {"phone": "13900000001"})
    conn.execute("UPDATE outbox SET state = 'inflight' WHERE state = 'pending'")
    roster.update_resident(zsf["id"], {"phone": "13900000002"})
    assert json.loads(journal.ops()[-1]["base_values"]) == {"phone": "13900000001"}


def test_once_confirmed_the_next_edit_is_based_on_the_confirmed_value(roster, zsf, journal):
    conn = journal.conn
    roster.update_resident(zsf["id"], {"phone": "13900000001"})
    conn.execute("UPDATE outbox SET state = 'applied'")
    roster.update_resident(zsf["id"], {"phone": "13900000002"})
    assert json.loads(journal.ops()[-1]["base_values"]) == {"phone": "13900000001"}


# -- text survives exactly ------------------------------------------------------

TRICKY = [
    "𠮷野家",
    "䶮",
    "'); DROP TABLE residents;--",
    'O\'Neil "小明"',
    "100% _like_ \\ backslash",
    "line1\nline2\ttab",
    "Robert'); DELETE FROM outbox; --",
]


@pytest.mark.parametrize("text", TRICKY)
def test_text_round_trips_exactly(roster, street, journal, text):
    name = text.replace("\n", " ").replace("\t", " ")[:50]
    notes = f"{text} | 𠮷 䶮 | {text}"
    row = roster.create_resident(zsf_values(name=name, notes=notes, work_unit=name),
                                 grid_id=street["grid1"]["id"])
    op = journal.unit([("residents", row["id"], "create")])[row["id"]]
    stored = roster.resident(row["id"])
    assert stored["name"] == name and stored["notes"] == notes and stored["work_unit"] == name
    assert op["changed"]["name"] == name and op["changed"]["notes"] == notes
    # no statement got injected: every table is still there and nothing else was touched
    tables = {r[0] for r in journal.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"residents", "outbox", "audit_log"} <= tables
    assert journal.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 1
    roster.update_resident(row["id"], {"notes": notes + "!"})
    op = journal.unit([("residents", row["id"], "patch")])[row["id"]]
    assert op["base_values"] == {"notes": notes} and op["changed"] == {"notes": notes + "!"}
    assert roster.resident(row["id"])["notes"] == notes + "!"


# -- the audit chain ------------------------------------------------------------

def test_audit_chain_intact_after_a_session(roster, zsf, street):
    conn = roster.store.conn
    roster.update_resident(zsf["id"], {"phone": "13900001111"})
    roster.add_tag(zsf["id"], "elderly_alone")
    roster.delete_resident(zsf["id"])
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 10
    assert audit.verify_chain(conn) is None
    first = conn.execute("SELECT prev_hash FROM audit_log ORDER BY seq LIMIT 1").fetchone()[0]
    assert first == audit_chain.GENESIS


def test_audit_log_refuses_update_and_delete(roster, zsf):
    conn = roster.store.conn
    with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1")
    with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE seq = 1")
    assert audit.verify_chain(conn) is None


def _tamper(conn, sql, params=()):
    # The only way around the append-only triggers is to drop them: do it, as an attacker would.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(sql, params)


def test_audit_chain_detects_an_altered_record(roster, zsf):
    conn = roster.store.conn
    target = conn.execute("SELECT seq FROM audit_log WHERE entity = 'residents'").fetchone()[0]
    _tamper(conn, "UPDATE audit_log SET actor = 'worker-2' WHERE seq = ?", (target,))
    assert audit.verify_chain(conn) == target


def test_audit_chain_detects_an_altered_detail(roster, zsf):
    conn = roster.store.conn
    roster.update_resident(zsf["id"], {"phone": "13900001111"})
    target = conn.execute("SELECT seq FROM audit_log WHERE detail IS NOT NULL "
                          "ORDER BY seq DESC LIMIT 1").fetchone()[0]
    _tamper(conn, "UPDATE audit_log SET detail = ? WHERE seq = ?",
            ('{"fields": ["name"]}', target))
    assert audit.verify_chain(conn) == target


def test_audit_chain_detects_a_rehashed_record_at_the_next_one(roster, zsf):
    conn = roster.store.conn
    seq, at, actor, action, entity, entity_id, detail, prev = conn.execute(
        "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash FROM audit_log "
        "ORDER BY seq LIMIT 1 OFFSET 2").fetchone()
    forged = audit_chain.digest(prev, at, "worker-2", action, entity, entity_id, detail)
    _tamper(conn, "UPDATE audit_log SET actor = 'worker-2', hash = ? WHERE seq = ?", (forged, seq))
    assert audit.verify_chain(conn) == seq + 1


def test_audit_chain_detects_a_removed_record(roster, zsf):
    conn = roster.store.conn
    _tamper(conn, "DELETE FROM audit_log WHERE seq = 3")
    assert audit.verify_chain(conn) == 4


def test_unit_of_work_note_is_audited_without_an_op(store, actor, journal):
    with unit_of_work(store, actor) as w:
        w.note("reveal", "residents", "r-1", {"field": "id_number", "reason": "核实身份"})
    assert journal.ops() == []
    (a,) = journal.audits()
    assert (a["action"], a["entity_id"]) == ("reveal", "r-1")
    assert json.loads(a["detail"]) == {"field": "id_number", "reason": "核实身份"}
    assert audit.verify_chain(store.conn) is None
