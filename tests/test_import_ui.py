"""Import, export and template from the roster page, driven as a clerk would."""
from __future__ import annotations

import json
import threading

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt

from app.models.io import commit
from app.models.domain import rules
from app.models.write.unit import Actor
from app.ui.io import choosers
from app.ui.io.import_wizard import ImportWizard
from app.ui.shell.main_window import MainWindow
from app.ui.roster.roster_model import RosterModel
from uihelpers import drive_modal, type_text


def make_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + rules.id_check_char(first17)


ID_A = make_id("410105", "19800101", 11)
ID_B = make_id("410105", "19820202", 24)
ID_C = make_id("410105", "19950505", 33)
ID_OLD = make_id("410105", "19600101", 72)


@pytest.fixture
def window(qtbot, store, roster, street):
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    roster.create_resident(dict(name="老住户", id_number=ID_OLD, residence_type="registered",
                                phone="13700000000"), grid_id=street["grid1"]["id"])
    win = MainWindow(store)
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


@pytest.fixture
def sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["经三路社区居民名单"])
    ws.append([])
    ws.append(["序号", "姓名", "身份证号", "性别", "出生日期", "联系电话", "现住址", "户号",
               "与户主关系", "人员类别"])
    ws.append([1, "张三", ID_A, "男", "1980/1/1", "13812345678", "幸福小区3号楼2单元501室",
               "H0001", "本人", "户籍"])
    ws.append([2, "李四", 4.10105198202020E+17, "女", "1982年2月2日", None, None, "H0001",
               "配偶", "户籍"])
    ws.append([3, "王𠮷", ID_C, "男", 19950505, None, "阳光花园1号楼1单元101室", "Y1", "本人",
               "流动"])
    ws.append([4, "老住户", ID_OLD, "女", None, "13911112222", None, None, None, "户籍"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    return str(path)


def closing(handler):
    """Run a modal's handler; if it fails, close the dialog so the test fails, not hangs."""
    def run(dlg):
        try:
            handler(dlg)
        except BaseException:
            dlg._busy = False
            dlg.done(0)
            raise
    return run


def click_box(qtbot, box):
    """Click a check box or radio button on its indicator (a full-width box does not
    take clicks in its empty right part)."""
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(6, box.height() // 2))


def roster_names(page):
    m = page.model
    return sorted(m.data(m.index(r, RosterModel.NAME)) for r in range(m.rowCount()))


def wait_idle(qtbot, wiz, step=None, timeout=20000):
    qtbot.waitUntil(lambda: not wiz._busy and (step is None or wiz.current_step() == step),
                    timeout=timeout)


def test_import_a_sheet_from_the_roster_page(qtbot, window, store, street, sheet, monkeypatch):
    page = window.roster_page
    assert roster_names(page) == ["老住户"]
    monkeypatch.setattr(choosers, "choose_open_path", lambda *a: sheet)
    seen = {}

    def drive(wiz: ImportWizard):
        assert wiz.current_step() == "file"
        qtbot.mouseClick(wiz.findChild(type(wiz.next_button), "importBrowse"), Qt.LeftButton)
        assert wiz.file_step.path.text() == sheet
        click_box(qtbot, wiz.file_step.policy_buttons["skip"])
        assert wiz.file_step.policy() == "skip"
        click_box(qtbot, wiz.file_step.policy_buttons["ask"])
        qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
        wait_idle(qtbot, wiz, "columns")
        cols = wiz.columns_step
        assert "第 3 行" in cols.info.text()
        assert cols.mapping()[1] == "name" and cols.mapping()[6] == "address"
        assert cols.table.item(2, 2).text().startswith("4101**********")   # masked samples
        qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
        wait_idle(qtbot, wiz, "preview")
        prev = wiz.preview_step
        # the lost-digit ID is a problem with row, column and reason; new addresses wait
        problems = prev.problems
        rows = [[problems.data(problems.index(r, c)) for c in range(4)]
                for r in range(problems.rowCount())]
        seen["problems"] = rows
        assert ["5", "C  身份证号", "410105198202020000"] == rows[0][:3]
        assert "15" in rows[0][3] and "文本" in rows[0][3]
        assert prev.counts["ask"].text() == "1" and not wiz.next_button.isEnabled()
        assert prev.create_addresses.isVisible()
        # decide the person already in the roster, confirm the new addresses
        prev.tabs.setCurrentIndex(2)
        assert prev.decide.data(prev.decide.index(0, 1)) == "老住户"
        qtbot.mouseClick(prev.decide_buttons["update_all"], Qt.LeftButton)
        wait_idle(qtbot, wiz)
        click_box(qtbot, prev.create_addresses)
        qtbot.waitUntil(lambda: not wiz._busy and wiz.plan.create_addresses, timeout=10000)
        assert prev.counts["create"].text() == "2" and prev.counts["update"].text() == "1"
        assert wiz.next_button.isEnabled() and wiz.next_button.text() == "导入 3 人"
        qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
        wait_idle(qtbot, wiz, "summary")
        seen["summary"] = wiz.summary_step.text.text()
        qtbot.mouseClick(wiz.close_button, Qt.LeftButton)

    drive_modal(lambda: qtbot.mouseClick(page.import_button, Qt.LeftButton), closing(drive))
    assert "新增 2 人，更新 1 人" in seen["summary"]
    qtbot.waitUntil(lambda: roster_names(page) == sorted(["老住户", "张三", "王𠮷"]))
    old = store.conn.execute("SELECT phone FROM residents WHERE id_number = ?",
                             (ID_OLD,)).fetchone()[0]
    assert old == "13911112222"
    # the new estate shows in the address tree
    tree = page.tree
    model = tree.model()
    grid1 = model.item(0).child(0).child(0)
    assert grid1.text() == "第一网格"
    tree.expand(model.indexFromItem(grid1))
    assert sorted(grid1.child(i).text() for i in range(grid1.rowCount())) == ["幸福小区", "阳光花园"]


def test_problems_go_to_an_error_report(qtbot, window, store, street, sheet, tmp_path,
                                        monkeypatch):
    report = tmp_path / "report.xlsx"
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(report))
    wiz = ImportWizard(store, window.roster_page.roster, window,
                       default_grid_id=street["grid1"]["id"])
    qtbot.addWidget(wiz)
    wiz.show()
    type_text(qtbot, wiz.file_step.path, sheet)
    qtbot.keyClick(wiz.file_step.path, Qt.Key_Return)       # Enter = Next
    wait_idle(qtbot, wiz, "columns")
    qtbot.keyClick(wiz.columns_step.table, Qt.Key_Return)
    wait_idle(qtbot, wiz, "preview")
    qtbot.mouseClick(wiz.preview_step.report_button, Qt.LeftButton)
    wait_idle(qtbot, wiz)
    assert report.exists() and "report.xlsx" in wiz.message.text()
    fix = openpyxl.load_workbook(report).worksheets[0]
    rows = [[c.value for c in r] for r in fix.iter_rows(min_row=2)]
    assert {r[0] for r in rows} == {5, 6}           # lost digits; an address not confirmed
    reasons = {r[0]: r[-1] for r in rows}
    assert "身份证号" in reasons[5] and "地址库" in reasons[6]
    wiz.reject()


def test_a_damaged_file_is_explained_beside_the_file_field(qtbot, window, street, sheet,
                                                          tmp_path):
    data = open(sheet, "rb").read()
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    wiz = ImportWizard(window.store, window.roster_page.roster, window)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_step.set_path(str(bad))
    qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
    wait_idle(qtbot, wiz)
    assert wiz.current_step() == "file"
    assert wiz.file_step.message.isVisible()
    assert "损坏或不完整" in wiz.file_step.message.text()
    wiz.file_step.set_path(str(tmp_path / "missing.xlsx"))
    qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
    wait_idle(qtbot, wiz)
    assert "找不到" in wiz.file_step.message.text()
    wiz.reject()


def test_cancel_during_the_import_writes_nothing(qtbot, window, store, street, sheet,
                                                 monkeypatch):
    started, release = threading.Event(), threading.Event()
    real_commit = commit.commit

    def held_commit(*args, **kwargs):
        started.set()
        assert release.wait(10)
        return real_commit(*args, **kwargs)
    monkeypatch.setattr(commit, "commit", held_commit)
    wiz = ImportWizard(store, window.roster_page.roster, window,
                       default_grid_id=street["grid1"]["id"])
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_step.set_path(sheet)
    wiz.file_step.set_policy("skip")
    wiz.go_next()
    wait_idle(qtbot, wiz, "columns")
    wiz.go_next()
    wait_idle(qtbot, wiz, "preview")
    wiz.preview_step.create_addresses.setChecked(True)
    qtbot.waitUntil(lambda: not wiz._busy and wiz.plan.create_addresses)
    before = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("residents", "households", "addresses", "outbox", "audit_log")}
    qtbot.mouseClick(wiz.next_button, Qt.LeftButton)
    qtbot.waitUntil(started.is_set)
    assert wiz.current_step() == "importing" and wiz.busy.is_running()
    assert not wiz.close_button.isVisible()
    qtbot.mouseClick(wiz.busy.cancel_button, Qt.LeftButton)
    release.set()
    wait_idle(qtbot, wiz, "preview")
    assert "已取消" in wiz.message.text()
    after = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before
    wiz.reject()


def test_columns_can_be_remapped_by_hand(qtbot, window, store, street, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("姓名,号码,类型\n张三,{},户籍\n".format(ID_A), encoding="gbk")
    wiz = ImportWizard(store, window.roster_page.roster, window,
                       default_grid_id=street["grid1"]["id"])
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_step.set_path(str(path))
    wiz.go_next()
    wait_idle(qtbot, wiz, "columns")
    cols = wiz.columns_step
    assert "GBK" in cols.info.text()
    assert "身份证号" in cols.message.text()                # the required column is missing
    wiz.go_next()
    assert wiz.current_step() == "columns"
    cols.set_field(1, "id_number")
    cols.set_field(2, "residence_type")
    assert not cols.message.isVisible()
    wiz.go_next()
    wait_idle(qtbot, wiz, "preview")
    assert wiz.preview_step.counts["create"].text() == "1"
    wiz.reject()


def test_export_from_the_roster_page_is_masked_and_audited(qtbot, window, store, tmp_path,
                                                          monkeypatch):
    out = tmp_path / "export.xlsx"
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(out))
    page = window.roster_page
    seen = {}

    def drive(dlg):
        assert not dlg.full_values.isEnabled()            # a grid worker exports masked
        qtbot.waitUntil(lambda: "1" in dlg.count_label.text())
        qtbot.mouseClick(dlg.export_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: dlg.result is not None, timeout=10000)
        seen["message"] = dlg.message.text()
        dlg.reject()

    drive_modal(lambda: qtbot.mouseClick(page.export_button, Qt.LeftButton), closing(drive))
    assert "已脱敏" in seen["message"]
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.cell(row=3, column=3).value == rules.mask_id(ID_OLD)
    action, detail = store.conn.execute(
        "SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "export" and json.loads(detail)["masked"] is True


def test_export_is_refused_for_roles_without_manage(qtbot, window):
    page = window.roster_page
    page.roster.actor = Actor("a", "审计员", "auditor")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)     # no dialog opens
    assert "无权导出" in page.count_label.text()


def test_template_button_saves_the_template(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "模板.xlsx"
    monkeypatch.setattr(choosers, "choose_save_path", lambda *a: str(out))
    qtbot.mouseClick(window.roster_page.template_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "模板已保存" in window.statusBar().currentMessage(), timeout=10000)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "居民信息" and "填写说明" in wb.sheetnames
