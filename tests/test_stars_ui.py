"""五星创建 page (app/ui/reports/stars_page.py), real widgets offscreen over a real store:
the community records evidence with a photo and submits, the street sees its
communities with the gap to the next star and reviews, the district confirms; a grid
worker's window has no such page."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.models.cases.repository import Cases
from app.models.domain import rights
from app.models.reports import star_workflow
from app.models.roster.repository import Roster
from app.models.store import clock
from app.models.write.unit import Actor
from uihelpers import drive_modal

TODAY = dt.date(2026, 11, 28)
SHOTS = os.environ.get("GRIDDESK_SHOTS")       # a folder: the screenshots are kept there


@pytest.fixture(autouse=True)
def city_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 28, 10, 0, tzinfo=clock.TZ))


def make_page(qtbot, store, data_dir, actor):
    from app.ui.shell.app import create_application
    from app.ui.reports.stars_page import StarsPage
    create_application("zh_CN")
    page = StarsPage(store, Cases(store, actor, data_dir=data_dir),
                     Roster(store, actor, today=TODAY))
    page.resize(1234, 700)                 # 1366×768 less the navigation and the frame
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=8000)
    return page


def wait_read(qtbot, page):
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=8000)


def shot(page, name):
    if SHOTS:
        page.grab().save(os.path.join(SHOTS, name))


def jpeg(path):
    from PIL import Image
    Image.new("RGB", (120, 90), (30, 120, 200)).save(path, "JPEG")
    return str(path)


def row_of(page, code):
    return next(i for i, (_s, c) in enumerate(page.criteria_rows) if c.code == code)


def test_community_street_and_district_on_the_page(qtbot, store, data_dir, roster, street,
                                                   tmp_path):
    roster.create_org_unit("410105003002", "文化路社区", "community", street["street"]["id"])
    Cases(store, roster.actor).create(title="邻里噪音纠纷", category="neighbour_dispute",
                                      grid_id=street["grid1"]["id"])
    sup = Actor("sup-1", "李书记", "community_supervisor", street["community"]["code"])
    page = make_page(qtbot, store, data_dir, sup)
    assert not page.overview.isVisible()          # a community sees its own only
    assert page.criteria.rowCount() == len(page.criteria_rows) == 16
    r = row_of(page, "disputes_resolved")
    assert page.criteria.item(r, 4).text() == "0 / 1（0.0%）"
    assert page.criteria.item(r, 6).text() == "未达到"
    r = row_of(page, "nine_small_inspections")
    assert "暂无数据" in page.criteria.item(r, 4).text()
    assert page.criteria.item(r, 6).text() == "待佐证"        # no data: evidence instead
    assert page.step_buttons["submit"].isEnabled()
    assert not page.step_buttons["review"].isVisible()
    shot(page, "stars-community.png")

    # evidence for the branch meetings: met, a note, a photo
    page.criteria.selectRow(row_of(page, "branch_meetings"))
    photo = jpeg(tmp_path / "minutes.jpg")

    def fill(dlg):
        dlg.met.setChecked(True)
        dlg.note.setPlainText("全年召开支部党员大会4次、支委会12次")
        dlg.add_files([photo])
        assert dlg.photos.count() == 1
        dlg.show_photo(dlg.photo_list()[0])       # the photo, enlarged
        assert dlg.shown.pixmap.width() == 120
        dlg.shown.reject()
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    drive_modal(page.edit_claim, fill)
    wait_read(qtbot, page)
    saved = star_workflow.get(store, street["community"]["id"], 2026)
    assert saved["claims"]["branch_meetings"]["met"] is True
    assert len(saved["photos"]) == 1
    r = row_of(page, "branch_meetings")
    assert page.criteria.item(r, 6).text() == "达到（佐证）"
    assert "1 张照片" in page.criteria.item(r, 7).text()

    # a return needs its reason; submit
    def submit(dlg):
        dlg.note.setPlainText("请审核")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    drive_modal(lambda: page.take_step("submit"), submit)
    wait_read(qtbot, page)
    assert star_workflow.get(store, street["community"]["id"], 2026)["state"] == "submitted"
    assert not page.step_buttons["submit"].isEnabled()
    assert "李书记 提交街道：请审核" in page.history.text()
    page.close()

    # the street: both communities on one table, the gap to the next star, review
    center = Actor("c-1", "街道王", "center_operator", street["street"]["code"])
    page = make_page(qtbot, store, data_dir, center)
    assert page.overview.isVisible() and page.overview.rowCount() == 2
    assert page.overview.item(0, 1).text() == "已提交街道"
    assert page.overview.item(1, 1).text() == "未开始"
    assert int(page.overview.item(0, 7).text()) > 0
    assert not page.step_buttons["submit"].isVisible()
    shot(page, "stars-street.png")

    def returned_without_reason(dlg):
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        assert dlg.error.text()               # stays open: the reason is required
        dlg.note.setPlainText("缺少签到表")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    drive_modal(lambda: page.take_step("return"), returned_without_reason)
    wait_read(qtbot, page)
    assert star_workflow.get(store, street["community"]["id"], 2026)["state"] == "returned"
    page.close()
    # back to the community, resubmitted; then the street reviews
    star_workflow.Assessments(store, sup).submit(street["community"]["id"], 2026)
    page = make_page(qtbot, store, data_dir, center)

    def review(dlg):
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    drive_modal(lambda: page.take_step("review"), review)
    wait_read(qtbot, page)
    assert star_workflow.get(store, street["community"]["id"], 2026)["state"] == "reviewed"
    page.close()

    district = Actor("d-1", "区刘", "center_operator", street["district"]["code"])
    page = make_page(qtbot, store, data_dir, district)
    assert page.step_buttons["confirm"].isEnabled()
    drive_modal(lambda: page.take_step("confirm"), review)
    wait_read(qtbot, page)
    got = star_workflow.get(store, street["community"]["id"], 2026)
    assert got["state"] == "confirmed"
    assert page.overview.item(0, 1).text() == "区级已确认"
    shot(page, "stars-district.png")
    page.close()


def test_only_the_assessing_roles_have_the_page():
    assert "stars" in rights.pages("community_supervisor")
    assert "stars" in rights.pages("center_operator")
    assert "stars" not in rights.pages("grid_worker")
    assert "stars" not in rights.pages("admin")
