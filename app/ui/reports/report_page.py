"""报表: the monthly assessment report per org unit (app.models.reports.report), previewed here
and exported to PDF and Excel. Building and exporting run on a worker thread with a
progress bar and a Cancel button; every export is recorded in the audit log."""
from __future__ import annotations

import functools
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextBrowser,
    QVBoxLayout, QWidget,
)

from app.models.reports import metrics, report
from app.models.write.unit import unit_of_work
from app.models.domain.rules import redact_numbers
from app.ui.reports import report_export
from app.ui.forms.forms_dialog import forms_button
from app.ui.common.threads import QueryLane, to_main


class ReportPage(QWidget):
    finished = Signal(str)              # 'built' | 'pdf' | 'xlsx' | 'cancelled' | 'failed'

    def __init__(self, store, cases, roster, parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        # the report is computed, and its files written, off the GUI thread on the
        # page's own connection, one piece of work at a time
        self._lane = QueryLane(store.open_connection)
        self._cancel = threading.Event()
        self._busy = False
        self.report: report.MonthlyReport | None = None

        heading = QLabel(self.tr("Monthly assessment report"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.org = QComboBox()
        self.org.setObjectName("reportOrg")
        self.org.setMinimumWidth(220)
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        self.build_button = QPushButton(self.tr("Make the report"))
        self.build_button.setObjectName("reportBuild")
        self.build_button.clicked.connect(self.build)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("reportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(self.tr("Export Excel…"))
        self.xlsx_button.setObjectName("reportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Area")))
        bar.addWidget(self.org)
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.period)
        bar.addWidget(self.build_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(forms_button(self, store, roster))     # 一表通 (app/ui/forms)

        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("reportCancel")
        self.cancel_button.clicked.connect(self.cancel)
        busy = QHBoxLayout()
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        self.busy_row.hide()
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preview = QTextBrowser()
        self.preview.setObjectName("reportPreview")
        self.preview.setPlaceholderText(self.tr(
            "Choose an area and a month, then make the report: indicators, the ranking of "
            "grids and workers, the overdue cases and satisfaction."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        self.fill_choices()
        self._update_buttons()

    def fill_choices(self) -> None:
        scope = self.cases.actor.scope_code
        self._filled_for = scope
        self.org.clear()
        if not scope:
            self.org.addItem(self.tr("Everything on this PC"), "")
        indent = {"district": 0, "street": 1, "community": 2, "grid": 3, "dedicated": 3}
        for unit in report.areas(self.store.conn, scope):
            self.org.addItem("    " * indent.get(unit["kind"], 0) + unit["name"], unit["code"])
        streets = [i for i in range(self.org.count()) if len(self.org.itemData(i)) == 9]
        self.org.setCurrentIndex(streets[0] if streets and not scope else 0)
        self.period.clear()
        today = self.cases.now().date()
        for y, m in reversed(metrics.months_back(today.year, today.month, 13)):
            self.period.addItem(f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}")
        # a month's report is usually made after the month ends
        self.period.setCurrentIndex(1 if self.period.count() > 1 else 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._busy and self.cases.actor.scope_code != self._filled_for:
            self.fill_choices()                               # the user's scope changed

    # -- work off the GUI thread -----------------------------------------------------
    def _start(self, text: str, fn, on_done) -> None:
        """``fn(progress, cancelled, conn)`` off the GUI thread on the page's lane (its
        own connection; the page starts nothing new while busy)."""
        self._busy = True
        self._cancel = threading.Event()
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        self.cancel_button.setEnabled(True)
        self.busy_row.show()
        self.message.setText("")
        self._update_buttons()
        self._lane.submit(functools.partial(fn, self._progressed, self._cancel.is_set),
                          functools.partial(self._done, on_done), self._failed)

    def _progressed(self, done: int, total: int) -> None:
        """From the worker: the progress, shown on the GUI thread."""
        to_main(self._on_progress, done, total)

    def _done(self, on_done, result) -> None:
        self._finish()
        on_done(result)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if isinstance(exc, report.Cancelled):
            self.message.setText(self.tr("Cancelled: nothing was written."))
            self.finished.emit("cancelled")
        else:
            self.message.setText(self.tr("That did not work: %1").replace("%1", str(exc)))
            self.message.setStyleSheet("color: #b91c1c;")
            self.finished.emit("failed")

    def _finish(self) -> None:
        self._busy = False
        self.busy_row.hide()
        self._update_buttons()

    def _on_progress(self, done: int, total: int) -> None:
        if self._busy:
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)
            self.progress.setFormat(f"{done} / {total}")

    def is_busy(self) -> bool:
        return self._busy

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(self.tr("Cancelling…"))

    def _update_buttons(self) -> None:
        self.build_button.setEnabled(not self._busy)
        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(not self._busy and self.report is not None)

    # -- building ------------------------------------------------------------------------
    def build(self) -> None:
        org = self.org.currentData() or ""
        year, month = (int(v) for v in self.period.currentData().split("-"))
        self.report = None
        self._update_buttons()
        work = functools.partial(build_report, org, year, month, self.cases.calendar,
                                 self.cases.actor.name, self.cases.now())
        self._start(self.tr("Computing the report…"), work, self._built)

    def _built(self, rep: report.MonthlyReport) -> None:
        self.report = rep
        self.message.setStyleSheet("")
        self.preview.setHtml(report_export.report_html(rep, self.cases))
        self.message.setText(self.tr("Report made. Export it as PDF or Excel."))
        self._update_buttons()
        self.finished.emit("built")

    # -- exporting -----------------------------------------------------------------------
    def export(self, kind: str, path: str | Path | None = None) -> None:
        """Export the report (``kind`` 'pdf' or 'xlsx'); asks for a file unless ``path``."""
        if self.report is None:
            return
        rep = self.report
        if path is None:
            default = f"{rep.org_name or 'report'}-{rep.period}.{kind}"
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export the report"), str(Path.home() / default),
                self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Excel workbook (*.xlsx)"))
            if not name:
                return
            path = name
        path = Path(path)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        if kind == "pdf":
            cases = self.cases

            def work(progress, cancelled, _conn):
                return report_export.write_pdf(rep, path, cases, progress=progress)
        else:
            labels = report_export.xlsx_labels(rep, self.cases)

            def work(progress, cancelled, _conn):
                return report.write_xlsx(rep, path, labels, progress=progress)
        self._start(self.tr("Writing %1…").replace("%1", path.name), work,
                    functools.partial(self._exported, kind, rep))

    def _exported(self, kind: str, rep: report.MonthlyReport, path) -> None:
        path = Path(path)
        # exports are audited (domain.md §6): who exported which report, as what
        with unit_of_work(self.store, self.cases.actor) as w:
            w.note("export_report", entity="report", entity_id=f"{rep.org_code}:{rep.period}",
                   detail={"format": kind, "file": redact_numbers(path.name)})
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.finished.emit(kind)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._cancel.set()
        self._lane.close()
        super().closeEvent(event)


def build_report(org: str, year: int, month: int, calendar, actor_name: str, now,
                 progress, cancelled, conn) -> report.MonthlyReport:
    """The month's report (worker thread, the page's lane)."""
    return report.build(conn, org, year, month, calendar=calendar, actor_name=actor_name,
                        progress=progress, cancelled=cancelled, now=now)
