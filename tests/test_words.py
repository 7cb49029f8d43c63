"""Issue 17, the wording: the audit log in words (item 5), Chinese punctuation kept in
free text and no English on the Chinese screens (item 10), 新增居民's household search
(item 11). Real stores, a real city server, real widgets offscreen."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.models.domain import rules

TESTS = Path(__file__).resolve().parent
for _p in (TESTS / "server", TESTS / "sync"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from syncfixtures import any_city, any_org, city, desk, org, pg_city  # noqa: E402,F401
from synchelpers import resident_values  # noqa: E402

# every full-width mark a clerk types in a title, an address or a note
PUNCTUATED = "楼道堆放杂物，消防通道被堵。（3号楼）；见：东侧“安全出口”！"


# -- item 10: full-width punctuation is part of free text -----------------------------------

def test_free_text_keeps_chinese_punctuation_and_codes_still_fold():
    assert rules.normalize_free_text(f"  {PUNCTUATED}\u3000") == PUNCTUATED
    assert rules.normalize_free_text("３号楼２单元") == "3号楼2单元"   # IME digits
    # ID numbers, phones and codes are still folded: they are compared as codes
    assert rules.clean_id_text("１１０１０５１９４９１２３１００２Ｘ")[0] == "11010519491231002X"
    assert rules.normalize_phone("１３８００１３８０００") == "13800138000"


def test_a_punctuated_title_and_occupation_survive_the_write_path(store, roster, street):
    from app.models.cases.repository import Cases
    case = Cases(store, roster.actor).create(title=PUNCTUATED, category="piled_materials",
                                             grid_id=street["grid1"]["id"],
                                             location_text="经三路（东段）12号，北门")
    row = store.conn.execute("SELECT title, location_text FROM cases WHERE id = ?",
                             (case["id"],)).fetchone()
    assert tuple(row) == (PUNCTUATED, "经三路（东段）12号，北门")
    person = roster.create_resident(resident_values(
        "张三", occupation="保安（夜班），兼职：快递", work_unit="郑州市某物业公司；经三路店",
        registered_address="河南省郑州市金水区经三路（北）8号"), grid_id=street["grid1"]["id"])
    got = roster.resident(person["id"])
    assert got["occupation"] == "保安（夜班），兼职：快递"
    assert got["work_unit"] == "郑州市某物业公司；经三路店"
    assert got["registered_address"] == "河南省郑州市金水区经三路（北）8号"
    # and the op that goes to the server carries the same text
    op = store.conn.execute("SELECT changed FROM outbox WHERE entity = 'cases' "
                            "AND entity_id = ?", (case["id"],)).fetchone()[0]
    assert PUNCTUATED in op


def test_a_punctuated_title_round_trips_through_the_server(any_city, any_org, desk):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    case = w1.cases().create(title=PUNCTUATED, category="piled_materials",
                             grid_id=org.ids["g1"], location_text="经三路（东段）12号，北门")
    person = w1.roster().create_resident(resident_values("李四", occupation="保安（夜班），兼职"),
                                         grid_id=org.ids["g1"])
    w1.sync()
    assert city.row("cases", case["id"])["title"] == PUNCTUATED
    assert city.row("residents", person["id"])["occupation"] == "保安（夜班），兼职"
    sup.sync()
    assert sup.row("cases", case["id"])["title"] == PUNCTUATED
    assert sup.row("cases", case["id"])["location_text"] == "经三路（东段）12号，北门"
    assert sup.row("residents", person["id"])["occupation"] == "保安（夜班），兼职"
    # an edit made on the supervisor's desk comes back to the worker unchanged
    sup.roster().update_resident(person["id"], {"occupation": "退休；社区志愿者（楼长）"})
    sup.sync()
    w1.sync()
    assert w1.row("residents", person["id"])["occupation"] == "退休；社区志愿者（楼长）"


# -- item 11: 新增居民 finds any household; 备注's label sits beside its box -------------------

GOOD_ID = "11010519491231002X"


@pytest.fixture
def zh(qapp):
    from app.ui.shell.app import create_application
    return create_application("zh_CN")


def test_new_resident_finds_a_household_outside_the_selected_node(qtbot, zh, roster, street):
    from app.ui.roster.resident_dialog import ResidentDialog
    from uihelpers import type_text
    # nothing selected in the tree: the page passes no households
    dlg = ResidentDialog(roster, household_choices=[], grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.show()
    picker = dlg.household
    assert picker.results.count() == 1 and picker.current_id() is None   # 不入户 only
    type_text(qtbot, picker.query, "502")
    assert picker.current_id() == street["household2"]["id"]
    assert "502室" in picker.results.currentItem().text()
    assert dlg.relation.isEnabled() and not dlg.grid.isEnabled()
    type_text(qtbot, dlg.form.name, "周八")
    qtbot.keyClicks(dlg.form.id_number, GOOD_ID)
    dlg.save()
    assert not dlg.isVisible()
    assert roster.resident(dlg.resident_id)["household_id"] == street["household2"]["id"]


def test_new_resident_offers_the_households_of_the_node_and_no_household(qtbot, zh, roster, street):
    from app.ui.roster.resident_dialog import ResidentDialog
    under = roster.households_in(street["estate"]["path"])
    dlg = ResidentDialog(roster, household_choices=under, grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.show()
    ids = [dlg.household.results.item(i).data(256) for i in range(dlg.household.results.count())]
    assert ids[0] is None and set(ids[1:]) == {h["id"] for h in under}
    assert dlg.household.current_id() == ids[1]          # the first household, as before
    dlg.household.results.setCurrentRow(0)               # 不入户: the grid is asked for
    assert dlg.grid.isEnabled() and not dlg.relation.isEnabled()


def test_the_notes_label_sits_level_with_its_box(qtbot, zh, roster, street):
    from PySide6.QtWidgets import QLabel
    from app.ui.roster.resident_dialog import ResidentDialog
    dlg = ResidentDialog(roster, household_choices=[], grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.resize(980, 620)
    dlg.show()
    qtbot.waitExposed(dlg)
    notes = dlg.form.notes
    label = next(w for w in dlg.form.findChildren(QLabel) if w.text() == "备注")
    top_label = label.mapTo(dlg, label.rect().topLeft()).y()
    top_box = notes.mapTo(dlg, notes.rect().topLeft()).y()
    assert abs(top_label - top_box) <= 8, (top_label, top_box)
