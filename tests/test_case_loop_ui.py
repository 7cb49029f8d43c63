"""The whole case loop driven from the UI, each step by the role that owns it."""
from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.models.domain import workflow
from app.models.cases.repository import CaseQuery
from app.ui.cases.review_page import QUEUES
from app.ui.shell.main_window import MainWindow
from uihelpers import answer_yes, drive_modal


@pytest.fixture
def department(roster, street):
    return roster.create_org_unit("410105901", "城管局", "department", street["district"]["id"])


@pytest.fixture
def window(qtbot, store, street, department):
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    win = MainWindow(store)
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def become(win, name, role, scope=""):
    page = win.settings_page
    page.user_name.setText(name)
    page.role.setCurrentIndex(page.role.findData(role))
    page.scope.setCurrentIndex(max(0, page.scope.findData(scope)))
    page.findChild(QPushButton, "saveSettings").click()
    assert win.actor.role == role and win.cases.actor.role == role


def open_case_and(win, page, case_id, action, fill=None):
    """Open the case's detail dialog from ``page`` and take ``action`` with its button."""
    seen = {}

    def in_detail(detail):
        seen["buttons"] = sorted(detail.action_buttons)
        if action is None:
            detail.reject()
            return

        def in_action(dlg):
            if fill:
                fill(dlg)
            dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
            seen["error"] = dlg.error.text() if dlg.isVisible() else ""
            if dlg.isVisible():
                dlg.reject()
        drive_modal(detail.action_buttons[action].click, in_action)
        seen["timeline"] = detail.timeline.count()
        detail.reject()
    drive_modal(lambda: page.open_case(case_id), in_detail)
    return seen


def badge(qtbot, win, queue):
    """The count on a queue's badge in 审核, as the supervisor reads it once the counts
    (read off the GUI thread) are in."""
    review = win.review_page
    review.refresh_counts()
    qtbot.waitUntil(lambda: not review.is_counting(), timeout=5000)
    item = review.queues.item(QUEUES.index(queue))
    assert item.text().endswith(f"({review.counts[queue]})")
    return review.counts[queue]


def rows_shown(qtbot, page, n):
    """Wait until the page's case table shows ``n`` rows (reloads are read off the GUI
    thread)."""
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() == n,
                    timeout=5000)


def test_whole_case_loop_from_the_ui(qtbot, window, store, street, department, tmp_path):
    win = window
    grid_code = street["grid1"]["code"]
    become(win, "王网格", "grid_worker", grid_code)
    photo = tmp_path / "井盖.jpg"
    Image.new("RGB", (3000, 2000), (120, 90, 60)).save(photo)

    # 1. The grid worker reports with a photo through 随手拍.
    win.go_to(2)
    cases_page = win.cases_page

    def quick(dlg):
        dlg.add_photos([photo])
        assert dlg.photo_list.count() == 1
        dlg.major.setCurrentIndex(dlg.major.findText("市容环境"))
        dlg.minor.setCurrentIndex(dlg.minor.findText("乱堆物料"))
        dlg.title.setText("楼道乱堆杂物")
        dlg.grid.setCurrentIndex(dlg.grid.findData(street["grid1"]["id"]))
        dlg.location_text.setText("3号楼2单元楼道")
        dlg.buttons.button(QDialogButtonBox.Save).click()
        # filed: the dialog shows the case's number until it is closed
        assert dlg.filed_number.text().startswith("临-")
        dlg.close_button.click()
    drive_modal(cases_page.report_button.click, quick)
    rows_shown(qtbot, cases_page, 1)
    case = cases_page.model.row(0)
    case_id = case["id"]
    assert case["state"] == "reported"
    assert case["number"].startswith(grid_code + "-")
    # A grid worker is not offered supervisor actions, and cannot perform them.
    seen = open_case_and(win, cases_page, case_id, None)
    assert not {"accept", "dispatch", "verify_pass", "reject"} & set(seen["buttons"])
    with pytest.raises(workflow.TransitionError):
        win.cases.act(case_id, "accept")
    win.review_page.show_queue()
    assert not win.review_page.accept_button.isEnabled()

    # 2. The community supervisor accepts from the review queue and dispatches.
    become(win, "李书记", "community_supervisor", street["community"]["code"])
    win.go_to(3)
    review = win.review_page
    assert badge(qtbot, win, "to_accept") == 1
    review.queues.setCurrentRow(0)
    rows_shown(qtbot, review, 1)
    review.table.selectRow(0)
    drive_modal(review.accept_button.click, answer_yes)     # 批量受理 asks first
    assert badge(qtbot, win, "to_accept") == 0 and badge(qtbot, win, "to_dispatch") == 1
    seen = open_case_and(win, review, case_id, "dispatch",
                         lambda d: d.extra["unit"].setCurrentIndex(
                             d.extra["unit"].findData(department["id"])))
    assert seen["error"] == ""
    assert win.cases.get(case_id)["state"] == "dispatched"
    assert win.cases.get(case_id)["holder_unit_id"] == department["id"]

    # 3. The department signs for it and reports it handled.
    become(win, "赵处置", "dept_handler", department["code"])
    win.go_to(2)
    open_case_and(win, cases_page, case_id, "sign")
    open_case_and(win, cases_page, case_id, "feedback", lambda d: d.note.setPlainText("已清理"))
    assert win.cases.get(case_id)["state"] == "handled"

    # 4. Verification fails once, the department handles again, then it passes.
    become(win, "李书记", "community_supervisor", street["community"]["code"])
    assert badge(qtbot, win, "to_verify") == 1
    open_case_and(win, review, case_id, "verify_fail", lambda d: d.note.setPlainText("未清理干净"))
    assert win.cases.get(case_id)["state"] == "handling"
    become(win, "赵处置", "dept_handler", department["code"])
    open_case_and(win, cases_page, case_id, "feedback", lambda d: d.note.setPlainText("已全部清运"))
    become(win, "李书记", "community_supervisor", street["community"]["code"])
    open_case_and(win, review, case_id, "verify_pass")
    assert win.cases.get(case_id)["state"] == "closed"
    seen = open_case_and(win, review, case_id, "evaluate",
                         lambda d: d.extra["satisfaction"].setCurrentIndex(
                             d.extra["satisfaction"].findData("satisfied")))

    # 5. What a person would check afterwards.
    final = win.cases.get(case_id)
    assert final["state"] == "evaluated" and final["satisfaction"] == "satisfied"
    assert final["rework_count"] == 1
    assert win.cases.level(final) == "normal"          # closed well within its limit
    actions = [e["action"] for e in win.cases.events(case_id)]
    assert actions == ["report", "accept", "dispatch", "sign", "feedback", "verify_fail",
                       "feedback", "verify_pass", "evaluate"]
    assert len(win.cases.events(case_id)[0]["photos"]) == 1
    assert seen["timeline"] == len(actions)            # the detail timeline after evaluating
    assert all(badge(qtbot, win, q) == 0
               for q in ("to_accept", "to_dispatch", "to_verify", "overdue"))
    # Every step is an outbox op waiting to sync.
    ops = store.conn.execute("SELECT count(*) FROM outbox WHERE op = 'transition'").fetchone()[0]
    assert ops == len(actions)
    assert win.cases.list(CaseQuery(states=("evaluated",)))[0][0]["id"] == case_id


def test_visit_finding_becomes_a_case_in_one_click(qtbot, roster, street, store):
    from app.models.cases.repository import Cases
    from app.ui.roster.resident_dialog import ResidentDialog

    person = roster.create_resident(dict(name="孙大娘", id_number="11010519491231002X",
                                         residence_type="registered"),
                                    household_id=street["household1"]["id"], relation="self")
    roster.record_visit(resident_id=person["id"], kind="care", findings="楼道灯坏了，老人夜里看不清")
    cases = Cases(store, roster.actor)
    dlg = ResidentDialog(roster, resident_id=person["id"], cases=cases)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.visits)
    created = []
    dlg.visits.caseCreated.connect(created.append)

    def fill(d):
        d.category.setCurrentIndex(d.category.findData("streetlight_out"))
        assert d.title.text().startswith("楼道灯坏了")
        d.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        assert d.made_number.text().startswith("临-")    # made: its number is shown
        d.close_button.click()
    drive_modal(dlg.visits.to_case.click, fill)
    assert len(created) == 1
    case = cases.get(created[0])
    assert case["state"] == "reported" and case["category"] == "streetlight_out"
    assert case["description"] == "楼道灯坏了，老人夜里看不清"
    assert case["address_id"] == street["room501"]["id"]
    assert [r["name"] for r in cases.residents(case["id"])] == ["孙大娘"]
