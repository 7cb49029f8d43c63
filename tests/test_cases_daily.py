"""Issue 17, the cases part: what got in the way of daily work with cases, each item
driven through the real widgets offscreen on a real encrypted store.

2 随手拍 files junk · 3 派遣 proposes the wrong department · 4 the 审核 list goes stale ·
6 case numbers people can read · 7 visit finding → case · 8 countdowns."""
from __future__ import annotations

import colorsys
import datetime as dt
import json

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from app.models.cases.repository import CaseQuery, Cases
from app.models.domain import case_fields
from app.models.domain.calendar import TZ
from app.models.write.unit import Actor
from uihelpers import drive_modal

GRID1 = "410105003001001"
WORKER = Actor("worker-1", "王网格", "grid_worker", GRID1)
SUPERVISOR = Actor("sup-1", "张书记", "community_supervisor", "410105003001")


class Clock:
    def __init__(self, t: dt.datetime):
        self.t = t

    def __call__(self) -> dt.datetime:
        return self.t


@pytest.fixture
def zh():
    from app.ui.shell.app import create_application
    return create_application("zh_CN")


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 11, 27, 10, 0, tzinfo=TZ))     # a Friday, 10:00


@pytest.fixture
def cases(store, street, clock):
    return Cases(store, WORKER, now=clock)


def quick_dialog(qtbot, cases, roster):
    from app.ui.cases.quick_report import QuickReportDialog
    dlg = QuickReportDialog(cases, roster, grid_choices=roster.grids())
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def pick(dlg, major: str, minor: str) -> None:
    dlg.major.setCurrentIndex(dlg.major.findText(major))
    dlg.minor.setCurrentIndex(dlg.minor.findText(minor))


def jpeg(path, colour=(120, 90, 60)):
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return path


# ------------------------------------------------------------------ 2. 随手拍
def test_an_empty_quick_report_files_nothing_and_says_why_beside_the_fields(
        qtbot, zh, cases, roster, store):
    dlg = quick_dialog(qtbot, cases, roster)
    dlg.report_button.click()
    assert cases.count(CaseQuery()) == 0
    assert dlg.isVisible()
    what = dlg.fields["description"].message
    where = dlg.fields["location_text"].message
    assert what.isVisible() and "描述" in what.text() and "照片" in what.text()
    assert where.isVisible() and "地点" in where.text()
    # punctuation alone says nothing either
    dlg.description.setPlainText("。。。")
    dlg.location_text.setText("，")
    dlg.report_button.click()
    assert cases.count(CaseQuery()) == 0
    dlg.grab().save("/tmp/wtc/quick_report_refused.png")


def test_enter_in_the_title_does_not_file(qtbot, zh, cases, roster):
    dlg = quick_dialog(qtbot, cases, roster)
    dlg.description.setPlainText("井盖碎了，有人差点踩空")
    dlg.location_text.setText("经三路与农业路交叉口东北角")
    dlg.title.setFocus()
    dlg.title.setText("井盖")
    qtbot.keyClick(dlg.title, Qt.Key_Return)
    qtbot.keyClick(dlg.title, Qt.Key_Enter)
    assert cases.count(CaseQuery()) == 0, "Enter in 标题 filed the report"
    assert dlg.isVisible()


def test_urgency_follows_the_category_until_the_user_picks_one(qtbot, zh, cases, roster):
    dlg = quick_dialog(qtbot, cases, roster)
    pick(dlg, "设施管理", "井盖缺失/破损")
    assert dlg.urgent.currentData() == "urgent"          # the category's default
    pick(dlg, "设施管理", "路灯不亮")
    assert dlg.urgent.currentData() == "normal"
    pick(dlg, "安全隐患", "燃气隐患")
    assert dlg.urgent.currentData() == "urgent"
    # the user's own choice stays, whatever category follows
    dlg.urgent.setCurrentIndex(dlg.urgent.findData("normal"))
    dlg.urgent.activated.emit(dlg.urgent.currentIndex())
    pick(dlg, "设施管理", "井盖缺失/破损")
    assert dlg.urgent.currentData() == "normal"


def test_a_filed_report_shows_its_number_to_copy(qtbot, zh, cases, roster, tmp_path):
    dlg = quick_dialog(qtbot, cases, roster)
    pick(dlg, "设施管理", "井盖缺失/破损")
    dlg.add_photos([jpeg(tmp_path / "井盖.jpg")])        # a photo says what: no description
    dlg.location_text.setText("经三路与农业路交叉口东北角")
    dlg.report_button.click()
    (case,), _ = cases.list(CaseQuery())
    assert case["urgency"] == "urgent" and case["source"] == "snapshot"
    assert dlg.filed_number.isVisible()
    assert dlg.filed_number.text() == case["provisional_no"]
    assert case_fields.PROVISIONAL_RE.match(case["provisional_no"])
    dlg.copy_button.click()
    assert QGuiApplication.clipboard().text() == case["provisional_no"]
    dlg.grab().save("/tmp/wtc/quick_report_filed.png")
    dlg.close_button.click()
    assert dlg.result() == dlg.DialogCode.Accepted


def test_the_desktop_holds_a_report_to_the_rule_the_server_applies(cases, street):
    from app.models.roster.repository import ValidationError
    with pytest.raises(ValidationError) as exc:
        cases.create(title="井盖", category="manhole_cover", grid_id=street["grid1"]["id"],
                     source="snapshot")
    assert {(i.field, i.code) for i in exc.value.issues} == {
        ("description", "case.what_missing"), ("location_text", "case.place_missing")}
    made = cases.create(title="井盖", category="manhole_cover", grid_id=street["grid1"]["id"],
                        source="snapshot", description="井盖碎了",
                        address_id=street["room501"]["id"])
    assert made["state"] == "reported"


# ------------------------------------------------------------------ 3. 派遣
@pytest.fixture
def departments(roster, street):
    d = street["district"]["id"]
    return {name: roster.create_org_unit(code, name, "department", d) for code, name in (
        ("410105901", "金水区城管局"), ("410105902", "金水区住建局"),
        ("410105906", "金水区消防救援大队"), ("410105907", "郑州华润燃气金水分公司"))}


@pytest.mark.parametrize("category, wanted", [
    ("gas_hazard", "郑州华润燃气金水分公司"), ("fire_hazard", "金水区消防救援大队"),
    ("ebike_indoor_charging", "金水区消防救援大队"), ("exposed_garbage", "金水区城管局"),
    ("property_dispute", "金水区住建局"), ("labour_dispute", None)])
def test_dispatch_proposes_the_categorys_department(qtbot, zh, store, street, departments,
                                                    clock, category, wanted):
    from app.ui.cases.case_detail import ActionDialog
    from app.models.roster.repository import Roster
    sup = Cases(store, SUPERVISOR, now=clock)
    case = Cases(store, WORKER, now=clock).create(
        title="隐患", category=category, grid_id=street["grid1"]["id"], description="楼道里")
    sup.act(case["id"], "accept")
    dlg = ActionDialog(sup, Roster(store, SUPERVISOR), sup.get(case["id"]), "dispatch")
    qtbot.addWidget(dlg)
    target = dlg.extra["unit"]
    if wanted is None:       # no 人社 unit in the tree: nothing preselected, the user picks
        assert target.currentData() is None
        assert sup.suggest_department(case["id"]) is None
    else:
        assert target.currentText() == wanted
        assert sup.suggest_department(case["id"])["id"] == departments[wanted]["id"]
    if category == "gas_hazard":
        dlg.show()
        dlg.grab().save("/tmp/wtc/dispatch_gas.png")


def test_departments_are_matched_to_units_by_their_words():
    from app.models.domain import categories
    cats = categories.load()
    for name, code in (("金水区城市管理局", "urban_mgmt"), ("郑州华润燃气金水分公司", "gas"),
                       ("金水区消防救援大队", "fire"), ("花园路派出所", "police"),
                       ("金水区人力资源和社会保障局", "hrss"), ("金水区市场监督管理局", "market"),
                       ("花园路街道办事处", None)):
        found = cats.department_of_unit(name)
        assert (found.code if found else None) == code, name


# ------------------------------------------------------------------ 4. 审核
def test_after_cases_arrive_the_review_badge_and_list_agree(qtbot, zh, store, street, clock):
    from app.models.roster.repository import Roster
    from app.ui.cases.review_page import QUEUES, ReviewPage
    worker = Cases(store, WORKER, now=clock)
    worker.create(title="楼道堆物", category="piled_materials", grid_id=street["grid1"]["id"],
                  description="三楼")
    sup = Cases(store, SUPERVISOR, now=clock)
    page = ReviewPage(sup, Roster(store, SUPERVISOR))
    qtbot.addWidget(page)
    page.resize(1200, 500)
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading() and not page.is_counting(), timeout=5000)
    assert page.model.rowCount() == page.counts["to_accept"] == 1
    # a sync writes cases into the store under the page (here: another connection's
    # writes), then the window says the cases changed (MainWindow._cases_changed)
    other = Cases(store.worker_store(), WORKER, now=clock)
    for title in ("井盖缺失", "路灯不亮"):
        other.create(title=title, category="streetlight_out", grid_id=street["grid1"]["id"],
                     description="门口")
    page.refresh_counts()
    qtbot.waitUntil(lambda: not page.is_loading() and not page.is_counting(), timeout=5000)
    item = page.queues.item(QUEUES.index("to_accept"))
    assert item.text().endswith("(3)")
    assert page.model.rowCount() == 3, "the badge says 3 while the list shows fewer"


def test_rows_to_accept_count_down_to_the_one_working_hour_limit(qtbot, zh, store, street,
                                                                  clock):
    from app.ui.cases.case_model import CaseListModel
    worker = Cases(store, WORKER, now=clock)
    worker.create(title="楼道堆物", category="piled_materials", grid_id=street["grid1"]["id"],
                  description="三楼")
    model = CaseListModel(Cases(store, SUPERVISOR, now=clock))
    model.set_query(CaseQuery(queue="to_accept"))
    cell = model.index(0, CaseListModel.DEADLINE)
    clock.t += dt.timedelta(minutes=25)
    assert model.data(cell) == "受理剩 35分钟"
    clock.t += dt.timedelta(minutes=50)
    assert model.data(cell) == "受理超期 15分钟"


# ------------------------------------------------------------------ 6. numbers
def test_tables_show_the_short_number_with_the_long_one_kept_inside(qtbot, zh, cases, street,
                                                                    store):
    from app.ui.cases.case_model import CaseListModel, make_case_table
    made = cases.create(title="楼道堆物", category="piled_materials",
                        grid_id=street["grid1"]["id"], description="三楼")
    model = CaseListModel(cases)
    model.set_query(CaseQuery())
    table = make_case_table(model, lambda _id: None)
    qtbot.addWidget(table)
    shown = model.data(model.index(0, CaseListModel.NUMBER))
    assert shown == made["provisional_no"] and len(shown) <= 16
    assert len(made["number"]) > 30 and made["number"] not in shown
    assert made["number"] in model.data(model.index(0, CaseListModel.NUMBER), Qt.ToolTipRole)
    assert model.data(model.index(0, 0), CaseListModel.IdRole) == made["id"]
    assert table.columnWidth(CaseListModel.NUMBER) < 140
    # once synced the city's number is shown, and every number finds the case
    with store.transaction() as conn:     # as a pull writes it (app/sync/apply.py)
        conn.execute("UPDATE cases SET short_no = 'JS2611-00042' WHERE id = ?", (made["id"],))
    model.set_query(CaseQuery())
    assert model.data(model.index(0, CaseListModel.NUMBER)) == "JS2611-00042"
    for number in ("JS2611-00042", made["provisional_no"], made["number"]):
        assert [r["id"] for r in cases.list(CaseQuery(text=number))[0]] == [made["id"]]


def test_the_case_sheet_shows_the_number_to_copy(qtbot, zh, cases, roster, street):
    from app.ui.cases.case_detail import CaseDetailDialog
    made = cases.create(title="楼道堆物", category="piled_materials",
                        grid_id=street["grid1"]["id"], description="三楼")
    dlg = CaseDetailDialog(cases, roster, made["id"])
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.number_label.text() == made["provisional_no"]
    assert made["provisional_no"] in dlg.windowTitle()
    dlg.copy_number_button.click()
    assert QGuiApplication.clipboard().text() == made["provisional_no"]
    dlg.grab().save("/tmp/wtc/case_detail.png")


def test_provisional_numbers_are_short_unique_and_follow_on(cases, street):
    numbers = [cases.create(title=f"堆物{i}", category="piled_materials",
                            grid_id=street["grid1"]["id"], description="三楼")["provisional_no"]
               for i in range(3)]
    assert len(set(numbers)) == 3
    code = case_fields.device_code(cases.store.device_id)
    assert numbers == [f"临-{code}-{n:04d}" for n in (1, 2, 3)]


# ------------------------------------------------------------------ 7. visit → case
def test_a_visit_finding_becomes_one_case_with_photos_and_its_number(
        qtbot, zh, store, roster, street, tmp_path):
    from app.ui.roster.resident_dialog import ResidentDialog
    person = roster.create_resident(dict(name="孙大娘", id_number="11010519491231002X",
                                         residence_type="registered"),
                                    household_id=street["household1"]["id"], relation="self")
    cases = Cases(store, roster.actor)
    dlg = ResidentDialog(roster, resident_id=person["id"], cases=cases)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.visits)

    def visit(v):       # a photo on the visit itself
        v.findings.setPlainText("楼道灯坏了，老人夜里看不清")
        v.add_photos([jpeg(tmp_path / "楼道.jpg")])
        assert v.photo_list.count() == 1
        v.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    drive_modal(dlg.visits.new_visit, visit)
    (saved,) = roster.visits(person["id"])
    assert len(json.loads(saved["photos"])) == 1

    seen = {}

    def to_case(d):     # and one more in 转为事件
        d.category.setCurrentIndex(d.category.findData("streetlight_out"))
        d.add_photos([jpeg(tmp_path / "灯.jpg", (10, 10, 200))])
        d.report_button.click()
        seen["number"] = d.made_number.text()
        d.grab().save("/tmp/wtc/finding_made.png")
        d.copy_button.click()
        d.close_button.click()
    drive_modal(dlg.visits.to_case.click, to_case)
    (case,), _ = cases.list(CaseQuery())
    assert seen["number"] == case["provisional_no"]
    assert QGuiApplication.clipboard().text() == case["provisional_no"]
    photos = [p for e in cases.events(case["id"]) for p in e["photos"]]
    assert len(photos) == 2                     # the visit's and the added one
    # a second click opens the case instead of making another
    assert dlg.visits.to_case.text() == "查看事件"
    opened = {}

    def detail(d):
        opened["id"] = d.case_id
        d.reject()
    drive_modal(dlg.visits.to_case.click, detail)
    assert opened["id"] == case["id"]
    assert cases.count(CaseQuery()) == 1
    from app.models.roster.repository import ValidationError
    with pytest.raises(ValidationError):
        cases.from_visit(saved["id"], title="again", category="streetlight_out")
    assert cases.count(CaseQuery()) == 1


# ------------------------------------------------------------------ 8. countdowns
def test_countdowns_say_minutes_and_how_long_overdue(zh):
    from app.models.cases.countdown import Countdown
    from app.ui.cases.case_labels import countdown_text
    at = dt.datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
    left = lambda **kw: Countdown("deadline", at, dt.timedelta(**kw), dt.timedelta(0),  # noqa
                                  "amber")
    late = lambda **kw: Countdown("deadline", at, dt.timedelta(0), dt.timedelta(**kw), "red")  # noqa
    assert countdown_text(left(minutes=35)) == "剩 35分钟"
    assert countdown_text(left(seconds=20)) == "剩 1分钟"          # never "0小时"
    assert countdown_text(left(hours=2, minutes=15)) == "剩 2小时15分"
    assert countdown_text(late(hours=2, minutes=15)) == "超期 2小时15分"
    assert countdown_text(late(minutes=40)) == "超期 40分钟"        # not "超期 0小时"
    assert countdown_text(late(days=3, hours=2)) == "超期 3天2小时"
    assert countdown_text(late(days=2)) == "超期 2天"               # not "2天0小时"


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c):
        ch = [x / 255 for x in (c.red(), c.green(), c.blue())]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_one_colour_scale_same_time_same_colour(qtbot, zh, store, street, clock):
    from app.ui.cases.case_labels import BAND_COLORS
    from app.ui.cases.case_model import CaseListModel, make_case_table
    sup = Cases(store, SUPERVISOR, now=clock)
    worker = Cases(store, WORKER, now=clock)
    made = []
    # three cases dispatched at the same moment, limits of 4 working hours (urgent
    # 燃气隐患), 1 working day and 5 working hours: seen at different times
    for category in ("gas_hazard", "gas_hazard", "exposed_garbage", "dirty_road"):
        c = worker.create(title="隐患", category=category, grid_id=street["grid1"]["id"],
                          description="楼道")
        sup.act(c["id"], "accept")
        sup.act(c["id"], "dispatch", unit=street["grid1"]["id"])
        made.append(c["id"])
    model = CaseListModel(sup)
    model.set_query(CaseQuery())
    table = make_case_table(model, lambda _id: None)
    qtbot.addWidget(table)
    table.resize(1100, 220)
    clock.t += dt.timedelta(hours=3, minutes=25)          # 13:25 on Friday

    def cells():
        out = {}
        for r in range(model.rowCount()):
            case_id = model.data(model.index(r, 0), CaseListModel.IdRole)
            cell = model.index(r, CaseListModel.DEADLINE)
            out[case_id] = (model.data(cell), model.data(cell, Qt.ForegroundRole).name())
        return out
    now = cells()
    gas1, gas2, garbage, road = (now[i] for i in made)
    assert gas1 == gas2                                     # same time left, same look
    # 4 working hours from 10:00 (the lunch break is no working time)
    assert gas1 == ("剩 1小时35分", BAND_COLORS["amber"].name())
    assert garbage[1] == BAND_COLORS["green"].name()
    table.show()
    table.grab().save("/tmp/wtc/countdown_rows.png")
    clock.t += dt.timedelta(days=1)                        # Saturday 13:25
    later = cells()
    assert later[made[0]] == later[made[1]]
    assert later[made[0]][1] == BAND_COLORS["red"].name() and later[made[0]][0].startswith("超期")
    # the three colours: each readable on white and on the alternate rows, apart in hue
    for colour in BAND_COLORS.values():
        for base in (QColor("#ffffff"), table.palette().alternateBase().color()):
            assert _contrast(colour, base) >= 4.5, colour.name()
    hues = sorted(colorsys.rgb_to_hsv(c.redF(), c.greenF(), c.blueF())[0] * 360
                  for c in BAND_COLORS.values())
    assert min(b - a for a, b in zip(hues, hues[1:])) >= 30
