"""一表通 end to end (issue 20, "Done when"): against a real city server process, the
street's center publishes a department's template from the forms dialog; two
communities see it on their home page, open it and fill it from their own rosters —
the second one's gaps become its 待补录 list, are completed through the roster (the
one write path, synced) and the table is filled again — both submit, the street
follows the progress and downloads the merged workbook."""
from __future__ import annotations

import os
import time
from pathlib import Path

import openpyxl
import pytest
from synchelpers import PASSWORD, resident_values

from app.models.domain import rules
from app.models.roster.repository import Roster
from app.ui.forms.forms_dialog import FormsDialog
from app.ui.forms.tasks import FormTasksPanel, ProgressDialog, state_text
from app.ui.reports.home_page import HomePage
from server import auth

pytest.importorskip("pytestqt")
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "forms" / "60岁以上老年人信息表.xlsx"
# screenshots of the new views for a person to look at: GRIDDESK_SHOTS=/some/dir
SHOTS = Path(os.environ["GRIDDESK_SHOTS"]) if os.environ.get("GRIDDESK_SHOTS") else None


def elder(name: str, **extra) -> dict:
    values = resident_values(name, **extra)
    values["birth_date"] = f"{values['id_number'][6:10]}-{values['id_number'][10:12]}-" \
                           f"{values['id_number'][12:14]}"
    return values


def shot(widget, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def wait_result(qtbot, start) -> object:
    got = []
    start(got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=30000)
    assert not isinstance(got[0], Exception), got[0]
    return got[0]


def home_of(qtbot, desk):
    page = HomePage(desk.store, desk.cases(), desk.roster())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    panel = page.findChild(FormTasksPanel)
    with qtbot.waitSignal(panel.loaded, timeout=30000):
        page.refresh()
    return page, panel


def open_task(qtbot, page, panel) -> FormsDialog:
    panel.open_row(0)
    qtbot.waitUntil(lambda: page.findChild(FormsDialog) is not None, timeout=30000)
    dialog = page.findChild(FormsDialog)
    dialog.resize(1366, 768)
    return dialog


def test_a_street_publishes_two_communities_fill_and_return_the_street_merges(
        qtbot, any_city, any_org, desk, tmp_path):
    city, org = any_city, any_org
    with city.db.write() as conn:            # the second community's supervisor
        auth.create_user(conn, city.settings, username=f"s{org.k}_sup2", password=PASSWORD,
                         role="community_supervisor", scope_code=org.codes["c2"],
                         display_name="sup2", now=time.time())
    sup, sup2 = desk(city.url, org.user("sup")), desk(city.url, f"s{org.k}_sup2")
    center = desk(city.url, org.user("center"))
    # each community's own elders, entered through the roster and synced
    first = [sup.roster().create_resident(elder(n, phone="13800000001"), grid_id=org.ids[g])
             for n, g in (("赵老一", "g1"), ("钱老二", "g2"))]
    second = [sup2.roster().create_resident(elder("孙老三", phone="13800000003"),
                                            grid_id=org.ids["g3"]),
              sup2.roster().create_resident(elder("李老四"), grid_id=org.ids["g3"])]  # no phone
    for d in (sup, sup2, center):
        d.sync()

    # -- the street publishes
    croster = center.roster()
    dialog = FormsDialog(center.store, lambda: croster.actor, croster.grids(), publisher=True)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    assert dialog.publish_button.isVisible() is False or dialog.publish_button.isEnabled() is False
    dialog.show()
    dialog.open_template(str(TEMPLATE))
    assert dialog.publish_button.isVisible() and dialog.publish_button.isEnabled()
    pub = dialog.publish()
    shot(pub, "publish")
    pub.title.setText("60岁以上老年人信息表（12月）")
    with qtbot.waitSignal(pub.accepted, timeout=30000):
        pub.buttons.accepted.emit()
    assert dialog.published["version"] == 1
    task_id = dialog.published["id"]
    assert dialog.published["title"] in dialog.status.text()
    dialog.close()

    # -- the first community: its home page lists the task; fill and submit
    page, panel = home_of(qtbot, sup)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "60岁以上老年人信息表（12月）"
    assert page.tabs.isTabVisible(page.tab_forms)
    page.tabs.setCurrentIndex(page.tab_forms)
    shot(page, "home_tasks")
    fd = open_task(qtbot, page, panel)
    assert fd.task["id"] == task_id and fd.submit_button.isVisible()
    assert not fd.submit_button.isEnabled()          # nothing filled yet
    res1 = wait_result(qtbot, lambda cb: fd.fill_to(str(tmp_path / "c1.xlsx"), cb))
    assert res1.rows == 2
    assert not [g for g in res1.gaps if g.field == "phone"]
    got = wait_result(qtbot, fd.submit_return)
    assert got["version"] == 1 and got["rows"] == 2
    fd.close()

    # -- the second community: a gap becomes its 待补录 list, completed, filled again
    page2, panel2 = home_of(qtbot, sup2)
    fd2 = open_task(qtbot, page2, panel2)
    res2 = wait_result(qtbot, lambda cb: fd2.fill_to(str(tmp_path / "c2.xlsx"), cb))
    phone_gaps = [g for g in res2.gaps if g.field == "phone"]
    assert [g.name for g in phone_gaps] == ["李老四"]
    listed = [(fd2.gaps.item(r, 0).text(), fd2.gaps.item(r, 1).text())
              for r in range(fd2.gaps.rowCount())]
    assert ("李老四", "联系电话") in listed
    shot(fd2, "fill_gaps")
    # offline: a clear message, and the filled file stays where it was saved
    real = _server_url(sup2)
    _set_server_url(sup2, "http://127.0.0.1:9")       # the PC lost the network
    failed = []
    fd2.submit_return(failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=30000)
    assert isinstance(failed[0], Exception)
    assert "c2.xlsx" in fd2.status.text() and (tmp_path / "c2.xlsx").exists()
    _set_server_url(sup2, real)
    Roster(sup2.store, sup2.actor).update_resident(phone_gaps[0].record_id,
                                                   {"phone": "13900000004"})
    sup2.sync()
    assert city.row("residents", phone_gaps[0].record_id)["phone"] == "13900000004"
    res2b = wait_result(qtbot, lambda cb: fd2.fill_to(str(tmp_path / "c2.xlsx"), cb))
    assert not [g for g in res2b.gaps if g.field == "phone"]
    got = wait_result(qtbot, fd2.submit_return)
    assert got["version"] == 1 and got["gaps"] == len(res2b.gaps)
    fd2.close()

    # -- the street: progress, and the merged workbook
    _page, cpanel = home_of(qtbot, center)
    assert not cpanel.progress_button.isHidden() and cpanel.open_button.isHidden()
    prog = cpanel.show_progress(0)
    assert isinstance(prog, ProgressDialog)
    qtbot.waitUntil(lambda: prog.table.rowCount() == 2, timeout=30000)
    states = {prog.table.item(r, 0).text(): prog.table.item(r, 1).text()
              for r in range(2)}
    assert set(states.values()) == {state_text("submitted")}
    prog.resize(1366, 768)
    shot(prog, "progress")
    merged = wait_result(qtbot, lambda cb: prog.download_to(str(tmp_path / "merged.xlsx"), cb))
    assert merged.rows == 4 and merged.communities == 2
    spec = dialog.spec
    ws = openpyxl.load_workbook(tmp_path / "merged.xlsx")[spec.sheet]
    name_col = next(c.index for c in spec.columns if c.field == "name")
    phone_col = next(c.index for c in spec.columns if c.field == "phone")
    ds, last = spec.data_start, ws.max_column
    rows = [(ws.cell(r, name_col).value, ws.cell(r, last).value, ws.cell(r, phone_col).value)
            for r in range(ds, ds + 4)]
    c1, c2 = f"测试{org.k}一社区", f"测试{org.k}二社区"
    assert sorted(rows[:2]) == sorted([(r["name"], c1, rules.mask_phone("13800000001"))
                                       for r in first])
    assert sorted(rows[2:]) == sorted([("孙老三", c2, rules.mask_phone("13800000003")),
                                       ("李老四", c2, rules.mask_phone("13900000004"))])
    footer = max(ds + 4, spec.footer_row)      # the template's blank rows are kept
    assert str(ws.cell(footer, 1).value).startswith("合计")
    formulas = [ws.cell(footer, c).value for c in range(1, last + 1)
                if str(ws.cell(footer, c).value or "").startswith("=")]
    assert formulas and all(f"{ds}:" in f and f"{footer - 1})" in f for f in formulas)
    assert all(ws.cell(r, name_col).value is None for r in range(ds + 4, footer))
    assert {r["name"] for r in second} == {"孙老三", "李老四"}


def _server_url(d) -> str:
    import json
    return json.loads(d.store.conn.execute(
        "SELECT value FROM meta WHERE key = 'sync.server_url'").fetchone()[0])


def _set_server_url(d, url: str) -> None:
    import json
    with d.store.transaction() as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'sync.server_url'",
                     (json.dumps(url),))
