"""The monthly assessment report (app/models/reports/report.py,
app/ui/reports/report_page.py): figures, rankings and the overdue list on constructed
data; the PDF read back with pdftotext and rendered with pdftoppm; the Excel workbook
read back with openpyxl."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from app.models.reports import report
from app.models.cases.repository import Cases as CaseRepo
from app.models.write.unit import Actor
from test_metrics import (  # noqa: F401 - ``store`` is the fixture with the org units
    G1, G2, STREET, Cases, dispatched, ratio, store,
)

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)


def november(store):
    """domain.md's figures: 972 due in November, 911 closed, 737 on time (as in
    test_metrics), plus evaluations."""
    c = Cases()
    for i in range(737):
        c.add(dispatched(evaluate="11-06 09:00" if i < 40 else None), grid=(G1, G2)[i % 2],
              deadline="11-05 17:00")
    for _ in range(174):
        c.add(dispatched(feedback="11-06 10:00", close="11-06 11:00"), deadline="11-05 17:00")
    for _ in range(40):
        c.add(dispatched(close=None), deadline="11-20 17:00")
    for _ in range(21):
        c.add(dispatched(feedback="12-02 09:00", close="12-02 10:00"), deadline="11-25 17:00")
    for _ in range(3):                           # evaluated in November, not satisfied
        c.add(dispatched(evaluate="11-07 09:00") [:-1] + [("evaluate", "11-07 09:00",
                                                             {"satisfaction": "dissatisfied"})],
              deadline="11-05 17:00")
    c.load(store)


def test_report_figures_rankings_and_overdue_list(store):
    november(store)
    rep = report.build(store, STREET, 2026, 11, actor_name="李书记", now=NOW)
    assert rep.totals["closure_rate"] == ratio(914, 975, 93.74)
    assert rep.totals["on_time_closure_rate"] == ratio(740, 975, 75.9)
    assert rep.period == "2026-11" and rep.generated_by == "李书记"
    # grids: G2 closed all its (on-time) cases, G1 has the late ones
    assert [(g.key, g.rank) for g in rep.grids] == [(G2, 1), (G1, 2)]
    assert rep.grids[0].figures["on_time_closure_rate"] == ratio(368, 368, 100.0)
    # workers: the reporter (w1) and the department handler who held them (d1)
    assert {w.key for w in rep.workers} == {"w1", "d1"}
    # due, not closed on time, deadline passed: 174 late + 40 open + 21 closed in December
    assert rep.overdue_total == len(rep.overdue) == 235
    assert {c["state"] for c in rep.overdue} == {"closed", "handled"}
    assert rep.satisfaction == {"satisfied": 40, "basically_satisfied": 0, "dissatisfied": 3}
    assert rep.totals["satisfaction_rate"] == ratio(40, 43, 93.02)


def test_the_running_month_lists_only_deadlines_already_passed(store):
    c = Cases()
    c.add(dispatched(close=None), deadline="11-20 17:00")
    c.add(dispatched(close=None), deadline="11-29 17:00")
    c.load(store)
    mid = dt.datetime(2026, 11, 25, 12, 0, tzinfo=TZ)
    assert report.build(store, STREET, 2026, 11, now=mid).overdue_total == 1
    assert report.build(store, STREET, 2026, 11, now=NOW).overdue_total == 2


def test_building_reports_progress_and_can_be_cancelled(store):
    november(store)
    seen = []
    report.build(store, STREET, 2026, 11, progress=lambda d, t: seen.append((d, t)), now=NOW)
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)     # the last: houses and organizations
    with pytest.raises(report.Cancelled):
        report.build(store, STREET, 2026, 11, cancelled=lambda: True)


def test_ranking_shares_places_and_puts_empty_groups_last():
    from app.models.reports.metrics import INDICATORS, Ratio

    def row(key, on_time, closure, due=10):
        figures = {n: Ratio(0, 0, None) for n in INDICATORS}
        figures["on_time_closure_rate"] = Ratio(0, due, on_time)
        figures["closure_rate"] = Ratio(0, due, closure)
        return report.RankRow(key, key, figures)
    rows = report.rank([row("a", 50.0, 90.0), row("b", 80.0, 80.0), row("c", 50.0, 90.0),
                        row("d", None, None, due=0)])
    assert [(r.key, r.rank) for r in rows] == [("b", 1), ("a", 2), ("c", 2), ("d", None)]


# -- the page, PDF and Excel --------------------------------------------------------------

@pytest.fixture
def report_page(qtbot, store):
    from app.ui.shell.app import create_application
    from app.ui.reports.report_page import ReportPage
    from app.models.roster.repository import Roster
    create_application("zh_CN")
    november(store)
    actor = Actor("local:李书记", "李书记", "community_supervisor", STREET)
    cases = CaseRepo(store, actor, now=lambda: NOW)
    page = ReportPage(store, cases, Roster(store, actor))
    page.resize(1100, 760)
    qtbot.addWidget(page)
    page.show()
    yield page
    page.close()


def build(qtbot, page, month="2026-11"):
    page.period.setCurrentIndex(page.period.findData(month))
    with qtbot.waitSignal(page.finished, timeout=30000) as got:
        page.build()
    assert got.args == ["built"]


def test_report_page_builds_and_previews(qtbot, report_page):
    page = report_page
    assert page.org.currentData() == STREET
    assert not page.pdf_button.isEnabled()
    build(qtbot, page)
    text = page.preview.toPlainText()
    assert "93.74%" in text and "75.90%" in text and "考核月报" in text
    assert page.pdf_button.isEnabled() and page.xlsx_button.isEnabled()
    assert not page.busy_row.isVisible()


@pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                    reason="poppler-utils (pdftotext, pdftoppm) is not installed")
def test_pdf_shows_the_figures_in_chinese(qtbot, report_page, store, tmp_path):
    page = report_page
    build(qtbot, page)
    pdf = tmp_path / "月报.pdf"
    with qtbot.waitSignal(page.finished, timeout=60000) as got:
        page.export("pdf", pdf)
    assert got.args == ["pdf"] and pdf.stat().st_size > 1000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("考核月报", STREET, "93.74%", "75.90%", "914",
                     "975", "结案率", "按期结案率", "网格排名", "超期", "满意率", "李书记"):
        assert expected in text, expected
    assert "第 1 页" in text
    # the page renders: pdftoppm makes a PNG with text on it
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image
    with Image.open(png) as img:
        gray = img.convert("L")
        lo, hi = gray.getextrema()
        assert img.width > 200 and lo < 100 and hi > 200          # dark text on white
    # the export is in the audit log
    row = store.conn.execute("SELECT action, entity_id, detail FROM audit_log "
                             "ORDER BY seq DESC LIMIT 1").fetchone()
    assert row[0] == "export_report" and row[1] == f"{STREET}:2026-11" and '"pdf"' in row[2]


def test_excel_workbook_holds_the_same_figures(qtbot, report_page, tmp_path):
    from openpyxl import load_workbook
    page = report_page
    build(qtbot, page)
    path = tmp_path / "report"
    with qtbot.waitSignal(page.finished, timeout=60000):
        page.export("xlsx", path)
    wb = load_workbook(tmp_path / "report.xlsx")
    assert len(wb.sheetnames) == 7
    assert wb.sheetnames[6] == "实有房屋和实有单位"       # issue 19: per grid (none here)
    summary = wb[wb.sheetnames[0]]
    rows = {r[0]: r[1:] for r in summary.iter_rows(min_row=8, values_only=True)}
    assert rows["结案率"][:3] == (93.74, 914, 975)
    assert rows["按期结案率"][:3] == (75.9, 740, 975)
    assert rows["出租屋登记率"][:3] == (None, 0, 0)          # no houses in this street
    grids = wb[wb.sheetnames[1]]
    assert [r[:3] for r in grids.iter_rows(min_row=2, values_only=True)] == [
        (1, G2, G2), (2, G1, G1)]
    overdue = wb[wb.sheetnames[4]]
    assert overdue.max_row == 1 + 235
    assert "李书记" in summary.oddFooter.left.text


def test_cancel_leaves_no_report(qtbot, report_page):
    page = report_page
    page._cancel.set()
    page.period.setCurrentIndex(page.period.findData("2026-11"))
    # cancel as soon as the work starts: the worker checks between steps
    original = page._start

    def start_then_cancel(text, fn, on_done):
        original(text, fn, on_done)
        page.cancel()
    page._start = start_then_cancel
    with qtbot.waitSignal(page.finished, timeout=30000) as got:
        page.build()
    assert got.args in (["cancelled"], ["built"])       # the work may finish first
    if got.args == ["cancelled"]:
        assert page.report is None and "取消" in page.message.text()
