"""The 房屋 and 单位 pages with real widgets offscreen: reachable from the main
window's navigation, the findings a grid worker must see, messages beside the
fields for bad input with nothing saved, and an inspection whose hazard becomes a
case with one click."""
from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.models.domain.case_fields import shown_number
from app.models.cases.repository import Cases
from app.models.places.repository import Places
from app.ui.places.house_dialog import HouseDialog
from app.ui.places.houses_page import HousesPage
from app.ui.places.inspection_dialog import InspectionDialog
from app.ui.places.org_dialog import OrganizationDialog
from app.ui.places.orgs_page import OrganizationsPage
from app.ui.shell.main_window import MainWindow

from tests.conftest import TODAY


@pytest.fixture
def places(store, actor):
    return Places(store, actor, today=TODAY)


@pytest.fixture
def street_places(roster, street, places):
    road = roster.create_address("road", "001", "红专路", grid_id=street["grid1"]["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    room = roster.create_address("room", "0001", "东屋", parent_id=door["id"])
    room2 = roster.create_address("room", "0002", "西屋", parent_id=door["id"])
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    rental = places.create_house(room["id"], {"use": "rental", "registered_on": "2026-01-02"})
    group = places.create_house(room2["id"], {"use": "group_rental"})
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "address_id": shop["id"]})
    return dict(rental=rental, group=group, org=org, shop=shop, door=door)


def _texts(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_the_pages_are_in_the_navigation(qtbot, store, street):
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    win = MainWindow(store, start_sync=False)
    qtbot.addWidget(win)
    items = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert "房屋" in items and "单位" in items
    win.nav.setCurrentRow(items.index("房屋"))
    assert isinstance(win.stack.currentWidget(), HousesPage)
    win.nav.setCurrentRow(items.index("单位"))
    assert isinstance(win.stack.currentWidget(), OrganizationsPage)
    win.close()


def test_the_grid_worker_sees_group_rentals_and_empty_rentals(qtbot, places, street_places):
    page = HousesPage(places)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 2
    qtbot.waitUntil(lambda: bool(page.summary.text()), timeout=5000)   # read off the GUI thread
    assert "群租 1" in page.summary.text() or "Group rental 1" in page.summary.text()
    page.use.set_code("group_rental")
    assert _texts(page.table, 0) == ["红专路 12号 西屋"]
    page.use.set_code(None)
    page.findings_only.setChecked(True)
    assert page.table.rowCount() == 2     # both: a group rental, a rental with no tenant
    page.query.setText("东屋")
    assert _texts(page.table, 0) == ["红专路 12号 东屋"]
    # a house registered elsewhere (another dialog, a pull): read again off the GUI thread
    page.query.setText("")
    page.findings_only.setChecked(False)
    places.create_house(street_places["door"]["id"], {"use": "vacant"})
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=5000)
    assert "共 3 处房屋" in page.summary.text() or "3 houses" in page.summary.text()


def test_a_bad_area_is_shown_beside_its_field_and_nothing_is_saved(qtbot, store, places,
                                                                   street_places):
    dlg = HouseDialog(places, street_places["rental"]["id"])
    qtbot.addWidget(dlg)
    before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    dlg.edits["area"].setText("-3")
    dlg.edits["owner_phone"].setText("12345")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dlg.fields["area"].message.isVisibleTo(dlg)
    assert dlg.fields["area"].message.text()
    assert dlg.fields["owner_phone"].message.text()
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == before
    dlg.edits["area"].setText("20")
    dlg.edits["owner_phone"].setText("13800138000")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert not dlg.fields["area"].message.text()
    assert places.house(street_places["rental"]["id"])["area"] == 20.0


def test_a_mistyped_credit_code_is_explained_as_it_is_typed(qtbot, store, places,
                                                            street_places):
    dlg = OrganizationDialog(places, Cases(store, places.actor))
    qtbot.addWidget(dlg)
    dlg.edits["name"].setText("红专路小超市")
    dlg.edits["credit_code"].setText("91350100M000100Y44")
    dlg._check_code(dlg.edits["credit_code"].text())
    assert dlg.fields["credit_code"].message.text()
    dlg.address.query.setText("红专路13号")
    assert dlg.address.value() == street_places["shop"]["id"]
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dlg.org_id is None
    assert places.organizations(text="小超市") == []
    dlg.edits["credit_code"].setText("91350100M000100Y43")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dlg.org_id is not None
    assert places.organization(dlg.org_id)["credit_code"] == "91350100M000100Y43"


def test_a_blocked_escape_route_becomes_a_case_in_one_click(qtbot, store, places, actor,
                                                            street_places, tmp_path):
    cases = Cases(store, actor)
    dlg = InspectionDialog(places, cases, street_places["org"]["id"])
    qtbot.addWidget(dlg)
    from PySide6.QtWidgets import QRadioButton
    dlg.findChild(QRadioButton, "check_escape_routes_hazard").setChecked(True)
    assert not dlg.to_case.isEnabled()
    from PIL import Image
    photo = tmp_path / "blocked.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    dlg.add_photos([photo, tmp_path / "missing.jpg"])
    assert len(dlg.photos) == 1 and "missing.jpg" in dlg.photo_label.text()
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dlg.to_case.isEnabled()
    dlg.to_case.click()
    (insp,) = places.inspections(street_places["org"]["id"])
    case = cases.get(insp["case_id"])
    assert case["category"] == "fire_hazard" and shown_number(case) in dlg.status.text()
    assert json.loads(insp["photos"]) == dlg.photos
    report = [e for e in cases.events(case["id"]) if e["action"] == "report"][0]
    assert report["photos"] == dlg.photos       # the photo went with the case
    assert not dlg.to_case.isEnabled()


def test_the_organizations_list_exports_masked(qtbot, places, street_places, tmp_path,
                                                monkeypatch, store):
    from PySide6.QtWidgets import QFileDialog
    page = OrganizationsPage(places, Cases(store, places.actor))
    qtbot.addWidget(page)
    target = tmp_path / "orgs"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    assert page.export_button.isEnabled()
    page.export_button.click()
    assert (tmp_path / "orgs.xlsx").exists()
    assert "orgs.xlsx" in page.export_note.text()


def test_a_quick_report_placed_by_text_lands_on_the_address(qtbot, store, roster, places,
                                                             street_places, actor):
    from app.ui.cases.quick_report import QuickReportDialog
    cases = Cases(store, actor)
    dlg = QuickReportDialog(cases, roster, grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.title.setText("店门口堆放杂物")
    dlg.description.setPlainText("纸箱堆到人行道上")   # a 随手拍 says what it saw
    dlg.location_text.setText("红专路 13号")
    dlg.save()
    case = cases.get(dlg.case_id)
    assert case["title"] == "店门口堆放杂物"
    assert case["address_id"] == street_places["shop"]["id"]
    assert case["location_text"] == "红专路 13号"


def test_the_roster_search_box_names_organizations(qtbot, store, roster, places, actor,
                                                   street_places, monkeypatch):
    from app.ui.roster.roster_page import RosterPage
    page = RosterPage(store, roster, cases=Cases(store, actor))
    qtbot.addWidget(page)
    for text in ("烩面", "lwhm", "红专路13号"):
        page.search.setText(text)
        page._apply_query()
        qtbot.waitUntil(lambda: "老王烩面馆" in page.org_hint.text(), timeout=5000)
    page.search.setText("赵钱孙李周")
    page._apply_query()
    qtbot.waitUntil(lambda: page.org_hint.text() == "", timeout=5000)
    opened = []
    monkeypatch.setattr("app.ui.places.org_dialog.OrganizationDialog.exec",
                        lambda self: opened.append(self.org_id))
    page.open_organization(street_places["org"]["id"])
    assert opened == [street_places["org"]["id"]]
