"""The monthly assessment report laid out for reading and for PDF (Qt's PDF writer),
and its headings for the Excel workbook (app.models.reports.report.write_xlsx).

The PDF is drawn page by page from a QTextDocument so that every page carries the
footer: the watermark (who exported it and when, domain.md §6) and the page number.
QPainter may paint on a QPdfWriter off the GUI thread, so a big report is written on
the worker thread with a progress callback.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument,
)

from app.models.domain.case_fields import shown_number
from app.models.domain import calendar
from app.models.reports import metrics, places_metrics, report
from app.ui.cases.case_labels import satisfaction_label, state_label
from app.ui.common.i18n import current_lang
from app.ui.reports.stats_page import indicator_label, ratio_text

PDF_OVERDUE_ROWS = 300       # the full list is in the workbook
CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei",
                "Source Han Sans SC")


def title_of(rep: report.MonthlyReport) -> str:
    return Q.translate("Report", "Monthly assessment report: %1, %2").replace(
        "%1", rep.org_name or Q.translate("Report", "all areas")).replace("%2", rep.period)


def watermark(rep: report.MonthlyReport) -> str:
    text = Q.translate("Report", "Exported by %1 at %2 · GridDesk")
    return text.replace("%1", rep.generated_by or "—").replace(
        "%2", calendar.shown(rep.generated_at))


def _cat_name(cases, code: str | None) -> str:
    cat = cases.categories.get(code) if cases and code else None
    if cat is None:
        return code or ""
    return cat.name_in(current_lang()) if hasattr(cat, "name_in") else cat.name


def xlsx_labels(rep: report.MonthlyReport, cases=None) -> dict[str, str]:
    labels = {name: indicator_label(name)
              for name in metrics.INDICATORS + places_metrics.NAMES}
    labels.update({
        "title": title_of(rep),
        "summary": Q.translate("Report", "Summary"),
        "org": Q.translate("Report", "Area"),
        "period": Q.translate("Report", "Month"),
        "reported": Q.translate("Report", "Cases reported"),
        "generated": Q.translate("Report", "Exported"),
        "indicator": Q.translate("Report", "Indicator"),
        "value": Q.translate("Report", "Value"),
        "numerator": Q.translate("Report", "Numerator"),
        "denominator": Q.translate("Report", "Denominator"),
        "rank": Q.translate("Report", "Rank"),
        "name": Q.translate("Report", "Name"),
        "code": Q.translate("Report", "Code"),
        "user_id": Q.translate("Report", "User"),
        "due": Q.translate("Report", "Due"),
        "grids": Q.translate("Report", "Grids"),
        "workers": Q.translate("Report", "Workers"),
        "departments": Q.translate("Report", "Departments"),
        "overdue": Q.translate("Report", "Overdue cases"),
        "number": Q.translate("Report", "Case number"),
        "case_title": Q.translate("Report", "Title"),
        "grid": Q.translate("Report", "Grid"),
        "category": Q.translate("Report", "Category"),
        "state": Q.translate("Report", "State"),
        "deadline": Q.translate("Report", "Deadline"),
        "closed_at": Q.translate("Report", "Closed"),
        "holder": Q.translate("Report", "Held by"),
        "satisfaction": Q.translate("Report", "Satisfaction"),
        "answer": Q.translate("Report", "Answer"),
        "count": Q.translate("Report", "Cases"),
        "share": Q.translate("Report", "Share (%)"),
        "watermark": watermark(rep),
        "places": Q.translate("Report", "Houses and organizations"),
    })
    for code in ("satisfied", "basically_satisfied", "dissatisfied"):
        labels[code] = satisfaction_label(code)
    for state in ("reported", "accepted", "dispatched", "handling", "handled", "closed",
                  "evaluated", "rejected"):
        labels["state:" + state] = state_label(state)
    if cases is not None:
        for cat in cases.categories.all():
            labels["cat:" + cat.code] = _cat_name(cases, cat.code)
    return labels


def _table(headers: list[str], rows: list[list[str]], align_right_from: int = 99) -> str:
    head = "".join(f"<th bgcolor='#dce6f2'>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        bg = " bgcolor='#f7f9fc'" if i % 2 else ""
        cells = "".join(
            f"<td{' align=right' if c >= align_right_from else ''}>{html.escape(str(v))}</td>"
            for c, v in enumerate(row))
        body.append(f"<tr{bg}>{cells}</tr>")
    return ("<table width='100%' border='0.5' cellspacing='0' cellpadding='3' "
            "style='border-collapse: collapse; border-color: #9ca3af;'>"
            f"<thead><tr>{head}</tr></thead>{''.join(body)}</table>")


def _ranking(rows: list[report.RankRow], key_header: str) -> str:
    names = ("on_time_closure_rate", "closure_rate", "satisfaction_rate", "rework_rate",
             "mean_handling_hours")
    headers = ([Q.translate("Report", "Rank"), key_header] + [indicator_label(n) for n in names]
               + [Q.translate("Report", "Due")])
    body = [[str(r.rank) if r.rank is not None else "—", r.name]
            + [ratio_text(r.figures[n]) for n in names]
            + [f"{r.figures['closure_rate'].denominator:,}"] for r in rows]
    if not body:
        return "<p>" + html.escape(Q.translate("Report", "None.")) + "</p>"
    return _table(headers, body, align_right_from=2)


def _h2(text: str) -> str:
    return "<h2>" + html.escape(text) + "</h2>"


def _p(text: str, style: str = "") -> str:
    return (f"<p style='{style}'>" if style else "<p>") + html.escape(text) + "</p>"


def report_html(rep: report.MonthlyReport, cases=None, *, max_overdue: int = PDF_OVERDUE_ROWS
                ) -> str:
    """The report as HTML for a QTextDocument (preview and PDF)."""
    period = Q.translate("Report", "Period: %1 to %2").replace("%1", rep.start.isoformat()).replace(
        "%2", rep.end.isoformat())
    reported = Q.translate("Report", "%1 cases reported").replace("%1", f"{rep.reported:,}")
    parts = ["<h1 align='center'>" + html.escape(title_of(rep)) + "</h1>",
             "<p align='center' style='color:#4b5563'>" + html.escape(period + " · " + reported)
             + "</p>"]
    parts.append(_h2(Q.translate("Report", "1. Indicators")))
    rows = []
    for name in metrics.INDICATORS:
        r = rep.totals[name]
        num = f"{r.numerator:g}" if r.unit == "h" else f"{int(r.numerator):,}"
        rows.append([indicator_label(name), ratio_text(r), num, f"{r.denominator:,}"])
    parts.append(_table([Q.translate("Report", "Indicator"), Q.translate("Report", "Value"),
                         Q.translate("Report", "Numerator"),
                         Q.translate("Report", "Denominator")], rows, align_right_from=1))
    parts.append(_h2(Q.translate("Report", "2. Ranking of grids")))
    parts.append(_ranking(rep.grids, Q.translate("Report", "Grid")))
    parts.append(_h2(Q.translate("Report", "3. Ranking of workers")))
    parts.append(_ranking(rep.workers, Q.translate("Report", "Worker")))
    if rep.departments:
        parts.append(_h2(Q.translate("Report", "4. Departments")))
        parts.append(_ranking(rep.departments, Q.translate("Report", "Department")))
    overdue = Q.translate("Report", "5. Overdue cases (%1)")
    parts.append(_h2(overdue.replace("%1", f"{rep.overdue_total:,}")))
    if rep.overdue:
        shown = rep.overdue[:max_overdue]
        parts.append(_table(
            [Q.translate("Report", "Case number"), Q.translate("Report", "Title"),
             Q.translate("Report", "Grid"), Q.translate("Report", "Category"),
             Q.translate("Report", "State"),
             Q.translate("Report", "Deadline"), Q.translate("Report", "Closed")],
            [[shown_number(c), c["title"], c.get("grid_name") or "", _cat_name(cases, c["category"]),
              state_label(c["state"]), calendar.shown(c["deadline"]),
              calendar.shown(c["closed_at"]) or "—"] for c in shown]))
        if rep.overdue_total > len(shown):
            more = Q.translate("Report", "%1 more are listed in the Excel workbook.").replace(
                "%1", f"{rep.overdue_total - len(shown):,}")
            parts.append(_p(more, "color:#4b5563"))
    else:
        parts.append(_p(Q.translate("Report",
                                    "None: every case due this month was closed on time.")))
    parts.append(_h2(Q.translate("Report", "6. Satisfaction")))
    total = sum(rep.satisfaction.values())
    parts.append(_table([Q.translate("Report", "Answer"), Q.translate("Report", "Cases"),
                         Q.translate("Report", "Share")],
                        [[satisfaction_label(k), f"{n:,}",
                          f"{100 * n / total:.1f}%" if total else "—"]
                         for k, n in rep.satisfaction.items()], align_right_from=1))
    parts.append(_h2(Q.translate("Report", "7. Houses and organizations")))
    parts.append(_table([Q.translate("Report", "Indicator"), Q.translate("Report", "Value"),
                         Q.translate("Report", "Numerator"),
                         Q.translate("Report", "Denominator")],
                        [[indicator_label(name), ratio_text(rep.places[name]),
                          f"{int(rep.places[name].numerator):,}",
                          f"{rep.places[name].denominator:,}"]
                         for name in places_metrics.NAMES], align_right_from=1))
    if rep.place_grids:
        parts.append(_table([Q.translate("Report", "Grid")]
                            + [indicator_label(n) for n in places_metrics.NAMES],
                            [[row.name] + [f"{ratio_text(row.figures[n])} "
                                           f"({int(row.figures[n].numerator)}/"
                                           f"{row.figures[n].denominator})"
                                           for n in places_metrics.NAMES]
                             for row in rep.place_grids], align_right_from=1))
    return "<html><body style='font-size: 9pt'>" + "".join(parts) + "</body></html>"


def pdf_font() -> QFont:
    """A CJK-capable font for the PDF, so Chinese text is embedded and searchable."""
    from PySide6.QtGui import QFontDatabase
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            break
    else:
        font = QFont()
    font.setPointSizeF(9)
    return font


def write_pdf(rep: report.MonthlyReport, path: Path, cases=None,
              progress: Callable[[int, int], object] | None = None) -> Path:
    """Write the report to ``path`` as an A4 PDF; every page has the watermark footer."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title_of(rep))
    writer.setCreator("GridDesk")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                     QMarginsF(15, 14, 15, 16), QPageLayout.Millimeter))
    doc = QTextDocument()
    doc.setDefaultFont(pdf_font())
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(report_html(rep, cases))
    dpi = writer.resolution()
    footer_h = int(dpi * 0.35)
    page_w, page_h = writer.width(), writer.height() - footer_h
    doc.setPageSize(QSizeF(page_w, page_h))
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        mark = watermark(rep)
        foot_font = pdf_font()
        foot_font.setPointSizeF(7.5)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * page_h)
            doc.drawContents(painter, QRectF(0, page * page_h, page_w, page_h))
            painter.restore()
            painter.setFont(foot_font)
            painter.setPen(QColor("#6b7280"))
            box = QRectF(0, page_h + footer_h * 0.25, page_w, footer_h * 0.75)
            painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, mark)
            number = Q.translate("Report", "Page %1 of %2")
            painter.drawText(box, Qt.AlignRight | Qt.AlignVCenter,
                             number.replace("%1", str(page + 1)).replace("%2", str(pages)))
            if progress:
                progress(page + 1, pages)
    finally:
        painter.end()
    tmp.replace(path)
    return path
