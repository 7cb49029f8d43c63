"""Printing (issue 17, item 9): any list as shown and a case sheet (facts, timeline,
photos) to PDF, the user and the time on every page, each printout audited as an export
is. The PDFs are read back with poppler's pdftotext/pdfinfo, as a person would read them."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication

from app.models.domain.case_fields import shown_number
from app.cli import make_demo_data
from app.models.store import settings
from app.models.store.database import open_store
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.case_sheet import case_printout, print_case
from app.ui.common import printing
from app.ui.common.photo_view import PhotoDialog
from app.ui.roster.roster_model import RosterModel
from app.ui.shell import placement
from app.ui.shell.main_window import MainWindow
from uihelpers import drive_modal

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) reads the PDFs back")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def audit_rows(store, action="print") -> list[dict]:
    rows = store.conn.execute("SELECT actor, action, entity, entity_id, detail FROM audit_log "
                              "WHERE action = ? ORDER BY rowid", (action,)).fetchall()
    return [dict(actor=a, action=b, entity=c, entity_id=d, detail=json.loads(e or "{}"))
            for a, b, c, d, e in rows]


@pytest.fixture
def window(qtbot, tmp_path):
    data = tmp_path / "desk"
    make_demo_data(data, 250, 3, quiet=True)
    store = open_store(data)
    settings.set(store, "user.name", "李书记")
    settings.set(store, "user.id", "local:李书记")
    settings.set(store, "user.role", "community_supervisor")
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    win = MainWindow(store, start_sync=False)
    qtbot.addWidget(win)
    placement.show_placed(win)
    yield win
    win.close()
    store.close()


def show(win, key):
    page = win.page(key)
    win.go_to(win.stack.indexOf(page))
    QApplication.processEvents()
    return page


def test_the_roster_prints_as_shown_with_the_user_and_time_on_every_page(window, tmp_path):
    page = show(window, "roster")
    table = page.table
    out = tmp_path / "roster.pdf"
    printout = printing.list_printout(table, "居民台账", "roster")
    pages = printing.to_pdf(printout, str(out))
    text = pdf_text(out)
    assert pages == pdf_pages(out) >= 2                  # 250 residents: several pages
    first_name = table.model().index(0, RosterModel.NAME).data()
    last_name = table.model().index(table.model().rowCount() - 1, RosterModel.NAME).data()
    assert first_name in text and last_name in text
    masked = table.model().index(0, RosterModel.ID_NUMBER).data()
    assert "*" in masked and masked in text              # masked as on screen, never whole
    # the watermark and the footer: who and when, on each page
    pages_text = text.split("\f")
    assert all("李书记" in p and "打印" in p for p in pages_text if p.strip())
    rows = audit_rows(window.store)
    assert len(rows) == 1
    assert rows[0]["actor"] == "local:李书记" and rows[0]["entity"] == "list"
    assert rows[0]["entity_id"] == "roster"
    assert rows[0]["detail"]["rows"] == 250 and rows[0]["detail"]["pages"] == pages
    assert first_name not in json.dumps(rows[0]["detail"], ensure_ascii=False)


def test_a_sorted_list_prints_in_the_order_shown(window, tmp_path):
    from test_shell_basics import click_header
    page = show(window, "roster")
    click_header(page.table, RosterModel.NAME)
    click_header(page.table, RosterModel.NAME)          # descending
    out = tmp_path / "sorted.pdf"
    printing.to_pdf(printing.list_printout(page.table, "居民台账", "roster"), str(out))
    text = pdf_text(out)
    model = page.table.model()
    a, b = model.index(0, RosterModel.NAME).data(), model.index(5, RosterModel.NAME).data()
    assert text.index(a) < text.index(b)


def test_the_list_menu_opens_the_print_preview_and_printing_from_it_is_audited(window):
    page = show(window, "review")
    table = page.table
    table.customContextMenuRequested.emit(table.viewport().rect().center())
    action = next(a for a in table.table_kit.last_menu.actions() if "打印" in a.text())
    table.table_kit.last_menu.close()
    seen = []

    def cancel(dlg):
        seen.append(type(dlg))
        dlg.reject()
    drive_modal(action.trigger, cancel)
    assert seen == [QPrintPreviewDialog]
    assert audit_rows(window.store) == []            # nothing printed: nothing audited


def test_the_case_sheet_has_facts_timeline_and_photos(window, qtbot, tmp_path):
    cases = window.cases
    photo = tmp_path / "井盖.jpg"
    Image.new("RGB", (1600, 1200), (200, 40, 40)).save(photo)
    grid = window.roster.grids()[0]
    case = cases.create(title="井盖破损需更换", category=cases.categories.majors() and
                        next(iter(cases.categories.in_major(cases.categories.majors()[0]))).code,
                        grid_id=grid["id"], description="东门口井盖碎裂", photos=[photo])
    dlg = CaseDetailDialog(cases, window.roster, case["id"], window)
    qtbot.addWidget(dlg)
    printout = case_printout(dlg)
    assert printout.images, "the photo goes onto the sheet"
    out = tmp_path / "case.pdf"
    pages = print_case(dlg, str(out))
    text = pdf_text(out)
    assert pages == pdf_pages(out) >= 1
    for wanted in ("井盖破损需更换", shown_number(case), "东门口井盖碎裂", "李书记", "打印"):
        assert wanted in text, wanted
    assert out.stat().st_size > 20_000                 # the photo is in it, not just text
    rows = audit_rows(window.store)
    assert [(r["entity"], r["entity_id"]) for r in rows] == [("cases", case["number"])]
    # the Print… button is there and opens the preview
    assert dlg.print_button.isVisible() or dlg.print_button.isVisibleTo(dlg)
    seen = []
    drive_modal(dlg.print_button.click, lambda d: (seen.append(type(d)), d.reject()))
    assert seen == [QPrintPreviewDialog]


def test_a_photo_enlarges_on_click(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel
    cases = window.cases
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (1200, 900), (30, 120, 60)).save(photo)
    grid = window.roster.grids()[0]
    cat = next(iter(cases.categories.in_major(cases.categories.majors()[0]))).code
    case = cases.create(title="占道经营", category=cat, grid_id=grid["id"], photos=[photo])
    dlg = CaseDetailDialog(cases, window.roster, case["id"], window)
    qtbot.addWidget(dlg)
    dlg.show()
    thumbs = [w for w in dlg.findChildren(QLabel) if not w.pixmap().isNull()]
    assert thumbs and thumbs[0].pixmap().width() <= 120
    seen = []

    def look(d):
        seen.append((type(d), d.pixmap.width(), d.pixmap.height()))
        d.reject()
    drive_modal(lambda: QTest.mouseClick(thumbs[0], Qt.LeftButton, pos=QPoint(5, 5)), look)
    assert seen and seen[0][0] is PhotoDialog
    assert seen[0][1] > 120 and seen[0][2] > 120           # the full photo, not the thumb
