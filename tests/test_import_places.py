"""Imports in the street shape and of houses (出租房屋) and organizations (实有单位):
real files (xlsx written with openpyxl, CSV in GBK) into a real store, every write
through the places repository, nothing half-saved (docs/domain-houses.md)."""
from __future__ import annotations

import openpyxl
import pytest

from app.models.domain import credit_code
from app.models.io.address import parse_street
from app.models.places.repository import Places

from tests.conftest import TODAY
from tests.test_importer import (
    ID_A, ID_B, ID_C, ID_D, count, do_import, problems, resident, write_csv, write_xlsx,
)

GOOD_CODE = "91350100M000100Y43"


@pytest.fixture
def road(roster, street):
    """经三路 › 12号 › 院 › 3室 (a 平房 room) and 13号 (a shop at the door number)."""
    road = roster.create_address("road", "001", "经三路", grid_id=street["grid1"]["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = roster.create_address("yard", "01", "院", parent_id=door["id"])
    room = roster.create_address("room", "0003", "3室", parent_id=yard["id"])
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    return dict(road=road, door=door, yard=yard, room=room, shop=shop)


def node(store, address_id):
    cur = store.conn.execute("SELECT kind, code, name, full_name, parent_id FROM addresses "
                             "WHERE id = ?", (address_id,))
    return cur.fetchone()


def household_room(store, id_number):
    return store.conn.execute(
        "SELECT h.room_id FROM residents r JOIN households h ON h.id = r.household_id "
        "WHERE r.id_number = ?", (id_number,)).fetchone()[0]


@pytest.mark.parametrize("text, parts", [
    ("经三路12号院3室", ("经三路", "12号", True, None, None, "3室")),
    ("金水区花园路街道红专路社区红专路12号院3号楼2单元301室",
     ("红专路", "12号", True, "3号楼", "2单元", "301室")),
    ("红专路 12号 院 东屋", ("红专路", "12号", True, None, None, "东屋")),
    ("经三路13号", ("经三路", "13号", False, None, None, None)),
    ("经三路8号院3号房", ("经三路", "8号", True, None, None, "3号房")),
    ("经三路15号2号楼101", ("经三路", "15号", False, "2号楼", None, "101室")),
])
def test_street_shaped_text_is_read_in_its_parts(text, parts):
    got = parse_street(text)
    assert (got.road, got.door, got.yard, got.building, got.unit, got.room) == parts


@pytest.mark.parametrize("text", ["幸福小区3号楼2单元501室", "幸福小区3-2-501", "经三路",
                                  "经三路12号2单元301"])
def test_estate_shaped_or_partial_text_is_not_read_as_a_street(text):
    assert parse_street(text) is None


def test_street_shaped_rows_land_on_their_address(store, actor, street, road, tmp_path):
    path = write_xlsx(tmp_path / "street.xlsx", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "经三路12号院3室", "流动"],              # the 平房 room that exists
        ["李四", ID_B, "郑州市金水区经三路 13号", "户籍"],       # the shop at the door number
        ["王五", ID_C, "经三路12号院5室", "流动"],              # a new room in that yard
        ["赵六", ID_D, "幸福小区3号楼2单元501室", "户籍"],       # the estate shape still works
    ])
    before = count(store, "addresses")
    plan, result = do_import(store, actor, path, street["grid1"], create=False)
    assert result.created == 3
    assert problems(plan) == {4: [("C", "address.new")]}
    assert household_room(store, ID_A) == road["room"]["id"]
    assert household_room(store, ID_B) == road["shop"]["id"]
    assert household_room(store, ID_D) == street["room501"]["id"]
    assert resident(store, ID_A)["path"] == road["room"]["code"]
    assert count(store, "addresses") == before

    plan, result = do_import(store, actor, path, street["grid1"], create=True, policy="skip")
    assert result.created == 1 and result.new_addresses == 1
    kind, code, name, full, parent = node(store, household_room(store, ID_C))
    assert (kind, name, full, parent) == ("room", "5室", "经三路 12号 院 5室", road["yard"]["id"])
    assert code == road["yard"]["code"] + "H0005"


def test_an_estate_named_like_a_street_keeps_its_rows(store, actor, roster, street, tmp_path):
    """An estate called 建设路 (some are): '建设路12号3室' is its building 12, room 3."""
    estate = roster.create_address("estate", "002", "建设路", grid_id=street["grid1"]["id"])
    path = write_csv(tmp_path / "e.csv", [["姓名", "身份证号", "现住址", "人员类别"],
                                          ["张三", ID_A, "建设路12号3室", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"], create=True)
    assert result.created == 1
    kind, code, _name, full, _parent = node(store, household_room(store, ID_A))
    assert kind == "room" and code.startswith(estate["code"]) and full.startswith("建设路 12号楼")


def test_a_new_street_is_made_level_by_level_with_nesting_codes(store, actor, street, road,
                                                                tmp_path):
    path = write_csv(tmp_path / "new.csv", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "纬五路15号院2号楼1单元301室", "户籍"],
        ["李四", ID_B, "纬五路15号院2号楼1单元302", "户籍"],     # the same new building
        ["王五", ID_C, "经三路12号院东屋", "流动"],               # new room, existing yard
    ], encoding="gbk")
    plan, result = do_import(store, actor, path, street["grid1"], create=True)
    assert result.created == 3 and not plan.errors
    g = street["grid1"]["code"]
    made = dict(store.conn.execute(
        "SELECT full_name, code FROM addresses WHERE code LIKE ?", (g + "R002%",)).fetchall())
    assert made == {"纬五路": g + "R002", "纬五路 15号": g + "R002D0015",
                    "纬五路 15号 院": g + "R002D0015Y01",
                    "纬五路 15号 院 2号楼": g + "R002D0015Y01B002",
                    "纬五路 15号 院 2号楼 1单元": g + "R002D0015Y01B00201",
                    "纬五路 15号 院 2号楼 1单元 301室": g + "R002D0015Y01B002010301",
                    "纬五路 15号 院 2号楼 1单元 302室": g + "R002D0015Y01B002010302"}
    # one household per room, the two neighbours not in one
    assert household_room(store, ID_A) != household_room(store, ID_B)
    kind, code, name, _full, parent = node(store, household_room(store, ID_C))
    assert (kind, name, parent, code) == ("room", "东屋", road["yard"]["id"],
                                          road["yard"]["code"] + "H0004")   # after 3室
    # and the server's rule takes every node the import made
    from app.models.domain import validation
    for row in store.conn.execute("SELECT * FROM addresses WHERE code LIKE ?", (g + "R002%",)):
        names = [c[0] for c in store.conn.execute("SELECT * FROM addresses").description]
        assert validation.validate_address(dict(zip(names, row))) == []


# ------------------------------------------------------------ 出租房屋 and 实有单位

def places_import(store, actor, path, kind, grid, *, create=True, mapping=None):
    from app.models.io.places_commit import commit_places
    from app.models.io.places_import import analyse_places
    from app.models.io.plan import Options
    from app.models.io.readers import read_file
    analysis = analyse_places(store.conn, read_file(str(path)), kind,
                              Options(grid["id"], create_addresses=create), actor,
                              mapping=mapping, today=TODAY)
    plan = analysis.plan()
    return plan, commit_places(store, actor, plan, today=TODAY)


def place_problems(plan):
    from app.models.io.places_import import issue_column
    from app.models.io.xlsx import column_letter
    out = {}
    for row, issues in plan.problems():
        for issue in issues:
            col = issue_column(plan.analysis, issue)
            out.setdefault(row.number, []).append(
                (column_letter(col) if col is not None else None, issue.code))
    return out


def tables(store):
    return {t: count(store, t) for t in ("houses", "house_tenants", "organizations",
                                         "org_employees", "addresses", "outbox")}


def person(roster, street, name, id_number):
    return roster.create_resident({"name": name, "id_number": id_number,
                                   "residence_type": "floating"},
                                  grid_id=street["grid1"]["id"])


def test_a_rental_with_its_tenants_by_id_number(store, roster, actor, street, road, tmp_path):
    a = person(roster, street, "赵一", ID_A)
    b = person(roster, street, "钱二", ID_B)
    path = write_xlsx(tmp_path / "出租房屋.xlsx", [
        ["XX社区出租房屋登记表"],                          # a title row above the header
        ["序号", "出租房屋地址", "房屋用途", "建筑面积", "出租人", "出租人联系电话", "登记编号",
         "备案日期", "承租人身份证号码", "起租日期"],
        [1, "经三路12号院3室", "出租", "18.5㎡", "刘大爷", "13800138000", "ZZJS000123",
         "2026-03-01", f"{ID_A}、{ID_B.lower()}", "2026/3/5"],
        [2, "经三路12号院5室", "群租", "20", "刘大爷", "", "", "", ID_C, ""],   # unknown tenant
        [3, "幸福小区3号楼2单元502室", "空置", "88", "", "", "", "", "", ""],
    ])
    plan, result = places_import(store, actor, path, "rentals", street["grid1"])
    assert place_problems(plan) == {4: [("I", "person.unknown")]}
    assert result.created == 2 and result.people == 2 and result.new_addresses == 0
    places = Places(store, actor, today=TODAY)
    house = places.house_at(road["room"]["id"])
    assert (house["use"], house["area"], house["landlord_name"], house["landlord_phone"],
            house["registration_no"], house["registered_on"]) == (
        "rental", 18.5, "刘大爷", "13800138000", "ZZJS000123", "2026-03-01")
    tenants = places.tenants(house["id"])
    assert {(t["resident_id"], t["moved_in"]) for t in tenants} == {
        (a["id"], "2026-03-05"), (b["id"], "2026-03-05")}
    assert places.house_at(street["room502"]["id"])["use"] == "vacant"
    # through the write path: an outbox op per row, the import noted in the audit log
    ops = store.conn.execute("SELECT entity, count(*) FROM outbox WHERE entity IN "
                             "('houses', 'house_tenants') GROUP BY entity").fetchall()
    assert dict(ops) == {"houses": 2, "house_tenants": 2}
    note = store.conn.execute("SELECT detail FROM audit_log WHERE action = 'import' AND "
                              "entity = 'houses'").fetchone()
    assert note is not None and '"people": 2' in note[0]
    # the same file again: the houses are updated, nobody is added twice
    plan, result = places_import(store, actor, path, "rentals", street["grid1"])
    assert result.created == 0 and result.updated == 2 and result.people == 0
    assert len(places.tenants(house["id"])) == 2
    # a file without 用途 adds what it has and leaves an existing house's use alone
    path = write_csv(tmp_path / "area.csv", [["地址", "面积"], ["幸福小区3号楼2单元502室", "90"]],
                     encoding="gbk")
    plan, result = places_import(store, actor, path, "rentals", street["grid1"])
    assert result.updated == 1
    got = places.house_at(street["room502"]["id"])
    assert (got["use"], got["area"]) == ("vacant", 90.0)


def test_an_organization_with_a_bad_credit_code_is_refused_clearly_and_nothing_is_saved(
        store, roster, actor, street, road, tmp_path, qapp):
    from app.ui.io.wording import import_message
    typo = GOOD_CODE[:8] + "O" + GOOD_CODE[9:]                       # the letter O for a zero
    wrong_check = GOOD_CODE[:17] + next(c for c in credit_code.CHARSET if c != GOOD_CODE[17])
    person(roster, street, "孙三", ID_C)
    rows = [["单位名称", "统一社会信用代码", "类型", "场所类别", "法人", "联系电话", "经营地址",
             "从业人员身份证号"],
            ["老王烩面馆", GOOD_CODE.lower(), "", "餐饮", "王老板", "13900001111", "经三路13号",
             ID_C],
            ["星空网咖", typo, "九小场所", "小网吧", "", "", "经三路15号", ""],
            ["张记胡辣汤", wrong_check, "个体工商户", "", "", "", "经三路17号", ""],
            ["短代码商店", "91350100M0001", "企业", "", "", "", "经三路19号", ""]]
    path = write_csv(tmp_path / "单位.csv", rows, encoding="gbk")
    before = tables(store)
    plan, result = places_import(store, actor, path, "organizations", street["grid1"])
    assert place_problems(plan) == {3: [("B", "credit.chars")], 4: [("B", "credit.checksum")],
                                    5: [("B", "credit.length")]}
    words = {row.number: import_message(issues[0]) for row, issues in plan.problems()}
    assert "O" in words[3] and words[3] != words[4]
    assert "13" in words[5]                                          # the length it has
    assert result.created == 1 and result.people == 1
    org = Places(store, actor, today=TODAY).find_by_credit_code(GOOD_CODE)
    assert (org["kind"], org["category"], org["address_id"], org["legal_rep"]) == (
        "nine_small", "restaurant", road["shop"]["id"], "王老板")
    after = tables(store)
    assert after["organizations"] == before["organizations"] + 1
    # 13号 was there; 15号/17号/19号 belong to refused rows: no door numbers were made
    assert after["addresses"] == before["addresses"]
    assert count(store, "addresses", "name IN ('15号', '17号', '19号')") == 0


def test_a_refusal_at_the_write_path_rolls_the_whole_file_back(store, roster, actor, street,
                                                               road, tmp_path):
    from app.models.io.places_commit import RowRefused, commit_places
    from app.models.io.places_import import analyse_places
    from app.models.io.plan import Options
    from app.models.io.readers import read_file
    path = write_xlsx(tmp_path / "orgs.xlsx", [
        ["单位名称", "统一社会信用代码", "单位类型", "地址"],
        ["甲公司", "", "企业", "纬五路1号"],
        ["乙公司", GOOD_CODE, "企业", "纬五路2号"]])
    analysis = analyse_places(store.conn, read_file(path), "organizations",
                              Options(street["grid1"]["id"], create_addresses=True), actor,
                              today=TODAY)
    plan = analysis.plan()
    assert not plan.errors and len(plan.create) == 2
    # someone registers the code between the preview and the import
    Places(store, actor, today=TODAY).create_organization(
        {"name": "丙公司", "kind": "enterprise", "credit_code": GOOD_CODE,
         "address_id": road["shop"]["id"]})
    before = tables(store)
    with pytest.raises(RowRefused) as refused:
        commit_places(store, actor, plan, today=TODAY)
    assert refused.value.row == 3 and refused.value.issues[0].code == "credit.duplicate"
    assert tables(store) == before                   # not 甲公司, not the road, not its doors


def test_the_templates_are_recognised_and_import_when_filled(store, roster, actor, street,
                                                             road, tmp_path):
    from app.models.io.places_import import FIELD_SETS, detect
    from app.models.io.places_template import write_places_template
    from app.models.io.readers import read_file
    person(roster, street, "李四", ID_D)
    for kind in ("rentals", "organizations"):
        path = tmp_path / f"{kind}.xlsx"
        write_places_template(str(path), kind)
        layout = detect(read_file(str(path)), kind)
        assert sorted(layout.mapping.values()) == sorted(f.key for f in FIELD_SETS[kind])
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        assert ws.cell(row=2, column=1 + list(layout.mapping.values()).index(
            "tenants" if kind == "rentals" else "employees")).number_format == "@"
        heads = [c.value for c in ws[1]]
        values = ({"房屋地址": "经三路12号院3室", "租户身份证号": ID_D, "面积": 15} if kind == "rentals"
                  else {"单位名称": "好邻居便利店", "九小场所类别": "小商店", "地址": "经三路13号",
                        "从业人员身份证号": ID_D, "统一社会信用代码": GOOD_CODE})
        ws.append([values.get(h) for h in heads])
        wb.save(path)
        plan, result = places_import(store, actor, path, kind, street["grid1"])
        assert not plan.problems() and result.created == 1 and result.people == 1


# ------------------------------------------------------------ the pages' 导入 and 导出

def test_importing_organizations_from_the_page_shows_the_preview_and_imports(
        qtbot, store, roster, actor, street, road, tmp_path, monkeypatch):
    from app.models.cases.repository import Cases
    from app.ui.io import choosers
    from app.ui.io.places_io import PlacesImportDialog
    from app.ui.places.orgs_page import OrganizationsPage
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    person(roster, street, "孙三", ID_C)
    typo = GOOD_CODE[:8] + "O" + GOOD_CODE[9:]
    path = write_xlsx(tmp_path / "单位.xlsx", [
        ["单位名称", "统一社会信用代码", "九小场所类别", "联系电话", "经营地址", "从业人员身份证号"],
        ["老王烩面馆", GOOD_CODE, "小餐饮", "13900001111", "经三路13号", ID_C],
        ["星空网咖", typo, "小网吧", "", "纬五路9号", ""],
        ["好邻居便利店", "", "小商店", "", "纬五路11号", ""]])
    places = Places(store, actor, today=TODAY)
    page = OrganizationsPage(places, Cases(store, actor))
    qtbot.addWidget(page)
    dialogs = []
    monkeypatch.setattr(PlacesImportDialog, "exec", lambda self: dialogs.append(self) or 0)
    page.import_button.click()
    dlg = dialogs[0]
    qtbot.addWidget(dlg)
    dlg.path.setText(path)
    dlg.check_button.click()
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    reasons = [dlg.problems.item(r, 3).text() for r in range(dlg.problems.rowCount())]
    rows = [dlg.problems.item(r, 0).text() for r in range(dlg.problems.rowCount())]
    assert rows == ["3", "4"]
    assert "O" in reasons[0] and "信用代码" in dlg.problems.item(0, 1).text()
    assert "新建" in reasons[1] or "地址" in reasons[1]          # 纬五路 is not in the tree
    assert dlg.import_button.isEnabled() and "1" in dlg.import_button.text()
    dlg.show()
    dlg.grab().save(str(tmp_path / "places_import.png"))
    dlg.create_addresses.setChecked(True)                        # now 纬五路11号 may be made
    assert dlg.plan.counts()["create"] == 2 and dlg.plan.counts()["new_addresses"] == 2
    report = tmp_path / "report.xlsx"
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(report))
    dlg.report_button.click()
    qtbot.waitUntil(lambda: report.exists() and not dlg._busy, timeout=10000)
    listing = openpyxl.load_workbook(report).worksheets[1]
    assert [r[0].value for r in listing.iter_rows(min_row=2)] == [3]
    template = tmp_path / "template.xlsx"
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(template))
    dlg.template_button.click()                                  # 下载模板
    heads = [c.value for c in openpyxl.load_workbook(template).worksheets[0][1]]
    assert heads[:3] == ["单位名称", "统一社会信用代码", "单位类型"] and "模板" in dlg.message.text()
    dlg.import_button.click()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=10000)
    assert dlg.result.created == 2 and dlg.result.people == 1
    assert "2" in dlg.message.text()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10000)
    assert Places(store, actor, today=TODAY).find_by_credit_code(typo) is None
    dlg.close()


def test_exports_mask_tenants_ids_and_phones_and_full_values_need_a_reason(
        store, roster, actor, street, road, tmp_path):
    from app.models.places import export
    from app.models.write.unit import Actor
    a = person(roster, street, "赵一", ID_A)
    places = Places(store, actor, today=TODAY)
    house = places.create_house(road["room"]["id"], {"use": "rental", "landlord_name": "刘大爷",
                                                     "landlord_phone": "13800138000"})
    places.add_tenant(house["id"], a["id"], moved_in="2026-03-05")
    masked = tmp_path / "masked.xlsx"
    export.export(store, "rentals", str(masked), actor, today=TODAY)
    text = str([[c.value for c in r] for r in openpyxl.load_workbook(masked).active.iter_rows()])
    assert ID_A not in text and ID_A[:4] + "*" in text.replace("**", "*")
    assert "13800138000" not in text and "138****8000" in text
    boss = Actor("sup", "书记", "community_supervisor")
    full = tmp_path / "full.xlsx"
    with pytest.raises(export.ExportRefused):
        export.export(store, "rentals", str(full), boss, full_values=True, today=TODAY)
    export.export(store, "rentals", str(full), boss, full_values=True, reason="核对出租屋",
                  today=TODAY)
    text = str([[c.value for c in r] for r in openpyxl.load_workbook(full).active.iter_rows()])
    assert ID_A in text and "13800138000" in text
    detail = store.conn.execute("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY "
                                "seq DESC LIMIT 1").fetchone()[0]
    assert "核对出租屋" in detail and '"masked": false' in detail
    # the full export is the import template's shape: it reads back onto the same house
    plan, result = places_import(store, actor, full, "rentals", street["grid1"])
    assert not plan.problems() and result.updated == 1 and result.people == 0


def test_the_wizard_lists_new_street_addresses_before_they_are_made(qtbot, store, actor,
                                                                     street, road, tmp_path):
    from app.models.io.plan import Options, analyse
    from app.models.io.readers import read_file
    from app.ui.io.preview_step import PreviewStep
    from app.ui.io.problem_models import problem_items
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    path = write_xlsx(tmp_path / "street.xlsx", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "纬五路15号院东屋", "流动"]])
    analysis = analyse(store.conn, read_file(path), Options(street["grid1"]["id"]), actor,
                       today=TODAY)
    plan = analysis.plan()
    step = PreviewStep()
    qtbot.addWidget(step)
    step.show_plan(plan, problem_items(plan), [], {})
    listed = [step.addresses.item(i).text() for i in range(step.addresses.count())]
    assert [t.split()[0] for t in listed] == ["街路巷", "门牌号", "院", "户室"]
    assert listed[-1].endswith("纬五路 15号 院 东屋")


def test_a_tenant_id_excel_stored_as_a_number_is_refused_with_the_reason(
        store, roster, actor, street, road, tmp_path):
    person(roster, street, "赵一", ID_A)
    path = write_xlsx(tmp_path / "n.xlsx", [["房屋地址", "租户身份证号"],
                                            ["经三路12号院3室", float(ID_A[:17] + "0")]])
    plan, result = places_import(store, actor, path, "rentals", street["grid1"])
    assert place_problems(plan) == {2: [("B", "id.lost_digits")]}
    assert result.created == 0 and count(store, "houses") == 0


def test_a_supervisor_exports_rentals_in_full_for_a_stated_reason_from_the_page(
        qtbot, store, roster, street, road, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from app.models.write.unit import Actor
    from app.ui.places.houses_page import HousesPage
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    boss = Actor("sup", "李书记", "community_supervisor", "")
    a = person(roster, street, "赵一", ID_A)
    places = Places(store, boss, today=TODAY)
    house = places.create_house(road["room"]["id"], {"use": "rental",
                                                     "landlord_phone": "13800138000"})
    places.add_tenant(house["id"], a["id"], moved_in="2026-03-05")
    page = HousesPage(places)
    qtbot.addWidget(page)
    target = tmp_path / "full"
    from app.ui.io import choosers
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(target) + ".xlsx")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("核对租户", True)))
    page.export_button.click()
    assert asked and "审计" in asked[0]
    text = str([[c.value for c in r] for r in
                openpyxl.load_workbook(str(target) + ".xlsx").active.iter_rows()])
    assert ID_A in text and "13800138000" in text and "完整" in page.export_note.text()
    detail = store.conn.execute("SELECT detail FROM audit_log WHERE action = 'export'"
                                ).fetchone()[0]
    assert "核对租户" in detail
    # and said no: masked
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.No))
    page.export_button.click()
    text = str([[c.value for c in r] for r in
                openpyxl.load_workbook(str(target) + ".xlsx").active.iter_rows()])
    assert ID_A not in text and "13800138000" not in text and "脱敏" in page.export_note.text()
