"""党建引领 (app/models/roster/party.py, app/ui/reports/party_page.py): branches, party members and
their part in cases and visits, recorded through the one write path."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.models.roster import party
from app.models.write import audit
from app.models.cases.repository import Cases
from app.models.write.unit import Actor, NotFound, unit_of_work
from app.models.roster.repository import Roster, ValidationError
from test_home import id_number
from uihelpers import drive_modal

TODAY = dt.date(2026, 11, 28)      # the roster fixture's today (tests/conftest.py)


def outbox(store):
    return store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]


@pytest.fixture
def members(store, roster, street):
    with unit_of_work(store, roster.actor) as w:
        w.patch("org_units", street["grid1"]["id"], {"party_branch": "经三路社区第一网格党支部",
                                                     "party_secretary": "周书记"})
    h1, h2 = street["household1"], street["household2"]

    def person(name, household, relation, **values):
        return roster.create_resident(dict(name=name, id_number=id_number("19700101"),
                                           residence_type="registered", **values),
                                      household_id=household["id"], relation=relation)
    return dict(
        member=person("党员甲", h1, "self", political_status="01"),
        probationary=person("预备乙", h1, "spouse", political_status="02"),
        in_service=person("在职丙", h2, "self", political_status="01",
                          in_service_party_member=1, party_member_unit="金水区人民法院"),
        masses=person("群众丁", h2, "other", political_status="13"),
        moved=person("迁出戊", h2, "other", political_status="01", status="moved_out"),
    )


@pytest.fixture
def case_and_visit(store, roster, street, members):
    cases = Cases(store, roster.actor)
    case = cases.create(title="楼道乱堆杂物", category="piled_materials",
                        grid_id=street["grid1"]["id"])
    visit = roster.record_visit(resident_id=members["masses"]["id"], kind="care",
                                findings="送米面油")
    return cases, case, visit


def test_branches_and_members_of_each_grid(store, street, members):
    rows = {g["code"]: g for g in party.branches(store)}
    g1 = rows[street["grid1"]["code"]]
    assert (g1["party_branch"], g1["party_secretary"]) == ("经三路社区第一网格党支部", "周书记")
    # 甲 and 乙 (01, 02) and 丙 (01, in service); 丁 is not a member, 戊 moved out
    assert (g1["members"], g1["in_service"]) == (3, 1)
    assert rows[street["grid2"]["code"]]["members"] == 0
    names = [m["name"] for m in party.members(store, grid_id=street["grid1"]["id"])]
    assert sorted(names) == sorted(["党员甲", "预备乙", "在职丙"])
    only = party.members(store, grid_id=street["grid1"]["id"], in_service_only=True)
    assert [m["name"] for m in only] == ["在职丙"]
    assert only[0]["party_member_unit"] == "金水区人民法院"
    assert only[0]["address"].endswith("502室")
    # a scope elsewhere sees none of them
    assert party.branches(store, "410105003002") == []


def test_taking_part_in_a_case_is_a_note_through_the_write_path(store, members, case_and_visit):
    cases, case, _visit = case_and_visit
    before = outbox(store)
    party.record_case_participation(cases, case["id"], [members["member"]["id"],
                                                        members["in_service"]["id"]])
    events = cases.events(case["id"])
    note = events[-1]
    assert note["action"] == "note" and note["conflict"] == 0
    assert note["data"]["participants"] == [members["member"]["id"], members["in_service"]["id"]]
    assert note["note"] == "党员甲、在职丙"
    # the event's op and an audit record, as every write
    assert outbox(store) == before + 1
    assert store.conn.execute("SELECT op FROM outbox ORDER BY device_seq DESC LIMIT 1"
                              ).fetchone()[0] == "transition"
    assert audit.verify_chain(store.conn) is None
    assert party.case_participation_counts(store.conn) == {members["member"]["id"]: 1,
                                                          members["in_service"]["id"]: 1}
    took = party.participations(store, members["member"]["id"])
    assert [(p["kind"], p["case_id"]) for p in took] == [("case", case["id"])]
    # the case is unchanged otherwise (a note never moves the state)
    assert cases.get(case["id"])["state"] == "reported"


def test_taking_part_in_a_visit_patches_the_visit(store, roster, members, case_and_visit):
    _cases, _case, visit = case_and_visit
    before = outbox(store)
    row = party.record_visit_participation(store, roster.actor, visit["id"],
                                           [members["probationary"]["id"]])
    assert json.loads(row["participants"]) == [members["probationary"]["id"]]
    op = store.conn.execute("SELECT op, entity, changed FROM outbox ORDER BY device_seq DESC "
                            "LIMIT 1").fetchone()
    assert op[0] == "patch" and op[1] == "visits" and "participants" in json.loads(op[2])
    assert outbox(store) == before + 1
    # recording the same person again changes nothing; a second one is appended
    party.record_visit_participation(store, roster.actor, visit["id"],
                                     [members["probationary"]["id"]])
    assert outbox(store) == before + 1
    row = party.record_visit_participation(store, roster.actor, visit["id"],
                                           [members["member"]["id"]])
    assert json.loads(row["participants"]) == [members["probationary"]["id"],
                                               members["member"]["id"]]
    took = party.participations(store, members["member"]["id"])
    assert [(p["kind"], p["label"]) for p in took] == [("visit", "群众丁")]


def test_bad_participation_is_refused_and_nothing_is_written(store, roster, members,
                                                             case_and_visit):
    cases, case, visit = case_and_visit
    before = outbox(store)
    events = len(cases.events(case["id"]))
    for ids, code in (([], "required"), ([members["masses"]["id"]], "not_party_member"),
                      (["no-such-person"], "not_found"),
                      ([members["member"]["id"], members["masses"]["id"]], "not_party_member")):
        with pytest.raises(ValidationError) as exc:
            party.record_case_participation(cases, case["id"], ids)
        assert [i.code for i in exc.value.issues] == [code]
        with pytest.raises(ValidationError):
            party.record_visit_participation(store, roster.actor, visit["id"], ids)
    with pytest.raises(NotFound):
        party.record_case_participation(cases, "nope", [members["member"]["id"]])
    with pytest.raises(NotFound):
        party.record_visit_participation(store, roster.actor, "nope", [members["member"]["id"]])
    assert outbox(store) == before and len(cases.events(case["id"])) == events


# -- the page -------------------------------------------------------------------------------

@pytest.fixture
def party_page(qtbot, store, street, members, case_and_visit):
    from app.ui.shell.app import create_application
    from app.ui.reports.party_page import PartyPage
    create_application("zh_CN")
    actor = Actor("s", "李书记", "community_supervisor", street["community"]["code"])
    page = PartyPage(store, Cases(store, actor), Roster(store, actor, today=TODAY))
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.members.rowCount() > 0 and not page.is_loading(), timeout=5000)
    yield page
    page.close()


def test_party_page_lists_branches_and_members(qtbot, party_page, street):
    page = party_page
    assert page.grids.rowCount() == 2
    assert page.grids.item(0, 2).text() == "经三路社区第一网格党支部"
    assert page.grids.item(0, 4).text() == "3"
    assert page.members.rowCount() == 3
    page.in_service_only.setChecked(True)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=5000)
    assert page.members.rowCount() == 1 and page.members.item(0, 0).text() == "在职丙"


def test_recording_a_case_from_the_page(qtbot, party_page, store, members, case_and_visit):
    page = party_page
    cases, case, _visit = case_and_visit
    row = next(r for r in range(page.members.rowCount())
               if page.members.item(r, 0).text() == "党员甲")
    page.members.selectRow(row)
    seen = {}

    def fill(dlg):
        assert dlg.choices.count() == 1
        dlg.buttons.button(QDialogButtonBox.Save).click()        # nothing chosen yet
        seen["error"] = dlg.error.text()
        dlg.choices.setCurrentRow(0)
        dlg.note.setText("协助清理")
        dlg.buttons.button(QDialogButtonBox.Save).click()
    drive_modal(page.case_button.click, fill)
    assert seen["error"]
    note = cases.events(case["id"])[-1]
    assert note["data"]["participants"] == [members["member"]["id"]]
    assert "党员甲" in note["note"] and "协助清理" in note["note"]
    # the counts follow (read again off the GUI thread)
    qtbot.waitUntil(lambda: page.grids.item(0, 6).text() == "1" and not page.is_loading(),
                    timeout=5000)
    row = next(r for r in range(page.members.rowCount())
               if page.members.item(r, 0).text() == "党员甲")
    assert page.members.item(row, 4).text() == "1"
